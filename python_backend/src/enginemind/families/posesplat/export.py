"""ONNX export of the volume network (carved volume -> per-voxel Gaussian parameters) with a parity check."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch

from enginemind.families.posesplat.model import PoseSplatter

ONNX = "volume_net.onnx"
PARITY_ATOL = 1e-3
"""Largest allowed |ONNX − PyTorch| of a per-voxel output."""


class _Net(torch.nn.Module):
    def __init__(self, model: PoseSplatter) -> None:
        super().__init__()
        self.unet = model.unet

    def forward(self, vol: torch.Tensor) -> torch.Tensor:
        return self.unet(vol)[0]


def export_onnx(model: PoseSplatter, path: Path) -> Path:
    """Write the U-Net as ONNX: input ``volume`` (B, 4, n, n, n), output ``params`` (B, 14, n, n, n)."""
    n = model.cfg.grid_size
    path.parent.mkdir(parents=True, exist_ok=True)
    net = _Net(model.cpu().eval())
    with warnings.catch_warnings():  # the TorchScript exporter's deprecation and tracer notes
        warnings.simplefilter("ignore")
        torch.onnx.export(net, (torch.zeros(1, 4, n, n, n),), str(path), input_names=["volume"],
                          output_names=["params"], dynamic_axes={"volume": {0: "batch"}, "params": {0: "batch"}},
                          opset_version=17, dynamo=False)
    return path


def parity(model: PoseSplatter, path: Path, vol: torch.Tensor) -> float:
    """Max |ONNX − PyTorch| on one carved volume (4, n, n, n)."""
    from enginemind.onnx_providers import inference_session

    sess = inference_session(path, device="cpu")  # parity is against the CPU PyTorch model
    out = sess.run(None, {"volume": vol[None].cpu().numpy().astype(np.float32)})[0]
    with torch.no_grad():
        ref = model.cpu().eval().unet(vol[None].cpu())[0].numpy()
    return float(np.abs(out - ref).max())
