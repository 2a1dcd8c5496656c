"""Reference pose math in plain Python: parent-space bone transforms -> component space.

UE's reference skeleton stores each bone's rest transform relative to its parent (``FReferenceSkeleton::
GetRefBonePose``); the skeleton JSON wants component space. ``FTransform`` composition ``Child * Parent``:
rotation ``qp * qc``, scale ``sp * sc``, translation ``tp + qp.rotate(sp * tc)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Vec = tuple[float, float, float]
Quat = tuple[float, float, float, float]
"""(x, y, z, w) like ``unreal.Quat``."""


@dataclass(frozen=True)
class Xform:
    """A rest transform: translation, rotation (x, y, z, w) and scale."""

    t: Vec = (0.0, 0.0, 0.0)
    q: Quat = (0.0, 0.0, 0.0, 1.0)
    s: Vec = (1.0, 1.0, 1.0)


def quat_mul(a: Quat, b: Quat) -> Quat:
    """Hamilton product ``a * b`` (apply ``b`` first, then ``a``), as ``FQuat::operator*``."""
    ax, ay, az, aw = a
    bx, by, bz, bw = b
    return (aw * bx + ax * bw + ay * bz - az * by,
            aw * by - ax * bz + ay * bw + az * bx,
            aw * bz + ax * by - ay * bx + az * bw,
            aw * bw - ax * bx - ay * by - az * bz)


def rotate(q: Quat, v: Vec) -> Vec:
    """``q`` applied to ``v`` (``FQuat::RotateVector``)."""
    x, y, z, _ = quat_mul(quat_mul(q, (v[0], v[1], v[2], 0.0)), (-q[0], -q[1], -q[2], q[3]))
    return (x, y, z)


def compose(parent: Xform, local: Xform) -> Xform:
    """Component-space transform of a bone from its parent's component-space and its own parent-space one."""
    scaled = (parent.s[0] * local.t[0], parent.s[1] * local.t[1], parent.s[2] * local.t[2])
    r = rotate(parent.q, scaled)
    return Xform((parent.t[0] + r[0], parent.t[1] + r[1], parent.t[2] + r[2]), quat_mul(parent.q, local.q),
                 (parent.s[0] * local.s[0], parent.s[1] * local.s[1], parent.s[2] * local.s[2]))


def to_component_space(names: Sequence[str], parents: Sequence[str | None],
                       local: Sequence[Xform]) -> list[Xform]:
    """Component-space rest transforms of bones listed parents first (as a reference skeleton is)."""
    out: dict[str, Xform] = {}
    result = []
    for name, parent, xf in zip(names, parents, local, strict=True):
        if parent is not None and parent not in out:
            raise ValueError(f"bone '{name}' comes before its parent '{parent}'")
        world = xf if parent is None else compose(out[parent], xf)
        out[name] = world
        result.append(world)
    return result
