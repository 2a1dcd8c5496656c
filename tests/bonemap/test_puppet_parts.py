"""Rigid-part puppets named by hand: a jaw on the neck joint, a pointing finger among named fingers."""

from __future__ import annotations

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton


def _bones(rows: list[tuple[str, str | None, tuple[float, float, float]]]) -> Skeleton:
    return Skeleton.from_dict({"bones": [{"name": n, "parent": p, "position": list(x)} for n, p, x in rows],
                               "up_axis": "y", "units": "m"})


def _puppet(extra: list[tuple[str, str | None, tuple[float, float, float]]]) -> Skeleton:
    """A puppet of rigid pieces on empties (a fighting game's summoned marionette, held-out batch 1411): one trunk
    joint at the shoulders that the legs hang from, a neck joint that carries the skull, no feet or fingers."""
    rows = [("J_body", None, (0, 0, 0)), ("J_chest", "J_body", (0, 1.7, 0)), ("J_neck", "J_chest", (0, 1.78, 0.1))]
    for s, x in (("L", 0.3), ("R", -0.3)):
        rows += [(f"J_sh{s}", "J_chest", (x, 1.72, 0)), (f"J_el{s}", f"J_sh{s}", (x, 0.95, 0)),
                 (f"J_hand{s}", f"J_el{s}", (x, 0.1, 0)), (f"J_hip{s}", "J_chest", (x / 3, 0.8, 0)),
                 (f"J_knee{s}", f"J_hip{s}", (x / 3, 0.15, 0.03))]
    return _bones(rows + extra)


def test_a_jaw_on_the_neck_joint_is_not_the_head():
    """'J_neck' carries the skull, with 'J_jaw' and 'J_hair' on it: the jaw, a leaf standing clear of the neck, had
    taken the head."""
    sk = _puppet([("J_jaw", "J_neck", (0, 1.88, 0.14)), ("J_hair", "J_neck", (0, 2.05, 0.1))])
    got = Mapper().map(sk, "ue5_manny").mapping
    assert got["J_jaw"] is None and got["J_hair"] is None, got
    assert got["J_neck"] == "head", got
    assert [got[f"J_hand{s}"] for s in "LR"] == ["hand_l", "hand_r"], got


def test_a_leaf_on_the_neck_named_like_the_forehead_is_still_the_head():
    """The other side of the jaw rule: a face word that is not the jaw or an eye (a mocap set's 'forehead' joint
    over its neck) stands for the head."""
    sk = _puppet([("forehead", "J_neck", (0, 1.95, 0.12))])
    assert Mapper().map(sk, "ue5_manny").mapping["forehead"] == "head"


def _golem_hand(point: str) -> Skeleton:
    """A dungeon crawler's golem (held-out batch 1408): rigid parts, fingers named 'thumb_left', 'point_left',
    'middle_left', 'pinkie_left' under the third arm part."""
    rows = [("Body", None, (0, 2.4, 0)), ("Leg_left", "Body", (0.4, 1.3, 0)), ("Leg_right", "Body", (-0.4, 1.3, 0))]
    for side, x in (("left", 1), ("right", -1)):
        rows += [(f"Arm_{side}1", "Body", (1.1 * x, 2.85, 0.1)), (f"Arm_{side}2", f"Arm_{side}1", (1.8 * x, 2.2, 0.15)),
                 (f"Arm_{side}3", f"Arm_{side}2", (2.0 * x, 0.9, 0.15))]
        for finger, (a, b) in zip(("thumb", point, "middle", "pinkie"), ((1.5, 0.1), (1.7, 0.6), (2.1, 0.55),
                                                                          (2.45, 0.4)), strict=True):
            rows.append((f"{finger}_{side}", f"Arm_{side}3", (a * x, 0.1, b)))  # a fan: the thumb back, the rest ahead
    return _bones(rows)


def test_the_pointing_finger_among_named_fingers_is_the_index():
    got = Mapper().map(_golem_hand("point"), "ue5_manny").mapping
    assert [got[f"{f}_left"] for f in ("thumb", "point", "middle", "pinkie")] == \
        ["thumb_01_l", "index_01_l", "middle_01_l", "pinky_01_l"], got
    assert got["point_right"] == "index_01_r", got


def test_a_point_helper_without_finger_siblings_names_no_finger():
    """'point' alone is a locator word (3ds Max's 'Point001' helpers): a hand's 'point' leaf beside no finger-named
    bone is not read as the index finger."""
    sk = _golem_hand("stone")
    sk = _bones([(b.name, b.parent, tuple(b.position)) for b in sk.bones if not b.name.startswith(("thumb", "middle",
                                                                                                   "pinkie", "stone"))]
                + [("point_left", "Arm_left3", (1.7, 0.1, 0.6))])
    assert Mapper().map(sk, "ue5_manny").mapping["point_left"] != "index_01_l"
