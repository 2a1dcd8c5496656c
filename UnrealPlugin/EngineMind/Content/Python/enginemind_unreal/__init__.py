"""EngineMind Unreal plugin (editor Python).

Plain-Python modules (no ``unreal`` import): ``version``, ``skeleton``, ``chains``, ``naming``, ``review``,
``settings``, ``backend``, ``rpc``, ``tasks``. The modules under ``ue/`` call the ``unreal`` module and are thin.
The editor never imports torch or the ``enginemind`` backend package; it talks to the backend over gRPC with
the generated code in ``_proto/`` (written by tools/gen_protos.py).
"""

from __future__ import annotations

__version__ = "0.1.0"
API_VERSION = "2.3.0"
"""Semver of protos/enginemind/v1 this plugin was generated from (sent in the Session handshake)."""
CLIENT_NAME = "unreal-plugin"
