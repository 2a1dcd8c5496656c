"""Importers: BVH, glTF / GLB / VRM through pygltflib, FBX through ufbx; malformed files."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.rig.importers import (
    detect_format,
    import_skeleton,
    load_skeleton_file,
    vrm_humanoid_bones,
)
from tests.bonemap.helpers import BVH


def _gltf(vrm: bool = False):
    from pygltflib import GLTF2, Node, Scene, Skin

    nodes = [Node(name="Armature", children=[1]),
             Node(name="Hips", translation=[0, 1, 0], children=[2, 3]),
             Node(name="Spine", translation=[0, 0.2, 0], rotation=[0, 0, 0.7071068, 0.7071068], children=[4]),
             Node(name="LeftUpLeg", translation=[0.1, -0.05, 0]),
             Node(name="Head", translation=[0.3, 0, 0])]
    g = GLTF2(scene=0, scenes=[Scene(nodes=[0])], nodes=nodes, skins=[Skin(joints=[1, 2, 3, 4])])
    if vrm:
        g.extensionsUsed = ["VRM"]
        g.extensions = {"VRM": {"humanoid": {"humanBones": [{"bone": "hips", "node": 1}, {"bone": "head", "node": 4}]}}}
    return g


def test_bvh_hierarchy_offsets_and_end_sites():
    sk = import_skeleton(BVH.encode(), "walk.bvh")
    assert sk.names == ["Hips", "Spine", "Head", "LeftUpLeg"]
    assert sk.bones[2].parent == "Spine" and sk.bones[2].position == (0.0, 130.0, 0.0)
    assert sk.up_axis == "y"
    assert detect_format(BVH.encode()) == "bvh"


def test_bvh_keywords_in_any_case():
    """Held-out batch 62: TRAM writes 'Root Hips' / 'Joint' / 'End Site'; the keywords are upper case in the spec
    but readers (Blender, MotionBuilder) take them in any case. A joint named after a keyword is still a name."""
    text = BVH.replace("ROOT", "Root").replace("JOINT", "Joint").replace("OFFSET", "Offset")
    assert import_skeleton(text.encode(), "tram.bvh").names == ["Hips", "Spine", "Head", "LeftUpLeg"]
    named = BVH.replace("JOINT Spine", "JOINT MOTIONSpine").replace("JOINT Head", "JOINT End")
    assert import_skeleton(named.encode(), "x.bvh").names == ["Hips", "MOTIONSpine", "End", "LeftUpLeg"]


@pytest.mark.parametrize("text, needle", [
    ("HIERARCHY\nROOT A\n{\n OFFSET 0 0\n", "OFFSET"),
    ("HIERARCHY\nROOT A\n{\n OFFSET 0 0 0\n", "not closed"),
    ("HIERARCHY\n}\n", "unbalanced"),
    ("HIERARCHY\nJOINT A\n{\n}\n", "outside"),
    ("HIERARCHY\nROOT A\n{\n OFFSET a b c\n}\n", "bad OFFSET"),
    ("MOTION\n", "HIERARCHY"),
])
def test_malformed_bvh(text, needle):
    with pytest.raises(InvalidInput, match=needle):
        import_skeleton(text.encode(), "x.bvh")


def test_gltf_glb_joints_world_positions(tmp_path: Path):
    g = _gltf()
    glb = b"".join(g.save_to_bytes())
    sk = import_skeleton(glb, "char.glb")
    assert sk.names == ["Hips", "Spine", "LeftUpLeg", "Head"]  # the Armature node is not a joint
    assert sk.bones[0].parent is None and sk.bones[3].parent == "Spine"
    head = sk.bones[3].position
    assert head == pytest.approx((0.0, 1.5, 0.0), abs=1e-5)  # Spine rotated 90 deg about Z
    text = g.to_json()
    sk2 = import_skeleton(text.encode(), "char.gltf")
    assert sk2.names == sk.names and sk2.units == "m"


def test_vrm_humanoid_table_and_import():
    data = b"".join(_gltf(vrm=True).save_to_bytes())
    assert vrm_humanoid_bones(data) == {"Hips": "hips", "Head": "head"}
    sk = import_skeleton(data, "avatar.vrm")
    assert sk.names[0] == "Hips" and sk.humanoid == {"Hips": "hips", "Head": "head"}
    assert sk.to_dict()["humanoid"] == sk.humanoid


def test_gltf_mesh_compressed_primitives_without_attributes_import():
    """Held-out batch 68: a pokemon glTF whose primitives moved their attributes into a mesh-compression extension
    (``ALI_amc_mesh_compression``) made pygltflib raise a TypeError; the skeleton does not need the mesh."""
    doc = json.loads(_gltf().to_json())
    doc["nodes"].append({"name": "Body", "mesh": 0})
    doc["scenes"][0]["nodes"].append(len(doc["nodes"]) - 1)
    doc["meshes"] = [{"primitives": [{"extensions": {"ALI_amc_mesh_compression": {"bufferView": 0}}}]}]
    sk = import_skeleton(json.dumps(doc).encode(), "charmeleon.gltf")
    assert sk.names == ["Hips", "Spine", "LeftUpLeg", "Head"]
    body = json.dumps(doc).encode()
    body += b" " * (-len(body) % 4)
    glb = b"glTF" + struct.pack("<II", 2, 20 + len(body)) + struct.pack("<II", len(body), 0x4E4F534A) + body
    assert import_skeleton(glb, "charmeleon.glb").names == sk.names
    with pytest.raises(InvalidInput, match="truncated"):
        import_skeleton(glb[:-10], "charmeleon.glb")


def test_bad_gltf_is_invalid_input():
    with pytest.raises(InvalidInput):
        import_skeleton(b"glTF\x02\x00\x00\x00garbage", "x.glb")
    with pytest.raises(InvalidInput, match="no nodes"):
        import_skeleton(json.dumps({"asset": {"version": "2.0"}, "nodes": []}).encode(), "x.gltf")
    with pytest.raises(InvalidInput, match="cannot tell"):
        import_skeleton(b"\x00\x01binary", "x.dat")


FBX = """; FBX 7.4.0 project file
FBXHeaderExtension:  {
	FBXHeaderVersion: 1003
	FBXVersion: 7400
}
Objects:  {
	Geometry: 300, "Geometry::tri", "Mesh" {
		Vertices: *9 {
			a: 0,0,0,1,0,0,0,1,0
		}
		PolygonVertexIndex: *3 {
			a: 0,1,-3
		}
		GeometryVersion: 124
	}
	Model: 301, "Model::Body", "Mesh" {
		Version: 232
	}
	Model: 100, "Model::Hips", "LimbNode" {
		Version: 232
		Properties70:  {
			P: "Lcl Translation", "Lcl Translation", "", "A",0,100,0
		}
	}
	Model: 101, "Model::Spine", "LimbNode" {
		Version: 232
		Properties70:  {
			P: "Lcl Translation", "Lcl Translation", "", "A",0,10,0
		}
	}
}
Connections:  {
	C: "OO",300,301
	C: "OO",301,0
	C: "OO",100,0
	C: "OO",101,100
}
"""


def test_hand_written_ascii_fbx_with_a_triangle_mesh(tmp_path: Path):
    path = tmp_path / "rig.fbx"
    path.write_text(FBX)
    sk = load_skeleton_file(path)
    assert sk.names == ["Hips", "Spine"]  # the mesh node is left out
    assert sk.bones[1].position == pytest.approx((0.0, 1.1, 0.0))  # FBX default unit: cm -> m
    assert any("no bone (LimbNode)" in w for w in sk.warnings)  # Models without NodeAttribute: nulls as joints


def test_missing_file():
    with pytest.raises(InvalidInput, match="cannot read"):
        load_skeleton_file("/nonexistent/rig.bvh")


def _lafan_style_bvh() -> tuple[str, dict[str, tuple[float, float, float]]]:
    """The Mixamo-like T-pose written as LaFAN1 writes its skeleton: every joint's frame turns its first child's
    direction into local +X, so each main bone's OFFSET is (length, 0, 0) and the pose lives in the first
    frame's ZXY rotations. Returns the BVH and the T-pose's world positions."""
    import math

    import numpy as np

    from tests.bonemap.helpers import mixamo_like

    bones = mixamo_like("", fingers=False)["bones"]
    pos = {b["name"]: np.array(b["position"], dtype=float) for b in bones}
    kids: dict[str, list[str]] = {}
    for b in bones:
        if b["parent"]:
            kids.setdefault(b["parent"], []).append(b["name"])
    world: dict[str, np.ndarray] = {}
    for b in bones:  # world frame: +X along the first child (leaves: the parent's frame)
        n = b["name"]
        if n in kids:
            x = pos[kids[n][0]] - pos[n]
            x /= np.linalg.norm(x)
            helper = np.array([0.0, 0.0, 1.0]) if abs(x[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
            y = np.cross(helper, x)
            y /= np.linalg.norm(y)
            world[n] = np.column_stack([x, y, np.cross(x, y)])
        else:
            world[n] = world[b["parent"]]

    def zxy(r: np.ndarray) -> tuple[float, float, float]:  # r = Rz(a) Rx(b) Ry(c)
        b_ = math.asin(max(-1.0, min(1.0, r[2, 1])))
        return (math.degrees(math.atan2(-r[0, 1], r[1, 1])), math.degrees(b_),
                math.degrees(math.atan2(-r[2, 0], r[2, 2])))

    lines, frame = ["HIERARCHY"], []

    def write(n: str, depth: int) -> None:
        b = next(x for x in bones if x["name"] == n)
        p = b["parent"]
        off = pos[n] if p is None else world[p].T @ (pos[n] - pos[p])
        local = world[n] if p is None else world[p].T @ world[n]
        pad = "  " * depth
        lines.append(f"{pad}{'ROOT' if p is None else 'JOINT'} {n}\n{pad}{{")
        lines.append(f"{pad}  OFFSET {off[0]:.6f} {off[1]:.6f} {off[2]:.6f}")
        if p is None:
            lines.append(f"{pad}  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation")
            frame.extend([*pos[n]])
        else:
            lines.append(f"{pad}  CHANNELS 3 Zrotation Xrotation Yrotation")
        frame.extend(zxy(local))
        for c in kids.get(n, []):
            write(c, depth + 1)
        if n not in kids:
            lines.append(f"{pad}  End Site\n{pad}  {{\n{pad}    OFFSET 5.0 0.0 0.0\n{pad}  }}")
        lines.append(f"{pad}}}")

    write(bones[0]["name"], 0)
    lines += ["MOTION", "Frames: 1", "Frame Time: 0.033333", " ".join(f"{v:.6f}" for v in frame)]
    return "\n".join(lines) + "\n", {n: tuple(v) for n, v in pos.items()}


def test_bvh_whose_offsets_are_bone_lengths_takes_its_pose_from_the_first_frame():
    """Held-out batch 81: a LaFAN1 skeleton (and a Truebones monkey) store each bone along its local X axis and the
    pose in the rotations; read from the offsets alone the rig is a stick and the structure finds no body."""
    text, want = _lafan_style_bvh()
    sk = import_skeleton(text.encode(), "lafan.bvh")
    for b in sk.bones:
        assert b.position == pytest.approx(want[b.name], abs=1e-3), b.name
    assert any("first frame" in w for w in sk.warnings)
    plain = import_skeleton(BVH.encode(), "walk.bvh")  # a T-pose in the offsets keeps them, without a word
    assert plain.bones[2].position == (0.0, 130.0, 0.0) and not plain.warnings


def test_a_one_chain_bvh_along_one_axis_imports():
    """A BVH of one chain whose offsets all lie along X (a tail, a rope, a stick test file) raised KeyError in the
    stick test (no branch bone to compare chains at); it imports, posed by its first frame."""
    text = ("HIERARCHY\nROOT a\n{\n OFFSET 0 0 0\n CHANNELS 3 Zrotation Xrotation Yrotation\n JOINT b\n {\n"
            "  OFFSET 10 0 0\n  CHANNELS 3 Zrotation Xrotation Yrotation\n  JOINT c\n  {\n   OFFSET 10 0 0\n"
            "   CHANNELS 3 Zrotation Xrotation Yrotation\n   End Site\n   {\n    OFFSET 5 0 0\n   }\n  }\n }\n}\n"
            "MOTION\nFrames: 1\nFrame Time: 0.1\n90 0 0 0 0 0 0 0 0\n")
    sk = import_skeleton(text.encode(), "chain.bvh")
    assert sk.names == ["a", "b", "c"]
    assert sk.bones[2].position == pytest.approx((0.0, 20.0, 0.0), abs=1e-6)


MIRRORED_BVH = """HIERARCHY
ROOT Hips
{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation
  JOINT Spine
  {
    OFFSET 10 0 0
    CHANNELS 3 Zrotation Xrotation Yrotation
    JOINT Head
    {
      OFFSET 10 0 0
      CHANNELS 3 Zrotation Xrotation Yrotation
      End Site
      {
        OFFSET 10 0 0
      }
    }
  }
  JOINT UpperLeg_L
  {
    OFFSET 0 -10 0
    CHANNELS 3 Zrotation Xrotation Yrotation
    JOINT LowerLeg_L
    {
      OFFSET 40 0 0
      CHANNELS 3 Zrotation Xrotation Yrotation
      JOINT Foot_L
      {
        OFFSET 40 0 0
        CHANNELS 3 Zrotation Xrotation Yrotation
        End Site
        {
          OFFSET 10 0 0
        }
      }
    }
  }
  JOINT UpperLeg_R
  {
    OFFSET 0 10 0
    CHANNELS 3 Zrotation Xrotation Yrotation
    JOINT LowerLeg_R
    {
      OFFSET -40 0 0
      CHANNELS 3 Zrotation Xrotation Yrotation
      JOINT Foot_R
      {
        OFFSET -40 0 0
        CHANNELS 3 Zrotation Xrotation Yrotation
        End Site
        {
          OFFSET -10 0 0
        }
      }
    }
  }
}
MOTION
Frames: 1
Frame Time: 0.033333
0 100 0 90 0 0  0 0 0  0 0 0  180 0 0  0 0 0  0 0 0  0 0 0  0 0 0  0 0 0
"""
"""Bandai Namco's motion-dataset layout, cut down: each bone along its joint's local X, the right side's joint frames
mirrored (its bones along -X), so the offsets lay the legs out opposite ways; the first frame turns the hips +90
degrees about Z (the spine up) and the left thigh 180 degrees (its leg down beside the right one)."""


def test_bvh_whose_legs_run_opposite_ways_takes_its_pose_from_the_first_frame():
    """Held-out batch 104: Bandai Namco's dance BVH lays every bone along its joint's local X with the right side's
    frames mirrored: the offsets put the left leg along the spine and the right leg the other way (no axis holds
    60 % of the length, so it was not read as a stick), and no body could be found."""
    sk = import_skeleton(MIRRORED_BVH.encode(), "dance.bvh")
    want = {"Hips": (0, 100, 0), "Spine": (0, 110, 0), "Head": (0, 120, 0), "UpperLeg_L": (10, 100, 0),
            "LowerLeg_L": (10, 60, 0), "Foot_L": (10, 20, 0), "UpperLeg_R": (-10, 100, 0),
            "LowerLeg_R": (-10, 60, 0), "Foot_R": (-10, 20, 0)}
    for b in sk.bones:
        assert b.position == pytest.approx(want[b.name], abs=1e-6), b.name
    assert any("opposite ways" in w for w in sk.warnings), sk.warnings


def test_bvh_duplicate_joint_name_is_renamed_not_refused():
    """Held-out batch 86: a Greta BVH names its left thumb's tip 'RightHandThumb4' like the right one's; the file
    was refused whole. The second joint keeps its place under a unique name, and the import says so."""
    text = BVH.replace("JOINT LeftUpLeg", "JOINT Spine")
    sk = import_skeleton(text.encode(), "greta.bvh")
    assert sk.names == ["Hips", "Spine", "Head", "Spine#3"]
    assert sk.bones[3].parent == "Hips" and sk.bones[2].parent == "Spine"
    assert any("duplicate joint name 'Spine'" in w for w in sk.warnings)


@pytest.mark.parametrize("frame", ["", "1 2 3", "nan " * 200, "a b c"])
def test_bvh_stick_without_a_readable_first_frame_keeps_the_offsets_and_says_so(frame):
    text, _ = _lafan_style_bvh()
    head = text.split("MOTION")[0]
    sk = import_skeleton((head + "MOTION\nFrames: 1\nFrame Time: 0.03\n" + frame + "\n").encode(), "lafan.bvh")
    assert len(sk) == len(head.split("JOINT")) and any("no readable first frame" in w for w in sk.warnings)


SMD = """version 1
nodes
  0 "Bip01 Pelvis" -1
  1 "Bip01 Spine" 0
  2 "Bip01 L Arm" 1
  3 "Bip01 L Arm1" 2
end
skeleton
time 0
  0 0.0 0.0 40.0 0.0 0.0 1.5707963
  1 0.0 0.0 10.0 0.0 0.0 0.0
  2 0.0 -5.0 0.0 1.5707963 0.0 1.5707963
  3 1.0 0.0 0.0 0.0 0.0 0.0
time 1
  0 99.0 99.0 99.0 0.0 0.0 0.0
end
triangles
end
"""


def test_a_valve_smd_skeleton_imports_from_its_first_frame():
    """Held-out batch 103: Half-Life's G-Man is a studiomdl SMD, a format the importer refused. Positions are the
    first frame's local transforms chained down the hierarchy (rotations about X, then Y, then Z, in radians);
    Z up, inches; later frames are ignored."""
    sk = import_skeleton(SMD.encode(), "gman_reference.smd")
    assert sk.names == ["Bip01 Pelvis", "Bip01 Spine", "Bip01 L Arm", "Bip01 L Arm1"]
    assert sk.up_axis == "z" and sk.units == "in"
    at = {b.name: b.position for b in sk.bones}
    assert at["Bip01 Pelvis"] == pytest.approx((0.0, 0.0, 40.0))
    assert at["Bip01 L Arm"] == pytest.approx((5.0, 0.0, 50.0), abs=1e-6)  # (0, -5, 0) turned 90 degrees about Z
    # the arm's rotation is Rz(90) Rx(90) (X first): its child's (1, 0, 0) points along -X after the pelvis' turn
    assert at["Bip01 L Arm1"] == pytest.approx((4.0, 0.0, 50.0), abs=1e-6)


@pytest.mark.parametrize("text,match", [
    ("nodes\n0 \"a\" -1\nend\n", "version"),
    ("version 1\nskeleton\ntime 0\nend\n", "no 'nodes' block"),
    ("version 1\nnodes\n0 \"a\" -1\n", "no 'end'"),
    ("version 1\nnodes\n0 a -1\nend\n", "node line"),
    ("version 1\nnodes\n0 \"a\" 5\nend\n", "parent id 5"),
    ("version 1\nnodes\n0 \"a\" -1\nend\nskeleton\ntime 0\n0 1 2 x 0 0 0\nend\n", "skeleton line"),
    ("version 1\nnodes\n0 \"a\" 1\n1 \"b\" 0\nend\nskeleton\ntime 0\n0 0 0 0 0 0 0\n1 0 0 0 0 0 0\nend\n",
     "cycle"),
])
def test_malformed_smd_files_are_invalid_input(text, match):
    with pytest.raises(InvalidInput, match=match):
        import_skeleton(text.encode(), "bad.smd")
