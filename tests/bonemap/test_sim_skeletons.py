"""Structure-first solver on skeletons from simulation and robotics (the classes batch 7 of held-out real rigs
exposed): a tree rooted at the chest with the hips hanging under the waist (MuJoCo's humanoid), a robot's
torso link framed at the waist joint with arms that end in an elbow link (no hand), stacked single-axis links
(hip yaw / roll / pitch), a leaf under the foot whose name reads like a twist, and a bone stacked near the
elbow (OpenSim's ulna). Small constructed skeletons, metres, Z up, +Y = left, facing +X; no third-party
files."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.solve import solve

Bones = list[tuple[str, str | None, tuple[float, float, float]]]


def skeleton(bones: Bones, anonymous: bool = False) -> tuple[Skeleton, dict[str, str]]:
    """The skeleton and key -> bone name (``Joint1``, ``Joint2``, ... when ``anonymous``)."""
    names = {k: (f"Joint{i + 1}" if anonymous else k) for i, (k, _, _) in enumerate(bones)}
    return Skeleton.from_dict({"bones": [{"name": names[k], "parent": names[p] if p else None, "position": list(x)}
                                         for k, p, x in bones]}), names


def mapped(bones: Bones, anonymous: bool = False) -> dict[str, str | None]:
    sk, names = skeleton(bones, anonymous)
    res = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny")
    return {k: res.mapping[n] for k, n in names.items()}


def chest_rooted() -> Bones:
    """MuJoCo's humanoid layout: the root body is the chest; head and arms hang off it, the waist and the
    pelvis below it, the legs under the pelvis."""
    b: Bones = [("torso", None, (0, 0, 1.5)), ("head", "torso", (0, 0, 1.69)),
                ("lower_waist", "torso", (-0.01, 0, 1.24)), ("pelvis", "lower_waist", (-0.01, 0, 1.075))]
    for side, y in (("left", 1), ("right", -1)):
        b += [(f"{side}_thigh", "pelvis", (-0.01, 0.1 * y, 1.035)),
              (f"{side}_shin", f"{side}_thigh", (0, 0.09 * y, 0.63)),
              (f"{side}_foot", f"{side}_shin", (0, 0.09 * y, 0.24)),
              (f"{side}_upper_arm", "torso", (0, 0.17 * y, 1.56)),
              (f"{side}_lower_arm", f"{side}_upper_arm", (0.18, 0.35 * y, 1.38)),
              (f"{side}_hand", f"{side}_lower_arm", (0.36, 0.17 * y, 1.56))]
    return b


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_tree_rooted_at_the_chest_keeps_legs_below_and_the_spine_in_order(anonymous):
    m = mapped(chest_rooted(), anonymous)
    sk, _ = skeleton(chest_rooted(), anonymous)
    res = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny")
    assert any("rooted at the chest" in w and "Spine chain" in w for w in res.warnings)
    assert m["pelvis"] == "pelvis" and m["head"] == "head"
    assert m["lower_waist"] in ("spine_01", "spine_02") and m["torso"] in ("spine_04", "spine_05")
    for side, s in (("left", "l"), ("right", "r")):
        assert (m[f"{side}_thigh"], m[f"{side}_shin"], m[f"{side}_foot"]) == (f"thigh_{s}", f"calf_{s}", f"foot_{s}")
        assert (m[f"{side}_upper_arm"], m[f"{side}_lower_arm"], m[f"{side}_hand"]) == (
            f"upperarm_{s}", f"lowerarm_{s}", f"hand_{s}")


def test_the_usual_hips_rooted_tree_is_not_turned_around():
    """The same body rooted at the pelvis (the usual way) maps the same: the chest test must not fire on it."""
    sk, _ = skeleton(chest_rooted())
    usual = [(b.name, b.parent, b.position) for b in sk.rerooted(sk.index("pelvis")).bones]
    m = mapped(usual, anonymous=True)
    res = Mapper(MapConfig(engine="matcher")).map(skeleton(usual)[0], "ue5_manny")
    assert not any("rooted at the chest" in w for w in res.warnings)
    assert m["pelvis"] == "pelvis" and m["left_thigh"] == "thigh_l" and m["right_upper_arm"] == "upperarm_r"


def test_rerooted_turns_the_path_to_the_new_root_around():
    sk, _ = skeleton(chest_rooted())
    r = sk.rerooted(sk.index("pelvis"))
    parent = {b.name: b.parent for b in r.bones}
    assert parent["pelvis"] is None and parent["lower_waist"] == "pelvis" and parent["torso"] == "lower_waist"
    assert parent["head"] == "torso" and parent["left_thigh"] == "pelvis"
    assert r.names == sk.names and [b.position for b in r.bones] == [b.position for b in sk.bones]


def robot(hands: bool) -> Bones:
    """A humanoid robot in MJCF / URDF style: links named after the joint that drives them, three stacked
    single-axis hip links, the torso link framed at the waist joint (its arms start 0.43 m above it), arms of
    shoulder pitch / roll / yaw and an elbow link; with ``hands`` a wrist link and a leaf under the foot
    ('ankle_roll'), else the elbow link is the last."""
    b: Bones = [("pelvis", None, (0, 0, 1.1)), ("torso_link", "pelvis", (0, 0, 1.1))]
    for side, y in (("left", 1), ("right", -1)):
        b += [(f"{side}_hip_yaw_link", "pelvis", (0, 0.0875 * y, 0.926)),
              (f"{side}_hip_roll_link", f"{side}_hip_yaw_link", (0.04, 0.0875 * y, 0.926)),
              (f"{side}_hip_pitch_link", f"{side}_hip_roll_link", (0.04, 0.2 * y, 0.926)),
              (f"{side}_knee_link", f"{side}_hip_pitch_link", (0.04, 0.2 * y, 0.526)),
              (f"{side}_ankle_link", f"{side}_knee_link", (0.04, 0.2 * y, 0.126)),
              (f"{side}_shoulder_pitch_link", "torso_link", (0.005, 0.155 * y, 1.53)),
              (f"{side}_shoulder_roll_link", f"{side}_shoulder_pitch_link", (0, 0.21 * y, 1.54)),
              (f"{side}_shoulder_yaw_link", f"{side}_shoulder_roll_link", (0, 0.21 * y, 1.405)),
              (f"{side}_elbow_link", f"{side}_shoulder_yaw_link", (0.02, 0.21 * y, 1.207))]
        if hands:
            b += [(f"{side}_wrist_link", f"{side}_elbow_link", (0.25, 0.21 * y, 1.207)),
                  (f"{side}_ankle_roll_link", f"{side}_ankle_link", (0.04, 0.2 * y, 0.11))]
    return b


@pytest.mark.parametrize("anonymous", [False, True])
def test_robot_arms_that_end_at_the_elbow_link_are_found(anonymous):
    sk, names = skeleton(robot(hands=False), anonymous)
    sol = solve(sk)
    assert sol.found, sol.notes
    m = mapped(robot(hands=False), anonymous)
    for side, s in (("left", "l"), ("right", "r")):
        assert m[f"{side}_elbow_link"] == f"lowerarm_{s}"
        assert f"upperarm_{s}" in (m[f"{side}_shoulder_pitch_link"], m[f"{side}_shoulder_roll_link"])
        assert "hand_" + s not in m.values()  # no bone for the hand: it stays unmapped, not the elbow link
        assert m[f"{side}_knee_link"] == f"calf_{s}" and m[f"{side}_ankle_link"] == f"foot_{s}"
        hip = [m[f"{side}_hip_{a}_link"] for a in ("yaw", "roll", "pitch")]
        assert hip.count(f"thigh_{s}") == 1 and all(h in (None, f"thigh_{s}") for h in hip)


def test_a_leaf_under_the_foot_named_like_a_twist_is_no_calf_twist():
    """'ankle_roll' reads as an ankle twist, but it hangs under the foot: every calf-twist slot breaks the
    hierarchy, so the bone must not hop from one twin slot to the next."""
    m = mapped(robot(hands=True))
    for side, s in (("left", "l"), ("right", "r")):
        assert m[f"{side}_ankle_link"] == f"foot_{s}"
        assert m[f"{side}_ankle_roll_link"] in (None, f"ball_{s}")
        assert m[f"{side}_wrist_link"] == f"hand_{s}" and m[f"{side}_elbow_link"] == f"lowerarm_{s}"


def test_a_bone_stacked_near_the_elbow_is_no_upper_arm_twist():
    """OpenSim's arm: humerus -> ulna (at the elbow) -> radius (3 cm on) -> hand; the ulna lies 90 % along the
    humerus-radius line, at the joint, not on the upper arm where twist bones sit."""
    b: Bones = [("pelvis", None, (0, 0, 0.93)), ("torso", "pelvis", (-0.03, 0, 1.02))]
    for s, y in (("l", 1), ("r", -1)):
        b += [(f"femur_{s}", "pelvis", (0, 0.08 * y, 0.85)), (f"tibia_{s}", f"femur_{s}", (0, 0.08 * y, 0.45)),
              (f"talus_{s}", f"tibia_{s}", (0, 0.08 * y, 0.05)), (f"toes_{s}", f"talus_{s}", (0.17, 0.08 * y, 0.0)),
              (f"humerus_{s}", "torso", (0, 0.17 * y, 1.39)), (f"ulna_{s}", f"humerus_{s}", (0.01, 0.16 * y, 1.10)),
              (f"radius_{s}", f"ulna_{s}", (0.0, 0.186 * y, 1.087)), (f"hand_{s}", f"radius_{s}", (0, 0.2 * y, 0.85))]
    sk, _ = skeleton(b, anonymous=True)
    sol = solve(sk)
    roles = {sk.names[i]: r for i, r in enumerate(sol.roles)}
    for s in "lr":
        ulna = roles[f"Joint{[k for k, _, _ in b].index(f'ulna_{s}') + 1}"]
        assert ulna is None or ulna.kind != "upperarm_twist"


def test_roll_is_a_joint_axis_where_the_names_use_pitch_and_yaw():
    """Robot links named by joint axis: 'shoulder_roll_link' beside 'shoulder_pitch_link' is the upper arm's
    joint, not a twist bone; in a rig without axis words 'upperarm_roll' still reads as a twist."""
    from enginemind.families.bonemap.rig.names import analyse_names

    robot_names = analyse_names(["left_shoulder_pitch_link", "left_shoulder_roll_link", "left_hip_yaw_link"])
    assert "twist" not in robot_names[1].concepts
    rig_names = analyse_names(["upperarm_l", "upperarm_roll_l", "lowerarm_l"])
    assert "twist" in rig_names[1].concepts
    b = robot(hands=True)
    m = mapped(b)
    for side, s in (("left", "l"), ("right", "r")):
        assert m[f"{side}_shoulder_roll_link"] in (None, f"upperarm_{s}")
        assert m[f"{side}_hip_roll_link"] in (None, f"thigh_{s}")


def test_a_single_trunk_robot_finds_legs_arms_and_head():
    """ROBOTIS OP3's layout: one body link carries both legs, both arms and the head (no spine)."""
    b: Bones = [("body_link", None, (0, 0, 0.3)), ("head_pan_link", "body_link", (0, 0, 0.4365)),
                ("head_tilt_link", "head_pan_link", (0.01, 0, 0.465))]
    for s, y in (("l", 1), ("r", -1)):
        b += [(f"{s}_sho_pitch_link", "body_link", (0, 0.06 * y, 0.411)),
              (f"{s}_sho_roll_link", f"{s}_sho_pitch_link", (0.018, 0.0885 * y, 0.401)),
              (f"{s}_el_link", f"{s}_sho_roll_link", (0.018, 0.179 * y, 0.401)),
              (f"{s}_hip_yaw_link", "body_link", (0, 0.035 * y, 0.3)),
              (f"{s}_hip_roll_link", f"{s}_hip_yaw_link", (-0.024, 0.035 * y, 0.2715)),
              (f"{s}_hip_pitch_link", f"{s}_hip_roll_link", (0, 0.054 * y, 0.2715)),
              (f"{s}_knee_link", f"{s}_hip_pitch_link", (0, 0.054 * y, 0.161)),
              (f"{s}_ank_pitch_link", f"{s}_knee_link", (0, 0.054 * y, 0.051))]
    sk, _ = skeleton(b, anonymous=True)
    assert solve(sk).found
    m = mapped(b)
    assert m["body_link"] == "pelvis"
    for s in "lr":
        assert m[f"{s}_el_link"] == f"lowerarm_{s}" and m[f"{s}_knee_link"] == f"calf_{s}"
        assert m[f"{s}_ank_pitch_link"] == f"foot_{s}"
        assert f"upperarm_{s}" in (m[f"{s}_sho_pitch_link"], m[f"{s}_sho_roll_link"])
        assert [m[f"{s}_hip_{a}_link"] for a in ("yaw", "roll", "pitch")].count(f"thigh_{s}") == 1


def test_a_face_named_leaf_over_the_neck_is_the_head():
    """ETRI's mocap skeleton ends in 'forehead' (no bone named head): that joint is the head; a 'face' root
    stacked on a real head (Rigify) still gives the head back to its parent."""
    b: Bones = [("pelvis", None, (0, 0, 0.95)), ("waist", "pelvis", (0, -0.015, 1.15)),
                ("neck", "waist", (0, 0, 1.43)), ("forehead", "neck", (0, 0.02, 1.55))]
    for s, y in (("l", 1), ("r", -1)):
        b += [(f"{s}_shoulder", "waist", (0, 0.21 * y, 1.41)), (f"{s}_elbow", f"{s}_shoulder", (0, 0.49 * y, 1.41)),
              (f"{s}_wrist", f"{s}_elbow", (0, 0.76 * y, 1.41)), (f"{s}_hip", "pelvis", (0, 0.1 * y, 0.95)),
              (f"{s}_knee", f"{s}_hip", (0, 0.1 * y, 0.47)), (f"{s}_ankle", f"{s}_knee", (0, 0.1 * y, 0.0)),
              (f"{s}_toe", f"{s}_ankle", (0.15, 0.1 * y, -0.06))]
    m = mapped(b)
    assert (m["neck"], m["forehead"]) == ("neck_01", "head")
    rig = [*b, ("face", "forehead", (0, 0.02, 1.55)), ("brow_l", "face", (0.08, 0.03, 1.62)),
           ("brow_r", "face", (0.08, -0.03, 1.62))]
    rig = [(k if k != "forehead" else "head", p if p != "forehead" else "head", x) for k, p, x in rig]
    m = mapped(rig)
    assert m["head"] == "head" and m["face"] is None


def test_a_face_joint_under_a_neck_named_bone_is_the_head():
    """Yakuza's skeletons (held-out batch 236) name the head joint 'face': it hangs from the neck 'kubi_n' and
    carries the eyes, brows and jaw, and no bone is named head. A face root under a bone named the neck is the
    head; the neck stays the neck (it had been taken for the head, as for a face rig stacked on a real head)."""
    b: Bones = [("center_n", None, (0, 0, 1.14)), ("kosi_n", "center_n", (0, 0, 1.2)),
                ("mune_n", "kosi_n", (0, 0, 1.32)), ("kubi_n", "mune_n", (-0.05, 0, 1.61)),
                ("face", "kubi_n", (-0.03, 0, 1.67)), ("_eye_l", "face", (0.06, 0.03, 1.76)),
                ("_eye_r", "face", (0.06, -0.03, 1.76)), ("_jaw", "face", (-0.02, 0, 1.69)),
                ("_lip_btm", "_jaw", (0.08, 0, 1.67))]
    for s, y in (("l", 1), ("r", -1)):
        b += [(f"kata_{s}_n", "mune_n", (-0.04, 0.05 * y, 1.54)),
              (f"ude1_{s}_n", f"kata_{s}_n", (-0.07, 0.24 * y, 1.54)),
              (f"ude2_{s}_n", f"ude1_{s}_n", (-0.07, 0.47 * y, 1.54)),
              (f"ude3_{s}_n", f"ude2_{s}_n", (-0.07, 0.78 * y, 1.54)),
              (f"asi1_{s}_n", "center_n", (0, 0.12 * y, 1.0)), (f"asi2_{s}_n", f"asi1_{s}_n", (0, 0.12 * y, 0.57)),
              (f"asi3_{s}_n", f"asi2_{s}_n", (0, 0.12 * y, 0.1)), (f"asi4_{s}_n", f"asi3_{s}_n", (0.1, 0.12 * y, 0.04))]
    m = mapped(b)
    assert (m["kubi_n"], m["face"]) == ("neck_01", "head")
    assert m["_jaw"] is None and m["_eye_l"] is None


def test_a_bone_named_hand_keeps_the_hand_from_an_unnamed_finger_carrier():
    """A toon's Maya rig (held-out batch 261) hangs its fingers from 'R_bend_jnt', 17 cm past 'R_hand_jnt' on the
    forearm's line: the solver puts the hand where the fingers branch and read the wrist as a forearm twist.
    A solver hand that only a finger guess names yields to the neighbour named hand; XNALara's 'adjustment'
    bones are helpers."""
    b: Bones = [("Main_jnt", None, (0, 0, 1.68)), ("root_jnt", "Main_jnt", (0, 0, 1.48)),
                ("torso_jnt", "root_jnt", (0, 0, 1.78)), ("chest_jnt", "torso_jnt", (0, 0, 2.29)),
                ("neck_jnt", "chest_jnt", (0, 0, 2.6)), ("head_jnt", "neck_jnt", (0, 0, 2.8)),
                ("head_end_jnt", "head_jnt", (0, 0, 5.2))]  # a toon's big head
    for s, y in (("L", 1), ("R", -1)):
        b += [(f"{s}_arm_jnt", "chest_jnt", (0, 0.1 * y, 2.46)),
              (f"{s}_elbow_jnt", f"{s}_arm_jnt", (0, 0.75 * y, 2.46)),
              (f"{s}_hand_jnt", f"{s}_elbow_jnt", (0, 1.35 * y, 2.46)),
              (f"{s}_bend_jnt", f"{s}_hand_jnt", (0, 1.52 * y, 2.46)),
              # mitten fingers pointing up, as the toon holds them, each with an end leaf
              *[(f"{s}_{f}_jnt", f"{s}_bend_jnt", (0.0, (1.52 + dy) * y, 2.46 + dz))
                for f, dy, dz in (("thumb", -0.05, 0.28), ("index_finger", 0.16, 0.21),
                                  ("mid_finger", 0.21, 0.01), ("pinky_finger", 0.09, -0.16))],
              *[(f"{s}_{f}_jnt_end", f"{s}_{f}_jnt", (0.0, (1.52 + dy) * y, 2.69 + dz))
                for f, dy, dz in (("thumb", -0.05, 0.28), ("index_finger", 0.16, 0.21),
                                  ("mid_finger", 0.21, 0.01), ("pinky_finger", 0.09, -0.16))],
              (f"{s}_leg_jnt", "root_jnt", (0, 0.27 * y, 1.43)), (f"{s}_knee_jnt", f"{s}_leg_jnt", (0, 0.27 * y, 0.75)),
              (f"{s}_foot_jnt", f"{s}_knee_jnt", (0, 0.27 * y, 0.17)),
              (f"{s}_foot_end_jnt", f"{s}_foot_jnt", (0.2, 0.27 * y, 0.03))]
    m = mapped(b)
    for s, side in (("L", "l"), ("R", "r")):
        assert (m[f"{s}_hand_jnt"], m[f"{s}_bend_jnt"]) == (f"hand_{side}", None), m
    from enginemind.families.bonemap.rig.names import analyse_names

    assert "helper" in analyse_names(["adjustment arm left 01", "arm left shoulder 2"])[0].concepts


def test_a_helper_word_on_a_bone_that_carries_the_hand_keeps_its_joint():
    """DRC Atlas's shoulder link is 'l_scap' (a helper word: UE's 'clavicle_scap_l' corrective is a leaf); the
    arm hangs from it, so it stays the upper arm; a leaf helper of the same name stays unmapped."""
    b: Bones = [("pelvis", None, (0, 0, 0)), ("utorso", "pelvis", (0, 0, 0.2)), ("head", "utorso", (0.05, 0, 0.75))]
    for s, y in (("l", 1), ("r", -1)):
        b += [(f"{s}_clav", "utorso", (0.1, 0.2 * y, 0.6)), (f"{s}_scap", f"{s}_clav", (0.1, 0.3 * y, 0.45)),
              (f"{s}_larm", f"{s}_scap", (0.1, 0.6 * y, 0.45)), (f"{s}_hand", f"{s}_larm", (0.1, 0.9 * y, 0.45)),
              (f"{s}_clav_scap", f"{s}_clav", (0.05, 0.22 * y, 0.55)),
              (f"{s}_uleg", "pelvis", (0, 0.1 * y, -0.07)), (f"{s}_lleg", f"{s}_uleg", (0, 0.1 * y, -0.45)),
              (f"{s}_foot", f"{s}_lleg", (0, 0.1 * y, -0.87)), (f"{s}_toe", f"{s}_foot", (0.15, 0.1 * y, -0.92))]
    m = mapped(b)
    for s in "lr":
        assert m[f"{s}_scap"] == f"upperarm_{s}" and m[f"{s}_larm"] == f"lowerarm_{s}"
        assert m[f"{s}_clav"] == f"clavicle_{s}" and m[f"{s}_clav_scap"] in (None, f"clavicle_scap_{s}")


def test_cross_check_flags_answers_the_structure_alone_disagrees_with():
    """``cross_check``: the structure-only assignment gives another role (side included) to a bone; such bones
    get at most CROSS_CAP confidence and a reason in the review."""
    from enginemind.families.bonemap.predict import CROSS_CAP, cross_check
    from enginemind.families.bonemap.rig.matcher import assign
    from enginemind.families.bonemap.rig.targets import load_target

    sk, names = skeleton(robot(hands=True))
    t = load_target("ue5_manny")
    sol = solve(sk)
    good = assign(sk, t).match
    assert cross_check(sk, t, good, sol, 0.3) == []
    bad = list(good)
    knee, shin = sk.index("left_knee_link"), sk.index("right_knee_link")
    bad[knee], bad[shin] = good[shin], good[knee]  # the calves' sides swapped
    bad[sk.index("left_elbow_link")] = t.skeleton.index("hand_l")  # a joint shifted by one
    bad[sk.index("left_wrist_link")] = -1
    flagged = {sk.names[i] for i in cross_check(sk, t, bad, sol, 0.3)}
    assert flagged == {"left_knee_link", "right_knee_link", "left_elbow_link", "left_wrist_link"}
    m = Mapper(MapConfig(engine="matcher"))
    capped = m.calibrated("matcher", [0.99, 0.99], ["s+n+m0|0|", "s-n+m0|0|rival,cross"])
    assert capped[1] <= CROSS_CAP < 0.95 and capped[0] > capped[1]
    from enginemind.families.bonemap.doubt import explain

    assert "the structure alone gives it another role" in explain("s-n+m0|0|rival,cross")


def mmd_like() -> Bones:
    """MMD's layout (batch 10): a master bone on the ground carries the centre bone and the IK feet; upper and
    lower body hang side by side under the centre, the legs under the lower body."""
    b: Bones = [("master", None, (0, 0, 0)), ("center", "master", (0, 0, 0.85)),
                ("upper", "center", (0, 0, 1.0)), ("upper2", "upper", (0, 0, 1.2)), ("neck", "upper2", (0, 0, 1.45)),
                ("head", "neck", (0, 0, 1.55)), ("head_end", "head", (0, 0, 1.75)), ("lower", "center", (0, 0, 1.0))]
    for side, y in (("l", 1), ("r", -1)):
        b += [(f"clav_{side}", "upper2", (0, 0.05 * y, 1.4)), (f"upperarm_{side}", f"clav_{side}", (0, 0.18 * y, 1.4)),
              (f"lowerarm_{side}", f"upperarm_{side}", (0, 0.45 * y, 1.4)),
              (f"hand_{side}", f"lowerarm_{side}", (0, 0.7 * y, 1.4)),
              (f"thigh_{side}", "lower", (0, 0.1 * y, 0.9)), (f"knee_{side}", f"thigh_{side}", (0.02, 0.1 * y, 0.5)),
              (f"ankle_{side}", f"knee_{side}", (0, 0.1 * y, 0.08)),
              (f"toe_{side}", f"ankle_{side}", (0.12, 0.1 * y, 0)),
              # IK targets: forward of the feet, children of the master bone
              (f"legik_{side}", "master", (0.3, 0.1 * y, 0.08)), (f"toeik_{side}", f"legik_{side}", (0.6, 0.1 * y, 0))]
        for f, x in (("index", 0.02), ("middle", 0), ("ring", -0.02)):  # fingers: the upper body outweighs the lower
            b += [(f"{f}{k}_{side}", f"hand_{side}" if k == 1 else f"{f}{k - 1}_{side}",
                   (x, (0.76 + 0.03 * k) * y, 1.4)) for k in (1, 2, 3)]
    return b


def test_ik_feet_under_a_ground_master_are_not_the_legs():
    sk, names = skeleton(mmd_like(), anonymous=True)
    sol = solve(sk)
    inv = {v: k for k, v in names.items()}
    assert inv[sk.names[sol.pelvis]] in ("center", "lower") and inv[sk.names[sol.chest]] == "upper2"
    m = mapped(mmd_like(), anonymous=True)
    assert (m["thigh_l"], m["knee_l"], m["ankle_l"]) == ("thigh_l", "calf_l", "foot_l")
    assert m["legik_l"] not in ("thigh_l", "calf_l", "foot_l", "pelvis")


def biped_layout(names: dict[str, str]) -> Bones:
    """3ds Max Biped's hierarchy (batch 10's German Biped): the thighs hang under the first spine bone, just
    above the pelvis bone, and the clavicles under the neck, which carries the head directly."""
    n = names
    b: Bones = [(n["root"], None, (0, 0, 0.95)), (n["pelvis"], n["root"], (0, 0, 0.95)),
                (n["spine"], n["pelvis"], (0, 0, 0.97)), (n["spine1"], n["spine"], (0, 0, 1.1)),
                (n["spine2"], n["spine1"], (0, 0, 1.25)), (n["neck"], n["spine2"], (0, 0, 1.42)),
                (n["head"], n["neck"], (0, 0, 1.5)), (n["head"] + "Nub", n["head"], (0, 0, 1.72))]
    for s, y in (("L", 1), ("R", -1)):
        b += [(f"{n['side']} {s} {n['clav']}", n["neck"], (0, 0.03 * y, 1.42)),
              (f"{n['side']} {s} {n['upperarm']}", f"{n['side']} {s} {n['clav']}", (0, 0.17 * y, 1.42)),
              (f"{n['side']} {s} {n['forearm']}", f"{n['side']} {s} {n['upperarm']}", (0, 0.45 * y, 1.42)),
              (f"{n['side']} {s} {n['hand']}", f"{n['side']} {s} {n['forearm']}", (0, 0.7 * y, 1.42)),
              (f"{n['side']} {s} {n['hand']}Nub", f"{n['side']} {s} {n['hand']}", (0, 0.8 * y, 1.42)),
              (f"{n['side']} {s} {n['thigh']}", n["spine"], (0, 0.1 * y, 0.95)),
              (f"{n['side']} {s} {n['calf']}", f"{n['side']} {s} {n['thigh']}", (0.02, 0.1 * y, 0.5)),
              (f"{n['side']} {s} {n['foot']}", f"{n['side']} {s} {n['calf']}", (0, 0.1 * y, 0.08)),
              (f"{n['side']} {s} {n['toe']}", f"{n['side']} {s} {n['foot']}", (0.12, 0.1 * y, 0))]
    return b


GERMAN = {"root": "Bip01", "pelvis": "Bip01 Becken", "spine": "Bip01 Wirbels_ule", "spine1": "Bip01 Wirbels_ule1",
          "spine2": "Bip01 Wirbels_ule2", "neck": "Bip01 Hals", "head": "Bip01 Kopf", "side": "Bip01",
          "clav": "Schl_sselbein", "upperarm": "Oberarm", "forearm": "Unterarm", "hand": "Hand",
          "thigh": "Oberschenkel", "calf": "Unterschenkel", "foot": "Fu_", "toe": "Zeh0"}


def test_biped_thighs_under_the_spine_and_clavicles_under_the_neck():
    m = mapped(biped_layout(GERMAN))
    g = GERMAN
    assert (m[g["pelvis"]], m[g["spine"]], m[g["neck"]], m[g["head"]]) == ("pelvis", "spine_01", "neck_01", "head")
    assert "spine_01" < m[g["spine1"]] < m[g["spine2"]] <= "spine_05"  # spine slots in order, none left out
    assert (m["Bip01 L Oberschenkel"], m["Bip01 L Unterschenkel"], m["Bip01 L Fu_"]) == ("thigh_l", "calf_l", "foot_l")
    assert (m["Bip01 R Schl_sselbein"], m["Bip01 R Oberarm"]) == ("clavicle_r", "upperarm_r")


def chibi(skin_frames: bool = False) -> Bones:
    """A chibi game character (batch 11's KayKit): the hips bone below the thighs' heads, short legs and feet as
    long as the shins, a big head; Blender names with '.l' / '.r'. With ``skin_frames``, a robot's tactile skin
    frames (iCub) hang off each forearm as leaves."""
    b: Bones = [("root", None, (0, 0, 0)), ("hips", "root", (0, 0, 0.406)), ("spine", "hips", (0, 0, 0.598)),
                ("chest", "spine", (0, 0, 0.973)), ("head", "chest", (0, 0, 1.241))]
    for s, y in (("l", 1), ("r", -1)):
        arm, leg = 1.107, 0.171 * y
        b += [(f"upperarm.{s}", "chest", (0, 0.212 * y, arm)), (f"lowerarm.{s}", f"upperarm.{s}", (0, 0.454 * y, arm)),
              (f"hand.{s}", f"lowerarm.{s}", (0, 0.713 * y, arm)), (f"palm.{s}", f"hand.{s}", (0, 0.787 * y, arm)),
              (f"handslot.{s}", f"palm.{s}", (0, 0.883 * y, 1.049)),
              (f"upperleg.{s}", "hips", (0, leg, 0.519)), (f"lowerleg.{s}", f"upperleg.{s}", (0.008, leg, 0.292)),
              (f"foot.{s}", f"lowerleg.{s}", (-0.019, leg, 0.145)), (f"toes.{s}", f"foot.{s}", (0.096, leg, 0.026))]
        if skin_frames:
            b += [(f"lowerarm.{s}_skin_{k}", f"lowerarm.{s}",
                   (0.03 * (k % 3 - 1), (0.5 + 0.04 * k) * y, 1.13 - 0.02 * k)) for k in range(6)]
    return b


def test_names_that_spell_out_a_limb_win_over_the_solvers_proportions():
    m = mapped(chibi())
    assert [m[f"{b}.l"] for b in ("upperleg", "lowerleg", "foot", "toes")] == ["thigh_l", "calf_l", "foot_l", "ball_l"]
    assert [m[f"{b}.r"] for b in ("upperarm", "lowerarm")] == ["upperarm_r", "lowerarm_r"]


def test_sensor_frames_hanging_off_a_forearm_are_not_fingers():
    m = mapped(chibi(skin_frames=True))
    assert (m["upperarm.l"], m["lowerarm.l"], m["lowerarm.r"]) == ("upperarm_l", "lowerarm_l", "lowerarm_r")
    assert not any(m[f"lowerarm.l_skin_{k}"] for k in range(6))
    sk, _ = skeleton(chibi(skin_frames=True), anonymous=False)
    sol = solve(sk)
    assert sk.names[sol.pelvis] == "hips" and not any(sol.roles[sk.index(f"lowerarm.r_skin_{k}")] for k in range(6))


def test_weapon_bones_under_a_hand_are_not_its_fingers():
    """TF2's player rigs (batch 12) hang four weapon bones from the right hand, 9 cm past the wrist at one point:
    prop-named subtrees are left out of the solver's geometry, as sensor frames are."""
    from tests.bonemap.helpers import mixamo_like

    data = mixamo_like(prefix="", fingers=True)
    fingers = ("Thumb", "Index", "Middle", "Ring", "Pinky")
    rename = {f"RightHand{f}{k}": f"bone_{i}{k}" for i, f in enumerate(fingers) for k in range(1, 5)}  # nameless
    data["bones"] = [{**b, "name": rename.get(b["name"], b["name"]), "parent": rename.get(b["parent"], b["parent"])}
                     for b in data["bones"]]
    bare = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(data), "ue5_manny").mapping
    data["bones"] += [{"name": f"weapon_bone_{k}", "parent": "RightHand", "position": [-74, 136, 0]}
                      for k in range(1, 5)]
    armed = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(data), "ue5_manny").mapping
    assert all(armed[f"weapon_bone_{k}"] in (None, "weapon_r") for k in range(1, 5))
    assert sum(bool(armed[b]) for b in rename.values()) >= 12  # the fingers are mapped (the tips: end bones) ...
    assert {b: armed[b] for b in rename.values()} == {b: bare[b] for b in rename.values()}  # ... as without props


def test_a_prop_with_no_side_in_its_name_is_the_weapon_of_the_hand_it_hangs_from():
    """A Spanish student game's ninja holds 'Katana' in its right hand and keeps a 'Kunai' on its hips (held-out
    batch 1201): the katana's name gives no side, so the names gave it no weapon role; it takes its hand's side. A
    prop on the hips stays unmapped, and a side a name already gave a weapon keeps it."""
    from tests.bonemap.helpers import mixamo_like

    data = mixamo_like(prefix="", fingers=False)
    data["bones"] += [{"name": "Katana", "parent": "RightHand", "position": [-80, 136, 5]},
                      {"name": "Katana_end", "parent": "Katana", "position": [-80, 136, 90]},
                      {"name": "Kunai", "parent": "Hips", "position": [10, 95, -8]}]
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(data), "ue5_manny").mapping
    assert m["Katana"] == "weapon_r" and m["Kunai"] is None and m["Katana_end"] is None
    data["bones"].append({"name": "weapon_R", "parent": "RightHand", "position": [-76, 136, 0]})
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(data), "ue5_manny").mapping
    assert m["weapon_R"] == "weapon_r" and m["Katana"] is None


def test_the_one_bone_named_finger_on_a_hand_is_a_mittens_middle_finger():
    """0 A.D.'s biped (batch 1206) has one 'finger_L' > 'fingertip_L' chain under 'hand_L', beside weapon sockets:
    a mitten, which labellers call the middle finger; it had no role."""
    from tests.bonemap.helpers import mixamo_like

    data = mixamo_like(prefix="", fingers=False)
    data["bones"] += [{"name": "finger_L", "parent": "LeftHand", "position": [82, 136, 0]},
                      {"name": "fingertip_L", "parent": "finger_L", "position": [88, 136, 0]},
                      {"name": "weapon_L", "parent": "LeftHand", "position": [80, 136, 3]}]
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(data), "ue5_manny").mapping
    assert m["finger_L"] == "middle_01_l" and m["weapon_L"] == "weapon_l"


def test_nameless_fingers_under_a_named_hand_the_body_never_reached_are_read_from_the_hand():
    """A first-person viewmodel (held-out batch 1220) hangs each hand ('Hand_L') from an IK control off its root, not
    from the forearm, with five nameless 'Bone_L.NNN' chains under it: the names placed the hands, the solver's arms
    never reached them, and no finger was read (41 of 54 bones wrong). The chains are read from each hand's own
    geometry: the thumb by its divergence, the others in order away from it."""
    from tests.bonemap.test_solver_extras import _flat_hand

    bones = [{"name": "Root", "parent": None, "position": [0.0, 0.1, 0.45]},
             {"name": "Head_Cam", "parent": "Root", "position": [0.0, 0.2, 0.5]}]
    for s, x in (("L", 1.0), ("R", -1.0)):
        flat = _flat_hand(x < 0)["bones"]  # palm down, fingers along -z, thumb toward the midline, wrist at x 0
        nameless = {b["name"]: f"Bone_{s}.{k + 4:03d}" for k, b in enumerate(flat[1:])}
        bones += [{"name": f"Arm_{s}", "parent": "Root", "position": [0.05 * x, 0.1, 0.45]},
                  {"name": f"UpArm_{s}", "parent": f"Arm_{s}", "position": [0.25 * x, 0.05, 0.5]},
                  {"name": f"Forearm_{s}", "parent": f"UpArm_{s}", "position": [0.25 * x, 0.0, 0.25]},
                  {"name": f"IK_Hand_Cntrl_{s}", "parent": "Root", "position": [0.25 * x, 0.0, 0.0]},
                  {"name": f"Hand_{s}", "parent": f"IK_Hand_Cntrl_{s}", "position": [0.25 * x, 0.0, 0.0]}]
        bones += [{"name": nameless[b["name"]], "parent": nameless.get(b["parent"], f"Hand_{s}"),
                   "position": [b["position"][0] + 0.25 * x, b["position"][1], b["position"][2]]} for b in flat[1:]]
    got = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict({"bones": bones, "up_axis": "y", "units": "m"}),
                                                  "ue5_manny").mapping
    for s in "LR":
        side = s.lower()
        nameless = {b["name"]: f"Bone_{s}.{k + 4:03d}" for k, b in enumerate(_flat_hand(s == "R")["bones"][1:])}
        assert got[f"Hand_{s}"] == f"hand_{side}"
        assert [got[nameless[f"Index_Joint_{k}"]] for k in (1, 2, 3)] == [f"index_0{k}_{side}" for k in (1, 2, 3)], got
        assert got[nameless["Pinky_Joint_1"]] == f"pinky_01_{side}"
