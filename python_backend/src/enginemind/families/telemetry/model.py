"""Tiny MLPs over windows, with normalisation inside the graph so the ONNX file is self-contained."""

from __future__ import annotations

import torch
from torch import nn

from enginemind.families.telemetry.features import EMPTY_SOC


class WindowNet(nn.Module):
    """(N, W, C) window -> score: classifier (probability), regressor (seconds), autoencoder (error).

    Battery channels are state of charge, current and voltage.
    """

    def __init__(self, task: str, window: int, chans: int, hidden: int) -> None:
        super().__init__()
        self.task, self.window, self.chans = task, window, chans
        self.register_buffer("mean", torch.zeros(chans))
        self.register_buffer("std", torch.ones(chans))
        d = window * chans
        if task == "anomaly":
            bottleneck = max(4, hidden // 4)
            self.net = nn.Sequential(nn.Linear(d, hidden), nn.ReLU(), nn.Linear(hidden, bottleneck), nn.ReLU(),
                                     nn.Linear(bottleneck, hidden), nn.ReLU(), nn.Linear(hidden, d))
        else:
            if task == "battery":  # physics prior: log t_empty ~ log(charge left) - log(current) + c
                self.prior = nn.Linear(2, 1)
                with torch.no_grad():
                    self.prior.weight.copy_(torch.tensor([[1.0, -1.0]]))
                self.prior.weight.requires_grad_(False)  # the exponents are physics; only the scale is learned
            self.net = nn.Sequential(nn.Linear(d, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                     nn.Linear(hidden, 1))

    def set_norm(self, mean: torch.Tensor, std: torch.Tensor) -> None:
        self.mean.copy_(mean)
        self.std.copy_(torch.clamp(std, min=1e-3))

    def normed(self, x: torch.Tensor) -> torch.Tensor:
        return ((x - self.mean) / self.std).flatten(1)

    def raw(self, x: torch.Tensor) -> torch.Tensor:
        """Training output: logit (collision), log1p seconds (battery), per-window reconstruction MSE (anomaly)."""
        z = self.normed(x)
        out = self.net(z)
        if self.task == "anomaly":
            return ((out - z) ** 2).mean(dim=1)
        if self.task == "battery":
            left = torch.log(torch.clamp(x[:, -1, 0] - EMPTY_SOC, min=1e-3))
            amps = torch.log(torch.clamp(x[:, :, 1].mean(dim=1), min=1e-2))
            # the learned correction is bounded (x0.6..x1.6 in time) so a small fleet cannot override the physics
            out = 0.5 * torch.tanh(out) + self.prior(torch.stack([left, amps], dim=1))
        return out.squeeze(1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Serving output (N, 1): probability, seconds to empty, or anomaly score."""
        r = self.raw(x)
        if self.task == "collision":
            r = torch.sigmoid(r)
        elif self.task == "battery":
            r = (torch.exp(torch.clamp(r, max=15.0)) - 1.0).clamp(min=0.0)
        return r.unsqueeze(1)
