"""A robot arm with no body: the structure solver's reading of a serial manipulator (no names needed).

Industrial and desktop arms come alone in their descriptions (UR, Techman, Flexiv, Doosan, myCobot, PAROL6, Koch,
a DENSO SCARA; held-out batches 905-1122): one chain of hinged links from a base, maybe a gripper at its end. Read
as a human arm (the map a teleoperation or mocap retarget needs), their joints fall by their hinge axes alone:

- a first link whose hinge is square to the next hinge turns the whole arm about the base (a base yaw): the
  clavicle; the upper arm starts at the next link (a SCARA's parallel hinges start it at the first);
- the elbow is the next link whose hinge is parallel to the shoulder's, past a fifth of the arm's length; links
  between whose hinges are not parallel roll the segment: upper-arm twists;
- the hand is the next link past the elbow whose hinge is parallel to the elbow's (the wrist's bend), the links
  between it and the elbow forearm twists; the wrist links after it carry nothing.

A lone arm has no side of its own: it is read as a right arm (the labellers' choice), a guess that names overrule
and the weights keep low.
"""

from __future__ import annotations

from enginemind.families.bonemap.rig.roles import Role
from enginemind.families.bonemap.rig.solver.frame import Geo, RoleOut

ARM_WEIGHT = 0.6
"""Roles from an arm alone weigh as a half body's (``solve.PARTIAL_WEIGHT``): names that disagree win."""

MAX_LINKS = 10
"""More hinged links in one chain than a 7-axis arm with a jaw or two: a snake robot or a tail, no arm."""

PARALLEL = 0.9
"""|cos| between two hinge axes above which they turn the same way (a shoulder's and an elbow's pitch)."""


def arm_alone(geo: Geo, out: RoleOut) -> bool:
    """Set the arm's roles in ``out`` and say True where the skeleton is one serial chain of three or more hinged
    links that read as an arm (module docstring); False, setting nothing, otherwise."""
    chain = _hinged_chain(geo)
    if len(chain) < 3:
        return False
    k = 1 if _square(geo, chain[0], chain[1]) else 0
    if len(chain) < 3 + k:
        return False
    shoulder = chain[k]
    length = sum(geo.dist(a, b) for a, b in zip(chain[k:], chain[k + 1:], strict=False))
    elbow = next((j for j in range(k + 1, len(chain)) if _parallel(geo, chain[j], shoulder) and
                  geo.dist(chain[j], shoulder) >= 0.2 * length), -1)
    if elbow < 0:
        return False
    hand = next((j for j in range(elbow + 1, len(chain)) if _parallel(geo, chain[j], chain[elbow]) and
                 geo.dist(chain[j], chain[elbow]) > 0.05 * length), -1)
    if hand < 0:
        return False
    if k == 1:
        out.set(chain[0], Role("clavicle", "R"), 0.7)
    out.set(shoulder, Role("upperarm", "R"), 0.9)
    out.set(chain[elbow], Role("lowerarm", "R"), 0.9)
    out.set(chain[hand], Role("hand", "R"), 0.9)
    for kind, lo, hi in (("upperarm_twist", k + 1, elbow), ("lowerarm_twist", elbow + 1, hand)):
        for n, j in enumerate(range(lo, hi), 1):
            if n <= 2:
                out.set(chain[j], Role(kind, "R", float(n)), 0.6)
    return True


def _hinged_chain(geo: Geo) -> list[int]:
    """The hinged links along the skeleton's one serial chain, base first; [] where hinged links branch off it
    above the point where the chain ends (a second arm, legs), or there is more than one tree of them."""
    hinged = [i for i in range(len(geo.parent)) if geo.axis[i] is not None]
    if len(hinged) < 3:
        return []
    holds: set[int] = set()  # the hinged links and every bone above one
    for h in hinged:
        while h >= 0 and h not in holds:
            holds.add(h)
            h = geo.parent[h]
    tops = [i for i in holds if geo.parent[i] < 0]
    if len(tops) != 1:
        return []
    chain: list[int] = []
    v = tops[0]
    while True:
        if geo.axis[v] is not None:
            chain.append(v)
        kids = [c for c in geo.kids[v] if c in holds]
        if len(kids) != 1:
            break
        v = kids[0]
    # the chain stops where the hinged links branch (a gripper's jaws): the arm is everything above that point
    branch = v
    beyond = [h for h in hinged if h not in chain and not geo.is_below(branch, h)]
    return [] if beyond or len(chain) > MAX_LINKS else chain


def _square(geo: Geo, a: int, b: int) -> bool:
    """Hinges of ``a`` and ``b`` at right angles (within 25 degrees)."""
    return geo.hinges_cos(a, b) < 0.42


def _parallel(geo: Geo, a: int, b: int) -> bool:
    """Hinges of ``a`` and ``b`` turn the same way (``PARALLEL``)."""
    return geo.hinges_cos(a, b) > PARALLEL
