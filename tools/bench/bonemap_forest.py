"""Forest rebuild (``skeleton.rebuild_forest``): strip every parent of the rigs with positions, rebuild, compare.

    python tools/bench/bonemap_forest.py

Rigs: the development set (/work/shared/bone_mapping_dev, ENGINEMIND_BONEMAP_DEV) plus the test helpers'
Mixamo-like rig. Prints a markdown table: parents restored, mapping equal to the intact rig's, deform-core bones
equal, rebuild time.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from enginemind.families.bonemap.config import MapConfig  # noqa: E402
from enginemind.families.bonemap.predict import Mapper  # noqa: E402
from enginemind.families.bonemap.rig.skeleton import Skeleton  # noqa: E402
from tests.bonemap.helpers import DEV, mixamo_like  # noqa: E402

CORE = ("pelvis", "spine", "neck", "head", "clavicle", "upperarm_", "lowerarm_", "hand_", "thigh_", "calf_", "foot_")


def rigs() -> list[tuple[str, dict]]:
    out = [("helpers.mixamo_like", mixamo_like())]
    for f in sorted(DEV.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        out.append((f.name, d.get("skeleton", d)))
    return out


def main() -> None:
    print("| rig | bones | parents restored | mapping as intact | deform-core as intact | rebuild ms |")
    print("|---|---|---|---|---|---|")
    for name, data in rigs():
        sk0 = Skeleton.from_dict(data)
        if not sk0.has_positions():
            continue
        ref = Mapper(MapConfig()).map(sk0, "ue5_manny").mapping
        bones = [{"name": b.name, "parent": None, "position": list(b.position)} for b in sk0.bones]
        t0 = time.perf_counter()
        sk = Skeleton.from_dict({"bones": bones})
        ms = (time.perf_counter() - t0) * 1e3
        got = Mapper(MapConfig()).map(sk, "ue5_manny").mapping
        parent = {b.name: b.parent for b in sk.bones}
        core = [n for n, t in ref.items() if t and t.startswith(CORE) and "twist" not in t and "_in_" not in t]
        same_p = sum(parent[b.name] == b.parent for b in sk0.bones)
        same_m = sum(got[n] == ref[n] for n in ref)
        same_c = sum(got[n] == ref[n] for n in core)
        print(f"| {name} | {len(sk0)} | {same_p / len(sk0):.0%} | {same_m / len(ref):.0%} | {same_c}/{len(core)} "
              f"| {ms:.0f} |")


if __name__ == "__main__":
    main()
