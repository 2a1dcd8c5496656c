"""Finger words that name no finger: chains named like fingers that hang from the head."""

from __future__ import annotations

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like


def test_tentacles_named_like_middle_fingers_on_the_head_are_no_fingers():
    """Davy Jones's beard (Pirates of the Caribbean Online, held-out batch 1386): 'def_head' carries face tentacles,
    'def_left_middle_tent_0' .. '_3' (the middle tentacle of each side) beside 'def_left_tent1_0' .. 'tent5'. His
    left hand is a crab's claw, with no fingers. Read as middle fingers, the tentacles took the left hand's
    middle-finger roles and left the head unmapped."""
    d = mixamo_like(prefix="def_")
    d["bones"] = [b for b in d["bones"] if not b["name"].startswith("def_LeftHand") or b["name"] == "def_LeftHand"]
    for side, sx in (("left", 1), ("right", -1)):
        for t, tentacle in enumerate(("middle_tent", "tent1", "tent2", "tent3", "tent4", "tent5")):
            parent = "def_Head"
            for k in range(4):  # the beard hangs from the chin to the chest, a fan of chains on the head
                name = f"def_{side}_{tentacle}_{k}"
                d["bones"].append({"name": name, "parent": parent,
                                   "position": [sx * (2 + 2 * t), 150 - 10 * k, 9 + k - t]})
                parent = name
    got = Mapper().map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert got["def_Head"] == "head", got
    assert all(got[f"def_{s}_middle_tent_{k}"] is None for s in ("left", "right") for k in range(4)), got
    assert [got[f"def_RightHandMiddle{k}"] for k in (1, 2, 3)] == [f"middle_0{k}_r" for k in (1, 2, 3)], got
