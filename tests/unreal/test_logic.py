"""Plain-Python plugin logic: skeleton conversion, chain plan, naming, review, settings, versions, tick runner."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from enginemind_unreal import settings as settings_mod
from enginemind_unreal.chains import apply_edits, plan_source_rig
from enginemind_unreal.errors import InvalidInput, UnsupportedEngine
from enginemind_unreal.naming import plan_names, sanitize, unique_name
from enginemind_unreal.review import ReviewModel
from enginemind_unreal.skeleton import Bone, Skeleton, from_editor_records
from enginemind_unreal.tasks import TickRunner
from enginemind_unreal.version import EngineVersion
from tests.unreal.devrigs import ground_truth_result, manny_bones, mixamo_bones


def mixamo() -> Skeleton:
    return Skeleton.from_dict({"bones": mixamo_bones()})


# ---- skeleton -------------------------------------------------------------------------------------------------
def test_skeleton_json_shape_and_order() -> None:
    records = [{"name": "hand", "parent": "arm", "position": (1, 2, 3), "rotation": (0, 0, 0, 1)},
               {"name": "arm", "parent": "None", "position": (0, 0, 0), "rotation": (0, 0, 0, 1)}]
    sk = from_editor_records(records, "/Game/A")
    assert sk.names == ["arm", "hand"], "parents come first"
    d = sk.to_dict()
    assert d["units"] == "cm" and d["up_axis"] == "z"
    assert d["bones"][0] == {"name": "arm", "parent": None, "position": [0.0, 0.0, 0.0],
                             "rotation": [0.0, 0.0, 0.0, 1.0]}
    assert Skeleton.from_dict(d).names == sk.names


@pytest.mark.parametrize("bones, message", [
    ([], "no bones"),
    ([Bone("a"), Bone("a")], "appears twice"),
    ([Bone("a", "ghost")], "not in the skeleton"),
    ([Bone("a", "b"), Bone("b", "a")], "cycle"),
])
def test_bad_skeletons_are_refused(bones: list[Bone], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        Skeleton(bones)


# ---- chain plan -----------------------------------------------------------------------------------------------
def test_chain_plan_from_mapping_result() -> None:
    plan = plan_source_rig(ground_truth_result(), mixamo())
    assert plan.retarget_root == "mixamorig:Hips"
    arm = next(c for c in plan.chains if c.name == "LeftArm")
    assert (arm.start, arm.end, arm.goal) == ("mixamorig:LeftArm", "mixamorig:LeftHand", "LeftHandIK")
    assert {g.name: g.bone for g in plan.goals}["RightFootIK"] == "mixamorig:RightFoot"
    assert ("Spine", "Spine") in plan.chain_pairs()


def test_chain_plan_drops_chains_against_the_hierarchy() -> None:
    result = ground_truth_result()
    result["chains"].append({"name": "Bogus", "start": "mixamorig:LeftHand", "end": "mixamorig:Head"})
    result["chains"].append({"name": "Ghost", "start": "nope", "end": "mixamorig:Head"})
    plan = plan_source_rig(result, mixamo())
    assert "Bogus" not in [c.name for c in plan.chains] and len(plan.warnings) == 2


def test_chain_plan_without_goals_uses_standard_goals() -> None:
    result = ground_truth_result()
    result.pop("ik_goals")
    for c in result["chains"]:
        c.pop("goal", None)
    goals = {g.name: g.bone for g in plan_source_rig(result, mixamo()).goals}
    assert goals == {"LeftHandIK": "mixamorig:LeftHand", "RightHandIK": "mixamorig:RightHand",
                     "LeftFootIK": "mixamorig:LeftFoot", "RightFootIK": "mixamorig:RightFoot"}


def test_chain_plan_needs_a_root() -> None:
    result = ground_truth_result()
    result["retarget_root"] = None
    result["mapping"] = {k: (None if v == "pelvis" else v) for k, v in result["mapping"].items()}
    with pytest.raises(InvalidInput, match="retarget root"):
        plan_source_rig(result, mixamo())


def test_edits_move_chain_ends() -> None:
    result = ground_truth_result()
    edited = apply_edits(result, {"mixamorig:LeftHand": None, "mixamorig:LeftForeArm": "hand_l"})
    arm = next(c for c in edited["chains"] if c["name"] == "LeftArm")
    assert arm["end"] == "mixamorig:LeftForeArm"
    assert next(g for g in edited["ik_goals"] if g["name"] == "LeftHandIK")["bone"] == "mixamorig:LeftForeArm"
    cleared = apply_edits(result, {"mixamorig:Head": None})
    assert "Head" not in [c["name"] for c in cleared["chains"]]


# ---- naming ---------------------------------------------------------------------------------------------------
def test_names_never_overwrite_by_default() -> None:
    existing = {"/Game/R/IK_SK_Hero", "/Game/R/IK_SK_Hero_2", "/Game/R/RTG_SK_Hero_to_ue5_manny"}
    names = plan_names("/Game/R", "SK Hero", "ue5_manny", existing.__contains__)
    assert (names.source_rig, names.target_rig, names.retargeter) == \
        ("IK_SK_Hero_3", "IK_ue5_manny", "RTG_SK_Hero_to_ue5_manny_2")
    assert names.overwrite == ()
    agreed = plan_names("/Game/R", "SK Hero", "ue5_manny", existing.__contains__, overwrite=True)
    assert agreed.source_rig == "IK_SK_Hero" and "/Game/R/IK_SK_Hero" in agreed.overwrite
    reuse = plan_names("/Game/R", "SK Hero", "ue5_manny", existing.__contains__, reuse_target_rig="/Game/IK_M")
    assert reuse.target_rig == "" and reuse.reused_target_rig == "/Game/IK_M"


def test_sanitize_and_unique() -> None:
    assert sanitize("mixamorig:Hips.001") == "mixamorig_Hips_001"
    assert sanitize("3d rig") == "A_3d_rig"
    assert unique_name("/G", "A", lambda p: p == "/G/A", taken={"A_2"}) == "A_3"


# ---- review ---------------------------------------------------------------------------------------------------
def _review() -> ReviewModel:
    low = {"mixamorig:LeftHand": 0.3, "mixamorig:Neck": 0.5, "mixamorig:HeadTop_End": 0.1}
    return ReviewModel(ground_truth_result(low=low), 0.6, [b["name"] for b in manny_bones()])


def test_review_lists_low_confidence_first() -> None:
    review = _review()
    assert [r.source for r in review.low_confidence()] == ["mixamorig:HeadTop_End", "mixamorig:LeftHand",
                                                          "mixamorig:Neck"]
    assert review.needs_review()


def test_review_accept_change_clear_and_feedback(tmp_path: Path) -> None:
    review = _review()
    review.accept("mixamorig:Neck")
    with pytest.raises(InvalidInput, match="already mapped"):
        review.change("mixamorig:LeftHand", "head")
    with pytest.raises(InvalidInput, match="not a bone of the target"):
        review.change("mixamorig:LeftHand", "hand_left")
    review.clear("mixamorig:LeftHand")
    review.change("mixamorig:LeftForeArm", "hand_l")
    review.accept_all(review.low_confidence())
    assert not review.needs_review()
    final = review.final_mapping()
    assert final["mixamorig:LeftHand"] is None and final["mixamorig:LeftForeArm"] == "hand_l"
    fb = {f["source_bone"]: f for f in review.feedback()}
    assert fb["mixamorig:LeftHand"]["corrected"] is None and fb["mixamorig:LeftHand"]["predicted"] == "hand_l"
    assert fb["mixamorig:Neck"]["accepted"] is True
    assert "mixamorig:Spine" not in fb, "confident, untouched bones are not feedback"
    path = review.save(tmp_path / "r.json")
    data = json.loads(path.read_text())
    arm = next(c for c in data["result"]["chains"] if c["name"] == "LeftArm")
    assert arm["end"] == "mixamorig:LeftForeArm"
    again = ReviewModel.load(path)
    assert again.final_mapping() == final


# ---- settings -------------------------------------------------------------------------------------------------
def test_settings_file_roundtrip_and_strictness(tmp_path: Path) -> None:
    path = tmp_path / "Saved" / "EngineMind" / "settings.json"
    s = settings_mod.load(path)
    assert path.exists() and s.default_target == "ue5_manny"
    data = json.loads(path.read_text())
    data["confidence_treshold"] = 0.5
    path.write_text(json.dumps(data))
    with pytest.raises(InvalidInput, match="confidence_treshold"):
        settings_mod.load(path)
    with pytest.raises(InvalidInput, match="within 0..1"):
        settings_mod.Settings(confidence_threshold=2)
    with pytest.raises(InvalidInput, match="/Game"):
        settings_mod.Settings(output_folder="C:/x")


# ---- versions -------------------------------------------------------------------------------------------------
def test_engine_versions_and_branches() -> None:
    v = EngineVersion.parse("5.5.4-40574608+++UE5+Release-5.5")
    assert v == EngineVersion(5, 5, 4) and not v.struct_solvers and not v.batch_overwrite_flag
    assert EngineVersion.parse("5.6.0-43139311+++UE5+Release-5.6").retarget_op_stack
    assert EngineVersion.parse("5.7").batch_overwrite_flag and EngineVersion(5, 8).is_newer_than_checked
    with pytest.raises(UnsupportedEngine, match="5.4 or later"):
        EngineVersion.parse("5.3.2").check_supported()
    with pytest.raises(UnsupportedEngine):
        EngineVersion.parse("garbage")


# ---- tick runner ----------------------------------------------------------------------------------------------
def test_tick_runner_delivers_on_the_ticking_thread() -> None:
    callbacks: dict[int, object] = {}
    runner = TickRunner(lambda cb: callbacks.setdefault(1, cb) and 1, lambda h: callbacks.pop(h))
    seen: list[tuple[str, object]] = []
    gate = threading.Event()
    runner.submit(lambda: (gate.wait(5), threading.current_thread().name)[1], lambda r: seen.append(("ok", r)),
                  lambda e: seen.append(("err", e)), timeout_s=5, label="slow")
    runner.submit(lambda: 1 / 0, lambda r: seen.append(("ok", r)), lambda e: seen.append(("err", type(e))),
                  timeout_s=5)
    assert 1 in callbacks, "a Slate tick callback is registered while work is pending"
    time.sleep(0.05)
    runner.tick()
    assert seen == [("err", ZeroDivisionError)], "finished work is delivered, pending work waits"
    gate.set()
    runner.drain(5)
    assert seen[1][0] == "ok" and seen[1][1] == "enginemind-slow", "the call ran off the ticking thread"
    assert not callbacks, "the tick callback is removed when idle"


def test_tick_runner_times_out() -> None:
    runner = TickRunner()
    errors: list[BaseException] = []
    stop = threading.Event()
    runner.submit(lambda: stop.wait(5), lambda r: None, errors.append, timeout_s=0.05, label="MapSkeleton")
    time.sleep(0.1)
    runner.tick()
    stop.set()
    assert isinstance(errors[0], TimeoutError) and "rpc_timeout_s" in str(errors[0])


def test_tick_runner_keeps_ticking_for_work_submitted_by_a_callback() -> None:
    callbacks: dict[int, object] = {}
    runner = TickRunner(lambda cb: callbacks.setdefault(1, cb) and 1, lambda h: callbacks.pop(h))
    seen: list[str] = []
    runner.submit(lambda: "first", lambda r: runner.submit(lambda: "second", seen.append, seen.append,
                                                              timeout_s=5), seen.append, timeout_s=5)
    deadline = time.monotonic() + 5
    while "second" not in seen and time.monotonic() < deadline:
        for cb in list(callbacks.values()):
            cb(0.01)  # type: ignore[operator]
        time.sleep(0.01)
    assert seen == ["second"] and not callbacks


def test_saved_edits_apply_as_a_batch() -> None:
    """A swap (A->x, B->y becomes A->y, B->x) is valid as a whole though each single edit would collide."""
    review = _review()
    warnings = review.apply_saved([
        {"source": "mixamorig:LeftArm", "status": "changed", "chosen": "lowerarm_l"},
        {"source": "mixamorig:LeftForeArm", "status": "changed", "chosen": "upperarm_l"},
        {"source": "mixamorig:Neck", "status": "changed", "chosen": "head"},  # collides with Head: dropped
        {"source": "ghost", "status": "cleared"},
    ])
    final = review.final_mapping()
    assert final["mixamorig:LeftArm"] == "lowerarm_l" and final["mixamorig:LeftForeArm"] == "upperarm_l"
    assert final["mixamorig:Neck"] == "neck_01" and len(warnings) == 1 and "head" in warnings[0]


def test_reference_pose_composes_parent_space_transforms() -> None:
    """FTransform Child * Parent: the parent's rotation and scale apply to the child's translation."""
    import math

    from enginemind_unreal.pose import Xform, to_component_space

    half = math.sqrt(0.5)
    yaw90 = (0.0, 0.0, half, half)  # 90 degrees about +Z: +X -> +Y
    world = to_component_space(
        ["root", "spine", "arm"], [None, "root", "spine"],
        [Xform((0.0, 0.0, 100.0), yaw90, (2.0, 2.0, 2.0)), Xform((10.0, 0.0, 0.0)), Xform((0.0, 5.0, 0.0))])
    assert world[1].t == pytest.approx((0.0, 20.0, 100.0))  # rotated and scaled by the root
    assert world[2].t == pytest.approx((-10.0, 20.0, 100.0))
    assert world[2].q == pytest.approx(yaw90)
    with pytest.raises(ValueError, match="before its parent"):
        to_component_space(["a", "b"], ["b", None], [Xform(), Xform()])


def test_nested_tick_inside_a_callback_delivers_nothing() -> None:
    """A modal dialog or ScopedSlowTask inside a result callback ticks Slate, which calls the runner again: another
    job's result must not run in the middle of the first one's asset building."""
    runner = TickRunner()
    order: list[str] = []

    def first_done(_: object) -> None:
        order.append("first:start")
        second = runner.submit(lambda: "b", lambda r: order.append("second"), lambda e: None, timeout_s=10)
        assert second.done.wait(5)
        runner.tick()  # the nested Slate tick of a modal dialog
        order.append("first:end")

    runner.submit(lambda: "a", first_done, lambda e: None, timeout_s=10, label="a")
    runner.drain(timeout_s=10)
    assert order == ["first:start", "first:end", "second"]
