"""The Restore gRPC service and CLI against a real server, database and a model trained as a real job."""

from __future__ import annotations

from pathlib import Path

import grpc
import numpy as np
import pytest
from PIL import Image

from enginemind.client import ClientError
from enginemind.errors import InvalidInput, PayloadTooLarge
from enginemind.families.restore.export import INT8_MAX_PSNR_LOSS_DB, PARITY_MAX_OFF_BY_ONE, ort_restorer
from enginemind.families.restore.predict import Restorer
from enginemind.families.restore.service import check_batch, decode_image, encode_image
from enginemind.v1 import restore_pb2, restore_pb2_grpc
from tests.restore.helpers import TINY, frames

JOB = {"steps": 6, "batch_size": 2, "eval_every": 100, "eval_frames": 2, "warmup_steps": 1, "model": TINY,
       "data": {"synthetic_episodes": 4, "synthetic_frames_per_episode": 4},
       "codec": {"steps": 2, "num_quantizers": 2, "codebook_size": 16, "batch_size": 2}}


def _img(a: np.ndarray, raw: bool = False) -> restore_pb2.Image:
    return encode_image(a, raw, restore_pb2.Image, restore_pb2.RawImage)


def test_image_messages_and_limits():
    f = frames(1)[0]
    for raw in (False, True):
        assert np.array_equal(decode_image(_img(f, raw), "frame", 3), f)
    mask = np.zeros((240, 256, 1), np.uint8)
    mask[5, 7] = 200
    m = restore_pb2.Image(raw=restore_pb2.RawImage(data=mask.tobytes(), height=240, width=256, channels=1))
    assert decode_image(m, "mask", 1)[..., 0].sum() == 1
    with pytest.raises(InvalidInput, match="expected"):
        decode_image(restore_pb2.Image(raw=restore_pb2.RawImage(data=b"12", height=240, width=256, channels=3)), "f", 3)
    with pytest.raises(InvalidInput, match="256x240"):
        decode_image(_img(np.zeros((10, 10, 3), np.uint8)), "frame 0", 3)
    with pytest.raises(PayloadTooLarge, match="PNG output"):
        check_batch(400, True, 64)
    check_batch(400, False, 64)


@pytest.mark.slow
def test_restore_service_end_to_end(backend, tmp_path: Path):
    from enginemind.cli import main

    with backend.client(timeout_s=60) as client:
        job = client.submit_job("restore", JOB)
        done = client.wait_job(job.id, timeout_s=300)
        assert done.state == 3, backend.log()  # JOB_STATE_SUCCEEDED
        (version,) = client.list_models(family="restore")
        assert {"model.safetensors", "model.onnx", "codec.safetensors"} <= {a.name for a in version.artifacts}
        assert {"codec_nq2_bits_per_frame", "codec_nq1_psnr", "patch75_masked_psnr"} <= set(version.metrics)
        stub = restore_pb2_grpc.RestoreStub(client.channel)
        f = frames(2)
        masks = np.zeros((2, 240, 256, 3), np.uint8)
        masks[:, 100:164, 40:136] = 255
        for raw in (False, True):
            res = client.call(stub.RestoreFrames, restore_pb2.RestoreFramesRequest(
                frames=[_img(x, raw) for x in f], masks=[_img(m, raw) for m in masks]))
            out = np.stack([decode_image(x, "reply", 3) for x in res.frames])
            assert res.model == "restore-mae" and res.version == 1 and res.frames[0].HasField("raw") == raw
            hidden = masks[..., 0] > 0
            assert np.array_equal(out[~hidden], f[~hidden]) and not np.array_equal(out[hidden], f[hidden])
        # a reference frame (here the frame itself, which the server finds at shift 0) fills hidden pixels
        res = client.call(stub.RestoreFrames, restore_pb2.RestoreFramesRequest(
            frames=[_img(x) for x in f], masks=[_img(m) for m in masks], references=[_img(x) for x in f]))
        assert np.array_equal(np.stack([decode_image(x, "reply", 3) for x in res.frames]), f)
        with pytest.raises(ClientError) as err:
            client.call(stub.RestoreFrames, restore_pb2.RestoreFramesRequest(
                frames=[_img(x) for x in f], masks=[_img(m) for m in masks], references=[_img(f[0])]))
        assert err.value.code == grpc.StatusCode.INVALID_ARGUMENT and "one per frame" in str(err.value)
        # the server runs the registered ONNX graph: int8 when training kept one (it passed the PSNR gate),
        # else fp32, which matches PyTorch on the downloaded weights
        (tmp_path / "m").mkdir()
        for art in ("model.safetensors", "model.json"):
            client.download("restore-mae", tmp_path / "m" / art, artifact=art)
        local = Restorer.from_files(tmp_path / "m")
        names = {a.name for a in version.artifacts}
        assert ("model.int8.onnx" in names) == (version.metrics["onnx_int8_psnr_delta_db"] >= -INT8_MAX_PSNR_LOSS_DB)
        if "model.int8.onnx" in names:
            client.download("restore-mae", tmp_path / "m" / "q.onnx", artifact="model.int8.onnx")
            local = ort_restorer(tmp_path / "m" / "q.onnx", local.graph.model)
        diff = np.abs(local.restore(f, hidden).astype(int) - out.astype(int))
        assert diff.max() <= 1 and (diff > 0).mean() <= PARITY_MAX_OFF_BY_ONE

        enc = client.call(stub.EncodeFrames, restore_pb2.EncodeFramesRequest(frames=[_img(x) for x in f]))
        assert enc.frames == 2 and enc.num_quantizers == 2 and enc.bits_per_frame == pytest.approx(241 * 2 * 4)
        dec = client.call(stub.DecodeFrames, restore_pb2.DecodeFramesRequest(codes=enc.codes))
        assert len(dec.frames) == 2 and decode_image(dec.frames[0], "d", 3).shape == (240, 256, 3)

        with pytest.raises(ClientError) as err:
            client.call(stub.RestoreFrames, restore_pb2.RestoreFramesRequest(frames=[_img(f[0])]))
        assert err.value.code == grpc.StatusCode.INVALID_ARGUMENT and "one mask per frame" in str(err.value)
        with pytest.raises(ClientError) as err:
            client.call(stub.RestoreFrames, restore_pb2.RestoreFramesRequest(
                model=restore_pb2.RestoreModelRef(model="nope"), frames=[_img(f[0])], masks=[_img(masks[0])]))
        assert err.value.code == grpc.StatusCode.NOT_FOUND

    Image.fromarray(f[0]).save(tmp_path / "f0.png")
    assert main(["restore", "--data-dir", str(backend.data_dir), "--frames", str(tmp_path / "f0.png"),
                 "--hud", "--out", str(tmp_path / "out")]) == 0
    restored = np.asarray(Image.open(tmp_path / "out" / "f0.png").convert("RGB"))
    assert np.array_equal(restored[32:], f[0][32:])
    # eval downloads the registered model and scores it on the held-out episodes of its own training data
    assert main(["restore", "eval", "--data-dir", str(backend.data_dir), "--n", "2", "--no-ssim"]) == 0
