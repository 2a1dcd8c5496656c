"""Small rigs that reproduce import traps seen on public files (issue 14, item 5), as glTF JSON or skeleton JSON."""

from __future__ import annotations

import base64
import json
import struct
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


def posed_with_bind_matrices(scale: float = 1.0, glb: bool = False, placeholders: tuple[str, ...] = (),
                             placeholder_scale: float = 1.0, bare_nodes: bool = False, folded: bool = False
                             ) -> tuple[bytes, dict[str, list[float]]]:
    """A skinned glTF whose nodes hold an animation frame (arms down, one knee raised) while the skin's inverse
    bind matrices hold the rest pose (Defold's Mesh2Motion character, held-out batch 72); ``scale``: the bind
    matrices' space scaled against the nodes'; ``placeholders``: joints given an identity matrix (skinning
    nothing; ``placeholder_scale`` x the identity: the mesh's units). Returns the file and the rest positions
    (metres); ``bare_nodes``: the joint nodes carry no transform at all (a Fab conversion: the skeleton lives in
    the bind matrices only); ``folded``: every bone turned back on its parent instead (each bone keeps its length,
    the body folds up to a fraction of its size)."""
    body = _body(prefix="")
    rest = {b["name"]: list(b["position"]) for b in body}
    posed = [dict(b) for b in body]
    if folded:
        at: dict[str, list[float]] = {}
        for b, k in zip(posed, _depths(body), strict=True):
            p = b["parent"]
            b["position"] = rest[b["name"]] if p is None else \
                [a + (-1) ** k * (r - q) for a, r, q in zip(at[p], rest[b["name"]], rest[p], strict=True)]
            at[b["name"]] = b["position"]
    for b in posed if not folded else ():
        x, y, z = b["position"]
        if "Arm" in b["name"] or "Hand" in b["name"]:  # T-pose arm swung down beside the body
            side = 1.0 if b["name"].startswith("Left") else -1.0
            out = abs(x) - 0.15
            b["position"] = [side * 0.17, 1.45 - out, z]
        if b["name"] in ("LeftLeg", "LeftFoot", "LeftToeBase", "LeftToe_End"):
            b["position"] = [x, y + 0.3, z + 0.35]
    names = [b["name"] for b in body]
    doc = json.loads(gltf(posed, skins=[names]))
    if bare_nodes:
        for node in doc["nodes"]:
            node.pop("translation", None)
    def ibm_of(n: str) -> list[float]:
        if n in placeholders:
            k = placeholder_scale
            return [k, 0, 0, 0, 0, k, 0, 0, 0, 0, k, 0, 0.0, 0.0, 0.0, 1]
        return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, *(-scale * v for v in rest[n]), 1]

    ibm = b"".join(struct.pack("<16f", *ibm_of(n)) for n in names)
    doc["accessors"] = [{"bufferView": 0, "componentType": 5126, "count": len(names), "type": "MAT4"}]
    doc["bufferViews"] = [{"buffer": 0, "byteLength": len(ibm)}]
    doc["skins"][0]["inverseBindMatrices"] = 0
    if not glb:
        doc["buffers"] = [{"byteLength": len(ibm),
                           "uri": "data:application/octet-stream;base64," + base64.b64encode(ibm).decode()}]
        return json.dumps(doc).encode(), rest
    doc["buffers"] = [{"byteLength": len(ibm)}]
    body_json = json.dumps(doc).encode()
    body_json += b" " * (-len(body_json) % 4)
    total = 12 + 8 + len(body_json) + 8 + len(ibm)
    data = b"glTF" + struct.pack("<II", 2, total) + struct.pack("<II", len(body_json), 0x4E4F534A) + body_json
    return data + struct.pack("<II", len(ibm), 0x004E4942) + ibm, rest


def _depths(bones: list[dict[str, Any]]) -> list[int]:
    """Each bone's depth in its tree (parents listed before children)."""
    depth: dict[str, int] = {}
    for b in bones:
        depth[b["name"]] = 0 if b["parent"] is None else depth[b["parent"]] + 1
    return [depth[b["name"]] for b in bones]


def pose_in_a_clip(cubic: bool = False) -> tuple[bytes, dict[str, list[float]]]:
    """A skinned glTF whose joint nodes carry no transform and whose skin has no inverse bind matrices, the pose
    living in an animation clip named 'pos' (an EverQuest export: vertices in joint space, held-out batch 239),
    after a 'walk' clip that moves one joint only. ``cubic``: the clip's samplers are cubic splines (in-tangent,
    value, out-tangent per key; the tangents here are nonsense). Returns the file and the rest positions."""
    body = _body(prefix="")
    rest = {b["name"]: list(b["position"]) for b in body}
    names = [b["name"] for b in body]
    doc = json.loads(gltf(body, skins=[names]))
    local = {nd["name"]: nd.pop("translation") for nd in doc["nodes"]}
    blob, accessors, views = b"", [], []

    def add(values: list[float], kind: str, count: int) -> int:
        nonlocal blob
        views.append({"buffer": 0, "byteOffset": len(blob), "byteLength": 4 * len(values)})
        accessors.append({"bufferView": len(views) - 1, "componentType": 5126, "count": count, "type": kind})
        blob += struct.pack(f"<{len(values)}f", *values)
        return len(accessors) - 1

    times = add([0.0, 1.0], "SCALAR", 2)
    walk = {"name": "walk", "samplers": [{"input": times, "output": add([0, 9, 0, 0, 8, 0], "VEC3", 2)}],
            "channels": [{"sampler": 0, "target": {"node": 0, "path": "translation"}}]}
    pos: dict[str, Any] = {"name": "pos", "samplers": [], "channels": []}
    for k, n in enumerate(names):
        key = [*local[n], *(v + 0.5 for v in local[n])]  # the rest pose, then a second key elsewhere
        if cubic:
            key = [7.0, 7.0, 7.0, *local[n], -7.0, -7.0, -7.0] + [0.0] * 9
        pos["samplers"].append({"input": times, "output": add(key, "VEC3", 6 if cubic else 2),
                                **({"interpolation": "CUBICSPLINE"} if cubic else {})})
        pos["channels"].append({"sampler": k, "target": {"node": k, "path": "translation"}})
    doc["animations"] = [walk, pos]
    doc["accessors"], doc["bufferViews"] = accessors, views
    doc["buffers"] = [{"byteLength": len(blob),
                       "uri": "data:application/octet-stream;base64," + base64.b64encode(blob).decode()}]
    return json.dumps(doc).encode(), rest
