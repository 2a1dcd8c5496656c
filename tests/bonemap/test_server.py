"""The Skeleton gRPC service on a real server: targets, mapping, feedback round trip, import, errors."""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import pytest

from enginemind.client import ClientError
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.server.skeleton_service import skeleton_to_msg
from enginemind.v1 import skeleton_pb2, skeleton_pb2_grpc
from tests.bonemap.helpers import BVH, mixamo_like

DAE = Path(__file__).parent / "fixtures" / "thinmatrix_skeleton.dae"


def test_skeleton_service_end_to_end(backend):
    with backend.client() as client:
        stub = skeleton_pb2_grpc.SkeletonStub(client.channel)
        targets = client.call(stub.ListTargets, skeleton_pb2.ListTargetsRequest())
        assert {t.name for t in targets.targets} == {"ue5_manny", "ue4_mannequin", "unity_humanoid", "mixamo",
                                                     "vrm_humanoid"}
        manny = client.call(stub.GetTarget, skeleton_pb2.GetTargetRequest(name="ue5_manny"))
        assert len(manny.skeleton.bones) == 161 and manny.retarget_root == "pelvis"
        assert manny.roles["spine_05"] == "spine.1" and any(c.name == "LeftThumb" for c in manny.chains)

        msg = skeleton_to_msg(Skeleton.from_dict(mixamo_like()))
        res = client.call(stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(skeleton=msg, target="ue5_manny"))
        result = json.loads(res.result_json)
        got = result["mapping"]
        assert got["mixamorig:Spine1"] == "spine_03" and got["mixamorig:HeadTop_End"] is None
        assert result["retarget_root"] == "mixamorig:Hips" and len(res.fingerprint) == 64
        assert got["mixamorig:LeftArm"] == "upperarm_l" and res.engine == "matcher"
        assert any(h["humanName"] == "LeftUpperArm" for h in result["unity_human"])

        fbr = client.call(stub.SubmitMappingFeedback, skeleton_pb2.SubmitMappingFeedbackRequest(
            skeleton=msg, target="ue5_manny", note="test",
            corrections=[skeleton_pb2.BoneMatch(source="mixamorig:Spine1", target="spine_02"),
                         skeleton_pb2.BoneMatch(source="mixamorig:LeftShoulder", target="")]))
        assert fbr.feedback_id > 0 and fbr.corrections == 2 and fbr.fingerprint == res.fingerprint
        again = json.loads(client.call(stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(skeleton=msg)).result_json)
        got = {s: (t, again["source"][s]) for s, t in again["mapping"].items()}
        assert got["mixamorig:Spine1"] == ("spine_02", "feedback")
        assert got["mixamorig:LeftShoulder"] == (None, "feedback")

        # auto works with whatever is trained: with neither LM nor skeleton model it is the matcher alone
        auto = json.loads(client.call(stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(
            skeleton=msg, engine="auto", ignore_feedback=True)).result_json)
        assert auto["engine"] == "auto" and auto["mapping"]["mixamorig:LeftArm"] == "upperarm_l"

        imp = client.call(stub.ImportSkeleton, skeleton_pb2.ImportSkeletonRequest(data=BVH.encode(), filename="a.bvh"))
        assert imp.format == "bvh" and [b.name for b in imp.skeleton.bones] == ["Hips", "Spine", "Head", "LeftUpLeg"]
        dae = client.call(stub.ImportSkeleton,
                          skeleton_pb2.ImportSkeletonRequest(data=DAE.read_bytes(), filename="m.dae"))
        assert dae.format == "dae" and len(dae.skeleton.bones) == 16 and dae.skeleton.up_axis == "z"

        bad = skeleton_pb2.SkeletonData(bones=[skeleton_pb2.Bone(name="a", parent="b"),
                                               skeleton_pb2.Bone(name="b", parent="a")])
        for call, req, code in [
            (stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(skeleton=bad), grpc.StatusCode.INVALID_ARGUMENT),
            (stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(), grpc.StatusCode.INVALID_ARGUMENT),
            (stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(skeleton=msg, engine="magic"),
             grpc.StatusCode.INVALID_ARGUMENT),
            (stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(skeleton=msg, engine="lm"),
             grpc.StatusCode.FAILED_PRECONDITION),
            (stub.MapSkeleton, skeleton_pb2.MapSkeletonRequest(skeleton=msg, engine="model"),
             grpc.StatusCode.FAILED_PRECONDITION),
            (stub.GetTarget, skeleton_pb2.GetTargetRequest(name="nope"), grpc.StatusCode.NOT_FOUND),
            (stub.ImportSkeleton, skeleton_pb2.ImportSkeletonRequest(data=b"HIERARCHY\n{", filename="x.bvh"),
             grpc.StatusCode.INVALID_ARGUMENT),
            (stub.ImportSkeleton, skeleton_pb2.ImportSkeletonRequest(
                data=b'<!DOCTYPE c [<!ENTITY e SYSTEM "file:///etc/passwd">]><COLLADA>&e;</COLLADA>', filename="x.dae"),
             grpc.StatusCode.INVALID_ARGUMENT),
            (stub.SubmitMappingFeedback, skeleton_pb2.SubmitMappingFeedbackRequest(
                skeleton=msg, corrections=[skeleton_pb2.BoneMatch(source="ghost", target="pelvis")]),
             grpc.StatusCode.INVALID_ARGUMENT),
        ]:
            with pytest.raises(ClientError) as exc:
                client.call(call, req)
            assert exc.value.code == code, exc.value


def test_cli_map_through_the_server_with_feedback(backend, tmp_path, capsys):
    from enginemind.cli import main

    rig = tmp_path / "rig.json"
    rig.write_text(json.dumps(mixamo_like()))
    fixes = tmp_path / "fixes.json"
    fixes.write_text(json.dumps({"mixamorig:Spine2": "spine_04"}))
    args = ["map", str(rig), "--server", "--data-dir", str(backend.data_dir)]
    assert main([*args, "--feedback", str(fixes), "--note", "cli"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mapping"]["mixamorig:Spine2"] == "spine_04" and out["source"]["mixamorig:Spine2"] == "feedback"
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["mapping"]["mixamorig:Spine2"] == "spine_04"
