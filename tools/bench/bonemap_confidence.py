"""Does the matcher's confidence point the artist at the wrong bones? Measured on real rigs, never fitted on them.

    nice -n 10 .venv/bin/python tools/bench/bonemap_confidence.py --before /tmp/cal_before.json \\
        --figure docs/img/bonemap_confidence.png

For each confidence map (``--before``: a map JSON to compare with, e.g. main's; then the shipped one or
``--map``): on every real-rig folder of ``--rigs`` (development-set format, a bone is right when it equals the
label or an ``acceptable`` alternative; all labelled bones, nulls included) and on fresh synthetic rigs (all 27
conventions x 4 modes, ``--synthetic`` per pair, seeds from 50,000: never used for fitting, which uses 40,000+):
AUROC of confidence for right vs wrong bones, mean confidence right / wrong, wrong bones under the review
threshold (0.95) and the price (right bones flagged), accuracy per confidence bin and the expected calibration
error (ECE). ``--figure``: reliability diagrams (real rigs and synthetic, before / after) as a PNG.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from enginemind.families.bonemap.calibration import Calibration, Judge, calibration_rigs, rig_samples, shipped
from enginemind.families.bonemap.corpus.devset import anonymous, load_dev
from enginemind.families.bonemap.predict import Mapper, cap_crossed
from enginemind.families.bonemap.rig.targets import load_target

RIGS = ("/work/wt/data/real_rigs/labelled", "/work/wt/data/real_rigs2/labelled", "/work/wt/data/real_rigs3/labelled")
BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)
REVIEW = 0.95
"""The review image's threshold (``review.SURE``): bones under it are flagged for the artist."""

Sample = tuple[float, str, bool]


def real_samples(folder: str, mapper: Mapper, target: Any, nameless: bool = False) -> dict[str, list[Sample]]:
    """Per rig in ``folder``: (raw confidence, pattern, right) for every labelled bone; ``nameless``: of the rig
    with its names replaced by ``bone_NNN``."""
    rigs = map(anonymous, load_dev(folder)) if nameless else load_dev(folder)
    return {rig.name: rig_samples(rig, mapper, target) for rig in rigs}


def folder_labels(folders: list[str]) -> dict[str, str]:
    """A distinct label per rig folder: ``/work/data/real_rigs43/labelled`` (or ``labelled_fresh``) ->
    ``real_rigs43``; a label already taken gets its folder's path instead (folders that share a last name
    overwrote each other's samples)."""
    out: dict[str, str] = {}
    for f in folders:
        p = Path(f)
        name = p.parent.name if p.name.startswith("labelled") else p.name
        out[f] = name if name not in out.values() else str(p)
    return out


def per_rig(rigs: dict[str, list[Sample]], maps: dict[str, Calibration]) -> None:
    """Per rig: wrong bones, and wrong / right bones under the review threshold per map."""
    print(f"\n#### Per rig: wrong bones flagged, right bones flagged (< {REVIEW}), " + " -> ".join(maps) + "\n")
    print("| rig | bones | wrong | wrong flagged | right flagged |\n|---|---|---|---|---|")
    for name, rows in rigs.items():
        cells = [apply(cal, rows) for cal in maps.values()]
        ok = cells[0][1]
        wf = " -> ".join(str(int((c[~ok] < REVIEW).sum())) for c, _ in cells)
        rf = " -> ".join(str(int((c[ok] < REVIEW).sum())) for c, _ in cells)
        print(f"| {name} | {len(rows)} | {int((~ok).sum())} | {wf} | {rf} |")


def synth_samples(per: int, mapper: Mapper, target: Any, seed: int = 50_000) -> list[Sample]:
    from enginemind.families.bonemap.corpus.synth import ALL_CONVENTIONS

    judge = Judge(target)
    out = []
    for sk, labels in calibration_rigs(ALL_CONVENTIONS, per, seed):
        res, pats = mapper.map_raw(sk, target)
        out += [(res.confidence[n], pats[i], judge.ok(res.mapping.get(n), labels.get(n)))
                for i, n in enumerate(sk.names)]
    return out


def auroc(conf: np.ndarray, ok: np.ndarray) -> float:
    """P(a right bone's confidence > a wrong bone's), ties count half."""
    r, w = conf[ok], conf[~ok]
    if not len(r) or not len(w):
        return float("nan")
    allc = np.concatenate([w, r])
    order = allc.argsort(kind="mergesort")
    ranks = np.empty(len(allc))
    ranks[order] = np.arange(1, len(allc) + 1)
    for v in np.unique(allc):  # average ranks of ties
        sel = allc == v
        ranks[sel] = ranks[sel].mean()
    return float((ranks[len(w):].sum() - len(r) * (len(r) + 1) / 2) / (len(r) * len(w)))


def metrics(conf: np.ndarray, ok: np.ndarray) -> dict[str, Any]:
    bins, ece = [], 0.0
    for lo, hi in zip(BINS[:-1], BINS[1:], strict=True):
        sel = (conf >= lo) & (conf < hi)
        n = int(sel.sum())
        bins.append((lo, min(hi, 1.0), n, float(ok[sel].mean()) if n else float("nan"),
                     float(conf[sel].mean()) if n else float("nan")))
        if n:
            ece += n / len(conf) * abs(float(ok[sel].mean()) - float(conf[sel].mean()))
    return {"n": len(conf), "wrong": int((~ok).sum()), "auroc": auroc(conf, ok),
            "right_mean": float(conf[ok].mean()) if ok.any() else float("nan"),
            "wrong_mean": float(conf[~ok].mean()) if (~ok).any() else float("nan"),
            "wrong_flagged": int((conf[~ok] < REVIEW).sum()), "right_flagged": int((conf[ok] < REVIEW).sum()),
            "ece": ece, "bins": bins}


def apply(cal: Calibration, rows: list[Sample]) -> tuple[np.ndarray, np.ndarray]:
    """The map's confidence, then the structure cross-check's cap, as ``Mapper.calibrated`` returns it."""
    pats = [p for _, p, _ in rows]
    return (np.array(cap_crossed(cal.apply([c for c, _, _ in rows], pats), pats)),
            np.array([ok for _, _, ok in rows], dtype=bool))


def table(name: str, results: dict[str, dict[str, Any]]) -> None:
    print(f"\n#### {name}\n")
    cols = list(results)
    print("| | " + " | ".join(cols) + " |\n|---|" + "---|" * len(cols))
    rows = [("bones (wrong)", lambda m: f"{m['n']} ({m['wrong']})"),
            ("AUROC right vs wrong", lambda m: f"{m['auroc']:.3f}"),
            ("mean confidence right / wrong", lambda m: f"{m['right_mean']:.3f} / {m['wrong_mean']:.3f}"),
            (f"wrong bones flagged (< {REVIEW})", lambda m: f"{m['wrong_flagged']}/{m['wrong']}"),
            (f"right bones flagged (< {REVIEW})", lambda m: f"{m['right_flagged']}/{m['n'] - m['wrong']}"),
            ("ECE", lambda m: f"{m['ece']:.4f}")]
    for label, f in rows:
        print(f"| {label} | " + " | ".join(f(results[c]) for c in cols) + " |")
    for k, (lo, hi, *_ ) in enumerate(results[cols[0]]["bins"]):
        cells = []
        for c in cols:
            _, _, n, acc, _ = results[c]["bins"][k]
            cells.append(f"{acc:.3f} (n={n})" if n else "-")
        print(f"| accuracy in [{lo:.2f}, {hi:.2f}) | " + " | ".join(cells) + " |")


def figure(path: str, curves: dict[str, dict[str, Any]], pairs: tuple[np.ndarray, np.ndarray, np.ndarray] | None
           ) -> None:
    """Reliability diagrams (real, synthetic) and, with ``pairs`` = (before, after, right) per real bone, a
    before / after scatter of every real bone's confidence."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3 if pairs is not None else 2, figsize=(16.5 if pairs is not None else 11, 4.8))
    if pairs is not None:
        ax = axes[2]
        b, a, ok = pairs
        ax.scatter(b[ok], a[ok], s=8, color="#2e9d49", alpha=0.4, label=f"right bones ({int(ok.sum())})")
        ax.scatter(b[~ok], a[~ok], s=28, color="#d62728", marker="x", label=f"wrong bones ({int((~ok).sum())})")
        ax.axvline(REVIEW, color="red", lw=0.8, ls="--")
        ax.axhline(REVIEW, color="red", lw=0.8, ls="--")
        ax.set(xlabel="confidence before (x axis from 0.6)", ylabel="confidence after", xlim=(0.6, 1.01),
               ylim=(0, 1.02), title=f"real rigs, every bone (review flags < {REVIEW})")
        ax.legend(fontsize=8, loc="lower right")
    for ax, group in zip(axes, ("real", "synthetic"), strict=False):
        ax.plot([0, 1], [0, 1], ":", color="grey", lw=1)
        for name, m in curves.items():
            if not name.startswith(group):
                continue
            pts = [(c, a, n) for _, _, n, a, c in m["bins"] if n]
            ax.plot([p[0] for p in pts], [p[1] for p in pts], "o-", label=f"{name.split(': ')[1]} "
                    f"(AUROC {m['auroc']:.2f}, ECE {m['ece']:.3f})")
            for c, a, n in pts:
                ax.annotate(str(n), (c, a), fontsize=7, xytext=(3, -9), textcoords="offset points")
        ax.axvline(REVIEW, color="red", lw=0.8, ls="--")
        ax.set(xlabel="confidence (bin mean)", ylabel="accuracy", xlim=(0, 1.02), ylim=(0, 1.02),
               title=f"{group} rigs: accuracy per confidence bin (n per point)")
        ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    print(f"\nfigure: {path}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rigs", nargs="*", default=[r for r in RIGS if Path(r).is_dir()])
    ap.add_argument("--map", default=None, help="confidence map JSON (default: the shipped one)")
    ap.add_argument("--before", default=None, help="a map JSON to compare with (e.g. main's)")
    ap.add_argument("--synthetic", type=int, default=1, help="synthetic rigs per convention and mode (0: none)")
    ap.add_argument("--figure", default=None)
    ap.add_argument("--anonymous", action="store_true", help="also score each rig with its names replaced")
    args = ap.parse_args(argv)
    target = load_target("ue5_manny")
    mapper = Mapper(calibration=False)
    maps = {}
    if args.before:
        maps["before"] = Calibration.load(args.before)
    maps["after"] = Calibration.load(args.map) if args.map else shipped()
    print(f"## bonemap: confidence on real rigs\n\nmachine: {platform.machine()}, {os.cpu_count()} CPUs (shared), "
          f"python {platform.python_version()}; target ue5_manny; engine matcher; review threshold {REVIEW}")
    t0 = time.perf_counter()
    labels = folder_labels(args.rigs)
    by_rig = {labels[r]: real_samples(r, mapper, target) for r in args.rigs}
    if args.anonymous:
        by_rig |= {f"{labels[r]} (anonymous)": real_samples(r, mapper, target, True) for r in args.rigs}
    sets = {k: [s for rows in v.values() for s in rows] for k, v in by_rig.items()}
    sets["real (all)"] = [s for rows in list(sets.values()) for s in rows]
    if args.synthetic:
        sets["synthetic"] = synth_samples(args.synthetic, mapper, target)
    curves, pairs = {}, None
    if "before" in maps:
        (b, ok), (a, _) = apply(maps["before"], sets["real (all)"]), apply(maps["after"], sets["real (all)"])
        pairs = (b, a, ok)
    for name, rows in sets.items():
        res = {}
        for m, cal in maps.items():
            res[m] = metrics(*apply(cal, rows))
            if name in ("real (all)", "synthetic"):
                curves[f"{name.split(' ')[0]}: {m}"] = res[m]
        table(f"{name}: {len(rows)} bones", res)
    per_rig({k: v for rigs in by_rig.values() for k, v in rigs.items()}, maps)
    print(f"\nscored in {time.perf_counter() - t0:.1f} s")
    if args.figure:
        figure(args.figure, curves, pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
