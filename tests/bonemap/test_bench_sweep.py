"""The regression sweep's tools: bonemap_real.py saves each rig's mapping, bonemap_compare.py says what changed."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from tests.bonemap.helpers import load_bench as _load


def test_the_sweep_saves_each_rig_and_the_comparer_flags_a_rig_that_got_worse(tmp_path, capsys):
    folder = Path(__file__).parent / "real_rigs"
    out = tmp_path / "before.json"
    assert _load("bonemap_real").main(["--rigs", str(folder), "--engines", "matcher", "--json", str(out)]) == 0
    before = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(before) == sorted(f"real_rigs/{p.stem}" for p in folder.glob("*.json"))
    rig = before["real_rigs/pymo_meredith"]["matcher"]
    assert rig["correct"] <= rig["with_counterpart"] and rig["mapping"]

    compare = _load("bonemap_compare").compare
    lines, regressed = compare(before, before)
    assert not regressed and not any(line.startswith("real_rigs/") for line in lines), lines

    after = copy.deepcopy(before)
    worse = after["real_rigs/pymo_meredith"]["matcher"]
    bone = next(b for b, t in worse["mapping"].items() if t)
    worse["mapping"][bone] = None
    worse["errors"] = [*worse["errors"], [bone, None, before["real_rigs/pymo_meredith"]["matcher"]["mapping"][bone]]]
    worse["correct"] -= 1
    lines, regressed = compare(before, after)
    assert regressed
    assert any(line.startswith("real_rigs/pymo_meredith: matcher") and "(1 bones changed)" in line for line in lines)
    assert any("more errors: real_rigs/pymo_meredith" in line for line in lines), lines
