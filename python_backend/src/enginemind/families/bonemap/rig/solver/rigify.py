"""A Blender Rigify control rig exported whole: the structure solver reads its deform skeleton.

Rigify builds three bone sets: ``ORG-`` copies of the metarig, ``MCH-`` mechanism and control bones, and the
``DEF-`` bones that deform the mesh. An export of the whole rig (Sketchfab's glTF conversion, a game exporter
without "deform only") keeps all of them, and the ``DEF-`` limbs hang from ``ORG-`` bones, not from ``DEF-``
ones (held-out batch 94's Rigify bear: ``DEF-thigh.L`` under ``ORG-spine``, ``DEF-upper_arm.L`` under
``ORG-shoulder.L``; batch 88's Risk of Rain 2 rig). The body is the ``DEF-`` skeleton with each ``ORG-X``
ancestor standing for its twin ``DEF-X`` (the bone Rigify's own game-export tools parent it to).
"""

from __future__ import annotations

import re
from dataclasses import replace

from enginemind.families.bonemap.rig.names import DEF_WORD, strip_index_suffixes, strip_namespace, tokenize
from enginemind.families.bonemap.rig.skeleton import Skeleton

MIN_SET = 8
"""A rig counts as a whole Rigify export with at least this many DEF- bones and as many ORG- / MCH- bones (or, for
another control rig, twice as many bones that are not marked deform)."""
_SET = re.compile(r"(DEF|ORG|MCH)[-_.](.+)", re.IGNORECASE)


def deform_skeleton(sk: Skeleton) -> tuple[list[int], Skeleton] | None:
    """(indices of the DEF- bones, the skeleton of those bones with parents found through ORG- twins), or None
    when ``sk`` is not a whole Rigify export. A DEF- bone's parent is its nearest ancestor that is a DEF- bone
    or an ORG- bone whose DEF- twin exists (that twin); with none it is a root."""
    base = [strip_namespace(n).strip() for n in strip_index_suffixes(sk.names)]
    kind: list[str | None] = []
    key: list[str] = []
    for n in base:
        m = _SET.fullmatch(n)
        kind.append(m.group(1).upper() if m else "DEF" if DEF_WORD.search(n) else None)
        key.append(m.group(2).lower() if m else "")
    if sum(k in ("ORG", "MCH") for k in kind) < MIN_SET and \
            sum(bool({"org", "mch"} & set(tokenize(n))) for n in base) >= MIN_SET:
        return None  # ORG / MCH words past a prefix: a renamed Rigify rig, read as a whole (the names' reading)
    defs = [i for i, k in enumerate(kind) if k == "DEF"]
    # a Rigify rig has its ORG- / MCH- sets; another control rig marks only its deform bones, among at least twice
    # as many controls and mechanism bones (BlenRig's biped: about 100 '_def' bones of 2,425, each hung under an FK
    # control or a helper; held-out batch 332)
    if len(defs) < MIN_SET or (sum(k in ("ORG", "MCH") for k in kind) < MIN_SET and
                               len(sk) - len(defs) < 2 * len(defs)):
        return None
    twin = {key[i]: i for i in defs}
    parent: dict[int, int] = {}
    for i in defs:
        p = sk.parent_index(i)
        while p >= 0:
            if kind[p] == "DEF":
                break
            if kind[p] == "ORG" and twin.get(key[p], i) != i:
                p = twin[key[p]]
                break
            p = sk.parent_index(p)
        if p >= 0:
            parent[i] = p
    if _cyclic(parent):  # an ORG- twin below its own DEF- bone: the nearest DEF- ancestors only
        parent = {}
        for i in defs:
            p = sk.parent_index(i)
            while p >= 0 and kind[p] != "DEF":
                p = sk.parent_index(p)
            if p >= 0:
                parent[i] = p
    bones = [replace(sk.bones[i], parent=sk.names[parent[i]] if i in parent else None)
             for i in defs]  # (in file order: the solver walks depth_order())
    return defs, sk.with_bones(bones, [], {})


def _cyclic(parent: dict[int, int]) -> bool:
    for i in parent:
        seen, p = {i}, parent.get(i, -1)
        while p >= 0:
            if p in seen:
                return True
            seen.add(p)
            p = parent.get(p, -1)
    return False

