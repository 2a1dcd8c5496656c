"""H-Anim humanoids (ISO/IEC 19774-1, the X3D / VRML humanoid standard; held-out batch 209: Web3D's JoeSkin,
DiamondMan, BoxMan and Jin examples). Joints are named after the anatomical joint at their centre: the ankle is
'l_talocrural', the wrist 'l_radiocarpal', 'l_shoulder' the glenohumeral joint (the clavicle is
'l_sternoclavicular'), vertebrae 'vl5'..'vl1', 'vt12'..'vt1', 'vc7'..'vc1' numbered down from the skull, the hand
'l_carpometacarpal_2' / 'l_metacarpophalangeal_2' / 'l_carpal_proximal_interphalangeal_2' with digit 1 the thumb.
Constructed skeleton in the H-Anim default pose (metres, Y up, facing +Z, arms hanging at the sides), no
third-party file."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import name_evidence
from tests.bonemap.test_solver_extras import Rig, limbs, mapping, trunk

HAND = ("carpometacarpal", "metacarpophalangeal", "carpal_proximal_interphalangeal", "carpal_distal_interphalangeal")


def diamond_man(fingers: str = "l", clavicles: bool = False) -> Rig:
    """DiamondMan's layout: the hips under 'sacroiliac', the spine under 'humanoid_root' (below the hips), arms on
    'vt1' (or on the clavicles), 'skullbase' a leaf 2 cm over and in front of 'vc1'; ``fingers``: the sides whose
    hand has a thumb and an index finger (DiamondMan: the left only)."""
    rig = Rig()
    rig.add("humanoid_root", None, (0, 0.82, 0.03))
    rig.add("sacroiliac", "humanoid_root", (0, 0.91, 0))
    parent = "humanoid_root"
    for k, name in enumerate(("vl5", "vl3", "vl1", "vt10", "vt6", "vt3", "vt1")):
        parent = rig.add(name, parent, (0, 1.06 + 0.073 * k, -0.08))
    for k, name in enumerate(("vc7", "vc4", "vc1")):
        parent = rig.add(name, parent, (0, 1.51 + 0.05 * k, -0.03))
    rig.add("skullbase", "vc1", (0, 1.62, -0.01))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"{s}_hip", "sacroiliac", (0.1 * x, 0.91, 0))
        rig.add(f"{s}_knee", f"{s}_hip", (0.1 * x, 0.49, 0.03))
        rig.add(f"{s}_talocrural", f"{s}_knee", (0.11 * x, 0.07, -0.07))
        rig.add(f"{s}_tarsometatarsal_2", f"{s}_talocrural", (0.11 * x, 0.0, -0.04))
        rig.add(f"{s}_metatarsophalangeal_2", f"{s}_tarsometatarsal_2", (0.11 * x, 0.0, 0.04))
        rig.add(f"{s}_tarsal_distal_interphalangeal_2", f"{s}_metatarsophalangeal_2", (0.11 * x, 0.0, 0.08))
        top = "vt1"
        if clavicles:
            top = rig.add(f"{s}_sternoclavicular", "vc7", (0.05 * x, 1.45, -0.04))
        rig.add(f"{s}_shoulder", top, (0.2 * x, 1.44, -0.04))
        rig.add(f"{s}_elbow", f"{s}_shoulder", (0.2 * x, 1.14, -0.07))
        rig.add(f"{s}_radiocarpal", f"{s}_elbow", (0.2 * x, 0.87, -0.06))
        if s in fingers:
            parent = rig.add(f"{s}_carpometacarpal_1", f"{s}_radiocarpal", (0.19 * x, 0.85, -0.05))
            parent = rig.add(f"{s}_metacarpophalangeal_1", parent, (0.2 * x, 0.82, 0.02))
            rig.add(f"{s}_carpal_interphalangeal_1", parent, (0.2 * x, 0.82, 0.05))
            parent = f"{s}_radiocarpal"
            for k, joint in enumerate(HAND):
                parent = rig.add(f"{s}_{joint}_2", parent, (0.2 * x, 0.80 - 0.03 * k, -0.03))
    return rig


@pytest.mark.parametrize(("name", "kind"), [("l_talocrural", "foot"), ("r_radiocarpal", "hand"),
                                            ("l_sternoclavicular", "clavicle"), ("l_metatarsophalangeal_3", "ball"),
                                            ("temporomandibular", "jaw")])
def test_anatomical_joint_words_name_their_bone(name, kind):
    assert name_evidence(analyse_names([name])[0])[0].kind == kind


@pytest.mark.parametrize("name", ["l_acromioclavicular", "l_midcarpal_2", "l_tarsometatarsal_2", "r_subtalar",
                                  "l_tarsal_proximal_interphalangeal_2"])
def test_joints_inside_the_wrist_foot_scapula_and_toes_are_no_manny_bone(name):
    assert name_evidence(analyse_names([name])[0]) == []  # (the midcarpal joint is no middle metacarpal, a toe's
    # interphalangeal joint no finger)


def test_vertebrae_are_spine_and_neck_without_their_downward_numbers():
    infos = analyse_names(["humanoid_root", "sacroiliac", "vl5", "vt12", "vt1", "vc7", "vc1", "skullbase"])
    assert [(i.concepts, i.numbers) for i in infos[2:7]] == [(["spine"], [])] * 3 + [(["neck"], [])] * 2


def test_the_shoulder_is_the_upper_arm_only_in_an_h_anim_skeleton():
    assert analyse_names(["l_shoulder", "sacroiliac", "skullbase"])[0].concepts == ["upperarm"]
    assert analyse_names(["l_shoulder", "l_elbow", "l_wrist"])[0].concepts == ["shoulder"]  # Mixamo-style


def test_diamond_man_maps_with_a_thumb_and_index_on_one_hand_only():
    got = mapping(diamond_man())
    assert got["humanoid_root"] == "pelvis"
    assert got["skullbase"] == "head" and got["vc1"] != "head"
    assert got["vl5"] == "spine_01" and got["vt1"] == "spine_05"
    for s in "lr":
        assert [got[f"{s}_{j}"] for j in ("hip", "knee", "talocrural", "metatarsophalangeal_2")] == \
            [f"thigh_{s}", f"calf_{s}", f"foot_{s}", f"ball_{s}"]
        assert [got[f"{s}_{j}"] for j in ("shoulder", "elbow", "radiocarpal")] == \
            [f"upperarm_{s}", f"lowerarm_{s}", f"hand_{s}"]
        assert got[f"{s}_tarsometatarsal_2"] is None and got[f"{s}_tarsal_distal_interphalangeal_2"] is None
    assert [got[f"l_{j}_2"] for j in HAND] == ["index_metacarpal_l", "index_01_l", "index_02_l", "index_03_l"]
    assert [got[f"l_{j}_1"] for j in ("carpometacarpal", "metacarpophalangeal", "carpal_interphalangeal")] == \
        ["thumb_01_l", "thumb_02_l", "thumb_03_l"]


def test_h_anim_clavicles_take_the_clavicle_and_the_shoulder_the_upper_arm():
    got = mapping(diamond_man(fingers="lr", clavicles=True))
    for s in "lr":
        assert (got[f"{s}_sternoclavicular"], got[f"{s}_shoulder"]) == (f"clavicle_{s}", f"upperarm_{s}")
        assert [got[f"{s}_{j}_2"] for j in HAND] == [f"index_metacarpal_{s}", f"index_01_{s}", f"index_02_{s}",
                                                     f"index_03_{s}"]


def test_biomechanics_shoulder_girdle_abbreviations():
    """IPS IMMA manikins and OpenSim shoulder models name the girdle's joints as the ISB recommends (Wu et al.
    2005): 'RightSC' (sternoclavicular) starts the clavicle, 'RightAC' (acromioclavicular) ends it a few cm from
    'RightGH' (glenohumeral), where the upper arm starts; the solver had put the upper arm on the AC joint (held-out
    batch 223)."""
    rig = trunk(("Pelvis", None, (0, 100, 0)), ("L5S1", "Pelvis", (0, 110, 0)), ("T12L1", "L5S1", (0, 125, 0)),
                ("T1T2", "T12L1", (0, 140, 0)), ("C6C7", "T1T2", (0, 148, 0)), ("Head", "C6C7", (0, 158, 0)))
    limbs(rig, (("Left", 1), ("Right", -1)),
          ("T1T2", [("{s}SC", (2, 142, 2)), ("{s}AC", (17, 143, -1)), ("{s}GH", (18, 140, -1)),
                    ("{s}Elbow", (19, 112, -1)), ("{s}Wrist", (20, 86, 0))]),
          ("Pelvis", [("{s}Hip", (9, 96, 0)), ("{s}Knee", (9, 52, 0)), ("{s}Ankle", (9, 8, 0)),
                      ("{s}Toes", (9, 1, 12))]))
    got = mapping(rig)
    for side, s in (("Left", "l"), ("Right", "r")):
        assert (got[f"{side}SC"], got[f"{side}AC"], got[f"{side}GH"], got[f"{side}Elbow"]) == \
            (f"clavicle_{s}", None, f"upperarm_{s}", f"lowerarm_{s}"), got


def test_girdle_abbreviations_count_only_in_a_skeleton_that_names_all_three():
    """Two letters alone are too common: a hashed export's 'bone_ac3f' is no acromioclavicular joint."""
    assert "helper" not in analyse_names(["RightAC", "bone_ac3f"])[0].concepts
    infos = analyse_names(["RightSC", "RightAC", "RightGH"])
    assert [[c for c in i.concepts if not c.startswith("?")] for i in infos] == [["clavicle"], ["helper"], ["upperarm"]]


JOE_TRUNK = (("vl5", 1.045, -0.095), ("vl4", 1.068, -0.085), ("vl3", 1.092, -0.072), ("vl2", 1.12, -0.065),
             ("vl1", 1.146, -0.062), ("vt12", 1.179, -0.068), ("vt11", 1.268, -0.081), ("vt10", 1.242, -0.09),
             ("vt9", 1.268, -0.1), ("vt8", 1.294, -0.11), ("vt7", 1.323, -0.116), ("vt6", 1.352, -0.12),
             ("vt5", 1.381, -0.123), ("vt4", 1.41, -0.123), ("vt3", 1.438, -0.12), ("vt2", 1.468, -0.105),
             ("vt1", 1.497, -0.09), ("vc7", 1.525, -0.072), ("vc6", 1.54, -0.05), ("vc5", 1.552, -0.035),
             ("vc4", 1.567, -0.026), ("vc3", 1.582, -0.018), ("vc2", 1.595, -0.018), ("vc1", 1.61, -0.015),
             ("skullbase", 1.63, -0.01))
"""JoeSkin's trunk (held-out batch 209): every vertebra of the H-Anim level of articulation 2, at the standard's
default joint centres (height, depth in metres)."""


def test_a_neck_of_seven_vertebrae_keeps_the_head_on_the_skull_base():
    """JoeSkin's seven cervical vertebrae 1.5 cm apart, clavicles on 'vc7' and eyes on 'skullbase': the solver
    reads the head one bone above the chest ('vc6'), but every bone from there to 'skullbase' is named a neck
    vertebra and 'skullbase' the head, so the head stays there."""
    rig = diamond_man(fingers="lr", clavicles=True)
    rig.bones = [b for b in rig.bones if b["name"] not in {n for n, _, _ in JOE_TRUNK}]
    parent = "humanoid_root"
    for name, y, z in JOE_TRUNK:
        rig.names[name] = name
        rig.bones.append({"name": name, "parent": parent, "position": [0, y, z]})
        parent = name
    for s, x in (("l", 1), ("r", -1)):
        rig.names[f"{s}_eyeball_joint"] = f"{s}_eyeball_joint"
        rig.bones.append({"name": f"{s}_eyeball_joint", "parent": "skullbase", "position": [0.034 * x, 1.659, 0.06]})
    got = mapping(rig)
    assert (got["vt1"], got["vc7"], got["skullbase"]) == ("spine_05", "neck_01", "head")
    assert got["vc6"] != "head" and got["l_eyeball_joint"] is None
