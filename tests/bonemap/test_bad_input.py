"""Bad input (issue 14): a clear error or the documented fallback, never a crash or a silent wrong map.

test_skeleton.py covers the JSON checks one by one; here: the fallbacks' warnings and mapping, the importers'
versions of the same faults, and the gRPC status + message a person gets.
"""

from __future__ import annotations

import json
import math
import time

import grpc
import pytest

from enginemind.client import ClientError
from enginemind.errors import InvalidInput
from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.importers import import_skeleton
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.v1 import skeleton_pb2, skeleton_pb2_grpc
from tests.bonemap import traps
from tests.bonemap.helpers import mixamo_like
from tests.bonemap.test_fbx import FIX


def _map(data: dict) -> tuple[Skeleton, dict[str, str | None], list[str]]:
    sk = Skeleton.from_dict(data)
    res = Mapper(MapConfig()).map(sk, "ue5_manny")
    assert all(math.isfinite(c) and 0.0 <= c <= 1.0 for c in res.confidence.values())
    return sk, res.mapping, res.warnings


def test_no_rest_positions_maps_by_names_with_a_warning():
    data = mixamo_like(fingers=False)
    for b in data["bones"]:
        del b["position"]
    sk, m, warnings = _map(data)
    assert any("no rest positions" in w for w in warnings)
    assert m["mixamorig:Hips"] == "pelvis" and m["mixamorig:LeftUpLeg"] == "thigh_l"
    assert m["mixamorig:Spine2"] == "spine_05" and m["mixamorig:RightHand"] == "hand_r"


def test_all_bones_at_one_point_are_treated_as_no_positions():
    data = mixamo_like(fingers=False)
    for b in data["bones"]:
        b["position"] = [3.0, 3.0, 3.0]
    sk, m, warnings = _map(data)
    assert not sk.has_positions() and any("zero-length bones" in w for w in warnings)
    assert m["mixamorig:Hips"] == "pelvis" and m["mixamorig:Spine1"] == "spine_03"  # as with no positions
    assert m["mixamorig:LeftForeArm"] == "lowerarm_l"


def test_one_zero_length_bone_does_not_break_the_rest():
    data = mixamo_like(fingers=False)
    pos = {b["name"]: b["position"] for b in data["bones"]}
    for b in data["bones"]:
        if b["name"] == "mixamorig:LeftForeArm":
            b["position"] = list(pos["mixamorig:LeftArm"])  # upper arm of zero length
    _, m, _ = _map(data)
    assert m["mixamorig:Hips"] == "pelvis" and m["mixamorig:RightForeArm"] == "lowerarm_r"
    assert m["mixamorig:LeftHand"] == "hand_l" and m["mixamorig:LeftUpLeg"] == "thigh_l"


def test_a_few_roots_stay_separate_trees():
    data = mixamo_like(fingers=False)
    data["bones"] += [{"name": "prop_sword", "parent": None, "position": [60, 140, 20]},
                      {"name": "camera_target", "parent": None, "position": [0, 150, 200]}]
    sk, m, warnings = _map(data)
    assert len(sk.roots()) == 3 and any("3 roots; each is treated as its own tree" in w for w in warnings)
    assert m["mixamorig:Hips"] == "pelvis" and m["prop_sword"] is None


def test_large_forest_and_ten_thousand_bones_are_bounded():
    bones = [{"name": f"b{i}", "parent": None, "position": [i % 17, i // 17 % 13, i // 221]} for i in range(4000)]
    t0 = time.process_time()
    sk = Skeleton.from_dict({"bones": bones})
    assert len(sk.roots()) == 1 and time.process_time() - t0 < 20
    big = [{"name": f"j{i}", "parent": None, "position": [i, 0, 0]} for i in range(10_000)]
    sk = Skeleton.from_dict({"bones": big})  # above FOREST_MAX_BONES: stays a forest, with a warning
    assert len(sk.roots()) == 10_000 and any("10000 roots" in w for w in sk.warnings)


def test_importers_report_the_same_faults_clearly():
    with pytest.raises(InvalidInput, match="duplicate bone name 'Hips'"):
        import_skeleton(json.dumps({"bones": [{"name": "Hips"}, {"name": "Hips"}]}).encode(), "rig.json")
    doc = {"asset": {"version": "2.0"},
           "nodes": [{"name": "a", "children": [1]}, {"name": "a", "translation": [0, 1, 0]}]}
    sk = import_skeleton(json.dumps(doc).encode(), "dup.gltf")  # glTF node names may repeat: renamed, said
    assert sk.names == ["a", "a#1"] and any("renamed" in w for w in sk.warnings)
    with pytest.raises(InvalidInput, match="no skeleton"):
        doc = {"asset": {"version": "2.0"}, "meshes": [{"primitives": []}], "nodes": [{"name": "Body", "mesh": 0}]}
        import_skeleton(json.dumps(doc).encode(), "mesh_only.gltf")


def test_grpc_bad_input_is_invalid_argument_with_a_message_to_act_on(backend):
    chain = [skeleton_pb2.Bone(name=f"s{i}", parent=f"s{i - 1}" if i else "") for i in range(20_001)]
    dup = skeleton_pb2.SkeletonData(bones=[skeleton_pb2.Bone(name="Hips"), skeleton_pb2.Bone(name="Hips")])
    cycle = json.dumps({"bones": [{"name": "a", "parent": "b"}, {"name": "b", "parent": "a"}]}).encode()
    fbx = (FIX / "mixamo_skeleton_only_cm.fbx").read_bytes()
    with backend.client() as client:
        stub = skeleton_pb2_grpc.SkeletonStub(client.channel)
        for call, req, needle in [
            (stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(skeleton=dup), "duplicate bone name 'Hips'"),
            (stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(skeleton=skeleton_pb2.SkeletonData(bones=chain)),
             "more than the limit"),
            (stub.ImportSkeleton, skeleton_pb2.ImportSkeletonRequest(data=cycle, filename="rig.json"),
             "cycle: a -> b -> a; fix the parents"),
            (stub.ImportSkeleton, skeleton_pb2.ImportSkeletonRequest(data=fbx[:5000], filename="cut.fbx"),
             "not a readable FBX file"),
            (stub.ImportSkeleton, skeleton_pb2.ImportSkeletonRequest(data=fbx, filename="rig.fbx", skin="1"),
             "applies to glTF"),
            (stub.ImportSkeleton, skeleton_pb2.ImportSkeletonRequest(data=traps.two_skins(), filename="a.gltf",
                                                                     skin="cape"), "its skins: 0 'skin0'"),
        ]:
            with pytest.raises(ClientError) as exc:
                client.call(call, req)
            assert exc.value.code == grpc.StatusCode.INVALID_ARGUMENT and needle in str(exc.value), exc.value
        ok = client.import_skeleton(fbx, "rig.fbx")  # skeleton-only FBX through the server's parser processes
        assert ok["format"] == "fbx" and len(ok["skeleton"]["bones"]) == 34
        assert ok["skeleton"]["units"] == "m" and any("Armature" in w for w in ok["warnings"])
        two = client.import_skeleton(traps.two_skins(), "a.gltf", skin="skin1")
        assert len(two["skeleton"]["bones"]) == 25 and any("mapped skin 1 'skin1'" in w for w in two["warnings"])
