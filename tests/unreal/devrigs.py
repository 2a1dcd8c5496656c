"""Development rigs (../shared/bone_mapping_dev, or the copy under tests/unreal/data) as test inputs."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MANNY_PATH = "/Game/Characters/Mannequins/Meshes/SKM_Manny_Simple"


def _dev_dir() -> Path:
    shared = REPO.parent / "shared" / "bone_mapping_dev"
    return shared if (shared / "mixamo.json").exists() else Path(__file__).resolve().parent / "data"


@functools.lru_cache(maxsize=8)
def load_rig(name: str) -> dict[str, Any]:
    return json.loads((_dev_dir() / f"{name}.json").read_text(encoding="utf-8"))


def as_imported(bones: list[dict[str, Any]], up: str) -> list[dict[str, Any]]:
    """``bones`` (right-handed ``rest_position``s, ``up`` "y" or "z") as the editor shows them once their FBX is
    imported: Unreal's importer turns a Y-up scene Z-up (the FBX SDK's axis conversion, front -Y) and flips Y into
    its left-handed component space (``FFbxDataConverter::ConvertPos``, FbxUtilsImport.cpp: "flip Y, then the
    right-handed axis system is converted to LHS"). A Y-up point (x, y, z) ends at (x, z, y); a Z-up one at
    (x, -y, z). The fake editor serves these, as the real one would."""
    out = []
    for b in bones:
        p = b.get("rest_position")
        if p is not None:
            x, y, z = p
            p = [x, z, y] if up == "y" else [x, -y, z]
        out.append({**b, "rest_position": p})
    return out


def mixamo_bones() -> list[dict[str, Any]]:
    """The Mixamo dev rig (Y up, facing +Z) as imported into the editor (``as_imported``)."""
    return as_imported(load_rig("mixamo")["bones"], "y")


def manny_bones() -> list[dict[str, Any]]:
    """UE5 Manny (its dev file is Blender's import space: Z up, facing -Y) as the editor holds it: facing +Y."""
    return as_imported(load_rig("ue5_manny_target")["bones"], "z")


def ground_truth_result(rig: str = "mixamo", low: dict[str, float] | None = None) -> dict[str, Any]:
    """A mapping result in the backend's shape built from the dev set's hand-checked labels."""
    data = load_rig(rig)
    mapping = dict(data["mapping"])
    confidence = {b: (low or {}).get(b, 0.95) for b in mapping}
    goals = {"LeftArm": "LeftHandIK", "RightArm": "RightHandIK", "LeftLeg": "LeftFootIK", "RightLeg": "RightFootIK"}
    foot = {"LeftFootIK": "foot_l", "RightFootIK": "foot_r", "LeftHandIK": "hand_l", "RightHandIK": "hand_r"}
    inv = {t: s for s, t in mapping.items() if t}
    chains, ik_goals = [], []
    for name, bones in data["chains"].items():
        chain = {"name": name, "start": bones[0], "end": bones[-1], "bones": bones,
                 "target_start": mapping.get(bones[0]), "target_end": mapping.get(bones[-1])}
        if name in goals:
            chain["goal"] = goals[name]
            ik_goals.append({"name": goals[name], "bone": inv[foot[goals[name]]], "chain": name})
        chains.append(chain)
    return {"target": "ue5_manny", "mapping": mapping, "confidence": confidence, "chains": chains,
            "retarget_root": data["retarget_root"], "ik_goals": ik_goals}
