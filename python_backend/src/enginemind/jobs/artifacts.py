"""Files a job announced with ``ctx.artifact`` (loss curves, render sheets, samples), listed and read back.

The list comes from the job's ``artifact`` events (the latest announcement of each name wins, so a curve the
job rewrites shows a new ``seq``); model registrations are not files here. A file is read from the job's
folder ``<data_dir>/jobs/<id>/`` or, when the job ran on a worker of another machine, from the copy that
worker put in the shared artifact store (``jobs/<id>/files/<name>``, see ``JobContext.artifact``).
Names come from clients: they must be announced names and must resolve inside the job's folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from enginemind.errors import InvalidInput, NotFound, PayloadTooLarge
from enginemind.paths import jobs_dir, safe_join

MAX_ARTIFACT_BYTES = 64 << 20
"""Largest artifact ``GetArtifact`` sends (it is read whole, hashed, then streamed in chunks)."""
MAX_NAME = 512
"""Longest artifact name accepted."""
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class JobArtifact:
    """One announced file of a job."""

    name: str
    kind: str
    size: int
    seq: int
    time: float
    available: bool


def store_key(job_id: str, name: str) -> str:
    """Key of a job file's copy in the shared artifact store."""
    return f"jobs/{job_id}/files/{name}"


def check_name(name: str) -> str:
    """``name`` when it is a relative path inside a job folder; INVALID_ARGUMENT otherwise."""
    parts = PurePosixPath(name).parts
    if not name or len(name) > MAX_NAME or "\x00" in name or "\\" in name:
        raise InvalidInput(f"an artifact name has 1..{MAX_NAME} characters and no NUL or backslash; "
                           "use a name from `enginemind jobs artifacts JOB_ID`")
    if name.startswith("/") or ".." in parts or not parts:
        raise InvalidInput(f"artifact name '{name}' must be a path inside the job's folder (no leading '/', "
                           "no '..'); use a name from `enginemind jobs artifacts JOB_ID`")
    return name


def announced(conn: Any, job_id: str) -> list[dict[str, Any]]:
    """Latest announcement per file name of the job, oldest first: ``{name, kind, seq, time}``."""
    rows = conn.execute(
        "SELECT DISTINCT ON (payload->>'path') payload->>'path' AS name, payload->>'kind' AS kind, seq, "
        "extract(epoch FROM time)::double precision AS time FROM job_events "
        "WHERE job_id = %s AND kind = 'artifact' AND coalesce(payload->>'kind', '') <> 'model' "
        "AND coalesce(payload->>'path', '') <> '' ORDER BY payload->>'path', seq DESC",
        (job_id,),
    ).fetchall()
    return sorted(rows, key=lambda r: r["seq"])


def _kind(name: str, announced_kind: str) -> str:
    return "image" if name.lower().endswith(IMAGE_SUFFIXES) else (announced_kind or "file")


def locate(data_dir: Path, store: Any, job_id: str, name: str) -> Path | None:
    """A readable local path of the job's file ``name`` (local folder first, then ``store``, the shared artifact
    store when one is configured), or None."""
    try:
        local = safe_join(jobs_dir(data_dir) / job_id, name)
    except InvalidInput:
        return None  # an absolute path a job announced, or a link leaving the folder: never served
    if local.is_file():
        return local
    if store is not None:
        key = store_key(job_id, name)
        if store.exists(key):
            return store.local_file(key)
    return None


def list_artifacts(rows: list[dict[str, Any]], data_dir: Path, store: Any, job_id: str) -> list[JobArtifact]:
    """The announced files with their current size and whether this server can read them."""
    out = []
    for r in rows:
        path = locate(data_dir, store, job_id, r["name"])
        size = path.stat().st_size if path is not None else 0
        out.append(JobArtifact(r["name"], _kind(r["name"], r["kind"]), size, int(r["seq"]), float(r["time"]),
                               path is not None))
    return out


def read_artifact(rows: list[dict[str, Any]], data_dir: Path, store: Any, job_id: str,
                  name: str, max_bytes: int = MAX_ARTIFACT_BYTES) -> tuple[bytes, str]:
    """``(content, sha256 hex)`` of one announced file; NOT_FOUND names the ones there are."""
    check_name(name)
    names = [r["name"] for r in rows]
    if name not in names:
        listed = ", ".join(names[-20:]) or "none yet"
        raise NotFound(f"job {job_id} announced no artifact '{name}'; it has: {listed}")
    path = locate(data_dir, store, job_id, name)
    if path is None:
        raise NotFound(f"artifact '{name}' of job {job_id} is not readable here: the file is gone, or the job ran "
                       "on another machine without a shared ENGINEMIND_ARTIFACT_URL")
    size = path.stat().st_size
    if size > max_bytes:
        raise PayloadTooLarge(f"artifact '{name}' has {size:,} bytes, more than the {max_bytes:,} bytes GetArtifact "
                              f"sends; read it from {path.parent} instead")
    data = path.read_bytes()[:max_bytes]
    return data, hashlib.sha256(data).hexdigest()
