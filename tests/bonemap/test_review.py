"""Review PNG: body-part panels, readable rows, colours that separate sure / unsure / confidently null, and the
essential target bones left unmapped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from enginemind.families.bonemap.predict import map_skeleton
from enginemind.families.bonemap.review import _style, _target_roles, missing_essentials, parts, render_review
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like


def test_review_png(tmp_path: Path):
    sk = Skeleton.from_dict(mixamo_like())
    res = map_skeleton(sk)
    out = render_review(sk, res, tmp_path / "r" / "review.png")
    img = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert img.shape[0] > 300 and img.shape[1] > 1500
    greenish = ((img[..., 1] > 120) & (img[..., 0] < 100) & (img[..., 2] < 120)).sum()
    assert greenish > 500  # confident bones are drawn green
    red = ((img[..., 0] > 190) & (img[..., 1] < 70) & (img[..., 2] < 70)).sum()
    assert red < 600  # only the legend's patch: nothing essential missing (no red box), no unsure bone


def test_bones_go_to_their_body_part():
    sk = Skeleton.from_dict(mixamo_like())
    res = map_skeleton(sk)
    groups = parts(sk, res, sk.depth_order(), _target_roles(res))
    names = {k: {sk.names[i] for i in v} for k, v in groups.items()}
    assert "mixamorig:LeftHandIndex2" in names["hand L"] and "mixamorig:LeftHand" in names["hand L"]
    assert "mixamorig:RightForeArm" in names["arm R"] and "mixamorig:LeftLeg" in names["leg L"]
    assert "mixamorig:HeadTop_End" in names["torso and head"]  # unmapped: follows its mapped parent
    assert sum(len(v) for v in groups.values()) == len(sk)


def test_missing_essentials_and_null_styles(tmp_path: Path):
    bones = [b for b in mixamo_like()["bones"] if "LeftHand" not in b["name"]]
    sk = Skeleton.from_dict({"bones": bones})
    res = map_skeleton(sk)
    missing = missing_essentials(res, _target_roles(res))
    assert "hand_l" in missing and "hand_r" not in missing and "pelvis" not in missing
    assert _style(None, 0.99)[2] == "null" and _style(None, 0.5)[2] == "null?"
    assert _style("hand_l", 0.99)[2] == "sure" and _style("hand_l", 0.85)[2] == "check"
    assert _style("hand_l", 0.3)[2] == "unsure"
    img = np.asarray(Image.open(render_review(sk, res, tmp_path / "m.png")).convert("RGB")).astype(int)
    assert ((img[..., 0] > 190) & (img[..., 1] < 70) & (img[..., 2] < 70)).sum() > 3000  # the red box
