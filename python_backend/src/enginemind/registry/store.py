"""Registry operations over a psycopg connection; artifact files live in the artifact store (``storage.py``:
``<data_dir>/artifacts`` or ``$ENGINEMIND_ARTIFACT_URL``).

Files are copied in first (to a temp name, then moved), rows are written in one transaction, so a
crash leaves at most unreferenced files, never a row pointing at a missing or half-written file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from enginemind.db.listen import MODEL_ALIAS_CHANNEL
from enginemind.errors import InvalidInput, NotFound
from enginemind.storage import ArtifactStore, as_store

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
ALIAS_RE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{0,63}$")
ARTIFACT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _check_name(name: str, what: str = "model name") -> None:
    if not NAME_RE.match(name or ""):
        raise InvalidInput(f"invalid {what} '{name}': use letters, digits, '.', '_' or '-' (max 128)")


def register_version(
    conn: psycopg.Connection,
    artifacts_root: ArtifactStore | Path,
    *,
    name: str,
    files: dict[str, str | Path],
    metrics: dict[str, float] | None = None,
    config: dict[str, Any] | None = None,
    data_hash: str = "",
    family: str = "",
    description: str = "",
    job_id: str | None = None,
) -> dict[str, Any]:
    """Create the next version of ``name`` with copies of ``files`` (artifact name -> source path)."""
    _check_name(name)
    if not files:
        raise InvalidInput("a model version needs at least one artifact file")
    for art in files:
        if not ARTIFACT_RE.match(art):
            raise InvalidInput(f"invalid artifact name '{art}'")
    with conn.transaction():
        conn.execute(
            "INSERT INTO models (name, family) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING", (name, family)
        )
        conn.execute("SELECT 1 FROM models WHERE name = %s FOR UPDATE", (name,))
        version = conn.execute(
            "SELECT coalesce(max(version), 0) + 1 AS v FROM model_versions WHERE model = %s", (name,)
        ).fetchone()["v"]
        artifacts = as_store(artifacts_root)
        arts = []
        for art, src in files.items():
            src = Path(src)
            key = f"{name}/{version}/{art}"
            digest, size = sha256_file(src), src.stat().st_size
            artifacts.put_file(src, key)
            arts.append((art, key, size, digest))
        row = conn.execute(
            "INSERT INTO model_versions (model, version, family, job_id, config, data_hash, metrics, description) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (name, version, family, job_id, Jsonb(config or {}), data_hash,
             Jsonb({k: float(v) for k, v in (metrics or {}).items()}), description),
        ).fetchone()
        for art, rel, size, digest in arts:
            conn.execute(
                "INSERT INTO model_artifacts (version_id, name, path, size, sha256) VALUES (%s, %s, %s, %s, %s)",
                (row["id"], art, rel, size, digest),
            )
    return get_version(conn, name, version=version)


_VERSION_SQL = (
    "SELECT v.*, extract(epoch FROM v.created_at)::double precision AS created_epoch, "
    " coalesce((SELECT array_agg(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a.version_id = v.id), "
    "          '{}') AS aliases, "
    " coalesce((SELECT jsonb_agg(jsonb_build_object('name', f.name, 'path', f.path, 'size', f.size, "
    "          'sha256', f.sha256) ORDER BY f.name) FROM model_artifacts f WHERE f.version_id = v.id), "
    "          '[]'::jsonb) AS artifacts "
    "FROM model_versions v "
)


def get_version(conn: psycopg.Connection, name: str, *, version: int = 0, alias: str = "") -> dict[str, Any]:
    """One version by number, by alias, or the latest (``version=0`` and no alias, or alias 'latest')."""
    if version:
        row = conn.execute(_VERSION_SQL + "WHERE v.model = %s AND v.version = %s", (name, version)).fetchone()
        what = f"version {version}"
    elif alias and alias != "latest":
        row = conn.execute(
            _VERSION_SQL + "JOIN model_aliases al ON al.version_id = v.id WHERE al.model = %s AND al.alias = %s",
            (name, alias),
        ).fetchone()
        what = f"alias '{alias}'"
    else:
        row = conn.execute(
            _VERSION_SQL + "WHERE v.model = %s ORDER BY v.version DESC LIMIT 1", (name,)
        ).fetchone()
        what = "versions"
    if row is None:
        raise NotFound(f"model '{name}' has no {what}; see `enginemind models list`")
    return row


def list_versions(conn: psycopg.Connection, *, family: str = "", model: str = "") -> list[dict[str, Any]]:
    """Every version of ``model``, or the latest version of every model (optionally of one family)."""
    if model:
        return conn.execute(_VERSION_SQL + "WHERE v.model = %s ORDER BY v.version DESC", (model,)).fetchall()
    return conn.execute(
        _VERSION_SQL + "WHERE v.version = (SELECT max(version) FROM model_versions w WHERE w.model = v.model) "
        "AND (%s = '' OR v.family = %s) ORDER BY v.model",
        (family, family),
    ).fetchall()


def set_alias(conn: psycopg.Connection, name: str, version: int, alias: str) -> dict[str, Any]:
    """Point ``alias`` (e.g. production) at ``version``; moves it if it pointed elsewhere."""
    if not ALIAS_RE.match(alias or "") or alias == "latest":
        raise InvalidInput(f"invalid alias '{alias}': start with a letter; 'latest' is reserved")
    target = get_version(conn, name, version=version)
    conn.execute(
        "INSERT INTO model_aliases (model, alias, version_id) VALUES (%s, %s, %s) "
        "ON CONFLICT (model, alias) DO UPDATE SET version_id = excluded.version_id",
        (name, alias, target["id"]),
    )
    conn.execute("SELECT pg_notify(%s, %s)", (MODEL_ALIAS_CHANNEL, f"{name}:{alias}"))
    return get_version(conn, name, version=version)


def delete(conn: psycopg.Connection, artifacts_root: ArtifactStore | Path, name: str, version: int = 0) -> int:
    """Delete one version (or all) with its files; returns how many versions went."""
    _check_name(name)
    with conn.transaction():
        if version:
            rows = conn.execute(
                "DELETE FROM model_versions WHERE model = %s AND version = %s RETURNING version", (name, version)
            ).fetchall()
            if not conn.execute("SELECT 1 FROM model_versions WHERE model = %s", (name,)).fetchone():
                conn.execute("DELETE FROM models WHERE name = %s", (name,))
        else:
            rows = conn.execute("DELETE FROM model_versions WHERE model = %s RETURNING version", (name,)).fetchall()
            conn.execute("DELETE FROM models WHERE name = %s", (name,))
    if not rows:
        raise NotFound(f"model '{name}' has no version {version}" if version else f"no model '{name}'")
    artifacts = as_store(artifacts_root)
    for r in rows:
        artifacts.remove(f"{name}/{r['version']}")
    return len(rows)


def artifact_path(artifacts_root: ArtifactStore | Path, version_row: dict[str, Any],
                  artifact: str) -> tuple[Path, dict[str, Any]]:
    """A local file with one artifact of a version row (looked up by name, never by a client path)."""
    arts = {a["name"]: a for a in version_row["artifacts"]}
    if not artifact and len(arts) == 1:
        artifact = next(iter(arts))
    if artifact not in arts:
        raise NotFound(
            f"model '{version_row['model']}' v{version_row['version']} has no artifact '{artifact}'; "
            f"it has: {', '.join(sorted(arts)) or 'none'}"
        )
    info = arts[artifact]
    return as_store(artifacts_root).local_file(info["path"]), info


DEFAULT_ALIAS = "production"


def resolve(conn: psycopg.Connection, name: str, version: int | None = None, alias: str | None = None, *,
            family: str = "") -> dict[str, Any]:
    """The version a caller means: explicit ``version``, else ``alias``, else ``production``, else the latest.

    With ``family`` set, a version registered by another family is refused (so a restore call cannot load a
    telemetry model by mistake). Raises NotFound when the model has no such version.
    """
    if version or alias:
        row = get_version(conn, name, version=version or 0, alias=alias or "")
    else:
        try:
            row = get_version(conn, name, alias=DEFAULT_ALIAS)
        except NotFound:
            row = get_version(conn, name)
    if family and row.get("family") not in (family, "", None):
        raise InvalidInput(f"model '{name}' belongs to family '{row['family']}', not '{family}'")
    return row


def artifact_files(artifacts_root: ArtifactStore | Path, version_row: dict[str, Any]) -> dict[str, Path]:
    """Every artifact of a version row as ``{artifact name: local file}``."""
    return {a["name"]: artifact_path(artifacts_root, version_row, a["name"])[0] for a in version_row["artifacts"]}
