"""3ds Max Biped's own hierarchy, seen on held-out real rigs (batch 43: Heaps' and Cocos' Biped exports): the
thighs hang from the first spine bone, not the pelvis, and the clavicles from the neck, beside the head, so
the head and one arm look like a limb pair as much as the two arms do. No fingers (a game export without them).
Constructed skeleton (Y up, +X = the character's left, facing +Z, metres), no third-party file."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton

P = "Bip001 "
LIMBS = (("Clavicle", "clavicle"), ("UpperArm", "upperarm"), ("Forearm", "lowerarm"), ("Hand", "hand"),
         ("Thigh", "thigh"), ("Calf", "calf"), ("Foot", "foot"), ("Toe0", "ball"))
TRUTH = {"Pelvis": "pelvis", "Spine": "spine_01", "Spine1": "spine_05", "Neck": "neck_01", "Head": "head",
         **{f"{s} {a}": f"{t}_{s.lower()}" for s in "LR" for a, t in LIMBS}}


def biped(scale: float = 1.0, spine: float = 0.652) -> dict:
    """``spine``: height of the first spine bone (Cocos' Biped mascot, batch 43, has a pelvis bone 0.09 x the
    height long, Heaps' 0.05 x; the Isles strategy game's chibi worker 0.10 x and its fire beast 0.13 x, held-out
    batch 890)."""
    b = [("Bip001", None, (0, 0.508, 0.036)), ("Pelvis", "Bip001", (0, 0.568, -0.047)),
         ("Spine", "Pelvis", (0, spine, -0.047)), ("Spine1", "Spine", (0, 0.853, -0.047)),
         ("Neck", "Spine1", (0, 1.109, -0.047)), ("Head", "Neck", (0, 1.168, -0.047)),
         ("HeadNub", "Head", (0, 1.769, -0.047))]
    for s, x in (("L", 1), ("R", -1.005)):  # a real rig is never quite symmetric
        b += [(f"{s} Clavicle", "Neck", (0.049 * x, 1.109, -0.028)),
              (f"{s} UpperArm", f"{s} Clavicle", (0.24 * x, 1.07, -0.028)),
              (f"{s} Forearm", f"{s} UpperArm", (0.449 * x, 1.073, -0.027)),
              (f"{s} Hand", f"{s} Forearm", (0.625 * x, 1.075, -0.014)),
              (f"{s} Thigh", "Spine", (0.182 * x, 0.568, -0.047)),
              (f"{s} Calf", f"{s} Thigh", (0.182 * x, 0.325, -0.023)),
              (f"{s} Foot", f"{s} Calf", (0.182 * x, 0.161, -0.039)),
              (f"{s} Toe0", f"{s} Foot", (0.182 * x, 0.007, 0.16)),
              (f"{s} Toe0Nub", f"{s} Toe0", (0.178 * x, 0.007, 0.171))]
    depth = {None: -1}
    for n, p, _ in b:
        depth[n] = depth[p] + 1
    b.sort(key=lambda t: depth[t[0]])  # breadth-first, as 3ds Max writes them (the solver must not depend on it)

    def name(n: str) -> str:
        return n if n == "Bip001" else P + n

    return {"bones": [{"name": name(n), "parent": name(p) if p else None, "position": [v * scale for v in pos]}
                      for n, p, pos in b]}


@pytest.mark.parametrize(("scale", "spine"), [(1.0, 0.652), (0.1, 0.652), (1.0, 0.73), (1.0, 0.76), (1.0, 0.79)])
def test_biped_hierarchy_keeps_arms_pelvis_and_neck(scale, spine):
    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(biped(scale, spine)), "ue5_manny")
    got = {b: res.mapping[P + b] for b in TRUTH}
    assert got == TRUTH


def test_biped_hierarchy_without_names_finds_both_arms_not_the_head():
    d = biped()
    names = {b["name"]: f"joint{i}" for i, b in enumerate(d["bones"])}
    for b in d["bones"]:
        b["name"], b["parent"] = names[b["name"]], names.get(b["parent"])
    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny")
    arm = {names[P + f"{s} {a}"]: f"{t}_{s.lower()}" for s in "LR"
           for a, t in (("UpperArm", "upperarm"), ("Forearm", "lowerarm"), ("Hand", "hand"))}
    assert {b: res.mapping[b] for b in arm} == arm
    assert res.mapping[names[P + "Head"]] == "head"


def test_biped_hierarchy_whose_head_carries_eye_joints_keeps_pelvis_and_neck():
    """Held-out batch 78 (XNA's Dude): the Biped hierarchy with eye joints under the head, a little above it, and
    no head nub: the structure reads the eye as the head's top and the head as a neck on the arms' branch bone;
    the Biped reading (that branch bone is the neck, the thighs' bone the first spine bone) must stay open to
    the names, else 'Pelvis' goes unmapped and the torso shifts by one."""
    d = biped()
    d["bones"] = [b for b in d["bones"] if not b["name"].endswith("HeadNub")]
    d["bones"] += [{"name": P + f"{s} Eye", "parent": P + "Head", "position": [0.03 * x, 1.24, -0.02]}
                   for s, x in (("L", 1), ("R", -1))]
    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny")
    assert {b: res.mapping[P + b] for b in TRUTH} == TRUTH


@pytest.mark.parametrize("extra", ["hat", "neck1"])
def test_biped_hierarchy_whose_head_carries_a_nameless_chain_or_a_second_neck_keeps_pelvis_and_neck(extra):
    """Held-out batches 238-260 (LayaAir's PangZi, Egret's little yellow man, Harry Potter's Dobby): the Biped
    hierarchy with a nameless hat chain on the head ('Bone004' .. 'Bone006') or a second neck bone ('Neck1')
    between neck and head. The geometry shows no Biped sign (the head is not the arms' branch bone's child or the
    last bone of the neck line), so the solver read the thighs' bone as the pelvis and the hat as the head; the
    names put 'Pelvis', 'Neck' and 'Head' back."""
    d = biped()
    if extra == "hat":  # PangZi's: a hat over the head nub, and a flap over each hip on the 'Pelvis'
        d["bones"] += [{"name": f"Bone00{k + 4}", "parent": f"Bone00{k + 3}" if k else P + "Head",
                        "position": [0, 1.8 + 0.08 * k, 0.29 - 0.02 * k]} for k in range(3)]
        d["bones"] += [{"name": f"Bone0{k}", "parent": P + "Pelvis", "position": [0.5 * x, 0.6, 0]}
                       for k, x in ((10, 1), (11, -1))]
        truth = TRUTH
    else:
        d["bones"] = [b for b in d["bones"] if not b["name"].endswith("HeadNub")]
        for b in d["bones"]:
            if b["name"] == P + "Head":
                b["parent"], b["position"] = P + "Neck1", [0, 1.2, -0.04]
        d["bones"].append({"name": P + "Neck1", "parent": P + "Neck", "position": [0, 1.15, -0.045]})
        d["bones"].append({"name": P + "HeadNub", "parent": P + "Head", "position": [0, 1.77, -0.047]})
        truth = {**TRUTH, "Neck1": "neck_02"}
    res = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny")
    assert {b: res.mapping[P + b] for b in truth} == truth
