"""Typed configuration of the skeleton-model training job (importable without torch)."""

from __future__ import annotations

from dataclasses import dataclass, field

from enginemind.families.bonemap.corpus.synth_names import MODES


@dataclass
class SkelNetConfig:
    """Skeleton model job: synthetic corpus (conventions x bodies x augmentation), network and loop."""

    holdout: list[str] = field(default_factory=list)
    """Naming conventions left out of the corpus (leave-convention-out evaluation)."""
    rigs_per_convention: int = 8
    """Synthetic rigs per convention and mode."""
    modes: list[str] = field(default_factory=lambda: list(MODES))
    """Augmentation modes in the corpus: plain, renamed, noisy, anonymous."""
    seed: int = 0
    """Seed of the corpus (rig seeds start at 10,000 x seed) and of the weights / batch order."""
    epochs: int = 12
    """Passes over the corpus."""
    batch_rigs: int = 24
    """Skeletons per optimizer step."""
    hidden: int = 64
    """Width of the bone embeddings."""
    layers: int = 3
    """Message-passing rounds along the tree."""
    dropout: float = 0.1
    """Dropout inside the message-passing layers."""
    lr: float = 2e-3
    """AdamW learning rate (cosine decay to 5 %)."""
    val_fraction: float = 0.1
    """Share of the corpus kept for validation (same conventions, other rigs)."""
    model_name: str = "bonemap-skeleton"
    """Registry name of the trained model."""
    torch_threads: int = 0
    """CPU threads for torch (0 = torch default)."""
    calibration_rigs: int = 2
    """Fresh rigs per training convention and mode for fitting the auto rule and confidence maps (0 = none)."""

    def __post_init__(self) -> None:
        from enginemind.families.bonemap.corpus.synth import ALL_CONVENTIONS

        unknown = [c for c in self.holdout if c not in ALL_CONVENTIONS]
        if unknown:
            raise ValueError(f"unknown conventions in holdout: {unknown}; known: {sorted(ALL_CONVENTIONS)}")
        if len(self.holdout) >= len(ALL_CONVENTIONS):
            raise ValueError("holdout leaves no convention to train on")
        bad = [m for m in self.modes if m not in MODES]
        if bad or not self.modes:
            raise ValueError(f"modes must be a non-empty subset of {MODES}")
        if self.rigs_per_convention < 1 or self.epochs < 1 or self.batch_rigs < 1:
            raise ValueError("rigs_per_convention, epochs and batch_rigs must be >= 1")
        if self.hidden < 8 or self.layers < 0 or not 0 <= self.dropout < 1 or self.lr <= 0:
            raise ValueError("hidden >= 8, layers >= 0, dropout in [0, 1), lr > 0")
        if not 0 <= self.val_fraction < 0.5 or self.torch_threads < 0 or self.calibration_rigs < 0:
            raise ValueError("val_fraction in [0, 0.5), torch_threads >= 0, calibration_rigs >= 0")
