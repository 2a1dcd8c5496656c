"""Per-frame features and a rotation-invariant embedding for behaviour analysis (no pretrained weights).

Features are computed in the animal-centred canonical frame, so the heading is already removed; the
remaining sign ambiguity of the heading (a turn by 180°) is removed by averaging over the volume and its
180° rotation about up. Two parts: the trained U-Net's bottleneck (mean over space) and shape statistics of
the predicted Gaussians (eigenvalues of their opacity-weighted spread, height of the centre of mass, extent
along up). The embedding is a PCA of the standardised features.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from enginemind.families.posesplat.model import PoseSplatter
from enginemind.families.posesplat.scene import Scene


@torch.no_grad()
def frame_features(scene: Scene, model: PoseSplatter, frame: int) -> np.ndarray:
    """One frame's feature vector (4·base_filters + 5 values)."""
    model.eval()
    vol = scene.volume(frame, model.cfg.grid_size)
    feats = []
    for v in (vol, torch.flip(vol, dims=(2, 3))):  # (c, z, y, x): flipping y and x = 180° about up
        _, bottleneck = model.unet(v[None])
        feats.append(bottleneck.mean(dim=(2, 3, 4))[0])
    g, _ = model(vol, scene.data.ell, torch.Generator().manual_seed(frame))
    w = g["opacities"] / g["opacities"].sum()
    mean = (w[:, None] * g["means"]).sum(0)
    d = g["means"] - mean
    cov = (w[:, None, None] * d[:, :, None] * d[:, None, :]).sum(0)
    eig = torch.linalg.eigvalsh(cov).sqrt() / scene.data.ell
    z = g["means"][:, 2]
    shape = torch.cat([eig, torch.stack([mean[2], z.max() - z.min()]) / scene.data.ell])
    return torch.cat([(feats[0] + feats[1]) / 2, shape]).cpu().numpy()


def embed(scene: Scene, model: PoseSplatter, frames: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Features (T, D) and a 2-D embedding (T, 2): PCA of the standardised features."""
    f = np.stack([frame_features(scene, model, i) for i in frames])
    return f, pca2(f)


def pca2(f: np.ndarray) -> np.ndarray:
    z = (f - f.mean(0)) / (f.std(0) + 1e-8)
    if len(z) < 2:
        return np.zeros((len(z), 2))
    _, _, vt = np.linalg.svd(z, full_matrices=False)
    out = z @ vt[:2].T
    return np.pad(out, ((0, 0), (0, 2 - out.shape[1])))


def embedding_plot(emb: np.ndarray, frames: list[int], heights: np.ndarray, path: Path) -> Path:
    """Scatter of the 2-D embedding coloured by time and by the animal's height (rearing)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, 2, figsize=(9, 3.8))
    for a, values, label in ((ax[0], frames, "frame"), (ax[1], heights, "centre height")):
        sc = a.scatter(emb[:, 0], emb[:, 1], c=values, cmap="viridis", s=18)
        a.plot(emb[:, 0], emb[:, 1], color="0.8", lw=0.5, zorder=0)
        fig.colorbar(sc, ax=a, label=label)
        a.set_xlabel("PC 1")
        a.set_ylabel("PC 2")
    fig.suptitle("posesplat per-frame embedding (heading removed)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
