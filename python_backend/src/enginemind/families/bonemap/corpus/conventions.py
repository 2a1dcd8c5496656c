"""Public bone-naming conventions (names and hierarchies are facts) used to generate the training corpus.

Each convention renders a role ``(kind, side, k, n)`` to a bone name (``k`` = position in a run of ``n``:
spine / neck bones, finger segments, twist bones) or None when that rig family has no such bone.
"""

from __future__ import annotations

from collections.abc import Callable

Namer = Callable[[str, str | None, int, int], str | None]
FINGER_WORDS = {"thumb": "Thumb", "index": "Index", "middle": "Middle", "ring": "Ring", "pinky": "Pinky"}


def _pick(seq: list[str], k: int, n: int) -> str:
    """k-th of n run names from a list (spread when n is shorter than the list)."""
    if n <= 1:
        return seq[0]
    return seq[round(k * (len(seq) - 1) / (n - 1))] if n <= len(seq) else f"{seq[-1]}{k}"


def mixamo(kind: str, side: str | None, k: int, n: int) -> str | None:
    name = _mixamo(kind, side, k, n)
    return "mixamorig:" + name if name else None


def _mixamo(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = {"L": "Left", "R": "Right"}.get(side or "", "")
    table = {"pelvis": "Hips", "head": "Head", "clavicle": f"{s}Shoulder", "upperarm": f"{s}Arm",
             "lowerarm": f"{s}ForeArm", "hand": f"{s}Hand", "thigh": f"{s}UpLeg", "calf": f"{s}Leg",
             "foot": f"{s}Foot", "ball": f"{s}ToeBase", "eye": f"{s}Eye", "head_end": "HeadTop_End",
             "toe_end": f"{s}Toe_End"}
    if kind == "spine":
        return "Spine" if k == 0 else f"Spine{k}"
    if kind == "neck":
        return "Neck" if k == 0 else f"Neck{k}"
    if kind in FINGER_WORDS:
        return None if k == 0 else f"{s}Hand{FINGER_WORDS[kind]}{k}"
    return table.get(kind)


def ue(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = (side or "").lower()
    if kind in ("spine", "neck"):
        return f"{kind}_{k + 1:02d}"
    if kind in FINGER_WORDS:
        return f"{kind}_metacarpal_{s}" if k == 0 else f"{kind}_{k:02d}_{s}"
    if kind.endswith("_twist"):
        return f"{kind.split('_')[0]}_twist_{k + 1:02d}_{s}"
    table = {"root": "root", "pelvis": "pelvis", "head": "head", "ball": f"ball_{s}", "eye": f"eye_{s}",
             "jaw": "jaw"}
    if kind in table:
        return table[kind]
    if kind in ("clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot"):
        return f"{kind}_{s}"
    return None


def unity(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = {"L": "Left", "R": "Right"}.get(side or "", "")
    if kind == "spine":
        return _pick(["Spine", "Chest", "UpperChest"], k, n)
    seg = {1: "Proximal", 2: "Intermediate", 3: "Distal"}
    if kind in FINGER_WORDS:
        word = "Little" if kind == "pinky" else FINGER_WORDS[kind]
        return f"{s}{word}{seg[k]}" if k in seg else None
    table = {"pelvis": "Hips", "neck": "Neck", "head": "Head", "jaw": "Jaw", "eye": f"{s}Eye",
             "clavicle": f"{s}Shoulder", "upperarm": f"{s}UpperArm", "lowerarm": f"{s}LowerArm", "hand": f"{s}Hand",
             "thigh": f"{s}UpperLeg", "calf": f"{s}LowerLeg", "foot": f"{s}Foot", "ball": f"{s}Toes"}
    return table.get(kind) if not (kind == "neck" and k > 0) else None


def vroid(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = side or "C"
    if kind == "spine":
        return "J_Bip_C_" + _pick(["Spine", "Chest", "UpperChest"], k, n)
    if kind in FINGER_WORDS:
        word = "Little" if kind == "pinky" else FINGER_WORDS[kind]
        return f"J_Bip_{s}_{word}{k}" if k >= 1 else None
    table = {"pelvis": "Hips", "neck": "Neck", "head": "Head", "clavicle": "Shoulder", "upperarm": "UpperArm",
             "lowerarm": "LowerArm", "hand": "Hand", "thigh": "UpperLeg", "calf": "LowerLeg", "foot": "Foot",
             "ball": "ToeBase"}
    if kind == "eye":
        return f"J_Adj_{s}_FaceEye"
    if kind == "root":
        return "Root"
    return f"J_Bip_{s}_{table[kind]}" if kind in table and not (kind == "neck" and k > 0) else None


def biped(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = f"Bip01 {side} " if side else "Bip01 "
    if kind == "spine":
        return "Bip01 Spine" if k == 0 else f"Bip01 Spine{k}"
    if kind == "neck":
        return "Bip01 Neck" if k == 0 else f"Bip01 Neck{k}"
    fingers = {"thumb": 0, "index": 1, "middle": 2, "ring": 3, "pinky": 4}
    if kind in fingers:
        if k == 0:
            return None
        return f"{s}Finger{fingers[kind]}" + ("" if k == 1 else str(k - 1))
    table = {"root": "Bip01", "pelvis": "Pelvis", "head": "Head", "clavicle": "Clavicle", "upperarm": "UpperArm",
             "lowerarm": "Forearm", "hand": "Hand", "thigh": "Thigh", "calf": "Calf", "foot": "Foot", "ball": "Toe0",
             "head_end": "HeadNub", "toe_end": "Toe0Nub"}
    if kind == "root":
        return "Bip01"
    if kind.endswith("_twist"):
        limb = {"upperarm": "UpArm", "lowerarm": "Fore", "thigh": "Thigh", "calf": "Calf"}[kind.split("_")[0]]
        return f"{s}{limb}Twist{k or ''}"
    return s + table[kind] if kind in table else None


def rigify(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = f".{side}" if side else ""
    if kind == "pelvis":
        return "DEF-spine"
    if kind == "spine":
        return f"DEF-spine.{k + 1:03d}"
    if kind == "neck":
        return f"DEF-neck.{k + 1:03d}"
    if kind in FINGER_WORDS:
        if k == 0:
            return None if kind == "thumb" else f"DEF-palm.{list(FINGER_WORDS).index(kind):02d}{s}"
        base = "thumb" if kind == "thumb" else f"f_{kind}"
        return f"DEF-{base}.{k:02d}{s}"
    table = {"head": "head", "clavicle": "shoulder", "upperarm": "upper_arm", "lowerarm": "forearm", "hand": "hand",
             "thigh": "thigh", "calf": "shin", "foot": "foot", "ball": "toe", "jaw": "jaw", "eye": "eye"}
    return f"DEF-{table[kind]}{s}" if kind in table else None


def daz(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = (side or "").lower()
    if kind == "spine":
        return _pick(["abdomenLower", "abdomenUpper", "chestLower", "chestUpper"], k, n)
    if kind == "neck":
        return _pick(["neckLower", "neckUpper"], k, n)
    if kind in FINGER_WORDS:
        if k == 0:
            return None if kind == "thumb" else f"{s}Carpal{list(FINGER_WORDS).index(kind)}"
        return f"{s}{'Mid' if kind == 'middle' else FINGER_WORDS[kind]}{k}"
    if kind.endswith("_twist") and k > 0:
        return None
    if kind == "upperarm_twist":
        return f"{s}ShldrTwist"
    if kind == "lowerarm_twist":
        return f"{s}ForearmTwist"
    if kind == "thigh_twist":
        return f"{s}ThighTwist"
    table = {"pelvis": "hip", "head": "head", "clavicle": "Collar", "upperarm": "ShldrBend", "lowerarm": "ForearmBend",
             "hand": "Hand", "thigh": "ThighBend", "calf": "Shin", "foot": "Foot", "ball": "Toe", "eye": "Eye"}
    if kind in table:
        return (s + table[kind]) if side else table[kind]
    return None


def mmd(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = {"L": "左", "R": "右"}.get(side or "", "")
    if kind == "spine":
        return "上半身" if k == 0 else f"上半身{k + 1}"
    fingers = {"thumb": "親指", "index": "人指", "middle": "中指", "ring": "薬指", "pinky": "小指"}
    if kind in fingers:
        if kind == "thumb":
            return f"{s}親指{'０１２'[k - 1]}" if 1 <= k <= 3 else None
        return f"{s}{fingers[kind]}{'０１２３'[k]}" if 1 <= k <= 3 else None
    table = {"root": "全ての親", "pelvis": "下半身", "neck": "首", "head": "頭", "clavicle": "肩", "upperarm": "腕",
             "lowerarm": "ひじ", "hand": "手首", "thigh": "足", "calf": "ひざ", "foot": "足首", "ball": "つま先",
             "eye": "目", "upperarm_twist": "腕捩", "lowerarm_twist": "手捩"}
    if kind in table and not (kind in ("neck", "upperarm_twist", "lowerarm_twist") and k > 0):
        return (s + table[kind]) if kind in ("clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot",
                                             "ball", "eye", "upperarm_twist", "lowerarm_twist") else table[kind]
    return None


def cc(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = f"{side}_" if side else ""
    if kind == "spine":
        return "CC_Base_" + _pick(["Waist", "Spine01", "Spine02"], k, n)
    if kind == "neck":
        return f"CC_Base_NeckTwist{k + 1:02d}"
    if kind in FINGER_WORDS:
        word = "Mid" if kind == "middle" else FINGER_WORDS[kind]
        return f"CC_Base_{s}{word}{k}" if k >= 1 else None
    if kind.endswith("_twist"):
        limb = {"upperarm": "Upperarm", "lowerarm": "Forearm", "thigh": "Thigh", "calf": "Calf"}[kind.split("_")[0]]
        return f"CC_Base_{s}{limb}Twist{k + 1:02d}"
    table = {"root": "BoneRoot", "pelvis": "Hip", "head": "Head", "clavicle": "Clavicle", "upperarm": "Upperarm",
             "lowerarm": "Forearm", "hand": "Hand", "thigh": "Thigh", "calf": "Calf", "foot": "Foot", "ball": "ToeBase",
             "eye": "Eye"}
    return f"CC_Base_{s}{table[kind]}" if kind in table else None


def smpl(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = {"L": "left_", "R": "right_"}.get(side or "", "")
    if kind == "spine":
        return f"spine{k + 1}"
    table = {"pelvis": "pelvis", "neck": "neck", "head": "head", "clavicle": "collar", "upperarm": "shoulder",
             "lowerarm": "elbow", "hand": "wrist", "thigh": "hip", "calf": "knee", "foot": "ankle", "ball": "foot",
             "hand_end": "hand"}
    if kind in table and not (kind == "neck" and k > 0):
        return s + table[kind]
    return None


def xsens(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = {"L": "Left", "R": "Right"}.get(side or "", "")
    if kind == "spine":
        return _pick(["L5", "L3", "T12", "T8"], k, n)
    table = {"pelvis": "Pelvis", "neck": "Neck", "head": "Head", "clavicle": f"{s}Shoulder",
             "upperarm": f"{s}UpperArm", "lowerarm": f"{s}Forearm", "hand": f"{s}Hand", "thigh": f"{s}UpperLeg",
             "calf": f"{s}LowerLeg", "foot": f"{s}Foot", "ball": f"{s}Toe"}
    return table.get(kind) if not (kind == "neck" and k > 0) else None


def blender(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = f".{side}" if side else ""
    if kind == "spine":
        return "spine" if k == 0 else f"spine.{k:03d}"
    if kind in FINGER_WORDS:
        return f"{'finger_' if kind != 'thumb' else ''}{kind}.{k:02d}{s}" if k >= 1 else None
    table = {"pelvis": "hips", "neck": "neck", "head": "head", "clavicle": "shoulder", "upperarm": "upper_arm",
             "lowerarm": "forearm", "hand": "hand", "thigh": "thigh", "calf": "shin", "foot": "foot", "ball": "toe",
             "root": "root"}
    return f"{table[kind]}{s}" if kind in table and not (kind == "neck" and k > 0) else None


CONVENTIONS: dict[str, Namer] = {"mixamo": mixamo, "ue": ue, "unity": unity, "vroid": vroid, "biped": biped,
                                 "rigify": rigify, "daz": daz, "mmd": mmd, "cc": cc, "smpl": smpl, "xsens": xsens,
                                 "blender": blender}
