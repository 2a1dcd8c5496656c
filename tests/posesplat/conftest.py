"""Fixtures of the posesplat tests: a tiny synthetic multi-view data set, its prepared project, a recorder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from enginemind.jobs.context import JobContext

TINY = {"steps": 6, "eval_every": 3, "checkpoint_every": 2, "eval_frames": 2, "target_views": 1,
        "model": {"grid_size": 16, "base_filters": 4, "max_gaussians": 800},
        "data": {"synth": {"frames": 10, "cameras": 4, "size": 64}, "holdout_cameras": ["cam3"]}}
"""A job that trains in seconds on 2 cores: 10 frames x 4 cameras at 32 px, grid 16."""


class Recorder:
    """Collects what a training function reports."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.registered: list[dict[str, Any]] = []
        self.stop_after_progress: int | None = None

    def sink(self, kind: str, payload: dict[str, Any]) -> None:
        self.events.append((kind, payload))

    def register(self, **kwargs: Any) -> dict[str, Any]:
        version = {"version": len(self.registered) + 1, **kwargs}
        self.registered.append(version)
        return version

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [p for k, p in self.events if k == kind]

    def should_stop(self) -> bool:
        steps = [p["step"] for p in self.of("progress")]
        return self.stop_after_progress is not None and bool(steps) and steps[-1] >= self.stop_after_progress


def make_ctx(work_dir: Path, rec: Recorder) -> JobContext:
    return JobContext(job_id="job-test", work_dir=work_dir, sink=rec.sink, register=rec.register,
                      progress_interval_s=0.0, _stop=rec.should_stop, family="posesplat")


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
