"""More public bone-naming conventions (names and hierarchies are facts; sources in docs/bonemap.md).

Same contract as ``conventions.py``: ``namer(kind, side, k, n)`` -> name or None (the rig family has no such
bone). Extra kinds: ``hand_end`` (a joint beyond the wrist, e.g. Kinect HandLeft), ``finger_tip``,
``head_end``, ``toe_end``, ``hip_helper`` (offset bone pelvis -> hip socket), ``leg_root`` (a bone below the
hips that carries both legs, e.g. Genesis 9 ``pelvis`` under ``hip``).
"""

from __future__ import annotations

from enginemind.families.bonemap.corpus.conventions import FINGER_WORDS, Namer, _pick

_F = list(FINGER_WORDS)


def humanik(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = {"L": "Left", "R": "Right"}.get(side or "", "")
    p = "Character1_"
    if kind == "spine":
        return p + ("Spine" if k == 0 else f"Spine{k}")
    if kind == "neck":
        return p + ("Neck" if k == 0 else f"Neck{k}")
    if kind in FINGER_WORDS:
        if k == 0:
            return None if kind == "thumb" else f"{p}{s}InHand{FINGER_WORDS[kind]}"
        return f"{p}{s}Hand{FINGER_WORDS[kind]}{k}" if k <= 4 else None
    twist = {"upperarm_twist": "ArmRoll", "lowerarm_twist": "ForeArmRoll", "thigh_twist": "UpLegRoll",
             "calf_twist": "LegRoll"}
    if kind in twist:
        return f"{p}{s}{twist[kind]}" + (str(k) if k > 0 else "")
    table = {"pelvis": "Hips", "head": "Head", "clavicle": "Shoulder", "upperarm": "Arm", "lowerarm": "ForeArm",
             "hand": "Hand", "thigh": "UpLeg", "calf": "Leg", "foot": "Foot", "ball": "ToeBase", "root": "Reference"}
    return p + (s + table[kind] if side else table[kind]) if kind in table else None


def neuron(kind: str, side: str | None, k: int, n: int) -> str | None:
    """Noitom Perception Neuron / Axis BVH (``InHand`` metacarpals)."""
    s = {"L": "Left", "R": "Right"}.get(side or "", "")
    if kind == "spine":
        return "Spine" if k == 0 else f"Spine{k}"
    if kind == "neck":
        return "Neck" if k == 0 else f"Neck{k}"
    if kind in FINGER_WORDS:
        if k == 0:
            return None if kind == "thumb" else f"{s}InHand{FINGER_WORDS[kind]}"
        return f"{s}Hand{FINGER_WORDS[kind]}{k}"
    table = {"pelvis": "Hips", "head": "Head", "clavicle": "Shoulder", "upperarm": "Arm", "lowerarm": "ForeArm",
             "hand": "Hand", "thigh": "UpLeg", "calf": "Leg", "foot": "Foot", "head_end": "HeadEnd"}
    return (s + table[kind] if side else table[kind]) if kind in table else None


def second_life(kind: str, side: str | None, k: int, n: int) -> str | None:
    """Second Life avatar skeleton (Bento): joint names (mShoulderLeft = upper arm, mHipLeft = thigh)."""
    s = {"L": "Left", "R": "Right"}.get(side or "", "")
    if kind == "spine":
        return _pick(["mTorso", "mSpine1", "mSpine2", "mChest"], k, n)
    if kind in FINGER_WORDS:
        word = {"pinky": "Pinky", "middle": "Middle"}.get(kind, FINGER_WORDS[kind])
        return f"mHand{word}{k}{s}" if 1 <= k <= 3 else None
    table = {"pelvis": "mPelvis", "neck": "mNeck", "head": "mHead", "clavicle": f"mCollar{s}",
             "upperarm": f"mShoulder{s}", "lowerarm": f"mElbow{s}", "hand": f"mWrist{s}", "thigh": f"mHip{s}",
             "calf": f"mKnee{s}", "foot": f"mAnkle{s}", "ball": f"mFoot{s}", "toe_end": f"mToe{s}",
             "eye": f"mEye{s}", "head_end": "mSkull"}
    return table.get(kind) if not (kind == "neck" and k > 0) else None


def valve(kind: str, side: str | None, k: int, n: int) -> str | None:
    """Source engine ValveBiped (Finger0 = thumb, FingerNM = finger N segment M+1)."""
    p = "ValveBiped.Bip01_" + (f"{side}_" if side else "")
    if kind == "spine":
        return p + _pick(["Spine", "Spine1", "Spine2", "Spine4"], k, n)
    if kind == "neck":
        return p + f"Neck{k + 1}"
    if kind in FINGER_WORDS:
        if not 1 <= k <= 3:
            return None
        return f"{p}Finger{_F.index(kind)}" + ("" if k == 1 else str(k - 1))
    if kind == "lowerarm_twist":
        return f"{p}Ulna" if k == 0 else None
    if kind == "upperarm_twist":
        return f"{p}Bicep" if k == 0 else None
    table = {"pelvis": "Pelvis", "head": "Head1", "clavicle": "Clavicle", "upperarm": "UpperArm",
             "lowerarm": "Forearm", "hand": "Hand", "thigh": "Thigh", "calf": "Calf", "foot": "Foot", "ball": "Toe0"}
    return p + table[kind] if kind in table else None


def advanced_skeleton(kind: str, side: str | None, k: int, n: int) -> str | None:
    """Maya AdvancedSkeleton (Root_M = pelvis, Shoulder = upper arm, Hip = thigh, *Part1 = twist)."""
    s = f"_{side}" if side else "_M"
    if kind == "spine":
        return ("Chest" if k == n - 1 and n > 1 else f"Spine{k + 1}") + s
    if kind == "neck":
        return ("Neck" if k == 0 else f"Neck{k}") + s
    if kind in FINGER_WORDS:
        word = {"pinky": "Pinky"}.get(kind, FINGER_WORDS[kind])
        if k == 0:
            return None if kind == "thumb" else f"{word}Finger0{s}"
        return f"{word}Finger{k}{s}"
    twist = {"upperarm_twist": "ShoulderPart", "lowerarm_twist": "ElbowPart", "thigh_twist": "HipPart",
             "calf_twist": "KneePart"}
    if kind in twist:
        return f"{twist[kind]}{k + 1}{s}"
    table = {"pelvis": "Root", "head": "Head", "clavicle": "Scapula", "upperarm": "Shoulder", "lowerarm": "Elbow",
             "hand": "Wrist", "thigh": "Hip", "calf": "Knee", "foot": "Ankle", "ball": "Toes", "toe_end": "ToesEnd",
             "head_end": "HeadEnd", "eye": "Eye", "jaw": "Jaw"}
    return table[kind] + s if kind in table else None


def mgear(kind: str, side: str | None, k: int, n: int) -> str | None:
    """mGear Shifter component-indexed joints: ``<component>_<side><index>_<n>_jnt``."""
    s = f"{side}0" if side else "C0"
    if kind == "pelvis":
        return "spine_C0_0_jnt"
    if kind == "spine":
        return f"spine_C0_{k + 1}_jnt"
    if kind == "neck":
        return f"neck_C0_{k}_jnt"
    if kind == "head":
        return "neck_C0_head_jnt"
    if kind in FINGER_WORDS:
        if kind == "thumb":
            return f"thumb_{s}_{k - 1}_jnt" if 1 <= k <= 3 else None
        j = _F.index(kind) - 1
        if k == 0:
            return f"meta_{side}0_{j}_jnt"
        return f"finger_{side}{j}_{k - 1}_jnt"
    table = {"clavicle": "shoulder_{s}_shoulder_jnt", "upperarm": "arm_{s}_0_jnt", "lowerarm": "arm_{s}_mid_jnt",
             "hand": "arm_{s}_end_jnt", "thigh": "leg_{s}_0_jnt", "calf": "leg_{s}_mid_jnt", "foot": "leg_{s}_end_jnt",
             "ball": "foot_{s}_0_jnt", "toe_end": "foot_{s}_1_jnt", "root": "body_C0_root"}
    twist = {"upperarm_twist": "arm_{s}_{k}_twst", "lowerarm_twist": "arm_{s}_{k}_lwr_twst",
             "thigh_twist": "leg_{s}_{k}_twst", "calf_twist": "leg_{s}_{k}_lwr_twst"}
    if kind in twist:
        return twist[kind].format(s=s, k=k + 1)
    return table[kind].format(s=s) if kind in table else None


def makehuman(kind: str, side: str | None, k: int, n: int) -> str | None:
    """MakeHuman default skeleton (spine05 at the bottom, finger1 = thumb, *01/*02 = bend / twist halves)."""
    s = f".{side}" if side else ""
    if kind == "spine":
        return f"spine{n - k:02d}"
    if kind == "neck":
        return f"neck{k + 1:02d}"
    if kind in FINGER_WORDS:
        f = _F.index(kind) + 1
        if k == 0:
            return None if kind == "thumb" else f"metacarpal{f - 1}{s}"
        return f"finger{f}-{k}{s}"
    twist = {"upperarm_twist": "upperarm02", "lowerarm_twist": "lowerarm02", "thigh_twist": "upperleg02",
             "calf_twist": "lowerleg02"}
    if kind in twist:
        return twist[kind] + s if k == 0 else None
    table = {"pelvis": "root", "head": "head", "clavicle": "clavicle", "upperarm": "upperarm01",
             "lowerarm": "lowerarm01", "hand": "wrist", "thigh": "upperleg01", "calf": "lowerleg01", "foot": "foot",
             "ball": "toe1-1", "hip_helper": "pelvis", "eye": "eye", "jaw": "jaw"}
    return table[kind] + s if kind in table else None


def roblox(kind: str, side: str | None, k: int, n: int) -> str | None:
    """Roblox R15 (LowerTorso = pelvis, UpperTorso = chest; no clavicles, neck or fingers)."""
    s = {"L": "Left", "R": "Right"}.get(side or "", "")
    table = {"root": "HumanoidRootPart", "pelvis": "LowerTorso", "head": "Head", "upperarm": "UpperArm",
             "lowerarm": "LowerArm", "hand": "Hand", "thigh": "UpperLeg", "calf": "LowerLeg", "foot": "Foot"}
    if kind == "spine":
        return "UpperTorso" if k == n - 1 else f"Waist{k}"
    return (s + table[kind] if side else table[kind]) if kind in table else None


def kinect2(kind: str, side: str | None, k: int, n: int) -> str | None:
    """Kinect v2 joints (ShoulderLeft = upper arm start, HandLeft = hand end, FootLeft = toe)."""
    s = {"L": "Left", "R": "Right"}.get(side or "", "")
    if kind == "spine":
        return "SpineShoulder" if k == n - 1 else ("SpineMid" if k == 0 else f"SpineMid{k}")
    if kind == "thumb":
        return f"Thumb{s}" if k == 1 else None
    table = {"pelvis": "SpineBase", "neck": "Neck", "head": "Head", "upperarm": f"Shoulder{s}",
             "lowerarm": f"Elbow{s}", "hand": f"Wrist{s}", "hand_end": f"Hand{s}", "thigh": f"Hip{s}",
             "calf": f"Knee{s}", "foot": f"Ankle{s}", "ball": f"Foot{s}"}
    return table.get(kind) if not (kind == "neck" and k > 0) else None


def azure_kinect(kind: str, side: str | None, k: int, n: int) -> str | None:
    s = {"L": "_LEFT", "R": "_RIGHT"}.get(side or "", "")
    if kind == "spine":
        return "SPINE_CHEST" if k == n - 1 else ("SPINE_NAVAL" if k == 0 else f"SPINE_{k}")
    if kind == "thumb":
        return f"THUMB{s}" if k == 1 else None
    table = {"pelvis": "PELVIS", "neck": "NECK", "head": "HEAD", "clavicle": "CLAVICLE", "upperarm": "SHOULDER",
             "lowerarm": "ELBOW", "hand": "WRIST", "hand_end": "HAND", "thigh": "HIP", "calf": "KNEE",
             "foot": "ANKLE", "ball": "FOOT", "eye": "EYE"}
    return table[kind] + s if kind in table and not (kind == "neck" and k > 0) else None


def optitrack(kind: str, side: str | None, k: int, n: int) -> str | None:
    """OptiTrack Motive skeleton (Ab = abdomen, LUArm / LFArm, LShin)."""
    s = side or ""
    if kind == "spine":
        return _pick(["Ab", "Chest"], k, n) if n <= 2 else _pick(["Ab", "Ab2", "Chest"], k, n)
    if kind in FINGER_WORDS:
        return f"{s}{FINGER_WORDS[kind]}{k}" if 1 <= k <= 3 else None
    table = {"pelvis": "Hip", "neck": "Neck", "head": "Head", "clavicle": "Shoulder", "upperarm": "UArm",
             "lowerarm": "FArm", "hand": "Hand", "thigh": "Thigh", "calf": "Shin", "foot": "Foot", "ball": "Toe"}
    return (s + table[kind] if side else table[kind]) if kind in table and not (kind == "neck" and k > 0) else None


def hanim(kind: str, side: str | None, k: int, n: int) -> str | None:
    """ISO/IEC 19774 H-Anim joints (anatomical joint names: l_shoulder = upper arm, l_talocrural = ankle)."""
    s = f"{side.lower()}_" if side else ""
    if kind == "spine":
        return _pick(["vl5", "vl3", "vl1", "vt10", "vt6", "vt1"], k, n)
    if kind == "neck":
        return _pick(["vc7", "vc4", "vc1"], k, n)
    if kind in FINGER_WORDS:
        f = _F.index(kind) + 1
        names = {0: f"carpometacarpal_{f}", 1: f"metacarpophalangeal_{f}",
                 2: f"carpal_proximal_interphalangeal_{f}", 3: f"carpal_distal_interphalangeal_{f}"}
        if kind == "thumb":
            names = {1: "carpometacarpal_1", 2: "metacarpophalangeal_1", 3: "carpal_interphalangeal_1"}
        return s + names[k] if k in names else None
    table = {"root": "humanoid_root", "pelvis": "sacroiliac", "head": "skullbase", "clavicle": "sternoclavicular",
             "upperarm": "shoulder", "lowerarm": "elbow", "hand": "radiocarpal", "thigh": "hip", "calf": "knee",
             "foot": "talocrural", "ball": "metatarsophalangeal_2", "eye": "eyeball_joint",
             "jaw": "temporomandibular"}
    return s + table[kind] if kind in table else None


def godot(kind: str, side: str | None, k: int, n: int) -> str | None:
    """Godot SkeletonProfileHumanoid bone names."""
    s = {"L": "Left", "R": "Right"}.get(side or "", "")
    if kind == "spine":
        return _pick(["Spine", "Chest", "UpperChest"], k, n)
    if kind in FINGER_WORDS:
        segs = ({1: "Metacarpal", 2: "Proximal", 3: "Distal"} if kind == "thumb" else
                {1: "Proximal", 2: "Intermediate", 3: "Distal"})
        word = "Little" if kind == "pinky" else FINGER_WORDS[kind]
        return f"{s}{word}{segs[k]}" if k in segs else None
    table = {"root": "Root", "pelvis": "Hips", "neck": "Neck", "head": "Head", "jaw": "Jaw", "eye": "Eye",
             "clavicle": "Shoulder", "upperarm": "UpperArm", "lowerarm": "LowerArm", "hand": "Hand",
             "thigh": "UpperLeg", "calf": "LowerLeg", "foot": "Foot", "ball": "Toes"}
    return (s + table[kind] if side else table[kind]) if kind in table and not (kind == "neck" and k > 0) else None


def genesis9(kind: str, side: str | None, k: int, n: int) -> str | None:
    """DAZ Genesis 9 (hip above spine and a 'pelvis' bone that carries the legs; l_shoulder = clavicle)."""
    s = f"{side.lower()}_" if side else ""
    if kind == "spine":
        return f"spine{k + 1}"
    if kind == "neck":
        return f"neck{k + 1}"
    if kind in FINGER_WORDS:
        word = "mid" if kind == "middle" else kind
        if k == 0:
            return None if kind == "thumb" else f"{s}{word}0"
        return f"{s}{word}{k}"
    twist = {"upperarm_twist": "upperarmtwist", "lowerarm_twist": "forearmtwist", "thigh_twist": "thightwist",
             "calf_twist": "shintwist"}
    if kind in twist:
        return f"{s}{twist[kind]}{k + 1}"
    table = {"pelvis": "hip", "leg_root": "pelvis", "head": "head", "clavicle": "shoulder", "upperarm": "upperarm",
             "lowerarm": "forearm", "hand": "hand", "thigh": "thigh", "calf": "shin", "foot": "foot", "ball": "toes",
             "eye": "eye", "jaw": "lowerjaw"}
    return s + table[kind] if kind in table else None


def cat(kind: str, side: str | None, k: int, n: int) -> str | None:
    """3ds Max CAT rigs (LDigit1x = thumb, Ribcage = chest, LPalm = hand)."""
    s = side or ""
    if kind == "spine":
        return "Ribcage" if k == n - 1 else f"Spine{k + 1}"
    if kind == "neck":
        return f"Neck{k + 1}"
    if kind in FINGER_WORDS:
        return f"{s}Digit{_F.index(kind) + 1}{k}" if 1 <= k <= 3 else None
    table = {"pelvis": "Pelvis", "head": "Head", "clavicle": "Collarbone", "upperarm": "UpperArm",
             "lowerarm": "Forearm", "hand": "Palm", "thigh": "Thigh", "calf": "Calf", "foot": "Ankle", "ball": "Toe",
             "root": "CATRigHub001"}
    return (s + table[kind] if side else table[kind]) if kind in table else None


MORE: dict[str, Namer] = {"humanik": humanik, "neuron": neuron, "second_life": second_life, "valve": valve,
                          "advanced_skeleton": advanced_skeleton, "mgear": mgear, "makehuman": makehuman,
                          "roblox": roblox, "kinect2": kinect2, "azure_kinect": azure_kinect,
                          "optitrack": optitrack, "hanim": hanim, "godot": godot, "genesis9": genesis9, "cat": cat}
