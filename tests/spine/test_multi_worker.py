"""Scale-out: two workers with their own data dirs share one PostgreSQL and one artifact store (fsspec URL)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from enginemind.errors import InvalidInput
from enginemind.storage import ARTIFACT_URL_ENV, ArtifactStore, check_key
from tests.conftest import Backend

JOB = {"steps": 60, "step_sleep_s": 0.05, "checkpoint_every": 20}


def _worker(data_dir: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    data_dir.mkdir(parents=True, exist_ok=True)
    log = open(data_dir / "worker.log", "ab")
    return subprocess.Popen([sys.executable, "-m", "enginemind", "worker", "--slots", "1", "--data-dir",
                             str(data_dir)], env=env, stdout=log, stderr=subprocess.STDOUT)


@pytest.mark.slow
def test_two_workers_share_database_and_artifact_store(tmp_path: Path, database_url: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared-artifacts"
    monkeypatch.setenv(ARTIFACT_URL_ENV, shared.as_uri())
    env = dict(os.environ, ENGINEMIND_DATABASE_URL=database_url, PYTHONUNBUFFERED="1")
    server = Backend(tmp_path / "server", database_url, args=["--slots", "0"])
    server.data_dir.mkdir()
    server.start()
    workers = [_worker(tmp_path / f"worker-{i}", env) for i in range(2)]
    try:
        with server.client() as client:
            jobs = [client.submit_job("demo", {**JOB, "seed": i}) for i in range(2)]
            done = [client.wait_job(j.id, timeout_s=300) for j in jobs]
            assert [j.state for j in done] == [3, 3], [j.error for j in done]  # SUCCEEDED
            assert len({j.worker for j in done}) == 2, "each worker should have taken one job"
            versions = client.list_models(model="demo-regressor")
            assert sorted(v.version for v in versions) == [1, 2]
            for v in versions:
                out = client.download("demo-regressor", tmp_path / f"v{v.version}.safetensors", version=v.version)
                stored = shared / "demo-regressor" / str(v.version) / "model.safetensors"
                assert hashlib.sha256(out.read_bytes()).hexdigest() == v.artifacts[0].sha256
                assert stored.read_bytes() == out.read_bytes()
            for job in done:  # the loss curve a worker drew is served by the server through the shared store
                (art,) = client.list_artifacts(job.id)
                drawn = [tmp_path / f"worker-{i}" / "jobs" / job.id / "loss.png" for i in range(2)]
                (local,) = [p for p in drawn if p.exists()]
                assert art.name == "loss.png" and art.available and art.size == local.stat().st_size
                assert client.get_artifact(job.id, "loss.png") == local.read_bytes()
                assert not (tmp_path / "server" / "jobs" / job.id).exists()
        # nothing landed in the workers' or the server's own data dirs: the store is the shared root
        assert not (tmp_path / "server" / "artifacts").exists()
        assert not any((tmp_path / f"worker-{i}" / "artifacts").exists() for i in range(2))
        for job in jobs:  # checkpoints are mirrored to the shared store, so any worker can resume a job
            assert (shared / "jobs" / job.id / "checkpoint.pt").stat().st_size > 0
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(timeout=60)
        server.stop()


def test_store_keys_never_leave_the_root(tmp_path: Path) -> None:
    store = ArtifactStore.local(tmp_path / "root")
    src = tmp_path / "f.bin"
    src.write_bytes(b"x" * 10)
    store.put_file(src, "m/1/f.bin")
    assert store.exists("m/1/f.bin") and store.size("m/1/f.bin") == 10
    assert store.local_file("m/1/f.bin") == (tmp_path / "root" / "m" / "1" / "f.bin").resolve()
    for bad in ["../x", "/etc/passwd", "a/../../x", "", "a\\b", "a\x00b"]:
        with pytest.raises(InvalidInput):
            check_key(bad)
    (tmp_path / "root" / "link").symlink_to(tmp_path)
    with pytest.raises(InvalidInput, match="leaves the artifact store"):
        store.local_file("link/f.bin")
    store.remove("m")
    assert not store.exists("m/1/f.bin")


def test_remote_store_reads_through_a_local_cache(tmp_path: Path) -> None:
    """Any fsspec filesystem works; memory:// stands in for s3:// or gs:// here."""
    store = ArtifactStore("memory://em-test-" + str(time.time_ns()), cache_dir=tmp_path / "cache")
    assert not store.is_local
    src = tmp_path / "w.bin"
    src.write_bytes(b"weights")
    store.put_file(src, "m/1/w.bin")
    local = store.local_file("m/1/w.bin")
    assert local.read_bytes() == b"weights" and local.is_relative_to(tmp_path / "cache")
    store.remove("m")
    assert not store.exists("m/1/w.bin") and not local.exists()
