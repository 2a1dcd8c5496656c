"""The demo rig: a humanoid made here, named with one of bonemap's public naming conventions, written as BVH.

Roles, hierarchy and rest pose (cm, Y up, +X = the character's left, facing +Z) are fixed; the bone names come
from ``enginemind.families.bonemap.corpus.conventions`` (the same namers that generate the training corpus). A few
extra bones (hair, a skirt) have no counterpart in any target, so the mapping shows nulls too; the sword in the right
hand is UE5 Manny's weapon socket and has none in Unity's Humanoid.
"""

from __future__ import annotations

from pathlib import Path

from enginemind.families.bonemap.corpus.conventions import CONVENTIONS, FINGER_WORDS
from enginemind.families.bonemap.rig.skeleton import Skeleton

DEFAULT_CONVENTION = "daz"
"""DAZ Genesis-style names (``lShldrBend``, ``abdomenLower``, ``lCarpal1``): far from both targets' names."""

Vec = tuple[float, float, float]
_FINGER_Z = {"thumb": 5.0, "index": 3.0, "middle": 1.0, "ring": -1.0, "pinky": -3.0}
_EXTRAS = (("hairPonytail1", "head", (0.0, 172.0, -9.0)), ("hairPonytail2", "hairPonytail1", (0.0, 160.0, -13.0)),
           ("propSword", "hand.R", (-70.0, 143.0, 6.0)), ("skirtBack", "pelvis", (0.0, 88.0, -11.0)))


def _layout() -> list[tuple[str, tuple[str, str | None, int, int] | None, str | None, Vec]]:
    """(key, role (kind, side, k, n) or None, parent key, position), parents first."""
    out: list[tuple[str, tuple[str, str | None, int, int] | None, str | None, Vec]] = []

    def add(key: str, role: tuple[str, str | None, int, int] | None, parent: str | None, pos: Vec) -> str:
        out.append((key, role, parent, pos))
        return key

    p = add("pelvis", ("pelvis", None, 0, 1), None, (0.0, 100.0, 0.0))
    for k, y in enumerate((110.0, 121.0, 132.0, 142.0)):
        p = add(f"spine{k}", ("spine", None, k, 4), p, (0.0, y, 0.0))
    chest = p
    for k, y in enumerate((150.0, 156.0)):
        p = add(f"neck{k}", ("neck", None, k, 2), p, (0.0, y, 1.0))
    head = add("head", ("head", None, 0, 1), p, (0.0, 162.0, 2.0))
    for s, sx in (("L", 1.0), ("R", -1.0)):
        add(f"eye.{s}", ("eye", s, 0, 1), head, (3.2 * sx, 170.0, 9.0))
    for s, sx in (("L", 1.0), ("R", -1.0)):
        c = add(f"clavicle.{s}", ("clavicle", s, 0, 1), chest, (4.0 * sx, 145.0, 1.0))
        ua = add(f"upperarm.{s}", ("upperarm", s, 0, 1), c, (16.0 * sx, 145.0, 0.0))
        add(f"upperarm_twist.{s}", ("upperarm_twist", s, 0, 1), ua, (29.0 * sx, 145.0, 0.0))
        la = add(f"lowerarm.{s}", ("lowerarm", s, 0, 1), ua, (42.0 * sx, 145.0, 0.0))
        add(f"lowerarm_twist.{s}", ("lowerarm_twist", s, 0, 1), la, (54.0 * sx, 145.0, 0.0))
        h = add(f"hand.{s}", ("hand", s, 0, 1), la, (66.0 * sx, 145.0, 0.0))
        for f in FINGER_WORDS:
            q, z = h, _FINGER_Z[f]
            for k in range(0 if f != "thumb" else 1, 4):
                if f == "thumb":  # carpometacarpal joint near the wrist, then forward and out
                    pos = (67.5 + 3.0 * k, 143.0 - 1.0 * k, 2.0 + 2.0 * k)
                else:  # metacarpal head next to the wrist, knuckle ~8 cm out, then 4.5 / 2.5 cm segments
                    pos = ((67.5, 75.5, 80.0, 82.5)[k], 145.0, z * (0.5 if k == 0 else 1.0))
                q = add(f"{f}{k}.{s}", (f, s, k, 3), q, (pos[0] * sx, pos[1], pos[2]))
    for s, sx in (("L", 1.0), ("R", -1.0)):
        t = add(f"thigh.{s}", ("thigh", s, 0, 1), "pelvis", (10.0 * sx, 95.0, 0.0))
        add(f"thigh_twist.{s}", ("thigh_twist", s, 0, 1), t, (10.0 * sx, 74.0, 0.0))
        cf = add(f"calf.{s}", ("calf", s, 0, 1), t, (10.0 * sx, 52.0, 1.0))
        ft = add(f"foot.{s}", ("foot", s, 0, 1), cf, (10.0 * sx, 9.0, 0.0))
        add(f"ball.{s}", ("ball", s, 0, 1), ft, (10.0 * sx, 2.0, 12.0))
    for key, parent, pos in _EXTRAS:
        add(key, None, parent, pos)
    return out


def demo_rig(convention: str = DEFAULT_CONVENTION) -> Skeleton:
    """The demo humanoid with ``convention``'s bone names (roles a convention has no name for are left out)."""
    if convention not in CONVENTIONS:
        from enginemind.errors import InvalidInput

        raise InvalidInput(f"unknown naming convention {convention!r}; one of {', '.join(CONVENTIONS)}")
    namer = CONVENTIONS[convention]
    names: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    bones = []
    for key, role, parent, pos in _layout():
        name = key if role is None else namer(*role)
        parents[key] = parent
        while parent is not None and parent not in names:  # skip roles the convention does not name
            parent = parents[parent]
        if name is None:
            continue
        names[key] = name
        bones.append({"name": name, "parent": names[parent] if parent else None, "position": list(pos)})
    return Skeleton.from_dict({"bones": bones, "up_axis": "y", "units": "cm"})


def to_bvh(sk: Skeleton) -> str:
    """The HIERARCHY (OFFSETs from the rest positions) and a one-frame rest-pose MOTION section."""
    if spaced := [n for n in sk.names if len(n.split()) != 1]:
        from enginemind.errors import InvalidInput

        raise InvalidInput(f"BVH names cannot contain whitespace: {spaced[:3]}; write the skeleton as JSON instead")
    lines = ["HIERARCHY"]
    channels = 0

    def write(i: int, depth: int) -> None:
        nonlocal channels
        pad = "  " * depth
        bone = sk.bones[i]
        p = sk.parent_index(i)
        base = sk.bones[p].position if p >= 0 else (0.0, 0.0, 0.0)
        off = [a - b for a, b in zip(bone.position or (0.0, 0.0, 0.0), base or (0.0, 0.0, 0.0), strict=True)]
        lines.append(f"{pad}{'ROOT' if p < 0 else 'JOINT'} {bone.name}")
        lines.append(pad + "{")
        lines.append(f"{pad}  OFFSET {off[0]:.4f} {off[1]:.4f} {off[2]:.4f}")
        if p < 0:
            lines.append(f"{pad}  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation")
            channels += 6
        else:
            lines.append(f"{pad}  CHANNELS 3 Zrotation Xrotation Yrotation")
            channels += 3
        kids = sk.children(i)
        for c in kids:
            write(c, depth + 1)
        if not kids:
            lines.extend([f"{pad}  End Site", pad + "  {", f"{pad}    OFFSET 0.0000 2.0000 0.0000", pad + "  }"])
        lines.append(pad + "}")

    for r in sk.roots():
        write(r, 0)
    lines += ["MOTION", "Frames: 1", "Frame Time: 0.0333333", " ".join(["0.0000"] * channels)]
    return "\n".join(lines) + "\n"


def write_demo_rig(out_dir: str | Path, convention: str = DEFAULT_CONVENTION) -> Path:
    """Write ``demo_rig_<convention>.bvh`` into ``out_dir`` and return its path."""
    out = Path(out_dir) / f"demo_rig_{convention}.bvh"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_bvh(demo_rig(convention)), encoding="utf-8")
    return out
