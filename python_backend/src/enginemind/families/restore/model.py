"""Masked autoencoder for game frames, built from timm's PatchEmbed and Block.

Three equivalent encoder paths: ``gather`` drops hidden patches (MAE training, every row of a batch must hide
the same number of patches), ``compact`` packs each row's visible patches first and pads rows to the
batch's largest visible count, padding excluded from attention (any mask per row; restoration and the ONNX
graph use it), and ``attend`` keeps all tokens but forbids attending to hidden ones (the plain reference).
Visible-token outputs of all three are the same function.
"""

from __future__ import annotations

from functools import partial

import torch
import torch.nn.functional as F
from timm.layers import PatchEmbed, build_sincos2d_pos_embed
from timm.models.vision_transformer import Block
from torch import nn

from enginemind.families.restore.config import ModelConfig


def sincos_pos_embed(grid: tuple[int, int], dim: int) -> torch.Tensor:
    """Fixed 2-D sin-cos position embedding, (1, gh*gw, dim), row-major like PatchEmbed's flatten."""
    return build_sincos2d_pos_embed([grid[0], grid[1]], dim=dim).unsqueeze(0)


class StateFusion(nn.Module):
    """Cross-attention from frame tokens (queries) to tokens made from the state vector (keys/values)."""

    def __init__(self, state_dim: int, dim: int, heads: int, n_tokens: int) -> None:
        super().__init__()
        self.heads, self.n_tokens = heads, n_tokens
        self.state_mlp = nn.Sequential(nn.Linear(state_dim, dim), nn.GELU(), nn.Linear(dim, dim * n_tokens))
        self.norm_q, self.norm_kv = nn.LayerNorm(dim, eps=1e-6), nn.LayerNorm(dim, eps=1e-6)
        self.q, self.kv, self.proj = nn.Linear(dim, dim), nn.Linear(dim, 2 * dim), nn.Linear(dim, dim)
        nn.init.zeros_(self.proj.weight)
        nn.init.zeros_(self.proj.bias)

    def forward(self, x: torch.Tensor, state: torch.Tensor) -> torch.Tensor:
        b, n, d = x.shape
        s = self.norm_kv(self.state_mlp(state).reshape(b, self.n_tokens, d))
        q = self.q(self.norm_q(x)).reshape(b, n, self.heads, d // self.heads).transpose(1, 2)
        k, v = self.kv(s).reshape(b, self.n_tokens, 2, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        out = F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(b, n, d)
        return x + self.proj(out)


class MAE(nn.Module):
    """ViT masked autoencoder over 16x16 patches with pixel outputs in [0, 1] units."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        p, d, dd = cfg.patch_size, cfg.embed_dim, cfg.decoder_dim
        self.grid = cfg.grid
        self.num_patches = self.grid[0] * self.grid[1]
        self.patch_embed = PatchEmbed(img_size=cfg.image_hw, patch_size=p, in_chans=3, embed_dim=d)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        self.register_buffer("pos_embed", sincos_pos_embed(self.grid, d), persistent=False)
        self.blocks = nn.ModuleList(
            Block(d, cfg.encoder_heads, cfg.mlp_ratio, qkv_bias=True, norm_layer=_LN) for _ in range(cfg.depth))
        self.norm = _ln(d)
        self.decoder_embed = nn.Linear(d, dd)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, dd))
        self.register_buffer("decoder_pos_embed", sincos_pos_embed(self.grid, dd), persistent=False)
        self.state_fusion = (StateFusion(cfg.state_dim, dd, cfg.decoder_heads, cfg.state_tokens)
                             if cfg.state_dim else None)
        self.decoder_blocks = nn.ModuleList(
            Block(dd, cfg.decoder_heads, cfg.mlp_ratio, qkv_bias=True, norm_layer=_LN)
            for _ in range(cfg.decoder_depth))
        self.decoder_norm = _ln(dd)
        self.decoder_pred = nn.Linear(dd, p * p * 3)
        self._init_weights()

    def _init_weights(self) -> None:
        w = self.patch_embed.proj.weight.data
        nn.init.xavier_uniform_(w.view(w.shape[0], -1))
        nn.init.normal_(self.cls_token, std=0.02)
        nn.init.normal_(self.mask_token, std=0.02)
        for m in self.modules():
            if isinstance(m, nn.Linear) and m is not getattr(self.state_fusion, "proj", None):
                nn.init.xavier_uniform_(m.weight)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    # -- pixels <-> patches -------------------------------------------------------------------------
    def patchify(self, imgs: torch.Tensor) -> torch.Tensor:
        """(B, 3, H, W) -> (B, L, p*p*3)."""
        p, (gh, gw) = self.cfg.patch_size, self.grid
        x = imgs.reshape(imgs.shape[0], 3, gh, p, gw, p)
        return x.permute(0, 2, 4, 3, 5, 1).reshape(imgs.shape[0], gh * gw, p * p * 3)

    def unpatchify(self, x: torch.Tensor) -> torch.Tensor:
        """(B, L, p*p*3) -> (B, 3, H, W)."""
        p, (gh, gw) = self.cfg.patch_size, self.grid
        x = x.reshape(x.shape[0], gh, gw, p, p, 3)
        return x.permute(0, 5, 1, 3, 2, 4).reshape(x.shape[0], 3, gh * p, gw * p)

    def _tokens(self, imgs: torch.Tensor) -> torch.Tensor:
        return self.patch_embed(imgs * 2.0 - 1.0) + self.pos_embed

    # -- encoder ------------------------------------------------------------------------------------
    def encode_gather(self, imgs: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Encode only visible patches; every row must hide the same count. Returns (latent, ids_keep)."""
        x = self._tokens(imgs)
        n_keep = self.num_patches - int(mask[0].sum())
        ids_keep = torch.argsort(mask.to(torch.int8), dim=1, stable=True)[:, :n_keep]
        x = torch.gather(x, 1, ids_keep.unsqueeze(-1).expand(-1, -1, x.shape[-1]))
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1)
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x), ids_keep

    def encode_attend(self, imgs: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Encode all tokens with hidden ones excluded as attention keys; (B, 1+L, D)."""
        return self._encode_keyed(self._tokens(imgs), ~mask)

    def encode_compact(self, imgs: torch.Tensor, mask: torch.Tensor
                       ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Encode visible tokens only, for any mask per row (restoration and ONNX).

        Each row's visible tokens are packed first (in patch order) and the batch is cut to its largest
        visible count; a row's padding tokens are excluded as attention keys. The cut length comes from the
        mask at run time (also in the exported graph), so a 75 % mask costs a quarter of the ``attend`` path.
        Returns (latent (B, 1+K, D), packed patch ids (B, K), valid (B, K)).
        """
        x = self._tokens(imgs)
        ids, valid = self._compact_ids(mask)
        x = torch.gather(x, 1, ids.unsqueeze(-1).expand(-1, -1, x.shape[-1]))
        return self._encode_keyed(x, valid), ids, valid

    def encode_patches(self, patches: torch.Tensor, mask: torch.Tensor
                       ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """``encode_compact`` from pixel patches (B, L, p*p*3) in [0, 1] (``patchify``'s layout, as
        ``decoder_pred`` predicts them): only the packed patches are embedded (the patch-embedding
        convolution as one matrix product), a quarter of the work at 75 % hidden; hidden pixels never reach
        the encoder. Same returns as ``encode_compact``."""
        ids, valid = self._compact_ids(mask)
        x = torch.gather(patches, 1, ids.unsqueeze(-1).expand(-1, -1, patches.shape[-1]))
        conv = self.patch_embed.proj
        d = conv.weight.shape[0]
        x = F.linear(x * 2.0 - 1.0, conv.weight.permute(0, 2, 3, 1).reshape(d, -1), conv.bias)
        pos = torch.gather(self.pos_embed.expand(ids.shape[0], -1, -1), 1, ids.unsqueeze(-1).expand(-1, -1, d))
        return self._encode_keyed(self.patch_embed.norm(x) + pos, valid), ids, valid

    def _compact_ids(self, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Per row: patch ids with the visible ones first (patch order), cut to the batch's largest visible
        count (>= 1), and which of them are visible."""
        n = self.num_patches
        keep = ~mask
        # topk over a score instead of a stable argsort: the ONNX exporter has no stable sort.
        score = keep.to(torch.float32) * n + torch.arange(n, 0, -1, dtype=torch.float32, device=mask.device)
        order = torch.topk(score, n, dim=1).indices
        ids = order[:, : keep.sum(dim=1).max().clamp(min=1)]  # >= 1 token: zero-length attention fails
        return ids, torch.gather(keep, 1, ids)

    def _encode_keyed(self, x: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """Class token + encoder blocks over patch tokens (B, K, D); tokens where ``keys`` (B, K) is False
        are never attended to (attention bias -1e9)."""
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1)
        keys = torch.cat([torch.ones_like(keys[:, :1]), keys], dim=1)
        bias = torch.zeros(keys.shape, dtype=x.dtype, device=x.device).masked_fill(~keys, -1e9)[:, None, None, :]
        for blk in self.blocks:
            x = blk(x, attn_mask=bias)
        return self.norm(x)

    # -- decoder ------------------------------------------------------------------------------------
    def _decode_tokens(self, cls: torch.Tensor, patches: torch.Tensor, state: torch.Tensor | None) -> torch.Tensor:
        x = torch.cat([cls, patches + self.decoder_pos_embed], dim=1)
        if self.state_fusion is not None:
            if state is None:
                raise ValueError("this model was trained with a state vector; pass state")
            x = self.state_fusion(x, state)
        for blk in self.decoder_blocks:
            x = blk(x)
        return self.decoder_pred(self.decoder_norm(x))[:, 1:]

    def decode_gather(self, latent: torch.Tensor, ids_keep: torch.Tensor, state: torch.Tensor | None = None
                      ) -> torch.Tensor:
        return self.decode_compact(latent, ids_keep, None, state)

    def decode_compact(self, latent: torch.Tensor, ids: torch.Tensor, valid: torch.Tensor | None,
                       state: torch.Tensor | None = None) -> torch.Tensor:
        """Scatter encoded tokens back to their patches (mask token elsewhere and where ``valid`` is False)."""
        y = self.decoder_embed(latent)
        b, dd = y.shape[0], y.shape[-1]
        token = self.mask_token.to(y.dtype)
        packed = y[:, 1:] if valid is None else torch.where(valid.unsqueeze(-1), y[:, 1:], token)
        full = token.expand(b, self.num_patches, -1).scatter(1, ids.unsqueeze(-1).expand(-1, -1, dd), packed)
        return self._decode_tokens(y[:, :1], full, state)

    def decode_attend(self, latent: torch.Tensor, mask: torch.Tensor, state: torch.Tensor | None = None
                      ) -> torch.Tensor:
        y = self.decoder_embed(latent)
        patches = torch.where(mask.unsqueeze(-1), self.mask_token.to(y.dtype), y[:, 1:])
        return self._decode_tokens(y[:, :1], patches, state)

    def forward(self, imgs: torch.Tensor, mask: torch.Tensor, state: torch.Tensor | None = None,
                path: str = "auto") -> torch.Tensor:
        """Predicted patches (B, L, p*p*3) for images in [0, 1] and a (B, L) bool mask (True = hidden)."""
        if path == "compact":
            latent, ids, valid = self.encode_compact(imgs, mask)
            return self.decode_compact(latent, ids, valid, state)
        counts = mask.sum(dim=1)
        if path == "gather" or (path == "auto" and bool((counts == counts[0]).all())):
            latent, ids_keep = self.encode_gather(imgs, mask)
            return self.decode_gather(latent, ids_keep, state)
        return self.decode_attend(self.encode_attend(imgs, mask), mask, state)

    def forward_patches(self, patches: torch.Tensor, mask: torch.Tensor, state: torch.Tensor | None = None
                        ) -> torch.Tensor:
        """``forward(unpatchify(patches), mask, state, path="compact")`` with only visible patches embedded."""
        latent, ids, valid = self.encode_patches(patches, mask)
        return self.decode_compact(latent, ids, valid, state)

    def loss(self, imgs: torch.Tensor, pred: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean squared error on hidden patches only, in [0, 1] pixel units."""
        per_patch = ((pred.float() - self.patchify(imgs).float()) ** 2).mean(dim=-1)
        m = mask.float()
        return (per_patch * m).sum() / m.sum().clamp(min=1.0)


def _ln(dim: int) -> nn.LayerNorm:
    return nn.LayerNorm(dim, eps=1e-6)


_LN = partial(nn.LayerNorm, eps=1e-6)


def param_groups(model: nn.Module, weight_decay: float) -> list[dict]:
    """AdamW groups: no decay on biases, norms and tokens."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if p.ndim < 2 or name.endswith("token") else decay).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
