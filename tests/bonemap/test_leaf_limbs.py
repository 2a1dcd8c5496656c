"""Arms that end in a leaf hand, read one joint up by the solver (the names' joints win unless the named upper arm
starts on the midline), named joint by joint in Chinese, or by one limb word numbered twice, as on held-out real rigs
(batches 311, 312, 313, 318). Small constructed skeletons (cm, Y up, +X = left, facing +Z), no third-party files."""

from __future__ import annotations

from tests.bonemap.test_solver_extras import Rig, mapping


def _jam_body(openpose: bool = False) -> Rig:
    """A Godot Wild Jam rig ('Arm_L' > 'Forearm_L' > 'Hand_L' leaf on 'Chest', no clavicle), or MPFB's OpenPose
    rig, whose bones are named after their tails' keypoints ('LShoulder' from the neck point)."""
    rig = Rig()
    rig.add("Pelvis", None, (0, 96, 0))
    rig.add("Chest", "Pelvis", (0, 120, 0))
    rig.add("Neck", "Chest", (0, 145, 0))
    rig.add("Head", "Neck", (0, 162, 0))
    for s, x in (("L", 1), ("R", -1)):
        if openpose:
            rig.add(f"{s}Shoulder", "Chest", (0, 145, 0))
            rig.add(f"{s}Elbow", f"{s}Shoulder", (17 * x, 145, 0))
            rig.add(f"{s}Wrist", f"{s}Elbow", (40 * x, 145, 0))
        else:
            rig.add(f"Arm_{s}", "Chest", (13 * x, 145, 0))
            rig.add(f"Forearm_{s}", f"Arm_{s}", (40 * x, 145, 0))
            rig.add(f"Hand_{s}", f"Forearm_{s}", (78 * x, 145, 0))
        rig.add(f"Leg_{s}", "Pelvis", (4 * x, 100, 1))
        rig.add(f"LegLower_{s}", f"Leg_{s}", (4 * x, 57, 0))
        rig.add(f"Foot_{s}", f"LegLower_{s}", (4 * x, 10, -3))
    return rig


def test_an_arm_ending_in_a_leaf_hand_follows_its_names_joint_by_joint():
    m = mapping(_jam_body())
    for s in "LR":
        side = s.lower()
        assert (m[f"Arm_{s}"], m[f"Forearm_{s}"], m[f"Hand_{s}"]) == (f"upperarm_{side}", f"lowerarm_{side}",
                                                                       f"hand_{side}")
        assert m[f"Leg_{s}"] == f"thigh_{side}" and m[f"Foot_{s}"] == f"foot_{side}"


def test_a_shoulder_named_bone_from_the_midline_stays_the_clavicle():
    m = mapping(_jam_body(openpose=True))
    assert m["LShoulder"] == "clavicle_l" and m["RShoulder"] == "clavicle_r"


def test_a_shoulder_named_in_chinese_above_the_elbow_is_the_upper_arm():
    # a three.js stick figure's joints in Chinese (held-out batch 311): '左肩' (shoulder, MMD's word for the
    # clavicle) carries '左手肘' (elbow) with no upper-arm bone between them, so it spans the upper arm
    rig = Rig()
    rig.add("躯干", None, (0, 100, 0))
    rig.add("颈部", "躯干", (0, 148, 0))
    rig.add("头", "颈部", (0, 160, 0))
    for s, x in (("左", 1), ("右", -1)):
        rig.add(f"{s}肩", "躯干", (17 * x, 148, 0))
        rig.add(f"{s}手肘", f"{s}肩", (44 * x, 148, 0))
        rig.add(f"{s}手腕", f"{s}手肘", (70 * x, 148, 0))
        rig.add(f"{s}髋", "躯干", (8 * x, 98, 0))
        rig.add(f"{s}膝", f"{s}髋", (8 * x, 53, 0))
        rig.add(f"{s}脚", f"{s}膝", (8 * x, 8, 0))
    m = mapping(rig)
    for s, side in (("左", "l"), ("右", "r")):
        assert (m[f"{s}肩"], m[f"{s}手肘"], m[f"{s}手腕"]) == (f"upperarm_{side}", f"lowerarm_{side}", f"hand_{side}")


def test_a_limb_word_numbered_after_itself_is_the_lower_segment():
    # SD Query-chan (Unity, held-out batch 318): 'L_arm' > 'L_arm2' > 'L_hand' (a leaf) and 'L_leg' > 'L_leg2' >
    # 'L_foot' on a chibi body 45 cm tall whose arms start 5 cm off the midline
    rig = Rig()
    rig.add("hip", None, (0, 27, 0))
    rig.add("spine", "hip", (0, 31, 0))
    rig.add("upper", "spine", (0, 40, 0))
    rig.add("head", "upper", (0, 43, 0))
    for s, x in (("L", 1), ("R", -1)):
        rig.add(f"{s}_arm", "upper", (5 * x, 40, 0))
        rig.add(f"{s}_arm2", f"{s}_arm", (12 * x, 39, 0))
        rig.add(f"{s}_hand", f"{s}_arm2", (22 * x, 40, 0))
        rig.add(f"{s}_leg", "hip", (3.5 * x, 25, 0))
        rig.add(f"{s}_leg2", f"{s}_leg", (3 * x, 13, 0))
        rig.add(f"{s}_foot", f"{s}_leg2", (3 * x, 3, 0))
    m = mapping(rig)
    for s in "LR":
        side = s.lower()
        assert (m[f"{s}_arm"], m[f"{s}_arm2"], m[f"{s}_hand"]) == (f"upperarm_{side}", f"lowerarm_{side}",
                                                                   f"hand_{side}")
        assert (m[f"{s}_leg"], m[f"{s}_leg2"], m[f"{s}_foot"]) == (f"thigh_{side}", f"calf_{side}", f"foot_{side}")
