"""The ``enginemind`` CLI as a user runs it: a subprocess against a real server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
