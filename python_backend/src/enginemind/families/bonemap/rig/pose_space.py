"""Do two poses of one skeleton differ by more than a change of space (rotation, uniform scale, offset)?

Importers hold two poses of a rig: the transforms the file saved and the bind pose of its skin. When they are
the same skeleton seen from another space (an exporter that wrote the bind matrices in the mesh's space, or
before its axis conversion) the saved pose is the one in the format's declared axes; when they differ in shape
the file saved a posed frame and the bind pose is the rest pose.
"""

from __future__ import annotations

import numpy as np


def differs(nodes: np.ndarray, binds: np.ndarray, tol: float = 0.02) -> bool:
    """The two poses differ by more than a change of space: after the best similarity transform (Umeyama) the
    joints still lie more than ``tol`` x the skeleton's size apart (RMS)."""
    if len(nodes) < 3:
        return False
    a, b = nodes - nodes.mean(0), binds - binds.mean(0)
    size = float(np.sqrt((a ** 2).sum(1).mean()))
    if size <= 0 or float(np.sqrt((b ** 2).sum(1).mean())) <= 0:
        return False
    u, sv, vt = np.linalg.svd(b.T @ a)
    d = np.sign(np.linalg.det(u @ vt)) or 1.0
    rot = u @ np.diag([1.0, 1.0, d]) @ vt
    scale = float((sv * [1.0, 1.0, d]).sum() / (b ** 2).sum())
    rms = float(np.sqrt((((b @ rot) * scale - a) ** 2).sum(1).mean()))
    return rms > tol * size
