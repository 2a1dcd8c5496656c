"""Skeleton conversion: bones read from the editor -> the backend's skeleton JSON (DESIGN.md section 4).

``{"bones": [{"name", "parent", "position": [x, y, z], "rotation": [x, y, z, w]}], "up_axis": "z", "units": "cm"}``
with rest-pose positions and rotations in component space (Unreal: centimetres, Z up, left-handed).
The data class and its checks are the client wing's (``enginemind_unreal.client.skeleton``); this module adds
the editor's asset path and turns the wing's ``SkeletonError`` into the plugin's ``InvalidInput``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from enginemind_unreal.client import skeleton as wing
from enginemind_unreal.client.errors import SkeletonError
from enginemind_unreal.errors import InvalidInput

Bone = wing.Bone
NO_PARENT = wing.NO_PARENT

__all__ = ["NO_PARENT", "Bone", "Skeleton", "from_editor_records", "order_parents_first", "validate"]


@dataclass
class Skeleton(wing.Skeleton):
    """Bones in parent-before-child order plus the asset they came from."""

    asset_path: str = ""

    def __post_init__(self) -> None:
        validate(self.bones)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Skeleton:
        try:
            sk = wing.Skeleton.from_dict(data)
        except SkeletonError as exc:
            raise InvalidInput(exc.details) from None
        return cls(sk.bones, up_axis=sk.up_axis, units=sk.units)


def validate(bones: Sequence[Bone]) -> None:
    """Refuse empty skeletons, duplicate names, unknown parents and cycles (as ``InvalidInput``)."""
    try:
        wing.validate(bones)
    except SkeletonError as exc:
        raise InvalidInput(exc.details) from None


def order_parents_first(bones: Iterable[Bone]) -> list[Bone]:
    """Stable order in which every parent comes before its children (the reference-skeleton order)."""
    try:
        return wing.order_parents_first(bones)
    except SkeletonError as exc:
        raise InvalidInput(exc.details) from None


def from_editor_records(records: Iterable[dict[str, Any]], asset_path: str = "") -> Skeleton:
    """Build a skeleton from ``ue.skeleton_reader`` records ``{name, parent, position, rotation}``."""
    try:
        bones = [Bone(str(r["name"]), wing.parent_name(r.get("parent")), wing.as_tuple(r.get("position"), 3),
                      wing.as_tuple(r.get("rotation"), 4)) for r in records]
    except SkeletonError as exc:
        raise InvalidInput(exc.details) from None
    return Skeleton(order_parents_first(bones), asset_path=asset_path)
