"""Eager PyTorch vs the exported ONNX graph of a restore model at batch 1 on one thread, measured so that a
loaded, shared box does not decide the answer.

    nice -n 10 python tools/bench/restore_onnx.py --model-dir /data/run1/model --reps 300
    nice -n 10 python tools/bench/restore_onnx.py --model-dir /data/run1/model --before --plain --profile

Both runtimes run in this process on one thread (``torch.set_num_threads(1)``; onnxruntime intra-op 1,
inter-op 1, sequential, no spinning), on real frames of the model's held-out test levels with 75 % patch
masks (``--mask block`` for 64x96 blocks). Calls are interleaved (eager, ONNX, ONNX, eager, ...; the order
flips every pair), each timed by the calling thread's CPU clock, so a pair sees the same machine load;
the figure of merit is the per-pair ratio eager / ONNX: median, IQR, 10th percentile and the share of
pairs at or above 1.5. ``--profile`` adds where each one spends its time (torch.profiler, onnxruntime's
session profiling). Outputs are compared with eager on the same frames (batch 1 and the whole batch).
``--int8`` adds the served int8 graph (``export.quantize_int8``) and, for a like-for-like comparison, eager
with torch's dynamic int8 ``Linear`` layers, with the masked PSNR of every backend on the same frames;
``--plain`` adds the export without fused attention; ``--before`` adds eager and ONNX of the graph as it was
before the export was optimised (``BeforeGraph``), in the same interleaving, so before/after compare under
the same load.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from enginemind.config import from_dict
from enginemind.families.restore.config import DataConfig
from enginemind.families.restore.data import load_splits
from enginemind.families.restore.evaluate import MaskSetting, score
from enginemind.families.restore.export import export_onnx, quantize_int8
from enginemind.families.restore.predict import RestoreGraph, load_model


class BeforeGraph(torch.nn.Module):
    """The restore graph as it was before the export was optimised (channels-first, convolution over all
    patches, ``Where`` on the image), for ``--before``: eager and plain ONNX of it run interleaved with the
    current ones, so "before" and "after" see the same machine load."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, frames: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        p = self.model.cfg.patch_size
        imgs = frames.permute(0, 3, 1, 2).to(torch.float32) / 255.0
        pix = (mask > 0).unsqueeze(1)
        imgs = imgs * (~pix).to(imgs.dtype)
        patch_mask = torch.nn.functional.max_pool2d(pix.to(torch.float32), p).flatten(1) > 0.5
        pred = self.model(imgs, patch_mask, None, path="compact")
        pred_img = self.model.unpatchify(pred).clamp(0.0, 1.0)
        restored = torch.where(pix, torch.round(pred_img * 255.0), frames.permute(0, 3, 1, 2).to(torch.float32))
        return restored.permute(0, 2, 3, 1).to(torch.uint8), pred_img.permute(0, 2, 3, 1)


def export_before(graph: BeforeGraph, path: Path) -> Path:
    import warnings

    f, m = torch.zeros(2, 240, 256, 3, dtype=torch.uint8), torch.zeros(2, 240, 256, dtype=torch.uint8)
    m[:, :120] = 1
    names = ["frames", "mask", "restored", "prediction"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(graph, (f, m), str(path), input_names=names[:2], output_names=names[2:], opset_version=17,
                          dynamic_axes={n: {0: "batch"} for n in names}, dynamo=False, do_constant_folding=True)
    return path


def real_frames(model_dir: Path, n: int, mask: str) -> tuple[np.ndarray, np.ndarray]:
    """``n`` frames spread over the model's test split and one mask per frame (uint8, 1 = hidden)."""
    cfg = from_dict(DataConfig, json.loads((model_dir / "model.json").read_text())["data"])
    frames, _ = load_splits(cfg)["test"].spread(n)
    setting = MaskSetting("b", "block", block_hw=(64, 96)) if mask == "block" else MaskSetting("p", "random", 0.75)
    return frames, setting.make(len(frames), (240, 256), 0).astype(np.uint8)


def ort_session(path: Path, profile_prefix: str = "") -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads, opts.inter_op_num_threads = 1, 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if profile_prefix:
        opts.enable_profiling, opts.profile_file_prefix = True, profile_prefix
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def stats(x: np.ndarray) -> dict[str, float]:
    return {"median": float(np.median(x)), "p25": float(np.percentile(x, 25)), "p75": float(np.percentile(x, 75)),
            "p10": float(np.percentile(x, 10)), "p90": float(np.percentile(x, 90))}


def interleaved(calls: dict[str, Any], n_frames: int, reps: int, warmup: int = 5
                ) -> dict[str, np.ndarray]:
    """Per-call thread CPU seconds of every backend, interleaved; the order reverses every rep."""
    names = list(calls)
    out: dict[str, list[float]] = {k: [] for k in names}
    for r in range(warmup):
        for k in names:
            calls[k](r % n_frames)
    for r in range(reps):
        for k in (names if r % 2 == 0 else names[::-1]):
            t = time.thread_time()
            calls[k](r % n_frames)
            out[k].append(time.thread_time() - t)
        if (r + 1) % max(1, reps // 5) == 0:
            print(f"  {r + 1}/{reps} pairs", file=sys.stderr, flush=True)
    return {k: np.asarray(v) for k, v in out.items()}


def parity(graph: RestoreGraph, sess: Any, frames: np.ndarray, masks: np.ndarray) -> dict[str, float]:
    """Max abs difference of the float prediction and off-by-one share of ``restored``, batch 1 and batch N."""
    res: dict[str, float] = {}
    with torch.inference_mode():
        for tag, batches in (("b1", [slice(i, i + 1) for i in range(len(frames))]), ("bN", [slice(None)])):
            pmax, off, total = 0.0, 0, 0
            for s in batches:
                r_t, p_t = graph(torch.from_numpy(frames[s]), torch.from_numpy(masks[s]))
                r_o, p_o = sess.run(None, {"frames": frames[s], "mask": masks[s]})
                pmax = max(pmax, float(np.abs(p_t.numpy() - p_o).max()))
                off += int((r_t.numpy() != r_o).sum())
                total += r_o.size
            res[f"prediction_max_abs_{tag}"], res[f"restored_off_share_{tag}"] = pmax, off / total
    return res


def torch_profile(graph: RestoreGraph, frames: np.ndarray, masks: np.ndarray, reps: int, top: int) -> list[tuple]:
    from torch.profiler import ProfilerActivity, profile

    with torch.inference_mode(), profile(activities=[ProfilerActivity.CPU]) as prof:
        for r in range(reps):
            i = r % len(frames)
            graph(torch.from_numpy(frames[i:i + 1]), torch.from_numpy(masks[i:i + 1]))
    ev = [e for e in prof.key_averages() if e.self_cpu_time_total > 0]
    total = sum(e.self_cpu_time_total for e in ev)
    ev.sort(key=lambda e: -e.self_cpu_time_total)
    return [(e.key, 100 * e.self_cpu_time_total / total, e.count // reps) for e in ev[:top]]


def ort_profile(path: Path, frames: np.ndarray, masks: np.ndarray, reps: int, top: int, tmp: str) -> list[tuple]:
    sess = ort_session(path, profile_prefix=str(Path(tmp) / "ort"))
    for r in range(reps):
        i = r % len(frames)
        sess.run(None, {"frames": frames[i:i + 1], "mask": masks[i:i + 1]})
    per: collections.Counter = collections.Counter()
    count: collections.Counter = collections.Counter()
    for e in json.loads(Path(sess.end_profiling()).read_text()):
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            per[e["args"]["op_name"]] += e["dur"]
            count[e["args"]["op_name"]] += 1
    total = sum(per.values())
    return [(k, 100 * v / total, count[k] // reps) for k, v in per.most_common(top)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--n", type=int, default=16, help="real test frames (cycled through)")
    ap.add_argument("--mask", choices=("patch", "block"), default="patch")
    ap.add_argument("--reps", type=int, default=300, help="interleaved eager/ONNX pairs")
    ap.add_argument("--plain", action="store_true", help="also time the export without fused attention")
    ap.add_argument("--before", action="store_true", help="also time eager and ONNX of the graph before optimisation")
    ap.add_argument("--int8", action="store_true", help="also time the int8 graph and eager with int8 Linear layers")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("--json", default="", help="also write the results here")
    args = ap.parse_args()
    torch.set_num_threads(1)
    model_dir = Path(args.model_dir)
    model = load_model(model_dir)
    graphs: dict[str, torch.nn.Module] = {"eager": RestoreGraph(model).eval()}
    if args.before:
        graphs["eager before"] = BeforeGraph(model).eval()
    if args.int8:
        graphs["eager int8"] = torch.ao.quantization.quantize_dynamic(RestoreGraph(load_model(model_dir)).eval(),
                                                                      {torch.nn.Linear}, dtype=torch.qint8)
    frames, masks = real_frames(model_dir, args.n, args.mask)
    load0 = os.getloadavg()
    result: dict[str, Any] = {"machine": f"{platform.machine()} {os.cpu_count()} CPUs", "torch": torch.__version__,
                              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "reps": args.reps,
                              "mask": args.mask, "frames": len(frames)}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {"onnx": export_onnx(model, Path(tmp) / "m.onnx")}
        ref = {"onnx": "eager"}  # which eager each ONNX graph is compared with
        if args.plain:
            paths["onnx plain"], ref["onnx plain"] = export_onnx(model, Path(tmp) / "p.onnx", optimize=False), "eager"
        if args.before:
            paths["onnx before"] = export_before(graphs["eager before"], Path(tmp) / "b.onnx")
            ref["onnx before"] = "eager before"
        if args.int8:
            paths["onnx int8"], ref["onnx int8"] = quantize_int8(paths["onnx"], Path(tmp) / "q.onnx"), "eager"
        sessions = {k: ort_session(p) for k, p in paths.items()}
        result["masked_psnr"] = quality({**graphs, **sessions}, frames, masks)
        result["parity"] = {k: parity(graphs[ref[k]], s, frames, masks) for k, s in sessions.items()}
        calls: dict[str, Any] = {}
        for k, g in graphs.items():
            calls[k] = lambda i, g=g: eager_call(g, frames[i:i + 1], masks[i:i + 1])
        for k, s in sessions.items():
            calls[k] = lambda i, s=s: s.run(None, {"frames": frames[i:i + 1], "mask": masks[i:i + 1]})
        times = interleaved(calls, len(frames), args.reps)
        result["ms"] = {k: stats(1000 * v) for k, v in times.items()}
        result["ratio"] = {k: {**stats(times[ref[k]] / times[k]), "vs": ref[k],
                               "share_ge_1_5": float((times[ref[k]] / times[k] >= 1.5).mean())} for k in paths}
        if args.int8:  # like for like: both runtimes with int8 weights
            r = times["eager int8"] / times["onnx int8"]
            result["ratio"]["onnx int8 vs eager int8"] = {**stats(r), "vs": "eager int8",
                                                          "share_ge_1_5": float((r >= 1.5).mean())}
        if args.profile:
            result["profile"] = {k: torch_profile(g, frames, masks, args.reps, args.top) for k, g in graphs.items()}
            for k, p in paths.items():
                result["profile"][k] = ort_profile(p, frames, masks, args.reps, args.top, tmp)
    result["load_average"] = [round(x, 2) for x in (*load0, *os.getloadavg())]
    print(report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


def quality(backends: dict[str, Any], frames: np.ndarray, masks: np.ndarray) -> dict[str, dict[str, float]]:
    """Masked PSNR (dB) of each backend's batch-1 ``restored`` frames: mean over frames and pooled."""
    out = {}
    for k, b in backends.items():
        restored = np.concatenate([(b.run(None, {"frames": frames[i:i + 1], "mask": masks[i:i + 1]})[0]
                                    if hasattr(b, "run") else _eager(b, frames[i:i + 1], masks[i:i + 1]))
                                   for i in range(len(frames))])
        q = score(frames, restored, masks.astype(bool), with_ssim=False)
        out[k] = {"mean": q["masked_psnr"], "pooled": q["masked_psnr_pooled"]}
    return out


def _eager(graph: torch.nn.Module, frames: np.ndarray, masks: np.ndarray) -> np.ndarray:
    with torch.inference_mode():
        return graph(torch.from_numpy(frames), torch.from_numpy(masks))[0].numpy()


def eager_call(graph: torch.nn.Module, frames: np.ndarray, masks: np.ndarray) -> None:
    with torch.inference_mode():
        graph(torch.from_numpy(frames), torch.from_numpy(masks))


def report(r: dict[str, Any]) -> str:
    lines = [f"{r['date']}, {r['machine']}, torch {r['torch']}, {r['frames']} real frames, {r['mask']} masks, "
             f"{r['reps']} interleaved pairs, load average {r['load_average'][:3]} before / "
             f"{r['load_average'][3:]} after", "",
             "| backend | CPU ms/frame median (IQR) | ratio per pair: median (IQR) | p10 | pairs >= 1.5x |",
             "|---|---|---|---|---|"]
    for k, m in [*r["ms"].items(), *[(k, None) for k in r["ratio"] if k not in r["ms"]]]:
        q = r["ratio"].get(k)
        tail = (f"{q['vs']} / this: {q['median']:.2f}x ({q['p25']:.2f}-{q['p75']:.2f}) | {q['p10']:.2f}x | "
                f"{100 * q['share_ge_1_5']:.0f} %") if q else "- | - | -"
        ms = f"{m['median']:.2f} ({m['p25']:.2f}-{m['p75']:.2f})" if m else "-"
        lines.append(f"| {k} | {ms} | {tail} |")
    lines.append("")
    lines += [f"{k}: masked PSNR mean {q['mean']:.3f} dB, pooled {q['pooled']:.3f} dB"
              for k, q in r.get("masked_psnr", {}).items()]
    for k, p in r["parity"].items():
        lines.append(f"\n{k} vs eager: " + ", ".join(f"{n} {v:.3g}" for n, v in p.items()))
    for k, rows in r.get("profile", {}).items():
        lines += ["", f"| {k} op | share of op time | calls/frame |", "|---|---|---|"]
        lines += [f"| {name} | {share:.1f} % | {n} |" for name, share, n in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
