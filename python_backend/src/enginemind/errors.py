"""Domain exceptions: raised anywhere in the backend, mapped to gRPC status codes in one table.

See ``enginemind.server.errors`` for the mapping. Messages must tell a person what to do.
"""

from __future__ import annotations


class EngineMindError(Exception):
    """Base class of every error the backend raises on purpose."""


class InvalidInput(EngineMindError):
    """The caller sent something malformed (INVALID_ARGUMENT)."""


class NotFound(EngineMindError):
    """A job, model, alias, family or target does not exist (NOT_FOUND)."""


class AlreadyExists(EngineMindError):
    """Creating something that is already there (ALREADY_EXISTS)."""


class FailedPrecondition(EngineMindError):
    """The request is valid but the system is not in a state to serve it (FAILED_PRECONDITION)."""


class Unavailable(EngineMindError):
    """A dependency (database, worker, model file) cannot be reached right now (UNAVAILABLE)."""


class PayloadTooLarge(EngineMindError):
    """The request is bigger than the configured limit (RESOURCE_EXHAUSTED)."""
