"""ONNX export of the restore graph (mask is a graph input, batch is dynamic) and onnxruntime serving.

Parity contract (tested): for the same inputs, onnxruntime's ``prediction`` output matches PyTorch within
``PARITY_ATOL`` (absolute, in 0..1 pixel units) and the uint8 ``restored`` output differs by at most one grey
level on at most ``PARITY_MAX_OFF_BY_ONE`` of the pixels (rounding of values that sit on a .5 boundary);
visible pixels are identical by construction.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch

from enginemind.errors import FailedPrecondition
from enginemind.families.restore.masks import patch_to_pixel, random_patch_mask
from enginemind.families.restore.model import MAE
from enginemind.families.restore.predict import RestoreGraph, Restorer

if TYPE_CHECKING:
    from enginemind.jobs.context import JobContext

ONNX = "model.onnx"
PARITY_ATOL = 1e-4
PARITY_MAX_OFF_BY_ONE = 1e-3
OPSET = 17


def export_onnx(model: MAE, path: str | Path, opset: int = OPSET) -> Path:
    """Write a single-file ONNX graph: inputs frames (N,H,W,3) uint8, mask (N,H,W) uint8 [, state (N,S)]."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    graph = RestoreGraph(model.cpu().eval()).eval()
    h, w = model.cfg.image_hw
    frames = torch.zeros(2, h, w, 3, dtype=torch.uint8)
    mask = torch.zeros(2, h, w, dtype=torch.uint8)
    mask[:, : h // 2] = 1
    args: tuple = (frames, mask)
    names = ["frames", "mask"]
    if model.cfg.state_dim:
        args = (*args, torch.zeros(2, model.cfg.state_dim))
        names.append("state")
    dynamic = {n: {0: "batch"} for n in [*names, "restored", "prediction"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(graph, args, str(path), input_names=names, output_names=["restored", "prediction"],
                          dynamic_axes=dynamic, opset_version=opset, dynamo=False, do_constant_folding=True)
    return path


def ort_session(path: str | Path, threads: int = 0):
    """An onnxruntime session for an exported restore graph (CUDA when onnxruntime-gpu sees a GPU, else CPU)."""
    from enginemind.onnx_providers import inference_session

    if not Path(path).exists():
        raise FailedPrecondition(f"ONNX file {path} does not exist; export it with `enginemind restore export`")
    return inference_session(path, threads=threads)


def ort_restorer(path: str | Path, model: MAE, threads: int = 0) -> Restorer:
    """A Restorer that runs the exported graph (``model`` gives the config: input size, state)."""
    return Restorer(session=ort_session(path, threads), model_cfg=model.cfg)


def parity(model: MAE, onnx_path: str | Path, frames: np.ndarray, masks: np.ndarray,
           states: np.ndarray | None = None) -> dict[str, float]:
    """Compare PyTorch and onnxruntime on the same inputs (model-size frames and masks)."""
    torch_r = Restorer(model=model)
    ort_r = ort_restorer(onnx_path, model)
    st = states.astype(np.float32) if states is not None and model.cfg.state_dim else None
    r_t, p_t = torch_r._run(frames, masks, st)
    r_o, p_o = ort_r._run(frames, masks, st)
    diff = np.abs(r_t.astype(np.int16) - r_o.astype(np.int16))
    return {"prediction_max_abs": float(np.abs(p_t - p_o).max()), "restored_max_abs": float(diff.max()),
            "restored_off_fraction": float((diff > 0).mean()),
            "visible_equal": bool((r_o[~masks.astype(bool)] == frames[~masks.astype(bool)]).all())}


def export_trained(ctx: JobContext, model: MAE, frames: np.ndarray, states: np.ndarray, metrics: dict) -> dict:
    """ONNX graph next to the weights (served by onnxruntime); parity with PyTorch goes into the metrics."""
    path = export_onnx(model, ctx.work_dir / "model" / ONNX)
    if model.cfg.input_size == "native":
        masks = patch_to_pixel(random_patch_mask(len(frames), model.cfg.grid, 0.75, np.random.default_rng(0)),
                               model.cfg.grid, model.cfg.patch_size)
        res = parity(model, path, frames, masks, states)
        metrics["onnx_parity_max_abs"] = res["prediction_max_abs"]
        if res["prediction_max_abs"] > PARITY_ATOL or not res["visible_equal"]:
            ctx.log(f"ONNX parity outside tolerance: {res}", level="warning")
    return {ONNX: path}
