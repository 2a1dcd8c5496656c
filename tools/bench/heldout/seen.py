"""Is this dumped rig one the project has already evaluated?  Compare it with every committed rig and earlier batch.

    python3 tools/bench/heldout/seen.py BATCH/labelled/NEW.json [--also '/data/real_rigs*/labelled']

Benchmark rows name rigs by words, so a labeller's grep misses a rig that reached us under another name (a fork, a
re-export, the same pack in another game). Bone names and tree shape survive that: this script reports the committed
rigs (``tests/bonemap/**``) and earlier batches (``--also`` globs) whose bone-name sets overlap the new rig's most
(Jaccard of lower-cased names without namespaces), and those with the very same tree shape. An overlap of 0.6 or
more, or the same shape with 20+ bones, means: treat it as a repeat unless the notes say why it is not.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
REPEAT_OVERLAP = 0.6
SHAPE_MIN_BONES = 20


def bare(name: str) -> str:
    """'mixamorig:LeftArm' and 'Armature|LeftArm' compare as 'leftarm'."""
    return re.split(r"[:|/]", name)[-1].strip().lower()


def shape(bones: list[dict]) -> tuple:
    """The tree's shape without names: sorted (depth, child count) of every bone."""
    parent = {b["name"]: b.get("parent") for b in bones}
    kids = Counter(p for p in parent.values() if p)

    def depth(n: str) -> int:
        k = 0
        while parent.get(n) and k < len(parent):  # (bounded: a cycle in a hand-written file ends the walk)
            n, k = parent[n], k + 1
        return k

    return tuple(sorted((depth(n), kids[n]) for n in parent))


def load(path: Path) -> tuple[set[str], tuple, int] | None:
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    bones = d.get("bones") if isinstance(d, dict) else None
    if not isinstance(bones, list) or not bones or not all(isinstance(b, dict) and "name" in b for b in bones):
        return None
    return {bare(b["name"]) for b in bones}, shape(bones), len(bones)


def known_rigs(also: list[str]) -> list[Path]:
    paths = sorted((ROOT / "tests" / "bonemap").rglob("*.json"))
    for pattern in also:
        paths += sorted(Path(p) for p in glob.glob(str(Path(pattern) / "*.json")))
    return paths


def report(new: Path, known: list[Path], top: int = 3) -> bool:
    """Print the closest known rigs; True when one of them looks like the same rig."""
    mine = load(new)
    if mine is None:
        print(f"{new}: not a dumped rig")
        return False
    names, tree, n = mine
    scored = []
    for p in known:
        if p.resolve() == new.resolve():
            continue
        other = load(p)
        if other is None:
            continue
        jac = len(names & other[0]) / max(1, len(names | other[0]))
        same_shape = other[1] == tree and n >= SHAPE_MIN_BONES
        scored.append((jac, same_shape, p))
    scored.sort(key=lambda t: (t[1], t[0]), reverse=True)
    hits = [t for t in scored if t[0] >= REPEAT_OVERLAP or t[1]]
    verdict = "LIKELY REPEAT" if hits else "new"
    print(f"{new.name} ({n} bones): {verdict}")
    for jac, same, p in (hits or scored)[:top]:
        rel = p.relative_to(ROOT) if p.is_relative_to(ROOT) else p
        print(f"    {jac:.2f} name overlap{', same tree shape' if same else ''}  {rel}")
    return bool(hits)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rigs", type=Path, nargs="+")
    ap.add_argument("--also", action="append", default=[], help="a glob of folders of earlier batches' labelled rigs")
    args = ap.parse_args()
    known = known_rigs(args.also)
    repeats = sum(report(r, known) for r in args.rigs)
    print(f"{repeats} of {len(args.rigs)} look like rigs already evaluated")


if __name__ == "__main__":
    main()
