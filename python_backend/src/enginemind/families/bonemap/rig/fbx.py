"""FBX skeletons through ufbx (binary and ASCII FBX 6.1-7.7, with or without meshes, quads and n-gons included).

The file is read by ``fbx_reader.py`` in a child process (bounded by ``FBX_TIMEOUT_S``); this module turns its
node list into a ``Skeleton``:

- bones are the nodes with a skeleton attribute (FBX LimbNode / Limb / Root) or a skin cluster; nulls below a
  bone stay (helpers, sockets); mesh, camera and light nodes, ufbx helper nodes, and nulls above the skeleton
  (the armature object, group nodes) are left out, so an armature never becomes the pelvis or the retarget
  root. A file with no bone at all takes its null nodes as joints (with a warning).
- positions are the bind pose (skin cluster bind matrices, then the file's BindPose), unless those are the saved
  skeleton in another space (rotated / scaled as a whole: then the saved transforms); bones without one are
  placed relative to their nearest ancestor that has one (with none, moved by the offset all bound bones share);
  files without any use the node transforms as saved,
  and a file whose saved transforms put every bone at one point (an animation-only export) its first animation
  frame (with a warning).
  Always metres, Y up, right-handed (ufbx converts cm / Z-up files).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.rig.pose_space import differs
from enginemind.families.bonemap.rig.skeleton import MAX_BONES, Skeleton

FBX_TIMEOUT_S = 60.0
"""Longest an FBX read may take (a 100 MB production file reads in a few seconds)."""
READER = Path(__file__).with_name("fbx_reader.py")
_BONE_KINDS = ("bone",)
_NULL_KINDS = ("empty", "none")


def read_fbx_nodes(data: bytes, timeout_s: float = FBX_TIMEOUT_S) -> dict[str, Any]:
    """Run the ufbx reader on the file bytes in a child process; InvalidInput on any failure."""
    try:
        proc = subprocess.run([sys.executable, "-I", str(READER)], input=data, capture_output=True,
                              timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        raise InvalidInput(f"reading the FBX file took longer than {timeout_s:.0f} s; re-export it, "
                           "or export the rig as glTF / BVH") from None
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        raise InvalidInput(f"the FBX reader stopped on this file ({why[0][:200]}); the file is damaged or uses a "
                           "feature the reader does not support: re-export it (FBX 2014-2020) or as glTF / BVH")
    try:
        res = json.loads(proc.stdout)
    except ValueError:
        raise InvalidInput("the FBX reader returned nothing readable for this file; re-export it") from None
    if "error" in res:
        raise InvalidInput(f"not a readable FBX file ({res['error'][:300]}); {_damage_hint(data)}re-export it, or as "
                           "glTF / BVH")
    return res


def _damage_hint(data: bytes) -> str:
    """A sentence for a binary FBX with no CR LF byte pair in it at all: compressed data holds one every 64 KiB
    or so by chance, so a large file without any was most likely copied as text (git's ``eol=lf`` turned each
    CR LF into LF: a Dog Knight FBX in a Unity repository, held-out batch 147, failed with 'Bad DEFLATE data')."""
    if data.startswith(b"Kaydara FBX Binary") and len(data) > 1 << 20 and b"\r\n" not in data:
        return ("the file has no CR LF byte pair anywhere, so a text-mode copy (git line-ending conversion) has "
                "probably damaged it: fetch it again as binary, or ")
    return ""


def _m4(cols: list[list[float]]) -> np.ndarray:
    m = np.eye(4)
    m[:3, :4] = np.array(cols, dtype=float).T
    return m


def parse_fbx(data: bytes, *, max_bones: int = MAX_BONES) -> Skeleton:
    """FBX bytes -> Skeleton (see the module docstring for which nodes are bones and which pose is used)."""
    res = read_fbx_nodes(data)
    nodes = res["nodes"]
    if len(nodes) > 4 * max_bones:
        raise InvalidInput(f"FBX file has {len(nodes):,} nodes; at most {4 * max_bones:,}")
    n = len(nodes)
    parent = [int(nd["parent"]) for nd in nodes]
    is_bone = [nd["kind"] in _BONE_KINDS or bool(nd["skinned"]) for nd in nodes]
    warnings: list[str] = []
    if res.get("pose"):
        warnings.append("FBX has no rest pose (every bone at one point, no bind pose): the pose of its first "
                        "animation frame was used; check the mapping, or export the rig in its rest pose")
    under_bone = [False] * n
    for i in range(n):  # nodes come parents first from ufbx; walk up in case they do not
        p, steps = parent[i], 0
        while p >= 0 and steps <= n:
            if is_bone[p]:
                under_bone[i] = True
                break
            p, steps = parent[p], steps + 1
    if any(is_bone):
        for i in _null_joints(nodes, parent, is_bone):
            is_bone[i] = True
            warnings.append(f"FBX: {nodes[i]['name']!r} is a null node, but the skeleton branches at it (its bones "
                            "start right there): kept as a joint")
        keep = [is_bone[i] or (nd["kind"] in _NULL_KINDS and under_bone[i] and not nd["helper"])
                for i, nd in enumerate(nodes)]
        bone_child = {parent[c] for c in range(n) if is_bone[c]}
        above = sorted({nodes[i]["name"] for i in bone_child if i >= 0 and nodes[i]["kind"] in _NULL_KINDS
                        and not keep[i]})
        if above:
            warnings.append(f"FBX: {', '.join(repr(a) for a in above[:3])} (armature / group node above the "
                            "skeleton) is not a bone and was left out")
    else:
        keep = [nd["kind"] in _NULL_KINDS and not nd["helper"] for nd in nodes]
        if any(keep):
            warnings.append("FBX file has no bone (LimbNode) nodes: its null nodes were taken as the joints")
    if not any(keep):
        raise InvalidInput("FBX file has no skeleton: no bone, joint or null nodes (only meshes / cameras / lights);"
                           " export the armature too")
    if sum(keep) > max_bones:
        raise InvalidInput(f"FBX has {sum(keep):,} bones, more than the limit of {max_bones:,}")
    pos = _rest_positions(nodes, parent, keep)
    names: dict[int, str] = {}
    used: set[str] = set()
    for i in range(n):
        if not keep[i]:
            continue
        base = str(nodes[i]["name"]).strip() or f"node_{i}"
        name = base if base not in used else f"{base}#{i}"
        if name != base:
            warnings.append(f"duplicate FBX node name {base!r} renamed to {name!r}")
        used.add(name)
        names[i] = name
    bones = []
    for i in range(n):
        if keep[i]:
            p = parent[i]
            while p >= 0 and not keep[p]:
                p = parent[p]
            bones.append({"name": names[i], "parent": names.get(p), "position": pos[i]})
    size = _size_warning(bones, res.get("original_unit_meters"))
    if size:
        warnings.append(size)
    sk = Skeleton.from_dict({"bones": bones, "up_axis": "y", "units": "m"}, max_bones=max_bones)
    sk.warnings[:0] = warnings
    return sk


_UNIT_NAMES = {0.001: "mm", 0.01: "cm", 0.0254: "inches", 0.1: "dm", 0.3048: "feet", 1.0: "m", 100.0: "hm"}


def _size_warning(bones: list[dict[str, Any]], unit_m: Any) -> str | None:
    """A sentence when the skeleton, in metres after the file's declared unit was applied, is over 10 m or under
    1 cm across: the declared unit is probably wrong (MakeHuman 1.1's 'cm' FBX exports declare decimetres, so a
    person came out 15.8 m tall: held-out batch 714). Sizes only; the mapping reads proportions."""
    pts = np.array([b["position"] for b in bones if b["position"] is not None], dtype=float)
    if len(pts) < 2:
        return None
    size = float(np.ptp(pts, axis=0).max())
    if 0.01 <= size <= 10.0:
        return None
    unit = _UNIT_NAMES.get(round(float(unit_m), 4), f"{float(unit_m):g} m") if unit_m else "unknown"
    return (f"FBX: the skeleton is {size:.3g} m across in the unit the file declares ({unit}): the exporter's unit "
            "setting is probably wrong; the mapping is not affected, but sizes (a retarget's scale) are, so check "
            "the unit (or the export scale) and export again")


def _common_shift(nodes: list[dict[str, Any]], bind: list[Any], keep: list[bool]) -> np.ndarray | None:
    """The one offset from saved to bind position that every bound bone shares (within 1 % of the skeleton's
    extent), when it is not zero: a Fallout 4 rig binds its skin 3 m below where the skeleton is saved, while its
    pelvis and thighs, bound to nothing, hang under a bone that is not bound either; else None."""
    moves = np.array([np.array(bind[i][3], dtype=float) - np.array(nd["world"][3], dtype=float)
                      for i, nd in enumerate(nodes) if keep[i] and bind[i]])
    if len(moves) < 3:
        return None
    pts = np.array([nd["world"][3] for i, nd in enumerate(nodes) if keep[i]], dtype=float)
    extent = float(np.linalg.norm(np.ptp(pts, axis=0)))
    ref = np.median(moves, axis=0)
    if float(np.abs(moves - ref).max()) > 0.01 * extent or float(np.linalg.norm(ref)) <= 0.01 * extent:
        return None
    return ref


def _bind_in_other_space(nodes: list[dict[str, Any]], bind: list[Any], keep: list[bool]) -> bool:
    """The bind matrices hold the saved skeleton seen from another space, not another pose: most bound bones
    (>= 80 %) sit elsewhere, and one rotation + uniform scale + offset (not a plain shift: ``_common_shift``)
    takes the saved positions there. Held-out batch 78's Space Station 3D rigs (Blender exports, bones under an
    armature null scaled x100) bind in the meshes' space, Z up, one file at 1/100 scale with the head's mesh bound
    as saved: the saved transforms, which ufbx converted to metres and Y up, are the rest pose there."""
    idx = [i for i in range(len(nodes)) if keep[i] and bind[i]]
    if len(idx) < 3:
        return False
    saved = np.array([nodes[i]["world"][3] for i in idx], dtype=float)
    bound = np.array([bind[i][3] for i in idx], dtype=float)
    extent = float(np.linalg.norm(np.ptp(saved, axis=0)))
    moved = np.linalg.norm(bound - saved, axis=1) > 0.01 * extent
    if extent <= 0 or moved.sum() < max(3, 0.8 * len(idx)):
        return False
    step = bound[moved] - saved[moved]
    if float(np.abs(step - np.median(step, axis=0)).max()) <= 0.01 * extent:
        return False
    return not differs(saved[moved], bound[moved])


def _null_joints(nodes: list[dict[str, Any]], parent: list[int], is_bone: list[bool]) -> list[int]:
    """Null nodes that are joints: two or more bones start at them, all within 0.15 x the skeleton's extent
    (Captury's 'Dan:Hips', a null the spine and both legs hang from). An armature object is no joint: its root
    bone starts at the hips, far above it, and IK roots beside it at the feet."""
    def at(nd: dict[str, Any]) -> np.ndarray:
        return _m4(nd["bind"] or nd["world"])[:3, 3]

    bones = [at(nd) for i, nd in enumerate(nodes) if is_bone[i]]
    extent = float(np.linalg.norm(np.max(bones, axis=0) - np.min(bones, axis=0))) if bones else 0.0
    bone_kids: dict[int, list[int]] = {}
    for c, p in enumerate(parent):
        if is_bone[c] and p >= 0:
            bone_kids.setdefault(p, []).append(c)
    out = []
    for i, nd in enumerate(nodes):
        kids = bone_kids.get(i, [])
        if nd["kind"] in _NULL_KINDS and not is_bone[i] and len(kids) >= 2 and extent > 0 and \
                max(float(np.linalg.norm(at(nodes[c]) - at(nd))) for c in kids) <= 0.15 * extent:
            out.append(i)
    return out


def _rest_positions(nodes: list[dict[str, Any]], parent: list[int], keep: list[bool]) -> dict[int, list[float]]:
    """Bind-pose world positions of the kept nodes (see the module docstring)."""
    out: dict[int, list[float]] = {}
    # with skin clusters in the file, a BindPose entry of a bone that skins nothing is not trusted: Unity-chan's
    # SD model stores 'Character1_Spine1' there turned 90 degrees off its neighbours (0.46 m behind the body)
    clusters = any(nd["skinned"] for nd in nodes)
    bind = [nd["bind"] if nd["skinned"] or not clusters else None for nd in nodes]
    if _bind_in_other_space(nodes, bind, keep):
        bind = [None] * len(nodes)
    any_bind = any(bind)
    shift = _common_shift(nodes, bind, keep)
    for i, nd in enumerate(nodes):
        if not keep[i]:
            continue
        if bind[i]:
            p = np.array(bind[i][3], dtype=float)
        else:
            world = _m4(nd["world"])
            a = parent[i]
            while a >= 0 and not bind[a]:
                a = parent[a]
            p = world[:3, 3]
            if any_bind and a >= 0:  # keep the bone where it sits relative to its bound ancestor
                try:
                    p = (_m4(bind[a]) @ np.linalg.inv(_m4(nodes[a]["world"])) @ world)[:3, 3]
                except np.linalg.LinAlgError:  # a zero scale on the ancestor: keep the saved position
                    pass
            elif shift is not None:  # no bound ancestor: the bind pose is the saved one moved as a whole
                p = world[:3, 3] + shift
        out[i] = [float(v) for v in p] if np.all(np.isfinite(p)) else None  # type: ignore[assignment]
    return out
