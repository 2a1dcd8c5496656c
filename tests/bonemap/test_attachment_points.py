"""Game skeletons whose bones double as attachment points (held-out batch 293, Neverwinter Nights' player
skeletons): a weapon point 'rhand' under 'rhand_g', a helmet point 'head' over 'head_g', a shield point 'lforearm'
along 'lforearm_g', a cloak's and a tabard's chains named by code under 'Cloak_g' and 'belt_g1', and a torso bone
1 cm from the hips bone.
Constructed skeleton in the shape of those files (cm, Y up, +X = left, facing +Z, arms hanging at the sides),
no third-party file."""

from __future__ import annotations

from typing import Any

import pytest

from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.solve import solve


def player(cloak: bool = True) -> dict[str, Any]:
    bones: list[tuple[str, str | None, tuple[float, float, float]]] = [
        ("pmh0", None, (0, 0, 0)), ("rootdummy", "pmh0", (0, 121, 2)), ("torso_g", "rootdummy", (0, 121, 3)),
        ("neck_g", "torso_g", (0, 168, -5)), ("head_g", "neck_g", (0, 175, -3)), ("head", "head_g", (0, 195, -3)),
        ("Impact", "torso_g", (-1, 147, 14)), ("pelvis_g", "rootdummy", (0, 121, 3))]
    for s, x in (("l", 1), ("r", -1)):
        bones += [(f"{s.upper()}bicep_g", "torso_g", (20 * x, 156, -5)),
                  (f"{s.upper()}shoulder_g", f"{s.upper()}bicep_g", (20 * x, 156, -5)),
                  (f"{s}forearm_g", f"{s.upper()}bicep_g", (24 * x, 126, -3)),
                  (f"{s}forearm", f"{s}forearm_g", (27 * x, 107, -3)),  # a shield point along the forearm
                  (f"{s}hand_g", f"{s}forearm_g", (27 * x, 96, 0)), (f"{s}hand", f"{s}hand_g", (29 * x, 87, 0)),
                  (f"{s}thigh_g", "pelvis_g", (11 * x, 102, 1)), (f"{s}shin_g", f"{s}thigh_g", (8 * x, 56, -1)),
                  (f"{s}foot_g", f"{s}shin_g", (6 * x, 14, -8))]
    if cloak:
        bones += [("Cloak_g", "torso_g", (0, 164, -7)), ("belt_g1", "rootdummy", (0, 121, 3))]
        for code, x in (("L", 23), ("M", 0), ("R", -23)):
            parent = "Cloak_g"
            for k, (y, z) in enumerate(((166, -7), (122, -17), (89, -17), (44, -19)), start=1):
                parent = _add(bones, f"C{code}{k}_g", parent, (x + (k - 1) * (1 if x > 0 else -1 if x < 0 else 0),
                                                                y, z))
        for code, z in (("FB", -13), ("TF", 14)):
            parent = "belt_g1"
            for k, y in enumerate((111, 90, 63), start=1):
                parent = _add(bones, f"{code}{k}_g", parent, (0, y, z))
    return {"bones": [{"name": n, "parent": p, "position": list(pos)} for n, p, pos in bones]}


def _add(bones: list, name: str, parent: str, pos: tuple[float, float, float]) -> str:
    bones.append((name, parent, pos))
    return name


@pytest.fixture(scope="module")
def got() -> dict[str, str | None]:
    return Mapper().map(Skeleton.from_dict(player()), "ue5_manny").mapping


def test_cloak_and_tabard_chains_named_by_code_are_no_limbs(got):
    assert [got[f"{s}{b}"] for s in "lr" for b in ("forearm_g", "hand_g")] == \
        ["lowerarm_l", "hand_l", "lowerarm_r", "hand_r"]
    assert (got["Lbicep_g"], got["Rbicep_g"]) == ("upperarm_l", "upperarm_r")
    assert [got[f"{s}{b}_g"] for s in "lr" for b in ("thigh", "shin", "foot")] == \
        ["thigh_l", "calf_l", "foot_l", "thigh_r", "calf_r", "foot_r"]
    assert all(got[n] is None for n in got if n[:2] in ("CL", "CM", "CR", "FB", "TF"))


def test_a_chest_on_the_hips_point_leaves_up_to_the_legs():
    """'torso_g' 1 cm from 'rootdummy' had tilted up 47 degrees toward the front, and the solver found the
    'Impact' point in front of the chest higher than the neck."""
    sol = solve(Skeleton.from_dict(player(cloak=False)))
    assert sol.frame is not None and sol.frame.up[1] > 0.95
    assert sol.found


def test_attachment_leaves_named_like_their_bone_give_the_role_back(got):
    assert (got["neck_g"], got["head_g"], got["head"], got["Impact"]) == ("neck_01", "head", None, None)
    assert got["lhand"] in (None, "weapon_l") and got["rhand"] in (None, "weapon_r")
    assert got["lforearm"] in (None, "weapon_l") and got["rforearm"] in (None, "weapon_r")  # no forearm twist
