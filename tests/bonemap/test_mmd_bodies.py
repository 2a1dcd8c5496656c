"""Limb pairs that both hang from the waist (held-out batch 88: a Genshin model in a Civilization VI mod, English
MMD names, whose 'LowerBody' bone starts above 'Waist'; reduced to the bones that still made the structure solver
take the arms, in an A-pose with the hands at hip height, for the legs). Constructed skeleton (Y up, +X = the
character's left, metres), no third-party file."""

from __future__ import annotations

from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.solve import solve


def waist_pairs() -> dict:
    b = [("Waist", None, (0, 1.15, -0.01)), ("LowerBody", "Waist", (0, 1.23, 0.07))]
    for s, x in (("Left", 1), ("Right", -1)):
        b += [(f"{s}Leg", "LowerBody", (0.1 * x, 1.13, 0.05)), (f"{s}Knee", f"{s}Leg", (0.08 * x, 0.64, 0.05)),
              (f"{s}Ankle", f"{s}Knee", (0.06 * x, 0.12, -0.01)),
              (f"{s}Arm", "Waist", (0.13 * x, 1.54, -0.01)), (f"{s}Elbow", f"{s}Arm", (0.31 * x, 1.35, -0.01)),
              (f"{s}Tip", f"{s}Elbow", (0.59 * x, 1.08, -0.02))]
    return {"bones": [{"name": n, "parent": p, "position": list(pos)} for n, p, pos in b], "up_axis": "y"}


def test_the_pair_that_ends_lower_is_the_legs():
    sk = Skeleton.from_dict(waist_pairs())
    sol = solve(sk)
    roles = {sk.names[i]: r.kind for i, r in enumerate(sol.roles) if r is not None}
    assert roles.get("LeftLeg") == "thigh" and roles.get("RightLeg") == "thigh"
    assert roles.get("LeftArm") != "thigh" and roles.get("RightArm") != "thigh"
