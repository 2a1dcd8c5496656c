"""Rebuild one bone tree from a forest whose parenting was lost (deform-only exports), from rest positions.

Called by ``Skeleton.from_dict`` (see ``docs/bonemap.md``, Import traps); measured by
``tools/bench/bonemap_forest.py``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from enginemind.families.bonemap.rig.skeleton import Bone

FOREST_MIN_ROOTS = 6
"""A skeleton with at least this many roots, and at least half its bones roots, counts as a lost hierarchy."""
FOREST_MAX_BONES = 5_000
"""Above this a forest stays a forest (the rebuild is O(roots x bones))."""
MAX_CHAIN_PAIRS = 300
"""With more numbered chains than this, chains lying side by side are not looked for (quadratic)."""
_ROOT_WORDS = ("hips", "pelvis", "hip", "cog", "root")


def rebuild_forest(bones: list[Bone]) -> None:
    """Give every tree of the forest but one a parent, from the rest positions (in place).

    The tree to keep as the root is chosen by ``_first_tree`` (the hips' tree, not merely the largest: a Rigify
    deform export's arm tree is larger than its spine tree). The others are attached one at a time, Prim
    style: the unattached tree whose root is nearest to any attached bone hangs under that bone, not across the
    body's mirror plane, not under a bone named for the other side, not under a drape (breast, hair) unless it is
    one, not under its own mirror image and not under a bone that starts a numbered chain of its own
    (``_numbered_chains``); of bones stacked at one point, under the first of them.
    """
    index = {b.name: i for i, b in enumerate(bones)}
    pos = np.array([b.position for b in bones], dtype=float)

    def components() -> list[int]:  # component id = index of the tree's root
        comp = list(range(len(bones)))
        for i in range(len(bones)):
            k = i
            while bones[k].parent is not None:
                k = index[bones[k].parent]
            comp[i] = k
        return comp

    size = [0] * len(bones)  # sizes of the trees as given (before the numbered chains are linked)
    for r in components():
        size[r] += 1
    starts, chains = _numbered_chains(bones, pos)
    start_no = np.array([starts.get(i, -1) for i in range(len(bones))])
    inner = np.zeros(len(bones), dtype=bool)  # bones a numbered chain goes on from: no other chain starts there
    for b in bones:
        if b.parent is not None:
            inner[index[b.parent]] = True
    chain_of = np.full(len(bones) + 1, len(chains))  # last row / column: not in a chain
    for k, c in enumerate(chains):
        chain_of[c] = k
    sib = np.zeros((len(chains) + 1, len(chains) + 1), dtype=bool)
    for a, ca in enumerate(chains if len(chains) <= MAX_CHAIN_PAIRS else []):
        for b, cb in enumerate(chains):
            sib[a, b] = a != b and _side_by_side(pos, ca, cb)
    comp = components()
    roots = sorted(set(comp))
    first = _first_tree(bones, pos, roots, size)
    side, axis = _sides(pos, pos[first])
    ext = float(np.ptp(pos, axis=0).max()) or 1.0
    attached = np.array([comp[i] == first for i in range(len(bones))])
    todo = [r for r in roots if r != first]
    members: dict[int, list[int]] = {}
    for i, r in enumerate(comp):
        members.setdefault(r, []).append(i)
    from enginemind.families.bonemap.rig.names import analyse_names

    infos = analyse_names([b.name for b in bones])
    said = np.array([{"L": 1, "R": -1}.get(ni.side or "", 0) for ni in infos])  # the side the name says
    aside = np.array(["hair" in ni.concepts for ni in infos])  # hair, cloth, breasts: drapes
    best_d = np.full(len(todo), np.inf)
    best_p = np.zeros(len(todo), dtype=int)
    new = np.flatnonzero(attached)
    while todo:
        rpos = pos[todo]
        d = np.linalg.norm(rpos[:, None, :] - pos[new][None, :, :], axis=2)
        ps, cs = side[new][None, :], side[todo][:, None]
        d = d * np.where((ps != 0) & (ps != cs), 3.0, 1.0)  # a left bone does not hang under a right one
        ns, nc = said[new][None, :], said[todo][:, None]  # nor under a bone named right (a Rigify 'pelvis.R'
        d = d * np.where((ns != 0) & (nc != 0) & (ns != nc), 3.0, 1.0)  # on the mirror plane), nor a limb
        d = d * np.where(aside[new][None, :] & ~aside[todo][:, None], 3.0, 1.0)  # under a breast or hair bone
        tn = start_no[todo][:, None]
        clash = (tn >= 0) & ((tn == start_no[new][None, :]) | inner[new][None, :]
                             | sib[chain_of[todo]][:, chain_of[new]])
        d = d * np.where(clash, 5.0, 1.0)  # Index1 hangs neither under Middle1 nor under Middle2
        if axis >= 0:  # nor a bone under its own mirror image (shoulders near the mirror plane)
            mirrored = rpos.copy()
            mirrored[:, axis] = 2 * pos[first, axis] - mirrored[:, axis]
            twin = np.linalg.norm(mirrored[:, None, :] - pos[new][None, :, :], axis=2) < 0.01 * ext
            twin &= (np.abs(rpos[:, axis] - pos[first, axis]) > 1e-3 * ext)[:, None]
            d = d * np.where(twin, 5.0, 1.0)
        j = d.argmin(axis=1)
        dj = d[np.arange(len(todo)), j]
        better = dj < best_d
        best_d = np.where(better, dj, best_d)
        best_p = np.where(better, new[j], best_p)
        k = int(best_d.argmin())
        r, p = todo.pop(k), int(best_p[k])
        while bones[p].parent is not None and \
                float(np.linalg.norm(pos[index[bones[p].parent]] - pos[p])) <= 1e-4 * ext:
            p = index[bones[p].parent]  # of bones stacked at one point, the first ('DEF-spine' over 'DEF-pelvis.L')
        bones[r].parent = bones[p].name
        best_d = np.delete(best_d, k)
        best_p = np.delete(best_p, k)
        new = np.array(members[r])




FLAT_SHARE = 0.8
"""A root whose direct children that are leaves make up at least this share of the other bones is a flat export."""
FLAT_MIN_LEAVES = 20
"""... and at least this many: a rigid-part model hangs its few parts from one node by design (a Minetest villager's
eight parts under 'ROOT', Barony's minotaur under 'waist', a mannequin hand's fifteen finger pieces)."""


def flat_star(bones: list[Bone]) -> int | None:
    """The one root when nearly every other bone hangs from it directly as a leaf (``FLAT_SHARE``, at least
    ``FLAT_MIN_LEAVES`` of them): a skinned mesh that stores its bones flat under the scene node (Fallout 4's
    meshes, every bone a child of 'Scene Root': a feral ghoul, held-out batch 1298), a forest in all but name.
    None otherwise."""
    roots = [i for i, b in enumerate(bones) if b.parent is None]
    if len(roots) != 1:
        return None
    top = bones[roots[0]].name
    parents = {b.parent for b in bones}
    leaves = sum(1 for b in bones if b.parent == top and b.name not in parents)
    return roots[0] if leaves >= max(FLAT_MIN_LEAVES, FLAT_SHARE * (len(bones) - 1)) else None


def rebuild_flat_star(bones: list[Bone], star: int) -> None:
    """Rebuild the bones under the flat root ``star`` as a forest (``rebuild_forest``), in place, and hang the
    tree it makes under that root again (the scene node stays the root, above the hips)."""
    top = bones[star].name
    rest = [b for i, b in enumerate(bones) if i != star]
    for b in rest:
        if b.parent == top:
            b.parent = None
    rebuild_forest(rest)
    for b in rest:
        if b.parent is None:
            b.parent = top


def _first_tree(bones: list[Bone], pos: Any, roots: list[int], size: list[int]) -> int:
    """The tree kept as the root: one holding half the bones; else, among roots on the body's mirror plane (the
    hips are; thighs and arms are not), one named like a hips / pelvis / root bone without a side, else the one
    nearest the middle of the bounding box (the hips in any pose; the centroid is pulled towards the many face
    and finger bones); roots at the same point: the larger tree."""
    big = [r for r in roots if 2 * size[r] >= len(bones)]
    if big:
        return big[0]

    from enginemind.families.bonemap.rig.names import analyse_names

    infos = dict(zip(roots, analyse_names([bones[r].name for r in roots]), strict=True))
    sided = {r: ni.side is not None for r, ni in infos.items()}

    def named(r: int) -> bool:  # 'RightHip' is a thigh, not the hips
        low = bones[r].name.lower()
        return not sided[r] and any(w in low.replace("_", " ").replace(":", " ").replace(".", " ").split() or
                                    low.endswith(w) for w in _ROOT_WORDS)

    wrists = [r for r in roots if "hand" in infos[r].concepts]
    if len(wrists) == 1 and not any(named(r) for r in roots) and \
            2 * sum(_segment_word(b.name) is not None for b in bones) >= len(bones):
        return wrists[0]  # a lone hand's joints (OpenXR / WebXR), most of them finger segments: the wrist

    mid = (pos.min(axis=0) + pos.max(axis=0)) / 2
    side, _ = _sides(pos, mid)
    cands = [r for r in roots if side[r] == 0] or roots
    cands = [r for r in cands if named(r)] or cands
    ext = float(np.ptp(pos, axis=0).max()) or 1.0
    dist = {r: float(np.linalg.norm(pos[r] - mid)) for r in cands}
    near = min(dist.values())
    return min((r for r in cands if dist[r] <= near + 0.005 * ext), key=lambda r: (-size[r], dist[r]))


def _numbered_chains(bones: list[Bone], pos: Any) -> tuple[dict[int, int], list[list[int]]]:
    """Link root bones named alike but for a number (``Spine`` ``Spine1`` ``Spine2``, ``index_01_l`` ..
    ``index_03_l``) into chains in number order when they lie near each other (in place). Returns {bone index:
    its number} for each chain's first bone, and the chains; families of more than 8 (``bone_017`` style names)
    are not linked."""
    ext = float(np.ptp(pos, axis=0).max()) or 1.0
    fams: dict[str, list[tuple[int, int]]] = {}
    for i, b in enumerate(bones):
        if b.parent is not None:
            continue
        digits = list(re.finditer(r"\d+", b.name))
        seg = _segment_word(b.name)
        if seg is not None:  # an anatomical segment word numbers the finger's joints (OpenXR / WebXR hands)
            fams.setdefault(seg[0], []).append((seg[1], i))
        elif digits:
            m = digits[-1]
            fams.setdefault(b.name[:m.start()] + "#" + b.name[m.end():], []).append((int(m.group()), i))
        else:
            fams.setdefault(b.name + "#", []).append((0, i))
    starts: dict[int, int] = {}
    chains: list[list[int]] = []
    for key, fam in fams.items():
        if not 2 <= len(fam) <= 8:
            continue
        fam.sort()
        mine = {fam[0][1]: fam[0][0]}
        chains.append([fam[0][1]])
        hand = key.endswith(_SEGMENT_FAMILY)  # a hand's joints: a thumb has no intermediate phalanx, and a
        gap, near = (2, 0.5) if hand else (1, 0.25)  # metacarpal spans much of a lone hand's extent
        for (n0, a), (n1, c) in zip(fam, fam[1:], strict=False):
            if n1 - n0 <= gap and float(np.linalg.norm(pos[a] - pos[c])) < near * ext:
                bones[c].parent = bones[a].name
                chains[-1].append(c)
            else:
                mine[c] = n1
                chains.append([c])
        if len(mine) < len(fam):  # a family none of whose numbers follow on ('Bone25', 'Bone28', 'Bone31': an
            starts.update(mine)  # Ogre export's chain roots, held-out batch 276) starts no numbered chains
    return starts, [c for c in chains if len(c) > 1]


_SEGMENT_WORD = re.compile(r"(?:(metacarpal)|(prox(?:imal)?)|(inter(?:mediate)?|int(?=phalanx|phalange))|"
                           r"(dist(?:al)?)|(tip))(phalanx|phalange)?")
"""A segment word (metacarpal, proximal, intermediate, distal, tip: the joint's number), whole or cut short and
glued to its 'phalanx' (Babylon's WebXR hand: 'index_proxPhalanx_R', 'index_intPhalanx_R', 'index_distPhalanx_R')."""
_SEGMENT_FAMILY = "@segments"


def _segment_word(name: str) -> tuple[str, int] | None:
    """(family key, joint number) of a hand-tracking joint name that spells its finger segment ('index_proximal',
    WebXR's 'index-finger-phalanx-distal', 'thumb-tip'), or None. A 'phalanx' word is dropped, so the metacarpal
    joins its finger's phalanges."""
    words = re.split(r"[-_.\s]+", name.lower())
    hits = [k for k, w in enumerate(words) if _SEGMENT_WORD.fullmatch(w)]
    if len(hits) != 1:
        return None
    m = _SEGMENT_WORD.fullmatch(words[hits[0]])
    number = next(k for k, g in enumerate(m.groups()[:5]) if g)  # type: ignore[union-attr]
    key = [("#" if k == hits[0] else w) for k, w in enumerate(words) if w not in ("phalanx", "phalange")]
    return "-".join(key) + _SEGMENT_FAMILY, number


def _side_by_side(pos: Any, ca: list[int], cb: list[int]) -> bool:
    """Two numbered chains of one length whose starts are near each other and neither continues the other
    (fingers of one hand, not spine and neck)."""
    if len(ca) != len(cb):
        return False
    reach = max(np.linalg.norm(pos[ca[1]] - pos[ca[0]]), np.linalg.norm(pos[cb[1]] - pos[cb[0]]))
    if np.linalg.norm(pos[ca[0]] - pos[cb[0]]) >= 2.0 * reach:
        return False
    for x, y in ((ca, cb), (cb, ca)):  # y starts where x ends, going on in x's direction
        d_end, d_dir = pos[y[0]] - pos[x[-1]], pos[x[-1]] - pos[x[-2]]
        if np.linalg.norm(d_end) < reach and float(d_end @ d_dir) > 0.7 * np.linalg.norm(d_end) * np.linalg.norm(d_dir):
            return False
    return True


def _sides(pos: Any, origin: Any) -> tuple[Any, int]:
    """-1 / 0 / +1 per bone across the axis the pose is mirror-symmetric about (0 for all when none is), and that
    axis (-1: none)."""
    rel = pos - origin
    ext = float(np.abs(rel).max()) or 1.0
    sample = rel[:: max(1, len(rel) // 400)]
    best, axis = 0.05 * ext, -1
    for a in range(3):
        if np.abs(sample[:, a]).max() < 0.05 * ext:
            continue
        mirrored = sample.copy()
        mirrored[:, a] *= -1
        err = float(np.linalg.norm(mirrored[:, None, :] - sample[None, :, :], axis=2).min(axis=1).mean())
        if err < best:
            best, axis = err, a
    if axis < 0:
        return np.zeros(len(pos), dtype=int), -1
    return np.where(np.abs(rel[:, axis]) < 0.02 * ext, 0, np.sign(rel[:, axis])).astype(int), axis


def join_detached(bones: list[Bone]) -> list[str]:
    """Hang a tree that starts where a chain of another tree ends under that chain (in place): IK exports put the
    hands or feet under IK-target roots placed exactly at the arm's or leg's end bone ('Antebrazo.R_end' and
    'Targetbrazo.R' > 'Mando.R' at one point). Only trees of two or more bones, and only at a leaf named as an end
    (an exporter's '_end' / nub), within 0.5 % of the skeleton's extent; the tree hangs under the end leaf's
    parent. Returns one warning per joined tree."""
    from enginemind.families.bonemap.rig.names import analyse_names

    if any(b.position is None for b in bones):
        return []
    index = {b.name: i for i, b in enumerate(bones)}
    parent = [index.get(b.parent, -1) if b.parent is not None else -1 for b in bones]

    def tops() -> list[int]:  # the root of each bone's tree (parents may come after children)
        out = []
        for i in range(len(bones)):
            j, seen = i, 0
            while parent[j] >= 0 and seen <= len(bones):
                j, seen = parent[j], seen + 1
            out.append(j)
        return out

    top = tops()
    size: dict[int, int] = {}
    for t in top:
        size[t] = size.get(t, 0) + 1
    if len(size) < 2:
        return []
    pos = np.array([b.position for b in bones], dtype=float)
    tol = 0.005 * (float(np.ptp(pos, axis=0).max()) or 1.0)
    has_kids = {p for p in parent if p >= 0}
    ends = [i for i, ni in enumerate(analyse_names([b.name for b in bones]))
            if i not in has_kids and "end" in ni.concepts and parent[i] >= 0]
    out = []
    for r in sorted(size):
        if size[r] < 2:
            continue
        cands = [e for e in ends if top[e] != r and np.linalg.norm(pos[e] - pos[r]) <= tol]
        if not cands:
            continue
        leaf = min(cands, key=lambda e: float(np.linalg.norm(pos[e] - pos[r])))
        parent[r] = parent[leaf]
        bones[r].parent = bones[parent[leaf]].name
        top = tops()
        out.append(f"the tree rooted at {bones[r].name!r} starts where {bones[leaf].name!r} ends: hung under "
                   f"{bones[r].parent!r} (an IK export's detached hand or foot)")
    return out
