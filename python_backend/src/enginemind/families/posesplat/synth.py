"""Synthetic multi-view animal: articulated ellipsoids that walk, turn and rear, seen by 4-6 calibrated cameras.

Writes the documented folder format (cameras.json, <cam>/rgb_NNNN.png, <cam>/mask_NNNN.png, poses.json).
Rendering is exact ray-ellipsoid intersection with Lambert shading over a grey floor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from enginemind.families.posesplat.cameras import Camera, look_at, save_cameras

JOINTS = ["nose", "head", "neck", "body", "hip", "tail_mid", "tail_tip", "paw_fl", "paw_fr", "paw_bl", "paw_br"]


@dataclass
class Part:
    center: np.ndarray
    axes: np.ndarray
    """Columns = the part's local axes in world coordinates."""
    radii: np.ndarray
    color: np.ndarray
    stripes: float
    """Stripe frequency along the part's first axis (0 = plain)."""


def _rot_z(a: float) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1.0]])


def _rot_y(a: float) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, 0, s], [0, 1.0, 0], [-s, 0, c]])


def animal_state(t: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """Centre (T, 3), heading (T,), bend (T,), rear pitch (T,), gait phase (T,) for times ``t`` in [0, 1]."""
    rng = np.random.default_rng(seed)
    f1, f2 = rng.uniform(0.9, 1.3), rng.uniform(1.5, 2.5)
    p1, p2 = rng.uniform(0, 2 * np.pi, 2)
    phi = 2 * np.pi * f1 * t + p1
    r = 0.075 + 0.025 * np.sin(2 * np.pi * f2 * t + p2)
    x, y = r * np.cos(phi), r * np.sin(phi)
    dx, dy = np.gradient(x), np.gradient(y)
    heading = np.unwrap(np.arctan2(dy, dx))
    bend = np.gradient(heading) * 2.0
    rear_at = rng.uniform(0.2, 0.8)
    rear = 0.55 * np.exp(-((t - rear_at) / 0.06) ** 2)
    phase = np.cumsum(np.hypot(dx, dy)) * 120.0
    return {"center": np.stack([x, y, np.zeros_like(x)], 1), "heading": heading, "bend": np.clip(bend, -0.35, 0.35),
            "rear": rear, "phase": phase}


def animal_parts(center: np.ndarray, heading: float, bend: float, rear: float, phase: float,
                 palette: np.ndarray) -> tuple[list[Part], np.ndarray]:
    """The ellipsoids of one pose and its 3D joints (len(JOINTS), 3)."""
    base = _rot_z(heading)
    pitch = _rot_y(-rear)
    hip = center + base @ np.array([-0.05, 0.0, 0.045])

    def world(local: np.ndarray, rot: np.ndarray = pitch) -> np.ndarray:
        return hip + base @ (rot @ local)

    front = _rot_z(bend) @ pitch
    back = _rot_z(-bend)
    parts = [
        Part(world(np.array([0.05, 0, 0.0])), base @ pitch, np.array([0.075, 0.042, 0.04]), palette[0], 60.0),
        Part(world(np.array([0.115, 0, 0.012]), front), base @ front, np.array([0.045, 0.036, 0.035]), palette[1], 0),
        Part(world(np.array([0.165, 0, 0.02]), front), base @ front, np.array([0.036, 0.024, 0.024]), palette[2], 0),
        Part(hip + base @ (back @ np.array([-0.055, 0, 0.005])), base @ back, np.array([0.04, 0.01, 0.01]),
             palette[3], 0),
        Part(hip + base @ (back @ np.array([-0.125, 0, -0.005])), base @ back @ _rot_z(-bend),
             np.array([0.035, 0.008, 0.008]), palette[3], 0),
    ]
    paws = []
    for i, (fx, side) in enumerate(((0.1, 1), (0.1, -1), (-0.01, 1), (-0.01, -1))):
        swing = 0.02 * np.sin(phase + np.pi * (i % 2 + i // 2))
        top = world(np.array([fx, side * 0.028, -0.015]))
        paw = np.array([top[0], top[1], 0.0]) + base @ np.array([swing, 0, 0]) + np.array([0, 0, 0.006])
        mid = (top + paw) / 2
        axis = (top - paw) / max(np.linalg.norm(top - paw), 1e-9)
        a2 = np.cross(axis, [0.0, 0.0, 1.0] if abs(axis[2]) < 0.9 else [1.0, 0.0, 0.0])
        a2 /= np.linalg.norm(a2)
        axes = np.stack([axis, a2, np.cross(axis, a2)], 1)
        parts.append(Part(mid, axes, np.array([np.linalg.norm(top - paw) / 2 + 0.006, 0.009, 0.009]), palette[4], 0))
        paws.append(paw)
    joints = [parts[2].center + parts[2].axes[:, 0] * 0.036, parts[2].center, parts[1].center, parts[0].center, hip,
              parts[3].center, parts[4].center + parts[4].axes[:, 0] * 0.035, *paws]
    return parts, np.stack(joints)


def render(cam: Camera, parts: list[Part]) -> tuple[np.ndarray, np.ndarray]:
    """RGB uint8 (H, W, 3) over a grey floor and the binary animal mask (H, W)."""
    h, w = cam.height, cam.width
    v, u = np.mgrid[0:h, 0:w].astype(np.float64)
    pix = np.stack([u.ravel(), v.ravel(), np.ones(h * w)], 1)
    d = pix @ np.linalg.inv(cam.K).T @ cam.R  # ray directions in world (rows)
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    o = cam.center
    best = np.full(h * w, np.inf)
    color = np.zeros((h * w, 3))
    light = np.array([0.3, 0.2, 0.93])
    light /= np.linalg.norm(light)
    for part in parts:
        p = ((o - part.center) @ part.axes) / part.radii
        q = (d @ part.axes) / part.radii
        a, b, c = (q * q).sum(1), 2 * (q @ p), p @ p - 1.0
        disc = b * b - 4 * a * c
        hit = disc > 0
        s = np.where(hit, (-b - np.sqrt(np.maximum(disc, 0))) / (2 * a), np.inf)
        s[s <= 0] = np.inf
        closer = s < best
        if not closer.any():
            continue
        local = p + s[closer, None] * q[closer]
        normal = (local / part.radii) @ part.axes.T
        normal /= np.linalg.norm(normal, axis=1, keepdims=True)
        shade = 0.45 + 0.55 * np.clip(normal @ light, 0, 1)
        tex = 1.0
        if part.stripes:
            tex = 0.7 + 0.3 * (np.sin(part.stripes * local[:, 0] * part.radii[0]) > 0)
        color[closer] = np.clip(part.color * (shade * tex)[:, None], 0, 0.97)
        best[closer] = s[closer]
    mask = np.isfinite(best)
    floor_s = -o[2] / np.where(np.abs(d[:, 2]) > 1e-9, d[:, 2], -1e-9)
    fx, fy = o[0] + floor_s * d[:, 0], o[1] + floor_s * d[:, 1]
    checker = ((np.floor(fx * 10) + np.floor(fy * 10)) % 2) * 0.06
    bg = np.where(floor_s > 0, 0.55 + checker, 0.75)
    rgb = np.where(mask[:, None], color, bg[:, None])
    return (rgb.reshape(h, w, 3) * 255).astype(np.uint8), mask.reshape(h, w)


def make_cameras(n: int, size: int, seed: int, world_rotation: np.ndarray | None = None) -> list[Camera]:
    """``n`` cameras on a ring (radius ~1, elevation 30-45°) looking at the arena centre."""
    rng = np.random.default_rng(seed + 1)
    G = np.eye(3) if world_rotation is None else world_rotation
    f = 2.2 * size
    K = np.array([[f, 0, (size - 1) / 2], [0, f, (size - 1) / 2], [0, 0, 1.0]])
    cams = []
    for i in range(n):
        az = 2 * np.pi * i / n + rng.uniform(-0.15, 0.15)
        el = np.deg2rad(rng.uniform(30, 45))
        eye = np.array([np.cos(az) * np.cos(el), np.sin(az) * np.cos(el), np.sin(el)]) * rng.uniform(0.95, 1.05)
        R, t = look_at(eye, np.array([0, 0, 0.04]), np.array([0, 0, 1.0]))
        cams.append(Camera(f"cam{i}", K.copy(), R @ G.T, t, size, size))
    return cams


def write_dataset(out: Path, frames: int = 60, cameras: int = 5, size: int = 128, seed: int = 0,
                  world_rotation: np.ndarray | None = None) -> Path:
    """Render the synthetic walk into ``out`` in the documented format; returns ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    G = np.eye(3) if world_rotation is None else world_rotation
    cams = make_cameras(cameras, size, seed, G)
    save_cameras(cams, out / "cameras.json")
    rng = np.random.default_rng(seed + 2)
    palette = np.clip(np.array([[0.62, 0.45, 0.3], [0.7, 0.55, 0.38], [0.85, 0.7, 0.5], [0.9, 0.6, 0.6],
                                [0.4, 0.3, 0.25]]) + rng.uniform(-0.08, 0.08, (5, 3)), 0.05, 0.95)
    st = animal_state(np.linspace(0, 1, frames), seed)
    joints, meta = [], []
    for c in cams:
        (out / c.name).mkdir(exist_ok=True)
    for i in range(frames):
        parts, j = animal_parts(st["center"][i], st["heading"][i], st["bend"][i], st["rear"][i], st["phase"][i],
                                palette)
        for p in parts:
            p.center, p.axes = G @ p.center, G @ p.axes
        joints.append((j @ G.T).tolist())
        meta.append({"center": (G @ st["center"][i]).tolist(), "heading": float(st["heading"][i]),
                     "rear": float(st["rear"][i])})
        for c in cams:
            rgb, mask = render(c, parts)
            Image.fromarray(rgb).save(out / c.name / f"rgb_{i:04d}.png")
            Image.fromarray((mask * 255).astype(np.uint8)).save(out / c.name / f"mask_{i:04d}.png")
    (out / "poses.json").write_text(json.dumps({"joints": JOINTS, "frames": joints, "truth": meta,
                                                "up": (G @ np.array([0, 0, 1.0])).tolist()}))
    return out
