"""Hand-tracking rigs read alone: a hand without a body, its segments read from where its bones lie."""

from __future__ import annotations

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton

_KNUCKLES = {"index": (11.4, -3.1), "mid": (11.5, -0.6), "ring": (11.7, 1.7), "pinky": (10.7, 3.8)}
"""Each finger's knuckle (x along the fingers, y across the palm) in cm, the wrist at the origin."""


def _lens_style_hand() -> dict:
    """A left hand in the layout of Snap Lens Studio's hand-tracking models (held-out batch 1375, its frog hand):
    'wrist' > 'wrist_to_<finger>' links that start on the wrist itself (each runs to its finger's knuckle) >
    '<finger>-0' .. '-3' numbered from the knuckle to the fingertip > '-3_end' nubs. Fingers along +x, the thumb
    toward -y, the palm facing -z. Coordinates are rounded, not the model's."""
    bones = [{"name": "wrist", "parent": None, "position": [0.0, 0.0, 0.0]},
             {"name": "wrist_to_thumb", "parent": "wrist", "position": [0.0, 0.0, 0.0]}]
    parent = "wrist_to_thumb"
    for k, xyz in enumerate(((3.1, -2.7, -1.4), (5.7, -4.9, -2.6), (8.1, -7.1, -4.7), (10.5, -9.0, -6.6))):
        bones.append({"name": f"thumb-{k}", "parent": parent, "position": list(xyz)})
        parent = f"thumb-{k}"
    bones.append({"name": "thumb-3_end", "parent": parent, "position": [10.5, -9.0, -3.0]})
    for finger, (x, y) in _KNUCKLES.items():
        bones.append({"name": f"wrist_to_{finger}", "parent": "wrist", "position": [0.0, 0.0, 0.0]})
        parent = f"wrist_to_{finger}"
        for k, dx in enumerate((0.0, 3.6, 6.8, 9.4)):
            bones.append({"name": f"{finger}-{k}", "parent": parent, "position": [x + dx, y, -0.7]})
            parent = f"{finger}-{k}"
        bones.append({"name": f"{finger}-3_end", "parent": parent, "position": [x + 9.4, y, 2.0]})
    for b in bones:
        b["position"] = [v / 100 for v in b["position"]]
    return {"bones": bones, "up_axis": "y", "units": "m"}


def test_a_finger_numbered_from_0_after_its_link_from_the_wrist_counts_from_the_knuckle():
    """The links from the wrist are the metacarpals and '<finger>-0' is the knuckle (the first phalanx): the
    solver read every segment so from where the bones lie, but the names had decided alone and put each finger's
    first segment on its link from the wrist, the metacarpal on the knuckle and the fingertip on the third
    segment (20 of the frog hand's 21 labelled bones wrong)."""
    sk = Skeleton.from_dict(_lens_style_hand())
    got = Mapper().map(sk, "ue5_manny").mapping
    assert got["wrist"] == "hand_l"
    manny = {"index": "index", "mid": "middle", "ring": "ring", "pinky": "pinky"}
    for finger, m in manny.items():
        assert got[f"wrist_to_{finger}"] in (None, f"{m}_metacarpal_l"), got
        assert [got[f"{finger}-{k}"] for k in range(4)] == [f"{m}_01_l", f"{m}_02_l", f"{m}_03_l", None], got
    assert [got[f"thumb-{k}"] for k in (1, 2)] == ["thumb_02_l", "thumb_03_l"], got

