"""Errors the plugin shows to the artist: each message says what failed and what to do."""

from __future__ import annotations


class EngineMindError(Exception):
    """Base class; ``str(err)`` is shown in the editor dialog as is."""


class InvalidInput(EngineMindError):
    """The asset, selection or edit cannot be used (for example a skeleton with duplicate bone names)."""


class BackendUnavailable(EngineMindError):
    """No backend answers, or it could not be started."""


class BackendError(EngineMindError):
    """The backend answered with an error status."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{message} (gRPC {code})")
        self.code = code
        self.details = message


class UnsupportedEngine(EngineMindError):
    """The running engine version has no code path in this plugin."""


class Cancelled(EngineMindError):
    """The artist cancelled."""
