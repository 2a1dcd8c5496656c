"""End to end: the Content Browser action drives the whole retarget against the fake editor of a given engine
version and a REAL backend (``enginemind serve`` on a free port, real PostgreSQL), with the Mixamo dev rig."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from enginemind_unreal import settings as settings_mod
from tests.unreal.devrigs import MANNY_PATH, manny_bones, mixamo_bones
from tests.unreal.fake_editor import FakeEditor


def _editor(version: str, tmp_path: Path, data_dir: Path, **overrides: Any) -> FakeEditor:
    fake = FakeEditor(version, tmp_path / "Project")
    settings = settings_mod.Settings(**{"data_dir": str(data_dir), "auto_start_backend": False,
                                        "open_review_file": False, **overrides})
    settings_mod.save(fake.project_dir / "Saved" / "EngineMind" / "settings.json", settings)
    return fake


def _run(fake: FakeEditor, timeout_s: float = 120.0) -> Any:
    from enginemind_unreal.ue import app

    app.reset()
    job = app.retarget_selected()
    assert job is not None, f"the action refused to start: {fake.dialogs}"
    deadline = time.monotonic() + timeout_s
    while job.status in ("mapping", "review", "building") or app.state()["runner"].busy():
        assert time.monotonic() < deadline, f"retarget did not finish: {job.status}"
        fake.tick()
        time.sleep(0.02)
    return job, app


@pytest.mark.slow
@pytest.mark.parametrize("version", ["5.5", "5.6", "5.7"])
def test_retarget_mixamo_onto_manny(version: str, backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = _editor(version, tmp_path, backend.data_dir, confidence_threshold=0.99)
    with fake.installed():
        src = fake.add_skeletal_mesh("/Game/Mixamo/SK_Mixamo", mixamo_bones())
        fake.add_skeletal_mesh(MANNY_PATH, manny_bones())
        anims = [fake.add_anim_sequence(f"/Game/Mixamo/Anims/Run_{i}") for i in range(3)]
        fake.selection = [src, *anims]
        fake.dialog_answers = ["YES"]  # accept the low-confidence bones
        job, app = _run(fake)
        assert job.status == "done", job.report.get("error") or fake.dialogs
        # the review table came first, listing the least confident bones with editable targets
        (title, table), = fake.details_views
        rows = [(str(b.get_editor_property("source_bone")), b.get_editor_property("confidence"))
                for b in table.get_editor_property("bones")]
        assert "below 99%" in title and rows and all(c < 0.99 for _, c in rows)
        # IK Rig / Retargeter calls as the editor would have received them
        names = fake.call_names()
        assert names.index("IKRigController.add_retarget_chain") < names.index("IKRetargeterController.set_ik_rig")
        rig = fake.rigs[id(fake.assets[job.created["source_rig"]])]
        assert rig.retarget_root == "mixamorig:Hips"
        assert rig.chains["LeftArm"]["end"] == "mixamorig:LeftHand" and rig.chains["LeftArm"]["goal"]
        assert rig.chains["RightLeg"]["start"] == "mixamorig:RightUpLeg"
        rtg = fake.retargeters[id(fake.assets[job.created["retargeter"]])]
        assert {"LeftArm", "RightArm", "LeftLeg", "RightLeg", "Spine", "Head"} <= set(rtg.chain_map)
        assert rtg.aligned == ["TARGET"]
        assert len(job.report["animations"]) == 3
        assert set(job.report["animations"]) <= set(fake.saved), "the batch's sequences are saved"
        assert fake.transactions == [] and fake.frames, "no undo step that Undo could not honour"
        saved = json.loads(Path(job.created["review"]).read_text())
        assert saved["result"]["retarget_root"] == "mixamorig:Hips"
        accepted = {r.source for r in job.review.rows.values() if r.status == "accepted"}
        assert accepted, "the artist accepted low-confidence bones"
        # a second run: the accepted bones come back from the stored feedback; existing assets are kept
        asked: list[str] = []
        fake.dialog_policy = lambda title, message, kind: asked.append(message) or "NO"
        job2, _ = _run(fake)
        assert job2.status == "done", job2.report.get("error")
        assert all(job2.result["source"][b] == "feedback" for b in accepted), "SubmitMappingFeedback was stored"
        assert not any("low-confidence" in m for m in asked) and any("already exist" in m for m in asked)
        assert job2.created["source_rig"].endswith("IK_SK_Mixamo_2")
        assert job2.created["retargeter"] != job.created["retargeter"]
        assert job2.created["target_rig"] == job.created["target_rig"], "the target IK Rig is shared and reused"
        assert not fake.force_deleted
        # a third run cancelled in the progress dialog after the source rig: it stops, nothing further is made
        fake.cancel_after_frames = len(fake.frames) + 1
        rigs_before = len(fake.rigs)
        job3, _ = _run(fake)
        assert job3.status == "cancelled" and "retargeter" not in job3.created
        assert len(fake.rigs) == rigs_before + 1 and len(fake.retargeters) == 2
        assert any("cancelled" in m for level, m in fake.logs if level == "warning")


@pytest.mark.slow
def test_review_change_and_clear_then_retarget(backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Without the table (review_in_editor off): No = save the review; the artist edits it (change one bone,
    clear another); Retarget applies the edits, moves the chains with them and sends the corrections back."""
    fake = _editor("5.6", tmp_path, backend.data_dir, confidence_threshold=0.99, review_in_editor=False)
    with fake.installed():
        src = fake.add_skeletal_mesh("/Game/Mixamo/SK_Mixamo", mixamo_bones())
        fake.add_skeletal_mesh(MANNY_PATH, manny_bones())
        fake.selection = [src]
        fake.dialog_answers = ["NO"]
        job, _ = _run(fake)
        assert job.status == "cancelled" and not fake.rigs, "nothing is created before the review"
        path = Path(job.report["review_file"])
        review = json.loads(path.read_text())
        rows = {r["source"]: r for r in review["rows"]}
        assert rows["mixamorig:LeftHand"]["suggested"] == "hand_l"
        rows["mixamorig:LeftHand"].update(status="cleared", chosen=None)
        rows["mixamorig:LeftForeArm"].update(status="changed", chosen="hand_l")
        rows["mixamorig:LeftArm"].update(status="changed", chosen="lowerarm_l")
        rows["mixamorig:LeftShoulder"].update(status="changed", chosen="upperarm_l")
        path.write_text(json.dumps(review))
        fake.dialog_policy = lambda title, message, kind: "YES"
        job2, _ = _run(fake)
        assert job2.status == "done", job2.report.get("error")
        final = job2.review.final_mapping()
        assert final["mixamorig:LeftHand"] is None and final["mixamorig:LeftForeArm"] == "hand_l"
        rig = fake.rigs[id(fake.assets[job2.created["source_rig"]])]
        assert rig.chains["LeftArm"]["start"] == "mixamorig:LeftShoulder"
        assert rig.chains["LeftArm"]["end"] == "mixamorig:LeftForeArm"
        assert rig.goals["LeftHandIK"] == "mixamorig:LeftForeArm"
        assert not path.exists(), "the pending review is consumed"
        saved = json.loads(Path(job2.created["review"]).read_text())
        assert {r["source"]: r["status"] for r in saved["rows"]}["mixamorig:LeftHand"] == "cleared"
        # the corrections were stored: mapping the same skeleton again returns them
        from enginemind_unreal.ue import app

        client = app.state()["session"].get_client()
        again = client.map_skeleton(job2.skeleton.to_dict(), "ue5_manny")
        assert again["mapping"]["mixamorig:LeftForeArm"] == "hand_l" and again["mapping"]["mixamorig:LeftHand"] is None


@pytest.mark.slow
def test_second_selected_mesh_is_the_target(backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two meshes selected: skeleton-to-skeleton mapping (target_skeleton), a target IK Rig for that mesh."""
    fake = _editor("5.5", tmp_path, backend.data_dir, confidence_threshold=0.0)
    with fake.installed():
        src = fake.add_skeletal_mesh("/Game/Mixamo/SK_Mixamo", mixamo_bones())
        other = fake.add_skeletal_mesh("/Game/Heroes/SK_Hero", manny_bones())
        fake.selection = [src, other]
        fake.dialog_policy = lambda title, message, kind: "YES"
        job, _ = _run(fake)
        assert job.status == "done", job.report.get("error")
        assert "onto SK_Hero" in fake.dialogs[0][1], "the artist confirms the target"
        assert job.target_skeleton is not None and job.created["target_rig"].endswith("IK_SK_Hero")
        rtg = fake.retargeters[id(fake.assets[job.created["retargeter"]])]
        assert rtg.preview["TARGET"] is other
        assert {"LeftArm", "RightLeg", "Spine"} <= set(rtg.chain_map)


def test_backend_down_is_explained_and_creates_nothing(tmp_path: Path) -> None:
    fake = _editor("5.6", tmp_path, tmp_path / "no-backend")
    with fake.installed():
        src = fake.add_skeletal_mesh("/Game/Mixamo/SK_Mixamo", mixamo_bones())
        fake.add_skeletal_mesh(MANNY_PATH, manny_bones())
        fake.selection = [src]
        job, app = _run(fake, timeout_s=30)
        assert job.status == "failed"
        assert "no EngineMind backend is running" in job.report["error"]
        assert "Start backend" in fake.dialogs[-1][1] and fake.dialogs[-1][0].startswith("EngineMind: error")
        assert not fake.rigs and not fake.transactions, "nothing is created when mapping fails"


def test_nothing_selected_is_explained(tmp_path: Path) -> None:
    fake = _editor("5.4", tmp_path, tmp_path / "nodata")
    with fake.installed():
        from enginemind_unreal.ue import app

        app.reset()
        assert app.retarget_selected() is None
        assert "select a Skeletal Mesh" in fake.dialogs[-1][1]


@pytest.mark.slow
def test_first_run_starts_the_backend_then_menu_stops_it(tmp_path: Path, database_url: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """UE 5.4, nothing running: Backend status says so; Retarget starts ``enginemind serve`` (the configured
    interpreter), maps and builds; Backend status reports it; Stop backend ends it."""
    monkeypatch.setenv("ENGINEMIND_DATABASE_URL", database_url)
    data_dir = tmp_path / "data"
    fake = _editor("5.4", tmp_path, data_dir, auto_start_backend=True,
                   backend_command=[sys.executable, "-m", "enginemind", "serve"])
    with fake.installed():
        from enginemind_unreal.ue import app

        app.reset()
        app.backend_status()
        _drain(fake, app)
        assert fake.dialogs[-1][1].startswith("not connected")
        src = fake.add_skeletal_mesh("/Game/Mixamo/SK_Mixamo", mixamo_bones())
        fake.add_skeletal_mesh(MANNY_PATH, manny_bones())
        fake.selection = [src]
        fake.dialog_policy = lambda title, message, kind: "YES"
        job, app = _run(fake)
        assert job.status == "done", job.report.get("error")
        proc = app.state()["session"].proc
        assert proc is not None and proc.poll() is None, "the editor started the backend"
        app.backend_status()
        _drain(fake, app)
        assert fake.dialogs[-1][1].startswith("connected to EngineMind")
        app.stop_backend()
        _drain(fake, app)
        assert "stopped" in fake.dialogs[-1][1] and proc.poll() is not None
        assert not (data_dir / "server.json").exists()


def _drain(fake: FakeEditor, app: Any, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while app.state()["runner"].busy():
        assert time.monotonic() < deadline, "background work did not finish"
        fake.tick()
        time.sleep(0.02)
