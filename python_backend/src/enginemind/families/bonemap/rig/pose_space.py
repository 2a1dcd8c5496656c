"""Do two poses of one skeleton differ by more than a change of space (rotation, uniform scale, offset)? Which is the
rest pose of a skinned file (``bind_rest_positions``)?

Importers hold two poses of a rig: the transforms the file saved and the bind pose of its skin. When they are
the same skeleton seen from another space (an exporter that wrote the bind matrices in the mesh's space, or
before its axis conversion) the saved pose is the one in the format's declared axes; when they differ in shape
the file saved a posed frame and the bind pose is the rest pose.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from enginemind.families.bonemap.rig.skeleton import kept_ancestor

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


def bind_rest_positions(order: list[int], rest: dict[int, np.ndarray], binds: dict[int, np.ndarray],
                        parent: list[int], world_of: Callable[[int], np.ndarray]
                        ) -> tuple[dict[int, np.ndarray], str | None]:
    """Rest positions of the joints ``order`` of a skinned file (glTF, COLLADA): as saved in the node transforms
    (``rest``), unless the skin's bind pose (``binds``: node -> world matrix at bind time, the inverse of its
    inverse bind matrix) is another pose of the skeleton (an animation frame saved in the nodes), or the nodes are
    all at one point; then the bind pose, with a warning saying so (None otherwise). ``parent``: node parents
    (-1 at roots), ``world_of``: a node's saved world matrix."""
    bound = [i for i in order if i in binds]
    saved = np.array([rest[i] for i in bound])
    at_bind = np.array([binds[i][:3, 3] for i in bound])
    # (nodes saved with no transform at all, every joint at one point, hold no pose and no space to fit: a
    # Fab conversion of a stick man, held-out batch 150, whose skeleton lives in its bind matrices only)
    flat = len(bound) > 0 and \
        float(np.ptp(saved, axis=0).max()) <= 1e-6 * max(float(np.ptp(at_bind, axis=0).max()), 1e-12)
    if not (len(bound) >= max(3, len(order) // 2) and all(np.all(np.isfinite(rest[i])) for i in order)
            and (flat or differs(saved, at_bind))):
        return rest, None
    fit = None if flat else similarity(at_bind, saved, True)
    if fit is not None and another_space(fit) and \
            abs(math.log(_length_ratio(bound, rest, binds, parent))) > math.log(2.0):
        # bound in the mesh's own units and axes (a Sketchfab Rigify export, held-out batch 112: cm, Z up, beside
        # unbound bones in metres, Y up): the bind pose is brought into the nodes' space first, so bound and
        # unbound bones share one frame. The bones' lengths must say so too: a posed frame far from the bind pose
        # biases the fitted scale (a Quaternius character saved with its arms down against its T-pose fitted
        # 0.42, snapped to inches: held-out batch 689), its bones' lengths do not change
        to_nodes = np.eye(4)
        to_nodes[:3, :3], to_nodes[:3, 3] = fit[0] * fit[1], fit[2]
        binds = {i: to_nodes @ m for i, m in binds.items()}
    out = {i: _bind_rest(i, binds, parent, world_of) for i in order}
    return out, ("the joints' nodes carry no transforms (every joint at one point): rest positions are taken "
                 "from the inverse bind matrices" if flat else
                 "the joints' node transforms hold a pose other than the skin's bind pose (an animation frame "
                 "saved in the file): rest positions are taken from the inverse bind matrices")


def _length_ratio(bound: list[int], rest: dict[int, np.ndarray], binds: dict[int, np.ndarray],
                  parent: list[int]) -> float:
    """Median ratio of the bones' lengths as saved to their lengths at bind time (bound joints with a bound
    ancestor; a pose changes no length, a change of units does); 1.0 when no bone can be measured."""
    ratios = []
    for i in bound:
        a = kept_ancestor(parent, binds, i)
        at_bind = float(np.linalg.norm(binds[i][:3, 3] - binds[a][:3, 3])) if a >= 0 else 0.0
        if at_bind > 1e-9:
            ratios.append(float(np.linalg.norm(rest[i] - rest[a])) / at_bind)
    ratios = [r for r in ratios if r > 1e-9]
    return float(np.median(ratios)) if ratios else 1.0


def _bind_rest(i: int, binds: dict[int, np.ndarray], parent: list[int],
               world_of: Callable[[int], np.ndarray]) -> np.ndarray:
    """Bind-pose position of node ``i``: its bind matrix's translation, or, without one, its node transform
    carried along with its nearest ancestor that has one (as saved relative to it); with none, as saved."""
    if i in binds:
        return binds[i][:3, 3]
    a = kept_ancestor(parent, binds, i)
    if a < 0:
        return world_of(i)[:3, 3]
    try:
        move = binds[a] @ np.linalg.inv(world_of(a))  # the ancestor's saved frame onto its bind frame
    except np.linalg.LinAlgError:  # a zero scale on the ancestor's node: as saved
        return world_of(i)[:3, 3]
    turn = move[:3, :3]
    scale = abs(float(np.linalg.det(turn))) ** (1.0 / 3.0)
    if scale > 0:  # a turn, not a change of units: the saved offsets keep their lengths (binds in cm, nodes in m)
        turn = turn / scale
    return binds[a][:3, 3] + turn @ (world_of(i)[:3, 3] - world_of(a)[:3, 3])
