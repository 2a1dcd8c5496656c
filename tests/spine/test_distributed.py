"""Scale-out: a separate worker process claims jobs; nproc=2 runs under torchrun (gloo on CPU)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from enginemind.v1 import jobs_pb2


@pytest.mark.slow
def test_external_worker_runs_ddp_job(backend_factory, tmp_path) -> None:
    backend = backend_factory(args=["--slots", "0"]).start()  # server without a worker of its own
    worker = subprocess.Popen(
        [sys.executable, "-m", "enginemind", "worker", "--slots", "2", "--data-dir", str(backend.data_dir)],
        env={**os.environ, "ENGINEMIND_DATABASE_URL": backend.database_url},
        stdout=open(tmp_path / "worker.log", "wb"), stderr=subprocess.STDOUT,
    )
    try:
        with backend.client() as client:
            job = client.submit_job("demo", {"steps": 40}, nproc=2)
            time.sleep(0.5)
            final = client.wait_job(job.id, timeout_s=240)
            log = (backend.data_dir / "jobs" / job.id / "job.log").read_text(errors="replace")
            assert final.state == jobs_pb2.JOB_STATE_SUCCEEDED, log[-3000:]
            assert final.worker.split(":")[-1] == str(worker.pid)
            (version,) = client.list_models()
            assert version.job_id == job.id
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0
