"""Trunk conventions seen on held-out rigs: a centre-of-mass node above the pelvis (Bethesda games), a control
prefix on every deform bone (Crystal Space's Frankie), 3ds Max Biped hips that the geometry alone cannot settle
(LayaAir's Biped characters)."""

from __future__ import annotations

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import map_without_names, mixamo_like


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


def test_a_centre_of_mass_node_carrying_only_the_pelvis_gives_way_to_it():
    """Bethesda's dragon (held-out batch 1441): 'NPC COM' carries 'NPC Pelvis' alone, which carries the spine and
    the legs. The target keeps its centre of mass a leaf beside the pelvis, so the two could not both map; the
    hierarchy repair dropped the pelvis, the weaker of the pair only by its place below."""
    data = _renamed(mixamo_like(prefix=""), {"Hips": "NPC Pelvis"})
    data["bones"].insert(0, {"name": "NPC COM", "parent": None, "position": [0, 100, 0]})
    for b in data["bones"]:
        if b["name"] == "NPC Pelvis":
            b["parent"] = "NPC COM"
    got = _map(data)
    assert got["NPC Pelvis"] == "pelvis" and got["Spine"] == "spine_01", got

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


def test_fins_named_as_spine_and_shoulder_copies_give_way_to_the_arms_the_names_spell():
    """A metaverse dragon (held-out batch 553, metres, Y up, facing -Z): fins 'spine.001' > 'spine.004' .. from the
    spine and wings 'shoulder.L.001' .. reach past the arms, and the solver took them for the arms; the names spell
    each arm out ('shoulder.L' > 'upper_arm.L' > 'lower_arm.L' > 'hand.L'). Chains no name calls an arm are read
    again without, as nameless ones were."""
    bones = [("root", None, (0, 0.03, -0.14)), ("hips", "root", (0, 0.16, -0.02)),
             ("spine", "hips", (0, 0.19, -0.1)), ("chest", "spine", (0, 0.22, -0.14)),
             ("neck", "chest", (0, 0.3, -0.2)), ("head", "neck", (0, 0.45, -0.22))]
    for s, x in (("L", -1), ("R", 1)):
        chains = [("chest", [("shoulder", 0.01, 0.3, -0.2), ("upper_arm", 0.1, 0.3, -0.2),
                             ("lower_arm", 0.27, 0.29, -0.19), ("hand", 0.38, 0.26, -0.2)]),
                  (f"shoulder.{s}", [("shoulder.{s}.001", 0.09, 0.33, -0.17), ("shoulder.{s}.002", 0.21, 0.44, -0.07),
                                     ("shoulder.{s}.003", 0.38, 0.59, -0.08), ("shoulder.{s}.004", 0.45, 0.64, -0.14)]),
                  ("spine", [("spine.00{}", 0.05, 0.24, -0.1), ("spine.00{}", 0.23, 0.32, 0.0),
                             ("spine.00{}", 0.4, 0.38, -0.07), ("spine.00{}", 0.46, 0.39, -0.19)]),
                  ("hips", [("upper_leg", 0.09, 0.18, -0.02), ("lower_leg", 0.13, 0.1, -0.02),
                            ("foot", 0.13, 0.04, 0.01)])]
        fins = iter((1, 4, 5, 8) if s == "R" else (2, 3, 6, 7))
        for parent, chain in chains:
            for name, px, py, pz in chain:
                name = name.format(next(fins)) if name.startswith("spine") else name.format(s=s)
                name = name if "." in name else f"{name}.{s}"
                bones.append((name, parent, (px * x, py, pz)))
                parent = name
    got = _map({"bones": [{"name": n, "parent": p, "position": list(xyz)} for n, p, xyz in bones], "up_axis": "y"})
    for s in ("L", "R"):
        assert got[f"upper_arm.{s}"] == f"upperarm_{s.lower()}" and got[f"hand.{s}"] == f"hand_{s.lower()}", got
    assert all(got[f"spine.00{k}"] is None for k in range(1, 9))


def test_a_chest_root_carrying_the_waist_and_legs_is_not_the_pelvis():
    """Resident Evil 2's Leon (held-out batch 568): 'chest' is the root, with the head and arms, and 'waist' below it
    carries the legs. The names' trunk rule took the bone above both legs and head (the chest) as the pelvis."""
    bones = [("chest", None, (0, 1.09, 0)), ("waist", "chest", (0, 1.1, -0.02)), ("head", "chest", (0, 1.51, -0.06))]
    for side, x in (("right", -1), ("left", 1)):
        bones += [(f"thigh ({side})", "waist", (0.12 * x, 1.03, -0.02)),
                  (f"calf ({side})", f"thigh ({side})", (0.1 * x, 0.58, -0.01)),
                  (f"foot ({side})", f"calf ({side})", (0.11 * x, 0.09, -0.04)),
                  (f"upper arm ({side})", "chest", (0.22 * x, 1.5, -0.04)),
                  (f"forearm ({side})", f"upper arm ({side})", (0.27 * x, 1.21, -0.04)),
                  (f"hand ({side})", f"forearm ({side})", (0.3 * x, 0.94, -0.04))]
    got = _map({"bones": [{"name": n, "parent": p, "position": list(xyz)} for n, p, xyz in bones], "up_axis": "y"})
    assert got["waist"] == "pelvis" and (got["chest"] or "").startswith("spine_"), got


def _control_behind() -> dict:
    """A home-made Blender rig (a Brazilian student game's climber and caveman, held-out batch 1232, rebuilt on the
    Mixamo-like body): a control at hip height 25 cm behind the body carries a legs' bone and the spine's first bone,
    both on one point 10 cm above the thighs' tops."""
    data = mixamo_like(prefix="", fingers=False)
    for b in data["bones"]:
        if b["name"] in ("LeftUpLeg", "RightUpLeg"):
            b["parent"] = "Hip"
        if b["name"] == "Spine":
            b["parent"] = "Belly"
    data["bones"] = [b for b in data["bones"] if b["name"] != "Hips"]
    data["bones"][:0] = [{"name": "MASTER", "parent": None, "position": [0, 104, -25]},
                         {"name": "Hip", "parent": "MASTER", "position": [0, 105, 0]},
                         {"name": "Belly", "parent": "MASTER", "position": [0, 105, 0]}]
    return data


def test_a_control_behind_the_body_leaves_the_pelvis_to_the_bone_the_legs_hang_from():
    got = _map(_control_behind())
    assert (got["MASTER"], got["Hip"], got["Belly"]) == (None, "pelvis", "spine_01")
    nameless = map_without_names(_control_behind())
    assert (nameless["MASTER"], nameless["Hip"]) == (None, "pelvis")


def test_a_node_whose_name_says_nothing_over_the_hips_and_the_torso_is_not_the_pelvis():
    """Jedi Knight's '$$$dummy' carries 'k_hip' with the legs and 'k_torso' beside it (held-out batch 1305): the
    branch point of legs and spine is a scene node, and the hips-named bone is the pelvis."""
    data = _renamed(mixamo_like(prefix="", fingers=False), {"Hips": "k_hip"})
    data["bones"].insert(0, {"name": "$$$dummy", "parent": None, "position": [0, 100, 0]})
    for b in data["bones"]:
        if b["name"] in ("k_hip", "Spine"):
            b["parent"] = "$$$dummy"
    got = _map(data)
    assert got["k_hip"] == "pelvis" and got["$$$dummy"] is None, got
