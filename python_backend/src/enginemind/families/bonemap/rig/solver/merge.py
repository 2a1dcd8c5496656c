"""Structure first, names refine: the solver's roles merged with the name evidence of every bone.

- a bone the solver placed keeps the solver's role; when its name agrees the weight rises to 0.97, when
  the name says another role both stay as evidence (solver weight x0.9, name x0.75), so the global
  assignment decides and the confidence drops (the review step asks about it);
- a bone the solver left out keeps its name evidence, except name evidence for a core role the solver gave
  to another bone (``LHipJoint`` when the thigh is found), which is halved;
- a solver head named like a face / eye / hair / helper / end bone gives the head to its parent on the neck
  line (face rig roots, eyes and jaws hang under the head, the head is not under them); the one bone named the
  head takes the head along the neck line, and an arms' branch bone named the neck becomes the first neck bone
  (3ds Max Biped), where the bones between agree;
- half a body (only legs or only arms found) whose limbs the names call the other pair's keeps the solver's
  joints as that pair's (arms hanging like legs); an upper body whose one bone named the pelvis is not the
  solver's leaves its trunk to the names (arms cut short misplace the solver's pelvis);
- a leaf named like its bone, apart from it, is where gear attaches: it gives back a hand, foot or head the
  solver put on it, and is no twist bone;
- finger names one segment off (a metacarpal spelled on a bone that starts at the knuckles) lose their spelled
  segments' precedence on that hand;
- sides: when most side-marked names disagree with the geometric sides (left-handed coordinates), the
  solver's sides are flipped, unless a rest pose that clearly faces one way decides (``pose_decides_sides``);
- no rest positions or no structure found: names only (documented fallback).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable

import numpy as np

from enginemind.families.bonemap.rig.names import WRIST_WORDS, analyse_names, tokenize
from enginemind.families.bonemap.rig.roles import FINGERS, SIDED_KINDS, Evidence, Role, strongest
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.frame import Geo, RoleOut, unit
from enginemind.families.bonemap.rig.solver.hand_alone import chain_tips_and_direction, side_by_thumb
from enginemind.families.bonemap.rig.solver.hands import fingers
from enginemind.families.bonemap.rig.solver.named_limbs import (
    foot_named_above_the_solvers,
    name_concepts,
    named_as,
    named_limbs,
)
from enginemind.families.bonemap.rig.solver.pose_sides import limbs_agree_with_the_feet
from enginemind.families.bonemap.rig.solver.solve import Solution, solve
from enginemind.families.bonemap.rig.structure import lca, path_between, rest_distance, same_point, stub_leaves

_BODY = {"pelvis", "spine", "neck", "head", "clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot", "ball",
         *FINGERS, "upperarm_twist", "lowerarm_twist", "thigh_twist", "calf_twist"}
_MID_LIMB = {"clavicle", "upperarm", "lowerarm", "thigh", "calf", "upperarm_twist", "lowerarm_twist", "thigh_twist",
             "calf_twist"}
CORE = ("pelvis", "spine", "neck", "head", "clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot",
        "ball", "thumb", "index", "middle", "ring", "pinky")


def _flip(role: Role) -> Role:
    side = {"L": "R", "R": "L"}.get(role.side or "", role.side)
    return Role(role.kind, side, role.idx)


def names_flip(sol: Solution, name_sides: list[str | None], sk: Skeleton | None = None) -> bool:
    """Most side-marked names disagree with the solver's geometric sides: a mirrored (left-handed) export, or
    names whose sides are wrong; the names are followed, and the map says so (``side_warning``).

    Where no bone has both (the side is named only on bones the solver gave no sided role: a robot's
    'right_foot_sole' under a CAD part named 'foot', held-out batch 337), each such name votes with the side of
    its nearest ancestor that has a role (``sk`` gives the tree)."""
    agree = disagree = 0
    for r, s in zip(sol.roles, name_sides, strict=True):
        if r is not None and r.side and s:
            agree += int(r.side == s)
            disagree += int(r.side != s)
    if agree == disagree == 0 and sk is not None:
        for i, s in enumerate(name_sides):
            if not s:
                continue
            p = i
            while p >= 0 and sol.roles[p] is None:
                p = sk.parent_index(p)
            if p >= 0 and (side := sol.roles[p].side):  # type: ignore[union-attr]
                agree += int(side == s)
                disagree += int(side != s)
    if agree == disagree > 0 and sk is not None:
        agree, disagree = _unplaced_sides(sol, name_sides, sk)  # a tie
    return disagree > agree


def _unplaced_sides(sol: Solution, name_sides: list[str | None], sk: Skeleton) -> tuple[int, int]:
    """How many side-marked names the solver gave no sided role lie on the side their name says, and how many on
    the other, of the midline (the mean across the bones the solver gave a role on no side: pelvis, spine, neck,
    head): the tie-break of ``names_flip``.

    A tie among the sided roles comes from copies that keep one name: a side-scroller's right arm duplicated from
    the left and still named 'upper_arm_L_001' (held-out batch 1413). Its legs, named 'thigh_L' / 'thigh_R', too
    short for the solver to read, said which side is which."""
    fr = sol.frame
    placed = [i for i, r in enumerate(sol.roles) if r is not None and not r.side and sk.bones[i].position is not None]
    if fr is None or not placed:
        return 0, 0
    mid = float(np.mean([fr.lateral(np.asarray(sk.bones[i].position, dtype=float)) for i in placed]))
    agree = disagree = 0
    for i, s in enumerate(name_sides):
        r, p = sol.roles[i], sk.bones[i].position
        if not s or (r is not None and r.side) or p is None:
            continue
        x = fr.lateral(np.asarray(p, dtype=float)) - mid
        if abs(x) >= 0.02:
            agree += int((x > 0) == (s == "L"))
            disagree += int((x > 0) != (s == "L"))
    return agree, disagree


_OTHER_SIDE = {"L": "R", "R": "L"}
_SIDE_WORDS = ("left", "right", "links", "rechts", "gauche", "droit", "izquierd", "derech", "sinistr", "destr", "左",
               "右", "lev", "prav")


def pose_decides_sides(sol: Solution, name_sides: list[str | None], sk: Skeleton | None) -> bool:
    """The rest pose, not the names' side marks, says left from right: ``merge`` reads every name's side the other way.

    The file declares no facing (robot descriptions do, and keep their names), the rest pose clearly faces one way
    (forward vote ``FACING_SURE`` or more, about one level foot pointing forward) and both feet reach forward. Then
    letters alone ('.L', '_R', 'l_': a hand-made rig named from the viewer's side or mirrored by hand, SCS's player,
    a Blender player's 'UpperArm.R' on its left) give way; side words ('LeftUpLeg', 'RearThigh_right') give way where
    the knees, elbows and arms all agree with the feet too (``limbs_agree_with_the_feet``: a mirrored export of a
    named rig, PFNN's Unity rigs and a RigNet model, held-out batches 1225 and 1250, 40 bones; Kraken's guide rig), as
    the brief's labellers take sides from the geometry. A pose whose arms reach out against the feet (SignON's signing
    BVH, toes and knees one way, both hands half a metre the other) keeps its words."""
    if sk is None or sol.frame is None or sol.frame.facing < FACING_SURE or sk.forward_axis is not None or \
            not _feet_point_forward(sol, sk):
        return False
    named = [n.lower() for n, s in zip(sk.names, name_sides, strict=True) if s]
    if not named:
        return False
    return not any(w in n for n in named for w in _SIDE_WORDS) or limbs_agree_with_the_feet(sol, sk)


def _feet_point_forward(sol: Solution, sk: Skeleton) -> bool:
    """Both of the solver's feet reach forward to their farthest toe joint (a twentieth of the height or more along
    the frame's forward): the facing stands on the feet, not on a posed hand's thumb alone (a Biped's mitten
    saved mid-animation voted the body backwards)."""
    fr = sol.frame
    feet = [i for i, r in enumerate(sol.roles) if r is not None and r.kind == "foot"]
    if len(feet) != 2 or fr is None or any(sk.bones[i].position is None for i in range(len(sk))):
        return False
    for f in feet:
        here = np.asarray(sk.bones[f].position, dtype=float)
        ahead = max(fr.front(np.asarray(sk.bones[d].position, dtype=float) - here) for d in sk.subtree(f))
        if ahead < 0.05:
            return False
    return True


def side_warning(sol: Solution, name_sides: list[str | None], sk: Skeleton | None = None) -> str | None:
    """A line for the result's warnings when the names' left / right marks contradict a rest pose that says
    clearly which way it faces (a vote of about two level feet pointing forward, 1.8; robots whose cues are a
    knee and a short foot link vote 0-1.6, and there the names rightly settle the sides without a word)."""
    if not sol.found or sol.frame is None or not names_flip(sol, name_sides, sk):
        return None
    if pose_decides_sides(sol, name_sides, sk):
        return ("the names' left / right marks contradict the rest pose, which clearly faces one way: sides follow "
                "the geometry, the names read as the viewer's sides; if the rig is a mirrored (left-handed) export "
                "instead, swap the sides in the review")
    if sol.frame.facing < 1.8:
        return None
    return ("the names' left / right marks contradict the rest pose (by its geometry the '.L' / 'Left' limbs are on "
            "the body's right): sides follow the names, as for a mirrored (left-handed) export; if the names are "
            "wrong instead, swap the sides in the review")


FACING_SURE = 1.0
"""A forward-cue vote under this (about one level foot pointing forward) leaves left / right to the file's axis
convention when no name marks a side: on the nameless copies of the committed real rigs, every rig whose sides came
out swapped voted under it but three robots whose foot links point back (1.5-1.6) and a signing avatar's BVH (2.0)."""


def sides_by_convention(sol: Solution, name_sides: list[str | None]) -> bool:
    """Left and right rest on the file's axis convention alone: the rest pose barely shows which way the body
    faces and no two names mark a side."""
    return sol.found and sol.frame is not None and sol.frame.facing < FACING_SURE and \
        sum(1 for s in name_sides if s) < 2


def convention_warning(sol: Solution, name_sides: list[str | None]) -> str | None:
    """A line for the result's warnings when ``sides_by_convention``."""
    if not sides_by_convention(sol, name_sides):
        return None
    return ("the rest pose barely shows which way the body faces (no toes, thumbs or bent knees to tell) and no "
            "name marks a side: left / right follow the file's axis convention (left = the positive side of the "
            "nearest axis: glTF, Maya, Blender, ROS); if the character faces the other way, swap the sides in the "
            "review")


def oriented(sol: Solution, name_sides: list[str | None], sk: Skeleton | None = None) -> list[Role | None]:
    """Solver roles with sides flipped when the side-marked names disagree with them (mirrored frames)."""
    if names_flip(sol, name_sides, sk):
        return [_flip(r) if r is not None else None for r in sol.roles]
    return list(sol.roles)


_ARM = {"clavicle", "upperarm", "lowerarm", "hand", *FINGERS}


def _named_hand_on_a_finger(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]]) -> None:
    """A finger's first segment (not the thumb's) whose name says that side's hand (0.85 or more, the only such
    bone), under the solver's hand that no name calls a hand or right under its forearm, is the hand, and its chain
    starts again at segment 1 below it (in place): SlavsGame's warrior (held-out batch 961) hangs its thumb from the
    forearm, so the solver read the fingers on the forearm and 'hand.L' as a finger's first segment; the names gave
    'hand.L' the hand but left 'Finger_Bone1.L' and 'Finger_Bone2.L' segments 2 and 3."""
    tops = [strongest(evs) for evs in name_ev]
    for i, f in enumerate(roles):
        p = sk.parent_index(i)
        t = tops[i]
        if f is None or f.kind not in FINGERS or f.kind == "thumb" or f.idx != 1.0 or p < 0 or \
                roles[p] is None or roles[p].kind not in ("hand", "lowerarm") or t is None or t.kind != "hand" or \
                t.weight < 0.85 or \
                t.side not in (f.side, None) or any(e.kind == "hand" for e in name_ev[p]) or \
                sum(1 for x in tops if x is not None and x.kind == "hand" and x.side == t.side) != 1:
            continue
        chain = [i]  # (down the one child of that finger: a weapon socket beside it on the right hand)
        while len(kids := [k for k in sk.children(chain[-1]) if (x := roles[k]) is not None and x.kind == f.kind and
                           x.side == f.side]) == 1:
            chain.append(kids[0])
        if roles[p].kind == "hand":  # type: ignore[union-attr]
            roles[p] = None
        roles[i] = Role("hand", f.side)
        for b in chain[1:]:
            x = roles[b]
            roles[b] = Role(x.kind, x.side, x.idx - 1.0)  # type: ignore[union-attr,operator]


_BLENDER_COPY = re.compile(r"\.\d{3}")
_NUMBER = re.compile(r"\d{1,3}")


def _end_on_its_copy(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]]) -> None:
    """A hand or foot the solver put on a bone named as a Blender copy of its parent ('hand.L' > 'hand.L.001', the
    copy a mitten's block of fingers: a Ludum Dare ghost, held-out batch 1123), or on an exporter's dummy leaf on the
    parent's very point named as the parent with a number ('SRhand' > 'SRhand01', GTA III's ped, held-out batch 1252),
    goes up to that parent where the names call the parent so (0.85 or more) and the solver gave the parent no other
    role than a twist: the copy carries on what its original started, the original is the joint."""
    tops = [strongest(evs) for evs in name_ev]

    def dummy(i: int, p: int, suffix: str) -> bool:
        a, b = sk.bones[i].position, sk.bones[p].position
        return _NUMBER.fullmatch(suffix) is not None and not sk.children(i) and a is not None and b is not None and \
            float(np.linalg.norm(np.subtract(a, b))) <= 1e-6 * max(1.0, float(np.linalg.norm(b)))

    for i, r in enumerate(roles):
        p = sk.parent_index(i)
        if r is None or r.kind not in ("hand", "foot") or p < 0 or not sk.names[i].startswith(sk.names[p]):
            continue
        suffix = sk.names[i][len(sk.names[p]):]
        if _BLENDER_COPY.fullmatch(suffix) is None and not dummy(i, p, suffix):
            continue
        q = roles[p]
        if named_as(tops[p], r.kind, r.side, 0.85) and (q is None or q.kind.endswith("_twist")):
            roles[p], roles[i] = r, None


def _hand_on_its_wrist(sk: Skeleton, roles: list[Role | None], weights: list[float],
                       name_ev: list[list[Evidence]]) -> None:
    """A hand the solver put on a bone (named the hand, or not at all) whose parent is named the wrist goes up to
    that parent where the names call it the hand of that side (0.85 or more), the solver gave it no other role than
    a forearm twist and the two lie apart (over a twentieth of the forearm, under its length): the wrist is the joint
    the hand turns about, the bone past it a palm (Alice 3's 'LEFT_WRIST' > 'LEFT_HAND' 4-7 cm on, the fingers under
    the hand: held-out batch 1186; labellers of twenty-odd rigs put Manny's hand on such a wrist). A hand on the
    wrist's very point (a robot's stacked links, BRL-CAD's 'LeftWristJoint.s' > 'LeftHand.s') stays."""
    tops = [strongest(evs) for evs in name_ev]

    def wrist(b: int) -> bool:
        return bool(set(analyse_names([sk.names[b]])[0].tokens) & WRIST_WORDS)

    for i, r in enumerate(roles):
        p = sk.parent_index(i)
        if r is None or r.kind != "hand" or p < 0 or sk.parent_index(p) < 0 or wrist(i) or not wrist(p):
            continue
        q = roles[p]
        if not named_as(tops[p], "hand", r.side, 0.85) or (q is not None and q.kind != "lowerarm_twist"):
            continue
        apart, fore = rest_distance(sk, p, i), rest_distance(sk, sk.parent_index(p), p)
        if math.isfinite(apart) and 0.05 * fore < apart < fore:  # (a 'hand' a forearm's length past the wrist is
            # more than a palm: Flare's boy, whose labeller read his 'wrist' as a forearm twist)
            roles[p], roles[i] = r, None
            weights[p], weights[i] = weights[i], 0.0


def _roles_off_stacked_helpers(sk: Skeleton, roles: list[Role | None], weights: list[float],
                               name_ev: list[list[Evidence]], not_body: list[bool] | None) -> None:
    """A role the solver put on a bone named only as a helper that sits on its parent's very point goes up to the
    parent where the parent's name says that role and the solver gave it none: of a stacked pair the solver keeps
    the deeper bone as the joint, but an aim group stacked on the named neck (a Maya kart driver's 'head_Aim_grp'
    on 'bn_neck01', held-out batch 1190) is no joint."""
    if not_body is None:
        return
    tops = [strongest(evs) for evs in name_ev]
    for i, r in enumerate(roles):
        p = sk.parent_index(i)
        here, there = sk.bones[i].position, sk.bones[p].position if p >= 0 else None
        if r is None or p < 0 or roles[p] is not None or not not_body[i] or name_ev[i] or here is None or \
                there is None or not same_point(here, there):
            continue
        if named_as(tops[p], r.kind, r.side):
            roles[p], roles[i] = r, None
            weights[p], weights[i] = weights[i], 0.0


def _role_to_its_named_twin(sk: Skeleton, roles: list[Role | None], weights: list[float],
                            name_ev: list[list[Evidence]]) -> None:
    """A limb's role the solver put on a bone named as something else goes to its only sibling on the same point
    that the names call that role (0.85 or more), carries bones, and the solver left without one (a leaf is an end
    marker: a Biped export's 'Spine2X' beside 'Neck' keeps nothing): two bones from one point are one
    joint to the geometry, which took the one carrying the hand (a hand-made IK rig's 'clavicleFK.L', carrying
    'handIK.L' > 'palm.L', read as the upper arm beside 'upperarm.L' > 'arm.L': held-out batch 1456)."""
    tops = [strongest(evs) for evs in name_ev]
    for i, r in enumerate(roles):
        here, p = sk.bones[i].position, sk.parent_index(i)
        if r is None or not r.side or p < 0 or here is None or (t := tops[i]) is None or t.kind == r.kind:
            continue
        twins = [s for s in sk.children(p) if s != i and roles[s] is None and sk.children(s) and
                 (there := sk.bones[s].position) is not None and same_point(here, there)]
        named = [s for s in twins if named_as(tops[s], r.kind, r.side, 0.85)]
        if len(named) == 1:
            roles[named[0]], roles[i] = r, None
            weights[named[0]], weights[i] = weights[i], 0.0


_TWIST_ENDS = {"upperarm_twist": ("hand", "lowerarm_twist"), "lowerarm_twist": ("hand", "lowerarm_twist"),
               "thigh_twist": ("foot", "calf_twist"), "calf_twist": ("foot", "calf_twist")}


def _twists_past_a_named_end(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]]) -> None:
    """A limb's twist role the solver put below a bone the names call that side's hand or foot (0.85 or more) goes,
    where the solver too put that bone at the wrist or ankle (no role, the hand or foot, or a lower segment's twist):
    no twist bone of the arm lies past the hand (ChingMu's sample player, held-out batch 944: a straight one-finger
    hand read as the forearm made the HumanIK-style 'LeftFingerBase' past the named 'LeftHand' a forearm twist,
    where the names left it nothing to say). Nier's robot, whose every arm bone is 'righthand.NNN', keeps its
    solver's arm: its first 'hand' is the solver's upper arm."""
    tops = [strongest(evs) for evs in name_ev]
    for i, r in enumerate(roles):
        end, low = _TWIST_ENDS.get(r.kind, (None, None)) if r is not None else (None, None)
        if end is not None and any(named_as(tops[a], end, r.side, 0.85) and
                                   (roles[a] is None or roles[a].kind in (end, low)) for a in sk.ancestors(i)):
            roles[i] = None


_BELOW_THE_TWIST = {"upperarm_twist": "lowerarm", "thigh_twist": "calf", "calf_twist": "foot"}


def _no_twist_named_as_the_next_segment(roles: list[Role | None], name_ev: list[list[Evidence]]) -> None:
    """An upper-arm, thigh or shin twist role the solver put on a bone the names call that side's forearm, shin or
    foot (0.85 or more) goes: a bone named for the elbow, knee or ankle is a joint bone, not a twist of the segment
    above it (a Brazilian student game's 'Cotovelo.L', 'elbow', 5 cm before 'Antebraco.L' on the elbow's point; a
    hobby robot's 'ankleL' link 8 cm above 'footL': held-out batches 1232 and 1213). In place; the names then place
    it."""
    tops = [strongest(evs) for evs in name_ev]
    for i, r in enumerate(roles):
        below = _BELOW_THE_TWIST.get(r.kind) if r is not None else None
        if below is not None and named_as(tops[i], below, r.side, 0.85):
            roles[i] = None


def _prop_read_as_a_finger(sk: Skeleton, roles: list[Role | None], weights: list[float],
                           name_ev: list[list[Evidence]]) -> None:
    """A finger the solver read on a chain whose first bone a name calls a weapon or prop socket, where a bone of
    that side confidently named that finger (>= 0.9) got no role (a Cascadeur knight's 'L.weapon_slot' > 'Sword' >
    'Handle' in the left hand read as the thumb beside 'L.thumb1' .. '3': held-out batch 556): the solver's finger
    roles on the prop's chain go, and the names place the finger."""
    for i, r in enumerate(roles):
        t = strongest(name_ev[i])
        p = sk.parent_index(i)
        if r is None or r.kind not in FINGERS or t is None or t.kind != "weapon" or p < 0 or \
                (roles[p] is not None and roles[p].kind in FINGERS):
            continue
        if not any((e := strongest(evs)) is not None and e.kind == r.kind and e.side == r.side and e.weight >= 0.9
                   and roles[j] is None for j, evs in enumerate(name_ev)):
            continue
        for j in range(len(sk)):
            if (j == i or sk.is_ancestor(i, j)) and roles[j] is not None and roles[j].kind == r.kind:
                roles[j], weights[j] = None, 0.0


def _prop_in_a_hand(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]],
                    name_sides: list[str | None]) -> None:
    """A prop or weapon bone whose name gives no side, hung straight from a hand, is that hand's weapon socket
    (a Spanish student game's ninja: 'Katana' under the right hand, whose name says no side, held-out batch 1201;
    a named side is the names' own reading, ``roles.py``), unless a bone's name already gives that side its weapon
    (0 A.D.'s 'weapon_bow' beside 'weapon_L')."""
    named = {e.side for evs in name_ev for e in evs if e.kind == "weapon"}
    for i, evs in enumerate(name_ev):
        p = sk.parent_index(i)
        if evs or name_sides[i] is not None or p < 0 or roles[i] is not None or roles[p] is None or \
                roles[p].kind != "hand" or roles[p].side in named:
            continue
        c = name_concepts(sk.names[i])
        if "gun" in c and c <= {"gun", "bone"}:
            name_ev[i] = [Evidence("weapon", roles[p].side, None, 0.8)]
            named.add(roles[p].side)


def _fingers_under_a_named_hand(sk: Skeleton, roles: list[Role | None], weights: list[float],
                                name_ev: list[list[Evidence]]) -> None:
    """The fingers of a hand the names place but the solver's body never reached (a first-person viewmodel's
    'Hand_L' under an IK control off its root, five nameless 'Bone_L.NNN' chains below it: held-out batch 1220),
    read from the hand's geometry as a hand alone is (``hands.fingers``; the arm's direction from the forearm of that
    side to the hand, else the chains' mean direction), where no bone below that hand has a finger role or name."""
    geo: Geo | None = None
    for h, evs in enumerate(name_ev):
        t = strongest(evs)
        if t is None or t.kind != "hand" or t.weight < 0.85 or t.side is None:  # (the solver may read such a
            continue  # hand as something else: the viewmodel's left hand, a head over its five chains)
        below = sk.subtree(h)[1:]
        if any((roles[j] is not None and roles[j].kind in FINGERS) or any(e.kind in FINGERS for e in name_ev[j])
               for j in below):
            continue
        geo = geo or Geo(sk)
        tips, along = chain_tips_and_direction(geo, h)
        if len(tips) < 3:
            continue
        elbow = [j for j, r in enumerate(roles) if r is not None and r.kind == "lowerarm" and r.side == t.side]
        if len(elbow) == 1 and np.any(d := geo.pos[h] - geo.pos[elbow[0]]):  # the forearm's way, where there is one
            along = unit(d)
        out = RoleOut([None] * len(sk), [0.0] * len(sk))
        fingers(geo, out, h, t.side, arm_dir=along)
        for j in below:
            if out.roles[j] is not None and roles[j] is None and not name_ev[j]:
                roles[j], weights[j] = out.roles[j], 0.8 * out.weights[j]


_PALM = {"finger", "fingers", "palm", "metacarpal", "metacarpals", "carpal"}
_JOINTS = {"clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot"}


def _named_neighbour(sk: Skeleton, roles: list[Role | None], weights: list[float],
                     name_ev: list[list[Evidence]], not_body: list[bool] | None, height: float = 0.0) -> None:
    """A limb joint the solver put on a bone whose name says another joint, or says only helper (DesktopHero's
    '#left arm' attachment point above 'left upper arm'), moves to the next bone up or down the chain when that
    bone's name says this joint and the solver gave it no joint (Meta's 'LeftScapula' between the shoulder and
    'LeftArmUpper', 4 cm apart; Sauerbraten's 'Shoulder.L' > 'Upper_Arm.L' read as a twist). Not in
    robots whose links are named after the joint that drives them (a 'shoulder_pitch' link is the upper arm,
    a 'knee' link the shin: Robonaut 2, Cassie)."""
    if any(t in ("pitch", "yaw") for n in sk.names for t in tokenize(n)):
        return
    stubs = stub_leaves(sk)  # (a joint-ball mesh node on '左脚', held-out batch 212: a marker, no joint)
    for i, r in enumerate(roles):
        t = strongest(name_ev[i])
        # a name that says helper, or a solver hand named as a palm with no finger of its own (HumanIK's
        # 'LeftFingerBase' 2 cm past 'LeftHand', carrying every finger), yields to a neighbour named as the joint
        # (or one named as a finger: Smash Bros.' 'FingerL10', the index metacarpal that carries the other
        # metacarpals and the thumb, under 'HandL': held-out batch 139)
        palm = r is not None and r.kind == "hand" and bool(_PALM & {w.lower() for w in tokenize(sk.names[i])})
        # (or a solver hand that only a weak finger guess names, where a neighbour's name says hand: a toon's
        # 'R_bend_jnt', carrying the fingers a palm's length past 'R_hand_jnt', had been the hand: batch 261)
        guessed = r is not None and r.kind == "hand" and t is not None and t.kind in FINGERS and t.weight < 0.8
        helper = (t is None and ((not_body is not None and not_body[i]) or palm or stubs[i])) or \
            (palm and t is not None and t.kind in FINGERS) or guessed
        if r is None or r.kind not in _JOINTS:
            continue
        # (or one whose name says this joint's twist, to the bone above it: an MMD arm's '左腕捩' halfway down the
        # upper arm, read as the upper arm below '左腕', held-out batch 349; an Auto-Rig Pro arm's
        # 'c_arm_twist_offset.l' at the shoulder keeps the joint from the 'arm_stretch.l' below it)
        twist = t is not None and t.weight >= 0.85 and t.kind == f"{r.kind}_twist"
        # (or a bone with no name evidence at all, to a neighbour within 0.06 x the height: Bullet's humanoid URDF
        # names its bodies, 'right_shin', and leaves the joint frames 2-8 cm from them unnamed, 'link1_11',
        # held-out batch 365)
        unnamed = not name_ev[i] and not helper and height > 0 and \
            not any(not c.startswith("?") for c in name_concepts(sk.names[i]))  # (no word it knows: 'link1_11')
        if not (helper or twist or unnamed or (
                t is not None and t.weight >= 0.85 and t.kind != r.kind and t.kind in _JOINTS)):
            continue
        p = sk.parent_index(i)
        around = ([p] if p >= 0 else []) + sk.children(i)
        if unnamed:
            around = [j for j in around if rest_distance(sk, i, j) <= 0.06 * height]
        elif twist:  # (up only)
            around = [p] if p >= 0 else []
        else:
            around += _past_unnamed_links(sk, roles, name_ev, i)
        for j in around:
            tj, rj = strongest(name_ev[j]), roles[j]
            # (a bone named as another joint, or as a helper, hands it on to a plain limb word too: Mixamo's
            # 'LeftArm', Talking With Hands' 'b_l_arm' under 'p_l_scap', 0.8: held-out batch 125)
            if tj is not None and tj.kind == r.kind and tj.weight >= 0.8 and \
                    tj.side in (None, r.side) and \
                    (rj is None or rj.kind.endswith("_twist")):
                roles[j], weights[j] = r, weights[i]
                roles[i], weights[i] = None, 0.0
                break


def _past_unnamed_links(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]], i: int) -> list[int]:
    """The bone below ``i`` past a run of up to three single links that neither names nor the solver read
    (MyoSkeleton's 'scapula_r' > 'scapphant_r' > 'humphant_r' > 'humphant1_r' > 'humerus_r', phantom bodies of a
    MuJoCo shoulder: held-out batch 331), or none."""
    kids = sk.children(i)
    for _ in range(3):
        if len(kids) != 1 or name_ev[kids[0]] or roles[kids[0]] is not None:
            return []
        kids = sk.children(kids[0])
        if len(kids) == 1 and (name_ev[kids[0]] or roles[kids[0]] is not None):
            return kids
    return []


def _fingers_follow_their_hand(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]],
                               name_sides: list[str | None]) -> list[list[Evidence]]:
    """Finger names take the side of the hand they hang from, where the solver and the hand's own name agree on
    that side: a hand copied and mirrored without renaming its fingers (a NAO export whose left fingers are all
    'skeleton_R_hand_*', held-out batch 152) had its left fingers mapped onto the right hand."""
    def side_of_hand(i: int) -> str | None:
        a = sk.parent_index(i)
        while a >= 0 and not (roles[a] is not None and roles[a].kind == "hand"):
            a = sk.parent_index(a)
        if a < 0 or name_sides[a] not in (None, roles[a].side):  # type: ignore[union-attr]
            return None
        return roles[a].side  # type: ignore[union-attr]

    out = []
    for i, evs in enumerate(name_ev):
        if any(e.kind in FINGERS and e.side is not None for e in evs):
            side = side_of_hand(i)
            if side is not None:
                evs = [Evidence(e.kind, side, e.idx, e.weight, e.exact) if e.kind in FINGERS and e.side != side else e
                       for e in evs]
        out.append(evs)
    return out


def _metacarpals_at_the_knuckles(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]]) -> set[int]:
    """Hands whose finger names spell a metacarpal on a bone that starts at the knuckles: farther from the hand
    than its own length, where the solver reads the first phalanx (a metacarpal starts at the wrist and is longer
    than the gap), though its own name says no metacarpal and the next bone's name spells the proximal phalanx. The
    names are then one segment off along every finger of that hand (a Mixamo rig half renamed by a Godot bone map:
    'mixamorig_RightHandIndex1' > 'RightIndexProximal' > ... > the tip leaf 'RightIndexDistal', held-out batch
    230), and the spelled segments no longer outrank the geometry there. A bone named for the metacarpal keeps it
    (H-Anim's 'l_carpometacarpal_2' sits 7 cm down Joe's hand and is 2 cm long), and so does a finger numbered 0 to
    3 (MB-Lab's 'index00_L', as far from the wrist: held-out batch 74)."""
    hands = set()
    for i, r in enumerate(roles):
        p = sk.parent_index(i)
        kids = sk.children(i)
        if r is None or r.kind not in FINGERS or r.kind == "thumb" or r.idx != 1.0 or p < 0 or len(kids) != 1 or \
                roles[p] is None or roles[p].kind != "hand":  # type: ignore[union-attr]
            continue
        if any(e.kind == r.kind and e.idx == 0.0 for e in name_ev[i]) and \
                rest_distance(sk, p, i) > rest_distance(sk, i, kids[0]) and \
                not {"metacarpal", "cmc"} & name_concepts(sk.names[i]) and \
                "proximal" in name_concepts(sk.names[kids[0]]):
            hands.add(p)
    return hands


def _unspelled_under(sk: Skeleton, hands: set[int], name_ev: list[list[Evidence]]) -> list[list[Evidence]]:
    """Finger evidence below these hands with its spelled segments read as plain numbers."""
    if not hands:
        return name_ev
    under = {i for i in range(len(sk)) if hands & set(sk.ancestors(i))}
    return [[dataclasses.replace(e, exact=False) if i in under and e.kind in FINGERS else e for e in evs]
            for i, evs in enumerate(name_ev)]


def _idx(e: Evidence, r: Role, named_finger: bool) -> float | None:
    """Index of a name's evidence kept beside a disagreeing solver role (a lone neck / spine name: the first)."""
    if e.idx is not None:
        return e.idx
    if named_finger:
        return r.idx
    return 0.0 if e.kind in ("spine", "neck") else None


def solver_evidence(sk: Skeleton, sol: Solution | None = None) -> list[list[Evidence]]:
    """Evidence from structure alone (the nameless engine)."""
    sol = sol or solve(sk)
    out = [[Evidence(r.kind, r.side, r.idx, w)] if r is not None else []
           for r, w in zip(sol.roles, sol.weights, strict=True)]
    for i, alts in sol.alts.items():
        out[i] += [Evidence(r.kind, r.side, r.idx, w) for r, w in alts]
    return out


def _head_not_face(sk: Skeleton, roles: list[Role | None], weights: list[float], name_ev: list[list[Evidence]],
                   not_body: list[bool], face_only: list[bool] | None, sol: Solution) -> bool:
    """A solver head whose name says face / eye / hair / helper / end (a Rigify ``face`` rig root stacked on the
    head), or the jaw or an eye, is not the head: the head is its parent on the neck line, the neck run shrinks
    by one (in place; True when it moved, so the caller repeats it for a chain of end bones: a glTF export's
    'head_end_end'). A leaf whose name says only a face part and that stands clear of its parent (ETRI's mocap
    'forehead' joint over the neck) is the head all the same; a jaw never is (a fighting game's puppet 'J_neck'
    carries the skull, with 'J_jaw' and 'J_hair' on it: held-out batch 1411)."""
    heads = [i for i, r in enumerate(roles) if r is not None and r.kind == "head"]
    if len(heads) != 1 or any(e.kind == "head" for e in name_ev[heads[0]]) or \
            not (not_body[heads[0]] or any(e.kind in ("jaw", "eye") for e in name_ev[heads[0]])):
        return False
    h = heads[0]
    p = sk.parent_index(h)
    if face_only is not None and face_only[h] and not sk.children(h) and p >= 0 and sol.frame is not None:
        a, b = sk.bones[h].position, sk.bones[p].position
        if a is not None and b is not None and math.dist(a, b) > 0.03 * sol.frame.h:
            return False
    if p >= 0 and sk.children(h) and any(e.kind == "neck" for e in name_ev[p]) and \
            not any(e.kind == "head" for e in name_ev[p]):
        return False  # the parent is named the neck and the face hangs from this joint: no other bone is the head
        # (Yakuza's 'kubi_n' > 'face' > eyes and jaw, held-out batch 236)
    pp = sk.parent_index(p) if p >= 0 else -1
    kind = [r.kind if r is not None else None for r in roles]
    on_line = p >= 0 and (kind[p] == "neck" or  # or left out of the neck run as stacked on the head
                          (kind[p] is None and pp >= 0 and kind[pp] in ("neck", "spine")))
    if not on_line:
        return False
    roles[h], weights[h] = None, 0.0
    roles[p], weights[p] = Role("head"), 0.85
    _renumber(sk, roles, "neck")
    return True


def _named_head(sk: Skeleton, roles: list[Role | None], weights: list[float], name_ev: list[list[Evidence]]) -> None:
    """The one bone a name calls the head (>= 0.9) is the head where the solver put it one or more bones off along
    the neck line and the names of the bones between agree:
    - read as a neck bone below the solver's head (or as nothing, stacked under copies of itself), when the bones
      from it up to that head bear no name but the head's: a hat's or antenna's nameless chain on a Biped 'Head'
      had carried the head off (LayaAir's PangZi 'Bone004' .. 'Bone006', Egret's 'fujian_16' ..: held-out batches
      248 and 260), and a flame on a Pokemon's head ('head' > 'head_correction' > 'head_ai' > 'head_angle' >
      'fire' > 'fire2', batch 1442); those bones lose their neck and head roles;
    - above the solver's head, when every bone from that head up to it is named the neck (H-Anim's seven
      vertebrae 'vc7' .. 'vc1' below 'skullbase', the solver's head on 'vc6': held-out batch 209); they are neck.
      Not a leaf: a marker on the head (Meshy's 'headfront' under 'Head') is no head; a leaf named the head on
      the named head is its attachment point (Neverwinter Nights' 'head' 20 cm over 'head_g', held-out batch 293)
      and gives the head back to it.
    The neck run is numbered again (in place)."""
    named = [i for i, evs in enumerate(name_ev) if (t := strongest(evs)) is not None and t.kind == "head" and
             t.weight >= 0.9]
    leaf_on_head = [i for i in named if sk.parent_index(i) in named and _attachment_leaf(sk, i)]
    named = [i for i in named if i not in leaf_on_head]
    named = [i for i in named if not any(sk.is_ancestor(j, i) for j in named if j != i)]  # a bone named the head
    # under another is a part of it (The Sims 3's 'b__Skull__', carrying the brow bones, under 'b__Head__': held-out
    # batch 1252)
    heads = [i for i, r in enumerate(roles) if r is not None and r.kind == "head"]
    if len(named) != 1 or len(heads) != 1 or named[0] == heads[0]:
        return
    h, top = named[0], heads[0]
    if sk.is_ancestor(h, top):
        above = path_between(sk, h, top)
        attachment = above == [top] and top in leaf_on_head  # the head's own leaf, named like it, took the head
        if not attachment and ((roles[h] is not None and roles[h].kind != "neck") or name_ev[top] or
                               any(name_ev[b] and not named_as(strongest(name_ev[b]), "head", None) for b in above)):
            return
        for b in above:
            if roles[b] is not None and roles[b].kind in ("neck", "head"):
                roles[b], weights[b] = None, 0.0
    elif sk.is_ancestor(top, h):
        below = [top, *path_between(sk, top, sk.parent_index(h))]
        if roles[h] is not None or not sk.children(h) or not all(
                (t := strongest(name_ev[b])) is not None and t.kind == "neck" and t.weight >= 0.85 for b in below):
            return
        for b in below:
            roles[b] = Role("neck")
    elif not _neck_line_beside_a_nameless_head(sk, roles, name_ev, h, top):
        return
    roles[h], weights[h] = Role("head"), max(weights[h], weights[top])
    _renumber(sk, roles, "neck")


def _neck_line_beside_a_nameless_head(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]],
                                      h: int, top: int) -> bool:
    """The solver's head ``top`` and the named head ``h`` lie on two branches: where every bone from their common
    ancestor down to ``h`` is named the neck (a third neck bone too, which the names leave without evidence), ``h``
    carries bones of its own and no name is on the solver's branch, the names' neck line wins: the solver's neck and
    head roles on its branch go and the named neck bones are the neck (Unity's ADAM, saved mid-shot: the unknown
    word 'Trap1_R_Jnt', a leaf on the chest, read as the head beside 'Neck1_Jnt' > 'Neck2_Jnt' > 'Neck3_Jnt' >
    'Head_Jnt', held-out batch 1315). In place; True when it moved them."""
    c = lca(sk, [h, top])  # (neither is the other's ancestor: the caller's other branches take those)
    if c < 0 or name_ev[top] or roles[h] is not None or not sk.children(h):
        return False
    below, branch = path_between(sk, c, sk.parent_index(h)), path_between(sk, c, top)
    infos = analyse_names(sk.names)
    if not below or any(name_ev[b] for b in branch) or not all("neck" in infos[b].concepts for b in below):
        return False
    for b in branch:
        if roles[b] is not None and roles[b].kind in ("neck", "head"):  # type: ignore[union-attr]
            roles[b] = None
    for b in below:
        roles[b] = Role("neck")
    return True


def _attachment_leaf(sk: Skeleton, i: int) -> bool:
    """A leaf apart from its parent whose name's words are all in its parent's: where gear attaches to that
    bone (Neverwinter Nights' 'rhand' under 'rhand_g', 'head' over 'head_g'). Not a link stacked on the parent (a
    motion-control rig's 'lHand' on 'lHand_tmp': the deepest link is the joint), nor another link of the same
    joint ('head_pitch_link' under 'head_yaw_link')."""
    p = sk.parent_index(i)
    return p >= 0 and not sk.children(i) and not stub_leaves(sk)[i] and \
        {w.lower() for w in tokenize(sk.names[i])} <= {w.lower() for w in tokenize(sk.names[p])}


def _roles_off_attachment_leaves(sk: Skeleton, roles: list[Role | None], weights: list[float],
                                     name_ev: list[list[Evidence]]) -> None:
    """A hand or foot the solver put on an attachment leaf (``_attachment_leaf``) named as that joint (both it and
    its parent 0.85 or more, the same side) belongs to the parent, whose role the solver read as a twist bone or
    left empty (Neverwinter Nights' weapon point 'rhand' 8 cm below 'rhand_g', in line with the forearm: held-out
    batch 293); a twist bone the solver read on a leaf named as the joint it hangs from is none, and so is a finger
    on a leaf named as its hand, where the leaf's words are its parent's or its name says that joint on the same
    side at 0.85 or more (the shield point 'lforearm' under 'lforearm_g'; Morrowind's armour points 'Left Upper
    Arm' and 'Left Hand' under the Biped's joints, batch 454). In place."""
    for i, r in enumerate(roles):
        p = sk.parent_index(i)
        if _part_of_its_parent(sk, roles, name_ev, i):
            roles[i], weights[i] = None, 0.0
            continue
        if r is None or r.kind not in ("hand", "foot") or sk.children(i) or p < 0 or \
                (roles[p] is not None and not roles[p].kind.endswith("_twist")):  # type: ignore[union-attr]
            continue
        t, tp = strongest(name_ev[i]), strongest(name_ev[p])
        if t is not None and tp is not None and t.kind == tp.kind == r.kind and t.side == tp.side == r.side and \
                min(t.weight, tp.weight) >= 0.85 and _attachment_leaf(sk, i):
            roles[p], weights[p] = r, weights[i]
            roles[i], weights[i] = None, 0.0


_LIMB_JOINTS = {"upperarm": "upperarm", "lowerarm": "upperarm", "hand": "lowerarm", "thigh": "thigh", "calf": "thigh",
                "foot": "calf"}


def _joint_off_a_named_end(sk: Skeleton, roles: list[Role | None], weights: list[float], name_ev: list[list[Evidence]],
                           ends: list[bool] | None) -> None:
    """A limb joint the solver put on a leaf named only as an end (a Blender export's 'Bone.005_end', the tail of
    'Bone.005') belongs to the bone that leaf ends, where the solver read that bone as a twist of the segment
    before the joint or gave it nothing: a straight cartoon arm, 'Bone.004' > 'Bone.005' > 'Bone.005_end' with no
    hand, had its elbow on the tail and its forearm as an upper-arm twist (Global Game Jam 2024's Stage Fright
    player, held-out batch 1214). In place."""
    if ends is None:
        return
    for i, r in enumerate(roles):
        if r is None or r.kind not in _LIMB_JOINTS or not ends[i] or name_ev[i] or sk.children(i):
            continue
        p = sk.parent_index(i)
        q = roles[p] if p >= 0 else None
        if p >= 0 and (q is None or (q.kind == f"{_LIMB_JOINTS[r.kind]}_twist" and q.side == r.side)):
            roles[p], weights[p] = r, weights[i]
            roles[i], weights[i] = None, 0.0


def _finger_off_a_named_end(sk: Skeleton, roles: list[Role | None], weights: list[float],
                            name_ev: list[list[Evidence]], ends: list[bool] | None) -> None:
    """A finger the solver ended on a leaf named only as an end (the exporter's tip marker, as long as a phalanx)
    moves one bone toward the hand, segment by segment, where a segment is to spare there: the leaf is no phalanx,
    so the bone the solver read as the metacarpal is the first phalanx, and a thumb's first bone, named for the
    thumb, which the solver left out, is its first segment
    (Sister Location's Ballora, 'L_index_01_Bn' > '_02_Bn' > '_03_Bn' > '_03_Bn_end' on the hand, every finger one
    segment short, and Security Breach's Gregory, 'L_IndexA_jnt' > 'B' > 'C' > 'L_IndexEND_jnt' > its '_end' leaf:
    held-out batch 1362). In place."""
    if ends is None:
        return
    infos = analyse_names(sk.names)

    def end_marker(b: int) -> bool:  # named only as an end by the word itself, and so is every bone below it ('tip'
        # may name the last phalanx before an end leaf: AnimUtils' 'R_index_tip_jnt' > 'R_index_end_jnt')
        return not name_ev[b] and "end" in infos[b].tokens and all(end_marker(c) for c in sk.children(b))

    for i, r in enumerate(roles):
        if r is None or r.kind not in FINGERS or not end_marker(i) or \
                any(roles[d] is not None for d in sk.subtree(i) if d != i):
            continue
        chain = [i]
        p = sk.parent_index(i)
        while p >= 0 and roles[p] is not None and (roles[p].kind, roles[p].side) == (r.kind, r.side):  # type: ignore[union-attr]
            chain.append(p)
            p = sk.parent_index(p)
        if p >= 0 and roles[p] is None and any(e.kind == r.kind and e.idx != 0.0 for e in name_ev[p]):
            chain.append(p)  # (the first bone left out, named for the finger and not its metacarpal)
        elif roles[chain[-1]].idx != 0.0:  # type: ignore[union-attr]
            continue  # no segment to spare: a two-segment finger's tip leaf (FNAF Freddy's 'L_IndexA_jnt' >
            # 'L_IndexB_jnt' > '_end') only loses its role
        was = [(roles[c], weights[c]) for c in chain]
        for k in range(1, len(chain)):  # each bone takes the segment of the bone below it
            roles[chain[k]], weights[chain[k]] = was[k - 1]
        roles[i], weights[i] = None, 0.0


def _role_off_a_dummy_over_its_joint(sk: Skeleton, roles: list[Role | None], weights: list[float],
                                     name_ev: list[list[Evidence]]) -> None:
    """A solver role on a bone whose name says a dummy or null node (the lexicon's end words) and nothing of that
    role, and that carries one child named for that role (its strongest evidence, same kind and side, 0.8 or more)
    which the solver left without a role, moves to that child: the dummy is a node set over the joint (a Chinese
    digital human's 'leftShoulder_Dummy' > 'leftShoulder' > 'leftArm' had its clavicle on the dummy and the named
    clavicle unmapped, held-out batch 1323). In place."""
    infos = analyse_names(sk.names)
    for i, r in enumerate(roles):
        if r is None or "end" not in infos[i].concepts or any(e.kind == r.kind for e in name_ev[i]) or \
                len(kids := sk.children(i)) != 1:
            continue
        c = kids[0]
        t = strongest(name_ev[c])
        if roles[c] is None and t is not None and (t.kind, t.side) == (r.kind, r.side) and t.weight >= 0.8:
            roles[c], weights[c] = r, weights[i]
            roles[i], weights[i] = None, 0.0


def _part_of_its_parent(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]], i: int) -> bool:
    """Leaf ``i`` has a twist role of its parent's segment, or a finger role under its hand, and its name says its
    parent's joint: its words are the parent's, or the joint on the parent's side at 0.85 or more."""
    p = sk.parent_index(i)
    r, up = roles[i], roles[p] if p >= 0 else None
    if r is None or up is None or sk.children(i) or (t := strongest(name_ev[i])) is None or t.kind != up.kind:
        return False
    if r.kind != up.kind + "_twist" and not (r.kind in FINGERS and t.kind == "hand"):
        return False
    return _attachment_leaf(sk, i) or (t.side == up.side and t.weight >= 0.85)


def _named_neck_chest(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]], sol: Solution) -> None:
    """The arms' branch bone named the neck (>= 0.85, nothing of the trunk), on a bone named for the spine: 3ds Max
    Biped's default hierarchy hangs the clavicles from 'Bip01 Neck', and the names say so where the solver found no
    sign of it in the geometry (a head with a hat chain or a second neck bone above it: LayaAir, Egret, Dobby,
    held-out batches 238-260). The branch bone becomes the first neck bone, the spine run below it shrinks (in
    place)."""
    c = sol.chest
    p = sk.parent_index(c) if c >= 0 else -1
    if p < 0 or roles[c] is None or roles[c].kind != "spine" or roles[p] is None or roles[p].kind != "spine":
        return
    t, tp = strongest(name_ev[c]), strongest(name_ev[p])
    if t is None or t.kind != "neck" or t.weight < 0.85 or any(e.kind == "spine" for e in name_ev[c]) or \
            tp is None or tp.kind != "spine":
        return
    roles[c] = Role("neck")
    _renumber(sk, roles, "neck")
    _renumber(sk, roles, "spine")


def _named_spine_over_the_chest(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]],
                                sol: Solution) -> None:
    """The solver's first neck bone named for the spine (>= 0.85, nothing of the neck), on a chest named for the
    spine, under a bone named the neck: the clavicles hang one spine bone below the top of the spine (The Deep West's
    Maya rig, held-out batch 942: 'shoulder_L' on 'spine_3', 'spine_4' 5 cm above it carrying 'neck_1' > 'neck_2' >
    'head', read as neck, neck and head). It joins the spine as its top (in place)."""
    c = sol.chest
    if c < 0 or roles[c] is None or roles[c].kind != "spine":
        return
    up = [k for k in sk.children(c) if roles[k] is not None and roles[k].kind == "neck"]
    if len(up) != 1:
        return
    n = up[0]
    t, tc = strongest(name_ev[n]), strongest(name_ev[c])
    if t is None or t.kind != "spine" or t.weight < 0.85 or any(e.kind == "neck" for e in name_ev[n]) or \
            tc is None or tc.kind != "spine" or \
            not any((e := strongest(name_ev[k])) is not None and e.kind == "neck" and e.weight >= 0.85
                    for k in sk.children(n)):
        return
    roles[n] = Role("spine")
    _renumber(sk, roles, "neck")
    _renumber(sk, roles, "spine")


def _named_trunk_of_a_half_body(sk: Skeleton, roles: list[Role | None], name_ev: list[list[Evidence]],
                                sol: Solution) -> None:
    """An upper body's pelvis is the solver's guess from the arms' reach (``partial._partial_pelvis``), and arms
    cut short make it wrong (MetaHuman's body skeleton stops at the upper arms, so the arms' reach put the ground
    at 'spine_04': held-out batch 288). Where one bone below the chest is named the pelvis (>= 0.9) and it is not
    the solver's, the names place the trunk: the solver's pelvis and spine roles up to the chest are cleared (in
    place)."""
    if sol.partial != "arms" or sol.chest < 0:
        return
    line = sk.ancestors(sol.chest)
    named = [i for i in line if (t := strongest(name_ev[i])) is not None and t.kind == "pelvis" and t.weight >= 0.9]
    if len(named) != 1 or named[0] == sol.pelvis:
        return
    for i in [sol.chest, *line]:
        if roles[i] is not None and roles[i].kind in ("pelvis", "spine"):  # type: ignore[union-attr]
            roles[i] = None


def _renumber(sk: Skeleton, roles: list[Role | None], kind: str) -> None:
    """Relative positions 0..1 again, root to tip, over the bones whose role is ``kind`` (the neck or spine run,
    after a rule moved a bone in or out of it; in place)."""
    for b, x in _along_run(sk, [i for i, r in enumerate(roles) if r is not None and r.kind == kind]):
        roles[b] = Role(kind, None, x)


def _along_run(sk: Skeleton, bones: list[int]) -> list[tuple[int, float]]:
    """``bones`` (a spine or neck run) root to tip, each with its relative position 0..1 along the run."""
    depth = sk.depths()
    run = sorted(bones, key=lambda i: depth[i])
    return [(b, k / (len(run) - 1) if len(run) > 1 else 0.0) for k, b in enumerate(run)]


def off_line(sk: Skeleton, sol: Solution) -> list[set[str]]:
    """Per bone the role kinds its name may not give it once the solver found the body: spine / neck on bones
    off the pelvis-chest-head line (a control bone beside the hips, a second root) or left out of it as
    stacked / folded extras; root on bones below the pelvis (``HindLimbsRoot``); body parts and twists on
    bones of another tree than the body's (``ElbowRot``: a pole helper of its own)."""
    out: list[set[str]] = [set() for _ in range(len(sk))]
    tree = sk.tree_roots()
    line, i = set(), sol.chest
    while i >= 0:
        line.add(i)
        i = sk.parent_index(i)
    below_chest = [False] * len(sk)
    below_pelvis = [False] * len(sk)
    for i in sk.depth_order():
        p = sk.parent_index(i)
        below_chest[i] = i == sol.chest or (p >= 0 and below_chest[p])
        below_pelvis[i] = p >= 0 and (p == sol.pelvis or below_pelvis[p])
    # half a body says nothing about the other half: its line and tree bar no names elsewhere (a kobold's arms in a
    # root of their own beside its legs)
    for i in range(len(sk)) if sol.partial is None else ():
        if i not in line and not below_chest[i]:
            out[i] |= {"spine", "neck"}
        if below_pelvis[i]:
            out[i].add("root")
        if tree[i] != tree[sol.pelvis]:
            out[i] |= _BODY
    above = set(sk.ancestors(sol.pelvis)) if sol.pelvis >= 0 else set()
    for i in range(len(sk)):  # a leaf hung beside the pelvis from a bone above it (the root) may be a foot or hand
        if not sk.children(i) and sk.parent_index(i) in above:  # the IK moves (Quaternius' 'Foot.L' under 'Root'), but
            out[i] |= _MID_LIMB  # no limb segment: a pole named for the joint it aims ('Knee_L' under 'Root' beside
            # 'Spine_1', a WebGL stick fighter's, held-out batch 1343, had taken the shin from 'Leg_L_2')
    for i in sol.skip:
        out[i] |= {"spine", "neck"}
    stacked = 0.01 * sol.frame.h if sol.frame is not None and sk.has_positions() else -1.0
    for i, r in enumerate(sol.roles):  # the links between the chest and a clavicle or upper arm belong to the arm
        if r is not None and r.kind in ("clavicle", "upperarm"):  # (Darwin-OP's 'MP_BACK_L' above its shoulder)
            a = sk.parent_index(i)
            while a >= 0 and a != sol.chest and a not in line:
                out[a] |= {"spine", "neck"}
                if r.kind == "upperarm" and rest_distance(sk, a, i) <= stacked:  # a link stacked on the shoulder joint
                    out[a].add("clavicle")  # is no clavicle, whatever its name ('shoulder_pitch_link' over
                    # 'shoulder_roll_link', the upper arm: a clavicle runs from the chest to the shoulder; Westwood
                    # BRUCE, BXI Elf2, mc_rtc's human, held-out batches 252 and 256)
                a = sk.parent_index(a)
    for i, r in enumerate(sol.roles):  # the root joint's armature object stacked on its point above it is no root,
        if r is not None and r.kind == "root":  # whatever its name (Lylek's 'Master' on 'Armature', held-out 906)
            a = sk.parent_index(i)
            while a >= 0 and rest_distance(sk, a, i) <= stacked:
                out[a].add("root")
                a = sk.parent_index(a)
    for i, r in enumerate(sol.roles):  # the links between the pelvis and a thigh belong to the leg: no arm word
        if r is not None and r.kind == "thigh":  # makes them one (ODRI Bolt's hip link 'FL_SHOULDER')
            a = sk.parent_index(i)
            while a >= 0 and a != sol.pelvis and a not in line:
                out[a] |= _ARM
                a = sk.parent_index(a)
    feet = [i for i, r in enumerate(sol.roles) if r is not None and r.kind == "foot"]
    if sol.frame is not None and sk.has_positions():
        for f in feet:  # a link stacked at the ankle (a robot's ankle roll under its ankle pitch) is no ball: the
            for i in range(len(sk)):  # ball lies at the toe base, well in front of the ankle
                if i != f and rest_distance(sk, i, f) < 0.02 * sol.frame.h:
                    out[i].add("ball")
    return out


def _hand_only(name_ev: list[list[Evidence]]) -> bool:
    """A hand without a body (a VR glove's or WebXR's hand skeleton): most named bones name fingers and none names
    a leg or the trunk; the solver's 'body' there is finger chains read as limbs, so names decide."""
    tops = [e.kind for evs in name_ev if (e := strongest(evs)) is not None]
    body = {"thigh", "calf", "foot", "pelvis", "spine", "neck", "head", "clavicle", "upperarm"}
    return len(tops) >= 8 and sum(k in FINGERS for k in tops) >= 0.6 * len(tops) and not body & set(tops)


def _one_hand(sk: Skeleton, name_ev: list[list[Evidence]], name_sides: list[str | None],
              sol: Solution | None = None) -> list[list[Evidence]]:
    """A hand without a body is one hand: where the names mark no side, each side that geometry gave (per bone,
    from where it lies) becomes the side of the hand bone (a right hand alone, the forearm at the origin: its little
    and ring fingers lie across it and had read as left, held-out batch 397), or, where no name marks a side at
    all, the side the hand's shape says (``_hand_side``), else the side of the hand the solver read alone (a
    prosthetic hand's URDF with no bone named the hand, 'palm_link' under the wrist links: held-out batch 996, its
    thumb and index read as left, its ring and little fingers as right). Two hands keep their own sides."""
    hands = {e.side for evs in name_ev if (e := strongest(evs)) is not None and e.kind == "hand" and e.side}
    side = _hand_side(sk, name_ev) if not any(name_sides) else None
    guess = 1.0
    if side is None and not any(name_sides) and not hands and sol is not None and sol.partial == "hand":
        read = {r.side for r in sol.roles if r is not None and r.side}
        side = read.pop() if len(read) == 1 else None
    if side is None and not any(name_sides) and not hands:
        # no name, shape or solver says which hand: each bone's side from where it lies had split the fingers
        # (MediaPipe's 21 hand landmarks in a V sign, held-out batch 1021: thumb and index left, the others right);
        # one hand has one side, the side most of its bones lie on, a guess its confidence shows
        lie = Counter(e.side for evs in name_ev if (e := strongest(evs)) is not None and e.side).most_common()
        if lie and (len(lie) == 1 or lie[0][1] > lie[1][1]):
            side, guess = lie[0][0], 0.75
    if side is None and len(hands) != 1:
        return name_ev
    side = side or hands.pop()
    if sol is not None and sol.partial == "hand":
        name_ev = _segments_where_they_lie(sk, name_ev, sol)
    if not hands and sol is not None and sol.partial == "hand":  # a hand bone no name calls one takes the solver's
        # reading (a glove SDK's root 'Palm bone' under its five named fingers, held-out batch 1203)
        name_ev = [evs or ([Evidence("hand", side, None, w)] if r is not None and r.kind == "hand" else [])
                   for evs, r, w in zip(name_ev, sol.roles, sol.weights, strict=True)]
    return [[Evidence(e.kind, side, e.idx, e.weight * guess, e.exact)
             if (e.side is not None or e.kind in SIDED_KINDS) and name_sides[i] is None else e
             for e in evs] for i, evs in enumerate(name_ev)]


def _segments_where_they_lie(sk: Skeleton, name_ev: list[list[Evidence]], sol: Solution) -> list[list[Evidence]]:
    """A hand the solver read alone, a finger whose named chain starts on the hand's own point (a link from the
    wrist to the knuckle, Lens Studio's 'wrist_to_index' > 'index-0' .. '-3', held-out batch 1375): where a name
    calls a bone of that finger as the solver does but spells no segment out, the segment is the solver's, read
    from where the bone lies (the link the metacarpal, '-0' the first phalanx). Elsewhere the names' count stands:
    a hand's own geometry misreads the segments of fingers that start off the wrist (MRTK's rigged hands)."""
    tops = [strongest(evs) for evs in name_ev]
    chains: set[int] = set()  # the bones of each finger whose named chain starts on its parent's point
    for i, t in enumerate(tops):
        p = sk.parent_index(i)
        if t is None or t.kind not in FINGERS or p < 0 or (tops[p] is not None and tops[p].kind == t.kind):
            continue
        a, b = sk.bones[i].position, sk.bones[p].position
        todo = [i] if a is not None and b is not None and same_point(a, b) else []
        while todo:
            k = todo.pop()
            chains.add(k)
            todo += [c for c in sk.children(k) if (tc := tops[c]) is not None and tc.kind == t.kind]
    out = []
    for i, (evs, top, r) in enumerate(zip(name_ev, tops, sol.roles, strict=True)):
        if i in chains and top is not None and r is not None and top.kind == r.kind and not top.exact:
            evs = [dataclasses.replace(e, idx=r.idx) if e is top else e for e in evs]
        out.append(evs)
    return out


def _hand_alone_and_names(sk: Skeleton, name_ev: list[list[Evidence]], name_sides: list[str | None],
                          sol: Solution) -> list[list[Evidence]]:
    """A hand or a robot arm the solver read with no body (``hand_alone``, ``arm_alone``): a bone's name evidence
    where it has some, else the solver's; the solver's side gives way to the side most names mark (its side is a
    guess without joint axes, and always one for an arm). A name with no side ('Wrist1') takes the side the
    solver read there: left unsided, the hand had gone to either side by a tie and its fingers, read right, had
    been dropped (a Leap Motion right hand whose fingers are numbered 'Finger_04' .. 'Finger_59': batch 1154)."""
    named = Counter(s for s in name_sides if s)
    flip = False
    if named:
        side = named.most_common(1)[0][0]
        mine = {r.side for r in sol.roles if r is not None and r.side}
        flip = mine == {"L" if side == "R" else "R"}

    def turned(x: str | None) -> str | None:
        return ("L" if x == "R" else "R") if flip and x else x

    out = []
    for i, evs in enumerate(solver_evidence(sk, sol)):
        read = sol.roles[i]
        if name_ev[i]:
            side = turned(read.side) if read is not None and name_sides[i] is None else None
            out.append([dataclasses.replace(e, side=side) if side and e.side is None and e.kind in SIDED_KINDS
                        else e for e in name_ev[i]])
            continue
        out.append([Evidence(e.kind, turned(e.side), e.idx, e.weight, e.exact) for e in evs])
    return out


def _hand_side(sk: Skeleton, name_ev: list[list[Evidence]]) -> str | None:
    """Which hand a lone hand is, from its rest pose (right-handed coordinates): the thumb hangs to the palm's side
    (``hand_alone.side_by_thumb``), else the fingers curl toward the palm,
    and seen with the fingers pointing away and the palm down, a right hand's thumb lies to the left (a Leap Motion
    rigged hand whose bones are named 'Wrist', 'Finger_00' .. 'Finger_43', no side in any name: held-out batch
    446). None where the pose does not say (straight fingers, no thumb apart, no single hand bone)."""
    from enginemind.families.bonemap.rig.solver.frame import Geo, unit
    from enginemind.families.bonemap.rig.solver.hands import finger_chains

    hand = [i for i, evs in enumerate(name_ev) if (e := strongest(evs)) is not None and e.kind == "hand"]
    if len(hand) != 1 or not sk.has_positions():
        return None
    geo, h = Geo(sk), hand[0]
    pos, up = geo.pos, geo.parent[h]
    chains, thumb = finger_chains(geo, h, pos[h] - pos[up] if up >= 0 else None)
    rest = [c for k, c in enumerate(chains) if k != thumb and len(c) >= 3]
    if thumb < 0 or len(rest) < 2:
        return None
    along = unit(sum((pos[c[-1]] - pos[c[0]] for c in rest), np.zeros(3)))  # the fingers' direction

    def across(v: np.ndarray) -> np.ndarray:
        return unit(v - (v @ along) * along)

    curl = sum(((pos[c[-1]] - pos[c[-2]]) - (pos[c[1]] - pos[c[0]]) for c in rest), np.zeros(3))
    starts = np.array([pos[c[0]] for c in rest])
    lat = across(np.linalg.svd(starts - starts.mean(axis=0), full_matrices=False)[2][0])  # the knuckles' line
    normal = unit(np.cross(along, lat))
    length = sum(float(np.linalg.norm(pos[c[-1]] - pos[c[0]])) for c in rest)
    by_thumb = side_by_thumb(geo, h, chains, thumb, along)
    if by_thumb is not None or abs(float(curl @ normal)) < 0.05 * length:  # the thumb's side of the palm first
        return by_thumb
    palm = normal * float(np.sign(curl @ normal))  # the curl, toward the palm
    thumb_side = across(np.mean([pos[b] for b in chains[thumb]], axis=0) - np.mean([pos[c[0]] for c in rest], axis=0))
    turn = float(np.cross(along, palm) @ thumb_side)
    if abs(turn) < 0.3:
        return None
    return "R" if turn > 0 else "L"


def _body_of_fingers(roles: list[Role | None], name_ev: list[list[Evidence]]) -> bool:
    """The solver built its body out of fingers: at least four bones that confident names (>= 0.9) call fingers
    have trunk or limb roles, half or more of the bones where a confident name and the solver both give a
    core role (a half-body avatar's floating hands, their fingers read as hips, legs and a neck: Ready Player
    Me, held-out batch 173). Names decide there. (Fingers merely ordered differently, as on InMoov's hands,
    do not count.)"""
    return _names_overrule(roles, name_ev, set(CORE), lambda said, read: said in FINGERS and read not in FINGERS)


def _names_overrule(roles: list[Role | None], name_ev: list[list[Evidence]], kinds: set[str],
                    contradicts: Callable[[str, str], bool]) -> bool:
    """Of the bones that a confident name (>= 0.9) and the solver both give a role of ``kinds``, four or more and at
    least half have a name that ``contradicts`` (name kind, solver kind) the solver's role."""
    both = against = 0
    for r, evs in zip(roles, name_ev, strict=True):
        t = strongest(evs)
        if r is None or t is None or t.weight < 0.9 or t.kind not in kinds or r.kind not in kinds:
            continue
        both += 1
        against += contradicts(t.kind, r.kind)
    return against >= 4 and against >= 0.5 * both


LIMB_KINDS = {"clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot", "ball", *FINGERS}


_LEG = {"thigh", "calf", "foot", "ball", "thigh_twist", "calf_twist"}
_ARM_ALL = _ARM | {"upperarm_twist", "lowerarm_twist"}


_OTHER_PAIR = {"thigh": "upperarm", "calf": "lowerarm", "foot": "hand", "thigh_twist": "upperarm_twist",
               "calf_twist": "lowerarm_twist", "upperarm": "thigh", "lowerarm": "calf", "hand": "foot",
               "upperarm_twist": "thigh_twist", "lowerarm_twist": "calf_twist"}
"""Each joint of one limb pair read as the other pair's (``_half_body_named_otherwise``); kinds not listed (the
branch bone's pelvis and the root above it, a ball, fingers, clavicles, the trunk) are dropped."""


def _half_body_named_otherwise(sol: Solution, name_ev: list[list[Evidence]]) -> bool:
    """The solver found only legs where the names say arms, or only arms where they say legs: half or more of its
    limb bones (two at least) carry the other pair's names. A robot on wheels or a lift (ROBOTIS AI Worker
    FFW-BG2, held-out batch 281) hangs its arms down to the gripper frames the solver leaves out, and a legless
    upper body's arms hang down (Castle Game Engine's weapon humanoid, batch 267): they were read as legs
    ('arm_l_link2' as the thigh). The solver's joints stand, as the other pair's (``_OTHER_PAIR``)."""
    if sol.partial not in ("legs", "arms"):
        return False
    mine, theirs = (_LEG, _ARM_ALL) if sol.partial == "legs" else (_ARM_ALL, _LEG)
    limb = [i for i, r in enumerate(sol.roles) if r is not None and r.kind in mine]
    said = [i for i in limb if (t := strongest(name_ev[i])) is not None and t.kind in theirs]
    return len(said) >= max(2, len(limb) / 2)


def _other_pair(sol: Solution, keep_trunk: bool = False) -> Solution:
    """``sol`` with its limb joints read as the other pair's (``_OTHER_PAIR``), everything else dropped (with
    ``keep_trunk``, all but the clavicles, balls and fingers, which belonged to one pair's ends)."""
    trunk = {"root", "pelvis", "spine", "neck", "head"} if keep_trunk else set()
    roles = [Role(_OTHER_PAIR[r.kind], r.side, r.idx) if r is not None and r.kind in _OTHER_PAIR else
             r if r is not None and r.kind in trunk else None for r in sol.roles]
    return dataclasses.replace(sol, roles=roles, weights=[w if r is not None else 0.0
                                                          for r, w in zip(roles, sol.weights, strict=True)],
                               alts={})


def _body_named_otherwise(sol: Solution, name_ev: list[list[Evidence]]) -> bool:
    """The solver read a whole body's limb pairs the other way round, both ways, by the names: two or more of its
    leg bones named for an arm and two or more of its arm bones named for a leg (any weight, 0.5 or more), none
    agreeing. A pony whose four legs hang from one body bone, 'arm1'..'arm3' in front and 'leg1'..'leg3' behind
    (a voxel game's Blender example, held-out batch 994), took its tail for the head's chain and its front legs for
    the legs. Its joints stand, as the other pair's."""
    if sol.partial is not None:
        return False
    said = Counter()
    for r, evs in zip(sol.roles, name_ev, strict=True):
        if r is None or r.kind not in _OTHER_PAIR:
            continue
        kinds = {e.kind in _LEG for e in evs if e.weight >= 0.5 and e.kind in _OTHER_PAIR}
        if len(kinds) == 1:
            said[(r.kind in _LEG, kinds.pop())] += 1
    return said[(True, False)] >= 2 and said[(False, True)] >= 2 and not said[(True, True)] and \
        not said[(False, False)]


def _head_in_a_limb(roles: list[Role | None], name_ev: list[list[Evidence]]) -> bool:
    """A bone confidently named the head (>= 0.9) got an arm, leg or finger role: the solver read the body
    wrong as a whole (a Blockbench player's head and eyes, forward of the neck, taken for an arm while its
    real arm hung unread from an 'arms' hub: held-out batches 175 and 188), or the chest's spine role under "arms"
    no name calls arms (a Biped dinosaur's eye dummies on 'Bip001 Head', held-out batch 480; a plush toy's arms on
    its head are named so). Names decide there."""
    arms_named = any(r is not None and r.kind == "upperarm" and any(e.kind in _ARM for e in evs)
                     for r, evs in zip(roles, name_ev, strict=True))
    for r, evs in zip(roles, name_ev, strict=True):
        t = strongest(evs)
        if r is not None and t is not None and t.kind == "head" and t.weight >= 0.9 and \
                (r.kind in LIMB_KINDS or (r.kind == "spine" and not arms_named)):
            return True
    return False


def _limbs_named_the_other_way(roles: list[Role | None], name_ev: list[list[Evidence]]) -> bool:
    """The solver read the arms as legs and the legs as arms: of the bones that confident names (>= 0.9) and the
    solver both put on a limb, four or more and at least half are named for the other pair (Godot's TPS-demo red
    robot, its legs mounted behind the body pointing back, its hands on IK bones: held-out batch 335). Names
    decide there. (Half a body read as the other pair is turned instead: ``_half_body_named_otherwise``.)"""
    return _names_overrule(roles, name_ev, set(_OTHER_PAIR), lambda said, read: (said in _LEG) != (read in _LEG))


def merge(sk: Skeleton, name_ev: list[list[Evidence]], name_sides: list[str | None],
          sol: Solution | None = None, not_body: list[bool] | None = None,
          face_only: list[bool] | None = None, ends: list[bool] | None = None) -> list[list[Evidence]]:
    """Solver roles refined by name evidence (see module docstring); ``not_body`` marks names that say the
    bone is hair / cloth / face / a helper / an end, which lowers a solver role on them to 0.4 x (0.3 x, below
    null, on the leaves ``ends`` marks as named an end)."""
    sol = sol or solve(sk)
    if _hand_only(name_ev):
        return _one_hand(sk, name_ev, name_sides, sol)
    if sol.partial in ("hand", "arm"):
        return _hand_alone_and_names(sk, name_ev, name_sides, sol)
    if not sol.found or _body_of_fingers(sol.roles, name_ev) or \
            _head_in_a_limb(sol.roles, name_ev) or (sol.partial is None and _limbs_named_the_other_way(sol.roles,
                                                                                                    name_ev)):
        return name_ev
    if _half_body_named_otherwise(sol, name_ev):
        sol = _other_pair(sol)
    elif _body_named_otherwise(sol, name_ev):
        sol = _other_pair(sol, keep_trunk=True)
    if names_flip(sol, name_sides, sk) and pose_decides_sides(sol, name_sides, sk):
        name_ev = [[dataclasses.replace(e, side=_OTHER_SIDE.get(e.side, e.side)) for e in evs] for evs in name_ev]
        name_sides = [_OTHER_SIDE.get(x, x) if x else x for x in name_sides]
    roles = oriented(sol, name_sides, sk)
    weights = list(sol.weights)
    name_ev = _fingers_follow_their_hand(sk, roles, name_ev, name_sides)
    name_ev = _unspelled_under(sk, _metacarpals_at_the_knuckles(sk, roles, name_ev), name_ev)
    _named_hand_on_a_finger(sk, roles, name_ev)
    _end_on_its_copy(sk, roles, name_ev)
    _hand_on_its_wrist(sk, roles, weights, name_ev)
    _roles_off_stacked_helpers(sk, roles, weights, name_ev, not_body)
    _role_to_its_named_twin(sk, roles, weights, name_ev)
    named_limbs(sk, roles, weights, name_ev, sol)
    foot_named_above_the_solvers(sk, roles, weights, name_ev)
    _twists_past_a_named_end(sk, roles, name_ev)
    _no_twist_named_as_the_next_segment(roles, name_ev)
    _prop_read_as_a_finger(sk, roles, weights, name_ev)
    _prop_in_a_hand(sk, roles, name_ev, name_sides)
    _fingers_under_a_named_hand(sk, roles, weights, name_ev)
    _named_neighbour(sk, roles, weights, name_ev, not_body, sol.frame.h if sol.frame is not None else 0.0)
    if not_body is not None:
        for _ in range(len(sk)):  # each step moves the head one bone up the neck line
            if not _head_not_face(sk, roles, weights, name_ev, not_body, face_only, sol):
                break
    _named_head(sk, roles, weights, name_ev)
    _roles_off_attachment_leaves(sk, roles, weights, name_ev)
    _joint_off_a_named_end(sk, roles, weights, name_ev, ends)
    _finger_off_a_named_end(sk, roles, weights, name_ev, ends)
    _role_off_a_dummy_over_its_joint(sk, roles, weights, name_ev)
    _named_neck_chest(sk, roles, name_ev, sol)
    _named_spine_over_the_chest(sk, roles, name_ev, sol)
    _named_trunk_of_a_half_body(sk, roles, name_ev, sol)
    # (a role the solver put on a bone named as an end or a helper, which the names push below null, places
    # nothing: a glTF export's 'LowerLeg.L_end_end' leaf half a leg below the ground read as the foot left
    # 'Foot.L', under the root, with half its name's weight; held-out batch 133), unless it carries the hand or
    # foot (Pepper's 'LBicep', the upper arm link under the stacked 'LShoulder')
    # a bone the hand or foot hangs from is a joint of the limb, whatever helper word its name holds (DRC
    # Atlas's shoulder link 'l_scap'); helpers (UE's 'clavicle_scap_l') are leaves or side branches
    def named_off_body(i: int) -> bool:  # a bone whose name says only hair / cloth / helper / end
        return not_body is not None and not_body[i] and not name_ev[i]

    carries = {a for e, r in enumerate(roles) if r is not None and r.kind in ("hand", "foot") and
               not named_off_body(e) for a in sk.ancestors(e)}
    # (a hand the names call hair carries nothing: an MMD Miku's twin tails '左ツインテ4' .. '12' beside her
    # arms, held-out batch 349)
    placed = {(r.kind, r.side) for i, r in enumerate(roles)
              if r is not None and not (named_off_body(i) and i not in carries)}
    off = off_line(sk, sol)
    tree = sk.tree_roots()
    body_tree = tree[sol.pelvis] if sol.pelvis >= 0 else -1
    loose: set[int] = set()
    for i, top in enumerate(tree):  # a hand or foot an IK export made a root of its own, or hung under
        # an IK control that is one (OpenSceneGraph's Nathan: 'Foot.L' carries the foot-roll and IK bones; a jam
        # game's 'foot.L' > 'toe.L' under 'HeelIK.L', held-out batch 133) keeps its name, and so does the toe
        # under it, when the solver found no such joint on that side
        t = strongest(name_ev[i])
        if top == body_tree or t is None or t.weight < 0.85 or (t.kind, t.side) in placed:
            continue
        if t.kind in ("hand", "foot") or (t.kind == "ball" and (p := sk.parent_index(i)) >= 0 and
                                          (e := strongest(name_ev[p])) is not None and e.kind == "foot"):
            off[i].discard(t.kind)
            loose.add(i)
    for i in range(len(sk)):  # and so do the fingers under such a hand (an ACL clip's 'rHand' a root of its own
        # near the origin, held-out batch 496)
        t = strongest(name_ev[i])
        if t is not None and t.kind in FINGERS and any(a in loose for a in sk.ancestors(i)):
            off[i].discard(t.kind)
    # a second pelvis hypothesis takes the pelvis from the solver's branch point only when that bone's name says
    # root, spine or centre of mass, not hips (Elden Ring's zero-length 'Root' above 'Pelvis'; Bethesda's 'NPC COM'
    # above 'NPC Pelvis', held-out batch 245; Genesis' 'hip' above 'pelvis' stays; a Biped's 'Spine' carrying the
    # thighs gives way to its 'Pelvis')
    root_named = sol.pelvis >= 0 and \
        (any(e.kind in ("root", "spine", "center_of_mass") for e in name_ev[sol.pelvis]) or
         "end" in analyse_names(sk.names)[sol.pelvis].concepts) and \
        not any(e.kind == "pelvis" for e in name_ev[sol.pelvis])  # (or a dummy node: Jedi Knight's '$$$dummy'
    # carries 'k_hip' with the legs and 'k_torso' beside it, held-out batch 1305; Tekken's 'BASE' stays)
    out: list[list[Evidence]] = []
    respread = pelvis_below = False
    for i, evs in enumerate(name_ev):
        if off[i]:  # (a toe named as such a centimetre in front of a foot bone laid on the ground keeps its name:
            # an Auto-Rig Pro export's 'toes_01.l', held-out batch 157; a robot's second ankle link is no toe)
            evs = [e for e in evs if e.kind not in off[i] or (e.kind == "ball" and e.weight >= 0.9)]
        r, w = roles[i], weights[i]
        top = 0.97
        for ar, aw in sol.alts.get(i, []):  # a second hypothesis the name confirms becomes the role, a little
            if ar.kind == "pelvis" and not root_named:
                continue
            if any(e.kind == ar.kind for e in evs) and (r is None or not any(e.kind == r.kind for e in evs)):
                r, w, top = ar, max(aw, 0.8), 0.95  # below a first hypothesis the name confirms
                respread |= ar.kind == "spine" and (roles[i] is None or roles[i].kind == "pelvis")
                pelvis_below |= ar.kind == "pelvis" and sk.is_ancestor(sol.pelvis, i)
        if r is not None and (r.kind.endswith("_twist") or r.kind in FINGERS) and \
                {"com", "mass"} & {t.lower() for t in tokenize(sk.names[i])}:
            r = None  # a centre-of-mass marker lying along a segment is no twist bone (Rokoko's 'COM_LeftArm', a
            # marionette simulator's 'lfemur_mass': held-out batch 226), nor one at the wrist a finger (a
            # human-model generator's 'LeftHandCOM', held-out batch 98)
        if r is not None and not_body is not None and not_body[i] and not evs and i not in carries:
            # a leaf named as an end (an FBX '_End' at the toe tip) drops below null; a face-named leaf may be a
            # head (ETRI's 'forehead')
            w *= 0.3 if ends is not None and ends[i] else 0.4
        if r is None:  # (a finger segment the names spell keeps its weight: the solver's count of a split
            # segment's parts put the segment one bone early, Red Eclipse's fingers, held-out batch 305)
            out.append([Evidence(e.kind, e.side, e.idx, e.weight * 0.5) if e.kind in CORE and
                        (e.kind, e.side) in placed and not (e.exact and e.kind in FINGERS) else e for e in evs])
            continue
        agree = [e for e in evs if e.kind == r.kind and (e.side == r.side or e.side is None or
                                                         r.kind not in SIDED_KINDS)]
        if agree and sol.partial and max(e.weight for e in agree) < max(e.weight for e in evs):
            agree = []  # half a body is weak structure: it confirms only a name's first reading ('Shoulder' is a
            # clavicle before an upper arm), else both are kept and weighed
        if agree:
            idx = r.idx
            if r.kind.endswith("_twist") and agree[0].idx is not None:  # twist numbers follow the names
                idx, r = agree[0].idx, Role(r.kind, r.side, agree[0].idx)
            spelled = next((e.idx for e in agree if e.exact and e.idx is not None), None)
            if spelled is not None and spelled != r.idx:  # 'IndexProximal' is segment 1 wherever the knuckle
                agree = [Evidence(r.kind, r.side, r.idx, 0.7)]  # seems to be (end-bone chains, curled fingers)
                idx, r = spelled, Role(r.kind, r.side, spelled)
            merged = [Evidence(r.kind, r.side, idx, top)]
            for e in agree:
                if e.idx is not None and r.idx is not None and e.idx != r.idx and r.kind not in ("spine", "neck"):
                    merged.append(Evidence(r.kind, r.side, e.idx, 0.7))
            out.append(merged)
        elif evs:
            # a finger word in the name outranks the geometric finger order (missing / extra fingers)
            named_finger = r.kind in FINGERS and any(e.kind in FINGERS and e.weight >= 0.9 for e in evs)
            # so does a name saying the hand or foot of a side the solver gave none (a chibi's 'Left wrist' beside
            # a twist bone under the elbow, read as two fingers of a hand there: held-out batch 123)
            named_end = any(e.kind in ("hand", "foot") and e.weight >= 0.85 and (e.kind, e.side) not in placed
                            for e in evs)
            ws, wn = (0.7, 0.95) if named_finger or named_end else (0.9, 0.75)
            out.append([Evidence(r.kind, r.side, r.idx, w * ws)] +
                       [Evidence(e.kind, e.side, _idx(e, r, named_finger), e.weight * wn) for e in evs])
        else:
            out.append([Evidence(r.kind, r.side, r.idx, w)])
    if pelvis_below and any(e.kind == "spine" for e in name_ev[sol.pelvis]):
        # the names moved the pelvis down to a hips-named branch under a trunk root named for the spine (a Fall Guys
        # bean's 'Torso_C_jnt' > 'Pelvis_C_jnt', held-out batch 1031): the root starts the spine
        out[sol.pelvis] = [Evidence("spine", None, 0.0, 0.8)] + [e for e in out[sol.pelvis] if e.kind != "pelvis"]
        respread = True
    if respread:  # the names moved the pelvis up one bone (Biped): its old bone starts the spine, spread it again
        _respread_spine(sk, out)
    return out


def _respread_spine(sk: Skeleton, out: list[list[Evidence]]) -> None:
    """Relative positions 0..1 again over the bones whose role is spine, bottom-up."""
    for i, x in _along_run(sk, [i for i, evs in enumerate(out) if evs and evs[0].kind == "spine"]):
        e = out[i][0]
        out[i][0] = Evidence(e.kind, e.side, x, e.weight)
