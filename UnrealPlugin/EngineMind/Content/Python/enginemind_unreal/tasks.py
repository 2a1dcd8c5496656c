"""Work off the game thread: RPCs run in a worker thread; results are applied from a Slate tick callback.

``TickRunner`` is plain Python: ``register``/``unregister`` are ``unreal.register_slate_post_tick_callback``
and ``unreal.unregister_slate_post_tick_callback`` in the editor, and test functions elsewhere.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Pending:
    """One background call and what to do with its outcome on the game thread."""

    fn: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]
    timeout_s: float
    label: str = ""
    started: float = field(default_factory=time.monotonic)
    result: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class TickRunner:
    """Runs callables in daemon threads; ``tick()`` (game thread) delivers finished results in order."""

    def __init__(self, register: Callable[[Callable[[float], None]], Any] | None = None,
                 unregister: Callable[[Any], None] | None = None) -> None:
        self._register, self._unregister = register, unregister
        self._handle: Any = None
        self._pending: list[Pending] = []
        self._lock = threading.Lock()
        self._delivering = False
        """True while a result callback runs: modal dialogs and ScopedSlowTask tick Slate inside it, and a nested
        ``tick`` must not deliver another job's result into the middle of that callback."""

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None], *, timeout_s: float, label: str = "") -> Pending:
        job = Pending(fn, on_done, on_error, timeout_s, label)

        def run() -> None:
            try:
                job.result = fn()
            except BaseException as exc:  # delivered to on_error on the game thread
                job.error = exc
            job.done.set()

        with self._lock:
            self._pending.append(job)
        threading.Thread(target=run, name=f"enginemind-{label or 'rpc'}", daemon=True).start()
        if self._register is not None and self._handle is None:
            self._handle = self._register(self.tick)
        return job

    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def tick(self, delta_seconds: float = 0.0) -> None:
        """Deliver finished (or timed-out) jobs; unregisters itself when nothing is left.

        Re-entrant calls (a Slate tick pumped by a modal dialog or slow task inside a callback) do nothing: the
        results wait for the next outer tick.
        """
        if self._delivering:
            return
        with self._lock:
            ready = []
            for job in list(self._pending):
                if job.done.is_set():
                    ready.append(job)
                elif time.monotonic() - job.started > job.timeout_s:
                    job.error = TimeoutError(
                        f"{job.label or 'backend call'} did not finish in {job.timeout_s:.0f}s; the backend may be "
                        "busy or stuck (see its log); raise rpc_timeout_s in the EngineMind settings if it is slow"
                    )
                    ready.append(job)
                else:
                    continue
                self._pending.remove(job)
        self._delivering = True
        try:
            for job in ready:
                if job.error is not None:
                    job.on_error(job.error)
                else:
                    job.on_done(job.result)
        finally:
            self._delivering = False
        with self._lock:
            idle = not self._pending  # a callback above may have submitted more work
        if idle and self._handle is not None and self._unregister is not None:
            self._unregister(self._handle)
            self._handle = None

    def drain(self, timeout_s: float = 60.0, interval_s: float = 0.01) -> None:
        """Tick until nothing is pending (tests and the synchronous fallback)."""
        deadline = time.monotonic() + timeout_s
        while self.busy():
            if time.monotonic() > deadline:
                raise TimeoutError("background calls did not finish")
            self.tick(interval_s)
            time.sleep(interval_s)
