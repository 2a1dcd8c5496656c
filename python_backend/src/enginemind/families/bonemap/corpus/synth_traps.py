"""Synthetic rigs with the structural traps of real files (issue 14, items 1 and 5), for fitting confidence maps.

``make_trap_rig(conv, seed)`` makes a rig as ``synth_names.make_sample`` does (a random mode), often with the
body profile of another convention (names of one rigging tool over the structure of another), then applies
one or two traps, keeping exact labels (roles travel with the bones):

- ``forest``: parenting lost for most bones (a deform-only export); the importer rebuilds a tree;
- ``hip_extra``: an extra bone between the hips and the first spine bone;
- ``zero_helper``: a zero-length helper stacked on a spine, neck or limb joint, named after it;
- ``bend``: extra segments on the arms / legs (bend bones on the limb path, labelled as twist bones);
- ``metarig``: the hips named as the first spine bone and every spine bone as the next (Rigify metarig style).

Only the calibration fit uses them (seeds 40,000+); they never enter evaluation suites.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np

from enginemind.families.bonemap.corpus.synth import ALL_CONVENTIONS, PROFILES
from enginemind.families.bonemap.corpus.synth_names import MODES, body_bones, label
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import Target, load_target

TRAPS = ("forest", "hip_extra", "zero_helper", "bend", "metarig")
_LIMBS = (("upperarm", "lowerarm", "upperarm_twist"), ("lowerarm", "hand", "lowerarm_twist"),
          ("thigh", "calf", "thigh_twist"), ("calf", "foot", "calf_twist"))


def _find(bones: list[dict], kind: str, side: str | None = None) -> list[int]:
    return [k for k, b in enumerate(bones) if b["role"] and b["role"][0] == kind and (side is None or
                                                                                       b["role"][1] == side)]


def _insert(bones: list[dict], child: int, name: str, pos: Any, role: tuple | None) -> None:
    """A new bone between ``child`` and its parent."""
    new = {"name": name, "parent": bones[child]["parent"], "position": [float(v) for v in pos], "role": role}
    bones[child]["parent"] = name
    bones.append(new)


def _forest(bones: list[dict], rng: random.Random) -> None:
    for b in bones:
        if rng.random() < 0.85:
            b["parent"] = None


def _hip_extra(bones: list[dict], rng: random.Random) -> None:
    pelvis, spine = _find(bones, "pelvis"), sorted(_find(bones, "spine"), key=lambda k: bones[k]["role"][2] or 0)
    if pelvis and spine and bones[spine[0]]["parent"] == bones[pelvis[0]]["name"]:
        a, b = np.array(bones[pelvis[0]]["position"]), np.array(bones[spine[0]]["position"])
        _insert(bones, spine[0], rng.choice(("Waist", "hips_ctrl", "LowerBack", "torso_base", "Bone_x")),
                a + rng.uniform(0.3, 0.7) * (b - a), None)


def _zero_helper(bones: list[dict], rng: random.Random) -> None:
    cands = [k for k, b in enumerate(bones) if b["role"] and b["role"][0] in ("spine", "neck", "upperarm", "thigh")]
    for k in rng.sample(cands, min(len(cands), rng.randint(1, 2))):
        b = bones[k]
        bones.append({"name": b["name"] + rng.choice(("_helper", "_ctrl", "_jnt", "_mch")), "parent": b["name"],
                      "position": list(b["position"]), "role": None})


def _bend(bones: list[dict], rng: random.Random) -> None:
    for up, down, twist in rng.sample(_LIMBS, rng.randint(1, 3)):
        for side in ("L", "R"):
            a, b = _find(bones, up, side), _find(bones, down, side)
            if not a or not b or bones[b[0]]["parent"] != bones[a[0]]["name"]:
                continue
            pa, pb = np.array(bones[a[0]]["position"]), np.array(bones[b[0]]["position"])
            _insert(bones, b[0], f"{bones[a[0]]['name']}{rng.choice(('_bend', '.001', '_part1', 'Mid'))}",
                    pa + 0.5 * (pb - pa), (twist, side, 1.0))


def _metarig(bones: list[dict], rng: random.Random) -> None:
    pelvis, spine = _find(bones, "pelvis"), sorted(_find(bones, "spine"), key=lambda k: bones[k]["role"][2] or 0)
    if not pelvis or not spine:
        return
    chain = [pelvis[0], *spine]
    new = [bones[k]["name"] for k in spine] + [rng.choice(("chest", "Spine_top", "UpperChest"))]
    rename = {bones[k]["name"]: n for k, n in zip(chain, new, strict=True)}
    if len(set(rename.values()) | {b["name"] for b in bones if b["name"] not in rename}) < len(bones):
        return  # a new name would clash with another bone's
    for b in bones:
        b["name"] = rename.get(b["name"], b["name"])
        b["parent"] = rename.get(b["parent"], b["parent"])


_APPLY = {"forest": _forest, "hip_extra": _hip_extra, "zero_helper": _zero_helper, "bend": _bend,
          "metarig": _metarig}


def make_trap_rig(conv: str, seed: int, target: Target | None = None) -> tuple[Skeleton, dict[str, str | None]]:
    """One labelled synthetic rig of convention ``conv`` with one or two traps (module docstring)."""
    sk, labels, _ = make_trap_sample(conv, seed, target)
    return sk, labels


def make_trap_sample(conv: str, seed: int, target: Target | None = None
                     ) -> tuple[Skeleton, dict[str, str | None], list[str]]:
    """``make_trap_rig`` plus the names of the traps applied."""
    rng = random.Random(f"{conv}/{seed}/trap")
    mode = rng.choice(MODES)
    prof = PROFILES[conv if rng.random() < 0.5 else rng.choice(sorted(ALL_CONVENTIONS))]
    bones, meta = body_bones(rng, prof, conv, mode)
    traps = rng.sample(TRAPS, rng.randint(1, 2))
    for t in sorted(traps, key=TRAPS.index):  # the forest last: it drops the parents the others need
        if t != "forest":
            _APPLY[t](bones, rng)
    if "forest" in traps:
        _forest(bones, rng)
    if rng.random() < 0.3:
        rng.shuffle(bones)
    sk, labels = label(bones, target or load_target("ue5_manny"), meta.get("up_axis"))
    return sk, labels, sorted(traps)
