"""RVQ codec: quantise the MAE encoder's latents of whole frames with a residual VQ, decode with its decoder.

Codes are bit-packed (log2(codebook_size) bits each); ``n_q`` < num_quantizers decodes a coarser frame
(quantiser dropout in training makes that work). Stream layout: 16-byte header + packed codes.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torch import nn
from vector_quantize_pytorch import ResidualVQ

from enginemind.config import from_dict, to_dict
from enginemind.errors import InvalidInput, NotFound
from enginemind.families.restore.config import CodecConfig
from enginemind.families.restore.model import MAE, param_groups
from enginemind.families.restore.predict import check_inputs, find_weights_and_meta, write_weights_and_meta

MAGIC = b"EMRQ"
CODEC_WEIGHTS, CODEC_META = "codec.safetensors", "codec.json"


class RVQCodec(nn.Module):
    """MAE encoder (all patches visible) -> ResidualVQ -> MAE decoder, all in [0, 1] pixel units."""

    def __init__(self, mae: MAE, cfg: CodecConfig) -> None:
        super().__init__()
        if mae.cfg.input_size != "native" or mae.cfg.state_dim:
            raise InvalidInput("the codec needs a native-size restore model trained without a state vector")
        self.mae, self.cfg = mae, cfg
        self.rvq = ResidualVQ(
            dim=mae.cfg.embed_dim, num_quantizers=cfg.num_quantizers, codebook_size=cfg.codebook_size,
            decay=cfg.decay, commitment_weight=cfg.commitment_weight, kmeans_init=True,
            kmeans_iters=cfg.kmeans_iters, threshold_ema_dead_code=cfg.dead_code_threshold,
            quantize_dropout=cfg.quantize_dropout,
        )

    @property
    def bits_per_code(self) -> int:
        return int(np.log2(self.cfg.codebook_size))

    @property
    def tokens(self) -> int:
        return self.mae.num_patches + 1

    def _keep_all(self, b: int, device: torch.device) -> torch.Tensor:
        return torch.arange(self.mae.num_patches, device=device).expand(b, -1)

    def latent(self, imgs: torch.Tensor) -> torch.Tensor:
        mask = torch.zeros(imgs.shape[0], self.mae.num_patches, dtype=torch.bool, device=imgs.device)
        return self.mae.encode_gather(imgs, mask)[0]

    def decode_latent(self, z: torch.Tensor) -> torch.Tensor:
        """(B, 1+L, D) latents -> predicted patches (B, L, p*p*3)."""
        return self.mae.decode_gather(z, self._keep_all(z.shape[0], z.device))

    def forward(self, imgs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(loss, predicted patches): pixel MSE on all patches + commitment loss."""
        q, _, commit = self.rvq(self.latent(imgs))
        pred = self.decode_latent(q)
        mse = ((pred - self.mae.patchify(imgs)) ** 2).mean()
        return mse + commit.sum(), pred

    @torch.inference_mode()
    def encode_indices(self, imgs: torch.Tensor) -> torch.Tensor:
        _, idx, _ = self.rvq(self.latent(imgs))
        return idx

    @torch.inference_mode()
    def decode_indices(self, idx: torch.Tensor) -> torch.Tensor:
        """(B, T, n_q) codes -> images (B, 3, H, W) in [0, 1]."""
        z = self.rvq.get_output_from_indices(idx)
        return self.mae.unpatchify(self.decode_latent(z)).clamp(0, 1)

    # -- bytes ----------------------------------------------------------------------------------------
    def encode(self, frames: np.ndarray, n_q: int | None = None, batch_size: int = 16) -> bytes:
        """uint8 frames (N, 240, 256, 3) -> code stream using the first ``n_q`` codebooks."""
        frames, _ = check_inputs(frames, np.zeros(np.asarray(frames).shape[:-1], dtype=bool))
        n_q = self._check_nq(n_q)
        self.eval()
        chunks = []
        for i in range(0, len(frames), batch_size):
            imgs = torch.from_numpy(frames[i:i + batch_size]).permute(0, 3, 1, 2).float() / 255.0
            chunks.append(self.encode_indices(imgs)[..., :n_q].cpu().numpy())
        codes = np.concatenate(chunks)
        header = MAGIC + struct.pack("<BBHII", 1, n_q, self.bits_per_code, len(frames), self.tokens)
        return header + pack_codes(codes, self.bits_per_code)

    def decode(self, stream: bytes, batch_size: int = 16) -> np.ndarray:
        """Code stream -> uint8 frames (N, 240, 256, 3)."""
        if len(stream) < 16 or stream[:4] != MAGIC:
            raise InvalidInput("not a restore RVQ code stream (bad magic); encode frames with EncodeFrames")
        version, n_q, bits, n, tokens = struct.unpack("<BBHII", stream[4:16])
        if (version, bits, tokens) != (1, self.bits_per_code, self.tokens) or not 1 <= n_q <= self.cfg.num_quantizers:
            raise InvalidInput("the code stream was made by a different codec (codebook size, tokens or "
                               "quantizer count differ); decode it with the model version that encoded it")
        codes = unpack_codes(stream[16:], bits, (n, tokens, n_q))
        self.eval()
        out = []
        for i in range(0, n, batch_size):
            idx = torch.from_numpy(codes[i:i + batch_size].astype(np.int64))
            out.append((self.decode_indices(idx) * 255).round().byte().permute(0, 2, 3, 1).numpy())
        return np.concatenate(out) if out else np.zeros((0, 240, 256, 3), np.uint8)

    def _check_nq(self, n_q: int | None) -> int:
        n_q = n_q or self.cfg.num_quantizers
        if not 1 <= n_q <= self.cfg.num_quantizers:
            raise InvalidInput(f"n_q must be in 1..{self.cfg.num_quantizers}")
        if n_q < self.cfg.num_quantizers and not self.cfg.quantize_dropout:
            raise InvalidInput("this codec was trained without quantizer dropout; use all codebooks")
        return n_q


def pack_codes(codes: np.ndarray, bits: int) -> bytes:
    """Pack non-negative integer codes (< 2**bits) into a big-endian bit stream."""
    flat = codes.astype(np.uint32).reshape(-1)
    bit_matrix = ((flat[:, None] >> np.arange(bits - 1, -1, -1, dtype=np.uint32)) & 1).astype(np.uint8)
    return np.packbits(bit_matrix.reshape(-1)).tobytes()


def unpack_codes(data: bytes, bits: int, shape: tuple[int, ...]) -> np.ndarray:
    count = int(np.prod(shape))
    need = (count * bits + 7) // 8
    if len(data) < need:
        raise InvalidInput(f"code stream is truncated: {len(data)} bytes, {need} needed")
    bit_arr = np.unpackbits(np.frombuffer(data[:need], dtype=np.uint8))[: count * bits].reshape(count, bits)
    weights = (1 << np.arange(bits - 1, -1, -1)).astype(np.uint32)
    return (bit_arr.astype(np.uint32) * weights).sum(axis=1).reshape(shape)


def train_codec(mae: MAE, cfg: CodecConfig, batches: Callable[[int], np.ndarray], device: str = "cpu",
                on_step: Callable[[int, float], None] | None = None,
                should_stop: Callable[[], bool] | None = None) -> RVQCodec:
    """Fine-tune encoder, decoder and codebooks for ``cfg.steps`` (k-means init on the first batch)."""
    codec = RVQCodec(mae, cfg).to(device)
    opt = torch.optim.AdamW(param_groups(codec, 0.0), lr=cfg.lr, betas=(0.9, 0.95))
    codec.train()
    for step in range(1, cfg.steps + 1):
        imgs = torch.from_numpy(batches(cfg.batch_size)).permute(0, 3, 1, 2).float().div_(255.0).to(device)
        loss, _ = codec(imgs)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(codec.parameters(), 1.0)
        opt.step()
        if on_step is not None:
            on_step(step, loss.item())
        if should_stop is not None and should_stop():
            break
    return codec.eval()


def save_codec(codec: RVQCodec, folder: Path) -> dict[str, Path]:
    meta = {"codec": to_dict(codec.cfg), "model": to_dict(codec.mae.cfg)}
    return write_weights_and_meta(codec, folder, CODEC_WEIGHTS, CODEC_META, meta)


def load_codec(weights: str | Path, meta: str | Path | None = None) -> RVQCodec:
    """Load a codec saved by ``save_codec`` (``weights`` may be the folder holding both files)."""
    from safetensors.torch import load_file

    from enginemind.families.restore.config import ModelConfig

    weights, meta = find_weights_and_meta(weights, meta, CODEC_WEIGHTS, CODEC_META)
    if not weights.exists() or not meta.exists():
        raise NotFound(f"codec files not found ({weights}); train the model with codec.steps > 0")
    info = json.loads(meta.read_text(encoding="utf-8"))
    codec = RVQCodec(MAE(from_dict(ModelConfig, info["model"])), from_dict(CodecConfig, info["codec"]))
    codec.load_state_dict(load_file(str(weights)))
    return codec.eval()
