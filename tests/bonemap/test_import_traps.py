"""Import traps seen on public files (issue 14 item 5): the mapping must come out right, not only import."""

from __future__ import annotations

import json

import numpy as np
import pytest

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.importers import import_skeleton
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap import traps
from tests.bonemap.helpers import mixamo_like


def _inverse(sk: Skeleton) -> tuple[dict[str, str], object]:
    res = Mapper(MapConfig()).map(sk, "ue5_manny")
    inv: dict[str, str] = {}
    for s, t in res.mapping.items():
        if t:
            assert t not in inv, f"{t} filled twice ({inv[t]}, {s})"
            inv[t] = s
    return inv, res


def test_two_skins_over_duplicated_joints_map_one_skin_and_say_which():
    data = traps.two_skins()
    sk = import_skeleton(data, "outfit.gltf")
    assert len(sk) == 25 and not any("#" in n for n in sk.names)  # one copy of the joints, not both
    assert any("2 separate skeletons" in w and "skin 0 'skin0'" in w and "--skin" in w for w in sk.warnings)
    inv, res = _inverse(sk)
    assert inv["pelvis"] == "mixamorig:Hips" and inv["spine_01"] == "mixamorig:Spine"
    assert inv["spine_05"] == "mixamorig:Spine2" and inv["thigh_l"] == "mixamorig:LeftUpLeg"
    other = import_skeleton(data, "outfit.gltf", skin="skin1")  # the user picks the other skin (name or index)
    assert other.names == sk.names and any("mapped skin 1 'skin1'" in w for w in other.warnings)
    assert import_skeleton(data, "outfit.gltf", skin="1").names == sk.names
    with pytest.raises(InvalidInput, match="skin 'cape' is not in the file; its skins: 0 'skin0'"):
        import_skeleton(data, "outfit.gltf", skin="cape")


def test_skins_that_share_joints_are_one_skeleton():
    bones = traps._body()
    names = [b["name"] for b in bones]
    sk = import_skeleton(traps.gltf(bones, skins=[names[:15], names[10:]]), "two_meshes.gltf")
    assert len(sk) == 25 and not any("separate" in w for w in sk.warnings)


def test_skins_bound_in_different_mesh_spaces_leave_the_rest_pose_to_the_nodes():
    """A web game's explorer (held-out batch 1202) binds its joints in 13 skins, each in its own mesh's space: taken
    first skin wins, joints outside the first skin came from another space and its ankles lay above its knees. The
    nodes hold the figure; skins that bind one joint at two points are not used."""
    import base64
    import struct

    bones = traps._body()
    names = [b["name"] for b in bones]
    rest = {b["name"]: b["position"] for b in bones}
    doc = json.loads(traps.gltf(bones, skins=[names[:12], names]))

    def ibm(n: str, k: float, shift: float) -> list[float]:  # the joint bound at k x its rest point, moved up
        x, y, z = rest[n]
        return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -k * x, -(k * y + shift), -k * z, 1]

    blob = b"".join(struct.pack("<16f", *ibm(n, 1.0, 0.0)) for n in names[:12]) + \
        b"".join(struct.pack("<16f", *ibm(n, 100.0, 40.0)) for n in names)
    doc["accessors"] = [{"bufferView": 0, "componentType": 5126, "count": 12, "type": "MAT4"},
                        {"bufferView": 0, "byteOffset": 12 * 64, "componentType": 5126, "count": len(names),
                         "type": "MAT4"}]
    doc["bufferViews"] = [{"buffer": 0, "byteLength": len(blob)}]
    doc["buffers"] = [{"byteLength": len(blob),
                       "uri": "data:application/octet-stream;base64," + base64.b64encode(blob).decode()}]
    doc["skins"][0]["inverseBindMatrices"], doc["skins"][1]["inverseBindMatrices"] = 0, 1
    sk = import_skeleton(json.dumps(doc).encode(), "explorer.gltf")
    for b in sk.bones:
        assert np.allclose(b.position, rest[b.name], atol=1e-4), (b.name, b.position, rest[b.name])


def test_forest_of_roots_is_rebuilt_into_a_tree_with_a_warning():
    sk = Skeleton.from_dict(traps.forest())
    assert len(sk.roots()) == 1 and sk.names[sk.roots()[0]] == "mixamorig:Hips"
    assert any("25 roots" in w and "rebuilt one tree" in w for w in sk.warnings)
    parent = {b.name: b.parent for b in sk.bones}
    assert parent["mixamorig:LeftUpLeg"] == "mixamorig:Hips" and parent["mixamorig:LeftLeg"] == "mixamorig:LeftUpLeg"
    assert parent["mixamorig:LeftHand"] == "mixamorig:LeftForeArm"
    assert parent["mixamorig:Neck"] == "mixamorig:Spine2"  # not under a clavicle: sides are kept apart
    whole = Mapper(MapConfig()).map(Skeleton.from_dict({"bones": traps._body()}), "ue5_manny").mapping
    assert Mapper(MapConfig()).map(sk, "ue5_manny").mapping == whole  # as with the hierarchy intact
    inv, _ = _inverse(sk)
    want = {"pelvis": "Hips", "spine_01": "Spine", "spine_05": "Spine2", "head": "Head", "thigh_l": "LeftUpLeg",
            "calf_r": "RightLeg", "foot_l": "LeftFoot", "upperarm_l": "LeftArm", "hand_r": "RightHand"}
    assert {t: inv.get(t) for t in want} == {t: "mixamorig:" + s for t, s in want.items()}


def test_forest_without_positions_stays_a_forest_names_only():
    data = traps.forest()
    for b in data["bones"]:
        del b["position"]
    sk = Skeleton.from_dict(data)
    assert len(sk.roots()) == 25 and any("25 roots; each is treated as its own tree" in w for w in sk.warnings)
    inv, _ = _inverse(sk)  # documented fallback: names only, never a crash
    assert inv["pelvis"] == "mixamorig:Hips" and inv["thigh_l"] == "mixamorig:LeftUpLeg"


def test_armature_object_is_neither_pelvis_nor_retarget_root():
    sk = import_skeleton(traps.armature_root(), "rig.gltf")  # no skin: every empty node is a candidate
    inv, res = _inverse(sk)
    assert inv["pelvis"] == "Hips" and res.retarget_root == "Hips"
    assert res.mapping["Armature"] in (None, "root")
    doc = json.loads(traps.armature_root())  # with a mesh beside the joints the armature is an object, not a bone
    doc["meshes"] = [{"primitives": []}]
    doc["nodes"].append({"name": "Body", "mesh": 0})
    doc["nodes"][0]["children"].append(len(doc["nodes"]) - 1)
    sk = import_skeleton(json.dumps(doc).encode(), "rig.gltf")
    assert "Armature" not in sk and "Body" not in sk and sk.names[sk.roots()[0]] == "Hips"


def test_bones_carrying_rigid_parts_stay_bones_without_a_skin():
    """Held-out batch 74: VRM-Addon's debug robot is unskinned and hangs a mesh node under every joint ('hand.L'
    -> 'Hand.L'); only the armature object at the top holds a mesh beside the joint tree. Before, every joint
    with a mesh child was dropped as an 'armature object' (hips, spine, arms, legs: 19 of its 53 humanoid bones)."""
    doc = json.loads(traps.armature_root())
    doc["meshes"] = [{"primitives": []}]
    names = [nd["name"] for nd in doc["nodes"]]
    for k, name in enumerate(list(names)):
        if name != "Armature":
            doc["nodes"].append({"name": name.upper() + "_part", "mesh": 0})
            doc["nodes"][k].setdefault("children", []).append(len(doc["nodes"]) - 1)
    doc["nodes"].append({"name": "Body", "mesh": 0})
    doc["nodes"][names.index("Armature")]["children"].append(len(doc["nodes"]) - 1)
    sk = import_skeleton(json.dumps(doc).encode(), "robot.gltf")
    assert sorted(sk.names) == sorted(n for n in names if n != "Armature")
    inv, _ = _inverse(sk)
    assert inv["pelvis"] == "Hips"


def test_a_character_of_rigid_parts_keeps_the_root_that_holds_its_parts_together():
    """Held-out batch 1384: a three.js mascot built of primitives, no skin. 'CharacterRoot' holds meshes (the
    neck, the legs) beside the head, body and arm pivot groups. Taken for an armature object and dropped, it left
    seven roots, and the tree rebuilt from positions hung the body and both arms from the mouth (3 of its 14
    labelled bones wrong). Positions are the file's own groups'."""
    groups = [("CharacterRoot", None, [0.0, 0.0, 0.0]), ("Head", "CharacterRoot", [0.0, 2.8, 0.0]),
              ("Mouth", "Head", [0.0, 2.25, 1.0]), ("LeftEye", "Head", [0.42, 2.85, 1.05]),
              ("RightEye", "Head", [-0.42, 2.85, 1.05]), ("Hair", "CharacterRoot", [0.0, 2.8, 0.0]),
              ("Body", "CharacterRoot", [0.0, 0.6, 0.0]), ("Skirt", "CharacterRoot", [0.0, -0.05, 0.0]),
              ("LeftArm", "CharacterRoot", [0.7, 1.15, 0.0]), ("RightArm", "CharacterRoot", [-0.7, 1.15, 0.0])]
    doc = json.loads(traps.gltf([{"name": n, "parent": p, "position": x} for n, p, x in groups]))
    doc["meshes"] = [{"primitives": []}]
    holders = {"CharacterRoot": ["Neck", "LegL", "LegR", "ShoeL", "ShoeR"], "Body": ["Torso"],
               "LeftArm": ["UpperArmL", "ForearmL", "GloveL"], "RightArm": ["UpperArmR", "ForearmR", "GloveR"]}
    for holder, meshes in holders.items():
        k = [nd["name"] for nd in doc["nodes"]].index(holder)
        for m in meshes:
            doc["nodes"].append({"name": m, "mesh": 0})
            doc["nodes"][k].setdefault("children", []).append(len(doc["nodes"]) - 1)
    sk = import_skeleton(json.dumps(doc).encode(), "mascot.glb")
    assert not any("roots" in w for w in sk.warnings)
    assert {b.name: b.parent for b in sk.bones} == {n: p for n, p, _ in groups}
    inv, _ = _inverse(sk)
    assert inv["head"] == "Head" and inv["upperarm_l"] == "LeftArm" and inv["upperarm_r"] == "RightArm"
    assert inv.get("spine_01") == "Body"


@pytest.mark.parametrize("glb", [False, True])
def test_a_posed_frame_in_the_nodes_yields_to_the_skins_bind_pose(glb):
    """Held-out batch 72: Defold's Mesh2Motion GLB saves an animation frame in its nodes, its bind matrices hold the
    T-pose; read from the nodes its structure-only mapping was 34 of 54 right, from the bind pose 52."""
    data, rest = traps.posed_with_bind_matrices(glb=glb)
    sk = import_skeleton(data, "character.glb" if glb else "character.gltf")
    for b in sk.bones:
        assert b.position == pytest.approx(tuple(rest[b.name]), abs=1e-5), b.name
    assert any("bind pose" in w for w in sk.warnings)


def test_joint_nodes_without_transforms_take_their_places_from_the_bind_matrices():
    """Held-out batch 150 (a Fab conversion of a stick man in a Godot game): the joint nodes carry no transform at
    all, every joint at the origin, and the skeleton lives in the inverse bind matrices only. Read from the
    nodes, every position was one point and the rig was mapped by names alone."""
    data, rest = traps.posed_with_bind_matrices(bare_nodes=True)
    sk = import_skeleton(data, "character.gltf")
    for b in sk.bones:
        assert b.position == pytest.approx(tuple(rest[b.name]), abs=1e-5), b.name
    assert any("no transforms" in w for w in sk.warnings)


@pytest.mark.parametrize("cubic", [False, True])
def test_a_skeleton_whose_pose_lives_only_in_an_animation_takes_it_from_the_rest_clip(cubic):
    """Held-out batch 239 (EverQuest characters in an open-source client): joint nodes without transforms, a skin
    without bind matrices, the posture in the clip 'pos'. Read from the nodes every joint was one point and the
    rig was mapped by names alone (5 of 23 right); the clip's first key is the rest pose."""
    data, rest = traps.pose_in_a_clip(cubic=cubic)
    sk = import_skeleton(data, "character.gltf")
    for b in sk.bones:
        assert b.position == pytest.approx(tuple(rest[b.name]), abs=1e-5), b.name
    assert any("animation 'pos'" in w for w in sk.warnings)


def test_identity_bind_matrices_are_placeholders_not_the_origin():
    """Exporters write an identity inverse bind matrix for a joint that skins nothing (held-out batch 96: a Godot
    skeleton minion's shoulders, neck and hips came out at the origin, so its clavicles could not be found). Such
    a joint keeps its place relative to its nearest ancestor with a real bind matrix."""
    data, rest = traps.posed_with_bind_matrices(placeholders=("Neck", "LeftShoulder", "RightShoulder"))
    sk = import_skeleton(data, "character.gltf")
    for name in ("Neck", "LeftShoulder", "RightShoulder", "LeftHand", "Hips"):
        assert sk.bones[sk.index(name)].position == pytest.approx(tuple(rest[name]), abs=1e-5), name


def test_bind_matrices_that_are_the_identity_in_the_meshs_units_are_placeholders_too():
    """Held-out batch 123 (a Sketchfab Genshin export): joints that skin nothing carry 100 x the identity as their
    inverse bind matrix (the mesh's centimetres), so the pelvis and both upper arms came out at the origin."""
    data, rest = traps.posed_with_bind_matrices(placeholders=("Hips", "Spine1", "Neck"), placeholder_scale=100)
    sk = import_skeleton(data, "character.gltf")
    for name in ("Hips", "Spine1", "Neck", "Head", "LeftUpLeg"):
        assert sk.bones[sk.index(name)].position == pytest.approx(tuple(rest[name]), abs=1e-5), name


def test_bind_matrices_in_other_units_join_the_unbound_bones_frame():
    """A Sketchfab Rigify export (held-out batch 112) binds its deform bones in the mesh's centimetres, in a file
    whose nodes hold a posed frame and whose control bones skin nothing: the bound bones came out 100x away
    from the unbound ones. The bind pose is brought into the nodes' space first."""
    data, rest = traps.posed_with_bind_matrices(scale=100.0, placeholders=("Neck", "LeftShoulder", "RightShoulder"))
    sk = import_skeleton(data, "character.gltf")
    at = {b.name: np.array(b.position) for b in sk.bones}
    want = {n: np.array(p) for n, p in rest.items()}
    for a, b in (("Spine2", "Neck"), ("Spine2", "LeftShoulder"), ("LeftShoulder", "LeftArm"), ("Hips", "LeftUpLeg")):
        got, ref = np.linalg.norm(at[b] - at[a]), np.linalg.norm(want[b] - want[a])
        assert abs(got - ref) < 0.05, (a, b, got, ref)  # bound and unbound bones in one frame, metres
    assert max(np.linalg.norm(at[n] - want[n]) for n in at) < 0.3
    assert any("bind pose" in w for w in sk.warnings)


def test_bind_matrices_in_another_space_leave_the_node_pose():
    """Bind matrices that only differ from the nodes by a change of space (here x100: the mesh bound in cm) are the
    same pose: the nodes' scene-space positions stay, with no warning."""
    data, rest = traps.posed_with_bind_matrices(scale=100.0)
    doc = json.loads(data)
    node = {nd["name"]: nd for nd in doc["nodes"]}
    for name, pos in rest.items():  # nodes back in the rest pose
        par = next((p for p, nd in node.items() if doc["nodes"].index(node[name]) in nd.get("children", [])), None)
        node[name]["translation"] = [a - b for a, b in zip(pos, rest[par], strict=True)] if par else pos
    sk = import_skeleton(json.dumps(doc).encode(), "character.gltf")
    assert sk.bones[sk.index("LeftHand")].position == pytest.approx(tuple(rest["LeftHand"]), abs=1e-5)
    assert not any("bind pose" in w for w in sk.warnings)


def test_zero_length_helpers_leave_the_spine_roles_to_the_real_joints():
    inv, _ = _inverse(Skeleton.from_dict(traps.zero_length_helpers()))
    assert inv["pelvis"] == "Hips" and inv["spine_01"] == "Spine" and inv["spine_03"] == "Spine1"
    assert inv["spine_05"] == "Spine2" and "Spine_ctrl" not in inv.values() and "Spine1_ctrl" not in inv.values()


def test_extra_bone_between_hips_and_spine_does_not_shift_the_torso():
    sk = Skeleton.from_dict(traps.extra_hip_bone())
    inv, res = _inverse(sk)
    # the bone the thighs hang under is the pelvis; the spine run starts above it, the chest stays the chest
    assert inv["pelvis"] == "Spine" and res.retarget_root == "Spine"
    assert inv["spine_01"] == "Spine01" and inv["spine_05"] == "Spine2" and inv["neck_01"] == "Neck"
    assert inv["thigh_l"] == "LeftUpLeg" and inv["thigh_r"] == "RightUpLeg" and inv["head"] == "Head"


def test_forest_with_fingers_keeps_finger_chains_apart():
    data = mixamo_like()
    sk = Skeleton.from_dict({"bones": [{**b, "parent": None} for b in data["bones"]]})
    assert {b.name: b.parent for b in sk.bones} == {b["name"]: b["parent"] for b in data["bones"]}


def test_cli_maps_the_chosen_skin_and_a_skeleton_only_fbx(tmp_path, capsys):
    from enginemind.cli import main
    from tests.bonemap.test_fbx import FIX

    src = tmp_path / "outfit.gltf"
    src.write_bytes(traps.two_skins())
    assert main(["map", str(src), "--skin", "skin1"]) == 0
    cap = capsys.readouterr()
    out = json.loads(cap.out)
    assert out["mapping"]["mixamorig:Hips"] == "pelvis" and len(out["mapping"]) == 25
    assert "mapped skin 1 'skin1'" in cap.err  # the warning reaches the person
    assert main(["map", str(src), "--skin", "cape"]) == 1 and "its skins" in capsys.readouterr().err
    assert main(["map", str(FIX / "mixamo_skeleton_only_cm.fbx"), "--format", "table"]) == 0
    assert "mixamorig:Hips" in capsys.readouterr().out


def test_hands_and_feet_under_ik_target_roots_join_their_chains():
    """An IK export (the Nindo game's rigs) hangs each hand and foot under an IK-target root placed exactly at the
    forearm's or shin's exported '_end' leaf: that tree is the chain's continuation, joined with a warning, so
    the hands, fingers and feet map; a pole target beside the knee is no IK goal; a katana is a prop."""
    d = mixamo_like()
    d["bones"] = [b for b in d["bones"] if "Toe" not in b["name"]]
    pos = {b["name"]: b["position"] for b in d["bones"]}
    for side in ("Left", "Right"):
        for part, chain in (("Hand", "ForeArm"), ("Foot", "Leg")):
            d["bones"].append({"name": f"mixamorig:{side}{chain}_end", "parent": f"mixamorig:{side}{chain}",
                               "position": pos[f"mixamorig:{side}{part}"]})
            d["bones"].append({"name": f"Target{part}.{side[0]}", "parent": None,
                               "position": pos[f"mixamorig:{side}{part}"]})
            for b in d["bones"]:
                if b["name"] == f"mixamorig:{side}{part}":
                    b["parent"] = f"Target{part}.{side[0]}"
        d["bones"].append({"name": f"IKLegPole.{side[0]}", "parent": None, "position": [10, 50, 40]})
    d["bones"].append({"name": "KatanaBone", "parent": "mixamorig:RightHand", "position": [-70, 145, 10]})
    sk = Skeleton.from_dict(d)
    assert any("starts where 'mixamorig:LeftForeArm_end' ends" in w for w in sk.warnings), sk.warnings
    assert {b.name: b.parent for b in sk.bones}["TargetHand.L"] == "mixamorig:LeftForeArm"
    inv, res = _inverse(sk)
    want = {"hand_l": "LeftHand", "foot_r": "RightFoot", "index_01_l": "LeftHandIndex1",
            "thumb_01_r": "RightHandThumb1"}
    assert {t: inv.get(t) for t in want} == {t: "mixamorig:" + s for t, s in want.items()}
    assert res.mapping.get("IKLegPole.L") is None and res.mapping.get("KatanaBone") in (None, "weapon_r")


def test_a_foot_exported_as_a_root_of_its_own_keeps_its_name():
    """OpenSceneGraph's Nathan hangs each foot (with its foot-roll and IK bones) from no parent at all: a root bone
    named as the hand or foot keeps that role when the solver found none on that side."""
    d = mixamo_like(fingers=False)
    for b in d["bones"]:
        if b["name"] in ("mixamorig:LeftFoot", "mixamorig:RightFoot"):
            b["parent"] = None
    inv, _ = _inverse(Skeleton.from_dict(d))
    assert inv.get("foot_l") == "mixamorig:LeftFoot" and inv.get("foot_r") == "mixamorig:RightFoot", inv
    assert inv.get("calf_l") == "mixamorig:LeftLeg", inv



def test_a_hand_exported_as_a_root_of_its_own_keeps_its_fingers():
    """An Animation Compression Library test clip (held-out batch 496) gives each hand no parent and moves it near
    the origin: the hand kept its name, but the fingers under it were dropped as off the body."""
    d = mixamo_like(fingers=True)
    for b in d["bones"]:
        if b["name"] in ("mixamorig:LeftHand", "mixamorig:RightHand"):
            b["parent"] = None
        if "Hand" in b["name"]:
            b["position"] = [b["position"][0] * 0.5, b["position"][1] - 140, b["position"][2]]
    inv, _ = _inverse(Skeleton.from_dict(d))
    assert inv.get("hand_l") == "mixamorig:LeftHand", inv
    assert inv.get("index_01_l") == "mixamorig:LeftHandIndex1" and inv.get("thumb_02_r") == "mixamorig:RightHandThumb2"


def test_legs_exported_as_roots_of_their_own_join_the_body():
    """Game-jam exports give each leg a root of its own beside the body (a Blender rig whose legs lost their
    parent: 'Bone.006' > 'Bone.007' > 'Bone.008' with every name meaningless): when the solver finds no whole body
    in the trees as given but does with each leg under the body's nearest bone, the legs join it, with a warning."""
    d = mixamo_like(fingers=False)
    for b in d["bones"]:
        if b["name"] in ("mixamorig:LeftUpLeg", "mixamorig:RightUpLeg"):
            b["parent"] = None
    rename = {b["name"]: f"Bone.{k:03d}" for k, b in enumerate(d["bones"])}
    for b in d["bones"]:
        b["name"], b["parent"] = rename[b["name"]], rename.get(b["parent"]) if b["parent"] else None
    sk = Skeleton.from_dict(d)
    assert len(sk.roots()) == 1 and any("a body split into trees" in w for w in sk.warnings), sk.warnings
    d["bones"].append({"name": "ik_target", "parent": None, "position": [0, 0, 50]})  # a lone extra root stays one
    with_target = Skeleton.from_dict(d)
    assert len(with_target.roots()) == 2 and any("a body split into trees" in w for w in with_target.warnings)
    assert any("skeleton has 2 roots" in w for w in with_target.warnings), with_target.warnings
    inv, _ = _inverse(sk)
    for part in ("UpLeg", "Leg", "Foot"):
        want = {"UpLeg": "thigh_l", "Leg": "calf_l", "Foot": "foot_l"}[part]
        assert inv.get(want) == rename[f"mixamorig:Left{part}"], (want, inv.get(want))


@pytest.mark.parametrize("breakage", ["short_buffer", "bad_accessor", "external_buffer", "not_mat4"])
def test_unreadable_bind_matrices_fall_back_to_the_nodes(breakage):
    """Bind matrices that cannot be read (truncated buffer, accessor out of range, an external .bin the upload
    lacks, the wrong accessor type) leave the nodes' pose, never a crash."""
    data, _ = traps.posed_with_bind_matrices()
    doc = json.loads(data)
    if breakage == "short_buffer":
        doc["buffers"][0]["uri"] = doc["buffers"][0]["uri"][:60]
    elif breakage == "bad_accessor":
        doc["skins"][0]["inverseBindMatrices"] = 7
    elif breakage == "external_buffer":
        doc["buffers"][0]["uri"] = "character.bin"
    else:
        doc["accessors"][0]["type"] = "VEC3"
    sk = import_skeleton(json.dumps(doc).encode(), "character.gltf")
    assert len(sk) == len(doc["nodes"]) and not any("bind pose" in w for w in sk.warnings)


def test_a_body_in_five_chains_joins_under_its_small_trunk():
    """An old Ogre export of a Daimonin character (held-out batch 276) keeps five chains and no links between them:
    the trunk 'Bone01' > 'Bone02' > 'Bone03' (hips, shoulders, head top), each arm from the shoulders' point and
    each leg from the hips. Every arm chain outnumbers the trunk, so the largest tree is an arm: the others are
    tried as the trunk in turn, and the body joins under the one with which the solver finds a whole body."""
    bones = [{"name": "Bone01", "parent": None, "position": [-1.0, 86.2, 0.0]},
             {"name": "Bone02", "parent": "Bone01", "position": [-1.2, 133.0, 0.0]},
             {"name": "Bone03", "parent": "Bone02", "position": [-1.5, 158.1, 0.0]}]
    k = 4
    for x in (1, -1):
        arm = [(-1.2, 133.0), (16 * x, 131.5), (18 * x, 105.5), (19 * x, 84.0), (18 * x, 68.2)]
        leg = [(7.7 * x, 85.0), (7.7 * x, 46.7), (9 * x, 7.8), (9 * x, 0.6)]
        for chain in (arm, leg):
            for j, (px, py) in enumerate(chain):
                bones.append({"name": f"Bone{k:02d}", "parent": f"Bone{k - 1:02d}" if j else None,
                              "position": [px, py, 0.0]})
                k += 1
    sk = Skeleton.from_dict({"bones": bones, "up_axis": "y"})
    assert len(sk.roots()) == 1 and any("a body split into trees" in w for w in sk.warnings), sk.warnings
    got = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny").mapping
    assert got["Bone01"] == "pelvis"
    assert sorted(got[f"Bone{i:02d}"] for i in (5, 6, 7, 14, 15, 16)) == \
        sorted(f"{r}_{s}" for r in ("upperarm", "lowerarm", "hand") for s in "lr")
    assert sorted(got[f"Bone{i:02d}"] for i in (9, 10, 11, 18, 19, 20)) == \
        sorted(f"{r}_{s}" for r in ("thigh", "calf", "foot") for s in "lr")


def _detached_spine(extra: list[dict] | None = None) -> dict:
    """A body whose spine was exported as a tree of its own (Minko's pirate, a COLLADA file of the Stage3D engine,
    held-out batch 1424): 'bone_bassin' carries the legs and the arms, 'bone_colonne00' .. '03' > 'bone_tete01'
    start 3 cm above it with no parent. Z up, facing -Y."""
    bones = [{"name": "bone_bassin", "parent": None, "position": [0.0, -0.02, 0.665]}]
    spine = [("bone_colonne00", 0.696), ("bone_colonne01", 0.823), ("bone_colonne02", 0.945),
             ("bone_colonne03", 1.058), ("bone_tete01", 1.109), ("bone_tete00", 1.489)]
    for k, (name, z) in enumerate(spine):
        bones.append({"name": name, "parent": spine[k - 1][0] if k else None, "position": [0.0, -0.01, z]})
    for side, x in (("gauche", 1), ("droite", -1)):
        arm = "gauche" if side == "gauche" else "droit"
        leg = [(0.085, 0.666), (0.117, 0.402), (0.141, 0.194), (0.141, 0.130)]
        for k, (px, z) in enumerate(leg):
            bones.append({"name": f"bone_jambe_{side}{k:02d}", "parent": f"bone_jambe_{side}{k - 1:02d}" if k else
                          "bone_bassin", "position": [px * x, -0.03 + 0.05 * (k == 2) - 0.1 * (k == 3), z]})
        for k, (px, z) in enumerate(((0.09, 1.03), (0.22, 0.853), (0.33, 0.711), (0.375, 0.634))):
            bones.append({"name": f"bone_bras_{arm}{k:02d}", "parent": f"bone_bras_{arm}{k - 1:02d}" if k else
                          "bone_bassin", "position": [px * x, -0.01, z]})
    return {"bones": bones + (extra or []), "up_axis": "z", "units": "m"}


def test_a_spine_exported_as_a_tree_of_its_own_hangs_from_the_hips():
    """The hips' tree makes a whole body with no trunk (the arms hang from the hips' bone); the other tree starts at
    the hips and rises above the shoulders: it is the trunk, and hangs under the hips, with a warning. Its spine and
    head had been left unmapped, and the hands read one bone early."""
    sk = Skeleton.from_dict(_detached_spine())
    assert len(sk.roots()) == 1 and any("spine exported as a tree of its own" in w for w in sk.warnings), sk.warnings
    got = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny").mapping
    assert got["bone_colonne00"] == "spine_01" and got["bone_tete01"] == "head", got
    assert (got["bone_bras_gauche02"], got["bone_bras_droit02"]) == ("hand_l", "hand_r"), got


def test_a_prop_tree_at_the_hips_is_no_spine():
    """A tree at the hips that stays below the shoulders (a sword in its scabbard) is not taken for the trunk."""
    sword = [{"name": f"sword{k}", "parent": f"sword{k - 1}" if k else None, "position": [0.15, 0.05, 0.7 - 0.1 * k]}
             for k in range(3)]
    d = _detached_spine(sword)
    d["bones"] = [b for b in d["bones"] if "colonne" not in b["name"] and "tete" not in b["name"]]
    sk = Skeleton.from_dict(d)
    assert not any("spine exported as a tree of its own" in w for w in sk.warnings), sk.warnings
    assert sk.index("sword0") >= 0 and sk.bones[sk.index("sword0")].parent is None


def test_a_forest_of_unlinked_chains_numbered_apart_hangs_the_legs_from_the_hips():
    """Daimonin's lizard woman (an old Ogre export, held-out batch 276) keeps six chains and no links: legs from
    'Bone25' and 'Bone28', the trunk from 'Bone31', arms from 'Bone34' and 'Bone38', the tail from 'Bone42'. Roots
    named alike but for numbers that never follow on are no numbered chains (as 'Index1' .. 'Index3' are), so no
    chain-start penalty keeps a leg from the hips: the legs had hung from the hand tips."""
    chains = {25: [(3.77, 5.69, 0), (4.91, -8.72, 0), (5.32, -20.6, 0)],
              28: [(-4.77, 5.44, 0), (-5.18, -8.96, 0), (-5.34, -20.84, 0)],
              31: [(0.11, 6.09, 0), (0.19, 24.65, 0), (-0.05, 32.13, -0.03)],
              34: [(6.13, 20.5, 0), (7.84, 11.55, 0), (8.49, 6.01, 0), (8.49, 0.23, 0)],
              38: [(-6.81, 20.41, 0), (-7.21, 11.3, 0), (-7.54, 5.28, 0), (-8.11, -1.47, 0)],
              42: [(-0.13, 5.57, -1.17), (0.08, -7.69, -7.93), (0.15, -13.06, -10.66), (0.22, -20.0, -14.25)]}
    bones = [{"name": f"Bone{n + k}", "parent": f"Bone{n + k - 1}" if k else None, "position": list(p)}
             for n, chain in chains.items() for k, p in enumerate(chain)]
    sk = Skeleton.from_dict({"bones": bones, "up_axis": "y"})
    parent = {b.name: b.parent for b in sk.bones}
    assert len(sk.roots()) == 1
    assert parent["Bone25"] in ("Bone31", "Bone42") and parent["Bone28"] in ("Bone31", "Bone42"), parent
    assert parent["Bone34"] in ("Bone31", "Bone32") and parent["Bone38"] in ("Bone31", "Bone32"), parent


def test_a_folded_frame_in_the_nodes_is_no_change_of_units():
    """A Quaternius character (held-out batch 689) saved an animation frame far from its T-pose: the best fit of the
    bind pose onto it scaled it by 0.42, close enough to 1 / 2.54 to be read as inches, and the bind pose was
    shrunk into that 'space'. The bones' lengths are the same in both poses: the bind pose stays as it is."""
    data, rest = traps.posed_with_bind_matrices(folded=True)
    sk = import_skeleton(data, "character.gltf")
    for name in ("Hips", "Head", "LeftHand", "RightFoot"):
        assert sk.bones[sk.index(name)].position == pytest.approx(tuple(rest[name]), abs=1e-5), name
    assert any("bind pose" in w for w in sk.warnings)


def test_a_control_rig_exported_beside_the_skeleton_is_no_lost_hierarchy():
    """A Mixamo character with the Blender Mixamo add-on's control rig in the same skin (held-out batch 764): the
    deform tree plus control trees each hung from the armature ('Ctrl_Master' > 'Ctrl_Hips' > 'Ctrl_Spine' ..,
    'Ctrl_Foot_IK_Left' ..). The control bones outnumber the deform tree, which had made the skeleton read as a
    forest with its parenting lost: rebuilt, 'Ctrl_Master' hung under a heel pivot and the control spine became the
    body's. Trees rooted at control-named bones stay trees of their own."""
    from tests.bonemap.helpers import mixamo_like

    data = mixamo_like(prefix="mixamorig:", fingers=False)
    bones = data["bones"]

    def chain(names: list[str], pts: list[tuple[float, float, float]]) -> None:
        parent = None
        for n, p in zip(names, pts, strict=True):
            bones.append({"name": n, "parent": parent, "position": list(p)})
            parent = n

    chain(["Ctrl_Master", "Ctrl_Hips", "Ctrl_Hips_Free", "Ctrl_Spine", "Ctrl_Spine1", "Ctrl_Spine2", "Ctrl_Neck",
           "Ctrl_Head", "Ctrl_Head_End", "Ctrl_Chest", "Ctrl_Chest_End", "Ctrl_Extra"],
          [(0, 0, 0), (0, 100, 0), (0, 100, 2), (0, 110, 0), (0, 120, 0), (0, 135, 0), (0, 150, 0), (0, 160, 0),
           (0, 175, 0), (0, 140, 5), (0, 140, 10), (0, 142, 10)])
    for s, x in (("Left", 1), ("Right", -1)):
        chain([f"Ctrl_Foot_IK_{s}", f"FootHeelOut_{s}", f"FootHeelIn_{s}", f"FootHeelMid_{s}"],
              [(10 * x, 8, 0), (13 * x, 0, 0), (7 * x, 0, 0), (10 * x, 0, -3)])
        chain([f"Ctrl_Hand_IK_{s}", f"Ctrl_Hand_IK_{s}_Aim", f"Ctrl_Hand_IK_{s}_End"],
              [(65 * x, 145, 0), (70 * x, 145, 0), (75 * x, 145, 0)])
        chain([f"Ctrl_LegPole_IK_{s}"], [(10 * x, 50, 30)])
    sk = Skeleton.from_dict(data)
    assert len(sk.roots()) == 8 and not any("rebuilt" in w for w in sk.warnings)
    inv, _ = _inverse(sk)
    assert (inv["pelvis"], inv["spine_01"], inv["spine_05"]) == ("mixamorig:Hips", "mixamorig:Spine",
                                                                 "mixamorig:Spine2")
    assert inv["foot_r"] == "mixamorig:RightFoot" and inv["thigh_r"] == "mixamorig:RightUpLeg"
