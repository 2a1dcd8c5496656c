"""COLLADA (``.dae``) skeletons: the joint nodes of the visual scene, at the skin's bind pose.

Semantics followed (COLLADA 1.4.1 and 1.5 specifications, chapters "node", "Transformation elements",
"instance_controller", "skin", "asset"):

- a skeleton is a tree of ``<node>`` elements in a ``<visual_scene>`` (the one ``<scene><instance_visual_scene>``
  names, else the first); joints are nodes with ``type="JOINT"``, plus the nodes a ``<skin>``'s joint list names
  (some exporters type every node ``NODE``). A joint's parent is its nearest joint ancestor; other nodes
  (Blender's ``Armature`` object, groups, meshes) are not bones but their transforms still apply;
- a node's local transform is the product, in document order, of its ``<matrix>`` (16 numbers, row-major,
  column vectors), ``<translate>``, ``<rotate>`` (axis, angle in degrees), ``<scale>`` and ``<lookat>``
  children (``<skew>`` is ignored with a warning); ``<instance_node url="#id">`` places a copy of a node tree
  of the document (``library_nodes``) there;
- ``<asset><unit meter>`` scales lengths to metres; ``<asset><up_axis>`` is ``Y_UP`` (default), ``Z_UP`` (kept:
  the skeleton says ``up_axis`` z) or ``X_UP`` (turned to Y up: X_UP's right is -Y, its up +X);
- a skin's joint list is a ``Name_array`` of sids (looked up under the ``<instance_controller><skeleton>``
  roots, then anywhere) or an ``IDREF_array`` of ids; its ``INV_BIND_MATRIX`` source holds, per joint, the
  inverse of the joint's world transform when the mesh was bound. As for glTF (``gltf_bind``), when the scene's
  node transforms hold another pose than the bind matrices (an animation frame saved in the file), the bind
  pose is the rest pose (``pose_space.bind_rest_positions``).

Hand-written on the standard library parser rather than pycollada (the maintained COLLADA library): pycollada
reads only the 1.4.1 namespace and parses every geometry, effect and material eagerly into objects, while a
skeleton needs the node tree and the skins' bind matrices, readable at any file size without the mesh. As for
robot descriptions, a document type declaration (the only way to declare entities, which COLLADA never needs)
is refused, so entity-expansion attacks cannot start.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import numpy as np

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.rig.pose_space import bind_rest_positions
from enginemind.families.bonemap.rig.rotations import rotation_about
from enginemind.families.bonemap.rig.skeleton import MAX_BONES, Skeleton, kept_ancestor, node_names

_TRANSFORMS = ("matrix", "translate", "rotate", "scale", "lookat", "skew")
_MAX_INSTANCE_DEPTH = 8


def is_collada(data: bytes) -> bool:
    """The document's root element is ``<COLLADA>``."""
    head = data[:4096].lstrip()
    return head.startswith(b"<") and b"<COLLADA" in head


def _tag(el: ET.Element) -> str:
    """Element name without its namespace (1.4.1 and 1.5 files use different ones)."""
    return el.tag.rsplit("}", 1)[-1]


def _kids(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _tag(c) == name]


def _first(el: ET.Element | None, name: str) -> ET.Element | None:
    if el is None:
        return None
    return next((c for c in el.iter() if _tag(c) == name), None)


def _numbers(el: ET.Element, n: int | None, what: str) -> np.ndarray:
    try:
        vals = np.array([float(t) for t in (el.text or "").split()], dtype=float)
    except ValueError:
        raise InvalidInput(f"COLLADA {what}: not a list of numbers") from None
    if (n is not None and len(vals) != n) or not np.all(np.isfinite(vals)):
        raise InvalidInput(f"COLLADA {what}: expected {n} finite numbers, got {len(vals)}")
    return vals


def _lookat(v: np.ndarray) -> np.ndarray:
    """``<lookat>`` eye, interest, up: the frame at ``eye`` whose -z looks at ``interest`` (spec: it orients a
    camera or object like gluLookAt, whose inverse this is)."""
    eye, target, up = v[:3], v[3:6], v[6:9]
    z = eye - target
    x = np.cross(up, z)
    if np.linalg.norm(z) < 1e-12 or np.linalg.norm(x) < 1e-12:
        raise InvalidInput("COLLADA <lookat>: eye equals interest, or the up vector is along the view")
    z /= np.linalg.norm(z)
    x /= np.linalg.norm(x)
    m = np.eye(4)
    m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = x, np.cross(z, x), z, eye
    return m


def _local(node: ET.Element, warnings: list[str]) -> np.ndarray:
    m = np.eye(4)
    for el in node:
        kind = _tag(el)
        if kind not in _TRANSFORMS:
            continue
        t = np.eye(4)
        if kind == "matrix":
            t = _numbers(el, 16, "<matrix>").reshape(4, 4)
        elif kind == "translate":
            t[:3, 3] = _numbers(el, 3, "<translate>")
        elif kind == "rotate":
            v = _numbers(el, 4, "<rotate>")
            if np.linalg.norm(v[:3]) > 1e-12:
                t[:3, :3] = rotation_about(v[:3], math.radians(v[3]))
        elif kind == "scale":
            t[:3, :3] = np.diag(_numbers(el, 3, "<scale>"))
        elif kind == "lookat":
            t = _lookat(_numbers(el, 9, "<lookat>"))
        else:
            if not any("<skew>" in w for w in warnings):
                warnings.append("COLLADA <skew> transforms are ignored")
            continue
        m = m @ t
    return m


class _Scene:
    """The flattened node tree: per node its element, parent index and local transform."""

    def __init__(self, doc: ET.Element, warnings: list[str]) -> None:
        self.warnings = warnings
        self.ids = {el.get("id"): el for el in doc.iter() if el.get("id")}
        self.els: list[ET.Element] = []
        self.parent: list[int] = []
        self.local: list[np.ndarray] = []
        self.budget = 0
        self._world: dict[int, np.ndarray] = {}

    def add(self, el: ET.Element, parent: int, depth: int = 0) -> None:
        stack = [(el, parent, depth)]
        while stack:
            el, parent, depth = stack.pop()
            self.budget += 1
            if self.budget > 4 * MAX_BONES:
                raise InvalidInput(f"COLLADA scene has more than {4 * MAX_BONES} nodes, too many")
            k = len(self.els)
            self.els.append(el)
            self.parent.append(parent)
            self.local.append(_local(el, self.warnings))
            for c in reversed(list(el)):
                if _tag(c) == "node":
                    stack.append((c, k, depth))
                elif _tag(c) == "instance_node":
                    target = self.ids.get((c.get("url") or "").lstrip("#"))
                    if target is None or _tag(target) != "node":
                        self.warnings.append(f"COLLADA <instance_node url={c.get('url')!r}> not found: skipped")
                    elif depth >= _MAX_INSTANCE_DEPTH:
                        raise InvalidInput("COLLADA <instance_node> nesting too deep (a cycle?)")
                    else:
                        stack.append((target, k, depth + 1))

    def world(self, i: int) -> np.ndarray:
        chain = []
        k = i
        while k >= 0 and k not in self._world:
            chain.append(k)
            k = self.parent[k]
        m = self._world[k] if k >= 0 else np.eye(4)
        for c in reversed(chain):
            m = m @ self.local[c]
            self._world[c] = m
        return self._world[i]


def _root(data: bytes) -> ET.Element:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        raise InvalidInput("COLLADA file is not UTF-8 (UTF-16 / UTF-32): re-export it as UTF-8")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise InvalidInput("COLLADA file declares a DOCTYPE / entities, which COLLADA never needs: refused")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInput(f"COLLADA file is not well-formed XML: {exc}") from None


def _visual_scene(doc: ET.Element) -> ET.Element:
    scenes = [el for el in doc.iter() if _tag(el) == "visual_scene"]
    if not scenes:
        raise InvalidInput("COLLADA file has no <visual_scene> (no node tree, so no skeleton)")
    inst = _first(_first(doc, "scene"), "instance_visual_scene")
    want = (inst.get("url") or "").lstrip("#") if inst is not None else ""
    return next((s for s in scenes if s.get("id") == want), scenes[0])


def _source_values(skin: ET.Element, semantic: str) -> tuple[list[str], str] | np.ndarray | None:
    """The ``<source>`` a skin's ``<joints><input semantic>`` names: a name list (with its array kind) for
    JOINT, numbers for INV_BIND_MATRIX."""
    joints = _first(skin, "joints")
    if joints is None:
        return None
    inp = next((i for i in _kids(joints, "input") if i.get("semantic") == semantic), None)
    src_id = (inp.get("source") or "").lstrip("#") if inp is not None else ""
    src = next((s for s in _kids(skin, "source") if s.get("id") == src_id), None)
    if src is None:
        return None
    for kind in ("Name_array", "IDREF_array"):
        arr = _first(src, kind)
        if arr is not None:
            return (arr.text or "").split(), kind
    arr = _first(src, "float_array")
    if arr is None:
        return None
    try:
        return np.array([float(t) for t in (arr.text or "").split()], dtype=float)
    except ValueError:
        raise InvalidInput(f"COLLADA skin {skin.get('source')!r}: its bind matrices are not numbers") from None


def _skins(doc: ET.Element, scene: _Scene) -> tuple[set[int], dict[int, np.ndarray]]:
    """(nodes the skins name as joints, {node: its world transform at bind time}) over every skin of the file;
    a joint bound by several skins keeps the first bind matrix."""
    index = {id(el): k for k, el in enumerate(scene.els)}
    roots: dict[str, tuple[int, ...]] = {}  # controller id -> node indices of its <skeleton> roots
    for el in scene.els:
        for inst in (c for c in el if _tag(c) == "instance_controller"):
            ctrl = (inst.get("url") or "").lstrip("#")
            found = [index[id(r)] for sk in _kids(inst, "skeleton")
                     if (r := scene.ids.get((sk.text or "").strip().lstrip("#"))) is not None and id(r) in index]
            roots[ctrl] = roots.get(ctrl, ()) + tuple(found)
    by_sid: dict[str, int] = {}
    by_id: dict[str, int] = {}
    for k, el in enumerate(scene.els):
        by_sid.setdefault(el.get("sid") or "", k)
        by_id.setdefault(el.get("id") or "", k)
    scoped: dict[tuple[int, ...], dict[str, int]] = {}  # skeleton roots -> {sid: node} below them
    joints: set[int] = set()
    binds: dict[int, np.ndarray] = {}
    for ctrl in (el for el in scene.ids.values() if _tag(el) == "controller"):
        skin = _first(ctrl, "skin")
        names = _source_values(skin, "JOINT") if skin is not None else None
        if not isinstance(names, tuple):
            continue
        mats = _source_values(skin, "INV_BIND_MATRIX")
        if names[1] == "Name_array":  # sids, looked up below the instance's <skeleton> roots first
            key = roots.get(ctrl.get("id") or "", ())
            if key not in scoped:
                scoped[key] = _sids_below(scene, key)
            found = [scoped[key].get(n, by_sid.get(n, by_id.get(n, -1))) for n in names[0]]
        else:
            found = [by_id.get(n, -1) for n in names[0]]
        missing = [n for n, k in zip(names[0], found, strict=True) if k < 0]
        if missing:
            scene.warnings.append(f"COLLADA skin {ctrl.get('id')!r} names {len(missing)} joints the scene does not "
                                  f"hold (e.g. {missing[0]!r})")
        joints.update(k for k in found if k >= 0)
        if isinstance(mats, np.ndarray) and len(mats) == 16 * len(found) and np.all(np.isfinite(mats)):
            for k, m in zip(found, mats.reshape(-1, 4, 4), strict=True):
                if k >= 0 and k not in binds:
                    try:
                        binds[k] = np.linalg.inv(m)
                    except np.linalg.LinAlgError:
                        continue
    return joints, binds


def _sids_below(scene: _Scene, roots: tuple[int, ...]) -> dict[str, int]:
    """{sid: node} over the nodes at and below ``roots`` (the first node of a sid wins); one pass over the
    scene (children come after their parents)."""
    inside = [False] * len(scene.els)
    out: dict[str, int] = {}
    for k in range(len(scene.els)):
        inside[k] = k in roots or (scene.parent[k] >= 0 and inside[scene.parent[k]])
        if inside[k] and (sid := scene.els[k].get("sid")):
            out.setdefault(sid, k)
    return out


def _asset(doc: ET.Element) -> tuple[float, str]:
    """(metres per unit, up axis letter)."""
    asset = next((c for c in doc if _tag(c) == "asset"), None)
    unit = _first(asset, "unit")
    try:
        metre = float(unit.get("meter", "1")) if unit is not None else 1.0
    except ValueError:
        metre = 1.0
    if not (math.isfinite(metre) and metre > 0):
        metre = 1.0
    up_el = _first(asset, "up_axis")
    up = ((up_el.text or "Y_UP").strip().upper() if up_el is not None else "Y_UP")[:1]
    return metre, up if up in "XYZ" else "Y"


def parse_collada(data: bytes, *, max_bones: int = MAX_BONES) -> Skeleton:
    """Joint nodes of a COLLADA file with world rest positions in metres (see the module docstring)."""
    doc = _root(data)
    if _tag(doc) != "COLLADA":
        raise InvalidInput(f"not a COLLADA file: its root element is <{_tag(doc)}>")
    warnings: list[str] = []
    scene = _Scene(doc, warnings)
    for top in _kids(_visual_scene(doc), "node"):
        scene.add(top, -1)
    joints, binds = _skins(doc, scene)
    keep = joints | {k for k, el in enumerate(scene.els) if el.get("type") == "JOINT"}
    if not keep:
        raise InvalidInput("COLLADA file has no skeleton: no node of type JOINT and no skin naming its joints; "
                           "export the armature too")
    parent = scene.parent
    order = sorted(keep)
    rest = {i: scene.world(i)[:3, 3] for i in order}
    binds = {i: m for i, m in binds.items() if i in keep}
    rest, note = bind_rest_positions(order, rest, binds, parent, scene.world)
    if note:
        warnings.append(note)
    metre, up = _asset(doc)
    turn = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]) if up == "X" else np.eye(3)
    names = node_names({i: scene.els[i].get("name") or scene.els[i].get("id") or scene.els[i].get("sid")
                        for i in order}, warnings)
    bones = []
    for i in order:
        p = kept_ancestor(parent, keep, i)
        pos = turn @ rest[i] * metre
        bones.append({"name": names[i], "parent": names[p] if p >= 0 else None,
                      "position": [float(v) for v in pos] if np.all(np.isfinite(pos)) else None})
    sk = Skeleton.from_dict({"bones": bones, "up_axis": "z" if up == "Z" else "y", "units": "m"},
                            max_bones=max_bones)
    sk.warnings[:0] = warnings
    return sk

