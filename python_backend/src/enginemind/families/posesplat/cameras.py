"""Calibrated cameras (OpenCV convention x_cam = R·X + t, pixel = K·x_cam / z) and the up direction (step 1)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from enginemind.errors import InvalidInput


@dataclass
class Camera:
    """One pinhole camera; ``dist`` (OpenCV k1 k2 p1 p2 [k3]) is kept but images are assumed undistorted."""

    name: str
    K: np.ndarray
    R: np.ndarray
    t: np.ndarray
    width: int
    height: int
    dist: list[float] | None = None

    @property
    def center(self) -> np.ndarray:
        """Camera centre in world coordinates (-Rᵀt)."""
        return -self.R.T @ self.t

    def scaled(self, ds: int) -> Camera:
        """The same camera for images downsampled by ``ds`` (pixel centres stay consistent)."""
        K = self.K.copy()
        K[:2, :2] /= ds
        K[:2, 2] = (K[:2, 2] + 0.5) / ds - 0.5
        return Camera(self.name, K, self.R, self.t, self.width // ds, self.height // ds, self.dist)

    def project(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """World points (N, 3) -> pixel coordinates (N, 2) and depth (N,)."""
        xc = X @ self.R.T + self.t
        z = xc[:, 2]
        uv = (xc @ self.K.T)[:, :2] / np.maximum(z, 1e-9)[:, None]
        return uv, z

    def to_json(self) -> dict:
        d = {"name": self.name, "K": self.K.tolist(), "R": self.R.tolist(), "t": self.t.tolist(),
             "width": self.width, "height": self.height}
        if self.dist is not None:
            d["dist"] = list(self.dist)
        return d


def _matrix(d: dict, key: str, shape: tuple[int, ...], name: str) -> np.ndarray:
    try:
        a = np.asarray(d[key], dtype=np.float64)
    except KeyError:
        raise InvalidInput(f"camera '{name}': missing '{key}'") from None
    except (TypeError, ValueError):
        raise InvalidInput(f"camera '{name}': '{key}' is not numeric") from None
    if a.shape != shape:
        raise InvalidInput(f"camera '{name}': '{key}' has shape {list(a.shape)}, expected {list(shape)}")
    if not np.isfinite(a).all():
        raise InvalidInput(f"camera '{name}': '{key}' contains NaN or infinity")
    return a


def camera_from_json(d: dict, index: int) -> Camera:
    """Validate one entry of cameras.json."""
    name = str(d.get("name") or f"#{index}")
    K, R = _matrix(d, "K", (3, 3), name), _matrix(d, "R", (3, 3), name)
    t = _matrix(d, "t", (3,), name)
    if abs(np.linalg.det(R) - 1.0) > 1e-3 or np.abs(R @ R.T - np.eye(3)).max() > 1e-3:
        raise InvalidInput(f"camera '{name}': R is not a rotation (RRᵀ must be I and det(R) = 1)")
    if K[0, 0] <= 0 or K[1, 1] <= 0:
        raise InvalidInput(f"camera '{name}': K must have positive focal lengths")
    try:
        w, h = int(d["width"]), int(d["height"])
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(f"camera '{name}': 'width' and 'height' must be integers") from None
    if w < 8 or h < 8:
        raise InvalidInput(f"camera '{name}': image size {w}x{h} is too small")
    dist = d.get("dist")
    return Camera(name, K, R, t, w, h, None if dist is None else [float(x) for x in dist])


def load_cameras(path: Path) -> list[Camera]:
    """Read and validate ``cameras.json``."""
    try:
        doc = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist; a data folder needs cameras.json") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path} is not valid JSON: {exc}") from None
    entries = doc.get("cameras") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or len(entries) < 2:
        raise InvalidInput(f"{path}: 'cameras' must list at least 2 cameras")
    cams = [camera_from_json(d, i) for i, d in enumerate(entries)]
    names = [c.name for c in cams]
    if len(set(names)) != len(names):
        raise InvalidInput(f"{path}: camera names must be unique, got {names}")
    return cams


def save_cameras(cams: list[Camera], path: Path) -> None:
    Path(path).write_text(json.dumps({"cameras": [c.to_json() for c in cams]}, indent=1))


def estimate_up(cams: list[Camera]) -> np.ndarray:
    """World up vector from the camera set-up (no clicking).

    Cameras mounted without roll have horizontal image x-axes (R[0, :] in world coordinates), so up is the
    direction orthogonal to all of them (the smallest eigenvector of Σ r rᵀ; the same principle as clicking
    vertical lines, without a GUI). Its sign follows the averaged image-up axis −R[1, :].
    """
    img_up = np.mean([-c.R[1] for c in cams], axis=0)
    rights = np.stack([c.R[0] for c in cams])
    w, v = np.linalg.eigh(rights.T @ rights)
    if w[1] > 1e-3 * w[2]:  # the image x-axes span a plane: up is its normal
        up = v[:, 0]
    else:
        up = img_up
    up = up if up @ img_up > 0 else -up
    return up / np.linalg.norm(up)


def up_rotation(up: np.ndarray) -> np.ndarray:
    """A rotation taking world vectors into a frame where ``up`` is +z (Rodrigues)."""
    up = up / np.linalg.norm(up)
    z = np.array([0.0, 0.0, 1.0])
    v, c = np.cross(up, z), float(up @ z)
    if np.linalg.norm(v) < 1e-9:
        return np.eye(3) if c > 0 else np.diag([1.0, -1.0, -1.0])
    vx = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
    return np.eye(3) + vx + vx @ vx / (1 + c)


def look_at(eye: np.ndarray, target: np.ndarray, up: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """OpenCV-convention (R, t) of a camera at ``eye`` looking at ``target`` with image-up along ``up``."""
    f = target - eye
    f = f / np.linalg.norm(f)
    r = np.cross(f, up)
    if np.linalg.norm(r) < 1e-9:
        r = np.cross(f, np.array([1.0, 0.0, 0.0]))
    r = r / np.linalg.norm(r)
    d = np.cross(f, r)
    R = np.stack([r, d, f])
    return R, -R @ eye
