"""A Maya rig that marks its skinned joints ('skinBone') among the controls stacked between them."""

from __future__ import annotations

import re

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like


def _skinned_among_controls() -> tuple[dict, dict[str, tuple[str, str]]]:
    """Mixamo-like joints renamed 'Skeleton_<side>_<part>_skinBone_<joint>' (a Norse survival game's undead, held-out
    batch 1395), each hung from a control at its own point ('Skeleton_<side>_<joint>_CTL', with a
    'Skeleton_<side>_<joint>_null' above it), as the controls of a Maya rig exported whole sit between its joints."""
    d = mixamo_like(prefix="")
    names = {}
    for b in d["bones"]:
        m = re.fullmatch(r"(Left|Right)?(.+)", b["name"])
        side = {"Left": "L_", "Right": "R_"}.get(m.group(1) or "", "")
        part = "arm" if "Hand" in m.group(2) or "Arm" in m.group(2) or "Shoulder" in m.group(2) else \
            "leg" if any(w in m.group(2) for w in ("Leg", "Foot", "Toe")) else "spine"
        names[b["name"]] = (f"Skeleton_{side}{part}_skinBone_{m.group(2)}", f"Skeleton_{side}{m.group(2)}")
    bones = [{"name": "Skeleton_root_CTL", "parent": None, "position": [0.0, 0.0, 0.0]}]
    for b in d["bones"]:
        joint, control = names[b["name"]]
        above = names[b["parent"]][0] if b["parent"] else "Skeleton_root_CTL"
        bones.append({"name": control + "_null", "parent": above, "position": b["position"]})
        bones.append({"name": control + "_CTL", "parent": control + "_null", "position": b["position"]})
        bones.append({"name": joint, "parent": control + "_CTL", "position": b["position"]})
    return {**d, "bones": bones}, names


def test_skinned_joints_marked_among_their_controls_take_the_roles():
    """'skin' had read as a helper word (a robot's tactile skin), so every joint was a helper and none of the
    rig's 54 labelled joints was mapped; the controls above them took a few roles by their names. Joints marked
    skinned deform; the controls are helpers."""
    d, names = _skinned_among_controls()
    got = Mapper().map(Skeleton.from_dict(d), "ue5_manny").mapping
    want = {"Hips": "pelvis", "Neck": "neck_01", "Head": "head", "LeftShoulder": "clavicle_l", "LeftArm": "upperarm_l",
            "LeftForeArm": "lowerarm_l", "LeftHand": "hand_l", "RightHand": "hand_r", "LeftUpLeg": "thigh_l",
            "RightLeg": "calf_r", "LeftFoot": "foot_l", "LeftHandIndex1": "index_01_l", "RightHandThumb2": "thumb_02_r"}
    assert {k: got[names[k][0]] for k in want} == want, got
    assert not any(got[c + s] for _, c in names.values() for s in ("_null", "_CTL")), got
