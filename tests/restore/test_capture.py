from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np
import pytest

from enginemind.errors import InvalidInput
from enginemind.families.restore.capture import capture, coverage_line, emulator_ready
from enginemind.families.restore.capture_worker import RIGHT, A, Policy, policy, sense
from enginemind.families.restore.data import FrameSource, level_key, scan_folder

CAPTURE_VENV = os.environ.get("ENGINEMIND_CAPTURE_VENV", "")


def _ram(mario_x: int = 300, enemy_dx: int | None = None, ground: bool = True) -> np.ndarray:
    """SMB RAM with Mario standing on a flat floor (metatiles in rows 11-12) and maybe an enemy ahead."""
    r = np.zeros(2048, np.uint8)
    r[0x6D], r[0x86], r[0xCE], r[0x0E], r[0xB5] = mario_x // 256, mario_x % 256, 176, 8, 1
    r[0x1D] = 0 if ground else 1
    if ground:
        for page in (0, 1):
            r[0x500 + page * 208 + 11 * 16: 0x500 + page * 208 + 13 * 16] = 0x54
    if enemy_dx is not None:
        ex = mario_x + enemy_dx
        r[0x0F], r[0x6E], r[0x87], r[0xCF] = 1, ex // 256, ex % 256, 176
    return r


def test_sense_reads_enemies_pits_and_ground_from_ram():
    assert not any(sense(_ram())[k] for k in ("enemy", "pit", "wall")) and sense(_ram())["ground"]
    assert sense(_ram(enemy_dx=40))["enemy"] and not sense(_ram(enemy_dx=200))["enemy"]
    pit = _ram(mario_x=300)
    for x in (300 + 24, 300 + 40):
        for row in (11, 12):
            pit[0x500 + ((x // 256) % 2) * 208 + row * 16 + (x % 256) // 16] = 0
    assert sense(pit)["pit"]


def test_policy_jumps_at_what_is_ahead_and_otherwise_runs_right():
    def jump_share(ram: np.ndarray) -> float:
        pol = Policy(random.Random(0))
        return float(np.mean([pol.act(ram, 0) & A > 0 for _ in range(400)]))

    assert jump_share(_ram(enemy_dx=40)) > 0.5 > 0.25 > jump_share(_ram())
    pol = Policy(random.Random(1))
    assert np.mean([pol.act(_ram(), 0) & RIGHT > 0 for _ in range(1000)]) > 0.8
    rng, held = random.Random(0), [0, 0]  # the RAM-free fallback still runs right
    assert np.mean([policy(rng, held) & RIGHT > 0 for _ in range(2000)]) > 0.6


def test_capture_rejects_bad_arguments_before_touching_the_emulator(tmp_path: Path):
    with pytest.raises(InvalidInput, match="stage"):
        capture(tmp_path, tmp_path / "venv", stages="9-9")
    with pytest.raises(InvalidInput, match=">= 1"):
        capture(tmp_path, tmp_path / "venv", frames=0)
    with pytest.raises(InvalidInput, match="worlds 1-4 of The Lost Levels"):
        capture(tmp_path, tmp_path / "venv", stages="5-1", lost_levels=True)
    assert not (tmp_path / "venv").exists()
    line = coverage_line({"game": "smb", "stage": "1-1", "frames": 9, "episodes": 1, "x_min": 40, "x_max": 900,
                          "flags": 0, "deaths": 2, "rollbacks": 0, "emulator_frames": 99, "seconds": 1.0})
    assert "1-1: 9 frames" in line and "x 40-900" in line


@pytest.mark.skipif(not CAPTURE_VENV or not emulator_ready(Path(CAPTURE_VENV)),
                    reason="set ENGINEMIND_CAPTURE_VENV to a venv made by `enginemind restore capture`")
def test_capture_real_frames(tmp_path: Path):
    episodes, stages = [], []
    capture(tmp_path / "smb", CAPTURE_VENV, frames=24, stride=4, stages="1-1", traversals=1,
            on_episode=episodes.append, on_stage=stages.append)
    assert len(episodes) >= 1 and stages[0]["stage"] == "1-1" and stages[0]["frames"] == 24
    cov = json.loads((tmp_path / "smb" / "dataset.json").read_text())["coverage"]
    assert cov[0]["x_max"] > cov[0]["x_min"] > 0
    src = FrameSource(scan_folder(tmp_path / "smb"))
    img, state, meta = src.load(len(src) - 1)
    assert img.shape == (240, 256, 3) and len(np.unique(img.reshape(-1, 3), axis=0)) > 3
    assert level_key(meta) == "1-1" and state.any()
    first = [r for r in src.records if r.episode == src.records[0].episode]
    assert all(b.meta["frame"] - a.meta["frame"] == 4 for a, b in zip(first, first[1:], strict=False))
