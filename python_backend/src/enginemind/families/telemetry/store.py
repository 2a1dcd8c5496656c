"""robot_telemetry storage: COPY ingest in batches, latest / range queries, and series export for training."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import psycopg
from psycopg.rows import tuple_row

from enginemind.errors import InvalidInput
from enginemind.families.telemetry.schema import payload_json

COPY_SQL = "COPY robot_telemetry (robot_id, data_type, created_at, payload) FROM STDIN"
Row = tuple[str, str, float, str]
"""(robot_id, data_type, unix seconds, payload JSON text)."""


def packet_row(p: dict[str, Any]) -> Row:
    """A simulator/client packet dict as a row for ``copy_rows``."""
    return p["robot_id"], p["data_type"], p["ts"], payload_json(p["values"], p.get("tags") or {})


def _timestamp(ts: float) -> datetime:
    """Unix seconds -> the UTC datetime stored for them. Writes and query bounds both go through this one
    rounding to microseconds: PostgreSQL's ``to_timestamp`` rounds some floats 1 µs differently, so a row
    written at ``ts`` could fall outside ``since=ts``."""
    return datetime.fromtimestamp(ts, UTC)


def _ts_text(ts: float) -> str:
    return _timestamp(ts).isoformat()


_WINDOW = "created_at >= %s AND created_at < coalesce(%s, 'infinity'::timestamptz)"
"""Time-window condition; its parameters come from ``_window``."""


def _window(since: float, until: float) -> tuple[datetime, datetime | None]:
    """[since, until) as query parameters; until 0 means no upper bound."""
    return _timestamp(since), _timestamp(until) if until else None


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(conn: psycopg.Connection, rows: Sequence[Row]) -> int:
    """Write rows with one ``COPY ... FROM STDIN`` (text format built here) in one transaction."""
    if not rows:
        return 0
    lines = [f"{_escape(r)}\t{t}\t{_ts_text(ts)}\t{_escape(p)}\n" for r, t, ts, p in rows]
    with conn.transaction(), conn.cursor() as cur, cur.copy(COPY_SQL) as copy:
        copy.write("".join(lines))
    return len(rows)


def copy_packets(conn: psycopg.Connection, packets: Iterable[dict[str, Any]], batch: int = 5000) -> int:
    """COPY packet dicts in batches of ``batch`` rows (one transaction each)."""
    buf: list[Row] = []
    total = 0
    for p in packets:
        buf.append(packet_row(p))
        if len(buf) >= batch:
            total += copy_rows(conn, buf)
            buf = []
    return total + copy_rows(conn, buf)


_COLS = "robot_id, data_type, extract(epoch FROM created_at)::float8 AS ts, payload"


def latest(conn: psycopg.Connection, robot_id: str = "", data_type: str = "") -> list[dict[str, Any]]:
    """Latest row per (robot, type): a skip scan over the (robot_id, data_type, created_at) index."""
    where = "WHERE (%(r)s = '' OR robot_id = %(r)s) AND (%(d)s = '' OR data_type = %(d)s)"
    sql = f"""
    WITH RECURSIVE pairs AS (
      (SELECT robot_id, data_type FROM robot_telemetry {where} ORDER BY robot_id, data_type LIMIT 1)
      UNION ALL
      SELECT n.robot_id, n.data_type FROM pairs p, LATERAL (
        SELECT robot_id, data_type FROM robot_telemetry t
        {where} AND (t.robot_id, t.data_type) > (p.robot_id, p.data_type)
        ORDER BY robot_id, data_type LIMIT 1) n
    )
    SELECT l.* FROM pairs p, LATERAL (
      SELECT {_COLS} FROM robot_telemetry t WHERE t.robot_id = p.robot_id AND t.data_type = p.data_type
      ORDER BY created_at DESC LIMIT 1) l
    ORDER BY robot_id, data_type"""
    return conn.execute(sql, {"r": robot_id, "d": data_type}).fetchall()


def time_range(conn: psycopg.Connection, robot_id: str, since: float, until: float = 0.0, data_type: str = "",
               limit: int = 1000) -> list[dict[str, Any]]:
    """One robot's rows in [since, until), oldest first (uses the composite index)."""
    if not robot_id:
        raise InvalidInput("a time-range query needs robot_id (use latest=true for the whole fleet)")
    if not 1 <= limit <= 100_000:
        raise InvalidInput("limit must be in 1..100000")
    return conn.execute(
        f"SELECT {_COLS} FROM robot_telemetry WHERE robot_id = %s AND (%s = '' OR data_type = %s) "
        f"AND {_WINDOW} "
        "ORDER BY created_at LIMIT %s",
        (robot_id, data_type, data_type, *_window(since, until), limit),
    ).fetchall()


def series(conn: psycopg.Connection, data_type: str, fields: Sequence[str], robots: Sequence[str] | None = None,
           since: float = 0.0, until: float = 0.0) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per robot: (times (N,), values (N, len(fields))) of one data type, oldest first, for training.

    Fields are read with ``(payload->>'name')::float8`` (the seed's example query, written with ``->>``).
    """
    cols = ", ".join("(payload->>%s)::float8" for _ in fields)
    sql = (f"SELECT robot_id, extract(epoch FROM created_at)::float8, {cols} FROM robot_telemetry "
           "WHERE data_type = %s AND (%s::text[] IS NULL OR robot_id = ANY(%s::text[])) "
           f"AND {_WINDOW} "
           "ORDER BY robot_id, created_at")
    robots_arg = list(robots) if robots else None
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    with conn.cursor(row_factory=tuple_row) as cur:
        cur.execute(sql, (*fields, data_type, robots_arg, robots_arg, *_window(since, until)))
        rows = cur.fetchall()
    if not rows:
        return out
    ids = [r[0] for r in rows]
    arr = np.array([r[1:] for r in rows], dtype=np.float64)
    arr = np.nan_to_num(arr)
    start = 0
    for k in range(1, len(ids) + 1):
        if k == len(ids) or ids[k] != ids[start]:
            out[ids[start]] = (arr[start:k, 0], arr[start:k, 1:])
            start = k
    return out


def events(conn: psycopg.Connection, robots: Sequence[str] | None = None, since: float = 0.0,
           until: float = 0.0) -> dict[str, list[tuple[float, str]]]:
    """Per robot: (time, event name) of every event packet, oldest first (ground truth for training)."""
    robots_arg = list(robots) if robots else None
    rows = conn.execute(
        "SELECT robot_id, extract(epoch FROM created_at)::float8 AS ts, payload->>'event' AS ev "
        "FROM robot_telemetry WHERE data_type = 'event' AND (%s::text[] IS NULL OR robot_id = ANY(%s::text[])) "
        f"AND {_WINDOW} "
        "ORDER BY robot_id, created_at",
        (robots_arg, robots_arg, *_window(since, until)),
    ).fetchall()
    out: dict[str, list[tuple[float, str]]] = {}
    for r in rows:
        out.setdefault(r["robot_id"], []).append((r["ts"], r["ev"] or ""))
    return out


def count(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT count(*) AS n FROM robot_telemetry").fetchone()["n"]
