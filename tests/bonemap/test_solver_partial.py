"""Half bodies: the structure solver reads an upper body (no legs) or legs alone without names."""

from __future__ import annotations

import numpy as np
import pytest

from enginemind.families.bonemap.rig.matcher import assign
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.solve import solve
from enginemind.families.bonemap.rig.targets import load_target

from .test_solver import _anonymous

LEGS = {"thigh", "calf", "foot", "ball", "thigh_twist", "calf_twist"}
UPPER = {"clavicle", "upperarm", "lowerarm", "hand", "upperarm_twist", "lowerarm_twist", "neck", "head", "thumb",
         "index", "middle", "ring", "pinky", "metacarpal"}


@pytest.fixture(scope="module")
def manny():
    return load_target("ue5_manny")


def _without(manny, kinds: set[str]) -> tuple[Skeleton, list]:
    """Manny without the bones whose role is one of ``kinds`` (and what hangs below them), the IK bones and the
    face: an upper body or a lower body as a user would export it; returns the skeleton and its truth roles."""
    sk, roles = manny.skeleton, manny.analysis.roles
    drop = set()
    for i in sk.depth_order():
        r, p = roles[i], sk.parent_index(i)
        if (p >= 0 and p in drop) or sk.names[i].startswith("ik_") or (r is not None and r.kind in kinds):
            drop.add(i)
    keep = [i for i in range(len(sk)) if i not in drop]
    return sk.subset(keep), [roles[i] for i in keep]


def _check(sol, roles, kinds: set[str]) -> None:
    wrong = [(want, got) for want, got in zip(roles, sol.roles, strict=True)
             if want is not None and want.kind in kinds and
             (got is None or (got.kind, got.side) != (want.kind, want.side))]
    assert not wrong, wrong


@pytest.mark.parametrize("frame", ["as_is", "y_up_metres"])
def test_upper_body_alone_is_read_from_the_arms_and_the_spine(manny, frame):
    sk, roles = _without(manny, LEGS)
    move = None if frame == "as_is" else (lambda p: np.array([p[0], p[2], -p[1]]) / 100.0)
    sk, _ = _anonymous(sk, move)
    sol = solve(sk)
    assert sol.partial == "arms" and sol.found
    _check(sol, roles, {"clavicle", "upperarm", "lowerarm", "hand", "head", "thumb", "index", "middle", "ring",
                        "pinky"})
    assert "upper body" in sol.warning()
    assert max(sol.weights) < 0.7  # half a body is weaker evidence than a whole one: names that disagree win


def test_legs_alone_are_read_as_legs(manny):
    sk, roles = _without(manny, UPPER | {"spine"})
    sk, _ = _anonymous(sk)
    sol = solve(sk)
    assert sol.partial == "legs" and sol.found
    _check(sol, roles, {"pelvis", "thigh", "calf", "foot"})
    assert "legs" in sol.warning()


def test_nameless_upper_body_maps_its_hands_and_head(manny):
    sk, roles = _without(manny, LEGS)
    anon, back = _anonymous(sk)
    a = assign(anon, manny, structure="nameless")
    tn = manny.skeleton.names
    got = {back[anon.names[i]]: tn[j] for i, j in enumerate(a.match) if j >= 0}
    for bone in ("hand_l", "hand_r", "lowerarm_l", "upperarm_r", "head", "index_01_l", "thumb_02_r"):
        assert got.get(bone) == bone, (bone, got.get(bone))
    assert not any(t.startswith(("thigh", "calf", "foot")) for t in got.values())
