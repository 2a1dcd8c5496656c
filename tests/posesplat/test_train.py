"""Training job contract (progress, checkpoints, stop + resume, registration) and what the model learns."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
import torch

from enginemind.config import from_dict
from enginemind.families.posesplat.config import ModelConfig, PosesplatConfig
from enginemind.families.posesplat.data import load_prepared
from enginemind.families.posesplat.features import frame_features
from enginemind.families.posesplat.model import PoseSplatter
from enginemind.families.posesplat.predict import load_model, render_frame
from enginemind.families.posesplat.scene import Scene
from enginemind.families.posesplat.train import step_loss, train
from tests.posesplat.conftest import TINY, Recorder, make_ctx


def test_untrained_model_is_the_visual_hull(project: Path):
    scene = Scene(load_prepared(project / "train.h5"), ["cam3"])
    model = PoseSplatter(ModelConfig(grid_size=16, base_filters=4))
    a, _ = scene.gaussians(model, 2)
    b, _ = scene.gaussians(model, 2, learned=False)
    for k in a:
        assert torch.allclose(a[k], b[k], atol=1e-6), k
    assert 50 < len(a["means"]) < 16 ** 3


def test_fitting_one_frame_lowers_the_loss(project: Path):
    torch.manual_seed(0)
    scene = Scene(load_prepared(project / "train.h5"), ["cam3"])
    cfg = from_dict(PosesplatConfig, {"model": {"grid_size": 16, "base_filters": 4}})
    model = PoseSplatter(cfg.model)
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    losses = []
    for _ in range(12):
        loss, _ = step_loss(scene, model, 4, scene.observed, cfg)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < 0.85 * losses[0], losses


@pytest.mark.slow
def test_train_stop_resume_register(tmp_path: Path, recorder: Recorder):
    cfg = from_dict(PosesplatConfig, copy.deepcopy(TINY))
    recorder.stop_after_progress = 3
    train(make_ctx(tmp_path, recorder), cfg)
    assert not recorder.registered and (tmp_path / "checkpoint.pt").exists()
    assert (tmp_path / "project" / "train.h5").exists() and (tmp_path / "synth" / "cameras.json").exists()
    assert any("stopping at step 3" in p["message"] for p in recorder.of("log"))

    rec2 = Recorder()
    train(make_ctx(tmp_path, rec2), cfg)
    assert any("resumed at step 3" in p["message"] for p in rec2.of("log"))
    steps = [p["step"] for p in rec2.of("progress")]
    assert steps[-1] == 6 and 4 in steps and 2 not in steps[1:]
    (version,) = rec2.registered
    assert version["family"] == "posesplat" and version["name"] == "posesplat"
    assert {"model.safetensors", "model.json", "loss_curve.png", "render_sheet.png", "volume_net.onnx"} <= set(
        version["files"])
    assert version["metrics"]["onnx_parity_max_abs"] < 1e-3
    m = version["metrics"]
    for k in ("held_iou", "held_psnr", "held_psnr_fg", "held_ssim", "held_l1", "obs_iou", "hull_held_iou"):
        assert np.isfinite(m[k]), k
    assert 0 <= m["held_iou"] <= 1 and m["held_psnr"] > 0 and m["steps"] == 6
    images = [p["path"] for p in rec2.of("artifact") if p.get("kind") == "image"]
    assert any(p.startswith("samples/") for p in images) and "model/render_sheet.png" in images

    model, meta = load_model(tmp_path / "model")
    assert meta["holdout_cameras"] == ["cam3"] and meta["trained_steps"] == 6
    scene = Scene(load_prepared(tmp_path / "project" / "train.h5"), meta["holdout_cameras"])
    img = render_frame(scene, model, 9, "cam3")
    assert img.shape == (32, 32, 3) and (img < 200).any() and (img == 255).any()
    orbit = render_frame(scene, model, 9, orbit_deg=90.0, size=40)
    assert orbit.shape == (40, 40, 3) and (orbit < 200).any()


def test_features_ignore_the_heading_sign(project: Path):
    data = load_prepared(project / "train.h5")
    scene = Scene(data, ["cam3"])
    model = PoseSplatter(ModelConfig(grid_size=16, base_filters=4))
    torch.manual_seed(1)
    for p in model.unet.head.parameters():
        torch.nn.init.normal_(p, std=0.1)
    a = frame_features(scene, model, 5)
    flipped = copy.deepcopy(data)
    flipped.rotations[5] = flipped.rotations[5] @ np.diag([-1.0, -1.0, 1.0])  # heading + 180°
    b = frame_features(Scene(flipped, ["cam3"]), model, 5)
    assert np.allclose(a[:-5], b[:-5], atol=1e-4) and np.allclose(a[-5:], b[-5:], atol=0.05)
    c = frame_features(scene, model, 0)
    assert not np.allclose(a, c, atol=1e-3)


def test_prepare_stage_job_writes_the_project_and_registers_nothing(tmp_path: Path, recorder: Recorder):
    cfg = from_dict(PosesplatConfig, {**copy.deepcopy(TINY), "stage": "prepare",
                                      "data": {"synth": {"frames": 6, "cameras": 4, "size": 48}}})
    train(make_ctx(tmp_path, recorder), cfg)
    assert not recorder.registered and not (tmp_path / "checkpoint.pt").exists()
    for name in ("images.h5", "train.h5", "bounds.json", "center_rotation.npz", "up.json"):
        assert (tmp_path / "project" / name).exists(), name
    assert load_prepared(tmp_path / "project" / "train.h5").images.shape == (6, 4, 24, 24, 3)
