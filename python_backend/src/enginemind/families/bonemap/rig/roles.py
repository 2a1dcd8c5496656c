"""Body roles and the evidence a bone's name gives for them.

A role is ``(kind, side, idx)``: ``kind`` from ``KINDS``, ``side`` 'L' / 'R' / None (centre), and ``idx``:
an integer segment for fingers (0 = metacarpal, 1..3 = phalanges) and twist bones, a float 0..1 (relative
position along the run) for spine and neck, else None. Evidence is a list of ``Evidence`` with a weight 0..1.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from enginemind.families.bonemap.rig.names import ANKLE_WORDS, ELBOW_WORDS, WRIST_WORDS, NameInfo, tokenize, words_for

CENTRE_KINDS = ("root", "pelvis", "spine", "neck", "head", "jaw", "ik_foot_root", "ik_hand_root", "ik_hand_gun",
                "center_of_mass", "interaction")
SIDED_KINDS = ("clavicle", "upperarm", "lowerarm", "hand", "thumb", "index", "middle", "ring", "pinky", "thigh",
               "calf", "foot", "ball", "upperarm_twist", "lowerarm_twist", "thigh_twist", "calf_twist", "eye",
               "ik_foot", "ik_hand", "weapon")
KINDS = CENTRE_KINDS + SIDED_KINDS
FINGERS = ("thumb", "index", "middle", "ring", "pinky")
CHAIN_KINDS = ("spine", "neck")


@dataclass(frozen=True)
class Role:
    kind: str
    side: str | None = None
    idx: float | None = None

    def label(self) -> str:
        parts = [self.kind]
        if self.idx is not None:
            parts.append(f"{self.idx:g}")
        if self.side:
            parts.append(self.side)
        return ".".join(parts)


@dataclass
class Evidence:
    kind: str
    side: str | None
    idx: float | None
    weight: float
    exact: bool = False
    """The name spells the finger segment out with an anatomical word (``IndexProximal``): it outranks the
    geometric knuckle, where segment numbers (0- or 1-based) do not, unless a whole finger is numbered 0..3
    (``zero_based_fingers``)."""


def strongest(evs: list[Evidence]) -> Evidence | None:
    """A bone's strongest evidence (its name's first reading, the first of equals), or None."""
    return max(evs, key=lambda e: e.weight) if evs else None


_SEGMENT_WORDS = (("proximal", 1.0), ("intermediate", 2.0), ("distal", 3.0))
"""Finger segments named by anatomy (Unity Humanoid, VRM, Meta, x-io). A thumb's 'proximal' is not one: it is
its first bone in VRM 0 and its second in VRM 1, after 'ThumbMetacarpal' (the chain decides)."""

_NULL_CONCEPTS = {"face", "hair", "helper", "bigtoe", "end", "armour"}
_TWIST_LIMB = (("lowerarm", "lowerarm"), ("hand", "lowerarm"), ("upperarm", "upperarm"), ("shoulder", "upperarm"),
               ("arm", "upperarm"), ("calf", "calf"), ("thigh", "thigh"), ("leg", "thigh"), ("foot", "calf"))


_FINGER_CODE = re.compile(r"(?i)(?:" + "|".join(sorted(map(re.escape, words_for("finger")), key=len, reverse=True))
                          + r")([ _.\-]?)(\d{1,2})(?!\d)")


def _biped_code(ni: NameInfo) -> bool:
    """The name's last number is a 3ds Max Biped finger code: it follows a finger word ('Finger12', 'Dedo.1'), not
    another word ('fingerJoint1': Summoning Wars' segment 1, held-out batch 407), and is not a zero-padded number
    set apart from it ('Finger_01': Synty's and rbfx's segments, batches 247 and 384; Biped writes 'Finger01').
    The number counts as read or as written: NAO's 'LFinger11' reads as Biped's 'Finger1'."""
    m = _FINGER_CODE.search(ni.raw)
    if m is None or m.group(2) not in (ni.digits[-1], re.findall(r"\d+", ni.raw)[-1]):
        return False
    return not (m.group(1) and m.group(2).startswith("0") and len(m.group(2)) == 2)


_PARTS_NOT_HOLDING = {"arm", "upperarm", "lowerarm", "clavicle", "leg", "thigh", "calf", "foot", "toe", "spine",
                      "chest", "neck", "head", "pelvis"}


def name_evidence(ni: NameInfo) -> list[Evidence]:
    """Role evidence from one analysed name (structure refines it later)."""
    c = {x for x in ni.concepts if not x.startswith("?")}
    s = ni.side
    num = float(ni.numbers[0]) if ni.numbers else None

    def ev(kind: str, w: float, idx: float | None = None) -> Evidence:
        return Evidence(kind, s if kind in SIDED_KINDS else None, idx, w)

    if "ik" in c:
        if "pole" in ni.tokens:  # a pole-vector target aims the knee / elbow: not the IK goal (Nindo's IKLegPole.L)
            return []
        if c & {"calf", "lowerarm"} and not c & {"foot", "hand", "toe"} and {"knee", "elbow"} & set(ni.tokens):
            return []  # nor is an IK bone named after the knee / elbow it aims ('Knee.IK.L', 'Elbow_IK.R')
        if "gun" in c:
            return [ev("ik_hand_gun", 0.95)]
        if c & {"hand", "arm", "lowerarm"}:
            return [ev("ik_hand_root" if "root" in c or s is None else "ik_hand", 0.95)]
        if c & {"foot", "leg", "toe", "calf"}:
            return [ev("ik_foot_root" if "root" in c or s is None else "ik_foot", 0.95)]
        return []
    if "com" in c:
        return [ev("center_of_mass", 0.9)]
    if "interaction" in c:
        return [ev("interaction", 0.9)]
    if c & _NULL_CONCEPTS:
        return []
    if "eye" in c:  # an eye socket is no weapon socket (Genies' 'LeftEyeSocket', held-out batch 99)
        return [ev("eye", 0.9)]
    if "gun" in c:  # a prop word on a body part other than the hand names an attachment point on it (id Tech 3's
        # 'tag_armleft' on the upper arm, held-out batch 477), no weapon
        return [ev("weapon", 0.8)] if s and not c & _PARTS_NOT_HOLDING else []
    if "jaw" in c:
        return [ev("jaw", 0.9)]
    if "twist" in c:
        if "neck" in c:
            return [ev("neck", 0.7)]
        if "lower" in c and c & {"leg", "arm"} and not c & {"upperarm", "lowerarm", "thigh", "calf"}:
            # the lower segment's twist, its words in either order (s&box's 'leg_lower_R_twist', held-out batch 1261,
            # had read as a thigh twist)
            return [ev("calf_twist" if "leg" in c else "lowerarm_twist", 0.9, num if num is not None else 1.0)]
        for concept, limb in _TWIST_LIMB:
            if concept in c:
                return [ev(f"{limb}_twist", 0.9, num if num is not None else 1.0)]
        return []
    if c & {"cmc", "mcp", "ip"} and num is not None and 1 <= num <= 5:  # H-Anim joints, digit 1 = thumb
        if "tarsal" in ni.tokens:  # a toe's joints ('l_tarsal_distal_interphalangeal_2'): no Manny bone
            return []
        f = FINGERS[int(num) - 1]
        seg = 0.0 if "cmc" in c else 1.0 if "mcp" in c else 3.0 if "distal" in c or f == "thumb" else 2.0
        # (anatomical joint names say the segment exactly: the geometry's knuckle does not move them; batch 209)
        return [Evidence(f, s, seg + 1.0 if f == "thumb" and seg < 3 else seg, 0.9, exact=True)]
    fingers = [x for x in ni.concepts if x in FINGERS]  # in name order: the first is the finger
    if fingers == ["middle"] and c & {"spine", "neck", "lowerarm", "calf"} and not c & {"finger", "hand"}:
        fingers = []  # 'middle' beside a trunk or lower-segment word is a place on it, no finger (DesktopHero's
        # 'torso middle' between 'torso bottom' and 'torso top', held-out batch 781; Infinity Blade's
        # 'b_MF_Calf_Mid_L', an extra shin joint, had taken the middle finger and dropped the foot below it: held-out
        # batch 902). Beside a whole limb's word it is the limb's middle joint, left to the solver (mGear's
        # 'arm_L0_mid' / 'bras_r_0_mid_jnt', the elbow)
    if fingers == ["middle"] and s is None and c & {"shoulder", "hips"} and not c & {"finger", "hand"}:
        fingers = []  # an unsided 'mid' beside the shoulders or hips is the point between them, on the midline (a
        # sizing tool's 'Joint_shoulderMid' and 'Joint_pelvisMid', held-out batch 1322: the first had taken a
        # middle finger)
    if fingers:
        f = fingers[0]
        if "metacarpal" in c:  # the thumb's first bone is its metacarpal (UE thumb_01, VRM thumbMetacarpal)
            return [Evidence(f, s, 1.0 if f == "thumb" else 0.0, 0.95, exact=f != "thumb")]
        seg = next((v for word, v in _SEGMENT_WORDS if word in c and (f != "thumb" or word != "proximal")), None)
        if seg is not None:
            return [Evidence(f, s, seg, 0.9, exact=True)]
        # 'mid' after a finger word is its middle segment (Halo's 'l_ring_low' / '_mid' / '_tip')
        return [ev(f, 0.9, 2.0 if len(fingers) > 1 and fingers[-1] == "middle" else None)]
    if "finger" in c and "digit" not in c and ni.digits and len(ni.digits[-1]) <= 2 and int(ni.digits[-1][0]) <= 4 and \
            not any(word in c for word, _ in _SEGMENT_WORDS) and _biped_code(ni):
        # (a segment word beside the number makes it a copy counter, not a Biped code: pib's URDF
        # 'urdf_finger_proximal_2' .. '_10', held-out batch 242)
        d = ni.digits[-1]  # 3ds Max Biped: Finger<finger 0-4>[<segment-1>]: Finger0 thumb, Finger12 index 3
        return [ev(FINGERS[int(d[0])], 0.85, float(int(d[1:]) + 1 if len(d) > 1 else 1))]
    if "digit" in c and ni.digits and len(ni.digits[-1]) <= 2 and 1 <= int(ni.digits[-1][0]) <= 5:
        d = ni.digits[-1]  # digit<finger 1-5>[<segment>]: digit 1 is the thumb
        return [ev(FINGERS[int(d[0]) - 1], 0.85, float(int(d[1:]) if len(d) > 1 else 1))]
    if "metacarpal" in c and num is not None and 1 <= num <= 4 and _numbered_palm(ni):  # Rigify palm.01..04
        return [ev(FINGERS[int(num)], 0.85, 0.0)]
    if "palm" in ni.tokens and "arm" in c and num is None:  # the arm's palm is its hand (a 3ds Max CAT rig's
        return [ev("hand", 0.85)]  # 'LArmPalm', not its upper arm: Stride's first-person arms, held-out batch 535;
        # a palm link under a hand named so stays the hand's: GENE's 'l_palm', batch 304)
    if "hand" in c and "arm" in c and not c & {"upper", "lower", "upperarm", "lowerarm", "shoulder", "clavicle"}:
        return [ev("hand", 0.9)]  # the arm's wrist or hand is its hand: a limb-then-joint name ('l_kArm_WristSHJnt'
        # beside '_ElbowSHJnt', held-out batch 1366; 'LeftArmHand'), not its upper arm
    out: list[Evidence] = []
    if "clavicle" in c:
        out.append(ev("clavicle", 0.95))
    if "shoulder" in c:
        out += [ev("clavicle", 0.85), ev("upperarm", 0.6)]
    if "upperarm" in c:
        out.append(ev("upperarm", 0.95))
    if "arm" in c:
        if "lower" in c:
            out.append(ev("lowerarm", 0.9))
        else:
            out += [ev("upperarm", 0.85 if "upper" in c else 0.8), ev("lowerarm", 0.45)]
    if "lowerarm" in c:
        out.append(ev("lowerarm", 0.95))
    if "hand" in c and not out:
        out.append(ev("hand", 0.9))
    if "thigh" in c:
        out.append(ev("thigh", 0.95))
    if "leg" in c:
        if "lower" in c:
            out.append(ev("calf", 0.9))
        elif "upper" in c:
            out.append(ev("thigh", 0.9))
        else:
            out += [ev("thigh", 0.7), ev("calf", 0.7)]
    if "calf" in c:
        out.append(ev("calf", 0.95))
    if "foot" in c:
        out += [ev("foot", 0.9), ev("ball", 0.55)]
    if "toe" in c:
        out.append(ev("ball", 0.9))
    if out:
        return [e for e in out if s is not None or e.kind not in SIDED_KINDS] or [
            Evidence(e.kind, None, e.idx, e.weight * 0.7) for e in out]
    if "hips" in c:
        return [ev("thigh", 0.65)] if s else [ev("pelvis", 0.9)]
    if s is not None and c & {"spine", "neck", "head"}:  # a side-marked trunk word names a part beside the
        return []  # trunk (Baxter's 'left_torso_itb', PR2's 'l_torso_lift_side_plate_link'), not the midline bone
    if "spine" in c:  # (before 'center': a midline prefix, Maya's 'CenterSpine' .. 'CenterHead': held-out batch
        return [ev("spine", 0.9)]  # 295's Majora had its neck and head read as the pelvis)
    if "neck" in c and "head" in c and "lower" not in c:  # one bone for the neck and skull (OpenSim's 'head_neck',
        return [ev("head", 0.9), ev("neck", 0.85)]  # mGear's 'neck_C0_head'); XNALara's 'head neck lower' is the neck
    if "neck" in c:
        return [ev("neck", 0.9)]
    if "head" in c:
        return [ev("head", 0.9)]
    if "center" in c:
        return [ev("pelvis", 0.5)]
    if "root" in c:
        return [ev("root", 0.9)]
    return []


_METACARPAL_WORDS = frozenset(words_for("metacarpal"))


def _numbered_palm(ni: NameInfo) -> bool:
    """The metacarpal word carries the name's number right after it ('palm.01', 'Palm1', 'meta2'), as Rigify's
    palm bones do; a number further on is something else: a CAD export's spec and version ('left_PALM_GAVIN_1DoF_
    Hinge_v2_1', Fusion 360's '_v<version>_<instance>', a five-finger hand's one palm link: held-out batch 986)."""
    return any(t in _METACARPAL_WORDS and nxt.isdigit() for t, nxt in zip(ni.tokens, ni.tokens[1:], strict=False))


def palm_without_a_hand(infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """A sided 'palm' and nothing else is the hand where no bone on its side is named the hand (3ds Max CAT's
    'Base Human' preset: 'Base_HumanLPalm' after 'Forearm1..3', held-out batch 802, had left the hand on the third
    forearm bone); under a bone named the hand it stays a palm link (GENE's 'l_palm', batch 304)."""
    for i, ni in enumerate(infos):
        if "palm" in ni.tokens and _known_concepts(ni) == ["metacarpal"] and not _numbered_palm(ni) and \
                ni.side is not None and not any(e.kind == "hand" and e.side == ni.side
                                                for evs in evidence for e in evs):
            evidence[i] = [Evidence("hand", ni.side, None, 0.85)]


def fingers_beside_a_thumb(infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """Generic 'finger' bones numbered finger then segment (``Finger0_1``: two numbers) on a side whose thumb has
    a chain named of its own count the four fingers: 0..3 (or 1..4) are index to pinky, not 3ds Max Biped's
    ``Finger0`` = thumb (a Sketchfab character's 'Finger0_1.L' .. 'Finger3_2.L' beside 'Thumb0_1.L', held-out
    batch 120, had its index read as a thumb and the others dropped). The segment is left to the chain (its
    last number)."""
    for side in {ni.side for ni in infos}:
        if not any("thumb" in ni.concepts and ni.side == side for ni in infos):
            continue
        bones = [i for i, ni in enumerate(infos) if ni.side == side and "finger" in ni.concepts and
                 not any(c in FINGERS or c == "end" for c in ni.concepts) and len(ni.numbers) >= 2 and
                 all(len(d) == 1 for d in ni.digits[:2])]
        first = {infos[i].numbers[0] for i in bones}
        if len(first) < 3 or not (first <= {0, 1, 2, 3} or first <= {1, 2, 3, 4}):
            continue
        base = 0 if 0 in first else 1
        for i in bones:
            evidence[i] = [Evidence(FINGERS[infos[i].numbers[0] - base + 1], side, None, 0.85)]


def fingers_numbered_from_the_thumb(infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """Generic 'finger' bones numbered 1 to 5 (or 0 to 4) on a side with no thumb-named bone number the thumb first
    (Imprimis' first-person arms, 'L_finger1a' .. 'L_finger5c', held-out batch 525: read as 3ds Max Biped's numbers,
    0 = thumb, every finger was one off and the pinky dropped). A four-fingered hand numbered 1 to 4 numbers the
    thumb first too, and its last finger is the outermost, the pinky (a game-jam wizard's 'Finger1_1.L' ..
    'Finger4_3.L', held-out batch 1417: the left hand's order came from its raised fingers' geometry and ran
    backwards). The segment is left to the chain."""
    for side in {ni.side for ni in infos}:
        if any("thumb" in ni.concepts and ni.side == side for ni in infos):
            continue
        bones = [i for i, ni in enumerate(infos) if ni.side == side and "finger" in ni.concepts and ni.numbers and
                 not any(c in FINGERS or c == "end" for c in ni.concepts)]
        first = {infos[i].numbers[0] for i in bones}
        if first not in ({1, 2, 3, 4, 5}, {0, 1, 2, 3, 4}, {1, 2, 3, 4}):  # (or 0 to 4: a Blender add-on's
            continue  # 'Finger_L_0_0' .. 'Finger_L_4_2', five fingers, the thumb first: held-out batch 908)
        if len(first) == 4 and not all(len(infos[i].numbers) >= 2 for i in bones):
            continue  # four numbers name four fingers only beside a segment number: 'Finger_Bone1.L' > '_Bone2.L'
            # beside '_Bone3.L' > '_Bone4.L' are two fingers' segments (a Slavic fantasy game's warrior)
        base = min(first)
        kinds = FINGERS if len(first) == 5 else FINGERS[:3] + FINGERS[4:]
        for i in bones:
            evidence[i] = [Evidence(kinds[infos[i].numbers[0] - base], side, None, 0.85)]


_CAT_HUB = re.compile(r"(?i).*catrig_?hub\d+")
_CAT_SPINE = re.compile(r"(?i).*catrig_?spine")


def cat_hubs(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """3ds Max CAT's hubs: 'Hub001' is the pelvis, a hub above it the ribcage, one above that the head; the
    unnumbered 'Spine' link from the ribcage hub up is the neck (held-out batches 114 and 136: a CAT enemy's
    'CATRigSpine' under 'CATRigHub002', a RootMotion Viking's head hub 'CATRigHub003' above it)."""
    hubs = {i for i, ni in enumerate(infos) if _CAT_HUB.fullmatch(ni.raw)}
    if len(hubs) < 2:
        return

    def hubs_above(i: int) -> int:
        n, a = 0, parents[i]
        while a >= 0:
            n += a in hubs
            a = parents[a]
        return n

    for i, ni in enumerate(infos):
        if i in hubs:
            kind = ("pelvis", "spine", "head")[min(hubs_above(i), 2)]
            evidence[i] = [Evidence(kind, None, 1.0 if kind == "spine" else None, 0.9)]
        elif _CAT_SPINE.fullmatch(ni.raw) and parents[i] in hubs and hubs_above(i) >= 2:
            evidence[i] = [Evidence("neck", None, None, 0.9)]


def finger_numbers_up_the_chain(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """A finger chain whose names number its segments backwards, the highest on the bone that hangs from the hand
    and the lowest at the tip ('Finger12' > 'Finger11' > 'Finger1': a Sketchfab port of a ValveBiped character,
    held-out batch 1124, positions confirm 'Finger12' at the palm), is numbered by the chain: the hierarchy decides
    which segment each link is. Only whole chains of three or more links of one finger and side whose numbers fall
    strictly at every step."""
    kids = _children(parents)

    def finger(i: int) -> Evidence | None:
        top = strongest(evidence[i])
        return top if top is not None and top.kind in FINGERS and top.idx is not None else None

    def same_finger(b: int, c: int) -> bool:  # (the run's finger and side: its first link's, link by link)
        e, f = finger(b), finger(c)
        return e is not None and f is not None and (f.kind, f.side) == (e.kind, e.side)

    for i in range(len(infos)):
        top = finger(i)
        if top is None or (parents[i] >= 0 and (up := finger(parents[i])) is not None and up.kind == top.kind):
            continue
        chain = _single_child_run(kids, i, same_finger)
        idx = [finger(b).idx for b in chain]  # type: ignore[union-attr]
        if len(chain) < 3 or any(b >= a for a, b in zip(idx, idx[1:], strict=False)):
            continue
        for b, k in zip(chain, reversed(idx), strict=True):
            evidence[b] = [dataclasses.replace(e, idx=k) if e.kind == top.kind else e for e in evidence[b]]


def biped_finger_codes(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """3ds Max Biped finger links ('Finger1' > 'Finger11' > 'Finger12') spell their phalanx: Biped has no
    finger metacarpals, so a chain that starts at a one-digit base link is segments 1, 2, 3 however far the
    first link lies from the wrist (a Half-Life monster's long claws put 'Finger1' where a metacarpal would end:
    held-out batch 145). Codes under a two-digit base (Smash Bros.' 'FingerL10', a metacarpal) are left alone.
    Thumbs ('Finger0') keep the chain's reading."""
    code = {i: ni.digits[-1] for i, ni in enumerate(infos)
            if "finger" in ni.concepts and ni.digits and 1 <= len(ni.digits[-1]) <= 2 and
            "1" <= ni.digits[-1][0] <= "4" and evidence[i] and evidence[i][0].kind in FINGERS[1:]}
    for i, d in code.items():
        base = i
        while len(code.get(base, "")) == 2 and parents[base] >= 0:
            base = parents[base]
        if code.get(base) != d[0] or infos[base].side != infos[i].side:
            continue
        evidence[i] = [Evidence(e.kind, e.side, e.idx, e.weight, True) if e.kind in FINGERS else e
                       for e in evidence[i]]


def _stem(ni: NameInfo) -> tuple[str, ...]:
    """A name's tokens less its numbers ('Fist1.L' and 'Fist.L' share one stem)."""
    return tuple(t for t in ni.tokens if not t.isdigit())


def _single_child_run(kids: dict[int, list[int]], start: int, follows: Callable[[int, int], bool]) -> list[int]:
    """``start`` and the bones below it, one at a time, while exactly one child ``c`` of the last bone ``b`` has
    ``follows(b, c)``."""
    run = [start]
    while len(nxt := [c for c in kids.get(run[-1], []) if follows(run[-1], c)]) == 1:
        run.append(nxt[0])
    return run


def _known_concepts(ni: NameInfo) -> list[str]:
    """The concepts a name says that the lexicon knows (unknown words are kept as '?word')."""
    return [c for c in ni.concepts if not c.startswith("?")]


def _children(parents: list[int]) -> dict[int, list[int]]:
    """{bone: its children} from the parent indices the name rules get (-1 at roots)."""
    kids: dict[int, list[int]] = {}
    for k, p in enumerate(parents):
        kids.setdefault(p, []).append(k)
    return kids


_SEGMENT_PLACES = {"far", "near"}
"""Words that place a segment along its limb rather than copy it (a Bevy avatar's 'left_arm far', the forearm under
'left_arm', held-out batch 1210)."""


def copy_layer(parents: list[int], infos: list[NameInfo]) -> set[int]:
    """Bones a rig marks as copies of its joints with a last word no lexicon knows: where three leaves or more bear
    that word and otherwise repeat the words and side of their parent or of a sibling ('HandCO_L_16' beside
    'Hand_L_15', 'Finger1CO_L_7' under 'Finger1_L_8'), every bone whose name ends in it is of the copy layer (control
    shapes exported as bones: Valente Productions' rigged LEGO man on Sketchfab, whose 'CO' copies had taken the
    fingers and, with the reverse-foot controls, the legs, held-out batch 1239). One letter is word enough: Manus's
    Robotto arm gives every joint a zero-length twin 'index_01_s_l' under 'index_01_l' (held-out batch 1264; the
    twins had taken every finger segment one joint down), where it repeats its parent. Joint-axis words
    ('hip_pitch' beside 'hip') are known words; an insect's 'l_1_co_r' (coxa) repeats no neighbour."""
    kids = _children(parents)
    copies: Counter[str] = Counter()
    for i, info in enumerate(infos):
        t = info.tokens[-1] if info.tokens else ""
        if i in kids or len(info.tokens) < 2 or not t or t.isdigit() or f"?{t}" not in info.concepts or \
                t in _SEGMENT_PLACES:
            continue
        base = (info.tokens[:-1], info.side)
        if len(t) == 1:  # a one-letter copy is its parent's name with the letter set in ('index_01_s_l' under
            # 'index_01_l'); a letter in a sequence counts segments (DepthLab's robot chef 'EyebrowA_Jnt' beside
            # 'EyebrowB_Jnt', a space suit's 'indexD' under 'indexC')
            twin = parents[i] >= 0 and re.sub(rf"[_\-. ]{t}(?=[_\-. ]|$)", "", info.raw, count=1,
                                              flags=re.IGNORECASE) == infos[parents[i]].raw
            copies[t] += int(twin)
            continue
        near = [parents[i], *(k for k in kids.get(parents[i], []) if k != i)] if parents[i] >= 0 else []
        if any((infos[n].tokens, infos[n].side) == base for n in near):
            copies[t] += 1
    marks = {t for t, n in copies.items() if n >= 3}
    return {k for k, i in enumerate(infos) if i.tokens and i.tokens[-1] in marks}


def copy_layer_bones(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """A control rig's copy layer (``copy_layer``: 'HandCO_L' beside 'Hand_L') names no joint: its bones lose
    their evidence and are helpers (the solver and the merge then leave them out). In place."""
    for i in copy_layer(parents, infos):
        evidence[i] = []
        if "helper" not in infos[i].concepts:
            infos[i].concepts.append("helper")


def deform_copies(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """MMD's 'D' bones ('左足D', '左ひざD', '左足首D' beside '左足', '左ひざ', '左足首': copies that follow the leg for
    its deformation) name the joint of the bone they copy, a little less surely (0.8 x), so that joint's name stays
    unique (Aether Gazer's Brahma, held-out batch 530: with two 'knees' the names could not take the legs back from
    the sleeve chains the solver had read as legs). Only names written in CJK letters with a trailing 'D' whose base
    name is a bone too."""
    raws = {ni.raw for ni in infos}
    for i, ni in enumerate(infos):
        if ni.raw.endswith("D") and ni.raw[:-1] in raws and any(ord(c) > 0x2E80 for c in ni.raw):
            evidence[i] = [Evidence(e.kind, e.side, e.idx, 0.8 * e.weight, e.exact) for e in evidence[i]]


def numbered_leaf_under_its_namesake(parents: list[int], infos: list[NameInfo],
                                     evidence: list[list[Evidence]]) -> None:
    """A leaf named as its parent's joint with a number 2 or higher after it ('b_Left_Hand2' under 'b_Left_Hand',
    the parent unnumbered or 1), and the parent's only child, continues that joint: a mitten, a foot's or head's
    end, not the joint again (an OpenGameArt monkey's one-bone mitten had taken the hand: held-out batch 1330). Its
    evidence for the parent's hand, foot or head weighs half, so the parent's name is that joint's only sure one.
    Numbered leaves beside others ('hand.R.001' .. '.003', a pharaoh's staff and props: batch 1290) keep theirs."""
    kids = _children(parents)
    for i, ni in enumerate(infos):
        p = parents[i]
        if p < 0 or kids.get(i) or kids[p] != [i] or len(ni.numbers) != 1 or ni.numbers[0] < 2 or \
                infos[p].numbers not in ([], [1]) or _stem(ni) != _stem(infos[p]):
            continue
        top, up = strongest(evidence[i]), strongest(evidence[p])
        if top is not None and up is not None and top.kind == up.kind in ("hand", "foot", "head") and \
                top.side == up.side:
            evidence[i] = [dataclasses.replace(e, weight=0.5 * e.weight) if e.kind == top.kind else e
                           for e in evidence[i]]


def ankle_above_foot(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """A bone named for the ankle whose child, of its side, is named the foot (Second Life's 'mAnkleLeft' >
    'mFootLeft' > 'mToeLeft', the foot's one child a toe): the ankle is the foot joint, the 'foot' its ball and
    the toe its tip (held-out batch 187: the whole foot had been read one joint down). A foot with no ankle above
    it, or whose children are not one toe (a robot's 'l_ankle' > 'l_foot' frame carrying sole and toe links, or
    a foot link stacked on the ankle links), keeps its reading."""
    kids = _children(parents)
    for i, ni in enumerate(infos):
        p = parents[i]
        if p < 0 or not set(infos[p].tokens) & ANKLE_WORDS or set(ni.tokens) & ANKLE_WORDS or \
                len(kids.get(i, [])) != 1:
            continue
        top, ptop, toe = strongest(evidence[i]), strongest(evidence[p]), strongest(evidence[kids[i][0]])
        if top is None or ptop is None or toe is None or top.kind != "foot" or ptop.kind != "foot" or \
                toe.kind != "ball" or top.side != ptop.side:
            continue
        evidence[i] = [Evidence("ball", top.side, None, top.weight)]
        evidence[kids[i][0]] = [Evidence("ball", toe.side, None, 0.5 * toe.weight)]


def joint_named_arms(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """An arm named joint by joint ('LeftShoulder' > 'LeftElbow' > 'LeftWrist' > 'LeftHand', a Maya rig exported
    to Panda3D, held-out batch 271; its legs 'LeftHip' > 'LeftKnee' > 'LeftAnkle'): a bone named the shoulder (or
    the clavicle: a Chinese stick figure's '左肩' > '左手肘', held-out batch 311) whose child is named the elbow spans
    the upper arm (there is no bone between them for it), so it reads as the upper arm before the clavicle; a leaf
    named the hand under a bone named the wrist is the mitten past the hand joint, and its hand reading halves."""
    kids = _children(parents)
    for i, ni in enumerate(infos):
        top = strongest(evidence[i])
        if top is None or top.kind not in ("clavicle", "hand") or not kids.get(i):
            continue
        below = [(c, strongest(evidence[c])) for c in kids[i]]
        stacked = parents[i] >= 0 and "shoulder" in infos[parents[i]].concepts  # a robot's shoulder links, one per
        # axis, the last of them over the elbow's ('left_shoulder_rz' > 'left_elbow_limb': Assistive Gym)
        if top.kind == "clavicle" and not stacked and \
                any(e is not None and e.kind == "lowerarm" and e.side == top.side and set(infos[c].tokens) & ELBOW_WORDS
                    for c, e in below):
            second = max((e.weight for e in evidence[i] if e.kind == "upperarm"), default=0.5)
            evidence[i] = [Evidence("upperarm", top.side, None, top.weight),
                           Evidence("clavicle", top.side, None, second)]
        elif top.kind == "hand" and set(ni.tokens) & WRIST_WORDS and len(below) == 1:
            c, e = below[0]
            if e is not None and e.kind == "hand" and e.side == top.side and not kids.get(c) and \
                    not set(infos[c].tokens) & WRIST_WORDS:
                evidence[c] = [Evidence("hand", e.side, None, 0.5 * e.weight)]


def mitten_named_after_the_hand(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """A mitten's finger chain named after its hand and numbered ('Fist.L' > 'Fist1.L' > 'Fist2.L' beside
    'Thumb1.L': a Blender-and-Godot book's Clara, held-out batch 879): the numbered links are the mitten's finger
    segments (the middle finger's, their numbers spelled), not more hand bones, where the hand carries a thumb
    beside that one chain."""
    stems = [_stem(ni) for ni in infos]
    kids = _children(parents)

    for h in range(len(infos)):
        top = strongest(evidence[h])
        if top is None or top.kind != "hand" or infos[h].numbers:
            continue
        chains = [c for c in kids.get(h, []) if stems[c] == stems[h] and infos[c].numbers]
        thumbs = [c for c in kids.get(h, []) + kids.get(parents[h], [])
                  if (e := strongest(evidence[c])) is not None and e.kind == "thumb"]
        if len(chains) != 1 or not thumbs:
            continue
        k, i = 1, chains[0]
        while i >= 0 and k <= 3:
            evidence[i] = [Evidence("middle", top.side, float(k), 0.85, True)]
            nxt = [c for c in kids.get(i, []) if stems[c] == stems[h] and infos[c].numbers]
            i, k = (nxt[0], k + 1) if len(nxt) == 1 else (-1, k)


def lone_finger_is_a_mitten(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """A bone named only 'finger' (or 'fingers'), unnumbered, the one finger-named bone a bone named the hand
    carries, is a mitten's finger: the middle finger's first segment (0 A.D.'s 'finger_L' > 'fingertip_L' beside
    the weapon sockets under 'hand_L', held-out batch 1206, had no role; labellers accept the middle finger on
    every such mitten of the committed rigs)."""
    kids = _children(parents)
    fingerish = {*FINGERS, "finger"}
    for i, ni in enumerate(infos):
        p = parents[i]
        top = strongest(evidence[p]) if p >= 0 else None
        if evidence[i] or _known_concepts(ni) != ["finger"] or ni.numbers or top is None or top.kind != "hand" or \
                any(c != i and fingerish & set(infos[c].concepts) for c in kids.get(p, [])):
            continue
        evidence[i] = [Evidence("middle", ni.side or top.side, 1.0, 0.8)]


def pointing_finger(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """A bone named 'point' (the pointing finger, as 'pointer' is) beside bones named as fingers of the same hand is
    the index finger, its segment left to the chain (a dungeon crawler's golem: 'thumb_left', 'point_left',
    'middle_left', 'pinkie_left' under 'Arm_left3', held-out batch 1408, had its index unmapped). Alone, 'point'
    is a locator word (3ds Max's 'Point001' helpers), so a finger-named sibling is required."""
    kids = _children(parents)
    for i, ni in enumerate(infos):
        if evidence[i] or "point" not in ni.tokens or _known_concepts(ni):
            continue
        sides = {e.side for c in kids.get(parents[i], []) if c != i for e in evidence[c] if e.kind in FINGERS}
        if sides and (ni.side in sides or ni.side is None):  # (the siblings' side, where the name has none)
            side = ni.side or next((x for x in sorted(sides, key=str) if x is not None), None)
            evidence[i] = [Evidence("index", side, None, 0.85)]


def finger_chain_numbered_by_segment(parents: list[int], infos: list[NameInfo],
                                     evidence: list[list[Evidence]]) -> None:
    """A chain of bones named by a bare finger word and numbered in order down the chain ('fingers1.R' >
    'fingers2.R' > 'fingers3.R' under 'hand.R': a horror pack's clown, held-out batch 871) numbers one (merged)
    finger's segments, not the index, middle and ring fingers: each link is that finger's segment by its place in
    the chain, the finger read as a mitten's (the middle)."""
    stems = [_stem(ni) for ni in infos]
    kids = _children(parents)

    def bare(i: int) -> bool:  # (one digit: Leap Motion's 'Finger_20' > 'Finger_21' code finger and segment)
        return infos[i].concepts == ["finger"] and len(infos[i].digits) == 1 and len(infos[i].digits[0]) == 1

    def next_number(b: int, c: int) -> bool:  # the same stem, the next number (the run's stem: its first link's)
        return bare(c) and stems[c] == stems[b] and infos[c].numbers[0] == infos[b].numbers[0] + 1

    for i in range(len(infos)):
        if not bare(i) or (parents[i] >= 0 and bare(parents[i]) and stems[parents[i]] == stems[i]):
            continue
        chain = _single_child_run(kids, i, next_number)
        top = strongest(evidence[i])
        if len(chain) < 2 or top is None or top.kind not in FINGERS[1:]:
            continue
        for k, b in enumerate(chain[:3], 1):  # (which finger the number does not say: a mitten's is the middle)
            evidence[b] = [Evidence("middle", top.side, float(k), top.weight)]


def toes_named_fingers(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """Bones named fingers that hang from a bone named the foot, with no hand above them, are its toes (a
    penguin's 'Finger_01_L' .. '_03_L' under 'Foot_L', held-out batch 338: they had been read as a thumb): each
    first one is a ball of the foot, the links past it nothing. So are bones named only 'fingers' there (a jam
    wizard's 'Fingers L' under 'Foot L', held-out batch 1185)."""
    def kind(i: int) -> str | None:
        top = strongest(evidence[i]) if i >= 0 else None
        if top is None and i >= 0 and "finger" in infos[i].concepts:
            return "finger"
        return top.kind if top is not None else None

    def hand_above(i: int) -> bool:
        while i >= 0:
            if kind(i) in ("hand", "lowerarm", "upperarm"):
                return True
            i = parents[i]
        return False

    toes: dict[int, bool] = {}  # bone -> first link of its toe
    digits = (*FINGERS, "finger")
    for i in range(len(infos)):
        if kind(i) not in digits:
            continue
        p = parents[i]
        while p >= 0 and kind(p) in digits:
            p = parents[p]
        if p >= 0 and kind(p) == "foot" and not hand_above(p):
            toes[i] = kind(parents[i]) == "foot"
    for i, first in toes.items():
        top = strongest(evidence[i])
        evidence[i] = [Evidence("ball", top.side if top else None, None, top.weight if top else 0.85)] if first else []


def bicep_between_shoulder_and_forearm(parents: list[int], infos: list[NameInfo],
                                       evidence: list[list[Evidence]]) -> None:
    """A bone named for the biceps (a muscle helper's word) that is the one link from a shoulder-named bone to a
    forearm-named one is the upper arm (a Global Game Jam character's 'RShoulder' > 'RBicep' > 'RForearm',
    held-out batch 347), and so is one whose only child's name is a word the names do not know (a Godot Crash
    fan game's 'Shoulder.L' > 'Bicep.L' > 'Spindle.L', held-out batch 1349). One whose only child is named the hand
    is the whole arm's one segment, the upper arm (LEGO Rock Raiders' minifigure 'VLPbicepL' > 'VLPhandL' on the
    torso, held-out batch 1419)."""
    children = _children(parents)
    for i, ni in enumerate(infos):
        p = parents[i]
        if evidence[i] or not {"bicep", "biceps"} & set(ni.tokens) or p < 0:
            continue
        only = children.get(i, [])
        if len(only) == 1 and (e := strongest(evidence[only[0]])) is not None and e.kind == "hand":
            evidence[i] = [Evidence("upperarm", ni.side or e.side, None, 0.85)]
            continue
        top = strongest(evidence[p])
        kids = [k for k in children.get(i, []) if (e := strongest(evidence[k])) is not None and e.kind == "lowerarm"]
        if not kids and len(only) == 1 and not evidence[only[0]] and infos[only[0]].concepts and \
                all(c.startswith("?") for c in infos[only[0]].concepts):
            kids = only
        above = strongest(evidence[parents[p]]) if parents[p] >= 0 else None  # (under a clavicle-named bone
        # the shoulder is the upper arm's joint and the biceps bone a twist: Maya's astroBoy, batch 295)
        if top is not None and top.kind == "clavicle" and len(kids) == 1 and (above is None or
                                                                            above.kind != "clavicle"):
            evidence[i] = [Evidence("upperarm", ni.side or top.side, None, 0.85)]


_LIMB_WORDS = {"arm": ("upperarm", "lowerarm"), "leg": ("thigh", "calf"), "foot": ("foot", "ball")}


def _limb_word(ni: NameInfo) -> str | None:
    """The plain limb word ('arm', 'leg') when it is all the name says."""
    c = {x for x in ni.concepts if not x.startswith("?")}
    return next(iter(c)) if len(c) == 1 and next(iter(c)) in _LIMB_WORDS else None


def numbered_limb_words(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """Two bones named by one plain limb word, the second numbered after the first ('L_arm' > 'L_arm2', 'leg1' >
    'leg2': SD Query-chan, held-out batch 318), maybe with a sub bone between: the second is the limb's lower
    segment. Runs of three or more (twist segments) are left to the structure."""
    stems = [_stem(ni) for ni in infos]

    def word(i: int) -> str | None:
        return _limb_word(infos[i])

    def numbered_above(i: int, w: str) -> int:  # the bone of i's stem above it, past one bone of the same limb
        p = parents[i]  # word with more to its name between (Animal Crossing's 'Arm_1_L' > 'Arm_1_L_Sub' >
        if p >= 0 and word(p) == w and stems[p] != stems[i]:  # 'Arm_2_L', the sub bone a twist: held-out batch 562)
            p = parents[p]
        return p if p >= 0 and word(p) == w and stems[p] == stems[i] else -1

    above = {i: a for i in range(len(parents)) if (w := word(i)) is not None and (a := numbered_above(i, w)) >= 0}
    below: dict[int, list[int]] = {}
    for i, a in above.items():
        below.setdefault(a, []).append(i)
    for i, p in above.items():
        w = word(i)
        if not infos[i].numbers or (infos[p].numbers and infos[p].numbers[-1] >= infos[i].numbers[-1]):
            continue
        if p in above or any(infos[c].numbers and infos[c].numbers[-1] > infos[i].numbers[-1]
                             for c in below.get(i, [])):
            continue  # a run of three (a helper of the same number beside it, 'Arm_2_LF' on 'Arm_2_L', is none)
        upper, lower = _LIMB_WORDS[w]
        top = strongest(evidence[i])
        if top is None or top.kind != upper:
            continue
        evidence[i] = [Evidence(lower, top.side, None, top.weight), Evidence(upper, top.side, None, 0.45)]
    for i, p in enumerate(parents):  # a 'sub' bone under its segment's bone is that segment's twist ('Arm_1_L' >
        if p >= 0 and "sub" in infos[i].tokens and stems[i] == (*stems[p], "sub") and \
                infos[i].numbers == infos[p].numbers and (top := strongest(evidence[p])) is not None and \
                top.kind in _LIMB_WORDS.get(word(p) or "", ()):  # 'Arm_1_L_Sub': Animal Crossing, batch 562)
            evidence[i] = [Evidence(f"{top.kind}_twist", top.side, 1.0, top.weight)]


def limb_word_below_its_upper_segment(parents: list[int], infos: list[NameInfo],
                                      evidence: list[list[Evidence]]) -> None:
    """A bone named by the plain limb word alone ('Leg', read as thigh or calf alike) under a bone named that limb's
    upper segment of its side ('UpLeg' = thigh) is the lower segment: Mixamo's 'LeftUpLeg' > 'LeftLeg' spelled out,
    so the names can overrule a solver that read a chibi's short legs one joint down (Boss Room's knight, held-out
    batch 369)."""
    for i, p in enumerate(parents):
        if p < 0 or (w := _limb_word(infos[i])) is None:
            continue
        upper, lower = _LIMB_WORDS[w]
        top, ptop = strongest(evidence[i]), strongest(evidence[p])
        if top is None or ptop is None or ptop.kind != upper or ptop.weight < 0.9 or ptop.side != top.side or \
                top.weight > 0.8 or (top.weight == 0.8 and any(c.startswith("?") for c in infos[i].concepts)):
            continue  # (a plain 'Arm' reads as Mixamo's upper arm at 0.8: under 'UpperArm' it is the forearm, a Wild
            # West cactus's 'LeftUpperArm' > 'LeftArm', held-out batch 1146; not with a word of its own, a course
            # rig's 'dnArmL', the upper arm's lower half under 'upArmL')
        evidence[i] = [Evidence(lower, top.side, None, 0.85)]


def forearm_below_its_elbow(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]],
                            positions: list[tuple[float, float, float] | None]) -> None:
    """A bone named the forearm and nothing else, the only child of one named the elbow of its side and itself
    carrying the arm on (Pirates of the Caribbean Online's 'd_left_elbow' > 'd_left_forearm' > 'd_left_wrist',
    held-out batch 1386): both names read as the lower arm, but the elbow is the joint and the forearm a part bone
    along the segment (Jack's a third of the way to the wrist), so it reads as the forearm's twist bone first. Not
    where the forearm sits on the elbow or just past it (a robot's two elbow joints at one point, 'elbowL' >
    'forearmL': the last of a stack is the joint; a student rig's 'Cotovelo.L' a few centimetres before its
    'Antebraco.L', held-out batch 1232: the elbow a helper before the joint), nor for a leg's words ('Elbow.L' >
    'Foreleg.L', a horse's 'FrontLeftKnee' > 'FrontLeftShin'), nor for a robot's links ('elbow_flex_link' >
    'forearm_roll_link', 'left_elbow_link_2_v7_1' > 'left_forearm_v8_1'), nor where the arm names its joints and its
    segments in turn, a lone hand under the wrist (a figure's 'L_shoulder' > 'L_upper_arm' > 'L_elbow' >
    'L_fore_arm' > 'L_wrist' > 'L_hand': there the segments' bones are the segments)."""
    kids = _children(parents)
    for i, ni in enumerate(infos):
        top = strongest(evidence[i])
        own = tokenize(ni.raw)  # (the name's own words: a quadruped's front 'Knee' reads as an elbow)
        if top is None or top.kind != "lowerarm" or not set(own) & ELBOW_WORDS or len(kids.get(i, [])) != 1:
            continue
        c = kids[i][0]
        below = strongest(evidence[c])
        if below is None or below.kind != "lowerarm" or below.side != top.side or not kids.get(c) or \
                {x for x in infos[c].concepts if not x.startswith("?")} != {"lowerarm"} or \
                set(infos[c].tokens) & ELBOW_WORDS or _forearm_is_the_joint(infos, evidence, positions, kids, own, i):
            continue
        evidence[c] = [Evidence("lowerarm_twist", below.side, 1.0, below.weight),
                       Evidence("lowerarm", below.side, None, 0.5 * below.weight)]


def _forearm_is_the_joint(infos: list[NameInfo], evidence: list[list[Evidence]],
                          positions: list[tuple[float, float, float] | None], kids: dict[int, list[int]],
                          own: list[str], i: int) -> bool:
    """The exceptions of ``forearm_below_its_elbow`` for elbow ``i`` (its name's words ``own``) and its only child:
    a robot's links, a forearm on or just past the elbow, an arm named joint and segment in turn."""
    c = kids[i][0]
    return "link" in own + tokenize(infos[c].raw) or _just_past(positions, i, c, kids[c][0]) or \
        _hand_past_a_wrist(infos, evidence, kids, c)


def _hand_past_a_wrist(infos: list[NameInfo], evidence: list[list[Evidence]], kids: dict[int, list[int]],
                       c: int) -> bool:
    """Bone ``c``'s only child is named the wrist and carries one bone, named the hand."""
    below = kids.get(c, [])
    if len(below) != 1 or not set(tokenize(infos[below[0]].raw)) & WRIST_WORDS or len(kids.get(below[0], [])) != 1:
        return False
    hand = strongest(evidence[kids[below[0]][0]])
    return hand is not None and hand.kind == "hand"


def _just_past(positions: list[tuple[float, float, float] | None], i: int, c: int, g: int) -> bool:
    """Bone ``c`` sits on its parent ``i`` or just past it (within a quarter of the way from ``i`` to ``c``'s child
    ``g``); False where a position is missing."""
    a, b, z = positions[i], positions[c], positions[g]
    if a is None or b is None or z is None:
        return False
    return math.dist(a, b) <= 0.25 * math.dist(a, z)


def no_fingers_on_the_head(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """Finger words below a bone named the head, with no hand between, name no finger: Davy Jones's face tentacles
    ('def_head' > 'def_left_middle_tent_0' .. '_3', Pirates of the Caribbean Online, held-out batch 1386) had taken
    the middle fingers' roles and left the head unmapped."""
    for i, evs in enumerate(evidence):
        top = strongest(evs)
        if top is None or top.kind not in FINGERS:
            continue
        p, up = parents[i], None  # up through unnamed bones and the chain's own finger words to the first other name
        while p >= 0 and ((up := strongest(evidence[p])) is None or up.kind in FINGERS):
            p = parents[p]
        if p >= 0 and up is not None and up.kind == "head":
            evidence[i] = [e for e in evs if e.kind not in FINGERS]


_UPSIDE_DOWN = {("lowerarm", "upperarm"), ("calf", "thigh")}


def limb_segments_named_upside_down(parents: list[int], infos: list[NameInfo],
                                    evidence: list[list[Evidence]]) -> None:
    """A bone named a limb's upper segment under one named its lower segment, of one side (a web game's fairy:
    'shoulder.l' > 'lowerarm.l' > 'upperarm.l' > 'hand.l', held-out batch 548): the names give the two segments, the
    chain their order, so the upper bone is the upper segment. Both names say their segment (>= 0.9): a plain
    'Arm' under 'Forearm' (Starfield) is a twist or part bone, not an upper arm out of place."""
    for i, p in enumerate(parents):
        top, ptop = (strongest(evidence[i]), strongest(evidence[p])) if p >= 0 else (None, None)
        if top is not None and ptop is not None and (ptop.kind, top.kind) in _UPSIDE_DOWN and \
                top.side == ptop.side and min(top.weight, ptop.weight) >= 0.9:
            evidence[p] = [Evidence(top.kind, ptop.side, None, ptop.weight)]
            evidence[i] = [Evidence(ptop.kind, top.side, None, top.weight)]


def metacarpals_over_their_fingers(parents: list[int], infos: list[NameInfo],
                                   evidence: list[list[Evidence]]) -> None:
    """A metacarpal named for a finger none of its children is named (DAZ Genesis 2's 'lCarpal2', read as Rigify's
    palm.02 = middle, carries 'lRing1' and 'lPinky1': a Dynamic Bone demo, held-out batch 569) belongs to its first
    child finger named by a finger word."""
    kids = _children(parents)
    for i, evs in enumerate(evidence):
        top = strongest(evs)
        if top is None or top.kind not in FINGERS or top.idx != 0.0:
            continue
        below = {t.kind for c in kids.get(i, []) if (t := strongest(evidence[c])) is not None and t.kind in FINGERS
                 and t.kind in infos[c].concepts}  # (a finger word: numbers may count from the thumb or not)
        if below and top.kind not in below:
            kind = min(below, key=FINGERS.index)
            evidence[i] = [Evidence(kind, e.side, e.idx, e.weight, e.exact) if e is top else e for e in evs]


def zero_based_fingers(parents: list[int], infos: list[NameInfo], evidence: list[list[Evidence]]) -> None:
    """A finger numbered 0, 1, 2, 3 down one chain of four bones (MB-Lab's 'index00_L' .. 'index03_L', Leap
    Motion's bones 0-3) names its metacarpal 0 and its three phalanges: the numbers spell the segments out, as
    an anatomical word would (segment = number, marked ``exact``). A curled or short-palmed hand puts bone 0
    where a knuckle would be (held-out batch 74: MB-Lab's running export, its 'index00' 9 cm from the wrist, was
    read one segment off on every finger); a finger numbered 1..4 or 0..2 keeps the geometric reading. Thumbs
    have no metacarpal role of their own (Manny's thumb_01 is it), so they are left alone."""
    runs: dict[tuple[str, str | None], list[int]] = {}
    for i, evs in enumerate(evidence):
        top = strongest(evs)
        if top is not None and top.kind in FINGERS[1:] and not top.exact and len(infos[i].numbers) == 1:
            runs.setdefault((top.kind, top.side), []).append(i)
    for (kind, _), bones in runs.items():
        by_num = {infos[i].numbers[0]: i for i in bones}
        if len(bones) != 4 or sorted(by_num) != [0, 1, 2, 3]:
            continue
        chain = [by_num[k] for k in range(4)]
        if all(parents[b] == a for a, b in zip(chain, chain[1:], strict=False)):
            for k, i in enumerate(chain):
                evidence[i] = [Evidence(e.kind, e.side, float(k), e.weight, True) if e.kind == kind else e
                               for e in evidence[i]]
