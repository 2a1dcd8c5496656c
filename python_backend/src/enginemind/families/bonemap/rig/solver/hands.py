"""Hands: the wrist where the finger tips meet, finger chains, the thumb and the finger order from geometry.

- the hand is the deepest bone with most of the arm's farthest leaves below it (one long helper or prop
  chain does not move it);
- finger chains are the own bones of the paths to the tips below the hand (a zero-length leaf beside a sibling
  is an end marker, not a tip); with the forearm's direction
  known, chains pointing sideways or backwards (more than 80 degrees off it) are helpers, not fingers;
- the thumb stands apart (direction, tip nearest the wrist, a bone shorter with metacarpals), points less
  than 80 degrees off the forearm and reaches at least 0.45 x as far as the fingers;
- the other fingers are ordered across the knuckles from the thumb, or, without a thumb, from the body's
  front (the index is the most forward finger in a T / A pose); more than four: the four most alike stay
  (bone count, reach, first joint's distance); fewer than four: a knuckle gap far above the usual spacing
  marks the missing finger (else the pinky goes);
- the knuckle (segment 1) is a finger's first joint at least 0.42 x its end's distance from the wrist (along
  the chain for a finger curled back toward the palm; three or more fingers with as many bones take their
  most common reading, the nearer knuckle on a tie); the joint before it is the metacarpal, earlier ones
  (palm helpers) get nothing; the thumb's roles are its last three joints before end bones as long as the
  fingers' ones.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from enginemind.families.bonemap.rig.roles import Role
from enginemind.families.bonemap.rig.solver.frame import Geo, RoleOut, angle_deg, unit
from enginemind.families.bonemap.rig.solver.hand_extras import dedup_chains, mitten_thumb

NON_THUMB = ("index", "middle", "ring", "pinky")


def _depth(geo: Geo, i: int) -> int:
    d = 0
    while geo.parent[i] >= 0:
        i, d = geo.parent[i], d + 1
    return d


def _along_sibling(geo: Geo, t: int) -> bool:
    """True when leaf ``t`` lies inside the segment from its parent to a sibling joint: a twist / roll helper
    (Qualisys' 'LeafLeftForeArmRollBone1' halfway along the forearm), not a finger tip."""
    p = geo.parent[t]
    for s in geo.kids[p] if p >= 0 else ():
        d = geo.pos[s] - geo.pos[p]
        length2 = float(d @ d)
        if s == t or length2 <= 1e-12:
            continue
        u = float((geo.pos[t] - geo.pos[p]) @ d) / length2
        if 0.05 < u < 0.95 and float(np.linalg.norm(geo.pos[p] + u * d - geo.pos[t])) <= 0.025 * math.sqrt(length2):
            return True
    return False


def hand_of(geo: Geo, a: int) -> int:
    """The deepest bone below ``a`` with most of the farthest leaves (finger tips) under it, or -1 (leaves lying
    along a segment of the arm, twist helpers, do not count). A "hand" whose chains reach farther than the arm
    does up to it is a sleeve's hub: its tips are left out and the hand is sought again (Dumbledore's
    'bone_larmhub' on the upper arm, two robe-sleeve chains hanging past the hand, held-out batch 839)."""
    skip: set[int] = set()
    for _ in range(3):
        h = _hand_of(geo, a, skip)
        if h < 0 or h == a:
            return h
        arm = sum(float(geo.edge[i]) for i in geo.path(a, h))
        if not any(geo.size[c] >= 3 and float(geo.down[c]) > arm for c in geo.kids[h]):
            return h  # (a chain's reach past its first joint: a hand bone's own length does not count)
        skip |= set(geo.leaves_under(h))
    return -1


def _hand_of(geo: Geo, a: int, skip: set[int]) -> int:
    leaves = [t for t in geo.leaves_under(a) if t not in skip]
    if not leaves:
        return -1
    leaves = [t for t in leaves if not _along_sibling(geo, t)] or leaves
    top = _far_tips(geo, a, leaves)
    if len(top) < 2:  # one far leaf: a prop on a bone that also carries three finger chains or more reaches past
        # them (a lizard warrior's 'Blade' and 'Shield', 1.3 m out from the hand: held-out batch 910)
        props = [t for t in top if sum(1 for c in geo.kids[geo.parent[t]] if geo.kids[c]) >= 3]
        top = _far_tips(geo, a, [t for t in leaves if t not in props]) if props else top
    if len(top) < 2:
        return -1
    need = len(top) if len(top) <= 3 else max(3, math.ceil(0.6 * len(top)))
    count: dict[int, int] = {}
    for t in top:
        i = geo.parent[t]
        while i >= 0:
            count[i] = count.get(i, 0) + 1
            if i == a:
                break
            i = geo.parent[i]
    cands = [i for i, c in count.items() if c >= need]
    if not cands:
        return -1
    return _split_wrist(geo, _past_wrist_markers(geo, max(cands, key=lambda i: _depth(geo, i)), top))


def _past_wrist_markers(geo: Geo, h: int, tips: list[int]) -> int:
    """The child of ``h`` that carries three finger tips or more when every other tip under ``h`` lies around that
    child's joint (within 0.3 x its farthest tip's reach): those are markers on the wrist hung from the forearm, not
    fingers, and the child is the hand. A HumanIK-style rig's four 'LeftWrist_front_helper' leaves, 1.6-3 cm from
    a wrist whose finger tips lie 16 cm out, had made the forearm the hand (held-out batch 1297)."""
    under = {c: [t for t in tips if geo.is_below(c, t)] for c in geo.kids[h]}
    c = max(under, key=lambda c: len(under[c]), default=-1)
    if c < 0 or len(under[c]) < 3:
        return h
    reach = max(geo.dist(c, t) for t in under[c])
    rest = [t for t in tips if geo.is_below(h, t) and t not in under[c]]
    return c if rest and all(geo.dist(t, c) < 0.3 * reach for t in rest) else h


def _far_tips(geo: Geo, a: int, leaves: list[int]) -> list[int]:
    """The leaves at least 0.8 x as far from ``a`` as the farthest, one per point (``_one_tip``)."""
    if not leaves:
        return []
    dist = {t: geo.dist(t, a) for t in leaves}
    far = max(dist.values())
    top: list[int] = []
    for t in (t for t in leaves if dist[t] >= 0.8 * far):
        if not any(_one_tip(geo, t, u) for u in top):
            top.append(t)
    return top


def _one_tip(geo: Geo, t: int, u: int) -> bool:
    """Leaves on one point are one tip (an IK effector on the wrist's end: Panda3D's boxing robot, 'joint11' and
    'effector1' a forearm's length past the elbow, held-out batch 607), unless they start a short way past their
    common parent, under half its own length: the heads of fingers exported without their tails (an N64 jam
    player's 'Doigt1_G' and 'Doigt2_G' on 'Poignet_G', held-out batch 701)."""
    if geo.dist(t, u) > 1e-3 * geo.scale:
        return False
    p = geo.parent[t]
    return not (p >= 0 and p == geo.parent[u] and geo.edge[t] < 0.5 * geo.edge[p])


def mitten_with_prop(geo: Geo, a: int) -> int:
    """The first bone along ``a``'s main path, past its first two joints, that carries two or more jointed side
    chains (fingers of two bones or more) each shorter than the bone into it, beside a continuation reaching
    farther than any of them: a mitten hand holding a prop chain that runs past its fingers, where no fan of
    finger tips marks the hand (LayaAir's Danding: 'Bip001 L Hand' > 'Bone008(mirrored)' > 'L_Hand', held-out
    batch 599); -1 if none."""
    path = geo.main_path(a)
    for k in range(2, len(path) - 1):
        b, on = path[k], path[k + 1]
        side = [c for c in geo.kids[b] if c != on and geo.kids[c]]
        if len(side) >= 2 and all(geo.reach(b, c) < min(geo.edge[b], geo.reach(b, on)) for c in side):
            return b
    return -1


def mitten_of_two(geo: Geo, a: int) -> int:
    """The bone on ``a``'s main path whose two leaves (a thumb and a finger block, each of some length) spread 40
    degrees or more apart, each 0.3-2 x the bone into it and within 2 x of each other: a giant's mitten, its thumb
    turned in so far that no fan of tips marks the hand (Infinity Blade's frost giant, 'b_MF_Thumb_01_L' and
    'b_MF_Finger_04_L' longer than the forearm, held-out batch 902); -1 if none."""
    for b in reversed(geo.main_path(a)[1:]):
        tips = [c for c in geo.kids[b] if not geo.kids[c] and geo.edge[c] > 1e-3 * geo.scale]
        if len(tips) != 2 or len(geo.kids[b]) > 3:
            continue
        u, v = (float(geo.edge[t]) for t in tips)
        if angle_deg(geo.pos[tips[0]] - geo.pos[b], geo.pos[tips[1]] - geo.pos[b]) >= 40.0 and \
                max(u, v) <= 2.0 * min(u, v) and 0.3 * geo.edge[b] <= min(u, v) and max(u, v) <= 2.0 * geo.edge[b]:
            return b
    return -1


def _split_wrist(geo: Geo, h: int) -> int:
    """The hand when ``h`` ends where two bones start together, away from it (a mitten exported as two chains
    from the wrist: Blender's 'Bone.007' and a thumb-like 'Bone.008' at one point below the forearm): the one
    reaching 1.2 x farther; else ``h``."""
    kids = geo.kids[h]
    tol = 1e-3 * geo.scale
    if len(kids) != 2 or geo.dist(kids[0], kids[1]) > tol or geo.edge[kids[0]] <= tol:
        return h
    a, b = sorted(kids, key=lambda k: -geo.reach(h, k))
    return a if geo.down[a] >= 1.2 * geo.down[b] > 0 else h




def finger_chains(geo: Geo, hand: int, arm_dir: np.ndarray | None = None) -> tuple[list[list[int]], int]:
    """Own bones of every finger chain below ``hand`` (hand side first) and the index of the thumb (-1).

    ``arm_dir`` (forearm -> hand) filters helper chains that point away from the hand's direction.
    """
    pos = geo.pos
    tips = [t for t in geo.leaves_under(hand) if t != hand]
    # a zero-length leaf beside a sibling is an end marker, not a finger tip (Xsens MVN characters end every
    # finger in a fork: 'Finger4' on the last joint, 'Finger5' at the tip)
    tips = [t for t in tips if geo.edge[t] > 1e-3 * geo.scale or len(geo.kids[geo.parent[t]]) < 2]
    if not tips:
        return [], -1
    dist = {t: float(np.linalg.norm(pos[t] - pos[hand])) for t in tips}
    along = [t for t in tips if arm_dir is None or angle_deg(pos[t] - pos[hand], arm_dir) < 50.0]
    # finger tips lie more than one bone below the hand: a one-bone leaf beside them (an Ursina rig's weapon socket,
    # held-out batch 424) sets no reach, nor do tips off the forearm's direction (Fallout 4's gun parts, batch 274)
    jointed = [t for t in (along or tips) if geo.parent[t] != hand]
    ref = sorted((dist[t] for t in (jointed if len(jointed) >= 2 else along or tips)), reverse=True)
    far = ref[min(2, len(ref) - 1)] if len(ref) >= 3 else ref[0]
    tips = [t for t in tips if 0.45 * far <= dist[t] <= 2.0 * far]
    if arm_dir is not None:
        tips = [t for t in tips if angle_deg(pos[t] - pos[hand], arm_dir) < 80.0]
    chains = []
    for t in tips:
        p = geo.path(hand, t)
        own = [b for b in p if sum(1 for u in tips if geo.is_below(b, u)) == 1]
        if own:
            chains.append(own)
    chains = dedup_chains(geo, chains, far)
    if sum(len(c) >= 2 for c in chains) >= 3:  # with three jointed fingers, one-bone leaves are markers or props
        chains = [c for c in chains if len(c) >= 2]  # (Rokoko's 'RightSecondMetacarpalHead' on the palm, an Ursina
        # rig's weapon socket beside thumb, pointer and one chain for the other fingers: held-out batch 424)
    if len(chains) == 2 and (t := mitten_thumb(geo, hand, chains, arm_dir)) >= 0:
        return chains, t  # a mitten: thumb and one finger chain
    if len(chains) < 3:  # one or two chains: which fingers they are is left to the names
        return [], -1
    dirs = [unit(pos[c[-1]] - pos[hand]) for c in chains]
    dev = []
    for k in range(len(chains)):
        others = unit(sum(d for j, d in enumerate(dirs) if j != k))
        dev.append(angle_deg(dirs[k], others))
    reach = sorted((dist[c[-1]], j) for j, c in enumerate(chains))
    if reach[0][0] < 0.85 * reach[1][0]:  # the thumb tip is the one nearest the wrist
        dev[reach[0][1]] += 10.0
    bases = sorted((float(np.linalg.norm(pos[c[0]] - pos[hand])), j) for j, c in enumerate(chains))
    if bases[0][0] < 0.7 * bases[1][0] and bases[1][0] >= 0.4 * reach[len(reach) // 2][0]:
        dev[bases[0][1]] += 10.0  # chains that start at their knuckles (no metacarpals): the thumb's lies nearest
        # the wrist (World of Warcraft's nameless M2 hands, fanned so that the pinky stands as far apart as the
        # thumb: held-out batch 431)
    behind = -1  # the one chain whose base lies behind the wrist (below)
    if arm_dir is not None and np.any(arm_dir):  # one chain starting behind the wrist along the forearm, the others
        # well ahead of it: the thumb (omtk's cartoon template, 'jnt_finger11_l' 2 cm back toward the elbow, its
        # three curled fingers fanned as far apart: held-out batch 969)
        ahead = [float((pos[c[0]] - pos[hand]) @ unit(arm_dir)) for c in chains]
        back = [j for j, a in enumerate(ahead) if a < 0]
        mid_reach = reach[len(reach) // 2][0]
        if len(back) == 1 and (all(a >= 0.2 * mid_reach for j, a in enumerate(ahead) if j != back[0]) or
                               ahead[back[0]] <= -0.2 * mid_reach):  # (or it starts well behind: a Leap Motion hand's
            # 'thumb-0' 3 cm back down the forearm, its other fingers' bases 0.6-1.3 cm ahead: batch 1154)
            dev[back[0]] += 30.0  # (decisive: no finger's knuckle lies behind the wrist)
            behind = back[0]
    # (links stacked at one point count once: MS-Human-700's thumb runs 'trapezium' > 'firstmc1' > 'firstmc' >
    # phalanges with the first two on one point, so it had counted a bone longer than the fingers, held-out batch 614)
    lens = [len(geo.unstacked(c, 1e-3 * geo.scale)) for c in chains]
    for j in range(len(chains)):  # with metacarpals the thumb is the one chain a bone shorter
        if all(lens[j] < lens[o] for o in range(len(chains)) if o != j):
            dev[j] += 15.0
    k = int(np.argmax(dev))
    second = max((d for j, d in enumerate(dev) if j != k), default=0.0)
    med = float(np.median(lens))
    thumb = -1
    reach_k = dist[chains[k][-1]]
    others = float(np.median([dist[c[-1]] for j, c in enumerate(chains) if j != k]))
    # (a thumb with more joints than the fingers stands apart by far: a robot hand's rotating thumb base, ABB
    # YuMi's Inspire hands 'link5' > 'link51' .. 'link5555' beside two-link fingers, held-out batch 621)
    if dev[k] > 20 and dev[k] - second >= 8 and lens[k] >= min(2, med) and \
            (lens[k] <= med + 0.5 or dev[k] - second >= 20) and (reach_k >= 0.45 * others or k == behind):
        thumb = k  # the thumb stands apart; without one, nobody does
    return chains, thumb


def _knuckle_at(geo: Geo, wrist: np.ndarray, chain: list[int], metacarpals: bool = False) -> int:
    """Position in ``chain`` of the proximal phalanx (knuckle): the first joint at least 0.42 x the chain
    end's straight distance from the wrist (metacarpal bases and palm helpers lie nearer, about 0.1-0.35 x). A
    finger curled back toward the palm is measured along the chain instead (its last segment counted at most
    1.5 x the one before it: some exporters put the tip marker a finger's length beyond the tip), as long as
    three joints remain from the knuckle on. ``metacarpals``: the hand shows it has them (a bone under the hand
    carries two chains: the thumb and the index on Rigify's 'palm.01')."""
    pts = [wrist] + [geo.pos[b] for b in chain]
    straight = [float(np.linalg.norm(p - pts[0])) for p in pts[1:]]
    seg = [float(np.linalg.norm(b - a)) for a, b in zip(pts, pts[1:], strict=False)]
    if len(seg) >= 3:
        seg[-1] = min(seg[-1], 1.5 * seg[-2])
    along = np.cumsum(seg)
    k_straight = next((k for k, x in enumerate(straight) if x >= 0.42 * straight[-1]), 0)
    k_along = next((k for k, x in enumerate(along) if x >= 0.42 * along[-1]), 0)
    k = max(k_straight, min(k_along, len(chain) - 3))
    if k == 1 and len(chain) == 4 and seg[0] > seg[1] >= seg[2] and (seg[2] >= seg[3] or k_straight == 1) and \
            not metacarpals:
        # four joints read as metacarpal and three phalanges, where the first lies farther from the wrist than
        # the next bone is long and the next two shrink like phalanges: the first is the knuckle and the last a tip
        # marker, however long on a straight finger (The Deep West's 'Index_END_L' a third longer than the last
        # phalanx, the first joints 0.35 x the reach from a palm bone, held-out batch 942; a curled finger's last
        # bone, longer than the one before it, keeps the metacarpal); a textbook's Mixamo woman, knuckles 0.39 x
        # the reach from the wrist, held-out batch 167; O3DE's Rin, whose metacarpal is shorter than its proximal
        # phalanx, keeps its reading; so does a hand whose metacarpals start mid-palm, when another finger shows it
        # has them: Menori's Rigify monk, held-out batch 338)
        return 0
    return k


def _without_copied_tips(geo: Geo, chain: list[int], keep: int = 4) -> list[int]:
    """``chain`` less the leaf bones an export appended (``keep`` joints kept: four on a finger, its metacarpal and
    three phalanges; three on the thumb, whose roles are three joints): Blender's FBX export adds a leaf bone as
    long as its parent and along it at every chain's end, so a file exported twice ends each finger in '_end' >
    '_end_end', the second link a copy of the first (within 2 % of its length), and both are leaves an export added
    (a VR CPR trainer's Mixamo patient, held-out batch 1178: the two leaves had moved every knuckle one joint out).
    Real phalanges shorten toward the tip or bend; a robot description's links are no export's leaves (the Allegro
    hand's equal 'link_3' > 'link_3_tip'). (A thumb of three links kept four, its copied tip's parent among them,
    and the thumb's roles moved one joint out: an exercise game's 'Right_Thumb_3' > .. > '_1' > '_1_end' >
    '_1_end_end', held-out batch 1287.)"""
    if geo.hinged:
        return chain
    pos = geo.pos
    copies = 0
    k = len(chain) - 1
    while k >= 2 and len(geo.kids[chain[k - 1]]) == 1 and (copies or not geo.kids[chain[k]]):
        last, before = pos[chain[k]] - pos[chain[k - 1]], pos[chain[k - 1]] - pos[chain[k - 2]]
        if float(np.linalg.norm(last - before)) > 0.02 * float(np.linalg.norm(before)):
            break
        copies += 1
        k -= 1
    drop = min(copies + 1, len(chain) - keep) if copies else 0
    return chain[:len(chain) - drop] if drop > 0 else chain


def _without_side_ends(geo: Geo, chain: list[int]) -> list[int]:
    """``chain`` less the leaf run at its end that turns off a straight finger (the first segment over 70 degrees off
    the one before it, the segments before that within 30 degrees of each other, at least three joints kept): a
    Blender export's '_end' / '_end_end' leaves point along each bone's roll axis, sideways off the tip (a VALID
    avatar's 'LeftHandIndex4_end', held-out batch 552: read as joints, they pushed every finger one segment toward
    the wrist). A curled finger turns all along, and keeps its joints."""
    pos = geo.pos
    segs = [pos[b] - pos[a] for a, b in zip(chain, chain[1:], strict=False)]
    for k in range(1, len(segs)):
        turn = angle_deg(segs[k], segs[k - 1])
        if turn > 30.0:
            return chain[:k + 1] if k >= 2 and turn > 70.0 and all(len(geo.kids[b]) <= 1 for b in chain[k + 1:]) \
                else chain
    return chain


def _wrist(geo: Geo, hand: int, arm_dir: np.ndarray | None) -> int:
    """The joint the palm starts at: the hand, or its parent when the hand is a short palm bone just past it
    (HumanIK's 'FingerBase', 2 cm past 'Hand', after a forearm ten times as long) and its only child."""
    p = geo.parent[hand]
    if p < 0 or geo.kids[p] != [hand] or arm_dir is None:
        return hand
    palm = geo.dist(hand, p)
    return p if 0 < palm < 0.15 * float(np.linalg.norm(arm_dir)) else hand


def _one_carpal_point(pos: np.ndarray, chains: list[list[int]]) -> bool:
    """True when three or more finger chains of two or more bones start at one point (within 0.05 x their median
    reach from it): no two knuckles lie on one point, so those first joints are where metacarpals begin."""
    if len(chains) < 3 or any(len(c) < 2 for c in chains):
        return False
    firsts = np.array([pos[c[0]] for c in chains])
    reach = float(np.median([np.linalg.norm(pos[c[-1]] - pos[c[0]]) for c in chains]))
    return reach > 0 and float(np.max(np.linalg.norm(firsts - firsts.mean(axis=0), axis=1))) <= 0.05 * reach


def _shared_base(pos: np.ndarray, chains: list[list[int]]) -> np.ndarray | None:
    """Where finger chains hung straight from a forearm start together (their first joints within 0.3 x the
    shortest chain's reach of their mean): the wrist of a hand without a hand bone, else None (a mitten's
    'Palm' chain beside an index that starts at its knuckle, Quaternius' cowboy, measures from the forearm)."""
    firsts = np.array([pos[c[0]] for c in chains])
    mean = firsts.mean(axis=0)
    spread = float(np.max(np.linalg.norm(firsts - mean, axis=1)))
    reach = min(float(np.linalg.norm(pos[c[-1]] - mean)) for c in chains)
    return mean if spread < 0.3 * reach else None


def _slots(knuckles: list[np.ndarray], wrist: np.ndarray, second: list[np.ndarray] | None = None) -> list[str]:
    """Finger names for knuckles ordered from the index side. Knuckles lie about 0.3 x their distance from
    the wrist apart; a gap above 0.385 x that distance (and the largest by a margin) marks a missing finger.
    ``second`` (the next joint of each finger) averages the gaps over two rows of joints."""
    n = len(knuckles)
    if n == 3:
        kd = float(np.mean([np.linalg.norm(k - wrist) for k in knuckles]))
        gaps = np.array([float(np.linalg.norm(b - a)) for a, b in zip(knuckles, knuckles[1:], strict=False)])
        if second is not None and len(second) == n:
            gaps = 0.5 * (gaps + [float(np.linalg.norm(b - a)) for a, b in zip(second, second[1:], strict=False)])
        k = int(np.argmax(gaps))
        if gaps[k] > 0.385 * kd and gaps[k] > 1.3 * min(gaps):  # the finger between k and k + 1 is missing
            return [name for j, name in enumerate(NON_THUMB) if j != k + 1]
    return list(NON_THUMB[:n])


def fingers(geo: Geo, out: RoleOut, hand: int, side: str, arm_dir: np.ndarray | None = None,
            forward: np.ndarray | None = None, on_forearm: bool = False, wrist_at: np.ndarray | None = None) -> None:
    """Finger roles below ``hand`` (see the module docstring). ``on_forearm``: ``hand`` is the forearm of a hand
    without a hand bone, so the wrist is where the finger chains start (a Blender minotaur's F1-F20 under
    'Forearm.L' begin with their palm bones, which the forearm's elbow end had made read as knuckles).
    ``wrist_at``: where the palm starts when the hand bone lies elsewhere (a robot hand's palm link framed at the
    knuckles, its wrist link hanging back from it)."""
    pos = geo.pos
    chains, thumb = finger_chains(geo, hand, arm_dir)
    if not chains:
        return
    # a bone stacked at zero length on the next one (a pivot node) is not the joint, and a zero-length leaf on
    # the last joint is its end marker (a Motorica BVH's 'LeftHandIndex3_End' on 'LeftHandIndex3': the leaf had
    # kept the distal role and the joint lost it, held-out batch 183)
    tol = 1e-3 * geo.scale
    chains = [geo.unstacked(c[:-1] if len(c) > 1 and geo.end_marker(c[-1], tol) else c, tol) for c in chains]
    chains = [_without_side_ends(geo, c) for c in chains]
    trimmed = [_without_copied_tips(geo, c, 3 if k == thumb else 4) for k, c in enumerate(chains)]
    if thumb >= 0 and len(chains) > 1:  # the thumb loses no more copied tips than every finger does (a procedural
        # rig's equal segments read as copies: pmtech's test character, whose fingers keep their four joints)
        cut = min(len(c) - len(t) for k, (c, t) in enumerate(zip(chains, trimmed, strict=True)) if k != thumb)
        trimmed[thumb] = chains[thumb][:len(chains[thumb]) - min(cut, len(chains[thumb]) - len(trimmed[thumb]))]
    chains = trimmed
    rest = [k for k in range(len(chains)) if k != thumb]
    if len(rest) > 4:  # extra chains: keep the four most alike (bone count, reach)
        med_len = float(np.median([len(chains[k]) for k in rest]))
        med_reach = float(np.median([np.linalg.norm(pos[chains[k][-1]] - pos[hand]) for k in rest]))
        first = {k: max(1e-9, float(np.linalg.norm(pos[chains[k][0]] - pos[hand]))) for k in rest}
        med_first = float(np.median(list(first.values())))
        cost = {k: abs(len(chains[k]) - med_len) + 3.0 * abs(math.log(max(1e-9, float(
            np.linalg.norm(pos[chains[k][-1]] - pos[hand]))) / max(med_reach, 1e-9))) +
            2.0 * abs(math.log(first[k] / med_first)) for k in rest}
        rest = sorted(rest, key=lambda k: cost[k])[:4]
    wrist = _shared_base(pos, chains) if on_forearm and len(rest) >= 3 else wrist_at
    if wrist is None:
        wrist = pos[_wrist(geo, hand, arm_dir)]
    shared = [geo.parent[c[0]] for c in chains]
    metacarpals = any(p != hand and geo.parent[p] == hand and shared.count(p) >= 2 for p in shared)
    kn = {k: _knuckle_at(geo, wrist, chains[k], metacarpals) for k in rest}
    for n in {len(chains[k]) for k in rest}:  # fingers with as many bones have their knuckle at the same one:
        same = [k for k in rest if len(chains[k]) == n]  # the most common reading, the nearer one on a tie
        if len(same) >= 3:  # (MetaPerson's middle and ring knuckles lie just under the 0.42 x mark)
            votes = Counter(kn[k] for k in same)
            top = min(votes, key=lambda v: (-votes[v], v))
            kn.update({k: top for k in same})
            knuckles = float(np.median([np.linalg.norm(pos[chains[k][0]] - pos[hand]) for k in same]))
            for k in rest:  # a chain one joint longer than three or more alike fingers, its first joint well back
                # in the palm, starts with a metacarpal (a jam player's 'hand_bend.L' carries the pinky alone;
                # Tesollo's in-palm pinky joint, held-out batch 889); not one with a tip marker at its end
                if len(chains[k]) == n + 1 and top == 0 and n >= 3 and kn[k] == 0 and \
                        float(np.linalg.norm(pos[chains[k][0]] - pos[hand])) < 0.8 * knuckles:
                    kn[k] = 1
    if _one_carpal_point(pos, [chains[k] for k in rest]):  # fingers fanning out of one point: their first bones
        kn.update({k: max(kn[k], 1) for k in rest})  # are metacarpals (Lips of Suna's 'finger1pre.L' ..
        # 'finger3pre.L', held-out batch 389: read as knuckles on one point, the fingers' order had come out reversed)
    knuckle = {k: pos[chains[k][kn[k]]] for k in rest}
    if len(rest) >= 2:
        mean = sum(knuckle.values()) / len(rest)
        spread = np.array([knuckle[k] - mean for k in rest])
        if arm_dir is not None:
            spread = spread - np.outer(spread @ unit(arm_dir), unit(arm_dir))
        axis = np.linalg.svd(spread, full_matrices=False)[2][0]
        if thumb >= 0:
            ref = np.mean([pos[b] for b in chains[thumb]], axis=0) - mean  # the whole thumb (its base can sit mid-palm)
        elif forward is not None:
            ref = forward
        else:
            ref = axis
        if float(axis @ ref) < 0:
            axis = -axis
        def row(k: int) -> np.ndarray:  # the joint after the knuckle: a finger that leaves the palm sideways
            # (Tesollo's in-palm pinky joint beside the ring's knuckle: held-out batch 889) lies where it goes
            c = chains[k]
            return pos[c[kn[k] + 1]] if len(c) > kn[k] + 1 else knuckle[k]

        rest.sort(key=lambda k: -float((row(k) - mean) @ axis))
    nxt = [pos[chains[k][kn[k] + 1]] for k in rest] if all(len(chains[k]) > kn[k] + 1 for k in rest) else None
    order = list(zip(_slots([knuckle[k] for k in rest], wrist, nxt), rest, strict=False))
    if len(chains) == 2 and thumb >= 0:  # a mitten's one chain is the middle finger
        order = [("middle", rest[0])]
    w = 0.85 if thumb >= 0 and len(chains) > 2 else 0.6  # a mitten's thumb is a guess from two chains' reach and
    # angle, which a posed hand turns around: names decide (Lineage II's Biped 'Finger0', held-out batch 431)
    for fname, k in order:  # knuckle = segment 1, the joint before it the metacarpal, earlier ones nothing
        for j, b in enumerate(chains[k]):
            idx = j - kn[k] + 1
            if 0 <= idx <= 3:
                out.set(b, Role(fname, side, float(idx)), w)
    # a finger starting at its knuckle whose parent is a bone it shares with the thumb or another finger's
    # metacarpal (Perception Neuron's in-hand index under which the thumb hangs) has that bone as metacarpal
    claims: dict[int, list[str]] = {}
    for fname, k in order:
        p = geo.parent[chains[k][0]]
        if kn[k] == 0 and p != hand and geo.parent[p] == hand and out.roles[p] is None and len(geo.kids[p]) >= 2:
            claims.setdefault(p, []).append(fname)
    for p, names in claims.items():
        if len(names) == 1:
            out.set(p, Role(names[0], side, 0.0), w)
    if thumb >= 0:  # the thumb's last three joints, before end bones as long as the fingers' ones
        after = float(np.median([len(chains[k]) - kn[k] for k in rest])) if rest else 3.0
        tip = max(0, int(round(after)) - 3)
        chain = chains[thumb]
        usable = chain[:len(chain) - tip] if tip and len(chain) > tip + 1 else chain
        for j, b in enumerate(usable[max(0, len(usable) - 3):]):
            out.set(b, Role("thumb", side, float(j + 1)), w)
