from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from enginemind.config import from_dict
from enginemind.errors import InvalidInput
from enginemind.families.restore.config import RestoreConfig
from enginemind.families.restore.export import INT8_MAX_PSNR_LOSS_DB, PARITY_ATOL
from enginemind.families.restore.predict import Restorer
from enginemind.families.restore.tilelm_train import THRESHOLDS
from enginemind.families.restore.train import draw_mask, lr_at, train
from tests.restore.conftest import Recorder, make_ctx
from tests.restore.helpers import TINY, frames

BASE = {"batch_size": 4, "eval_frames": 4, "warmup_steps": 3, "lr": 3e-3, "model": TINY,
        "data": {"synthetic_episodes": 5, "synthetic_frames_per_episode": 8}}


def _cfg(**kw) -> RestoreConfig:
    return from_dict(RestoreConfig, {**BASE, **kw})


def test_schedule_warms_up_then_decays():
    cfg = _cfg(steps=100, warmup_steps=10, lr=1e-3, min_lr=1e-5)
    lrs = [lr_at(s, cfg) for s in range(1, 101)]
    assert lrs[0] == pytest.approx(1e-4) and lrs[9] == pytest.approx(1e-3)
    assert all(a >= b for a, b in itertools.pairwise(lrs[9:])) and lrs[-1] == pytest.approx(1e-5)


@pytest.mark.slow
def test_train_reports_learns_registers_and_resumes(tmp_path: Path, recorder: Recorder):
    cfg = _cfg(steps=40, eval_every=20, checkpoint_every=10, ema_decay=0.9, use_state=True,
               mask={"mode": "random"}, max_minutes=0)  # no time limit: progress counts steps
    recorder.stop_after_progress = 15
    train(make_ctx(tmp_path, recorder), cfg)
    assert not recorder.registered and (tmp_path / "checkpoint.pt").exists()
    assert any("stopping at step 15" in e["message"] for e in recorder.of("log"))

    resumed = Recorder()
    train(make_ctx(tmp_path, resumed), cfg)
    assert any("resumed at step 15" in e["message"] for e in resumed.of("log"))
    steps = [p["step"] for p in resumed.of("progress")]
    assert steps[0] == 15 and steps[-1] == 40 and steps == sorted(steps)
    losses = [m["value"] for m in recorder.of("metric") + resumed.of("metric") if m["name"] == "train_loss"]
    assert min(losses[-2:]) < losses[0]
    images = [a["path"] for a in resumed.of("artifact") if a["kind"] == "image"]
    assert images and Image.open(tmp_path / images[-1]).size == (3 * 256, 2 * 4 * 240)  # relative to work_dir
    (version,) = resumed.registered
    assert version["family"] == "restore" and version["data_hash"]
    assert {"model.safetensors", "model.json", "model.onnx"} <= set(version["files"])
    m = version["metrics"]
    assert m["onnx_parity_max_abs"] <= PARITY_ATOL
    assert ("model.int8.onnx" in version["files"]) == (m["onnx_int8_psnr_delta_db"] >= -INT8_MAX_PSNR_LOSS_DB)
    assert {"patch75_masked_psnr", "block64x96_masked_ssim", "patch75_frame_psnr"} <= set(m)
    assert m["patch75_masked_psnr"] > 9
    restorer = Restorer.from_files(Path(version["files"]["model.safetensors"]).parent)
    assert restorer.needs_state
    f = np.zeros((1, 240, 256, 3), np.uint8)
    assert restorer.restore(f, np.ones((1, 240, 256), bool)).shape == f.shape


def test_masks_follow_mode_and_curriculum():
    cfg = _cfg(steps=100, mask={"mode": "mixed", "curriculum": True, "curriculum_start": 0.5, "mask_ratio": 0.9})
    rng = np.random.default_rng(0)
    counts = {int(draw_mask(cfg, step, 4, (15, 16), rng)[0].sum()) for step in (100,) * 20}
    assert 216 in counts and len(counts) > 1  # 90 % random masks and some block masks
    early = [draw_mask(_cfg(steps=100, mask={"mode": "random", "curriculum": True}), 1, 2, (15, 16), rng)[0].sum()]
    assert early[0] == round(0.5 * 240 + 0.25 * 240 / 100)


def test_block_steps_follow_share_and_extra_ratio():
    rng = np.random.default_rng(0)
    only_blocks = _cfg(mask={"mode": "mixed", "block_share": 1.0, "block_extra_ratio": 0.5,
                             "block_min_hw": [64, 64], "block_max_hw": [64, 64]})
    m = draw_mask(only_blocks, 1, 3, (15, 16), rng)
    assert (m.sum(1) == 16 + 112).all()  # a 4x4-patch block plus half of the other 224 patches
    grid = m.reshape(3, 15, 16)
    assert any(grid[0, y:y + 4, x:x + 4].all() for y in range(12) for x in range(13))
    never = _cfg(mask={"mode": "mixed", "block_share": 0.0})
    assert {int(draw_mask(never, 1, 2, (15, 16), rng)[0].sum()) for _ in range(10)} == {180}
    with pytest.raises(InvalidInput, match="block_extra_ratio"):
        _cfg(mask={"block_extra_ratio": 1.0})


def test_codec_needs_a_state_free_native_model():
    with pytest.raises(InvalidInput, match="codec"):
        _cfg(use_state=True, codec={"steps": 3})


def test_max_minutes_ends_training_early_and_progress_follows_the_clock(tmp_path: Path, recorder: Recorder):
    cfg = _cfg(steps=10_000, max_minutes=0.001, eval_every=5000)
    train(make_ctx(tmp_path, recorder), cfg)
    (version,) = recorder.registered
    steps = int(version["metrics"]["steps"])
    assert steps < 10_000
    last = recorder.of("progress")[-1]
    assert (last["step"], last["total"]) == (1000, 1000) and f"step {steps}/10000" in last["message"]
    assert any(f"trained {steps} of 10000 steps" in e["message"] for e in recorder.of("log"))


def test_trains_on_captured_levels_and_records_the_split(tmp_path: Path, recorder: Recorder):
    import json

    for ep, level in {"a": "1-1", "b": "2-1", "c": "3-3", "d": "6-1"}.items():
        (tmp_path / "ds" / ep).mkdir(parents=True)
        rows = []
        for i, img in enumerate(frames(2, episode=ord(ep))):
            Image.fromarray(img).save(tmp_path / "ds" / ep / f"{i:06d}.png")
            rows.append(json.dumps({"file": f"{i:06d}.png", "frame": 8 * i, "level": level, "game": "smb"}))
        (tmp_path / "ds" / ep / "frames.jsonl").write_text("\n".join(rows) + "\n")
    cfg = _cfg(steps=3, eval_every=100, data={"source": "folder", "path": str(tmp_path / "ds"), "split": "level"})
    train(make_ctx(tmp_path / "job", recorder, cfg), cfg)
    (version,) = recorder.registered
    meta = json.loads(Path(version["files"]["model.json"]).read_text())
    assert meta["levels"] == {"train": ["1-1", "2-1"], "val": ["3-3"], "test": ["6-1"]}
    assert set(meta["palette_snap"]) == {"patch", "block"}
    assert {"snap_gain_patch_db", "snap_gain_block_db"} <= set(version["metrics"])
    assert Restorer.from_files(Path(version["files"]["model.json"]).parent).snap == meta["palette_snap"]


def test_trains_224_model_on_a_dataset_folder(tmp_path: Path, recorder: Recorder):
    from enginemind.families.restore.data import write_synthetic_dataset

    root = write_synthetic_dataset(tmp_path / "frames", episodes=4, frames=3, seed=2)
    cfg = _cfg(steps=3, eval_every=100, model={**TINY, "input_size": "224"},
               data={"source": "folder", "path": str(root), "val_fraction": 0.25, "test_fraction": 0.25})
    train(make_ctx(tmp_path / "job", recorder, cfg), cfg)
    (version,) = recorder.registered
    restorer = Restorer.from_files(Path(version["files"]["model.safetensors"]).parent)
    assert restorer.cfg.grid == (14, 14) and version["config"]["data"]["source"] == "folder"


def test_job_trains_the_tile_classifier_next_to_the_model(tmp_path: Path, recorder: Recorder):
    cfg = _cfg(steps=2, eval_every=100, tile_lm={"steps": 3, "dim": 8, "dilations": [1], "batch_size": 2,
                                                  "min_count": 2, "max_minutes": 0})
    train(make_ctx(tmp_path / "job", recorder, cfg), cfg)
    (version,) = recorder.registered
    assert {"tilelm.safetensors", "tilelm.json"} <= set(version["files"])
    m = version["metrics"]
    assert m["tile_lm_steps"] == 3 and m["tile_lm_vocab"] > 0
    assert {m["tile_lm_patch_threshold"], m["tile_lm_block_threshold"]} <= {0.0, *THRESHOLDS}
    assert any("tile classifier step 3/3" in p["message"] for p in recorder.of("progress"))
    r = Restorer.from_files(Path(version["files"]["tilelm.json"]).parent)
    assert r.classifier is not None and r.classifier.steps == 3
    from enginemind.families.restore.service import load_restorer

    served = load_restorer({k: Path(v) for k, v in version["files"].items()})  # what the server loads
    assert served.session is not None and served.classifier is not None
