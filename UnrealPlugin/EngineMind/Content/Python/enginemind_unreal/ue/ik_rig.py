"""Author IK Rigs: retarget root, chains named as the backend returned, hand/foot goals, full-body IK solver.

Solver API: UObject solver classes up to 5.5 (``add_solver(unreal.IKRigFBIKSolver)`` + ``set_root_bone``);
struct solvers added by path from 5.6 (``add_solver("/Script/IKRig.IKRigFullBodyIKSolver")`` + ``set_start_bone``).
"""

from __future__ import annotations

from typing import Any

import unreal

from enginemind_unreal.chains import RigPlan
from enginemind_unreal.errors import EngineMindError
from enginemind_unreal.version import EngineVersion

FBIK_STRUCT_PATHS = ("/Script/IKRig.IKRigFullBodyIKSolver", "/Script/IKRig.FullBodyIKSolver")
"""Scripts use the first; a 5.8 header comment names the second, so both are tried (index -1 = refused)."""


def add_full_body_ik(ctrl: Any, root_bone: str, version: EngineVersion) -> int:
    """Add a full-body IK solver rooted at ``root_bone``; returns its index in the solver stack."""
    if version.struct_solvers:
        index = -1
        for path in FBIK_STRUCT_PATHS:
            index = ctrl.add_solver(path)
            if index is not None and index >= 0:
                break
        if index is None or index < 0:
            raise EngineMindError("the IK Rig refused the full-body IK solver; is the IK Rig plugin enabled?")
        ctrl.set_start_bone(root_bone, index)
    else:
        index = ctrl.add_solver(unreal.IKRigFBIKSolver)
        if index is None or index < 0:
            raise EngineMindError("the IK Rig refused the full-body IK solver; is the IK Rig plugin enabled?")
        ctrl.set_root_bone(root_bone, index)
    return int(index)


def build_source_rig(rig: Any, mesh: Any, plan: RigPlan, version: EngineVersion) -> list[str]:
    """Fill an empty IK Rig from ``plan``; returns the chain names as the rig holds them."""
    ctrl = unreal.IKRigController.get_controller(rig)
    if not ctrl.set_skeletal_mesh(mesh):
        raise EngineMindError(f"the IK Rig does not accept {mesh.get_path_name()} as its skeletal mesh")
    if not ctrl.set_retarget_root(plan.retarget_root):
        raise EngineMindError(f"'{plan.retarget_root}' cannot be the retarget root of this skeleton")
    solver = add_full_body_ik(ctrl, plan.retarget_root, version)
    goal_names = {}
    for goal in plan.goals:
        name = str(ctrl.add_new_goal(goal.name, goal.bone))
        ctrl.connect_goal_to_solver(name, solver)
        goal_names[goal.name] = name
    created = []
    for chain in plan.chains:
        goal = goal_names.get(chain.goal or "", "")
        name = ctrl.add_retarget_chain(chain.name, chain.start, chain.end, goal)
        created.append(str(name))
    return created


def build_target_rig(rig: Any, mesh: Any) -> list[str]:
    """A target IK Rig from UE's own characterizer (standard chain names for Manny and other templates)."""
    ctrl = unreal.IKRigController.get_controller(rig)
    if not ctrl.set_skeletal_mesh(mesh):
        raise EngineMindError(f"the IK Rig does not accept {mesh.get_path_name()} as its skeletal mesh")
    if not ctrl.apply_auto_generated_retarget_definition():
        raise EngineMindError(
            f"Unreal could not characterize {mesh.get_path_name()}; pick an existing IK Rig for the target "
            "(setting target_ik_rig) or another target mesh"
        )
    ctrl.apply_auto_fbik()
    return [str(c) for c in rig_chain_names(rig)]


def rig_chain_names(rig: Any) -> list[str]:
    ctrl = unreal.IKRigController.get_controller(rig)
    return [str(c.chain_name) for c in ctrl.get_retarget_chains()]
