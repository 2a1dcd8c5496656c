"""Typed configs of the posesplat family (importable without torch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass
class SynthConfig:
    """The built-in synthetic multi-view animal (used when no data folder is given)."""

    frames: int = 60
    """Frames of the walk (time-split into train / validation / test)."""
    cameras: int = 5
    """Calibrated cameras on a ring around the arena (4-6)."""
    size: int = 128
    """Rendered image side in pixels."""
    seed: int = 0
    """Seed of the animal's path, texture and the camera jitter."""


@dataclass
class DataConfig:
    """Where the multi-view frames come from and how the pipeline prepares them."""

    path: str = ""
    """Data folder in the documented format (cameras.json + <cam>/rgb_NNNN.png + mask_NNNN.png); empty = synthetic."""
    synth: SynthConfig = field(default_factory=SynthConfig)
    """Synthetic data settings when ``path`` is empty."""
    holdout_cameras: list[str] = field(default_factory=lambda: ["cam4"])
    """Cameras never shown to the model (not carved, not a training target); rendered only at evaluation."""
    image_downsample: int = 2
    """Integer downsample of the images for carving and training (area average)."""
    ell: float = 0.0
    """Side of the animal-centred volume in world units; 0 = estimated from the masks (step 3)."""
    val_fraction: float = 0.2
    """Middle share of the frames (by time) for validation."""
    test_fraction: float = 0.2
    """Last share of the frames (by time) for testing."""

    def __post_init__(self) -> None:
        if self.image_downsample < 1:
            raise ValueError("image_downsample must be >= 1")
        if self.ell < 0:
            raise ValueError("ell must be >= 0 (0 = estimate from the masks)")
        v, t = self.val_fraction, self.test_fraction
        if not (0 < v < 1 and 0 < t < 1 and v + t < 0.9):
            raise ValueError("val_fraction and test_fraction must be in (0, 1) and leave >= 10 % for training")


@dataclass
class ModelConfig:
    """Carved volume -> 3D U-Net -> one Gaussian per occupied voxel."""

    grid_size: int = 32
    """Voxels per side of the canonical volume (multiple of 8; 112 in the paper, 32-64 on CPU)."""
    base_filters: int = 8
    """Channels of the first U-Net level (doubled per level, 3 levels)."""
    max_gaussians: int = 6000
    """Most Gaussians per frame (a random subset of the occupied voxels when there are more)."""
    scale_voxels: float = 0.6
    """Initial Gaussian standard deviation in voxels (the visual-hull baseline uses it too)."""

    def __post_init__(self) -> None:
        if self.grid_size < 16 or self.grid_size % 8:
            raise ValueError(f"grid_size {self.grid_size} must be a multiple of 8 and >= 16")
        if self.base_filters < 4 or self.max_gaussians < 64 or self.scale_voxels <= 0:
            raise ValueError("base_filters >= 4, max_gaussians >= 64 and scale_voxels > 0 are required")


@dataclass
class PosesplatConfig:
    """Training job of the posesplat family: prepare the data, train, evaluate, register."""

    stage: Literal["train", "prepare"] = "train"
    """'prepare': run only the data steps 1-5 into the job folder; 'train': prepare if needed, then train."""
    data: DataConfig = field(default_factory=DataConfig)
    """Input frames and pipeline settings."""
    model: ModelConfig = field(default_factory=ModelConfig)
    """Network and Gaussian settings."""
    steps: int = 400
    """Optimiser steps (one frame, all observed views as targets, per step)."""
    lr: float = 2e-3
    """Adam learning rate."""
    img_lambda: float = 1.0
    """Weight of the foreground-normalised L1 image loss (the IoU loss has weight 1)."""
    ssim_lambda: float = 0.0
    """Weight of the (1 - SSIM) loss; 0 = off."""
    target_views: int = 2
    """Observed views rendered and compared per step."""
    eval_every: int = 100
    """Steps between validation passes (with a render sheet)."""
    eval_frames: int = 6
    """Test frames (evenly spaced over the test split) in the final evaluation; 0 = all."""
    checkpoint_every: int = 50
    """Steps between checkpoints."""
    renderer: Literal["auto", "torch", "gsplat"] = "auto"
    """Rasteriser: pure PyTorch, gsplat (CUDA only), or gsplat when on CUDA and installed."""
    device: Literal["auto", "cpu", "cuda"] = "auto"
    """Where to train."""
    threads: int = 0
    """torch CPU threads; 0 = torch's default."""
    seed: int = 0
    """Seed of initialisation and frame sampling."""
    model_name: str = "posesplat"
    """Registry name of the trained model."""

    def __post_init__(self) -> None:
        if self.steps < 1 or self.lr <= 0 or self.target_views < 1:
            raise ValueError("steps >= 1, lr > 0 and target_views >= 1 are required")
        if self.img_lambda < 0 or self.ssim_lambda < 0:
            raise ValueError("img_lambda and ssim_lambda must be >= 0")
        if self.eval_every < 1 or self.checkpoint_every < 1 or self.eval_frames < 0:
            raise ValueError("eval_every and checkpoint_every must be >= 1")
