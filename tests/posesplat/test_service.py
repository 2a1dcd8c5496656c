"""The PoseSplat gRPC service and the `enginemind splat` commands against a real server, database and job."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import grpc
import numpy as np
import pytest
from PIL import Image

from enginemind.client import ClientError
from enginemind.v1 import posesplat_pb2 as pb
from tests.posesplat.conftest import TINY


@pytest.mark.slow
def test_posesplat_service_end_to_end(backend, tmp_path: Path, capsys):
    from enginemind.cli import main

    with backend.client(timeout_s=120) as client:
        job = client.submit_job("posesplat", copy.deepcopy(TINY))
        done = client.wait_job(job.id, timeout_s=400)
        assert done.state == 3, backend.log()  # JOB_STATE_SUCCEEDED
        (version,) = client.list_models(family="posesplat")
        assert {"model.safetensors", "model.json", "render_sheet.png"} <= {a.name for a in version.artifacts}
        assert {"held_iou", "held_psnr_fg", "hull_held_iou"} <= set(version.metrics)
        # the job's curves and render sheets as the Unity Jobs tab gets them (Jobs.ListArtifacts / GetArtifact)
        images = {a.name: a for a in client.list_artifacts(job.id)}
        assert {"model/loss_curve.png", "model/render_sheet.png"} <= set(images)
        assert any(n.startswith("samples/step_") for n in images)
        assert all(a.kind == "image" and a.available and a.size > 0 for a in images.values())
        sheet = client.get_artifact(job.id, "model/render_sheet.png")
        assert len(sheet) == images["model/render_sheet.png"].size and Image.open(io.BytesIO(sheet)).format == "PNG"
        project = str(backend.data_dir / "jobs" / job.id / "project")
        stub = client.posesplat

        res = client.call(stub.Render, pb.SplatRenderRequest(project=project, frame=8, camera="cam3"))
        img = np.asarray(Image.open(io.BytesIO(res.png)))
        assert (res.width, res.height, res.model, res.version) == (32, 32, "posesplat", 1)
        assert img.shape == (32, 32, 3) and (img < 200).any()
        orbit = client.call(stub.Render, pb.SplatRenderRequest(project=project, frame=8, orbit=True, azimuth_deg=45,
                                                              size=48))
        assert (orbit.width, orbit.height) == (48, 48)
        hull = client.call(stub.Render, pb.SplatRenderRequest(project=project, frame=8, camera="cam3", hull=True))
        assert hull.png != res.png

        emb = client.call(stub.Embed, pb.SplatEmbedRequest(project=project, frames=[0, 4, 8]))
        assert [f.frame for f in emb.frames] == [0, 4, 8] and len(emb.frames[0].features) == 4 * 4 + 5
        assert len({(round(f.x, 4), round(f.y, 4)) for f in emb.frames}) == 3

        ev = client.call(stub.Evaluate, pb.SplatEvaluateRequest(project=project, max_frames=2))
        assert ev.frames == 2 and 0 <= ev.metrics["held_iou"] <= 1 and "hull_held_psnr_fg" in ev.metrics

        for req, code, text in (
            (pb.SplatRenderRequest(project=project, frame=99), grpc.StatusCode.INVALID_ARGUMENT, "out of range"),
            (pb.SplatRenderRequest(project=project, camera="nope"), grpc.StatusCode.INVALID_ARGUMENT, "unknown camera"),
            (pb.SplatRenderRequest(project=str(tmp_path / "none")), grpc.StatusCode.INVALID_ARGUMENT, "does not exist"),
            (pb.SplatRenderRequest(model=pb.SplatModelRef(model="other"), project=project), grpc.StatusCode.NOT_FOUND,
             "other"),
        ):
            with pytest.raises(ClientError) as err:
                client.call(stub.Render, req)
            assert err.value.code == code and text in err.value.details, err.value.details

    # the same model through the local commands
    model_dir = backend.data_dir / "jobs" / job.id / "model"
    out = tmp_path / "r.png"
    assert main(["splat", "render", "--project", project, "--model-dir", str(model_dir), "--frame", "3",
                 "--orbit", "30", "--out", str(out)]) == 0
    assert Image.open(out).size == (64, 64)
    assert main(["splat", "embed", "--project", project, "--model-dir", str(model_dir), "--out",
                 str(tmp_path / "emb")]) == 0
    assert np.load(tmp_path / "emb" / "embedding.npy").shape == (10, 2)
    assert (tmp_path / "emb" / "embedding.png").exists()
    assert main(["splat", "evaluate", "--project", project, "--model-dir", str(model_dir), "--frames", "2",
                 "--out", str(tmp_path / "m.json")]) == 0
    assert "held_iou" in json.loads((tmp_path / "m.json").read_text())
    # and through the server (registered model) from the command line
    base = ["--data-dir", str(backend.data_dir), "--project", project]
    assert main(["splat", "render", *base, "--frame", "2", "--camera", "cam3", "--out", str(tmp_path / "s.png")]) == 0
    assert Image.open(tmp_path / "s.png").size == (32, 32)
    assert main(["splat", "embed", *base, "--out", str(tmp_path / "emb2")]) == 0
    assert np.load(tmp_path / "emb2" / "features.npy").shape == (10, 4 * 4 + 5)
    capsys.readouterr()
    assert main(["splat", "up", "--data", str(backend.data_dir / "jobs" / job.id / "synth")]) == 0
    up = json.loads(capsys.readouterr().out)["up"]
    assert up[2] > 0.999
