"""Skeleton conversion: bones read from the editor -> the backend's skeleton JSON (DESIGN.md section 4).

``{"bones": [{"name", "parent", "position": [x, y, z], "rotation": [x, y, z, w]}], "up_axis": "z", "units": "cm"}``
with rest-pose positions and rotations in component space (centimetres, Z up), mirrored into right-handed axes:
the backend reads left and right off a right-handed rest pose (``docs/bonemap.md``), and Unreal's component space
is left-handed (X forward, Y right, Z up). Unreal's FBX importer flips Y on the way in
(``FFbxDataConverter::ConvertPos``: "flip Y, then the right-handed axis system is converted to LHS"), so flipping
Y back gives a mesh the axes it was authored with: a mannequin that faces +Y in the editor faces -Y with its left
hand on +X, as in Blender and in an FBX file. Sent unmirrored, every named rig drew a warning that its names
contradict its rest pose and a rig without side names came back with left and right swapped.
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

__all__ = ["NO_PARENT", "Bone", "Skeleton", "from_editor_records", "order_parents_first", "right_handed_position",
           "right_handed_rotation", "validate"]


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


def right_handed_position(p: tuple[float, float, float] | None) -> tuple[float, float, float] | None:
    """A component-space position mirrored across the XZ plane (Unreal's left-handed axes -> right-handed)."""
    return None if p is None else (p[0], -p[1], p[2])


def right_handed_rotation(q: tuple[float, float, float, float] | None
                          ) -> tuple[float, float, float, float] | None:
    """A component-space rotation (x, y, z, w) under the same mirror: M R M with M = diag(1, -1, 1) keeps the
    quaternion's component along the mirror's normal and negates the two in its plane."""
    return None if q is None else (-q[0], q[1], -q[2], q[3])


def from_editor_records(records: Iterable[dict[str, Any]], asset_path: str = "") -> Skeleton:
    """Build a skeleton from ``ue.skeleton_reader`` records ``{name, parent, position, rotation}`` (Unreal's
    component space), in the right-handed axes the backend reads (module docstring)."""
    try:
        bones = [Bone(str(r["name"]), wing.parent_name(r.get("parent")),
                      right_handed_position(wing.as_tuple(r.get("position"), 3)),
                      right_handed_rotation(wing.as_tuple(r.get("rotation"), 4))) for r in records]
    except SkeletonError as exc:
        raise InvalidInput(exc.details) from None
    return Skeleton(order_parents_first(bones), asset_path=asset_path)
