"""Mapping result (DESIGN.md section 4): mapping, confidence, retarget chains, retarget root, IK goals, and a
Unity HumanDescription-style bone map, all derived from one assignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from enginemind.families.bonemap.rig.roles import Role
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import Target

_UNITY_SIMPLE = {"pelvis": "Hips", "head": "Head", "jaw": "Jaw", "clavicle": "{S}Shoulder", "upperarm": "{S}UpperArm",
                 "lowerarm": "{S}LowerArm", "hand": "{S}Hand", "thigh": "{S}UpperLeg", "calf": "{S}LowerLeg",
                 "foot": "{S}Foot", "ball": "{S}Toes", "eye": "{S}Eye"}
_UNITY_FINGER = {"thumb": "Thumb", "index": "Index", "middle": "Middle", "ring": "Ring", "pinky": "Little"}
_UNITY_SEG = {1: "Proximal", 2: "Intermediate", 3: "Distal"}


@dataclass
class MappingResult:
    """Everything a client needs to set up retargeting of the source rig onto the target."""

    target: str
    mapping: dict[str, str | None]
    confidence: dict[str, float]
    chains: list[dict[str, Any]] = field(default_factory=list)
    retarget_root: str | None = None
    ik_goals: list[dict[str, Any]] = field(default_factory=list)
    unity_human: list[dict[str, str]] = field(default_factory=list)
    engine: str = "matcher"
    source: dict[str, str] = field(default_factory=dict)
    """Per bone where the answer came from: matcher, lm or feedback."""
    warnings: list[str] = field(default_factory=list)
    doubts: dict[str, list[str]] = field(default_factory=dict)
    """Per bone the review flags (confidence < 0.95): why it is unsure (``doubt.explain``)."""

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "mapping": self.mapping, "confidence": self.confidence,
                "chains": self.chains, "retarget_root": self.retarget_root, "ik_goals": self.ik_goals,
                "unity_human": self.unity_human, "engine": self.engine, "source": self.source,
                "warnings": self.warnings, "doubts": self.doubts}


def build_result(src: Skeleton, target: Target, match: list[int], confidence: list[float], *,
                 engine: str = "matcher", origin: list[str] | None = None,
                 warnings: list[str] | None = None) -> MappingResult:
    """Turn an index assignment into the public result."""
    tnames = target.skeleton.names
    names = src.names
    mapping = {names[i]: (tnames[j] if j >= 0 else None) for i, j in enumerate(match)}
    conf = {names[i]: float(c) for i, c in enumerate(confidence)}
    inv = {tnames[j]: names[i] for i, j in enumerate(match) if j >= 0}
    depth = src.depths()
    chains = []
    for chain, tbones in target.chains.items():
        bones = sorted((inv[b] for b in tbones if b in inv), key=lambda b: depth[src.index(b)])
        if not bones:
            continue
        chains.append({"name": chain, "start": bones[0], "end": bones[-1], "bones": bones,
                       "target_start": tbones[0], "target_end": tbones[-1]})
    root = inv.get(target.retarget_root) if target.retarget_root else None
    goal_chains = {c["name"]: c for c in chains}
    ik_goals = []
    for goal, spec in target.ik_goals.items():
        c = goal_chains.get(spec.get("chain", ""))
        bone = inv.get(spec.get("bone", ""))
        if c and bone:
            ik_goals.append({"name": goal, "bone": bone, "chain": c["name"]})
            c["goal"] = goal
    roles = [target.analysis.roles[j] if j >= 0 else None for j in match]
    return MappingResult(target.name, mapping, conf, chains, root, ik_goals, unity_human_map(src, roles),
                         engine, {names[i]: (origin[i] if origin else engine) for i in range(len(names))},
                         list(warnings or []))


def unity_human_map(src: Skeleton, roles: list[Role | None]) -> list[dict[str, str]]:
    """``HumanDescription.human`` entries: ``{"boneName": source bone, "humanName": Mecanim name}``.

    Spine bones (in depth order) fill Spine, Chest, UpperChest: one -> Spine; two -> Spine, Chest;
    three or more -> first Spine, middle Chest, last UpperChest. The first neck bone is Neck.
    """
    depth = src.depths()
    out: list[dict[str, str]] = []
    spine = sorted((i for i, r in enumerate(roles) if r and r.kind == "spine"), key=lambda i: depth[i])
    names = ["Spine", "Chest"] if len(spine) <= 2 else ["Spine", "Chest", "UpperChest"]
    picks = spine if len(spine) <= 2 else [spine[0], spine[len(spine) // 2], spine[-1]]
    out += [{"boneName": src.names[i], "humanName": n} for i, n in zip(picks, names, strict=False)]
    neck = sorted((i for i, r in enumerate(roles) if r and r.kind == "neck"), key=lambda i: depth[i])
    if neck:
        out.append({"boneName": src.names[neck[0]], "humanName": "Neck"})
    for i, r in enumerate(roles):
        if r is None:
            continue
        side = {"L": "Left", "R": "Right"}.get(r.side or "", "")
        if r.kind in _UNITY_SIMPLE:
            out.append({"boneName": src.names[i], "humanName": _UNITY_SIMPLE[r.kind].format(S=side)})
        elif r.kind in _UNITY_FINGER and r.idx in _UNITY_SEG:
            out.append({"boneName": src.names[i],
                        "humanName": f"{side} {_UNITY_FINGER[r.kind]} {_UNITY_SEG[int(r.idx)]}"})
    return out
