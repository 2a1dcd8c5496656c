"""Find, start and check the backend: discovery file ``<data_dir>/server.json``, ``enginemind serve``, handshake.

Every wait is bounded and explains itself (what failed, the likely cause, the setting to change).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from enginemind_unreal import API_VERSION
from enginemind_unreal.client.discovery import DISCOVERY_FILE, Discovery, NoServer, pid_alive, read_discovery
from enginemind_unreal.client.paths import default_data_dir
from enginemind_unreal.errors import BackendError, BackendUnavailable, EngineMindError
from enginemind_unreal.settings import Settings

__all__ = ["DISCOVERY_FILE", "Discovery", "connect", "data_dir_of", "default_data_dir", "launch", "pid_alive",
           "read_discovery", "stop", "wait_until_ready"]

LAUNCH_LOG = "editor-launch.log"


def data_dir_of(settings: Settings) -> Path:
    return Path(settings.data_dir).expanduser() if settings.data_dir else default_data_dir()


def connect(settings: Settings) -> tuple[Any, dict[str, Any]]:
    """Connect to the backend named by the discovery file and handshake; returns ``(client, handshake)``."""
    from enginemind_unreal.rpc import BackendClient

    data_dir = data_dir_of(settings)
    info = read_discovery(data_dir)
    if info is None:
        raise BackendUnavailable(
            f"no EngineMind backend is running for data dir {data_dir} (no {DISCOVERY_FILE}); use "
            "Tools > EngineMind > Start backend, or run `enginemind serve` yourself"
        )
    if not pid_alive(info.pid):
        raise BackendUnavailable(
            f"{data_dir / DISCOVERY_FILE} names process {info.pid}, which is not running (the backend crashed "
            "or was killed); start it again"
        )
    _check_major(info.api_version)
    try:
        token = info.token()
    except NoServer as exc:
        raise BackendUnavailable(exc.details) from None
    client = BackendClient(info.target, token, timeout_s=settings.rpc_timeout_s)
    try:
        hello = client.handshake(settings.handshake_timeout_s)
    except EngineMindError:
        client.close()
        raise
    return client, hello


def _check_major(server_api: str) -> None:
    if server_api and server_api.split(".")[0] != API_VERSION.split(".")[0]:
        raise BackendError(
            "FAILED_PRECONDITION",
            f"the backend speaks API {server_api} and this plugin {API_VERSION}; update the older side so both "
            "share the major version",
        )


def backend_command(settings: Settings, data_dir: Path) -> list[str]:
    """The command that starts ``enginemind serve`` for ``data_dir``."""
    cmd = list(settings.backend_command)
    if not cmd:
        exe = shutil.which("enginemind")
        if exe is None:
            raise BackendUnavailable(
                "cannot start the backend: `enginemind` is not on PATH and backend_command is empty in the "
                "EngineMind settings; set it to the backend's interpreter, e.g. "
                '["C:/enginemind/.venv/Scripts/python.exe", "-m", "enginemind", "serve"]'
            )
        cmd = [exe, "serve"]
    if "serve" not in cmd:
        cmd.append("serve")
    if "--data-dir" not in cmd:
        cmd += ["--data-dir", str(data_dir)]
    return cmd


def launch(settings: Settings, env: dict[str, str] | None = None,
           on_started: Callable[[subprocess.Popen[bytes]], None] | None = None,
           should_stop: Callable[[], bool] | None = None) -> subprocess.Popen[bytes]:
    """Start the backend in the background and wait until it answers the handshake (bounded).

    ``on_started(proc)`` runs as soon as the process exists (so its owner can stop it while the wait goes on);
    ``should_stop()`` returning True ends the wait early with BackendUnavailable.
    """
    data_dir = data_dir_of(settings)
    data_dir.mkdir(parents=True, exist_ok=True)
    cmd = backend_command(settings, data_dir)
    log_path = data_dir / LAUNCH_LOG
    log = open(log_path, "ab")
    kwargs: dict[str, Any] = {"stdout": log, "stderr": subprocess.STDOUT, "stdin": subprocess.DEVNULL,
                              "env": {**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}}
    if sys.platform == "win32":
        kwargs["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    else:
        kwargs["start_new_session"] = True
    try:
        proc = subprocess.Popen(cmd, **kwargs)
    except OSError as exc:
        raise BackendUnavailable(
            f"cannot run {cmd[0]} ({exc}); fix backend_command in the EngineMind settings"
        ) from None
    finally:
        log.close()
    if on_started is not None:
        on_started(proc)
    wait_until_ready(settings, proc, log_path, should_stop)
    return proc


def wait_until_ready(settings: Settings, proc: subprocess.Popen[bytes], log_path: Path,
                     should_stop: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Poll the discovery file of ``proc`` and handshake; fail early when the process exits or on ``should_stop``."""
    data_dir = data_dir_of(settings)
    deadline = time.monotonic() + settings.start_timeout_s
    last_error = "no discovery file yet"
    while time.monotonic() < deadline:
        if should_stop is not None and should_stop():
            raise BackendUnavailable("stopped waiting for the backend: the editor is shutting down")
        code = proc.poll()
        if code is not None:
            raise BackendUnavailable(
                f"the backend exited with code {code} while starting; last lines of {log_path}:\n{_tail(log_path)}"
            )
        info = read_discovery(data_dir)
        if info is not None and info.pid == proc.pid:
            try:
                client, hello = connect(settings)
                client.close()
                return hello
            except EngineMindError as exc:
                last_error = str(exc)
        time.sleep(0.1)
    raise BackendUnavailable(
        f"the backend did not answer within {settings.start_timeout_s:.0f}s ({last_error}); raise start_timeout_s "
        f"or look at {log_path}:\n{_tail(log_path)}"
    )


def stop(pid: int, proc: subprocess.Popen[bytes] | None = None, timeout_s: float = 15.0) -> bool:
    """Ask a backend to stop (SIGTERM / terminate) and wait for it; True when it exited."""
    if proc is not None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
            return True
        except subprocess.TimeoutExpired:
            return False
    if not pid_alive(pid):
        return True
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/PID", str(pid)], capture_output=True,
                       creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    else:
        import signal

        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.1)
    return False


def _tail(path: Path, n: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"
