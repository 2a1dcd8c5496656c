from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PlanStep(_message.Message):
    __slots__ = ("action", "target", "destination", "args")
    class ArgsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    ARGS_FIELD_NUMBER: _ClassVar[int]
    action: str
    target: str
    destination: str
    args: _containers.ScalarMap[str, float]
    def __init__(self, action: _Optional[str] = ..., target: _Optional[str] = ..., destination: _Optional[str] = ..., args: _Optional[_Mapping[str, float]] = ...) -> None: ...

class SafetyVerdict(_message.Message):
    __slots__ = ("verdict", "reasons", "notes", "duration_s", "route_m")
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    DURATION_S_FIELD_NUMBER: _ClassVar[int]
    ROUTE_M_FIELD_NUMBER: _ClassVar[int]
    verdict: str
    reasons: _containers.RepeatedScalarFieldContainer[str]
    notes: _containers.RepeatedScalarFieldContainer[str]
    duration_s: float
    route_m: float
    def __init__(self, verdict: _Optional[str] = ..., reasons: _Optional[_Iterable[str]] = ..., notes: _Optional[_Iterable[str]] = ..., duration_s: _Optional[float] = ..., route_m: _Optional[float] = ...) -> None: ...

class PlanMissionRequest(_message.Message):
    __slots__ = ("mission", "context_json", "planner", "lm_model", "lm_version", "robot_id")
    MISSION_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_JSON_FIELD_NUMBER: _ClassVar[int]
    PLANNER_FIELD_NUMBER: _ClassVar[int]
    LM_MODEL_FIELD_NUMBER: _ClassVar[int]
    LM_VERSION_FIELD_NUMBER: _ClassVar[int]
    ROBOT_ID_FIELD_NUMBER: _ClassVar[int]
    mission: str
    context_json: str
    planner: str
    lm_model: str
    lm_version: int
    robot_id: str
    def __init__(self, mission: _Optional[str] = ..., context_json: _Optional[str] = ..., planner: _Optional[str] = ..., lm_model: _Optional[str] = ..., lm_version: _Optional[int] = ..., robot_id: _Optional[str] = ...) -> None: ...

class PlanMissionResponse(_message.Message):
    __slots__ = ("valid", "steps", "safety", "planner", "latency_ms", "errors", "success_criteria", "result_json")
    VALID_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    SAFETY_FIELD_NUMBER: _ClassVar[int]
    PLANNER_FIELD_NUMBER: _ClassVar[int]
    LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    RESULT_JSON_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    steps: _containers.RepeatedCompositeFieldContainer[PlanStep]
    safety: SafetyVerdict
    planner: str
    latency_ms: float
    errors: _containers.RepeatedScalarFieldContainer[str]
    success_criteria: _containers.RepeatedScalarFieldContainer[str]
    result_json: str
    def __init__(self, valid: _Optional[bool] = ..., steps: _Optional[_Iterable[_Union[PlanStep, _Mapping]]] = ..., safety: _Optional[_Union[SafetyVerdict, _Mapping]] = ..., planner: _Optional[str] = ..., latency_ms: _Optional[float] = ..., errors: _Optional[_Iterable[str]] = ..., success_criteria: _Optional[_Iterable[str]] = ..., result_json: _Optional[str] = ...) -> None: ...

class ValidatePlanRequest(_message.Message):
    __slots__ = ("steps", "context_json", "robot_id")
    STEPS_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_JSON_FIELD_NUMBER: _ClassVar[int]
    ROBOT_ID_FIELD_NUMBER: _ClassVar[int]
    steps: _containers.RepeatedCompositeFieldContainer[PlanStep]
    context_json: str
    robot_id: str
    def __init__(self, steps: _Optional[_Iterable[_Union[PlanStep, _Mapping]]] = ..., context_json: _Optional[str] = ..., robot_id: _Optional[str] = ...) -> None: ...

class ValidatePlanResponse(_message.Message):
    __slots__ = ("valid", "errors", "safety", "steps", "success_criteria")
    VALID_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    SAFETY_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    errors: _containers.RepeatedScalarFieldContainer[str]
    safety: SafetyVerdict
    steps: _containers.RepeatedCompositeFieldContainer[PlanStep]
    success_criteria: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, valid: _Optional[bool] = ..., errors: _Optional[_Iterable[str]] = ..., safety: _Optional[_Union[SafetyVerdict, _Mapping]] = ..., steps: _Optional[_Iterable[_Union[PlanStep, _Mapping]]] = ..., success_criteria: _Optional[_Iterable[str]] = ...) -> None: ...

class StepResult(_message.Message):
    __slots__ = ("status", "message")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    status: str
    message: str
    def __init__(self, status: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class RecordExecutionRequest(_message.Message):
    __slots__ = ("mission", "context_json", "plan", "step_results", "success", "correction", "planner", "note")
    MISSION_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_JSON_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    STEP_RESULTS_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    CORRECTION_FIELD_NUMBER: _ClassVar[int]
    PLANNER_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    mission: str
    context_json: str
    plan: _containers.RepeatedCompositeFieldContainer[PlanStep]
    step_results: _containers.RepeatedCompositeFieldContainer[StepResult]
    success: bool
    correction: _containers.RepeatedCompositeFieldContainer[PlanStep]
    planner: str
    note: str
    def __init__(self, mission: _Optional[str] = ..., context_json: _Optional[str] = ..., plan: _Optional[_Iterable[_Union[PlanStep, _Mapping]]] = ..., step_results: _Optional[_Iterable[_Union[StepResult, _Mapping]]] = ..., success: _Optional[bool] = ..., correction: _Optional[_Iterable[_Union[PlanStep, _Mapping]]] = ..., planner: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RecordExecutionResponse(_message.Message):
    __slots__ = ("execution_id", "executions")
    EXECUTION_ID_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    execution_id: int
    executions: int
    def __init__(self, execution_id: _Optional[int] = ..., executions: _Optional[int] = ...) -> None: ...

class ListPatternsRequest(_message.Message):
    __slots__ = ("min_support", "min_count", "limit")
    MIN_SUPPORT_FIELD_NUMBER: _ClassVar[int]
    MIN_COUNT_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    min_support: float
    min_count: int
    limit: int
    def __init__(self, min_support: _Optional[float] = ..., min_count: _Optional[int] = ..., limit: _Optional[int] = ...) -> None: ...

class Pattern(_message.Message):
    __slots__ = ("actions", "support", "confidence", "count")
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    actions: _containers.RepeatedScalarFieldContainer[str]
    support: float
    confidence: float
    count: int
    def __init__(self, actions: _Optional[_Iterable[str]] = ..., support: _Optional[float] = ..., confidence: _Optional[float] = ..., count: _Optional[int] = ...) -> None: ...

class ListPatternsResponse(_message.Message):
    __slots__ = ("patterns", "executions")
    PATTERNS_FIELD_NUMBER: _ClassVar[int]
    EXECUTIONS_FIELD_NUMBER: _ClassVar[int]
    patterns: _containers.RepeatedCompositeFieldContainer[Pattern]
    executions: int
    def __init__(self, patterns: _Optional[_Iterable[_Union[Pattern, _Mapping]]] = ..., executions: _Optional[int] = ...) -> None: ...
