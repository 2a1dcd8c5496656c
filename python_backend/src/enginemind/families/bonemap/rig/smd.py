"""Valve SMD skeletons (GoldSrc / Source studiomdl source files): the ``nodes`` block and the first frame of the
``skeleton`` block.

An SMD lists its bones as ``<id> "<name>" <parent id>`` and, per frame, each bone's position and rotation relative
to its parent: ``<id> <x> <y> <z> <rx> <ry> <rz>`` (rotations in radians about X, then Y, then Z: R = Rz Ry Rx,
as Valve's studiomdl and Blender Source Tools read them). A reference SMD's first frame is the bind pose. The
engines are Z up and count in inches (held-out batch 103: Half-Life 1's G-Man, an SMD the importer could not
read at all). Triangles, vertex animation and later frames are not read.
"""

from __future__ import annotations

import math
import re

import numpy as np

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.rig.rotations import xyz_fixed
from enginemind.families.bonemap.rig.skeleton import MAX_BONES, Skeleton

_NODE = re.compile(r'\s*(-?\d+)\s+"([^"]*)"\s+(-?\d+)\s*$')


def _block(lines: list[str], name: str) -> list[str]:
    """The lines between ``name`` and the next ``end`` (empty when the block is missing)."""
    try:
        start = next(k for k, ln in enumerate(lines) if ln.strip().lower() == name)
    except StopIteration:
        return []
    out = []
    for ln in lines[start + 1:]:
        if ln.strip().lower() == "end":
            return out
        out.append(ln)
    raise InvalidInput(f"SMD file: the {name!r} block has no 'end' line (truncated file?)")


def parse_smd(text: str, *, max_bones: int = MAX_BONES) -> Skeleton:
    """Bones, parents and first-frame world positions of an SMD file (Z up, units as in the file: inches)."""
    lines = text.splitlines()
    if not any(ln.strip().lower().startswith("version") for ln in lines[:5]):
        raise InvalidInput("SMD file must start with a 'version' line")
    nodes: dict[int, tuple[str, int]] = {}
    for ln in _block(lines, "nodes"):
        if not ln.strip():
            continue
        m = _NODE.match(ln)
        if m is None:
            raise InvalidInput(f"SMD file: cannot read the node line {ln.strip()[:60]!r} (want: id \"name\" parent)")
        nodes[int(m.group(1))] = (m.group(2), int(m.group(3)))
        if len(nodes) > max_bones:
            raise InvalidInput(f"SMD file has more than {max_bones:,} bones")
    if not nodes:
        raise InvalidInput("SMD file has no 'nodes' block: no skeleton")
    local: dict[int, np.ndarray] = {}
    frames = 0
    for ln in _block(lines, "skeleton"):
        parts = ln.split()
        if not parts:
            continue
        if parts[0].lower() == "time":
            frames += 1
            if frames > 1:
                break
            continue
        try:
            i, vals = int(parts[0]), [float(v) for v in parts[1:7]]
        except ValueError:
            raise InvalidInput(f"SMD file: cannot read the skeleton line {ln.strip()[:60]!r}") from None
        if len(vals) != 6 or not all(math.isfinite(v) for v in vals):
            raise InvalidInput(f"SMD file: skeleton line {ln.strip()[:60]!r} needs id x y z rx ry rz")
        m = np.eye(4)
        m[:3, :3] = xyz_fixed(*vals[3:])
        m[:3, 3] = vals[:3]
        local[i] = m
    for name, p in nodes.values():
        if p >= 0 and p not in nodes:
            raise InvalidInput(f"SMD file: bone {name!r} names parent id {p}, which is not in the nodes block")
    world: dict[int, np.ndarray | None] = {}
    for i in nodes:  # parents first, without recursion (a chain may be thousands of bones deep)
        chain, j = [], i
        while j >= 0 and j not in world and len(chain) <= len(nodes):
            chain.append(j)
            j = nodes[j][1]
        if len(chain) > len(nodes):
            raise InvalidInput("SMD file: the nodes' parents form a cycle")
        up = np.eye(4) if j < 0 else world[j]
        for k in reversed(chain):
            up = up @ local[k] if up is not None and k in local else None
            world[k] = up

    bones = []
    for i in sorted(nodes):
        name, p = nodes[i]
        m = world[i]
        bones.append({"name": name, "parent": nodes[p][0] if p >= 0 else None,
                      "position": [float(v) for v in m[:3, 3]] if m is not None else None})
    sk = Skeleton.from_dict({"bones": bones, "up_axis": "z", "units": "in"}, max_bones=max_bones)
    if not local:
        sk.warnings.insert(0, "SMD file has no skeleton frame: bones are mapped by names and hierarchy only")
    return sk
