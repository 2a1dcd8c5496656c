"""Robot joint axes: the URDF / MJCF importers keep the hinge axis of each link's joint (world direction), and the
structure solver reads a hinge across the limb as a bend (elbow, knee), one along it as a twist, and a fixed link
as neither (held-out batches 218 and 225: Tiangong's 'elbow_yaw', PNDbotics Adam's fixed 'wristYaw', REEM-C's
numbered arm links read as elbows by the proportions)."""

from __future__ import annotations

import numpy as np
import pytest

from enginemind.families.bonemap.rig.importers import import_skeleton
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import map_without_names


def axis(sk: Skeleton, name: str) -> np.ndarray | None:
    a = sk.bones[sk.index(name)].axis
    return None if a is None else np.array(a)


def test_urdf_hinge_axes_are_turned_into_world_directions():
    urdf = b"""<robot name="r"><link name="base"/><link name="a"/><link name="b"/><link name="c"/><link name="d"/>
      <joint name="ja" type="revolute"><parent link="base"/><child link="a"/><origin rpy="0 0 1.5707963"/>
        <axis xyz="1 0 0"/></joint>
      <joint name="jb" type="continuous"><parent link="a"/><child link="b"/><origin xyz="1 0 0"/></joint>
      <joint name="jc" type="fixed"><parent link="b"/><child link="c"/></joint>
      <joint name="jd" type="prismatic"><parent link="c"/><child link="d"/><axis xyz="0 0 1"/></joint>
    </robot>"""
    sk = import_skeleton(urdf, "r.urdf")
    assert np.allclose(axis(sk, "a"), [0, 1, 0], atol=1e-6)  # x of a frame turned 90 degrees about z
    assert np.allclose(axis(sk, "b"), [0, 1, 0], atol=1e-6)  # no <axis>: 1 0 0 in the joint frame (ROS wiki)
    assert axis(sk, "base") is None and axis(sk, "c") is None and axis(sk, "d") is None  # root, fixed, slider


def test_mjcf_hinge_axes_follow_default_classes_and_several_hinges_give_none():
    xml = b"""<mujoco><default><joint axis="0 1 0"/>
        <default class="yaw"><joint axis="0 0 1"/><default class="roll"><joint axis="1 0 0"/></default></default>
      </default><worldbody>
      <body name="a" pos="0 0 1" euler="0 0 90"><joint name="ja"/>
        <body name="b" childclass="yaw"><joint name="jb"/>
          <body name="c"><joint name="jc" class="roll"/><joint name="jc2" type="slide"/>
            <body name="d"><joint name="d1"/><joint name="d2"/></body>
            <body name="e"><joint name="e1" type="ball"/></body>
          </body></body></body></worldbody></mujoco>"""
    sk = import_skeleton(xml, "robot.xml")
    assert np.allclose(axis(sk, "a"), [-1, 0, 0], atol=1e-6)  # main class: y, turned 90 degrees about z
    assert np.allclose(axis(sk, "b"), [0, 0, 1], atol=1e-6)  # the body's childclass
    assert np.allclose(axis(sk, "c"), [0, 1, 0], atol=1e-6)  # the joint's class (roll: x, turned), the slide ignored
    assert axis(sk, "d") is None and axis(sk, "e") is None  # two hinges (a ball made of hinges), a ball joint


def test_skeleton_json_axes_are_unit_vectors_and_bad_ones_are_dropped_with_a_warning():
    sk = Skeleton.from_dict({"bones": [{"name": "a", "axis": [0, 0, 2]},
                                       {"name": "b", "parent": "a", "axis": [0, 0, 0]},
                                       {"name": "c", "parent": "b", "axis": ["x", 1, 2]}]})
    assert axis(sk, "a").tolist() == [0, 0, 1] and axis(sk, "b") is None and axis(sk, "c") is None
    assert any("2 joint axis" in w for w in sk.warnings)
    assert Skeleton.from_dict(sk.to_dict()).bones[0].axis == (0.0, 0.0, 1.0)


def _robot(axes: bool) -> tuple[dict, dict[str, str]]:
    """A nameless Z-up robot (REP-103) whose arm links sit off the limb line, with a fixed link 8 cm down the
    forearm (PNDbotics Adam): by proportions alone that link is the elbow."""
    bones: list[dict] = []
    x, y, z = (1, 0, 0), (0, 1, 0), (0, 0, 1)

    def add(name: str, parent: str | None, pos: tuple[float, float, float], ax: tuple | None = None) -> None:
        bones.append({"name": name, "parent": parent, "position": list(pos), **({"axis": ax} if ax and axes else {})})

    add("base", None, (0, 0, 0))
    add("torso", "base", (0, 0, 0.1), z)
    add("neck", "torso", (0, 0, 0.5), z)
    add("head", "neck", (0, 0, 0.6), y)
    for s, sy in (("l", 1), ("r", -1)):
        add(f"hip_p_{s}", "base", (0, 0.1 * sy, -0.03), y)
        add(f"hip_r_{s}", f"hip_p_{s}", (-0.03, 0.15 * sy, -0.07), x)
        add(f"hip_y_{s}", f"hip_r_{s}", (0.02, 0.15 * sy, -0.13), z)
        add(f"knee_{s}", f"hip_y_{s}", (0.02, 0.12 * sy, -0.49), y)
        add(f"ankle_p_{s}", f"knee_{s}", (0.02, 0.12 * sy, -0.86), y)
        add(f"ankle_r_{s}", f"ankle_p_{s}", (0.02, 0.12 * sy, -0.87), x)
        add(f"sole_{s}", f"ankle_r_{s}", (0.04, 0.12 * sy, -0.91))  # a fixed sole frame, no joint
        add(f"sh_p_{s}", "torso", (0, 0.16 * sy, 0.43), y)
        add(f"sh_r_{s}", f"sh_p_{s}", (0.03, 0.2 * sy, 0.45), x)
        add(f"sh_y_{s}", f"sh_r_{s}", (0, 0.24 * sy, 0.39), z)
        add(f"elbow_{s}", f"sh_y_{s}", (0, 0.21 * sy, 0.19), y)
        add(f"fixed_{s}", f"elbow_{s}", (-0.03, 0.24 * sy, 0.11))
        add(f"wrist_{s}", f"fixed_{s}", (-0.03, 0.24 * sy, -0.09), x)
        add(f"palm_{s}", f"wrist_{s}", (-0.03, 0.24 * sy, -0.17))
    names = {b["name"]: f"link_{k}" for k, b in enumerate(bones)}
    for b in bones:
        b["name"], b["parent"] = names[b["name"]], names.get(b["parent"]) if b["parent"] else None
    return {"bones": bones, "up_axis": "z", "units": "m", "forward_axis": "+x"}, names


@pytest.mark.parametrize("side", ["l", "r"])
def test_the_elbow_is_the_link_whose_hinge_bends_the_arm(side: str):
    plain, names = _robot(axes=False)
    assert map_without_names(plain)[names[f"fixed_{side}"]] == f"lowerarm_{side}"  # proportions alone
    data, names = _robot(axes=True)
    got = {k: map_without_names(data)[v] for k, v in names.items()}
    assert (got[f"sh_y_{side}"], got[f"elbow_{side}"], got[f"wrist_{side}"]) == \
        (f"upperarm_{side}", f"lowerarm_{side}", f"hand_{side}"), got
    assert got[f"fixed_{side}"] in (None, f"lowerarm_twist_01_{side}")
    assert (got[f"knee_{side}"], got[f"ankle_r_{side}"]) == (f"calf_{side}", f"foot_{side}")


def test_a_twist_hinge_partway_down_the_forearm_is_no_elbow():
    """Tiangong 3.0: 'elbow_pitch' bends the arm, 'elbow_yaw' 10 cm below it turns the forearm about its length."""
    data, names = _robot(axes=True)
    for b in data["bones"]:  # the fixed link becomes a yaw hinge (along the hanging forearm)
        if b["name"] in (names["fixed_l"], names["fixed_r"]):
            b["axis"] = [0, 0, 1]
    got = map_without_names(data)
    assert got[names["elbow_l"]] == "lowerarm_l" and got[names["fixed_l"]] != "lowerarm_l", got


@pytest.mark.parametrize("side", ["l", "r"])
def test_the_foot_is_the_last_hinge_of_the_ankle_stack(side: str):
    """EngineAI PM01 (held-out batch 232): 'LINK_ANKLE_PITCH' then 'LINK_ANKLE_ROLL' 2 cm below it, then a fixed
    foot frame: the roll link carries the foot (the robot convention: the last link of a stack takes the role);
    the fixed frame below it is no joint. Without joint axes (any rig that is not a robot) the first stays."""
    data, names = _robot(axes=True)
    got = map_without_names(data)
    assert got[names[f"ankle_r_{side}"]] == f"foot_{side}" and got[names[f"ankle_p_{side}"]] != f"foot_{side}"
    assert got[names[f"sole_{side}"]] != f"foot_{side}"
    plain, names = _robot(axes=False)
    assert map_without_names(plain)[names[f"ankle_p_{side}"]] == f"foot_{side}"
