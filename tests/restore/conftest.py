"""Fixtures of the restore tests: a real JobContext whose events and registrations land in lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from enginemind.jobs.context import JobContext
from tests.recorder import Recorder, recording_context


def make_ctx(work_dir: Path, rec: Recorder, config: Any = None) -> JobContext:
    return recording_context(work_dir, rec, "restore", config)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()
