"""Skeleton conversion: bones read from the editor -> the backend's skeleton JSON (DESIGN.md section 4).

``{"bones": [{"name", "parent", "position": [x, y, z], "rotation": [x, y, z, w]}], "up_axis": "z", "units": "cm"}``
with rest-pose positions and rotations in component space (Unreal: centimetres, Z up, left-handed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from enginemind_unreal.errors import InvalidInput

NO_PARENT = ("", "None", "none", None)
"""``SkeletonModifier.get_parent_name(root)`` returns ``None`` or the name ``'None'`` depending on version."""


@dataclass
class Bone:
    """One bone of the reference skeleton."""

    name: str
    parent: str | None = None
    position: tuple[float, float, float] | None = None
    """Component-space rest position (cm)."""
    rotation: tuple[float, float, float, float] | None = None
    """Component-space rest rotation as a quaternion (x, y, z, w)."""


@dataclass
class Skeleton:
    """Bones in parent-before-child order plus where they came from."""

    bones: list[Bone]
    up_axis: str = "z"
    units: str = "cm"
    asset_path: str = ""
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
            bones = [Bone(str(b["name"]), _parent(b.get("parent")),
                          _tuple(b.get("position") or b.get("rest_position"), 3), _tuple(b.get("rotation"), 4))
                     for b in data["bones"]]
        except (KeyError, TypeError) as exc:
            raise InvalidInput(f"skeleton JSON needs 'bones' with a 'name' each ({exc})") from None
        return cls(order_parents_first(bones), up_axis=data.get("up_axis") or "z", units=data.get("units") or "cm")


def _parent(value: object) -> str | None:
    return None if value in NO_PARENT else str(value)


def _tuple(value: Sequence[float] | None, n: int) -> Any:
    if value is None:
        return None
    if len(value) != n:
        raise InvalidInput(f"expected {n} numbers, got {list(value)}")
    return tuple(float(v) for v in value)


def validate(bones: Sequence[Bone]) -> None:
    """Refuse empty skeletons, duplicate names, unknown parents and cycles."""
    if not bones:
        raise InvalidInput("the skeletal mesh has no bones; pick a mesh with a skeleton")
    seen: set[str] = set()
    for b in bones:
        if not b.name:
            raise InvalidInput("a bone has an empty name; rename it in the Skeleton Editor")
        if b.name in seen:
            raise InvalidInput(f"bone name '{b.name}' appears twice; bone names must be unique")
        seen.add(b.name)
    for b in bones:
        if b.parent is not None and b.parent not in seen:
            raise InvalidInput(f"bone '{b.name}' has parent '{b.parent}', which is not in the skeleton")
    parents = {b.name: b.parent for b in bones}
    for b in bones:
        cur, steps = b.parent, 0
        while cur is not None:
            steps += 1
            if steps > len(bones):
                raise InvalidInput(f"bone '{b.name}' is part of a parent cycle")
            cur = parents[cur]


def order_parents_first(bones: Iterable[Bone]) -> list[Bone]:
    """Stable order in which every parent comes before its children (the reference-skeleton order)."""
    bones = list(bones)
    validate(bones)
    by_name = {b.name: b for b in bones}
    out: list[Bone] = []
    placed: set[str] = set()

    def place(b: Bone) -> None:
        if b.name in placed:
            return
        if b.parent is not None:
            place(by_name[b.parent])
        placed.add(b.name)
        out.append(b)

    for b in bones:
        place(b)
    return out


def from_editor_records(records: Iterable[dict[str, Any]], asset_path: str = "") -> Skeleton:
    """Build a skeleton from ``ue.skeleton_reader`` records ``{name, parent, position, rotation}``."""
    bones = [Bone(str(r["name"]), _parent(r.get("parent")), _tuple(r.get("position"), 3), _tuple(r.get("rotation"), 4))
             for r in records]
    return Skeleton(order_parents_first(bones), asset_path=asset_path)
