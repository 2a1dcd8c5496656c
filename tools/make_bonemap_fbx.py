"""Make the small FBX fixtures of tests/bonemap/fixtures/ with Blender (``bpy`` from PyPI, not a project dependency).

    python3.11 -m venv /tmp/bpy-venv && /tmp/bpy-venv/bin/pip install bpy      # about 1 GB, once
    /tmp/bpy-venv/bin/python tools/make_bonemap_fbx.py [--out tests/bonemap/fixtures]

Writes (Blender's exporter writes binary FBX 7.4 only; the ASCII and 7.5 files are converted from those by
``tools/fbx_convert.py``, a node-for-node rewrite of the same document):

- ``mixamo_skeleton_only_cm.fbx``: an armature with no mesh (animation / mocap export), ``mixamorig:`` names,
  scene in centimetres; ``..._ascii.fbx`` is the same file as ASCII FBX 7.4;
- ``metarig_quads_m.fbx``: Blender basic-metarig names (``spine`` = hips, ``thigh.L``), skinned to a mesh of
  quads and n-gons, metres, the left arm posed 60 degrees down (the bind pose is the rest pose);
  ``..._v75.fbx`` is the same file as binary FBX 7.5 (the 2016-2020 layout, 64-bit offsets).

The rigs are the ``RIGS`` tables below: (name, parent, head position in metres, Y up, +X = character left).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fbx_convert import convert  # noqa: E402

Joint = tuple[str, "str | None", tuple[float, float, float]]


def _humanoid(names: dict[str, str], side_fmt: str, fingers: tuple[str, ...] = ("Thumb", "Index")) -> list[Joint]:
    """A small humanoid (metres, Y up, +X left, toes towards +Z) named through ``names`` (role -> name)."""
    out: list[Joint] = []

    def add(role: str, parent: str | None, pos: tuple[float, float, float]) -> None:
        out.append((names.get(role, role), names.get(parent, parent) if parent else None, pos))

    add("hips", None, (0, 1.0, 0))
    add("spine", "hips", (0, 1.1, 0))
    add("spine1", "spine", (0, 1.2, 0))
    add("chest", "spine1", (0, 1.35, 0))
    add("neck", "chest", (0, 1.5, 0))
    add("head", "neck", (0, 1.6, 0))
    for side, sx in (("L", 1), ("R", -1)):
        def s(role: str, side: str = side) -> str:
            return side_fmt.format(role=role, side=side)
        add(s("clavicle"), "chest", (0.05 * sx, 1.45, 0))
        add(s("upperarm"), s("clavicle"), (0.15 * sx, 1.45, 0))
        add(s("forearm"), s("upperarm"), (0.40 * sx, 1.45, 0))
        add(s("hand"), s("forearm"), (0.65 * sx, 1.45, 0))
        for k, f in enumerate(fingers):
            parent = s("hand")
            for seg in (1, 2, 3):
                add(s(f"{f}{seg}"), parent, ((0.70 + 0.03 * seg) * sx, 1.45, 0.04 - 0.03 * k))
                parent = s(f"{f}{seg}")
        add(s("thigh"), "hips", (0.10 * sx, 0.95, 0))
        add(s("calf"), s("thigh"), (0.10 * sx, 0.50, 0))
        add(s("foot"), s("calf"), (0.10 * sx, 0.08, 0))
        add(s("toe"), s("foot"), (0.10 * sx, 0.02, 0.10))
    return out


MIXAMO = {"hips": "mixamorig:Hips", "spine": "mixamorig:Spine", "spine1": "mixamorig:Spine1",
          "chest": "mixamorig:Spine2", "neck": "mixamorig:Neck", "head": "mixamorig:Head"}
for _side, _word in (("L", "Left"), ("R", "Right")):
    MIXAMO.update({f"{r}.{_side}": f"mixamorig:{_word}{n}" for r, n in (
        ("clavicle", "Shoulder"), ("upperarm", "Arm"), ("forearm", "ForeArm"), ("hand", "Hand"), ("thigh", "UpLeg"),
        ("calf", "Leg"), ("foot", "Foot"), ("toe", "ToeBase"))})
    MIXAMO.update({f"{f}{k}.{_side}": f"mixamorig:{_word}Hand{f}{k}" for f in ("Thumb", "Index") for k in (1, 2, 3)})
METARIG = {"hips": "spine", "spine": "spine.001", "spine1": "spine.002", "chest": "spine.003",
           "neck": "spine.004", "head": "spine.006"}
for _side in ("L", "R"):
    METARIG.update({f"{r}.{_side}": f"{n}.{_side}" for r, n in (
        ("clavicle", "shoulder"), ("upperarm", "upper_arm"), ("forearm", "forearm"), ("hand", "hand"),
        ("thigh", "thigh"), ("calf", "shin"), ("foot", "foot"), ("toe", "toe"))})
    METARIG.update({f"Thumb{k}.{_side}": f"thumb.0{k}.{_side}" for k in (1, 2, 3)})
    METARIG.update({f"Index{k}.{_side}": f"f_index.0{k}.{_side}" for k in (1, 2, 3)})
RIGS = {"mixamo": _humanoid(MIXAMO, "{role}.{side}"), "metarig": _humanoid(METARIG, "{role}.{side}")}


def _blender(p: tuple[float, float, float], scale: float) -> tuple[float, float, float]:
    """Y-up character coordinates (toes +Z) to Blender's Z-up, character facing -Y."""
    return (p[0] * scale, -p[2] * scale, p[1] * scale)


def _armature(bpy, joints: list[Joint], scale: float, name: str = "Armature"):  # noqa: ANN001, ANN202
    arm = bpy.data.armatures.new(name)
    obj = bpy.data.objects.new(name, arm)
    bpy.context.scene.collection.objects.link(obj)
    bpy.context.view_layer.objects.active = obj
    bpy.ops.object.mode_set(mode="EDIT")
    heads = {n: _blender(p, scale) for n, _, p in joints}
    kids: dict[str, list[str]] = {}
    for n, par, _ in joints:
        if par:
            kids.setdefault(par, []).append(n)
    for n, par, _ in joints:
        eb = arm.edit_bones.new(n)
        eb.head = heads[n]
        if len(kids.get(n, [])) == 1:
            tail = heads[kids[n][0]]
        elif par:  # a leaf or a branch: half the parent's direction on
            tail = tuple(h + 0.5 * (h - q) for h, q in zip(heads[n], heads[par], strict=True))
        else:
            tail = (heads[n][0], heads[n][1], heads[n][2] + 0.1 * scale)
        eb.tail = tail
    for n, par, _ in joints:
        if par:
            arm.edit_bones[n].parent = arm.edit_bones[par]
    bpy.ops.object.mode_set(mode="OBJECT")
    return obj


def _skinned_mesh(bpy, arm_obj, joints: list[Joint], scale: float):  # noqa: ANN001, ANN202
    """A cylinder (quads on the sides, 8-gon caps) around the body, each vertex weighted to its nearest joint."""
    bpy.ops.mesh.primitive_cylinder_add(vertices=8, radius=0.2 * scale, depth=1.6 * scale,
                                        location=(0, 0, 0.8 * scale))
    mesh = bpy.context.active_object
    mesh.name = "Body"
    heads = {n: _blender(p, scale) for n, _, p in joints}
    for v in mesh.data.vertices:
        w = mesh.matrix_world @ v.co
        near = min(heads, key=lambda n: sum((a - b) ** 2 for a, b in zip(heads[n], w, strict=True)))
        grp = mesh.vertex_groups.get(near) or mesh.vertex_groups.new(name=near)
        grp.add([v.index], 1.0, "REPLACE")
    mesh.parent = arm_obj
    mod = mesh.modifiers.new("Armature", "ARMATURE")
    mod.object = arm_obj
    return mesh


def _reset(bpy) -> None:  # noqa: ANN001
    bpy.ops.wm.read_factory_settings(use_empty=True)


def make(out: Path) -> list[Path]:
    import bpy

    out.mkdir(parents=True, exist_ok=True)
    made = []
    # 1. skeleton only, centimetres (scene unit scale 0.01, coordinates x100), Mixamo names
    _reset(bpy)
    bpy.context.scene.unit_settings.scale_length = 0.01
    _armature(bpy, RIGS["mixamo"], 100.0)
    path = out / "mixamo_skeleton_only_cm.fbx"
    bpy.ops.export_scene.fbx(filepath=str(path), object_types={"ARMATURE"}, add_leaf_bones=False,
                             apply_scale_options="FBX_SCALE_UNITS", bake_anim=False)
    made.append(path)
    made.append(convert(path, out / "mixamo_skeleton_only_cm_ascii.fbx", "ascii"))
    # 2. armature + quad / n-gon mesh, metres, metarig names, left arm posed down (bind pose = rest)
    _reset(bpy)
    arm = _armature(bpy, RIGS["metarig"], 1.0)
    _skinned_mesh(bpy, arm, RIGS["metarig"], 1.0)
    pb = arm.pose.bones["upper_arm.L"]
    pb.rotation_mode = "XYZ"
    pb.rotation_euler = (0.0, 0.0, math.radians(-60.0))
    bpy.context.view_layer.update()
    path = out / "metarig_quads_m.fbx"
    bpy.ops.export_scene.fbx(filepath=str(path), object_types={"ARMATURE", "MESH"}, add_leaf_bones=False,
                             bake_anim=False)
    made.append(path)
    made.append(convert(path, out / "metarig_quads_m_v75.fbx", "binary75"))
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "tests/bonemap/fixtures"))
    for p in make(Path(ap.parse_args().out)):
        print(f"wrote {p} ({p.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
