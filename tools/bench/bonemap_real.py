"""Bone mapping on real third-party rigs (a test set: never used for the lexicon, training or tuning of the maps).

    nice -n 10 .venv/bin/python tools/bench/bonemap_real.py   # names / nameless / anonymous / matcher
    nice -n 10 .venv/bin/python tools/bench/bonemap_real.py --model-dir /tmp/bonemap_loco/fold0  # + model, auto
    .venv/bin/python tools/bench/bonemap_real.py --committed --engines anonymous matcher --json before.json
    .venv/bin/python tools/bench/bonemap_compare.py before.json after.json   # what a change did, rig by rig

Rigs: ``--rigs`` (default ``/work/wt/data/real_rigs/labelled``, the development-set format: bones + ``mapping``
+ ``acceptable``), plus the committed permissive ones in ``tests/bonemap/real_rigs`` when the folder is absent.
``anonymous`` is the matcher on the rig with its names replaced by ``bone_NNN`` (a nameless rig's real path).
The totals also give each engine's accuracy on the deform-core bones (pelvis, spine, neck, head, clavicles, arms, hands,
legs, feet), the issue's measure for anonymous rigs.
Per rig and engine: bones right (of those with a counterpart), errors, and which roles fail (expected role ->
predicted role); totals: accuracy, zero-error rigs, null precision, calibrated confidence of right / wrong
bones. ``--model-dir``: a skeleton-model folder (``skelnet.pt``); its auto rule and confidence maps come from
``skelnet.json`` or, for a leave-convention-out fold folder, from the ``extras_*.json`` fitted next to it.
``--rigs`` takes several folders; ``--committed`` is every committed folder of real rigs (``tests/bonemap/real_rigs*``:
the regression sweep a mapping change is checked with); ``--json`` saves each rig's mapping and score per engine,
keyed ``folder/rig``, for ``bonemap_compare.py``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.corpus.devset import DevRig, anonymous, load_dev, score_rig, summarize
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.targets import load_target

DEFAULT = Path("/work/wt/data/real_rigs/labelled")
CORE = {"pelvis", "spine", "neck", "head", "clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot"}
"""Deform-core roles (the issue's anonymous-rig goal counts these), as in ``bonemap_loco.CORE``."""
COMMITTED = Path(__file__).resolve().parents[2] / "tests" / "bonemap" / "real_rigs"


def load_model(folder: Path) -> Any:
    from enginemind.families.bonemap.calibration import Calibration
    from enginemind.families.bonemap.skelnet.combine import AutoRule
    from enginemind.families.bonemap.skelnet.infer import SkelModel

    model = SkelModel.load(folder)
    extras = sorted(folder.glob("extras_*.json"))
    if not model.calibration and extras:
        d = json.loads(extras[-1].read_text(encoding="utf-8"))
        model.auto_rule = AutoRule.from_dict(d["auto_rule"])
        model.calibration = {e: Calibration.from_dict(v) for e, v in d["calibration"].items()}
    return model


def run(engine: str, mapper: Mapper, rig: DevRig, target: Any) -> Any:
    sk = rig.skeleton
    if engine in ("names", "nameless"):
        from enginemind.families.bonemap.rig.matcher import assign
        from enginemind.families.bonemap.rig.retarget import build_result

        a = assign(sk, target, structure=engine)
        return build_result(sk, target, a.match, a.confidence, engine=engine)
    if engine == "anonymous":
        return _anonymous(mapper, rig, target)
    return mapper.map(sk, target, engine=engine)


def _anonymous(mapper: Mapper, rig: DevRig, target: Any) -> Any:
    """The matcher on the rig with every name replaced by ``bone_NNN`` (what a user with a nameless rig gets:
    unlike ``nameless``, which scores the structure step alone, this is the whole production path), answers
    reported under the original names."""
    anon = anonymous(rig)
    res = mapper.map(anon.skeleton, target, engine="matcher")
    old = dict(zip(anon.skeleton.names, rig.skeleton.names, strict=True))
    return SimpleNamespace(mapping={old[k]: v for k, v in res.mapping.items()},
                           confidence={old[k]: v for k, v in res.confidence.items()})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rigs", nargs="+", default=[str(DEFAULT if DEFAULT.is_dir() else COMMITTED)])
    ap.add_argument("--committed", action="store_true", help="every committed folder of real rigs (tests/bonemap)")
    ap.add_argument("--engines", nargs="+", default=None, help="a subset of names nameless anonymous matcher")
    ap.add_argument("--json", default=None, help="save each rig's mapping and score per engine here")
    ap.add_argument("--model-dir", default=None)
    args = ap.parse_args(argv)
    target = load_target("ue5_manny")
    model = load_model(Path(args.model_dir)) if args.model_dir else None
    engines = tuple(args.engines or ("names", "nameless", "anonymous", "matcher")) + \
        (("model", "auto") if model is not None else ())
    folders = sorted(str(f) for f in COMMITTED.parent.glob("real_rigs*") if f.is_dir()) if args.committed \
        else args.rigs
    mapper = Mapper(MapConfig(), skel=model)
    role = dict(zip(target.skeleton.names, target.analysis.roles, strict=True))

    def kind(b: str | None) -> str:
        r = role.get(b)
        return r.kind if r else "null"

    keyed = [(f"{_folder_name(f)}/{r.name}", r) for f in folders for r in load_dev(f)]
    rigs = [r for _, r in keyed]
    print(f"## bonemap: real third-party rigs\n\nmachine: {platform.machine()}, {os.cpu_count()} CPUs (shared), "
          f"python {platform.python_version()}; {len(rigs)} rigs from {', '.join(folders)}; target ue5_manny; "
          f"model: {args.model_dir or 'none'}\n")
    saved: dict[str, dict[str, Any]] = {key: {} for key, _ in keyed}
    rows: dict[str, list[dict]] = {e: [] for e in engines}
    fails: dict[str, collections.Counter] = {e: collections.Counter() for e in engines}
    per_rig_fails: dict[tuple[str, str], collections.Counter] = {}
    confs: dict[str, list[tuple[float, bool]]] = {e: [] for e in engines}
    core: dict[str, list[int]] = {e: [0, 0] for e in engines}  # deform-core bones right / labelled
    t0 = time.perf_counter()
    for key, rig in keyed:
        for e in engines:
            res = run(e, mapper, rig, target)
            row = score_rig(rig, res.mapping)
            rows[e].append(row)
            c = per_rig_fails.setdefault((rig.name, e), collections.Counter())
            for _bone, pred, want in row["errors"]:
                fails[e][(kind(want), kind(pred))] += 1
                c[(kind(want), kind(pred))] += 1
            rig_core = [0, 0]
            for bone in rig.mapping:
                confs[e].append((res.confidence.get(bone, 0.0), rig.is_right(bone, res.mapping.get(bone))))
                if kind(rig.mapping[bone]) in CORE:
                    rig_core[0] += rig.is_right(bone, res.mapping.get(bone))
                    rig_core[1] += 1
            core[e] = [core[e][0] + rig_core[0], core[e][1] + rig_core[1]]
            saved[key][e] = {"mapping": dict(res.mapping), "correct": row["correct"],
                             "with_counterpart": row["with_counterpart"], "errors": row["errors"], "core": rig_core}
    print("### Per rig: bones right / with a counterpart (errors incl. wrong nulls)\n")
    print("| rig | bones | " + " | ".join(engines) + " | failing roles (matcher) |\n|---|---|" + "---|" * len(engines)
          + "---|")
    for k, rig in enumerate(rigs):
        cells = [f"{rows[e][k]['correct']}/{rows[e][k]['with_counterpart']} ({len(rows[e][k]['errors'])})"
                 for e in engines]
        worst = ", ".join(f"{a}->{b} {n}" for (a, b), n in per_rig_fails[(rig.name, "matcher")].most_common(4))
        print(f"| {rig.name} | {len(rig.mapping)} | " + " | ".join(cells) + f" | {worst or '-'} |")
    print("\n### Totals\n")
    print("| engine | accuracy (bones with a counterpart) | zero-error rigs | null precision | "
          "mean confidence right / wrong | deform-core bones |\n|---|---|---|---|---|---|")
    for e in engines:
        s = summarize(rows[e])
        right = [c for c, g in confs[e] if g]
        wrong = [c for c, g in confs[e] if not g]
        print(f"| {e} | {s['accuracy']:.4f} | {s['zero_error_rigs']}/{s['rigs']} | {s['null_precision']:.4f} | "
              f"{np.mean(right) if right else float('nan'):.3f} / {np.mean(wrong) if wrong else float('nan'):.3f} | "
              f"{core[e][0] / max(1, core[e][1]):.4f} ({core[e][0]}/{core[e][1]}) |")
    print("\n### Failing roles (expected -> predicted, count), top 10 per engine\n")
    for e in engines:
        print(f"- {e}: " + (", ".join(f"{a}->{b} {n}" for (a, b), n in fails[e].most_common(10)) or "none"))
    print(f"\nscored in {time.perf_counter() - t0:.1f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        print(f"saved: {args.json}")
    return 0


def _folder_name(folder: str) -> str:
    """A rig folder's name in keys: a batch's 'labelled' folder by its batch folder ('real_rigs1425')."""
    f = Path(folder).resolve()
    return f.parent.name if f.name == "labelled" else f.name


if __name__ == "__main__":
    sys.exit(main())
