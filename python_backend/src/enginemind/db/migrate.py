"""Apply the ``.sql`` files in ``db/migrations`` in name order, once each, recorded in ``schema_migrations``.

All pending files run in one transaction that first takes a transaction-scoped advisory lock: several
processes starting at once (a server and its workers) wait for each other and never apply a migration twice,
and a failing file rolls back every file of that run, leaving the schema as it was.
"""

from __future__ import annotations

from importlib import resources

import psycopg

MIGRATION_LOCK_ID = 0x454E474D  # "ENGM"


def migration_files() -> list[tuple[str, str]]:
    """(name, sql) of every shipped migration, in the order they apply."""
    folder = resources.files("enginemind.db") / "migrations"
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name)
    return [(p.name, p.read_text(encoding="utf-8")) for p in files]


def applied(conn: psycopg.Connection) -> list[str]:
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL AS ok").fetchone()
    if not _value(exists):
        return []
    return [_value(r) for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]


def _value(row: object) -> object:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]  # type: ignore[index]


def migrate(conn: psycopg.Connection, upto: str | None = None) -> list[str]:
    """Apply pending migrations (all, or up to and including ``upto``); returns the names applied."""
    done: list[str] = []
    with conn.transaction():
        conn.execute("SET LOCAL statement_timeout = 0")  # the pool's statement timeout is for RPCs, not DDL
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_ID,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        already = set(applied(conn))
        for name, sql in migration_files():
            if upto is not None and name > upto:
                break
            if name in already:
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (name,))
            done.append(name)
    return done
