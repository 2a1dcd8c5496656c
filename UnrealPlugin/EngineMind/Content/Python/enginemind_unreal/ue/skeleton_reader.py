"""Read the reference skeleton of a Skeletal Mesh: bone names, parents and component-space rest transforms.

The cheap read goes through a transient ``SkeletalMeshComponent``: ``get_num_bones``, ``get_bone_name``,
``get_parent_bone`` and ``get_ref_pose_transform`` all read ``GetSkinnedAsset()->GetRefSkeleton()``
(USkinnedMeshComponent.cpp), so nothing is copied and engine content (``/Engine/...``) reads like any asset.
``unreal.SkeletonModifier`` is only the fallback: ``SetSkeletalMesh`` clones the LOD0 mesh description and
refuses ``/Engine/`` meshes (SkeletonModifier.cpp, "Cannot modify built-in engine asset").
"""

from __future__ import annotations

from typing import Any

import unreal

from enginemind_unreal.errors import InvalidInput
from enginemind_unreal.pose import Xform, to_component_space
from enginemind_unreal.skeleton import Skeleton, from_editor_records


def read_skeleton(mesh: Any) -> Skeleton:
    """Bones (ref-skeleton order), parents and component-space rest transforms of ``mesh``."""
    path = mesh.get_path_name()
    try:
        records = reference_skeleton(mesh)
        cheap_error = "" if records else "the mesh's reference skeleton has no bones"
    except Exception as exc:  # an engine without the component route: use the heavy one, and say why
        records, cheap_error = [], f"{type(exc).__name__}: {exc}"
    if not records:
        records = _modifier_records(mesh, cheap_error)
    return from_editor_records(records, asset_path=path)


def reference_skeleton(mesh: Any) -> list[dict[str, Any]]:
    """Records ``{name, parent, position, rotation}`` from the mesh's reference skeleton (no mesh data copied)."""
    comp = unreal.new_object(unreal.SkeletalMeshComponent)
    comp.set_skeletal_mesh_asset(mesh)
    names = [str(comp.get_bone_name(i)) for i in range(comp.get_num_bones())]
    parents = []
    for name in names:
        parent = str(comp.get_parent_bone(name))
        parents.append(None if parent in ("None", "") else parent)
    local = []
    for i in range(len(names)):
        xf = comp.get_ref_pose_transform(i)
        t, q, s = xf.translation, xf.rotation, xf.scale3d
        local.append(Xform((t.x, t.y, t.z), (q.x, q.y, q.z, q.w), (s.x, s.y, s.z) if s is not None else (1, 1, 1)))
    world = to_component_space(names, parents, local)
    return [{"name": n, "parent": p, "position": w.t, "rotation": w.q} for n, p, w in zip(names, parents, world,
                                                                                       strict=True)]


def _modifier_records(mesh: Any, cheap_error: str) -> list[dict[str, Any]]:
    path = mesh.get_path_name()
    modifier = unreal.SkeletonModifier()
    if not modifier.set_skeletal_mesh(mesh):
        engine = path.startswith("/Engine/")
        raise InvalidInput(
            f"cannot read the skeleton of {path}: the reference-skeleton read failed ({cheap_error}) and "
            + ("SkeletonModifier refuses engine content (/Engine/...); duplicate the mesh into /Game and retarget "
               "the copy" if engine else
               "SkeletonModifier refused it (the asset has no Skeleton, or the 'Skeletal Mesh Editing Tools' "
               "plugin is off); check the mesh's Skeleton in its asset editor")
        )
    records = []
    for name in modifier.get_all_bone_names():
        parent = modifier.get_parent_name(name)
        xf = modifier.get_bone_transform(name, global_=True)
        t, q = xf.translation, xf.rotation
        records.append({"name": str(name), "parent": None if parent is None or str(parent) == "None" else str(parent),
                        "position": (t.x, t.y, t.z), "rotation": (q.x, q.y, q.z, q.w)})
    return records
