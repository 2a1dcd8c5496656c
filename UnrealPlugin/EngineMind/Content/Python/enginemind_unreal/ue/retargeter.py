"""Author the IK Retargeter: both rigs, preview meshes, chain mapping, auto-align.

- 5.4/5.5: fixed FK pipeline; ``auto_align_all_bones(source_or_target)``.
- 5.6+: op stack: ``remove_all_ops()`` + ``add_default_ops()``; ``auto_align_all_bones(source_or_target, method)``.
- 5.7+: also ``assign_ik_rig_to_all_ops``.
"""

from __future__ import annotations

from typing import Any

import unreal

from enginemind_unreal.version import EngineVersion


def build_retargeter(rtg: Any, source_rig: Any, target_rig: Any, source_mesh: Any, target_mesh: Any,
                     chain_pairs: list[tuple[str, str]], version: EngineVersion) -> dict[str, Any]:
    """Set up ``rtg``; returns ``{"mapped": [...], "unmapped": [...]}`` for the final report."""
    rc = unreal.IKRetargeterController.get_controller(rtg)
    source, target = unreal.RetargetSourceOrTarget.SOURCE, unreal.RetargetSourceOrTarget.TARGET
    rc.set_ik_rig(source, source_rig)
    rc.set_ik_rig(target, target_rig)
    if version.retarget_op_stack:
        rc.remove_all_ops()
        rc.add_default_ops()
    if version.assign_ik_rig_to_all_ops:
        rc.assign_ik_rig_to_all_ops(source, source_rig)
        rc.assign_ik_rig_to_all_ops(target, target_rig)
    rc.set_preview_mesh(source, source_mesh)
    rc.set_preview_mesh(target, target_mesh)
    rc.auto_map_chains(unreal.AutoMapChainType.EXACT, True)
    mapped, unmapped = [], []
    for source_chain, target_chain in chain_pairs:
        if rc.set_source_chain(source_chain, target_chain):
            mapped.append((source_chain, target_chain))
        else:
            unmapped.append((source_chain, target_chain))
    if version.retarget_op_stack:
        rc.auto_align_all_bones(target, unreal.RetargetAutoAlignMethod.CHAIN_TO_CHAIN)
    else:
        rc.auto_align_all_bones(target)
    return {"mapped": mapped, "unmapped": unmapped}
