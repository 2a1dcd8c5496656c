"""Review PNG: a real image of the tree coloured by confidence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from enginemind.families.bonemap.predict import map_skeleton
from enginemind.families.bonemap.review import render_review
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like


def test_review_png(tmp_path: Path):
    sk = Skeleton.from_dict(mixamo_like())
    res = map_skeleton(sk)
    out = render_review(sk, res, tmp_path / "r" / "review.png")
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert img.shape[0] > 300 and img.shape[1] > 600
    greenish = ((img[..., 1] > 120) & (img[..., 0] < 100)).sum()
    assert greenish > 50  # confident bones are drawn green
