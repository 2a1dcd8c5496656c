"""A Blender Rigify control rig exported whole: the structure solver reads its deform skeleton.

Rigify builds three bone sets: ``ORG-`` copies of the metarig, ``MCH-`` mechanism and control bones, and the
``DEF-`` bones that deform the mesh. An export of the whole rig (Sketchfab's glTF conversion, a game exporter
without "deform only") keeps all of them, and the ``DEF-`` limbs hang from ``ORG-`` bones, not from ``DEF-``
ones (held-out batch 94's Rigify bear: ``DEF-thigh.L`` under ``ORG-spine``, ``DEF-upper_arm.L`` under
``ORG-shoulder.L``; batch 88's Risk of Rain 2 rig). The body is the ``DEF-`` skeleton with each ``ORG-X``
ancestor standing for its twin ``DEF-X`` (the bone Rigify's own game-export tools parent it to).
"""

from __future__ import annotations

from dataclasses import replace

from enginemind.families.bonemap.rig.names import control_sets, deform_marks
from enginemind.families.bonemap.rig.skeleton import Skeleton


def deform_skeleton(sk: Skeleton) -> tuple[list[int], Skeleton] | None:
    """(indices of the DEF- bones, the skeleton of those bones with parents found through ORG- twins), or None
    when ``sk`` is not a control rig exported whole (``names.deform_marks``). A DEF- bone's parent is its nearest
    ancestor that is a DEF- bone or an ORG- bone whose DEF- twin exists (that twin); with none it is a root."""
    kind, key = control_sets(sk.names)
    marks = deform_marks(sk.names, kind)
    if marks is None:
        return None
    defs = [i for i, m in enumerate(marks) if m]
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

