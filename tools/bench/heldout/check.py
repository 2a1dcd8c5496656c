"""Check labelled held-out rigs before they are sealed: the format the scorer reads, and labels that can be scored.

    PYTHONPATH=python_backend/src .venv/bin/python tools/bench/heldout/check.py BATCH_DIR/labelled/*.json

Fails (exit 1) on: a bone missing from ``mapping`` or a mapping key that is no bone; a label that is no UE5 Manny
bone; one Manny bone given to two bones; ``acceptable`` naming unknown bones or labels; a parent that is no bone;
a bone without a position; empty ``notes``; notes without a licence word. Warns on a rig with no labelled bone
(it would count nowhere) and on a body with arms but no hands labelled. Never runs a mapper: labels come first.
"""

from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path

from enginemind.families.bonemap.corpus.devset import load_dev

MANNY = {b["name"] for b in json.loads((resources.files("enginemind.families.bonemap") / "data" / "ue5_manny.json")
                                       .read_text(encoding="utf-8"))["bones"]}
LICENCE = re.compile(r"licen[cs]e|MIT|BSD|Apache|CC[- ]?BY|CC0|GPL|ISC|zlib|public domain|unlicen|proprietary|"
                     r"no licen|all rights", re.I)


def problems(path: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) of one labelled file."""
    errs: list[str] = []
    warns: list[str] = []
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"not readable JSON: {exc}"], warns
    bones = d.get("bones") or []
    names = [b.get("name") for b in bones]
    if not bones:
        errs.append("no bones")
    if len(set(names)) != len(names):
        errs.append("duplicate bone names")
    known = set(names)
    for b in bones:
        if b.get("parent") is not None and b["parent"] not in known:
            errs.append(f"{b['name']}: parent {b['parent']!r} is no bone")
        pos = b.get("position")
        if not (isinstance(pos, list) and len(pos) == 3):
            errs.append(f"{b.get('name')}: no position [x, y, z]")
    mapping = d.get("mapping")
    if not isinstance(mapping, dict):
        return errs + ["no 'mapping' object"], warns
    missing = [n for n in names if n not in mapping]
    extra = [k for k in mapping if k not in known]
    if missing:
        errs.append(f"bones without a label (write null for 'no counterpart'): {missing[:8]}")
    if extra:
        errs.append(f"mapping keys that are no bone: {extra[:8]}")
    used: dict[str, str] = {}
    for k, v in mapping.items():
        if v is None:
            continue
        if v not in MANNY:
            errs.append(f"{k}: {v!r} is no UE5 Manny bone")
        elif v in used:
            errs.append(f"{v} given to both {used[v]!r} and {k!r}")
        else:
            used[v] = k
    for k, alts in (d.get("acceptable") or {}).items():
        if k not in known:
            errs.append(f"acceptable: {k!r} is no bone")
        for v in alts if isinstance(alts, list) else [alts]:
            if v is not None and v not in MANNY:
                errs.append(f"acceptable for {k}: {v!r} is no UE5 Manny bone")
    notes = str(d.get("notes") or "")
    if not notes.strip():
        errs.append("empty notes (source, licence, up axis and facing, convention, choices made)")
    elif not LICENCE.search(notes):
        errs.append("notes name no licence (write 'licence: none stated' if the source has none)")
    if not used:
        warns.append("no bone labelled: the rig counts nowhere")
    elif any(v.startswith("lowerarm_") for v in used) and not any(v.startswith("hand_") for v in used):
        warns.append("forearms labelled but no hand: is that right?")
    return errs, warns


def main() -> int:
    files = [Path(p) for p in sys.argv[1:]]
    bad = 0
    for f in files:
        errs, warns = problems(f)
        for w in warns:
            print(f"{f.name}: warning: {w}")
        for e in errs:
            print(f"{f.name}: ERROR: {e}")
        bad += bool(errs)
    if files and not bad:
        for f in {p.parent for p in files}:
            load_dev(f)  # the scorer's own loader reads every file
    print(f"{len(files) - bad}/{len(files)} files ok")
    return 1 if bad or not files else 0


if __name__ == "__main__":
    sys.exit(main())
