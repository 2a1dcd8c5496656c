"""Skeleton importers: JSON, BVH, glTF 2.0 / GLB and VRM (pygltflib), FBX (ufbx, ``rig/fbx.py``), COLLADA
(``rig/collada.py``), Valve SMD (``rig/smd.py``), robot descriptions (MuJoCo MJCF, ROS URDF: ``rig/robots.py``).

``import_skeleton(data, filename)`` picks the format from the file name (or the content) and returns a
validated ``Skeleton``. Every parser bounds its work by the input size and raises ``InvalidInput`` on
malformed files; nothing here can hang on hostile input.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

import numpy as np

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.rig.bvh_pose import first_frame, is_stick, legs_opposed, posed_positions
from enginemind.families.bonemap.rig.collada import is_collada, parse_collada
from enginemind.families.bonemap.rig.fbx import parse_fbx
from enginemind.families.bonemap.rig.gltf_bind import bind_matrices, glb_chunks, rest_clip
from enginemind.families.bonemap.rig.pose_space import bind_rest_positions
from enginemind.families.bonemap.rig.robots import Include, parse_mjcf, parse_urdf, quat_matrix, robot_format
from enginemind.families.bonemap.rig.skeleton import MAX_BONES, Skeleton, kept_ancestor, node_names
from enginemind.families.bonemap.rig.smd import parse_smd

MAX_FILE_BYTES = 256 * 1024 * 1024
FORMATS = ("json", "bvh", "gltf", "glb", "vrm", "fbx", "dae", "mjcf", "urdf", "smd")


def detect_format(data: bytes, filename: str = "") -> str:
    ext = Path(filename).suffix.lower().lstrip(".")
    if ext in FORMATS:
        return ext
    if fmt := robot_format(data):  # MuJoCo models are .xml files: the root element tells
        return fmt
    if is_collada(data):
        return "dae"
    head = data[:64].lstrip()
    if data[:4] == b"glTF":
        return "glb"
    if head.startswith(b"HIERARCHY"):
        return "bvh"
    if data[:18] == b"Kaydara FBX Binary" or b"FBXHeaderExtension" in data[:4096]:
        return "fbx"
    if head.startswith((b"{", b"[")):
        return "gltf" if b'"asset"' in data[:4096] and b'"nodes"' in data else "json"
    raise InvalidInput(f"cannot tell the skeleton format of {filename or 'the data'}; "
                       f"supported: {', '.join(FORMATS)} (use the matching file extension)")


def decode_text(data: bytes, what: str) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM); best effort Shift-JIS (MMD tools) then cp1252, with a warning."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for enc in ("cp932", "cp1252"):
        try:
            return data.decode(enc), [f"{what} is not UTF-8; decoded as {enc} (check the bone names)"]
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"{what} is not valid UTF-8 text; re-export it with UTF-8 names")


def import_skeleton(data: bytes, filename: str = "", *, max_bones: int = MAX_BONES, skin: str = "",
                    include: Include | None = None) -> Skeleton:
    """Parse skeleton file bytes of any supported format.

    ``skin`` (glTF / GLB / VRM): which of several separate skins to map, by index or name; "" = the largest.
    ``include`` (MJCF): resolves ``<include file>`` elements (``load_skeleton_file`` reads them from disk).
    """
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"file is larger than {MAX_FILE_BYTES >> 20} MiB")
    if not data:
        raise InvalidInput("empty file")
    fmt = detect_format(data, filename)
    if fmt == "json":
        return Skeleton.from_json(data, max_bones=max_bones)
    if fmt == "bvh":
        text, warn = decode_text(data, "BVH file")
        sk = parse_bvh(text, max_bones=max_bones)
        sk.warnings[:0] = warn
        return sk
    if fmt == "smd" and not skin:
        text, warn = decode_text(data, "SMD file")
        sk = parse_smd(text, max_bones=max_bones)
        sk.warnings[:0] = warn
        return sk
    if fmt in ("gltf", "glb", "vrm"):
        return parse_gltf(data, max_bones=max_bones, skin=skin)
    if fmt == "mjcf" and not skin:
        return parse_mjcf(data, max_bones=max_bones, include=include)
    if fmt == "urdf" and not skin:
        return parse_urdf(data, max_bones=max_bones)
    if fmt == "dae" and not skin:
        return parse_collada(data, max_bones=max_bones)
    if skin:
        raise InvalidInput(f"skin={skin!r} applies to glTF / GLB / VRM files only, not to {fmt.upper()}")
    return parse_fbx(data, max_bones=max_bones)


def load_skeleton_file(path: str | os.PathLike[str], *, max_bones: int = MAX_BONES, skin: str = "") -> Skeleton:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {p}: {exc.strerror or exc}") from None
    return import_skeleton(data, p.name, max_bones=max_bones, skin=skin, include=_disk_includes(p))


def _disk_includes(main: Path) -> Include:
    """MJCF ``<include file>`` from disk, the way a local MuJoCo user expects: relative to the including file's
    folder, then to the main file's folder (MuJoCo's documented base; MyoSuite's nested includes need the
    first). Local files only: this runs for files a user names on the command line, never for server data."""
    def read(name: str, parent: str) -> tuple[bytes, str]:
        if Path(name).is_absolute():
            raise InvalidInput(f"MJCF include {name!r}: absolute paths are not followed")
        bases = [Path(parent).parent if parent else main.parent, main.parent]
        for base in bases:
            cand = (base / name).resolve()
            if cand.is_file():
                if cand.stat().st_size > MAX_FILE_BYTES:
                    raise InvalidInput(f"MJCF include {name!r} is larger than {MAX_FILE_BYTES >> 20} MiB")
                return cand.read_bytes(), str(cand)
        raise InvalidInput(f"MJCF include {name!r} not found next to {parent or main} (or the main file)")
    return read


# --- BVH -------------------------------------------------------------------------------------------------
def parse_bvh(text: str, *, max_bones: int = MAX_BONES) -> Skeleton:
    """The HIERARCHY section of a BVH file; rest positions are the accumulated OFFSETs (Y up), or the first frame
    of the motion when the offsets are bone lengths along one local axis (``bvh_pose``)."""
    parts = re.split(r"(?:^|\s)MOTION(?:\s|$)", text, maxsplit=1)
    toks = parts[0].split()
    if not toks or toks[0].upper() != "HIERARCHY":
        raise InvalidInput("BVH file must start with HIERARCHY")
    bones: list[dict[str, Any]] = []
    stack: list[tuple[str | None, tuple[float, float, float]]] = []  # (bone name or None for End Site, pos)
    seen: set[str] = set()
    renamed: list[str] = []
    offsets: dict[str, tuple[float, float, float]] = {}  # per joint, for a first-frame pose (``bvh_pose``)
    channels: dict[str, list[str]] = {}
    pending: tuple[str | None, str | None] | None = None
    i = 1
    n = len(toks)
    while i < n:
        t = toks[i].upper()  # keywords are upper case in the spec; some writers emit 'Root' / 'Joint' (TRAM)
        if t in ("ROOT", "JOINT"):
            if i + 1 >= n:
                raise InvalidInput("BVH: joint without a name")
            parent = next((s[0] for s in reversed(stack) if s[0] is not None), None) if t == "JOINT" else None
            if t == "JOINT" and not stack:
                raise InvalidInput("BVH: JOINT outside of a ROOT")
            pending = (toks[i + 1], parent)
            i += 2
        elif t == "END":
            pending = (None, None)
            i += 2
        elif t == "{":
            if pending is None:
                raise InvalidInput("BVH: '{' without ROOT / JOINT / End Site")
            base = stack[-1][1] if stack else (0.0, 0.0, 0.0)
            name = pending[0]
            if name is not None and name in seen:  # a writer's slip (Greta's left thumb tip named
                # 'RightHandThumb4'): the joint keeps its place under a unique name, as glTF duplicates do
                name = f"{name}#{len(bones)}"
                renamed.append(f"duplicate joint name {pending[0]!r} renamed to {name!r}")
            stack.append((name, base))
            if name is not None:
                if len(bones) >= max_bones:
                    raise InvalidInput(f"BVH has more than {max_bones} joints")
                bones.append({"name": name, "parent": pending[1]})
                seen.add(name)
            pending = None
            i += 1
        elif t == "OFFSET":
            if not stack or i + 3 >= n:
                raise InvalidInput("BVH: OFFSET outside of a joint")
            try:
                off = tuple(float(x) for x in toks[i + 1:i + 4])
            except ValueError:
                raise InvalidInput(f"BVH: bad OFFSET values {toks[i + 1:i + 4]}") from None
            name, _ = stack[-1]
            parent_pos = stack[-2][1] if len(stack) > 1 else (0.0, 0.0, 0.0)
            pos = tuple(a + b for a, b in zip(parent_pos, off, strict=True))
            stack[-1] = (name, pos)  # type: ignore[assignment]
            if name is not None:
                bones[-1 if bones[-1]["name"] == name else _find(bones, name)]["position"] = list(pos)
                offsets[name] = off
            i += 4
        elif t == "CHANNELS":
            try:
                k = int(toks[i + 1])
            except (IndexError, ValueError):
                raise InvalidInput("BVH: bad CHANNELS line") from None
            if stack and stack[-1][0] is not None:
                channels[stack[-1][0]] = toks[i + 2:i + 2 + max(0, k)]
            i += 2 + max(0, k)
        elif t == "}":
            if not stack:
                raise InvalidInput("BVH: unbalanced '}'")
            stack.pop()
            i += 1
        else:
            i += 1
    if stack:
        raise InvalidInput("BVH: hierarchy is not closed (missing '}')")
    warnings = renamed + _bvh_first_frame(bones, offsets, channels, parts[1] if len(parts) > 1 else "")
    sk = Skeleton.from_dict({"bones": bones, "up_axis": "y"}, max_bones=max_bones)
    sk.warnings[:0] = warnings
    return sk


def _bvh_first_frame(bones: list[dict[str, Any]], offsets: dict[str, tuple[float, float, float]],
                     channels: dict[str, list[str]], motion: str) -> list[str]:
    """Poses ``bones`` by the first frame when their offsets are a stick (``bvh_pose``); returns the warning."""
    if len(bones) < 3:
        return []
    offs = [offsets.get(b["name"], (0.0, 0.0, 0.0)) for b in bones]
    index = {b["name"]: k for k, b in enumerate(bones)}
    parents = [index.get(b["parent"], -1) if b["parent"] else -1 for b in bones]
    sure = is_stick(parents, offs)
    if not sure and not legs_opposed(parents, offs):
        return []
    chans = [channels.get(b["name"], []) for b in bones]
    frame = first_frame(motion, sum(len(c) for c in chans))
    if frame is None:
        return ["the BVH offsets lie along one axis (bone lengths, the pose kept in the rotations) and the file has "
                "no readable first frame: the rest pose is a stick, so the map rests on the names"] if sure else []
    posed = posed_positions(parents, offs, chans, frame)
    if not sure:  # legs running opposite ways (Bandai Namco's dataset: the right side's bones along -X in their
        # mirrored joint frames): the first frame is used only where it stands the legs side by side
        segs = [tuple(np.subtract(posed[j], posed[p])) if p >= 0 else (0.0, 0.0, 0.0) for j, p in enumerate(parents)]
        if legs_opposed(parents, segs):
            return []
    for b, pos in zip(bones, posed, strict=True):
        b["position"] = pos
    why = "lie along one axis (bone lengths, the pose kept in the rotations, as in LaFAN1)" if sure else \
        "lay the legs out opposite ways (bone lengths in mirrored joint frames, as in Bandai Namco's dataset)"
    return [f"the BVH offsets {why}: rest positions are taken from the first frame of the motion"]


def _find(bones: list[dict[str, Any]], name: str) -> int:
    for k in range(len(bones) - 1, -1, -1):
        if bones[k]["name"] == name:
            return k
    return -1


# --- glTF / GLB / VRM --------------------------------------------------------------------------------------
def _local_matrix(node: Any) -> np.ndarray:
    if node.matrix and len(node.matrix) == 16:
        return np.array(node.matrix, dtype=float).reshape(4, 4).T  # glTF stores column-major
    m = np.eye(4)
    t = node.translation or [0.0, 0.0, 0.0]
    r = node.rotation or [0.0, 0.0, 0.0, 1.0]
    s = node.scale or [1.0, 1.0, 1.0]
    x, y, z, w = r  # glTF stores x y z w
    m[:3, :3] = quat_matrix(w, x, y, z) * np.array(s)[None, :]
    m[:3, 3] = t
    return m


def _gltf_parts(data: bytes) -> tuple[dict[str, Any], bytes | None]:
    """The JSON document of a .gltf / .glb / .vrm file and a GLB's BIN chunk (None for .gltf).

    The skeleton lives in nodes, skins and extensions; the binary chunk is only read for the skin's inverse bind
    matrices (``gltf_bind``). Mesh primitives without ``attributes`` (compressed-mesh extensions such as
    ``ALI_amc_mesh_compression`` move them into the extension) make pygltflib fail with a TypeError, so they get an
    empty ``attributes`` object.
    """
    glb_bin = None
    if data[:4] == b"glTF":
        try:
            chunk, glb_bin = glb_chunks(data)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
        text, _ = decode_text(chunk, "GLB JSON chunk")
    else:
        text, _ = decode_text(data, "glTF file")
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"not a readable glTF / GLB / VRM file: {exc}") from None
    if not isinstance(doc, dict):
        raise InvalidInput("not a readable glTF / GLB / VRM file: the document is not a JSON object")
    for mesh in doc.get("meshes") or []:
        for prim in (mesh.get("primitives") or []) if isinstance(mesh, dict) else []:
            if isinstance(prim, dict) and not isinstance(prim.get("attributes"), dict):
                prim["attributes"] = {}
    return doc, glb_bin


def parse_gltf(data: bytes, *, max_bones: int = MAX_BONES, skin: str = "") -> Skeleton:
    """Joints of one skeleton (see ``_skin_joints``; all non-mesh nodes when there is no skin); positions in
    scene space (Y up, metres)."""
    from pygltflib import GLTF2

    doc, glb_bin = _gltf_parts(data)
    try:
        g = GLTF2.from_json(json.dumps(doc))
    except Exception as exc:  # pygltflib raises many kinds of errors on malformed files
        raise InvalidInput(f"not a readable glTF / GLB / VRM file: {exc}") from None
    nodes = g.nodes or []
    if not nodes:
        raise InvalidInput("glTF file has no nodes (no skeleton)")
    if len(nodes) > 4 * max_bones:
        raise InvalidInput(f"glTF file has {len(nodes)} nodes, too many")
    parent = [-1] * len(nodes)
    for i, nd in enumerate(nodes):
        for c in nd.children or []:
            if not (0 <= c < len(nodes)) or parent[c] != -1 or c == i:
                raise InvalidInput(f"glTF node {i} has an invalid or shared child {c}")
            parent[c] = i
    warnings: list[str] = []
    joints = _skin_joints(g.skins or [], len(nodes), skin, warnings)
    keep = set(joints) if joints else {i for i, nd in enumerate(nodes) if nd.mesh is None and nd.camera is None}
    if not joints:
        keep -= _armature_objects(nodes, parent, keep, set(_vrm_nodes(g)))
    if not keep:
        raise InvalidInput("glTF file has no skeleton: no skin joints and no empty nodes (only meshes / cameras); "
                           "export the armature too")
    world: dict[int, np.ndarray] = {}

    def world_of(i: int) -> np.ndarray:
        chain = []
        k = i
        while k >= 0 and k not in world:
            chain.append(k)
            k = parent[k]
            if len(chain) > len(nodes):
                raise InvalidInput("glTF node hierarchy has a cycle")
        m = world[k] if k >= 0 else np.eye(4)
        for c in reversed(chain):
            m = m @ _local_matrix(nodes[c])
            world[c] = m
        return world[i]

    names = node_names({i: nodes[i].name for i in keep}, warnings)
    rest = {i: world_of(i)[:3, 3] for i in sorted(keep)}
    if joints:  # a posed frame saved in the nodes: the skin's bind pose is the rest pose (``gltf_bind``)
        binds = bind_matrices(doc, [k for k, sk in enumerate(g.skins or []) if keep & set(sk.joints or [])], glb_bin)
        rest, note = bind_rest_positions(sorted(keep), rest, binds, parent, world_of)
        if note:
            warnings.append(note)
    if _one_point([rest[i] for i in keep]) and (clip := rest_clip(doc, sorted(keep), glb_bin)) is not None:
        for i, trs in clip[1].items():  # nodes and skins hold no pose: the clip that does (``rest_clip``)
            for path, value in trs.items():
                setattr(nodes[i], path, value)
            nodes[i].matrix = None
        world.clear()
        posed = {i: world_of(i)[:3, 3] for i in sorted(keep)}
        if not _one_point(list(posed.values())):
            rest = posed
            warnings.append(f"the joints' nodes and bind matrices hold no pose (every joint at one point): rest "
                            f"positions are taken from the first frame of the animation {clip[0]!r}")
    bones = []
    for i in sorted(keep):
        p = kept_ancestor(parent, keep, i)
        pos = rest[i]
        bones.append({"name": names[i], "parent": names.get(p) if p >= 0 else None,
                      "position": [float(v) for v in pos] if all(math.isfinite(v) for v in pos) else None})
    hints = {names[n]: bone for n, bone in _vrm_nodes(g).items() if n in names}
    sk = Skeleton.from_dict({"bones": bones, "up_axis": "y", "units": "m", "humanoid": hints}, max_bones=max_bones)
    sk.warnings[:0] = warnings
    return sk


def _skin_joints(skins: list[Any], n_nodes: int, choice: str, warnings: list[str]) -> list[int]:
    """Joint nodes of one skeleton. Skins that share joints are one skeleton (meshes bound to the same rig);
    separate groups (e.g. a body and an outfit each bound to its own copy of the joints) are separate skeletons:
    the one ``choice`` names (skin index or name), else the largest, with a warning naming the others."""
    sets = [{j for j in (s.joints or []) if isinstance(j, int) and 0 <= j < n_nodes} for s in skins]
    groups: list[tuple[list[int], set[int]]] = []  # (skin indices, joints)
    for k, js in enumerate(sets):
        merged = [g for g in groups if g[1] & js]
        new = ([k] + [i for g in merged for i in g[0]], js.union(*(g[1] for g in merged)))
        groups = [g for g in groups if not any(g is m for m in merged)] + [new]
    groups = [(sorted(ix), js) for ix, js in groups if js]
    if not groups:
        return []

    def label(ix: list[int]) -> str:
        return " + ".join(f"{i} {skins[i].name!r}" if skins[i].name else str(i) for i in ix)

    if choice:
        hit = [g for g in groups if any(choice == str(i) or choice == (skins[i].name or "") for i in g[0])]
        if not hit:
            raise InvalidInput(f"skin {choice!r} is not in the file; its skins: "
                               + "; ".join(f"{label(ix)} ({len(js)} joints)" for ix, js in groups))
        pick = hit[0]
    else:
        pick = max(groups, key=lambda g: (len(g[1]), -g[0][0]))
    if len(groups) > 1:
        others = "; ".join(f"skin {label(ix)} ({len(js)} joints)" for ix, js in groups if ix != pick[0])
        warnings.append(f"the file has {len(groups)} separate skeletons (skins with their own joints): mapped skin "
                        f"{label(pick[0])} ({len(pick[1])} joints); not mapped: {others}. Choose another with "
                        "the skin option (enginemind map --skin, ImportSkeletonRequest.skin)")
    return sorted(pick[1])


def _armature_objects(nodes: list[Any], parent: list[int], keep: set[int], humanoid: set[int]) -> set[int]:
    """Without skins: nodes that hold a mesh node and the joint tree side by side (an exported armature or
    group object) are objects, not bones. Only at the top of the kept tree: below it, a bone that carries a
    rigid part (an unskinned robot or prop character: VRM-Addon's debug robot hangs a mesh under every joint,
    held-out batch 74) is still a bone, as is any node a VRM humanoid table names. An object whose removal would
    leave several kept roots stays: it holds the character's parts together (a three.js character built of rigid
    parts, 'CharacterRoot' over head, body and arm pivot groups, held-out batch 1384); without it the file's true
    hierarchy is lost and the tree would be rebuilt from positions."""
    out = set()
    for i in keep - humanoid:
        kids = nodes[i].children or []
        if not (any(nodes[c].mesh is not None for c in kids) and any(c in keep for c in kids)):
            continue
        if kept_ancestor(parent, keep, i) < 0 and sum(kept_ancestor(parent, keep, k) == i for k in keep) < 2:
            out.add(i)
    return out


def _one_point(points: list[np.ndarray]) -> bool:
    """Every point the same (within 1e-6 of the largest coordinate, or 1e-9 when all are at the origin)."""
    pts = np.asarray(points, dtype=float)
    if len(pts) < 2 or not np.all(np.isfinite(pts)):
        return False
    return float(np.ptp(pts, axis=0).max()) <= 1e-6 * max(float(np.abs(pts).max()), 1e-3)


def _vrm_nodes(g: Any) -> dict[int, str]:
    """{node index: VRM humanoid bone name} for VRM 0.x and 1.0 files, else {}."""
    ext = g.extensions or {}
    out: dict[int, str] = {}
    try:
        if "VRMC_vrm" in ext:
            for bone, spec in (ext["VRMC_vrm"].get("humanoid", {}).get("humanBones", {}) or {}).items():
                if isinstance(spec, dict) and isinstance(spec.get("node"), int):
                    out[spec["node"]] = str(bone)
        elif "VRM" in ext:
            for spec in ext["VRM"].get("humanoid", {}).get("humanBones", []) or []:
                if isinstance(spec, dict) and isinstance(spec.get("node"), int):
                    out[spec["node"]] = str(spec.get("bone"))
    except AttributeError:
        return {}
    return out


def vrm_humanoid_bones(data: bytes) -> dict[str, str]:
    """VRM files name their humanoid bones: {node name: VRM bone name} (VRM 0.x and 1.0), else {}."""
    from pygltflib import GLTF2

    try:
        g = GLTF2.from_json(json.dumps(_gltf_parts(data)[0]))
    except Exception:  # not a glTF at all, or unreadable: no humanoid table
        return {}
    ext = g.extensions or {}
    nodes = g.nodes or []
    out: dict[str, str] = {}
    if "VRMC_vrm" in ext:
        for bone, spec in (ext["VRMC_vrm"].get("humanoid", {}).get("humanBones", {}) or {}).items():
            n = spec.get("node") if isinstance(spec, dict) else None
            if isinstance(n, int) and 0 <= n < len(nodes):
                out[nodes[n].name or f"node_{n}"] = bone
    elif "VRM" in ext:
        for spec in ext["VRM"].get("humanoid", {}).get("humanBones", []) or []:
            n = spec.get("node")
            if isinstance(n, int) and 0 <= n < len(nodes):
                out[nodes[n].name or f"node_{n}"] = str(spec.get("bone"))
    return out
