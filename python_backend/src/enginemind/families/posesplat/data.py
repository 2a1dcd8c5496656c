"""Reading the documented folder format and the prepared HDF5 files (steps 4 and 5 write them).

``images.h5`` (step 4) and ``train.h5`` (step 5) hold, at the training resolution:
  images  uint8 (T, C, H, W, 3), background set to white, chunks (1, C, H, W, 3)
  masks   uint8 (T, C, H, W) in {0, 1}, chunks (1, C, H, W)
  centers float64 (T, 3) world; rotations float64 (T, 3, 3) canonical -> world; angles float64 (T,)
attributes: cameras (JSON of the downsampled cameras), ell, up (3), downsample, frame_names (JSON).
images.h5 is gzip level 4 (archive); train.h5 is lzf (fast reads). Both are written to a temporary file
and renamed, so a failed run never leaves a half-written file behind.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from enginemind.errors import InvalidInput
from enginemind.families.posesplat.cameras import Camera, camera_from_json, load_cameras

_RGB = re.compile(r"rgb_(\d+)\.png$")


def frame_ids(data: Path, cams: list[Camera]) -> list[str]:
    """Frame numbers present for every camera; a camera missing one is an error that names both."""
    per_cam = {}
    for c in cams:
        d = data / c.name
        if not d.is_dir():
            raise InvalidInput(f"camera '{c.name}': folder {d} is missing")
        per_cam[c.name] = {m.group(1) for p in d.iterdir() if (m := _RGB.match(p.name))}
    union = sorted(set().union(*per_cam.values()))
    if not union:
        raise InvalidInput(f"{data}: no frames found (expected <cam>/rgb_0000.png + <cam>/mask_0000.png)")
    for c in cams:
        missing = [f for f in union if f not in per_cam[c.name]]
        missing += [f for f in union if f in per_cam[c.name] and not (data / c.name / f"mask_{f}.png").exists()]
        if missing:
            raise InvalidInput(f"camera '{c.name}' is missing frame {missing[0]} (rgb_{missing[0]}.png or "
                               f"mask_{missing[0]}.png); {len(missing)} missing in all")
    return union


def _downsample(a: np.ndarray, ds: int) -> np.ndarray:
    if ds == 1:
        return a.astype(np.float32)
    h, w = a.shape[0] // ds * ds, a.shape[1] // ds * ds
    a = a[:h, :w].astype(np.float32)
    return a.reshape(h // ds, ds, w // ds, ds, *a.shape[2:]).mean(axis=(1, 3))


def read_frame(data: Path, cam: Camera, fid: str, ds: int) -> tuple[np.ndarray, np.ndarray]:
    """One view: RGB uint8 (h, w, 3) with white background, mask uint8 (h, w) in {0, 1}; checked against cam."""
    with Image.open(data / cam.name / f"rgb_{fid}.png") as im:
        rgb = np.asarray(im.convert("RGB"))
    with Image.open(data / cam.name / f"mask_{fid}.png") as im:
        mask = np.asarray(im.convert("L"))
    return make_view(cam, fid, rgb, mask, ds)


def make_view(cam: Camera, fid: str, rgb: np.ndarray, mask: np.ndarray, ds: int) -> tuple[np.ndarray, np.ndarray]:
    """RGB (H, W, 3) + grey mask (H, W) at full size -> the downsampled view; sizes and emptiness checked."""
    for what, a in (("rgb", rgb), ("mask", mask)):
        if a.shape[:2] != (cam.height, cam.width):
            raise InvalidInput(f"camera '{cam.name}' frame {fid}: {what} is {a.shape[1]}x{a.shape[0]} but "
                               f"cameras.json says {cam.width}x{cam.height}")
    if not (mask >= 128).any():
        raise InvalidInput(f"camera '{cam.name}' frame {fid}: the mask is empty (no pixel >= 128)")
    m = _downsample((mask >= 128).astype(np.float32), ds) >= 0.5
    img = _downsample(rgb, ds)
    img[~m] = 255.0
    return np.round(img).astype(np.uint8), m.astype(np.uint8)


def read_folder(data: Path, ds: int) -> tuple[list[Camera], list[str], np.ndarray, np.ndarray]:
    """Validated cameras (downsampled), frame ids, images (T, C, h, w, 3) and masks (T, C, h, w)."""
    data = Path(data)
    cams = load_cameras(data / "cameras.json")
    from enginemind.families.posesplat.video import has_videos, read_videos

    if has_videos(data, cams):
        return read_videos(data, cams, ds)
    fids = frame_ids(data, cams)
    small = [c.scaled(ds) for c in cams]
    first = [read_frame(data, c, fids[0], ds) for c in cams]  # checks every camera's size against its images
    imgs = np.zeros((len(fids), len(cams), small[0].height, small[0].width, 3), np.uint8)
    masks = np.zeros(imgs.shape[:4], np.uint8)
    del first
    if len({(c.width, c.height) for c in cams}) != 1:
        raise InvalidInput("all cameras must have the same image size "
                           f"({', '.join(f'{c.name} {c.width}x{c.height}' for c in cams)})")
    for i, f in enumerate(fids):
        for j, c in enumerate(cams):
            imgs[i, j], masks[i, j] = read_frame(data, c, f, ds)
    return small, fids, imgs, masks


def write_h5(path: Path, arrays: dict[str, np.ndarray], attrs: dict, compression: str = "gzip") -> Path:
    """Write datasets with per-frame chunks atomically (temporary file, then rename)."""
    import h5py

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    try:
        with h5py.File(tmp, "w") as f:
            for k, a in arrays.items():
                big = a.ndim >= 4
                opts = {"chunks": (1, *a.shape[1:]), "compression": compression} if big else {}
                if big and compression == "gzip":
                    opts["compression_opts"] = 4
                f.create_dataset(k, data=a, **opts)
            for k, v in attrs.items():
                f.attrs[k] = v
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


@dataclass
class Prepared:
    """A prepared project file held in memory (the data sets are small at training resolution)."""

    images: np.ndarray
    masks: np.ndarray
    centers: np.ndarray
    rotations: np.ndarray
    cameras: list[Camera]
    ell: float
    up: np.ndarray
    frame_names: list[str]

    @property
    def camera_names(self) -> list[str]:
        return [c.name for c in self.cameras]

    def camera_index(self, name: str) -> int:
        try:
            return self.camera_names.index(name)
        except ValueError:
            raise InvalidInput(f"unknown camera '{name}'; cameras: {', '.join(self.camera_names)}") from None

    def split(self, val: float, test: float) -> dict[str, np.ndarray]:
        """Frame indices by time: first part train, middle validation, last test (as in the method)."""
        t = len(self.images)
        n_test, n_val = max(1, round(t * test)), max(1, round(t * val))
        if t - n_test - n_val < 1:
            raise InvalidInput(f"{t} frames are too few for a train/validation/test split")
        idx = np.arange(t)
        return {"train": idx[:t - n_val - n_test], "val": idx[t - n_val - n_test:t - n_test],
                "test": idx[t - n_test:]}

    def data_hash(self) -> str:
        import hashlib

        h = hashlib.sha256(self.images[:, :, ::4, ::4].tobytes())
        h.update(self.centers.tobytes())
        return h.hexdigest()[:16]


def load_prepared(path: Path) -> Prepared:
    """Read images.h5 / train.h5 written by the pipeline."""
    import h5py

    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"{path} does not exist; run `enginemind splat prepare` first")
    with h5py.File(path, "r") as f:
        missing = {"images", "masks", "centers", "rotations"} - set(f.keys())
        if missing:
            raise InvalidInput(f"{path} lacks {sorted(missing)}; was it written by `enginemind splat prepare`?")
        cams = [camera_from_json(d, i) for i, d in enumerate(json.loads(f.attrs["cameras"]))]
        return Prepared(f["images"][:], f["masks"][:], f["centers"][:], f["rotations"][:], cams,
                        float(f.attrs["ell"]), np.asarray(f.attrs["up"]), json.loads(f.attrs["frame_names"]))
