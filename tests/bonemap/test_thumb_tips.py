"""A thumb numbered from its tip whose chain ends in an export's copied tip leaves (held-out batch 1287: an exercise
game's 'Right_Thumb_3' > 'Right_Thumb_2' > 'Right_Thumb_1' > '_1_end' > '_1_end_end', beside fingers numbered 4 to
1 with the same two end leaves). The thumb's roles are its three links, whether the names or the geometry read it."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import analyse
from tests.bonemap.helpers import map_without_names, mixamo_like

# offsets from the right hand of the real rig (metres; Y up, the body faces +Z), scaled to the helper's centimetres
_SCALE = 32.0
_CHAINS = {
    "Thumb": [(-0.132, 0.02, -0.003), (-0.154, -0.071, 0.113), (-0.342, -0.122, 0.162), (-0.487, -0.12, 0.2),
              (-0.631, -0.118, 0.239)],
    "IndexFinger": [(-0.132, 0.02, -0.003), (-0.379, 0.069, 0.077), (-0.505, 0.063, 0.085), (-0.629, 0.053, 0.088),
                    (-0.745, 0.046, 0.087), (-0.862, 0.039, 0.085)],
    "Fingers": [(-0.132, 0.02, -0.003), (-0.358, 0.046, -0.104), (-0.497, 0.042, -0.111), (-0.62, 0.04, -0.11),
                (-0.755, 0.035, -0.107), (-0.889, 0.029, -0.105)],
}


def _rig() -> dict:
    d = mixamo_like(prefix="", fingers=False)
    hands = {b["name"]: b["position"] for b in d["bones"] if b["name"] in ("LeftHand", "RightHand")}
    for side, sx in (("Left", -1.0), ("Right", 1.0)):
        hx, hy, hz = hands[f"{side}Hand"]
        for finger, offsets in _CHAINS.items():
            links = len(offsets) - 2
            names = [f"{side}_{finger}_{links - k}" for k in range(links)]
            names += [f"{names[-1]}_end", f"{names[-1]}_end_end"]
            parent = f"{side}Hand"
            for name, (x, y, z) in zip(names, offsets, strict=True):
                d["bones"].append({"name": name, "parent": parent,
                                   "position": [hx + sx * _SCALE * x, hy + _SCALE * y, hz + _SCALE * z]})
                parent = name
    return d


@pytest.mark.parametrize("side", ["l", "r"])
def test_thumb_numbered_from_its_tip_keeps_its_three_links(side: str) -> None:
    got = Mapper().map(Skeleton.from_dict(_rig()), "ue5_manny").mapping
    s = "Left" if side == "l" else "Right"
    assert [got[f"{s}_Thumb_{k}"] for k in (3, 2, 1)] == [f"thumb_0{k}_{side}" for k in (1, 2, 3)]
    assert got[f"{s}_Thumb_1_end"] is None
    assert [got[f"{s}_IndexFinger_{k}"] for k in (4, 3, 2, 1)] == \
        [f"index_metacarpal_{side}", f"index_01_{side}", f"index_02_{side}", f"index_03_{side}"]


def test_geometry_alone_drops_the_copied_tips_of_a_three_link_thumb() -> None:
    """Without names the solver drops both end leaves of the thumb, as of the fingers: its roles are its links."""
    got = map_without_names(_rig())
    for s, side in (("Left", "l"), ("Right", "r")):
        assert [got[f"{s}_Thumb_{k}"] for k in (3, 2, 1)] == [f"thumb_0{k}_{side}" for k in (1, 2, 3)]
        assert got[f"{s}_Thumb_1_end"] is None


def test_names_alone_number_a_falling_thumb_chain_from_its_root() -> None:
    """The names engine reads 'Thumb_3' > '_2' > '_1' as segments 1, 2, 3 (it had kept only the first, as 3)."""
    sk = Skeleton.from_dict(_rig())
    ev = analyse(sk, unique=False, structure="names").evidence
    idx = [next((e.idx for e in ev[sk.index(f"Right_Thumb_{k}")] if e.kind == "thumb"), None) for k in (3, 2, 1)]
    assert idx == [1.0, 2.0, 3.0]


def _claw_rig() -> dict:
    """A two-pronged claw numbered from 2 on each wrist: 'Thumb.2.L' > '.3.L' > '.4.L' and 'Finger.2.L' > .. '.4.L'
    (offsets from a Horde3D space marine's left hand, held-out batch 1471, in centimetres)."""
    d = mixamo_like(prefix="", fingers=False)
    hands = {b["name"]: b["position"] for b in d["bones"] if b["name"] in ("LeftHand", "RightHand")}
    for side, s, sx in (("Left", "L", 1.0), ("Right", "R", -1.0)):
        hx, hy, hz = hands[f"{side}Hand"]
        for digit, offsets in (("Thumb", [(10.3, -2.6, 7.6), (16.3, -3.8, 9.4), (22.0, -5.0, 7.2)]),
                               ("Finger", [(11.0, -2.7, -6.7), (15.9, -3.8, -8.4), (21.5, -5.0, -6.6)])):
            parent = f"{side}Hand"
            for k, (x, y, z) in enumerate(offsets, 2):
                d["bones"].append({"name": f"{digit}.{k}.{s}", "parent": parent,
                                   "position": [hx + sx * x, hy + y, hz + z]})
                parent = f"{digit}.{k}.{s}"
    return d


def test_a_thumb_numbered_from_two_on_the_wrist_is_its_three_segments() -> None:
    """The hand counts as 1: 'Thumb.2.L' on the wrist is thumb_01 (it had been thumb_02, and '.4' nothing)."""
    got = Mapper().map(Skeleton.from_dict(_claw_rig()), "ue5_manny").mapping
    for s, side in (("L", "l"), ("R", "r")):
        assert [got[f"Thumb.{k}.{s}"] for k in (2, 3, 4)] == [f"thumb_0{k}_{side}" for k in (1, 2, 3)]


def test_a_renamed_chain_numbered_from_two_under_its_first_link_keeps_its_numbers() -> None:
    """The renamed suite's Mixamo rig (seed 50,000): 'Izq_Main_Mdl_1' > 'Sx_Hand_Middle_2' > 'Gauche_Mano_Middle_3'
    > 'Left_Mano_Mittelfinger_4', each link named with other words. The chain the names number 2, 3, 4 hangs from
    the 1, so it is no chain numbered from the hand."""
    from enginemind.families.bonemap.corpus.synth_names import make_rig

    sk, labels = make_rig("mixamo", 50_000, "renamed")
    got = Mapper().map(sk, "ue5_manny").mapping
    middle = [b for b, t in labels.items() if t and t.startswith("middle_0") and t.endswith("_l")]
    assert middle and {b: got[b] for b in middle} == {b: labels[b] for b in middle}
