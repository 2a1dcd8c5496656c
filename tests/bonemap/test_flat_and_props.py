"""Traps of held-out batches 1214, 1334 and 1353: a far prop with a tip leaf hung beside an arm (a climber's rock), a
flat export that lists its spine bones out of order, misspelt limb words ('tigh', 'forarm'), and a flat hand whose
segment words are cut short ('index_proxPhalanx_R')."""

from __future__ import annotations

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import bone_adder, map_without_names, mixamo_like


def test_a_far_prop_with_a_tip_beside_the_arm_leaves_the_arms_paired_without_names() -> None:
    d = mixamo_like(prefix="", fingers=False)
    add = bone_adder(d["bones"])
    for side, x in (("Left", 1), ("Right", -1)):
        add(f"{side}Hand_end", f"{side}Hand", (75 * x, 145, 0))  # a Blender export's tip leaves
    add("Rock", "RightShoulder", (-95, 90, 0))  # a metre out from the shoulder, longer than the whole arm
    add("Rock_end", "Rock", (-95, 120, 0))  # the exporter's tip leaf
    got = map_without_names(d)
    for side, s in (("Left", "l"), ("Right", "r")):
        assert [got[f"{side}{b}"] for b in ("Arm", "ForeArm", "Hand")] == \
            [f"upperarm_{s}", f"lowerarm_{s}", f"hand_{s}"]
    assert got["Rock"] is None


def _flat_upper_body(spines: list[tuple[str, float]]) -> dict:
    """Every bone hung from the root, as a flat export leaves them (Y up, +X = character left)."""
    bones: list[dict] = []
    add = bone_adder(bones)
    add("tower_root", None, (0, 2.1, 0))
    for name, y in spines:
        add(name, "tower_root", (0, y, 0))
    add("head", "tower_root", (0, 3.3, 0))
    for s, x in (("l", 1), ("r", -1)):
        add(f"{s}_uparm", "tower_root", (0.22 * x, 3.16, 0))
        add(f"{s}_forarm", "tower_root", (0.82 * x, 3.15, 0))
        add(f"{s}_hand", "tower_root", (1.14 * x, 3.15, 0))
    return {"bones": bones, "up_axis": "y", "units": "m"}


def test_flat_spine_bones_take_their_order_from_height_not_from_the_file() -> None:
    for spines in ([("spine02", 2.7), ("spine01", 2.42)], [("spine01", 2.42), ("spine02", 2.7)]):
        got = Mapper().map(Skeleton.from_dict(_flat_upper_body(spines)), "ue5_manny").mapping
        assert (got["spine01"], got["spine02"]) == ("spine_01", "spine_05")
        assert (got["l_forarm"], got["r_forarm"]) == ("lowerarm_l", "lowerarm_r")


def test_misspelt_thigh_and_forearm_words_are_read() -> None:
    tigh, forarm = analyse_names(["L_tigh", "l_forarm"])
    assert "thigh" in tigh.concepts and "lowerarm" in forarm.concepts


def test_a_flat_hand_with_segment_words_cut_short_rebuilds_its_fingers() -> None:
    bones: list[dict] = []
    add = bone_adder(bones)  # a WebXR hand mesh's joints, all hung flat from its root (Y up along the fingers)
    add("root_R", None, (0, 0, 0))
    add("wrist_R", "root_R", (0, 0.0, 0))
    for f, x, meta in (("index", 0.02, 0.08), ("middle", 0.0, 0.085), ("ring", -0.02, 0.08), ("little", -0.038, 0.07)):
        add(f"{f}_metacarpal_R", "root_R", (x * 0.4, 0.01, 0))
        for k, seg in enumerate(("proxPhalanx", "intPhalanx", "distPhalanx", "tip")):
            add(f"{f}_{seg}_R", "root_R", (x, meta + 0.025 * k, 0))
    add("thumb_metacarpal_R", "root_R", (0.02, 0.015, 0.01))
    for k, seg in enumerate(("proxPhalanx", "distPhalanx", "tip")):
        add(f"thumb_{seg}_R", "root_R", (0.045 + 0.012 * k, 0.04 + 0.02 * k, 0.02))
    got = Mapper().map(Skeleton.from_dict({"bones": bones, "up_axis": "y", "units": "m"}), "ue5_manny").mapping
    assert got["wrist_R"] == "hand_r"
    for f, t in (("index", "index"), ("middle", "middle"), ("ring", "ring"), ("little", "pinky")):
        assert [got[f"{f}_{s}_R"] for s in ("proxPhalanx", "intPhalanx", "distPhalanx")] == \
            [f"{t}_0{k}_r" for k in (1, 2, 3)]
