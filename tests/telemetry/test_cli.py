"""The ``enginemind telemetry`` commands against a real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np


def _cli(backend, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "enginemind", "telemetry", *args, "--data-dir",
                           str(backend.data_dir)], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **(env or {})))


def test_simulate_ingest_query_export_watch(backend, tmp_path):
    r = _cli(backend, "simulate", "--robots", "3", "--hz", "10", "--seconds", "20")
    assert r.returncode == 0, r.stderr
    assert "rejected 0" in r.stdout and "accepted" in r.stdout
    bad = tmp_path / "p.jsonl"
    bad.write_text('{"robot_id": "EP09", "data_type": "battery", "values": {"value": 0.7}}\n'
                   '{"robot_id": "EP09", "data_type": "battery", "values": {"value": 70}}\n')
    r = _cli(backend, "ingest", str(bad))
    assert r.returncode == 0 and "accepted 1, rejected 1, stored 1" in r.stdout
    assert "rejected packet 1: battery value 70" in r.stderr
    r = _cli(backend, "query", "--latest", "--type", "battery")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert {row["robot_id"] for row in rows} == {"EP01", "EP02", "EP03", "EP09"}
    r = _cli(backend, "export", "--task", "collision", "--out", str(tmp_path / "w.npz"),
             env={"ENGINEMIND_DATABASE_URL": backend.database_url})
    assert r.returncode == 0, r.stderr
    data = np.load(tmp_path / "w.npz")
    assert data["x"].shape[1:] == (20, 7) and len(data["y"]) == len(data["x"])
    r = _cli(backend, "export", "--out", str(tmp_path / "x.npz"))
    assert r.returncode == 1 and "--database-url" in r.stderr
    r = _cli(backend, "watch", "--kind", "diagnostic", "--count", "1")
    assert r.returncode == 0 and ("heartbeat" in r.stdout or "diagnostic" in r.stdout)
    r = _cli(backend, "status")
    assert json.loads(r.stdout)["packets"]
