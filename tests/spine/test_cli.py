"""The ``enginemind`` CLI as a user runs it: a subprocess against a real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from enginemind.cli import build_parser


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "enginemind", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_help_lists_every_command() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    out = _cli("-h").stdout
    for name in commands:
        assert name in out
    assert {"serve", "worker", "jobs", "models", "doctor", "demo"} <= set(commands)


def test_jobs_and_models_commands(backend, tmp_path: Path) -> None:
    d = str(backend.data_dir)
    submitted = _cli("jobs", "submit", "demo", "--config", '{"steps": 40}', "--watch", "--data-dir", d)
    assert submitted.returncode == 0, submitted.stderr
    job_id = submitted.stdout.split()[0]
    shown = submitted.stdout + submitted.stderr
    assert "[succeeded]" in shown and "registered model demo-regressor v1" in shown and "40/40" in shown
    listed = _cli("jobs", "list", "--data-dir", d, "--state", "succeeded")
    assert job_id in listed.stdout
    assert "demo-regressor v1" in _cli("models", "list", "--data-dir", d).stdout
    assert _cli("models", "alias", "demo-regressor", "1", "production", "--data-dir", d).returncode == 0
    out = tmp_path / "m.safetensors"
    dl = _cli("models", "download", "demo-regressor", "--alias", "production", "--out", str(out), "--data-dir", d)
    assert dl.returncode == 0 and out.stat().st_size > 0
    bad = _cli("jobs", "submit", "demo", "--config", '{"nope": 1}', "--data-dir", d)
    assert bad.returncode == 1 and "INVALID_ARGUMENT" in bad.stderr and "nope" in bad.stderr
    failed = _cli("jobs", "submit", "demo", "--config", '{"crash_at_step": 2}', "--watch", "--data-dir", d)
    assert failed.returncode == 1 and "[failed]" in failed.stdout + failed.stderr


def test_doctor_reports_serving(backend) -> None:
    result = _cli("doctor", "--data-dir", str(backend.data_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SERVING" in result.stdout and "torch" in result.stdout


def test_commands_without_server_fail_clearly(tmp_path: Path) -> None:
    result = _cli("jobs", "list", "--data-dir", str(tmp_path))
    assert result.returncode == 1 and "enginemind serve" in result.stderr
    doctor = _cli("doctor", "--data-dir", str(tmp_path))
    assert doctor.returncode == 1 and "not reachable" in doctor.stdout


def test_demo_rig_round_trips_through_bvh() -> None:
    from enginemind.demo.rig import demo_rig, to_bvh
    from enginemind.errors import InvalidInput
    from enginemind.families.bonemap.rig.importers import parse_bvh

    rig = demo_rig("daz")
    back = parse_bvh(to_bvh(rig))
    assert {b.name: b.parent for b in back.bones} == {b.name: b.parent for b in rig.bones}
    pos = {b.name: b.position for b in back.bones}
    assert all(pos[b.name] == pytest.approx(b.position, abs=1e-3) for b in rig.bones)
    assert {"hip", "lShldrBend", "rCarpal4", "propSword"} <= set(rig.names) and len(rig) == 74
    with pytest.raises(InvalidInput, match="whitespace"):
        to_bvh(demo_rig("biped"))  # "Bip01 L Thigh": BVH cannot carry it


@pytest.mark.slow
def test_demo_maps_the_rig_through_the_backend_and_trains(backend, tmp_path: Path) -> None:
    """``enginemind demo`` against a running backend: the flagship table and files, then the training job."""
    out = tmp_path / "demo-out"
    result = subprocess.run([sys.executable, "-m", "enginemind", "demo", "--data-dir", str(backend.data_dir),
                             "--out", str(out)], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"})
    shown = result.stdout + result.stderr
    assert result.returncode == 0, shown
    assert "using the server already running" in shown and "[succeeded]" in shown
    for target in ("ue5_manny", "unity_humanoid"):
        png = out / f"review_{target}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
        definition = json.loads((out / f"demo_rig_daz_to_{target}.json").read_text(encoding="utf-8"))
        assert definition["target"] == target and len(definition["mapping"]) == 74
        assert definition["retarget_root"] == "hip" and definition["chains"] and definition["ik_goals"]
    manny = json.loads((out / "demo_rig_daz_to_ue5_manny.json").read_text(encoding="utf-8"))
    unity = json.loads((out / "demo_rig_daz_to_unity_humanoid.json").read_text(encoding="utf-8"))
    assert manny["mapping"]["lShldrBend"] == "upperarm_l" and manny["mapping"]["rThighBend"] == "thigh_r"
    assert unity["mapping"]["lShldrBend"] == "LeftUpperArm" and unity["mapping"]["rMid2"] == "RightMiddleIntermediate"
    # the sword in the right hand is Manny's weapon socket (Unity's Humanoid has none); hair has no counterpart
    assert manny["mapping"]["propSword"] == "weapon_r" and unity["mapping"]["propSword"] is None
    assert manny["mapping"]["hairPonytail1"] is None and unity["mapping"]["hairPonytail1"] is None
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if line.count("│") >= 5}
    assert len(rows) >= 74  # the table: one row per bone, both targets with confidences
    assert "upperarm_l" in rows["lShldrBend"] and "LeftUpperArm" in rows["lShldrBend"]
    assert f"{manny['confidence']['lForearmBend']:.2f}" in rows["lForearmBend"]
    assert "Window > EngineMind > Dashboard" in shown and "Retarget with EngineMind..." in shown
    assert str(out / "demo_rig_daz_to_unity_humanoid.json") in shown
