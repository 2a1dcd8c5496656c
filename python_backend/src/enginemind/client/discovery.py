"""Reading the discovery file ``<data_dir>/server.json`` that a running backend writes, and the token it names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from enginemind.client.errors import NoServer

DISCOVERY_FILE = "server.json"
TOKEN_FILE = "token"


def format_target(host: str, port: int) -> str:
    """A gRPC target for ``host:port``: wildcard binds become loopback, IPv6 hosts get brackets."""
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "localhost"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@dataclass
class Discovery:
    """What ``server.json`` says (the server writes more fields than a client needs; they are kept)."""

    host: str
    port: int
    pid: int
    api_version: str
    token_file: str
    version: str = ""
    database: str = ""
    started_at: float = 0.0

    @property
    def target(self) -> str:
        return format_target(self.host, self.port)

    def token(self) -> str:
        return read_token(Path(self.token_file))

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def read_token(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise NoServer(f"cannot read the backend token {path} ({exc}); run as the same user as the backend, "
                       "or point the data dir at the right folder") from None


def auth_metadata(token: str) -> tuple[tuple[str, str], ...]:
    """The metadata every call carries."""
    return (("authorization", f"Bearer {token}"),)


def read_discovery(data_dir: Path) -> Discovery | None:
    """The discovery file, or None when there is none or it is unreadable (a server being written)."""
    try:
        data: dict[str, Any] = json.loads((Path(data_dir) / DISCOVERY_FILE).read_text(encoding="utf-8"))
        return Discovery(host=str(data.get("host", "127.0.0.1")), port=int(data["port"]), pid=int(data["pid"]),
                         api_version=str(data.get("api_version", "")), token_file=str(data["token_file"]),
                         version=str(data.get("version", "")), database=str(data.get("database", "")),
                         started_at=float(data.get("started_at", 0.0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find_server(data_dir: Path, *, check_pid: bool = True) -> Discovery:
    """The running server of ``data_dir``, or NoServer with what to do."""
    info = read_discovery(data_dir)
    if info is None:
        raise NoServer(f"no EngineMind server is running for data dir {data_dir} (no readable {DISCOVERY_FILE}); "
                       f"start one with `enginemind serve --data-dir {data_dir}`")
    if check_pid and not pid_alive(info.pid):
        raise NoServer(f"{Path(data_dir) / DISCOVERY_FILE} names process {info.pid}, which is not running (the "
                       "server crashed or was killed); start it again")
    return info


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this pid exists on this machine (it may belong to another user)."""
    if not pid or pid <= 0:
        return False
    if sys.platform == "win32":
        out = subprocess.run(["tasklist", "/FI", f"PID eq {pid}", "/NH"], capture_output=True, text=True,
                             creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        return str(pid) in out.stdout
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
