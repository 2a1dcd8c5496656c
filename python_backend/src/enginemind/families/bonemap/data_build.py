"""Builds the shipped target files in ``data/`` from public naming conventions (names and hierarchies are facts).

Run ``python -m enginemind.families.bonemap.data_build [MANNY_JSON]`` to rewrite them. ``ue5_manny`` takes its
161 bones, parents and rest positions from the Manny dump in the shared development folder (the target
skeleton itself, not a labelled rig); the other targets are written out here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
SIDES = (("L", "l", "Left", "left"), ("R", "r", "Right", "right"))
FINGERS = (("thumb", "Thumb", "Thumb"), ("index", "Index", "Index"), ("middle", "Middle", "Middle"),
           ("ring", "Ring", "Ring"), ("pinky", "Pinky", "Little"))


def _ue_chains(spine: int, neck: int, metacarpals: bool) -> dict[str, list[str]]:
    chains: dict[str, list[str]] = {"Root": ["root"], "Spine": [f"spine_{i:02d}" for i in range(1, spine + 1)],
                                    "Neck": [f"neck_{i:02d}" for i in range(1, neck + 1)], "Head": ["head"]}
    for _, s, side, _ in SIDES:
        chains[f"{side}Clavicle"] = [f"clavicle_{s}"]
        chains[f"{side}Arm"] = [f"upperarm_{s}", f"lowerarm_{s}", f"hand_{s}"]
        for f, cap, _ in FINGERS:
            if metacarpals and f != "thumb":
                chains[f"{side}{cap}Metacarpal"] = [f"{f}_metacarpal_{s}"]
            chains[f"{side}{cap}"] = [f"{f}_{i:02d}_{s}" for i in (1, 2, 3)]
        chains[f"{side}Leg"] = [f"thigh_{s}", f"calf_{s}", f"foot_{s}", f"ball_{s}"]
    return chains


def _goals(hand: str, foot: str, arm: str = "Arm", leg: str = "Leg") -> dict[str, dict[str, str]]:
    out = {}
    for _, s, side, low in SIDES:
        out[f"{side}HandIK"] = {"bone": hand.format(s=s, side=side, low=low), "chain": f"{side}{arm}"}
        out[f"{side}FootIK"] = {"bone": foot.format(s=s, side=side, low=low), "chain": f"{side}{leg}"}
    return out


def ue5_manny(src: Path) -> dict:
    d = json.loads(src.read_text(encoding="utf-8"))
    bones = [{"name": b["name"], "parent": b["parent"], "position": b["rest_position"]} for b in d["bones"]]
    return {"name": "ue5_manny", "description": "UE5 Mannequin (SKM_Manny / SKM_Quinn), 161 bones",
            "up_axis": "z", "units": "cm", "bones": bones, "retarget_root": "pelvis", "lone_spine": "spine_05",
            "chains": _ue_chains(5, 2, True), "ik_goals": _goals("hand_{s}", "foot_{s}"),
            "ik_bones": {"ik_foot_l": "foot_l", "ik_foot_r": "foot_r", "ik_hand_l": "hand_l", "ik_hand_r": "hand_r",
                         "ik_hand_gun": "hand_r"}}


def ue4_mannequin() -> dict:
    b: list[tuple[str, str | None]] = [("root", None), ("pelvis", "root"), ("spine_01", "pelvis"),
                                       ("spine_02", "spine_01"), ("spine_03", "spine_02")]
    for _, s, _, _ in SIDES:
        b += [(f"clavicle_{s}", "spine_03"), (f"upperarm_{s}", f"clavicle_{s}"), (f"lowerarm_{s}", f"upperarm_{s}"),
              (f"hand_{s}", f"lowerarm_{s}")]
        for f, _, _ in FINGERS:
            b += [(f"{f}_01_{s}", f"hand_{s}"), (f"{f}_02_{s}", f"{f}_01_{s}"), (f"{f}_03_{s}", f"{f}_02_{s}")]
        b += [(f"lowerarm_twist_01_{s}", f"lowerarm_{s}"), (f"upperarm_twist_01_{s}", f"upperarm_{s}")]
    b += [("neck_01", "spine_03"), ("head", "neck_01")]
    for _, s, _, _ in SIDES:
        b += [(f"thigh_{s}", "pelvis"), (f"calf_{s}", f"thigh_{s}"), (f"calf_twist_01_{s}", f"calf_{s}"),
              (f"foot_{s}", f"calf_{s}"), (f"ball_{s}", f"foot_{s}"), (f"thigh_twist_01_{s}", f"thigh_{s}")]
    b += [("ik_foot_root", "root"), ("ik_foot_l", "ik_foot_root"), ("ik_foot_r", "ik_foot_root"),
          ("ik_hand_root", "root"), ("ik_hand_gun", "ik_hand_root"), ("ik_hand_l", "ik_hand_gun"),
          ("ik_hand_r", "ik_hand_gun")]
    return {"name": "ue4_mannequin", "description": "UE4 Mannequin (SK_Mannequin), 68 bones incl. ik_*",
            "up_axis": "z", "units": "cm", "bones": [{"name": n, "parent": p} for n, p in b],
            "retarget_root": "pelvis", "lone_spine": "spine_03", "chains": _ue_chains(3, 1, False),
            "ik_goals": _goals("hand_{s}", "foot_{s}")}


def _humanoid(name: str, descr: str, fmt: dict[str, str], finger_seg: tuple[str, str, str],
              thumb_seg: tuple[str, str, str], prefix: str = "", lone_spine: str | None = None) -> dict:
    """Unity- / VRM- / Mixamo-like humanoids from a name format table (``lone_spine``: the format key of the bone
    a source's only spine bone takes; Unity's and VRM's Humanoid need their Spine and give none)."""
    def n(key: str, **kw: str) -> str:
        return prefix + fmt[key].format(**kw)
    b = [(n("hips"), None), (n("spine"), n("hips")), (n("chest"), n("spine"))]
    top = n("chest")
    if "upperchest" in fmt:
        b.append((n("upperchest"), n("chest")))
        top = n("upperchest")
    b += [(n("neck"), top), (n("head"), n("neck"))]
    chains: dict[str, list[str]] = {"Spine": [x for x, _ in b[1:-2]], "Neck": [n("neck")], "Head": [n("head")]}
    if "jaw" in fmt:
        b.append((n("jaw"), n("head")))
    for _, _, side, low in SIDES:
        kw = {"side": side, "low": low}
        if "eye" in fmt:
            b.append((n("eye", **kw), n("head")))
        b += [(n("shoulder", **kw), top), (n("upperarm", **kw), n("shoulder", **kw)),
              (n("lowerarm", **kw), n("upperarm", **kw)), (n("hand", **kw), n("lowerarm", **kw))]
        chains[f"{side}Clavicle"] = [n("shoulder", **kw)]
        chains[f"{side}Arm"] = [n("upperarm", **kw), n("lowerarm", **kw), n("hand", **kw)]
        for f, cap, alt in FINGERS:
            segs = thumb_seg if f == "thumb" else finger_seg
            fname = alt if fmt.get("little") == "Little" else cap
            names = [n("finger", seg=seg, finger=fname, **kw) for seg in segs]
            parent = n("hand", **kw)
            for x in names:
                b.append((x, parent))
                parent = x
            chains[f"{side}{cap}"] = names
        b += [(n("upperleg", **kw), n("hips")), (n("lowerleg", **kw), n("upperleg", **kw)),
              (n("foot", **kw), n("lowerleg", **kw)), (n("toes", **kw), n("foot", **kw))]
        chains[f"{side}Leg"] = [n("upperleg", **kw), n("lowerleg", **kw), n("foot", **kw), n("toes", **kw)]
    return {"name": name, "description": descr, "bones": [{"name": x, "parent": p} for x, p in b],
            "retarget_root": n("hips"), **({"lone_spine": n(lone_spine)} if lone_spine else {}), "chains": chains,
            "ik_goals": _goals(n("hand", side="{side}", low="{low}"), n("foot", side="{side}", low="{low}"))}


def unity_humanoid() -> dict:
    fmt = {"hips": "Hips", "spine": "Spine", "chest": "Chest", "upperchest": "UpperChest", "neck": "Neck",
           "head": "Head", "jaw": "Jaw", "eye": "{side}Eye", "shoulder": "{side}Shoulder",
           "upperarm": "{side}UpperArm", "lowerarm": "{side}LowerArm", "hand": "{side}Hand",
           "finger": "{side}{finger}{seg}", "upperleg": "{side}UpperLeg", "lowerleg": "{side}LowerLeg",
           "foot": "{side}Foot", "toes": "{side}Toes", "little": "Little"}
    seg = ("Proximal", "Intermediate", "Distal")
    return _humanoid("unity_humanoid", "Unity Mecanim humanoid (HumanBodyBones names, 55 bones)", fmt, seg, seg)


def vrm_humanoid() -> dict:
    fmt = {"hips": "hips", "spine": "spine", "chest": "chest", "upperchest": "upperChest", "neck": "neck",
           "head": "head", "jaw": "jaw", "eye": "{low}Eye", "shoulder": "{low}Shoulder",
           "upperarm": "{low}UpperArm", "lowerarm": "{low}LowerArm", "hand": "{low}Hand",
           "finger": "{low}{finger}{seg}", "upperleg": "{low}UpperLeg", "lowerleg": "{low}LowerLeg",
           "foot": "{low}Foot", "toes": "{low}Toes", "little": "Little"}
    return _humanoid("vrm_humanoid", "VRM 1.0 humanoid bone names (thumb: Metacarpal/Proximal/Distal)", fmt,
                     ("Proximal", "Intermediate", "Distal"), ("Metacarpal", "Proximal", "Distal"))


def mixamo() -> dict:
    fmt = {"hips": "Hips", "spine": "Spine", "chest": "Spine1", "upperchest": "Spine2", "neck": "Neck",
           "head": "Head", "eye": "{side}Eye", "shoulder": "{side}Shoulder", "upperarm": "{side}Arm",
           "lowerarm": "{side}ForeArm", "hand": "{side}Hand", "finger": "{side}Hand{finger}{seg}",
           "upperleg": "{side}UpLeg", "lowerleg": "{side}Leg", "foot": "{side}Foot", "toes": "{side}ToeBase"}
    t = _humanoid("mixamo", "Mixamo rig (mixamorig: namespace, 65 bones with HeadTop_End / finger 4 / Toe_End)",
                  fmt, ("1", "2", "3"), ("1", "2", "3"), prefix="mixamorig:", lone_spine="upperchest")
    names = {b["name"] for b in t["bones"]}
    extra = [("mixamorig:HeadTop_End", "mixamorig:Head")]
    for _, _, side, _ in SIDES:
        for _, cap, _ in FINGERS:
            extra.append((f"mixamorig:{side}Hand{cap}4", f"mixamorig:{side}Hand{cap}3"))
        extra.append((f"mixamorig:{side}Toe_End", f"mixamorig:{side}ToeBase"))
    t["bones"] += [{"name": x, "parent": p} for x, p in extra if x not in names]
    return t


def main(argv: list[str]) -> None:
    src = Path(argv[0] if argv else "/work/shared/bone_mapping_dev/ue5_manny_target.json")
    DATA.mkdir(exist_ok=True)
    for t in (ue5_manny(src), ue4_mannequin(), unity_humanoid(), vrm_humanoid(), mixamo()):
        (DATA / f"{t['name']}.json").write_text(json.dumps(t, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(t["name"], len(t["bones"]))


if __name__ == "__main__":
    main(sys.argv[1:])
