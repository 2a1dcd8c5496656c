"""A body split into trees (game exports that give each leg a root of its own, or split the spine from the legs)
is read as one body: called by ``Skeleton.from_dict`` for skeletons with several roots."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from enginemind.families.bonemap.rig.skeleton import Skeleton

MIN_TREE = 3
"""Trees smaller than this (IK targets, pole helpers, props) are never joined."""
REACH = 0.15
"""A tree's root joins the largest tree when it lies within this share of the skeleton's extent of a bone of it."""


def join_split_body(sk: Skeleton) -> tuple[Skeleton, list[str]] | None:
    """The skeleton with each other tree of at least ``MIN_TREE`` bones hung under the nearest bone of the largest
    tree, when the structure solver finds no whole body (legs and arms) in the trees as given but does in the
    joined one; None otherwise (nothing is changed then)."""
    from enginemind.families.bonemap.rig.skeleton import Skeleton
    from enginemind.families.bonemap.rig.solver.solve import solve

    if not sk.has_positions() or len(sk) > 2_000:
        return None
    top = sk.tree_roots()
    size: dict[int, int] = {}
    for t in top:
        size[t] = size.get(t, 0) + 1
    big = [r for r in size if size[r] >= MIN_TREE]
    if len(big) < 2:
        return None
    before = solve(sk)
    if before.found and before.partial is None:
        return None
    main = max(big, key=lambda r: size[r])
    pos = np.array([b.position for b in sk.bones], dtype=float)
    reach = REACH * (float(np.ptp(pos, axis=0).max()) or 1.0)
    in_main = np.array([t == main for t in top])
    bones = [dataclasses.replace(b) for b in sk.bones]
    notes = []
    for r in big:
        if r == main:
            continue
        d = np.where(in_main, np.linalg.norm(pos - pos[r], axis=1), np.inf)
        j = int(np.argmin(d))
        if d[j] > reach:
            continue
        if j == main and len(sk.children(r)) >= 2 and bones[main].parent is None:
            # the other tree's root carries both legs and lies by the largest tree's root (OpenDungeons' lizardman:
            # 'Pelvis' with the legs beside 'Spine_0' with the rest): it is the hips, the largest tree hangs under it
            bones[main].parent = bones[r].name
            notes.append(f"the tree rooted at {bones[main].name!r} was read as part of the body under "
                         f"{bones[r].name!r} ({d[j]:.3g} away, carrying the legs): a body split into trees")
            continue
        bones[r].parent = bones[j].name
        notes.append(f"the tree rooted at {bones[r].name!r} was read as part of the body under {bones[j].name!r} "
                     f"(its nearest bone, {d[j]:.3g} away): a body split into trees")
    if not notes:
        return None
    joined = Skeleton(bones, sk.up_axis, sk.units, sk.warnings, dict(sk.humanoid))  # one warning list: the caller's
    after = solve(joined)
    if not (after.found and after.partial is None):
        return None
    return joined, notes
