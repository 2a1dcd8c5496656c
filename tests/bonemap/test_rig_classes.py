"""Failure classes seen on held-out real rigs (batch 2), rebuilt as small constructed skeletons.

Each test is one general rule (docs/bonemap.md, "Structure-first solver"): fingers branching off another
finger's metacarpal, a head with no head end above it, a face rig root stacked on the head, a deform forest whose
hips bone is named like a spine bone, a limb bone split into collinear parts, a chest helper the arm hangs under,
a 'Root' above the spine with the legs on a 'Pelvis' branch, helper siblings of a spine bone.
"""

from __future__ import annotations

from typing import Any

import pytest

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.roles import Role
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.solve import solve
from tests.bonemap.helpers import mixamo_like


def _inverse(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str | None]]:
    """(target -> source bone, source -> target) of the default engine on ue5_manny; no target filled twice."""
    res = Mapper(MapConfig()).map(Skeleton.from_dict(data), "ue5_manny")
    inv: dict[str, str] = {}
    for s, t in res.mapping.items():
        if t:
            assert t not in inv, f"{t} filled twice ({inv[t]}, {s})"
            inv[t] = s
    return inv, res.mapping


def _body(**rename: str) -> list[dict[str, Any]]:
    """The Mixamo-like humanoid of helpers.py without fingers (cm, Y up, +X left, +Z forward), no prefix."""
    bones = mixamo_like(prefix="", fingers=False)["bones"]
    for b in bones:
        b["name"] = rename.get(b["name"], b["name"])
        b["parent"] = rename.get(b["parent"], b["parent"]) if b["parent"] else None
    return bones


def _add(bones: list[dict[str, Any]], name: str, parent: str | None, pos: tuple[float, float, float]) -> None:
    bones.append({"name": name, "parent": parent, "position": list(pos)})


def _neuron_hand(bones: list[dict[str, Any]], side: str, sx: int) -> None:
    """Perception-Neuron style: in-hand index / ring bones off the hand, the pinky's in-hand bone under the ring's,
    the thumb under the index's, the middle finger straight off the hand."""
    hand, x0, y = f"{side}Hand", 65 * sx, 145.0

    def chain(first: str, parent: str, start: tuple[float, float], z: float) -> None:
        prev = parent
        for k, dx in enumerate(start):
            _add(bones, f"{first}{k + 1}", prev, (x0 + dx * sx, y, z))
            prev = f"{first}{k + 1}"

    chain(f"{hand}Middle", hand, (5.0, 8.0, 10.0), 0.0)
    _add(bones, f"{hand}Index", hand, (x0 + 0.4 * sx, y, 0.6))
    chain(f"{hand}Index", f"{hand}Index", (5.0, 8.0, 10.0), 1.5)
    _add(bones, f"{hand}Thumb1", f"{hand}Index", (x0 + 0.5 * sx, y - 0.6, 1.7))
    _add(bones, f"{hand}Thumb2", f"{hand}Thumb1", (x0 + 2.6 * sx, y - 0.6, 3.0))
    _add(bones, f"{hand}Thumb3", f"{hand}Thumb2", (x0 + 4.1 * sx, y - 0.6, 4.0))
    _add(bones, f"{hand}Ring", hand, (x0 + 0.4 * sx, y, -0.6))
    chain(f"{hand}Ring", f"{hand}Ring", (4.8, 7.6, 9.5), -1.5)
    _add(bones, f"{hand}Pinky", f"{hand}Ring", (x0 + 0.5 * sx, y, -1.0))
    chain(f"{hand}Pinky", f"{hand}Pinky", (4.3, 6.8, 8.2), -3.0)


def test_thumb_and_pinky_metacarpal_branching_off_other_metacarpals():
    bones = _body()
    for side, sx in (("Left", 1), ("Right", -1)):
        _neuron_hand(bones, side, sx)
    inv, _ = _inverse({"bones": bones})
    for side, s in (("Left", "l"), ("Right", "r")):
        assert inv[f"thumb_01_{s}"] == f"{side}HandThumb1" and inv[f"thumb_03_{s}"] == f"{side}HandThumb3"
        assert inv[f"pinky_metacarpal_{s}"] == f"{side}HandPinky" and inv[f"pinky_01_{s}"] == f"{side}HandPinky1"
        assert inv[f"index_metacarpal_{s}"] == f"{side}HandIndex"
        assert inv[f"ring_metacarpal_{s}"] == f"{side}HandRing"


def test_solver_finds_metacarpals_shared_with_the_thumb_or_another_metacarpal_without_names():
    bones = _body()
    for side, sx in (("Left", 1), ("Right", -1)):
        _neuron_hand(bones, side, sx)
    sk = Skeleton.from_dict({"bones": [dict(b, name=f"j{k:03d}", parent=None if b["parent"] is None else
                                            f"j{[x['name'] for x in bones].index(b['parent']):03d}")
                                       for k, b in enumerate(bones)]})
    roles = dict(zip((b["name"] for b in bones), solve(sk).roles, strict=True))
    for side, s in (("Left", "L"), ("Right", "R")):
        assert roles[f"{side}HandIndex"] == Role("index", s, 0.0) and roles[f"{side}HandRing"] == Role("ring", s, 0.0)
        assert roles[f"{side}HandPinky"] == Role("pinky", s, 0.0)
        assert roles[f"{side}HandThumb1"] == Role("thumb", s, 1.0)


def test_two_bone_neck_chain_whose_top_joint_is_the_head():
    # arms straight off the chest at shoulder height (no clavicles), no head end: the top joint is the head
    bones = [b for b in _body(Neck="neck_1", Head="neck_2")
             if b["name"] not in ("HeadTop_End", "LeftShoulder", "RightShoulder")]
    for b in bones:
        if b["name"] == "Spine2":
            b["position"] = [0, 145, 0]
        elif b["name"] in ("LeftArm", "RightArm"):
            b["parent"] = "Spine2"
        elif b["name"] == "neck_1":
            b["position"] = [0, 150, 0]
        elif b["name"] == "neck_2":
            b["position"] = [0, 156, 0]
    inv, _ = _inverse({"bones": bones})
    assert inv["head"] == "neck_2" and inv["neck_01"] == "neck_1" and inv["spine_05"] == "Spine2"


def test_face_rig_root_stacked_on_the_head_is_not_the_head():
    # Rigify metarig: spine.004 / .005 neck, spine.006 head, a zero-length 'face' root under it with the face
    bones = [b for b in _body(Neck="spine.004", Head="spine.006") if b["name"] != "HeadTop_End"]
    for b in bones:
        if b["name"] == "spine.006":
            b["parent"], b["position"] = "spine.005", [0, 160, 0]
    _add(bones, "spine.005", "spine.004", (0, 155, 0))
    _add(bones, "face", "spine.006", (0, 160, 0))
    _add(bones, "jaw", "face", (0, 158, 4))
    _add(bones, "chin", "jaw", (0, 156, 9))
    _add(bones, "nose", "face", (0, 166, 9))
    _add(bones, "forehead", "face", (0, 176, 8))
    _add(bones, "forehead.001", "forehead", (3, 177, 7))
    for s, sx in (("L", 1), ("R", -1)):
        _add(bones, f"eye.{s}", "face", (3 * sx, 167, 8))
        _add(bones, f"ear.{s}", "face", (8 * sx, 165, 0))
    inv, mapping = _inverse({"bones": bones})
    assert inv["head"] == "spine.006" and mapping["face"] is None
    assert inv["neck_01"] == "spine.004" and inv["neck_02"] == "spine.005"


def _deform_forest() -> list[dict[str, Any]]:
    """A deform-only export (Rigify DEF- bones): the hips bone named like a spine bone, thighs split in two
    collinear parts, each arm one tree with its fingers (larger than the spine tree), shoulders near the mirror
    plane, the rest loose roots."""
    bones = []
    for name, parent, pos in (("DEF-spine", None, (0, 100, 0)), ("DEF-spine.001", "DEF-spine", (0, 110, 0)),
                              ("DEF-spine.002", "DEF-spine.001", (0, 120, 0)),
                              ("DEF-spine.003", "DEF-spine.002", (0, 135, 0)),
                              ("DEF-spine.004", "DEF-spine.003", (0, 150, 0)),
                              ("DEF-spine.005", "DEF-spine.004", (0, 160, 0))):
        _add(bones, name, parent, pos)
    for s, sx in (("L", 1), ("R", -1)):
        _add(bones, f"DEF-thigh.{s}", None, (10 * sx, 95, 0))
        _add(bones, f"DEF-thigh.{s}.001", f"DEF-thigh.{s}", (10 * sx, 72, 0))
        _add(bones, f"DEF-shin.{s}", f"DEF-thigh.{s}.001", (10 * sx, 50, 0))
        _add(bones, f"DEF-foot.{s}", f"DEF-shin.{s}", (10 * sx, 8, 0))
        _add(bones, f"DEF-toe.{s}", f"DEF-foot.{s}", (10 * sx, 2, 10))
        _add(bones, f"DEF-shoulder.{s}", None, (1.5 * sx, 140, 4))  # near the mirror plane: not under each other
        _add(bones, f"DEF-upper_arm.{s}", None, (15 * sx, 145, 0))
        _add(bones, f"DEF-forearm.{s}", f"DEF-upper_arm.{s}", (40 * sx, 145, 0))
        _add(bones, f"DEF-hand.{s}", f"DEF-forearm.{s}", (65 * sx, 145, 0))
        for k, f in enumerate(("thumb", "f_index", "f_middle", "f_ring", "f_pinky")):
            parent = f"DEF-hand.{s}"
            for seg in (1, 2, 3):
                _add(bones, f"DEF-{f}.0{seg}.{s}", parent, ((68 + 3 * seg) * sx, 145, 4 - 2 * k))
                parent = f"DEF-{f}.0{seg}.{s}"
    for k in range(50):  # face bones, all roots (their parent was a non-deform bone)
        _add(bones, f"DEF-face_{k:02d}", None, ((k % 8 - 3.5) * 1.2, 160 + (k // 8) * 3.0, 8 - (k % 3)))
    return bones


def test_deform_forest_whose_hips_bone_is_named_like_a_spine_bone():
    sk = Skeleton.from_dict({"bones": _deform_forest()})
    assert sk.names[sk.roots()[0]] == "DEF-spine" and len(sk.roots()) == 1
    parent = {b.name: b.parent for b in sk.bones}
    assert parent["DEF-shoulder.R"] == parent["DEF-shoulder.L"] == "DEF-spine.003"
    inv, mapping = _inverse({"bones": _deform_forest()})
    assert inv["pelvis"] == "DEF-spine" and inv["spine_01"] == "DEF-spine.001" and inv["head"] == "DEF-spine.005"
    for s in ("L", "R"):  # the thigh is the part that starts at the hip; the lower part is a twist or nothing
        assert inv[f"thigh_{s.lower()}"] == f"DEF-thigh.{s}" and inv[f"calf_{s.lower()}"] == f"DEF-shin.{s}"
        assert mapping[f"DEF-thigh.{s}.001"] in (None, f"thigh_twist_01_{s.lower()}")
        assert inv[f"hand_{s.lower()}"] == f"DEF-hand.{s}" and inv[f"thumb_01_{s.lower()}"] == f"DEF-thumb.01.{s}"
        assert inv[f"clavicle_{s.lower()}"] == f"DEF-shoulder.{s}"


def test_a_deform_forest_with_few_roots_is_rebuilt_too():
    """Held-out batch 92's Miku rig (a Rigify deform-only glTF): no face roots, so 13 roots of 87 bones, not the
    half that marked a lost hierarchy, but no tree holds half the bones (the arm's is the largest) and the arm's
    tree had been solved as the body. The rebuilt tree hangs the thighs under the hips, not under the 'pelvis.L' /
    'pelvis.R' helpers stacked on them (nor a left thigh under a helper named right), and the upper arms under
    the shoulders, not under the nearer breast bones."""
    bones = [b for b in _deform_forest() if not b["name"].startswith("DEF-face")]
    for s, sx in (("L", 1), ("R", -1)):
        _add(bones, f"DEF-pelvis.{s}", None, (0, 100, 0))
        _add(bones, f"DEF-breast.{s}", None, (8 * sx, 135, 3))
    sk = Skeleton.from_dict({"bones": bones})
    assert len(sk.roots()) == 1 and any("rebuilt one tree" in w for w in sk.warnings), sk.warnings
    parent = {b.name: b.parent for b in sk.bones}
    for s in ("L", "R"):
        assert parent[f"DEF-thigh.{s}"] == "DEF-spine" and parent[f"DEF-upper_arm.{s}"] == f"DEF-shoulder.{s}"
    inv, _ = _inverse({"bones": bones})
    for s in ("l", "r"):
        assert inv[f"thigh_{s}"] == f"DEF-thigh.{s.upper()}" and inv[f"upperarm_{s}"] == f"DEF-upper_arm.{s.upper()}"
        assert inv[f"hand_{s}"] == f"DEF-hand.{s.upper()}" and inv[f"clavicle_{s}"] == f"DEF-shoulder.{s.upper()}"


def test_a_whole_rigify_control_rig_maps_its_deform_bones():
    """A Rigify rig exported whole (held-out batch 94: Sketchfab's glTF of a Rigify bear) keeps its ORG- copies,
    MCH- mechanism bones and controls, and hangs the DEF- limbs from ORG- bones ('DEF-thigh.L' under
    'ORG-spine'). The DEF- skeleton, each ORG- ancestor standing for its DEF- twin, is the body; Rigify's
    one-sided 'MCH-foot_ik_root.L' is no Unreal IK root, so the controls take no ik_ role."""
    intended = {b["name"]: b for b in _deform_forest() if not b["name"].startswith("DEF-face")}
    parent = {n: b["parent"] for n, b in intended.items()}
    for s in ("L", "R"):
        parent[f"DEF-thigh.{s}"] = "DEF-spine"
        parent[f"DEF-shoulder.{s}"] = "DEF-spine.003"
        parent[f"DEF-upper_arm.{s}"] = f"DEF-shoulder.{s}"
    bones = [{"name": "root", "parent": None, "position": [0, 0, 0]}]
    for n, b in intended.items():  # the ORG- copy of the metarig: the whole tree
        org_parent = parent[n].replace("DEF-", "ORG-") if parent[n] else "root"
        bones.append({"name": n.replace("DEF-", "ORG-"), "parent": org_parent, "position": b["position"]})
    chain_roots = {"DEF-spine": "root", "DEF-thigh.L": "ORG-spine", "DEF-thigh.R": "ORG-spine",
                   "DEF-shoulder.L": "ORG-spine.003", "DEF-shoulder.R": "ORG-spine.003",
                   "DEF-upper_arm.L": "ORG-shoulder.L", "DEF-upper_arm.R": "ORG-shoulder.R"}
    for n, b in intended.items():
        bones.append({"name": n, "parent": chain_roots.get(n, parent[n]), "position": b["position"]})
    for s, sx in (("L", 1), ("R", -1)):  # mechanism bones and IK controls at the feet and hands
        for n, at in (("foot_ik_root", (10, 0, 0)), ("foot_ik", (10, 8, 0)), ("hand_ik_root", (65, 145, 0)),
                      ("hand_ik", (65, 145, 0))):
            bones.append({"name": f"MCH-{n}.{s}", "parent": "root", "position": [at[0] * sx, at[1], at[2]]})
    inv, mapping = _inverse({"bones": bones})
    assert inv["pelvis"] == "DEF-spine" and inv["head"] == "DEF-spine.005", inv
    for s in ("L", "R"):
        low = s.lower()
        assert inv[f"thigh_{low}"] == f"DEF-thigh.{s}" and inv[f"calf_{low}"] == f"DEF-shin.{s}"
        assert inv[f"upperarm_{low}"] == f"DEF-upper_arm.{s}" and inv[f"hand_{low}"] == f"DEF-hand.{s}"
        assert inv[f"clavicle_{low}"] == f"DEF-shoulder.{s}"
    assert not any(t and t.startswith("ik_") for t in mapping.values()), mapping


def test_a_bicep_bone_carrying_the_forearm_is_the_upper_arm():
    """A jam game's goblin (held-out batch 96) names its upper arms 'Bicep.L' / 'Bicep.R', a muscle-helper word
    ('bicep_l' is a helper leaf in Space Station 3D's rig); carrying the forearm, with no other upper arm named
    on that side, it is the upper arm."""
    bones = _body(LeftArm="Bicep.L", RightArm="Bicep.R", LeftForeArm="Forearm.L", RightForeArm="Forearm.R")
    bones = [b for b in bones if b["name"] not in ("LeftShoulder", "RightShoulder")]  # no clavicles, as there
    for b in bones:
        if b["name"].startswith("Bicep"):
            b["parent"] = "Spine2"
    for s, sx in (("L", 1), ("R", -1)):  # a helper leaf of the same word beside it stays a helper
        _add(bones, f"bicep_helper.{s}", f"Bicep.{s}", (20 * sx, 147, 3))
    inv, mapping = _inverse({"bones": bones})
    assert inv["upperarm_l"] == "Bicep.L" and inv["upperarm_r"] == "Bicep.R", inv
    assert mapping["bicep_helper.L"] is None and mapping["bicep_helper.R"] is None
    # the names alone say so too (the goblin's structure was unreadable: its ears made the "arm" pair)
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import name_evidence
    from enginemind.families.bonemap.rig.structure import refine

    sk = Skeleton.from_dict({"bones": bones})
    infos = analyse_names(sk.names)
    ev = refine(sk, infos, [name_evidence(ni) for ni in infos])
    for s in ("L", "R"):
        assert [(e.kind, e.side) for e in ev[sk.index(f"Bicep.{s}")]][:1] == [("upperarm", s)]
        assert not any(e.kind == "upperarm" for e in ev[sk.index(f"bicep_helper.{s}")])


def test_a_duplicate_suffix_on_a_named_thumb_segment_does_not_shift_the_thumb():
    """Unity-style finger names with a Maya duplicate's suffix (held-out batch 93's ninja: 'LeftThumbProximal2',
    then 'LeftThumbIntermediate', 'LeftThumbDistal'): the segment words of the later bones decide the first one's
    segment, not its trailing 2 (the thumb had been read one segment off and its distal left unmapped)."""
    bones = _body()
    for s, sx in (("Left", 1), ("Right", -1)):
        parent = f"{s}Hand"
        for k, seg in enumerate(("Proximal2", "Intermediate", "Distal", "DistalEnd")):
            _add(bones, f"{s}Thumb{seg}", parent, ((67 + 3 * k) * sx, 143 - k, 4 + 2 * k))
            parent = f"{s}Thumb{seg}"
        parent = f"{s}Hand"
        for k, seg in enumerate(("Proximal", "Intermediate", "Distal", "DistalEnd")):
            _add(bones, f"{s}Index{seg}", parent, ((70 + 4 * k) * sx, 145, 2))
            parent = f"{s}Index{seg}"
    inv, mapping = _inverse({"bones": bones})
    for s, low in (("Left", "l"), ("Right", "r")):
        assert [mapping[f"{s}Thumb{seg}"] for seg in ("Proximal2", "Intermediate", "Distal")] == \
            [f"thumb_01_{low}", f"thumb_02_{low}", f"thumb_03_{low}"], mapping


def test_centre_of_mass_markers_at_the_wrist_are_no_fingers():
    """A human-model generator's URDF (held-out batch 98) hangs 'LeftHandCOM' and muscle links off a fingerless
    hand; the leaves were read as fingers. A centre-of-mass marker takes no finger role (nor a twist role)."""
    bones = _body()
    for s, sx in (("Left", 1), ("Right", -1)):
        _add(bones, f"{s}HandCOM", f"{s}Hand", (70 * sx, 145, 0.5))  # beside two muscle-attachment leaves
        _add(bones, f"FlexCarp_{s[0]}H", f"{s}Hand", (71 * sx, 145, 2.5))
        _add(bones, f"ExtCarp_{s[0]}H", f"{s}Hand", (71 * sx, 145, -2.0))
        _add(bones, f"{s}ForeArmCOM", f"{s}ForeArm", (52 * sx, 145, 0.3))
    _, mapping = _inverse({"bones": bones})
    coms = {f"{s}{part}COM": mapping[f"{s}{part}COM"] for s in ("Left", "Right") for part in ("Hand", "ForeArm")}
    assert all(v is None for v in coms.values()), coms


def test_second_life_collision_volumes_are_no_joints():
    """Second Life's avatar skeleton (held-out batch 89: Linden Lab's Bento reference, the fitted-mesh Ruth rig)
    hangs collision volumes in capitals on its joints: 'L_UPPER_ARM' on 'mShoulderLeft' halfway down the upper
    arm, 'L_HAND' on 'mWristLeft', 'NECK' on 'mNeck'. Their names spell the role out and had taken the hands
    from the wrists and made the others twist bones; the 'm' joints are the skeleton."""
    sl = {"Hips": "mPelvis", "Spine": "mTorso", "Spine2": "mChest", "Neck": "mNeck", "Head": "mHead"}
    for side in ("Left", "Right"):
        sl.update({f"{side}Shoulder": f"mCollar{side}", f"{side}Arm": f"mShoulder{side}",
                   f"{side}ForeArm": f"mElbow{side}", f"{side}Hand": f"mWrist{side}", f"{side}UpLeg": f"mHip{side}",
                   f"{side}Leg": f"mKnee{side}", f"{side}Foot": f"mAnkle{side}", f"{side}ToeBase": f"mFoot{side}"})
    bones = [b for b in _body(**sl) if b["name"] in sl.values()]
    next(b for b in bones if b["name"] == "mChest")["parent"] = "mTorso"  # the classic skeleton: one spine joint
    at = {b["name"]: b["position"] for b in bones}
    for joint, volume in (("mPelvis", "PELVIS"), ("mTorso", "BELLY"), ("mChest", "CHEST"), ("mNeck", "NECK"),
                          ("mHead", "HEAD")):
        _add(bones, volume, joint, tuple(at[joint]))
    for side, s in (("Left", "L"), ("Right", "R")):
        for joint, nxt, volume in (("mShoulder", "mElbow", "UPPER_ARM"), ("mElbow", "mWrist", "LOWER_ARM"),
                                   ("mHip", "mKnee", "UPPER_LEG"), ("mKnee", "mAnkle", "LOWER_LEG")):
            a, b = at[f"{joint}{side}"], at[f"{nxt}{side}"]
            _add(bones, f"{s}_{volume}", f"{joint}{side}", tuple((x + y) / 2 for x, y in zip(a, b, strict=True)))
        w = at[f"mWrist{side}"]
        _add(bones, f"{s}_HAND", f"mWrist{side}", (w[0] + (6 if side == "Left" else -6), w[1], w[2]))
        _add(bones, f"{s}_CLAVICLE", f"mCollar{side}", tuple(at[f"mCollar{side}"]))
    inv, mapping = _inverse({"bones": bones})
    for side, s in (("Left", "l"), ("Right", "r")):
        assert inv[f"upperarm_{s}"] == f"mShoulder{side}" and inv[f"hand_{s}"] == f"mWrist{side}", inv
        assert inv[f"thigh_{s}"] == f"mHip{side}" and inv[f"lowerarm_{s}"] == f"mElbow{side}"
    volumes = [b["name"] for b in bones if b["name"].isupper()]
    assert all(mapping[v] is None for v in volumes), {v: mapping[v] for v in volumes}


@pytest.mark.parametrize("part", [".001", "_part2", "Lower"])
def test_limb_bone_split_into_collinear_parts(part):
    bones = _body()
    for s, sx in (("Left", 1), ("Right", -1)):
        _add(bones, f"{s}UpLeg{part}", f"{s}UpLeg", (10 * sx, 72, 0))
        _add(bones, f"{s}Arm{part}", f"{s}Arm", (27 * sx, 145, 0))
        for b in bones:
            if b["name"] == f"{s}Leg":
                b["parent"] = f"{s}UpLeg{part}"
            elif b["name"] == f"{s}ForeArm":
                b["parent"] = f"{s}Arm{part}"
    inv, mapping = _inverse({"bones": bones})
    for s, x in (("Left", "l"), ("Right", "r")):
        assert inv[f"thigh_{x}"] == f"{s}UpLeg" and inv[f"calf_{x}"] == f"{s}Leg"
        assert inv[f"upperarm_{x}"] == f"{s}Arm" and inv[f"lowerarm_{x}"] == f"{s}ForeArm"
        assert mapping[f"{s}UpLeg{part}"] in (None, f"thigh_twist_01_{x}")
        assert mapping[f"{s}Arm{part}"] in (None, f"upperarm_twist_01_{x}")


def test_chest_helper_the_arm_hangs_under_is_not_a_clavicle():
    # a deform export rebuilt wrongly: the upper arm under a breast bone that lies below and in front of it
    bones = [b for b in _body() if b["name"] not in ("LeftShoulder", "RightShoulder")]
    for s, sx in (("Left", 1), ("Right", -1)):
        _add(bones, f"Breast_{s[0]}", "Spine2", (10 * sx, 133, 6))
        for b in bones:
            if b["name"] == f"{s}Arm":
                b["parent"] = f"Breast_{s[0]}"
    inv, mapping = _inverse({"bones": bones})
    assert mapping["Breast_L"] is None and mapping["Breast_R"] is None
    assert inv["upperarm_l"] == "LeftArm" and inv["spine_05"] == "Spine2"


def test_root_above_the_spine_with_the_legs_on_a_pelvis_branch():
    # Elden Ring: a zero-length Root at the hips carries the spine, the legs hang under its child Pelvis
    bones = _body()
    for b in bones:
        if b["name"] == "Hips":
            b["name"] = "Root"
        elif b["parent"] == "Hips":
            b["parent"] = "Pelvis" if "UpLeg" in b["name"] else "Root"
    _add(bones, "Pelvis", "Root", (0, 100, 0))
    inv, mapping = _inverse({"bones": bones})
    assert inv["pelvis"] == "Pelvis" and mapping["Root"] != "pelvis" and inv["spine_01"] == "Spine"


def test_hips_above_a_pelvis_branch_stays_the_pelvis():
    # Genesis 9 / CC: 'hip' carries the spine and a 'pelvis' child the legs; both names say hips: the branch
    # point of legs and spine is the pelvis
    bones = _body(Hips="hip")
    for b in bones:
        if b["parent"] == "hip" and "UpLeg" in b["name"]:
            b["parent"] = "pelvis"
    _add(bones, "pelvis", "hip", (0, 97, 0))
    inv, mapping = _inverse({"bones": bones})
    assert inv["pelvis"] == "hip" and mapping["pelvis"] is None


def test_helper_sibling_of_a_spine_bone_does_not_take_its_slot():
    bones = _body()
    _add(bones, "SpineArmor1", "Spine1", (0, 150, -8))  # spine-named armour helper beside Spine2
    inv, _ = _inverse({"bones": bones})
    assert inv["spine_05"] == "Spine2" and inv["neck_01"] == "Neck"


def test_clavicles_hung_under_the_first_neck_bone_still_map():
    # a rebuilt deform forest (Rigify DEF-shoulder nearest the neck's base): the clavicles are loose bones under
    # the neck, the upper arms hang under the chest
    bones = _body()
    for b in bones:
        if b["name"] in ("LeftShoulder", "RightShoulder"):
            b["parent"], b["position"][1] = "Neck", 147
        elif b["name"] in ("LeftArm", "RightArm"):
            b["parent"] = "Spine2"
    inv, _ = _inverse({"bones": bones})
    assert inv["clavicle_l"] == "LeftShoulder" and inv["clavicle_r"] == "RightShoulder"
    assert inv["neck_01"] == "Neck" and inv["head"] == "Head" and inv["upperarm_l"] == "LeftArm"


def test_stripped_forest_roots_at_the_hips_not_at_a_sided_hip_joint():
    # every parent lost; the thighs are named 'LeftHip' / 'RightHip' (AMMR / BVH style) and lie nearer the
    # middle of the bounding box than the hips (long arms in a T pose, a prop in one hand)
    bones = _body(LeftUpLeg="LeftHip", RightUpLeg="RightHip")
    _add(bones, "Prop1", "RightHand", (-80, 140, 3))
    forest = [dict(b, parent=None) for b in bones]
    sk = Skeleton.from_dict({"bones": forest})
    assert sk.names[sk.roots()[0]] == "Hips"
    inv, _ = _inverse({"bones": forest})
    assert inv["pelvis"] == "Hips" and inv["thigh_l"] == "LeftHip" and inv["thigh_r"] == "RightHip"


@pytest.mark.parametrize("suffix", ["_ctrl", "_$AssimpFbx$_Translation"])
def test_zero_length_helpers_stacked_on_the_neck_and_head_take_no_neck_slot(suffix):
    bones = _body()
    for b in bones:
        if b["name"] in ("Neck", "Head"):
            _add(bones, b["name"] + suffix, b["parent"], tuple(b["position"]))
            b["parent"] = b["name"] + suffix
    inv, mapping = _inverse({"bones": bones})
    assert inv["neck_01"] == "Neck" and inv["head"] == "Head" and inv["spine_05"] == "Spine2"
    assert mapping["Neck" + suffix] is None and mapping["Head" + suffix] is None


def test_pivot_nodes_above_every_limb_and_finger_joint_take_no_role():
    # Assimp keeps FBX pivots as zero-length nodes above the joints: the deeper bone of each pair is the joint
    data = mixamo_like(prefix="")
    plain = _inverse(data)[1]
    bones = []
    for b in data["bones"]:
        if any(w in b["name"] for w in ("Arm", "Hand", "Leg", "Foot")):
            pivot = b["name"] + "_$AssimpFbx$_Translation"
            bones.append({"name": pivot, "parent": b["parent"], "position": b["position"]})
            bones.append(dict(b, parent=pivot))
        else:
            bones.append(b)
    inv, mapping = _inverse({"bones": bones})
    assert {b: mapping[b] for b in plain} == plain
    assert not any(t for b, t in mapping.items() if "$" in b)


def test_a_mixamo_add_on_control_rig_keeps_the_deform_legs():
    """Blender's Mixamo add-on builds a control rig around the 'mixamorig:' deform bones (held-out batch 254, a
    2025 portfolio site's characters): FK copies of each leg ('Ctrl_UpLeg_FK_Left' > 'Ctrl_Leg_FK_Left' >
    'Ctrl_Foot_FK_Left' > 'Foot_FK_Left' > 'Ctrl_Toe_FK_Left') beside the deform legs under 'Ctrl_Hips_Free', and
    IK / FK snapping targets ('Foot_Snap_Left'). The solver took the FK copies for the legs and their hips for
    the pelvis. The names spell the deform legs out: thigh and foot named, the calf between them named only
    as the leg ('mixamorig:LeftLeg'), and a snap target names no foot."""
    d = mixamo_like()
    bones = d["bones"]
    ctrl = [{"name": "Ctrl_Master", "parent": None, "position": [0, 0, 0]},
            {"name": "Ctrl_Hips", "parent": "Ctrl_Master", "position": [0, 100, 0]},
            {"name": "Ctrl_Hips_Free", "parent": "Ctrl_Hips", "position": [0, 100, 0]}]
    for b in bones:
        if b["parent"] is None:
            b["parent"] = "Ctrl_Hips_Free"
    pos = {b["name"]: b["position"] for b in bones}
    for side in ("Left", "Right"):
        parent = "Ctrl_Hips_Free"
        for part, name in (("UpLeg", f"Ctrl_UpLeg_FK_{side}"), ("Leg", f"Ctrl_Leg_FK_{side}"),
                           ("Foot", f"Ctrl_Foot_FK_{side}"), ("Foot", f"Foot_FK_{side}"),
                           ("ToeBase", f"Ctrl_Toe_FK_{side}")):
            p = pos[f"mixamorig:{side}{part}"]
            ctrl.append({"name": name, "parent": parent, "position": [p[0], p[1], p[2] + 1]})
            parent = name
        foot = pos[f"mixamorig:{side}Foot"]
        ctrl += [{"name": f"Ctrl_Foot_IK_{side}", "parent": None, "position": list(foot)},
                 {"name": f"Foot_IK_{side}", "parent": f"Ctrl_Foot_IK_{side}", "position": list(foot)},
                 {"name": f"Foot_Snap_{side}", "parent": f"Foot_IK_{side}", "position": list(foot)}]
    d["bones"] = ctrl + bones
    m = Mapper(MapConfig()).map(Skeleton.from_dict(d), "ue5_manny").mapping
    for side, s in (("Left", "l"), ("Right", "r")):
        assert [m[f"mixamorig:{side}{p}"] for p in ("UpLeg", "Leg", "Foot", "ToeBase")] == [
            f"thigh_{s}", f"calf_{s}", f"foot_{s}", f"ball_{s}"], m
        assert m[f"Foot_FK_{side}"] is None and m[f"Ctrl_Leg_FK_{side}"] is None
    assert m["mixamorig:Hips"] == "pelvis" and m["Ctrl_Hips_Free"] is None
