"""The skeleton model (DESIGN.md section 4) and its validation.

A skeleton is a list of bones with a name, a parent name (or None) and an optional rest-pose position and
rotation. ``Skeleton.from_dict`` is the one entry point for untrusted data: it raises ``InvalidInput`` with a
message a person can act on, or applies a documented best effort (see ``docs/bonemap.md``):

- empty skeleton, duplicate names, unknown parents, cycles, bad names, too many bones: ``InvalidInput``;
- several roots: accepted (each root starts its own tree; real files often hold more than one); a forest
  whose parenting was lost (most bones roots, or six or more roots and no tree holding half the bones, e.g. a
  deform-only export) is rebuilt into one tree from the rest positions (``rebuild_forest``), with a warning;
  without positions it stays a forest (names only); so is the tree under one root that carries nearly every bone
  directly as a leaf (a flat export: ``flat_star``), which stays the root;
- NaN / infinite / malformed positions: that bone's position is dropped and a warning is recorded;
  if fewer than half of the bones keep a position, all positions are dropped (geometry is then ignored).
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from enginemind.errors import InvalidInput

MAX_BONES = 20_000
"""Hard limit on the number of bones of one skeleton (a full MetaHuman has about 1,200)."""
MAX_NAME_LEN = 256
FORWARD_AXES = ("+x", "-x", "+y", "-y", "+z", "-z")


@dataclass
class Bone:
    """One bone: unique name, parent name (None for a root), optional rest pose and joint axis."""

    name: str
    parent: str | None = None
    position: tuple[float, float, float] | None = None
    rotation: tuple[float, float, float, float] | None = None
    axis: tuple[float, float, float] | None = None
    """World direction of the one hinge axis that turns this bone (a robot description's revolute joint), unit
    length; None when unknown, fixed or several axes (a ball joint)."""


@dataclass
class Skeleton:
    """A validated bone hierarchy; bones keep the order they were given in."""

    bones: list[Bone]
    up_axis: str | None = None
    units: str | None = None
    warnings: list[str] = field(default_factory=list)
    humanoid: dict[str, str] = field(default_factory=dict)
    """Optional role hints from the file (VRM humanBones): bone -> humanoid bone name (e.g. leftUpperArm)."""
    forward_axis: str | None = None
    """The axis the character faces by the file's own convention ('+x' for a URDF / MJCF robot: ROS REP-103),
    or None; a prior that clear forward cues of the rest pose (feet, a bent knee) overrule."""
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _names: list[str] = field(default_factory=list, repr=False)
    _children: list[list[int]] = field(default_factory=list, repr=False)
    _parent_idx: list[int] = field(default_factory=list, repr=False)
    _solved: Any = field(default=None, repr=False, compare=False)
    """The structure solver's solution, kept by ``solve`` (the import's joins and the mapping solve it once)."""
    _stubs: list[bool] | None = field(default=None, repr=False, compare=False)
    """Leaves on their parent's point, kept by ``structure.stub_leaves`` (the name rules and the merge ask)."""

    def __post_init__(self) -> None:
        self._names = [b.name for b in self.bones]
        self._index = {n: i for i, n in enumerate(self._names)}
        self._parent_idx = [self._index[b.parent] if b.parent is not None else -1 for b in self.bones]
        self._children = [[] for _ in self.bones]
        for i, p in enumerate(self._parent_idx):
            if p >= 0:
                self._children[p].append(i)

    # --- structure -------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.bones)

    def __contains__(self, name: object) -> bool:
        return name in self._index

    @property
    def names(self) -> list[str]:
        return self._names

    def index(self, name: str) -> int:
        return self._index[name]

    def parent_index(self, i: int) -> int:
        return self._parent_idx[i]

    def children(self, i: int) -> list[int]:
        return self._children[i]

    def roots(self) -> list[int]:
        return [i for i, p in enumerate(self._parent_idx) if p < 0]

    def depth_order(self) -> list[int]:
        """Bone indices parents-first (breadth first from every root)."""
        order = self.roots()
        k = 0
        while k < len(order):
            order.extend(self._children[order[k]])
            k += 1
        return order

    def tree_roots(self) -> list[int]:
        """Per bone, the root of the tree it belongs to (the bone itself for a root)."""
        top = list(range(len(self.bones)))
        for i in self.depth_order():
            p = self._parent_idx[i]
            if p >= 0:
                top[i] = top[p]
        return top

    def depths(self) -> list[int]:
        depth = [0] * len(self.bones)
        for i in self.depth_order():
            p = self._parent_idx[i]
            depth[i] = depth[p] + 1 if p >= 0 else 0
        return depth

    def ancestors(self, i: int) -> list[int]:
        """Parent, grandparent, ... up to the root."""
        out = []
        p = self._parent_idx[i]
        while p >= 0:
            out.append(p)
            p = self._parent_idx[p]
        return out

    def nearest_ancestor(self, i: int, keep: Callable[[int], bool]) -> int:
        """The nearest ancestor ``a`` of bone ``i`` with ``keep(a)`` (e.g. the nearest mapped one), or -1."""
        a = self._parent_idx[i]
        while a >= 0 and not keep(a):
            a = self._parent_idx[a]
        return a

    def rerooted(self, i: int) -> Skeleton:
        """The same bones with bone ``i`` as the root of its tree: the parent links on the path from the old root
        down to ``i`` are turned around (positions, names and order unchanged)."""
        parents = [b.parent for b in self.bones]
        path = [i, *self.ancestors(i)]
        for child, parent in zip(path, path[1:], strict=False):
            parents[parent] = self._names[child]
        parents[i] = None
        bones = [replace(b, parent=p) for b, p in zip(self.bones, parents, strict=True)]
        return self.with_bones(bones, list(self.warnings), dict(self.humanoid))

    def subset(self, keep: list[int]) -> Skeleton:
        """The bones ``keep`` (in that order) as a skeleton; every kept bone's parent must be kept too."""
        bones = [self.bones[i] for i in keep]
        return self.with_bones([replace(b) for b in bones], list(self.warnings),
                               {k: v for k, v in self.humanoid.items() if k in {b.name for b in bones}})

    def with_bones(self, bones: list[Bone], warnings: list[str], humanoid: dict[str, str]) -> Skeleton:
        """Other bones in this skeleton's frame (up axis, units, facing): what its re-rooted, pruned and
        re-parented copies keep of the file."""
        return Skeleton(bones, self.up_axis, self.units, warnings, humanoid, self.forward_axis)

    def is_ancestor(self, a: int, i: int) -> bool:
        p = self._parent_idx[i]
        while p >= 0:
            if p == a:
                return True
            p = self._parent_idx[p]
        return False

    def subtree(self, i: int) -> list[int]:
        """``i`` and all bones below it (depth first)."""
        out, stack = [], [i]
        while stack:
            b = stack.pop()
            out.append(b)
            stack.extend(self._children[b])
        return out

    def subtree_sizes(self) -> list[int]:
        size = [1] * len(self.bones)
        for i in reversed(self.depth_order()):
            p = self._parent_idx[i]
            if p >= 0:
                size[p] += size[i]
        return size

    @cached_property
    def fingerprint(self) -> str:
        """Identifies the rig for stored feedback: sha256 over the sorted (name, parent) pairs, so the same rig
        from another file format matches (computed once per skeleton)."""
        pairs = sorted((b.name, b.parent or "") for b in self.bones)
        return hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode("utf-8")).hexdigest()

    def has_positions(self) -> bool:
        return any(b.position is not None for b in self.bones)

    # --- (de)serialisation -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        bones = []
        for b in self.bones:
            d: dict[str, Any] = {"name": b.name, "parent": b.parent}
            if b.position is not None:
                d["position"] = list(b.position)
            if b.rotation is not None:
                d["rotation"] = list(b.rotation)
            if b.axis is not None:
                d["axis"] = list(b.axis)
            bones.append(d)
        out: dict[str, Any] = {"bones": bones}
        if self.humanoid:
            out["humanoid"] = dict(self.humanoid)
        if self.up_axis:
            out["up_axis"] = self.up_axis
        if self.units:
            out["units"] = self.units
        if self.forward_axis:
            out["forward_axis"] = self.forward_axis
        return out

    @classmethod
    def from_dict(cls, data: Any, *, max_bones: int = MAX_BONES) -> Skeleton:
        """Validate untrusted skeleton JSON data (see module docstring for the rules)."""
        return _parse(data, max_bones)

    @classmethod
    def from_json(cls, text: str | bytes, *, max_bones: int = MAX_BONES) -> Skeleton:
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise InvalidInput(f"skeleton JSON is not UTF-8 (byte {exc.start}); save the file as UTF-8") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"skeleton is not valid JSON: {exc}") from None
        return _parse(data, max_bones)


def check_name(name: Any, where: str) -> str:
    """A bone name must be a non-empty printable Unicode string (no lone surrogates, no control characters)."""
    if not isinstance(name, str):
        raise InvalidInput(f"{where}: bone name must be a string, got {type(name).__name__}")
    if not name.strip():
        raise InvalidInput(f"{where}: bone name is empty")
    if len(name) > MAX_NAME_LEN:
        raise InvalidInput(f"{where}: bone name longer than {MAX_NAME_LEN} characters")
    for ch in name:
        cat = unicodedata.category(ch)
        if cat == "Cs":
            raise InvalidInput(f"{where}: bone name {name!r} is not valid Unicode (lone surrogate); "
                               "re-export the file with UTF-8 names")
        if cat == "Cc":
            raise InvalidInput(f"{where}: bone name {name!r} contains a control character")
    return name


def _vector(value: Any, n: int) -> tuple[float, ...] | None:
    """A finite float vector of length n, or None when malformed / NaN / infinite."""
    if not isinstance(value, (list, tuple)) or len(value) != n:
        return None
    try:
        out = tuple(float(v) for v in value)
    except (TypeError, ValueError):
        return None
    if any(isinstance(v, bool) for v in value) or not all(math.isfinite(v) for v in out):
        return None
    return out


def _parse(data: Any, max_bones: int) -> Skeleton:
    if isinstance(data, list):
        data = {"bones": data}
    if not isinstance(data, dict) or "bones" not in data:
        raise InvalidInput('skeleton must be a JSON object with a "bones" list: {"bones": [{"name", "parent"}]}')
    raw = data["bones"]
    if not isinstance(raw, list):
        raise InvalidInput('"bones" must be a list')
    if not raw:
        raise InvalidInput("skeleton has no bones; export the armature / joint hierarchy, not only the mesh")
    if len(raw) > max_bones:
        raise InvalidInput(f"skeleton has {len(raw)} bones, more than the limit of {max_bones}")
    up = data.get("up_axis")
    if up is not None and (not isinstance(up, str) or up.lower() not in ("x", "y", "z")):
        raise InvalidInput(f'up_axis must be "y" or "z", got {up!r}')
    units = data.get("units")
    if units is not None and not isinstance(units, str):
        raise InvalidInput("units must be a string such as \"cm\" or \"m\"")
    forward = data.get("forward_axis")
    if forward is not None and (not isinstance(forward, str) or forward.lower() not in FORWARD_AXES):
        raise InvalidInput(f'forward_axis must be one of {", ".join(FORWARD_AXES)} (the axis the character faces), '
                           f"got {forward!r}")
    forward = forward.lower() if isinstance(forward, str) else None
    warnings: list[str] = []
    bones: list[Bone] = []
    seen: dict[str, int] = {}
    dropped = bad_axes = 0
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise InvalidInput(f"bones[{i}] must be an object with name and parent")
        name = check_name(item.get("name"), f"bones[{i}]")
        if name in seen:
            raise InvalidInput(f"duplicate bone name {name!r} (bones[{seen[name]}] and bones[{i}]); "
                               "bone names must be unique: rename one of them")
        seen[name] = i
        parent = item.get("parent")
        if parent is not None:
            parent = check_name(parent, f"bones[{i}].parent")
        pos_raw = item.get("position", item.get("rest_position"))
        pos = _vector(pos_raw, 3) if pos_raw is not None else None
        if pos_raw is not None and pos is None:
            dropped += 1
        rot_raw = item.get("rotation")
        rot = _vector(rot_raw, 4) if rot_raw is not None else None
        axis_raw = item.get("axis")
        axis = _vector(axis_raw, 3) if axis_raw is not None else None
        if axis is not None:
            norm = math.sqrt(sum(v * v for v in axis))
            axis = tuple(v / norm for v in axis) if norm > 1e-9 else None
        if axis_raw is not None and axis is None:
            bad_axes += 1
        bones.append(Bone(name, parent, pos, rot, axis))  # type: ignore[arg-type]
    for b in bones:
        if b.parent is not None and b.parent not in seen:
            raise InvalidInput(f"bone {b.name!r} names parent {b.parent!r}, which is not in the skeleton")
        if b.parent == b.name:
            raise InvalidInput(f"bone {b.name!r} is its own parent")
    _check_cycles(bones, seen)
    if dropped:
        warnings.append(f"{dropped} bone position(s) were not 3 finite numbers and were ignored")
    if bad_axes:
        warnings.append(f"{bad_axes} joint axis / axes were not 3 finite numbers of some length and were ignored")
    with_pos = sum(1 for b in bones if b.position is not None)
    if with_pos and with_pos < len(bones) / 2:
        for b in bones:
            b.position = None
        warnings.append("fewer than half of the bones have a valid position: rest-pose geometry ignored")
    elif with_pos and len(bones) > 1 and _collapsed(bones):
        for b in bones:
            b.position = None
        warnings.append("all bone positions are (nearly) the same point (zero-length bones): rest-pose geometry "
                        "ignored; bones are mapped by names and hierarchy only")
    if len(bones) > 1 and all(b.position is None for b in bones) and not any("geometry ignored" in w for w in warnings):
        warnings.append("no rest positions: bones are mapped by names and hierarchy only (export the rest pose "
                        "for a structure-based mapping)")
    hints = data.get("humanoid") or {}
    if not isinstance(hints, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in hints.items()):
        raise InvalidInput('"humanoid" must map bone names to humanoid bone names (strings)')
    hints = {k: v for k, v in hints.items() if k in seen}
    sk = Skeleton(bones, up.lower() if isinstance(up, str) else None, units, warnings, hints, forward)
    roots = len(sk.roots())
    from enginemind.families.bonemap.rig.forest import (
        FOREST_MAX_BONES,
        FOREST_MIN_ROOTS,
        flat_star,
        rebuild_flat_star,
        rebuild_forest,
    )

    def rebuilt(sk: Skeleton) -> Skeleton:
        rebuild_forest(bones)
        out = sk.with_bones(bones, warnings, hints)
        warnings.append(f"skeleton had {roots} roots (parenting lost, e.g. a deform-only export): rebuilt one tree "
                        f"from the rest positions, rooted at {bones[out.roots()[0]].name!r}; check the mapping, or "
                        "export with the bone hierarchy")
        return out

    rebuildable = len(bones) <= FOREST_MAX_BONES and all(b.position is not None for b in bones)
    if roots > 1 and roots >= max(FOREST_MIN_ROOTS, len(bones) // 2) and rebuildable:
        sk = rebuilt(sk)
    elif roots > 1:
        from enginemind.families.bonemap.rig.forest import join_detached

        joined = join_detached(bones)
        if joined:
            sk = sk.with_bones(bones, warnings, hints)
            warnings.extend(joined)
        if len(sk.roots()) >= FOREST_MIN_ROOTS and rebuildable and _largest_tree_share(sk) < 0.5:
            sk = rebuilt(sk)
        if len(sk.roots()) > 1:
            from enginemind.families.bonemap.rig.split import join_split_body

            split = join_split_body(sk)
            if split is not None:
                sk = split[0]
                sk.warnings.extend(split[1])
        if len(sk.roots()) > 1:
            warnings.append(f"skeleton has {len(sk.roots())} roots; each is treated as its own tree")
    elif rebuildable and (star := flat_star(bones)) is not None:
        rebuild_flat_star(bones, star)
        sk = sk.with_bones(bones, warnings, hints)
        warnings.append(f"all bones hung directly under {bones[star].name!r} (a flat export, parenting lost): "
                        "rebuilt one tree below it from the rest positions; check the mapping, or export with the "
                        "bone hierarchy")
    else:
        from enginemind.families.bonemap.rig.split import join_flat_fan

        flat = join_flat_fan(sk)
        if flat is not None:
            sk = flat[0]
            sk.warnings.extend(flat[1])
    return sk


def _largest_tree_share(sk: Skeleton) -> float:
    """The share of the bones in the largest tree: under one half, no tree is the body (a Rigify deform-only
    export whose spine, thighs, shoulders and upper arms each start a tree: held-out batch 92's Miku rig, 13
    roots of 87 bones, the arm's tree the largest). Trees whose root is named as an animation control are left
    out: a control rig exported beside the skeleton, each of its trees hung from the armature (a Mixamo add-on's
    'Ctrl_Master', 'Ctrl_Foot_IK_Left' .. beside 'rootbone', held-out batch 764), is no part of a lost hierarchy
    (rebuilt, its roots had been hung under the feet and read as the spine)."""
    from enginemind.families.bonemap.rig.names import CONTROL_WORDS, tokenize

    sizes = sk.subtree_sizes()
    kept = [r for r in sk.roots() if not CONTROL_WORDS & set(tokenize(sk.names[r]))] or sk.roots()
    return max(sizes[r] for r in kept) / max(1, sum(sizes[r] for r in kept))


def _collapsed(bones: list[Bone]) -> bool:
    """All given positions within 1e-6 of each other (relative to their magnitude)."""
    pts = [b.position for b in bones if b.position is not None]
    lo = [min(p[k] for p in pts) for k in range(3)]
    hi = [max(p[k] for p in pts) for k in range(3)]
    scale = max(1.0, *(abs(v) for v in lo + hi))
    return max(h - v for h, v in zip(hi, lo, strict=True)) <= 1e-6 * scale


def _check_cycles(bones: list[Bone], index: dict[str, int]) -> None:
    """Raise InvalidInput naming a cycle in the parent links (iterative, O(n))."""
    state = [0] * len(bones)  # 0 new, 1 on current walk, 2 done
    for start in range(len(bones)):
        if state[start]:
            continue
        path = []
        i = start
        while i >= 0 and state[i] == 0:
            state[i] = 1
            path.append(i)
            p = bones[i].parent
            i = index[p] if p is not None else -1
        if i >= 0 and state[i] == 1:
            cyc = path[path.index(i):]
            names = " -> ".join(bones[k].name for k in cyc[:8]) + (" ..." if len(cyc) > 8 else "")
            raise InvalidInput(f"parent links form a cycle: {names} -> {bones[i].name}; fix the parents")
        for k in path:
            state[k] = 2


def kept_ancestor(parent: list[int], keep: Container[int], i: int) -> int:
    """The nearest ancestor of scene node ``i`` that is in ``keep`` (the nodes kept as bones, or those with a bind
    matrix), or -1; ``parent``: node parents, -1 at roots."""
    p = parent[i]
    while p >= 0 and p not in keep:
        p = parent[p]
    return p


def node_names(raw: dict[int, str | None], warnings: list[str]) -> dict[int, str]:
    """Bone names for scene nodes (glTF, COLLADA): {node: its name, or ``node_<i>`` when it has none}, a name used
    again renamed ``<name>#<i>`` with a warning (bone names must be unique; the file's own names are kept)."""
    names: dict[int, str] = {}
    used: set[str] = set()
    for i in sorted(raw):
        base = (raw[i] or f"node_{i}").strip() or f"node_{i}"
        name = base
        if name in used:
            name = f"{base}#{i}"
            warnings.append(f"duplicate node name {base!r} renamed to {name!r}")
        used.add(name)
        names[i] = name
    return names
