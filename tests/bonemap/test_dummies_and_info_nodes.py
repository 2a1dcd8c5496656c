"""Game-file extras around a body that the structure solver must see past (held-out batch 1252): exporter dummies
on the joints they copy, an export branch of info nodes under the root, and a second bone named the head under the
head."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.rig.roles import Role
from tests.bonemap.test_solver_extras import Rig, mapping, solved_roles


def ped(anonymous: bool) -> Rig:
    """A RenderWare ped as GTA III writes it: the clump's root frame on the waist's point, no neck or clavicles,
    and a zero-length dummy leaf ('Shead01', 'SRhand01') on the head and on each hand."""
    rig = Rig(anonymous)
    rig.add("frame0", None, (0, 99, -2))
    rig.add("Swaist", "frame0", (0, 99, -2))
    rig.add("Smid", "Swaist", (0, 103, 5))
    rig.add("Storso", "Smid", (0, 124, 5))
    rig.add("Shead", "Storso", (-1, 164, -4))
    rig.add("Shead01", "Shead", (-1, 164, -4))
    for s, x in (("l", 1), ("r", -1)):
        hand = f"S{s.upper()}hand"
        rig.add(f"Supperarm{s}", "Storso", (24 * x, 148, 5))
        rig.add(f"Slowerarm{s}", f"Supperarm{s}", (33 * x, 122, 9))
        rig.add(hand, f"Slowerarm{s}", (39 * x, 96, 2))
        rig.add(f"{hand}01", hand, (39 * x, 96, 2))
        rig.add(f"Supperleg{s}", "Swaist", (11 * x, 95, -1))
        rig.add(f"Slowerleg{s}", f"Supperleg{s}", (14 * x, 53, 0))
        rig.add(f"Sfoot{s}", f"Slowerleg{s}", (16 * x, 16, -7))
    return rig


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_zero_length_leaf_on_the_head_is_its_end_marker_under_a_root_frame_on_the_waist(anonymous):
    """A stack at a root (the file's root frame carrying the waist on its point) is the file's top node, not a
    zero-length link inside a chain, which would make the deepest link of every stack the joint."""
    got = solved_roles(ped(anonymous))
    assert got["Shead"] == Role("head") and got["Shead01"] is None, got


def test_a_hand_on_a_numbered_dummy_leaf_goes_back_to_the_hand_it_copies():
    """The solver keeps the deepest of two bones on one point (a robot's wrist links: the last is the hand); a leaf
    named as its parent with a number is the exporter's dummy, and the names give the hand back to the parent."""
    got = mapping(ped(False))
    assert (got["SLhand"], got["SRhand"], got["SLhand01"], got["SRhand01"]) == ("hand_l", "hand_r", None, None), got
    assert (got["Slowerarml"], got["Shead"], got["Shead01"]) == ("lowerarm_l", "head", None), got


def sims_like(anonymous: bool) -> Rig:
    """The Sims 3's adult rig in brief: a floor root carrying the body's bind bone and an export branch of info
    nodes on the origin, two of them reaching a metre ('rootWorld' up to the hips' height, 'footInfo1' forward),
    so that they pair with the thighs before the arms (five fingers each, reaching 0.95 m) do."""
    rig = Rig(anonymous)
    rig.add("root", None, (0, 0, 0))
    rig.add("bind", "root", (0, 101, 0))
    rig.add("pelvis", "bind", (0, 112, 0))
    rig.add("spine0", "bind", (0, 113, 0))
    rig.add("spine1", "spine0", (0, 129, 0))
    rig.add("spine2", "spine1", (0, 145, 0))
    rig.add("neck", "spine2", (0, 161, -4))
    rig.add("head", "neck", (0, 167, 0))
    rig.add("head_end", "head", (0, 185, 0))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"clavicle_{s}", "spine2", (3 * x, 152, 2))
        rig.add(f"upperarm_{s}", f"clavicle_{s}", (17 * x, 148, -2))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (47 * x, 147, -2))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (76 * x, 147, -2))
        for k in range(5):
            parent = f"hand_{s}"
            for seg in range(3):
                parent = rig.add(f"finger{k}{seg}_{s}", parent, ((79 + 3 * seg) * x, 147, 4 - 2 * k))
        rig.add(f"thigh_{s}", "pelvis", (7 * x, 101, 0))
        rig.add(f"calf_{s}", f"thigh_{s}", (8 * x, 53, 1))
        rig.add(f"foot_{s}", f"calf_{s}", (10 * x, 11, -1))
        rig.add(f"ball_{s}", f"foot_{s}", (10 * x, 1, 12))
    rig.add("export", "root", (0, 0, 0))
    rig.add("world_offset", "export", (0, 0, 0))
    rig.add("root_world", "world_offset", (0, 101, 0))
    rig.add("foot_world_l", "world_offset", (10, 11, -1))
    rig.add("foot_world_r", "world_offset", (-10, 11, -1))
    for name in ("foot_info_l", "foot_info_r", "root_info"):
        rig.add(name, "export", (0, 0, 0))
        rig.add(f"{name}1", name, (0, 0, 100))
        rig.add(f"{name}2", name, (0, 0, 0))
    return rig


@pytest.mark.parametrize("anonymous", [False, True])
def test_info_nodes_pairing_first_under_the_root_do_not_take_the_arms_from_a_pair_with_hands(anonymous):
    got = solved_roles(sims_like(anonymous))
    for s in "lr":
        arm = [got[f"{p}_{s}"] for p in ("clavicle", "upperarm", "lowerarm", "hand")]
        assert arm == [Role(p, s.upper()) for p in ("clavicle", "upperarm", "lowerarm", "hand")], got
        assert got[f"thigh_{s}"] == Role("thigh", s.upper()), got
    assert Role("pelvis") in (got["bind"], got["pelvis"]), got  # (the bind bone carrying the pelvis and the spine
    # may be read as the pelvis: the labeller accepted it)
    assert not any(got[k] for k in ("export", "world_offset", "root_world", "foot_info_l", "foot_info_l1")), got


def test_a_bone_named_the_head_under_the_named_head_does_not_keep_the_head_on_a_neck_bone():
    """A dog's four neck bones, the second with muscle and slot helpers that make it branch like a head, and the
    'Skull' carrying the brows under 'Head': the one head the names give is 'Head' (The Sims 3 Pets)."""
    rig = Rig()
    rig.add("b__ROOT__", None, (0, 0, 0))
    rig.add("b__Pelvis__", "b__ROOT__", (0, 58, -34))
    rig.add("b__Spine0__", "b__Pelvis__", (0, 58, -20))
    rig.add("b__Spine1__", "b__Spine0__", (0, 57, -5))
    rig.add("b__Spine2__", "b__Spine1__", (0, 55, 10))
    neck = [("b__Neck0__", (0, 57, 13)), ("b__Neck1__", (0, 61, 16)), ("b__Neck2__", (0, 67, 17)),
            ("b__Neck3__", (0, 72, 19)), ("b__Head__", (0, 77, 22))]
    parent = "b__Spine2__"
    for name, pos in neck:
        parent = rig.add(name, parent, pos)
    rig.add("b__BackNeck1__", "b__Neck1__", (0, 67, 11))
    rig.add("b__FrontNeck1__", "b__Neck1__", (0, 56, 22))
    rig.add("b__L_Neck1Target_slot", "b__Neck1__", (6, 63, 17))
    rig.add("b__R_Neck1Target_slot", "b__Neck1__", (-6, 63, 17))
    rig.add("b__Skull__", "b__Head__", (0, 75, 27))
    for k, brow in enumerate(("b__Crest__", "b__Dome__", "b__Forehead__")):
        rig.add(brow, "b__Skull__", (0, 80 + k, 28 + k))
    rig.add("b__Jaw__", "b__Head__", (0, 72, 30))
    for s, x in (("L", 1), ("R", -1)):
        rig.add(f"b__{s}_Clavicle__", "b__Spine2__", (6 * x, 52, 12))
        rig.add(f"b__{s}_UpperArm__", f"b__{s}_Clavicle__", (8 * x, 45, 14))
        rig.add(f"b__{s}_Forearm__", f"b__{s}_UpperArm__", (8 * x, 28, 12))
        rig.add(f"b__{s}_Hand__", f"b__{s}_Forearm__", (8 * x, 10, 13))
        rig.add(f"b__{s}_Thigh__", "b__Pelvis__", (5 * x, 50, -41))
        rig.add(f"b__{s}_Calf__", f"b__{s}_Thigh__", (5 * x, 32, -38))
        rig.add(f"b__{s}_Foot__", f"b__{s}_Calf__", (5 * x, 17, -50))
        rig.add(f"b__{s}_Toe0__", f"b__{s}_Foot__", (5 * x, 2, -51))
    got = mapping(rig)
    assert got["b__Head__"] == "head", got
    assert got["b__Neck1__"] != "head" and got["b__Skull__"] != "head", got


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_root_split_into_the_legs_bone_and_the_chest_bone_on_its_point_is_the_pelvis(anonymous):
    """Ocarina of Time's limb tables: 'RootLimb' on the waist carries 'TorsoLimb' (the thighs) and 'ChestLimb'
    (the upper arms and the head), all three on one point. The two branches are the trunk, not a pair of limbs, and
    the common bone is the pelvis, not a spine bone above a body rooted at its chest (the file declares +Y up)."""
    rig = Rig(anonymous, up_axis="y")
    rig.add("RootLimb", None, (0, 39, 3))
    rig.add("TorsoLimb", "RootLimb", (0, 39, 3))
    rig.add("ChestLimb", "RootLimb", (0, 39, 3))
    rig.add("HeadLimb", "ChestLimb", (0, 57, -2))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"thigh_{s}", "TorsoLimb", (3.5 * x, 35, 2))
        rig.add(f"calf_{s}", f"thigh_{s}", (5.1 * x, 18.6, 1.5))
        rig.add(f"foot_{s}", f"calf_{s}", (6.5 * x, 4.5, -3.5))
        rig.add(f"upperarm_{s}", "ChestLimb", (7.5 * x, 50.1, 0))
        rig.add(f"lowerarm_{s}", f"upperarm_{s}", (8.6 * x, 42.2, 7.6))
        rig.add(f"hand_{s}", f"lowerarm_{s}", (9 * x, 37, 9))
    got = solved_roles(rig)
    assert got["RootLimb"] == Role("pelvis") and got["ChestLimb"] is not None and got["ChestLimb"].kind == "spine", got
    assert got["TorsoLimb"] is None and got["HeadLimb"] == Role("head"), got
    for s in "lr":
        assert [got[f"{p}_{s}"] for p in ("thigh", "calf", "foot")] == \
            [Role(p, s.upper()) for p in ("thigh", "calf", "foot")], got


def manus_like_arm() -> Rig:
    """Manus's Robotto arm in brief: a left arm alone, named as UE4's mannequin, every joint with a zero-length twin
    '<name>_s_l' hung under it (a skinning helper); each finger runs '_00_' (from the wrist) to '_03_' and a '_04_'
    tip, the thumb likewise."""
    rig = Rig(up_axis="y")
    def joint(name: str, parent: str | None, pos: tuple[float, float, float]) -> str:
        rig.add(name, parent, pos)
        rig.add(name.replace("_l", "_s_l", 1) if name.count("_") == 1 else name[:-2] + "_s_l", name, pos)
        return name
    joint("upperarm_l", None, (18, 150, -10))
    rig.add("upperarm_twist_l", "upperarm_l", (18.5, 150, -10))
    joint("lowerarm_l", "upperarm_l", (48, 150, -10))
    rig.add("lowerarm_twist_l", "lowerarm_l", (62, 150, -10))
    joint("hand_l", "lowerarm_l", (75, 150, -10))
    spots = {"thumb": [(75, 150, -10), (78.6, 150, -6.2), (82.5, 148, -4), (86, 146.6, -3.5)],
             "index": [(75, 150, -10), (86, 150, -7.3), (91, 149.5, -7.5), (94, 149, -7.6)],
             "middle": [(75, 150, -10), (86.5, 150, -9.5), (92, 149.5, -9.5), (95, 149, -9.5)],
             "ring": [(75, 150, -10), (86, 150, -11.5), (91, 149.5, -11.5), (94, 149, -11.5)],
             "pinky": [(75, 150, -10), (85, 150, -13.5), (89, 149.5, -13.5), (91, 149, -13.5)]}
    for finger, pts in spots.items():
        parent = "hand_l"
        for seg, pos in enumerate(pts):
            parent = joint(f"{finger}_{seg:02d}_l", parent, pos)
        rig.add(f"{finger}_04_l", parent, (pts[-1][0] + 2.5, pts[-1][1] - 0.5, pts[-1][2]))
    return rig


def test_zero_length_twins_marked_by_one_letter_are_a_copy_layer_and_take_no_joint():
    """The twins repeat their parent's words with one letter more ('s'): the copy layer (roles.copy_layer), as
    'HandCO_L' beside 'Hand_L' is; they had taken every finger segment one joint down (held-out batch 1264)."""
    got = mapping(manus_like_arm())
    assert [got[f"index_{k:02d}_l"] for k in range(4)] == \
        ["index_metacarpal_l", "index_01_l", "index_02_l", "index_03_l"], got
    assert [got[f"{n}_l"] for n in ("upperarm", "lowerarm", "hand")] == ["upperarm_l", "lowerarm_l", "hand_l"], got
    assert not any(got[k] for k in got if "_s_" in k), got


def test_a_cartoon_s_glove_after_its_lower_arm_is_the_hand():
    """A Godot platformer's 'UpperArm.L' > 'LowerArm.L' > 'Glove.L' from the chest's sides (held-out batch 1266):
    three bones, no clavicle; the glove had been read as the forearm and the upper arm as the clavicle."""
    rig = Rig(up_axis="y")
    rig.add("Hips", None, (0, 56.5, 0))
    rig.add("Spine", "Hips", (0, 89.7, 0))
    rig.add("Skull", "Spine", (0, 117.9, 0))
    for s, x in (("L", -1), ("R", 1)):
        rig.add(f"UpperArm.{s}", "Spine", (22.5 * x, 114.3, 0))
        rig.add(f"LowerArm.{s}", f"UpperArm.{s}", (37.6 * x, 111.5, 1.2))
        rig.add(f"Glove.{s}", f"LowerArm.{s}", (61.9 * x, 108.4, 0))
        rig.add(f"UpperLeg.{s}", "Hips", (24.6 * x, 57.3, 0))
        rig.add(f"LowerLeg.{s}", f"UpperLeg.{s}", (25.3 * x, 31, -1.5))
    got = mapping(rig)
    for s in "LR":
        t = s.lower()
        assert [got[f"{n}.{s}"] for n in ("UpperArm", "LowerArm", "Glove")] == \
            [f"upperarm_{t}", f"lowerarm_{t}", f"hand_{t}"], got


def test_a_letter_that_continues_a_sequence_of_segments_marks_no_copy():
    """A space suit's fingers 'indexB' > 'indexC' > 'indexD' (held-out batch 1230): 'D' ends six chains as a leaf,
    but it follows its parent's 'C', not its parent's name; Manus's '_s_' twins repeat theirs."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import copy_layer

    names, parents = ["hand_r", "hand_l"], [-1, -1]
    for h, side in enumerate(("right", "left")):
        for finger in ("index", "", "thumb"):
            parent = h
            for letter in "BCD":
                names.append(f"{side}_finger_{finger}{letter}")
                parents.append(parent)
                parent = len(names) - 1
    assert copy_layer(parents, analyse_names(names)) == set()
    twins = ["index_01_l", "index_01_s_l", "index_02_l", "index_02_s_l", "index_03_l", "index_03_s_l"]
    assert {twins[i] for i in copy_layer([-1, 0, 0, 2, 2, 4], analyse_names(twins))} == \
        {"index_01_s_l", "index_02_s_l", "index_03_s_l"}
