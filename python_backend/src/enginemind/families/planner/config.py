"""Typed configuration of the planner family (importable without torch)."""

from __future__ import annotations

from dataclasses import dataclass

from enginemind.lm import SMOLLM2, LoraSettings

__all__ = ["SMOLLM2", "PlannerConfig"]


@dataclass
class PlannerConfig(LoraSettings):
    """LoRA fine-tuning job of the LM planner: corpus and loop settings (the shared ones in ``lm.LoraSettings``)."""

    steps: int = 300
    """Optimizer steps."""
    lr: float = 2e-3
    """AdamW learning rate of the LoRA weights (the measured run in docs/benchmarks.md used 2e-3)."""
    lora_layers: int = 8
    """Only the top N transformer layers get adapters (cheaper backward on CPU); 0 = all."""
    max_length: int = 256
    """Longest tokenised example; longer prompts are cut from the left."""
    examples: int = 1500
    """Synthetic training missions (training phrasings and names only)."""
    eval_examples: int = 40
    """Held-out missions decoded at the end for the registered metrics (0 = skip)."""
    eval_max_steps: int = 0
    """Held-out decoding stops after this many plan steps (0 = the longest gold plan + 2)."""
    use_executions: bool = True
    """Add recorded executions from PostgreSQL: operator corrections and successful plans."""
    correction_repeat: int = 8
    """How many times each operator correction appears in the corpus."""
    export_merged: bool = False
    """Also register the LoRA-merged model in Hugging Face format as ``<model_name>-merged`` (~270 MB, bf16)."""
    serialization: str = "intents"
    """Answer form the LM learns: 'intents' (compact, compiled into steps) or 'steps' (one skill step a line)."""
    model_name: str = "planner-lm"
    """Registry name of the trained adapter."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.examples < 1 or self.max_length < 64:
            raise ValueError("examples must be >= 1 and max_length >= 64")
        if self.correction_repeat < 0 or self.eval_examples < 0 or self.eval_max_steps < 0:
            raise ValueError("correction_repeat, eval_examples and eval_max_steps must be >= 0")
        if self.serialization not in ("intents", "steps"):
            raise ValueError("serialization must be 'intents' or 'steps'")
