"""Synthetic rigs with rest-pose geometry: many naming conventions x varied bodies x augmentation.

A body is the UE5 Manny rest pose (the shipped target, canonical frame: +x left, +y up, +z forward,
metres) with per-rig proportions (legs, arms, hands, torso, head), arm elevation (A-pose .. T-pose), 1-7
spine and 1-3 neck bones, optional clavicles / metacarpals / finger tips / twist bones (as children or on
the limb path) / hip offset bones / ends, helper chains (hair, breasts, skirt, props, correctives) and IK
bones, then a global rotation (Y-up, Z-up, any yaw, sometimes any rotation), a scale (m, cm, mm, inches)
and a translation. ``Profile`` says what one convention's rigs contain; names come from the namers of
``conventions.py`` / ``conventions_more.py``. Every bone keeps its role, so labels are exact.
"""

from __future__ import annotations

import functools
import json
import math
import random
from dataclasses import dataclass
from importlib import resources

import numpy as np

from enginemind.families.bonemap.corpus.conventions import CONVENTIONS, FINGER_WORDS, Namer
from enginemind.families.bonemap.corpus.conventions_more import MORE

ALL_CONVENTIONS: dict[str, Namer] = {**CONVENTIONS, **MORE}
RoleT = tuple[str, str | None, float | None]


@dataclass(frozen=True)
class Profile:
    """What the rigs of one convention contain (probabilities are per rig)."""

    spine: tuple[int, ...] = (3,)
    neck: tuple[int, ...] = (1,)
    clavicle: bool = True
    fingers: str = "all"
    """all | thumb (one thumb bone, Kinect) | none."""
    metacarpal: float = 0.0
    tips: float = 0.0
    twists: int = 0
    twist_on_path: bool = False
    hand_end: bool = False
    hip_helper: float = 0.0
    leg_root: bool = False
    root: float = 0.3
    ball: bool = True


PROFILES: dict[str, Profile] = {
    "mixamo": Profile(spine=(3,), tips=0.8), "ue": Profile(spine=(3, 5), neck=(1, 2), metacarpal=0.5, twists=2,
                                                            root=0.8),
    "unity": Profile(spine=(2, 3)), "vroid": Profile(spine=(3,)), "biped": Profile(spine=(2, 3, 4), twists=1, root=0.6),
    "rigify": Profile(spine=(3,), metacarpal=0.6), "daz": Profile(spine=(4,), neck=(2,), metacarpal=0.5, twists=1,
                                                                 twist_on_path=True),
    "mmd": Profile(spine=(2,), twists=1, root=0.6), "cc": Profile(spine=(3,), neck=(1, 2), twists=1, root=0.7),
    "smpl": Profile(spine=(3,), fingers="none", hand_end=True, root=0.0), "xsens": Profile(spine=(4,), fingers="none"),
    "blender": Profile(spine=(3, 4), tips=0.5), "humanik": Profile(spine=(3, 4), neck=(1, 2), metacarpal=0.4,
                                                                   tips=0.5, twists=1, root=0.5),
    "neuron": Profile(spine=(3, 4), metacarpal=1.0), "second_life": Profile(spine=(2, 4), root=0.0),
    "valve": Profile(spine=(3, 4), twists=1), "advanced_skeleton": Profile(spine=(3,), metacarpal=0.5, twists=1,
                                                                           twist_on_path=True),
    "mgear": Profile(spine=(3, 4, 5), metacarpal=0.7, twists=2, twist_on_path=True, root=0.5),
    "makehuman": Profile(spine=(5,), neck=(3,), metacarpal=1.0, twists=1, twist_on_path=True, hip_helper=1.0,
                         root=0.0),
    "roblox": Profile(spine=(1,), neck=(1,), clavicle=False, fingers="none", root=1.0, ball=False),
    "kinect2": Profile(spine=(2,), clavicle=False, fingers="thumb", hand_end=True, root=0.0),
    "azure_kinect": Profile(spine=(2,), fingers="thumb", hand_end=True, root=0.0),
    "optitrack": Profile(spine=(2, 3)), "hanim": Profile(spine=(3, 6), neck=(1, 3), metacarpal=0.7, root=0.5),
    "godot": Profile(spine=(3,)), "genesis9": Profile(spine=(4,), neck=(2,), metacarpal=0.6, twists=1, leg_root=True),
    "cat": Profile(spine=(2, 3, 4), neck=(1,), root=0.7),
}
_HELPERS = ("Hair", "Ponytail", "Breast", "Skirt", "Cape", "Jiggle", "Corrective", "Tail", "Bag", "Ribbon", "Prop",
            "Weapon_Attach", "Cloth", "Sleeve")


@functools.lru_cache(maxsize=1)
def template() -> dict[str, np.ndarray]:
    """Manny's rest pose, left side and centre, in the canonical frame (+x left, +y up, +z forward, m)."""
    d = json.loads((resources.files("enginemind.families.bonemap") / "data" / "ue5_manny.json").read_text("utf-8"))
    return {b["name"]: np.array([b["position"][0], b["position"][2], -b["position"][1]]) / 100.0
            for b in d["bones"] if "position" in b}


def _poly(points: list[np.ndarray], f: float) -> np.ndarray:
    """The point at arc fraction ``f`` along a polyline."""
    seg = [float(np.linalg.norm(b - a)) for a, b in zip(points, points[1:], strict=False)]
    total, acc = sum(seg) or 1.0, 0.0
    for a, b, s in zip(points, points[1:], seg, strict=False):
        if acc + s >= f * total - 1e-9:
            t = (f * total - acc) / s if s > 0 else 0.0
            return a + t * (b - a)
        acc += s
    return points[-1]


@dataclass
class Node:
    kind: str
    side: str | None
    k: int
    n: int
    parent: int
    pos: np.ndarray
    role: RoleT | None


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[Node] = []

    def add(self, kind: str, side: str | None, parent: int, pos: np.ndarray, k: int = 0, n: int = 1,
            role: bool = True) -> int:
        idx: float | None = None
        if kind in ("spine", "neck"):
            idx = k / (n - 1) if n > 1 else 0.0
        elif kind in FINGER_WORDS or kind.endswith("_twist"):
            idx = float(k) if kind in FINGER_WORDS else float(k + 1)
        r = (kind, side if side and kind not in ("spine", "neck", "pelvis", "root", "head", "jaw") else None, idx)
        self.nodes.append(Node(kind, side, k, n, parent, np.array(pos, dtype=float), r if role else None))
        return len(self.nodes) - 1


def body(rng: random.Random, prof: Profile) -> list[Node]:
    """The role tree of one rig with canonical positions (parents first)."""
    T = template()
    b = _Builder()
    m = np.array([-1.0, 1.0, 1.0])
    legs, arms, torso, hands = (rng.uniform(0.85, 1.15) for _ in range(4))
    root = b.add("root", None, -1, np.zeros(3)) if rng.random() < prof.root else -1
    pelvis = b.add("pelvis", None, root, T["pelvis"])
    n_s = rng.choice(prof.spine)
    sp = [T["pelvis"]] + [T[f"spine_{i:02d}"] for i in range(1, 6)]
    p = pelvis
    for k in range(n_s):
        p = b.add("spine", None, p, _poly(sp[1:], k / (n_s - 1) if n_s > 1 else 0.0), k, n_s)
    chest = p
    n_n = rng.choice(prof.neck)
    nk = [T["spine_05"], T["neck_01"], T["neck_02"], T["head"]]
    for k in range(n_n):
        p = b.add("neck", None, p, _poly(nk[1:], k / n_n), k, n_n)
    head = b.add("head", None, p, T["head"])
    if rng.random() < 0.4:
        b.add("head_end", None, head, T["head"] + [0, 0.18, 0.01], role=False)
    if rng.random() < 0.3:
        for s, sx in (("L", 1), ("R", -1)):
            b.add("eye", s, head, T["head"] + [0.032 * sx, 0.075, 0.09])
    tw = rng.choice(range(prof.twists + 1)) if prof.twists else 0
    meta = rng.random() < prof.metacarpal
    tips = rng.random() < prof.tips
    hip_at = rng.choice((0.0, 0.5))
    for s, sx in (("L", 1.0), ("R", -1.0)):
        mir = np.array([1.0, 1.0, 1.0]) if sx > 0 else m
        c = b.add("clavicle", s, chest, T["clavicle_l"] * mir) if prof.clavicle else chest
        ua = b.add("upperarm", s, c, T["upperarm_l"] * mir)
        la_pos, h_pos = T["lowerarm_l"] * mir, T["hand_l"] * mir
        seg_parent = ua
        if prof.twist_on_path:
            for k in range(tw):
                seg_parent = b.add("upperarm_twist", s, seg_parent,
                                   _lerp(b.nodes[ua].pos, la_pos, (k + 1) / (tw + 1)), k)
        la = b.add("lowerarm", s, seg_parent, la_pos)
        seg_parent = la
        if prof.twist_on_path:
            for k in range(tw):
                seg_parent = b.add("lowerarm_twist", s, seg_parent, _lerp(la_pos, h_pos, (k + 1) / (tw + 1)), k)
        h = b.add("hand", s, seg_parent, h_pos)
        if not prof.twist_on_path:
            for k in range(tw):
                b.add("upperarm_twist", s, ua, _lerp(b.nodes[ua].pos, la_pos, (k + 1) / (tw + 1)), k)
                b.add("lowerarm_twist", s, la, _lerp(la_pos, h_pos, (k + 1) / (tw + 1)), k)
        if prof.hand_end:
            b.add("hand_end", s, h, h_pos + 0.6 * (T["middle_01_l"] * mir - h_pos), role=False)
        if prof.fingers == "thumb":
            b.add("thumb", s, h, T["thumb_02_l"] * mir, 1, 3)
        elif prof.fingers == "all":
            n_f = 5 if rng.random() < 0.9 else rng.choice((3, 4))
            for f in list(FINGER_WORDS)[:n_f]:
                q = h
                if meta and f != "thumb":
                    q = b.add(f, s, q, T[f"{f}_metacarpal_l"] * mir, 0, 3)
                for k in (1, 2, 3):
                    q = b.add(f, s, q, T[f"{f}_{k:02d}_l"] * mir, k, 3)
                if tips:
                    p3, p2 = T[f"{f}_03_l"] * mir, T[f"{f}_02_l"] * mir
                    b.add("finger_tip", s, q, p3 + 0.8 * (p3 - p2), 4, 3, role=False)
        lp = b.add("leg_root", None, pelvis, T["pelvis"] + [0, -0.03, 0], role=False) if prof.leg_root else pelvis
        if prof.leg_root and s == "R":
            lp = next(i for i, nd in enumerate(b.nodes) if nd.kind == "leg_root")
        if rng.random() < prof.hip_helper:
            lp = b.add("hip_helper", s, lp, _lerp(T["pelvis"], T["thigh_l"] * mir, hip_at),
                       role=False)
        t = b.add("thigh", s, lp, T["thigh_l"] * mir)
        cf_pos, ft_pos = T["calf_l"] * mir, T["foot_l"] * mir
        q = t
        if prof.twist_on_path:
            for k in range(tw):
                q = b.add("thigh_twist", s, q, _lerp(b.nodes[t].pos, cf_pos, (k + 1) / (tw + 1)), k)
        cf = b.add("calf", s, q, cf_pos)
        if not prof.twist_on_path:
            for k in range(tw):
                b.add("thigh_twist", s, t, _lerp(b.nodes[t].pos, cf_pos, (k + 1) / (tw + 1)), k)
        ft = b.add("foot", s, cf, ft_pos)
        if prof.ball:
            bl = b.add("ball", s, ft, T["ball_l"] * mir)
            if rng.random() < 0.4:
                b.add("toe_end", s, bl, T["ball_l"] * mir + [0, 0, 0.06], role=False)
    _reshape(b.nodes, rng, legs, arms, torso, hands)
    return b.nodes


def _lerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    return a + t * (b - a)


_ARM = {"upperarm", "lowerarm", "hand", "upperarm_twist", "lowerarm_twist", "hand_end", "finger_tip", *FINGER_WORDS}
_LEG = {"thigh", "calf", "foot", "ball", "toe_end", "thigh_twist", "calf_twist"}


def _reshape(nodes: list[Node], rng: random.Random, legs: float, arms: float, torso: float, hands: float) -> None:
    """Proportions (offsets scaled per body part), arm elevation, small jitter; in place, parents first."""
    orig = [nd.pos.copy() for nd in nodes]
    head_f = rng.uniform(0.85, 1.4)
    lift = math.radians(rng.uniform(-5.0, 55.0))
    for i, nd in enumerate(nodes):
        if nd.parent < 0:
            continue
        off = orig[i] - orig[nd.parent]
        f = (legs if nd.kind in _LEG else hands if nd.kind in FINGER_WORDS or nd.kind in ("finger_tip", "hand_end")
             else arms if nd.kind in _ARM else head_f if nd.kind in ("head_end", "eye", "jaw") else torso)
        nd.pos = nodes[nd.parent].pos + f * off + np.array([rng.gauss(0, 0.002) for _ in range(3)])
    leg_drop = min(nd.pos[1] for nd in nodes if nd.kind in ("foot", "ball", "toe_end"))
    for nd in nodes:  # feet back on the ground
        if nd.kind != "root":
            nd.pos = nd.pos - [0, leg_drop, 0]
    for i, nd in enumerate(nodes):  # raise both arms about the shoulder (forward axis)
        if nd.kind == "upperarm":
            c, s_ = math.cos(lift), math.sin(lift)
            sgn = 1.0 if nd.side == "L" else -1.0
            rot = np.array([[c, -sgn * s_, 0], [sgn * s_, c, 0], [0, 0, 1]])
            origin = nd.pos.copy()
            for j in _subtree(nodes, i):
                nodes[j].pos = origin + rot @ (nodes[j].pos - origin)


def _subtree(nodes: list[Node], i: int) -> list[int]:
    out = [i]
    for j in range(i + 1, len(nodes)):
        p = nodes[j].parent
        if p in out:
            out.append(j)
    return out


def add_extras(nodes: list[Node], rng: random.Random, amount: float = 1.0) -> None:
    """Helper chains and bones with no counterpart: hair, breasts, skirt, props, correctives, IK bones."""
    idx = {nd.kind: i for i, nd in enumerate(nodes) if nd.side in (None, "L")}
    k_extra = rng.choice((0, 0, 1, 2, 3, 5)) if amount else 0
    hosts = [i for i, nd in enumerate(nodes) if nd.kind not in FINGER_WORDS and nd.kind != "finger_tip"]
    for _ in range(int(k_extra * amount)):
        at = rng.choice(hosts)
        par = nodes[at]
        length = rng.randint(1, 4)
        p = at
        d = np.array([rng.uniform(-1, 1) for _ in range(3)]) * 0.05
        for j in range(length):
            p = _append(nodes, "helper", par.side, p, nodes[p].pos + d * (1 if j else 0.3))
    if rng.random() < 0.3 and "head" in idx:
        p = idx["head"]
        for j in range(rng.randint(2, 5)):
            p = _append(nodes, "helper", None, p, nodes[p].pos + [0, -0.06 if j else 0.05, -0.06])
    if rng.random() < 0.2 and "root" in idx:
        for kind in ("foot", "hand"):
            r = _append(nodes, f"ik_{kind}_root", None, idx["root"], np.zeros(3), role=True)
            for s in ("L", "R"):
                tgt = next((nd for nd in nodes if nd.kind == kind and nd.side == s), None)
                if tgt is not None:
                    _append(nodes, f"ik_{kind}", s, r, tgt.pos.copy(), role=True)


def _append(nodes: list[Node], kind: str, side: str | None, parent: int, pos: np.ndarray, role: bool = False) -> int:
    r = (kind, side if kind in ("ik_foot", "ik_hand") else None, None) if role else None
    nodes.append(Node(kind, side, 0, 1, parent, np.asarray(pos, dtype=float), r))
    return len(nodes) - 1


def place(nodes: list[Node], rng: random.Random, any_rotation: float = 0.1) -> dict[str, str]:
    """Global rotation / scale / translation in place; returns {"up_axis", "units"} of the result."""
    yaw = rng.uniform(0, 2 * math.pi) if rng.random() < 0.3 else rng.choice((0.0, math.pi / 2, math.pi, -math.pi / 2))
    c, s = math.cos(yaw), math.sin(yaw)
    rot = np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])
    up = "y"
    if rng.random() < 0.45:  # Z up (Blender / Unreal / Max style): y -> z, z -> -y
        rot = np.array([[1, 0, 0], [0, 0, -1], [0, 1, 0]]) @ rot
        up = "z"
    if rng.random() < any_rotation:
        q = np.linalg.qr(np.array([[rng.gauss(0, 1) for _ in range(3)] for _ in range(3)]))[0]
        rot = (q if np.linalg.det(q) > 0 else -q) @ rot
        up = "?"
    units, scale = rng.choice((("m", 1.0), ("cm", 100.0), ("cm", 100.0), ("mm", 1000.0), ("in", 39.37)))
    shift = np.array([rng.uniform(-1, 1) for _ in range(3)]) * scale * rng.choice((0.0, 0.0, 1.0))
    for nd in nodes:
        nd.pos = rot @ nd.pos * scale + shift
    return {"up_axis": up, "units": units}
