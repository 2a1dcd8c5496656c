"""Finger segments named twice (a segment split along its length, robot links stacked at a knuckle, a Shadow hand's
knuckle links), heel controls and IK foot targets on the ground beside a nameless skeleton, virtual links between
phalanges, as on held-out real rigs (batches 271, 274, 304, 305, 309, 333). Small constructed skeletons (cm, Y up,
+X = left, facing +Z), no third-party files."""

from __future__ import annotations

from tests.bonemap.test_solver_extras import Rig, body, mapping

FINGERS = (("thumb", 3.0, 4.0), ("index", 2.0, 1.5), ("middle", 2.2, 0.0), ("ring", 2.0, -1.5), ("pinky", 1.8, -3.0))
"""Finger, knuckle distance past the wrist along the hand (cm) and offset toward the front."""


def test_a_finger_segment_split_in_two_keeps_its_number_on_the_first_part():
    # Red Eclipse's player (IQM): 'palm.01.L' > 'finger_index.01.L.01' > 'finger_index.01.L.02' (half way down
    # the first phalanx) > 'finger_index.02.L' > 'finger_index.03.L'; the thumb likewise without a palm bone
    rig = body(Rig())
    for s, x in (("L", 1), ("R", -1)):
        hand = f"hand_{s.lower()}"
        for k, (f, reach, front) in enumerate(FINGERS):
            palm = hand if f == "thumb" else rig.add(f"palm.0{k}.{s}", hand, ((65 + 2) * x, 145, front))
            stem = f if f == "thumb" else f"finger_{f}"
            base = (65 + 2 + reach) * x
            rig.add(f"{stem}.01.{s}.01", palm, (base, 145, front))
            rig.add(f"{stem}.01.{s}.02", f"{stem}.01.{s}.01", (base + 1.2 * x, 145, front))
            rig.add(f"{stem}.02.{s}", f"{stem}.01.{s}.02", (base + 2.4 * x, 145, front))
            rig.add(f"{stem}.03.{s}", f"{stem}.02.{s}", (base + 3.6 * x, 145, front))
    m = mapping(rig)
    for s in "LR":
        for f, *_ in FINGERS:
            stem = f if f == "thumb" else f"finger_{f}"
            side = s.lower()
            assert m[f"{stem}.01.{s}.01"] == f"{f}_01_{side}"
            assert m[f"{stem}.01.{s}.02"] is None  # the segment's second part, like a twist bone
            assert m[f"{stem}.02.{s}"] == f"{f}_02_{side}"
            assert m[f"{stem}.03.{s}"] == f"{f}_03_{side}"
    assert m["palm.01.L"] == "index_metacarpal_l" and m["palm.04.R"] == "pinky_metacarpal_r"


def test_finger_links_stacked_at_the_knuckle_give_the_segment_to_the_last_one():
    # GENE.01's hands (URDF): 'l_index_prox_1' (abduction) and 'l_index_prox_2' (flexion) 8 mm apart, then
    # 'l_index_medial' and 'l_index_distal'; 'medial' names the middle phalanx
    rig = body(Rig())
    for s, x in (("l", 1), ("r", -1)):
        for f, reach, front in FINGERS:
            stem = f"{s}_{'little' if f == 'pinky' else f}"
            base = (65 + reach) * x
            rig.add(f"{stem}_prox_1", f"hand_{s}", (base, 145, front))
            rig.add(f"{stem}_prox_2", f"{stem}_prox_1", (base + 0.8 * x, 145, front))
            rig.add(f"{stem}_medial", f"{stem}_prox_2", (base + 4.8 * x, 145, front))
            rig.add(f"{stem}_distal", f"{stem}_medial", (base + 7.8 * x, 145, front))
    m = mapping(rig)
    for s in "lr":
        for f in ("index", "middle", "ring", "pinky"):
            stem = f"{s}_{'little' if f == 'pinky' else f}"
            assert m[f"{stem}_prox_1"] is None
            assert m[f"{stem}_prox_2"] == f"{f}_01_{s}"
            assert m[f"{stem}_medial"] == f"{f}_02_{s}"
            assert m[f"{stem}_distal"] == f"{f}_03_{s}"


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


def test_ik_foot_targets_copying_the_legs_from_the_ground_root_are_no_legs():
    # Dark Souls III's player (Havok): 'Master' on the ground carries 'L_Foot_Target2' > '1' > 'L_Foot_Target' at
    # the hip, knee and ankle points (at the ankle's depth) beside the skeleton; nameless, those chains out-reach
    # the legs by their climb from the ground and had been read as the legs, the real body as arms
    rig = body(Rig(anonymous=True))
    for s, x in (("l", 1), ("r", -1)):
        rig.add(f"target_hip_{s}", "root", (10 * x, 95, 3))
        rig.add(f"target_knee_{s}", f"target_hip_{s}", (10 * x, 50, 3))
        rig.add(f"target_ankle_{s}", f"target_knee_{s}", (10 * x, 8, 3))
    m = mapping(rig)
    assert m["pelvis"] == "pelvis" and m["head"] == "head" and m["spine_01"] == "spine_01"
    for s in "lr":
        assert m[f"thigh_{s}"] == f"thigh_{s}" and m[f"calf_{s}"] == f"calf_{s}" and m[f"foot_{s}"] == f"foot_{s}"
        assert m[f"upperarm_{s}"] == f"upperarm_{s}" and m[f"hand_{s}"] == f"hand_{s}"
        assert all(m[f"target_{j}_{s}"] is None for j in ("hip", "knee", "ankle"))


def test_virtual_links_between_phalanges_take_no_segment():
    # qb SoftHand (Halodi EVE r3's URDF): 'index_knuckle_link' > 'index_proximal_virtual_link' >
    # 'index_proximal_link' > 'index_middle_virtual_link' > 'index_middle_link' > 'index_distal_virtual_link' >
    # 'index_distal_link'; the virtual links are no joints and the finger's chain runs over them
    rig = body(Rig())
    for s, x in (("left", 1), ("right", -1)):
        for f, reach, front in FINGERS:
            stem = f"qbhand_{s}_{'little' if f == 'pinky' else f}"
            base = (65 + reach) * x
            parent = rig.add(f"{stem}_knuckle_link", f"hand_{s[0]}", (base, 145, front))
            for k, seg in enumerate(("proximal", "middle", "distal")):
                if f == "thumb" and seg == "middle":
                    continue
                rig.add(f"{stem}_{seg}_virtual_link", parent, (base + (2.5 * k + 1) * x, 145, front))
                parent = rig.add(f"{stem}_{seg}_link", f"{stem}_{seg}_virtual_link",
                                 (base + (2.5 * k + 1.6) * x, 145, front))
    m = mapping(rig)
    for s in ("left", "right"):
        side = s[0]
        assert m[f"qbhand_{s}_thumb_knuckle_link"] == f"thumb_01_{side}"
        assert m[f"qbhand_{s}_thumb_proximal_link"] == f"thumb_02_{side}"
        assert m[f"qbhand_{s}_thumb_distal_link"] == f"thumb_03_{side}"
        for f in ("index", "middle", "ring", "pinky"):
            stem = f"qbhand_{s}_{'little' if f == 'pinky' else f}"
            assert [m[f"{stem}_{seg}_link"] for seg in ("proximal", "middle", "distal")] == \
                [f"{f}_0{k}_{side}" for k in (1, 2, 3)]
            assert all(m[f"{stem}_{seg}_virtual_link"] is None for seg in ("proximal", "middle", "distal"))


def test_a_shadow_hands_links_stacked_at_its_knuckles_give_each_joint_to_the_last():
    # the Shadow hand on HumanoidBench's H1 (MJCF, held-out batch 333): 'lh_ffknuckle' (abduction) on the same
    # point as 'lh_ffproximal', the little finger's 'lh_lfmetacarpal' before them, and the thumb's 'lh_thbase' on
    # 'lh_thproximal', 'lh_thhub' on 'lh_thmiddle'
    rig = body(Rig())
    for s, x in (("lh", 1), ("rh", -1)):
        hand = f"hand_{s[0]}"
        for f, front in (("ff", 2.0), ("mf", 0.0), ("rf", -2.0), ("lf", -4.0)):
            parent = hand
            if f == "lf":
                parent = rig.add(f"{s}_lfmetacarpal", hand, (68 * x, 145, front))
            rig.add(f"{s}_{f}knuckle", parent, (74 * x, 145, front))
            rig.add(f"{s}_{f}proximal", f"{s}_{f}knuckle", (74 * x, 145, front))
            rig.add(f"{s}_{f}middle", f"{s}_{f}proximal", (78.5 * x, 145, front))
            rig.add(f"{s}_{f}distal", f"{s}_{f}middle", (81 * x, 145, front))
        rig.add(f"{s}_thbase", hand, (68 * x, 145, 3))
        rig.add(f"{s}_thproximal", f"{s}_thbase", (68 * x, 145, 3))
        rig.add(f"{s}_thhub", f"{s}_thproximal", (71 * x, 144, 5))
        rig.add(f"{s}_thmiddle", f"{s}_thhub", (71 * x, 144, 5))
        rig.add(f"{s}_thdistal", f"{s}_thmiddle", (73.5 * x, 143, 6.5))
    m = mapping(rig)
    for s in ("lh", "rh"):
        side = s[0]
        for f, name in (("ff", "index"), ("mf", "middle"), ("rf", "ring"), ("lf", "pinky")):
            assert m[f"{s}_{f}knuckle"] is None
            assert [m[f"{s}_{f}{seg}"] for seg in ("proximal", "middle", "distal")] == \
                [f"{name}_0{k}_{side}" for k in (1, 2, 3)]
        assert m[f"{s}_lfmetacarpal"] == f"pinky_metacarpal_{side}"
        assert [m[f"{s}_th{seg}"] for seg in ("base", "proximal", "hub", "middle", "distal")] == \
            [None, f"thumb_01_{side}", None, f"thumb_02_{side}", f"thumb_03_{side}"]
