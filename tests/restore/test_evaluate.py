from __future__ import annotations

import numpy as np

from enginemind.families.restore.evaluate import (
    BASELINES,
    DEFAULT_SETTINGS,
    evaluate_methods,
    markdown_table,
    psnr,
    score,
    ssim,
)
from tests.restore.helpers import frames


def test_psnr_and_ssim_values():
    a = np.zeros((240, 256, 3), np.uint8)
    b = a.copy()
    b[:, :128] = 10
    assert psnr(a, a) == float("inf")
    assert abs(psnr(a, b) - 10 * np.log10(255 ** 2 / 50)) < 1e-6
    mask = np.zeros((240, 256), bool)
    mask[:, 128:] = True
    assert psnr(a, b, mask) == float("inf")
    assert ssim(a, a) == 1.0 and ssim(a, b) < 1.0


def test_baselines_keep_visible_pixels_and_inpaint_smooth_regions():
    yy, xx = np.mgrid[0:240, 0:256]
    grad = np.stack([xx % 256, yy, (xx + yy) % 256], axis=-1).astype(np.uint8)[None]
    mask = np.zeros((1, 240, 256), bool)
    mask[0, 100:120, 100:140] = True
    results = {}
    for name, fn in BASELINES.items():
        out = fn(grad, mask, None)
        assert np.array_equal(out[~mask], grad[~mask])
        results[name] = psnr(grad[0], out[0], mask[0])
    assert results["opencv_telea"] > results["mean_fill"] + 3
    assert results["opencv_ns"] > results["mean_fill"] + 3


def test_evaluate_methods_rows():
    f = frames(2)
    rows = evaluate_methods({"mean_fill": BASELINES["mean_fill"]}, f, None, DEFAULT_SETTINGS[1:2])
    assert rows[0]["mask"] == "patch75" and rows[0]["masked_psnr"] < rows[0]["frame_psnr"]
    assert 0 <= rows[0]["masked_ssim"] <= 1
    assert "| patch75 | mean_fill |" in markdown_table(rows)


def test_pooled_and_median_psnr_are_not_swayed_by_one_exact_frame():
    truth = np.zeros((2, 240, 256, 3), np.uint8)
    masks = np.zeros((2, 240, 256), bool)
    masks[:, :64, :96] = True
    restored = truth.copy()
    restored[1][masks[1]] = 20  # frame 0 exact, frame 1 off by 20 grey levels in its hole
    s = score(truth, restored, masks, with_ssim=False)
    off = 10 * np.log10(255 ** 2 / 400)
    assert abs(s["masked_psnr"] - (100 + off) / 2) < 1e-6  # the mean is dominated by the capped exact frame
    assert abs(s["masked_psnr_pooled"] - (off + 10 * np.log10(2))) < 1e-6  # half the pixels, all the error
    assert abs(s["masked_psnr_median"] - s["masked_psnr"]) < 1e-6  # two frames: median is the mean
    assert score(truth, truth, masks, with_ssim=False)["masked_psnr_pooled"] == 100.0
