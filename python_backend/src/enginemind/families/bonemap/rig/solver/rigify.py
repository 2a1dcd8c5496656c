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

from enginemind.families.bonemap.rig.names import control_sets, deform_marks
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.structure import same_point


def deform_skeleton(sk: Skeleton) -> tuple[list[int], Skeleton] | None:
    """(indices of the DEF- bones, the skeleton of those bones with parents found through ORG- twins), or None
    when ``sk`` is not a control rig exported whole (``names.deform_marks``). A DEF- bone's parent is its nearest
    ancestor that is a DEF- bone or an ORG- bone whose DEF- twin exists (that twin); with none it is a root."""
    kind, key = control_sets(sk.names)
    marks = deform_marks(sk.names, kind)
    if marks is None:
        return None
    orgs = {key[i]: i for i in range(len(sk)) if kind[i] == "ORG"}
    defs = [i for i, m in enumerate(marks) if m]
    twin = {key[i]: i for i in defs}
    for i in defs:  # a limb split in numbered parts has no DEF- bone of its ORG- bone's name: the first part,
        for k in _first_part_keys(key[i]):  # starting on the ORG- bone's head, is its twin (a PSK export's
            if k in orgs and k not in twin and _same_point(sk, orgs[k], i):  # 'DEF-thigh_01_L' beside
                twin[k] = i  # 'ORG-thigh_L': held-out batch 444)
    org_of = {d: orgs[k] for k, d in twin.items() if k in orgs}

    def up_from(i: int, p: int) -> int:  # the nearest DEF- bone or ORG- bone with a DEF- twin (that twin)
        while p >= 0:
            if kind[p] == "DEF":
                return p
            if kind[p] == "ORG" and twin.get(key[p], i) != i:
                return twin[key[p]]
            p = sk.parent_index(p)
        return -1

    parent: dict[int, int] = {}
    for i in defs:
        p = up_from(i, sk.parent_index(i))
        if p < 0 and i in org_of:  # hung from mechanism bones only (the rubber-hose 'MCH-hips_rh_ns_ch' under
            p = up_from(i, sk.parent_index(org_of[i]))  # the root): its ORG- twin's parent says where it belongs
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


_FIRST = re.compile(r"(?<![a-z0-9])0*1(?![a-z0-9])")


def _first_part_keys(key: str) -> list[str]:
    """``key`` without one number word that says "first" ('thigh_01_l' -> 'thigh_l'; 'f_index_01_l_01' ->
    'f_index_l_01' and 'f_index_01_l')."""
    out = []
    for m in _FIRST.finditer(key):
        a, b = key[:m.start()], key[m.end():]
        out.append(a[:-1] + b if a and a[-1] in "-_. " else a + (b[1:] if b and b[0] in "-_. " else b))
    return out


def _same_point(sk: Skeleton, a: int, b: int) -> bool:
    pa, pb = sk.bones[a].position, sk.bones[b].position
    return pa is not None and pb is not None and same_point(pa, pb)


def _cyclic(parent: dict[int, int]) -> bool:
    for i in parent:
        seen, p = {i}, parent.get(i, -1)
        while p >= 0:
            if p in seen:
                return True
            seen.add(p)
            p = parent.get(p, -1)
    return False

