"""ONNX export of the restore graph (mask is a graph input, batch is dynamic) and onnxruntime serving.

Parity contract (tested): for the same inputs, onnxruntime's ``prediction`` output matches PyTorch within
``PARITY_ATOL`` (absolute, in 0..1 pixel units) and the uint8 ``restored`` output differs by at most one grey
level on at most ``PARITY_MAX_OFF_BY_ONE`` of the pixels (rounding of values that sit on a .5 boundary);
visible pixels are identical by construction.

Graph optimisation (``optimize=True``, the default): every timm attention block is exported as one
onnxruntime ``com.microsoft::Attention`` node (QKV projection, scaled dot product with the padding mask and
the head layout in one kernel) instead of MatMul/Softmax with a Transpose per head and operand; onnxruntime
applies its own LayerNorm/GELU fusions when it loads the graph. Measured in docs/benchmarks.md ("ONNX vs
eager at batch 1, one thread"): onnxruntime's transformer optimizer found no attention pattern in the plain
graph and its SkipLayerNormalization made the fused graph slower, so it is not used.

int8 (``quantize_int8``, ``ONNX_INT8``): onnxruntime's dynamic quantisation of the exported graph: the
weights of every MatMul and fused Attention are int8 (per tensor), activations are quantised at run time.
On this project's CPU it is 1.8x eager fp32 on 64x96 blocks, where fp32 onnxruntime stays at 1.4x because
both runtimes are bound by the same fp32 GEMMs (docs/benchmarks.md). It is served only when its masked
PSNR stays within ``INT8_MAX_PSNR_LOSS_DB`` of the fp32 graph on the frames it was checked on
(``int8_gate``); onnxruntime's CUDA provider gets the fp32 graph (its int8 kernels are CPU ones).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F
from timm.models.vision_transformer import Attention
from torch import nn

from enginemind.errors import FailedPrecondition, InvalidInput
from enginemind.families.restore.masks import patch_to_pixel, random_patch_mask
from enginemind.families.restore.model import MAE
from enginemind.families.restore.predict import RestoreGraph, Restorer

if TYPE_CHECKING:
    from enginemind.jobs.context import JobContext

ONNX = "model.onnx"
ONNX_INT8 = "model.int8.onnx"
INT8_MAX_PSNR_LOSS_DB = 0.1
PARITY_ATOL = 1e-4
PARITY_MAX_OFF_BY_ONE = 1e-3
OPSET = 17


ORT_DOMAIN = "com.microsoft"


def export_onnx(model: MAE, path: str | Path, opset: int = OPSET, optimize: bool = True) -> Path:
    """Write a single-file ONNX graph: inputs frames (N,H,W,3) uint8, mask (N,H,W) uint8 [, state (N,S)].

    ``optimize``: attention blocks as fused onnxruntime ``Attention`` nodes (see the module docstring);
    False gives the plain standard-ONNX graph (any runtime).
    """
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
    with warnings.catch_warnings(), fused_attention(model) if optimize else contextlib.nullcontext():
        warnings.simplefilter("ignore")
        torch.onnx.export(graph, args, str(path), input_names=names, output_names=["restored", "prediction"],
                          dynamic_axes=dynamic, opset_version=opset, dynamo=False, do_constant_folding=True,
                          custom_opsets={ORT_DOMAIN: 1} if optimize else None)
    return path


class _OrtAttention(torch.autograd.Function):
    """Self-attention with a packed QKV projection; exported as one ``com.microsoft::Attention`` node."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor, keys: torch.Tensor | None,
                heads: int) -> torch.Tensor:
        b, n, c = x.shape
        q, k, v = (x @ weight + bias).reshape(b, n, 3, heads, c // heads).permute(2, 0, 3, 1, 4)
        attn_bias = None if keys is None else torch.zeros(keys.shape).masked_fill(keys == 0, -1e9)[:, None, None]
        return F.scaled_dot_product_attention(q, k, v, attn_mask=attn_bias).transpose(1, 2).reshape(b, n, c)

    @staticmethod
    def symbolic(g, x, weight, bias, keys, heads: int):  # noqa: ANN001, ANN205 (TorchScript graph values)
        inputs = [x, weight, bias] + ([] if keys is None else [keys])
        out = g.op(f"{ORT_DOMAIN}::Attention", *inputs, num_heads_i=heads)
        out.setType(x.type())
        return out


def _fused_forward(attn: Attention, x: torch.Tensor, attn_mask: torch.Tensor | None = None,
                   is_causal: bool = False) -> torch.Tensor:
    """timm ``Attention.forward`` for export; ``attn_mask`` is the encoder's (B, 1, 1, T) key bias (0 or
    -1e9), given to the node as a raw (B, T) int32 key mask (1 = attend)."""
    keys = None if attn_mask is None else (attn_mask[:, 0, 0, :] > -1.0).to(torch.int32)
    out = _OrtAttention.apply(x, attn.qkv.weight.t(), attn.qkv.bias, keys, attn.num_heads)
    return attn.proj(out)


def _fusable(attn: nn.Module) -> bool:
    return (isinstance(attn, Attention) and attn.qkv.bias is not None and getattr(attn, "gate", None) is None
            and all(isinstance(getattr(attn, n, None), nn.Identity) for n in ("q_norm", "k_norm", "norm")))


@contextlib.contextmanager
def fused_attention(model: nn.Module) -> Iterator[int]:
    """While exporting, every fusable timm attention of ``model`` exports as one fused node; yields the count."""
    mods = [m for m in model.modules() if _fusable(m)]
    for m in mods:
        m.forward = _fused_forward.__get__(m)
    try:
        yield len(mods)
    finally:
        for m in mods:
            del m.forward


def quantize_int8(src: str | Path, dst: str | Path) -> Path:
    """Dynamic int8 quantisation of an exported restore graph (onnxruntime.quantization, per-tensor int8
    weights: per-channel lost 0.1-0.2 dB of masked PSNR on real frames, per-tensor 0.00-0.01 dB)."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    dst = Path(dst)
    logging.disable(logging.WARNING)  # it warns through the root logger for every non-float tensor
    try:
        quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8)
    finally:
        logging.disable(logging.NOTSET)
    return dst


def int8_gate(model: MAE, fp32_path: str | Path, int8_path: str | Path, frames: np.ndarray, masks: np.ndarray,
              states: np.ndarray | None = None) -> float:
    """Pooled masked PSNR (``evaluate.score``) of the int8 graph minus the fp32 graph's on the same frames and
    masks (dB; negative = worse)."""
    from enginemind.families.restore.evaluate import score  # OpenCV / scikit-image: not on the serving path

    st = states.astype(np.float32) if states is not None and model.cfg.state_dim else None
    hidden = masks.astype(bool)
    scores = [score(frames, ort_restorer(p, model)._run(frames, masks, st)[0], hidden, with_ssim=False)
              ["masked_psnr_pooled"] for p in (fp32_path, int8_path)]
    return scores[1] - scores[0]


PRECISION_ENV = "ENGINEMIND_RESTORE_ONNX"


def served_graph(files: dict[str, Path]) -> Path | None:
    """The ONNX graph a server runs: int8 when the version has one (it passed ``int8_gate``), onnxruntime
    runs on the CPU and ``$ENGINEMIND_RESTORE_ONNX`` is not ``fp32``; else fp32; None without a graph."""
    import os

    from enginemind.onnx_providers import CUDA, choose_providers

    precision = os.environ.get(PRECISION_ENV, "int8").strip().lower()
    if precision not in ("int8", "fp32"):
        raise InvalidInput(f"{PRECISION_ENV}={precision!r}: use int8 or fp32")
    if ONNX_INT8 in files and precision == "int8" and CUDA not in choose_providers():
        return files[ONNX_INT8]
    return files.get(ONNX)


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
    """ONNX graph next to the weights (served by onnxruntime); parity with PyTorch goes into the metrics.

    The int8 graph is kept when it loses at most ``INT8_MAX_PSNR_LOSS_DB`` of masked PSNR against the fp32
    graph on ``frames`` (75 % patch masks, the first frames parity uses too); the difference is a metric.
    """
    path = export_onnx(model, ctx.work_dir / "model" / ONNX)
    files = {ONNX: path}
    if model.cfg.input_size == "native":
        masks = patch_to_pixel(random_patch_mask(len(frames), model.cfg.grid, 0.75, np.random.default_rng(0)),
                               model.cfg.grid, model.cfg.patch_size)
        res = parity(model, path, frames[:2], masks[:2], None if states is None else states[:2])
        metrics["onnx_parity_max_abs"] = res["prediction_max_abs"]
        if res["prediction_max_abs"] > PARITY_ATOL or not res["visible_equal"]:
            ctx.log(f"ONNX parity outside tolerance: {res}", level="warning")
        int8 = quantize_int8(path, path.with_name(ONNX_INT8))
        delta = int8_gate(model, path, int8, frames, masks, states)
        metrics["onnx_int8_psnr_delta_db"] = delta
        if delta >= -INT8_MAX_PSNR_LOSS_DB:
            files[ONNX_INT8] = int8
            ctx.log(f"int8 ONNX graph kept: masked PSNR {delta:+.3f} dB against fp32 on {len(frames)} frames")
        else:
            int8.unlink()
            ctx.log(f"int8 ONNX graph dropped: masked PSNR {delta:+.3f} dB against fp32 on {len(frames)} frames "
                    f"(limit -{INT8_MAX_PSNR_LOSS_DB} dB); serving fp32", level="warning")
    return files
