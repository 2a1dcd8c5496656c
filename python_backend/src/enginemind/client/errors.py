"""Errors of the client wing; every message says what failed and what to do.

grpc is imported only when an error is built, so importing this module (as every CLI command does to catch
``ClientError``) costs nothing at start-up.
"""

from __future__ import annotations

from typing import Any

HINTS = {  # what a terminal user can do; editors show their own (e.g. the Unreal plugin's rpc.py)
    "UNAVAILABLE": "the backend is not reachable; start it (`enginemind serve`) or check its log",
    "UNAUTHENTICATED": "the token does not match the running backend; the discovery file and the token must come "
                       "from the same data dir",
    "UNIMPLEMENTED": "the backend does not offer this call; update the older side so both match",
}


class ClientError(Exception):
    """A failed call: ``code`` is the ``grpc.StatusCode``, ``details`` the server's message."""

    def __init__(self, code: Any, message: str) -> None:
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.details = message

    @classmethod
    def from_rpc(cls, exc: Any) -> ClientError:
        """From a ``grpc.RpcError``."""
        import grpc

        code = exc.code() if hasattr(exc, "code") else grpc.StatusCode.UNKNOWN
        details = (exc.details() if hasattr(exc, "details") else "") or str(exc)
        return cls(code, details)

    def with_hint(self) -> str:
        """The message plus what a terminal user can do about this status (when the message does not say)."""
        hint = HINTS.get(self.code.name)
        return f"{self}; {hint}" if hint and hint not in self.details else str(self)


def _status(name: str) -> Any:
    import grpc

    return getattr(grpc.StatusCode, name)


class NoServer(ClientError):
    """No backend is running for a data dir (no or unreadable discovery file, or a dead pid)."""

    def __init__(self, message: str) -> None:
        super().__init__(_status("UNAVAILABLE"), message)


class SkeletonError(ClientError, ValueError):
    """A skeleton that cannot be sent: empty, duplicate names, unknown parents, cycles, malformed numbers."""

    def __init__(self, message: str) -> None:
        super().__init__(_status("INVALID_ARGUMENT"), message)
