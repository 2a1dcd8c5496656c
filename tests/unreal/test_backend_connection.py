"""Backend discovery, launch and handshake from the plugin's side, against a real ``enginemind serve``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from enginemind_unreal import API_VERSION, backend
from enginemind_unreal.errors import BackendError, BackendUnavailable
from enginemind_unreal.session import BackendSession
from enginemind_unreal.settings import Settings


@pytest.mark.slow
def test_handshake_with_running_backend(backend) -> None:  # type: ignore[no-untyped-def]
    client, hello = backend_mod_connect(backend.data_dir)
    try:
        assert hello["server_api_version"].split(".")[0] == API_VERSION.split(".")[0]
        assert "session" in hello["capabilities"]
    finally:
        client.close()
    status = BackendSession(Settings(data_dir=str(backend.data_dir), auto_start_backend=False)).status()
    assert status.startswith("connected to EngineMind")
    client, _ = backend_mod_connect(backend.data_dir)
    try:
        assert "ue5_manny" in [t["name"] for t in client.list_targets()]
        manny = client.get_target("ue5_manny")
        assert "pelvis" in manny["bones"] and "LeftArm" in manny["chains"]
        bad = {"bones": [{"name": "a", "parent": "ghost"}]}
        with pytest.raises(BackendError) as err:
            client.map_skeleton(bad, "ue5_manny")
        assert err.value.code == "INVALID_ARGUMENT" and err.value.details
    finally:
        client.close()


def test_unreachable_backend_is_unavailable() -> None:
    from enginemind_unreal.rpc import BackendClient

    with BackendClient("127.0.0.1:1", "token") as client, pytest.raises(BackendUnavailable, match="Start backend"):
        client.handshake(timeout_s=2)


def backend_mod_connect(data_dir: Path):  # type: ignore[no-untyped-def]
    return backend.connect(Settings(data_dir=str(data_dir), auto_start_backend=False))


@pytest.mark.slow
def test_wrong_token_is_explained(backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    info = json.loads((backend.data_dir / "server.json").read_text())
    fake_dir = tmp_path / "other"
    fake_dir.mkdir()
    (fake_dir / "token").write_text("not-the-token")
    info["token_file"] = str(fake_dir / "token")
    (fake_dir / "server.json").write_text(json.dumps(info))
    with pytest.raises(BackendError) as err:
        backend_mod_connect(fake_dir)
    assert err.value.code == "UNAUTHENTICATED" and "token" in str(err.value)


def test_missing_and_stale_discovery(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailable, match="no EngineMind backend is running"):
        backend_mod_connect(tmp_path)
    (tmp_path / "server.json").write_text(json.dumps({"host": "127.0.0.1", "port": 1, "pid": 2 ** 22 + 7,
                                                      "api_version": "1.0.0", "token_file": "x"}))
    with pytest.raises(BackendUnavailable, match="not running"):
        backend_mod_connect(tmp_path)
    session = BackendSession(Settings(data_dir=str(tmp_path), auto_start_backend=False))
    assert session.status().startswith("not connected")


def test_launch_failure_shows_the_log(tmp_path: Path) -> None:
    cmd = [sys.executable, "-c", "import sys; print('boom: bad interpreter'); sys.exit(3)"]
    settings = Settings(data_dir=str(tmp_path), backend_command=cmd, start_timeout_s=20)
    with pytest.raises(BackendUnavailable) as err:
        BackendSession(settings).start()
    assert "exited with code 3" in str(err.value) and "boom: bad interpreter" in str(err.value)


def test_missing_command_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackendUnavailable, match="backend_command"):
        backend.backend_command(Settings(), tmp_path)


@pytest.mark.slow
def test_start_use_and_stop_a_backend(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor starts ``enginemind serve`` itself (its own interpreter), talks to it, then stops it."""
    monkeypatch.setenv("ENGINEMIND_DATABASE_URL", database_url)
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=str(data_dir), backend_command=[sys.executable, "-m", "enginemind", "serve"],
                        start_timeout_s=90)
    session = BackendSession(settings)
    try:
        client = session.get_client()
        assert session.proc is not None and session.hello["server_api_version"]
        assert client.handshake()["database"] == "external"
        pid = session.proc.pid
        assert "stopped" in session.stop()
        assert not (data_dir / "server.json").exists()
        assert not backend.pid_alive(pid) or _zombie(pid)
    finally:
        session.close()


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] == "Z"
    except OSError:
        return True


def test_default_data_dir_matches_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    from enginemind.paths import default_data_dir

    monkeypatch.delenv("ENGINEMIND_DATA_DIR", raising=False)
    assert backend.default_data_dir() == default_data_dir()
    monkeypatch.setenv("ENGINEMIND_DATA_DIR", os.fspath(Path("/tmp/x")))
    assert backend.default_data_dir() == Path("/tmp/x")


def test_close_does_not_wait_for_a_starting_backend(tmp_path: Path) -> None:
    """The editor's shutdown callback (game thread) must not block while a worker thread waits for a backend that
    is starting: the old session held its lock for the whole launch wait (up to start_timeout_s = 90 s)."""
    import threading
    import time

    hang = [sys.executable, "-c", "import time; time.sleep(120)"]  # starts, never writes server.json
    session = BackendSession(Settings(data_dir=str(tmp_path / "data"), backend_command=hang, start_timeout_s=90.0))
    errors: list[BaseException] = []

    def connect() -> None:
        try:
            session.get_client(allow_start=True)
        except BaseException as exc:  # noqa: BLE001 (recorded for the assertion)
            errors.append(exc)

    worker = threading.Thread(target=connect, daemon=True)
    worker.start()
    deadline = time.monotonic() + 20
    while not (tmp_path / "data" / backend.LAUNCH_LOG).exists():
        assert time.monotonic() < deadline and worker.is_alive(), f"the backend was not launched: {errors}"
        time.sleep(0.05)
    time.sleep(0.5)  # the worker now waits for server.json
    proc = session.proc
    assert proc is not None, "the started process is the session's as soon as it exists"
    closer = threading.Thread(target=session.close, daemon=True)
    started = time.monotonic()
    closer.start()
    closer.join(timeout=12)
    assert not closer.is_alive(), "close() blocked behind the launch wait"
    assert proc.poll() is not None, "close() stops the backend this editor started"
    worker.join(timeout=5)
    assert not worker.is_alive() and errors and isinstance(errors[0], BackendUnavailable), errors
    assert time.monotonic() - started < 12
    with pytest.raises(BackendUnavailable, match="closed"):
        session.get_client(allow_start=True)
