from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SplatModelRef(_message.Message):
    __slots__ = ("model", "version", "alias")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ALIAS_FIELD_NUMBER: _ClassVar[int]
    model: str
    version: int
    alias: str
    def __init__(self, model: _Optional[str] = ..., version: _Optional[int] = ..., alias: _Optional[str] = ...) -> None: ...

class SplatRenderRequest(_message.Message):
    __slots__ = ("model", "project", "frame", "camera", "orbit", "azimuth_deg", "elevation_deg", "size", "hull")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    FRAME_FIELD_NUMBER: _ClassVar[int]
    CAMERA_FIELD_NUMBER: _ClassVar[int]
    ORBIT_FIELD_NUMBER: _ClassVar[int]
    AZIMUTH_DEG_FIELD_NUMBER: _ClassVar[int]
    ELEVATION_DEG_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    HULL_FIELD_NUMBER: _ClassVar[int]
    model: SplatModelRef
    project: str
    frame: int
    camera: str
    orbit: bool
    azimuth_deg: float
    elevation_deg: float
    size: int
    hull: bool
    def __init__(self, model: _Optional[_Union[SplatModelRef, _Mapping]] = ..., project: _Optional[str] = ..., frame: _Optional[int] = ..., camera: _Optional[str] = ..., orbit: _Optional[bool] = ..., azimuth_deg: _Optional[float] = ..., elevation_deg: _Optional[float] = ..., size: _Optional[int] = ..., hull: _Optional[bool] = ...) -> None: ...

class SplatRenderResponse(_message.Message):
    __slots__ = ("png", "width", "height", "model", "version")
    PNG_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    png: bytes
    width: int
    height: int
    model: str
    version: int
    def __init__(self, png: _Optional[bytes] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., model: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class SplatEmbedRequest(_message.Message):
    __slots__ = ("model", "project", "frames")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    model: SplatModelRef
    project: str
    frames: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, model: _Optional[_Union[SplatModelRef, _Mapping]] = ..., project: _Optional[str] = ..., frames: _Optional[_Iterable[int]] = ...) -> None: ...

class SplatFeature(_message.Message):
    __slots__ = ("frame", "features", "x", "y")
    FRAME_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    frame: int
    features: _containers.RepeatedScalarFieldContainer[float]
    x: float
    y: float
    def __init__(self, frame: _Optional[int] = ..., features: _Optional[_Iterable[float]] = ..., x: _Optional[float] = ..., y: _Optional[float] = ...) -> None: ...

class SplatEmbedResponse(_message.Message):
    __slots__ = ("frames", "model", "version")
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    frames: _containers.RepeatedCompositeFieldContainer[SplatFeature]
    model: str
    version: int
    def __init__(self, frames: _Optional[_Iterable[_Union[SplatFeature, _Mapping]]] = ..., model: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class SplatEvaluateRequest(_message.Message):
    __slots__ = ("model", "project", "max_frames")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    MAX_FRAMES_FIELD_NUMBER: _ClassVar[int]
    model: SplatModelRef
    project: str
    max_frames: int
    def __init__(self, model: _Optional[_Union[SplatModelRef, _Mapping]] = ..., project: _Optional[str] = ..., max_frames: _Optional[int] = ...) -> None: ...

class SplatEvaluateResponse(_message.Message):
    __slots__ = ("metrics", "frames", "model", "version")
    class MetricsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    METRICS_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    metrics: _containers.ScalarMap[str, float]
    frames: int
    model: str
    version: int
    def __init__(self, metrics: _Optional[_Mapping[str, float]] = ..., frames: _Optional[int] = ..., model: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...
