"""COLLADA skeletons (``rig/collada.py``): a real Blender export and hand-written files for each rule of the spec
the reader follows (transform elements, units, up axis, skins' joint lists and bind matrices), and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.importers import detect_format, import_skeleton, load_skeleton_file
from enginemind.families.bonemap.rig.targets import load_target

FIX = Path(__file__).parent / "fixtures"
NS = "http://www.collada.org/2005/11/COLLADASchema"


def dae(scene: str, *, unit: float = 1.0, up: str = "Y_UP", controllers: str = "", ns: str = NS) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<COLLADA xmlns="{ns}" version="1.4.1">
  <asset><unit name="u" meter="{unit}"/><up_axis>{up}</up_axis></asset>
  <library_controllers>{controllers}</library_controllers>
  <library_visual_scenes><visual_scene id="Scene">{scene}</visual_scene></library_visual_scenes>
  <scene><instance_visual_scene url="#Scene"/></scene>
</COLLADA>""".encode()


def joint(name: str, body: str, children: str = "", sid: str = "") -> str:
    return f'<node id="{name}-id" name="{name}" sid="{sid or name}" type="JOINT">{body}{children}</node>'


def skin(ctrl: str, names: list[str], binds: list[np.ndarray], kind: str = "Name_array") -> str:
    """A skin over ``names`` whose joints were bound at the world matrices ``binds``."""
    ibm = " ".join(" ".join(f"{v:g}" for v in np.linalg.inv(m).ravel()) for m in binds)
    return f"""<controller id="{ctrl}"><skin source="#mesh">
  <source id="{ctrl}-j"><{kind} count="{len(names)}">{" ".join(names)}</{kind}></source>
  <source id="{ctrl}-b"><float_array count="{16 * len(names)}">{ibm}</float_array></source>
  <joints><input semantic="JOINT" source="#{ctrl}-j"/><input semantic="INV_BIND_MATRIX" source="#{ctrl}-b"/></joints>
</skin></controller>"""


def at(x: float, y: float, z: float) -> np.ndarray:
    m = np.eye(4)
    m[:3, 3] = x, y, z
    return m


def pos(sk, name: str) -> np.ndarray:
    return np.array(sk.bones[sk.index(name)].position)


def test_blender_export_reads_its_joints_at_their_world_places() -> None:
    """ThinMatrix's Blender 2.78 export (Z up, matrices, an 'Armature' object node above the joints): the 16
    joints, the armature not a bone, positions equal to an independent conversion (held-out batch 213's
    labeller wrote its own reader), and the mapper maps every bone."""
    sk = load_skeleton_file(FIX / "thinmatrix_skeleton.dae")
    assert len(sk) == 16 and "Armature" not in sk.names and sk.up_axis == "z" and sk.units == "m"
    assert sk.bones[sk.index("Torso")].parent is None
    assert sk.bones[sk.index("Upper_Arm.L")].parent == "Chest"
    assert np.allclose(pos(sk, "Hand.L"), [2.3445, -0.0407, 3.3856], atol=1e-4)
    assert np.allclose(pos(sk, "Foot.R"), [-0.5373, 0.178, 0.4557], atol=1e-4)
    res = Mapper(MapConfig()).map(sk, load_target("ue5_manny"), engine="matcher")
    assert res.mapping["Torso"] == "pelvis" and res.mapping["Hand.L"] == "hand_l"
    assert res.mapping["Lower_Leg.R"] == "calf_r" and res.mapping["Head"] == "head"


def test_transforms_compose_in_document_order_through_non_joint_nodes() -> None:
    """A non-joint node's <translate> then <rotate> (degrees, about +y) moves the joints below it; <matrix> is
    row-major with the translation in the last column; centimetres become metres."""
    scene = ('<node id="rig" name="rig" type="NODE"><translate>10 0 0</translate><rotate>0 1 0 90</rotate>'
             + joint("hips", "<translate>5 100 0</translate>",
                     joint("spine", "<matrix>1 0 0 0 0 1 0 20 0 0 1 0 0 0 0 1</matrix>")) + "</node>")
    sk = import_skeleton(dae(scene, unit=0.01), "rig.dae")
    assert sk.names == ["hips", "spine"] and sk.bones[1].parent == "hips" and sk.units == "m"
    assert np.allclose(pos(sk, "hips"), [0.10, 1.00, -0.05])  # (10,0,0) + Ry(90)(5,100,0) = (10,100,-5) cm
    assert np.allclose(pos(sk, "spine"), [0.10, 1.20, -0.05])


def test_x_up_turns_to_y_up_and_z_up_is_declared() -> None:
    scene = joint("hips", "<translate>1 0 0</translate>", joint("spine", "<translate>0.5 0 0</translate>"))
    x_up = import_skeleton(dae(scene, up="X_UP"), "a.dae")
    assert x_up.up_axis == "y" and np.allclose(pos(x_up, "spine"), [0, 1.5, 0])
    z_up = import_skeleton(dae(scene, up="Z_UP"), "a.dae")
    assert z_up.up_axis == "z" and np.allclose(pos(z_up, "spine"), [1.5, 0, 0])


def _arm(bent: bool) -> str:
    elbow = "<rotate>0 0 1 -90</rotate>" if bent else ""
    return joint("hips", "<translate>0 1 0</translate>", joint("chest", "<translate>0 0.5 0</translate>", joint(
        "arm_l", f"<translate>0.2 0 0</translate>{elbow}",
        joint("forearm_l", "<translate>0.3 0 0</translate>", joint("hand_l", "<translate>0.25 0 0</translate>")))))


BIND = {"hips": at(0, 1, 0), "chest": at(0, 1.5, 0), "arm_l": at(0.2, 1.5, 0), "forearm_l": at(0.5, 1.5, 0),
        "hand_l": at(0.75, 1.5, 0)}


def test_a_posed_scene_takes_the_bind_pose_from_the_skin() -> None:
    """The scene saved with the arm hanging down (an animation frame), the skin bound with it held out: the bind
    matrices win, with a warning; the same scene in its bind pose keeps the node transforms, no warning."""
    ctrl = skin("body-skin", list(BIND), list(BIND.values()))
    posed = import_skeleton(dae(_arm(True), controllers=ctrl), "a.dae")
    assert np.allclose(pos(posed, "hand_l"), [0.75, 1.5, 0], atol=1e-6)
    assert any("bind pose" in w for w in posed.warnings)
    still = import_skeleton(dae(_arm(False), controllers=ctrl), "a.dae")
    assert np.allclose(pos(still, "hand_l"), [0.75, 1.5, 0], atol=1e-6) and not still.warnings
    bent = import_skeleton(dae(_arm(True)), "a.dae")  # no skin: the scene is all there is
    assert np.allclose(pos(bent, "hand_l"), [0.2, 1.5 - 0.55, 0], atol=1e-6)


def test_skin_joints_make_untyped_nodes_bones_and_sids_resolve_under_the_skeleton_root() -> None:
    """An exporter that types every node NODE: the skin's joint list says which are bones. Two characters use
    the same sids; each skin's names resolve below its instance's <skeleton> root (IDREF arrays by id)."""
    def body(prefix: str, x: float) -> str:
        return (f'<node id="{prefix}hips" name="{prefix}Hips" sid="hips" type="NODE"><translate>{x} 1 0</translate>'
                f'<node id="{prefix}spine" name="{prefix}Spine" sid="spine" type="NODE">'
                '<translate>0 0.3 0</translate></node></node>')
    inst = ('<node id="{0}mesh" name="{0}mesh" type="NODE"><instance_controller url="#{0}skin">'
            '<skeleton>#{0}hips</skeleton></instance_controller></node>')
    scene = body("a_", 0) + body("b_", 2) + inst.format("a_") + inst.format("b_")
    ctrl = skin("a_skin", ["hips", "spine"], [at(0, 1, 0), at(0, 1.3, 0)]) + \
        skin("b_skin", ["b_hips", "b_spine"], [at(2, 1, 0), at(2, 1.3, 0)], kind="IDREF_array")
    sk = import_skeleton(dae(scene, controllers=ctrl), "two.dae")
    assert sorted(sk.names) == ["a_Hips", "a_Spine", "b_Hips", "b_Spine"]
    assert "a_mesh" not in sk.names and sk.bones[sk.index("b_Spine")].parent == "b_Hips"


def test_instance_node_places_a_library_node_tree() -> None:
    lib = '<library_nodes><node id="lib_spine" name="spine" sid="spine" type="JOINT"><translate>0 0.4 0' \
          '</translate></node></library_nodes>'
    data = dae(joint("hips", '<translate>0 1 0</translate><instance_node url="#lib_spine"/>'))
    data = data.replace(b"<library_visual_scenes>", lib.encode() + b"<library_visual_scenes>")
    sk = import_skeleton(data, "a.dae")
    assert sk.names == ["hips", "spine"] and np.allclose(pos(sk, "spine"), [0, 1.4, 0])


def test_collada_is_recognised_by_content_and_both_namespaces() -> None:
    data = dae(joint("hips", "<translate>0 1 0</translate>"), ns="http://www.collada.org/2008/03/COLLADASchema")
    assert detect_format(data, "") == "dae" and detect_format(data, "rig.DAE") == "dae"
    assert import_skeleton(data, "").names == ["hips"]


@pytest.mark.parametrize(("data", "message"), [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><COLLADA/>', "DOCTYPE"),
    (b"<COLLADA><asset>", "not well-formed"),
    ('<?xml version="1.0" encoding="utf-16"?><COLLADA/>'.encode("utf-16"), "UTF-8"),
    (dae('<node id="cube" name="Cube" type="NODE"/>'), "no node of type JOINT"),
    (dae(joint("hips", "<matrix>1 0 0</matrix>")), "expected 16 finite numbers"),
    (dae(joint("hips", "<rotate>0 1 0 nan</rotate>")), "<rotate>"),
    (dae(joint("hips", "<lookat>0 0 0 0 0 0 0 1 0</lookat>")), "<lookat>"),
    (b'<COLLADA xmlns="x"><library_nodes/></COLLADA>', "no <visual_scene>"),
])
def test_bad_collada_gets_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        import_skeleton(data, "bad.dae")


def test_a_skin_naming_missing_joints_warns_and_keeps_the_rest() -> None:
    ctrl = skin("s", ["hips", "ghost"], [at(0, 1, 0), at(0, 2, 0)])
    sk = import_skeleton(dae(joint("hips", "<translate>0 1 0</translate>"), controllers=ctrl), "a.dae")
    assert sk.names == ["hips"] and any("'ghost'" in w for w in sk.warnings)
