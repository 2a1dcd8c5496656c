"""Leave-convention-out benchmark of bone mapping: 27 naming conventions, renamed / noisy / anonymous suites.

    nice -n 10 .venv/bin/python tools/bench/bonemap_loco.py --work-dir /tmp/bonemap_loco   # ~15 min on 2 busy CPUs
    nice -n 10 .venv/bin/python tools/bench/bonemap_loco.py --no-model                    # solver / names only

Engines: ``names`` (the earlier name-first matcher), ``nameless`` (structure-first solver, names ignored),
``matcher`` (solver refined by names, the default engine), ``model`` (the skeleton model) and ``auto``
(matcher + model). The model is trained once per fold of conventions (``--folds``): a rig of convention C is
scored only by the fold model that never saw C (nor its names, rigs or geometry). The solver has no names;
its rules and the merge weights were written looking at all conventions (see docs/benchmarks.md).
Evaluation rigs use seeds from 50,000 (training: 0..rigs); the development set (6 real rigs) is scored with
the fold model that held out the matching convention. Per fold, the confidence maps (``calibration.py``) and
``auto``'s override rule (``skelnet/calibrate.py``) are fitted on fresh rigs (seeds 40,000+) of that fold's
training conventions only, then applied to its held-out conventions. Prints markdown tables (reliability
before and after calibration, the never-worse check of ``auto``, the remaining confusion) and writes a PNG.
"""

from __future__ import annotations

import argparse
import collections
import os
import pickle
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from enginemind.families.bonemap.calibration import Judge
from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.corpus.devset import load_dev, score_rig
from enginemind.families.bonemap.corpus.synth import ALL_CONVENTIONS
from enginemind.families.bonemap.corpus.synth_names import MODES, make_rig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.targets import load_target

CORE = {"pelvis", "spine", "neck", "head", "clavicle", "upperarm", "lowerarm", "hand", "thigh", "calf", "foot"}
DEV_CONV = {"mixamo": "mixamo", "ue4_mannequin": "ue", "vroid_vrm": "vroid", "smpl": "smpl",
            "character_creator4": "cc", "cmu_mocap_bvh": "humanik"}
ENGINES = ("names", "nameless", "matcher", "model", "auto")
BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


def folds(k: int) -> list[list[str]]:
    convs = sorted(ALL_CONVENTIONS)
    return [[c for i, c in enumerate(convs) if i % k == f] for f in range(k)]


def fit_folds(work: Path, k: int, models: dict[str, Any], per: int) -> dict[str, Any]:
    """Per fold, on its training conventions only: the matcher's confidence map and (with a model) the auto
    rule and the auto / model maps (set on the fold model); cached in ``work``. Returns convention -> map."""
    import json

    from enginemind.families.bonemap.calibration import Calibration, fit_matcher
    from enginemind.families.bonemap.skelnet.calibrate import fit_model_extras
    from enginemind.families.bonemap.skelnet.combine import AutoRule

    out: dict[str, Any] = {}
    for f, held in enumerate(folds(k)):
        train = [c for c in sorted(ALL_CONVENTIONS) if c not in held]
        folder = work / f"fold{f}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"calibration_matcher_{per}.json"
        if not path.is_file():
            fit_matcher(train, per).save(path)
        cal = Calibration.load(path)
        out.update({c: cal for c in held})
        model = models.get(held[0])
        if model is None:
            continue
        extras_path = folder / f"extras_{per}.json"
        if not extras_path.is_file():
            t0 = time.perf_counter()
            extras = fit_model_extras(model, train, per, log=lambda m, f=f: print(f"  [fold {f}] {m}", file=sys.stderr))
            extras_path.write_text(json.dumps(extras), encoding="utf-8")
            print(f"  [fold {f}] auto rule and maps fitted in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        extras = json.loads(extras_path.read_text(encoding="utf-8"))
        model.auto_rule = AutoRule.from_dict(extras["auto_rule"])
        model.calibration = {e: Calibration.from_dict(v) for e, v in extras["calibration"].items()}
    return out


def train_folds(work: Path, k: int, rigs: int, epochs: int) -> dict[str, Any]:
    """One model per fold (cached in ``work``); returns convention -> model that held it out."""
    from enginemind.families.bonemap.skelnet.config import SkelNetConfig
    from enginemind.families.bonemap.skelnet.corpus import build_corpus
    from enginemind.families.bonemap.skelnet.infer import SkelModel
    from enginemind.families.bonemap.skelnet.train import fit, save

    out: dict[str, Any] = {}
    corpus: dict[str, list] | None = None
    for f, held in enumerate(folds(k)):
        folder = work / f"fold{f}"
        if not (folder / "skelnet.pt").is_file():
            if corpus is None:  # built once (cached), each fold trains on the conventions it does not hold out
                cache = work / f"corpus_{rigs}.pkl"
                if cache.is_file():
                    corpus = pickle.loads(cache.read_bytes())
                else:
                    t0 = time.perf_counter()
                    corpus = {c: build_corpus([c], list(MODES), rigs, 0)[0] for c in sorted(ALL_CONVENTIONS)}
                    work.mkdir(parents=True, exist_ok=True)
                    cache.write_bytes(pickle.dumps(corpus))
                    print(f"  corpus built in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
            cfg = SkelNetConfig(holdout=held, rigs_per_convention=rigs, epochs=epochs)
            t0 = time.perf_counter()
            model, metrics, h = fit(cfg, log=lambda m, f=f: print(f"  [fold {f}] {m}", file=sys.stderr, flush=True),
                                    corpus=corpus)
            save(model, cfg, folder, h)
            print(f"  [fold {f}] trained in {time.perf_counter() - t0:.0f} s, held out {held}", file=sys.stderr)
        m = SkelModel.load(folder)
        out.update({c: m for c in held})
    return out


class Scorer(Judge):
    """Bone correctness with the development set's leniency (``calibration.Judge``), on UE5 Manny."""

    def __init__(self) -> None:
        t = load_target("ue5_manny")
        super().__init__(t)
        self.tn = t.skeleton.names

    def kind(self, b: str | None) -> str | None:
        r = self.role.get(b)
        return r.kind if r else None


def run_engine(engine: str, mapper: Mapper, sk: Any, target: Any) -> tuple[Any, list[float]]:
    """(result with calibrated confidence, raw confidences in skeleton order); as ``Mapper.map`` without LM."""
    if engine in ("names", "nameless"):
        from enginemind.families.bonemap.rig.matcher import assign
        from enginemind.families.bonemap.rig.retarget import build_result

        a = assign(sk, target, structure=engine)
        return build_result(sk, target, a.match, a.confidence, engine=engine), list(a.confidence)
    res, pats = mapper.map_raw(sk, target, engine)
    raw = [res.confidence[n] for n in sk.names]
    res.confidence = dict(zip(sk.names, mapper.calibrated(engine, raw, pats), strict=True))
    return res, raw


def evaluate(models: dict[str, Any], cals: dict[str, Any], per: int, seed: int, engines: tuple[str, ...]
             ) -> dict[str, Any]:
    target = load_target("ue5_manny")
    sc = Scorer()
    res: dict[str, Any] = {e: collections.defaultdict(lambda: [0, 0, 0, 0]) for e in engines}
    conf_pairs: dict[str, list[tuple[float, bool]]] = {e: [] for e in engines}
    raw_pairs: dict[str, list[tuple[float, bool]]] = {e: [] for e in engines}
    confusion: dict[str, collections.Counter] = {e: collections.Counter() for e in engines}
    times: dict[str, list[float]] = {e: [] for e in engines}
    cpu: dict[str, list[float]] = {e: [] for e in engines}
    for conv in sorted(ALL_CONVENTIONS):
        mapper = Mapper(MapConfig(), skel=models.get(conv), calibration=cals.get(conv, False))
        for mode in MODES:
            for k in range(per):
                sk, lab = make_rig(conv, seed + k, mode)
                for e in engines:
                    if e in ("model",) and conv not in models:
                        continue
                    t0, c0 = time.perf_counter(), time.process_time()
                    r, raw = run_engine(e, mapper, sk, target)
                    times[e].append(time.perf_counter() - t0)
                    cpu[e].append(time.process_time() - c0)
                    raw_of = dict(zip(sk.names, raw, strict=True))
                    cell = res[e][(conv, mode)]
                    errs = 0
                    for b, want in lab.items():
                        pred = r.mapping.get(b)
                        good = sc.ok(pred, want)
                        core = want is not None and (mode != "anonymous" or sc.kind(want) in CORE)
                        if mode == "anonymous" and not core:
                            continue
                        conf_pairs[e].append((r.confidence.get(b, 0.0), good))
                        raw_pairs[e].append((raw_of.get(b, 0.0), good))
                        if want is not None:
                            cell[0] += good
                            cell[1] += 1
                        errs += not good
                        if not good:
                            confusion[e][(sc.kind(want) or "null", sc.kind(pred) or "null")] += 1
                    cell[2] += errs == 0
                    cell[3] += 1
    return {"cells": res, "conf": conf_pairs, "raw": raw_pairs, "confusion": confusion, "times": times, "cpu": cpu}


def table(out: dict[str, Any], engines: tuple[str, ...]) -> None:
    cells = out["cells"]
    print("\n### Held-out conventions, plain names (accuracy over bones with a counterpart / rigs with 0 errors)\n")
    print("| convention | " + " | ".join(engines) + " |\n|---|" + "---|" * len(engines))
    for conv in sorted(ALL_CONVENTIONS):
        row = []
        for e in engines:
            c = cells[e].get((conv, "plain"))
            row.append(f"{c[0] / max(1, c[1]):.3f} / {c[2]}/{c[3]}" if c and c[3] else "-")
        print(f"| {conv} | " + " | ".join(row) + " |")
    print("\n### Suites (all 27 conventions; anonymous: deform-core bones only)\n")
    print("| suite | " + " | ".join(engines) + " |\n|---|" + "---|" * len(engines))
    for mode in MODES:
        row = []
        for e in engines:
            cs = [v for (c, m), v in cells[e].items() if m == mode]
            a, n, z, r = (sum(x[i] for x in cs) for i in range(4))
            row.append(f"{a / max(1, n):.4f} ({z}/{r} rigs 0 err)" if r else "-")
        print(f"| {mode} | " + " | ".join(row) + " |")
    print("\n### Latency per skeleton (ms): p50 / p99, wall time on the shared box and CPU time of the process\n")
    print("| time | " + " | ".join(engines) + " |\n|---|" + "---|" * len(engines))
    for key in ("times", "cpu"):
        print(f"| {'wall' if key == 'times' else 'CPU'} | " + " | ".join(
            f"{np.percentile(out[key][e], 50) * 1e3:.1f} / {np.percentile(out[key][e], 99) * 1e3:.1f}"
            if out[key][e] else "-" for e in engines) + " |")
    for key, title in (("raw", "raw assignment scores"), ("conf", "calibrated (what the engines return)")):
        print(f"\n### Reliability, {title}: accuracy per confidence bin, all scored bones\n")
        print("| bin | " + " | ".join(engines) + " |\n|---|" + "---|" * len(engines))
        for lo, hi in zip(BINS, BINS[1:], strict=False):
            row = []
            for e in engines:
                sel = [g for c, g in out[key][e] if lo <= c < hi]
                row.append(f"{np.mean(sel):.3f} (n={len(sel)})" if sel else "-")
            print(f"| [{lo:.2f}, {min(hi, 1):.2f}) | " + " | ".join(row) + " |")
        print("| ECE | " + " | ".join(f"{ece(out[key][e]):.4f}" for e in engines) + " |")
        print("| wrong bones under 0.9 | " + " | ".join(caught(out[key][e]) for e in engines) + " |")
        print("| AUROC (wrong below right) | " + " | ".join(f"{auroc(out[key][e]):.3f}" for e in engines) + " |")
    if "auto" in engines:
        print("\n### auto vs the best of its parts (accuracy, points)\n")
        print("| suite | matcher | model | auto | auto - best |\n|---|---|---|---|---|")
        for mode in MODES:
            acc = {}
            for e in ("matcher", "model", "auto"):
                cs = [v for (c, m), v in cells.get(e, {}).items() if m == mode]
                acc[e] = sum(x[0] for x in cs) / max(1, sum(x[1] for x in cs)) if cs else float("nan")
            best = max(acc["matcher"], acc["model"])
            print(f"| {mode} | {acc['matcher']:.4f} | {acc['model']:.4f} | {acc['auto']:.4f} | "
                  f"{100 * (acc['auto'] - best):+.2f} |")
    print("\n### Remaining confusion (expected role -> predicted role, count), top 12 per engine\n")
    for e in engines:
        print(f"- {e}: " + ", ".join(f"{a}->{b} {n}" for (a, b), n in out["confusion"][e].most_common(12)))


def ece(pairs: list[tuple[float, bool]]) -> float:
    """Expected calibration error over BINS (bone-weighted |confidence - accuracy|)."""
    tot = 0.0
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        sel = [(c, g) for c, g in pairs if lo <= c < hi]
        if sel:
            tot += len(sel) * abs(np.mean([c for c, _ in sel]) - np.mean([g for _, g in sel]))
    return tot / max(1, len(pairs))


def auroc(pairs: list[tuple[float, bool]]) -> float:
    """Chance that a wrong bone has a lower confidence than a right one (ties count half)."""
    c = np.array([x for x, _ in pairs])
    g = np.array([y for _, y in pairs], dtype=bool)
    if g.all() or not g.any():
        return float("nan")
    order = np.argsort(c, kind="mergesort")
    ranks = np.empty(len(c))
    sc = c[order]
    i = 0
    while i < len(sc):  # average ranks over ties
        j = i
        while j + 1 < len(sc) and sc[j + 1] == sc[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n_right, n_wrong = int(g.sum()), int((~g).sum())
    return float((ranks[g].sum() - n_right * (n_right + 1) / 2) / (n_right * n_wrong))


def caught(pairs: list[tuple[float, bool]]) -> str:
    """Wrong bones the review step flags (confidence under 0.9) out of all wrong bones."""
    wrong = [c for c, g in pairs if not g]
    return f"{sum(c < 0.9 for c in wrong)}/{len(wrong)}"


def dev_table(models: dict[str, Any], cals: dict[str, Any], engines: tuple[str, ...]) -> None:
    rigs = load_dev()
    target = load_target("ue5_manny")
    print("\n### Development set (6 real rigs; model = the fold model that held out the rig's convention)\n")
    print("| rig | " + " | ".join(engines) + " |\n|---|" + "---|" * len(engines))
    for rig in rigs:
        conv = DEV_CONV.get(rig.name, "")
        mapper = Mapper(MapConfig(), skel=models.get(conv), calibration=cals.get(conv, False))
        row = []
        for e in engines:
            if e == "model" and mapper.skel is None:
                row.append("-")
                continue
            s = score_rig(rig, run_engine(e, mapper, rig.skeleton, target)[0].mapping)
            row.append(f"{s['accuracy']:.3f} / {len(s['errors'])} err")
        print(f"| {rig.name} | " + " | ".join(row) + " |")


def figure(out: dict[str, Any], engines: tuple[str, ...], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    convs = sorted(ALL_CONVENTIONS)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(16, 5.5), gridspec_kw={"width_ratios": [3, 1]})
    w = 0.8 / len(engines)
    for k, e in enumerate(engines):
        acc = [(c[0] / max(1, c[1])) if (c := out["cells"][e].get((cv, "plain"))) else np.nan for cv in convs]
        ax.bar(np.arange(len(convs)) + k * w, acc, w, label=e)
    ax.set_xticks(np.arange(len(convs)) + 0.4, convs, rotation=60, ha="right", fontsize=9)
    ax.set_ylim(0.5, 1.0)
    ax.set_ylabel("bone accuracy (held-out convention)")
    ax.legend(ncol=len(engines), fontsize=9)
    for e in engines:
        xs, ys = [], []
        for lo, hi in zip(BINS, BINS[1:], strict=False):
            sel = [(c, g) for c, g in out["conf"][e] if lo <= c < hi]
            if len(sel) >= 20:
                xs.append(np.mean([c for c, _ in sel]))
                ys.append(np.mean([g for _, g in sel]))
        ax2.plot(xs, ys, "o-", label=e)
    ax2.plot([0, 1], [0, 1], "k:", lw=1)
    ax2.set_xlabel("confidence")
    ax2.set_ylabel("accuracy")
    ax2.set_title("reliability")
    ax2.legend(fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work-dir", default="/tmp/bonemap_loco")
    ap.add_argument("--folds", type=int, default=3, help="conventions are split into this many held-out groups")
    ap.add_argument("--train-rigs", type=int, default=8, help="training rigs per convention and mode")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--rigs", type=int, default=3, help="evaluation rigs per convention and suite")
    ap.add_argument("--seed", type=int, default=50_000)
    ap.add_argument("--calibration-rigs", type=int, default=2,
                    help="fresh rigs per training convention and mode for the confidence maps and the auto rule")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--figure", default="", help="PNG to write (default WORK_DIR/bonemap_loco.png; the committed "
                    "docs/img/bonemap_loco.png is the full run with the model, written only when named here)")
    args = ap.parse_args(argv)
    engines = tuple(e for e in ENGINES if not (args.no_model and e in ("model", "auto")))
    models = {} if args.no_model else train_folds(Path(args.work_dir), args.folds, args.train_rigs, args.epochs)
    cals = fit_folds(Path(args.work_dir), args.folds, models, args.calibration_rigs)
    print(f"## bonemap: leave-convention-out\n\nmachine: {platform.machine()}, {os.cpu_count()} CPUs (shared), "
          f"python {platform.python_version()}; {len(ALL_CONVENTIONS)} conventions, {args.folds} folds, "
          f"{args.rigs} rigs per convention and suite (seed {args.seed}); target ue5_manny")
    t0 = time.perf_counter()
    out = evaluate(models, cals, args.rigs, args.seed, engines)
    table(out, engines)
    dev_table(models, cals, engines)
    fig_path = Path(args.figure or Path(args.work_dir) / "bonemap_loco.png")
    fig_path.parent.mkdir(parents=True, exist_ok=True)
    figure(out, engines, fig_path)
    print(f"\nfigure: {fig_path}; evaluation took {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
