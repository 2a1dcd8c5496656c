"""``enginemind restore`` subcommands that need no server: synth, export, eval --model-dir, --local."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
import torch
from PIL import Image

from enginemind.cli import main
from enginemind.errors import InvalidInput
from enginemind.families.restore.model import MAE
from enginemind.families.restore.predict import save_model
from tests.restore.helpers import tiny_cfg


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    torch.manual_seed(0)
    save_model(MAE(tiny_cfg()), tmp_path / "model")
    return tmp_path / "model"


def test_synth_export_eval_and_local_restore(tmp_path: Path, model_dir: Path, capsys):
    data = tmp_path / "frames"
    assert main(["restore", "synth", "--out", str(data), "--episodes", "3", "--frames", "3"]) == 0
    assert len(list(data.glob("*/*.png"))) == 9
    assert main(["restore", "export", "--model-dir", str(model_dir), "--out", str(tmp_path / "r.onnx")]) == 0
    assert (tmp_path / "r.onnx").stat().st_size > 10_000 and "parity" in capsys.readouterr().out
    assert main(["restore", "export", "--model-dir", str(model_dir), "--out", str(tmp_path / "p.onnx"), "--plain",
                 "--int8"]) == 0
    assert (tmp_path / "p.int8.onnx").exists() and "int8: masked PSNR" in capsys.readouterr().out
    fused_ops = {n.domain for n in onnx.load(str(tmp_path / "r.onnx")).graph.node}
    assert "com.microsoft" in fused_ops and not any(n.domain for n in onnx.load(str(tmp_path / "p.onnx")).graph.node)
    assert main(["restore", "eval", "--model-dir", str(model_dir), "--data", str(data), "--n", "2", "--no-ssim"]) == 0
    out = capsys.readouterr().out
    assert "| block64x96 | mae |" in out and "| patch75 | opencv_telea |" in out
    assert main(["restore", "eval", "--model-dir", str(model_dir), "--data", str(data), "--no-ssim"]) == 0
    assert "9 frames (all frames of 3 episode(s))" in capsys.readouterr().out  # the whole folder by default
    flat = tmp_path / "flat"
    flat.mkdir()
    for p in sorted(data.glob("synth_1/*.png")):
        Image.open(p).save(flat / p.name)
    assert main(["restore", "eval", "--model-dir", str(model_dir), "--data", str(flat), "--no-ssim"]) == 0
    assert "3 frames (all frames of 1 episode(s))" in capsys.readouterr().out
    frame = min(data.glob("synth_0/*.png"))
    mask = np.zeros((240, 256), np.uint8)
    mask[200:, :] = 255
    Image.fromarray(mask).save(tmp_path / "mask.png")
    assert main(["restore", "--frames", str(frame), "--mask", str(tmp_path / "mask.png"), "--rect", "0,0,16,16",
                 "--local", str(model_dir), "--out", str(tmp_path / "out")]) == 0
    src = np.asarray(Image.open(frame).convert("RGB"))
    got = np.asarray(Image.open(tmp_path / "out" / frame.name).convert("RGB"))
    assert np.array_equal(got[16:200], src[16:200]) and not np.array_equal(got[200:], src[200:])


def test_restore_without_a_mask_is_refused(model_dir: Path, tmp_path: Path, capsys):
    Image.fromarray(np.zeros((240, 256, 3), np.uint8)).save(tmp_path / "f.png")
    assert main(["restore", "--frames", str(tmp_path / "f.png"), "--local", str(model_dir)]) == 1
    assert "nothing to restore" in capsys.readouterr().err
    with pytest.raises(InvalidInput):
        from enginemind.families.restore.cli import build_masks

        build_masks(type("A", (), {"mask": [], "rect": ["1,2"], "hud": False})(), 1)


def test_capture_then_train_config_splits_by_level(tmp_path: Path):
    from enginemind.config import from_dict
    from enginemind.families.restore.cli import real_train_config
    from enginemind.families.restore.config import RestoreConfig

    cfg = from_dict(RestoreConfig, real_train_config(tmp_path / "smb", {"steps": 7, "data": {"val_levels": ["1-2"]}}))
    assert cfg.data.source == "folder" and cfg.data.split == "level" and cfg.data.path == str(tmp_path / "smb")
    assert cfg.steps == 7 and cfg.data.val_levels == ["1-2"] and "8-4" in cfg.data.test_levels
    assert cfg.tile_lm.steps > 0 and cfg.tile_lm.max_minutes > 0  # the tile classifier trains after the MAE
    assert from_dict(RestoreConfig, real_train_config(tmp_path, {"tile_lm": {"steps": 0}})).tile_lm.steps == 0
    assert main(["restore", "capture", "--out", str(tmp_path / "x"), "--train",
                 "--train-config", '{"stepz": 1}']) == 1  # refused before any capture
    assert not (tmp_path / "x").exists()
