"""MJCF and URDF robot descriptions import as skeletons (rig/robots.py): frames composed as the formats define
them (MuJoCo XML reference: compiler angle / eulerseq, quat w x y z, frame elements; ROS URDF joint origin
rpy = Rz(yaw) Ry(pitch) Rx(roll)), bad files refused with a clear message, and a small humanoid robot maps
end to end. Constructed files only."""

from __future__ import annotations

import math

import numpy as np
import pytest

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.importers import detect_format, import_skeleton


def pos(sk, name):
    return np.array(sk.bones[sk.index(name)].position)


def test_mjcf_bodies_compose_positions_through_rotated_parents():
    xml = b"""<mujoco><compiler angle="degree"/><worldbody>
      <body name="a" pos="0 0 1" euler="0 0 90">
        <body name="b" pos="1 0 0" quat="0.7071068 0.7071068 0 0">
          <body name="c" pos="0 1 0"/>
        </body>
        <frame pos="0 0 0.5" axisangle="0 0 1 -90"><body name="d" pos="1 0 0"/></frame>
      </body></worldbody></mujoco>"""
    sk = import_skeleton(xml, "robot.xml")
    assert sk.up_axis == "z" and sk.forward_axis == "+x" and sk.names == ["a", "b", "c", "d"]  # MuJoCo: REP-103
    assert [b.parent for b in sk.bones] == [None, "a", "b", "a"]  # a frame is no bone
    assert np.allclose(pos(sk, "b"), [0, 1, 1])  # a turned 90 degrees about z: its x is world y
    assert np.allclose(pos(sk, "c"), [0, 1, 2])  # b turned a further 90 degrees about x: its y is world z
    assert np.allclose(pos(sk, "d"), [1, 0, 1.5])  # the frame turns back by -90 degrees


def test_mjcf_global_coordinates_place_bodies_at_their_world_positions():
    """MuJoCo before 2.3.3 let ``compiler/@coordinate="global"`` give every body's pos in world coordinates (RFC's
    CMU humanoid, held-out batch 154): added up as offsets from the parents, that body came out 1.6x tall."""
    xml = b"""<mujoco><compiler angle="degree" coordinate="global"/><worldbody>
      <body name="root" pos="0 0 1" euler="0 0 90">
        <body name="lfemur" pos="0.1 0 0.9"><body name="ltibia" pos="0.1 0 0.5"/></body>
      </body></worldbody></mujoco>"""
    sk = import_skeleton(xml, "robot.xml")
    assert np.allclose(pos(sk, "lfemur"), [0.1, 0, 0.9]) and np.allclose(pos(sk, "ltibia"), [0.1, 0, 0.5])


def test_mjcf_radians_and_fixed_axis_euler_sequence():
    xml = b"""<mujoco><compiler angle="radian" eulerseq="XYZ"/><worldbody>
      <body name="a" euler="1.5707963 0 1.5707963"><body name="b" pos="0 1 0"/></body>
      </worldbody></mujoco>"""
    sk = import_skeleton(xml)
    # fixed axes: x by 90 degrees first, then z by 90 degrees; local y -> z (after x) -> stays z
    assert detect_format(xml) == "mjcf" and np.allclose(pos(sk, "b"), [0, 0, 1], atol=1e-6)


def test_urdf_links_follow_joint_origins_with_rpy():
    urdf = b"""<?xml version="1.0"?><robot name="r">
      <link name="base"/><link name="l1"/><link name="l2"/>
      <joint name="j1" type="revolute"><parent link="base"/><child link="l1"/>
        <origin xyz="0 0 1" rpy="0 0 1.5707963"/></joint>
      <joint name="j2" type="fixed"><parent link="l1"/><child link="l2"/><origin xyz="1 0 0"/></joint>
    </robot>"""
    sk = import_skeleton(urdf, "r.urdf")
    assert [b.parent for b in sk.bones] == [None, "base", "l1"]
    assert (sk.up_axis, sk.units, sk.forward_axis) == ("z", "m", "+x")  # REP-103: x forward, y left, z up
    assert np.allclose(pos(sk, "l2"), [0, 1, 1], atol=1e-6)  # yaw 90 degrees: l1's x is world y
    rpy = b"""<robot name="r"><link name="a"/><link name="b"/><link name="c"/>
      <joint name="j" type="fixed"><parent link="a"/><child link="b"/><origin rpy="%s"/></joint>
      <joint name="k" type="fixed"><parent link="b"/><child link="c"/><origin xyz="1 0 0"/></joint></robot>"""
    r, p, y = 0.3, 0.5, 0.7  # R = Rz(y) Ry(p) Rx(r): the image of x is the first column
    sk = import_skeleton(rpy % f"{r} {p} {y}".encode())
    want = [math.cos(y) * math.cos(p), math.sin(y) * math.cos(p), -math.sin(p)]
    assert detect_format(rpy) == "urdf" and np.allclose(pos(sk, "c"), want, atol=1e-9)


@pytest.mark.parametrize("data,match", [
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><robot name="r"><link name="&a;"/></robot>', "DOCTYPE"),
    (b'<robot name="r"><link name="a"/><link name="b"/><joint name="j"><parent link="a"/><child link="x"/>'
     b"</joint></robot>", "not in the file"),
    (b'<robot name="r"><link name="a"/><link name="b"/><joint name="j"><parent link="a"/><child link="b"/></joint>'
     b'<joint name="k"><parent link="b"/><child link="a"/></joint></robot>', "cycle"),
    (b'<robot name="r"><link name="a"/><link name="a"/></robot>', "unique"),
    (b'<mujoco><worldbody><body name="a" pos="0 zero 1"/></worldbody></mujoco>', "3 numbers"),
    (b'<mujoco><worldbody><body name="a" pos="0 0 nan"/></worldbody></mujoco>', "finite"),
    (b'<mujoco><include file="robot.xml"/><worldbody><light/></worldbody></mujoco>', "included robot file"),
    (b"<mujoco><worldbody><body name='a'><body name='a'/></body></worldbody></mujoco>", "twice"),
    (b"<robot name='r'><link name='a'></robot>", "well-formed"),
])
def test_bad_robot_files_get_a_clear_error(data, match):
    with pytest.raises(InvalidInput, match=match):
        import_skeleton(data, "bad.urdf" if b"<robot" in data else "bad.xml")


def test_a_urdf_humanoid_robot_maps_end_to_end():
    """A small humanoid in URDF (links named after joint axes, stacked hip links, arms ending in an elbow link)."""
    links, joints = ["pelvis", "torso", "head"], [("pelvis", "torso", (0, 0, 0.1)), ("torso", "head", (0, 0, 0.45))]
    for s, y in (("left", 1), ("right", -1)):
        links += [f"{s}_hip_pitch_link", f"{s}_hip_roll_link", f"{s}_knee_link", f"{s}_ankle_link", f"{s}_toe_link",
                  f"{s}_shoulder_pitch_link", f"{s}_shoulder_roll_link", f"{s}_elbow_link", f"{s}_wrist_link"]
        joints += [("pelvis", f"{s}_hip_pitch_link", (0, 0.09 * y, -0.05)),
                   (f"{s}_hip_pitch_link", f"{s}_hip_roll_link", (0, 0.02 * y, 0)),
                   (f"{s}_hip_roll_link", f"{s}_knee_link", (0, 0, -0.4)),
                   (f"{s}_knee_link", f"{s}_ankle_link", (0, 0, -0.4)),
                   (f"{s}_ankle_link", f"{s}_toe_link", (0.14, 0, -0.05)),
                   ("torso", f"{s}_shoulder_pitch_link", (0, 0.17 * y, 0.35)),
                   (f"{s}_shoulder_pitch_link", f"{s}_shoulder_roll_link", (0, 0.04 * y, 0)),
                   (f"{s}_shoulder_roll_link", f"{s}_elbow_link", (0, 0, -0.28)),
                   (f"{s}_elbow_link", f"{s}_wrist_link", (0, 0, -0.25))]
    body = "".join(f'<link name="{n}"/>' for n in links) + "".join(
        f'<joint name="j{k}" type="revolute"><parent link="{p}"/><child link="{c}"/>'
        f'<origin xyz="{x} {y} {z}" rpy="0 0 0"/></joint>' for k, (p, c, (x, y, z)) in enumerate(joints))
    sk = import_skeleton(f'<robot name="mini">{body}</robot>'.encode(), "mini.urdf")
    m = Mapper().map(sk, "ue5_manny").mapping
    assert m["pelvis"] == "pelvis" and m["head"] == "head"
    for s, x in (("left", "l"), ("right", "r")):
        assert m[f"{s}_knee_link"] == f"calf_{x}" and m[f"{s}_ankle_link"] == f"foot_{x}"
        assert m[f"{s}_elbow_link"] == f"lowerarm_{x}" and m[f"{s}_wrist_link"] == f"hand_{x}"
        assert f"thigh_{x}" in (m[f"{s}_hip_pitch_link"], m[f"{s}_hip_roll_link"])
        assert f"upperarm_{x}" in (m[f"{s}_shoulder_pitch_link"], m[f"{s}_shoulder_roll_link"])


def test_mjcf_includes_are_followed_from_disk(tmp_path):
    """A MyoSuite-style model keeps its bodies in included files (XML reference, "include"): the included file's
    top-level children replace the element; nested includes resolve next to the including file, an included
    <compiler angle="radian"> applies to the whole model (the last setting wins) and a scene's own <worldbody>
    does not hide the model's. Bytes alone (a client upload) keep reporting the includes; cycles and missing
    files get a clear error."""
    from enginemind.families.bonemap.rig.importers import load_skeleton_file

    (tmp_path / "body").mkdir()
    (tmp_path / "arm" / "assets").mkdir(parents=True)
    (tmp_path / "scene.xml").write_text('<mujoco><worldbody><light name="sun"/></worldbody></mujoco>')
    (tmp_path / "arm" / "assets" / "settings.xml").write_text('<mujocoinclude><compiler angle="radian"/>'
                                                              '</mujocoinclude>')
    (tmp_path / "arm" / "assets" / "chain.xml").write_text(
        '<mujoco><body name="upper" pos="1 0 0" euler="0 0 1.5707963"><body name="lower" pos="1 0 0"/></body>'
        '</mujoco>')
    (tmp_path / "arm" / "assets" / "arm.xml").write_text('<mujoco><include file="chain.xml"/></mujoco>')
    main = tmp_path / "body" / "model.xml"
    main.write_text('<mujoco><include file="../scene.xml"/><include file="../arm/assets/settings.xml"/>'
                    '<worldbody><body name="torso" pos="0 0 1"><include file="../arm/assets/arm.xml"/></body>'
                    '</worldbody></mujoco>')
    sk = load_skeleton_file(main)
    assert sk.names == ["torso", "upper", "lower"] and not sk.warnings
    assert np.allclose(pos(sk, "lower"), [1, 1, 1], atol=1e-6)  # 1.57 read as radians: the forearm turns to +y
    assert import_skeleton(main.read_bytes(), "model.xml").warnings  # no resolver: reported, not followed
    (tmp_path / "arm" / "assets" / "chain.xml").write_text('<mujoco><include file="arm.xml"/></mujoco>')
    with pytest.raises(InvalidInput, match="included twice"):
        load_skeleton_file(main)
    main.write_text('<mujoco><worldbody><include file="../missing.xml"/></worldbody></mujoco>')
    with pytest.raises(InvalidInput, match="not found"):
        load_skeleton_file(main)


def test_a_urdf_padded_with_a_nul_byte_imports():
    """pybullet_data's humanoid.urdf (DeepMimic's model, held-out batch 108) ends with a NUL byte after </robot>
    and CRLF lines; it was refused as not well-formed XML."""
    xml = (b'<robot name="r">\r\n<link name="base"/>\r\n<link name="arm"/>\r\n'
           b'<joint name="j" type="revolute"><parent link="base"/><child link="arm"/>'
           b'<origin xyz="0 0 1"/></joint>\r\n</robot>\r\n\x00')
    sk = import_skeleton(xml, "humanoid.urdf")
    assert sk.names == ["base", "arm"] and np.allclose(pos(sk, "arm"), [0, 0, 1])
