"""Process helpers shared by the worker and the runner (``pid_alive`` is the client wing's:
``enginemind.client.discovery``)."""

from __future__ import annotations

import os


def kill_group(pgid: int, sig: int) -> bool:
    """Send ``sig`` to process group ``pgid``; False if the group is gone."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    return True
