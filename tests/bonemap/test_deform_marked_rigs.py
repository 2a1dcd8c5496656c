"""Rigs whose structure misleads the solver where the names do not, as on held-out real rigs: a control rig that
marks its deform bones with 'def' (BlenRig: 'spine_1_def', 'arm_def_R') among FK controls, masters and mechanism
bones (batch 332; a Rigify export renamed with glued prefixes is none), a robot whose limb pairs the solver
read the other way round (batch 335), and a control layer of copies and IK controls exported with the joints
(batch 1239). Small constructed skeletons (cm, Y up, +X = left, facing +Z), no third-party
files."""

from __future__ import annotations

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like
from tests.bonemap.test_solver_extras import Rig, body, mapping

MANNY = {"pelvis": "pelvis", "spine_01": "spine_01", "spine_02": "spine_03", "spine_03": "spine_05",
         "neck": "neck_01", "head": "head", "root": "root"}


def _control_rig() -> Rig:
    """The test body three times over: '<bone>_fk' controls under a 'master', '<bone>_def' deform bones in their
    own chain, '<bone>_def_mstr' masters on the hands, thighs and head, and 40 mechanism bones."""
    base = body(Rig()).bones
    rig = Rig()
    rig.add("master", None, (0, 0, 0))
    for suffix in ("fk", "def"):
        for b in base:
            parent = f"{b['parent']}_{suffix}" if b["parent"] else "master"
            rig.add(f"{b['name']}_{suffix}", parent, tuple(b["position"]))
    for b in base:
        if b["name"].startswith(("hand", "thigh", "head")):
            rig.add(f"{b['name']}_def_mstr", f"{b['name']}_fk", tuple(b["position"]))
    for i in range(40):
        rig.add(f"mch_helper_{i}", "master", (0, 50 + i, -20))
    return rig


def test_the_bones_marked_def_take_the_roles_and_the_controls_none():
    rig = _control_rig()
    m = mapping(rig)
    for key in rig.names:
        if key.endswith("_def") and not key.startswith("toe"):
            bone = key[:-4]
            assert m[key] == MANNY.get(bone, bone), key
        elif not key.endswith("_def") and key != "master":
            assert m[key] is None, key


def _driver_layer_rig() -> Rig:
    """The test body twice: 'DRV_<bone>' drivers in one tree under a 'CTRL_COG' control, and 'DEF_<bone>' deform
    bones that follow them by constraints, exported with the arms cut loose (each clavicle its own root)."""
    base = body(Rig()).bones
    rig = Rig()
    rig.add("DRV_ROOT", None, (0, 0, 0))
    rig.add("CTRL_COG", "DRV_ROOT", (0, 100, 0))
    for layer in ("DRV", "DEF"):
        for b in base:
            if b["name"] == "root":
                continue
            loose = layer == "DEF" and b["name"].startswith("clavicle")
            parent = None if loose else f"{layer}_{b['parent']}" if b["parent"] != "root" else \
                "CTRL_COG" if layer == "DRV" else None
            rig.add(f"{layer}_{b['name']}", parent, tuple(b["position"]))
    return rig


def test_deform_bones_beside_a_driver_layer_take_the_roles():
    """A cosy game's bunny (held-out batch 1474): 'DEF_Thigh.L' follows 'DRV_Thigh.L', and its arms are roots of
    their own in the deform layer. The DEF bones deform the mesh, so they take the roles; the connected driver tree
    had taken them all."""
    m = mapping(_driver_layer_rig())
    for key in ("pelvis", "spine_01", "head", "clavicle_l", "upperarm_l", "hand_r", "thigh_l", "calf_r", "foot_l"):
        assert m[f"DEF_{key}"] == MANNY.get(key, key), key
        assert m[f"DRV_{key}"] is None, key


def test_a_body_whose_legs_point_back_above_its_hips_follows_its_names():
    # Godot's TPS-demo red robot (held-out batch 335), its rest positions in cm: a round body, arms hanging from
    # shoulders above it, short legs mounted behind and above its centre pointing back, the hands on IK bones
    # under the ground master; the solver read each limb pair as the other, which the names all contradict
    rig = Rig()
    rig.add("MASTER", None, (0, 0, 0))
    rig.add("Body", "MASTER", (0, 111, 0))
    rig.add("Bone.001", "Body", (0, 183, -29))
    for s, x in (("L", 1), ("R", -1)):
        rig.add(f"{s}-Shoulder", "Body", (82 * x, 214, -1))
        rig.add(f"{s}-Arm", f"{s}-Shoulder", (126 * x, 214, -1))
        rig.add(f"{s}-Forearm", f"{s}-Arm", (126 * x, 145, 47))
        rig.add(f"{s}-ARMIK", "MASTER", (126 * x, 130, 67))
        rig.add(f"{s}-Hand", f"{s}-ARMIK", (126 * x, 130, 67))
        rig.add(f"{s}-Fingers", f"{s}-Hand", (126 * x, 159, 100))
        rig.add(f"{s}-Leg", "Bone.001", (67 * x, 189, -83))
        rig.add(f"{s}-LowerLeg", f"{s}-Leg", (67 * x, 166, -122))
        rig.add(f"{s}-RearFoot", f"{s}-LowerLeg", (67 * x, 165, -146))
    m = mapping(rig)
    for s in "LR":
        side = s.lower()
        assert (m[f"{s}-Arm"], m[f"{s}-Forearm"], m[f"{s}-Hand"]) == (f"upperarm_{side}", f"lowerarm_{side}",
                                                                      f"hand_{side}")
        assert (m[f"{s}-Leg"], m[f"{s}-LowerLeg"], m[f"{s}-RearFoot"]) == (f"thigh_{side}", f"calf_{side}",
                                                                           f"foot_{side}")


def test_a_rigify_export_renamed_with_glued_def_prefixes_is_no_marked_control_rig():
    # the synthetic renamed suite's Rigify rig: 'CHR_Hero_DEFSpn' .. 'CHR_Hero_DEFneck001', every bone deforms; the
    # tokenizer splits 'DEF' off some names only ('DEFSpn' -> def, spn; 'DEFneck' -> de, fneck), so the bones
    # with the word must not make the others helpers
    from enginemind.families.bonemap.corpus.synth_names import make_rig
    from enginemind.families.bonemap.rig.names import analyse_names

    sk, labels = make_rig("rigify", 50_000, "renamed")
    infos = analyse_names(sk.names)
    helpers = [ni.raw for ni in infos if "helper" in ni.concepts and labels.get(ni.raw)]
    assert helpers == []


def test_a_rigify_thigh_split_in_numbered_parts_under_mechanism_bones_stays_on_the_hips():
    """A Rigify rig exported whole through a PSK fan tool (held-out batch 444): each thigh deforms as
    'DEF-thigh_01_L' and 'DEF-thigh_02_L', the first hung from a rubber-hose mechanism bone under the root, so
    no ORG- bone of the body led to it and the deform skeleton lost its legs ('DEF-shin' became the thigh). The
    first numbered part on the ORG- bone's head is its twin, and a DEF- bone under mechanism bones only hangs where
    its ORG- twin's parent says."""
    base = body(Rig()).bones
    rig = Rig()
    rig.add("root", None, (0, 0, 0))
    for b in base:
        if b["name"] == "root":
            continue
        parent = f"ORG-{b['parent']}" if b["parent"] and b["parent"] != "root" else "root"
        rig.add(f"ORG-{b['name']}", parent, tuple(b["position"]))
    for b in base:
        name, pos = b["name"], tuple(b["position"])
        if name == "root":
            continue
        if name.startswith("thigh"):
            s = name[-1]
            mch = rig.add(f"MCH-thigh_rh_{s}", "root", pos)
            rig.add(f"DEF-thigh_01_{s}", mch, pos)
            knee = next(c["position"] for c in base if c["name"] == f"calf_{s}")
            rig.add(f"DEF-thigh_02_{s}", f"ORG-{name}", tuple((p + q) / 2 for p, q in zip(pos, knee, strict=True)))
        else:
            rig.add(f"DEF-{name}", f"ORG-{name}", pos)
    for i in range(10):
        rig.add(f"MCH-helper_{i}", "root", (0, 50 + i, -20))
    m = mapping(rig)
    for s in "lr":
        assert (m[f"DEF-thigh_01_{s}"], m[f"DEF-calf_{s}"], m[f"DEF-foot_{s}"]) == \
            (f"thigh_{s}", f"calf_{s}", f"foot_{s}")
        assert m[f"DEF-thigh_02_{s}"] in (f"thigh_twist_01_{s}", f"thigh_twist_02_{s}", None)
    assert m["DEF-pelvis"] == "pelvis"


def _copy_layer_rig() -> dict:
    """A hand-made Blender rig exported with its control layer (Valente Productions' rigged LEGO man on Sketchfab,
    held-out batch 1239, rebuilt on the Mixamo-like body): a 'CO' copy of most joints hung beside it, and per leg a
    reverse-foot IK chain from the root at the ground: 'KneeCtrl' (the pole, in front of the knee) > 'FootCtrl' (at
    the heel) > 'HeelRoll' > 'ToeRoll' > 'FootIK', with 'KneeCO' and 'ToeCO' copies in it."""
    d = mixamo_like("", fingers=True)
    pos = {b["name"]: b["position"] for b in d["bones"]}
    for b in d["bones"]:
        if b["parent"] is None:
            b["parent"] = "Root"
    bones = [{"name": "Root", "parent": None, "position": [0, 0, 0]}, *d["bones"]]
    for name in ("Spine1", "LeftHand", "RightHand", "LeftArm", "RightArm", "LeftHandIndex1", "LeftHandIndex2",
                 "RightHandIndex1", "RightHandIndex2", "LeftHandThumb3", "RightHandThumb3"):
        p = pos[name]
        bones.append({"name": f"{name}CO", "parent": name, "position": [p[0], p[1] + 3, p[2] - 2]})
    for side, x in (("Left", 1), ("Right", -1)):
        chain = [(f"{side}KneeCtrl", "Root", (10 * x, 50, 30)), (f"{side}FootCtrl", f"{side}KneeCtrl", (10 * x, 0, -4)),
                 (f"{side}HeelRoll", f"{side}FootCtrl", (10 * x, 0, -4)),
                 (f"{side}ToeRoll", f"{side}HeelRoll", (10 * x, 0, 18)),
                 (f"{side}FootIK", f"{side}ToeRoll", (10 * x, 8, 0)),
                 (f"{side}KneeCO", f"{side}KneeCtrl", (10 * x, 50, 30)),
                 (f"{side}ToeCO", f"{side}FootCtrl", (10 * x, 2, 10))]
        bones += [{"name": n, "parent": p, "position": list(q)} for n, p, q in chain]
    d["bones"] = bones
    return d


def test_a_copy_layer_and_a_reverse_foot_control_chain_are_no_part_of_the_body():
    got = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(_copy_layer_rig()), "ue5_manny").mapping
    for side in ("Left", "Right"):
        s = side[0].lower()
        assert [got[f"{side}{b}"] for b in ("UpLeg", "Leg", "Foot")] == [f"thigh_{s}", f"calf_{s}", f"foot_{s}"]
        assert [got[f"{side}{b}"] for b in ("KneeCtrl", "FootCtrl", "FootIK", "KneeCO", "ToeCO")] == [None] * 5
        assert [got[f"{side}HandIndex{k}"] for k in (1, 2, 3)] == [f"index_0{k}_{s}" for k in (1, 2, 3)]
        assert got[f"{side}HandIndex1CO"] is None and got[f"{side}HandCO"] is None


def test_the_copy_mark_needs_copies_beside_their_joints_and_is_no_segment_word():
    """'CO' marks copies where leaves bearing it repeat a neighbour's words; 'far' (a Bevy avatar's forearm 'left_arm
    far' under 'left_arm', held-out batch 1210) and an insect's coxa 'l_1_co_r' (no neighbour repeated) mark none."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import copy_layer

    def marked(bones: list[tuple[str, str | None]]) -> set[str]:
        names = [n for n, _ in bones]
        parents = [names.index(p) if p else -1 for _, p in bones]
        return {names[i] for i in copy_layer(parents, analyse_names(names))}

    lego = [("Root", None), ("Hand_L", "Root"), ("HandCO_L", "Root"), ("Finger1_L", "Hand_L"),
            ("Finger1CO_L", "Finger1_L"), ("Thumb1_L", "Hand_L"), ("Thumb1CO_L", "Thumb1_L"), ("KneeCO_L", "Root")]
    assert marked(lego) == {"HandCO_L", "Finger1CO_L", "Thumb1CO_L", "KneeCO_L"}
    avatar = [("Avatar", None), ("left_arm", "Avatar"), ("left_arm far", "left_arm"), ("right_arm", "Avatar"),
              ("right_arm far", "right_arm"), ("left_leg", "Avatar"), ("left_leg far", "left_leg")]
    assert marked(avatar) == set()
    insect = [("body", None), *((f"l_{k}_co_{s}", "body") for k in (1, 2, 3) for s in "lr")]
    assert marked(insect) == set()
