"""A rig with one spine bone between the pelvis and the chest (game rigs of few bones: 'torso', 'UpBody',
'Oberkoerper'). The arms hang from it, so it is the chest as much as the spine's base: held-out labellers call it
spine_05 for Manny (brief: the bone carrying the clavicles and the neck is spine_05), and the mapper had put it on
spine_01 (12 bones in batches 1201-1295). Unity's and VRM's Humanoid need their bottom spine bone ('Spine' is
required there), so where a lone spine goes is the target's to say (``Target.lone_spine``)."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import map_without_names, mixamo_like


def _one_spine_bone(name: str = "Torso") -> dict:
    """Mixamo-like body whose spine is one bone at mid-chest carrying the neck and both clavicles."""
    data = mixamo_like(prefix="", fingers=False)
    data["bones"] = [b for b in data["bones"] if b["name"] not in ("Spine1", "Spine2")]
    for b in data["bones"]:
        if b["name"] == "Spine":
            b["name"], b["position"] = name, [0, 125, 0]
        if b["parent"] in ("Spine", "Spine2"):
            b["parent"] = name
    return data


@pytest.mark.parametrize(("target", "expected"), [("ue5_manny", "spine_05"), ("ue4_mannequin", "spine_03"),
                                                  ("mixamo", "mixamorig:Spine2"), ("unity_humanoid", "Spine"),
                                                  ("vrm_humanoid", "spine")])
def test_a_lone_spine_bone_carrying_the_arms_goes_where_the_target_says(target, expected):
    got = Mapper().map(Skeleton.from_dict(_one_spine_bone()), target).mapping
    assert got["Torso"] == expected, got


def test_a_lone_spine_bone_without_names_is_the_chest_too():
    assert map_without_names(_one_spine_bone())["Torso"] == "spine_05"


def test_two_spine_bones_keep_the_bottom_and_the_top():
    data = _one_spine_bone("Chest")
    data["bones"].insert(1, {"name": "Spine", "parent": "Hips", "position": [0, 110, 0]})
    for b in data["bones"]:
        if b["name"] == "Chest":
            b["parent"] = "Spine"
    got = Mapper().map(Skeleton.from_dict(data), "ue5_manny").mapping
    assert (got["Spine"], got["Chest"]) == ("spine_01", "spine_05"), got


def test_a_lone_spine_bone_the_arms_do_not_hang_from_stays_at_the_bottom():
    """Simple game rigs hang clavicle-less arms from the neck (Lugaru): the one spine bone carries only the neck,
    and keeps the run's bottom place."""
    data = _one_spine_bone()
    data["bones"] = [b for b in data["bones"] if not b["name"].endswith("Shoulder")]
    for b in data["bones"]:
        if b["name"].endswith("Arm") and "Fore" not in b["name"]:
            b["parent"] = "Neck"
    got = Mapper().map(Skeleton.from_dict(data), "ue5_manny").mapping
    assert got["Torso"] == "spine_01" and got["LeftArm"] == "upperarm_l", got


def test_a_target_whose_lone_spine_is_no_spine_bone_is_refused():
    from enginemind.errors import InvalidInput
    from enginemind.families.bonemap.rig.targets import target_from_dict

    data = {**mixamo_like(prefix="", fingers=False), "lone_spine": "Head"}
    with pytest.raises(InvalidInput, match="lone_spine 'Head' is not read as a spine bone"):
        target_from_dict(data, "custom")
    assert target_from_dict({**data, "lone_spine": "Spine2"}, "custom").lone_spine == "Spine2"
