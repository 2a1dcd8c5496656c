"""Where registry artifacts and job checkpoints live: one fsspec URL, ``file://`` by default.

``ENGINEMIND_ARTIFACT_URL`` (``file:///srv/em-artifacts``, ``s3://bucket/enginemind``, ``gs://...``; remote
schemes need their fsspec package, e.g. ``s3fs``) lets workers on other machines share artifacts and
checkpoints with nothing else in common than this URL and the database URL. Without it the store is
``<data_dir>/artifacts``. Keys are relative POSIX paths (``model/3/model.onnx``, ``jobs/<id>/checkpoint.pt``);
keys from rows or clients are checked so they never leave the root. Remote files are read through a local
cache in ``<data_dir>/cache/artifacts`` (artifacts are immutable once written, so a cached copy stays valid).
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path, PurePosixPath
from typing import IO, Any

from enginemind.errors import InvalidInput

ARTIFACT_URL_ENV = "ENGINEMIND_ARTIFACT_URL"


def check_key(key: str) -> str:
    """``key`` when it is a relative path inside the store (no absolute paths, ``..``, NUL or backslashes)."""
    parts = PurePosixPath(key).parts
    if not key or "\x00" in key or "\\" in key or key.startswith("/") or not parts or ".." in parts:
        raise InvalidInput(f"artifact key '{key}' must be a relative path inside the artifact store")
    return key


class ArtifactStore:
    """Files under one fsspec URL; ``local_file`` gives a readable local path for any key."""

    def __init__(self, url: str, cache_dir: Path | None = None) -> None:
        import fsspec

        self.url = url
        self.fs, root = fsspec.core.url_to_fs(url)
        self.root = root.rstrip("/")
        self.is_local = "file" in _protocols(self.fs)
        self.cache_dir = cache_dir

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> ArtifactStore:
        """The store named by ``$ENGINEMIND_ARTIFACT_URL``, else ``<data_dir>/artifacts``."""
        url = os.environ.get(ARTIFACT_URL_ENV) or (Path(data_dir) / "artifacts").resolve().as_uri()
        return cls(url, cache_dir=Path(data_dir) / "cache" / "artifacts")

    @classmethod
    def local(cls, root: Path) -> ArtifactStore:
        return cls(Path(root).resolve().as_uri())

    def _path(self, key: str) -> str:
        return f"{self.root}/{check_key(key)}"

    def put_file(self, src: Path, key: str) -> None:
        """Copy a local file to ``key``: written under a temporary name, then moved, so readers never see half."""
        dst = self._path(key)
        self.fs.makedirs(dst.rsplit("/", 1)[0], exist_ok=True)
        tmp = f"{dst}.{uuid.uuid4().hex[:8]}.tmp"
        self.fs.put_file(str(src), tmp)
        self.fs.mv(tmp, dst)

    def exists(self, key: str) -> bool:
        return bool(self.fs.exists(self._path(key)))

    def size(self, key: str) -> int:
        return int(self.fs.size(self._path(key)))

    def open(self, key: str) -> IO[bytes]:
        return self.fs.open(self._path(key), "rb")

    def local_file(self, key: str) -> Path:
        """A local path with the content of ``key`` (the file itself for ``file://``, else a cached copy)."""
        if self.is_local:
            resolved = Path(self._path(key)).resolve()
            root = Path(self.root).resolve()
            if root not in resolved.parents:  # a link inside the store pointing elsewhere
                raise InvalidInput(f"artifact key '{key}' leaves the artifact store")
            return resolved
        if self.cache_dir is None:
            raise InvalidInput(f"artifact store {self.url} is remote and has no local cache folder")
        cached = self.cache_dir / check_key(key)
        if not cached.exists() or cached.stat().st_size != self.size(key):
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f".{cached.name}.{uuid.uuid4().hex[:8]}.tmp")
            self.fs.get_file(self._path(key), str(tmp))
            tmp.replace(cached)
        return cached

    def remove(self, prefix: str) -> None:
        """Delete ``prefix`` and everything below it (missing is fine), and its cached copies."""
        path = self._path(prefix)
        if self.fs.exists(path):
            self.fs.rm(path, recursive=True)
        if self.cache_dir is not None:
            shutil.rmtree(self.cache_dir / check_key(prefix), ignore_errors=True)


def as_store(where: ArtifactStore | Path | str) -> ArtifactStore:
    """An ArtifactStore for a store, a local folder or a URL."""
    if isinstance(where, ArtifactStore):
        return where
    if isinstance(where, str) and "://" in where:
        return ArtifactStore(where)
    return ArtifactStore.local(Path(where))


def _protocols(fs: Any) -> tuple[str, ...]:
    proto = fs.protocol
    return (proto,) if isinstance(proto, str) else tuple(proto)
