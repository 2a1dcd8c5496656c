"""A fresh database (all migrations at once) and one upgraded step by step have the same schema."""

from __future__ import annotations

import psycopg

from enginemind.db.migrate import migrate, migration_files
from tests.conftest import create_database, drop_database

SCHEMA_SQL = """
SELECT 'col' AS k, table_name || '.' || column_name || ':' || data_type || ':' || is_nullable
       || ':' || coalesce(column_default, '') AS v
  FROM information_schema.columns WHERE table_schema = 'public'
UNION ALL
SELECT 'idx', indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'con', conrelid::regclass || ':' || conname || ':' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace
ORDER BY 1, 2
"""


def _schema(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        return [tuple(r) for r in conn.execute(SCHEMA_SQL).fetchall()]


def test_fresh_and_incremental_match(pg_admin_url: str) -> None:
    fresh = create_database(pg_admin_url, migrated=False)
    stepwise = create_database(pg_admin_url, migrated=False)
    try:
        with psycopg.connect(fresh, autocommit=True) as conn:
            assert [n for n, _ in migration_files()] == migrate(conn)
        with psycopg.connect(stepwise, autocommit=True) as conn:
            for name, _ in migration_files():  # one upgrade per release, as an old install would see them
                assert migrate(conn, upto=name) == [name]
            assert migrate(conn) == []  # idempotent
        assert _schema(fresh) == _schema(stepwise)
        assert len(_schema(fresh)) > 20
    finally:
        drop_database(pg_admin_url, fresh)
        drop_database(pg_admin_url, stepwise)


def test_migration_names_are_ordered_and_unique() -> None:
    names = [n for n, _ in migration_files()]
    assert names == sorted(set(names))
    assert all(n[:4].isdigit() and n.endswith(".sql") for n in names)
