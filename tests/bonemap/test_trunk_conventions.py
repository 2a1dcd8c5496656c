"""Trunk conventions seen on held-out rigs: a centre-of-mass node above the pelvis (Bethesda games), a control
prefix on every deform bone (Crystal Space's Frankie), 3ds Max Biped hips that the geometry alone cannot settle
(LayaAir's Biped characters)."""

from __future__ import annotations

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like


def _map(data: dict) -> dict[str, str | None]:
    return Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(data), "ue5_manny").mapping


def _renamed(data: dict, names: dict[str, str]) -> dict:
    for b in data["bones"]:
        b["name"] = names.get(b["name"], b["name"])
        b["parent"] = names.get(b["parent"], b["parent"])
    return data


def test_a_centre_of_mass_node_above_the_pelvis_is_not_the_pelvis():
    """Bethesda's 'NPC COM [COM ]' (Starfield's 'COM') carries the spine and 'NPC Pelvis [Pelv]', which carries
    the legs, a few millimetres below it (held-out batch 245: all five skeletons had their pelvis left null)."""
    data = _renamed(mixamo_like(prefix=""), {"Hips": "NPC Pelvis [Pelv]"})
    data["bones"].insert(0, {"name": "NPC COM [COM ]", "parent": None, "position": [0, 100.3, 0]})
    for b in data["bones"]:
        if b["name"] == "NPC Pelvis [Pelv]":
            b["parent"] = "NPC COM [COM ]"
        if b["name"] == "Spine":
            b["parent"] = "NPC COM [COM ]"
    got = _map(data)
    assert got["NPC Pelvis [Pelv]"] == "pelvis" and got["NPC COM [COM ]"] != "pelvis", got


def test_mass_markers_on_the_segments_leave_the_centre_of_mass_named():
    """Starfield's skeleton (held-out batch 501) hangs mass markers on its segments ('L_ArmMass', 'R_CalfMass') beside
    its one 'COM' above 'C_Hips': with several centre-of-mass names all were taken for segment markers, and 'COM',
    left unnamed, took the pelvis from 'C_Hips'. The one named by the word alone stays the centre of mass."""
    data = _renamed(mixamo_like(prefix=""), {"Hips": "C_Hips"})
    data["bones"].insert(0, {"name": "COM", "parent": None, "position": [0, 100, 0]})
    for b in data["bones"]:
        if b["name"] in ("C_Hips", "Spine"):
            b["parent"] = "COM"
        if b["name"] == "C_Hips":
            b["position"] = [0, 100, 0]
    data["bones"] += [{"name": f"{s}_{part}Mass", "parent": f"{side}{parent}", "position": [x * sx, y, 0]}
                      for s, side, sx in (("L", "Left", 1), ("R", "Right", -1))
                      for part, parent, x, y in (("Arm", "Arm", 25, 145), ("Calf", "Leg", 10, 30))]
    got = _map(data)
    assert got["C_Hips"] == "pelvis" and got["COM"] != "pelvis", got


def test_a_control_prefix_on_every_deform_bone_is_the_rigs_naming():
    """Crystal Space's Frankie (held-out batch 246) deforms with 'CTRL_Pelvis', 'CTRL_FK_Humerus.L': read as
    control markers, every body bone had been left null by its name."""
    base = mixamo_like(prefix="", fingers=False)
    data = _renamed(base, {b["name"]: "CTRL_" + b["name"] for b in base["bones"]})
    data["bones"] += [{"name": f"Tail_{k}", "parent": "CTRL_Hips" if k == 1 else f"Tail_{k - 1}",
                       "position": [0, 95 - 5 * k, -10 - 8 * k]} for k in range(1, 6)]
    got = _map(data)
    assert (got["CTRL_Hips"], got["CTRL_LeftArm"], got["CTRL_RightUpLeg"], got["CTRL_Head"]) == \
        ("pelvis", "upperarm_l", "thigh_r", "head"), got
    mixed = _renamed(mixamo_like(prefix="", fingers=False), {})  # real controls beside named deform bones
    mixed["bones"] += [{"name": f"CTRL_{n}", "parent": None, "position": p} for n, p in
                       (("Hand_IK.L", [65, 145, 0]), ("Foot_IK.L", [10, 8, 0]), ("Hips", [0, 100, 0]),
                        ("Root", [0, 0, 0]), ("Chest", [0, 135, 0]), ("Hand_IK.R", [-65, 145, 0]),
                        ("Foot_IK.R", [-10, 8, 0]), ("Head", [0, 160, 0]), ("Neck", [0, 150, 0]))]
    assert _map(mixed)["CTRL_Hips"] is None


def _biped(low: bool, flaps: bool) -> dict:
    """A 3ds Max Biped in its default hierarchy: the thighs under 'Bip001 Spine', the clavicles under the neck;
    ``low``: a chibi whose pelvis sits under a fifth of its height; ``flaps``: bones on the pelvis that reach
    above it (hip flaps)."""
    b: list[dict] = []

    def add(name: str, parent: str | None, pos: tuple[float, float, float]) -> None:
        b.append({"name": name, "parent": parent, "position": list(pos)})

    hip = 18.0 if low else 100.0
    top = 100.0 if low else 180.0
    add("Bip001", None, (0, hip, 0))
    add("Bip001 Pelvis", "Bip001", (0, hip, 0))
    add("Bip001 Spine", "Bip001 Pelvis", (0, hip + 5, 0))
    add("Bip001 Spine1", "Bip001 Spine", (0, hip + 0.35 * (top - hip), 0))
    add("Bip001 Neck", "Bip001 Spine1", (0, hip + 0.7 * (top - hip), 0))
    add("Bip001 Head", "Bip001 Neck", (0, hip + 0.78 * (top - hip), 0))
    add("Bip001 HeadNub", "Bip001 Head", (0, top, 0))
    for s, sx in (("L", 1), ("R", -1)):
        y = hip + 0.68 * (top - hip)
        add(f"Bip001 {s} Clavicle", "Bip001 Neck", (4 * sx, y, 0))
        add(f"Bip001 {s} UpperArm", f"Bip001 {s} Clavicle", (12 * sx, y, 0))
        add(f"Bip001 {s} Forearm", f"Bip001 {s} UpperArm", (32 * sx, y, 0))
        add(f"Bip001 {s} Hand", f"Bip001 {s} Forearm", (50 * sx, y, 0))
        add(f"Bip001 {s} Thigh", "Bip001 Spine", (9 * sx, hip, 0))
        add(f"Bip001 {s} Calf", f"Bip001 {s} Thigh", (9 * sx, hip / 2, 0))
        add(f"Bip001 {s} Foot", f"Bip001 {s} Calf", (9 * sx, 3, 0))
        add(f"Bip001 {s} Toe0", f"Bip001 {s} Foot", (9 * sx, 0, 8))
        if flaps:
            add(f"Bone00{1 if s == 'L' else 2}", "Bip001 Pelvis", (25 * sx, hip + 8, 0))
    return {"bones": b}


def test_biped_hips_that_the_geometry_cannot_settle_are_left_to_the_names():
    """LayaAir's Biped characters (held-out batch 248): a chibi whose 'Bip001 Pelvis' sits under a fifth of its
    height, and one whose pelvis carries hip flaps reaching above it. The thighs hang from 'Bip001 Spine'; the
    names say which is the pelvis (they had been read one bone low: Spine as the pelvis, the pelvis null)."""
    for low, flaps in ((True, False), (False, True)):
        got = _map(_biped(low, flaps))
        assert (got["Bip001 Pelvis"], got["Bip001 Spine"]) == ("pelvis", "spine_01"), (low, flaps, got)
    plain = _map(_biped(False, False))
    assert (plain["Bip001 Pelvis"], plain["Bip001 Spine"]) == ("pelvis", "spine_01"), plain


def test_a_midpoint_named_mid_that_carries_arms_and_head_is_no_middle_finger():
    """A dance dataset's 23 nameless points (held-out batch 538) came with two midpoints named 'mid_03_12' (the
    neck) and 'mid_00_01': 'mid' is a middle finger's word, every nameless bone below took the finger from its
    parent, and the body read as one hand (0 of 15 bones right). A finger does not branch."""
    data = mixamo_like(prefix="", fingers=False)
    names = {b["name"]: f"p{k:02d}" for k, b in enumerate(data["bones"])}
    names["Spine2"] = "mid_03_12"
    got = _map(_renamed(data, names))
    assert got[names["Hips"]] == "pelvis"
    for side, s in (("Left", "l"), ("Right", "r")):
        assert got[names[f"{side}Arm"]] == f"upperarm_{s}" and got[names[f"{side}Hand"]] == f"hand_{s}", got
