"""Training corpus: synthetic rigs from public naming conventions, augmented, labelled by role.

A rig is built as a tree of roles (pelvis, spine run, neck run, head, arms with fingers and twists, legs,
optional root / ends / eyes / helpers), rendered with one naming convention (``conventions.py``), then
augmented: namespace / prefix, case and separator style, a few bones renamed to meaningless names, dropped
parts, extra helper and end bones (labelled null). Labels come from the roles through the same assignment
the matcher uses (so the spine rule is identical). Feedback from users adds corrected examples.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

from enginemind.families.bonemap.corpus.conventions import CONVENTIONS, FINGER_WORDS
from enginemind.families.bonemap.model import messages_for
from enginemind.families.bonemap.rig.matcher import assign
from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import Evidence
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import Analysis, Target, load_target, unique_roles

SPINE_COUNTS = {"mixamo": (3,), "ue": (3, 5), "unity": (2, 3), "vroid": (3,), "biped": (2, 3, 4), "rigify": (3,),
                "daz": (4,), "mmd": (2,), "cc": (3,), "smpl": (3,), "xsens": (4,), "blender": (3, 4)}
_TIP_CONVENTIONS = {"mixamo", "blender"}


@dataclass
class RigBone:
    name: str
    parent: str | None
    role: tuple[str, str | None, float | None] | None
    """(kind, side, idx) or None for bones with no counterpart."""


def _role_tree(rng: random.Random, conv: str) -> list[tuple[str, str | None, int, int, int]]:
    """(kind, side, k, n, parent position) in parent-first order."""
    out: list[tuple[str, str | None, int, int, int]] = []

    def add(kind: str, side: str | None, parent: int, k: int = 0, n: int = 1) -> int:
        out.append((kind, side, k, n, parent))
        return len(out) - 1

    top = add("root", None, -1) if rng.random() < 0.5 else -1
    pelvis = add("pelvis", None, top)
    n_spine = rng.choice(SPINE_COUNTS[conv])
    p = pelvis
    for k in range(n_spine):
        p = add("spine", None, p, k, n_spine)
    chest = p
    n_neck = 2 if conv in ("ue", "cc", "daz") and rng.random() < 0.6 else 1
    for k in range(n_neck):
        p = add("neck", None, p, k, n_neck)
    head = add("head", None, p)
    if rng.random() < 0.4:
        add("head_end", None, head)
    if rng.random() < 0.4:
        for s in ("L", "R"):
            add("eye", s, head)
    fingers = rng.random() < 0.8
    meta = conv in ("ue", "rigify", "daz") and rng.random() < 0.5
    twists = rng.choice((0, 0, 1, 2)) if conv in ("ue", "cc", "daz", "biped", "mmd") else 0
    for s in ("L", "R"):
        c = add("clavicle", s, chest)
        ua = add("upperarm", s, c)
        la = add("lowerarm", s, ua)
        h = add("hand", s, la)
        for k in range(twists):
            add("upperarm_twist", s, ua, k, twists)
            add("lowerarm_twist", s, la, k, twists)
        if conv == "smpl":
            add("hand_end", s, h)
        if fingers and conv not in ("smpl", "xsens"):
            for f in FINGER_WORDS:
                q = h
                for k in range(0 if meta and f != "thumb" else 1, 4):
                    q = add(f, s, q, k, 3)
                if conv in _TIP_CONVENTIONS and rng.random() < 0.7:
                    add("finger_tip", s, q, 4, 3)
    for s in ("L", "R"):
        t = add("thigh", s, pelvis)
        cf = add("calf", s, t)
        ft = add("foot", s, cf)
        b = add("ball", s, ft)
        if rng.random() < 0.4:
            add("toe_end", s, b)
        for k in range(twists):
            add("thigh_twist", s, t, k, twists)
    for _ in range(rng.choice((0, 0, 1, 3))):
        add("helper", rng.choice(("L", "R", None)), rng.randrange(len(out)))
    return out


_HELPER_WORDS = ("Breast", "Hair01", "Skirt_Front", "Cape", "Jiggle", "Corrective", "Tail01", "Bag", "Ribbon")
_PREFIXES = ("", "", "", "Armature|", "rig:", "Character1_", "skel_", "Root/", "char01:")


def _render(rng: random.Random, conv: str, tree: list[tuple[str, str | None, int, int, int]]) -> list[RigBone]:
    namer = CONVENTIONS[conv]
    names: list[str | None] = []
    roles: list[tuple[str, str | None, float | None] | None] = []
    for kind, side, k, n, parent_pos in tree:
        role: tuple[str, str | None, float | None] | None = None
        if kind in ("head_end", "toe_end", "hand_end", "finger_tip", "helper"):
            if kind == "helper":
                name = f"{rng.choice(_HELPER_WORDS)}_{side or 'C'}{rng.randrange(10)}"
            elif kind == "finger_tip":
                name = namer(tree[parent_pos][0], side, 4, n)
            elif kind == "hand_end":
                name = namer("hand_end", side, 0, 1)
            else:
                name = namer(kind, side, 0, 1) or (f"{names[-1]}_end" if names and names[-1] else None)
        else:
            name = namer(kind, side, k, n)
            idx: float | None = None
            if kind in ("spine", "neck"):
                idx = k / (n - 1) if n > 1 else 0.0
            elif kind in FINGER_WORDS:
                idx = float(k)
            elif kind.endswith("_twist"):
                idx = float(k + 1)
            role = (kind, side if kind not in ("spine", "neck", "pelvis", "root", "head") else None, idx)
        names.append(name)
        roles.append(role)
    prefix = rng.choice(_PREFIXES)
    case = rng.random()
    bones: list[RigBone] = []
    used: set[str] = set()
    final: list[str | None] = []
    for pos, (name, role) in enumerate(zip(names, roles, strict=True)):
        if name is None:
            final.append(None)
            continue
        if rng.random() < 0.04:
            name = rng.choice(("Bone", "joint", "Bone.", "node_")) + str(rng.randrange(1000))
        elif case < 0.15:
            name = name.lower()
        elif case < 0.2:
            name = name.upper()
        name = prefix + name if ":" not in name or not prefix.endswith(":") else name
        while name in used:
            name += "_1"
        used.add(name)
        final.append(name)
        parent = tree[pos][4]
        while parent >= 0 and final[parent] is None:
            parent = tree[parent][4]
        bones.append(RigBone(name, final[parent] if parent >= 0 else None, role))
    rng.shuffle(bones)
    return bones


def generate_rigs(seed: int, per_convention: int) -> list[tuple[str, list[RigBone]]]:
    """(convention, bones) for ``per_convention`` rigs of every convention, deterministic in ``seed``."""
    rng = random.Random(seed)
    out = []
    for conv in CONVENTIONS:
        for _ in range(per_convention):
            out.append((conv, _render(rng, conv, _role_tree(rng, conv))))
    return out


def label_rig(bones: list[RigBone], target: Target) -> tuple[Skeleton, dict[str, str | None]]:
    """Ground truth for a generated rig: its roles assigned onto the target with the matcher's rules."""
    sk = Skeleton.from_dict({"bones": [{"name": b.name, "parent": b.parent} for b in bones]})
    evidence = [[Evidence(b.role[0], b.role[1], b.role[2], 1.0)] if b.role else [] for b in bones]
    an = Analysis(analyse_names(sk.names), evidence, unique_roles(sk, evidence))
    a = assign(sk, target, analysis=an, repair_rounds=0)
    tn = target.skeleton.names
    return sk, {sk.names[i]: (tn[j] if j >= 0 else None) for i, j in enumerate(a.match)}


def build_examples(targets: list[str], seed: int, per_convention: int, max_examples: int,
                   feedback: list[dict[str, Any]] | None = None, feedback_repeat: int = 8
                   ) -> list[tuple[list[dict[str, str]], str | None]]:
    """(chat messages, answer) pairs: synthetic rigs for every target, plus corrected feedback bones."""
    rng = random.Random(seed + 1)
    out: list[tuple[list[dict[str, str]], str | None]] = []
    for tname in targets:
        target = load_target(tname)
        for _, bones in generate_rigs(seed, per_convention):
            sk, labels = label_rig(bones, target)
            for i, name in enumerate(sk.names):
                out.append((messages_for(sk, i, tname), labels[name]))
    rng.shuffle(out)
    out = out[:max_examples]
    fb: list[tuple[list[dict[str, str]], str | None]] = []
    for row in feedback or []:
        sk = Skeleton.from_dict(row["skeleton"])
        for bone, answer in row["mapping"].items():
            if bone in sk.names:
                fb += [(messages_for(sk, sk.index(bone), row["target"]), answer)] * feedback_repeat
    out += fb
    rng.shuffle(out)
    return out


def corpus_hash(examples: list[tuple[list[dict[str, str]], str | None]]) -> str:
    h = hashlib.sha256()
    for msgs, ans in examples:
        h.update(json.dumps([msgs[-1]["content"], ans], ensure_ascii=False).encode())
    return h.hexdigest()[:16]
