"""What a family's ``train(ctx, config)`` sees: progress, metrics, logs, checkpoints, stop requests.

The runner builds one ``JobContext`` per job process. Every event goes to PostgreSQL (``job_events``)
and is announced with NOTIFY, so ``Jobs.Watch`` streams it live and replays it to late subscribers.
Under torchrun only rank 0 reports; other ranks get a context whose reporting calls do nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enginemind.checkpoint import load_checkpoint, save_checkpoint

EventSink = Callable[[str, dict[str, Any]], None]
"""``sink(kind, payload)``; kinds: state, progress, metric, log, artifact."""


@dataclass
class JobContext:
    """Handle given to a training function; the only way it talks to the outside world."""

    job_id: str
    work_dir: Path
    """Per-job folder for checkpoints, samples and outputs (survives restarts of the job)."""
    sink: EventSink
    register: Callable[..., dict[str, Any]] | None = None
    """Registers a model version (see ``register_model``); None on non-zero ranks."""
    connect: Callable[[], Any] | None = None
    """Returns a new psycopg connection to the backend database (for families that read data from it)."""
    aliaser: Callable[[str, int, str], dict[str, Any]] | None = None
    """Points a registry alias at a version (see ``set_alias``); None on non-zero ranks."""
    family: str = ""
    """The job's family; recorded on every model version the job registers."""
    config: dict[str, Any] = field(default_factory=dict)
    """The job's resolved config as a dict; recorded as the lineage of every registered version."""
    checkpoint_store: Any = None
    """A shared ``storage.ArtifactStore`` (set when ``$ENGINEMIND_ARTIFACT_URL`` is): every checkpoint is also
    written there, and a job resumed by a worker on another machine starts from it."""
    rank: int = 0
    world_size: int = 1
    progress_interval_s: float = 0.1
    """Progress events are throttled to at most one per interval (the last step is always sent)."""
    _stop: Callable[[], bool] = field(default=lambda: False)
    _last_progress: float = field(default=0.0)
    _t0: float = field(default_factory=time.monotonic)
    _first_step: int | None = field(default=None)

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def checkpoint_path(self) -> Path:
        return self.work_dir / "checkpoint.pt"

    def should_stop(self) -> bool:
        """True once cancel or shutdown was requested: save a checkpoint and return from train()."""
        return self._stop()

    def progress(self, step: int, total: int, message: str = "") -> None:
        """Report progress; ETA is estimated from steps done in this process (resume-aware)."""
        if not self.is_main:
            return
        now = time.monotonic()
        if self._first_step is None:
            self._first_step, self._t0 = step, now
        if step < total and now - self._last_progress < self.progress_interval_s:
            return
        self._last_progress = now
        done = step - self._first_step
        rate = done / (now - self._t0) if done > 0 and now > self._t0 else 0.0
        eta = (total - step) / rate if rate > 0 else -1.0
        self.sink("progress", {"step": step, "total": total, "eta_s": round(eta, 2), "message": message})

    def metric(self, name: str, value: float, step: int | None = None) -> None:
        if self.is_main:
            self.sink("metric", {"name": name, "value": float(value), "step": step})

    def log(self, message: str, level: str = "info") -> None:
        if self.is_main:
            self.sink("log", {"message": message, "level": level})

    def artifact(self, path: str | Path, kind: str = "file") -> None:
        """Announce a file the job wrote (sample image, plot, export); ``Jobs.GetArtifact`` serves it. With a
        shared artifact store the file is copied there too, so a server on another machine can serve it."""
        if self.is_main:
            path = Path(path)
            if path.is_absolute() and path.is_relative_to(self.work_dir):
                path = path.relative_to(self.work_dir)
            if self.checkpoint_store is not None and not path.is_absolute() and (self.work_dir / path).is_file():
                try:
                    self.checkpoint_store.put_file(self.work_dir / path, f"jobs/{self.job_id}/files/{path.as_posix()}")
                except Exception as exc:  # noqa: BLE001 - a picture never fails the training
                    self.log(f"could not copy {path} to the shared artifact store: {exc}", level="warning")
            self.sink("artifact", {"path": path.as_posix(), "kind": kind})

    def save_checkpoint(self, state: dict[str, Any]) -> Path | None:
        """Atomically write the resumable state (rank 0 only)."""
        if not self.is_main:
            return None
        save_checkpoint(self.checkpoint_path, state)
        if self.checkpoint_store is not None:
            self.checkpoint_store.put_file(self.checkpoint_path, self.checkpoint_key)
        return self.checkpoint_path

    @property
    def checkpoint_key(self) -> str:
        return f"jobs/{self.job_id}/checkpoint.pt"

    def load_checkpoint(self) -> dict[str, Any] | None:
        """The last checkpoint of this job (the shared store's copy when there is one), or None on a first run."""
        if self._shared_checkpoint():
            return load_checkpoint(self.checkpoint_store.local_file(self.checkpoint_key))
        return load_checkpoint(self.checkpoint_path)

    def has_checkpoint(self) -> bool:
        return self._shared_checkpoint() or self.checkpoint_path.exists()

    def _shared_checkpoint(self) -> bool:
        return self.checkpoint_store is not None and self.checkpoint_store.exists(self.checkpoint_key)

    def register_model(
        self,
        name: str,
        files: dict[str, str | Path],
        *,
        metrics: dict[str, float] | None = None,
        data_hash: str = "",
        description: str = "",
    ) -> dict[str, Any] | None:
        """Copy ``files`` (artifact name -> path) into the registry as a new version of model ``name``, recording
        the job's family and resolved config as its lineage."""
        if not self.is_main or self.register is None:
            return None
        version = self.register(
            name=name, files={k: str(v) for k, v in files.items()}, metrics=metrics or {},
            config=self.config, data_hash=data_hash, family=self.family,
            description=description, job_id=self.job_id,
        )
        self.sink("artifact", {"kind": "model", "model": name, "version": version["version"]})
        return version

    def set_alias(self, name: str, version: int, alias: str) -> dict[str, Any] | None:
        """Point ``alias`` (e.g. ``production``) at a version this job registered (rank 0 only)."""
        if not self.is_main or self.aliaser is None:
            return None
        row = self.aliaser(name, version, alias)
        self.log(f"{name} v{version} is now {alias}")
        return row


def env_rank() -> tuple[int, int]:
    """(rank, world size) as torchrun sets them; (0, 1) outside torchrun."""
    return int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))
