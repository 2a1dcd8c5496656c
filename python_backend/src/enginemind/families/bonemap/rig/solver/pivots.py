"""Block figures: upright bodies whose limbs are single pivots (no names needed).

Voxel and block-model characters (Minecraft-like mods, Luanti mobs, Survivalcraft, Blockbench and Kenney's mini
characters) rig each body part as one bone: the pivot its box turns about, with nothing or an end marker below it.
The structure solver's limb pairs need chains of two joints or more, so on such rigs it found nothing and the map
rested on names, which 'Bone.001' .. 'Bone.005' do not give (a Luanti dungeon master and sand monster, held-out batch
950: 0 of 6 and 2 of 12 right; the committed Survivalcraft, Twilight Forest and Kenney figures read only by names).

Here the figure is two mirrored pairs of short parts (a pivot with at most two bones below it), each pair two
siblings, both pairs across one axis and apart along the file's declared up axis: the upper pair is the arms, the
lower the legs (each pivot the upper arm / thigh, as labelled). The legs' parent is the pelvis; the arms' parent,
when another bone, the chest; the head is the largest part on the midline that reaches above the arms' pivots (with
a neck when it goes on upward one bone). Which side is left follows the declared forward axis, else the file's axis
convention (the character's left is the positive side of the world axis across the body: glTF and Maya face +Z,
Blender -Y, both left +X), which the figure has no bone to check: sides are warned as a convention and names win.
Not read here: quadrupeds and insects (another pair level with the legs), figures with no head part above the
"arms" (ears over a face), robots (joint axes) and 2-D puppets (every joint on one plane).
"""

from __future__ import annotations

import itertools

import numpy as np

from enginemind.families.bonemap.rig.roles import Role
from enginemind.families.bonemap.rig.solver.frame import BodyFrame, Geo, RoleOut, declared_forward, unit

PIVOT_WEIGHT = 0.6
"""Roles read off a block figure weigh as a half body's (``solve.PARTIAL_WEIGHT``): names that disagree win."""
SHORT = 3
"""The most bones a limb part holds (its pivot, an end marker, a held item's pivot)."""
MAX_PARTS = 8
"""The most parts one trunk bone carries (a sand monster's body: two arms, two legs, a neck, two loincloth flaps); a
scene flattened into one node's children (a Sketchfab robot's 30 mesh parts) is no figure."""


def pivot_figure(geo: Geo, out: RoleOut) -> tuple[int, int, BodyFrame] | None:
    """(pelvis, chest, frame) with the figure's roles set in ``out``, or None where no block figure is read (module
    docstring)."""
    axis = geo.declared_axis
    if axis is None or geo.hinged or _flat(geo.pos):
        return None  # (a robot's links are no block figure; nor is a 2-D puppet's plane)
    up = np.eye(3)[axis]
    pairs = _sibling_pairs(geo)
    found = []
    for (pa, a1, a2), (pl, l1, l2) in itertools.permutations(pairs, 2):
        drop = _arms_over_legs(geo, up, (a1, a2), (l1, l2))
        if drop is None:
            continue
        la, ll = (geo.pos[a1] - geo.pos[a2], geo.pos[l1] - geo.pos[l2])
        skew = round(float(np.degrees(np.arccos(min(1.0, abs(float(unit(la) @ unit(ll))))))) / 5)
        key = (pl == pa, len(geo.sk.ancestors(pa)), -skew, drop)  # legs beside the arms on one trunk bone first,
        # the deeper trunk first (a sand monster's IK goals for the hands and feet hang from its ground root, its
        # limbs from its body below it), then the pairs most alike across (a kobold's torso pivot beside its right
        # arm's)
        found.append((key, pa, (a1, a2), pl, (l1, l2)))
    for _, chest, arms, pelvis, legs in sorted(found, key=lambda f: f[0], reverse=True):
        if chest != pelvis and pelvis not in geo.sk.ancestors(chest) and chest not in geo.sk.ancestors(pelvis):
            continue  # arms and legs on separate branches: no trunk between them
        if any(_level_beside(geo, up, legs, (a, b)) for _, a, b in pairs if {a, b}.isdisjoint(arms + legs)):
            return None  # another pair level with the legs: legs in front and behind (a quadruped, an insect)
        head = _head(geo, up, arms, legs, {pelvis, chest} | set(geo.sk.ancestors(pelvis)))
        if head is not None:  # (no head over the "arms": ears or horns over a face, or IK goals read as limbs
            # under a trunk that holds the real ones: the next reading is tried)
            return _figure(geo, out, up, arms, legs, pelvis, chest, head)
    return None


def _figure(geo: Geo, out: RoleOut, up: np.ndarray, arms: tuple[int, int], legs: tuple[int, int], pelvis: int,
            chest: int, head: tuple[int, int]) -> tuple[int, int, BodyFrame]:
    """The figure's roles set in ``out`` (``head``: neck and head bones, the neck -1 where there is none)."""
    lat = unit(geo.pos[arms[0]] - geo.pos[arms[1]] + geo.pos[legs[0]] - geo.pos[legs[1]])
    lat = unit(lat - (lat @ up) * up)
    fwd = declared_forward(geo.sk.forward_axis)
    if fwd is not None and abs(float(fwd @ up)) < 0.5:
        left = unit(np.cross(up, fwd))
    else:
        left = lat * float(np.sign(lat[int(np.argmax(np.abs(lat)))]))
    heights = geo.pos @ up
    ground = float(heights.min())
    frame = BodyFrame(up, left, np.cross(left, up), float(heights.max() - ground) or 1.0, ground, 0.0)
    for pair, kind in ((arms, "upperarm"), (legs, "thigh")):
        mid = (geo.pos[pair[0]] + geo.pos[pair[1]]) / 2
        for b in pair:
            out.set(_joint(geo, b), Role(kind, "L" if float((geo.pos[b] - mid) @ left) > 0 else "R"), 0.9)
    out.set(pelvis, Role("pelvis"), 0.9)
    if chest != pelvis:
        out.set(chest, Role("spine", None, 1.0), 0.8)
    if head[0] >= 0:
        out.set(head[0], Role("neck", None, 0.0), 0.7)
    out.set(head[1], Role("head"), 0.8)
    return pelvis, chest, frame


def _joint(geo: Geo, b: int) -> int:
    """The part's joint: ``b``, or the bone stacked on its point as its only child (a Bedrock model's
    'molang_left_arm' pivot carrying 'left_arm': Dragon Survival's hunters, held-out batch 896)."""
    while len(geo.kids[b]) == 1 and geo.dist(geo.kids[b][0], b) <= 1e-3 * geo.scale:
        b = geo.kids[b][0]
    return b


def _flat(pos: np.ndarray) -> bool:
    """Every joint on one plane of the world axes (a 2-D rig)."""
    span = pos.max(axis=0) - pos.min(axis=0)
    return bool(np.any(span <= 1e-3 * (float(np.linalg.norm(span)) or 1.0)))


def _level_beside(geo: Geo, up: np.ndarray, legs: tuple[int, int], pair: tuple[int, int]) -> bool:
    """``pair`` lies level with ``legs`` (their midpoints within 0.15 x the legs' spread of one height) across the
    same axis (within 25 degrees), its midpoint off the legs' (by more than half their spread)."""
    pos = geo.pos
    ll, lp = pos[legs[0]] - pos[legs[1]], pos[pair[0]] - pos[pair[1]]
    spread = float(np.linalg.norm(ll))
    d = (pos[pair[0]] + pos[pair[1]]) / 2 - (pos[legs[0]] + pos[legs[1]]) / 2
    return abs(float(unit(ll) @ unit(lp))) >= np.cos(np.radians(25.0)) and abs(float(d @ up)) <= 0.15 * spread \
        and float(np.linalg.norm(d)) > 0.5 * spread


def _sibling_pairs(geo: Geo) -> list[tuple[int, int, int]]:
    """(parent, a, b) for two short parts (``SHORT``) of one parent, of one shape, at distinct points."""
    out = []
    for v in range(len(geo.pos)):
        if len(geo.kids[v]) > MAX_PARTS:
            continue
        short = [c for c in geo.kids[v] if geo.size[c] <= SHORT]
        for a, b in itertools.combinations(short, 2):
            if geo.size[a] == geo.size[b] and \
                    geo.dist(a, b) > 0.05 * geo.scale:
                out.append((v, a, b))
    return out


def _arms_over_legs(geo: Geo, up: np.ndarray, arms: tuple[int, int], legs: tuple[int, int]) -> float | None:
    """How well the pair ``arms`` sits over the pair ``legs`` as a figure's (the legs' drop below the arms, in
    body extents), or None: both across one axis (within 25 degrees), each pair level (its two pivots within 0.15 x
    their spread of one height), the arms at least 0.2 x the body's extent above the legs and their midpoints on
    one vertical line (within 0.15 x the drop)."""
    pos = geo.pos
    la, ll = pos[arms[0]] - pos[arms[1]], pos[legs[0]] - pos[legs[1]]
    if abs(float(unit(la) @ unit(ll))) < np.cos(np.radians(25.0)):
        return None
    if abs(float(la @ up)) > 0.15 * float(np.linalg.norm(la)) or abs(float(ll @ up)) > 0.15 * float(np.linalg.norm(ll)):
        return None
    d = (pos[arms[0]] + pos[arms[1]]) / 2 - (pos[legs[0]] + pos[legs[1]]) / 2
    drop = float(d @ up)
    if drop < 0.2 * geo.scale or float(np.linalg.norm(d - drop * up)) > 0.15 * drop:
        return None
    return drop / geo.scale


def _head(geo: Geo, up: np.ndarray, arms: tuple[int, int], legs: tuple[int, int],
          trunk: set[int]) -> tuple[int, int] | None:
    """(neck or -1, head): of the parts off the trunk that lie on the midline (within 0.35 x the arms' spread) and
    reach above the arms' pivots less 0.15 x the arms' drop over the legs, the one with most bones (then the one
    nearest the arms' midpoint: a Vengi character's glider on its back sits higher than its head's pivot); a part that
    goes on upward one bone (more than 0.15 x that drop) is the neck with the head above it. None where no part
    qualifies."""
    pos = geo.pos
    mid = (pos[arms[0]] + pos[arms[1]]) / 2
    spread = float(np.linalg.norm(pos[arms[0]] - pos[arms[1]]))
    drop = float((mid - (pos[legs[0]] + pos[legs[1]]) / 2) @ up)
    limbs = set().union(*(geo.subtree(b) for b in arms + legs))
    best = None
    for v in trunk:
        for c in geo.kids[v]:
            if c in trunk or c in limbs:
                continue
            part = geo.subtree(c)
            off = pos[c] - mid
            top = max(float((pos[i] - mid) @ up) for i in part)
            if float(np.linalg.norm(off - (off @ up) * up)) <= 0.35 * spread and top >= -0.15 * drop:
                key = (len(part), -float(np.linalg.norm(off)))
                if best is None or key > best[0]:
                    best = (key, c)
    if best is None:
        return None
    head = best[1]
    above = [k for k in geo.kids[head] if float((pos[k] - pos[head]) @ up) > 0.15 * drop]
    return (head, above[0]) if len(above) == 1 else (-1, head)
