"""Small rigs that reproduce import traps seen on public files (issue 14, item 5), as glTF JSON or skeleton JSON."""

from __future__ import annotations

import json
from typing import Any

from tests.bonemap.helpers import mixamo_like


def _body(prefix: str = "mixamorig:") -> list[dict[str, Any]]:
    """The Mixamo-like humanoid of helpers.py (cm, Y up) without fingers, positions in metres."""
    bones = mixamo_like(prefix=prefix, fingers=False)["bones"]
    for b in bones:
        b["position"] = [v / 100.0 for v in b["position"]]
    return bones


def gltf(bones: list[dict[str, Any]], skins: list[list[str]] | None = None, extra_nodes: int = 0) -> bytes:
    """glTF JSON (translations relative to the parent) of bones with world positions; skins list joint names.

    A name used twice in ``bones`` stays two nodes (duplicated joints); ``skins`` then names the second copy
    as ``name#2``.
    """
    index: dict[str, int] = {}
    nodes: list[dict[str, Any]] = []
    keys = []
    for b in bones:
        key = b["name"] if b["name"] not in index else b["name"] + "#2"
        index[key] = len(nodes)
        keys.append(key)
        nodes.append({"name": b["name"], "children": []})
    world = {k: b["position"] for k, b in zip(keys, bones, strict=True)}
    roots = []
    for k, b in zip(keys, bones, strict=True):
        par = b.get("parent")
        if par is not None and k.endswith("#2") and par + "#2" in index:
            par = par + "#2"
        if par is None:
            roots.append(index[k])
            nodes[index[k]]["translation"] = world[k]
        else:
            nodes[index[par]]["children"].append(index[k])
            nodes[index[k]]["translation"] = [a - c for a, c in zip(world[k], world[par], strict=True)]
    for nd in nodes:
        if not nd["children"]:
            del nd["children"]
    doc: dict[str, Any] = {"asset": {"version": "2.0"}, "nodes": nodes, "scenes": [{"nodes": roots}], "scene": 0}
    if skins:
        doc["skins"] = [{"name": f"skin{i}", "joints": [index[j] for j in js]} for i, js in enumerate(skins)]
    return json.dumps(doc).encode()


def two_skins() -> bytes:
    """Two skins over duplicated joints (same names): a body mesh and an outfit each bound to its own copy."""
    body = _body()
    copy = [dict(b) for b in body]
    names = [b["name"] for b in body]
    return gltf(body + copy, skins=[names, [n + "#2" for n in names]])


def forest() -> dict[str, Any]:
    """A deform-only export whose parenting was lost: every bone is a root (positions kept)."""
    return {"bones": [{**b, "parent": None} for b in _body()]}


def armature_root() -> bytes:
    """A skeleton-only glTF (no skin) whose armature object node is the root, rotated like a Blender export."""
    bones = [{"name": "Armature", "parent": None, "position": [0.0, 0.0, 0.0]}]
    bones += [{**b, "parent": b["parent"] or "Armature"} for b in _body(prefix="")]
    return gltf(bones)


def zero_length_helpers() -> dict[str, Any]:
    """Zero-length helper bones stacked on the real spine joints (same position), the real joint below them."""
    out = []
    for b in _body(prefix=""):
        if b["name"] in ("Spine", "Spine1"):
            helper = f"{b['name']}_ctrl"
            out.append({"name": helper, "parent": b["parent"], "position": list(b["position"])})
            out.append({**b, "parent": helper})
        else:
            out.append(b)
    return {"bones": out}


def extra_hip_bone() -> dict[str, Any]:
    """An extra bone between the hips and the spine that carries the thighs (thighs under the first spine bone)."""
    out = []
    for b in _body(prefix=""):
        if b["name"] == "Spine":
            out.append({"name": "Spine", "parent": "Hips", "position": [0.0, 1.02, 0.0]})
            out.append({"name": "Spine01", "parent": "Spine", "position": b["position"]})
        elif b["parent"] == "Spine":
            out.append({**b, "parent": "Spine01"})
        elif b["name"] in ("LeftUpLeg", "RightUpLeg"):
            out.append({**b, "parent": "Spine"})
        else:
            out.append(b)
    return {"bones": out}
