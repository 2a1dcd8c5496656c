from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from enginemind.errors import InvalidInput
from enginemind.families.restore.codec import (
    load_codec,
    pack_codes,
    save_codec,
    train_codec,
    unpack_codes,
)
from enginemind.families.restore.config import CodecConfig
from enginemind.families.restore.evaluate import psnr
from enginemind.families.restore.model import MAE
from tests.restore.helpers import frames, tiny_cfg


def test_pack_unpack_roundtrip():
    rng = np.random.default_rng(0)
    for bits in (1, 7, 9, 16):
        codes = rng.integers(0, 2 ** bits, size=(3, 5, 4))
        data = pack_codes(codes, bits)
        assert len(data) == (codes.size * bits + 7) // 8
        assert np.array_equal(unpack_codes(data, bits, codes.shape), codes)
    with pytest.raises(InvalidInput, match="truncated"):
        unpack_codes(b"\x00", 9, (2, 2))


def test_rvq_codec_trains_encodes_and_decodes(tmp_path: Path):
    torch.manual_seed(0)
    f = frames(8)
    rng = np.random.default_rng(0)
    cfg = CodecConfig(steps=12, num_quantizers=3, codebook_size=32, batch_size=4, lr=2e-3)
    codec = train_codec(MAE(tiny_cfg()), cfg, lambda n: f[rng.integers(0, 8, n)])
    assert all(bool(layer._codebook.initted) for layer in codec.rvq.layers)  # k-means init ran
    stream = codec.encode(f[:3])
    assert len(stream) == 16 + (3 * 241 * 3 * 5 + 7) // 8  # 241 tokens x 3 codebooks x 5 bits
    out = codec.decode(stream)
    assert out.shape == (3, 240, 256, 3) and out.dtype == np.uint8
    assert np.mean([psnr(a, b) for a, b in zip(f[:3], out, strict=True)]) > 8
    coarse = codec.encode(f[:3], n_q=1)
    assert len(coarse) < len(stream) and codec.decode(coarse).shape == out.shape
    save_codec(codec, tmp_path / "c")
    assert np.array_equal(load_codec(tmp_path / "c").decode(stream), out)
    with pytest.raises(InvalidInput, match="magic"):
        codec.decode(b"nope" + stream[4:])
    with pytest.raises(InvalidInput, match="n_q"):
        codec.encode(f[:1], n_q=4)
