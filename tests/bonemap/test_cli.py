"""``enginemind map``: JSON (DESIGN.md section 4), table, review PNG, errors."""

from __future__ import annotations

import json
from pathlib import Path

from enginemind.cli import main
from tests.bonemap.helpers import BVH, mixamo_like


def test_map_json_table_and_review(tmp_path: Path, capsys):
    src = tmp_path / "rig.json"
    src.write_text(json.dumps(mixamo_like()))
    assert main(["map", str(src), "--target", "ue5_manny"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["target"] == "ue5_manny" and out["mapping"]["mixamorig:Hips"] == "pelvis"
    assert out["retarget_root"] == "mixamorig:Hips" and 0 <= out["confidence"]["mixamorig:Neck"] <= 1
    assert main(["map", str(src), "--target", "unity_humanoid", "--format", "table"]) == 0
    table = capsys.readouterr().out
    assert "LeftUpperArm" in table and "retarget root" in table
    png = tmp_path / "review.png"
    assert main(["map", "--review", str(src), "--out", str(png)]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    bvh = tmp_path / "walk.bvh"
    bvh.write_text(BVH)
    other = tmp_path / "other.json"
    other.write_text(json.dumps(mixamo_like(prefix="x_")))
    assert main(["map", str(src), "--target", str(other), "--out", str(tmp_path / "m.json")]) == 0
    assert json.loads((tmp_path / "m.json").read_text())["mapping"]["mixamorig:LeftLeg"] == "x_LeftLeg"
    assert main(["map", str(bvh)]) == 0
    capsys.readouterr()


def test_map_errors_are_clear(tmp_path: Path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"bones": [{"name": "a", "parent": "a"}]}))
    assert main(["map", str(bad)]) == 1
    assert "own parent" in capsys.readouterr().err
    assert main(["map", str(tmp_path / "missing.bvh")]) == 1
    good = tmp_path / "good.json"
    good.write_text(json.dumps(mixamo_like()))
    capsys.readouterr()
    assert main(["map", str(good), "--target", "nowhere"]) == 1
    assert "neither a shipped target" in capsys.readouterr().err
