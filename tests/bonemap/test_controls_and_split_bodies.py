"""Traps of held-out batches 1340-1356: a cartoon's tall ankle named over its ball, Valve's finger joints 'base' >
'mid' > 'end', IK poles named for the joints they aim hung beside the pelvis, a chest bone starting below the
pelvis, a 'Bicep' over a forearm named by a word the names do not know, and a robot hand's knuckle link stacked
past a named metacarpal."""

from __future__ import annotations

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import bone_adder, map_without_names, mixamo_like


def _map(d: dict) -> dict[str, str | None]:
    return Mapper().map(Skeleton.from_dict(d), "ue5_manny").mapping


def test_a_named_ankle_over_a_named_ball_keeps_the_foot_on_a_tall_ankle() -> None:
    bones: list[dict] = []
    add = bone_adder(bones)
    add("walker_hip_jnt", None, (0, 3.0, 0))
    for s, x in (("lf", 0.6), ("rt", -0.6)):
        add(f"walker_{s}_upLeg_jnt", "walker_hip_jnt", (x, 2.3, 0.03))
        add(f"walker_{s}_knee_jnt", f"walker_{s}_upLeg_jnt", (x, 1.3, 0.03))
        add(f"walker_{s}_ankle_jnt", f"walker_{s}_knee_jnt", (x, 0.45, -0.04))  # a seventh of the height up
        add(f"walker_{s}_ball_jnt", f"walker_{s}_ankle_jnt", (x, 0.0, 0.36))
        add(f"walker_{s}_toe_jnt", f"walker_{s}_ball_jnt", (x, 0.0, 0.92))
    got = _map({"bones": bones, "up_axis": "y", "units": "cm"})
    for s, side in (("lf", "l"), ("rt", "r")):
        assert [got[f"walker_{s}_{b}_jnt"] for b in ("knee", "ankle", "ball", "toe")] == \
            [f"calf_{side}", f"foot_{side}", f"ball_{side}", None]


def test_end_after_base_and_mid_is_the_distal_joint_unless_a_tip_follows() -> None:
    base, mid, end = analyse_names(["index_base_L", "index_mid_L", "index_end_L"])
    assert "end" not in end.concepts and "index" in end.concepts
    *_, end_with_tip, _ = analyse_names(["index_base_L", "index_mid_L", "index_end_L", "index_tip_L"])
    assert "end" in end_with_tip.concepts


def test_end_after_mid_with_the_exporters_end_leaf_below_it_is_the_last_joint() -> None:
    """A golem's fingers (held-out batch 1466): 'Pinky_middle_L' > 'Pinky_end_L' > 'Pinky_end_L_end', the last the
    exporter's leaf. Its name repeats the author's 'end' and adds its own, so the author's is a joint. Mixamo's
    'LeftToe_End' > 'LeftToe_End_end' (no 'mid' twin) stays an end."""
    _, end, leaf = analyse_names(["Pinky_middle_L", "Pinky_end_L", "Pinky_end_L_end"])
    assert "end" not in end.concepts and "pinky" in end.concepts and "end" in leaf.concepts
    toe, toe_end, _ = analyse_names(["LeftToeBase", "LeftToe_End", "LeftToe_End_end"])
    assert "end" in toe_end.concepts


def test_valve_finger_joints_base_mid_end_take_three_slots() -> None:
    d = mixamo_like(prefix="")
    seg = {"1": "base", "2": "mid", "3": "end"}
    names = {}
    for b in d["bones"]:
        n = b["name"]
        side = "L" if n.startswith("Left") else "R"
        stem = n.removeprefix("Left").removeprefix("Right")
        if stem.startswith("Hand") and stem != "Hand":
            finger, k = stem[4:-1].lower(), stem[-1]
            names[n] = f"{finger}_{seg[k]}_{side}" if k in seg else None
        else:
            names[n] = n
    d["bones"] = [{**b, "name": names[b["name"]], "parent": names.get(b["parent"]) if b["parent"] else None}
                  for b in d["bones"] if names[b["name"]] is not None]
    got = _map(d)
    for side, s in (("L", "l"), ("R", "r")):
        assert [got[f"index_{k}_{side}"] for k in ("base", "mid", "end")] == [f"index_0{j}_{s}" for j in (1, 2, 3)]


def test_pole_leaves_named_for_knees_and_elbows_beside_the_pelvis_are_no_limb_segments() -> None:
    bones: list[dict] = []
    add = bone_adder(bones)
    add("Root", None, (0, 3.8, 0))
    add("Spine_1", "Root", (0, 3.8, 0))
    add("Spine_2", "Spine_1", (0, 4.7, 0))
    add("Spine_3", "Spine_2", (0, 5.6, 0))
    add("Spine_4", "Spine_3", (0, 6.5, 0))
    add("Head", "Spine_4", (0, 7.2, 0))
    for s, x in (("L", 1), ("R", -1)):
        add(f"Arm_{s}_1", "Spine_4", (0.08 * x, 6.6, 0))
        add(f"Arm_{s}_2", f"Arm_{s}_1", (2.0 * x, 6.6, 0))
        add(f"Leg_{s}_1", "Spine_1", (0, 3.7, 0))  # both legs on the centre line: only the names part them
        add(f"Leg_{s}_2", f"Leg_{s}_1", (0, 2.0, 0.05))
        add(f"Hand_{s}", "Root", (3.9 * x, 6.6, 0))  # IK goals and poles under the root, beside the pelvis
        add(f"Foot_{s}", "Root", (0, 0.0, 0))
        add(f"Knee_{s}", "Root", (0, 2.0, 2.4))
        add(f"Elbow_{s}", "Root", (2.0 * x, 6.6, -2.2))
    got = _map({"bones": bones, "up_axis": "y", "units": "m"})
    for s, side in (("L", "l"), ("R", "r")):
        assert (got[f"Knee_{s}"], got[f"Elbow_{s}"]) == (None, None)  # (a foot or hand there may be one the IK
        # moves: Quaternius hangs its feet from the root)
        assert (got[f"Leg_{s}_1"], got[f"Leg_{s}_2"]) == (f"thigh_{side}", f"calf_{side}")
        assert (got[f"Arm_{s}_1"], got[f"Arm_{s}_2"]) == (f"upperarm_{side}", f"lowerarm_{side}")


def test_a_chest_bone_starting_below_the_pelvis_leaves_the_legs_hanging() -> None:
    bones: list[dict] = []
    add = bone_adder(bones)
    add("Armature", None, (0, 10.4, -0.3))  # the root bone at the belly, above the torso bone's start
    add("torso1", "Armature", (0, 8.8, -0.1))
    add("head", "torso1", (0, 13.4, -0.3))
    for s, x in (("left", 1), ("right", -1)):
        add(f"{s}Leg", "Armature", (0, 7.7, 0))  # both legs start on one point of the midline
        add(f"{s}Leg1", f"{s}Leg", (1.4 * x, 7.9, 0))
        add(f"{s}Leg2", f"{s}Leg1", (1.5 * x, 5.6, 0))
        add(f"{s}Foot", f"{s}Leg2", (1.5 * x, 3.4, 0))
        add(f"{s}Arm", "torso1", (0, 13.4, 0))
        add(f"{s}Arm1", f"{s}Arm", (2.3 * x, 12.3, 0))
        add(f"{s}Hand", f"{s}Arm1", (4.2 * x, 12.2, 0))
    got = map_without_names({"bones": bones, "up_axis": "y", "units": "m"})
    for s, side in (("left", "l"), ("right", "r")):
        assert [got[f"{s}{b}"] for b in ("Leg", "Leg1", "Leg2", "Foot")] == \
            [None, f"thigh_{side}", f"calf_{side}", f"foot_{side}"]


def test_a_bicep_over_a_forearm_of_an_unknown_word_is_the_upper_arm() -> None:
    d = mixamo_like(prefix="", fingers=False)  # the hands hang from IK goals under the hips (Crash's 'Wrist.L')
    for b in d["bones"]:
        if b["name"].endswith("Hand"):
            b["parent"] = "Hips"
    rename = {"Shoulder": "Shoulder", "Arm": "Bicep", "ForeArm": "Spindle", "Hand": "Hand"}
    names = {}
    for b in d["bones"]:
        n = b["name"]
        for side, s in (("Left", "L"), ("Right", "R")):
            stem = n.removeprefix(side)
            if n.startswith(side) and stem in rename:
                names[n] = f"{rename[stem]}.{s}"
    d["bones"] = [{**b, "name": names.get(b["name"], b["name"]),
                   "parent": names.get(b["parent"], b["parent"]) if b["parent"] else None} for b in d["bones"]]
    got = _map(d)
    for s, side in (("L", "l"), ("R", "r")):
        assert [got[f"{b}.{s}"] for b in ("Shoulder", "Bicep", "Spindle")] == \
            [f"clavicle_{side}", f"upperarm_{side}", f"lowerarm_{side}"]


def test_a_knuckle_link_stacked_past_a_named_metacarpal_takes_no_segment() -> None:
    bones: list[dict] = []
    add = bone_adder(bones)  # a robot hand alone (Z up along the fingers), two links at each knuckle
    add("forearm", None, (0, 0, 0))
    add("wrist", "forearm", (0, 0, 0.21))
    add("palm", "wrist", (0, 0, 0.25))
    for f, x in (("index", 0.033), ("middle", 0.011), ("ring", -0.011)):
        add(f"{f}_finger_knuckle", "palm", (x, 0, 0.34))
        add(f"{f}_finger_proximal", f"{f}_finger_knuckle", (x, 0, 0.34))
        add(f"{f}_finger_middle", f"{f}_finger_proximal", (x, 0, 0.385))
        add(f"{f}_finger_distal", f"{f}_finger_middle", (x, 0, 0.41))
    add("little_finger_metacarpal", "palm", (-0.033, 0, 0.27))
    add("little_finger_knuckle", "little_finger_metacarpal", (-0.033, 0, 0.335))
    add("little_finger_proximal", "little_finger_knuckle", (-0.033, 0, 0.335))
    add("little_finger_middle", "little_finger_proximal", (-0.033, 0, 0.38))
    add("little_finger_distal", "little_finger_middle", (-0.033, 0, 0.405))
    add("thumb_base", "palm", (0.034, -0.009, 0.27))
    add("thumb_proximal", "thumb_base", (0.034, -0.009, 0.27))
    add("thumb_middle", "thumb_proximal", (0.05, -0.02, 0.31))
    add("thumb_distal", "thumb_middle", (0.06, -0.03, 0.34))
    got = _map({"bones": bones, "up_axis": "z", "units": "m"})
    seg = {b: (got[b] or "-").rsplit("_", 1)[0] for b in got}
    assert got["little_finger_knuckle"] is None
    assert [seg[f"little_finger_{k}"] for k in ("metacarpal", "proximal", "middle", "distal")] == \
        ["pinky_metacarpal", "pinky_01", "pinky_02", "pinky_03"]
