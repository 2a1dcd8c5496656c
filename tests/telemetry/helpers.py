"""Shared helpers of the telemetry tests."""

from __future__ import annotations

import time
from collections.abc import Callable

from enginemind.families.telemetry.client import TelemetryClient
from enginemind.families.telemetry.config import SimConfig
from enginemind.families.telemetry.sim import Fleet


def fleet_packets(robots: int, seconds: float, start: float, seed: int = 0, **kw: float) -> list[dict]:
    fleet = Fleet(SimConfig(robots=robots, hz=10, seed=seed, **kw))
    return [p for k in range(int(seconds * 10)) for p in fleet.step(start + k / 10)]


def wait_for(cond: Callable[[], bool], timeout_s: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def tclient(backend) -> TelemetryClient:  # type: ignore[no-untyped-def]
    return TelemetryClient(backend.client())
