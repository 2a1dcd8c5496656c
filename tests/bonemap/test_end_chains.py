"""glTF / VRM exports seen on held-out real rigs (batch 35, Decentraland's VRM avatar): every tip carries a chain
of end bones ('index.distal.L_end', '_end_end', '_end_end_end') and the fingers spell their segments out
('proximal', 'intermediate', 'distal'). The end chains stretch each finger, so the geometric knuckle lands one
joint too far out, and the head's end chain looks like two more neck bones. Constructed skeleton (cm, Y up,
+X = left, facing +Z), no third-party file."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import name_evidence
from tests.bonemap.test_solver_extras import Rig, body, mapping

FINGERS = (("index", 3.0), ("middle", 1.0), ("ring", -1.0), ("little", -3.0))
MANNY = {"little": "pinky"}


def _end_chain(rig: Rig, tip: str, start: tuple[float, float, float], step: tuple[float, float, float]) -> None:
    parent, p = tip, start
    for k in range(1, 4):
        p = tuple(a + b for a, b in zip(p, step, strict=True))
        parent = rig.add(tip + "_end" * k, parent, p)


def vrm_export() -> Rig:
    rig = body(Rig())
    _end_chain(rig, "head", (0, 160, 0), (0, 10, 0))
    for side, x in (("L", 1), ("R", -1)):
        hand = f"hand_{side.lower()}"
        for f, z in FINGERS:
            parent = hand
            for seg, xx in (("proximal", 73), ("intermediate", 77), ("distal", 79.5)):
                parent = rig.add(f"{f}.{seg}.{side}", parent, (xx * x, 145, z))
            _end_chain(rig, parent, (79.5 * x, 145, z), (2 * x, 0, 0))
        parent = hand
        for seg, pos in (("proximal", (67, 143.5, 4)), ("intermediate", (69.5, 143, 6)),
                         ("distal", (71.5, 142.5, 7.5))):
            parent = rig.add(f"thumb.{seg}.{side}", parent, (pos[0] * x, pos[1], pos[2]))
        _end_chain(rig, parent, (71.5 * x, 142.5, 7.5), (1.5 * x, -0.2, 1))
    return rig


def test_spelled_finger_segments_win_over_a_knuckle_moved_by_end_chains():
    got = mapping(vrm_export())
    for side in "LR":
        s = side.lower()
        for f, _ in FINGERS:
            m = MANNY.get(f, f)
            assert [got[f"{f}.{seg}.{side}"] for seg in ("proximal", "intermediate", "distal")] == \
                [f"{m}_01_{s}", f"{m}_02_{s}", f"{m}_03_{s}"]
            assert all(got[f"{f}.distal.{side}" + "_end" * k] is None for k in (1, 2, 3))
        assert [got[f"thumb.{seg}.{side}"] for seg in ("proximal", "intermediate", "distal")] == \
            [f"thumb_01_{s}", f"thumb_02_{s}", f"thumb_03_{s}"]


def test_a_chain_of_end_bones_over_the_head_leaves_the_head_in_place():
    got = mapping(vrm_export())
    assert got["head"] == "head"
    assert got["neck"] == "neck_01"
    assert got["head_end"] is None and got["head_end_end"] is None


@pytest.mark.parametrize(("name", "idx"), [("LeftHandIndexProximal", 1.0), ("RightMiddleIntermediate", 2.0),
                                           ("ring.distal.L", 3.0), ("LeftHandPinkyMetacarpal", 0.0)])
def test_anatomical_segment_words_give_an_exact_finger_segment(name, idx):
    ev = name_evidence(analyse_names([name])[0])
    assert ev[0].idx == idx and ev[0].exact


def test_a_thumbs_proximal_is_not_exact():
    """VRM 0 calls the thumb's first bone 'ThumbProximal', VRM 1 its second (after 'ThumbMetacarpal')."""
    ev = name_evidence(analyse_names(["LeftThumbProximal"])[0])
    assert ev[0].kind == "thumb" and not ev[0].exact


def bvh_end_sites(stacked_head: bool = False) -> Rig:
    """A nameless BVH export whose 'End Site' joints became leaves at their joint's point (zero length: a Motorica
    dance rig's 'Head_End' and 'LeftHandIndex3_End', held-out batch 183); ``stacked_head``: the head is a
    zero-length link stacked on a frame link instead, as a Gazebo human's 'Head_f1' > 'Head' (batch 177)."""
    rig = body(Rig(anonymous=True))
    if stacked_head:
        rig.add("head_link", "head", (0, 160, 0))
    else:
        rig.add("head_end", "head", (0, 160, 0))
    for s, x in (("l", 1), ("r", -1)):
        for f, z in FINGERS:
            parent = f"hand_{s}"
            for seg in (1, 2, 3):
                parent = rig.add(f"{MANNY.get(f, f)}_0{seg}_{s}", parent, ((69 + 3 * seg) * x, 145, z))
            rig.add(f"{f}_end_{s}", parent, (78 * x, 145, z))
        parent = f"hand_{s}"
        for seg, pos in ((1, (67, 143.5, 4)), (2, (69.5, 143, 6)), (3, (71.5, 142.5, 7.5))):
            parent = rig.add(f"thumb_0{seg}_{s}", parent, (pos[0] * x, pos[1], pos[2]))
        rig.add(f"thumb_end_{s}", parent, (71.5 * x, 142.5, 7.5))
    return rig


def test_zero_length_end_sites_leave_the_last_joints_their_roles():
    got = mapping(bvh_end_sites())
    assert got["head"] == "head" and got["head_end"] is None
    for s in "lr":
        for f in ("thumb", "index", "middle", "ring", "pinky"):
            assert [got[f"{f}_0{k}_{s}"] for k in (1, 2, 3)] == [f"{f}_0{k}_{s}" for k in (1, 2, 3)]
        assert all(got[f"{f}_end_{s}"] is None for f in ("thumb", "index", "middle", "ring", "little"))


def test_a_zero_length_link_stacked_on_the_head_frame_stays_the_head_when_links_stack_elsewhere():
    rig = bvh_end_sites(stacked_head=True)
    rig.add("neck_link", "spine_03", (0, 150, 0))  # a second stack in the chain: the rig stacks its links
    rig.bones[[b["name"] for b in rig.bones].index(rig.names["neck"])]["parent"] = rig.names["neck_link"]
    got = mapping(rig)
    assert got["head_link"] == "head"


def tip_and_end_fingers() -> Rig:
    """anim_utils' custom skeleton (committed rig ``animutils_custom_skeleton``) names each finger's joints
    'base', 'mid', 'tip' and ends it in a marker 'end': 'R_index_tip_jnt' -> 'R_index_end_jnt'. Constructed here."""
    return finger_rig(lambda s, f: [(f"{s}_{f}_{seg}_jnt", xx)
                                    for seg, xx in (("base", 72), ("mid", 75), ("tip", 77.5), ("end", 79.5))])


def finger_rig(chain: Callable[[str, str], list[tuple[str, float]]]) -> Rig:
    """``body`` with each finger a chain of (name, x on the left hand) that ``chain(side letter, finger)`` gives."""
    rig = body(Rig())
    for s, x in (("L", 1), ("R", -1)):
        for f, z in FINGERS:
            parent = f"hand_{s.lower()}"
            for name, xx in chain(s, f):
                parent = rig.add(name, parent, (xx * x, 145, z))
    return rig


def test_a_tip_joint_above_an_end_marker_of_another_name_is_the_last_phalanx():
    got = mapping(tip_and_end_fingers())
    for s in "LR":
        for f, _ in FINGERS:
            m = MANNY.get(f, f)
            assert [got[f"{s}_{f}_{seg}_jnt"] for seg in ("base", "mid", "tip", "end")] == \
                [f"{m}_01_{s.lower()}", f"{m}_02_{s.lower()}", f"{m}_03_{s.lower()}", None]


def half_renamed_hand(first_at: float) -> Rig:
    """A Mixamo rig half renamed by a Godot bone map one segment off (held-out batch 230): each finger's first bone
    kept its Mixamo name ('mixamorig_LeftHandIndex1'), the next ones took Godot's ('LeftIndexProximal', ...), and the
    last, Mixamo's tip leaf, is 'LeftIndexDistal'. ``first_at``: where the first bone starts along the arm (the
    hand is at 65: 74 is the knuckles, 66 the wrist, where a metacarpal would start)."""
    rig = body(Rig())
    for side, x in (("Left", 1), ("Right", -1)):
        hand = f"hand_{side[0].lower()}"
        for f, z in FINGERS:
            parent = rig.add(f"mixamorig_{side}Hand{f.title()}1", hand, (first_at * x, 145, z))
            for seg, xx in (("Proximal", 78), ("Intermediate", 81), ("Distal", 83.5)):
                parent = rig.add(f"{side}{f.title()}{seg}", parent, (xx * x, 145, z))
        parent = rig.add(f"mixamorig_{side}HandThumb1", hand, (67 * x, 143.5, 4))
        for seg, pos in (("Metacarpal", (69.5, 143, 6)), ("Proximal", (71.5, 142.5, 7.5)),
                         ("Distal", (73, 142.3, 8.5))):
            parent = rig.add(f"{side}Thumb{seg}", parent, (pos[0] * x, pos[1], pos[2]))
    return rig


def test_finger_names_one_segment_off_give_way_to_knuckles_the_geometry_shows():
    got = mapping(half_renamed_hand(first_at=74))
    for side in ("Left", "Right"):
        s = side[0].lower()
        for f, _ in FINGERS:
            m = MANNY.get(f, f)
            assert [got[n] for n in (f"mixamorig_{side}Hand{f.title()}1", f"{side}{f.title()}Proximal",
                                     f"{side}{f.title()}Intermediate", f"{side}{f.title()}Distal")] == \
                [f"{m}_01_{s}", f"{m}_02_{s}", f"{m}_03_{s}", None]
        assert [got[n] for n in (f"mixamorig_{side}HandThumb1", f"{side}ThumbMetacarpal", f"{side}ThumbProximal",
                                 f"{side}ThumbDistal")] == [f"thumb_01_{s}", f"thumb_02_{s}", f"thumb_03_{s}", None]


def test_a_first_finger_bone_that_starts_at_the_wrist_stays_the_metacarpal_the_names_make_it():
    got = mapping(half_renamed_hand(first_at=66))
    for side in ("Left", "Right"):
        s = side[0].lower()
        for f, _ in FINGERS:
            m = MANNY.get(f, f)
            assert got[f"mixamorig_{side}Hand{f.title()}1"] == f"{m}_metacarpal_{s}"
            assert got[f"{side}{f.title()}Proximal"] == f"{m}_01_{s}"


def two_bone_fingers() -> Rig:
    """A hand-made Blender rig's two-bone fingers, 'index.L' then 'index_end.L', exported through Sketchfab, which
    ends every leaf in a marker of the whole name: 'index_end.L' -> 'index_end.L_end' (held-out batch 1010, a low
    poly soldier; Quaternius' cowboy spells it 'ThumbEnd.L'). Constructed here."""
    return finger_rig(lambda s, f: [(f"{f}.{s}", 72), (f"{f}_end.{s}", 75.5), (f"{f}_end.{s}_end", 78.5)])


def test_an_end_word_before_the_side_is_the_authors_bone_above_the_exporters_marker():
    got = mapping(two_bone_fingers())
    for s in "LR":
        for f, _ in FINGERS:
            m = MANNY.get(f, f)
            assert got[f"{f}.{s}"] == f"{m}_01_{s.lower()}"
            assert got[f"{f}_end.{s}"] in (f"{m}_02_{s.lower()}", f"{m}_03_{s.lower()}")
            assert got[f"{f}_end.{s}_end"] is None
