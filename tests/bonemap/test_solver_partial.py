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


def test_robot_torso_whose_arms_branch_at_the_waist_joint():
    """Link frames sit at joint axes: a torso robot's arms may hang from a chest link framed at the waist, 0.37 m
    below the shoulders, with the head link 0.57 m above it. Measured from the shoulders, the head rises less
    than a torso above hips would, and the waist below them is the spine: arms, not legs."""
    bones = [("waist", None, (0, 0, 0)), ("chest", "waist", (0, 0, 0)), ("neck", "chest", (0, 0, 0.57)),
             ("head", "neck", (0, 0, 0.57))]
    for s, y in (("l", 1), ("r", -1)):
        bones += [(f"{s}0", "chest", (0, 0.145 * y, 0.37)), (f"{s}1", f"{s}0", (0, 0.145 * y, 0.37)),
                  (f"{s}2", f"{s}1", (0, 0.17 * y, 0.10)), (f"{s}3", f"{s}2", (-0.03, 0.17 * y, 0.10)),
                  (f"{s}4", f"{s}3", (-0.03, 0.11 * y, -0.12)), (f"{s}5", f"{s}4", (-0.08, 0.09 * y, -0.21))]
    sk = Skeleton.from_dict({"bones": [{"name": n, "parent": p, "position": list(x)} for n, p, x in bones]})
    sol = solve(sk)
    assert sol.partial == "arms"
    kinds = {sk.names[i]: r.kind for i, r in enumerate(sol.roles) if r is not None}
    assert kinds.get("l2") == "lowerarm" or kinds.get("l1") == "upperarm", kinds
    assert not any(k in ("thigh", "calf", "foot") for k in kinds.values())


def _robot(head: bool, wrist_stack: bool) -> Skeleton:
    """A 1.4 m humanoid robot (z up, +y left): legs and arms from one trunk link; optionally a head, and optionally
    a wrist of three links (roll / pitch / yaw) stacked 0.12 m above the hand's base, which carries three
    two-link fingers."""
    b = [("trunk", None, (0, 0, 0.9))]
    if head:
        b += [("n0", "trunk", (0, 0, 1.25)), ("n1", "n0", (0, 0, 1.32)), ("n2", "n1", (0, 0, 1.42))]
    for s, y in (("l", 1), ("r", -1)):
        b += [(f"{s}h0", "trunk", (0, 0.09 * y, 0.82)), (f"{s}h1", f"{s}h0", (0, 0.12 * y, 0.82)),
              (f"{s}k", f"{s}h1", (0.02, 0.12 * y, 0.45)), (f"{s}a", f"{s}k", (0, 0.12 * y, 0.08)),
              (f"{s}t", f"{s}a", (0.12, 0.12 * y, 0.02))]
        b += [(f"{s}s0", "trunk", (0, 0.16 * y, 1.18)), (f"{s}s1", f"{s}s0", (0, 0.22 * y, 1.18)),
              (f"{s}e", f"{s}s1", (0.02, 0.22 * y, 0.93)), (f"{s}w0", f"{s}e", (0, 0.22 * y, 0.72))]
        last = f"{s}w0"
        if wrist_stack:
            b += [(f"{s}w1", f"{s}w0", (0, 0.22 * y, 0.66)), (f"{s}w2", f"{s}w1", (0, 0.22 * y, 0.62)),
                  (f"{s}palm", f"{s}w2", (0, 0.22 * y, 0.60))]
            last = f"{s}palm"
        top = 0.55 if wrist_stack else 0.67  # finger bases 5 cm below the hand's base (or the wrist)
        for k, x in enumerate((-0.02, 0.0, 0.02)):
            fy = (0.22 + 0.01 * (k - 1)) * y
            b += [(f"{s}f{k}a", last, (x, fy, top)), (f"{s}f{k}b", f"{s}f{k}a", (x, fy, top - 0.05))]
    return Skeleton.from_dict({"bones": [{"name": n, "parent": p, "position": list(x)} for n, p, x in b]})


def test_a_headless_robot_gets_no_head_from_its_legs():
    """One trunk link carries legs and arms and nothing rises above it: no bone is the head (the fallback took the
    highest bone of any other chain, a hip link)."""
    sk = _robot(head=False, wrist_stack=False)
    sol = solve(sk)
    kinds = {sk.names[i]: r.kind for i, r in enumerate(sol.roles) if r is not None}
    assert sol.found and kinds.get("lh1") == "thigh" and kinds.get("rk") == "calf"
    assert "head" not in kinds.values() and "neck" not in kinds.values()


def test_a_robot_wrist_stack_above_the_hand_is_the_wrist():
    """Wrist roll / pitch / yaw links end 0.12 m above the hand's base that carries the fingers: the elbow and the
    upper arm stay where they are and the first wrist link is the hand joint, not a forearm read one joint low."""
    sk = _robot(head=True, wrist_stack=True)
    sol = solve(sk)
    roles = {sk.names[i]: r.kind for i, r in enumerate(sol.roles) if r is not None}
    assert sol.found
    assert (roles.get("ls1"), roles.get("le"), roles.get("lw0")) == ("upperarm", "lowerarm", "hand"), roles
    assert (roles.get("rs1"), roles.get("re"), roles.get("rw0")) == ("upperarm", "lowerarm", "hand"), roles


def _named(bones: list[tuple[str, str | None, tuple[float, float, float]]]) -> Skeleton:
    return Skeleton.from_dict({"bones": [{"name": n, "parent": p, "position": list(x)} for n, p, x in bones]})


def test_legs_and_arms_on_sibling_branches_are_told_apart_by_the_spine_between():
    """Hips and spine hang side by side under a centre-of-gravity bone, and the hips carry cloth chains longer
    than the chest's head: the legs' bone is the one next to that bone, the arms' lies up the spine."""
    b = [("cog", None, (0, 0, 0.47)), ("hips", "cog", (0, 0, 0.41)), ("s1", "cog", (0, 0, 0.47)),
         ("s2", "s1", (0, 0, 0.57)), ("s3", "s2", (0, 0, 0.67)), ("head", "s3", (0, -0.02, 0.77))]
    for s, x in (("l", 1), ("r", -1)):
        b += [(f"th{s}", "hips", (0.08 * x, 0, 0.46)), (f"ca{s}", f"th{s}", (0.08 * x, -0.05, 0.28)),
              (f"fo{s}", f"ca{s}", (0.08 * x, -0.02, 0.03)), (f"to{s}", f"fo{s}", (0.08 * x, -0.08, 0.02)),
              (f"cl{s}", "hips", (0.13 * x, 0, 0.48)), (f"cl2{s}", f"cl{s}", (0.14 * x, 0.02, 0.30)),
              (f"sh{s}", "s3", (0.10 * x, 0, 0.74)), (f"ar{s}", f"sh{s}", (0.17 * x, 0, 0.71)),
              (f"fa{s}", f"ar{s}", (0.29 * x, 0.04, 0.59)), (f"ha{s}", f"fa{s}", (0.33 * x, 0.02, 0.46)),
              (f"fi{s}", f"ha{s}", (0.34 * x, 0, 0.36))]
    sk = _named(b)
    sol = solve(sk)
    kinds = {sk.names[i]: r.kind for i, r in enumerate(sol.roles) if r is not None}
    assert sol.found and sol.partial is None
    assert (kinds.get("thl"), kinds.get("car"), kinds.get("fol")) == ("thigh", "calf", "foot"), kinds
    arm_kinds = {kinds.get(f"{k}{s}") for k in ("sh", "ar", "fa", "ha") for s in "lr"}
    assert arm_kinds <= {"clavicle", "upperarm", "lowerarm", "hand", None} and "upperarm" in arm_kinds, kinds


def test_half_a_body_does_not_bar_names_in_another_root(manny):
    """Legs under one root, the upper body under two others (an export that lost two parent links): the solver
    reads the legs alone, and the names still map the arms and head in the other roots. (Each root lies over 0.2 x
    the figure's extent from the other trees: nearer, they are joined into one body where the solver reads it whole,
    ``split.REACH``.)"""
    b = [("TorsoLower", None, (0, 0, 0.30)), ("TorsoUpper", None, (0, 0, 0.44)), ("Neck", "TorsoUpper", (0, 0, 0.55)),
         ("Head", "Neck", (0, 0, 0.60)), ("Arms", None, (0, 0, 0.58))]
    for s, x in (("L", 1), ("R", -1)):
        b += [(f"LegUpper.{s}", "TorsoLower", (0.06 * x, 0, 0.28)),
              (f"LegLower.{s}", f"LegUpper.{s}", (0.06 * x, 0, 0.15)),
              (f"Foot.{s}", f"LegLower.{s}", (0.06 * x, 0, 0.02)), (f"Toe.{s}", f"Foot.{s}", (0.06 * x, -0.06, 0.0)),
              (f"ArmUpper.{s}", "Arms", (0.10 * x, 0, 0.52)), (f"ArmLower.{s}", f"ArmUpper.{s}", (0.20 * x, 0, 0.45)),
              (f"Hand.{s}", f"ArmLower.{s}", (0.28 * x, 0, 0.40))]
    sk = _named(b)
    assert solve(sk).partial == "legs"
    a = assign(sk, manny)
    tn = manny.skeleton.names
    got = {sk.names[i]: tn[j] for i, j in enumerate(a.match) if j >= 0}
    assert got.get("ArmUpper.L") == "upperarm_l" and got.get("Hand.R") == "hand_r" and got.get("Head") == "head", got
    assert got.get("LegUpper.L") == "thigh_l" and got.get("Foot.R") == "foot_r", got


def test_a_half_body_with_floating_hands_is_mapped_by_its_names():
    """Held-out batch 173 (a Ready Player Me half-body avatar: hips, spine, neck and head, and two hands that hang
    straight from the spine with no arms): the solver read the fingers as legs, arms and a neck, and the matcher
    kept 21 of 36 right names. A body built of bones confidently named as fingers is no body: names decide."""
    from enginemind.families.bonemap.predict import Mapper
    from tests.bonemap.helpers import bone_adder

    bones: list[dict] = []
    add = bone_adder(bones)
    add("Hips", None, (0, 0, 0))
    add("Spine", "Hips", (0, 0.33, 0))
    add("Neck", "Spine", (0, 0.47, 0))
    add("Head", "Neck", (0, 0.56, 0))
    for side, sx in (("Left", 1), ("Right", -1)):
        add(f"{side}Hand", "Spine", (sx * 0.66, 0.33, 0))
        for f, (x, z) in {"Thumb": (0.68, 0.03), "Index": (0.74, 0.03), "Middle": (0.75, 0.01),
                          "Ring": (0.74, -0.01), "Pinky": (0.735, -0.03)}.items():
            parent = f"{side}Hand"
            for j in (1, 2, 3):
                add(f"{side}Hand{f}{j}", parent, (sx * (x + 0.03 * (j - 1)), 0.33, z))
                parent = f"{side}Hand{f}{j}"
    got = Mapper().map(Skeleton.from_dict({"bones": bones, "up_axis": "y"}), "ue5_manny").mapping
    assert (got["Hips"], got["Spine"], got["Neck"], got["Head"]) == ("pelvis", "spine_01", "neck_01", "head")
    for side, s in (("Left", "l"), ("Right", "r")):
        assert got[f"{side}Hand"] == f"hand_{s}"
        assert [got[f"{side}HandIndex{j}"] for j in (1, 2, 3)] == [f"index_0{j}_{s}" for j in (1, 2, 3)]


def test_arms_cut_at_the_upper_arm_leave_the_named_trunk_to_its_names(manny):
    """Held-out batch 288 (MetaHuman's body skeleton file: root, pelvis, spine_01..05, neck and head, the arms cut
    at the upper arm): the arms' short reach put the ground at spine_04, which the solver then read as the pelvis,
    and 3 of 5 spine bones lost their names. The one bone named the pelvis below the chest places the trunk."""
    from enginemind.families.bonemap.predict import Mapper

    sk, _ = _without(manny, LEGS | UPPER - {"clavicle", "upperarm", "neck", "head"})
    assert solve(sk).partial == "arms"
    got = Mapper().map(sk, "ue5_manny").mapping
    trunk = ["pelvis", *(f"spine_0{k}" for k in range(1, 6)), "neck_01", "head", "upperarm_l", "clavicle_r"]
    assert [got[n] for n in trunk] == trunk


def test_a_legs_only_robots_torso_with_nothing_above_it_is_the_pelvis(manny):
    """A lower-body exoskeleton or legs-only robot (Amber, Spryped: held-out batches 309, 321) hangs its legs from a
    link named 'torso' or 'body' with nothing above it: that link is the pelvis, though the name says spine (the
    solver's legs-only reading otherwise weighs less than names)."""
    for trunk in ("torso", "body"):
        b = [(trunk, None, (0, 0, 1.0))]
        for s, y in (("Left", 0.09), ("Right", -0.09)):
            b += [(f"{s}HipLink", trunk, (0, y, 1.0)), (f"{s}ThighLink", f"{s}HipLink", (0, 2.5 * y, 1.0)),
                  (f"{s}KneeLink", f"{s}ThighLink", (0, 2.5 * y, 0.55)), (f"{s}AnkleLink", f"{s}KneeLink", (0, y, 0.1))]
        sk = _named(b)
        a = assign(sk, manny)
        got = {sk.names[i]: manny.skeleton.names[j] for i, j in enumerate(a.match) if j >= 0}
        assert got.get("LeftKneeLink") == "calf_l" and got.get("RightAnkleLink") == "foot_r", got
        assert got.get(trunk) == "pelvis", got
