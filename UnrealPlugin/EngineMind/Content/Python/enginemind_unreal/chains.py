"""Chain plan: what the source IK Rig gets from a mapping result (DESIGN.md section 4).

The backend names chains with UE's standard names (Root, Spine, Neck, Head, LeftArm, ...), so
``auto_map_chains(EXACT)`` pairs them with the Manny IK Rig; the plan also records each pairing explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from enginemind_unreal.errors import InvalidInput
from enginemind_unreal.skeleton import Skeleton

STANDARD_GOALS = {"LeftArm": "LeftHandIK", "RightArm": "RightHandIK",
                  "LeftLeg": "LeftFootIK", "RightLeg": "RightFootIK"}
"""UE's auto-characterizer goal names for the limb chains."""
GOAL_TARGET_BONES = {"LeftHandIK": "hand_l", "RightHandIK": "hand_r", "LeftFootIK": "foot_l", "RightFootIK": "foot_r"}
"""Manny bones the standard goals sit on; used to place goals when the backend returned none."""


@dataclass
class ChainSpec:
    """One retarget chain of the source rig."""

    name: str
    start: str
    end: str
    goal: str | None = None
    target_chain: str = ""
    """Chain of the target rig this one drives (same name unless the backend said otherwise)."""


@dataclass
class GoalSpec:
    name: str
    bone: str


@dataclass
class RigPlan:
    """Everything needed to author the source IK Rig and map it in the retargeter."""

    retarget_root: str
    chains: list[ChainSpec]
    goals: list[GoalSpec]
    warnings: list[str] = field(default_factory=list)

    def chain_pairs(self) -> list[tuple[str, str]]:
        """``(source_chain, target_chain)`` pairs for ``IKRetargeterController.set_source_chain``."""
        return [(c.name, c.target_chain or c.name) for c in self.chains]


def plan_source_rig(result: dict[str, Any], skeleton: Skeleton) -> RigPlan:
    """Turn a mapping result into a rig plan; chains that do not fit the hierarchy are dropped with a warning."""
    names = set(skeleton.names)
    warnings: list[str] = []
    mapping: dict[str, str | None] = result.get("mapping") or {}
    root = result.get("retarget_root") or _inverse(mapping).get("pelvis")
    if not root or root not in names:
        raise InvalidInput(
            "the backend found no retarget root (pelvis/hips) in this skeleton; set one in the mapping review "
            "(map a bone to 'pelvis') and retarget again"
        )
    chains: list[ChainSpec] = []
    for c in result.get("chains") or []:
        name, start, end = str(c.get("name", "")), c.get("start"), c.get("end")
        if not name or start not in names or end not in names:
            warnings.append(f"chain '{name}' skipped: its bones {start!r}..{end!r} are not in the skeleton")
            continue
        if not skeleton.is_ancestor(start, end):
            warnings.append(f"chain '{name}' skipped: '{start}' is not above '{end}' in the hierarchy")
            continue
        chains.append(ChainSpec(name, start, end, c.get("goal") or None, str(c.get("target_chain") or name)))
    if not chains:
        raise InvalidInput("no retarget chain could be built from the mapping; review the mapping and try again")
    goals = _goals(result, chains, mapping, names, warnings)
    return RigPlan(root, chains, goals, warnings)


def _inverse(mapping: dict[str, str | None]) -> dict[str, str]:
    return {t: s for s, t in mapping.items() if t}


def _goals(result: dict[str, Any], chains: list[ChainSpec], mapping: dict[str, str | None], names: set[str],
           warnings: list[str]) -> list[GoalSpec]:
    by_name = {c.name: c for c in chains}
    goals: list[GoalSpec] = []
    for g in result.get("ik_goals") or []:
        chain = by_name.get(str(g.get("chain", "")))
        if chain is None or g.get("bone") not in names:
            warnings.append(f"IK goal '{g.get('name')}' skipped: chain or bone missing")
            continue
        chain.goal = str(g["name"])
        goals.append(GoalSpec(str(g["name"]), str(g["bone"])))
    if goals:
        return goals
    inv = _inverse(mapping)
    for chain_name, goal in STANDARD_GOALS.items():
        chain = by_name.get(chain_name)
        if chain is None:
            continue
        bone = inv.get(GOAL_TARGET_BONES[goal], chain.end)
        bone = bone if bone in names else chain.end
        chain.goal = goal
        goals.append(GoalSpec(goal, bone))
    return goals


def apply_edits(result: dict[str, Any], edits: dict[str, str | None]) -> dict[str, Any]:
    """A copy of ``result`` with reviewed mappings applied and chains/root/goals moved to the edited bones.

    A chain whose start or end bone lost its counterpart is moved to the source bone now mapped to the
    chain's target start/end (``target_start``/``target_end``), or dropped when there is none.
    """
    out = dict(result)
    mapping = dict(result.get("mapping") or {})
    old_target = dict(mapping)
    mapping.update(edits)
    out["mapping"] = mapping
    inv = _inverse(mapping)

    def moved(bone: str | None, target_hint: str | None) -> str | None:
        if bone is None:
            return None
        hint = target_hint or old_target.get(bone)
        if bone in edits and hint:
            return inv.get(hint)
        return bone

    chains = []
    for c in result.get("chains") or []:
        start, end = moved(c.get("start"), c.get("target_start")), moved(c.get("end"), c.get("target_end"))
        if start and end:
            chains.append({**c, "start": start, "end": end})
    out["chains"] = chains
    out["retarget_root"] = moved(result.get("retarget_root"), None)
    goals = []
    for g in result.get("ik_goals") or []:
        bone = moved(g.get("bone"), None)
        if bone:
            goals.append({**g, "bone": bone})
    out["ik_goals"] = goals
    return out
