"""Export: the LoRA merged into the base weights, saved as a plain Hugging Face model folder (bf16).

ONNX is not exported for the planner: constrained decoding needs the KV-cache loop in Python anyway, and a
135M-parameter causal LM with cache inputs is better served by transformers (or llama.cpp via GGUF).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any


def export_merged(model: Any, tok: Any, out_dir: Path) -> Path:
    """Merge a peft model's adapter into a copy of its weights and ``save_pretrained`` it with the tokenizer."""
    import torch

    merged = copy.deepcopy(model).merge_and_unload() if hasattr(model, "merge_and_unload") else copy.deepcopy(model)
    merged = merged.to(torch.bfloat16)
    # A GGUF base is de-quantised to float tensors when it loads; only the marker remains, and transformers
    # refuses to save a model that still names a GGUF quantizer. The merged weights are plain tensors.
    merged.hf_quantizer = None
    if getattr(merged.config, "quantization_config", None) is not None:
        del merged.config.quantization_config
    out_dir.mkdir(parents=True, exist_ok=True)
    merged.save_pretrained(str(out_dir), safe_serialization=True)
    tok.save_pretrained(str(out_dir))
    return out_dir
