"""Frame datasets: the on-disk folder format, its reader, splits by episode, and the synthetic source.

Folder format (see docs/restore.md)::

    <root>/dataset.json              optional {"format": "enginemind-frames/1", "source": ..., "fps": 60}
    <root>/<episode>/<frame>.png     256x240 frames, RGB or indexed (one sub-folder per episode)
    <root>/<episode>/frames.jsonl    optional, one JSON object per frame: {"file", "frame", "action", "level", "ram"}
    <root>/<episode>/<frame>.json    optional per-frame sidecar (same keys; wins over frames.jsonl)

``ram`` is the 2048-byte NES RAM, base64. PNGs of the public SMB dataset, which carry RAM and buttons as
chunks after IEND, are read too. Splits are made by episode, never by frame.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from enginemind.errors import InvalidInput, NotFound
from enginemind.families.restore.config import NATIVE_HW, DataConfig
from enginemind.families.restore.state import state_features

FORMAT = "enginemind-frames/1"


@dataclass
class FrameRecord:
    """One frame of a dataset: where its pixels are and what is known about it."""

    episode: str
    index: int
    path: Path | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _trailing_chunks(data: bytes) -> dict[str, bytes]:
    """tEXt chunks stored after IEND (the SMB dataset's RAM / BP1 / OUTCOME), key -> raw value."""
    end = data.find(b"IEND")
    out: dict[str, bytes] = {}
    if end < 0:
        return out
    pos = end + 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctype, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if ctype == b"tEXt" and b"\x00" in body:
            key, _, value = body.partition(b"\x00")
            out[key.decode("latin-1")] = value
        pos += 12 + length
    return out


def read_png(path: Path) -> tuple[np.ndarray, dict[str, Any]]:
    """RGB uint8 (240, 256, 3) pixels of a frame and any metadata chunks it carries after IEND."""
    try:
        data = path.read_bytes()
        with Image.open(path) as im:
            rgb = np.asarray(im.convert("RGB"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read frame {path}: {exc}") from exc
    if rgb.shape[:2] != NATIVE_HW:
        raise InvalidInput(f"frame {path} is {rgb.shape[1]}x{rgb.shape[0]}; restore datasets hold 256x240 frames")
    meta: dict[str, Any] = {}
    chunks = _trailing_chunks(data) if data.rfind(b"IEND") < len(data) - 8 else {}
    if "RAM" in chunks:
        meta["ram"] = chunks["RAM"]
    if "BP1" in chunks and chunks["BP1"]:
        meta["action"] = chunks["BP1"][0]
    return rgb, meta


RAM_BYTES = 2048
_HEX = frozenset("0123456789abcdefABCDEF")


def decode_ram(value: Any) -> bytes | None:
    """The 2048-byte RAM of a sidecar: base64 or hex strings (told apart by length and alphabet), a list of
    ints, or raw bytes. Anything that does not give 2048 bytes is refused (never decoded into wrong bytes)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    if isinstance(value, list):
        out = bytes(int(v) & 0xFF for v in value)
    elif isinstance(value, str):
        text = value.strip()
        if len(text) == 2 * RAM_BYTES and set(text) <= _HEX:  # 4096 hex digits (as base64: 3072 bytes)
            return bytes.fromhex(text)
        try:
            out = base64.b64decode(text, validate=True)
        except ValueError:
            out = b""
    else:
        raise InvalidInput(f"sidecar 'ram' must be a base64 or hex string or a list of ints, not {type(value)}")
    if len(out) != RAM_BYTES:
        raise InvalidInput(f"sidecar 'ram' ({len(value)} chars) is not the {RAM_BYTES}-byte NES RAM as base64 "
                           f"({4 * RAM_BYTES // 3 + 1} chars) or hex ({2 * RAM_BYTES} chars)")
    return out


def level_key(meta: dict[str, Any]) -> str:
    """"1-1" for SMB1 frames, "<game>:1-1" for other games, "" when the frame names no level."""
    level = str(meta.get("level", ""))
    game = str(meta.get("game", "smb"))
    return level if not level or game in ("", "smb") else f"{game}:{level}"


def _in_levels(key: str, levels: Sequence[str]) -> bool:
    """A level key matches "6-1" exactly or a whole world "6" (also "lost:6")."""
    return key in levels or key.rpartition("-")[0] in levels


def scan_folder(root: str | Path) -> list[FrameRecord]:
    """All frames of a dataset folder, ordered by episode then frame number."""
    root = Path(root)
    if not root.is_dir():
        raise NotFound(f"dataset folder {root} does not exist; make one with `enginemind restore capture` "
                       "or `enginemind restore synth`")
    dirs = sorted(p for p in root.iterdir() if p.is_dir())
    if any(root.glob("*.png")):
        dirs.insert(0, root)
    records: list[FrameRecord] = []
    for d in dirs:
        episode = "." if d == root else d.name
        sidecar: dict[str, dict[str, Any]] = {}
        jsonl = d / "frames.jsonl"
        if jsonl.exists():
            for n, line in enumerate(jsonl.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise InvalidInput(f"{jsonl}:{n} is not valid JSON: {exc}") from exc
                    sidecar[str(row.get("file", ""))] = row
        for i, png in enumerate(sorted(d.glob("*.png"))):
            meta = dict(sidecar.get(png.name, {}))
            per_frame = png.with_suffix(".json")
            if per_frame.exists():
                meta.update(json.loads(per_frame.read_text(encoding="utf-8")))
            records.append(FrameRecord(episode, int(meta.get("frame", i)), png, meta))
    if not records:
        raise InvalidInput(f"no PNG frames under {root}: expected <root>/<episode>/*.png")
    return records


def split_episodes(episodes: Sequence[str], val_fraction: float, test_fraction: float) -> dict[str, list[str]]:
    """Deterministic split by episode name hash: {'train', 'val', 'test'} -> episode names."""
    order = sorted(set(episodes), key=lambda e: hashlib.sha1(e.encode()).hexdigest())
    n = len(order)
    n_test = max(1, round(n * test_fraction)) if test_fraction > 0 else 0
    n_val = max(1, round(n * val_fraction)) if val_fraction > 0 else 0
    if n - n_test - n_val < 1:
        raise InvalidInput(f"{n} episode(s) cannot be split into train/val/test; record more episodes "
                           "(splits are by episode so that near-duplicate frames never leak)")
    return {"test": order[:n_test], "val": order[n_test:n_test + n_val], "train": order[n_test + n_val:]}


class FrameSource:
    """Random access to frames (uint8 240x256x3), state vectors and metadata of one split."""

    def __init__(self, records: list[FrameRecord], synthetic: tuple[int, int] | None = None) -> None:
        self.records = records
        self._synthetic = synthetic  # (seed, frames per episode) when frames are generated

    def __len__(self) -> int:
        return len(self.records)

    @property
    def episodes(self) -> list[str]:
        return sorted({r.episode for r in self.records})

    def load(self, i: int) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
        """(frame, state vector, metadata) of record ``i``."""
        rec = self.records[i]
        if self._synthetic is not None:
            from enginemind.families.restore.synth import make_level, render_frame

            seed, frames = self._synthetic
            img, ram, meta = render_frame(make_level(seed, int(rec.episode.split("_")[-1]), frames), rec.index)
            return img, state_features(ram), meta
        assert rec.path is not None
        img, chunk_meta = read_png(rec.path)
        meta = {**chunk_meta, **rec.meta}
        return img, state_features(decode_ram(meta.get("ram"))), meta

    def batch(self, idx: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Frames (B, 240, 256, 3) uint8 and states (B, STATE_DIM) float32."""
        items = [self.load(int(i)) for i in idx]
        return np.stack([a for a, _, _ in items]), np.stack([s for _, s, _ in items])

    def spread(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """``batch`` of n frames evenly spaced over the split (all of them when it has fewer): the fixed
        evaluation frames of validation, ``restore eval`` and the benchmarks."""
        return self.batch(np.linspace(0, len(self) - 1, num=min(n, len(self))).round().astype(int))

    def data_hash(self) -> str:
        digest = hashlib.sha256()
        for r in self.records:
            size = r.path.stat().st_size if r.path is not None else 0
            digest.update(f"{r.episode}/{r.index}/{size}|".encode())
        digest.update(repr(self._synthetic).encode())
        return digest.hexdigest()[:16]


def load_splits(cfg: DataConfig) -> dict[str, FrameSource]:
    """Train/val/test frame sources for a data config (splits by episode)."""
    if cfg.source == "synthetic":
        n, f = cfg.synthetic_episodes, cfg.synthetic_frames_per_episode
        records = [FrameRecord(f"synth_{e}", i) for e in range(n) for i in range(0, f, cfg.frame_stride)]
        synthetic: tuple[int, int] | None = (cfg.synthetic_seed, f)
    else:
        records = [r for r in scan_folder(cfg.path)]
        synthetic = None
        if cfg.frame_stride > 1:
            records = [r for k, r in enumerate(records) if k % cfg.frame_stride == 0]
    if cfg.split == "level":
        return _split_levels(records, cfg, synthetic)
    parts = split_episodes([r.episode for r in records], cfg.val_fraction, cfg.test_fraction)
    return {name: FrameSource([r for r in records if r.episode in set(eps)], synthetic)
            for name, eps in parts.items()}


def _split_levels(records: list[FrameRecord], cfg: DataConfig, synthetic) -> dict[str, FrameSource]:
    """Hold out whole levels: a record's level comes from its sidecar ("level", "game")."""
    if synthetic is not None:
        raise InvalidInput("split 'level' needs a folder of captured frames (synthetic frames have no levels)")
    parts: dict[str, list[FrameRecord]] = {"train": [], "val": [], "test": []}
    for r in records:
        key = level_key(r.meta)
        if not key:
            raise InvalidInput(f"frame {r.path} has no 'level' in its sidecar; split 'level' needs one per frame")
        name = "test" if _in_levels(key, cfg.test_levels) else "val" if _in_levels(key, cfg.val_levels) else "train"
        parts[name].append(r)
    for name, part in parts.items():
        if not part:
            raise InvalidInput(f"split 'level' left no {name} frames (test_levels {cfg.test_levels}, val_levels "
                               f"{cfg.val_levels}); levels in the data: {sorted({level_key(r.meta) for r in records})}")
    return {name: FrameSource(part, synthetic) for name, part in parts.items()}


def levels_of(source: FrameSource) -> list[str]:
    """Sorted level keys of a split (for model.json and reports)."""
    return sorted({level_key(r.meta) for r in source.records} - {""})


def write_frame(folder: Path, index: int, img: np.ndarray, ram: bytes | None, meta: dict[str, Any],
                jsonl) -> None:
    """Write one frame PNG and its sidecar line (used by the capture tool and the synthetic writer)."""
    name = f"{index:06d}.png"
    Image.fromarray(img).save(folder / name, optimize=False, compress_level=6)
    row = {"file": name, "frame": index, **meta}
    if ram is not None:
        row["ram"] = base64.b64encode(ram).decode("ascii")
    jsonl.write(json.dumps(row) + "\n")


def write_synthetic_dataset(root: str | Path, episodes: int, frames: int, seed: int = 0) -> Path:
    """Write synthetic episodes in the folder format (for tests, demos and benchmarks)."""
    from enginemind.families.restore.synth import episode_frames

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "dataset.json").write_text(json.dumps({"format": FORMAT, "source": f"synthetic seed={seed}",
                                                   "fps": 60}), encoding="utf-8")
    for e in range(episodes):
        folder = root / f"synth_{e}"
        folder.mkdir(exist_ok=True)
        with open(folder / "frames.jsonl", "w", encoding="utf-8") as jsonl:
            for i, (img, ram, meta) in enumerate(episode_frames(seed, e, frames)):
                write_frame(folder, i, img, ram, meta, jsonl)
    return root
