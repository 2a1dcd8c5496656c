"""Robot description importers: MuJoCo MJCF (bodies) and ROS URDF (links), each link a bone.

A robot's skeleton is its kinematic tree: MJCF nests ``<body>`` elements, each with a position and an
orientation relative to its parent body; URDF lists ``<link>`` elements joined by ``<joint>`` elements whose
``<origin xyz rpy>`` places the child link's frame in the parent link's frame. Both are Z-up by convention
(REP 103: x forward, y left, z up; MuJoCo's gravity default is -z), in metres, facing +x, so the skeleton says so
(``up_axis``, ``units``, ``forward_axis``).

Semantics followed (MuJoCo XML reference, "body" and "compiler"): ``compiler/@coordinate="global"`` (MuJoCo
before 2.3.3) puts bodies at world positions and orientations, not relative to their parents;
``compiler/@angle`` is ``degree`` unless set to ``radian``; ``euler`` uses ``compiler/@eulerseq`` (default
``xyz``, lower case = axes that move with the frame); ``quat`` is ``w x y z``; ``axisangle``, ``xyaxes`` and
``zaxis`` are honoured; ``<frame>`` elements move the bodies inside them. URDF (ROS wiki, "urdf/XML/joint"):
``rpy`` is roll about the fixed x, then pitch about fixed y, then yaw about fixed z, i.e.
R = Rz(yaw) Ry(pitch) Rx(roll).

``<include file>`` (XML reference, "include"): the included file's top-level children replace the element; the
caller resolves file names (``load_skeleton_file``: next to the including file, then next to the main file, as
MyoSuite's nested includes need). Without a resolver (bytes from a client) includes are reported, not followed.

The standard library parser is used on untrusted files; a document type declaration (the only way to declare
entities, and never needed by MJCF or URDF) is refused, so entity-expansion attacks cannot start.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import numpy as np

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.rig.rotations import axis_rotation, rotation_about, xyz_fixed
from enginemind.families.bonemap.rig.skeleton import MAX_BONES, Skeleton


def robot_format(data: bytes) -> str | None:
    """``mjcf`` / ``urdf`` when the XML's root element says so, else None."""
    head = data[:4096].lstrip()
    if not head.startswith(b"<"):
        return None
    for tag, fmt in ((b"<mujoco", "mjcf"), (b"<robot", "urdf")):
        if tag in head:
            return fmt
    return None


def _root(data: bytes, what: str) -> ET.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise InvalidInput(f"{what} declares a DOCTYPE / entities, which robot descriptions never need: refused")
    try:  # NUL bytes after the root element (pybullet_data's humanoid.urdf ends in one; held-out batch 108) are
        return ET.fromstring(data.rstrip(b"\x00 \t\r\n"))  # padding, not content
    except ET.ParseError as exc:
        raise InvalidInput(f"{what} is not well-formed XML: {exc}") from None


def _floats(el: ET.Element, attr: str, n: int, what: str) -> np.ndarray | None:
    return _parse_floats(el.get(attr), attr, n, what)


def _parse_floats(text: str | None, attr: str, n: int, what: str) -> np.ndarray | None:
    """``n`` finite numbers from an attribute's text (None when absent), or ``InvalidInput``."""
    if text is None:
        return None
    try:
        vals = np.array([float(v) for v in text.split()], dtype=float)
    except ValueError:
        raise InvalidInput(f"{what}: {attr}={text!r} is not {n} numbers") from None
    if vals.shape != (n,) or not np.all(np.isfinite(vals)):
        raise InvalidInput(f"{what}: {attr}={text!r} is not {n} finite numbers")
    return vals


def quat_matrix(w: float, x: float, y: float, z: float) -> np.ndarray:
    """Rotation matrix of the unit quaternion w + xi + yj + zk (no normalisation: callers that read files
    decide what a non-unit quaternion means)."""
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
                     [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
                     [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)]])


def _quat(q: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(q))
    if n < 1e-12:
        raise InvalidInput("a zero quaternion cannot orient a body")
    return quat_matrix(*(q / n))


def _axis_angle(axis: np.ndarray, a: float) -> np.ndarray:
    n = float(np.linalg.norm(axis))
    if n < 1e-12:
        raise InvalidInput("a zero rotation axis cannot orient a body")
    return rotation_about(axis, a)


class _Mjcf:
    def __init__(self, root: ET.Element, max_bones: int) -> None:
        # repeated sections (an included file's <compiler>): the last setting of an attribute takes effect
        # for the whole model (XML reference, "Introduction")
        angle, seq, coordinate = "degree", None, "local"
        for comp in root.findall("compiler"):
            angle, seq = comp.get("angle", angle), comp.get("eulerseq", seq)
            coordinate = comp.get("coordinate", coordinate)
        self.degrees = angle != "radian"
        # MuJoCo before 2.3.3: compiler/@coordinate="global" gives every body's pos / orientation in world
        # coordinates, not in its parent's frame (RFC's CMU humanoid, held-out batch 154, came out 1.6x tall)
        self.global_coords = coordinate == "global"
        self.seq = seq or "xyz"
        if len(self.seq) != 3 or any(c not in "xyzXYZ" for c in self.seq):
            raise InvalidInput(f"MJCF compiler/@eulerseq={self.seq!r} is not three of x, y, z")
        self.max_bones = max_bones
        self.bones: list[dict[str, Any]] = []
        self.names: set[str] = set()
        self.joint_defaults: dict[str, dict[str, str]] = {}
        for top in root.findall("default"):
            self._defaults(top, {})

    def _defaults(self, el: ET.Element, inherited: dict[str, str]) -> None:
        """Joint attributes per default class (XML reference, "default": a nested class inherits its parent's
        settings and overrides them; the unnamed top-level class is ``main``)."""
        attrs = dict(inherited)
        for j in el.findall("joint"):
            attrs.update(j.attrib)
        self.joint_defaults[el.get("class", "main")] = attrs
        for child in el.findall("default"):
            self._defaults(child, attrs)

    def hinge_axis(self, body: ET.Element, cls: str, r: np.ndarray, what: str) -> list[float] | None:
        """World direction of the body's one hinge joint (type and axis from the joint, then its class: the
        joint's ``class``, else the nearest ``childclass`` above it, else ``main``; MuJoCo's defaults are a hinge
        about local z); None for no hinge or several (a ball made of hinges)."""
        axes = []
        for j in body.findall("joint"):
            attrs = {**self.joint_defaults.get(j.get("class", cls), {}), **j.attrib}
            if attrs.get("type", "hinge") != "hinge":
                continue
            axis = _parse_floats(attrs.get("axis", "0 0 1"), "axis", 3, what)
            if axis is None or float(np.linalg.norm(axis)) < 1e-9:
                return None
            axes.append(axis if self.global_coords else r @ axis)
        return [float(v) for v in axes[0]] if len(axes) == 1 else None

    def angle(self, a: float) -> float:
        return float(np.radians(a)) if self.degrees else float(a)

    def orientation(self, el: ET.Element, what: str) -> np.ndarray:
        if (q := _floats(el, "quat", 4, what)) is not None:
            return _quat(q)
        if (e := _floats(el, "euler", 3, what)) is not None:
            r = np.eye(3)
            for ax, a in zip(self.seq, e, strict=True):  # lower case: moving axes (post-multiply)
                m = axis_rotation(ax.lower(), self.angle(a))
                r = r @ m if ax.islower() else m @ r
            return r
        if (aa := _floats(el, "axisangle", 4, what)) is not None:
            return _axis_angle(aa[:3], self.angle(aa[3]))
        if (xy := _floats(el, "xyaxes", 6, what)) is not None:
            x = xy[:3] / max(float(np.linalg.norm(xy[:3])), 1e-12)
            y = xy[3:] - (xy[3:] @ x) * x
            y = y / max(float(np.linalg.norm(y)), 1e-12)
            return np.stack([x, y, np.cross(x, y)], axis=1)
        if (z := _floats(el, "zaxis", 3, what)) is not None:
            zn = z / max(float(np.linalg.norm(z)), 1e-12)
            axis = np.cross([0.0, 0.0, 1.0], zn)
            s, c = float(np.linalg.norm(axis)), float(zn[2])
            return np.eye(3) if s < 1e-12 and c > 0 else _axis_angle(axis if s >= 1e-12 else np.array([1.0, 0, 0]),
                                                                       float(np.arctan2(s, c)))
        return np.eye(3)

    def walk(self, el: ET.Element, parent: str | None, p: np.ndarray, r: np.ndarray, cls: str = "main") -> None:
        for child in el:
            if child.tag not in ("body", "frame"):
                continue
            what = f"MJCF {child.tag} {child.get('name') or '(unnamed)'}"
            pos = _floats(child, "pos", 3, what)
            if self.global_coords:
                wp = pos if pos is not None else np.zeros(3)  # (the default pos, 0 0 0, is then the origin)
                wr = self.orientation(child, what)
            else:
                wp = p + r @ (pos if pos is not None else np.zeros(3))
                wr = r @ self.orientation(child, what)
            if child.tag == "frame":  # a frame only moves what it holds
                self.walk(child, parent, wp, wr, child.get("childclass", cls))
                continue
            name = child.get("name") or f"body{len(self.bones)}"
            if name in self.names:
                raise InvalidInput(f"MJCF body name {name!r} is used twice")
            if len(self.bones) >= self.max_bones:
                raise InvalidInput(f"MJCF file has more than {self.max_bones} bodies")
            self.names.add(name)
            inner = child.get("childclass", cls)
            bone: dict[str, Any] = {"name": name, "parent": parent, "position": [float(v) for v in wp]}
            if (axis := self.hinge_axis(child, inner, wr, what)) is not None:
                bone["axis"] = axis
            self.bones.append(bone)
            self.walk(child, name, wp, wr, inner)


Include = Callable[[str, str], tuple[bytes, str]]
"""Resolver for ``<include file>``: (file attribute, including file's key) -> (bytes, the included file's key)."""
MAX_INCLUDES = 64


def _expand(el: ET.Element, include: Include, key: str, seen: set[str]) -> None:
    """Replace every ``<include>`` below ``el`` by the included file's top-level children, recursively."""
    k = 0
    while k < len(el):
        child = el[k]
        if child.tag != "include":
            _expand(child, include, key, seen)
            k += 1
            continue
        name = child.get("file")
        if not name:
            raise InvalidInput("MJCF <include> has no file attribute")
        data, sub = include(name, key)
        if sub in seen:
            raise InvalidInput(f"MJCF file {name!r} is included twice (or includes itself)")
        seen.add(sub)
        if len(seen) > MAX_INCLUDES:
            raise InvalidInput(f"MJCF model includes more than {MAX_INCLUDES} files")
        inc = _root(data, f"MJCF include {name!r}")
        if inc.tag not in ("mujoco", "mujocoinclude"):  # (<mujocoinclude>: MuJoCo 2's root for included files)
            raise InvalidInput(f"MJCF include {name!r}: root element is <{inc.tag}>, not <mujoco>")
        _expand(inc, include, sub, seen)
        el.remove(child)
        for j, grand in enumerate(list(inc)):
            el.insert(k + j, grand)
        k += len(inc)


def parse_mjcf(data: bytes, *, max_bones: int = MAX_BONES, include: Include | None = None) -> Skeleton:
    """Every ``<body>`` of the ``<worldbody>`` as a bone at its world position (the model's default pose);
    ``include`` resolves ``<include>`` files (else they are reported in the warnings)."""
    root = _root(data, "MJCF file")
    if root.tag != "mujoco":
        raise InvalidInput(f"MJCF file's root element is <{root.tag}>, not <mujoco>")
    if include is not None:
        _expand(root, include, "", set())
    worlds = root.findall("worldbody")  # (several: a scene's floor and lights, then the model's bodies)
    if not worlds:
        raise InvalidInput("MJCF file has no <worldbody> (a file that only <include>s others: pass the main file)")
    m = _Mjcf(root, max_bones)
    for world in worlds:
        m.walk(world, None, np.zeros(3), np.eye(3))
    if not m.bones:
        hint = " (it only <include>s the model: pass the included robot file)" if root.find(".//include") \
            is not None else ""
        raise InvalidInput(f"MJCF file has no <body> in its <worldbody>{hint}")
    warnings = ["MJCF: <include> elements inside <worldbody> were not followed: bodies they hold are missing"] \
        if any(w.find(".//include") is not None for w in worlds) else []
    sk = Skeleton.from_dict({"bones": m.bones, "up_axis": "z", "units": "m", "forward_axis": "+x"}, max_bones=max_bones)
    sk.warnings[:0] = warnings
    return sk


def parse_urdf(data: bytes, *, max_bones: int = MAX_BONES) -> Skeleton:
    """Every ``<link>`` as a bone at the world position of its frame (all joints at zero)."""
    root = _root(data, "URDF file")
    if root.tag != "robot":
        raise InvalidInput(f"URDF file's root element is <{root.tag}>, not <robot>")
    links = [el.get("name") for el in root.findall("link")]
    if not links or any(not n for n in links):
        raise InvalidInput("URDF file has no <link>, or a <link> without a name")
    if len(links) > max_bones:
        raise InvalidInput(f"URDF file has more than {max_bones} links")
    if len(set(links)) != len(links):
        raise InvalidInput("URDF link names must be unique")
    known = set(links)
    parent: dict[str, str] = {}
    origin: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    hinge: dict[str, np.ndarray] = {}  # child link -> its joint's axis in the joint (= child link) frame
    for j in root.findall("joint"):
        what = f"URDF joint {j.get('name') or '(unnamed)'}"
        pe, ce = j.find("parent"), j.find("child")
        p, c = (pe.get("link") if pe is not None else None), (ce.get("link") if ce is not None else None)
        if p not in known or c not in known:
            raise InvalidInput(f"{what} joins links that are not in the file ({p!r} -> {c!r})")
        if c in parent:
            raise InvalidInput(f"{what}: link {c!r} has two parent joints")
        o = j.find("origin")
        xyz = _floats(o, "xyz", 3, what) if o is not None else None
        rpy = _floats(o, "rpy", 3, what) if o is not None else None
        parent[c] = p  # type: ignore[assignment]
        if j.get("type") in ("revolute", "continuous"):  # (ROS wiki, urdf/XML/joint: <axis xyz> defaults to 1 0 0)
            ae = j.find("axis")
            axis = _floats(ae, "xyz", 3, what) if ae is not None else None
            hinge[c] = axis if axis is not None else np.array([1.0, 0.0, 0.0])  # type: ignore[assignment]
        origin[c] = (xyz if xyz is not None else np.zeros(3), xyz_fixed(*rpy) if rpy is not None else np.eye(3))
    pose: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def solve(name: str) -> tuple[np.ndarray, np.ndarray]:
        chain, n = [], name
        while n not in pose:
            if n in chain:
                raise InvalidInput(f"URDF joints form a cycle through link {n!r}")
            chain.append(n)
            if n not in parent:  # the root link
                pose[n] = (np.zeros(3), np.eye(3))
                chain.pop()
                break
            n = parent[n]
        for c in reversed(chain):
            pp, pr = pose[parent[c]]
            t, r = origin[c]
            pose[c] = (pp + pr @ t, pr @ r)
        return pose[name]

    bones = []
    for n in links:
        p, r = solve(n)
        bone: dict[str, Any] = {"name": n, "parent": parent.get(n), "position": [float(v) for v in p]}
        if n in hinge and float(np.linalg.norm(hinge[n])) > 1e-9:
            bone["axis"] = [float(v) for v in r @ hinge[n]]
        bones.append(bone)
    return Skeleton.from_dict({"bones": bones, "up_axis": "z", "units": "m", "forward_axis": "+x"}, max_bones=max_bones)
