"""Limbs named joint by joint: a joint word names the joint, a segment word below it only a part of the segment."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like


def _elbow_then_forearm(elbow_at: float, forearm_at: float) -> dict:
    """A Mixamo-like body whose arms are named joint by joint, 'd_<side>_elbow' > 'd_<side>_forearm' >
    'd_<side>_wrist' (Pirates of the Caribbean Online's convention), the elbow and the forearm bone placed at the
    given fractions of the way from the shoulder to the wrist."""
    d = mixamo_like(prefix="", fingers=False)
    bones = []
    for b in d["bones"]:
        side = "left" if b["name"].startswith("Left") else "right"
        sx = 1 if side == "left" else -1
        if b["name"].endswith("ForeArm"):
            x = 15 + elbow_at * 50
            bones.append({"name": f"d_{side}_elbow", "parent": b["parent"],
                          "position": [sx * x, 145 - 8 * elbow_at, 0]})
            x = 15 + forearm_at * 50
            bones.append({"name": f"d_{side}_forearm", "parent": f"d_{side}_elbow",
                          "position": [sx * x, 145 - 8 * forearm_at, 0]})
        elif b["name"].endswith("Hand"):
            bones.append({**b, "name": f"d_{side}_wrist", "parent": f"d_{side}_forearm", "position": [sx * 65, 137, 0]})
        else:
            bones.append(b)
    return {**d, "bones": bones}


@pytest.mark.parametrize(("elbow_at", "forearm_at"), [(0.39, 0.6), (0.45, 0.75)])
def test_a_forearm_bone_under_the_elbow_is_the_forearm_s_part_not_its_joint(elbow_at, forearm_at):
    """'elbow' names the joint, 'forearm' only the segment: under the elbow, the forearm bone is a twist (part) bone
    along the lower arm. Both names had read as the lower arm; with the elbow nearer the shoulder than the middle
    of the arm, the solver put the lower arm on the forearm bone and the elbow was left unmapped (Jack Sparrow of
    held-out batch 1386, his elbow 0.39 of the way from shoulder to wrist and his forearm bone 0.6)."""
    got = Mapper().map(Skeleton.from_dict(_elbow_then_forearm(elbow_at, forearm_at)), "ue5_manny").mapping
    for side in ("left", "right"):
        s = side[0]
        assert got[f"d_{side}_elbow"] == f"lowerarm_{s}", got
        assert got[f"d_{side}_forearm"] in (f"lowerarm_twist_01_{s}", None), got
        assert got[f"d_{side}_wrist"] == f"hand_{s}", got


def test_a_forearm_joint_stacked_on_the_elbow_is_still_the_lower_arm():
    """A robot's two elbow joints at one point ('elbowL' > 'forearmL' > 'handL', held-out batch 1213's jackbot):
    the last of a stack is the joint, so the forearm bone keeps the lower arm."""
    d = _elbow_then_forearm(0.5, 0.5)
    got = Mapper().map(Skeleton.from_dict(d), "ue5_manny").mapping
    for side in ("left", "right"):
        assert got[f"d_{side}_forearm"] == f"lowerarm_{side[0]}", got
        assert got[f"d_{side}_elbow"] in (None, f"lowerarm_twist_01_{side[0]}"), got


def test_an_arm_named_joint_and_segment_in_turn_keeps_its_forearm_segment():
    """A figure that names its arm's joints and segments in turn, each segment's bone halfway along it ('L_shoulder'
    > 'L_upper_arm' > 'L_elbow' > 'L_fore_arm' > 'L_wrist' > 'L_hand', committed rig viewode_figure): the segments'
    bones carry the segments, so the forearm bone stays the lower arm."""
    d = mixamo_like(prefix="", fingers=False)
    bones = [b for b in d["bones"] if not any(w in b["name"] for w in ("Shoulder", "Arm", "Hand"))]
    for side, sx in (("L", 1), ("R", -1)):
        parent = "Spine2"
        for k, name in enumerate(("shoulder", "upper_arm", "elbow", "fore_arm", "wrist", "hand")):
            bones.append({"name": f"{side}_{name}", "parent": parent, "position": [sx * (15 + 10 * k), 145 - k, 0]})
            parent = f"{side}_{name}"
    got = Mapper().map(Skeleton.from_dict({**d, "bones": bones}), "ue5_manny").mapping
    for side in ("L", "R"):
        s = side.lower()
        assert got[f"{side}_fore_arm"] == f"lowerarm_{s}", got
