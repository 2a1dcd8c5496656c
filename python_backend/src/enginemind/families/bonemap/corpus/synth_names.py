"""Names and labels for synthetic rigs: convention names, renamed / noisy / anonymous variants, ground truth.

``make_rig(conv, seed, mode)`` -> ``(Skeleton with positions, {bone: target bone or None})`` for the
shipped target; ``mode`` is ``plain`` (convention names, case / namespace changes), ``renamed`` (synonyms,
abbreviations and other languages per word, casing, prefixes), ``noisy`` (extra helper / prop / twist bones,
removed fingers or toes) or ``anonymous`` (names carry no meaning: ``bone_017``, ``Joint12``, hashes).
"""

from __future__ import annotations

import hashlib
import random
import re

from enginemind.families.bonemap.corpus.synth import ALL_CONVENTIONS, PROFILES, Node, Profile, add_extras, body, place
from enginemind.families.bonemap.rig.matcher import assign
from enginemind.families.bonemap.rig.names import analyse_names
from enginemind.families.bonemap.rig.roles import Evidence
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import Analysis, Target, load_target, unique_roles

MODES = ("plain", "renamed", "noisy", "anonymous")
_SYN = {
    "left": ("L", "Lft", "Links", "Gauche", "Izq", "Sx", "左"),
    "right": ("R", "Rt", "Rechts", "Droite", "Der", "Dx", "右"),
    "l": ("Left", "Lf", "LT"), "r": ("Right", "Rg", "RT"),
    "arm": ("Bras", "Brazo", "UpperArm", "Arm"), "forearm": ("LowerArm", "Unterarm", "Avantbras", "FArm", "Elbow"),
    "upleg": ("Thigh", "UpperLeg", "Oberschenkel", "Cuisse", "ULeg"), "leg": ("Calf", "Shin", "LowerLeg", "Knee"),
    "hand": ("Wrist", "Mano", "Main", "Hnd"), "foot": ("Ankle", "Fuss", "Pie", "Ft"), "spine": ("Torso", "Back", "Spn"),
    "head": ("Kopf", "Tete", "Cabeza", "Hd"), "neck": ("Hals", "Cou", "Nck"),
    "shoulder": ("Clavicle", "Collar", "Schulter"),
    "hips": ("Pelvis", "Hip", "Becken", "Root"), "thumb": ("Daumen", "Pouce", "Pulgar", "Thb"),
    "index": ("Pointer", "Zeigefinger", "Idx"), "middle": ("Mid", "Mittelfinger", "Mdl"),
    "ring": ("Ringfinger", "Anular"),
    "pinky": ("Little", "Small", "Meñique"), "toebase": ("Toe", "Ball", "Zeh"), "clavicle": ("Collar", "Clav"),
    "upperarm": ("Arm", "UArm", "Humerus"), "lowerarm": ("Forearm", "Ulna"), "thigh": ("UpLeg", "Femur"),
    "calf": ("Shin", "Tibia", "Knee"), "pelvis": ("Hips", "Hip"),
}
_PREFIX = ("", "rig:", "Armature|", "CHR_Hero_", "skel::", "DEF_", "b_", "Character1:")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\x00-\x7f]+")


def rename(name: str, rng: random.Random, prefix: str = "", style: float = 0.0, p: float = 0.6) -> str:
    """Each word swapped for a synonym / abbreviation / other language with probability ``p``, then restyled
    (``style`` in [0, 1) picks snake / Camel / UPPER / joined) and prefixed."""
    head, _, tail = name.rpartition(":")
    words = _WORDS.findall(tail) or [tail]
    out = [rng.choice(_SYN[w.lower()]) if w.lower() in _SYN and rng.random() < p else w for w in words]
    if style < 0.25:
        text = "_".join(w.lower() for w in out)
    elif style < 0.4:
        text = "".join(w.capitalize() for w in out)
    elif style < 0.5:
        text = "_".join(w.upper() for w in out)
    else:
        text = "_".join(out) if style < 0.75 else "".join(out)
    return prefix + text


def _anonymous(n: int, rng: random.Random) -> list[str]:
    style = rng.randrange(4)
    order = list(range(n))
    rng.shuffle(order)
    if style == 0:
        return [f"bone_{k:03d}" for k in order]
    if style == 1:
        return [f"Joint{k}" for k in order]
    if style == 2:
        salt = str(rng.random())
        return ["b_" + hashlib.sha1(f"{salt}{k}".encode()).hexdigest()[:8] for k in order]
    return ["Bone" if k == 0 else f"Bone.{k:03d}" for k in order]


def render(nodes: list[Node], conv: str, rng: random.Random, mode: str) -> list[dict]:
    """Bone dicts (name, parent, position, role) with convention names; bones the convention lacks dropped."""
    namer = ALL_CONVENTIONS[conv]
    names: list[str | None] = []
    for i, nd in enumerate(nodes):
        name = namer(nd.kind, nd.side, nd.k if nd.kind not in ("finger_tip",) else 4, nd.n)
        if nd.kind == "finger_tip":
            parent = nodes[nd.parent]
            name = namer(parent.kind, nd.side, 4, 3) or (f"{names[nd.parent]}_end" if names[nd.parent] else None)
        elif name is None and nd.role is None and nd.kind != "helper":
            parent_name = names[nd.parent] if nd.parent >= 0 else None
            name = f"{parent_name}_{rng.choice(('end', 'End', 'Nub', 'tip'))}" if parent_name else None
            if nd.kind == "hip_helper":
                name = f"{'L' if nd.side == 'L' else 'R'}HipJoint"
            elif nd.kind == "leg_root":
                name = "LegsRoot"
        elif nd.kind == "helper":
            name = f"{rng.choice(('Hair', 'Breast', 'Skirt', 'Cape', 'Jiggle', 'Bag', 'Corrective', 'Cloth'))}_" \
                   f"{nd.side or 'C'}{i}"
        elif nd.kind in ("ik_foot", "ik_hand", "ik_foot_root", "ik_hand_root") and name is None:
            name = "ik_" + nd.kind[3:] + (f"_{nd.side.lower()}" if nd.side else "")
        names.append(name)
    if mode == "renamed":
        pre, style = rng.choice(_PREFIX), rng.random()
        names = [rename(n, rng, pre, style) if n else None for n in names]
    elif mode in ("plain", "noisy") and rng.random() < 0.5:
        pre = rng.choice(_PREFIX)
        low = rng.random() < 0.2
        names = [(pre + (n.lower() if low else n)) if n and not n.startswith(pre) else n for n in names]
    keep = [i for i, n in enumerate(names) if n]
    if mode == "anonymous":
        fresh = _anonymous(len(keep), rng)
        for i, nm in zip(keep, fresh, strict=True):
            names[i] = nm
    seen: set[str] = set()
    out = []
    for i in keep:
        nm = names[i]
        while nm in seen:
            nm += "_1"
        names[i] = nm
        seen.add(nm)
        p = nodes[i].parent
        while p >= 0 and not names[p]:
            p = nodes[p].parent
        out.append({"name": nm, "parent": names[p] if p >= 0 else None, "position": [float(x) for x in nodes[i].pos],
                    "role": nodes[i].role})
    return out


def make_rig(conv: str, seed: int, mode: str = "plain", target: Target | None = None
             ) -> tuple[Skeleton, dict[str, str | None]]:
    """One labelled synthetic rig of convention ``conv``."""
    sk, labels, _ = make_sample(conv, seed, mode, target)
    return sk, labels


def body_bones(rng: random.Random, prof: Profile, conv: str, mode: str) -> tuple[list[dict], dict]:
    """A body of profile ``prof`` with the extras of ``mode`` (noisy: fingers / toes dropped, more extras),
    placed (units, axes) and named by convention ``conv``: (bone dicts, placement meta)."""
    nodes = body(rng, prof)
    if mode == "noisy":
        nodes = _drop(nodes, rng)
        add_extras(nodes, rng, 2.0)
    else:
        add_extras(nodes, rng, 0.5)
    meta = place(nodes, rng)
    return render(nodes, conv, rng, mode), meta


def make_sample(conv: str, seed: int, mode: str = "plain", target: Target | None = None
                ) -> tuple[Skeleton, dict[str, str | None], list[tuple | None]]:
    """``make_rig`` plus the role of every bone (kind, side, idx) or None, in skeleton order."""
    rng = random.Random(f"{conv}/{seed}/{mode}")
    bones, meta = body_bones(rng, PROFILES[conv], conv, mode)
    if rng.random() < 0.3:
        rng.shuffle(bones)
    sk, labels = label(bones, target or load_target("ue5_manny"), meta.get("up_axis"))
    return sk, labels, [b["role"] for b in bones]


def _drop(nodes: list[Node], rng: random.Random) -> list[Node]:
    """Remove some finger chains or toes (children of removed bones go too)."""
    gone: set[int] = set()
    drop_kinds = set(rng.sample(["pinky", "ring", "ball", "thumb", "toe_end"], rng.randint(0, 2)))
    for i, nd in enumerate(nodes):
        if nd.kind in drop_kinds or nd.parent in gone:
            gone.add(i)
    remap, out = {}, []
    for i, nd in enumerate(nodes):
        if i in gone:
            continue
        remap[i] = len(out)
        out.append(Node(nd.kind, nd.side, nd.k, nd.n, remap.get(nd.parent, -1), nd.pos, nd.role))
    return out


def label(bones: list[dict], target: Target, up: str | None = None) -> tuple[Skeleton, dict[str, str | None]]:
    """Ground truth: the rig's roles assigned onto the target with the matcher's own rules."""
    sk = Skeleton.from_dict({"bones": [{k: v for k, v in b.items() if k != "role"} for b in bones],
                             "up_axis": up if up in ("y", "z") else None})
    evidence = [[Evidence(b["role"][0], b["role"][1], b["role"][2], 1.0)] if b["role"] else [] for b in bones]
    an = Analysis(analyse_names(sk.names), evidence, unique_roles(sk, evidence))
    a = assign(sk, target, analysis=an, repair_rounds=0)
    tn = target.skeleton.names
    return sk, {sk.names[i]: (tn[j] if j >= 0 else None) for i, j in enumerate(a.match)}
