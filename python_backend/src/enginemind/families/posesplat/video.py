"""Video input: one RGB video and one mask video per camera, read with OpenCV's ``VideoCapture``.

Layout (instead of the PNG frames): ``<cam>/rgb.mp4`` and ``<cam>/mask.mp4`` (``.avi``, ``.mkv``, ``.mov`` work
too: whatever OpenCV's bundled FFmpeg decodes). Frame ``i`` of every camera's two videos is one time step, named
``0000``, ``0001``, ... in the prepared files. Masks are thresholded at 128, so a lossy codec's ringing at the
silhouette edge costs at most a pixel. Every camera must have both videos with the same number of frames; a
mismatch is an error that names the camera and the first missing frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from enginemind.errors import InvalidInput
from enginemind.families.posesplat.cameras import Camera

VIDEO_EXTS = (".mp4", ".avi", ".mkv", ".mov")
MAX_FRAMES = 100_000
"""Longest video read (a guard against a stream that never ends)."""


def find_video(folder: Path, stem: str) -> Path | None:
    """``folder/stem.<ext>`` for the first video extension present."""
    for ext in VIDEO_EXTS:
        if (folder / f"{stem}{ext}").is_file():
            return folder / f"{stem}{ext}"
    return None


def has_videos(data: Path, cams: list[Camera]) -> bool:
    """True when the cameras hold videos; mixing videos and PNG frames, or one video without the other, is an error."""
    found = {c.name: (find_video(data / c.name, "rgb"), find_video(data / c.name, "mask")) for c in cams}
    with_any = [n for n, (rgb, mask) in found.items() if rgb or mask]
    if not with_any:
        return False
    for name, (rgb, mask) in found.items():
        if rgb is None or mask is None:
            missing = "rgb" if rgb is None else "mask"
            raise InvalidInput(f"camera '{name}': {missing} video is missing ({data / name}/{missing}.mp4); cameras "
                               f"{', '.join(with_any)} have videos, so every camera needs rgb + mask videos")
    return True


def frames(path: Path, cam: str) -> Iterator[np.ndarray]:
    """Decoded frames of one video as RGB uint8 (H, W, 3)."""
    import cv2

    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        raise InvalidInput(f"camera '{cam}': cannot read video {path} (not a video, or a codec OpenCV's FFmpeg "
                           "lacks; re-encode it as H.264 .mp4 or MJPG .avi)")
    try:
        for _ in range(MAX_FRAMES):
            ok, bgr = cap.read()
            if not ok:
                return
            yield cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    finally:
        cap.release()


def read_videos(data: Path, cams: list[Camera], ds: int) -> tuple[list[Camera], list[str], np.ndarray, np.ndarray]:
    """Like ``data.read_folder`` for the video layout: cameras (downsampled), frame names, images, masks."""
    from enginemind.families.posesplat.data import make_view

    if len({(c.width, c.height) for c in cams}) != 1:
        raise InvalidInput("all cameras must have the same image size "
                           f"({', '.join(f'{c.name} {c.width}x{c.height}' for c in cams)})")
    per_cam: list[tuple[list[np.ndarray], list[np.ndarray]]] = []
    for c in cams:
        imgs, masks = [], []
        rgb_path, mask_path = find_video(data / c.name, "rgb"), find_video(data / c.name, "mask")
        assert rgb_path is not None and mask_path is not None  # has_videos checked both
        mask_frames = frames(mask_path, c.name)
        for i, rgb in enumerate(frames(rgb_path, c.name)):
            mask = next(mask_frames, None)
            if mask is None:
                raise InvalidInput(f"camera '{c.name}' is missing frame {i:04d} in {mask_path.name}: "
                                   f"{rgb_path.name} has more frames")
            img, m = make_view(c, f"{i:04d}", rgb, mask.mean(axis=2), ds)
            imgs.append(img)
            masks.append(m)
        if next(mask_frames, None) is not None:
            raise InvalidInput(f"camera '{c.name}' is missing frame {len(imgs):04d} in {rgb_path.name}: "
                               f"{mask_path.name} has more frames")
        if not imgs:
            raise InvalidInput(f"camera '{c.name}': {rgb_path} has no frames")
        per_cam.append((imgs, masks))
    counts = [len(imgs) for imgs, _ in per_cam]
    t = min(counts)
    if max(counts) != t:
        short = cams[counts.index(t)].name
        longest = cams[counts.index(max(counts))].name
        raise InvalidInput(f"camera '{short}' is missing frame {t:04d}: its videos have {t} frames, "
                           f"camera '{longest}' has {max(counts)}")
    images = np.stack([np.stack(imgs) for imgs, _ in per_cam], axis=1)  # (T, C, h, w, 3)
    masks = np.stack([np.stack(m) for _, m in per_cam], axis=1)
    return [c.scaled(ds) for c in cams], [f"{i:04d}" for i in range(t)], images, masks
