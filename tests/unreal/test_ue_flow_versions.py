"""The ``unreal``-calling modules against the index-generated fake editor of every supported version."""

from __future__ import annotations

from pathlib import Path

import pytest

from enginemind_unreal.chains import plan_source_rig
from enginemind_unreal.version import EngineVersion
from tests.unreal.devrigs import MANNY_PATH, ground_truth_result, manny_bones, mixamo_bones
from tests.unreal.fake_editor import FakeEditor
from tests.unreal.fake_unreal import SUPPORTED


@pytest.fixture(params=SUPPORTED)
def fake(request: pytest.FixtureRequest, tmp_path: Path):
    editor = FakeEditor(request.param, tmp_path / "Project")
    with editor.installed():
        yield editor


def _build_all(fake: FakeEditor):
    from enginemind_unreal.ue import assets, batch, editor, ik_rig, retargeter
    from enginemind_unreal.ue.skeleton_reader import read_skeleton

    src = fake.add_skeletal_mesh("/Game/Mixamo/SK_Mixamo", mixamo_bones())
    tgt = fake.add_skeletal_mesh(MANNY_PATH, manny_bones())
    anims = [fake.add_anim_sequence(f"/Game/Mixamo/Anims/Walk_{i}") for i in range(10)]
    version = editor.engine_version()
    skeleton = read_skeleton(src)
    plan = plan_source_rig(ground_truth_result(), skeleton)
    folder = "/Game/EngineMind/Retarget"
    src_rig = assets.create_ik_rig(folder, "IK_SK_Mixamo")
    chains = ik_rig.build_source_rig(src_rig, src, plan, version)
    tgt_rig = assets.create_ik_rig(folder, "IK_Manny")
    tgt_chains = ik_rig.build_target_rig(tgt_rig, tgt)
    rtg = assets.create_retargeter(folder, "RTG_Mixamo_to_Manny")
    report = retargeter.build_retargeter(rtg, src_rig, tgt_rig, src, tgt, plan.chain_pairs(), version)
    created = batch.retarget_animations(anims, src, tgt, rtg, "_Manny", version)
    return version, skeleton, plan, chains, tgt_chains, report, created, (src_rig, tgt_rig, rtg)


def test_engine_version_branch(fake: FakeEditor) -> None:
    from enginemind_unreal.ue import editor

    v = editor.engine_version()
    assert f"{v.major}.{v.minor}" == fake.version
    v.check_supported()


def test_full_authoring_flow(fake: FakeEditor) -> None:
    version, skeleton, plan, chains, tgt_chains, report, created, (src_rig, tgt_rig, rtg) = _build_all(fake)
    assert len(skeleton.bones) == len(mixamo_bones())
    assert skeleton.bones[0].parent is None and skeleton.bones[0].position is not None
    rig = fake.rigs[id(src_rig)]
    assert rig.retarget_root == "mixamorig:Hips"
    assert set(chains) == set(rig.chains) and "LeftArm" in rig.chains and "RightLeg" in rig.chains
    assert rig.chains["LeftArm"] == {"start": "mixamorig:LeftArm", "end": "mixamorig:LeftHand", "goal": "LeftHandIK"}
    assert rig.goals["LeftFootIK"] == "mixamorig:LeftFoot"
    assert all(rig.goal_solvers[g] == {0} for g in rig.goals), "every goal is connected to the FBIK solver"
    assert rig.solver_roots == {0: "mixamorig:Hips"}
    if version >= EngineVersion(5, 6):
        assert rig.solvers == ["/Script/IKRig.IKRigFullBodyIKSolver"]
        assert "IKRigController.set_start_bone" in fake.call_names()
    else:
        assert rig.solvers[0]._fake_name == "IKRigFBIKSolver"
        assert "IKRigController.set_root_bone" in fake.call_names()
    rs = fake.retargeters[id(rtg)]
    assert rs.rigs == {"SOURCE": src_rig, "TARGET": tgt_rig}
    assert rs.chain_map["LeftArm"] == "LeftArm" and rs.chain_map["Spine"] == "Spine"
    assert report["unmapped"] == [] and {s for s, _ in report["mapped"]} == set(chains)
    assert rs.aligned == ["TARGET"]
    assert rs.ops == (["PelvisMotion", "FKChains", "IKChains", "RunIKRig", "RootMotion"] if version.retarget_op_stack
                      else [])
    assert ("IKRetargeterController.assign_ik_rig_to_all_ops" in fake.call_names()) == (fake.version == "5.7")
    batch_calls = [c for n, c in fake.calls if n == "IKRetargetBatchOperation.duplicate_and_retarget"]
    assert len(batch_calls) == 1, "one call: the engine de-duplicates referenced assets within a call"
    assert ("overwrite_existing_files" in batch_calls[0]) == (fake.version == "5.7")
    assert len(created) == 10 and created[0].endswith("_Manny")


def test_wrong_parameter_name_fails_in_that_version(fake: FakeEditor) -> None:
    """The fake is strict: 5.6's op_name does not exist in 5.4/5.5, 5.4's signature works everywhere."""
    u = fake.unreal
    ctrl = u.IKRetargeterController()
    if fake.version in ("5.4", "5.5"):
        with pytest.raises(TypeError):
            ctrl.auto_map_chains(u.AutoMapChainType.EXACT, True, op_name="FK")
        with pytest.raises(AttributeError):
            ctrl.add_default_ops()
    else:
        with pytest.raises(AttributeError):
            _ = u.IKRigFBIKSolver
    with pytest.raises(AttributeError):
        _ = u.IKRetargetBatchOperationInputs


def test_menus_registered(fake: FakeEditor) -> None:
    from enginemind_unreal.ue import menus

    touched = menus.register()
    assert fake.menus[menus.ASSET_MENU] == [("EngineMind", "Retarget with EngineMind...")]
    labels = [label for _, label in fake.menus[menus.SUBMENU]]
    assert labels == ["Retarget with EngineMind...", "Open mapping review", "Remove assets of the last retarget",
                      "Start backend", "Stop backend", "Backend status"]
    assert menus.TOOLS_MENU in touched


def test_init_unreal_runs(fake: FakeEditor) -> None:
    import runpy

    from tests.unreal.conftest import PLUGIN_PY

    runpy.run_path(str(PLUGIN_PY / "init_unreal.py"))
    assert not [m for level, m in fake.logs if level == "error"]
    assert "ContentBrowser.AssetContextMenu.SkeletalMesh" in fake.menus


def test_struct_solver_path_fallback_and_refusal(fake: FakeEditor) -> None:
    """5.6+: if the engine refuses the first struct path the second spelling is tried; both refused -> error."""
    from enginemind_unreal.errors import EngineMindError
    from enginemind_unreal.ue import editor, ik_rig

    version = editor.engine_version()
    if not version.struct_solvers:
        pytest.skip("UObject solvers before 5.6")
    accepted: list[str] = []

    def add_solver(ctrl: object, ik_rig_solver_type: str) -> int:
        accepted.append(ik_rig_solver_type)
        return 0 if ik_rig_solver_type == "/Script/IKRig.FullBodyIKSolver" else -1

    fake.unreal.fake_handlers["IKRigController.add_solver"] = add_solver
    rig = fake.unreal.IKRigDefinition()
    ctrl = fake.unreal.IKRigController.get_controller(rig)
    fake.rigs[id(rig)].mesh = fake.add_skeletal_mesh("/Game/M", mixamo_bones())
    assert ik_rig.add_full_body_ik(ctrl, "mixamorig:Hips", version) == 0
    assert accepted == list(ik_rig.FBIK_STRUCT_PATHS)
    fake.unreal.fake_handlers["IKRigController.add_solver"] = lambda ctrl, ik_rig_solver_type: -1
    with pytest.raises(EngineMindError, match="refused the full-body IK solver"):
        ik_rig.add_full_body_ik(ctrl, "mixamorig:Hips", version)


def test_review_table_edits(fake: FakeEditor) -> None:
    """The details-view table: clear one bone, retarget another, leave the rest (accepted)."""
    from enginemind_unreal.review import ReviewModel
    from enginemind_unreal.ue import review_dialog

    low = {"mixamorig:LeftHand": 0.3, "mixamorig:LeftForeArm": 0.4, "mixamorig:Neck": 0.5}
    review = ReviewModel(ground_truth_result(low=low), 0.6, [b["name"] for b in manny_bones()])

    def artist(title: str, obj: object) -> bool:
        bones = obj.get_editor_property("bones")  # type: ignore[attr-defined]
        by_name = {str(b.get_editor_property("source_bone")): b for b in bones}
        assert set(by_name) == set(low) and by_name["mixamorig:LeftHand"].get_editor_property("target_bone") == "hand_l"
        by_name["mixamorig:LeftHand"].set_editor_property("target_bone", "")
        by_name["mixamorig:LeftForeArm"].set_editor_property("target_bone", "hand_l")
        return True

    fake.details_policy = artist
    ok, warnings = review_dialog.edit_rows(review, review.low_confidence())
    assert ok and not warnings
    final = review.final_mapping()
    assert final["mixamorig:LeftHand"] is None and final["mixamorig:LeftForeArm"] == "hand_l"
    assert review.rows["mixamorig:Neck"].status == "accepted"
    fake.details_policy = lambda title, obj: False
    assert review_dialog.edit_rows(review, review.low_confidence()) == (False, [])


def test_skeleton_is_read_from_the_reference_skeleton(fake: FakeEditor) -> None:
    """The cheap read: no mesh description copied, component-space positions (mirrored into the backend's
    right-handed axes: ``test_handedness.py``), engine content readable too."""
    from enginemind_unreal.skeleton import right_handed_position
    from enginemind_unreal.ue.skeleton_reader import read_skeleton

    bones = mixamo_bones()
    src = fake.add_skeletal_mesh("/Engine/EngineMeshes/SK_Mixamo", bones)
    skeleton = read_skeleton(src)
    assert fake.mesh_description_copies == 0, "SkeletonModifier clones the LOD0 mesh description"
    assert [b.name for b in skeleton.bones] == [b["name"] for b in bones]
    by_name = {b.name: b for b in skeleton.bones}
    for b in bones:
        assert by_name[b["name"]].parent == b["parent"]
        if b.get("rest_position"):
            assert by_name[b["name"]].position == pytest.approx(right_handed_position(tuple(b["rest_position"])))


def test_skeleton_reader_falls_back_and_names_the_cause(fake: FakeEditor) -> None:
    from enginemind_unreal.errors import InvalidInput
    from enginemind_unreal.ue.skeleton_reader import read_skeleton

    def broken(comp: object) -> int:
        raise RuntimeError("no component route here")

    fake.unreal.fake_handlers["SkinnedMeshComponent.get_num_bones"] = broken
    game = fake.add_skeletal_mesh("/Game/Mixamo/SK_Mixamo", mixamo_bones())
    assert len(read_skeleton(game).bones) == len(mixamo_bones())
    assert fake.mesh_description_copies == 1, "the SkeletonModifier fallback"
    engine = fake.add_skeletal_mesh("/Engine/EngineMeshes/SK_Mixamo", mixamo_bones())
    with pytest.raises(InvalidInput, match=r"no component route here.*refuses engine content.*duplicate the mesh"):
        read_skeleton(engine)


def _flow(fake: FakeEditor):  # type: ignore[no-untyped-def]
    from enginemind_unreal.session import BackendSession
    from enginemind_unreal.settings import Settings
    from enginemind_unreal.tasks import TickRunner
    from enginemind_unreal.ue.flow import RetargetFlow

    settings = Settings(data_dir=str(fake.project_dir / "no-backend"), confidence_threshold=0.0)
    return RetargetFlow(settings, BackendSession(settings), TickRunner())


def _build(fake: FakeEditor, flow, mesh_path: str, anims: list | None = None):  # type: ignore[no-untyped-def]
    """One retarget of ``mesh_path`` onto Manny through RetargetFlow.build, with the ground-truth mapping."""
    from enginemind_unreal.review import ReviewModel
    from enginemind_unreal.ue import editor
    from enginemind_unreal.ue.flow import RetargetJob
    from enginemind_unreal.ue.skeleton_reader import read_skeleton

    src = fake.assets.get(mesh_path) or fake.add_skeletal_mesh(mesh_path, mixamo_bones())
    tgt = fake.assets.get(MANNY_PATH) or fake.add_skeletal_mesh(MANNY_PATH, manny_bones())
    job = RetargetJob(src, tgt, list(anims or []), editor.engine_version(), read_skeleton(src), "ue5_manny")
    job.result = ground_truth_result()
    job.review = ReviewModel(job.result, 0.0, [b["name"] for b in manny_bones()])
    flow.jobs.append(job)
    flow.build(job)
    assert job.status == "done", job.report
    return job


def test_second_mesh_reuses_the_target_rig_and_nothing_is_force_deleted(fake: FakeEditor) -> None:
    flow = _flow(fake)
    first = _build(fake, flow, "/Game/Mixamo/SK_Mixamo")
    fake.dialog_policy = lambda title, message, kind: "YES"  # an artist who says Replace to everything
    second = _build(fake, flow, "/Game/Mixamo/SK_Other")
    assert second.created["target_rig"] == first.created["target_rig"], "IK_ue5_manny is shared, not replaced"
    assert not [m for _, m, _ in fake.dialogs if "already exist" in m]
    first_rtg = fake.retargeters[id(fake.assets[first.created["retargeter"]])]
    assert first_rtg.rigs["TARGET"] is fake.assets[first.created["target_rig"]], "the first retargeter still works"
    # the same mesh again, Replace: the old retargeter and source rig go (only they referenced each other)
    again = _build(fake, flow, "/Game/Mixamo/SK_Mixamo")
    assert again.created["source_rig"] == first.created["source_rig"] and again.replace
    assert not fake.force_deleted, fake.force_deleted
    assert fake.transactions == [] and fake.in_transaction == []
    fake.undo()  # Edit > Undo: nothing of this run is in an undo step, so nothing is emptied
    assert fake.rigs[id(fake.assets[again.created["source_rig"]])].chains


def test_replace_keeps_an_asset_that_another_asset_uses(fake: FakeEditor) -> None:
    from enginemind_unreal.ue import assets

    flow = _flow(fake)
    first = _build(fake, flow, "/Game/Mixamo/SK_Mixamo")
    # the artist made their own retargeter from our source rig
    mine = assets.create_retargeter("/Game/Mine", "RTG_Mine")
    fake.unreal.IKRetargeterController.get_controller(mine).set_ik_rig(
        fake.unreal.RetargetSourceOrTarget.SOURCE, fake.assets[first.created["source_rig"]])
    fake.dialog_policy = lambda title, message, kind: "YES"
    again = _build(fake, flow, "/Game/Mixamo/SK_Mixamo")
    question = next(m for _, m, _ in fake.dialogs if "already exist" in m)
    assert "used by /Game/Mine/RTG_Mine" in question
    assert again.created["source_rig"].endswith("IK_SK_Mixamo_2"), "a numbered name instead of a force delete"
    assert first.created["source_rig"] in fake.assets and not fake.force_deleted
    with pytest.raises(Exception, match="used by /Game/Mine/RTG_Mine"):
        flow.remove_created(first)
    assert first.created["retargeter"] in fake.assets, "nothing is deleted when one asset is still in use"


def test_remove_created_and_batch_output(fake: FakeEditor) -> None:
    """The batch runs once (a shared referenced sequence is duplicated once), saves what it made; 'Remove assets
    of the last retarget' deletes exactly what the run created, the reused target rig stays."""
    base = fake.add_anim_sequence("/Game/Mixamo/Anims/BasePose")
    anims = [fake.add_anim_sequence(f"/Game/Mixamo/Anims/Walk_{i}", refs=[base._fake_props["_path"]])
             for i in range(10)]
    flow = _flow(fake)
    first = _build(fake, flow, "/Game/Mixamo/SK_Mixamo")
    job = _build(fake, flow, "/Game/Mixamo/SK_Other", anims + anims[:2])
    duplicates_of_base = [p for p in fake.batch_outputs if p.startswith("/Game/Mixamo/Anims/BasePose")]
    assert len(duplicates_of_base) == 1 and len(job.report["animations"]) == 11
    assert set(job.report["animations"]) <= set(fake.saved), "retargeted sequences are saved"
    deleted = flow.remove_created(job)
    assert set(deleted) == {job.created["source_rig"], job.created["retargeter"], *job.report["animations"]}
    assert first.created["target_rig"] in fake.assets and first.created["retargeter"] in fake.assets
