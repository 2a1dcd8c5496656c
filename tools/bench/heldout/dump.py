"""Dump a rig file to the held-out labelling format (bones, parents, world rest positions; every bone labelled null).

    PYTHONPATH=python_backend/src .venv/bin/python tools/bench/heldout/dump.py RIG.fbx --out rigs/NAME.json

Reads what ``enginemind map`` reads (FBX, glTF / GLB / VRM, COLLADA, BVH, SMD, MJCF, URDF, skeleton JSON) with the
project's importer, so the labeller sees the bones the mapper will see. The labeller then fills ``mapping`` (UE5
Manny bone or null for every bone), ``acceptable`` and ``notes`` by hand: see ``brief.md``. Run the importer from a
copy of the source frozen at the batch's start, so that a change to the importer during the batch cannot change
what was labelled.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from enginemind.families.bonemap.rig.importers import load_skeleton_file


def dump(path: Path, skin: str = "") -> dict:
    sk = load_skeleton_file(path, skin=skin)
    d = sk.to_dict()
    for b in d["bones"]:  # positions rounded to 10 µm for the labeller's eye; rotations and joint axes kept
        if b.get("position") is not None:
            b["position"] = [round(float(v), 5) for v in b["position"]]
    out = {"bones": d["bones"], "up_axis": sk.up_axis, "units": sk.units}
    if sk.forward_axis:
        out["forward_axis"] = sk.forward_axis
    if sk.humanoid:
        out["humanoid"] = dict(sk.humanoid)
    out["mapping"] = {b["name"]: None for b in d["bones"]}
    out["acceptable"] = {}
    out["notes"] = ""
    out["import_warnings"] = list(sk.warnings)
    return out


def to_text(d: dict) -> str:
    """JSON with one line per bone and per label, so that a labeller can read the file as a table."""
    def rows(key: str, items: list[str]) -> str:
        return f' "{key}": ' + ("{\n" if key != "bones" else "[\n") + ",\n".join(items) + (
            "\n }" if key != "bones" else "\n ]")
    parts = [rows("bones", ["  " + json.dumps(b, ensure_ascii=False) for b in d["bones"]])]
    for k, v in d.items():
        if k == "bones":
            continue
        if k == "mapping" and v:
            parts.append(rows(k, [f"  {json.dumps(n, ensure_ascii=False)}: {json.dumps(t)}" for n, t in v.items()]))
        else:
            parts.append(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rig", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--skin", default="", help="glTF: which skin (name or index) when a file has several")
    a = ap.parse_args()
    d = dump(a.rig, a.skin)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(to_text(d), encoding="utf-8")
    print(f"{a.out}: {len(d['bones'])} bones, up {d['up_axis']}, units {d['units']}", file=sys.stderr)
    for w in d["import_warnings"]:
        print(f"  warning: {w}", file=sys.stderr)


if __name__ == "__main__":
    main()
