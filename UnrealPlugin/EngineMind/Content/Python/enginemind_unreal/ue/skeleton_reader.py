"""Read the reference skeleton of a Skeletal Mesh through ``unreal.SkeletonModifier`` (component space)."""

from __future__ import annotations

from typing import Any

import unreal

from enginemind_unreal.errors import InvalidInput
from enginemind_unreal.skeleton import Skeleton, from_editor_records


def read_skeleton(mesh: Any) -> Skeleton:
    """Bones (ref-skeleton order), parents and component-space rest transforms of ``mesh``."""
    modifier = unreal.SkeletonModifier()
    if not modifier.set_skeletal_mesh(mesh):
        raise InvalidInput(
            f"cannot read the skeleton of {mesh.get_path_name()}; enable the 'Skeletal Mesh Editing Tools' plugin "
            "(SkeletonModifier) and make sure the asset is a Skeletal Mesh"
        )
    records = []
    for name in modifier.get_all_bone_names():
        parent = modifier.get_parent_name(name)
        xf = modifier.get_bone_transform(name, global_=True)
        t, q = xf.translation, xf.rotation
        records.append({"name": str(name), "parent": None if parent is None else str(parent),
                        "position": (t.x, t.y, t.z), "rotation": (q.x, q.y, q.z, q.w)})
    return from_editor_records(records, asset_path=mesh.get_path_name())
