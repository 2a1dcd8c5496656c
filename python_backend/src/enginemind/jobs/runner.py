"""Job runner: the process (or torchrun ranks) that executes one job's ``train(ctx, config)``.

Exit codes tell the worker what happened: 0 finished, 3 stopped on request (checkpoint kept), 4 could not
reach the database (requeued), 5 its attempt was taken over (stale: it stopped without writing), 1 the
training raised (the traceback is in the job's log events and in ``<work_dir>/error.txt``); a runner that
dies any other way (a signal, the OOM killer) crashed and is retried from its checkpoint.
Every database write carries the attempt number (fencing token) the worker claimed the job with.
Run as ``python -m enginemind.jobs.runner --job-id ID --data-dir DIR`` with ENGINEMIND_DATABASE_URL set.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path

from enginemind.client.discovery import pid_alive
from enginemind.config import from_dict, to_dict
from enginemind.db.pool import connect
from enginemind.errors import Unavailable
from enginemind.families import get_family
from enginemind.jobs import store
from enginemind.jobs.context import JobContext, env_rank
from enginemind.jobs.runner_db import FENCE_CHECK_S, RunnerDb, register_once, set_alias_fenced
from enginemind.jobs.store import StaleAttempt
from enginemind.paths import DATABASE_URL_ENV, jobs_dir
from enginemind.storage import ARTIFACT_URL_ENV, ArtifactStore

EXIT_OK, EXIT_FAILED, EXIT_STOPPED, EXIT_RETRY, EXIT_STALE = 0, 1, 3, 4, 5
ATTEMPT_ENV = "ENGINEMIND_JOB_ATTEMPT"
log = logging.getLogger("enginemind.runner")


def run(job_id: str, attempt: int, data_dir: Path, url: str) -> int:
    rank, world_size = env_rank()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    db = RunnerDb(url, job_id, attempt)
    job = db.call(store.get, job_id)
    if job["state"] != "running" or job["attempts"] != attempt:
        print(f"job {job_id} attempt {attempt} is stale ({job['state']}, attempt {job['attempts']}); not running it",
              file=sys.stderr)
        return EXIT_STALE
    orphaned = threading.Event()
    _watch(stop, orphaned, db)
    family = get_family(job["family"])
    config = from_dict(family.config_cls(), job["config"])
    work_dir = jobs_dir(data_dir) / job_id
    work_dir.mkdir(parents=True, exist_ok=True)
    if rank == 0:
        (work_dir / "error.txt").unlink(missing_ok=True)  # from an earlier attempt that failed
    sink = db.event if rank == 0 else (lambda kind, payload: None)

    main = rank == 0
    artifacts = ArtifactStore.for_data_dir(data_dir)
    shared = artifacts if os.environ.get(ARTIFACT_URL_ENV) else None  # mirror checkpoints only to a shared store
    ctx = JobContext(
        job_id=job_id, work_dir=work_dir, sink=sink,
        register=(lambda **kw: db.call(register_once, artifacts, attempt, **kw)) if main else None,
        aliaser=(lambda name, version, alias: db.call(set_alias_fenced, job_id, attempt, name, version, alias))
        if main else None, family=family.name, config=to_dict(config), checkpoint_store=shared,
        connect=lambda: connect(url), rank=rank, world_size=world_size, _stop=stop.is_set,
    )
    if world_size > 1:
        _init_distributed()
    try:
        if ctx.has_checkpoint():
            ctx.log("resuming from the last checkpoint")
        family.train_fn()(ctx, config)
    except StaleAttempt as exc:
        print(f"{exc}; exiting without further writes", file=sys.stderr)
        return EXIT_STALE
    except Exception:
        text = traceback.format_exc()
        if rank == 0:
            (work_dir / "error.txt").write_text(text, encoding="utf-8")
            try:
                ctx.log(text, level="error")
            except (StaleAttempt, Unavailable):
                pass
        print(text, file=sys.stderr)
        return EXIT_FAILED
    finally:
        if world_size > 1:
            _destroy_distributed()
    finished = not stop.is_set()
    code = EXIT_OK if finished else EXIT_STOPPED
    if rank == 0 and orphaned.is_set():  # nobody will record our end: hand the job back ourselves ...
        db.call(store.hand_back, job_id, attempt, finished)
        _exit_now(code)  # ... and be gone at once, before a restarted worker runs the job again
    return code


def _wait_as_spare(data_dir: Path) -> tuple[str, int]:
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
    job_id, _, attempt = sys.stdin.readline().strip().partition(" ")
    if job_id:
        _name_process(job_id)
        log_path = jobs_dir(data_dir) / job_id / "job.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
    return job_id, int(attempt or 0)


def _name_process(job_id: str) -> None:
    """Show the job id in `ps` (a warm spare was started before it had one)."""
    try:
        import setproctitle

        setproctitle.setproctitle(f"enginemind-runner {job_id}")
    except ImportError:
        pass


def _watch(stop: threading.Event, orphaned: threading.Event, db: RunnerDb) -> None:
    """Stop if the worker that started us dies; exit at once if our attempt became stale.

    The first lets a restarted worker never race us; the second bounds how long a runner whose job was
    taken over keeps running (``FENCE_CHECK_S``), even if it never writes.
    """
    pid = int(os.environ.get("ENGINEMIND_WORKER_PID", "0"))

    def watch_worker() -> None:
        while not stop.wait(0.5):
            if pid and not pid_alive(pid):
                log.warning("worker %s is gone; stopping at the next checkpoint", pid)
                orphaned.set()
                stop.set()

    def watch_fence() -> None:
        while True:
            time.sleep(FENCE_CHECK_S)
            if db.is_stale():
                log.error("job %s attempt %s was taken over; exiting", db.job_id, db.attempt)
                os._exit(EXIT_STALE)

    threading.Thread(target=watch_worker, name="worker-watch", daemon=True).start()
    threading.Thread(target=watch_fence, name="fence-watch", daemon=True).start()


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
    parser.add_argument("--attempt", type=int, default=int(os.environ.get(ATTEMPT_ENV, "0")),
                        help="attempt number (fencing token) the worker claimed the job with")
    parser.add_argument("--data-dir", required=True, type=Path)
    args = parser.parse_args(argv)
    if args.job_id:
        _name_process(args.job_id)
    else:
        args.job_id, args.attempt = _wait_as_spare(args.data_dir)
        if not args.job_id:
            return EXIT_OK
    url = os.environ.get(DATABASE_URL_ENV)
    if not url:
        print(f"{DATABASE_URL_ENV} is not set; the worker passes it to the runner", file=sys.stderr)
        return EXIT_FAILED
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return run(args.job_id, args.attempt, args.data_dir, url)
    except Unavailable as exc:
        print(f"database unavailable, the job goes back to the queue: {exc}", file=sys.stderr)
        return EXIT_RETRY


def _exit_now(code: int) -> None:
    """Leave without interpreter teardown: everything is committed or on disk, and tearing down torch can take
    seconds, during which a cancelled or finished job would still look busy."""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    _exit_now(main())
