"""Segment words of conventions seen in held-out batches 1319 and 1323: Neversoft's fingers 'Base' > 'Mid' > 'Top'
(the top is the distal joint, not an end) and its 'Pinkey', and a dummy node set over a named clavicle."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import insert_between, map_without_names, mixamo_like

_BODY = {"Hips": "Bone_Pelvis", "Spine": "Bone_Stomach_Lower", "Spine1": "Bone_Stomach_Upper", "Spine2": "Bone_Chest",
         "Neck": "Bone_Neck", "Head": "Bone_Head", "Shoulder": "Bone_Collar", "Arm": "Bone_Bicep",
         "ForeArm": "Bone_Forearm", "Hand": "Bone_Palm", "UpLeg": "Bone_Thigh", "Leg": "Bone_Knee",
         "Foot": "Bone_Ankle", "ToeBase": "Bone_Toe"}
_FINGERS = {"Thumb": "Thumb", "Index": "Index", "Middle": "Middle", "Ring": "Ring", "Pinky": "Pinkey"}
_SEGMENTS = {"1": "Base", "2": "Mid", "3": "Top"}


def _neversoft_name(name: str) -> str | None:
    """The Neversoft name of a ``mixamo_like`` bone (None: a bone the convention does not have)."""
    side = "L" if name.startswith("Left") else "R" if name.startswith("Right") else None
    stem = name.removeprefix("Left").removeprefix("Right")
    if stem.startswith("Hand") and stem != "Hand":
        finger, seg = stem[4:-1], stem[-1]
        return f"Bone_Hand_{_FINGERS[finger]}_{_SEGMENTS[seg]}_{side}" if seg in _SEGMENTS else None
    if stem not in _BODY:
        return None
    return f"{_BODY[stem]}_{side}" if side else _BODY[stem]


def _neversoft_rig() -> dict:
    d = mixamo_like(prefix="")
    names = {b["name"]: _neversoft_name(b["name"]) for b in d["bones"]}
    d["bones"] = [{**b, "name": names[b["name"]], "parent": names[b["parent"]] if b["parent"] else None}
                  for b in d["bones"] if names[b["name"]] is not None]
    return d


def test_top_after_base_and_mid_is_the_distal_joint_and_pinkey_is_the_pinky() -> None:
    got = Mapper().map(Skeleton.from_dict(_neversoft_rig()), "ue5_manny").mapping
    for side in ("l", "r"):
        s = side.upper()
        assert got[f"Bone_Palm_{s}"] == f"hand_{side}"
        for finger, target in (("Index", "index"), ("Pinkey", "pinky"), ("Thumb", "thumb")):
            assert [got[f"Bone_Hand_{finger}_{seg}_{s}"] for seg in ("Base", "Mid", "Top")] == \
                [f"{target}_0{k}_{side}" for k in (1, 2, 3)]


@pytest.mark.parametrize("names", [["HeadTop_End", "Head"], ["Bone_Hand_Index_Top_L", "Bone_Hand_Index_Base_L"]])
def test_top_without_a_mid_twin_stays_an_end_word(names: list[str]) -> None:
    assert "end" in analyse_names(names)[0].concepts


def test_clavicle_moves_off_a_dummy_set_over_it() -> None:
    """'leftShoulder_Dummy' > 'leftShoulder' > 'leftArm' (a digital human's HumanIK names, held-out batch 1323):
    the dummy sits at the clavicle's root and the solver had given it the clavicle."""
    d = mixamo_like(prefix="", fingers=False)
    for side, sx in (("Left", 1), ("Right", -1)):
        insert_between(d, f"{side}Shoulder_Dummy", "Spine2", f"{side}Shoulder", [1.0 * sx, 145, 0])
        for b in d["bones"]:
            if b["name"] == f"{side}Shoulder":
                b["position"] = [4.0 * sx, 145, -1]
    got = Mapper().map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert got["LeftShoulder"] == "clavicle_l" and got["RightShoulder"] == "clavicle_r"
    assert got["LeftShoulder_Dummy"] is None and got["LeftArm"] == "upperarm_l"


def test_named_neck_line_takes_the_head_from_a_nameless_branch() -> None:
    """Unity's ADAM saved mid-shot (held-out batch 1315): the solver read a leaf chain on the chest ('Trap1_R_Jnt',
    a word the lexicon does not know) as the head beside 'Neck1' > 'Neck2' > 'Neck3' > 'Head' with the eyes; every
    bone down to the named head is named the neck, so the names' neck line wins. A named branch keeps the solver's
    reading where a bone of that line is named otherwise."""
    from enginemind.families.bonemap.rig.roles import Role
    from enginemind.families.bonemap.rig.solver.merge import _named_head
    from enginemind.families.bonemap.rig.targets import analyse

    def run(trap: str, neck3: str = "Neck3") -> list[str | None]:
        d = mixamo_like(prefix="", fingers=False)
        d["bones"] = [b for b in d["bones"] if b["name"] not in ("Neck", "Head", "HeadTop_End")]
        for name, parent, pos in (("Neck1", "Spine2", (0, 136, 0)), ("Neck2", "Neck1", (0, 141, -3)),
                                  (neck3, "Neck2", (0, 145, -7)), ("Head", neck3, (0, 146, -8)),
                                  ("Eye_L", "Head", (3, 148, -19)), (trap, "Spine2", (0, 137, 2)),
                                  (f"{trap}2", trap, (7, 133, 1))):
            d["bones"].append({"name": name, "parent": parent, "position": list(pos)})
        sk = Skeleton.from_dict(d)
        name_ev = analyse(sk, unique=False, structure="names").evidence
        roles: list[Role | None] = [None] * len(sk)
        roles[sk.index(trap)] = Role("head")
        _named_head(sk, roles, [0.6] * len(sk), name_ev)
        return [r.kind if r is not None else None for r in (roles[sk.index(n)] for n in ("Neck1", "Neck2", "Head",
                                                                                       trap))]

    assert run("Trap1_R") == ["neck", "neck", "head", None]
    assert run("Ponytail") == ["neck", "neck", "head", None]  # (a hair word is no body name)
    assert run("Trap1_R", neck3="Jaw") == [None, None, None, "head"]


@pytest.mark.parametrize(("name", "finger"), [("Joint_shoulderMid", False), ("Joint_pelvisMid", False),
                                              ("Joint_shoulderMid_L", True), ("LeftHandMiddle1", True)])
def test_unsided_mid_between_the_shoulders_is_no_middle_finger(name: str, finger: bool) -> None:
    """A sizing tool's 'Joint_shoulderMid' (held-out batch 1322), the point between the shoulders, had taken a
    middle finger; a sided one stays with the names' other rules."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    evidence = name_evidence(analyse_names([name])[0])
    assert any(e.kind == "middle" for e in evidence) is finger


def test_a_ribbon_on_the_upper_arm_does_not_hide_the_arm_without_names() -> None:
    """Honkai: Star Rail's Luocha (held-out batch 1317): a ribbon of eight bones hangs from the left upper arm and
    reaches past the hand. The limb's longest path ran down the ribbon, so the left arm no longer mirrored the right
    and the nameless reading took two coat tails for the arms."""
    d = mixamo_like(prefix="")
    parent = "LeftArm"
    for k in range(1, 9):
        name = f"Ribbon_{k:02d}"
        d["bones"].append({"name": name, "parent": parent, "position": [16.0 + k, 145.0 - 14.0 * k, -3.0]})
        parent = name
    got = map_without_names(d)
    assert [got[b] for b in ("LeftArm", "LeftForeArm", "LeftHand")] == ["upperarm_l", "lowerarm_l", "hand_l"]
    assert [got[b] for b in ("RightArm", "RightForeArm", "RightHand")] == ["upperarm_r", "lowerarm_r", "hand_r"]
    assert all(got[f"Ribbon_{k:02d}"] is None for k in range(1, 9))


def test_numbered_leaf_under_the_hand_is_no_second_hand() -> None:
    """An OpenGameArt monkey (held-out batch 1330): 'b_Left_Hand' > 'b_Left_Hand2', a one-bone mitten; the solver
    read the arm one joint down and the mitten had taken the hand."""
    d = mixamo_like(prefix="", fingers=False)
    for side, sx in (("Left", 1), ("Right", -1)):
        for b in d["bones"]:  # a long forearm: the solver's reading of the arm goes one joint down
            if b["name"] == f"{side}Hand":
                b["position"] = [70.0 * sx, 135, 0]
        d["bones"].append({"name": f"{side}Hand2", "parent": f"{side}Hand", "position": [90.0 * sx, 125, 0]})
    got = Mapper().map(Skeleton.from_dict(d), "ue5_manny").mapping
    for side, s in (("Left", "l"), ("Right", "r")):
        assert (got[f"{side}Hand"], got[f"{side}Hand2"]) == (f"hand_{s}", None)


def test_numbered_leaves_beside_each_other_keep_their_hand_evidence() -> None:
    """A MegaGlest pharaoh (batch 1290): 'hand.R.001' .. '.003' under 'hand.R' are his staff and props, leaves side
    by side; halving their hand evidence had let the solver read two of them as fingers."""
    from enginemind.families.bonemap.rig.roles import name_evidence, numbered_leaf_under_its_namesake

    names = ["forearm.R", "hand.R", "hand.R.001", "hand.R.002", "hand.R.003", "hand.L", "hand.L.002"]
    parents = [-1, 0, 1, 1, 1, 0, 5]
    infos = analyse_names(names)
    evidence = [name_evidence(ni) for ni in infos]
    numbered_leaf_under_its_namesake(parents, infos, evidence)
    weight = {n: max((e.weight for e in evs if e.kind == "hand"), default=0.0)
              for n, evs in zip(names, evidence, strict=True)}
    assert weight["hand.R.002"] == weight["hand.R"] > 0
    assert weight["hand.L.002"] == pytest.approx(0.5 * weight["hand.L"])
