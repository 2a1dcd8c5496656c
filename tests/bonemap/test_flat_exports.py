"""Flattened exports seen on held-out real rigs (batch 34, Minetest ``.b3d`` mobs): every chain of the body, the
trunk, each arm and each leg, hangs straight under the mesh node at the ground, bones keep Blender's default
names and their limbs have two bones with no end joint. Constructed skeleton (Y up, +X = left, facing +Z), no
third-party file."""

from __future__ import annotations

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like

TRUTH = {"Bone": "pelvis", "Bone.001": "spine_01", "Bone.003": "head", "Bone.004": "upperarm_l",
         "Bone.005": "lowerarm_l", "Bone.006": "upperarm_r", "Bone.007": "lowerarm_r", "Bone.008": "thigh_l",
         "Bone.009": "calf_l", "Bone.010": "thigh_r", "Bone.011": "calf_r"}


def flat_mob(flat: bool = True) -> dict:
    """A golem-like mob: trunk chain, two-bone arms and legs, all under 'Cube' when ``flat``."""
    b = [("Cube", None, (0, 0, 0)), ("Bone", "Cube", (0, 13.7, -0.4)), ("Bone.001", "Bone", (0, 16.5, 0.3)),
         ("Bone.002", "Bone.001", (0, 20.9, 1.3)), ("Bone.003", "Bone.002", (0, 23.6, -2.1))]
    for s, x in (("l", 1), ("r", -1)):
        k = 4 if s == "l" else 6
        arm_parent = "Cube" if flat else "Bone.002"
        b += [(f"Bone.00{k}", arm_parent, (6 * x, 21.7, 4.6)), (f"Bone.00{k + 1}", f"Bone.00{k}", (6 * x, 13.9, 4.6))]
        k = 8 if s == "l" else 10
        leg_parent = "Cube" if flat else "Bone"
        b += [(f"Bone.{k:03d}", leg_parent, (4 * x, 12.7, -1)),
              (f"Bone.{k + 1:03d}", f"Bone.{k:03d}", (5.6 * x, 6.6, -1))]
    return {"bones": [{"name": n, "parent": p, "position": list(pos)} for n, p, pos in b]}


def test_a_body_flattened_under_the_mesh_node_is_read_as_one_body():
    sk = Skeleton.from_dict(flat_mob())
    assert any("flattened export" in w for w in sk.warnings)
    res = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny")
    assert {b: res.mapping[b] for b in TRUTH} == TRUTH
    assert any("flattened export" in w for w in res.warnings)  # the artist is told the tree was read differently


def test_two_bone_limbs_without_end_joints_take_upper_and_lower_roles():
    sk = Skeleton.from_dict(flat_mob(flat=False))
    assert not any("flattened" in w for w in sk.warnings)
    res = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny")
    assert {b: res.mapping[b] for b in TRUTH} == TRUTH


def test_a_whole_body_under_its_root_is_left_as_it_is():
    data = mixamo_like()
    sk = Skeleton.from_dict(data)
    assert not any("flattened" in w for w in sk.warnings)
    assert [b.parent for b in sk.bones] == [b.get("parent") for b in data["bones"]]


def test_a_hand_whose_fingers_hang_from_the_wrist_is_no_flattened_body():
    """A VR prosthesis's right hand (held-out batch 1063): the wrist at the origin carries five three-joint chains
    that start 5-7 cm from it, as a flattened body's chains start away from its mesh node; four fingers had been
    hung under the middle finger's knuckle and the hand read as limbs. The hand's own tree is kept."""
    tips = {"Index": (-0.027, -0.028), "Middle": (-0.025, -0.007), "Ring": (-0.025, 0.013), "Pinky": (-0.025, 0.032)}
    b = [("Wrist", None, (-0.043, 0.0, 0.0))]
    for f, (x, z) in tips.items():
        b += [(f"{f}_a", "Wrist", (x, -0.07, z)), (f"{f}_b", f"{f}_a", (x, -0.11, z)),
              (f"{f}_c", f"{f}_b", (x, -0.135, z))]
    b += [("Thumb_a", "Wrist", (-0.044, -0.046, -0.048)), ("Thumb_b", "Thumb_a", (-0.047, -0.068, -0.066))]
    sk = Skeleton.from_dict({"bones": [{"name": n, "parent": p, "position": list(pos)} for n, p, pos in b],
                             "up_axis": "y"})
    assert not any("flattened export" in w for w in sk.warnings)
    assert all(sk.parent_index(sk.names.index(f"{f}_a")) == 0 for f in (*tips, "Thumb"))


def test_every_bone_a_leaf_under_the_scene_node_is_rebuilt_from_positions():
    """Fallout 4 stores a skinned mesh's bones flat, every one a child of 'Scene Root' (a feral ghoul, held-out
    batch 1298: 31 of 59 bones wrong, fingers and spine among them). The tree below the node is rebuilt from the
    rest positions as a lost hierarchy is, and the node stays the root."""
    data = mixamo_like(prefix="")
    data["bones"].insert(0, {"name": "Scene Root", "parent": None, "position": [0, 0, 0]})
    for b in data["bones"][1:]:
        b["parent"] = "Scene Root"
    sk = Skeleton.from_dict(data)
    assert any("flat export" in w for w in sk.warnings) and sk.names[sk.roots()[0]] == "Scene Root"
    got = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny").mapping
    assert [got[b] for b in ("Hips", "Spine2", "Head", "LeftForeArm", "LeftHandIndex2", "RightLeg")] == \
        ["pelvis", "spine_05", "head", "lowerarm_l", "index_02_l", "calf_r"], got
