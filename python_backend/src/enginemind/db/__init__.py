"""PostgreSQL: connection pool, migrations, embedded server."""
from __future__ import annotations

from enginemind.db.pool import Database, redact_url

__all__ = ["Database", "redact_url"]
