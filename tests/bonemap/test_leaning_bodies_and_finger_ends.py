"""Traps of held-out batches 1362-1368: a limb word before the joint word ('l_kArm_WristSHJnt'), a kangaroo's legs
under a trunk leaning far forward, fingers that end in a tip marker as long as a phalanx, and a legs-only body
whose toes say which way it faces."""

from __future__ import annotations

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import name_evidence
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import bone_adder, map_without_names, mixamo_like


def test_an_arm_word_before_the_wrist_names_the_hand() -> None:
    names = ["l_kArm_WristSHJnt", "LeftArmHand", "r_arm_wrist", "l_kArm_ElbowSHJnt", "L_LowerArm_Hand_Twist"]
    tops = [max(evs, key=lambda e: e.weight).kind if (evs := name_evidence(i)) else None for i in analyse_names(names)]
    assert tops[:4] == ["hand", "hand", "hand", "lowerarm"]
    assert tops[4] != "hand"  # a lower-arm word keeps the forearm's reading


def _kangaroo() -> dict:
    """A kangaroo-like body (Y up, facing +Z, +X its left): the trunk leans 70 degrees forward over big hind legs
    whose knees sit forward and as high as the hips, the toes far ahead; short arms hang from the chest."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("root", None, (0, 0, 0.3))
    add("pelvis", "root", (0, 0.55, 0))
    add("spine_a", "pelvis", (0, 0.64, 0.1))
    add("spine_b", "spine_a", (0, 0.67, 0.3))
    add("chest", "spine_b", (0, 0.69, 0.53))
    add("neck", "chest", (0, 0.77, 0.63))
    add("head", "neck", (0, 0.82, 0.68))
    add("head_top", "head", (0, 0.9, 0.7))
    add("tail_a", "pelvis", (0, 0.45, -0.3))
    add("tail_b", "tail_a", (0, 0.3, -0.7))
    for s, x in (("l", 1), ("r", -1)):
        add(f"{s}_hip", "pelvis", (0.17 * x, 0.55, 0.03))
        add(f"{s}_knee", f"{s}_hip", (0.25 * x, 0.57, 0.25))
        add(f"{s}_ankle", f"{s}_knee", (0.21 * x, 0.07, 0.06))
        add(f"{s}_ball", f"{s}_ankle", (0.21 * x, 0.0, 0.04))
        add(f"{s}_toe", f"{s}_ball", (0.25 * x, 0.0, 0.25))
        add(f"{s}_toe_tip", f"{s}_toe", (0.26 * x, 0.0, 0.4))
        add(f"{s}_clavicle", "chest", (0.06 * x, 0.7, 0.54))
        add(f"{s}_shoulder", f"{s}_clavicle", (0.11 * x, 0.63, 0.55))
        add(f"{s}_elbow", f"{s}_shoulder", (0.11 * x, 0.52, 0.42))
        add(f"{s}_wrist", f"{s}_elbow", (0.12 * x, 0.33, 0.45))
        for k, dx in enumerate((-0.012, 0.0, 0.012)):
            add(f"{s}_claw{k}", f"{s}_wrist", ((0.12 + dx) * x, 0.27, 0.43))
            add(f"{s}_claw{k}_tip", f"{s}_claw{k}", ((0.12 + dx) * x, 0.23, 0.42))
        add(f"{s}_ear", "head", (0.06 * x, 0.95, 0.64))
        add(f"{s}_ear_tip", f"{s}_ear", (0.1 * x, 1.05, 0.6))
    return {"bones": bones, "up_axis": "y", "units": "m"}


def test_legs_dropping_along_the_up_axis_hang_under_a_trunk_leaning_far_forward() -> None:
    got = map_without_names(_kangaroo())
    for s in ("l", "r"):
        assert [got[f"{s}_{b}"] for b in ("hip", "knee", "ankle")] == [f"thigh_{s}", f"calf_{s}", f"foot_{s}"]
        assert [got[f"{s}_{b}"] for b in ("shoulder", "elbow", "wrist")] == \
            [f"upperarm_{s}", f"lowerarm_{s}", f"hand_{s}"]
        assert got[f"{s}_ear"] is None
    assert got["pelvis"] == "pelvis" and got["chest"] == "spine_05"


_BALLORA_HAND = {  # (cm from the wrist, +X along the arm, +Z forward; in the file's order)
    "thumb": [(5.2, 0.2, 4.3), (5.2, 0.3, 9.7), (5.2, 0.4, 15.3), (5.1, 0.4, 20.9)],
    "index": [(11.2, 0.6, 3.5), (17.1, 0.5, 3.6), (23.1, 0.4, 3.6), (29.1, 0.4, 3.6)],
    "ring": [(11.3, 0.6, -1.0), (17.1, 0.6, -0.9), (23.1, 0.5, -0.9), (29.1, 0.5, -0.9)],
    "middle": [(11.3, 0.6, 1.2), (17.1, 0.5, 1.2), (23.1, 0.5, 1.3), (29.1, 0.4, 1.4)],
    "pinky": [(11.3, 0.6, -3.2), (17.2, 0.5, -3.2), (23.1, 0.5, -3.2), (29.1, 0.5, -3.2)],
}


def _hands_with_tip_markers() -> dict:
    """A body whose fingers are 'L_index_01_Bn' > '_02_Bn' > '_03_Bn' > '_03_Bn_end', the tip marker a phalanx long,
    all on the hand, the thumb pointing forward from beside the wrist: Sister Location's Ballora's hand."""
    d = mixamo_like(prefix="", fingers=False)
    add = bone_adder(d["bones"])
    for side, s, x in (("Left", "L", 1), ("Right", "R", -1)):
        for f, pts in _BALLORA_HAND.items():
            parent = f"{side}Hand"
            for (ax, ay, az), name in zip(pts, (f"{s}_{f}_01_Bn", f"{s}_{f}_02_Bn", f"{s}_{f}_03_Bn",
                                                f"{s}_{f}_03_Bn_end"), strict=True):
                add(name, parent, ((65 + ax) * x, 145 + ay, az))
                parent = name
    return d


def test_fingers_ending_in_a_tip_marker_keep_three_segments_from_the_knuckles() -> None:
    got = Mapper().map(Skeleton.from_dict(_hands_with_tip_markers()), "ue5_manny").mapping
    for s, side in (("L", "l"), ("R", "r")):
        for f in ("thumb", "index", "middle", "ring", "pinky"):
            assert [got[f"{s}_{f}_0{k}_Bn"] for k in (1, 2, 3)] == [f"{f}_0{k}_{side}" for k in (1, 2, 3)]
            assert got[f"{s}_{f}_03_Bn_end"] is None


def _legs_only(forward_z: float) -> dict:
    """A pelvis and two nameless legs whose toes point along ``forward_z`` (Y up)."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("b0", None, (0, 0.9, 0))
    for k, x in ((1, 0.1), (2, -0.1)):
        add(f"b{k}1", "b0", (x, 0.85, 0))
        add(f"b{k}2", f"b{k}1", (x, 0.47, 0.02 * forward_z))
        add(f"b{k}3", f"b{k}2", (x, 0.08, 0))
        add(f"b{k}4", f"b{k}3", (x, 0.02, 0.12 * forward_z))
        add(f"b{k}5", f"b{k}4", (x, 0.02, 0.2 * forward_z))
    return {"bones": bones, "up_axis": "y", "units": "m"}


def test_a_legs_only_body_whose_toes_point_forward_takes_its_sides_from_them_without_a_warning() -> None:
    for forward_z in (1.0, -1.0):
        res = Mapper().map(Skeleton.from_dict(_legs_only(forward_z)), "ue5_manny")
        left = "l" if forward_z > 0 else "r"  # facing +Z, the character's left is +X (the first leg)
        assert res.mapping["b11"] == f"thigh_{left}" and res.mapping["b13"] == f"foot_{left}"
        assert not any("barely shows which way" in w for w in res.warnings)


def test_fingers_numbered_beside_a_named_thumb_count_from_the_index() -> None:
    names = [f"l_kFinger_0{f}_0{s}SHJnt" for f in (1, 2, 3, 4) for s in (1, 2)] + ["l_kThumb_01_01SHJnt"]
    fingers = [next(c for c in i.concepts if not c.startswith("?")) for i in analyse_names(names)]
    assert fingers[:8] == ["index", "index", "middle", "middle", "ring", "ring", "pinky", "pinky"]
    alone = analyse_names([f"Finger_0{f}_01" for f in (1, 2, 3)])  # no thumb named: the count may start at it
    assert all("index" not in i.concepts for i in alone)


def test_ribbon_limb_joints_are_the_segment_not_an_accessory() -> None:
    femur, bow = analyse_names(["l_femurRibbon_00_uJnt", "hair_ribbon_L"])
    assert "thigh" in femur.concepts and "hair" not in femur.concepts
    assert "hair" in bow.concepts


_TIGER_LEGS = {  # a WonZoo tiger's left legs (m, Y up, facing +Z): ribbon joints 00-04 of each segment, then the foot
    "": ([(0.11, 0.802, -0.503), (0.114, 0.738, -0.49), (0.117, 0.693, -0.482), (0.12, 0.647, -0.473),
          (0.124, 0.583, -0.46)],
         [(0.126, 0.507, -0.47), (0.124, 0.446, -0.498), (0.123, 0.403, -0.518), (0.122, 0.36, -0.538),
          (0.12, 0.3, -0.566)],
         [(0.119, 0.263, -0.583), (0.134, 0.089, -0.526), (0.14, 0.056, -0.48)]),
    "Front": ([(0.109, 0.689, 0.433), (0.109, 0.621, 0.417), (0.109, 0.574, 0.405), (0.109, 0.527, 0.394),
               (0.108, 0.459, 0.377)],
              [(0.108, 0.387, 0.367), (0.108, 0.333, 0.366), (0.108, 0.295, 0.366), (0.108, 0.257, 0.366),
               (0.107, 0.203, 0.365)],
              [(0.107, 0.171, 0.365), (0.107, 0.076, 0.37), (0.107, 0.041, 0.417)]),
}


def _ribbon_quadruped() -> dict:
    """A tiger whose legs are ribbon chains: 'l_femurRibbon_00_uJnt' .. '_04' > 'l_tibiaRibbon_00_uJnt' .. '_04' >
    'l_foot_00_uJnt', the front legs marked 'Front', the hind ones not (held-out batch 1366)."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("c_root_01_uJnt", None, (0, 0.793, -0.555))
    add("c_spine_00_uJnt", "c_root_01_uJnt", (0, 0.81, -0.414))
    add("c_chest_00_uJnt", "c_spine_00_uJnt", (0, 0.783, 0.268))
    add("c_neck_00_uJnt", "c_chest_00_uJnt", (0, 0.805, 0.501))
    add("c_head_00_uJnt", "c_neck_00_uJnt", (0, 0.996, 0.734))
    add("c_head_01_uJnt", "c_head_00_uJnt", (0, 1.0, 0.95))
    for s, x in (("l", 1), ("r", -1)):
        for end, (femur, tibia, (foot, ball, toes)) in _TIGER_LEGS.items():
            parent = "c_chest_00_uJnt" if end else "c_root_01_uJnt"
            for seg, pts in (("femur", femur), ("tibia", tibia)):
                for k, (px, py, pz) in enumerate(pts):
                    add(f"{s}_{seg}Ribbon{end}_0{k}_uJnt", parent, (px * x, py, pz))
                    parent = f"{s}_{seg}Ribbon{end}_0{k}_uJnt"
            for word, (px, py, pz) in (("foot", foot), ("ball", ball), ("toes", toes)):
                add(f"{s}_{word}{end}_00_uJnt", parent, (px * x, py, pz))
                parent = f"{s}_{word}{end}_00_uJnt"
    return {"bones": bones, "up_axis": "y", "units": "m"}


def test_a_ribbon_limb_takes_its_joint_on_the_first_bone_of_each_named_series() -> None:
    got = Mapper().map(Skeleton.from_dict(_ribbon_quadruped()), "ue5_manny").mapping
    for s in ("l", "r"):
        assert [got[f"{s}_femurRibbon_00_uJnt"], got[f"{s}_tibiaRibbon_00_uJnt"], got[f"{s}_foot_00_uJnt"]] == \
            [f"thigh_{s}", f"calf_{s}", f"foot_{s}"]
        assert got[f"{s}_femurRibbonFront_00_uJnt"] == f"upperarm_{s}"
