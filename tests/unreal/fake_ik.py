"""IK Rig / IK Retargeter behaviour of the fake editor (see fake_editor.py): controllers that refuse unknown
bones, goals and chains, UE's auto-characterizer (the dev set's Manny chain table) and batch retargeting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.unreal.devrigs import load_rig


@dataclass
class RigState:
    mesh: Any = None
    retarget_root: str | None = None
    solvers: list[Any] = field(default_factory=list)
    solver_roots: dict[int, str] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)
    goal_solvers: dict[str, set[int]] = field(default_factory=dict)
    chains: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class RetargeterState:
    rigs: dict[str, Any] = field(default_factory=dict)
    preview: dict[str, Any] = field(default_factory=dict)
    ops: list[str] = field(default_factory=list)
    chain_map: dict[str, str] = field(default_factory=dict)
    """target chain -> source chain"""
    aligned: list[str] = field(default_factory=list)


CHAIN_GOALS = {"LeftArm": ("LeftHandIK", "hand_l"), "RightArm": ("RightHandIK", "hand_r"),
               "LeftLeg": ("LeftFootIK", "foot_l"), "RightLeg": ("RightFootIK", "foot_r")}


def characterizer_chains() -> dict[str, tuple[str, str, str]]:
    """What UE's auto-characterizer gives a Manny mesh: the dev set's standard chain table (name -> start, end,
    goal); it is applied to any mesh that has the chain's bones."""
    chains = load_rig("ue5_manny_target")["chains"]
    return {name: (bones[0], bones[-1], CHAIN_GOALS.get(name, ("", ""))[0]) for name, bones in chains.items()}



def rig_handlers(self: Any, h: dict[str, Any], u: Any) -> None:
    """IK Rig controller behaviour: bones, goals and chains are checked like the editor does."""
    def rig_of(ctrl: Any) -> RigState:
        return self.rigs[id(ctrl._fake_props["_asset"])]

    def get_controller(cls: Any, ik_rig_definition: Any) -> Any:
        assert isinstance(ik_rig_definition, u().IKRigDefinition)
        self.rigs.setdefault(id(ik_rig_definition), RigState())
        ctrl = u().IKRigController()
        ctrl._fake_props["_asset"] = ik_rig_definition
        return ctrl

    def bones(rig: RigState) -> set[str]:
        return {b["name"] for b in rig.mesh._fake_props["_bones"]} if rig.mesh else set()

    def set_mesh(ctrl: Any, skeletal_mesh: Any) -> bool:
        if not isinstance(skeletal_mesh, u().SkeletalMesh):
            return False
        rig_of(ctrl).mesh = skeletal_mesh
        return True

    def set_retarget_root(ctrl: Any, root_bone_name: str) -> bool:
        rig = rig_of(ctrl)
        if str(root_bone_name) not in bones(rig):
            return False
        rig.retarget_root = str(root_bone_name)
        return True

    def add_solver(ctrl: Any, **kw: Any) -> int:
        (arg,) = kw.values()
        rig = rig_of(ctrl)
        if self.version >= "5.6":
            ok = isinstance(arg, str) and arg in ("/Script/IKRig.IKRigFullBodyIKSolver",)
        else:
            ok = isinstance(arg, type) and arg._fake_name == "IKRigFBIKSolver"
        if not ok:
            return -1
        rig.solvers.append(arg)
        return len(rig.solvers) - 1

    def set_solver_root(ctrl: Any, root_bone_name: str, solver_index: int) -> bool:
        rig = rig_of(ctrl)
        if solver_index >= len(rig.solvers) or str(root_bone_name) not in bones(rig):
            return False
        rig.solver_roots[solver_index] = str(root_bone_name)
        return True

    def add_goal(ctrl: Any, goal_name: str, bone_name: str) -> Any:
        rig = rig_of(ctrl)
        if str(bone_name) not in bones(rig):
            return u().Name("None")
        rig.goals[str(goal_name)] = str(bone_name)
        return u().Name(str(goal_name))

    def connect_goal(ctrl: Any, goal_name: str, solver_index: int) -> bool:
        rig = rig_of(ctrl)
        if str(goal_name) not in rig.goals or solver_index >= len(rig.solvers):
            return False
        rig.goal_solvers.setdefault(str(goal_name), set()).add(solver_index)
        return True

    def add_chain(ctrl: Any, chain_name: str, start_bone_name: str, end_bone_name: str, goal_name: str) -> Any:
        rig = rig_of(ctrl)
        names = bones(rig)
        if str(start_bone_name) not in names or str(end_bone_name) not in names:
            return u().Name("None")
        if goal_name and str(goal_name) not in rig.goals:
            raise AssertionError(f"chain {chain_name} uses unknown goal {goal_name}")
        rig.chains[str(chain_name)] = {"start": str(start_bone_name), "end": str(end_bone_name),
                                       "goal": str(goal_name)}
        return u().Name(str(chain_name))

    def auto_definition(ctrl: Any) -> bool:
        rig = rig_of(ctrl)
        names = bones(rig)
        for chain, (start, end, goal) in characterizer_chains().items():
            if start in names and end in names:
                rig.chains[chain] = {"start": start, "end": end, "goal": goal}
                if goal:
                    rig.goals[goal] = CHAIN_GOALS[chain][1]
        rig.retarget_root = "pelvis" if "pelvis" in names else None
        return bool(rig.chains)

    def get_chains(ctrl: Any) -> list[Any]:
        return [u().BoneChain(chain_name=u().Name(n), ik_goal_name=u().Name(c["goal"] or "None"))
                for n, c in rig_of(ctrl).chains.items()]

    h["IKRigController.get_controller"] = get_controller
    h["IKRigController.set_skeletal_mesh"] = set_mesh
    h["IKRigController.set_retarget_root"] = set_retarget_root
    h["IKRigController.add_solver"] = add_solver
    h["IKRigController.set_root_bone"] = set_solver_root
    h["IKRigController.set_start_bone"] = set_solver_root
    h["IKRigController.add_new_goal"] = add_goal
    h["IKRigController.connect_goal_to_solver"] = connect_goal
    h["IKRigController.add_retarget_chain"] = add_chain
    h["IKRigController.apply_auto_generated_retarget_definition"] = auto_definition
    h["IKRigController.apply_auto_fbik"] = lambda ctrl: True
    h["IKRigController.get_retarget_chains"] = get_chains

def retargeter_handlers(self: Any, h: dict[str, Any], u: Any) -> None:
    """IK Retargeter controller and batch retarget behaviour."""
    def state(ctrl: Any) -> RetargeterState:
        return self.retargeters[id(ctrl._fake_props["_asset"])]

    def side(value: Any) -> str:
        assert type(value)._fake_name == "RetargetSourceOrTarget", f"expected RetargetSourceOrTarget, got {value}"
        return value._fake_props["name"]

    def get_controller(cls: Any, retargeter_asset: Any) -> Any:
        assert isinstance(retargeter_asset, u().IKRetargeter)
        self.retargeters.setdefault(id(retargeter_asset), RetargeterState())
        ctrl = u().IKRetargeterController()
        ctrl._fake_props["_asset"] = retargeter_asset
        return ctrl

    def set_ik_rig(ctrl: Any, source_or_target: Any, ik_rig: Any) -> None:
        assert isinstance(ik_rig, u().IKRigDefinition)
        state(ctrl).rigs[side(source_or_target)] = ik_rig

    def set_preview(ctrl: Any, source_or_target: Any, preview_mesh: Any) -> None:
        state(ctrl).preview[side(source_or_target)] = preview_mesh

    def chains(ctrl: Any, which: str) -> dict[str, dict[str, str]]:
        rig = state(ctrl).rigs[which]
        return self.rigs[id(rig)].chains

    def auto_map(ctrl: Any, auto_map_type: Any, force_remap: bool, op_name: Any = None) -> None:
        assert type(auto_map_type)._fake_name == "AutoMapChainType"
        st = state(ctrl)
        src = chains(ctrl, "SOURCE")
        for target_chain in chains(ctrl, "TARGET"):
            if target_chain in src:
                st.chain_map[target_chain] = target_chain

    def set_source_chain(ctrl: Any, source_chain_name: str, target_chain_name: str, op_name: Any = None) -> bool:
        if str(source_chain_name) not in chains(ctrl, "SOURCE") or str(target_chain_name) not in chains(
                ctrl, "TARGET"):
            return False
        state(ctrl).chain_map[str(target_chain_name)] = str(source_chain_name)
        return True

    def add_default_ops(ctrl: Any) -> None:
        state(ctrl).ops = ["PelvisMotion", "FKChains", "IKChains", "RunIKRig", "RootMotion"]

    def remove_all_ops(ctrl: Any) -> None:
        state(ctrl).ops = []

    def auto_align(ctrl: Any, source_or_target: Any, method: Any = None) -> None:
        state(ctrl).aligned.append(side(source_or_target))

    h["IKRetargeterController.get_controller"] = get_controller
    h["IKRetargeterController.set_ik_rig"] = set_ik_rig
    h["IKRetargeterController.set_preview_mesh"] = set_preview
    h["IKRetargeterController.auto_map_chains"] = auto_map
    h["IKRetargeterController.set_source_chain"] = set_source_chain
    h["IKRetargeterController.add_default_ops"] = add_default_ops
    h["IKRetargeterController.remove_all_ops"] = remove_all_ops
    h["IKRetargeterController.auto_align_all_bones"] = auto_align
    h["IKRetargeterController.assign_ik_rig_to_all_ops"] = lambda ctrl, source_or_target, ik_rig: None

    def batch(cls: Any, assets_to_retarget: list[Any], source_mesh: Any, target_mesh: Any, ik_retarget_asset: Any,
              search: str = "", replace: str = "", prefix: str = "", suffix: str = "", **flags: Any) -> list[Any]:
        """One call duplicates the given sequences and, with include_referenced_assets, every asset they reference,
        each once per call (the engine gathers one asset list per call); the duplicates get free names and are
        left unsaved, as newly duplicated packages are."""
        assert isinstance(ik_retarget_asset, u().IKRetargeter)
        todo: list[str] = []
        for data in assets_to_retarget:
            assert type(data)._fake_name == "AssetData", "assets_to_retarget must be AssetData"
            todo.append(str(data.package_name))
            if flags.get("include_referenced_assets"):
                todo += self.assets[str(data.package_name)]._fake_props.get("_refs", [])
        out = []
        for path in dict.fromkeys(todo):
            new_path, n = f"{path}{suffix}", 1
            while new_path in self.assets:
                n += 1
                new_path = f"{path}{suffix}_{n}"
            self.add_anim_sequence(new_path)
            self.batch_outputs.append(new_path)
            out.append(u().AssetData(package_name=new_path))
        return out

    h["IKRetargetBatchOperation.duplicate_and_retarget"] = batch

