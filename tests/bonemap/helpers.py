"""Small skeletons for the bonemap tests (built from naming conventions, not from the development set)."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

DEV = Path(os.environ.get("ENGINEMIND_BONEMAP_DEV", "/work/shared/bone_mapping_dev"))
BENCH = Path(__file__).resolve().parents[2] / "tools" / "bench"


def load_bench(name: str) -> ModuleType:
    """A benchmark script of ``tools/bench`` (not a package) loaded as a module, for testing its helpers."""
    spec = importlib.util.spec_from_file_location(f"{name}_bench", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bone_adder(bones: list[dict]) -> Callable[[str, str | None, tuple[float, float, float]], None]:
    """``add(name, parent, position)`` appending a bone dict to ``bones`` (for skeletons written out by hand)."""

    def add(name: str, parent: str | None, pos: tuple[float, float, float]) -> None:
        bones.append({"name": name, "parent": parent, "position": list(pos)})

    return add


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


def insert_between(d: dict, name: str, parent: str, child: str, position: list[float]) -> None:
    """Hang a new bone ``name`` at ``position`` under ``parent`` and ``child`` under it (skeleton dict ``d``)."""
    d["bones"].append({"name": name, "parent": parent, "position": list(position)})
    for b in d["bones"]:
        if b["name"] == child:
            b["parent"] = name


def animation_only_fbx(text: str) -> str:
    """An ASCII FBX (7.x) with every LimbNode's translation moved out of its properties into a one-key animation
    curve, as animation-only exports write them (Qualisys Track Manager: every joint at the origin in the saved
    transforms, the skeleton in the curves)."""
    import re

    blocks, models = [], []
    for block in re.split(r"(?=\n\tModel: )", text):
        m = re.match(r'\n\tModel: (\d+), "Model::[^"]*", "LimbNode"', block)
        t = re.search(r'P: "Lcl Translation", "Lcl Translation", "", "A", ([^\n]+)', block) if m else None
        if m and t:
            models.append((m.group(1), [float(v) for v in t.group(1).split(",")]))
            block = block.replace(t.group(0), 'P: "Lcl Translation", "Lcl Translation", "", "A", 0.0, 0.0, 0.0')
        blocks.append(block)
    text = "".join(blocks)
    objs = ['\tAnimationStack: 899000001, "AnimStack::Take 001", "" {\n\t\tProperties70:  {\n'
            '\t\t\tP: "LocalStop", "KTime", "Time", "",46186158000\n\t\t}\n\t}\n'
            '\tAnimationLayer: 899000002, "AnimLayer::BaseLayer", "" {\n\t}\n']
    conns = ['\tC: "OO", 899000002, 899000001\n']
    nid = 900000000
    for model, vals in models:
        nid += 1
        node = nid
        props = "".join(f'\t\t\tP: "d|{a}", "Number", "", "A",{v}\n' for a, v in zip("XYZ", vals, strict=True))
        objs.append(f'\tAnimationCurveNode: {node}, "AnimCurveNode::T", "" {{\n\t\tProperties70:  {{\n{props}'
                    '\t\t}\n\t}\n')
        conns += [f'\tC: "OO", {node}, 899000002\n', f'\tC: "OP", {node}, {model}, "Lcl Translation"\n']
        for a, v in zip("XYZ", vals, strict=True):
            nid += 1
            objs.append(f'\tAnimationCurve: {nid}, "AnimCurve::", "" {{\n\t\tDefault: {v}\n\t\tKeyVer: 4009\n'
                        f'\t\tKeyTime: *1 {{\n\t\t\ta: 0\n\t\t}}\n\t\tKeyValueFloat: *1 {{\n\t\t\ta: {v}\n\t\t}}\n'
                        '\t\tKeyAttrFlags: *1 {\n\t\t\ta: 24836\n\t\t}\n\t\tKeyAttrDataFloat: *4 {\n'
                        '\t\t\ta: 0,0,218434821,0\n\t\t}\n\t\tKeyAttrRefCount: *1 {\n\t\t\ta: 1\n\t\t}\n\t}\n')
            conns.append(f'\tC: "OP", {nid}, {node}, "d|{a}"\n')
    end_objects = text.rindex("}", 0, text.index("\nConnections:  {"))
    text = text[:end_objects] + "".join(objs) + text[end_objects:]
    start = text.index("\nConnections:  {\n") + len("\nConnections:  {\n")
    return text[:start] + "".join(conns) + text[start:]


def map_without_names(data: dict) -> dict[str, str | None]:
    """The matcher's answers for a skeleton dict whose names were replaced by ``bone_NNN`` (the path a nameless
    rig takes), reported under the original names."""
    from enginemind.families.bonemap.config import MapConfig
    from enginemind.families.bonemap.corpus.devset import DevRig, anonymous
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.skeleton import Skeleton

    sk = Skeleton.from_dict(data)
    rig = anonymous(DevRig("nameless", sk, dict.fromkeys(sk.names), {}))
    back = dict(zip(rig.skeleton.names, sk.names, strict=True))
    res = Mapper(MapConfig(engine="matcher")).map(rig.skeleton, "ue5_manny")
    return {back[b]: t for b, t in res.mapping.items()}
