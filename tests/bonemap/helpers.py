"""Small skeletons for the bonemap tests (built from naming conventions, not from the development set)."""

from __future__ import annotations

import os
from pathlib import Path

DEV = Path(os.environ.get("ENGINEMIND_BONEMAP_DEV", "/work/shared/bone_mapping_dev"))


def mixamo_like(prefix: str = "mixamorig:", fingers: bool = True) -> dict:
    """A Mixamo-convention humanoid with positions (Y up, +X = character left)."""
    b: list[dict] = []

    def add(name: str, parent: str | None, pos: tuple[float, float, float]) -> None:
        b.append({"name": prefix + name, "parent": prefix + parent if parent else None, "position": list(pos)})

    add("Hips", None, (0, 100, 0))
    add("Spine", "Hips", (0, 110, 0))
    add("Spine1", "Spine", (0, 120, 0))
    add("Spine2", "Spine1", (0, 135, 0))
    add("Neck", "Spine2", (0, 150, 0))
    add("Head", "Neck", (0, 160, 0))
    add("HeadTop_End", "Head", (0, 180, 0))
    for side, sx in (("Left", 1), ("Right", -1)):
        add(f"{side}Shoulder", "Spine2", (5 * sx, 145, 0))
        add(f"{side}Arm", f"{side}Shoulder", (15 * sx, 145, 0))
        add(f"{side}ForeArm", f"{side}Arm", (40 * sx, 145, 0))
        add(f"{side}Hand", f"{side}ForeArm", (65 * sx, 145, 0))
        if fingers:
            for k, f in enumerate(("Thumb", "Index", "Middle", "Ring", "Pinky")):
                parent = f"{side}Hand"
                for seg in (1, 2, 3, 4):
                    add(f"{side}Hand{f}{seg}", parent, ((70 + 3 * seg) * sx, 145, 4 - 2 * k))
                    parent = f"{side}Hand{f}{seg}"
        add(f"{side}UpLeg", "Hips", (10 * sx, 95, 0))
        add(f"{side}Leg", f"{side}UpLeg", (10 * sx, 50, 0))
        add(f"{side}Foot", f"{side}Leg", (10 * sx, 8, 0))
        add(f"{side}ToeBase", f"{side}Foot", (10 * sx, 2, 10))
        add(f"{side}Toe_End", f"{side}ToeBase", (10 * sx, 2, 18))
    return {"bones": b, "up_axis": "y", "units": "cm"}


BVH = """HIERARCHY
ROOT Hips
{
  OFFSET 0.0 90.0 0.0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation
  JOINT Spine
  {
    OFFSET 0.0 10.0 0.0
    CHANNELS 3 Zrotation Xrotation Yrotation
    JOINT Head
    {
      OFFSET 0.0 30.0 0.0
      CHANNELS 3 Zrotation Xrotation Yrotation
      End Site
      {
        OFFSET 0.0 10.0 0.0
      }
    }
  }
  JOINT LeftUpLeg
  {
    OFFSET 10.0 -5.0 0.0
    CHANNELS 3 Zrotation Xrotation Yrotation
    End Site
    {
      OFFSET 0.0 -40.0 0.0
    }
  }
}
MOTION
Frames: 1
Frame Time: 0.0333
0 90 0 0 0 0 0 0 0 0 0 0 0 0 0
"""
