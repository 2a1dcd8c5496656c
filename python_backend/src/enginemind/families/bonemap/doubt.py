"""Signals that a bone's answer is likely wrong, read off the finished assignment (no second solve).

Each signal is a flag (or a value in 0..1) per bone; ``calibration.py`` turns them, with the raw score and
the solver / name / model agreement, into the calibrated confidence (their weights are fitted <= 0 on
synthetic rigs, so a signal can only lower a confidence). ``doubts`` computes them:

- ``rival``: another source bone scores (nearly) as high for the same target bone: which of the two is the
  ``thigh`` (``DEF-thigh`` / ``DEF-thigh.001``), the head or the neck, is a close call;
- ``free``: the bone could have filled a target bone that stayed unmapped (its score for it, 0..1);
- ``skip``: on the target tree, between the bone's target and its nearest mapped ancestor's target, a core
  target bone (pelvis, clavicle, upper / lower arm, hand, thigh, calf, foot, head) stayed unmapped: an extra
  or a missing segment moved the chain by one;
- ``hole``: a null bone lying in such a gap on the source tree (a missed pelvis / thigh / clavicle?);
- ``hier``: the target is not below its nearest mapped ancestor's target (what the repair pass left);
- ``side``: a left / right answer on the other side of the body's midline (geometry, mirror-corrected);
- ``order``: a pelvis / spine / neck / head answer lower than its mapped ancestor on that central line, or a
  limb whose upper : lower segment ratio is far from a body's (a twist bone taken as a joint);
- ``near``: the parent or a child carries one of the structural flags above or the solver disagrees with
  its answer (errors come in runs: a shifted chain);
- ``named``: geometry was readable but the solver gave this mapped bone no role: its names alone placed it;
- the rig as a whole is unusual: ``forest`` (a forest rebuilt from positions: the importer warns), ``nogeo``
  (rest positions but no body structure found in them: names alone decided), ``missing`` (essential target
  bones, pelvis, head, arms, hands, legs, feet, left unmapped inside a mapped chain: a mapped bone above them
  and one below, or above a head / hand / foot; 1/8 per bone). They are set on mapped bones and on null bones
  with a candidate target (a face or prop bone with none stays confidently null);
- ``loud`` (set by ``calibration.patterns``): the name disagrees with the answer and says its own role clearly
  (name evidence weight >= 0.9: ``LeftHand``, not ``Knee`` or ``Bone.012``);
- ``noname`` (set by ``calibration.patterns``, every bone): the rig's names say almost nothing (under a quarter
  of its bones carry any name evidence: ``joint12``, ``Bone.004``, hashes), so the structure solver decided
  alone; on real bodies it is wrong far more often than on synthetic ones (value 1 - share / 0.25).

Each check costs O(bones x depth); the whole pass well under a millisecond on a 160-bone rig.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SIGNALS = ("rival", "free", "skip", "hole", "hier", "side", "order", "near", "named", "forest", "nogeo", "missing",
           "loud", "noname")
CORE = ("pelvis", "clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot", "head")
ESSENTIAL = ("pelvis", "head", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot")
CENTRAL = {"pelvis": 0, "spine": 1, "neck": 2, "head": 3}
LIMBS = (("upperarm", "lowerarm", "hand", 0.4, 3.0), ("thigh", "calf", "foot", 0.5, 2.2))
"""(upper, middle, end joint, lowest and highest upper : lower length ratio a body has)."""
_RIVAL_GAP, _SIDE_MIN, _DROP = 0.05, 0.03, 0.03


def _rig_flags(sk: Any, sol: Any, target: Any, match: list[int], owner: dict[int, int]) -> dict[str, float]:
    tsk, troles = target.skeleton, target.analysis.roles
    out = {}
    if any("rebuilt one tree" in w for w in sk.warnings):
        out["forest"] = 1.0
    if sk.has_positions() and (sol is None or not sol.found):
        out["nogeo"] = 1.0
    held = [j in owner for j in range(len(tsk))]
    body = [r is not None and (r.kind in CORE or r.kind in CENTRAL) for r in troles]
    gaps = 0
    for j, r in enumerate(troles):
        if r is None or r.kind not in ESSENTIAL or held[j]:
            continue
        above = any(held[a] and body[a] for a in tsk.ancestors(j))
        below = r.kind in ("head", "hand", "foot") or any(held[k] and body[k] for k in _below(tsk, j))
        gaps += int(above and below)
    if gaps:
        out["missing"] = round(gaps / 8, 3)
    return out


def _below(tsk: Any, j: int) -> list[int]:
    out, stack = [], list(tsk.children(j))
    while stack:
        k = stack.pop()
        out.append(k)
        stack.extend(tsk.children(k))
    return out


def doubts(sk: Any, target: Any, match: list[int], scores: dict[int, dict[int, float]] | None, sol: Any,
           roles: list[Any], disagree: list[bool]) -> list[dict[str, float]]:
    """The signals of every bone (only the non-zero ones). ``roles``: the solver's roles oriented to the
    names' sides (or Nones); ``disagree``: the solver disagrees with the answer."""
    n = len(sk)
    tsk, troles = target.skeleton, target.analysis.roles
    twist = [r is not None and r.kind.endswith("_twist") for r in troles]
    owner = {j: i for i, j in enumerate(match) if j >= 0}
    out: list[dict[str, float]] = [{} for _ in range(n)]
    scores = scores or {}
    if scores:
        col: dict[int, list[tuple[float, int]]] = {}
        for i, row in scores.items():
            for j, v in row.items():
                col.setdefault(j, []).append((v, i))
        for i, j in enumerate(match):
            row = scores.get(i, {})
            if j >= 0:
                s, same = row.get(j, 0.0), troles[j] is not None and troles[j].kind in ("spine", "neck")
                for v, k in col.get(j, ()):
                    if k == i or v < s - _RIVAL_GAP:
                        continue
                    mk = match[k]
                    if same and mk >= 0 and troles[mk] is not None and troles[mk].kind == troles[j].kind:
                        continue  # two spine bones trading places: still spine bones
                    if mk < 0 or scores[k].get(mk, 0.0) <= v + 0.02:
                        out[i]["rival"] = 1.0
                        break
            free = max((v for k, v in row.items() if k not in owner and k != j and troles[k] is not None and
                        not twist[k]), default=0.0)
            if free > 0.3:
                out[i]["free"] = round(min(1.0, free), 3)
    core_t = [r is not None and r.kind in CORE for r in troles]
    for i, j in enumerate(match):
        if j < 0 or twist[j]:
            continue
        a = sk.nearest_ancestor(i, lambda a: match[a] >= 0 and not twist[match[a]])
        if a < 0:
            continue
        ja = match[a]
        if not tsk.is_ancestor(ja, j):
            out[i]["hier"] = out[a]["hier"] = 1.0
            continue
        k = tsk.parent_index(j)
        gap = False
        while k >= 0 and k != ja:
            if core_t[k] and k not in owner:
                gap = True
                break
            k = tsk.parent_index(k)
        if gap:
            out[i]["skip"] = 1.0
            b = sk.parent_index(i)
            while b >= 0 and b != a:  # null bones on the source path across the gap: missed bones?
                if match[b] < 0:
                    out[b]["hole"] = 1.0
                b = sk.parent_index(b)
    _geometry(sk, sol, troles, match, out)
    if sol is not None and sol.found:
        for i, j in enumerate(match):
            if j >= 0 and troles[j] is not None and roles[i] is None and not twist[j]:
                out[i]["named"] = 1.0
    bad = [bool(out[i].keys() & {"skip", "hier", "side", "order", "hole"}) or disagree[i] for i in range(n)]
    for i in range(n):
        p = sk.parent_index(i)
        if (p >= 0 and bad[p]) or any(bad[c] for c in sk.children(i)):
            out[i]["near"] = 1.0
    rig = _rig_flags(sk, sol, target, match, owner)
    for i, d in enumerate(out):  # a bone with no candidate target at all stays confidently null anywhere
        if rig and (match[i] >= 0 or not scores or scores.get(i)):
            d.update(rig)
    return out


def _geometry(sk: Any, sol: Any, troles: list[Any], match: list[int], out: list[dict[str, float]]) -> None:
    """``side`` and ``order``: left / right and up / down against the solver's body frame."""
    if sol is None or sol.frame is None or not sol.found or not sk.has_positions():
        return
    fr = sol.frame
    pos = np.array([b.position if b.position is not None else (0.0, 0.0, 0.0) for b in sk.bones], dtype=float)
    mid = pos[sol.pelvis]
    lat = (pos - mid) @ fr.left / fr.h
    sided = [(i, troles[j].side) for i, j in enumerate(match)
             if j >= 0 and troles[j] is not None and troles[j].side in ("L", "R") and abs(lat[i]) > _SIDE_MIN]
    agree = sum((lat[i] > 0) == (s == "L") for i, s in sided)
    mirrored = agree < len(sided) - agree  # left-handed frames: the names' sides win, as in solver.merge
    for i, s in sided:
        if ((lat[i] > 0) == (s == "L")) == mirrored:
            out[i]["side"] = 1.0
    height = (pos @ fr.up - fr.ground) / fr.h
    kind = [troles[j].kind if j >= 0 and troles[j] is not None else None for j in match]
    for i, k in enumerate(kind):
        if k not in CENTRAL:
            continue
        a = sk.nearest_ancestor(i, lambda a: kind[a] in CENTRAL)
        if a >= 0 and CENTRAL[kind[a]] <= CENTRAL[k] and height[i] < height[a] - _DROP:
            out[i]["order"] = out[a]["order"] = 1.0
    at = {(troles[j].kind, troles[j].side): i for i, j in enumerate(match) if j >= 0 and troles[j] is not None}
    for up, mid_k, end, lo, hi in LIMBS:
        for side in ("L", "R"):
            trio = [at.get((k, side)) for k in (up, mid_k, end)]
            if any(t is None for t in trio):
                continue
            a, b, c = (pos[t] for t in trio)
            la, lb = float(np.linalg.norm(b - a)), float(np.linalg.norm(c - b))
            if lb <= 1e-9 or not lo <= la / lb <= hi:
                for t in trio:
                    out[t]["order"] = 1.0


REASONS = {"s-": "the structure solver says another role", "n-": "the name says another role",
           "m-": "the skeleton model says another role", "rival": "another bone fits this target about as well",
           "free": "it could fill a target bone left unmapped", "skip": "its chain skips an unmapped core bone",
           "hole": "it lies where a core bone is missing", "hier": "its target breaks the hierarchy",
           "side": "it lies on the other side of the body", "order": "it is out of order along its chain",
           "near": "a neighbour is in doubt", "named": "placed by its name alone",
           "forest": "the tree was rebuilt from positions", "nogeo": "no body found in the rest pose",
           "missing": "essential target bones are unmapped", "loud": "its name clearly says another role",
           "cross": "the structure alone gives it another role",
           "sides": "its side follows the file's axis convention: the rest pose barely shows which way the body faces",
           "noname": "the rig's names say nothing: the rest pose alone placed it"}


def explain(pattern: str) -> list[str]:
    """Readable reasons for the doubts in a calibration pattern (``s-n0m0|0|rival,free:0.6``)."""
    head, _, rest = pattern.partition("|")
    sig = [tok.partition(":")[0] for tok in rest.partition("|")[2].split(",") if tok]
    keys = [k for k in ("s-", "n-", "m-") if k in head and not (k == "n-" and "loud" in sig)] + sig
    return [REASONS[k] for k in keys if k in REASONS]
