"""Worker: claims jobs from the PostgreSQL queue and runs each in its own runner process.

A crash inside a job never reaches the worker or the server. The worker heartbeats its jobs (lease),
forwards cancel requests as SIGTERM, requeues its jobs when it shuts down (they resume from their last
checkpoint), and on start takes back jobs that a dead worker on this host left in ``running``.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from enginemind.client.discovery import pid_alive
from enginemind.db.listen import JOBS_CHANNEL, Listener
from enginemind.db.pool import Database, connect
from enginemind.errors import EngineMindError
from enginemind.jobs import store
from enginemind.jobs.runner import ATTEMPT_ENV, EXIT_FAILED, EXIT_OK, EXIT_RETRY, EXIT_STALE, EXIT_STOPPED
from enginemind.jobs.store import StaleAttempt
from enginemind.paths import DATABASE_URL_ENV, jobs_dir
from enginemind.procs import kill_group

log = logging.getLogger(__name__)
WORKER_PID_ENV = "ENGINEMIND_WORKER_PID"
"""Set for runners: they stop (checkpoint, exit) when this process disappears."""


@dataclass
class _Running:
    job_id: str
    attempt: int
    """Fencing token: the attempt number this runner presents on every write."""
    proc: subprocess.Popen[bytes]
    slots: list[int]
    log_path: Path
    stop_reason: str = ""
    """'' while running normally; 'cancel' or 'shutdown' once the worker asked it to stop; 'lost' once another
    worker took the job over (the runner is killed and its exit is not recorded)."""
    stop_sent_at: float = 0.0


@dataclass
class Worker:
    """Runs up to ``slots`` processes at once; a job with nproc N takes N slots."""

    db: Database
    data_dir: Path
    slots: int = 1
    name: str = ""
    poll_s: float = 1.0
    grace_s: float = 20.0
    """How long a stopping job may take to write its checkpoint before it is killed."""
    slot_devices: list[str] = field(default_factory=list)
    """Optional device id per slot (e.g. GPU indices): jobs see only theirs in CUDA_VISIBLE_DEVICES."""
    prewarm: bool = True
    """Keep one runner process warm (libraries imported) for the next single-process job."""
    _running: dict[str, _Running] = field(default_factory=dict)
    _spare: subprocess.Popen[bytes] | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        if self.slots < 1:
            raise ValueError("a worker needs at least one slot")
        self.host = socket.gethostname()
        self.name = self.name or f"{self.host}:{os.getpid()}"

    # ---- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> Worker:
        self._thread = threading.Thread(target=self.run, name="enginemind-worker", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        """Stop claiming, ask running jobs to checkpoint and requeue them, then return."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout if timeout is not None else self.grace_s + 10)

    def run(self) -> None:
        listener = Listener(self.db.url, JOBS_CHANNEL, name=f"worker {self.name}", connect=self._listen_connection)
        self._recover_orphans()
        while not self._stop.is_set():
            try:
                self._tick()
            except (EngineMindError, psycopg.Error) as exc:
                log.warning("worker %s: database problem (%s); retrying", self.name, exc)
                self._stop.wait(min(self.poll_s * 2, 5.0))
                continue
            listener.wait(self.poll_s)  # a submit or cancel wakes us early
        self._shutdown_jobs()
        listener.close()
        try:
            with self.db.connection() as conn:
                store.worker_gone(conn, self.name)
        except EngineMindError:
            pass

    def _listen_connection(self) -> psycopg.Connection:
        conn = connect(self.db.url, application_name="enginemind-worker")
        self.db.track(conn)
        return conn

    # ---- one round -------------------------------------------------------------------------------------
    def _tick(self) -> None:
        self._reap()
        with self.db.connection() as conn:
            store.worker_beat(conn, self.name, self.host, os.getpid(), self.slots)
            cancels, lost = store.heartbeat(conn, self.name, list(self._running))
            for job_id in cancels:
                self._signal(self._running[job_id], "cancel")
            for job_id in lost:
                self._lose(self._running[job_id])
            while (free := self._free_slots()) and not self._stop.is_set():
                job = store.claim(conn, self.name, self.host, os.getpid(), free_slots=len(free))
                if job is None:
                    break
                self._launch(job, free[: job["nproc"]])
        self._ensure_spare()

    def _free_slots(self) -> list[int]:
        used = {s for r in self._running.values() for s in r.slots}
        return [s for s in range(self.slots) if s not in used]

    def _env(self, slots: list[int], attempt: int = 0) -> dict[str, str]:
        env = dict(os.environ, **{DATABASE_URL_ENV: self.db.url, WORKER_PID_ENV: str(os.getpid()),
                                  ATTEMPT_ENV: str(attempt)})
        if self.slot_devices:
            env["CUDA_VISIBLE_DEVICES"] = ",".join(self.slot_devices[s] for s in slots)
        return env

    def _launch(self, job: dict, slots: list[int]) -> None:
        previous = job.get("previous_pgid")
        if previous and job.get("previous_host") == self.host and _is_runner_group(previous):
            log.warning("job %s: the runner of its previous attempt (group %s) is still exiting; waiting for it",
                        job["id"], previous)
            _stop_group(previous, self.grace_s)
        work_dir = jobs_dir(self.data_dir) / job["id"]
        work_dir.mkdir(parents=True, exist_ok=True)
        log_path = work_dir / "job.log"
        attempt = job["attempts"]
        proc = self._take_spare(job["id"], attempt) if job["nproc"] == 1 else None
        if proc is None:
            args = ["-m", "enginemind.jobs.runner", "--job-id", job["id"], "--attempt", str(attempt),
                    "--data-dir", str(self.data_dir)]
            if job["nproc"] > 1:
                cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone",
                       f"--nproc_per_node={job['nproc']}", *args]
            else:
                cmd = [sys.executable, *args]
            with open(log_path, "ab") as log_file:
                proc = subprocess.Popen(cmd, stdout=log_file, stderr=subprocess.STDOUT,
                                        env=self._env(slots, attempt), start_new_session=True)
        self._running[job["id"]] = _Running(job["id"], attempt, proc, slots, log_path)
        try:  # the runner's process group: a restarted worker stops it before the job runs again
            with self.db.connection() as conn:
                store.set_runner(conn, job["id"], attempt, proc.pid)
        except EngineMindError as exc:
            log.warning("could not record the process group of job %s: %s", job["id"], exc)
        log.info("worker %s: started job %s (%s) pid %s", self.name, job["id"], job["family"], proc.pid)

    def _take_spare(self, job_id: str, attempt: int) -> subprocess.Popen[bytes] | None:
        """Hand the job to the warm spare runner, if one is alive."""
        spare, self._spare = self._spare, None
        if spare is None or spare.poll() is not None or spare.stdin is None:
            return None
        try:
            spare.stdin.write(f"{job_id} {attempt}\n".encode())
            spare.stdin.close()
        except OSError:
            return None
        return spare

    def _ensure_spare(self) -> None:
        if not self.prewarm or self.slot_devices or self._stop.is_set():
            return
        if self._spare is not None and self._spare.poll() is None:
            return
        cmd = [sys.executable, "-m", "enginemind.jobs.runner", "--data-dir", str(self.data_dir)]
        self._spare = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, env=self._env([]), start_new_session=True)

    def _drop_spare(self) -> None:
        spare, self._spare = self._spare, None
        if spare is not None and spare.poll() is None and spare.stdin is not None:
            spare.stdin.close()  # EOF: the spare exits without running anything
            try:
                spare.wait(timeout=10)
            except subprocess.TimeoutExpired:
                spare.kill()

    def _signal(self, running: _Running, reason: str) -> None:
        if running.stop_reason:
            return
        running.stop_reason, running.stop_sent_at = reason, time.monotonic()
        try:
            os.killpg(running.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    def _reap(self) -> None:
        for job_id, running in list(self._running.items()):
            code = running.proc.poll()
            if code is None:
                if running.stop_reason and time.monotonic() - running.stop_sent_at > self.grace_s:
                    log.warning("job %s did not stop within %.0fs; killing it", job_id, self.grace_s)
                    try:
                        os.killpg(running.proc.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                continue
            self._record_exit(running, code)  # raises while the database is away: retried next round
            del self._running[job_id]

    def _lose(self, running: _Running) -> None:
        """Another worker took this job over (our lease expired): its runner must not run on."""
        log.warning("job %s attempt %s was taken over by another worker; killing its runner", running.job_id,
                    running.attempt)
        running.stop_reason = "lost"
        kill_group(running.proc.pid, signal.SIGKILL)

    def _record_exit(self, running: _Running, code: int) -> None:
        """Record how a runner ended; a traceback fails the job, a killed runner is a crash (retried)."""
        if running.stop_reason == "lost" or code == EXIT_STALE:
            return
        error_file = running.log_path.parent / "error.txt"
        job_id, attempt = running.job_id, running.attempt
        try:
            with self.db.connection() as conn:
                if code == EXIT_OK:
                    store.finish(conn, job_id, "succeeded", "finished", attempt=attempt)
                elif running.stop_reason == "cancel":
                    store.finish(conn, job_id, "cancelled", "cancelled; the last checkpoint is kept", attempt=attempt)
                elif running.stop_reason == "shutdown" or code in (EXIT_STOPPED, EXIT_RETRY):
                    store.finish(conn, job_id, "queued", "worker stopping; the job resumes from its checkpoint",
                                 attempt=attempt)
                elif code == EXIT_FAILED and error_file.exists():
                    store.finish(conn, job_id, "failed", f"runner exited with code {code}",
                                 error=self._error_text(running), attempt=attempt)
                else:
                    store.record_crash(conn, job_id, attempt, _exit_reason(code))
        except StaleAttempt as exc:
            log.warning("not recording the end of job %s: %s", job_id, exc)

    def _error_text(self, running: _Running) -> str:
        error_file = running.log_path.parent / "error.txt"
        source = error_file if error_file.exists() else running.log_path
        try:
            lines = source.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return "the job process died without an error message"
        return "\n".join(lines[-15:]) or "the job process died without an error message"

    def _shutdown_jobs(self) -> None:
        self._drop_spare()
        for running in self._running.values():
            self._signal(running, "shutdown")
        deadline = time.monotonic() + self.grace_s
        while self._running and time.monotonic() < deadline + 2:
            try:
                self._reap()
            except EngineMindError as exc:
                log.warning("could not record a job's end: %s", exc)
                break
            time.sleep(0.1)

    def _recover_orphans(self) -> None:
        """Take back jobs this host was running when its worker died (lease expiry covers other hosts).

        The dead worker's runner may still be running: it is stopped (SIGTERM, then SIGKILL after
        ``grace_s``) and waited for before its job is requeued, so two runners never run one job. A runner
        that stops by itself hands its job back; one that had died with its worker counts as a crash.
        """
        try:
            with self.db.connection() as conn:
                rows = [r for r in store.orphans_on_host(conn, self.host)
                        if r["worker"] != self.name and not pid_alive(r["worker_pid"])]
            for row in rows:
                runner_alive = bool(row["runner_pgid"]) and _is_runner_group(row["runner_pgid"])
                if runner_alive:
                    log.warning("job %s: runner group %s outlived its worker; stopping it", row["id"],
                                row["runner_pgid"])
                    _stop_group(row["runner_pgid"], self.grace_s)
                with self.db.connection() as conn:
                    try:
                        if runner_alive:
                            store.finish(conn, row["id"], "queued", "its worker died; the runner was stopped, "
                                         "resuming from the last checkpoint", attempt=row["attempts"])
                        else:
                            store.record_crash(conn, row["id"], row["attempts"], "its worker died")
                    except StaleAttempt:
                        pass  # the runner handed the job back itself
        except EngineMindError as exc:
            log.warning("could not recover orphaned jobs: %s", exc)


def _exit_reason(code: int) -> str:
    if code < 0:
        try:
            return f"runner killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"runner killed by signal {-code}"
    return f"runner exited with code {code} without an error report"


def _is_runner_group(pgid: int) -> bool:
    """True if process group ``pgid`` exists and its leader is an EngineMind runner (not a reused pid)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    try:
        cmdline = Path(f"/proc/{pgid}/cmdline").read_bytes()
    except OSError:
        return True  # leader gone but members left (torchrun ranks): still ours to stop
    return b"enginemind" in cmdline


def _stop_group(pgid: int, grace_s: float) -> None:
    """SIGTERM the group (its runner checkpoints), SIGKILL it after ``grace_s``, wait until it is gone."""
    kill_group(pgid, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _group_alive(pgid):
        log.warning("runner group %s did not stop within %.0fs; killing it", pgid, grace_s)
        kill_group(pgid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.05)


def _group_alive(pgid: int) -> bool:
    """True while a process of group ``pgid`` is alive (zombies waiting to be reaped do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state ppid pgrp ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False
