"""Nameless rigs' heads and feet where the Blender exporter's leaves and IK parenting mislead: a crown leaf over a
long neck, feet hung from IK goals on the ankle (held-out batches 1468 and 1471). Constructed from the Mixamo-like
test skeleton (cm, Y up, +X = left, facing +Z), names replaced by ``bone_NNN``; no third-party file."""

from __future__ import annotations

from tests.bonemap.helpers import map_without_names, mixamo_like


def test_a_nameless_long_neck_ending_in_the_exporters_crown_leaf_keeps_the_head_below_it():
    """Jam-game aliens (held-out batch 1468): chest > 'Neck' > 'Head' > 'Head_end', the neck a fifth of the
    height and the leaf at the very top of the body, a skull long. Without names the leaf had taken the head and
    'Head' read as a second neck bone: the crown leaf ends the head."""
    d = mixamo_like("", fingers=False)
    pos = {"Neck": [0.0, 150.0, 0.0], "Head": [0.0, 170.0, 0.0], "HeadTop_End": [0.0, 190.0, 0.0]}
    for b in d["bones"]:
        b["position"] = pos.get(b["name"], b["position"])
    got = map_without_names(d)
    assert (got["Neck"], got["Head"], got["HeadTop_End"]) == ("neck_01", "head", None)


def _feet_on_ik_goals() -> dict:
    """Feet hung from IK goals under the hips, as Blender game rigs export them: 'LeftLeg' ends in its end leaf
    'LeftLeg_end' on the ankle, and 'LeftFootIK' > 'LeftFoot' > 'LeftToeBase' > 'LeftToe_End' start there."""
    d = mixamo_like("", fingers=False)
    for side, x in (("Left", 10.0), ("Right", -10.0)):
        d["bones"] += [{"name": f"{side}Leg_end", "parent": f"{side}Leg", "position": [x, 8.0, 0.0]},
                       {"name": f"{side}FootIK", "parent": "Hips", "position": [x, 8.5, 0.0]}]
        next(b for b in d["bones"] if b["name"] == f"{side}Foot")["parent"] = f"{side}FootIK"
    return d


def test_a_nameless_foot_hung_from_an_ik_goal_on_the_ankle_is_the_foot():
    """Jam aliens (held-out batch 1468): without names the calf's end leaf had taken the foot, and the foot with its
    toes under 'FootIK.L' had nothing."""
    got = map_without_names(_feet_on_ik_goals())
    for side, s in (("Left", "l"), ("Right", "r")):
        assert (got[f"{side}Leg"], got[f"{side}Foot"], got[f"{side}Leg_end"], got[f"{side}FootIK"]) == \
            (f"calf_{s}", f"foot_{s}", None, None)
