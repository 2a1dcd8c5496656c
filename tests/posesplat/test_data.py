"""Folder format, pipeline steps 1-5 and bad input, on the synthetic animal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest
from PIL import Image

from enginemind.errors import InvalidInput
from enginemind.families.posesplat.cameras import estimate_up, load_cameras
from enginemind.families.posesplat.data import load_prepared, read_folder
from enginemind.families.posesplat.pipeline import prepare
from enginemind.families.posesplat.synth import JOINTS, make_cameras


def test_synthetic_folder_format(synth_dir: Path):
    cams = load_cameras(synth_dir / "cameras.json")
    assert [c.name for c in cams] == ["cam0", "cam1", "cam2", "cam3"]
    poses = json.loads((synth_dir / "poses.json").read_text())
    assert poses["joints"] == JOINTS and np.array(poses["frames"]).shape == (10, len(JOINTS), 3)
    rgb = np.asarray(Image.open(synth_dir / "cam0" / "rgb_0000.png"))
    mask = np.asarray(Image.open(synth_dir / "cam0" / "mask_0000.png"))
    assert rgb.shape == (64, 64, 3) and set(np.unique(mask)) == {0, 255}
    # the joints project inside the animal's mask (OpenCV convention x_cam = R X + t)
    uv, z = cams[0].project(np.array(poses["frames"][0])[3:4])  # body centre
    assert z[0] > 0 and mask[int(round(uv[0, 1])), int(round(uv[0, 0]))] == 255


@pytest.mark.parametrize("seed", [0, 1])
def test_up_direction_is_recovered_in_a_rotated_world(seed: int):
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    G = q * np.sign(np.linalg.det(q))
    up = estimate_up(make_cameras(5, 64, seed, G))
    assert np.degrees(np.arccos(np.clip(up @ (G @ [0, 0, 1.0]), -1, 1))) < 1.0


def test_prepare_tracks_the_animal_and_writes_documented_h5(synth_dir: Path, project: Path):
    truth = json.loads((synth_dir / "poses.json").read_text())["truth"]
    data = load_prepared(project / "train.h5")
    centres = np.array([t["center"] for t in truth])
    assert np.abs(data.centers[:, :2] - centres[:, :2]).max() < 0.04  # body is ~0.3 long
    heading = np.array([t["heading"] for t in truth])
    err = np.degrees(np.abs(np.angle(np.exp(1j * (np.arctan2(data.rotations[:, 1, 0], data.rotations[:, 0, 0])
                                                    - heading)))))
    assert np.median(err) < 30
    assert 0.15 < data.ell < 0.6
    with h5py.File(project / "images.h5") as f:
        assert f["images"].shape == (10, 4, 32, 32, 3) and f["images"].dtype == np.uint8
        assert f["images"].chunks == (1, 4, 32, 32, 3) and f["images"].compression == "gzip"
        assert f["masks"].shape == (10, 4, 32, 32)
        assert {"cameras", "ell", "up", "downsample", "frame_names"} <= set(f.attrs)
    with h5py.File(project / "train.h5") as f:
        assert f["images"].compression == "lzf"
    # background is white where the mask is off
    assert (data.images[data.masks == 0] == 255).all()


def _copy(src: Path, tmp: Path) -> Path:
    dst = tmp / "bad"
    shutil.copytree(src, dst)
    return dst


def _edit_camera(data: Path, key: str, value) -> None:
    doc = json.loads((data / "cameras.json").read_text())
    doc["cameras"][1][key] = value
    (data / "cameras.json").write_text(json.dumps(doc))


@pytest.mark.parametrize("case,match", [
    ("missing", "camera 'cam2' is missing frame 0004"),
    ("size", "camera 'cam1' frame 0000: rgb is 64x64 but cameras.json says 60x64"),
    ("empty", "camera 'cam0' frame 0003: the mask is empty"),
    ("rotation", "camera 'cam1': R is not a rotation"),
    ("nan", "camera 'cam1': 'K' contains NaN"),
])
def test_bad_input_names_camera_and_frame_and_writes_nothing(synth_dir: Path, tmp_path: Path, case: str, match):
    data = _copy(synth_dir, tmp_path)
    if case == "missing":
        (data / "cam2" / "rgb_0004.png").unlink()
    elif case == "size":
        _edit_camera(data, "width", 60)
    elif case == "empty":
        Image.fromarray(np.zeros((64, 64), np.uint8)).save(data / "cam0" / "mask_0003.png")
    elif case == "rotation":
        _edit_camera(data, "R", [[1, 0, 0], [0, 2, 0], [0, 0, 1]])
    elif case == "nan":
        _edit_camera(data, "K", [[float("nan"), 0, 32], [0, 140, 32], [0, 0, 1]])
    out = tmp_path / "project"
    with pytest.raises(InvalidInput, match=match):
        prepare(data, out, ds=2)
    assert not list(out.glob("*.h5")) and not list(out.glob("*.partial"))


def test_read_folder_downsamples_consistently(synth_dir: Path):
    cams, fids, imgs, masks = read_folder(synth_dir, 2)
    full = load_cameras(synth_dir / "cameras.json")
    assert fids[0] == "0000" and imgs.shape == (10, 4, 32, 32, 3)
    X = np.array([[0.0, 0.0, 0.05]])
    uv_full, _ = full[0].project(X)
    uv_small, _ = cams[0].project(X)
    assert np.allclose((uv_full + 0.5) / 2 - 0.5, uv_small)
