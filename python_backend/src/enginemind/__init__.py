"""EngineMind backend: gRPC server, job queue, model registry and model families."""

from __future__ import annotations

__version__ = "0.1.0"
API_VERSION = "2.3.0"
"""Semver of the protos in protos/enginemind/v1: additive changes bump minor, breaking ones major."""
