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


def mixamo_bones() -> list[dict[str, Any]]:
    return load_rig("mixamo")["bones"]


def manny_bones() -> list[dict[str, Any]]:
    return load_rig("ue5_manny_target")["bones"]


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
