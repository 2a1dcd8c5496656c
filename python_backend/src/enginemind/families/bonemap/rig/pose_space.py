"""Do two poses of one skeleton differ by more than a change of space (rotation, uniform scale, offset)?

Importers hold two poses of a rig: the transforms the file saved and the bind pose of its skin. When they are
the same skeleton seen from another space (an exporter that wrote the bind matrices in the mesh's space, or
before its axis conversion) the saved pose is the one in the format's declared axes; when they differ in shape
the file saved a posed frame and the bind pose is the rest pose.
"""

from __future__ import annotations

import math

import numpy as np

_UNIT_RATIOS = tuple(f * 10.0 ** k for k in range(-3, 4) for f in (1.0, 2.54, 1 / 2.54))
"""Ratios between length units files use (m, cm, mm, inches, with powers of ten)."""


def similarity(src: np.ndarray, dst: np.ndarray, units: bool = False) -> tuple[float, np.ndarray, np.ndarray] | None:
    """The similarity transform (scale, rotation, offset) that best takes the points ``src`` onto ``dst``
    (Umeyama's least squares: ``dst ~ scale * rot @ src + offset``); None for fewer than three points or a
    collapsed set. ``units``: a scale within 10 % of a ratio between length units is taken as that ratio (the
    two point sets may be different poses, which bias the fitted scale)."""
    if len(src) < 3:
        return None
    ms, md = src.mean(0), dst.mean(0)
    a, b = dst - md, src - ms
    if float((a ** 2).sum()) <= 0 or float((b ** 2).sum()) <= 0:
        return None
    u, sv, vt = np.linalg.svd(b.T @ a)
    d = np.sign(np.linalg.det(u @ vt)) or 1.0
    rot = (u @ np.diag([1.0, 1.0, d]) @ vt).T
    scale = float((sv * [1.0, 1.0, d]).sum() / (b ** 2).sum())
    if units and scale > 0:
        near = min(_UNIT_RATIOS, key=lambda r: abs(math.log(scale / r)))
        scale = near if abs(math.log(scale / near)) < math.log(1.1) else scale
    return scale, rot, md - scale * rot @ ms


def differs(nodes: np.ndarray, binds: np.ndarray, tol: float = 0.02) -> bool:
    """The two poses differ by more than a change of space: after the best similarity transform (Umeyama) the
    joints still lie more than ``tol`` x the skeleton's size apart (RMS)."""
    fit = similarity(binds, nodes)
    if fit is None:
        return False
    scale, rot, off = fit
    size = float(np.sqrt(((nodes - nodes.mean(0)) ** 2).sum(1).mean()))
    rms = float(np.sqrt(((binds @ rot.T * scale + off - nodes) ** 2).sum(1).mean()))
    return rms > tol * size


def another_space(fit: tuple[float, np.ndarray, np.ndarray]) -> bool:
    """The fitted transform changes units (scale outside 0.5-2: cm against m, inches), not merely a pose: a
    posed frame turns and crouches the body but does not halve or double its size."""
    return abs(math.log(max(fit[0], 1e-12))) > math.log(2.0)
