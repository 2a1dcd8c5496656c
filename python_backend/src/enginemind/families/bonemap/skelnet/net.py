"""The skeleton model: name n-gram bag + numeric features -> message passing along the tree -> role logits."""

from __future__ import annotations

import torch
from torch import nn

from enginemind.families.bonemap.skelnet.features import CLASSES, N_BUCKETS, N_NUM


class SkelNet(nn.Module):
    """``layers`` rounds of h <- h + MLP([h, h_parent, mean h_children]) over a batch of concatenated trees."""

    def __init__(self, hidden: int = 96, layers: int = 4, dropout: float = 0.1) -> None:
        super().__init__()
        self.grams = nn.Embedding(N_BUCKETS, hidden)
        self.num = nn.Sequential(nn.Linear(N_NUM, hidden), nn.GELU(), nn.Linear(hidden, hidden))
        self.mix = nn.ModuleList(
            nn.Sequential(nn.LayerNorm(3 * hidden), nn.Linear(3 * hidden, hidden), nn.GELU(), nn.Dropout(dropout),
                          nn.Linear(hidden, hidden)) for _ in range(layers))
        self.head = nn.Sequential(nn.LayerNorm(hidden), nn.Linear(hidden, len(CLASSES)))

    def forward(self, grams: torch.Tensor, num: torch.Tensor, parent: torch.Tensor) -> torch.Tensor:
        """grams (N, G) with -1 padding, num (N, F), parent (N,) global index or -1 -> logits (N, C)."""
        mask = grams >= 0
        flat = grams.clamp(min=0)
        w = mask.float()
        h = self._bag(flat, w) + self.num(num)
        has_p = parent >= 0
        p = parent.clamp(min=0)
        n = h.shape[0]
        counts = torch.zeros(n, device=h.device).index_add_(0, p[has_p], torch.ones(int(has_p.sum()), device=h.device))
        for layer in self.mix:
            hp = torch.where(has_p[:, None], h[p], torch.zeros_like(h))
            hc = torch.zeros_like(h).index_add_(0, p[has_p], h[has_p]) / counts.clamp(min=1)[:, None]
            h = h + layer(torch.cat([h, hp, hc], dim=1))
        return self.head(h)

    def _bag(self, flat: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        e = self.grams.weight[flat] * w[..., None]  # (N, G, H)
        return e.sum(1) / w.sum(1, keepdim=True).clamp(min=1)
