"""Arms that end in a leaf hand, read one joint up by the solver (the names' joints win unless the named upper arm
starts on the midline), named joint by joint in Chinese, by one limb word numbered twice, by both forearm bones or
below phantom links, as on held-out real rigs (batches 311, 312, 313, 318, 331); a crown over the skull (316). Small
constructed skeletons (cm, Y up, +X = left, facing +Z), no third-party files."""

from __future__ import annotations

from tests.bonemap.test_solver_extras import SIDES, Rig, limbs, mapping, trunk

LEG = [("femur_{s}", (8, 92, 0)), ("tibia_{s}", (8, 50, 0)), ("talus_{s}", (8, 8, 0)), ("toes_{s}", (8, 1, 12))]
"""A musculoskeletal model's leg (OpenSim / MuJoCo body names)."""


def _jam_body(openpose: bool = False) -> Rig:
    """A Godot Wild Jam rig ('Arm_L' > 'Forearm_L' > 'Hand_L' leaf on 'Chest', no clavicle), or MPFB's OpenPose
    rig, whose bones are named after their tails' keypoints ('LShoulder' from the neck point)."""
    rig = trunk(("Pelvis", None, (0, 96, 0)), ("Chest", "Pelvis", (0, 120, 0)), ("Neck", "Chest", (0, 145, 0)),
                ("Head", "Neck", (0, 162, 0)))
    arm = [("{s}Shoulder", (0, 145, 0)), ("{s}Elbow", (17, 145, 0)), ("{s}Wrist", (40, 145, 0))] if openpose else \
        [("Arm_{s}", (13, 145, 0)), ("Forearm_{s}", (40, 145, 0)), ("Hand_{s}", (78, 145, 0))]
    leg = [("Leg_{s}", (4, 100, 1)), ("LegLower_{s}", (4, 57, 0)), ("Foot_{s}", (4, 10, -3))]
    return limbs(rig, SIDES, ("Chest", arm), ("Pelvis", leg))


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
    rig = trunk(("躯干", None, (0, 100, 0)), ("颈部", "躯干", (0, 148, 0)), ("头", "颈部", (0, 160, 0)))
    limbs(rig, (("左", 1), ("右", -1)), ("躯干", [("{s}肩", (17, 148, 0)), ("{s}手肘", (44, 148, 0)),
                                                  ("{s}手腕", (70, 148, 0))]),
          ("躯干", [("{s}髋", (8, 98, 0)), ("{s}膝", (8, 53, 0)), ("{s}脚", (8, 8, 0))]))
    m = mapping(rig)
    for s, side in (("左", "l"), ("右", "r")):
        assert (m[f"{s}肩"], m[f"{s}手肘"], m[f"{s}手腕"]) == (f"upperarm_{side}", f"lowerarm_{side}", f"hand_{side}")


def test_a_limb_word_numbered_after_itself_is_the_lower_segment():
    # SD Query-chan (Unity, held-out batch 318): 'L_arm' > 'L_arm2' > 'L_hand' (a leaf) and 'L_leg' > 'L_leg2' >
    # 'L_foot' on a chibi body 45 cm tall whose arms start 5 cm off the midline
    rig = trunk(("hip", None, (0, 27, 0)), ("spine", "hip", (0, 31, 0)), ("upper", "spine", (0, 40, 0)),
                ("head", "upper", (0, 43, 0)))
    limbs(rig, SIDES, ("upper", [("{s}_arm", (5, 40, 0)), ("{s}_arm2", (12, 39, 0)), ("{s}_hand", (22, 40, 0))]),
          ("hip", [("{s}_leg", (3.5, 25, 0)), ("{s}_leg2", (3, 13, 0)), ("{s}_foot", (3, 3, 0))]))
    m = mapping(rig)
    for s in "LR":
        side = s.lower()
        assert (m[f"{s}_arm"], m[f"{s}_arm2"], m[f"{s}_hand"]) == (f"upperarm_{side}", f"lowerarm_{side}",
                                                                   f"hand_{side}")
        assert (m[f"{s}_leg"], m[f"{s}_leg2"], m[f"{s}_foot"]) == (f"thigh_{side}", f"calf_{side}", f"foot_{side}")


def test_a_crown_leaf_over_the_neck_is_the_top_of_the_head():
    # Summoning Wars' humans (OGRE, held-out batch 316): 'neck' runs from the base of the skull to 'crown', a leaf
    # at the top of the head: 'neck' carries the skull, the head, and 'crown' is its end
    rig = trunk(("root", None, (0, 100, 0)), ("pelvis", "root", (0, 104, 0)), ("rib", "pelvis", (0, 125, 0)),
                ("neck", "rib", (0, 150, 2)), ("crown", "neck", (0, 176, 2)))
    limbs(rig, (("Left", 1), ("Right", -1)),
          ("rib", [("clavicle{s}", (4, 145, 0)), ("shoulder{s}", (16, 145, 0)), ("ellbow{s}", (42, 145, 0)),
                   ("wrist{s}", (66, 145, 0)), ("handbone{s}", (70, 145, 0))]),
          ("root", [("thigh{s}", (9, 96, 0)), ("knee{s}", (9, 52, 1)), ("foot{s}", (9, 8, 0)), ("toe{s}", (9, 1, 12))]))
    m = mapping(rig)
    assert m["neck"] == "head" and m["crown"] is None


def test_the_radius_that_carries_the_hand_is_the_forearm_where_an_ulna_sits_at_the_elbow():
    # OpenSim / MuJoCo musculoskeletal arms (LocoMuJoCo's Hamner model, MyoSuite; held-out batch 331): 'humerus_r' >
    # 'ulna_r' (the elbow) > 'radius_r' (2 cm off it, carrying the hand) > 'hand_r'
    rig = trunk(("pelvis", None, (0, 95, 0)), ("torso", "pelvis", (0, 105, 0)), ("head", "torso", (0, 160, 0)))
    limbs(rig, (("l", 1), ("r", -1)),
          ("torso", [("humerus_{s}", (18, 146, 0)), ("ulna_{s}", (18, 112, -2)), ("radius_{s}", (19, 111, 0)),
                     ("hand_{s}", (20, 85, 0))]),
          ("pelvis", LEG))
    m = mapping(rig)
    for s in "lr":
        assert (m[f"humerus_{s}"], m[f"radius_{s}"], m[f"hand_{s}"]) == (f"upperarm_{s}", f"lowerarm_{s}", f"hand_{s}")
        assert m[f"ulna_{s}"] is None


def test_an_upper_arm_below_phantom_links_keeps_its_name():
    # MyoSkeleton (MuJoCo, held-out batch 331): 'clavicle_r' > 'clavphant_r' > 'scapula_r' > 'scapphant_r' >
    # 'humphant_r' > 'humphant1_r' > 'humerus_r', the phantom bodies a few cm apart at the shoulder
    rig = trunk(("pelvis", None, (0, 95, 0)), ("thoracic_spine", "pelvis", (0, 125, 0)),
                ("head", "thoracic_spine", (0, 160, 0)))
    limbs(rig, (("l", 1), ("r", -1)),
          ("thoracic_spine", [("clavicle_{s}", (3, 142, 7)), ("clavphant_{s}", (16, 144, 8)),
                              ("scapula_{s}", (16, 144, 8)), ("scapphant_{s}", (17, 141, 9)),
                              ("humphant_{s}", (17, 141, 9)), ("humphant1_{s}", (17, 141, 9)),
                              ("humerus_{s}", (17, 141, 9)), ("ulna_{s}", (16, 112, 8)), ("radius_{s}", (18, 111, 8)),
                              ("lunate_{s}", (20, 86, 6))]),
          ("pelvis", LEG))
    m = mapping(rig)
    for s in "lr":
        assert (m[f"clavicle_{s}"], m[f"humerus_{s}"], m[f"radius_{s}"]) == (f"clavicle_{s}", f"upperarm_{s}",
                                                                            f"lowerarm_{s}")
        assert m[f"scapula_{s}"] is None


def test_a_two_bone_leg_no_longer_than_two_upper_arms_is_thigh_and_calf():
    """A Bevy game's skeleton enemy (held-out batch 1288), read without names: each leg is a hip bone and a leaf at
    the knee (Blender's calf, its tail lost in the glTF export), the leaves the lowest joints of the rig. A bone from
    hip to leaf no longer than 1.8 upper arms is a thigh (a person's is 1.3; hip to ankle is 2.6), so the leaf is
    the calf; both had been left unmapped."""
    rig = trunk(("hips", None, (0, 0, 0)), ("spine", "hips", (0, 19, 0)), ("chest", "spine", (0, 46, 0)),
                ("neck", "chest", (0, 65, 0)), ("head", "neck", (0, 80, 0)))
    rig.anonymous = True
    arm = [("clav_{s}", (8, 61, -2)), ("upper_{s}", (18, 60, -2)), ("fore_{s}", (26, 31, -5)), ("hand_{s}", (35, 0, 3))]
    leg = [("thigh_{s}", (15, -1, 0)), ("knee_{s}", (9, -44, 0))]
    m = mapping(limbs(rig, SIDES, ("chest", arm), ("hips", leg)))
    assert [m[f"{p}_{s}"] for s in "LR" for p in ("thigh", "knee")] == ["thigh_l", "calf_l", "thigh_r", "calf_r"], m
