"""The editor's one backend connection: connect through the discovery file, or start ``enginemind serve``.

Safe to call from worker threads (one lock); never touches ``unreal``.
"""

from __future__ import annotations

import subprocess
import threading
from typing import Any

from enginemind_unreal import backend
from enginemind_unreal.errors import BackendUnavailable
from enginemind_unreal.settings import Settings


class BackendSession:
    """Owns the client and, when the editor started it, the backend process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client: Any = None
        self.hello: dict[str, Any] = {}
        self.proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def get_client(self, allow_start: bool | None = None) -> Any:
        """A connected, handshaken client; starts the backend when allowed and none answers."""
        allow_start = self.settings.auto_start_backend if allow_start is None else allow_start
        with self._lock:
            if self.client is not None:
                try:
                    self.hello = self.client.handshake(self.settings.handshake_timeout_s)
                    return self.client
                except Exception:
                    self.client.close()
                    self.client = None
            try:
                self.client, self.hello = backend.connect(self.settings)
                return self.client
            except BackendUnavailable:
                if not allow_start:
                    raise
            self.proc = backend.launch(self.settings)
            self.client, self.hello = backend.connect(self.settings)
            return self.client

    def start(self) -> dict[str, Any]:
        self.get_client(allow_start=True)
        return self.hello

    def stop(self) -> str:
        """Stop the backend named by the discovery file (only if this editor started it, or asked)."""
        with self._lock:
            if self.client is not None:
                self.client.close()
                self.client = None
            info = backend.read_discovery(backend.data_dir_of(self.settings))
            proc, self.proc = self.proc, None
            if info is None and proc is None:
                return "no EngineMind backend is running"
            pid = proc.pid if proc is not None else info.pid  # type: ignore[union-attr]
            ok = backend.stop(pid, proc)
            return f"backend (pid {pid}) stopped" if ok else f"backend (pid {pid}) did not stop in time"

    def status(self) -> str:
        data_dir = backend.data_dir_of(self.settings)
        try:
            client, hello = backend.connect(self.settings)
            client.close()
        except Exception as exc:
            return f"not connected: {exc}"
        return (f"connected to EngineMind {hello['server_version']} (API {hello['server_api_version']}, "
                f"{hello['database']} database) via {data_dir}; capabilities: {', '.join(hello['capabilities'])}")

    def close(self) -> None:
        """Editor shutdown: close the channel and stop a backend this editor started."""
        with self._lock:
            if self.client is not None:
                self.client.close()
                self.client = None
            if self.proc is not None:
                backend.stop(self.proc.pid, self.proc, timeout_s=10.0)
                self.proc = None
