"""The editor's one backend connection: connect through the discovery file, or start ``enginemind serve``.

Safe to call from worker threads; never touches ``unreal``. The lock only guards swapping ``client``/``proc``
and is never held while waiting on the network or on a starting backend, so ``close()`` (the editor's shutdown
callback, on the game thread) returns at once even while a worker thread waits for a backend to start.
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
        """Held only to read or swap ``client``, ``hello`` and ``proc`` (never across I/O)."""
        self._launch_lock = threading.Lock()
        """One backend start at a time; ``close()`` never takes it."""
        self._closing = threading.Event()

    def get_client(self, allow_start: bool | None = None) -> Any:
        """A connected, handshaken client; starts the backend when allowed and none answers."""
        allow_start = self.settings.auto_start_backend if allow_start is None else allow_start
        self._check_open()
        with self._lock:
            client = self.client
        if client is not None:
            try:
                hello = client.handshake(self.settings.handshake_timeout_s)
                return self._keep(client, hello)
            except Exception:
                self._drop(client)
        try:
            return self._keep(*backend.connect(self.settings))
        except BackendUnavailable:
            if not allow_start:
                raise
        with self._launch_lock:
            self._check_open()
            try:  # another thread may have started it while this one waited for the launch lock
                return self._keep(*backend.connect(self.settings))
            except BackendUnavailable:
                pass
            backend.launch(self.settings, on_started=self._adopt, should_stop=self._closing.is_set)
            return self._keep(*backend.connect(self.settings))

    def _check_open(self) -> None:
        if self._closing.is_set():
            raise BackendUnavailable("the EngineMind session is closed (the editor is shutting down)")

    def _keep(self, client: Any, hello: dict[str, Any]) -> Any:
        """Make ``client`` the session's client (closing a replaced one); refused once the session closed."""
        with self._lock:
            closed = self._closing.is_set()
            old = None
            if not closed:
                old = self.client if self.client is not client else None
                self.client, self.hello = client, hello
        if closed:
            client.close()
            raise BackendUnavailable("the EngineMind session was closed while connecting")
        if old is not None:
            old.close()
        return client

    def _drop(self, client: Any) -> None:
        with self._lock:
            if self.client is client:
                self.client = None
        client.close()

    def _adopt(self, proc: subprocess.Popen[bytes]) -> None:
        """The started backend belongs to this editor (stopped by ``close``), unless it closed already."""
        with self._lock:
            closing = self._closing.is_set()
            if not closing:
                self.proc = proc
        if closing:
            backend.stop(proc.pid, proc, timeout_s=10.0)

    def start(self) -> dict[str, Any]:
        self.get_client(allow_start=True)
        return self.hello

    def stop(self) -> str:
        """Stop the backend named by the discovery file (only if this editor started it, or asked)."""
        with self._lock:
            client, self.client = self.client, None
            proc, self.proc = self.proc, None
        if client is not None:
            client.close()
        info = backend.read_discovery(backend.data_dir_of(self.settings))
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
        """Editor shutdown: close the channel and stop a backend this editor started, without waiting for a
        worker thread that is connecting or starting one (it sees ``_closing`` and gives up)."""
        self._closing.set()
        with self._lock:
            client, self.client = self.client, None
            proc, self.proc = self.proc, None
        if client is not None:
            client.close()
        if proc is not None:
            backend.stop(proc.pid, proc, timeout_s=10.0)
