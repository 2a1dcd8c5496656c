"""Job runner: the process (or torchrun ranks) that executes one job's ``train(ctx, config)``.

Exit codes tell the worker what happened: 0 finished, 3 stopped on request (checkpoint kept), 4 could not
reach the database at start (requeued), anything else failed (the traceback is in the job's log events
and in ``<work_dir>/error.txt``).
Run as ``python -m enginemind.jobs.runner --job-id ID --data-dir DIR`` with ENGINEMIND_DATABASE_URL set.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import Any

import psycopg

from enginemind.config import from_dict, to_dict
from enginemind.db.pool import connect
from enginemind.errors import Unavailable
from enginemind.families import get_family
from enginemind.jobs import store
from enginemind.jobs.context import JobContext, env_rank
from enginemind.paths import DATABASE_URL_ENV, jobs_dir
from enginemind.storage import ARTIFACT_URL_ENV, ArtifactStore

EXIT_OK, EXIT_FAILED, EXIT_STOPPED, EXIT_RETRY = 0, 1, 3, 4
log = logging.getLogger("enginemind.runner")


class _EventSink:
    """Writes events to the database; a database blip loses events, never the training run."""

    def __init__(self, url: str, job_id: str) -> None:
        self.url, self.job_id = url, job_id
        self.conn: psycopg.Connection | None = connect(url)
        self.lock = threading.Lock()

    def __call__(self, kind: str, payload: dict[str, Any]) -> None:
        with self.lock:
            for _ in range(2):
                try:
                    if self.conn is None or self.conn.closed:
                        self.conn = connect(self.url)
                    store.add_event(self.conn, self.job_id, kind, payload)
                    return
                except Exception as exc:  # noqa: BLE001 - keep training when the database hiccups
                    log.warning("could not record %s event: %s", kind, exc)
                    self.conn = None


def run(job_id: str, data_dir: Path, url: str) -> int:
    rank, world_size = env_rank()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    _watch_worker(stop)
    conn = connect(url)
    job = store.get(conn, job_id)
    family = get_family(job["family"])
    config = from_dict(family.config_cls(), job["config"])
    work_dir = jobs_dir(data_dir) / job_id
    work_dir.mkdir(parents=True, exist_ok=True)
    sink = _EventSink(url, job_id) if rank == 0 else (lambda kind, payload: None)

    def register(**kwargs: Any) -> dict[str, Any]:
        from enginemind.registry import store as registry

        return registry.register_version(conn, artifacts, **kwargs)

    def set_alias(name: str, version: int, alias: str) -> dict[str, Any]:
        from enginemind.registry import store as registry

        return registry.set_alias(conn, name, version, alias)

    main = rank == 0
    artifacts = ArtifactStore.for_data_dir(data_dir)
    shared = artifacts if os.environ.get(ARTIFACT_URL_ENV) else None  # mirror checkpoints only to a shared store
    ctx = JobContext(
        job_id=job_id, work_dir=work_dir, sink=sink, register=register if main else None,
        aliaser=set_alias if main else None, family=family.name, config=to_dict(config), checkpoint_store=shared,
        connect=lambda: connect(url), rank=rank, world_size=world_size, _stop=stop.is_set,
    )
    if world_size > 1:
        _init_distributed()
    try:
        if ctx.has_checkpoint():
            ctx.log("resuming from the last checkpoint")
        family.train_fn()(ctx, config)
    except Exception:
        text = traceback.format_exc()
        if rank == 0:
            (work_dir / "error.txt").write_text(text, encoding="utf-8")
            ctx.log(text, level="error")
        print(text, file=sys.stderr)
        return EXIT_FAILED
    finally:
        if world_size > 1:
            _destroy_distributed()
    return EXIT_STOPPED if stop.is_set() else EXIT_OK


def _wait_as_spare(data_dir: Path) -> str:
    """Pre-import the heavy libraries, then block until the worker hands over a job id (or closes stdin).

    A warm spare takes the Python and torch start-up (seconds) off the submit -> first progress path.
    Its output then goes to the job's own log file.
    """
    try:
        import torch

        # Building an optimizer lazily imports torch._dynamo (~2 s); every training job builds one.
        torch.optim.AdamW([torch.nn.Parameter(torch.zeros(1))])
    except ImportError:
        pass
    job_id = sys.stdin.readline().strip()
    if job_id:
        log_path = jobs_dir(data_dir) / job_id / "job.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
    return job_id


def _watch_worker(stop: threading.Event) -> None:
    """Stop (checkpoint, exit) if the worker that started us dies, so a restarted worker never races us."""
    pid = int(os.environ.get("ENGINEMIND_WORKER_PID", "0"))
    if not pid:
        return

    def watch() -> None:
        while not stop.wait(0.5):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                log.warning("worker %s is gone; stopping at the next checkpoint", pid)
                stop.set()
            except PermissionError:
                pass

    threading.Thread(target=watch, name="worker-watch", daemon=True).start()


def _init_distributed() -> None:
    import torch
    import torch.distributed as dist

    backend = "nccl" if torch.cuda.is_available() else "gloo"
    if backend == "nccl":
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    dist.init_process_group(backend=backend)


def _destroy_distributed() -> None:
    import torch.distributed as dist

    if dist.is_initialized():
        dist.destroy_process_group()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one EngineMind job (started by a worker).")
    parser.add_argument("--job-id", help="job to run; without it, wait for one job id on stdin (warm spare)")
    parser.add_argument("--data-dir", required=True, type=Path)
    args = parser.parse_args(argv)
    if not args.job_id:
        args.job_id = _wait_as_spare(args.data_dir)
        if not args.job_id:
            return EXIT_OK
    url = os.environ.get(DATABASE_URL_ENV)
    if not url:
        print(f"{DATABASE_URL_ENV} is not set; the worker passes it to the runner", file=sys.stderr)
        return EXIT_FAILED
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return run(args.job_id, args.data_dir, url)
    except Unavailable as exc:
        print(f"database unavailable, the job goes back to the queue: {exc}", file=sys.stderr)
        return EXIT_RETRY


if __name__ == "__main__":
    sys.exit(main())
