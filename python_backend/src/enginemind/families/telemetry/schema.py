"""Packet validation: what a relay may send, and the reason a bad packet is rejected."""

from __future__ import annotations

import json
import math
import re
import time
from typing import Any

DATA_TYPES = {
    "battery": {"value"},
    "imu": {"ax", "ay", "az", "gx", "gy", "gz"},
    "pose": {"x", "y"},
    "velocity": {"speed"},
    "event": set(),
}
"""Known data types and the numeric fields each must carry."""
ROBOT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_FIELDS = 64
MAX_TAG_CHARS = 512
MAX_SKEW_S = 24 * 3600.0
"""Packets more than this far in the future (or older than 10 years) are rejected."""


def validate(robot_id: str, data_type: str, ts: float, values: dict[str, float], tags: dict[str, str],
             now: float | None = None) -> str:
    """Empty string when the packet is valid, else the reason (one sentence a relay developer can act on)."""
    if not ROBOT_RE.match(robot_id or ""):
        return f"robot_id {robot_id!r} is invalid: use 1-64 letters, digits, '.', '_' or '-'"
    required = DATA_TYPES.get(data_type)
    if required is None:
        return f"data_type {data_type!r} is unknown; use one of {', '.join(sorted(DATA_TYPES))}"
    now = time.time() if now is None else now
    if ts and not (now - 10 * 365 * 86400 < ts < now + MAX_SKEW_S):
        return f"ts {ts} is not a plausible unix time in seconds (check the relay clock and units)"
    if len(values) + len(tags) > MAX_FIELDS:
        return f"too many fields ({len(values) + len(tags)} > {MAX_FIELDS})"
    missing = required - values.keys()
    if missing:
        return f"{data_type} packet is missing value(s) {', '.join(sorted(missing))}"
    for k, v in values.items():
        if not math.isfinite(v):
            return f"value {k} is {v}; only finite numbers are stored"
    if data_type == "battery" and not 0.0 <= values["value"] <= 1.0:
        return f"battery value {values['value']} must be a fraction in 0..1 (percentage / 100)"
    if data_type == "event" and not tags.get("event"):
        return "event packet needs tags['event'] (e.g. near_collision)"
    for k, v in tags.items():
        if len(v) > MAX_TAG_CHARS:
            return f"tag {k} is longer than {MAX_TAG_CHARS} characters"
        if k in values:
            return f"field {k} is both a value and a tag"
    return ""


def payload_json(values: dict[str, float], tags: dict[str, str]) -> str:
    """The JSONB payload stored for a packet: numeric values and text tags in one object."""
    return json.dumps({**values, **tags}, separators=(",", ":"))


def split_payload(payload: dict[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """Inverse of ``payload_json`` (numbers go to values, everything else to tags)."""
    values = {k: float(v) for k, v in payload.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    tags = {k: str(v) for k, v in payload.items() if k not in values}
    return values, tags
