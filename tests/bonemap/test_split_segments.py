"""Finger segments named twice (a segment split along its length, robot links stacked at a knuckle) and heel
controls on the ground beside a nameless skeleton, as on held-out real rigs (batches 271, 304, 305). Small
constructed skeletons (cm, Y up, +X = left, facing +Z), no third-party files."""

from __future__ import annotations

from tests.bonemap.test_solver_extras import Rig, body, mapping

FINGERS = (("thumb", 3.0, 4.0), ("index", 2.0, 1.5), ("middle", 2.2, 0.0), ("ring", 2.0, -1.5), ("pinky", 1.8, -3.0))
"""Finger, knuckle distance past the wrist along the hand (cm) and offset toward the front."""


def test_heel_controls_on_the_ground_beside_a_nameless_body_are_no_legs():
    # Roaming Randy's player: the ground root carries the skeleton and a 'Controls' bone whose heel controls
    # (on the ground) aim knee locators in front of the knees; the chains climb, so they are no legs, and the
    # body's own legs are read under the pelvis
    rig = body(Rig(anonymous=True))
    rig.add("controls", "root", (0, 0, 0))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"heel_ctrl_{s}", "controls", (10 * x, 0, 0))
        rig.add(f"knee_locator_{s}", f"heel_ctrl_{s}", (10 * x, 50, 60))
        rig.add(f"arm_ik_{s}", "controls", (65 * x, 145, 0))
    m = mapping(rig)
    assert m["pelvis"] == "pelvis" and m["head"] == "head"
    for s in "lr":
        assert m[f"thigh_{s}"] == f"thigh_{s}" and m[f"calf_{s}"] == f"calf_{s}" and m[f"foot_{s}"] == f"foot_{s}"
        assert m[f"hand_{s}"] == f"hand_{s}"
        assert m[f"heel_ctrl_{s}"] is None and m[f"knee_locator_{s}"] is None
