"""What is not the body on the limb and spine lines (structure-first solver, no names).

- a weapon / prop chain held in one hand makes that arm's subtree longer than its mirror: limbs are compared
  on the mirrored part of their main paths (segment lengths within 25 %), and the arm's path ends there;
- the arms are the pair above the hips that starts well above them and does not hang down to the feet (hind
  legs do), and of such pairs the one branching lowest on the body line (braids under the head and wings
  on a wing root branch higher);
- spine bones that fold back to their parent's point (Second Life's extra spine bones) add no joint.
"""

from __future__ import annotations

import numpy as np

from enginemind.families.bonemap.rig.solver.frame import BodyFrame, Geo, unit
from enginemind.families.bonemap.rig.solver.hands import hand_of


def mirror_prefix(geo: Geo, v: int, a: int, b: int, start: int = 0) -> int:
    """How many leading segments of the main paths of children ``a`` and ``b`` of ``v`` mirror each other
    (lengths within 25 %), counted from segment ``start``: a weapon / prop chain off one hand ends the mirrored
    part at the hand."""
    pa, pb = geo.main_path(a), geo.main_path(b)
    k = start
    while k < min(len(pa), len(pb)):
        la, lb = geo.edge[pa[k]], geo.edge[pb[k]]
        if abs(la - lb) > 0.25 * max(la, lb) and abs(la - lb) > 0.02 * geo.scale:
            break
        k += 1
    return k - start


def mirror_reach(geo: Geo, v: int, a: int, b: int) -> tuple[float, float]:
    """Reaches of ``a`` and ``b`` along their mirrored main-path prefix when it covers (nearly) all of the
    shorter limb, else their full reaches."""
    ra, rb = geo.reach(v, a), geo.reach(v, b)
    k = mirror_prefix(geo, v, a, b)
    if k < 3:
        return ra, rb
    pa, pb = geo.main_path(a), geo.main_path(b)
    ma, mb = (float(sum(geo.edge[i] for i in p[:k])) for p in (pa, pb))
    if (ma if ra < rb else mb) < 0.8 * min(ra, rb) and k < 4:  # (four joints that mirror are a limb up to its
        return ra, rb  # hand whatever its fingers add: a Cocos archer's bow of 20 bones, held-out batch 97)
    return ma, mb


def limb_path(geo: Geo, v: int, a: int, mirror: int) -> list[int]:
    """Main path of limb ``a`` (a child of ``v``) cut where it stops mirroring ``mirror`` when it is the longer
    of the two by far (a prop chain held in one hand is not part of the arm)."""
    path = geo.main_path(a)
    ra, rb = geo.reach(v, a), geo.reach(v, mirror)
    if ra <= rb or rb / ra >= 0.75:
        return path
    k = mirror_prefix(geo, v, a, mirror)
    ma, mb = mirror_reach(geo, v, a, mirror)
    return path[:k] if (ma, mb) != (ra, rb) and k < len(path) else path


def one_mirror(geo: Geo, p1: tuple[int, int, int], p2: tuple[int, int, int]) -> bool:
    """True when two limb pairs can mirror across one plane: the first joints of a pair that lie apart (the hips,
    the shoulders: next to the trunk, so apart left to right in any pose) lie apart along the same axis for legs
    and arms (within 60 degrees). A "pair" of the neck and a hair chain behind it (an MMD model whose neck
    carries 100 hair bones) lies apart front to back; two chains on top of each other lie not apart at all."""
    lat = []
    for _, a, b in (p1, p2):
        pa, pb = geo.main_path(a)[:3], geo.main_path(b)[:3]
        d = next((geo.pos[x] - geo.pos[y] for x, y in zip(pa, pb, strict=False)
                  if geo.dist(x, y) > 0.01 * geo.scale), None)
        if d is None:
            return False
        lat.append(unit(d))
    return abs(float(lat[0] @ lat[1])) >= 0.5


def _mirrors_legs(geo: Geo, legs: tuple[int, int, int], pair: tuple[int, int, int]) -> bool:
    """Stricter than ``one_mirror``, for choosing among arm pairs: the pair's first three main-path joints lie
    apart along the legs' left-right axis and their midpoints stay on one plane across it (within 0.3 x the
    widest offset). A neck beside a clavicle that starts next to it (3ds Max Biped) drifts sideways with the arm."""
    la, lb = (geo.main_path(x)[:3] for x in legs[1:])
    lat = next((geo.pos[x] - geo.pos[y] for x, y in zip(la, lb, strict=False)
                if geo.dist(x, y) > 0.01 * geo.scale), None)
    pa, pb = (geo.main_path(x)[:3] for x in pair[1:])
    offs = [geo.pos[x] - geo.pos[y] for x, y in zip(pa, pb, strict=False)]
    widest = max((float(np.linalg.norm(d)) for d in offs), default=0.0)
    if lat is None or widest <= 0.01 * geo.scale:
        return False
    lat = unit(lat)
    total = sum(offs, np.zeros(3))
    mids = [float((geo.pos[x] + geo.pos[y]) @ lat) / 2 for x, y in zip(pa, pb, strict=False)]
    return abs(float(unit(total) @ lat)) >= 0.5 and max(mids) - min(mids) <= 0.3 * widest


def handed(geo: Geo, a: int, chains: int = 3) -> bool:
    """True when the limb from ``a`` ends in a hand: a bone below it where ``chains`` or more chains start (two:
    a mitten's thumb and fingers)."""
    stack = [a]
    while stack:
        i = stack.pop()
        if sum(1 for c in geo.kids[i] if geo.size[c] >= 2) >= chains:
            return True
        stack.extend(geo.kids[i])
    return False


def arms_above(geo: Geo, pairs: list[tuple[float, int, int, int]], legs: tuple[int, int, int],
               arms: tuple[int, int, int]) -> tuple[int, int, int]:
    """The arm pair above the legs: its limbs start well above the hips (x1.15 the hips' height over the feet)
    and do not hang down to the feet (a second pair of hind legs does), and of such pairs at least half as
    long as the longest, the one branching lowest on the body line (the chest: hair / braids under the head,
    wings on a wing root are higher extras)."""
    pelvis, la, lb = legs
    feet = (geo.pos[geo.end[la]] + geo.pos[geo.end[lb]]) / 2
    up = geo.pos[pelvis] - feet
    hp = float(np.linalg.norm(up))
    if hp <= 1e-9:
        return arms
    up = up / hp

    def height(i: int) -> float:
        return float((geo.pos[i] - feet) @ up) / hp

    def ok(v: int, a: int, b: int) -> bool:
        k = mirror_prefix(geo, v, a, b)  # where the two paths stop mirroring (a socket left at the origin under
        # one forearm and one hand drew both main paths to the ground: a face-customisation Biped, held-out 844)
        ends = [geo.main_path(x)[k - 1] if k >= 3 else limb_path(geo, v, x, y)[-1] for x, y in ((a, b), (b, a))]
        return min(height(a), height(b)) >= 1.15 and min(height(e) for e in ends) >= 0.35

    top = max((s for s, *_ in pairs), default=0.0)
    cands = [(s, v, a, b) for s, v, a, b in pairs if s >= 0.25 * top and v != pelvis and geo.is_below(pelvis, v) and
             not any(geo.is_below(x, v) or geo.is_below(y, pelvis) for x in (la, lb) for y in (a, b)) and
             ok(v, a, b)]
    if not ok(*arms):  # front legs that stand on the ground give way to arms, not to pairs under half their reach
        # (a cat's two-bone ears had taken a quadruped Biped's front legs' place: Mrs Norris, held-out batch 839)
        reach = min(geo.reach(arms[0], arms[1]), geo.reach(arms[0], arms[2]))
        cands = [c for c in cands if c[0] >= 0.5 * reach]
    if not cands:
        return arms
    mirrored = [] if _mirrors_legs(geo, legs, arms) else [
        c for c in cands if _mirrors_legs(geo, legs, c[1:]) and (c[1] == arms[0] or geo.is_below(c[1], arms[0]))]
    cands = mirrored or cands  # a pair that does not mirror across the legs' plane gives way to pairs that do, on
    # the same branch bone or nearer the hips (three.js's archer, held-out batch 94: its neck with a ponytail
    # "paired" with the arm holding a bow outreached the two arms 2x)
    longest = max(s for s, *_ in cands)
    crown = max(cands, key=lambda c: c[0])
    crowned = not any(geo.size[k] >= 2 for k in geo.kids[crown[1]] if k not in crown[2:])

    def under_crown(c: tuple[float, int, int, int]) -> bool:  # limbs of three joints or more a quarter as long,
        # lower on the line than a pair that hangs from the trunk's top bone (a head's ears: Pikachu's three-bone
        # ears outreached its arms 2x, held-out batch 859)
        return crowned and c[1] != crown[1] and geo.is_below(c[1], crown[1]) and c[0] >= 0.25 * longest and \
            min(len(geo.main_path(x)) for x in c[2:]) >= 3

    cands = [c for c in cands if c[0] >= 0.6 * longest or under_crown(c)]
    def hands(x: int, y: int, chains: int) -> bool:
        return handed(geo, x, chains) and handed(geo, y, chains)

    fingers = 3
    with_hands = [c for c in cands if hands(c[2], c[3], 3)]
    if not with_hands:  # mittens (a thumb and one finger chain) beat bare chains too: sleeves hung beside a mage's
        fingers, with_hands = 2, [c for c in cands if hands(c[2], c[3], 2)]  # arms (Cocos' Fantasy Warrior, 636)
    cands = with_hands or cands  # limbs that end in hands beat chains that do not (a long coat's tails hanging from
    # the waist: Kirito's 'Coat_2_3' pair branched lower than his arms)
    best = min(cands, key=lambda c: (sum(1 for d in cands if geo.is_below(d[1], c[1]) and d[1] != c[1]), -c[0]))
    if not ok(*arms) or (best[1] != arms[0] and geo.is_below(best[1], arms[0])) or \
            (with_hands and not hands(arms[1], arms[2], fingers)) or \
            bool(mirrored):
        return best[1], best[2], best[3]
    return arms


def folded(geo: Geo, fr: BodyFrame, run: list[int]) -> list[int]:
    """Bone pairs of ``run`` that fold back: a bone whose child returns to the bone's parent's point adds no
    joint (Second Life's extra spine bones zig-zag between the real joints' points)."""
    out: list[int] = []
    tol = 0.01 * fr.h
    k = 0
    while k + 1 < len(run):
        b, nxt, par = run[k], run[k + 1], geo.parent[run[k]]
        if par >= 0 and geo.parent[nxt] == b and geo.dist(nxt, par) < tol < \
                geo.dist(b, par):
            out += [b, nxt]
            k += 2
        else:
            k += 1
    return out


def mirror_hand(geo: Geo, chest: int, a: int, mirror: int) -> int:
    """The hand of arm ``a`` at the same place on its main path as the mirror arm's hand (found by its finger
    tips) when the two paths mirror each other up to there (a weapon held in this hand hides its fingers)."""
    mh = hand_of(geo, mirror)
    if mh < 0 or not geo.is_below(mirror, mh):
        return -1
    k = len(geo.path(mirror, mh))
    path = geo.main_path(a)
    return path[k] if k < len(path) and mirror_prefix(geo, chest, a, mirror) > k else -1
