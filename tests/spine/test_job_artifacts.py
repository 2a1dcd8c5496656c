"""Jobs.ListArtifacts / GetArtifact on a real server: a real job's loss curve, path escapes, unknown jobs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import grpc
import psycopg
import pytest
from psycopg.rows import dict_row

from enginemind.client import ClientError
from enginemind.errors import PayloadTooLarge
from enginemind.jobs import artifacts, store
from enginemind.jobs.context import JobContext
from enginemind.storage import ArtifactStore

PNG = b"\x89PNG\r\n\x1a\n"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "enginemind", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _code(fn, *args) -> tuple[grpc.StatusCode, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ClientError) as err:
        fn(*args)
    return err.value.code, err.value.details


ESCAPES = ["../../token", "/etc/passwd", "loss.png/../../server.json", "..\\token", "", "a\x00b", "x" * 600]


@pytest.mark.slow  # a server and a demo training job
def test_artifacts_of_a_real_job(backend, database_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with backend.client() as client:
        job = client.submit_job("demo", {"steps": 30, "checkpoint_every": 10})
        assert client.wait_job(job.id, timeout_s=120).state == 3, backend.log()  # SUCCEEDED
        job_id = job.id
        # list + download the loss curve (the registered model is not a file here)
        (art,) = client.list_artifacts(job_id)
        assert (art.name, art.kind, art.available) == ("loss.png", "image", True)
        folder = backend.data_dir / "jobs" / job_id
        on_disk = (folder / "loss.png").read_bytes()
        assert art.size == len(on_disk) > 1000 and art.seq > 0
        data = client.get_artifact(job_id, "loss.png", tmp_path / "curve.png")
        assert data.startswith(PNG) and data == on_disk == (tmp_path / "curve.png").read_bytes()

        # names that leave the job folder: INVALID_ARGUMENT with a hint, before anything is looked up
        for name in ESCAPES:
            code, details = _code(client.get_artifact, job_id, name)
            assert code == grpc.StatusCode.INVALID_ARGUMENT, (name, details)
            assert "enginemind jobs artifacts" in details or "NUL" in details  # NUL: refused at the boundary

        # a file in the folder that was never announced; an announced link out of the folder; an absolute path
        assert (folder / "checkpoint.pt").exists()
        code, details = _code(client.get_artifact, job_id, "checkpoint.pt")
        assert code == grpc.StatusCode.NOT_FOUND and "loss.png" in details
        (folder / "link.png").symlink_to(backend.data_dir / "token")
        with psycopg.connect(database_url, autocommit=True, row_factory=dict_row) as conn:
            store.add_event(conn, job_id, "artifact", {"path": "link.png", "kind": "image"})
            store.add_event(conn, job_id, "artifact", {"path": "/etc/hostname", "kind": "file"})
        listed = {a.name: a for a in client.list_artifacts(job_id)}
        assert list(listed) == ["loss.png", "link.png", "/etc/hostname"]
        assert not listed["link.png"].available and listed["link.png"].size == 0
        assert not listed["/etc/hostname"].available
        code, details = _code(client.get_artifact, job_id, "link.png")
        assert code == grpc.StatusCode.NOT_FOUND and "not readable here" in details
        assert _code(client.get_artifact, job_id, "/etc/hostname")[0] == grpc.StatusCode.INVALID_ARGUMENT

        # unknown jobs
        assert _code(client.list_artifacts, "j-0000000000000000")[0] == grpc.StatusCode.NOT_FOUND
        assert _code(client.get_artifact, "j-0000000000000000", "loss.png")[0] == grpc.StatusCode.NOT_FOUND
        assert _code(client.list_artifacts, "j" * 65)[0] == grpc.StatusCode.INVALID_ARGUMENT

    # the CLI
    d = str(backend.data_dir)
    shown = _cli("jobs", "artifacts", job_id, "--data-dir", d)
    assert shown.returncode == 0 and "loss.png  image" in shown.stdout and "not here" in shown.stdout, shown.stderr
    out = tmp_path / "cli.png"
    got = _cli("jobs", "artifacts", job_id, "--get", "loss.png", "--out", str(out), "--data-dir", d)
    assert got.returncode == 0 and "sha256 verified" in got.stdout, got.stderr
    assert out.read_bytes() == on_disk
    bad = _cli("jobs", "artifacts", job_id, "--get", "../token", "--data-dir", d)
    assert bad.returncode == 1 and "INVALID_ARGUMENT" in bad.stderr


def test_size_cap_and_shared_store_copy(tmp_path: Path) -> None:
    """A worker with a shared store copies each announced file there; a server without the job folder reads it."""
    work = tmp_path / "worker" / "jobs" / "j-1"
    work.mkdir(parents=True)
    shared = ArtifactStore.local(tmp_path / "shared")
    events: list[tuple[str, dict]] = []
    ctx = JobContext(job_id="j-1", work_dir=work, sink=lambda k, p: events.append((k, p)), checkpoint_store=shared)
    (work / "plots").mkdir()
    (work / "plots" / "curve.png").write_bytes(PNG + b"x" * 100)
    ctx.artifact(work / "plots" / "curve.png", "image")
    assert events == [("artifact", {"path": "plots/curve.png", "kind": "image"})]
    rows = [{"name": "plots/curve.png", "kind": "image", "seq": 7, "time": 1.0}]
    server_dir = tmp_path / "server"  # has no jobs/j-1 folder
    (found,) = artifacts.list_artifacts(rows, server_dir, shared, "j-1")
    assert found.available and found.size == 108
    assert artifacts.list_artifacts(rows, server_dir, None, "j-1")[0].available is False
    data, digest = artifacts.read_artifact(rows, server_dir, shared, "j-1", "plots/curve.png")
    assert digest == hashlib.sha256(data).hexdigest() and data.startswith(PNG)
    with pytest.raises(PayloadTooLarge, match="more than the 50 bytes"):
        artifacts.read_artifact(rows, server_dir, shared, "j-1", "plots/curve.png", max_bytes=50)
    # a store that cannot take the copy only costs a warning: the job goes on and the event is still sent
    (tmp_path / "not-a-folder").write_text("x")
    ctx.checkpoint_store = ArtifactStore.local(tmp_path / "not-a-folder")  # every write under it fails
    ctx.artifact(work / "plots" / "curve.png", "image")
    assert events[-2][0] == "log" and events[-2][1]["level"] == "warning"
    assert events[-2][1]["message"].startswith("could not copy plots/curve.png to the shared artifact store")
    assert events[-1] == ("artifact", {"path": "plots/curve.png", "kind": "image"})
