"""Typed configs of the restore family (importable without torch)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NATIVE_HW = (240, 256)
"""NES frame size (height, width)."""


@dataclass
class ModelConfig:
    """Masked autoencoder shape: ViT encoder over visible patches, light decoder over all patches."""

    input_size: Literal["native", "224"] = "native"
    """'native': 240x256 frames (15x16 patches of 16); '224': frames resized (nearest) to 224x224 (14x14)."""
    patch_size: int = 16
    """Side of a square patch in pixels."""
    embed_dim: int = 192
    """Encoder width (divisible by 4 for the 2-D sin-cos position embedding, and by encoder_heads)."""
    depth: int = 6
    """Encoder blocks."""
    encoder_heads: int = 3
    """Encoder attention heads."""
    decoder_dim: int = 128
    """Decoder width (divisible by 4 and by decoder_heads)."""
    decoder_depth: int = 2
    """Decoder blocks."""
    decoder_heads: int = 4
    """Decoder attention heads."""
    mlp_ratio: float = 4.0
    """Hidden size of the block MLPs relative to the width."""
    state_dim: int = 0
    """Length of the optional state vector (RAM-derived features) fused by cross-attention; 0 = off."""
    state_tokens: int = 4
    """Number of key/value tokens the state MLP produces for the cross-attention."""

    def __post_init__(self) -> None:
        h, w = self.image_hw
        if self.patch_size < 2 or h % self.patch_size or w % self.patch_size:
            raise ValueError(f"patch_size {self.patch_size} must divide the {h}x{w} input")
        for dim, heads, what in ((self.embed_dim, self.encoder_heads, "embed_dim"),
                                 (self.decoder_dim, self.decoder_heads, "decoder_dim")):
            if dim < 4 or dim % 4 or heads < 1 or dim % heads:
                raise ValueError(f"{what}={dim} must be a positive multiple of 4 and of its head count {heads}")
        if self.depth < 1 or self.decoder_depth < 1 or self.mlp_ratio <= 0:
            raise ValueError("depth, decoder_depth and mlp_ratio must be positive")
        if self.state_dim < 0 or self.state_tokens < 1:
            raise ValueError("state_dim must be >= 0 and state_tokens >= 1")

    @property
    def image_hw(self) -> tuple[int, int]:
        """(height, width) the network sees."""
        return NATIVE_HW if self.input_size == "native" else (224, 224)

    @property
    def grid(self) -> tuple[int, int]:
        """Patch grid (rows, cols)."""
        h, w = self.image_hw
        return h // self.patch_size, w // self.patch_size


TEST_LEVELS = ("6-1", "6-2", "6-3", "6-4", "8-1", "8-2", "8-3", "8-4")
"""Default held-out test levels of the level split (SMB1 worlds 6 and 8: overworld, athletic, castle)."""
VAL_LEVELS = ("3-3", "4-2", "7-1")
"""Default validation levels of the level split (athletic, underground, overworld)."""


@dataclass
class DataConfig:
    """Where frames come from: a dataset folder, or the built-in synthetic NES-like generator."""

    source: Literal["synthetic", "folder"] = "synthetic"
    """'synthetic': generate episodes on the fly; 'folder': read a dataset folder (see docs/restore.md)."""
    path: str = ""
    """Dataset folder when source is 'folder' (absolute, or relative to the current directory)."""
    synthetic_episodes: int = 64
    """Episodes the synthetic generator makes (split by episode like a real dataset)."""
    synthetic_frames_per_episode: int = 64
    """Frames per synthetic episode."""
    synthetic_seed: int = 0
    """Seed of the synthetic world (the same seed gives the same frames)."""
    val_fraction: float = 0.1
    """Share of episodes held out for validation."""
    test_fraction: float = 0.1
    """Share of episodes held out for testing (never seen in training or validation)."""
    frame_stride: int = 1
    """Use every n-th frame of an episode (neighbouring frames are near duplicates)."""
    split: Literal["episode", "level"] = "episode"
    """'episode': hold out a share of episodes; 'level': hold out whole levels (test_levels, val_levels)."""
    test_levels: list[str] = field(default_factory=lambda: list(TEST_LEVELS))
    """Levels held out for testing with split 'level' ("6-1"; other games as "lost:1-1"; a world as "8")."""
    val_levels: list[str] = field(default_factory=lambda: list(VAL_LEVELS))
    """Levels held out for validation with split 'level'."""

    def __post_init__(self) -> None:
        if self.source == "folder" and not self.path:
            raise ValueError("data.path is required when data.source is 'folder'")
        if self.synthetic_episodes < 3 or self.synthetic_frames_per_episode < 1:
            raise ValueError("synthetic data needs >= 3 episodes (train/val/test) and >= 1 frame each")
        if not (0 <= self.val_fraction < 1 and 0 <= self.test_fraction < 1 and self.val_fraction
                + self.test_fraction < 1):
            raise ValueError("val_fraction and test_fraction must be in [0, 1) and sum below 1")
        if self.frame_stride < 1:
            raise ValueError("frame_stride must be >= 1")
        if self.split == "level" and (not self.test_levels or not self.val_levels
                                      or set(self.test_levels) & set(self.val_levels)):
            raise ValueError("split 'level' needs non-empty, disjoint test_levels and val_levels")


@dataclass
class MaskConfig:
    """How training masks are drawn."""

    mode: Literal["random", "block", "mixed"] = "mixed"
    """'random': patch masks at mask_ratio; 'block': rectangles; 'mixed': each step draws one of the two."""
    mask_ratio: float = 0.75
    """Share of patches hidden by random masking (the final ratio when the curriculum is on)."""
    block_share: float = 0.25
    """In 'mixed' mode, the share of steps that use a block mask."""
    block_extra_ratio: float = 0.6
    """Block steps also hide this share of the other patches at random: the network still learns to fill a
    large hole, but the encoder sees few tokens, so a block step costs what a random step costs (with 0 the
    encoder sees most patches and a block step costs ~2.3x on CPU)."""
    curriculum: bool = False
    """Raise the random mask ratio linearly from curriculum_start to mask_ratio over training."""
    curriculum_start: float = 0.5
    """First mask ratio of the curriculum."""
    block_min_hw: list[int] = field(default_factory=lambda: [32, 48])
    """Smallest block mask (height, width) in pixels."""
    block_max_hw: list[int] = field(default_factory=lambda: [96, 128])
    """Largest block mask (height, width) in pixels."""

    def __post_init__(self) -> None:
        if not 0 <= self.block_share <= 1 or not 0 <= self.block_extra_ratio < 1:
            raise ValueError("block_share must be in [0, 1] and block_extra_ratio in [0, 1)")
        if not 0 < self.mask_ratio < 1 or not 0 < self.curriculum_start < 1:
            raise ValueError("mask_ratio and curriculum_start must be in (0, 1)")
        if len(self.block_min_hw) != 2 or len(self.block_max_hw) != 2:
            raise ValueError("block_min_hw and block_max_hw are [height, width]")
        if any(a < 1 or a > b for a, b in zip(self.block_min_hw, self.block_max_hw, strict=True)):
            raise ValueError("block sizes must satisfy 1 <= min <= max")


@dataclass
class CodecConfig:
    """Residual-VQ codec on encoder latents (trained after the MAE when steps > 0)."""

    steps: int = 0
    """Codec fine-tuning steps after MAE training (0 = no codec)."""
    num_quantizers: int = 6
    """Residual codebooks (rate = tokens x quantizers x log2(codebook_size) bits per frame)."""
    codebook_size: int = 512
    """Entries per codebook (a power of two)."""
    decay: float = 0.99
    """EMA decay of the codebook updates."""
    commitment_weight: float = 0.25
    """Weight of the commitment loss."""
    dead_code_threshold: float = 2.0
    """Codes whose EMA usage falls below this are reset to inputs of the batch."""
    kmeans_iters: int = 10
    """k-means iterations of the codebook initialisation on the first batch."""
    quantize_dropout: bool = True
    """Randomly drop the later codebooks in training so that fewer codebooks still decode."""
    lr: float = 3e-4
    """AdamW learning rate of the codec fine-tuning (encoder, decoder and codebooks)."""
    batch_size: int = 16
    """Frames per codec step."""

    def __post_init__(self) -> None:
        if self.steps < 0 or self.num_quantizers < 1 or self.batch_size < 1:
            raise ValueError("steps must be >= 0, num_quantizers and batch_size >= 1")
        if self.codebook_size < 2 or self.codebook_size & (self.codebook_size - 1) or self.codebook_size > 65536:
            raise ValueError("codebook_size must be a power of two in [2, 65536]")
        if not 0 < self.decay < 1 or self.commitment_weight < 0 or self.dead_code_threshold < 0:
            raise ValueError("decay must be in (0, 1); commitment_weight and dead_code_threshold >= 0")
        if self.kmeans_iters < 1 or not 0 < self.lr < 1:
            raise ValueError("kmeans_iters must be >= 1 and lr in (0, 1)")


@dataclass
class TileLMConfig:
    """Tile classifier: vocabulary, network size, training budget, decision threshold."""

    steps: int = 0
    """Training steps (0: no classifier is trained with the restore job)."""
    max_minutes: float = 12.0
    """Training time limit (the loop stops at whichever of steps / minutes comes first)."""
    vocab_size: int = 1024
    """At most this many tiles (the most frequent in training frames); the rest are [UNK]."""
    min_count: int = 3
    """A tile must be seen this many times in training frames to enter the vocabulary."""
    dim: int = 64
    """Channels of the network."""
    dilations: list[int] = field(default_factory=lambda: [1, 2, 4, 8, 1, 2, 4, 1])
    """One residual 3x3 convolution block per entry, with this dilation (receptive field ~ the frame)."""
    batch_size: int = 16
    lr: float = 2e-3
    weight_decay: float = 0.01
    threshold: float = 0.9
    """Default probability a tile needs to be written (replaced by the per-mask-kind values measured on the
    validation levels at the end of training)."""
    seed: int = 0



@dataclass
class RestoreConfig:
    """Training job of the restore family (masked autoencoder on game frames)."""

    model: ModelConfig = field(default_factory=ModelConfig)
    """Network shape."""
    data: DataConfig = field(default_factory=DataConfig)
    """Training data."""
    mask: MaskConfig = field(default_factory=MaskConfig)
    """Training masks."""
    codec: CodecConfig = field(default_factory=CodecConfig)
    """Optional RVQ codec trained on top of the MAE (codec.steps > 0)."""
    tile_lm: TileLMConfig = field(default_factory=TileLMConfig)
    """Optional tile classifier for hidden 8x8 cells, trained after the MAE (tile_lm.steps > 0; tilelm.py)."""
    use_state: bool = False
    """Feed the RAM-derived state vector (sets model.state_dim from the data)."""
    steps: int = 5000
    """Optimizer steps."""
    batch_size: int = 16
    """Frames per step."""
    lr: float = 1e-3
    """Peak learning rate (AdamW, betas 0.9/0.95)."""
    min_lr: float = 1e-5
    """Learning rate at the end of the cosine schedule."""
    warmup_steps: int = 100
    """Linear warm-up steps."""
    weight_decay: float = 0.05
    """AdamW weight decay (not applied to norms, biases and tokens)."""
    grad_clip: float = 1.0
    """Clip the gradient norm to this value (0 = off)."""
    ema_decay: float = 0.0
    """Keep an exponential moving average of the weights with this decay (0 = off, e.g. 0.999)."""
    amp: bool = True
    """Mixed precision (bfloat16 autocast) on CUDA, and on CPUs with native bf16 (avx512_bf16 / AMX)."""
    device: str = "auto"
    """'auto' (CUDA when present), 'cpu' or 'cuda'."""
    threads: int = 0
    """CPU threads for torch (0 = torch's default)."""
    eval_every: int = 500
    """Evaluate on the validation split and save sample reconstructions every this many steps."""
    eval_frames: int = 16
    """Validation frames per evaluation."""
    checkpoint_every: int = 100
    """Save a resumable checkpoint every this many steps."""
    seed: int = 0
    """Seed of weights, masks and batch order."""
    model_name: str = "restore-mae"
    """Registry name of the trained model."""
    max_minutes: float = 30.0
    """Stop (and register what was learnt) after this many minutes, 0 = no limit; the cosine follows the clock."""

    def __post_init__(self) -> None:
        if self.steps < 1 or self.batch_size < 1:
            raise ValueError("steps and batch_size must be positive")
        if not 0 < self.lr < 1 or not 0 <= self.min_lr <= self.lr:
            raise ValueError("lr must be in (0, 1) and 0 <= min_lr <= lr")
        if self.warmup_steps < 0 or self.weight_decay < 0 or self.grad_clip < 0:
            raise ValueError("warmup_steps, weight_decay and grad_clip must be >= 0")
        if not 0 <= self.ema_decay < 1:
            raise ValueError("ema_decay must be in [0, 1)")
        if self.device not in ("auto", "cpu", "cuda"):
            raise ValueError("device must be 'auto', 'cpu' or 'cuda'")
        if self.eval_every < 1 or self.eval_frames < 1 or self.checkpoint_every < 1 or self.threads < 0:
            raise ValueError("eval_every, eval_frames and checkpoint_every must be >= 1, threads >= 0")
        if self.max_minutes < 0:
            raise ValueError("max_minutes must be >= 0")
        if self.codec.steps and (self.use_state or self.model.input_size != "native"):
            raise ValueError("the RVQ codec needs use_state false and model.input_size 'native'")
