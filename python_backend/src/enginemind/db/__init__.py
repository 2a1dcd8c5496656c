"""PostgreSQL: connection pool, migrations, embedded server."""

from enginemind.db.pool import Database, redact_url

__all__ = ["Database", "redact_url"]
