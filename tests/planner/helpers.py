"""Shared contexts for the planner tests."""

from __future__ import annotations

from typing import Any

from enginemind.families.planner.context import Context

KITCHEN: dict[str, Any] = {
    "objects": ["cup", "plate", "key", "bottle", "battery pack"],
    "locations": ["table", "shelf", "drawer", "sink", "stairs"],
    "humans": ["alice"],
    "state": {"drawer": "closed", "key": "in drawer", "cup": "on shelf"},
    "constraints": {"max_force": 40, "max_speed": 1.0, "keep_out": ["stairs"]},
    "world": {"positions": {"cup": [1, 0], "shelf": [1, 0], "table": [3, 0], "drawer": [0, 2], "alice": [3, 0.8],
                            "stairs": [6, 6], "sink": [0, -2], "plate": [2, -1], "bottle": [2, 2], "key": [0, 2],
                            "battery_pack": [1, 1]},
              "robot": [0, 0], "battery": 0.9},
}


def kitchen(**changes: Any) -> Context:
    d = {**KITCHEN, **changes}
    return Context.from_dict(d)


def lines(plan: Any) -> list[str]:
    return plan.text().splitlines()
