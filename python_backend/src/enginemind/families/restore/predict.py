"""Restore frames: given frames and masks (True = restore this pixel), return frames with hidden pixels
predicted and visible pixels kept exactly. One graph (``RestoreGraph``) serves PyTorch and ONNX."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from enginemind.config import from_dict, to_dict
from enginemind.errors import InvalidInput, NotFound
from enginemind.families.restore.config import NATIVE_HW, ModelConfig
from enginemind.families.restore.model import MAE
from enginemind.families.restore.state import STATE_DIM, STATE_FEATURES
from enginemind.families.restore.temporal import fill_from_references
from enginemind.families.restore.tilelm import TileClassifier
from enginemind.families.restore.tiles import TileBank, snap_frames

WEIGHTS, META, TILES = "model.safetensors", "model.json", "tiles.npz"
SNAP_DISTANCE = 96.0
"""Default largest RGB distance at which a restored pixel is snapped to a visible colour. Chosen on the
validation split (``tools/bench/restore.py --snap-sweep``) for the default 30-minute model: the summed mean
per-frame masked PSNR over 75 % patch and 64x96 block masks rises up to 96-128 (within 0.15 dB there) and
larger distances cost more on patch masks."""


class RestoreGraph(nn.Module):
    """uint8 frames (B, H, W, 3) + uint8 mask (B, H, W) [+ state] -> (restored uint8, prediction float 0..1).

    The mask is a graph input (never sampled inside); a patch with any hidden pixel is predicted whole, then
    only hidden pixels are replaced, so visible pixels come back bit-exact. Everything stays channels-last
    (patches are cut from and put back into (B, H, W, 3) by one cheap transpose each): onnxruntime's general
    6-D transposes of the channels-first layout and its broadcasting ``Where`` cost 10-15 % of a frame.
    """

    def __init__(self, model: MAE) -> None:
        super().__init__()
        self.model = model

    def forward(self, frames: torch.Tensor, mask: torch.Tensor, state: torch.Tensor | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
        p, (gh, gw), b = self.model.cfg.patch_size, self.model.grid, frames.shape[0]
        pix = (mask > 0).to(torch.float32)
        patch_mask = F.max_pool2d(pix.unsqueeze(1), p).flatten(1) > 0.5
        patches = frames.reshape(b, gh, p, gw, p, 3).permute(0, 1, 3, 2, 4, 5).reshape(b, gh * gw, p * p * 3)
        pred = self.model.forward_patches(patches.to(torch.float32) / 255.0, patch_mask, state)
        pred_img = pred.reshape(b, gh, gw, p, p, 3).permute(0, 1, 3, 2, 4, 5).reshape(b, gh * p, gw * p, 3)
        pred_img = pred_img.clamp(0.0, 1.0)
        # hidden ? round(prediction) : frame, as exact float arithmetic on integers (a broadcast Where over
        # the RGB axis is the slowest op of this graph in both runtimes)
        orig, new = frames.to(torch.float32), torch.round(pred_img * 255.0)
        if torch.onnx.is_in_onnx_export():  # onnxruntime broadcasts a last axis of 1 slowly: widen the mask
            restored = orig + (new - orig) * (pix.unsqueeze(-1) @ torch.ones(1, 3, device=pix.device))
        else:  # eager: in place, broadcasting
            restored = orig.add_(new.sub_(orig).mul_(pix.unsqueeze(-1)))
        return restored.to(torch.uint8), pred_img


def write_weights_and_meta(module: torch.nn.Module, folder: Path, weights_name: str, meta_name: str,
                           meta: dict[str, Any], indent: int | None = None) -> dict[str, Path]:
    """Write ``module``'s weights (safetensors) and its JSON description; returns artifact name -> path."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: v.detach().contiguous().cpu() for k, v in module.state_dict().items()}, str(folder / weights_name))
    (folder / meta_name).write_text(json.dumps(meta, indent=indent), encoding="utf-8")
    return {weights_name: folder / weights_name, meta_name: folder / meta_name}


def find_weights_and_meta(weights: str | Path, meta: str | Path | None, weights_name: str,
                          meta_name: str) -> tuple[Path, Path]:
    """(weights, meta) paths: ``weights`` may be the folder holding both; ``meta`` defaults to its sibling."""
    weights = Path(weights)
    if weights.is_dir():
        weights, meta = weights / weights_name, weights / meta_name
    return weights, Path(meta) if meta else weights.with_name(meta_name)


def save_model(model: MAE, folder: Path, extra: dict[str, Any] | None = None) -> dict[str, Path]:
    """Write weights (safetensors) and the model description (JSON); returns artifact name -> path."""
    meta = {"family": "restore", "format": 1, "model": to_dict(model.cfg),
            "state_features": list(STATE_FEATURES) if model.cfg.state_dim else [], **(extra or {})}
    return write_weights_and_meta(model, folder, WEIGHTS, META, meta, indent=2)


def load_model(weights: str | Path, meta: str | Path | None = None) -> MAE:
    """Load a model saved by ``save_model`` (``weights`` may be the folder holding both files)."""
    from safetensors.torch import load_file

    weights, meta = find_weights_and_meta(weights, meta, WEIGHTS, META)
    if not weights.exists() or not meta.exists():
        raise NotFound(f"restore model files not found ({weights}, {meta}); train one with "
                       "`enginemind jobs submit restore` or pass the folder holding model.safetensors")
    info = json.loads(meta.read_text(encoding="utf-8"))
    model = MAE(from_dict(ModelConfig, info["model"]))
    model.load_state_dict(load_file(str(weights)))
    return model.eval()


def load_model_config(meta: str | Path) -> ModelConfig:
    """The ModelConfig recorded in a model.json."""
    return from_dict(ModelConfig, json.loads(Path(meta).read_text(encoding="utf-8"))["model"])


def check_inputs(frames: np.ndarray, masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Validate and normalise to (B, 240, 256, 3) uint8 frames and (B, 240, 256) bool masks."""
    frames, masks = np.asarray(frames), np.asarray(masks)
    if frames.ndim == 3:
        frames = frames[None]
    if masks.ndim == 2:
        masks = masks[None]
    if frames.dtype != np.uint8 or frames.ndim != 4 or frames.shape[1:] != (*NATIVE_HW, 3):
        raise InvalidInput(f"frames must be uint8 of shape (N, 240, 256, 3), got {frames.dtype} {frames.shape}")
    if masks.shape != frames.shape[:3]:
        raise InvalidInput(f"masks must be (N, 240, 256) matching the frames, got {masks.shape}")
    return frames, masks.astype(bool)


def snap_to_palette(restored: np.ndarray, frames: np.ndarray, masks: np.ndarray, max_colors: int = 64,
                    max_distance: float = SNAP_DISTANCE) -> np.ndarray:
    """Replace restored pixels by the nearest colour among the frame's visible pixels when it is close.

    NES frames show at most 25 colours; snapping removes the low-amplitude noise a young model leaves in
    flat regions. Pixels farther than ``max_distance`` (RGB Euclidean, 0..255 units) from every visible colour
    keep the model's value (there the model hedges between colours, and the average is the better guess).
    Frames with more than ``max_colors`` visible colours (not NES-like) are left as they are.
    """
    out = restored.copy()
    for i in range(len(frames)):
        vis, hid = ~masks[i], masks[i]
        if not vis.any() or not hid.any():
            continue
        palette = _unpack_rgb(np.unique(_pack_rgb(frames[i][vis])))
        if len(palette) > max_colors:
            continue
        # distances per distinct restored colour, not per pixel: a frame has ~10^3 of them, not ~10^5 pixels
        colours, inverse = np.unique(_pack_rgb(restored[i][hid]), return_inverse=True)
        cand = _unpack_rgb(colours)
        dist = ((cand[:, None, :] - palette[None]) ** 2).sum(-1)
        idx = dist.argmin(1)
        near = dist[np.arange(len(idx)), idx] <= max_distance ** 2
        out[i][hid] = np.where(near[:, None], palette[idx], cand).astype(np.uint8)[inverse.reshape(-1)]
    return out


def _pack_rgb(pixels: np.ndarray) -> np.ndarray:
    """(n, 3) uint8 -> (n,) int32 keys r<<16 | g<<8 | b (1-D unique is far faster than unique over rows)."""
    p = pixels.astype(np.int32)
    return (p[:, 0] << 16) | (p[:, 1] << 8) | p[:, 2]


def _unpack_rgb(keys: np.ndarray) -> np.ndarray:
    """(n,) int32 keys -> (n, 3) int32 colours."""
    return np.stack([(keys >> 16) & 255, (keys >> 8) & 255, keys & 255], axis=1)


MASK_KINDS = ("patch", "block")
"""Mask kinds the palette-snap decision is made for (measured on validation frames, kept in model.json)."""


def mask_kind(mask: np.ndarray) -> str:
    """'block' when the hidden pixels fill >= 90 % of their bounding box (one rectangle), else 'patch'."""
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        return "patch"
    box = (ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)
    return "block" if ys.size >= 0.9 * box else "patch"


def load_snap(meta: str | Path) -> dict[str, bool]:
    """The per-mask-kind palette-snap decision recorded in a model.json (empty: snap every kind)."""
    info = json.loads(Path(meta).read_text(encoding="utf-8")).get("palette_snap", {})
    return {k: bool(v) for k, v in info.items() if k in MASK_KINDS} if isinstance(info, dict) else {}


class Restorer:
    """Batch restoration with a PyTorch model or an onnxruntime session (same pre/post-processing)."""

    def __init__(self, model: MAE | None = None, session: Any = None, model_cfg: ModelConfig | None = None,
                 device: str = "cpu", snap: dict[str, bool] | None = None, tile_bank: TileBank | None = None,
                 classifier: TileClassifier | None = None) -> None:
        if (model is None) == (session is None):
            raise ValueError("give exactly one of model or session")
        self.device = torch.device(device)
        self.graph = RestoreGraph(model).to(self.device).eval() if model is not None else None
        self.session = session
        self.cfg = model.cfg if model is not None else model_cfg
        self.snap = dict(snap or {})
        assert self.cfg is not None
        self.tile_bank = tile_bank
        """Tiles of training frames for tile snapping (``tiles.npz`` next to the model when present)."""
        self.classifier = classifier
        """Tile classifier for hidden cells (``tilelm.safetensors`` next to the model when present)."""

    @classmethod
    def from_files(cls, path: str | Path, device: str = "cpu") -> Restorer:
        weights, meta = find_weights_and_meta(path, None, WEIGHTS, META)
        tiles = weights.with_name(TILES)
        return cls(model=load_model(weights, meta), device=device, snap=load_snap(meta),
                   tile_bank=TileBank.load(tiles) if tiles.exists() else None,
                   classifier=TileClassifier.load(weights.parent))

    @property
    def needs_state(self) -> bool:
        return self.cfg.state_dim > 0

    def _run(self, frames: np.ndarray, mask: np.ndarray, state: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if self.session is not None:
            feeds = {"frames": frames, "mask": mask.astype(np.uint8)}
            if self.needs_state:
                feeds["state"] = state.astype(np.float32)
            restored, pred = self.session.run(None, feeds)
            return restored, pred
        assert self.graph is not None
        with torch.inference_mode():
            st = torch.from_numpy(state).to(self.device) if self.needs_state else None
            restored, pred = self.graph(torch.from_numpy(frames).to(self.device),
                                        torch.from_numpy(mask.astype(np.uint8)).to(self.device), st)
        return restored.cpu().numpy(), pred.float().cpu().numpy()

    def restore(self, frames: np.ndarray, masks: np.ndarray, states: np.ndarray | None = None,
                batch_size: int = 32, palette_snap: bool | None = None, references: np.ndarray | None = None,
                reference_masks: np.ndarray | None = None, tile_snap: bool = True, tile_classifier: bool = True
                ) -> np.ndarray:
        """Restored frames (N, 240, 256, 3) uint8; pixels where ``masks`` is False are returned unchanged.

        ``palette_snap``: snap restored pixels to the visible colours of the frame (see ``snap_to_palette``);
        None: per frame, as measured for its mask kind (``mask_kind``, ``self.snap``; snap when unmeasured).
        ``references``: optional neighbouring frames (one per frame, e.g. the previous frame of the video),
        shifted by the scroll to fill hidden pixels first (``temporal.reference_fill``); ``reference_masks``
        marks their own unknown pixels. ``tile_snap``: replace hidden pixels of 8x8 tiles that the visible
        pixels identify among known tiles (``tiles.snap_tiles``; bank: ``tile_bank`` + the frame + references).
        ``tile_classifier``: with a ``classifier``, hidden cells whose tile it predicts with at least the
        threshold of the mask kind take that tile (before tile snapping).
        """
        frames, masks = check_inputs(frames, masks)
        if references is not None:
            frames, masks = fill_from_references(frames, masks, references, reference_masks)
        out = self._restore_model(frames, masks, states, batch_size, references)
        if palette_snap is None:
            which = np.array([self.snap.get(mask_kind(m), True) for m in masks], dtype=bool)
            if which.any():
                out[which] = snap_to_palette(out[which], frames[which], masks[which])
        elif palette_snap:
            out = snap_to_palette(out, frames, masks)
        if tile_classifier and self.classifier is not None:
            for i in np.flatnonzero(masks.reshape(len(masks), -1).any(1)):
                t = self.classifier.thresholds.get(mask_kind(masks[i]), 1.01)
                out[i] = self.classifier.fill(frames[i], masks[i], out[i], t)[0]
        if tile_snap:
            out = snap_frames(frames, masks, out, self.tile_bank, references, reference_masks)
        return out

    def _restore_model(self, frames: np.ndarray, masks: np.ndarray, states: np.ndarray | None,
                       batch_size: int, references: np.ndarray | None = None) -> np.ndarray:
        if self.needs_state:
            if states is None:
                states = np.zeros((len(frames), STATE_DIM), dtype=np.float32)
            states = np.asarray(states, dtype=np.float32).reshape(len(frames), -1)
            if states.shape[1] != self.cfg.state_dim:
                raise InvalidInput(f"state vectors must have {self.cfg.state_dim} values, got {states.shape[1]}")
        out = frames.copy()
        todo = np.flatnonzero(masks.reshape(len(masks), -1).any(1))
        if references is not None and len(todo) < len(frames):  # frames the reference filled need no network
            if len(todo):
                st = states[todo] if states is not None and self.needs_state else None
                out[todo] = self._restore_model(frames[todo], masks[todo], st, batch_size, None)
            return out
        for i in range(0, len(frames), batch_size):
            f, m = frames[i:i + batch_size], masks[i:i + batch_size]
            s = states[i:i + batch_size] if states is not None and self.needs_state else None
            if self.cfg.input_size == "native":
                out[i:i + batch_size] = self._run(np.ascontiguousarray(f), m, s)[0]
            else:
                out[i:i + batch_size] = self._restore_resized(f, m, s)
        return out

    def _restore_resized(self, f: np.ndarray, m: np.ndarray, s: np.ndarray | None) -> np.ndarray:
        """224 models: nearest-resize in, predict, nearest-resize back, keep original visible pixels."""
        h, w = self.cfg.image_hw
        small = np.stack([cv2.resize(x, (w, h), interpolation=cv2.INTER_NEAREST) for x in f])
        small_m = np.stack([cv2.resize(x.astype(np.float32), (w, h), interpolation=cv2.INTER_AREA) > 0 for x in m])
        _, pred = self._run(small, small_m, s)
        big = np.stack([cv2.resize(x, (NATIVE_HW[1], NATIVE_HW[0]), interpolation=cv2.INTER_NEAREST) for x in pred])
        big = np.round(np.clip(big, 0, 1) * 255).astype(np.uint8)
        return np.where(m[..., None], big, f)
