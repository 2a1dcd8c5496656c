"""Fixtures of the posesplat tests: a tiny synthetic multi-view data set, its prepared project, a recorder."""

from __future__ import annotations

from pathlib import Path

import pytest

from enginemind.jobs.context import JobContext
from tests.recorder import Recorder, recording_context

TINY = {"steps": 6, "eval_every": 3, "checkpoint_every": 2, "eval_frames": 2, "target_views": 1,
        "model": {"grid_size": 16, "base_filters": 4, "max_gaussians": 800},
        "data": {"synth": {"frames": 10, "cameras": 4, "size": 64}, "holdout_cameras": ["cam3"]}}
"""A job that trains in seconds on 2 cores: 10 frames x 4 cameras at 32 px, grid 16."""


def make_ctx(work_dir: Path, rec: Recorder) -> JobContext:
    return recording_context(work_dir, rec, "posesplat")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from enginemind.families.posesplat.synth import write_dataset

    return write_dataset(tmp_path_factory.mktemp("splat") / "data", frames=10, cameras=4, size=64, seed=3)


@pytest.fixture(scope="session")
def project(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from enginemind.families.posesplat.pipeline import prepare

    out = tmp_path_factory.mktemp("splat") / "project"
    prepare(synth_dir, out, ds=2)
    return out
