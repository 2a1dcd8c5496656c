"""Half bodies for the structure solver: one pair of limbs only (no names).

A robot torso on a wheeled base or a half-body avatar has arms and no legs; a biped robot's lower body (Berkeley
Humanoid) has legs and no arms. ``solve`` needs both pairs to anchor its frame, so on such skeletons it found
nothing and the map rested on names alone. Here the longest mirror pair is read as arms or legs, and the frame
(up, left, forward and a full-body height, so the proportions the limb picker expects in body heights still
hold) is built from that pair alone:

- arms: jointed finger chains below both ends, or ends far apart for the limbs' length (T- or A-pose: the hands are
  0.9-2.0 reaches apart on the rigs measured, the feet 0.2-0.7), or a body part hanging below the branch bone
  beside the pair but well above the limb ends (the spine under the chest, not a root at the feet's level);
- legs: a body part rising far above the branch bone against the limbs (the torso above the hips; a head rises
  less than 0.6 reaches above the chest), or limbs that hang down along the skeleton's declared up axis;
- without either cue: arms when other bones sit beside the branch bone across the limbs (a head above arms that
  reach forward), legs when there is nothing but the limbs (a legs-only robot).

Measured on the full-body rigs of ``tests/bonemap`` and batches 10-12 (the solver's frame of each): the arms
reach 0.62 body heights from their branch bone on average, the hips sit 0.58 of the height above the feet and
the chest 0.76.
"""

from __future__ import annotations

import numpy as np

from enginemind.families.bonemap.rig.solver.frame import (
    DECLARED_VOTE,
    BodyFrame,
    Geo,
    declared_facing,
    forward_vote,
    unit,
)
from enginemind.families.bonemap.rig.solver.hands import hand_of

ARM_REACH_H = 0.62  # reach from the arms' branch bone to the finger tips, in body heights
HIP_H = 0.58  # hips over the feet
CHEST_H = 0.76  # the arms' branch bone over the feet
APART_ARMS = 0.75  # limb ends at least this many reaches apart: arms


def one_pair(geo: Geo, pairs: list[tuple[float, int, int, int]]) -> tuple[str, tuple[int, int, int]] | None:
    """("arms" | "legs", (branch bone, limb a, limb b)) for the longest mirror pair of real limbs, or None."""
    for _, v, a, b in pairs[:8]:
        if min(geo.size[a], geo.size[b]) < 2 or fan(geo, v):
            continue
        return ("arms" if _arms(geo, v, a, b) else "legs"), (v, a, b)
    return None


def fan(geo: Geo, v: int) -> bool:
    """Four or more jointed chains start below ``v`` on one point: the fingers of a hand fanning from its knuckles
    (a first-person hand alone, held-out batch 729, had been read as a body: thumb and ring as legs, pinky and index
    as arms), no pair of limbs; a body's hips and shoulders lie apart, and a legs-only body has two chains."""
    starts = [geo.pos[c] for c in geo.kids[v] if geo.size[c] >= 2]
    if len(starts) >= 4 and max(float(np.linalg.norm(p - starts[0])) for p in starts) <= 0.02 * geo.scale:
        return True
    return _knuckle_line(geo, v)


def _knuckle_line(geo: Geo, v: int) -> bool:
    """Four or more chains of three joints or more below ``v`` point the same way (within 45 degrees of their
    mean), and four of them start on a line across that way (their starts lie within 0.25 x the chains' median
    reach of each other along it, on one line across it), and no chain of two bones or more goes the other way: the
    knuckles of a hand whose fingers hang from the wrist (Vive Input Utility's 21-joint hand, held-out batch 840,
    read as a body: index and middle as arms, ring and pinky as legs). A small robot's or an animal's trunk carries a
    head or a tail the other way, and a legged robot's four hips make a rectangle."""
    chains = [c for c in geo.kids[v] if len(geo.main_path(c)) >= 3]
    if len(chains) < 4:
        return False
    dirs = [unit(geo.pos[geo.end[c]] - geo.pos[c]) for c in chains]
    mean = unit(sum(dirs, np.zeros(3)))
    alike = [c for c, d in zip(chains, dirs, strict=True) if np.any(mean) and float(d @ mean) >= np.cos(np.pi / 4)]
    if len(alike) < 4:
        return False
    if any(geo.size[c] >= 2 and float((geo.pos[geo.end[c]] - geo.pos[v]) @ mean) < 0 for c in geo.kids[v]):
        return False  # a head, a torso or a tail goes the other way
    reach = float(np.median([geo.reach(v, c) for c in alike]))
    knuckle = {c: c for c in alike}
    first = sorted(float(geo.pos[c] @ mean) for c in alike)
    row = [first[k + 1] for k in range(len(first) - 2) if first[k + 2] - first[k] <= 0.1 * reach]
    if row:  # three knuckles in a row: another chain's knuckle may be its second joint, its first lying back in the
        # palm (a robot hand's in-palm pinky joint: Tesollo's DG-5F, 'rl_dg_5_1' 4 cm below the other knuckles,
        # held-out batch 889)
        knuckle = {c: min(geo.main_path(c)[:2], key=lambda b: abs(float(geo.pos[b] @ mean) - row[0])) for c in alike}
    starts = sorted(alike, key=lambda c: float((geo.pos[knuckle[c]] - geo.pos[v]) @ mean))
    for k in range(len(starts) - 3):
        four = np.array([geo.pos[knuckle[c]] for c in starts[k:k + 4]])
        along = four @ mean
        if float(along.max() - along.min()) > 0.25 * reach:
            continue
        across = four - np.outer(four @ mean, mean)
        _, spread, axes = np.linalg.svd(across - across.mean(axis=0), full_matrices=False)
        gaps = np.diff(np.sort(across @ axes[0]))
        if spread[0] > 0 and spread[1] <= 0.25 * spread[0] and gaps.min() >= 0.25 * gaps.max():
            return True  # on one line across, spaced apart (a quadruped's four hips make a rectangle, a narrow
            # one two pairs along its length: Unitree's Go2, held-out batch 914)
    return False


def _arms(geo: Geo, v: int, a: int, b: int) -> bool:
    """True when the pair (``a``, ``b``) below ``v`` reads as arms, False for legs (module docstring)."""
    if _fingered(geo, a) and _fingered(geo, b):
        return True
    reach = min(geo.reach(v, a), geo.reach(v, b))
    ends = geo.pos[geo.end[a]], geo.pos[geo.end[b]]
    if float(np.linalg.norm(ends[0] - ends[1])) > APART_ARMS * reach:
        return True
    # measured from the limbs' roots: a robot's link frames may put the arms' branch bone at the waist joint
    base = (geo.pos[a] + geo.pos[b]) / 2
    d = unit(unit(ends[0] - base) + unit(ends[1] - base))
    far = min(float((e - base) @ d) for e in ends)
    limbs = {v, *geo.subtree(a), *geo.subtree(b)}  # the pair's subtrees and v; every other bone is the rest of the body
    rest = [i for i in range(len(geo.pos)) if i not in limbs]
    along = [float((geo.pos[i] - base) @ d) for i in rest]
    if min(along, default=0.0) < -0.6 * reach:
        return False  # a torso rises above the hips, against the limbs (a head above the chest rises less)
    if any(0.15 * reach < x < 0.75 * reach and (abs(x - far) > 0.1 * reach or far < 0.6 * reach) for x in along):
        return True  # the spine hangs below the chest (a root at the ground lies as low as the feet of straight legs)
    if geo.declared_axis is not None:
        return float(d @ np.eye(3)[geo.declared_axis]) > -0.7  # legs hang down
    # a body part beside the branch bone, across the limbs (a head above arms that reach forward): arms; nothing
    # but the limbs and links stacked at their branch bone (a legs-only robot): legs
    return any(abs(x) <= 0.15 * reach < float(np.linalg.norm(geo.pos[i] - base))
               for i, x in zip(rest, along, strict=True))


def _fingered(geo: Geo, a: int) -> bool:
    """Limb ``a`` ends in a hand: two or more jointed chains below the bone its far leaves share (a foot's
    helpers and ball are single bones)."""
    hand = hand_of(geo, a)
    return hand >= 0 and sum(geo.size[c] >= 2 for c in geo.kids[hand]) >= 2


def spine_up(geo: Geo, v: int, line: list[int], arm: int) -> np.ndarray | None:
    """Up for an upper body: from the tree's root ``line[0]`` to the chest ``v``, where that spine is a tenth of the
    reach of the arm from ``arm`` or longer; else None."""
    return unit(geo.pos[v] - geo.pos[line[0]]) if geo.dist(v, line[0]) > 0.1 * geo.reach(v, arm) else None


def partial_frame(geo: Geo, kind: str, v: int, paths: tuple[list[int], list[int]],
                  line: list[int], hints: list[np.ndarray], tiebreak: list[np.ndarray] | None = None) -> BodyFrame:
    """The body frame from one pair of limbs: ``paths`` are their main paths from ``v``; ``line`` the bones from
    the tree's root down to ``v`` (arms: the spine below the chest gives ``up``). ``tiebreak``: weaker cues (hands
    held out in front) that decide only where ``hints`` say nothing, before the file's convention does, as for a
    whole body (``estimate_frame``)."""
    pos = geo.pos
    ends = pos[paths[0][-1]], pos[paths[1][-1]]
    if kind == "legs":
        up = unit(pos[v] - (ends[0] + ends[1]) / 2)
    else:
        up = spine_up(geo, v, line, paths[0][0])
        if up is None:
            up = np.zeros(3)
        if not np.any(up):  # the chest is the root: up is where the other chains (neck, head) go
            others = [c for c in geo.kids[v] if c not in (paths[0][0], paths[1][0])]
            up = unit(sum((pos[geo.end[c]] - pos[v] for c in others), np.zeros(3)))
        if not np.any(up):  # nothing but the arms: the file's declared up axis, else Y (a dual-arm robot on a
            # base framed at the chest's point, URDF Z up: ABB YuMi, held-out batch 621)
            up = np.eye(3)[2 if geo.declared_axis == 2 else 1]
    second = [p[1 if len(p) > 1 else 0] for p in paths]
    lat = ends[0] - ends[1] + pos[second[0]] - pos[second[1]]
    lat = unit(lat - (lat @ up) * up)
    if not np.any(lat):
        lat = unit(np.cross(up, np.array([0.0, 0.0, 1.0]))) if abs(up[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    fwd = np.cross(lat, up)
    vote = forward_vote(hints, up, fwd)
    facing = round(abs(vote), 9)  # how clearly the cues said it, as for a whole body (``BodyFrame.facing``): every
    # partial frame had said 0, so legs alone with their toes pointing forward warned that nothing showed the
    # facing, and their side marks could not give way to the pose (``merge.pose_decides_sides``)
    axis = geo.declared_axis  # (only on the file's own up axis: a frame read tilted from
    declared = declared_facing(geo.sk.forward_axis, fwd) if axis is not None and up[axis] > 0.9 else 0.0
    if declared and vote * declared <= 0 and abs(vote) < DECLARED_VOTE:  # its links, Pepper's, says nothing there)
        vote, facing = declared, 0.0  # the file says which way its bodies face, as for a whole body (a URDF's +X:
        # ABB YuMi's thumbs, turned back and up as its hands meet in front, had faced it backwards, batch 621)
    elif abs(vote) < 0.02:
        weak = forward_vote(tiebreak or [], up, fwd) if not geo.sk.forward_axis else 0.0  # (Ragdoll Dynamics'
        # pirate, an upper body whose forearms reach forward: its thumbs said nothing and the convention had turned
        # it round, held-out batch 1276; a robot's arms rest in any pose, and its file declares its facing)
        vote, facing = (weak if abs(weak) >= 0.02 else float(lat[int(np.argmax(np.abs(lat)))])), 0.0
    if vote < 0:
        lat, fwd = -lat, -fwd
    if kind == "legs":
        ground = float(min(ends[0] @ up, ends[1] @ up))
        h = max(float(pos[v] @ up) - ground, 1e-9) / HIP_H
    else:
        h = (geo.reach(v, paths[0][0]) + geo.reach(v, paths[1][0])) / 2 / ARM_REACH_H
        ground = float(pos[v] @ up) - CHEST_H * h
    return BodyFrame(up, lat, fwd, h, ground, facing)
