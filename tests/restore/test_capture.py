from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest

from enginemind.errors import InvalidInput
from enginemind.families.restore.capture import capture, emulator_ready
from enginemind.families.restore.capture_worker import RIGHT, policy
from enginemind.families.restore.data import FrameSource, scan_folder

CAPTURE_VENV = os.environ.get("ENGINEMIND_CAPTURE_VENV", "")


def test_policy_mostly_runs_right():
    rng, held = random.Random(0), [0, 0]
    actions = [policy(rng, held) for _ in range(2000)]
    assert np.mean([a & RIGHT > 0 for a in actions]) > 0.6 and len(set(actions)) > 2


def test_capture_rejects_bad_arguments_before_touching_the_emulator(tmp_path: Path):
    with pytest.raises(InvalidInput, match="stage"):
        capture(tmp_path, tmp_path / "venv", stages="9-9")
    with pytest.raises(InvalidInput, match=">= 1"):
        capture(tmp_path, tmp_path / "venv", episodes=0)
    assert not (tmp_path / "venv").exists()


@pytest.mark.skipif(not CAPTURE_VENV or not emulator_ready(Path(CAPTURE_VENV)),
                    reason="set ENGINEMIND_CAPTURE_VENV to a venv made by `enginemind restore capture`")
def test_capture_real_frames(tmp_path: Path):
    seen = []
    capture(tmp_path / "smb", CAPTURE_VENV, episodes=2, frames=6, stride=2, stages="1-1", on_episode=seen.append)
    assert len(seen) == 2
    src = FrameSource(scan_folder(tmp_path / "smb"))
    img, state, meta = src.load(len(src) - 1)
    assert img.shape == (240, 256, 3) and len(np.unique(img.reshape(-1, 3), axis=0)) > 3
    assert meta["level"] == "1-1" and state.any()
