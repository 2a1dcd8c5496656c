"""Typed configs of the telemetry family (importable without torch)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TASKS = ("collision", "battery", "anomaly")
MODEL_NAMES = {"collision": "telemetry-collision", "battery": "telemetry-battery", "anomaly": "telemetry-anomaly"}
"""Registry name of each task's model (the Brain Worker follows their ``production`` alias)."""


@dataclass
class TelemetryTrainConfig:
    """Train one telemetry model from the robot_telemetry history in the backend database."""

    task: Literal["collision", "battery", "anomaly"] = "collision"
    """collision: risk classifier over IMU+speed windows; battery: time-to-empty regressor; anomaly: autoencoder."""
    window: int = 20
    """Samples per window (IMU at the robot rate for collision/anomaly; battery readings for battery)."""
    stride: int = 2
    """Step between training windows."""
    horizon_s: float = 1.0
    """collision: a window is positive when a near_collision event happens within this many seconds after it."""
    robots: list[str] | None = None
    """Robots to read (None: all)."""
    since: float = 0.0
    """Unix seconds; only history from this time on (0: all)."""
    until: float = 0.0
    """Unix seconds; only history before this time (0: now)."""
    hidden: int = 32
    """Width of the MLP layers."""
    epochs: int = 8
    """Passes over the training windows."""
    batch_size: int = 256
    """Windows per step."""
    lr: float = 3e-3
    """Adam learning rate."""
    val_fraction: float = 0.25
    """Share of robots held out for validation (split by robot, not by window)."""
    checkpoint_every: int = 50
    """Save a resumable checkpoint every this many steps."""
    seed: int = 0
    """Seed of the split and the initial weights."""
    model_name: str = ""
    """Registry name (default telemetry-<task>)."""
    set_production: bool = False
    """Point the production alias at the new version when training ends (the Brain Worker hot-swaps to it)."""

    def __post_init__(self) -> None:
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}")
        if not 2 <= self.window <= 512:
            raise ValueError("window must be in 2..512")
        if self.stride < 1 or self.epochs < 1 or self.batch_size < 1 or self.hidden < 1:
            raise ValueError("stride, epochs, batch_size and hidden must be positive")
        if not 0 < self.lr < 1:
            raise ValueError("lr must be in (0, 1)")
        if not 0 < self.val_fraction < 1:
            raise ValueError("val_fraction must be in (0, 1)")
        if self.horizon_s <= 0 or self.checkpoint_every < 1:
            raise ValueError("horizon_s and checkpoint_every must be positive")
        if not self.model_name:
            self.model_name = MODEL_NAMES[self.task]


@dataclass
class SimConfig:
    """A fleet of simulated robots (battery, IMU, pose, velocity, events) with ground-truth incidents."""

    robots: int = 10
    """Number of robots (EP01, EP02, ...)."""
    hz: float = 10.0
    """IMU/velocity/pose packets per second per robot."""
    battery_hz: float = 1.0
    """Battery packets per second per robot."""
    near_collision_rate: float = 1 / 20
    """Near-collisions per robot per second (each followed by a near_collision event with ground truth)."""
    anomaly_rate: float = 1 / 40
    """Injected sensor anomalies (noise burst, stuck IMU, spikes) per robot per second."""
    seed: int = 0
    """Random seed."""
    prefix: str = "EP"
    """Robot id prefix."""

    def __post_init__(self) -> None:
        if not 1 <= self.robots <= 100000:
            raise ValueError("robots must be in 1..100000")
        if not 0 < self.hz <= 1000 or not 0 < self.battery_hz <= self.hz:
            raise ValueError("hz must be in (0, 1000] and battery_hz in (0, hz]")
        if self.near_collision_rate < 0 or self.anomaly_rate < 0:
            raise ValueError("event rates must be >= 0")
