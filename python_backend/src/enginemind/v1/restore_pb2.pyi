from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ImageEncoding(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMAGE_ENCODING_UNSPECIFIED: _ClassVar[ImageEncoding]
    IMAGE_ENCODING_PNG: _ClassVar[ImageEncoding]
    IMAGE_ENCODING_RAW: _ClassVar[ImageEncoding]
IMAGE_ENCODING_UNSPECIFIED: ImageEncoding
IMAGE_ENCODING_PNG: ImageEncoding
IMAGE_ENCODING_RAW: ImageEncoding

class RestoreModelRef(_message.Message):
    __slots__ = ("model", "version", "alias")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ALIAS_FIELD_NUMBER: _ClassVar[int]
    model: str
    version: int
    alias: str
    def __init__(self, model: _Optional[str] = ..., version: _Optional[int] = ..., alias: _Optional[str] = ...) -> None: ...

class RawImage(_message.Message):
    __slots__ = ("data", "height", "width", "channels")
    DATA_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    height: int
    width: int
    channels: int
    def __init__(self, data: _Optional[bytes] = ..., height: _Optional[int] = ..., width: _Optional[int] = ..., channels: _Optional[int] = ...) -> None: ...

class Image(_message.Message):
    __slots__ = ("png", "raw")
    PNG_FIELD_NUMBER: _ClassVar[int]
    RAW_FIELD_NUMBER: _ClassVar[int]
    png: bytes
    raw: RawImage
    def __init__(self, png: _Optional[bytes] = ..., raw: _Optional[_Union[RawImage, _Mapping]] = ...) -> None: ...

class StateVector(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, values: _Optional[_Iterable[float]] = ...) -> None: ...

class RestoreFramesRequest(_message.Message):
    __slots__ = ("model", "frames", "masks", "states", "output", "no_palette_snap", "references", "reference_masks", "no_tile_snap")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    MASKS_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    NO_PALETTE_SNAP_FIELD_NUMBER: _ClassVar[int]
    REFERENCES_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_MASKS_FIELD_NUMBER: _ClassVar[int]
    NO_TILE_SNAP_FIELD_NUMBER: _ClassVar[int]
    model: RestoreModelRef
    frames: _containers.RepeatedCompositeFieldContainer[Image]
    masks: _containers.RepeatedCompositeFieldContainer[Image]
    states: _containers.RepeatedCompositeFieldContainer[StateVector]
    output: ImageEncoding
    no_palette_snap: bool
    references: _containers.RepeatedCompositeFieldContainer[Image]
    reference_masks: _containers.RepeatedCompositeFieldContainer[Image]
    no_tile_snap: bool
    def __init__(self, model: _Optional[_Union[RestoreModelRef, _Mapping]] = ..., frames: _Optional[_Iterable[_Union[Image, _Mapping]]] = ..., masks: _Optional[_Iterable[_Union[Image, _Mapping]]] = ..., states: _Optional[_Iterable[_Union[StateVector, _Mapping]]] = ..., output: _Optional[_Union[ImageEncoding, str]] = ..., no_palette_snap: _Optional[bool] = ..., references: _Optional[_Iterable[_Union[Image, _Mapping]]] = ..., reference_masks: _Optional[_Iterable[_Union[Image, _Mapping]]] = ..., no_tile_snap: _Optional[bool] = ...) -> None: ...

class RestoreFramesResponse(_message.Message):
    __slots__ = ("frames", "model", "version")
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    frames: _containers.RepeatedCompositeFieldContainer[Image]
    model: str
    version: int
    def __init__(self, frames: _Optional[_Iterable[_Union[Image, _Mapping]]] = ..., model: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class EncodeFramesRequest(_message.Message):
    __slots__ = ("model", "frames", "num_quantizers")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    NUM_QUANTIZERS_FIELD_NUMBER: _ClassVar[int]
    model: RestoreModelRef
    frames: _containers.RepeatedCompositeFieldContainer[Image]
    num_quantizers: int
    def __init__(self, model: _Optional[_Union[RestoreModelRef, _Mapping]] = ..., frames: _Optional[_Iterable[_Union[Image, _Mapping]]] = ..., num_quantizers: _Optional[int] = ...) -> None: ...

class EncodeFramesResponse(_message.Message):
    __slots__ = ("codes", "frames", "num_quantizers", "bits_per_frame", "model", "version")
    CODES_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    NUM_QUANTIZERS_FIELD_NUMBER: _ClassVar[int]
    BITS_PER_FRAME_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    codes: bytes
    frames: int
    num_quantizers: int
    bits_per_frame: float
    model: str
    version: int
    def __init__(self, codes: _Optional[bytes] = ..., frames: _Optional[int] = ..., num_quantizers: _Optional[int] = ..., bits_per_frame: _Optional[float] = ..., model: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class DecodeFramesRequest(_message.Message):
    __slots__ = ("model", "codes", "output")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    CODES_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    model: RestoreModelRef
    codes: bytes
    output: ImageEncoding
    def __init__(self, model: _Optional[_Union[RestoreModelRef, _Mapping]] = ..., codes: _Optional[bytes] = ..., output: _Optional[_Union[ImageEncoding, str]] = ...) -> None: ...

class DecodeFramesResponse(_message.Message):
    __slots__ = ("frames", "model", "version")
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    frames: _containers.RepeatedCompositeFieldContainer[Image]
    model: str
    version: int
    def __init__(self, frames: _Optional[_Iterable[_Union[Image, _Mapping]]] = ..., model: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...
