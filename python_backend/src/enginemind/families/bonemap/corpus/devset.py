"""The development set (real rigs with ground truth against UE5 Manny): loading and scoring. Never trained on."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enginemind.errors import NotFound
from enginemind.families.bonemap.rig.skeleton import Skeleton

DEV_ENV = "ENGINEMIND_BONEMAP_DEV"
DEFAULT_DEV = "/work/shared/bone_mapping_dev"


@dataclass
class DevRig:
    name: str
    skeleton: Skeleton
    mapping: dict[str, str | None]
    acceptable: dict[str, list[str | None]]
    chains: dict[str, list[str]] = field(default_factory=dict)
    retarget_root: str | None = None

    def is_right(self, bone: str, pred: str | None) -> bool:
        return pred == self.mapping.get(bone) or pred in self.acceptable.get(bone, [])


def anonymous(rig: DevRig) -> DevRig:
    """The rig with every bone renamed ``bone_NNN`` (file order), labels carried over: a nameless export of the
    same body (hierarchy and rest pose kept), for scoring the path a rig without meaningful names takes."""
    new = {b.name: f"bone_{i:03d}" for i, b in enumerate(rig.skeleton.bones)}
    d = rig.skeleton.to_dict()
    d.pop("humanoid", None)  # a file's role table (VRM) names roles: not a nameless body
    for b in d["bones"]:
        b["name"], b["parent"] = new[b["name"]], new.get(b["parent"]) if b["parent"] else None
    return DevRig(rig.name, Skeleton.from_dict(d), {new[k]: v for k, v in rig.mapping.items() if k in new},
                  {new[k]: v for k, v in rig.acceptable.items() if k in new},
                  {k: [new[b] for b in v if b in new] for k, v in rig.chains.items()},
                  new.get(rig.retarget_root) if rig.retarget_root else None)


def dev_dir(path: str | os.PathLike[str] | None = None) -> Path:
    return Path(path or os.environ.get(DEV_ENV) or DEFAULT_DEV)


def load_dev(path: str | os.PathLike[str] | None = None) -> list[DevRig]:
    """Every labelled rig in the folder (the target dump ``*_target.json`` is skipped)."""
    folder = dev_dir(path)
    if not folder.is_dir():
        raise NotFound(f"development set folder {folder} not found; set {DEV_ENV}")
    rigs = []
    for f in sorted(folder.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        if "mapping" not in d:
            continue
        up = d.get("up_axis")  # what the importer declared (as `enginemind map` sees it), else the notes'
        if up is None and ("Y-up" in str(d.get("rest_position_frame", "")) or "Y up" in str(d.get("notes", ""))):
            up = "y"
        sk = Skeleton.from_dict({"bones": d["bones"], "up_axis": up, "units": d.get("units"),
                                 "humanoid": d.get("humanoid") or {}, "forward_axis": d.get("forward_axis")})
        rigs.append(DevRig(f.stem, sk, d["mapping"], d.get("acceptable", {}), d.get("chains", {}),
                           d.get("retarget_root")))
    return rigs


def score_rig(rig: DevRig, pred: dict[str, str | None]) -> dict[str, Any]:
    """Accuracy over bones with a counterpart, null precision, error list."""
    with_cp = [b for b, t in rig.mapping.items() if t is not None]
    correct = sum(1 for b in with_cp if rig.is_right(b, pred.get(b)))
    nulls = [b for b in rig.mapping if pred.get(b) is None]
    null_ok = sum(1 for b in nulls if rig.is_right(b, None))
    errors = [(b, pred.get(b), rig.mapping[b]) for b in rig.mapping if not rig.is_right(b, pred.get(b))]
    return {"rig": rig.name, "bones": len(rig.mapping), "with_counterpart": len(with_cp), "correct": correct,
            "accuracy": correct / max(1, len(with_cp)), "pred_nulls": len(nulls), "null_correct": null_ok,
            "null_precision": null_ok / len(nulls) if nulls else 1.0, "errors": errors}


def summarize(rows: list[dict[str, Any]]) -> dict[str, float]:
    wc = sum(r["with_counterpart"] for r in rows)
    nulls = sum(r["pred_nulls"] for r in rows)
    return {"accuracy": sum(r["correct"] for r in rows) / max(1, wc),
            "null_precision": sum(r["null_correct"] for r in rows) / nulls if nulls else 1.0,
            "zero_error_rigs": sum(1 for r in rows if not r["errors"]), "rigs": len(rows)}
