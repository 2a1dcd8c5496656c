"""Per-bone features and role classes for the skeleton model (numpy only; torch lives in ``net.py``).

Per bone: hashed character 2-4-grams of the normalised name (prefix stripped per skeleton, sides removed),
the name's side marker, rest geometry in the solver's body frame (position relative to the pelvis, offset
to the parent and bone length in body heights; zeros and a flag without a frame), tree position (depth,
children, subtree size, leaf) and the solver's role (one-hot) with its weight. Parent indices give the
tree for message passing.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import FINGERS, Role
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.solver.frame import Geo
from enginemind.families.bonemap.rig.solver.solve import Solution, solve

N_BUCKETS = 2048
MAX_GRAMS = 48
_BODY = ["root", "pelvis", "spine", "neck", "head", "jaw"]
_SIDED = ["eye", "clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot", "ball", "ik_foot", "ik_hand",
          "weapon", "upperarm_twist", "lowerarm_twist", "thigh_twist", "calf_twist"]
_IK = ["ik_foot_root", "ik_hand_root", "ik_hand_gun"]
CLASSES: list[tuple[str, str | None, float | None]] = [("null", None, None)]
CLASSES += [(k, None, None) for k in _BODY + _IK]
CLASSES += [(k, s, None) for k in _SIDED for s in ("L", "R")]
CLASSES += [(f, s, float(i)) for f in FINGERS for s in ("L", "R") for i in range(4) if not (f == "thumb" and i == 0)]
CLASS_INDEX = {c: k for k, c in enumerate(CLASSES)}
SOLVER_KINDS = ["none", "root", "pelvis", "spine", "neck", "head", "clavicle", "upperarm", "lowerarm", "hand",
                "thigh", "calf", "foot", "ball", "twist", *FINGERS]
N_NUM = 17 + len(SOLVER_KINDS) + 3 + 4


def role_class(role: Role | tuple | None) -> int:
    """Class index of a role (spine / neck / twist indices dropped; unknown roles are null)."""
    if role is None:
        return 0
    kind, side, idx = (role.kind, role.side, role.idx) if isinstance(role, Role) else role
    if kind in FINGERS:
        return CLASS_INDEX.get((kind, side, float(idx) if idx is not None else 1.0), 0)
    return CLASS_INDEX.get((kind, side if kind in _SIDED else None, None), 0)


def _grams(text: str) -> list[int]:
    t = f"^{text}$"
    out = {zlib.crc32(t[i:i + n].encode()) % N_BUCKETS for n in (2, 3, 4) for i in range(len(t) - n + 1)}
    return sorted(out)[:MAX_GRAMS] or [0]


@dataclass
class Features:
    """One skeleton as arrays: grams (padded, -1 = none), numeric features, parent index, solver output."""

    grams: np.ndarray
    num: np.ndarray
    parent: np.ndarray
    solution: Solution


def featurize(sk: Skeleton, sol: Solution | None = None) -> Features:
    sol = sol or solve(sk)
    n = len(sk)
    infos = analyse_names(sk.names)
    grams = np.full((n, MAX_GRAMS), -1, dtype=np.int64)
    for i, ni in enumerate(infos):
        g = _grams("".join(ni.tokens) or "?")
        grams[i, : len(g)] = g
    num = np.zeros((n, N_NUM), dtype=np.float32)
    depth = sk.depths()
    geo = Geo(sk)
    fr = sol.frame
    for i in range(n):
        f: list[float] = []
        if fr is not None and sk.has_positions():
            base = geo.pos[sol.pelvis] if sol.pelvis >= 0 else geo.pos[0]
            rel = geo.pos[i] - base
            par = geo.parent[i]
            off = geo.pos[i] - geo.pos[par] if par >= 0 else np.zeros(3)
            f += [fr.lateral(rel), fr.height(geo.pos[i]), fr.front(rel), abs(fr.lateral(rel))]
            f += [fr.lateral(off), float(off @ fr.up) / fr.h, fr.front(off), float(geo.edge[i]) / fr.h]
            f += [float(geo.down[i]) / fr.h, 1.0]
        else:
            f += [0.0] * 9 + [0.0]
        kids = len(geo.kids[i])
        f += [min(depth[i], 40) / 10.0, min(kids, 10) / 5.0, np.log1p(geo.size[i]) / 4.0, float(kids == 0),
              float(geo.parent[i] < 0), np.log1p(n) / 6.0, 0.0]
        r = sol.roles[i]
        onehot = [0.0] * len(SOLVER_KINDS)
        kind = "none" if r is None else ("twist" if r.kind.endswith("_twist") else r.kind)
        onehot[SOLVER_KINDS.index(kind) if kind in SOLVER_KINDS else 0] = 1.0
        side = r.side if r is not None else None
        f += onehot + [sol.weights[i], float(side == "L"), float(side == "R")]
        ns = infos[i].side
        idx = r.idx if r is not None and r.kind in FINGERS and r.idx is not None else -1.0
        f += [float(ns == "L"), float(ns == "R"), float(sol.found), (idx + 1) / 4.0]
        num[i] = f
    parent = np.array(geo.parent, dtype=np.int64)
    return Features(grams, num, parent, sol)
