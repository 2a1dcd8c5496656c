"""Which way a nameless body faces: cues from its rest pose, and the file's axis convention when they are weak."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.bonemap.helpers import bone_adder, map_without_names


def _robot(knee_back: float, toes: float | None = None, swap: bool = False, y_up: bool = False,
           toe_z: float = 0.0) -> dict:
    """A straight-legged robot (metres, Z up, facing +X, left +Y as in ROS REP-103): the knee joint sits
    ``knee_back`` metres behind the hip -> ankle line (a link offset, not a bend); ``toes``: a toe link that far
    forward of each ankle, at height ``toe_z``. ``swap`` turns the body around (facing -X); ``y_up`` writes it Y
    up, facing +Z."""
    bones: list[dict] = []
    add = bone_adder(bones)
    f = -1.0 if swap else 1.0

    def p(x: float, y: float, z: float) -> tuple[float, float, float]:
        x, y = f * x, f * y
        return (y, z, x) if y_up else (x, y, z)  # Y up: forward +X -> +Z, left +Y -> +X

    add("link_0", None, p(0, 0, 0.8))
    add("link_1", "link_0", p(0, 0, 1.1))
    add("link_2", "link_1", p(0, 0, 1.25))
    add("link_3", "link_2", p(0, 0, 1.4))
    for k, y in enumerate((0.1, -0.1)):
        n = 10 * (k + 1)
        add(f"link_{n}", "link_0", p(0, y, 0.75))
        add(f"link_{n + 1}", f"link_{n}", p(-knee_back, y, 0.43))
        add(f"link_{n + 2}", f"link_{n + 1}", p(0, y, 0.1))
        add(f"link_{n + 3}", f"link_{n + 2}", p(0, y, 0.05))  # ankle roll link just below
        if toes is not None:
            add(f"link_{n + 4}", f"link_{n + 3}", p(toes, y, toe_z))
        m = 50 + 10 * k
        add(f"link_{m}", "link_1", p(0, 2 * y, 1.15))
        add(f"link_{m + 1}", f"link_{m}", p(0, 2.2 * y, 0.9))
        add(f"link_{m + 2}", f"link_{m + 1}", p(0, 2.2 * y, 0.65))
        add(f"link_{m + 3}", f"link_{m + 2}", p(0, 2.2 * y, 0.55))
    return {"bones": bones, "up_axis": "y" if y_up else "z", "units": "m"}


@pytest.mark.parametrize("knee_back", [0.03, -0.03, 0.0])
def test_a_robots_knee_link_offset_does_not_turn_it_around(knee_back: float):
    """Robots (JVRC-1, Booster T1, Apptronik Apollo, Bioloid) have knee joints 4-7 % of the leg off the
    hip -> ankle line, either way, on straight legs; that read as a bend turned them around, every left bone
    mapped to the right. A Z-up file's convention (left = the positive side of the nearest axis, REP-103's +Y)
    outweighs it."""
    roles = map_without_names(_robot(knee_back))
    assert roles["link_10"] == "thigh_l" and roles["link_20"] == "thigh_r", roles
    assert roles["link_50"] == "upperarm_l" and roles["link_60"] == "upperarm_r", roles


def test_a_declared_forward_axis_outweighs_foot_links_pointing_back():
    """URDF / MJCF files declare their facing (REP-103: +X; the importer sets ``forward_axis``): foot plates and
    knee links pointing back (ROBOTIS OP3, ToddlerBot, Romeo, Unitree H2 with their names stripped) turned the body
    around when only cues decided."""
    plain = _robot(0.0, toes=-0.06)
    assert map_without_names(plain)["link_10"] == "thigh_r"  # the cues alone: turned around
    roles = map_without_names({**plain, "forward_axis": "+x"})
    assert roles["link_10"] == "thigh_l" and roles["link_20"] == "thigh_r", roles
    assert roles["link_50"] == "upperarm_l" and roles["link_60"] == "upperarm_r", roles


def test_two_level_feet_overrule_a_wrong_forward_axis():
    """A declaration is a prior, not a fact: a body modelled facing -X (two level feet say so) keeps its sides when
    its file claims +X. (Its knees do not vote: in a file that declares its facing, a robot description, knee-link
    offsets are construction; IME's AX-12 humanoid, held-out batch 889, had them outvote REP-103 with its short
    ankle-roll links.)"""
    roles = map_without_names({**_robot(-0.03, toes=0.15, swap=True, toe_z=0.05), "forward_axis": "+x"})
    assert roles["link_10"] == "thigh_l" and roles["link_50"] == "upperarm_l", roles


def test_a_y_up_body_facing_minus_z_keeps_its_bent_knees_say():
    """Y-up files face +Z (glTF, Maya) or -Z (Roblox, VRM 0.x): no convention overrules knees bent forward."""
    roles = map_without_names(_robot(-0.03, swap=True, y_up=True))
    assert roles["link_10"] == "thigh_l" and roles["link_50"] == "upperarm_l", roles


def test_feet_pointing_forward_outvote_the_convention():
    """A body facing against the convention with two feet pointing forward: the feet decide."""
    roles = map_without_names(_robot(0.0, toes=0.12, swap=True))
    assert roles["link_10"] == "thigh_l" and roles["link_20"] == "thigh_r", roles


def test_geometry_helpers_are_consistent():
    d = _robot(0.0, y_up=True)
    pos = {b["name"]: np.array(b["position"]) for b in d["bones"]}
    assert pos["link_10"][0] > 0 and pos["link_3"][1] > pos["link_0"][1]  # left +X, up +Y


def _warnings(data: dict) -> tuple[list[str], dict[str, list[str]]]:
    from enginemind.families.bonemap.config import MapConfig
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.skeleton import Skeleton

    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(data), "ue5_manny")
    return [w for w in res.warnings if "axis convention" in w], res.doubts


def test_sides_that_rest_on_the_axis_convention_are_said_so():
    """A nameless body with no facing cue gets a warning, and its sided bones in doubt say why; feet pointing
    forward, or names that mark sides, settle the sides: no warning."""
    warned, doubts = _warnings(_robot(0.0))
    assert len(warned) == 1 and "swap the sides in the review" in warned[0]
    assert any("axis convention" in r for rs in doubts.values() for r in rs)
    assert not _warnings(_robot(0.0, toes=0.12))[0]
    named = _robot(0.0)
    side = {"1": "l_", "2": "r_", "5": "l_", "6": "r_"}  # the limbs' names mark their sides

    def mark(n: str | None) -> str | None:
        return n and re.sub(r"^link_(\d)(\d)$", lambda m: side[m.group(1)] + m.group(0), n)

    for b in named["bones"]:
        b["name"], b["parent"] = mark(b["name"]), mark(b["parent"])
    assert sum(b["name"].startswith("l_") for b in named["bones"]) == 8
    assert not _warnings(named)[0]


def test_thumbs_that_disagree_across_the_body_give_no_facing_cue():
    """Uebergame's paintball player (held-out batch 727), read without names: a gun chain beside the right hand's
    fingers ran backwards and was taken for that hand's thumb; its cue outweighed the feet and turned the body round.
    Mirror hands' thumbs agree once their parts across the shoulders are set aside; where they do not, neither
    counts."""
    from enginemind.families.bonemap.rig.skeleton import Skeleton
    from enginemind.families.bonemap.rig.solver.cues import thumb_hints
    from enginemind.families.bonemap.rig.solver.frame import Geo
    from tests.bonemap.helpers import mixamo_like

    def hands(gun: bool) -> list:
        d = mixamo_like(prefix="", fingers=False)
        b = d["bones"]
        for side, sx in (("Left", 1), ("Right", -1)):
            chain = [(f"{side}Thumb{k}", (x * sx, y, z)) for k, (x, y, z) in
                     enumerate(((67, 144, 3), (70, 143, 6), (72, 142, 8)), 1)]
            chain += [(f"{side}{f}{seg}", ((72 + 3 * seg) * sx, 145, 2 - 1.5 * k))
                      for k, f in enumerate(("Index", "Middle", "Ring", "Pinky")) for seg in (1, 2, 3)]
            for name, pos in chain:
                parent = f"{side}Hand" if name[-1] == "1" else name[:-1] + str(int(name[-1]) - 1)
                b.append({"name": name, "parent": parent, "position": list(pos)})
        if gun:
            b += [{"name": "GunRoot", "parent": "RightHand", "position": [-68, 147, 0]},
                  {"name": "GunTank", "parent": "GunRoot", "position": [-71, 148, -20]}]
        sk = Skeleton.from_dict(d)
        return thumb_hints(Geo(sk), (sk.index("LeftShoulder"), sk.index("RightShoulder")))

    plain = hands(gun=False)
    assert len(plain) == 2 and all(h[2] > 0 for h in plain)  # both thumbs point forward (+Z)
    assert hands(gun=True) == []


def test_a_hand_alone_is_not_read_as_a_body():
    """A first-person hand (held-out batch 729), nameless: a forearm stub, the hand and five three-bone fingers whose
    first joints share one point. The structure had read the hand as a pelvis, thumb and ring as legs, pinky and
    index as arms; a fan of four or more chains from one point is no pair of limbs."""
    bones = [{"name": "Bone", "parent": None, "position": [38.3, 1.8, -6.1]},
             {"name": "Bone.001", "parent": "Bone", "position": [22.0, 1.8, -4.9]}]
    tips = ((1.6, 1.1, 10.6), (-3.7, 1.8, -13.1), (-6.8, 1.8, -9.0), (-5.2, 1.8, -4.3), (-5.5, 1.8, 0.4))
    for k, tip in enumerate(tips):
        parent = "Bone.001"
        for seg in (1, 2, 3):
            name = f"Finger{k}.{seg}"
            t = (seg - 1) / 2
            pos = [7.5 + t * (tip[0] - 7.5), 1.8, -4.1 + t * (tip[2] + 4.1)]
            bones.append({"name": name, "parent": parent, "position": pos})
            parent = name
    got = map_without_names({"bones": bones, "up_axis": "y", "units": "cm"})
    body = {"pelvis", "thigh_l", "thigh_r", "calf_l", "calf_r", "upperarm_l", "upperarm_r", "foot_l", "foot_r"}
    assert not body & set(got.values()), got


def test_two_feet_at_45_degrees_are_a_sure_facing_despite_float_noise():
    """Two feet pointing forward and down at 45 degrees vote exactly the ``FACING_SURE`` threshold (0.5 each); in
    floating point the sum came out 0.9999999999999998 and the pose counted as unsure, so 'l_' letters on the
    body's right were followed (OxiHuman's code-built rig, held-out batch 1231, rebuilt here with other numbers)."""
    from enginemind.families.bonemap.config import MapConfig
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.skeleton import Skeleton

    bones: list[dict] = []
    add = bone_adder(bones)
    add("hips", None, (0.0, 0.95, 0.0))
    add("spine", "hips", (0.0, 1.2, 0.0))
    add("chest", "spine", (0.0, 1.45, 0.0))
    add("neck", "chest", (0.0, 1.55, 0.0))
    add("head", "neck", (0.0, 1.7, 0.0))
    for letter, x in (("l", -1.0), ("r", 1.0)):  # the letters name the viewer's sides: 'l_' lies at -X
        add(f"{letter}_shoulder", "chest", (0.18 * x, 1.45, 0.0))
        add(f"{letter}_elbow", f"{letter}_shoulder", (0.42 * x, 1.17, 0.0))
        add(f"{letter}_wrist", f"{letter}_elbow", (0.62 * x, 0.93, 0.0))
        add(f"{letter}_hip", "hips", (0.09 * x, 0.87, 0.0))
        add(f"{letter}_knee", f"{letter}_hip", (0.09 * x, 0.5, 0.0))
        add(f"{letter}_ankle", f"{letter}_knee", (0.09 * x, 0.12, 0.0))
        add(f"{letter}_foot", f"{letter}_ankle", (0.09 * x, 0.0, 0.12))
    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict({"bones": bones, "up_axis": "y", "units": "m"}),
                                                  "ue5_manny")
    assert [res.mapping[b] for b in ("l_knee", "r_knee", "l_elbow")] == ["calf_r", "calf_l", "lowerarm_r"]


def test_an_upper_body_holding_its_forearms_out_faces_where_they_reach():
    """Ragdoll Dynamics' pirate (held-out batch 1276), an upper body read without names: both forearms held out in
    front, fingers pointing forward, each thumb on the inner side of its hand. Taken whole, a thumb tip lies behind
    the other fingers' tips and voted the body backwards (every arm and finger bone mapped to the other side); only
    the thumb's offset across the fingers' way is a cue, and then the forearms' reach decides."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("spine_a", None, (0.0, 1.05, 0.0))
    add("spine_b", "spine_a", (0.0, 1.25, 0.0))
    add("chest", "spine_b", (0.0, 1.4, 0.0))
    add("neck", "chest", (0.0, 1.5, 0.0))
    add("head", "neck", (0.0, 1.62, 0.0))
    add("head_top", "head", (0.0, 1.8, 0.0))
    for tag, sx in (("a", 1.0), ("b", -1.0)):  # facing +Z (its forearms reach there): +X is its left
        add(f"clav_{tag}", "chest", (0.04 * sx, 1.42, 0.02))
        add(f"arm_{tag}", f"clav_{tag}", (0.18 * sx, 1.42, -0.02))
        add(f"fore_{tag}", f"arm_{tag}", (0.2 * sx, 1.15, 0.0))
        add(f"hand_{tag}", f"fore_{tag}", (0.22 * sx, 1.12, 0.26))
        for k, dx in enumerate((0.02, 0.0, -0.02, -0.04)):  # index .. pinky side by side, pointing forward
            parent = f"hand_{tag}"
            for seg in (1, 2, 3):
                add(f"f{k}{seg}_{tag}", parent, ((0.22 + dx) * sx, 1.11, 0.33 + 0.03 * seg))
                parent = f"f{k}{seg}_{tag}"
        parent = f"hand_{tag}"
        for seg, (x, y, z) in enumerate(((0.2, 1.1, 0.29), (0.18, 1.1, 0.32), (0.17, 1.1, 0.34)), 1):
            add(f"t{seg}_{tag}", parent, (x * sx, y, z))  # the thumb: inward, toward the midline
            parent = f"t{seg}_{tag}"
    roles = map_without_names({"bones": bones, "up_axis": "y", "units": "m"})
    assert (roles["arm_a"], roles["hand_a"], roles["arm_b"]) == ("upperarm_l", "hand_l", "upperarm_r"), roles
