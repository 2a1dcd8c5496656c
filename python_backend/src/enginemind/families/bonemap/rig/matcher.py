"""The structural matcher: role evidence x target roles -> one global assignment (Hungarian).

Score of source bone s for target bone t (0..1): the best evidence of s for t's role (kind and side must
agree; an unknown side counts 0.6), times an index factor (spine / neck: nearest relative position, fingers:
same segment, twists: same number preferred), a small leaf tie-breaker, or 0.96 for an identical normalised
name. Pairs scoring <= ``null_score`` are never used: such bones map to null. A maximum-weight assignment
(``assignment.max_weight_assignment``) maximises the total, so the mapping is one-to-one. Two repair passes follow:
hierarchy (a bone whose target is not below its nearest mapped ancestor's target is penalised and the
assignment is solved again) and chain order (bones mapped into one target chain are put in depth order, line
by line: a foot exported beside its leg keeps its slot).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from enginemind.families.bonemap.rig.assignment import max_weight_assignment
from enginemind.families.bonemap.rig.roles import FINGERS, Evidence, Role, strongest
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import Analysis, Target, analyse


@dataclass
class Assignment:
    """Matcher output: per source bone a target index (-1 = null), a confidence and the score matrix."""

    source: Skeleton
    analysis: Analysis
    target: Target
    match: list[int]
    confidence: list[float]
    scores: dict[int, dict[int, float]]


def _idx_factor(kind: str, a: float | None, b: float | None) -> float:
    if a is None or b is None:
        return 1.0 if a == b else 0.8
    if kind in ("spine", "neck"):
        return max(0.0, 1.0 - 1.2 * abs(a - b))
    if kind in FINGERS:
        d = abs(a - b)
        return 1.0 if d == 0 else (0.5 if d <= 1 else 0.2)
    if kind.endswith("_twist"):
        return 1.0 if a == b else 0.85
    return 1.0


def _pair_score(e: Evidence, r: Role) -> float:
    if e.kind != r.kind:
        return 0.0
    if e.side == r.side:
        side = 1.0
    elif e.side is None:
        side = 0.6
    else:
        return 0.0
    return e.weight * side * _idx_factor(r.kind, e.idx, r.idx)


def lone_chest_spine(src: Skeleton, an: Analysis) -> int:
    """The source's only spine bone when the arms hang from it (a clavicle or upper arm's nearest ancestor with
    evidence), else -1. Run positions put a lone bone at the bottom (r = 0); a target may say
    where such a bone goes instead (``Target.lone_spine``)."""
    top = [strongest(evs) for evs in an.evidence]
    spines = [i for i, e in enumerate(top) if e is not None and e.kind == "spine"]
    if len(spines) != 1:
        return -1
    b = spines[0]
    for i, e in enumerate(top):
        if e is not None and e.kind in ("clavicle", "upperarm"):
            if src.nearest_ancestor(i, lambda a: top[a] is not None) == b:
                return b
    return -1


def score_table(src: Skeleton, an: Analysis, target: Target) -> dict[int, dict[int, float]]:
    """Sparse scores {source index: {target index: score}} (only non-zero pairs)."""
    tsk, tan = target.skeleton, target.analysis
    lone, lone_r = -1, None
    if target.lone_spine is not None and (lone := lone_chest_spine(src, an)) >= 0:
        lone_r = tan.roles[tsk.index(target.lone_spine)].idx
    by_kind: dict[str, list[int]] = {}
    for j, r in enumerate(tan.roles):
        if r is not None:
            by_kind.setdefault(r.kind, []).append(j)
    by_key: dict[str, list[int]] = {}
    for j, ni in enumerate(tan.infos):
        by_key.setdefault("".join(ni.tokens) + f"|{ni.side}", []).append(j)
    t_leaf = [not tsk.children(j) for j in range(len(tsk))]
    out: dict[int, dict[int, float]] = {}
    for i, evs in enumerate(an.evidence):
        row: dict[int, float] = {}
        leaf = not src.children(i)
        for e in evs:
            if i == lone and e.kind == "spine":
                e = Evidence(e.kind, e.side, lone_r, e.weight)
            for j in by_kind.get(e.kind, ()):
                v = _pair_score(e, tan.roles[j])
                if v > 0:
                    row[j] = max(row.get(j, 0.0), v)
        ni = an.infos[i]
        key = "".join(ni.tokens) + f"|{ni.side}"
        if ni.tokens:
            for j in by_key.get(key, ()):
                r = tan.roles[j]
                if r is None and not evs:
                    row[j] = max(row.get(j, 0.0), 0.96)
                elif r is not None and r.kind not in ("spine", "neck") and any(e.kind == r.kind for e in evs):
                    row[j] = max(row.get(j, 0.0), min(1.0, row.get(j, 0.0) + 0.02))
        if leaf:  # tie-breaker: an end bone gives way to its parent for a target bone that has children
            row = {j: v * 0.97 if not t_leaf[j] else v for j, v in row.items()}
        if row:
            out[i] = row
    return out


def _solve(scores: dict[int, dict[int, float]], penalty: dict[tuple[int, int], float], null_score: float,
           n_src: int) -> list[int]:
    rows = sorted(scores)
    cols = sorted({j for row in scores.values() for j in row})
    match = [-1] * n_src
    if not rows or not cols:
        return match
    cidx = {j: k for k, j in enumerate(cols)}
    w = np.zeros((len(rows), len(cols)))
    for r, i in enumerate(rows):
        for j, v in scores[i].items():
            w[r, cidx[j]] = max(0.0, v - penalty.get((i, j), 0.0) - null_score)
    for r, c in max_weight_assignment(w):
        if w[r, c] > 0:
            match[rows[r]] = cols[c]
    return match


def _violations(src: Skeleton, target: Target, match: list[int]) -> list[tuple[int, int]]:
    """Pairs whose target is not below the target of the nearest mapped ancestor. Skipped as ancestors: twist
    bones lying on a limb path (DAZ / mGear / MakeHuman rigs), IK bones that body bones hang from (fingers under
    an IK hand goal), for a finger bone another finger's metacarpal that branches (real hands branch a thumb off
    the index metacarpal, or one metacarpal off the next: Perception Neuron's in-hand bones, Rigify's palm
    bones), for a clavicle or an upper arm, a neck bone (deform exports rebuilt from positions hang a clavicle
    under the neck's base; 3ds Max Biped hangs it under the neck; simple game rigs hang clavicle-less arms from
    the neck: Lugaru) and, for a thigh, a spine bone (Biped hangs the thighs under its first spine bone)."""
    tsk, troles = target.skeleton, target.analysis.roles
    twist = [r is not None and (r.kind.endswith("_twist") or r.kind.startswith("ik_")) for r in troles]
    finger = [r.kind if r is not None and r.kind in FINGERS else None for r in troles]
    palm = [r is not None and r.kind in FINGERS and r.idx == 0 for r in troles]  # metacarpals
    kind = [r.kind if r is not None else None for r in troles]
    def passed(j: int, a: int) -> bool:  # an ancestor the check looks past for target j
        return (match[a] < 0 or twist[match[a]] or
                (finger[j] is not None and palm[match[a]] and finger[match[a]] != finger[j] and
                 len(src.children(a)) >= 2) or (kind[j] in ("clavicle", "upperarm") and kind[match[a]] == "neck") or
                (kind[j] == "thigh" and kind[match[a]] == "spine"))

    out = []
    for i, j in enumerate(match):
        if j < 0:
            continue
        a = src.nearest_ancestor(i, lambda a, j=j: not passed(j, a))
        if a >= 0 and not tsk.is_ancestor(match[a], j):
            out.append((i, j, a))
    return out


def _chain_order(src: Skeleton, target: Target, match: list[int]) -> None:
    depth = src.depths()
    per_chain: dict[str, list[tuple[int, int]]] = {}
    for i, j in enumerate(match):
        if j >= 0:
            c = target.chain_of.get(target.skeleton.names[j])
            if c:
                per_chain.setdefault(c[0], []).append((c[1], i))
    for chain in per_chain.values():
        for items in _lines(src, chain):
            _depth_order(src, depth, items, match)


def _lines(src: Skeleton, items: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """``items`` (slot, bone) of one target chain grouped by descent: bones linked by ancestry (directly or
    through another bone of the chain) are one line. A foot exported under the root beside its leg (an IK
    export: Unvanquished's 'ankle.L' under 'origin') is a line of its own and keeps its slot."""
    group = list(range(len(items)))

    def find(k: int) -> int:
        while group[k] != k:
            k = group[k]
        return k

    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            a, b = items[x][1], items[y][1]
            if src.is_ancestor(a, b) or src.is_ancestor(b, a) or src.parent_index(a) == src.parent_index(b):
                group[find(x)] = find(y)
    out: dict[int, list[tuple[int, int]]] = {}
    for k, it in enumerate(items):
        out.setdefault(find(k), []).append(it)
    return list(out.values())


def _depth_order(src: Skeleton, depth: list[int], items: list[tuple[int, int]], match: list[int]) -> None:
    """The bones of one line of a chain take the line's slots in depth order; among bones at one depth, one the
    chain goes on from comes after one it does not (Elden Ring's SpineArmor1 beside Spine2), then the given slot
    order."""
    slots = sorted(k for k, _ in items)
    tied = len({depth[i] for _, i in items}) < len(items)
    goes_on = {i: tied and any(src.is_ancestor(i, o) for _, o in items) for _, i in items}
    bones = [i for _, i in sorted(items, key=lambda t: (depth[t[1]], goes_on[t[1]], t[0]))]
    chain_bones = {k: match[i] for k, i in items}
    for k, i in zip(slots, bones, strict=True):
        match[i] = chain_bones[k]


def _twins(target: Target, j: int) -> list[int]:
    """Target bones of the same role kind and side as ``j`` (``j`` included)."""
    roles = target.analysis.roles
    r = roles[j]
    if r is None:
        return [j]
    return [k for k, o in enumerate(roles) if o is not None and o.kind == r.kind and o.side == r.side]


def body_tree(src: Skeleton, an: Analysis) -> Skeleton:
    """``src``, or ``src`` re-rooted at its pelvis when the solver found the tree rooted above the pelvis at the
    chest (``Analysis.reroot``): hierarchy checks then read the body from the hips up."""
    return src.rerooted(an.reroot) if an.reroot >= 0 else src


def _marker(target: Target, j: int) -> bool:
    """Target slot ``j`` is a marker with no body below it (the centre of mass)."""
    r = target.analysis.roles[j]
    return r is not None and r.kind == "center_of_mass"


def assign(src: Skeleton, target: Target, *, null_score: float = 0.3, analysis: Analysis | None = None,
           repair_rounds: int = 3, structure: str = "solver") -> Assignment:
    """Map every bone of ``src`` onto ``target`` (one-to-one, hierarchy- and chain-order preserving).

    ``structure`` picks the role evidence (``targets.analyse``): ``solver`` (structure first, names refine,
    the default), ``names`` (name-first rules) or ``nameless`` (structure only).
    """
    an = analysis or analyse(src, unique=False, structure=structure)
    scores = score_table(src, an, target)
    penalty: dict[tuple[int, int], float] = {}
    match = _solve(scores, penalty, null_score, len(src))
    tree = body_tree(src, an)
    for _ in range(repair_rounds):
        bad = _violations(tree, target, match)
        if not bad:
            break
        for i, j, a in bad:  # the weaker bone of the pair: the descendant, or its mapped ancestor when the
            # ancestor's role is the less sure (an 'ankle' read as the ball above the foot it carries)
            if scores[a].get(match[a], 0.0) < scores[i].get(j, 0.0) - 0.2 or _marker(target, match[a]):
                i, j = a, match[a]  # (a centre-of-mass node the body hangs from gives way: the target keeps it a
                # leaf beside the pelvis; Bethesda's dragon 'NPC COM' > 'NPC Pelvis', held-out batch 1441, had lost
                # its pelvis to it)
            for k in _twins(target, j):  # the twin slots of the same role too (calf_twist_01 / _02), or the
                penalty[i, k] = penalty.get((i, k), 0.0) + 0.25  # bone only hops
        match = _solve(scores, penalty, null_score, len(src))
    _chain_order(tree, target, match)
    conf = confidences(scores, match, null_score)
    return Assignment(src, an, target, match, conf, scores)


def confidences(scores: dict[int, dict[int, float]], match: list[int], null_score: float) -> list[float]:
    """0..1 per bone: the assigned score, discounted when a real alternative is close.

    An alternative target that another bone holds with a clearly higher score (by > 0.02) does not count:
    ``LeftLeg`` is not in doubt about the thigh when ``LeftUpLeg`` is the thigh.
    """
    owner = {j: i for i, j in enumerate(match) if j >= 0}

    def real(i: int, k: int, v: float) -> bool:
        o = owner.get(k)
        return o is None or o == i or scores.get(o, {}).get(k, 0.0) <= v + 0.02

    out = []
    for i, j in enumerate(match):
        row = scores.get(i, {})
        alts = [v for k, v in row.items() if k != j and real(i, k, v)]
        if j < 0:
            out.append(round(min(1.0, max(0.0, 1.0 - max(alts, default=0.0))), 4))
            continue
        s = row.get(j, 0.0)
        margin = s - max(alts + [null_score])
        out.append(round(min(1.0, max(0.0, s * (0.55 + 0.45 * min(1.0, max(0.0, margin) / 0.25)))), 4))
    return out
