"""Digital-human rigs seen on held-out real rigs (batch 40): a face rig exported beside the body as a tree of its
own (Unity's Gawain: the spine, neck and head repeated over facial joints whose parents sit at the origin), and
HumanIK's palm bone ('LeftFingerBase', 2 cm past 'LeftHand', carrying every finger). Constructed skeletons (cm,
Y up, +X = left), no third-party file."""

from __future__ import annotations

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from tests.bonemap.helpers import mixamo_like

BODY = {"Hips": "pelvis", "Spine2": "spine_05", "Neck": "neck_01", "Head": "head", "LeftArm": "upperarm_l",
        "RightForeArm": "lowerarm_r", "LeftHand": "hand_l", "LeftUpLeg": "thigh_l", "RightFoot": "foot_r"}


def _map(data: dict) -> dict[str, str | None]:
    return Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(data), "ue5_manny").mapping


def with_face_rig() -> dict:
    data = mixamo_like(prefix="")  # the body is the largest tree
    b = data["bones"]

    def add(name: str, parent: str | None, pos: tuple[float, float, float]) -> None:
        b.append({"name": "FACE:" + name, "parent": "FACE:" + parent if parent else None, "position": list(pos)})

    add("HEAD_RIG", None, (0, 0, 0))
    add("Spine2", "HEAD_RIG", (0, 135, 0))
    add("Neck", "Spine2", (0, 150, 0))
    add("Head", "Neck", (0, 160, 0))
    add("Adjustment_layer", "Head", (0, 0, 0))
    # each facial joint under a pivot near the origin (Snappers' '_adj_p'): chains rising from the ground, longer
    # than the legs; lips end lower than lids
    for part, y0, y1, xs in (("Lip", -5, 160, (0, 2, -2, 2.5, -2.5, 1, -1)), ("Lid", 2, 170, (2, 3.5, 5, -2, -3.5, -5)),
                             ("Brow", 3, 175, (2, 4, 6, -2, -4, -6))):
        for k, x in enumerate(xs):
            add(f"{part}{k}_p", "Adjustment_layer", (x * 0.5, y0 + k % 2, 1))
            add(f"{part}{k}", f"{part}{k}_p", (x, y1 + k % 3, 13))
    return data


def test_a_face_rig_beside_the_body_does_not_take_the_body():
    got = _map(with_face_rig())
    assert {b: got[b] for b in BODY} == BODY
    assert all(got[b["name"]] is None for b in with_face_rig()["bones"] if b["name"].startswith("FACE:"))


def with_palm_bone() -> dict:
    data = mixamo_like(prefix="")
    for side, sx in (("Left", 1), ("Right", -1)):
        data["bones"].append({"name": f"{side}FingerBase", "parent": f"{side}Hand", "position": [67 * sx, 145, 0]})
        for b in data["bones"]:
            if b["parent"] == f"{side}Hand" and b["name"] != f"{side}FingerBase":
                b["parent"] = f"{side}FingerBase"
    return data


def test_a_palm_bone_past_the_hand_leaves_the_hand_to_the_bone_named_hand():
    got = _map(with_palm_bone())
    assert got["LeftHand"] == "hand_l" and got["RightHand"] == "hand_r"
    assert got["LeftFingerBase"] is None and got["RightFingerBase"] is None
    assert got["LeftHandIndex1"] == "index_01_l"


def test_sleeve_chains_around_the_forearm_leave_the_hand_its_role():
    """Unity-chan (batch 53): four two-bone sleeve chains ('J_L_Sode_A00', Japanese 'sode' = sleeve) hang from each
    forearm around it and reach as far as the finger tips, so the forearm looked like the hand; hair and cloth
    chains are left out of the geometry like props."""
    d = mixamo_like(prefix="")
    for side, x in (("Left", 1), ("Right", -1)):
        for k, (dy, dz) in enumerate(((-3, 0), (0, 3), (3, 0), (0, -3))):
            letter = "ABCD"[k]
            d["bones"] += [{"name": f"J_{side[0]}_Sode_{letter}00", "parent": f"{side}ForeArm",
                            "position": [x * 45.0, 145.0 + dy, dz]},
                           {"name": f"J_{side[0]}_Sode_{letter}01", "parent": f"J_{side[0]}_Sode_{letter}00",
                            "position": [x * 80.0, 145.0 + dy, dz]}]
    got = _map(d)
    assert {b: got[b] for b in BODY} == BODY
    assert got["RightHand"] == "hand_r" and got["LeftForeArm"] == "lowerarm_l"


def numbered_fingers(first: int) -> dict:
    """The Mixamo-like rig with its fingers renamed MB-Lab style ('index00_L' .. 'index03_L' when ``first`` is 0):
    the first finger bone sits 8 cm from the wrist, where a knuckle would be."""
    data = mixamo_like("")
    new = {f"{side}Hand{f}{seg}": f"{f.lower()}{seg - 1 + first:02d}_{side[0]}" for side in ("Left", "Right")
           for f in ("Index", "Middle", "Ring", "Pinky") for seg in (1, 2, 3, 4)}
    for b in data["bones"]:
        b["name"], b["parent"] = new.get(b["name"], b["name"]), new.get(b["parent"], b["parent"])
    return data


def test_a_finger_numbered_0_to_3_starts_at_its_metacarpal():
    """Held-out batch 74 (MB-Lab's running BVH): 'index00_L' .. 'index03_L' are metacarpal and three phalanges,
    though bone 00 lies where a knuckle would; the matcher read every finger one segment off."""
    got = _map(numbered_fingers(0))
    for s in ("l", "r"):
        side = "L" if s == "l" else "R"
        for f in ("index", "middle", "ring", "pinky"):
            assert [got[f"{f}{k:02d}_{side}"] for k in range(4)] == [
                f"{f}_metacarpal_{s}", f"{f}_01_{s}", f"{f}_02_{s}", f"{f}_03_{s}"]


def test_a_finger_numbered_1_to_4_keeps_the_geometric_knuckle():
    got = _map(numbered_fingers(1))  # Mixamo-style numbering: bone 01 is the knuckle, 04 the tip
    assert [got[f"index{k:02d}_L"] for k in range(1, 5)] == ["index_01_l", "index_02_l", "index_03_l", None]


def test_a_vrm_tables_finger_segments_outrank_the_geometric_knuckle():
    """Held-out batch 83: a cryptovoxels VRM whose right ring knuckle lies just under the geometric mark; its VRM
    table says 'rightRingProximal', but the table's evidence lost the 'spelled out' mark the name itself would have
    carried, so the geometric reading (metacarpal, 01, 02) won. Here every right finger starts 3 cm from the
    wrist, where the geometry reads a metacarpal."""
    data = mixamo_like("")
    fingers = ("Index", "Middle", "Ring", "Pinky")
    for b in data["bones"]:
        if any(b["name"].startswith(f"RightHand{f}") for f in fingers):
            b["position"][0] = -65 - 3 - 3 * int(b["name"][-1])
    data["humanoid"] = {f"RightHand{f}{k}": f"right{'Little' if f == 'Pinky' else f}{w}" for f in fingers
                        for k, w in ((1, "Proximal"), (2, "Intermediate"), (3, "Distal"))}
    got = _map(data)
    for f in fingers:
        assert [got[f"RightHand{f}{k}"] for k in (1, 2, 3)] == [f"{f.lower()}_0{k}_r" for k in (1, 2, 3)]


def test_makehuman_connector_joints_leave_the_clavicle_to_the_named_bone():
    """Held-out batch 87: MakeHuman's BVH exports put a connector joint '__Clavicle_L' on the spine point before
    'Clavicle_L'; the connector took the clavicle and 'Clavicle_L' was left unmapped."""
    data = mixamo_like("")
    for b in data["bones"]:
        if b["name"] in ("LeftShoulder", "RightShoulder"):
            b["parent"] = "__" + b["name"]
    data["bones"] += [{"name": f"__{s}Shoulder", "parent": "Spine2", "position": [0, 135, 0]}
                      for s in ("Left", "Right")]
    got = _map(data)
    assert got["LeftShoulder"] == "clavicle_l" and got["RightShoulder"] == "clavicle_r"
    assert got["__LeftShoulder"] is None and got["__RightShoulder"] is None


def test_end_leaves_turned_sideways_off_the_finger_tips_are_no_joints():
    """A VALID avatar (held-out batch 552) exported by Blender: a palm bone past each hand ('LeftFingerBase'), and
    '_end' / '_end_end' leaves under each Mixamo tip ('LeftHandIndex4'), pointing down along the bones' roll axis.
    Read as joints they made four phalanges of each finger and its first bone a metacarpal (22 of 52 right)."""
    data = with_palm_bone()
    for side, sx in (("Left", 1), ("Right", -1)):
        for k, f in enumerate(("Thumb", "Index", "Middle", "Ring", "Pinky")):
            tip = f"{side}Hand{f}4"
            data["bones"] += [{"name": f"{tip}_end", "parent": tip, "position": [82 * sx, 143, 4 - 2 * k]},
                              {"name": f"{tip}_end_end", "parent": f"{tip}_end", "position": [82 * sx, 141, 4 - 2 * k]}]
    got = _map(data)
    for side, s in (("Left", "l"), ("Right", "r")):
        for f in ("Index", "Middle", "Ring", "Pinky"):
            assert got[f"{side}Hand{f}1"] == f"{f.lower()}_01_{s}", got
            assert got[f"{side}Hand{f}3"] == f"{f.lower()}_03_{s}"


def test_a_weapon_slot_read_as_the_thumb_gives_the_thumb_back_to_the_named_chain():
    """A Cascadeur knight (held-out batch 556) holds a sword in its left hand: 'L.weapon_slot' > 'Sword' > 'Handle'
    lay where a thumb would and the solver read them as the thumb, beside 'L.thumb1' > 'L.thumb2'. The solver's
    thumb roles on the prop's chain go; the names place the thumb."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import Role, name_evidence
    from enginemind.families.bonemap.rig.solver.merge import _prop_read_as_a_finger

    names = ["L.hand", "L.weapon_slot", "Sword", "Handle", "L.thumb1", "L.thumb2"]
    parents = [None, "L.hand", "L.weapon_slot", "Sword", "L.hand", "L.thumb1"]
    sk = Skeleton.from_dict({"bones": [{"name": n, "parent": p, "position": [k, 0, 0]}
                                       for k, (n, p) in enumerate(zip(names, parents, strict=True))]})
    roles = [Role("hand", "L"), Role("thumb", "L", 1.0), None, Role("thumb", "L", 2.0), None, None]
    weights = [0.9, 0.85, 0.0, 0.85, 0.0, 0.0]
    _prop_read_as_a_finger(sk, roles, weights, [name_evidence(i) for i in analyse_names(names)])
    assert roles == [Role("hand", "L"), None, None, None, None, None] and weights[1] == weights[3] == 0.0
