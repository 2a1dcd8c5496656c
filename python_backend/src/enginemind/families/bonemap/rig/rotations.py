"""Rotation matrices the skeleton formats are written in (column vectors, right-handed, radians)."""

from __future__ import annotations

import math

import numpy as np


def axis_rotation(axis: str, a: float) -> np.ndarray:
    """Rotation by ``a`` radians about the x, y or z axis."""
    c, s = math.cos(a), math.sin(a)
    if axis == "x":
        return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])
    if axis == "y":
        return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def rotation_about(axis: np.ndarray, a: float) -> np.ndarray:
    """Rotation by ``a`` radians about the direction ``axis`` (any length > 0; Rodrigues' formula)."""
    k = np.asarray(axis, dtype=float) / float(np.linalg.norm(axis))
    cross = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    return np.eye(3) + math.sin(a) * cross + (1.0 - math.cos(a)) * cross @ cross


def xyz_fixed(rx: float, ry: float, rz: float) -> np.ndarray:
    """About the fixed x, then y, then z axes: R = Rz Ry Rx (URDF ``rpy``, Valve SMD rotations)."""
    return axis_rotation("z", rz) @ axis_rotation("y", ry) @ axis_rotation("x", rx)
