from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Severity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEVERITY_OK: _ClassVar[Severity]
    SEVERITY_WARN: _ClassVar[Severity]
    SEVERITY_ERROR: _ClassVar[Severity]
    SEVERITY_STALE: _ClassVar[Severity]
SEVERITY_OK: Severity
SEVERITY_WARN: Severity
SEVERITY_ERROR: Severity
SEVERITY_STALE: Severity

class TelemetryPacket(_message.Message):
    __slots__ = ("robot_id", "data_type", "ts", "values", "tags")
    class ValuesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ROBOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_TYPE_FIELD_NUMBER: _ClassVar[int]
    TS_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    robot_id: str
    data_type: str
    ts: float
    values: _containers.ScalarMap[str, float]
    tags: _containers.ScalarMap[str, str]
    def __init__(self, robot_id: _Optional[str] = ..., data_type: _Optional[str] = ..., ts: _Optional[float] = ..., values: _Optional[_Mapping[str, float]] = ..., tags: _Optional[_Mapping[str, str]] = ...) -> None: ...

class IngestRequest(_message.Message):
    __slots__ = ("packets",)
    PACKETS_FIELD_NUMBER: _ClassVar[int]
    packets: _containers.RepeatedCompositeFieldContainer[TelemetryPacket]
    def __init__(self, packets: _Optional[_Iterable[_Union[TelemetryPacket, _Mapping]]] = ...) -> None: ...

class Rejection(_message.Message):
    __slots__ = ("index", "reason")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    index: int
    reason: str
    def __init__(self, index: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class IngestAck(_message.Message):
    __slots__ = ("received", "accepted", "rejected", "stored", "rejections", "final")
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    STORED_FIELD_NUMBER: _ClassVar[int]
    REJECTIONS_FIELD_NUMBER: _ClassVar[int]
    FINAL_FIELD_NUMBER: _ClassVar[int]
    received: int
    accepted: int
    rejected: int
    stored: int
    rejections: _containers.RepeatedCompositeFieldContainer[Rejection]
    final: bool
    def __init__(self, received: _Optional[int] = ..., accepted: _Optional[int] = ..., rejected: _Optional[int] = ..., stored: _Optional[int] = ..., rejections: _Optional[_Iterable[_Union[Rejection, _Mapping]]] = ..., final: _Optional[bool] = ...) -> None: ...

class WatchRequest(_message.Message):
    __slots__ = ("robot_ids", "kinds", "heartbeat_s")
    ROBOT_IDS_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_S_FIELD_NUMBER: _ClassVar[int]
    robot_ids: _containers.RepeatedScalarFieldContainer[str]
    kinds: _containers.RepeatedScalarFieldContainer[str]
    heartbeat_s: float
    def __init__(self, robot_ids: _Optional[_Iterable[str]] = ..., kinds: _Optional[_Iterable[str]] = ..., heartbeat_s: _Optional[float] = ...) -> None: ...

class AIPrediction(_message.Message):
    __slots__ = ("robot_id", "ts", "kind", "label", "score", "model", "model_version", "window_ms", "latency_us", "severity", "explanation")
    ROBOT_ID_FIELD_NUMBER: _ClassVar[int]
    TS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    WINDOW_MS_FIELD_NUMBER: _ClassVar[int]
    LATENCY_US_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    robot_id: str
    ts: float
    kind: str
    label: str
    score: float
    model: str
    model_version: int
    window_ms: int
    latency_us: int
    severity: Severity
    explanation: str
    def __init__(self, robot_id: _Optional[str] = ..., ts: _Optional[float] = ..., kind: _Optional[str] = ..., label: _Optional[str] = ..., score: _Optional[float] = ..., model: _Optional[str] = ..., model_version: _Optional[int] = ..., window_ms: _Optional[int] = ..., latency_us: _Optional[int] = ..., severity: _Optional[_Union[Severity, str]] = ..., explanation: _Optional[str] = ...) -> None: ...

class Diagnostic(_message.Message):
    __slots__ = ("robot_id", "level", "name", "message", "last_seen")
    ROBOT_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEEN_FIELD_NUMBER: _ClassVar[int]
    robot_id: str
    level: Severity
    name: str
    message: str
    last_seen: float
    def __init__(self, robot_id: _Optional[str] = ..., level: _Optional[_Union[Severity, str]] = ..., name: _Optional[str] = ..., message: _Optional[str] = ..., last_seen: _Optional[float] = ...) -> None: ...

class Heartbeat(_message.Message):
    __slots__ = ("last_seq",)
    LAST_SEQ_FIELD_NUMBER: _ClassVar[int]
    last_seq: int
    def __init__(self, last_seq: _Optional[int] = ...) -> None: ...

class Envelope(_message.Message):
    __slots__ = ("seq", "server_ts", "dropped", "prediction", "telemetry", "diagnostic", "heartbeat")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    SERVER_TS_FIELD_NUMBER: _ClassVar[int]
    DROPPED_FIELD_NUMBER: _ClassVar[int]
    PREDICTION_FIELD_NUMBER: _ClassVar[int]
    TELEMETRY_FIELD_NUMBER: _ClassVar[int]
    DIAGNOSTIC_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_FIELD_NUMBER: _ClassVar[int]
    seq: int
    server_ts: float
    dropped: int
    prediction: AIPrediction
    telemetry: TelemetryPacket
    diagnostic: Diagnostic
    heartbeat: Heartbeat
    def __init__(self, seq: _Optional[int] = ..., server_ts: _Optional[float] = ..., dropped: _Optional[int] = ..., prediction: _Optional[_Union[AIPrediction, _Mapping]] = ..., telemetry: _Optional[_Union[TelemetryPacket, _Mapping]] = ..., diagnostic: _Optional[_Union[Diagnostic, _Mapping]] = ..., heartbeat: _Optional[_Union[Heartbeat, _Mapping]] = ...) -> None: ...

class QueryRequest(_message.Message):
    __slots__ = ("robot_id", "data_type", "latest", "since", "until", "limit")
    ROBOT_ID_FIELD_NUMBER: _ClassVar[int]
    DATA_TYPE_FIELD_NUMBER: _ClassVar[int]
    LATEST_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    robot_id: str
    data_type: str
    latest: bool
    since: float
    until: float
    limit: int
    def __init__(self, robot_id: _Optional[str] = ..., data_type: _Optional[str] = ..., latest: _Optional[bool] = ..., since: _Optional[float] = ..., until: _Optional[float] = ..., limit: _Optional[int] = ...) -> None: ...

class QueryResponse(_message.Message):
    __slots__ = ("packets",)
    PACKETS_FIELD_NUMBER: _ClassVar[int]
    packets: _containers.RepeatedCompositeFieldContainer[TelemetryPacket]
    def __init__(self, packets: _Optional[_Iterable[_Union[TelemetryPacket, _Mapping]]] = ...) -> None: ...

class TelemetryStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LoadedModel(_message.Message):
    __slots__ = ("kind", "model", "version", "alias")
    KIND_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ALIAS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    model: str
    version: int
    alias: str
    def __init__(self, kind: _Optional[str] = ..., model: _Optional[str] = ..., version: _Optional[int] = ..., alias: _Optional[str] = ...) -> None: ...

class TelemetryStatus(_message.Message):
    __slots__ = ("models", "robots", "packets", "predictions", "subscribers", "swaps", "pending")
    MODELS_FIELD_NUMBER: _ClassVar[int]
    ROBOTS_FIELD_NUMBER: _ClassVar[int]
    PACKETS_FIELD_NUMBER: _ClassVar[int]
    PREDICTIONS_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIBERS_FIELD_NUMBER: _ClassVar[int]
    SWAPS_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    models: _containers.RepeatedCompositeFieldContainer[LoadedModel]
    robots: _containers.RepeatedCompositeFieldContainer[Diagnostic]
    packets: int
    predictions: int
    subscribers: int
    swaps: int
    pending: int
    def __init__(self, models: _Optional[_Iterable[_Union[LoadedModel, _Mapping]]] = ..., robots: _Optional[_Iterable[_Union[Diagnostic, _Mapping]]] = ..., packets: _Optional[int] = ..., predictions: _Optional[int] = ..., subscribers: _Optional[int] = ..., swaps: _Optional[int] = ..., pending: _Optional[int] = ...) -> None: ...
