"""Limbs the names spell joint by joint, and the merge rules that let those names move a limb the solver read a
joint off (the thigh on a hip segment, the foot on the ball of an animal on its toes, a whole limb one joint up).

``named_limb`` picks, per joint of an arm or a leg, the one bone the names call that joint; the solver uses it to
keep named limbs (``solve._named_limbs_kept``), the merge to move the solver's joints onto them (``named_limbs``,
``foot_named_above_the_solvers``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from enginemind.families.bonemap.rig.names import analyse_names, tokenize
from enginemind.families.bonemap.rig.roles import Evidence, Role, strongest
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.frame import unit
from enginemind.families.bonemap.rig.structure import rest_distance

if TYPE_CHECKING:
    from enginemind.families.bonemap.rig.solver.solve import Solution


NAMED_LIMBS = (("thigh", "calf", "foot"), ("upperarm", "lowerarm", "hand"))
"""The limbs names may spell out joint by joint (``named_limb``)."""


def named_limb(tops: list[Evidence | None], kinds: tuple[str, ...], side: str, floor: float,
               sk: Skeleton | None = None) -> list[int]:
    """Per joint of a limb (``kinds``) on ``side``: the only bone whose strongest name evidence (``tops``, per
    bone) names that joint with weight ``floor`` or more, or -1 (none, or several). With ``sk``, several such bones
    named alike but for a number, in one line down the tree, are a numbered series along the segment, and its first
    bone is the joint (a ribbon limb's 'l_femurRibbon_00_uJnt' .. '_04_uJnt', held-out batch 1366; a robot's
    'right_arm_mount' > .. > 'right_arm_torso_link' are other links, not a series). Of several so named where all
    but one are leaves, the one on the line of the limb's other named joints is the joint (an Overcooked rip's
    helper leaves 'OK_Jnt_UpperArm_L1', '_L2' beside 'OK_Jnt_UpperArm_L', which carries the forearm: held-out batch
    1415); FK and IK copies of a whole limb are not leaves, and stay several."""
    def words(i: int) -> list[str]:
        return [t for t in tokenize(sk.names[i]) if not t.isdigit()] if sk is not None else []

    out, several = [], {}
    for n, k in enumerate(kinds):
        hits = [i for i, e in enumerate(tops) if e is not None and e.kind == k and e.side == side and
                e.weight >= floor]
        if len(hits) > 1 and sk is not None:
            hits.sort(key=lambda i: len(sk.ancestors(i)))
            if all(sk.is_ancestor(a, b) and words(a) == words(b) for a, b in zip(hits, hits[1:], strict=False)):
                hits = hits[:1]
        out.append(hits[0] if len(hits) == 1 else -1)
        if len(hits) > 1:
            several[n] = hits
    if sk is None:
        return out
    for n, hits in several.items():  # the one on the line of the limb's other named joints, beside leaves
        others = [(m, b) for m, b in enumerate(out) if b >= 0 and m != n]
        line = [h for h in hits if all(sk.is_ancestor(h, b) if m > n else sk.is_ancestor(b, h) for m, b in others)]
        if others and len(line) == 1 and all(not sk.children(h) for h in hits if h != line[0]):
            out[n] = line[0]
    return out


def in_line(sk: Skeleton, bones: list[int]) -> bool:
    """``bones`` are all found and each lies below the one before it."""
    return min(bones) >= 0 and all(sk.is_ancestor(a, b) for a, b in zip(bones, bones[1:], strict=False))


def placed_roles(roles: list[Role | None], side: str, kinds: tuple[str, ...]) -> dict[str, int]:
    """Where the roles put each of ``kinds`` on ``side``: kind -> bone (the last bone, where several have it)."""
    return {r.kind: i for i, r in enumerate(roles) if r is not None and r.side == side and r.kind in kinds}


def named_as(t: Evidence | None, kind: str, side: str | None, least: float = 0.0) -> bool:
    """A bone's strongest name evidence ``t`` says ``kind`` of ``side`` (or no side), weighing ``least`` or more."""
    return t is not None and t.kind == kind and t.weight >= least and t.side in (side, None)


def name_concepts(name: str) -> set[str]:
    """The concepts one bone's name says on its own."""
    return set(analyse_names([name])[0].concepts)


def named_limbs(sk: Skeleton, roles: list[Role | None], weights: list[float], name_ev: list[list[Evidence]],
                 sol: Solution) -> None:
    """Where the names spell out a limb the solver placed one joint off (chibi proportions: KayKit's short legs
    and long feet made the solver read ``lowerleg`` as the thigh; Shy Guy's wide body its long 'ShoulderL' as the
    upper arm), the names' joints win: per side and limb, exactly one bone whose strongest name evidence (0.8 or
    more: Mixamo's plain 'Arm' counts) is each of the three joints (or the first of a series so named down one line,
    ``named_limb``), parent to child in that order
    down the chain the solver gave that limb to, and none of the three where the solver put it, or only the
    hand or foot."""
    tops = [strongest(evs) for evs in name_ev]
    for kinds in NAMED_LIMBS:
        for side in ("L", "R"):
            named = named_limb(tops, kinds, side, 0.8, sk)
            if kinds[0] == "thigh" and _thigh_below_a_hip_segment(sk, roles, weights, tops, side, named):
                continue
            if named[2] < 0 and in_line(sk, named[:2]):
                _limb_one_joint_down(sk, roles, tops, kinds, side, named)
                continue
            if not in_line(sk, named):
                continue
            placed = placed_roles(roles, side, kinds)
            same = [placed.get(k) == b for k, b in zip(kinds, named, strict=True)]
            if len(placed) == 2 and kinds[2] not in placed and not any(same) and \
                    set(placed.values()) <= set(sk.subtree(named[0])) and _off_the_midline(sk, sol, named[0]):
                # the solver read a named limb down its chain with no hand or foot at all (a SuperTuxKart driver's
                # short arm: 'Upper_Arm.L' read as the clavicle, 'Forearm.L' the upper arm, 'Hand.L' a twist and
                # 'Finger.L' the forearm, held-out batch 1248): the names' joints win
                _names_take_the_limb(roles, weights, placed, kinds, named, side)
                continue
            if len(placed) == 2 and [placed.get(k) for k in kinds] == [named[1], named[2], None] and \
                    _off_the_midline(sk, sol, named[0]):
                placed[kinds[2]] = named[2]  # a limb ending in a leaf read one joint up, with no hand or foot
                # (a jam game's 'Arm_L' > 'Forearm_L' > 'Hand_L' leaf read as clavicle, upper and lower arm: held-out
                # batch 313): the names' joints win as for a whole limb read off, unless the named upper joint
                # starts on the midline (MPFB's OpenPose rig names each bone after its tail's keypoint: 'LShoulder',
                # from the neck point, is the clavicle; held-out batch 312)
            if kinds[2] == "foot" and same == [True, True, False] and sk.parent_index(placed["foot"]) == named[2] \
                    and (t := tops[placed["foot"]]) is not None and t.kind == "ball" and t.weight >= 0.8 and \
                    {"toe"} == name_concepts(sk.names[placed["foot"]]) & {"toe", "foot"}:
                # the solver's foot is the named ankle's child, a bone its own name calls the ball or toe (not a
                # 'Foot' under an 'Ankle' helper, read as the ball by ``roles.ankle_above_foot``): the names' foot
                # wins and their ball takes the solver's (a Maya class rig's cartoon walker, its ankle a seventh of
                # the height up: 'walker_lf_ankle_jnt' > '_ball_jnt' > '_toe_jnt' had read as nothing, foot and
                # ball, held-out batch 1340)
                _names_take_the_limb(roles, weights, placed, kinds, named, side)
                _named_ball(sk, roles, weights, tops, named[2], side)
                continue
            if len(placed) != 3 or (any(same) and same != [False, False, True]):
                continue  # a whole limb read one joint off, or both its upper joints read off above the agreed hand
                # or foot (Opposing Force's digitigrade 'Bip01 L Calf' read as the hip, held-out batch 138); where
                # the hand or foot itself disagrees (a ragdoll's ankle named 'Hip', batch 117), or a single upper
                # joint does (MakeHuman's twist 'upperleg02' named as a thigh), the assignment decides
            chain = set(sk.ancestors(named[2])) | {named[2]} | set(sk.ancestors(placed[kinds[2]])) | {placed[kinds[2]]}
            if not all(b in chain for b in placed.values()):
                continue  # the solver put this limb elsewhere: a structural disagreement, the assignment decides
            _names_take_the_limb(roles, weights, placed, kinds, named, side)
            if kinds[2] == "foot":
                _named_ball(sk, roles, weights, tops, named[2], side)


def _off_the_midline(sk: Skeleton, sol: Solution, i: int) -> bool:
    """Bone ``i`` starts off the body's midline (beside the chest by 2 % of the height or more)."""
    if sol.frame is None or sol.chest < 0:
        return False
    p, c = sk.bones[i].position, sk.bones[sol.chest].position
    if p is None or c is None:
        return False
    return abs(sol.frame.lateral(np.asarray(p, dtype=float) - np.asarray(c, dtype=float))) >= 0.02


def _thigh_below_a_hip_segment(sk: Skeleton, roles: list[Role | None], weights: list[float],
                               tops: list[Evidence | None], side: str, named: list[int]) -> bool:
    """The solver's thigh is a hip segment, a bone not itself named the thigh, right above the bone the
    names call the thigh, a quarter of the thigh's length or more from it and turning there by more than 30
    degrees; its calf is the one the names call the calf, or the thigh with their calf left free (a sabre-tooth's
    'Back_Leg_Pelvis_L' > 'Back_Leg_Upper_L' > 'Back_Leg_Lower_L', held-out batch 1451): the names' thigh and calf
    win and the hip segment is left out. In place; True when it acted."""
    thigh, calf = named[0], named[1]
    if thigh < 0 or calf < 0 or not in_line(sk, [thigh, calf]):
        return False
    placed = placed_roles(roles, side, ("thigh", "calf"))
    hip = placed.get("thigh", -1)
    if hip < 0 or placed.get("calf") not in (calf, thigh) or sk.parent_index(thigh) != hip or \
            named_as(tops[hip], "thigh", side) or roles[calf] not in (None, Role("calf", side)):
        return False
    pos = [sk.bones[b].position for b in (hip, thigh, calf)]
    if any(p is None for p in pos):
        return False
    a, b = np.subtract(pos[1], pos[0]), np.subtract(pos[2], pos[1])
    if not np.linalg.norm(a) >= 0.25 * np.linalg.norm(b) > 0 or float(unit(a) @ unit(b)) > math.cos(math.radians(30)):
        return False  # a link stacked on the hip joint or running down the thigh's line (a robot's 'l_hip_roll_link'
        # > 'l_hip_thigh_link') stays: the leg turns at the joint the names call the thigh
    roles[hip] = None
    roles[thigh], weights[thigh] = Role("thigh", side), max(weights[thigh], weights[hip])
    roles[calf], weights[calf] = Role("calf", side), max(weights[calf], weights[hip])
    return True


def foot_named_above_the_solvers(sk: Skeleton, roles: list[Role | None], weights: list[float],
                                  name_ev: list[list[Evidence]]) -> None:
    """The solver's foot is a bone the names call the ball (0.8 or more) and its parent one they call the foot:
    the names' foot and ball win. Two shapes:

    - a leg with no knee, its one bone from the hip to the ankle (a game-jam wizard's 'Leg.L' > 'Foot1.L' >
      'Foot2.L', held-out batch 1417): the solver reads three joints as thigh, calf and foot, so the named foot
      is its calf, which is left out;
    - an animal standing on its toes, its ankle high above the ground (a hunting game's rhino: 'L_Knee' >
      'L_Ankle' > 'L_Ball' > three toes, held-out batch 1433): the solver takes the ball on the ground for the
      foot and passes over the ankle between its calf and foot, which the names' foot fills.

    In place."""
    for side in ("L", "R"):
        placed = placed_roles(roles, side, ("calf", "foot", "ball"))
        calf, foot = placed.get("calf", -1), placed.get("foot", -1)
        if calf < 0 or foot < 0:
            continue
        above = sk.parent_index(foot)
        skipped = above >= 0 and roles[above] is None and sk.parent_index(above) == calf and \
            {"toe"} == name_concepts(sk.names[foot]) & {"toe", "foot"}  # a ball word, not a numbered ankle or foot
        # (a robot's stacked 'l_ankle_1' > 'l_ankle_2', read as foot and ball by their numbers, stay the solver's)
        if above != calf and not skipped:
            continue
        if not (named_as(strongest(name_ev[above]), "foot", side, 0.8) and
                named_as(strongest(name_ev[foot]), "ball", side, 0.8)):
            continue
        if "ball" in placed:
            roles[placed["ball"]] = None
        roles[above], roles[foot] = Role("foot", side), Role("ball", side)
        weights[above] = weights[foot] = max(weights[above], weights[calf], weights[foot])


def _names_take_the_limb(roles: list[Role | None], weights: list[float], placed: dict[str, int],
                         kinds: tuple[str, ...], named: list[int], side: str) -> None:
    """The solver's joints of one limb (``placed``) give way to the three the names spell (``named``), at the
    solver's strongest weight among them. In place."""
    w = max(weights[b] for b in placed.values())
    for b in placed.values():
        roles[b] = None
    for k, b in zip(kinds, named, strict=True):
        roles[b], weights[b] = Role(k, side), w


def _named_ball(sk: Skeleton, roles: list[Role | None], weights: list[float], tops: list[Evidence | None],
                foot: int, side: str) -> None:
    """After the names moved a leg down one joint, the toe they name under the foot takes the ball from a bone
    below it (HumanIK's 'LeftToeBase' over 'LeftFootIndex1', the solver's ball on a hunched goblin read one joint
    low: held-out batch 1105)."""
    toes = [c for c in sk.children(foot) if (t := tops[c]) is not None and t.kind == "ball" and t.weight >= 0.8]
    ball = next((i for i, r in enumerate(roles) if r is not None and r.kind == "ball" and r.side == side), -1)
    if len(toes) == 1 and ball >= 0 and ball != toes[0] and sk.is_ancestor(toes[0], ball):
        roles[toes[0]], weights[toes[0]] = roles[ball], weights[ball]
        roles[ball] = None


_ABOVE = {"upperarm": "clavicle", "thigh": "pelvis"}


def _limb_one_joint_down(sk: Skeleton, roles: list[Role | None], tops: list[Evidence | None], kinds: tuple[str, ...],
                         side: str, named: list[int]) -> None:
    """The names spell a limb's two upper joints and the bone above them (a clavicle, the pelvis), not its hand or
    foot, and the solver read the limb one joint up, from that bone: the names' joints win and the hand or foot is
    the farthest child of the lower joint, half the upper segment's length away or more (ChimeraEvolution's wolf,
    held-out batch 987: 'лопатка' (scapula) > 'плечо' > 'предплечье' > 'пясть' (metacarpus) with muscle helpers
    near the elbow; the front leg's steep scapula had read as the upper arm). The solver's twist roles on the
    limb go: they lay on segments that moved."""
    up, low = named[0], named[1]
    above = sk.parent_index(up)
    t = tops[above] if above >= 0 else None
    if t is None or t.kind != _ABOVE[kinds[0]] or t.weight < 0.8:
        return
    placed = placed_roles(roles, side, kinds)
    if [placed.get(k) for k in kinds] != [above, up, low]:
        return
    seg = rest_distance(sk, up, low)
    if seg == math.inf:
        return
    kids = [(d, c) for c in sk.children(low) if (d := rest_distance(sk, c, low)) < math.inf]
    end = max(kids)[1] if kids and max(kids)[0] >= 0.5 * seg else -1
    twists = {f"{k}_twist" for k in kinds}
    for i, r in enumerate(roles):
        if r is not None and r.side == side and (r.kind in kinds or r.kind in twists) and \
                (i == above or sk.is_ancestor(above, i)):
            roles[i] = None
    role = Role("clavicle", side) if kinds[0] == "upperarm" else Role("pelvis")
    if kinds[0] == "upperarm":
        roles[:] = [None if r == role else r for r in roles]
    roles[above] = None if role in roles else role
    roles[up], roles[low] = Role(kinds[0], side), Role(kinds[1], side)
    if end >= 0:
        roles[end] = Role(kinds[2], side)
