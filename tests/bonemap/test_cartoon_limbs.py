"""Cartoon and animal limbs named by hand: four numbered fingers, a leg with no knee, helper leaves named like
the joint, an animal on its toes, a hip segment above the thigh."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import bone_adder, mixamo_like


def _chibi_wizard() -> dict:
    """A game-jam wizard (held-out batch 1417): a chibi whose hands are raised, four fingers numbered from the thumb
    ('Finger1_1.L' .. 'Finger4_3.L'), and legs of one bone from the hip to the ankle ('Leg.L' > 'Foot1.L' > 'Foot2.L',
    the toe). Y up, facing +Z, left +X."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("Root", None, (0, 0.25, 0))
    add("Legs1", "Root", (0, 0.47, 0))
    add("Legs2", "Legs1", (0.07, 0.86, 0))
    add("Spine1", "Legs2", (0.12, 1.45, 0))
    add("Spine2", "Spine1", (0.13, 1.85, 0))
    add("Head", "Spine2", (0.07, 2.38, 0))
    add("Hat1", "Head", (0, 2.85, -0.15))
    for s, x in (("L", 1), ("R", -1)):
        add(f"Shoulder.{s}", "Spine2", (0.02 * x, 2.37, 0))
        add(f"Arm1.{s}", f"Shoulder.{s}", (0.2 * x, 2.36, 0))
        add(f"Arm2.{s}", f"Arm1.{s}", (0.6 * x, 2.17, 0.05))
        add(f"Hand1.{s}", f"Arm2.{s}", (0.85 * x, 2.35, 0.15))
        for f, (a, h, z) in enumerate(((1.2, 2.57, 0.15), (1.3, 2.75, 0.17), (1.36, 2.64, 0.16), (1.41, 2.5, 0.17)),
                                      start=1):
            parent = f"Hand1.{s}"
            for k in range(1, 4):
                add(f"Finger{f}_{k}.{s}", parent, ((a + 0.07 * (k - 1) * (f > 1)) * x, h + 0.1 * (k - 1), z + 0.05 * k))
                parent = f"Finger{f}_{k}.{s}"
        add(f"Leg.{s}", "Legs1", (0.35 * x, 0.53, -0.14))
        add(f"Foot1.{s}", f"Leg.{s}", (0.35 * x, 0.17, -0.14))
        add(f"Foot2.{s}", f"Foot1.{s}", (0.53 * x, 0.035, -0.01))
    return {"bones": bones, "up_axis": "y", "units": "m"}


def test_four_fingers_numbered_one_to_four_number_the_thumb_first():
    got = Mapper().map(Skeleton.from_dict(_chibi_wizard()), "ue5_manny").mapping
    for s, side in (("L", "l"), ("R", "r")):
        assert [got[f"Finger{f}_1.{s}"] for f in (1, 2, 3, 4)] == \
            [f"{k}_01_{side}" for k in ("thumb", "index", "middle", "pinky")], got


def test_a_leg_with_no_knee_keeps_the_named_foot_at_the_ankle():
    """The solver read the three leg bones as thigh, calf and foot; the names say foot and toe below the leg."""
    got = Mapper().map(Skeleton.from_dict(_chibi_wizard()), "ue5_manny").mapping
    for s, side in (("L", "l"), ("R", "r")):
        assert (got[f"Leg.{s}"], got[f"Foot1.{s}"], got[f"Foot2.{s}"]) == (f"thigh_{side}", f"foot_{side}",
                                                                          f"ball_{side}"), got


def test_helper_leaves_named_like_the_upper_arm_do_not_take_it():
    """An Overcooked rip's Onion King (held-out batch 1415): 'OK_Jnt_Shoulder_L' carries 'OK_Jnt_UpperArm_L' (which
    carries the forearm) and two helper leaves 'OK_Jnt_UpperArm_L1', '_L2'. The solver read the arm one joint up;
    with three bones named the upper arm, the names could not put it back, and a helper leaf took the upper arm."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("OK_Jnt_Root", None, (0, 0, 0))
    add("OK_Jnt_COG", "OK_Jnt_Root", (0, 1.8, 0))
    add("OK_Jnt_Body", "OK_Jnt_COG", (0, 1.75, 0))
    add("OK_Jnt_BodyEnd", "OK_Jnt_Body", (0, 4.0, 0.3))
    add("OK_Jnt_Hips", "OK_Jnt_COG", (0, 1.75, 0))
    for s, x in (("L", 1), ("R", -1)):
        add(f"OK_Jnt_Shoulder_{s}", "OK_Jnt_Body", (0.05 * x, 2.9, 0.3))
        add(f"OK_Jnt_UpperArm_{s}", f"OK_Jnt_Shoulder_{s}", (1.2 * x, 1.95, 0.5))
        add(f"OK_Jnt_UpperArm_{s}1", f"OK_Jnt_Shoulder_{s}", (1.15 * x, 2.25, 0.6))
        add(f"OK_Jnt_UpperArm_{s}2", f"OK_Jnt_Shoulder_{s}", (0.9 * x, 1.85, -0.1))
        add(f"OK_Jnt_ForeArm_{s}", f"OK_Jnt_UpperArm_{s}", (1.3 * x, 1.6, 0.5))
        add(f"OK_Jnt_Hand_{s}", f"OK_Jnt_ForeArm_{s}", (1.35 * x, 1.15, 0.4))
        add(f"OK_Jnt_Thumb_{s}", f"OK_Jnt_Hand_{s}", (1.3 * x, 0.95, 0.6))
        add(f"OK_Jnt_Finger_{s}", f"OK_Jnt_Hand_{s}", (1.35 * x, 0.85, 0.45))
        add(f"OK_Jnt_Thigh_{s}", "OK_Jnt_Hips", (0.5 * x, 1.75, 0.2))
        add(f"OK_Jnt_Knee_{s}", f"OK_Jnt_Thigh_{s}", (0.5 * x, 0.9, 0.25))
        add(f"OK_Jnt_Foot_{s}", f"OK_Jnt_Knee_{s}", (0.5 * x, 0.1, 0.2))
    got = Mapper().map(Skeleton.from_dict({"bones": bones, "up_axis": "y", "units": "m"}), "ue5_manny").mapping
    for s, side in (("L", "l"), ("R", "r")):
        assert (got[f"OK_Jnt_UpperArm_{s}"], got[f"OK_Jnt_ForeArm_{s}"], got[f"OK_Jnt_Hand_{s}"]) == \
            (f"upperarm_{side}", f"lowerarm_{side}", f"hand_{side}"), got
        assert got[f"OK_Jnt_UpperArm_{s}1"] is None and got[f"OK_Jnt_UpperArm_{s}2"] is None, got


def test_a_robe_bone_is_no_finger():
    """'OK_Jnt_Robe_Mid' ('mid' reads as the middle finger) hangs from the body like a limb: cloth, not a finger."""
    d = mixamo_like(prefix="", fingers=False)
    add = bone_adder(d["bones"])
    add("Robe_Mid", "Hips", (0, 90, 8))
    add("Robe_Mid1", "Robe_Mid", (0, 60, 10))
    assert Mapper().map(Skeleton.from_dict(d), "ue5_manny").mapping["Robe_Mid"] is None


def test_a_biceps_bone_carrying_the_hand_is_the_upper_arm():
    """LEGO Rock Raiders' minifigure (held-out batch 1419): each arm is one rigid piece, 'VLPbicepL' on the torso
    carrying 'VLPhandL'."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("Null", None, (0, 5.7, 0))
    add("VLPtorso", "Null", (0, 5.7, 0))
    add("VLPhead", "VLPtorso", (0, 9.6, 0))
    for s, x in (("L", 1), ("R", -1)):
        add(f"VLPbicep{s}", "VLPtorso", (2.1 * x, 8.4, 0))
        add(f"VLPhand{s}", f"VLPbicep{s}", (3.5 * x, 5.4, 0.4))
        add(f"VLPthigh{s}", "Null", (1.35 * x, 4.9, 0))
        add(f"VLPfoot{s}", f"VLPthigh{s}", (1.35 * x, 2.5, 0.8))
    got = Mapper().map(Skeleton.from_dict({"bones": bones, "up_axis": "y", "units": "cm"}), "ue5_manny").mapping
    assert (got["VLPbicepL"], got["VLPhandL"]) == ("upperarm_l", "hand_l"), got
    assert (got["VLPbicepR"], got["VLPhandR"]) == ("upperarm_r", "hand_r"), got


def _rhino() -> dict:
    """A quadruped on its toes (a hunting game's rhino, held-out batch 1433): 'L_Hip' > 'L_Knee' > 'L_Ankle', the
    ankle a quarter of the hip's height up, > 'L_Ball' on the ground > three toes; front legs 'L_Clavicle' >
    'L_Shoulder' > 'L_Elbow' > 'L_Wrist'. Y up, facing +Z, left +X (positions rounded and simplified)."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("Root", None, (0, 0.74, -0.8))
    add("Spine", "Root", (0, 0.97, -0.68))
    add("Spine1", "Spine", (0, 0.95, -0.42))
    add("Spine2", "Spine1", (0, 0.9, -0.18))
    add("Spine3", "Spine2", (0, 0.88, 0.07))
    add("Neck", "Spine3", (0, 0.81, 0.52))
    add("Head", "Neck", (0, 0.63, 0.71))
    add("Tail", "Root", (0, 0.93, -0.88))
    add("Tail1", "Tail", (0, 0.82, -1.02))
    for s, x in (("L", 1), ("R", -1)):
        add(f"{s}_Clavicle", "Spine3", (0.17 * x, 0.92, 0.33))
        add(f"{s}_Shoulder", f"{s}_Clavicle", (0.25 * x, 0.66, 0.41))
        add(f"{s}_Elbow", f"{s}_Shoulder", (0.23 * x, 0.49, 0.22))
        add(f"{s}_Wrist", f"{s}_Elbow", (0.14 * x, 0.2, 0.27))
        add(f"{s}_Hand", f"{s}_Wrist", (0.13 * x, 0.07, 0.25))
        for k, (dx, dz) in enumerate(((-0.045, 0.03), (0, 0.07), (0.045, 0.03)), start=1):
            add(f"{s}_Finger{k}", f"{s}_Hand", ((0.13 + dx) * x, 0.02, 0.25 + dz))
        add(f"{s}_Hip", "Root", (0.21 * x, 0.74, -0.8))
        add(f"{s}_Knee", f"{s}_Hip", (0.19 * x, 0.45, -0.69))
        add(f"{s}_Ankle", f"{s}_Knee", (0.13 * x, 0.19, -0.85))
        add(f"{s}_Ball", f"{s}_Ankle", (0.12 * x, 0.0, -0.87))
        for k, (dx, dz) in enumerate(((-0.05, 0.1), (0, 0.14), (0.05, 0.1)), start=1):
            add(f"{s}_Toe{k}", f"{s}_Ball", ((0.12 + dx) * x, 0.03, -0.87 + dz))
    return {"bones": bones, "up_axis": "y", "units": "m"}


def test_an_animal_on_its_toes_keeps_the_named_ankle_as_the_foot():
    """The solver took the ball on the ground for the foot and passed over the high ankle; the names say the ankle
    is the foot and the ball the ball."""
    got = Mapper().map(Skeleton.from_dict(_rhino()), "ue5_manny").mapping
    for s, side in (("L", "l"), ("R", "r")):
        assert (got[f"{s}_Knee"], got[f"{s}_Ankle"], got[f"{s}_Ball"]) == (f"calf_{side}", f"foot_{side}",
                                                                          f"ball_{side}"), got
        assert got[f"{s}_Toe2"] is None, got


def _sabretooth(knee: tuple[float, float, float] = (0.08, 0.354, -0.275)) -> dict:
    """A tower-defence sabre-tooth (held-out batch 1451), simplified: each hind leg starts with 'Back_Leg_Pelvis_L',
    a segment from the top of the hips forward and down to the hip joint, then 'Back_Leg_Upper_L' >
    'Back_Leg_Lower_L' > 'Back_Leg_Ankle_L' > 'Back_Leg_Foot_L' > 'Back_Leg_Foot_1_L'. Y up, facing +Z, left +X."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("root", None, (0, 0, 0))
    add("Hips", "root", (0, 0.55, -0.37))
    add("Spine_1", "Hips", (0, 0.52, -0.15))
    add("Spine_2", "Spine_1", (0, 0.52, 0.0))
    add("Spine_2001", "Spine_2", (0, 0.54, 0.22))
    add("Spine_3", "Spine_2001", (0, 0.57, 0.31))
    add("Spine_4", "Spine_3", (0, 0.63, 0.41))
    add("Head", "Spine_4", (0, 0.68, 0.5))
    add("Headtip", "Head", (0.045, 0.55, 0.86))
    add("Tail_Base", "Hips", (0, 0.55, -0.42))
    add("Tail_Mid", "Tail_Base", (0, 0.55, -0.56))
    legs = (("Front_Leg", "Spine_2001", (("Shoulder", (0.04, 0.59, 0.06)), ("Upper", (0.08, 0.45, 0.27)),
                                         ("Lower", (0.08, 0.25, 0.2)), ("Ankle", (0.08, 0.07, 0.2)),
                                         ("Foot", (0.08, 0.02, 0.22)), ("Tip", (0.08, 0.02, 0.26)))),
            ("Back_Leg", "Hips", (("Pelvis", (0.04, 0.59, -0.12)), ("Upper", (0.08, 0.51, -0.34)), ("Lower", knee),
                                  ("Ankle", (0.08, 0.18, -0.41)), ("Foot", (0.08, 0.06, -0.39)),
                                  ("Foot_1", (0.08, 0.01, -0.35)), ("Tip", (0.08, 0.01, -0.32)))))
    for s, x in (("L", 1), ("R", -1)):
        for leg, parent, chain in legs:  # each leg a chain down from the trunk bone
            for part, (px, py, pz) in chain:
                add(f"{leg}_{part}_{s}", parent, (px * x, py, pz))
                parent = f"{leg}_{part}_{s}"
    return {"bones": bones, "up_axis": "y", "units": "m"}


@pytest.mark.parametrize("knee", [(0.08, 0.354, -0.275), (0.08, 0.35, -0.27)])
def test_a_hip_segment_above_the_named_thigh_is_not_the_thigh(knee):
    """The solver took the hip segment for the thigh (with its calf right, or on the named thigh: the knee a few
    millimetres away decides); the names spell the thigh one bone down, where the leg turns."""
    got = Mapper().map(Skeleton.from_dict(_sabretooth(knee)), "ue5_manny").mapping
    for s, side in (("L", "l"), ("R", "r")):
        assert (got[f"Back_Leg_Pelvis_{s}"], got[f"Back_Leg_Upper_{s}"], got[f"Back_Leg_Lower_{s}"]) == \
            (None, f"thigh_{side}", f"calf_{side}"), got
