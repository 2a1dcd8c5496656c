"""User corrections in PostgreSQL (table ``bonemap_feedback``, migration ``0010_bonemap.sql``).

All functions take a psycopg connection (tuple or dict rows). A skeleton is identified by a fingerprint of
its bone names and parents, so mapping the same rig again (from any file format) finds its corrections.
"""

from __future__ import annotations

from typing import Any

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import Target

MAX_NOTE = 2000


def _col(row: Any, key: str, idx: int) -> Any:
    return row[key] if isinstance(row, dict) else row[idx]


def validate_corrections(sk: Skeleton, target: Target, mapping: dict[str, Any]) -> dict[str, str | None]:
    """Corrections must name source bones and target bones (or null) and stay one-to-one."""
    if not isinstance(mapping, dict) or not mapping:
        raise InvalidInput("feedback needs a non-empty mapping {source bone: target bone or null}")
    tnames = set(target.skeleton.names)
    out: dict[str, str | None] = {}
    seen: dict[str, str] = {}
    for src, tgt in mapping.items():
        if src not in sk:
            raise InvalidInput(f"feedback names source bone {src!r}, which is not in the skeleton")
        if tgt is not None and (not isinstance(tgt, str) or tgt not in tnames):
            raise InvalidInput(f"feedback maps {src!r} to {tgt!r}, which is not a bone of target {target.name}")
        if tgt is not None and tgt in seen:
            raise InvalidInput(f"feedback maps both {seen[tgt]!r} and {src!r} to {tgt!r}; a target bone is used once")
        if tgt is not None:
            seen[tgt] = src
        out[src] = tgt
    return out


def save_feedback(conn: Any, sk: Skeleton, target: Target, mapping: dict[str, Any], note: str = "") -> int:
    """Store a correction; returns its id."""
    from psycopg.types.json import Jsonb

    clean = validate_corrections(sk, target, mapping)
    row = conn.execute(
        "INSERT INTO bonemap_feedback (fingerprint, target, skeleton, mapping, note) VALUES (%s, %s, %s, %s, %s) "
        "RETURNING id",
        (sk.fingerprint, target.name, Jsonb(sk.to_dict()), Jsonb(clean), str(note)[:MAX_NOTE]),
    ).fetchone()
    conn.commit()
    return int(_col(row, "id", 0))


def corrections_for(conn: Any, sk: Skeleton, target_name: str) -> dict[str, str | None]:
    """Merged corrections for this skeleton and target (later feedback wins per bone)."""
    rows = conn.execute(
        "SELECT mapping FROM bonemap_feedback WHERE fingerprint = %s AND target = %s ORDER BY id",
        (sk.fingerprint, target_name),
    ).fetchall()
    merged: dict[str, str | None] = {}
    for r in rows:
        merged.update(_col(r, "mapping", 0))
    return merged


def training_rows(conn: Any, limit: int = 10_000) -> list[dict[str, Any]]:
    """Latest feedback records as {skeleton, target, mapping} for the corpus builder (shipped targets only)."""
    from enginemind.families.bonemap.rig.targets import TARGET_NAMES

    rows = conn.execute(
        "SELECT skeleton, target, mapping FROM bonemap_feedback ORDER BY id DESC LIMIT %s", (limit,)
    ).fetchall()
    return [{"skeleton": _col(r, "skeleton", 0), "target": _col(r, "target", 1), "mapping": _col(r, "mapping", 2)}
            for r in rows if _col(r, "target", 1) in TARGET_NAMES]


def feedback_count(conn: Any) -> int:
    row = conn.execute("SELECT count(*) AS n FROM bonemap_feedback").fetchone()
    return int(_col(row, "n", 0))
