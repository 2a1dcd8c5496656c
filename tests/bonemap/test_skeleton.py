"""Skeleton validation: every kind of bad input gets InvalidInput or the documented best effort."""

from __future__ import annotations

import json
import math
import time

import pytest

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper, map_skeleton
from enginemind.families.bonemap.rig.importers import import_skeleton
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like


def test_valid_skeleton_roundtrip_accepts_rest_position_alias():
    sk = Skeleton.from_dict({"bones": [{"name": "a", "parent": None, "rest_position": [0, 1, 2]},
                                       {"name": "b", "parent": "a", "position": [0, 2, 2], "rotation": [0, 0, 0, 1]}],
                             "up_axis": "Y", "units": "cm", "forward_axis": "+X"})
    assert sk.up_axis == "y" and sk.bones[0].position == (0.0, 1.0, 2.0) and sk.forward_axis == "+x"
    assert Skeleton.from_dict(sk.to_dict()).to_dict() == sk.to_dict()
    assert sk.depths() == [0, 1] and sk.children(0) == [1] and "b" in sk


@pytest.mark.parametrize("data, needle", [
    ({"bones": []}, "no bones"),
    ({}, "bones"),
    ("nope", "bones"),
    ({"bones": [{"name": "a"}, {"name": "a", "parent": None}]}, "duplicate bone name 'a'"),
    ({"bones": [{"name": "a", "parent": "b"}, {"name": "b", "parent": "c"}, {"name": "c", "parent": "a"}]}, "cycle"),
    ({"bones": [{"name": "a", "parent": "a"}]}, "own parent"),
    ({"bones": [{"name": "a", "parent": "ghost"}]}, "not in the skeleton"),
    ({"bones": [{"name": "", "parent": None}]}, "empty"),
    ({"bones": [{"name": 5, "parent": None}]}, "string"),
    ({"bones": [{"name": "bad\udc80", "parent": None}]}, "not valid Unicode"),
    ({"bones": [{"name": "a\x00b", "parent": None}]}, "control character"),
    ({"bones": [{"name": "a"}], "up_axis": "w"}, "up_axis"),
    ({"bones": [{"name": "a"}], "forward_axis": "x"}, "forward_axis must be one of"),
    ({"bones": [{"name": "a"}], "forward_axis": 1}, "forward_axis"),
])
def test_bad_skeletons_raise_invalid_input(data, needle):
    with pytest.raises(InvalidInput, match=needle):
        Skeleton.from_dict(data)


def test_nan_positions_are_dropped_with_a_warning_and_mapping_still_works():
    d = mixamo_like()
    d["bones"][3]["position"] = [math.nan, 1, 2]
    d["bones"][4]["position"] = [1, "x", 2]
    sk = Skeleton.from_dict(d)
    assert sk.bones[3].position is None and sk.bones[4].position is None
    assert any("not 3 finite numbers" in w for w in sk.warnings)
    res = map_skeleton(sk, "ue5_manny")
    assert res.mapping["mixamorig:Hips"] == "pelvis"
    assert res.warnings == sk.warnings
    mostly_nan = {"bones": [{"name": f"b{i}", "parent": f"b{i - 1}" if i else None, "position": [math.inf, 0, 0]}
                            for i in range(4)]}
    assert any("geometry ignored" in w or "finite" in w for w in Skeleton.from_dict(mostly_nan).warnings)


def test_several_roots_are_accepted_as_separate_trees():
    d = mixamo_like()
    d["bones"].append({"name": "Camera", "parent": None})
    sk = Skeleton.from_dict(d)
    assert len(sk.roots()) == 2 and any("2 roots" in w for w in sk.warnings)
    assert map_skeleton(sk).mapping["Camera"] is None


def test_non_utf8_json_bytes_are_refused_and_bvh_falls_back_with_warning():
    raw = json.dumps({"bones": [{"name": "x"}]}).encode().replace(b"x", b"\xff\xfe")
    with pytest.raises(InvalidInput, match="UTF-8"):
        import_skeleton(raw, "a.json")
    bvh = "HIERARCHY\nROOT H\xfcfte\n{\n OFFSET 0 0 0\n CHANNELS 0\n}\n".encode("cp1252")
    sk = import_skeleton(bvh, "a.bvh")
    assert sk.names == ["Hüfte"] and "not UTF-8" in sk.warnings[0]


def test_limits_and_ten_thousand_bones_do_not_hang():
    chain = [{"name": f"spine{i}", "parent": f"spine{i - 1}" if i else None} for i in range(10_000)]
    t0 = time.process_time()  # CPU time: the shared machine's load does not count
    res = map_skeleton({"bones": chain})
    assert time.process_time() - t0 < 30
    used = [t for t in res.mapping.values() if t]
    assert len(used) == len(set(used)) and set(used) <= {f"spine_0{k}" for k in range(1, 6)}
    with pytest.raises(InvalidInput, match="more than the limit"):
        Skeleton.from_dict({"bones": chain}, max_bones=1000)
    with pytest.raises(InvalidInput, match="max_lm_bones"):  # refused before any LM is loaded
        Mapper(MapConfig(engine="lm")).map(Skeleton.from_dict({"bones": chain}))
