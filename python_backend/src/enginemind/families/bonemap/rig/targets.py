"""Mapping targets: the shipped data files (``data/<name>.json``) or any skeleton given by the caller."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from enginemind.errors import InvalidInput, NotFound
from enginemind.families.bonemap.rig.names import NameInfo, analyse_names, strip_index_suffixes, strip_namespace
from enginemind.families.bonemap.rig.roles import (
    Evidence,
    Role,
    ankle_above_foot,
    bicep_between_shoulder_and_forearm,
    biped_finger_codes,
    cat_hubs,
    copy_layer_bones,
    deform_copies,
    finger_chain_numbered_by_segment,
    finger_numbers_up_the_chain,
    fingers_beside_a_thumb,
    fingers_numbered_from_the_thumb,
    forearm_below_its_elbow,
    joint_named_arms,
    limb_segments_named_upside_down,
    limb_word_below_its_upper_segment,
    lone_finger_is_a_mitten,
    metacarpals_over_their_fingers,
    mitten_named_after_the_hand,
    name_evidence,
    no_fingers_on_the_head,
    numbered_leaf_under_its_namesake,
    numbered_limb_words,
    palm_without_a_hand,
    pointing_finger,
    strongest,
    toes_named_fingers,
    zero_based_fingers,
)
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.structure import refine

_NOT_BODY = {"face", "hair", "helper", "end"}
TARGET_NAMES = ("ue5_manny", "ue4_mannequin", "unity_humanoid", "mixamo", "vrm_humanoid")


@dataclass
class Analysis:
    """Names, role evidence and the single best role of every bone of one skeleton."""

    infos: list[NameInfo]
    evidence: list[list[Evidence]]
    roles: list[Role | None]
    reroot: int = -1
    """The pelvis when the structure solver found the tree rooted above it at the chest (MuJoCo's humanoid):
    hierarchy checks then read the skeleton re-rooted there; -1 otherwise."""


def analyse(sk: Skeleton, unique: bool = True, structure: str = "names", solution: Any = None) -> Analysis:
    """Role evidence per bone; ``unique`` solves one role per bone (targets need it).

    ``structure``: ``names`` = name analysis + name-anchored structural rules (``structure.refine``);
    ``solver`` = structure-first solver refined by names (``solver.merge``); ``nameless`` = solver only.
    ``solution``: a ``solver.solve`` result already computed for ``sk`` (else solved here).
    """
    infos = analyse_names(sk.names)
    reroot = -1
    if structure != "names":
        from enginemind.families.bonemap.rig.solver.merge import merge, solver_evidence
        from enginemind.families.bonemap.rig.solver.solve import solve

        solution = solution or solve(sk)
        if solution.chest_rooted:
            reroot = solution.pelvis
        if structure == "nameless":
            evidence = solver_evidence(sk, solution)
            return Analysis(infos, evidence, unique_roles(sk, evidence) if unique else _top_roles(evidence), reroot)
    raw = [name_evidence(ni) for ni in infos]
    if not any(_ue_ik_root(ni) for ni in infos):  # IK controls of other conventions retarget nothing
        raw = [[e for e in evs if not e.kind.startswith("ik_")] for evs in raw]
    if sum(any(e.kind == "center_of_mass" for e in evs) for evs in raw) > 1:  # one centre-of-mass marker per
        # segment (Rokoko's 'COM_Thorax', 'COM_LeftArm'): markers, not the skeleton's one centre of mass, which is
        # the one named by the word alone (Starfield's 'COM' beside 'L_ArmMass', held-out batch 501)
        raw = [[e for e in evs if e.kind != "center_of_mass" or set(ni.concepts) == {"com"}]
               for evs, ni in zip(raw, infos, strict=True)]
    fingers_beside_a_thumb(infos, raw)
    palm_without_a_hand(infos, raw)
    fingers_numbered_from_the_thumb(infos, raw)
    parents = [sk.parent_index(i) for i in range(len(sk))]
    for name_rule in (copy_layer_bones, cat_hubs, deform_copies, numbered_leaf_under_its_namesake, ankle_above_foot,
                      joint_named_arms, numbered_limb_words, limb_word_below_its_upper_segment,
                      limb_segments_named_upside_down, metacarpals_over_their_fingers, zero_based_fingers,
                      finger_numbers_up_the_chain, biped_finger_codes, toes_named_fingers,
                      bicep_between_shoulder_and_forearm, mitten_named_after_the_hand, finger_chain_numbered_by_segment,
                      lone_finger_is_a_mitten, pointing_finger, no_fingers_on_the_head):
        name_rule(parents, infos, raw)
    forearm_below_its_elbow(parents, infos, raw, [b.position for b in sk.bones])
    if sk.humanoid:  # the file states roles (VRM): they outrank what the names suggest
        for bone, hint in sk.humanoid.items():
            hinted = name_evidence(analyse_names([hint])[0])
            if hinted:
                # (the table's segment words stay exact: 'rightRingProximal' is segment 1 wherever the knuckle
                # seems to be; held-out batch 83, a cryptovoxels VRM's right ring finger read one segment off)
                raw[sk.index(bone)] = [Evidence(e.kind, e.side, e.idx, 0.99, e.exact) for e in hinted[:1]]
    evidence = refine(sk, infos, raw)
    if structure == "solver":
        # an end word makes only a leaf an end (an auto-rigger's 'l_armEnd' carries the fingers), or a bone
        # whose whole subtree is named as ends (a glTF export's 'head_end' -> 'head_end_end')
        leaf = _end_chains(sk, infos)
        evidence = merge(sk, evidence, [ni.side for ni in infos], solution,
                         not_body=[bool(set(ni.concepts) & (_NOT_BODY if lf else _NOT_BODY - {"end"}))
                                   for ni, lf in zip(infos, leaf, strict=True)],
                         face_only=[set(ni.concepts) & _NOT_BODY == {"face"} for ni in infos],
                         ends=["end" in ni.concepts and lf for ni, lf in zip(infos, leaf, strict=True)])
        _marker_leaves(sk, evidence)
        if reroot < 0:
            reroot = _pelvis_under_the_spine(sk, evidence)
    if unique:
        return Analysis(infos, evidence, unique_roles(sk, evidence), reroot)
    return Analysis(infos, evidence, _top_roles(evidence), reroot)


def _pelvis_under_the_spine(sk: Skeleton, evidence: list[list[Evidence]]) -> int:
    """The pelvis bone where the merged evidence puts it right below a bone read as the spine that carries the chest
    on another branch (a trunk root: a Fall Guys bean's 'Torso_C_jnt' > 'Pelvis_C_jnt' beside 'Chest_C_jnt',
    held-out batch 1031), else -1: the hierarchy checks then read the body from the hips up, as for a chest-rooted
    body."""
    tops = [strongest(evs) for evs in evidence]
    pelvis = [i for i, t in enumerate(tops) if t is not None and t.kind == "pelvis"]
    if len(pelvis) != 1:
        return -1
    p = sk.parent_index(pelvis[0])
    if p < 0 or (t := tops[p]) is None or t.kind != "spine":
        return -1
    trunk = {"spine", "neck", "head", "clavicle", "upperarm"}  # the root's other branch carries the chest
    chest = any(tops[d] is not None and tops[d].kind in trunk  # type: ignore[union-attr]
                for c in sk.children(p) if c != pelvis[0] for d in sk.subtree(c))
    return pelvis[0] if chest else -1


def _marker_leaves(sk: Skeleton, evidence: list[list[Evidence]]) -> None:
    """A leaf whose evidence says the head / hand / foot that its parent is, more strongly, is a marker on that
    bone (Meshy's 'headfront' under 'Head'), not a rival for the role: a sum-maximising assignment would hand it
    the head and push the head bone down to neck_02."""
    for i in range(len(sk)):
        p = sk.parent_index(i)
        if p < 0 or sk.children(i) or not evidence[i] or not evidence[p]:
            continue
        mine, theirs = max(evidence[i], key=lambda e: e.weight), max(evidence[p], key=lambda e: e.weight)
        if mine.kind in ("head", "hand", "foot") and theirs.kind == mine.kind and theirs.side == mine.side and \
                theirs.weight > mine.weight:
            evidence[i] = [e for e in evidence[i] if e.kind != mine.kind]


def _ue_ik_root(ni: NameInfo) -> bool:
    """Manny's ik_foot_l / ik_hand_gun are the Unreal skeleton's virtual IK bones, under ik_foot_root /
    ik_hand_root: a rig that has such a root (an Unreal export, in any case or prefix) maps its IK bones by name;
    another rig's IK controls and targets ('Foot.IK.L', 'hand_ctrl_l') drive no deform bone and get no role
    (the retarget chains and a Unity Avatar use the deform bones; the held-out labels call them null)."""
    return {"ik", "root"} <= set(ni.concepts) and bool({"foot", "hand"} & set(ni.concepts)) and ni.side is None
    # (Unreal's roots are one per skeleton; Rigify's 'MCH-foot_ik_root.L' is a control of one side)


def _end_chains(sk: Skeleton, infos: list[NameInfo]) -> list[bool]:
    """Per bone: a leaf, or every bone below it is named as an end that extends its name (an exporter's end chain:
    'head_end' -> 'head_end_end'). A child end of another name follows the last joint: anim_utils'
    'R_index_tip_jnt' -> 'R_index_end_jnt' is the distal phalanx and its end marker. A bone whose own name puts
    the side after the end word is the author's bone, not an exporter's marker (an exporter appends its end to the
    whole name, side and all): a Sketchfab soldier's 'thumb_end.L' -> 'thumb_end.L_end' and Quaternius' cowboy's
    'ThumbEnd.L' -> 'ThumbEnd.L_end' are a second phalanx and its marker (held-out batch 1010)."""
    names = [strip_namespace(n).lower() for n in strip_index_suffixes(sk.names)]  # ('_019' -> '_end_020')
    out = [True] * len(sk)
    for i in reversed(sk.depth_order()):
        kids = sk.children(i)
        out[i] = all(out[c] and "end" in infos[c].concepts and names[i] in names[c] for c in kids) and \
            not (kids and _AUTHOR_END.search(names[i]))
    return out


# an end word with a side mark after it, at the end of the name ('thumb_end.l', 'thumbend_r', 'hand_end_left')
_AUTHOR_END = re.compile(r"end[._ -]?(?:l|r|left|right)$")


def _top_roles(evidence: list[list[Evidence]]) -> list[Role | None]:
    return [Role(e.kind, e.side, e.idx) if (e := strongest(evs)) else None for evs in evidence]


def unique_roles(sk: Skeleton, evidence: list[list[Evidence]]) -> list[Role | None]:
    """One role per bone and one bone per role: an assignment over the evidence (shallower bones win ties)."""
    import numpy as np

    from enginemind.families.bonemap.rig.assignment import max_weight_assignment

    rows = [i for i, evs in enumerate(evidence) if evs]
    roles: list[Role | None] = [None] * len(evidence)
    if not rows:
        return roles
    cols: dict[Role, int] = {}
    for i in rows:
        for e in evidence[i]:
            cols.setdefault(Role(e.kind, e.side, e.idx), len(cols))
    depth = sk.depths()
    if len(rows) * len(cols) > 2_000_000:  # huge skeletons: greedy, strongest evidence first
        taken: set[Role] = set()
        ranked = sorted(((e.weight, -depth[i], i, Role(e.kind, e.side, e.idx)) for i in rows for e in evidence[i]),
                        reverse=True)
        for _, _, i, role in ranked:
            if roles[i] is None and role not in taken:
                roles[i] = role
                taken.add(role)
        return roles
    w = np.zeros((len(rows), len(cols)))
    for r, i in enumerate(rows):
        for e in evidence[i]:
            c = cols[Role(e.kind, e.side, e.idx)]
            w[r, c] = max(w[r, c], e.weight - 1e-4 * min(depth[i], 1000))
    inv = {c: role for role, c in cols.items()}
    for r, c in max_weight_assignment(w):
        if w[r, c] > 0:
            roles[rows[r]] = inv[c]
    return roles


@dataclass
class Target:
    """A target skeleton with its role per bone, retarget chains and IK goals."""

    name: str
    skeleton: Skeleton
    description: str = ""
    retarget_root: str | None = None
    chains: dict[str, list[str]] = field(default_factory=dict)
    ik_goals: dict[str, dict[str, str]] = field(default_factory=dict)
    analysis: Analysis | None = None
    chain_of: dict[str, tuple[str, int]] = field(default_factory=dict)
    lone_spine: str | None = None
    """The target bone a source's only spine bone takes when the arms hang from it (its clavicles or upper arms:
    ``matcher.lone_chest_spine``): ``spine_05`` for Manny, whose arms hang from spine_05. None: it takes the
    bottom spine bone, as run positions put a lone bone (Unity's and VRM's required Spine)."""

    def __post_init__(self) -> None:
        if self.analysis is None:
            self.analysis = analyse(self.skeleton)
        names = set(self.skeleton.names)
        for chain, bones in self.chains.items():
            for k, b in enumerate(bones):
                if b not in names:
                    raise InvalidInput(f"target {self.name}: chain {chain} names unknown bone {b!r}")
                self.chain_of[b] = (chain, k)
        if self.lone_spine is not None and self.lone_spine not in names:
            raise InvalidInput(f"target {self.name}: lone_spine names unknown bone {self.lone_spine!r}")
        if self.lone_spine is not None and ((r := self.analysis.roles[self.skeleton.index(self.lone_spine)]) is None
                                            or r.kind != "spine" or r.idx is None):
            raise InvalidInput(f"target {self.name}: lone_spine {self.lone_spine!r} is not read as a spine bone "
                               "of the target (give one of its spine bones, or leave lone_spine out)")

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "bone_count": len(self.skeleton),
                "retarget_root": self.retarget_root, "lone_spine": self.lone_spine, "chains": self.chains,
                "ik_goals": self.ik_goals}

    def to_dict(self) -> dict[str, Any]:
        out = self.summary()
        out["skeleton"] = self.skeleton.to_dict()
        out["roles"] = {b: (r.label() if r else None) for b, r in zip(self.skeleton.names, self.analysis.roles,
                                                                      strict=True)}
        return out


def list_targets() -> list[str]:
    return list(TARGET_NAMES)


@functools.lru_cache(maxsize=16)
def load_target(name: str) -> Target:
    """A shipped target by name (``ue5_manny``, ``ue4_mannequin``, ``unity_humanoid``, ``mixamo``, ``vrm_humanoid``)."""
    if name not in TARGET_NAMES:
        raise NotFound(f"unknown target {name!r}; shipped targets: {', '.join(TARGET_NAMES)} "
                       "(or pass a target skeleton for skeleton-to-skeleton mapping)")
    text = (resources.files("enginemind.families.bonemap") / "data" / f"{name}.json").read_text(encoding="utf-8")
    return target_from_dict(json.loads(text), name)


def target_from_dict(d: dict[str, Any], name: str | None = None) -> Target:
    """A target from a data-file dict, or from plain skeleton JSON (chains are then guessed from roles)."""
    sk = Skeleton.from_dict(d)
    t = Target(name or str(d.get("name") or "custom"), sk, str(d.get("description", "")),
               d.get("retarget_root"), dict(d.get("chains") or {}), dict(d.get("ik_goals") or {}),
               lone_spine=d.get("lone_spine"))
    if not t.chains:
        _guess_chains(t)
    return t


def target_from_skeleton(sk: Skeleton, name: str = "custom") -> Target:
    t = Target(name, sk)
    _guess_chains(t)
    return t


_CHAIN_KINDS = [("Root", "root", None), ("Spine", "spine", None), ("Neck", "neck", None), ("Head", "head", None)]
for _s, _side in (("L", "Left"), ("R", "Right")):
    _CHAIN_KINDS += [(f"{_side}Clavicle", "clavicle", _s), (f"{_side}Arm", ("upperarm", "lowerarm", "hand"), _s)]
    _CHAIN_KINDS += [(f"{_side}{f.capitalize()}", f, _s) for f in ("thumb", "index", "middle", "ring", "pinky")]
    _CHAIN_KINDS += [(f"{_side}Leg", ("thigh", "calf", "foot", "ball"), _s)]


def _guess_chains(t: Target) -> None:
    """Standard chains for an arbitrary target skeleton from its bone roles."""
    sk, roles = t.skeleton, t.analysis.roles
    depth = sk.depths()
    for chain, kinds, side in _CHAIN_KINDS:
        kinds = (kinds,) if isinstance(kinds, str) else kinds
        bones = [i for i, r in enumerate(roles) if r and r.kind in kinds and r.side == side]
        if chain.endswith(("Thumb", "Index", "Middle", "Ring", "Pinky")):
            bones = [i for i in bones if roles[i].idx != 0.0]
        if bones:
            t.chains[chain] = [sk.names[i] for i in sorted(bones, key=lambda i: depth[i])]
            for k, b in enumerate(t.chains[chain]):
                t.chain_of[b] = (chain, k)
    pel = [i for i, r in enumerate(roles) if r and r.kind == "pelvis"]
    t.retarget_root = sk.names[pel[0]] if pel else None
    for s, side in (("L", "Left"), ("R", "Right")):
        for kind, goal, chain in (("hand", "HandIK", "Arm"), ("foot", "FootIK", "Leg")):
            b = [i for i, r in enumerate(roles) if r and r.kind == kind and r.side == s]
            if b:
                t.ik_goals[f"{side}{goal}"] = {"bone": sk.names[b[0]], "chain": f"{side}{chain}"}
