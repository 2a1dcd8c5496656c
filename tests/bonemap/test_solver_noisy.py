"""Structure-first solver on noisy hands / heads / hips: missing or extra finger chains, a helper bone above the
head, a hip offset bone, short and long metacarpals, anatomical finger names (H-Anim, CAT, HumanIK)."""

from __future__ import annotations

import numpy as np
import pytest

from enginemind.families.bonemap.rig.matcher import assign
from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import name_evidence
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import load_target

FINGERS = ("thumb", "index", "middle", "ring", "pinky")


@pytest.fixture(scope="module")
def manny():
    return load_target("ue5_manny")


def _bones(manny, drop: tuple[str, ...] = ()) -> list[dict]:
    """Manny's deform bones (no twists / IK / correctives) with names ``b<k>``; ``drop``: name prefixes to leave out."""
    sk = manny.skeleton
    keep = [b for b in sk.bones if b.position is not None and not b.name.startswith(("ik_", "interaction",
            "center_of_mass", "weapon", "VB ")) and "twist" not in b.name and "_corr" not in b.name and
            not b.name.startswith(drop)]
    names = {b.name for b in keep}
    out = []
    for b in keep:
        p = b.parent
        while p is not None and p not in names:
            p = sk.bones[sk.index(p)].parent
        out.append({"name": b.name, "parent": p, "position": list(b.position)})
    return out


def _anon(bones: list[dict]) -> tuple[Skeleton, dict[str, str]]:
    """Names replaced by meaningless ones; returns the skeleton and new -> old names."""
    order = np.random.default_rng(7).permutation(len(bones))
    new = {b["name"]: f"bone_{order[i]:03d}" for i, b in enumerate(bones)}
    sk = Skeleton.from_dict({"bones": [{"name": new[b["name"]], "parent": new.get(b["parent"]),
                                        "position": b["position"]} for b in bones]})
    return sk, {v: k for k, v in new.items()}


def _wrong(manny, bones: list[dict], kinds: tuple[str, ...]) -> list[tuple[str, str | None]]:
    sk, back = _anon(bones)
    a = assign(sk, manny, structure="nameless")
    tn = manny.skeleton.names
    role = dict(zip(tn, manny.analysis.roles, strict=True))
    out = []
    for i, n in enumerate(sk.names):
        old = back[n]
        got = tn[a.match[i]] if a.match[i] >= 0 else None
        if role.get(old) is not None and role[old].kind in kinds and got != old:
            out.append((old, got))
    return out


@pytest.mark.parametrize("drop", [("thumb_",), ("ring_",), ("pinky_",), ("thumb_", "ring_")])
def test_missing_fingers_do_not_shift_the_others(manny, drop):
    assert _wrong(manny, _bones(manny, drop), FINGERS + ("hand",)) == []


def test_extra_chain_on_the_hand_is_not_a_finger(manny):
    bones = _bones(manny)
    hand = next(b for b in bones if b["name"] == "hand_l")
    p, parent = np.array(hand["position"]), "hand_l"
    for k in range(3):  # a prop / helper chain leaving the wrist sideways and down
        p = p + np.array([1.0, -3.0, -4.0])
        bones.append({"name": f"prop_{k}", "parent": parent, "position": p.tolist()})
        parent = f"prop_{k}"
    assert _wrong(manny, bones, FINGERS + ("hand",)) == []


def test_helper_above_the_head_is_not_the_head(manny):
    bones = _bones(manny)
    head = np.array(next(b for b in bones if b["name"] == "head")["position"])
    bones = [b for b in bones if b["parent"] != "head"]  # no head end / face: only a hair chain on top
    p, parent = head + [0.0, -6.0, 5.0], "head"
    for k in range(4):
        bones.append({"name": f"hair_{k}", "parent": parent, "position": p.tolist()})
        parent, p = f"hair_{k}", p + [0.0, -6.0, -6.0]
    assert _wrong(manny, bones, ("head", "neck")) == []


def test_hip_offset_bone_is_not_the_thigh(manny):
    bones = _bones(manny)
    pelvis = np.array(next(b for b in bones if b["name"] == "pelvis")["position"])
    for side in ("l", "r"):
        thigh = next(b for b in bones if b["name"] == f"thigh_{side}")
        mid = (pelvis + np.array(thigh["position"])) / 2
        bones.append({"name": f"hip_offset_{side}", "parent": "pelvis", "position": mid.tolist()})
        thigh["parent"] = f"hip_offset_{side}"
    assert _wrong(manny, bones, ("thigh", "calf", "foot", "pelvis")) == []


@pytest.mark.parametrize("meta_at", [0.08, 0.3, 0.6])
def test_metacarpals_short_or_long(manny, meta_at):
    """A metacarpal joint anywhere from right by the wrist to 60 % of the way to the knuckle stays a metacarpal."""
    bones = _bones(manny)
    pos = {b["name"]: np.array(b["position"]) for b in bones}
    for b in bones:
        if "_metacarpal_" in b["name"]:
            f, side = b["name"].split("_metacarpal_")
            hand, knuckle = pos[f"hand_{side}"], pos[f"{f}_01_{side}"]
            b["position"] = (hand + meta_at * (knuckle - hand)).tolist()
    assert _wrong(manny, bones, FINGERS) == []


@pytest.mark.parametrize("name, want", [
    ("l_carpometacarpal_2", ("index", 0.0)), ("l_metacarpophalangeal_3", ("middle", 1.0)),
    ("l_carpal_distal_interphalangeal_5", ("pinky", 3.0)), ("l_carpometacarpal_1", ("thumb", 1.0)),
    ("LDigit21", ("index", 1.0)), ("LDigit13", ("thumb", 3.0)), ("Bip01 L Finger21", ("middle", 2.0)),
    ("LeftInHandRing", ("ring", 0.0))])
def test_anatomical_finger_names(name, want):
    ev = name_evidence(analyse_names([name])[0])
    assert ev and (ev[0].kind, ev[0].idx) == want and ev[0].side == "L"


def test_implausible_rest_pose_falls_back_to_names():
    """Legs that do not hang below the hips (a broken BVH rest pose): the solver steps aside (the two pairs are no
    legs and arms, and no half body can be read from one pair either), names map."""
    from enginemind.families.bonemap.rig.solver.solve import solve
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like()
    for b in d["bones"]:
        if any(k in b["name"] for k in ("UpLeg", "Leg", "Foot", "Toe")):
            x, y, z = b["position"]
            b["position"] = [x, 95 + (95 - y), z]  # legs mirrored upwards along the spine
    sk = Skeleton.from_dict(d)
    sol = solve(sk)
    assert not sol.found and sol.partial is None
    a = assign(sk, load_target("ue5_manny"))
    tn = load_target("ue5_manny").skeleton.names
    assert tn[a.match[sk.index("mixamorig:LeftUpLeg")]] == "thigh_l"
