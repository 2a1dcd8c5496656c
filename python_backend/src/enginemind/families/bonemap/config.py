"""Typed configuration of the bonemap family (importable without torch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from enginemind.errors import InvalidInput
from enginemind.lm import SMOLLM2, LoraSettings

__all__ = ["ENGINES", "SMOLLM2", "BonemapConfig", "Engine", "MapConfig", "check_engine"]


@dataclass
class BonemapConfig(LoraSettings):
    """LM training job: corpus, base model, LoRA and loop settings (the shared ones in ``lm.LoraSettings``)."""

    targets: list[str] = field(default_factory=lambda: ["ue5_manny"])
    """Shipped targets the corpus maps onto."""
    rigs_per_convention: int = 6
    """Synthetic rigs generated per naming convention and target (each augmented differently)."""
    max_examples: int = 4000
    """Cap on per-bone training examples (shuffled, deterministic)."""
    use_feedback: bool = True
    """Add users' corrected mappings from PostgreSQL to the corpus."""
    feedback_repeat: int = 8
    """How many times each corrected bone appears in the corpus."""
    model_name: str = "bonemap-lm"
    """Registry name of the trained adapter."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.targets:
            raise ValueError("targets must name at least one shipped target")
        if self.rigs_per_convention < 1 or self.max_examples < 1 or self.feedback_repeat < 0:
            raise ValueError("rigs_per_convention and max_examples must be >= 1, feedback_repeat >= 0")


Engine = Literal["matcher", "model", "lm", "auto"]
ENGINES: tuple[str, ...] = get_args(Engine)


def check_engine(engine: str) -> str:
    """``engine`` when it is one of ENGINES (the one place it is checked), else InvalidInput."""
    if engine not in ENGINES:
        raise InvalidInput(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    return engine


@dataclass
class MapConfig:
    """How a skeleton is mapped (CLI, server, benchmark)."""

    engine: Engine = "matcher"
    """matcher (structure-first solver + names) | model (skeleton model) | lm | auto (matcher + skeleton model;
    the LM re-decides bones below ``auto_threshold`` when an LM is given)."""
    null_score: float = 0.3
    """Matcher: pairs scoring at or below this are never used (the bone maps to null)."""
    auto_threshold: float = 0.4
    """auto: matcher answers below this confidence are re-decided by the LM."""
    lm_min_prob: float = 0.75
    """auto: the LM's answer replaces the matcher's only when its probability is at least this."""

    max_lm_bones: int = 400
    """lm: skeletons with more bones are refused; auto: at most this many unsure bones go to the LM."""

    def __post_init__(self) -> None:
        if self.max_lm_bones < 1:
            raise ValueError("max_lm_bones must be >= 1")
        check_engine(self.engine)
        for name in ("null_score", "auto_threshold", "lm_min_prob"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in [0, 1]")
