"""Data pipeline steps 1-5: up direction, centre + heading, volume bounds, images.h5, training copy."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from enginemind.errors import InvalidInput
from enginemind.families.posesplat.cameras import Camera, estimate_up, up_rotation
from enginemind.families.posesplat.carve import CameraSet, carve, grid_points
from enginemind.families.posesplat.data import read_folder, write_h5

Log = Callable[[str], None]


def _ray(cam: Camera, uv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = cam.R.T @ np.linalg.inv(cam.K) @ np.array([uv[0], uv[1], 1.0])
    return cam.center, d / np.linalg.norm(d)


def triangulate_centroid(masks: np.ndarray, cams: list[Camera]) -> np.ndarray:
    """Least-squares point nearest to the rays through each view's mask centroid."""
    A, b = np.zeros((3, 3)), np.zeros(3)
    for m, c in zip(masks, cams, strict=True):
        ys, xs = np.nonzero(m)
        o, d = _ray(c, np.array([xs.mean(), ys.mean()]))
        P = np.eye(3) - np.outer(d, d)
        A, b = A + P, b + P @ o
    return np.linalg.solve(A, b)


def tracking_size(masks: np.ndarray, cams: list[Camera], center: np.ndarray) -> float:
    """World size of the animal from its largest mask extent and depth (the side of the tracking cube)."""
    sizes = []
    for m, c in zip(masks, cams, strict=True):
        ys, xs = np.nonzero(m)
        z = (c.R @ center + c.t)[2]
        sizes.append(max(np.ptp(xs), np.ptp(ys)) * z / c.K[0, 0])
    return float(max(sizes)) * 1.6


def rotation_about_up(U: np.ndarray, angle: float) -> np.ndarray:
    """Canonical -> world rotation: heading ``angle`` about up, then back from the up-aligned frame."""
    c, s = np.cos(angle), np.sin(angle)
    return U.T @ np.array([[c, -s, 0], [s, c, 0], [0, 0, 1.0]])


def track(masks: np.ndarray, cams: list[Camera], up: np.ndarray, grid: int = 32, log: Log | None = None
          ) -> dict[str, np.ndarray]:
    """Step 2: per-frame centre (T, 3), heading angle (T,) and occupancy covariance from carved masks.

    The heading is the largest horizontal principal axis; its sign follows the previous frame, and on the
    first frame points to the side with more mass (head and body outweigh the tail).
    """
    U = up_rotation(up)
    cs = CameraSet(cams)
    ones = torch.ones(masks.shape[1], masks.shape[2], masks.shape[3], 3)
    centers, angles, covs = [], [], []
    prev = None
    for i, m in enumerate(masks):
        c0 = triangulate_centroid(m, cams)
        ell = tracking_size(m, cams, c0)
        vol = carve(ones, torch.from_numpy(m), cs, torch.tensor(U.T, dtype=torch.float32),
                    torch.tensor(c0, dtype=torch.float32), ell, grid)
        occ = vol[0].reshape(-1).numpy() >= 0.5
        if occ.sum() < 4:
            raise InvalidInput(f"frame {i}: the masks of the cameras do not agree on any 3D point "
                               "(check the calibration and the masks)")

        pts = grid_points(ell, grid).numpy()[occ]  # up-aligned frame, centred at c0
        mean = pts.mean(0)
        cov = np.cov((pts - mean).T)
        w, v = np.linalg.eigh(cov[:2, :2])
        axis = v[:, -1]
        if prev is None:
            skew = (((pts[:, :2] - mean[:2]) @ axis) ** 3).mean()
            axis = axis if skew < 0 else -axis  # the long thin tail makes the tail side skewed
        elif axis @ prev < 0:
            axis = -axis
        prev = axis
        centers.append(c0 + U.T @ mean)
        angles.append(np.arctan2(axis[1], axis[0]))
        covs.append(U.T @ cov @ U)
        if log and (i % 20 == 0 or i == len(masks) - 1):
            log(f"track: frame {i + 1}/{len(masks)}")
    return {"centers": np.array(centers), "angles": np.unwrap(np.array(angles)), "covs": np.array(covs)}


def volume_bounds(masks: np.ndarray, cams: list[Camera], up: np.ndarray, tracks: dict[str, np.ndarray],
                  grid: int = 32, max_frames: int = 40) -> dict[str, float]:
    """Step 3: side ``ell`` of the canonical cube that holds the carved animal in all sampled frames (+15 %)."""
    U = up_rotation(up)
    cs = CameraSet(cams)
    ones = torch.ones(masks.shape[1], masks.shape[2], masks.shape[3], 3)

    extent = np.zeros(3)
    for i in np.linspace(0, len(masks) - 1, min(max_frames, len(masks))).astype(int):
        big = 2.5 * tracking_size(masks[i], cams, tracks["centers"][i])
        rot = rotation_about_up(U, tracks["angles"][i])
        vol = carve(ones, torch.from_numpy(masks[i]), cs, torch.tensor(rot, dtype=torch.float32),
                    torch.tensor(tracks["centers"][i], dtype=torch.float32), big, grid)
        pts = grid_points(big, grid).numpy()[vol[0].reshape(-1).numpy() >= 0.5]
        if len(pts):
            extent = np.maximum(extent, np.abs(pts).max(0) + big / grid)
    ell = float(2 * extent.max() * 1.15)
    return {"ell": ell, "extent_x": float(extent[0]), "extent_y": float(extent[1]), "extent_z": float(extent[2])}


def prepare(data: Path, project: Path, ds: int = 2, ell: float = 0.0, log: Log | None = None) -> dict[str, Path]:
    """Run steps 1-5 from a data folder into ``project``; returns the written files."""
    log = log or (lambda s: None)
    project = Path(project)
    project.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    cams, fids, images, masks = read_folder(Path(data), ds)
    log(f"read {len(fids)} frames x {len(cams)} cameras at {cams[0].width}x{cams[0].height} "
        f"({time.monotonic() - t0:.1f}s)")
    up = estimate_up(cams)
    (project / "up.json").write_text(json.dumps({"up": up.tolist(), "method": "camera ring normal"}))
    tracks = track(masks, cams, up, log=log)
    np.savez(project / "center_rotation.npz", **tracks)
    bounds = volume_bounds(masks, cams, up, tracks)
    if ell > 0:
        bounds["ell"] = ell
    (project / "bounds.json").write_text(json.dumps(bounds, indent=1))
    log(f"up {np.round(up, 3).tolist()}, volume side ell={bounds['ell']:.4f}")
    U = up_rotation(up)
    rots = np.stack([rotation_about_up(U, a) for a in tracks["angles"]])
    arrays = {"images": images, "masks": masks, "centers": tracks["centers"], "rotations": rots,
              "angles": tracks["angles"]}
    attrs = {"cameras": json.dumps([c.to_json() for c in cams]), "ell": bounds["ell"], "up": up, "downsample": ds,
             "frame_names": json.dumps(fids)}
    h5 = write_h5(project / "images.h5", arrays, attrs, "gzip")
    train = training_copy(h5, project / "train.h5")
    log(f"wrote {h5.name} ({h5.stat().st_size / 1e6:.1f} MB) and {train.name} in {time.monotonic() - t0:.1f}s")
    return {"images": h5, "train": train, "bounds": project / "bounds.json", "tracks": project / "center_rotation.npz"}


def training_copy(src: Path, dst: Path) -> Path:
    """Step 5: the same data sets re-chunked per frame with lzf (fast to read) instead of gzip."""
    import h5py

    with h5py.File(src, "r") as f:
        arrays = {k: f[k][:] for k in f}
        attrs = dict(f.attrs)
    return write_h5(dst, arrays, attrs, "lzf")
