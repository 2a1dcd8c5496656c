"""The client wing: everything a program needs to talk to a running backend, on grpc + protobuf alone.

Discovery file and token (``discovery``), the data-dir default (``paths``), job-state names and dict<->Struct
(``convert``), skeleton JSON <-> messages (``skeleton``) and ``Client`` with typed stubs for every service.
The CLI, the family CLIs, the demo and the server import these from here, never the other way; the Unreal
plugin gets a generated copy (tools/gen_protos.py), so there is one implementation of each.

Names are loaded on first use (PEP 562), so ``import enginemind.client.paths`` does not pull in grpc.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Client": "client",
    "JOB_STATE": "convert", "STATE_NAME": "convert", "TERMINAL_STATES": "convert", "from_struct": "convert",
    "to_struct": "convert",
    "Discovery": "discovery", "find_server": "discovery", "format_target": "discovery", "pid_alive": "discovery",
    "read_discovery": "discovery",
    "ClientError": "errors", "NoServer": "errors", "SkeletonError": "errors",
    "default_data_dir": "paths", "resolve_data_dir": "paths",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
