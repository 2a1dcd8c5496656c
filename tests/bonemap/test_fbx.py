"""FBX through ufbx on files Blender wrote (tools/make_bonemap_fbx.py): skeleton-only, quads, ASCII, 7.4 / 7.5."""

from __future__ import annotations

from pathlib import Path

import pytest

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.importers import import_skeleton, load_skeleton_file

FIX = Path(__file__).parent / "fixtures"
MIXAMO = ("mixamo_skeleton_only_cm.fbx", "mixamo_skeleton_only_cm_ascii.fbx")
METARIG = ("metarig_quads_m.fbx", "metarig_quads_m_v75.fbx")
# (bone, parent, rest position in metres, Y up) as built by the generator, in both namings
EXPECT = {
    "hips": ("mixamorig:Hips", "spine", None, None, (0.0, 1.0, 0.0)),
    "spine": ("mixamorig:Spine", "spine.001", "mixamorig:Hips", "spine", (0.0, 1.1, 0.0)),
    "chest": ("mixamorig:Spine2", "spine.003", "mixamorig:Spine1", "spine.002", (0.0, 1.35, 0.0)),
    "head": ("mixamorig:Head", "spine.006", "mixamorig:Neck", "spine.004", (0.0, 1.6, 0.0)),
    "forearm": ("mixamorig:LeftForeArm", "forearm.L", "mixamorig:LeftArm", "upper_arm.L", (0.40, 1.45, 0.0)),
    "hand": ("mixamorig:RightHand", "hand.R", "mixamorig:RightForeArm", "forearm.R", (-0.65, 1.45, 0.0)),
    "thigh": ("mixamorig:LeftUpLeg", "thigh.L", "mixamorig:Hips", "spine", (0.10, 0.95, 0.0)),
    "toe": ("mixamorig:RightToeBase", "toe.R", "mixamorig:RightFoot", "foot.R", (-0.10, 0.02, 0.10)),
    "index3": ("mixamorig:LeftHandIndex3", "f_index.03.L", "mixamorig:LeftHandIndex2", "f_index.02.L",
               (0.79, 1.45, 0.01)),
}


@pytest.mark.parametrize("fname", MIXAMO + METARIG)
def test_blender_fbx_imports_bones_parents_and_rest_positions(fname: str):
    sk = load_skeleton_file(FIX / fname)
    mixamo = fname in MIXAMO
    assert len(sk) == 34 and sk.units == "m" and sk.up_axis == "y"
    assert "Armature" not in sk and "Body" not in sk  # the armature object and the quad mesh are not bones
    assert any("Armature" in w for w in sk.warnings)
    bones = {b.name: b for b in sk.bones}
    for mx, mr, pmx, pmr, pos in EXPECT.values():
        name, parent = (mx, pmx) if mixamo else (mr, pmr)
        assert bones[name].parent == parent, name
        assert bones[name].position == pytest.approx(pos, abs=1e-4), name  # cm file -> metres
    assert [sk.names[r] for r in sk.roots()] == ["mixamorig:Hips" if mixamo else "spine"]


def test_posed_armature_with_mesh_uses_the_bind_pose():
    # the left upper arm is rotated 60 degrees down in the saved scene; the skin's bind pose is the rest pose
    sk = load_skeleton_file(FIX / "metarig_quads_m.fbx")
    bones = {b.name: b for b in sk.bones}
    assert bones["forearm.L"].position == pytest.approx((0.40, 1.45, 0.0), abs=1e-4)
    assert bones["hand.L"].position == pytest.approx((0.65, 1.45, 0.0), abs=1e-4)


@pytest.mark.parametrize("fname", [MIXAMO[0], METARIG[0]])
def test_blender_fbx_maps_pelvis_spine_and_limbs(fname: str):
    sk = load_skeleton_file(FIX / fname)
    res = Mapper(MapConfig()).map(sk, "ue5_manny")
    inv = {t: s for s, t in res.mapping.items() if t}
    p = "mixamorig:" if fname in MIXAMO else ""
    if p:
        want = {"pelvis": "mixamorig:Hips", "spine_01": "mixamorig:Spine", "thigh_l": "mixamorig:LeftUpLeg",
                "lowerarm_l": "mixamorig:LeftForeArm", "head": "mixamorig:Head", "foot_r": "mixamorig:RightFoot"}
    else:
        want = {"pelvis": "spine", "spine_01": "spine.001", "thigh_l": "thigh.L", "lowerarm_l": "forearm.L",
                "head": "spine.006", "foot_r": "foot.R"}
    assert {t: inv.get(t) for t in want} == want
    assert res.retarget_root == want["pelvis"]


def test_damaged_and_meshless_fbx_are_invalid_input():
    data = (FIX / METARIG[0]).read_bytes()
    with pytest.raises(InvalidInput, match="FBX"):
        import_skeleton(data[: len(data) // 2], "cut.fbx")
    with pytest.raises(InvalidInput, match="FBX"):
        import_skeleton(b"Kaydara FBX Binary  \x00garbage", "bad.fbx")
    with pytest.raises(InvalidInput, match="FBX"):
        import_skeleton(data[:27] + bytes(range(256)) * 40, "noise.fbx")


def test_a_crashing_or_hanging_reader_is_invalid_input_not_a_dead_process(tmp_path: Path, monkeypatch):
    from enginemind.families.bonemap.rig import fbx

    crash = tmp_path / "crash.py"
    crash.write_text("import os\nos.abort()\n")  # what a native crash on a hostile file looks like to the parent
    monkeypatch.setattr(fbx, "READER", crash)
    with pytest.raises(InvalidInput, match="the FBX reader stopped on this file"):
        fbx.read_fbx_nodes(b"Kaydara FBX Binary  \x00")
    hang = tmp_path / "hang.py"
    hang.write_text("import time\ntime.sleep(30)\n")
    monkeypatch.setattr(fbx, "READER", hang)
    with pytest.raises(InvalidInput, match="took longer than 1 s"):
        fbx.read_fbx_nodes(b"Kaydara FBX Binary  \x00", timeout_s=1.0)


def _node(name: str, kind: str, parent: int, at: tuple[float, float, float]) -> dict:
    """One node as ``fbx_reader`` reports it (3x4 column matrices, bind pose = rest pose here)."""
    m = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], list(at)]
    return {"name": name, "kind": kind, "parent": parent, "world": m, "bind": m, "skinned": kind == "bone",
            "helper": False}


def test_a_null_node_the_spine_and_legs_start_at_is_a_joint_but_an_armature_object_is_not():
    """Captury's FBX (batch 44) stores its hips as a null node with the spine and both thighs as its children;
    a Blender armature object is a null too, at the ground, with the hips bone far above it."""
    from enginemind.families.bonemap.rig.fbx import _null_joints

    captury = [_node("", "none", -1, (0, 0, 0)), _node("Dan:Hips", "empty", 0, (0, 1.0, 0)),
               _node("Dan:Spine", "bone", 1, (0, 1.07, 0)), _node("Dan:LeftUpLeg", "bone", 1, (0.09, 0.97, 0)),
               _node("Dan:RightUpLeg", "bone", 1, (-0.09, 0.97, 0)), _node("Dan:Head", "bone", 2, (0, 1.7, 0)),
               _node("Dan:LeftFoot", "bone", 3, (0.09, 0.1, 0)), _node("Dan:RightFoot", "bone", 4, (-0.09, 0.1, 0))]
    parent = [n["parent"] for n in captury]
    assert _null_joints(captury, parent, [n["kind"] == "bone" for n in captury]) == [1]
    armature = [dict(n) for n in captury]
    armature[1] = _node("Armature", "empty", 0, (0, 0, 0))
    armature.insert(2, _node("Hips", "bone", 1, (0, 1.0, 0)))  # the hips bone, and IK roots at the feet
    armature += [_node("IK_foot.L", "bone", 1, (0.09, 0.0, 0.1)), _node("IK_foot.R", "bone", 1, (-0.09, 0.0, 0.1))]
    for n in armature[3:]:  # the captury bones moved one place down the list
        if n["name"].startswith("Dan:"):
            n["parent"] += 1
    parent = [n["parent"] for n in armature]
    assert _null_joints(armature, parent, [n["kind"] == "bone" for n in armature]) == []


def test_an_animation_only_fbx_takes_its_first_frame_as_the_rest_pose():
    """Qualisys Track Manager's FBX (batch 44) keeps every joint at the origin and the skeleton in the animation
    curves: the importer reads the first frame instead of refusing the geometry, and says so."""
    from tests.bonemap.helpers import animation_only_fbx

    text = (FIX / "mixamo_skeleton_only_cm_ascii.fbx").read_text(encoding="utf-8")
    rest = import_skeleton(text.encode(), "rest.fbx")
    anim = import_skeleton(animation_only_fbx(text).encode(), "anim.fbx")
    assert [b.name for b in anim.bones] == [b.name for b in rest.bones]
    for a, b in zip(anim.bones, rest.bones, strict=True):
        assert max(abs(x - y) for x, y in zip(a.position, b.position, strict=True)) < 1e-4, a.name
    assert any("first animation frame" in w for w in anim.warnings)
    assert not any("first animation frame" in w for w in rest.warnings)


def test_a_bind_pose_entry_of_a_bone_that_skins_nothing_is_not_trusted():
    """Unity-chan's SD model (batch 53) lists 'Character1_Spine1', which skins no vertex, in its BindPose turned 90
    degrees off its neighbours (0.46 m behind the body); with skin clusters in the file such a bone is placed
    from its saved transform relative to its bound ancestor."""
    from enginemind.families.bonemap.rig.fbx import _rest_positions

    nodes = [_node("Hips", "bone", -1, (0, 0.418, 0.049)), _node("Spine1", "empty", 0, (0, 0.462, 0.049)),
             _node("Spine2", "bone", 1, (0, 0.504, 0.049))]
    nodes[1]["skinned"] = False
    nodes[1]["bind"] = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0], [0.0, 0.049, -0.462]]  # as stored
    pos = _rest_positions(nodes, [-1, 0, 1], [True, True, True])
    assert max(abs(a - b) for a, b in zip(pos[1], (0.0, 0.462, 0.049), strict=True)) < 1e-6


def test_bones_bound_to_nothing_follow_the_bind_pose_shift_of_the_rest():
    """A Fallout 4 rig (batch 51) binds its skin 3 m below where the skeleton is saved; its pelvis and thighs skin
    nothing and hang under a bone that is not bound either, so they stayed 3 m above the spine they carry. When
    every bound bone moves by the same offset from its saved place, the unbound ones move with it."""
    from enginemind.families.bonemap.rig.fbx import _rest_positions

    nodes = [_node("COM", "bone", -1, (0, 1.75, 0)), _node("Pelvis", "bone", 0, (0, 1.75, 0)),
             _node("SPINE1", "bone", 1, (0, 1.85, 0)), _node("SPINE2", "bone", 2, (0, 2.1, 0)),
             _node("LThigh", "bone", 1, (-0.17, 1.75, 0)), _node("LCalf", "bone", 4, (-0.17, 1.3, 0))]
    for k, nd in enumerate(nodes):
        nd["skinned"] = k in (2, 3, 5)
        if nd["skinned"]:
            nd["bind"] = [list(c) for c in nd["world"][:3]] + [[nd["world"][3][0], nd["world"][3][1] - 3.07, 0.0]]
        else:
            nd["bind"] = None
    pos = _rest_positions(nodes, [n["parent"] for n in nodes], [True] * len(nodes))
    assert abs(pos[1][1] - (1.75 - 3.07)) < 1e-6 and abs(pos[4][1] - (1.75 - 3.07)) < 1e-6
    assert abs(pos[2][1] - (1.85 - 3.07)) < 1e-6


def _stick_body() -> list[dict]:
    """Eight bones of a standing body, metres, Y up, all skinned, bind = saved (callers change the binds)."""
    spots = [("hips", -1, (0, 0.84, 0)), ("spine", 0, (0, 0.97, 0)), ("neck", 1, (0, 1.25, 0)),
             ("head", 2, (0, 1.33, 0.02)), ("thigh_l", 0, (0.1, 0.8, 0)), ("foot_l", 4, (0.19, 0.05, -0.04)),
             ("upper_arm_l", 1, (0.2, 1.2, 0)), ("hand_l", 6, (0.58, 1.19, 0.02))]
    nodes = [_node(name, "bone", par, at) for name, par, at in spots]
    for nd in nodes:
        nd["skinned"] = True
        nd["bind"] = [list(c) for c in nd["world"]]
    return nodes


def test_bind_matrices_in_another_space_give_way_to_the_saved_pose():
    """Space Station 3D's Blender exports (held-out batch 78) bind in the meshes' space: Z up, at 1/100 scale,
    except the head's mesh, bound as saved. The rig imported collapsed within 1.3 cm of the origin with the head
    1.33 m above it; the saved transforms (which ufbx converts to metres, Y up) are the same skeleton, so they
    are the rest pose."""
    from enginemind.families.bonemap.rig.fbx import _rest_positions

    nodes = _stick_body()
    for nd in nodes[:3] + nodes[4:]:  # every mesh but the head's: x 1/100, Y up -> Z up (x, -z, y)
        x, y, z = nd["world"][3]
        nd["bind"][3] = [0.01 * x, -0.01 * z, 0.01 * y]
    pos = _rest_positions(nodes, [n["parent"] for n in nodes], [True] * len(nodes))
    for i, nd in enumerate(nodes):
        assert max(abs(a - b) for a, b in zip(pos[i], nd["world"][3], strict=True)) < 1e-9


def test_a_posed_save_still_takes_the_bind_pose():
    """A file saved in a posed frame (the arm raised, the body turned) is not a change of space: the bind pose
    is the rest pose, as before."""
    from enginemind.families.bonemap.rig.fbx import _rest_positions

    nodes = _stick_body()
    binds = [list(nd["world"][3]) for nd in nodes]
    for nd in nodes:  # saved: turned 90 degrees about Y, and the arm raised above the shoulder
        x, y, z = nd["world"][3]
        nd["world"][3] = [z, y, -x]
    nodes[7]["world"][3] = [0.0, 1.58, -0.2]
    pos = _rest_positions(nodes, [n["parent"] for n in nodes], [True] * len(nodes))
    for i in range(len(nodes)):
        assert max(abs(a - b) for a, b in zip(pos[i], binds[i], strict=True)) < 1e-9


def test_a_binary_fbx_without_any_cr_lf_pair_is_reported_as_probably_copied_as_text():
    """Held-out batch 147: a Unity repository's '.gitattributes' ('* text eol=lf') had turned every CR LF in a
    binary FBX into LF, and the reader failed with 'Bad DEFLATE data'. A megabyte of compressed data holds CR LF
    pairs by chance, so a binary FBX with none is reported as probably damaged by a text-mode copy; a file that
    still has them gets the plain message."""
    import random

    from enginemind.errors import InvalidInput
    from enginemind.families.bonemap.rig.importers import import_skeleton

    rnd = random.Random(1)
    body = bytes(rnd.getrandbits(8) for _ in range((1 << 20) + 4096))
    head = b"Kaydara FBX Binary  \x00\x1a\x00" + (7400).to_bytes(4, "little")
    messages = []
    for data in (head + body.replace(b"\r\n", b"\n"), head + body):
        with pytest.raises(InvalidInput) as err:
            import_skeleton(data, "character.fbx")
        messages.append(str(err.value))
    assert "text-mode copy" in messages[0] and "text-mode copy" not in messages[1]



def test_a_skeleton_tens_of_metres_tall_in_the_declared_unit_is_flagged(monkeypatch):
    """MakeHuman 1.1's 'cm' FBX exports (held-out batch 714) declare decimetres over centimetre coordinates: the
    person came out 15.8 m tall without a word. A skeleton over 10 m (or under 1 cm) across gets a warning naming
    the declared unit; the mapping itself reads proportions and does not change."""
    from enginemind.families.bonemap.rig import fbx

    data = (FIX / "mixamo_skeleton_only_cm.fbx").read_bytes()
    plain = fbx.parse_fbx(data)
    res = fbx.read_fbx_nodes(data)
    for nd in res["nodes"]:
        for key in ("world", "bind"):
            if nd[key] is not None:
                nd[key] = [*nd[key][:3], [10.0 * v for v in nd[key][3]]]
    res["original_unit_meters"] = 0.1
    monkeypatch.setattr(fbx, "read_fbx_nodes", lambda _data, *a, **k: res)
    tall = fbx.parse_fbx(data)
    assert any("declares (dm)" in w for w in tall.warnings) and not any("declares" in w for w in plain.warnings)
    assert tall.names == plain.names
