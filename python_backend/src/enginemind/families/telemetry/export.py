"""ONNX export with a pinned IR version that the installed onnxruntime reads, plus metadata the Brain uses."""

from __future__ import annotations

import warnings
from pathlib import Path

import torch

from enginemind.families.telemetry.model import WindowNet

OPSET = 17
IR_VERSION = 8
"""onnx 1.23 writes IR 14 by default and onnxruntime 1.31 rejects it ("max supported IR version: 13");
opset 17 needs only IR 8, which every onnxruntime since 1.11 reads."""


def export_onnx(model: WindowNet, path: str | Path, metadata: dict[str, str]) -> Path:
    """Write a graph with input ``window`` (N, W, C) float32 and output ``score`` (N, 1)."""
    import onnx

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model = model.cpu().eval()
    example = torch.zeros(2, model.window, model.chans)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (example,), str(path), input_names=["window"], output_names=["score"],
                          dynamic_axes={"window": {0: "batch"}, "score": {0: "batch"}}, opset_version=OPSET,
                          dynamo=False, do_constant_folding=True)
    proto = onnx.load(str(path))
    proto.ir_version = IR_VERSION
    del proto.metadata_props[:]
    for k, v in {**metadata, "task": model.task, "window": str(model.window), "channels": str(model.chans)}.items():
        proto.metadata_props.add(key=k, value=str(v))
    onnx.checker.check_model(proto)
    onnx.save(proto, str(path))
    return path

