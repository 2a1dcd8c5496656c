"""What a mapping change did, rig by rig: two ``bonemap_real.py --json`` files of the same rigs compared.

    .venv/bin/python tools/bench/bonemap_real.py --committed --engines anonymous matcher --json before.json
    ... change the code ...
    .venv/bin/python tools/bench/bonemap_real.py --committed --engines anonymous matcher --json after.json
    .venv/bin/python tools/bench/bonemap_compare.py before.json after.json

Prints every rig whose mapping changed under any engine (bones right, errors, deform-core bones right, how many
bones map differently), then per engine the totals before and after and the rigs that got more errors. Exits 1 when
a rig got more errors under any engine (a regression to look at), else 0. Rigs in only one file are listed apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def load(path: str) -> dict[str, dict[str, Any]]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def changed_bones(a: dict[str, str | None], b: dict[str, str | None]) -> int:
    """How many bones map differently."""
    return sum(1 for bone in set(a) | set(b) if a.get(bone) != b.get(bone))


def compare(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> tuple[list[str], bool]:
    """Report lines, and whether any rig got more errors under any engine."""
    lines: list[str] = []
    common = sorted(set(before) & set(after))
    engines = sorted({e for k in common for e in before[k]} & {e for k in common for e in after[k]})
    worse: dict[str, list[str]] = {e: [] for e in engines}
    for key in common:
        cells = []
        for e in engines:
            x, y = before[key].get(e), after[key].get(e)
            if x is None or y is None:
                continue
            n = changed_bones(x["mapping"], y["mapping"])
            if n:
                cells.append(f"{e}: right {x['correct']} -> {y['correct']}/{x['with_counterpart']}, errors "
                             f"{len(x['errors'])} -> {len(y['errors'])}, core {x['core'][0]} -> {y['core'][0]}/"
                             f"{x['core'][1]} ({n} bones changed)")
            if len(y["errors"]) > len(x["errors"]):
                worse[e].append(key)
        if cells:
            lines.append(f"{key}: " + "; ".join(cells))
    for e in engines:
        pairs = [(before[k][e], after[k][e]) for k in common if e in before[k] and e in after[k]]
        total = sum(x["with_counterpart"] for x, _ in pairs)
        right = [sum(x["correct"] for x, _ in pairs), sum(y["correct"] for _, y in pairs)]
        free = [sum(not x["errors"] for x, _ in pairs), sum(not y["errors"] for _, y in pairs)]
        core = [sum(x["core"][0] for x, _ in pairs), sum(y["core"][0] for _, y in pairs)]
        core_total = sum(x["core"][1] for x, _ in pairs)
        lines.append(f"{e}: bones right {right[0]} -> {right[1]} of {total}; error-free rigs {free[0]} -> {free[1]} "
                     f"of {len(pairs)}; deform core {core[0]} -> {core[1]} of {core_total}; more errors: "
                     f"{', '.join(worse[e]) or 'none'}")
    for key in sorted(set(before) ^ set(after)):
        lines.append(f"{key}: only in {'the first' if key in before else 'the second'} file")
    return lines, any(worse.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before")
    ap.add_argument("after")
    args = ap.parse_args(argv)
    lines, regressed = compare(load(args.before), load(args.after))
    print("\n".join(lines))
    return 1 if regressed else 0


if __name__ == "__main__":
    sys.exit(main())
