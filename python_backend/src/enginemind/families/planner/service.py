"""Business logic behind the Planner gRPC service: LM lookup, live robot state, planning, executions.

Live state comes from the telemetry family: the latest rows of the robot in ``robot_telemetry`` (battery,
pose, speed, age) and the Brain Worker's latest ``AIPrediction`` per kind, which ``PredictionCache`` keeps
by subscribing to the Brain's prediction hub inside the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from pathlib import Path
from typing import Any

from enginemind.errors import FailedPrecondition, InvalidInput, NotFound
from enginemind.families.planner.context import Context
from enginemind.families.planner.safety import LiveState

DEFAULT_LM = "planner-lm"
PRED_KINDS = ("collision_risk", "battery_tte", "anomaly")
MAX_CONTEXT_CHARS = 200_000


class PredictionCache:
    """Latest (label, score, severity) per (robot, kind) from the Brain Worker's prediction hub."""

    def __init__(self) -> None:
        self.latest: dict[tuple[str, str], tuple[str, float, int]] = {}
        self._task: asyncio.Task[None] | None = None
        self._hub: Any = None
        self._sub: Any = None

    async def start(self, brain: Any) -> None:
        if brain is None:
            return
        self._hub = brain.predictions
        self._sub = self._hub.subscribe([], PRED_KINDS)
        self._task = asyncio.create_task(self._run(), name="planner-predictions")

    async def _run(self) -> None:
        while True:
            items, _ = await self._sub.take(1.0)
            for _seq, _ts, field, body in items:
                if field == "prediction":
                    self.latest[(body.robot_id, body.kind)] = (body.label, float(body.score), int(body.severity))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._hub is not None:
            self._hub.unsubscribe(self._sub)

    def for_robot(self, robot_id: str) -> dict[str, tuple[str, float, int]]:
        return {k: v for (r, k), v in self.latest.items() if r == robot_id}


def parse_context(text: str, robot_id: str = "") -> Context:
    if len(text) > MAX_CONTEXT_CHARS:
        raise InvalidInput(f"context_json is larger than {MAX_CONTEXT_CHARS} characters")
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"context_json is not valid JSON: {exc}") from None
    if robot_id:
        if not isinstance(data, dict):
            raise InvalidInput("context must be a JSON object")
        data = {**data, "robot_id": robot_id}
    return Context.from_dict(data)


def live_state(conn: Any, robot_id: str, predictions: dict[str, tuple[str, float, int]],
               now: float | None = None) -> LiveState | None:
    """The robot's latest telemetry rows + predictions; None when the telemetry store has never seen it."""
    from enginemind.families.telemetry import store

    if not robot_id:
        return None
    rows = store.latest(conn, robot_id)
    if not rows and not predictions:
        return None
    by_type = {r["data_type"]: r for r in rows}
    newest = max((r["ts"] for r in rows), default=0.0)
    age = (time.time() if now is None else now) - newest if rows else float("inf")
    pay = {k: r["payload"] for k, r in by_type.items()}
    battery = pay.get("battery", {}).get("value")
    pose = pay.get("pose")
    return LiveState(robot_id, max(0.0, age), float(battery) if battery is not None else None,
                     pay.get("velocity", {}).get("speed"),
                     (float(pose["x"]), float(pose["y"])) if pose and "x" in pose and "y" in pose else None,
                     dict(predictions))


def resolve_lm(conn: Any, model: str, version: int) -> dict[str, Any]:
    """Registry row of the planner adapter (see ``registry.store.resolve``), with a hint when none is trained."""
    from enginemind.registry import store

    name = model or DEFAULT_LM
    try:
        return store.resolve(conn, name, version or None, family="planner")
    except NotFound:
        raise FailedPrecondition(f"no trained planner LM '{name}' in the registry: run a training job "
                                 "(enginemind jobs submit planner) or use planner 'rule'") from None


def load_lm_from_files(files: dict[str, Path]) -> Any:
    from enginemind.families.planner.model import PlanLM
    from enginemind.lm import registered_adapter

    return PlanLM.load(**registered_adapter(files, "planner_lm.json", "planner"))
