"""Config of the demo family (importable without torch)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DemoConfig:
    """Fit a small MLP to y = sin(3x) + 0.5x on x in [-2, 2]."""

    steps: int = 300
    """Optimizer steps."""
    batch_size: int = 128
    """Samples per step."""
    hidden: int = 64
    """Width of the two hidden layers."""
    lr: float = 3e-3
    """Adam learning rate."""
    checkpoint_every: int = 50
    """Save a resumable checkpoint every this many steps."""
    step_sleep_s: float = 0.0
    """Pause after each step so people can watch the progress bar (the README demo uses 0.01)."""
    seed: int = 0
    """Seed of the data and the initial weights."""
    model_name: str = "demo-regressor"
    """Registry name the trained model is saved under."""
    crash_at_step: int = -1
    """Fault injection for tests and demos: raise an error at this step (-1: never)."""

    def __post_init__(self) -> None:
        if self.steps < 1 or self.batch_size < 1 or self.hidden < 1:
            raise ValueError("steps, batch_size and hidden must be positive")
        if not 0 < self.lr < 1:
            raise ValueError("lr must be in (0, 1)")
        if self.checkpoint_every < 1:
            raise ValueError("checkpoint_every must be >= 1")
        if self.step_sleep_s < 0 or self.step_sleep_s > 5:
            raise ValueError("step_sleep_s must be in [0, 5]")
