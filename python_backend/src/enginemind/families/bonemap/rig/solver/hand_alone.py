"""A hand with no body: the structure solver's last reading when no pair of limbs is found (no names needed).

Robot hands and VR hand rigs come alone: a palm link with three to five finger chains (Allegro's `link_0.0` ..,
LEAP's `mcp_joint` / `pip` / `dip`, ORCA's part names with hashes; held-out batches 813, 827 and 833). The hand
is the bone with the most finger-like child chains: three or more chains of three joints or more, reaching at
least 0.4 x the longest, that point the same way (within 60 degrees of their mean; a pelvis's legs and spine point
apart, a T-posed chest's arms too). The chains take their fingers from `hands.fingers` (thumb by its divergence,
the others ordered away from it).

Which hand it is needs the palm's normal as well as the fingers' and the thumb's directions. A robot description
carries it in its joint axes: a positive turn of a finger joint curls the finger toward the palm (the convention of
the Allegro, LEAP and Shadow descriptions), so the fingers' curl and the thumb's side give the handedness (a right
hand, palm down and fingers forward, has its thumb toward the body's midline: fingers x thumb points out of the back
of the hand). Without joint axes the thumb's side of the palm tells it (`side_by_thumb`: a thumb at rest hangs to
the palm's side of the knuckles' plane); where neither does, the side is a guess (right) that names overrule.
"""

from __future__ import annotations

import numpy as np

from enginemind.families.bonemap.rig.roles import Role
from enginemind.families.bonemap.rig.solver.frame import Geo, RoleOut, angle_deg, unit
from enginemind.families.bonemap.rig.solver.hands import finger_chains, fingers

HAND_WEIGHT = 0.6
"""Roles from a hand alone weigh as a half body's (``solve.PARTIAL_WEIGHT``): names that disagree win."""


def hand_alone(geo: Geo, out: RoleOut) -> tuple[int, str] | None:
    """(hand bone, side) with the hand's and fingers' roles set in ``out``, or None when no bone reads as a hand
    that holds most of the skeleton (module docstring)."""
    hand = _hand_bone(geo)
    if hand < 0:
        return None
    along = chain_tips_and_direction(geo, hand)[1]
    if _body_sized(geo) and not _whole_hand(geo, hand, along):
        return None
    side = _side(geo, hand, along)
    out.set(hand, Role("hand", side), 0.9)
    back = [geo.end[c] for c in geo.kids[hand] if angle_deg(geo.pos[geo.end[c]] - geo.pos[hand], along) > 120.0]
    wrist = geo.pos[max(back, key=lambda e: geo.dist(e, hand))] if back else None
    fingers(geo, out, hand, side, arm_dir=along, wrist_at=wrist)  # (the wrist: a link hanging back from a palm
    # framed at the knuckles, Allegro's 'base_link' > 'palm' > 'wrist')
    return hand, side


def chain_tips_and_direction(geo: Geo, hand: int) -> tuple[list[int], np.ndarray]:
    """The tips of the chains of three joints or more below ``hand`` and their mean direction from it (the fingers'
    way, where no forearm gives the arm's)."""
    tips = [geo.end[c] for c in geo.kids[hand] if len(geo.main_path(c)) >= 3]
    return tips, unit(sum((unit(geo.pos[t] - geo.pos[hand]) for t in tips), np.zeros(3)))


_HAND_SPAN = {"m": 0.5, "cm": 50.0, "mm": 500.0, "in": 20.0}
"""The most a hand alone spans in each declared unit (a robot hand 0.15-0.3 m; a robot body whose structure found
no pair of limbs, its legs and arms hanging side by side from one base link, spans a metre and more)."""


def _body_sized(geo: Geo) -> bool:
    limit = _HAND_SPAN.get(geo.sk.units or "")
    return limit is not None and geo.scale > limit


def _whole_hand(geo: Geo, hand: int, along: np.ndarray) -> bool:
    """Five finger chains, one of them a thumb, on a skeleton without joint axes: a hand modelled at any scale (a
    2015 glove SDK's FBX hand spans 1.2 'metres', held-out batch 1203). A body whose limbs hang from one base link
    (a quadruped robot, a bird's legs and tail) has no thumb among them; a robot's declared units are its real size."""
    if geo.hinged:
        return False
    chains, thumb = finger_chains(geo, hand, along)
    return thumb >= 0 and len(chains) == 5 and all(len(c) >= 2 for c in chains)


def _hand_bone(geo: Geo) -> int:
    best, best_k = -1, 0
    n = len(geo.pos)
    for v in range(n):
        chains = [c for c in geo.kids[v] if len(geo.main_path(c)) >= 3]
        if len(chains) < 3:
            continue
        reach = [geo.reach(v, c) for c in chains]
        keep = [c for c, r in zip(chains, reach, strict=True) if r >= 0.4 * max(reach) > 0]
        dirs = [unit(geo.pos[geo.end[c]] - geo.pos[v]) for c in keep]
        mean = unit(sum(dirs, np.zeros(3)))
        if not np.any(mean):
            continue
        alike = [c for c, d in zip(keep, dirs, strict=True) if angle_deg(d, mean) <= 60.0]
        ends = [geo.pos[geo.end[c]] for c in alike]
        bunched = max((float(np.linalg.norm(a - b)) for a in ends for b in ends), default=0.0) <= \
            1.5 * max((geo.reach(v, c) for c in alike), default=0.0)  # finger tips lie within a hand's span
        if len(alike) >= 3 and len(alike) > best_k and bunched and \
                sum(geo.size[c] for c in alike) >= 0.6 * (geo.size[v] - 1):
            best, best_k = v, len(alike)  # (the fingers are most of what the hand holds: a body's root holds a
            # torso beside its legs)
    if best < 0 or geo.size[best] < 0.6 * n:
        return -1
    return best


def _side(geo: Geo, hand: int, along: np.ndarray) -> str:
    """'L' / 'R' from the fingers' curl under their joint axes and the thumb's side, or without axes from the
    thumb's side of the palm (module docstring); 'R' when neither tells or no thumb stands out."""
    chains, thumb = finger_chains(geo, hand, along)
    if thumb < 0:
        return "R"
    rest = [c for k, c in enumerate(chains) if k != thumb]
    if not rest:
        return "R"
    if not geo.hinged:
        return side_by_thumb(geo, hand, chains, thumb, along) or "R"
    back = _back_of_a_right_hand(geo, chains, thumb, along)  # (into the palm of a left one)
    curl = 0.0
    for c in rest:
        tip = geo.pos[c[-1]]
        for b in c:
            a = geo.axis[b]
            if a is not None and np.any(a):
                curl += float(np.cross(unit(np.asarray(a, dtype=float)), tip - geo.pos[b]) @ back)
    if curl == 0.0:
        return "R"
    return "R" if curl < 0 else "L"  # fingers curl toward the palm, away from the back


def side_by_thumb(geo: Geo, hand: int, chains: list[list[int]], thumb: int, along: np.ndarray) -> str | None:
    """Which hand, without joint axes or a curl: the thumb of a hand at rest hangs to the palm's side of the plane
    through the wrist and the other fingers' bases (Vive Input Utility's 21-joint left hand, palm down and fingers
    straight, its thumb 1-4 cm below the knuckles: held-out batch 840); None when the thumb lies within 2 % of the
    hand's reach of that plane. ``along``: the fingers' direction."""
    rest = [c for k, c in enumerate(chains) if k != thumb]
    if thumb < 0 or len(rest) < 2 or len(chains[thumb]) < 2:
        return None
    pts = np.array([geo.pos[c[0]] for c in rest] + [geo.pos[hand]])
    centre = pts.mean(axis=0)
    normal = np.linalg.svd(pts - centre, full_matrices=False)[2][-1]  # the plane's normal (least spread)
    below = float(np.mean([(geo.pos[b] - centre) @ normal for b in chains[thumb][1:]]))
    reach = max(geo.dist(c[-1], hand) for c in chains)
    if abs(below) <= 0.02 * reach:
        return None
    back = _back_of_a_right_hand(geo, chains, thumb, along)
    return "L" if float(back @ (normal * np.sign(below))) > 0 else "R"


def _back_of_a_right_hand(geo: Geo, chains: list[list[int]], thumb: int, along: np.ndarray) -> np.ndarray:
    """The fingers' direction crossed with the thumb's side of the other fingers' bases: out of the back of a right
    hand (fingers x thumb, module docstring)."""
    rest = [c for k, c in enumerate(chains) if k != thumb]
    t = np.mean([geo.pos[b] for b in chains[thumb]], axis=0) - np.mean([geo.pos[c[0]] for c in rest], axis=0)
    return np.cross(along, unit(t - (t @ along) * along))
