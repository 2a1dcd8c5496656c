"""A real ``JobContext`` whose events and registrations land in lists (for in-process training tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from enginemind.config import to_dict
from enginemind.jobs.context import JobContext


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


def recording_context(work_dir: Path, rec: Recorder, family: str, config: Any = None) -> JobContext:
    """A job context as the runner builds it (family and resolved config filled in), reporting into ``rec``."""
    return JobContext(job_id="job-test", work_dir=work_dir, sink=rec.sink, register=rec.register, family=family,
                      config=to_dict(config) if config is not None else {}, progress_interval_s=0.0,
                      _stop=rec.should_stop)
