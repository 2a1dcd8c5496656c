from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Bone(_message.Message):
    __slots__ = ("name", "parent", "position", "rotation", "axis")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    ROTATION_FIELD_NUMBER: _ClassVar[int]
    AXIS_FIELD_NUMBER: _ClassVar[int]
    name: str
    parent: str
    position: _containers.RepeatedScalarFieldContainer[float]
    rotation: _containers.RepeatedScalarFieldContainer[float]
    axis: _containers.RepeatedScalarFieldContainer[float]
    def __init__(self, name: _Optional[str] = ..., parent: _Optional[str] = ..., position: _Optional[_Iterable[float]] = ..., rotation: _Optional[_Iterable[float]] = ..., axis: _Optional[_Iterable[float]] = ...) -> None: ...

class SkeletonData(_message.Message):
    __slots__ = ("bones", "up_axis", "units", "humanoid", "forward_axis")
    class HumanoidEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    BONES_FIELD_NUMBER: _ClassVar[int]
    UP_AXIS_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    HUMANOID_FIELD_NUMBER: _ClassVar[int]
    FORWARD_AXIS_FIELD_NUMBER: _ClassVar[int]
    bones: _containers.RepeatedCompositeFieldContainer[Bone]
    up_axis: str
    units: str
    humanoid: _containers.ScalarMap[str, str]
    forward_axis: str
    def __init__(self, bones: _Optional[_Iterable[_Union[Bone, _Mapping]]] = ..., up_axis: _Optional[str] = ..., units: _Optional[str] = ..., humanoid: _Optional[_Mapping[str, str]] = ..., forward_axis: _Optional[str] = ...) -> None: ...

class MapSkeletonRequest(_message.Message):
    __slots__ = ("skeleton", "target", "target_skeleton", "engine", "lm_model", "lm_version", "ignore_feedback")
    SKELETON_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TARGET_SKELETON_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    LM_MODEL_FIELD_NUMBER: _ClassVar[int]
    LM_VERSION_FIELD_NUMBER: _ClassVar[int]
    IGNORE_FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    skeleton: SkeletonData
    target: str
    target_skeleton: SkeletonData
    engine: str
    lm_model: str
    lm_version: int
    ignore_feedback: bool
    def __init__(self, skeleton: _Optional[_Union[SkeletonData, _Mapping]] = ..., target: _Optional[str] = ..., target_skeleton: _Optional[_Union[SkeletonData, _Mapping]] = ..., engine: _Optional[str] = ..., lm_model: _Optional[str] = ..., lm_version: _Optional[int] = ..., ignore_feedback: _Optional[bool] = ...) -> None: ...

class BoneMatch(_message.Message):
    __slots__ = ("source", "target", "confidence", "origin")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    source: str
    target: str
    confidence: float
    origin: str
    def __init__(self, source: _Optional[str] = ..., target: _Optional[str] = ..., confidence: _Optional[float] = ..., origin: _Optional[str] = ...) -> None: ...

class RetargetChain(_message.Message):
    __slots__ = ("name", "start", "end", "bones", "goal", "target_start", "target_end")
    NAME_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    BONES_FIELD_NUMBER: _ClassVar[int]
    GOAL_FIELD_NUMBER: _ClassVar[int]
    TARGET_START_FIELD_NUMBER: _ClassVar[int]
    TARGET_END_FIELD_NUMBER: _ClassVar[int]
    name: str
    start: str
    end: str
    bones: _containers.RepeatedScalarFieldContainer[str]
    goal: str
    target_start: str
    target_end: str
    def __init__(self, name: _Optional[str] = ..., start: _Optional[str] = ..., end: _Optional[str] = ..., bones: _Optional[_Iterable[str]] = ..., goal: _Optional[str] = ..., target_start: _Optional[str] = ..., target_end: _Optional[str] = ...) -> None: ...

class IKGoal(_message.Message):
    __slots__ = ("name", "bone", "chain")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BONE_FIELD_NUMBER: _ClassVar[int]
    CHAIN_FIELD_NUMBER: _ClassVar[int]
    name: str
    bone: str
    chain: str
    def __init__(self, name: _Optional[str] = ..., bone: _Optional[str] = ..., chain: _Optional[str] = ...) -> None: ...

class HumanBone(_message.Message):
    __slots__ = ("bone_name", "human_name")
    BONE_NAME_FIELD_NUMBER: _ClassVar[int]
    HUMAN_NAME_FIELD_NUMBER: _ClassVar[int]
    bone_name: str
    human_name: str
    def __init__(self, bone_name: _Optional[str] = ..., human_name: _Optional[str] = ...) -> None: ...

class MapSkeletonResponse(_message.Message):
    __slots__ = ("engine", "result_json", "fingerprint")
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    RESULT_JSON_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    engine: str
    result_json: str
    fingerprint: str
    def __init__(self, engine: _Optional[str] = ..., result_json: _Optional[str] = ..., fingerprint: _Optional[str] = ...) -> None: ...

class ListTargetsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TargetSummary(_message.Message):
    __slots__ = ("name", "description", "bone_count")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    BONE_COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    bone_count: int
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., bone_count: _Optional[int] = ...) -> None: ...

class ListTargetsResponse(_message.Message):
    __slots__ = ("targets",)
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    targets: _containers.RepeatedCompositeFieldContainer[TargetSummary]
    def __init__(self, targets: _Optional[_Iterable[_Union[TargetSummary, _Mapping]]] = ...) -> None: ...

class GetTargetRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class TargetInfo(_message.Message):
    __slots__ = ("name", "description", "skeleton", "chains", "retarget_root", "ik_goals", "roles")
    class RolesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SKELETON_FIELD_NUMBER: _ClassVar[int]
    CHAINS_FIELD_NUMBER: _ClassVar[int]
    RETARGET_ROOT_FIELD_NUMBER: _ClassVar[int]
    IK_GOALS_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    skeleton: SkeletonData
    chains: _containers.RepeatedCompositeFieldContainer[RetargetChain]
    retarget_root: str
    ik_goals: _containers.RepeatedCompositeFieldContainer[IKGoal]
    roles: _containers.ScalarMap[str, str]
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., skeleton: _Optional[_Union[SkeletonData, _Mapping]] = ..., chains: _Optional[_Iterable[_Union[RetargetChain, _Mapping]]] = ..., retarget_root: _Optional[str] = ..., ik_goals: _Optional[_Iterable[_Union[IKGoal, _Mapping]]] = ..., roles: _Optional[_Mapping[str, str]] = ...) -> None: ...

class SubmitMappingFeedbackRequest(_message.Message):
    __slots__ = ("skeleton", "target", "corrections", "note")
    SKELETON_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    CORRECTIONS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    skeleton: SkeletonData
    target: str
    corrections: _containers.RepeatedCompositeFieldContainer[BoneMatch]
    note: str
    def __init__(self, skeleton: _Optional[_Union[SkeletonData, _Mapping]] = ..., target: _Optional[str] = ..., corrections: _Optional[_Iterable[_Union[BoneMatch, _Mapping]]] = ..., note: _Optional[str] = ...) -> None: ...

class SubmitMappingFeedbackResponse(_message.Message):
    __slots__ = ("feedback_id", "fingerprint", "corrections")
    FEEDBACK_ID_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    CORRECTIONS_FIELD_NUMBER: _ClassVar[int]
    feedback_id: int
    fingerprint: str
    corrections: int
    def __init__(self, feedback_id: _Optional[int] = ..., fingerprint: _Optional[str] = ..., corrections: _Optional[int] = ...) -> None: ...

class ImportSkeletonRequest(_message.Message):
    __slots__ = ("data", "filename", "skin")
    DATA_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    SKIN_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    filename: str
    skin: str
    def __init__(self, data: _Optional[bytes] = ..., filename: _Optional[str] = ..., skin: _Optional[str] = ...) -> None: ...

class ImportSkeletonResponse(_message.Message):
    __slots__ = ("skeleton", "warnings", "format", "vrm_humanoid")
    class VrmHumanoidEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SKELETON_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    VRM_HUMANOID_FIELD_NUMBER: _ClassVar[int]
    skeleton: SkeletonData
    warnings: _containers.RepeatedScalarFieldContainer[str]
    format: str
    vrm_humanoid: _containers.ScalarMap[str, str]
    def __init__(self, skeleton: _Optional[_Union[SkeletonData, _Mapping]] = ..., warnings: _Optional[_Iterable[str]] = ..., format: _Optional[str] = ..., vrm_humanoid: _Optional[_Mapping[str, str]] = ...) -> None: ...
