"""Animal necks and heads: the neck not up a pair of helpers on the chest, the head not up a flame on the skull."""

from __future__ import annotations

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import bone_adder


def _deer() -> dict:
    """A student game's deer (held-out batch 1438), simplified: the spine runs along +X to 'be_chest', an end joint
    with 'bn_chest' stacked on its point; 'bn_chest' carries the front legs, two driver chains 'jDRV_l_scapula' >
    'bn_l_scapula' and two IK leaves 'ik_l_scapula' a little above it; the neck leaves 'be_chest'. Y up, facing
    +X, left -Z."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("bn_root", None, (-0.7, 1.1, 0))
    add("bn_spineA1", "bn_root", (-0.4, 1.1, 0))
    add("bn_spineB1", "bn_spineA1", (-0.1, 1.1, 0))
    add("be_chest", "bn_spineB1", (0.16, 1.07, 0))
    add("bn_chest", "be_chest", (0.16, 1.07, 0))
    add("bn_neckA1", "be_chest", (0.32, 1.12, 0))
    add("bn_neckB1", "bn_neckA1", (0.46, 1.26, 0))
    add("bn_head", "bn_neckB1", (0.53, 1.44, 0))
    add("be_head", "bn_head", (0.75, 1.35, 0))
    add("bn_pelvis", "bn_root", (-0.7, 1.1, 0))
    for s, z in (("l", -1), ("r", 1)):
        add(f"bn_{s}_humerus", "bn_chest", (0.1, 0.8, 0.15 * z))
        add(f"bn_{s}_radius", f"bn_{s}_humerus", (0.25, 0.5, 0.12 * z))
        add(f"bn_{s}_hand", f"bn_{s}_radius", (0.2, 0.1, 0.12 * z))
        add(f"be_{s}_fingers", f"bn_{s}_hand", (0.28, 0.0, 0.12 * z))
        add(f"jDRV_{s}_scapula", "bn_chest", (0.1, 0.8, 0.17 * z))
        add(f"bn_{s}_scapula", f"jDRV_{s}_scapula", (0.1, 1.1, 0.18 * z))
        add(f"ik_{s}_scapula", "bn_chest", (0.13, 1.16, 0.15 * z))
        add(f"bn_{s}_femur", "bn_pelvis", (-0.7, 1.05, 0.18 * z))
        add(f"bn_{s}_tibia", f"bn_{s}_femur", (-0.65, 0.75, 0.18 * z))
        add(f"bn_{s}_cannon", f"bn_{s}_tibia", (-0.9, 0.5, 0.18 * z))
        add(f"bn_{s}_hoof", f"bn_{s}_cannon", (-0.88, 0.08, 0.18 * z))
        add(f"be_{s}_toes", f"bn_{s}_hoof", (-0.8, 0.0, 0.18 * z))
    return {"bones": bones, "up_axis": "y", "units": "m"}


def test_the_neck_leaves_the_chests_stacked_parent_not_a_pair_of_helpers():
    got = Mapper().map(Skeleton.from_dict(_deer()), "ue5_manny").mapping
    assert (got["bn_neckA1"], got["bn_neckB1"], got["bn_head"]) == ("neck_01", "neck_02", "head"), got
    assert got["ik_l_scapula"] is None and got["ik_r_scapula"] is None, got


def test_the_same_deer_without_names_finds_its_head():
    d = _deer()
    new = {b["name"]: f"joint{i}" for i, b in enumerate(d["bones"])}
    for b in d["bones"]:
        b["name"], b["parent"] = new[b["name"]], new.get(b["parent"]) if b["parent"] else None
    got = Mapper().map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert got[new["bn_head"]] == "head", got
    assert got[new["ik_l_scapula"]] is None and got[new["ik_r_scapula"]] is None, got


def test_a_head_stacked_under_copies_of_itself_keeps_the_head_from_a_nameless_flame_above():
    """A Pokemon mod's Infernape (held-out batch 1442): 'head' > 'head_correction' > 'head_ai' > 'head_angle', all on
    one point, carry the face and a flame 'fire' > 'fire2' > 'fire3' rising above the skull; the solver ran the neck
    line up the flame and read 'fire2' as the head."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("body", None, (0, 0, 0))
    add("waist", "body", (0, 1.34, 0))
    add("chest", "waist", (0, 1.78, 0))
    add("neck", "chest", (0, 2.28, 0))
    add("head", "neck", (0, 2.39, 0))
    add("head_correction", "head", (0, 2.39, 0))
    add("head_ai", "head_correction", (0, 2.39, 0))
    add("head_angle", "head_ai", (0, 2.39, 0))
    add("jaw", "head_angle", (0, 2.44, 0.28))
    add("fire", "head_angle", (0, 2.78, 0.16))
    add("fire2", "fire", (0, 3.08, 0))
    add("fire3", "fire2", (0, 3.14, -0.38))
    for s, x in (("left", 1), ("right", -1)):
        add(f"eye_{s}", "head_angle", (0.17 * x, 2.69, 0.31))
        add(f"arm_{s}", "chest", (0.25 * x, 2.25, 0))
        add(f"arm_{s}2", f"arm_{s}", (1.0 * x, 2.16, -0.09))
        add(f"hand_{s}", f"arm_{s}2", (1.5 * x, 2.16, 0))
        add(f"leg_{s}", "body", (0.3 * x, 1.2, 0))
        add(f"leg_{s}2", f"leg_{s}", (0.35 * x, 0.6, 0.1))
        add(f"foot_{s}", f"leg_{s}2", (0.35 * x, 0.1, 0))
    got = Mapper().map(Skeleton.from_dict({"bones": bones, "up_axis": "y", "units": "m"}), "ue5_manny").mapping
    assert got["head"] == "head" and got["fire2"] is None and got["fire"] is None, got

