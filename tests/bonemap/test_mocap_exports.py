"""Characters shipped with motion-capture SDKs, seen on held-out real rigs (batch 44): Xsens MVN's characters end
every finger in a fork, a zero-length 'Finger4' on the last joint beside the 'Finger5' tip; Qualisys' avatar has
no fingers and a roll leaf halfway along each limb segment. Constructed from the Mixamo-like test skeleton (Y up,
+X = left, cm), no third-party file."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import map_without_names, mixamo_like

FINGERS = ("Thumb", "Index", "Middle", "Ring", "Pinky")


def forked_fingers() -> dict:
    d = mixamo_like("boss:")
    pos = {b["name"]: b["position"] for b in d["bones"]}
    for b in d["bones"]:  # segment 4 becomes a zero-length marker on segment 3, with the tip beside it
        if b["name"][-1] == "4" and any(f in b["name"] for f in FINGERS):
            tip = list(b["position"])
            b["position"] = list(pos[b["parent"]])
            d["bones"].append({"name": b["name"][:-1] + "5", "parent": b["parent"], "position": tip})
    return d


def truth() -> dict[str, str]:
    return {f"boss:{s}Hand{f}{k}": f"{f.lower()}_0{k}_{s[0].lower()}" for s in ("Left", "Right") for f in FINGERS
            for k in (1, 2, 3)}


@pytest.mark.parametrize("names", [True, False])
def test_fingers_ending_in_a_fork_keep_their_three_segments(names):
    sk = Skeleton.from_dict(forked_fingers())
    want = truth()
    if not names:  # the structure alone: rename, then read the answers back under the original names (the test
        # hand's thumb lies in the fingers' row, so geometry cannot tell it: the four fingers are checked)
        want = {b: t for b, t in want.items() if "Thumb" not in b}
        got = map_without_names(forked_fingers())
    else:
        got = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny").mapping
    assert {b: got[b] for b in want} == want
    assert all(got[b] is None for b in got if b[-1] in "45" and "Hand" in b)


def roll_leaves() -> dict:
    """Qualisys' avatar: no fingers, and a 'Leaf<Segment>RollBone1' leaf halfway along each limb segment."""
    d = mixamo_like("", fingers=False)
    pos = {b["name"]: b["position"] for b in d["bones"]}
    for side in ("Left", "Right"):
        for seg, nxt in (("Arm", "ForeArm"), ("ForeArm", "Hand"), ("UpLeg", "Leg"), ("Leg", "Foot")):
            a, b = pos[side + seg], pos[side + nxt]
            mid = [a[k] + 0.55 * (b[k] - a[k]) for k in range(3)]
            d["bones"].append({"name": f"Leaf{side}{seg}RollBone1", "parent": side + seg, "position": mid})
    return d


@pytest.mark.parametrize("names", [True, False])
def test_roll_leaves_along_the_arm_are_not_finger_tips(names):
    sk = Skeleton.from_dict(roll_leaves())
    want = {f"{s}{b}": f"{t}_{s[0].lower()}" for s in ("Left", "Right")
            for b, t in (("Shoulder", "clavicle"), ("Arm", "upperarm"), ("ForeArm", "lowerarm"), ("Hand", "hand"))}
    if names:
        got = Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny").mapping
    else:
        got = map_without_names(roll_leaves())
    assert {b: got[b] for b in want} == want


def test_fingers_of_one_hand_share_their_knuckle_reading():
    """MetaPerson's avatar (batch 49): four 4-joint fingers whose middle and ring first joints lie just under the
    knuckle mark (0.42 x the tip's distance from the wrist) and read as metacarpals, while index and pinky do not;
    fingers with as many bones take the same reading (the nearer one on a tie)."""
    d = mixamo_like(fingers=False)
    rows = {"Thumb": [(68, 143, 4), (71, 141, 6), (74, 140, 7), (76, 139, 8)],
            "Index": [(73, 145, 3), (77, 145, 3), (80, 145, 3), (82, 145, 3)],
            "Middle": [(72, 145, 1), (77.5, 145, 1), (81, 145, 1), (83.5, 145, 1)],
            "Ring": [(72, 145, -1), (77, 145, -1), (80, 145, -1), (82.5, 145, -1)],
            "Pinky": [(72.5, 145, -3), (75.5, 145, -3), (78, 145, -3), (80, 145, -3)]}
    for side, sx in (("Left", 1), ("Right", -1)):
        for f, pts in rows.items():
            parent = f"mixamorig:{side}Hand"
            for k, (x, y, z) in enumerate(pts, 1):
                d["bones"].append({"name": f"mixamorig:{side}Hand{f}{k}", "parent": parent, "position": [sx * x, y, z]})
                parent = f"mixamorig:{side}Hand{f}{k}"
    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny")
    want = {f"mixamorig:{s}Hand{f}{k}": f"{f.lower()}_0{k}_{s[0].lower()}" for s in ("Left", "Right")
            for f in ("Index", "Middle", "Ring", "Pinky") for k in (1, 2, 3)}
    assert {b: res.mapping[b] for b in want} == want
