"""Small shared builders for the restore tests (tiny models, a few synthetic frames)."""

from __future__ import annotations

import numpy as np

from enginemind.families.restore.config import ModelConfig
from enginemind.families.restore.synth import make_level, render_frame

TINY = {"embed_dim": 32, "depth": 1, "encoder_heads": 2, "decoder_dim": 32, "decoder_depth": 1, "decoder_heads": 2}


def tiny_cfg(**kw) -> ModelConfig:
    return ModelConfig(**{**TINY, **kw})


def frames(n: int = 4, episode: int = 0) -> np.ndarray:
    level = make_level(0, episode, max(n, 8))
    return np.stack([render_frame(level, i)[0] for i in range(n)])
