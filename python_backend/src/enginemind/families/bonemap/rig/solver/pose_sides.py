"""Whether a rest pose's limbs all agree with the facing its feet give (no names needed).

The frame's forward comes from a vote of cues (``frame.estimate_frame``); side words ('LeftUpLeg', 'Arm_right')
keep deciding left and right against it unless every other limb cue agrees with the feet. A motion file whose
toes and knees point one way while both arms reach straight out the other (SignON's signing avatar: its hands
half a metre in front of the shoulders, which no shoulder can hold behind the back) is a pose the feet cannot
settle, and its names keep their say.
"""

from __future__ import annotations

import numpy as np

from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.frame import off_the_line
from enginemind.families.bonemap.rig.solver.solve import Solution

BEND_SLACK = 0.01
"""A knee behind its hip -> ankle line, or an elbow in front of its shoulder -> wrist line, by more than this share
of the body height contradicts the feet (a straight limb's rounding noise stays under it)."""
REACH_BACK = 0.5
"""A hand this share of its arm's length or more behind its shoulder, along the feet's forward, contradicts them."""


def limbs_agree_with_the_feet(sol: Solution, sk: Skeleton) -> bool:
    """No knee bent backward, no elbow bent forward and no hand held out behind its shoulder in the solver's frame
    (whose forward the feet set: ``merge._feet_point_forward``). Limbs the solver did not find say nothing."""
    fr = sol.frame
    if fr is None:
        return False
    at = {(r.kind, r.side): i for i, r in enumerate(sol.roles) if r is not None and r.side}

    def pos(kind: str, side: str) -> np.ndarray | None:
        i = at.get((kind, side))
        p = sk.bones[i].position if i is not None else None
        return None if p is None else np.asarray(p, dtype=float)

    for side in ("L", "R"):
        for top, mid, end, sign in (("thigh", "calf", "foot", 1.0), ("upperarm", "lowerarm", "hand", -1.0)):
            a, k, e = pos(top, side), pos(mid, side), pos(end, side)
            if a is None or k is None or e is None:
                continue
            if sign * fr.front(off_the_line(k, a, e)[0]) < -BEND_SLACK:
                return False
            reach = float(np.linalg.norm(e - a))
            if top == "upperarm" and reach > 0 and fr.front(e - a) * fr.h < -REACH_BACK * reach:
                return False
    return True
