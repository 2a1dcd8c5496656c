"""Skeletons as the API carries them (DESIGN.md section 4) and their gRPC messages.

``{"bones": [{"name", "parent", "position": [x, y, z]?, "rotation": [x, y, z, w]?}], "up_axis", "units"}`` with
rest-pose values in component space. ``Skeleton`` validates what a client is about to send (empty, duplicate
names, unknown parents, cycles, malformed numbers) so an editor can say so before any call.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from enginemind.client.errors import SkeletonError
from enginemind.v1 import skeleton_pb2

NO_PARENT = ("", "None", "none", None)
"""How tools spell "no parent" (Unreal's ``get_parent_name(root)`` returns ``None`` or ``'None'`` by version)."""


@dataclass
class Bone:
    """One bone of the rest pose."""

    name: str
    parent: str | None = None
    position: tuple[float, float, float] | None = None
    """Component-space rest position."""
    rotation: tuple[float, float, float, float] | None = None
    """Component-space rest rotation as a quaternion (x, y, z, w)."""


@dataclass
class Skeleton:
    """Bones in parent-before-child order."""

    bones: list[Bone]
    up_axis: str = "z"
    units: str = "cm"
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate(self.bones)

    @property
    def names(self) -> list[str]:
        return [b.name for b in self.bones]

    def parent_of(self) -> dict[str, str | None]:
        return {b.name: b.parent for b in self.bones}

    def is_ancestor(self, ancestor: str, bone: str) -> bool:
        """True if ``ancestor`` is ``bone`` or lies on its path to the root."""
        parents = self.parent_of()
        cur: str | None = bone
        while cur is not None:
            if cur == ancestor:
                return True
            cur = parents.get(cur)
        return False

    def to_dict(self) -> dict[str, Any]:
        bones = []
        for b in self.bones:
            d: dict[str, Any] = {"name": b.name, "parent": b.parent}
            if b.position is not None:
                d["position"] = [float(v) for v in b.position]
            if b.rotation is not None:
                d["rotation"] = [float(v) for v in b.rotation]
            bones.append(d)
        return {"bones": bones, "up_axis": self.up_axis, "units": self.units}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Skeleton:
        try:
            bones = [Bone(str(b["name"]), parent_name(b.get("parent")),
                          as_tuple(b.get("position") or b.get("rest_position"), 3), as_tuple(b.get("rotation"), 4))
                     for b in data["bones"]]
        except (KeyError, TypeError) as exc:
            raise SkeletonError(f"skeleton JSON needs 'bones' with a 'name' each ({exc})") from None
        return cls(order_parents_first(bones), up_axis=data.get("up_axis") or "z", units=data.get("units") or "cm")


def parent_name(value: object) -> str | None:
    return None if value in NO_PARENT else str(value)


def as_tuple(value: Sequence[float] | None, n: int) -> Any:
    """``value`` as a tuple of ``n`` finite floats (None stays None)."""
    if value is None:
        return None
    try:
        out = tuple(float(v) for v in value)
    except (TypeError, ValueError):
        raise SkeletonError(f"expected {n} numbers, got {value!r}") from None
    if len(out) != n or not all(math.isfinite(v) for v in out):
        raise SkeletonError(f"expected {n} finite numbers, got {list(value)}")
    return out


def validate(bones: Sequence[Bone]) -> None:
    """Refuse empty skeletons, empty or duplicate names, unknown parents and cycles."""
    if not bones:
        raise SkeletonError("the skeleton has no bones; pick a mesh or file with a skeleton")
    seen: set[str] = set()
    for b in bones:
        if not b.name:
            raise SkeletonError("a bone has an empty name; rename it")
        if b.name in seen:
            raise SkeletonError(f"bone name '{b.name}' appears twice; bone names must be unique")
        seen.add(b.name)
    for b in bones:
        if b.parent is not None and b.parent not in seen:
            raise SkeletonError(f"bone '{b.name}' has parent '{b.parent}', which is not in the skeleton")
    parents = {b.name: b.parent for b in bones}
    for b in bones:
        cur, steps = b.parent, 0
        while cur is not None:
            steps += 1
            if steps > len(bones):
                raise SkeletonError(f"bone '{b.name}' is part of a parent cycle")
            cur = parents[cur]


def order_parents_first(bones: Iterable[Bone]) -> list[Bone]:
    """Stable order in which every parent comes before its children."""
    bones = list(bones)
    validate(bones)
    by_name = {b.name: b for b in bones}
    out: list[Bone] = []
    placed: set[str] = set()
    for b in bones:
        chain = []
        cur: Bone | None = b
        while cur is not None and cur.name not in placed:
            chain.append(cur)
            cur = by_name[cur.parent] if cur.parent is not None else None
        for bone in reversed(chain):
            placed.add(bone.name)
            out.append(bone)
    return out


# ---- messages ------------------------------------------------------------------------------------------------
def skeleton_msg(skeleton: dict[str, Any] | Skeleton) -> skeleton_pb2.SkeletonData:
    """Skeleton JSON (or a ``Skeleton``) -> ``SkeletonData``."""
    data = skeleton.to_dict() if isinstance(skeleton, Skeleton) else skeleton
    return skeleton_pb2.SkeletonData(
        bones=[skeleton_pb2.Bone(name=b["name"], parent=b.get("parent") or "", position=b.get("position") or [],
                                 rotation=b.get("rotation") or [], axis=b.get("axis") or [])
               for b in data["bones"]],
        up_axis=data.get("up_axis") or "", units=data.get("units") or "", humanoid=data.get("humanoid") or {},
        forward_axis=data.get("forward_axis") or "")


def skeleton_dict(msg: skeleton_pb2.SkeletonData) -> dict[str, Any]:
    """``SkeletonData`` -> skeleton JSON (absent position/rotation stay absent)."""
    bones: list[dict[str, Any]] = []
    for b in msg.bones:
        d: dict[str, Any] = {"name": b.name, "parent": b.parent or None}
        if len(b.position):
            d["position"] = list(b.position)
        if len(b.rotation):
            d["rotation"] = list(b.rotation)
        if len(b.axis):
            d["axis"] = list(b.axis)
        bones.append(d)
    return {"bones": bones, "up_axis": msg.up_axis or None, "units": msg.units or None,
            "humanoid": dict(msg.humanoid), "forward_axis": msg.forward_axis or None}


def result_dict(resp: skeleton_pb2.MapSkeletonResponse) -> dict[str, Any]:
    """``MapSkeletonResponse`` -> the mapping result of DESIGN.md section 4 (plus ``fingerprint``)."""
    result = json.loads(resp.result_json) if resp.result_json else {}
    result["fingerprint"] = resp.fingerprint
    return result
