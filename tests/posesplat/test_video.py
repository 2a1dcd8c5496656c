"""Video input for `splat prepare`: one RGB and one mask video per camera, read with OpenCV, same result as PNGs."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from enginemind.errors import InvalidInput
from enginemind.families.posesplat.cameras import load_cameras
from enginemind.families.posesplat.data import load_prepared, read_folder
from enginemind.families.posesplat.pipeline import prepare


def to_videos(src: Path, dst: Path, fourcc: str = "FFV1", ext: str = ".avi", drop_last: str = "",
              skip_mask: str = "") -> Path:
    """Write the synthetic PNG data set as per-camera videos (FFV1 is lossless)."""
    dst.mkdir(parents=True)
    shutil.copy(src / "cameras.json", dst / "cameras.json")
    for cam in load_cameras(src / "cameras.json"):
        (dst / cam.name).mkdir()
        for kind in ("rgb", "mask"):
            if kind == "mask" and cam.name == skip_mask:
                continue
            names = sorted((src / cam.name).glob(f"{kind}_*.png"))
            if cam.name == drop_last:
                names = names[:-1]
            out = cv2.VideoWriter(str(dst / cam.name / f"{kind}{ext}"), cv2.VideoWriter_fourcc(*fourcc), 10,
                                  (cam.width, cam.height))
            assert out.isOpened()
            for p in names:
                out.write(cv2.cvtColor(np.asarray(Image.open(p).convert("RGB")), cv2.COLOR_RGB2BGR))
            out.release()
    return dst


def test_lossless_videos_prepare_exactly_like_the_png_frames(synth_dir: Path, project: Path, tmp_path: Path):
    videos = to_videos(synth_dir, tmp_path / "videos")
    cams, fids, images, masks = read_folder(videos, 2)
    ref_cams, ref_fids, ref_images, ref_masks = read_folder(synth_dir, 2)
    assert fids == ref_fids == [f"{i:04d}" for i in range(10)]
    assert [c.to_json() for c in cams] == [c.to_json() for c in ref_cams]
    assert np.array_equal(images, ref_images) and np.array_equal(masks, ref_masks)
    files = prepare(videos, tmp_path / "project", ds=2)  # what `enginemind splat prepare --data videos` runs
    got, ref = load_prepared(files["train"]), load_prepared(project / "train.h5")
    assert np.allclose(got.centers, ref.centers) and got.ell == pytest.approx(ref.ell)


def test_lossy_mp4_masks_stay_within_a_pixel(synth_dir: Path, tmp_path: Path):
    videos = to_videos(synth_dir, tmp_path / "videos", fourcc="mp4v", ext=".mp4")
    _, _, images, masks = read_folder(videos, 2)
    _, _, ref_images, ref_masks = read_folder(synth_dir, 2)
    iou = (masks & ref_masks).sum() / (masks | ref_masks).sum()
    assert iou > 0.9, iou
    assert np.abs(images.astype(int) - ref_images).mean() < 12


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"drop_last": "cam2"}, "camera 'cam2' is missing frame 0009: its videos have 9 frames, camera 'cam0' has 10"),
    ({"skip_mask": "cam1"}, "camera 'cam1': mask video is missing"),
])
def test_bad_video_sets_name_the_camera_and_frame(synth_dir: Path, tmp_path: Path, kwargs: dict, message: str):
    videos = to_videos(synth_dir, tmp_path / "videos", **kwargs)
    with pytest.raises(InvalidInput, match=message):
        read_folder(videos, 2)
    with pytest.raises(InvalidInput, match=message):
        prepare(videos, tmp_path / "project", ds=2)
    assert not (tmp_path / "project" / "images.h5").exists()


def test_short_mask_video_and_unreadable_video(synth_dir: Path, tmp_path: Path):
    videos = to_videos(synth_dir, tmp_path / "videos")
    frames = sorted((synth_dir / "cam0").glob("mask_*.png"))[:4]
    out = cv2.VideoWriter(str(videos / "cam0" / "mask.avi"), cv2.VideoWriter_fourcc(*"FFV1"), 10, (64, 64))
    for p in frames:
        out.write(cv2.cvtColor(np.asarray(Image.open(p).convert("RGB")), cv2.COLOR_RGB2BGR))
    out.release()
    with pytest.raises(InvalidInput, match="camera 'cam0' is missing frame 0004 in mask.avi: rgb.avi has more frames"):
        read_folder(videos, 2)
    (videos / "cam0" / "mask.avi").write_text("not a video")
    with pytest.raises(InvalidInput, match="camera 'cam0': cannot read video"):
        read_folder(videos, 2)
