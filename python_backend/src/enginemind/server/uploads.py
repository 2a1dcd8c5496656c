"""Checks on uploaded skeleton files that run before the (slow) glTF parser: sizes, counts, shapes.

A 100k-node glTF is refused in milliseconds instead of after minutes of parsing, and malformed nodes
(a ``rotation`` of two numbers, ``humanBones`` of the wrong type) are INVALID_ARGUMENT, not a crash deep
inside the importer. ``import_upload`` is what the server runs in its pool of parser processes (no GIL
shared with the event loop or the database threads).
"""

from __future__ import annotations

import json
from typing import Any

from enginemind.client.skeleton import skeleton_msg
from enginemind.errors import InvalidInput
from enginemind.families.bonemap.rig.gltf_bind import glb_chunks
from enginemind.families.bonemap.rig.importers import MAX_FILE_BYTES, detect_format, import_skeleton, vrm_humanoid_bones
from enginemind.families.bonemap.rig.skeleton import MAX_BONES

MAX_NODES = 4 * MAX_BONES
"""Most glTF nodes an import may have (the importer's own limit, checked before parsing)."""
NODE_SHAPES = {"rotation": 4, "translation": 3, "scale": 3, "matrix": 16}


def precheck_import(data: bytes, filename: str) -> None:
    """Raise InvalidInput for an upload that is too large or whose glTF JSON is malformed."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"file is {len(data):,} bytes; at most {MAX_FILE_BYTES:,}")
    if not data:
        raise InvalidInput("empty file")
    if detect_format(data, filename) not in ("gltf", "glb", "vrm"):
        return
    doc = _gltf_json(data)
    if not isinstance(doc, dict):
        raise InvalidInput("glTF JSON must be an object")
    nodes = doc.get("nodes") or []
    if not isinstance(nodes, list):
        raise InvalidInput("glTF 'nodes' must be a list")
    if len(nodes) > MAX_NODES:
        raise InvalidInput(f"glTF file has {len(nodes):,} nodes; at most {MAX_NODES:,}")
    for i, node in enumerate(nodes):
        _check_node(i, node)
    _check_vrm(doc.get("extensions"))


def import_upload(data: bytes, filename: str, skin: str = "") -> bytes:
    """A serialized ``ImportSkeletonResponse`` for an uploaded file (runs in a parser process)."""
    from enginemind.v1 import skeleton_pb2

    precheck_import(data, filename)
    try:
        sk = import_skeleton(data, filename, skin=skin)
        fmt = detect_format(data, filename)
        vrm = vrm_humanoid_bones(data) if fmt in ("vrm", "glb") else {}
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, RecursionError) as exc:
        shown = filename if len(filename) <= 100 else filename[:100] + "..."
        raise InvalidInput(f"cannot read {shown or 'the file'}: {(str(exc) or type(exc).__name__)[:200]}") from None
    return skeleton_pb2.ImportSkeletonResponse(skeleton=skeleton_msg(sk.to_dict()), warnings=sk.warnings, format=fmt,
                                               vrm_humanoid=vrm).SerializeToString()


def _gltf_json(data: bytes) -> Any:
    try:
        if data[:4] == b"glTF":
            try:
                chunk, _ = glb_chunks(data)
            except ValueError as exc:  # truncated, or no JSON chunk first
                raise InvalidInput(str(exc)) from None
            return json.loads(chunk)
        return json.loads(data)
    except RecursionError:
        raise InvalidInput("glTF JSON is nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"glTF JSON is not readable: {str(exc)[:200]}") from None


def _numbers(value: Any, n: int) -> bool:
    return isinstance(value, list) and len(value) == n and all(
        isinstance(x, (int, float)) and not isinstance(x, bool) for x in value)


def _check_node(i: int, node: Any) -> None:
    if not isinstance(node, dict):
        raise InvalidInput(f"glTF node {i} must be an object")
    for key, n in NODE_SHAPES.items():
        if key in node and not _numbers(node[key], n):
            raise InvalidInput(f"glTF node {i}: '{key}' must be a list of {n} numbers")
    children = node.get("children", [])
    if not isinstance(children, list) or not all(isinstance(c, int) and not isinstance(c, bool) for c in children):
        raise InvalidInput(f"glTF node {i}: 'children' must be a list of node indices")
    if "name" in node and not isinstance(node["name"], str):
        raise InvalidInput(f"glTF node {i}: 'name' must be a string")


def _check_vrm(extensions: Any) -> None:
    if extensions is None:
        return
    if not isinstance(extensions, dict):
        raise InvalidInput("glTF 'extensions' must be an object")
    for key, kind, shape in (("VRM", list, "a list"), ("VRMC_vrm", dict, "an object")):
        ext = extensions.get(key)
        if ext is None:
            continue
        humanoid = ext.get("humanoid") if isinstance(ext, dict) else None
        bones = humanoid.get("humanBones") if isinstance(humanoid, dict) else None
        if not isinstance(ext, dict) or not isinstance(humanoid, (dict, type(None))) or (
                bones is not None and not isinstance(bones, kind)):
            raise InvalidInput(f"{key}.humanoid.humanBones must be {shape}")
        items = bones if isinstance(bones, list) else list((bones or {}).values())
        if not all(isinstance(b, dict) for b in items):
            raise InvalidInput(f"every entry of {key}.humanoid.humanBones must be an object")
