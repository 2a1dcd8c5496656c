"""Would ONNX Runtime decode the planner LM faster? Export the (merged) model without a KV cache and time it.

    python tools/bench/planner_onnx.py [--adapter DIR] [--tokens 90] [--out /tmp/planner-onnx]

Constrained decoding calls the model once per token that has a choice, on a growing prefix. Compared here,
on the same prompt length: torch with the KV cache (one new token per call, what ``PlanLM`` does), torch
without cache (the whole prefix every call) and ONNX Runtime without cache (the exported graph has no cache
inputs: exporting the dynamic cache of transformers is what does not fit cheaply). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path


def _time(fn, reps: int) -> float:
    fn()
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return 1000 * statistics.median(out)


def main() -> int:
    import numpy as np
    import onnxruntime as ort
    import torch

    from enginemind.families.planner.model import PlanLM

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--adapter", default="")
    ap.add_argument("--tokens", type=int, default=90)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", default="/tmp/planner-onnx")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    lm = PlanLM.load(a.adapter or None)
    model = lm.model.merge_and_unload() if hasattr(lm.model, "merge_and_unload") else lm.model
    model.config.use_cache = False
    ids = torch.randint(100, 1000, (1, a.tokens))

    class NoCache(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids):
            return self.m(input_ids=input_ids, use_cache=False).logits[:, -1]

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "planner_lm.onnx"
    t0 = time.perf_counter()
    try:  # the TorchScript exporter stops at transformers' mask code (aten::diff); the dynamo one is tried next
        torch.onnx.export(NoCache(model).eval(), (ids,), str(path), input_names=["input_ids"],
                          output_names=["logits"], dynamic_axes={"input_ids": {1: "seq"}}, opset_version=17,
                          dynamo=False)
    except Exception as exc:  # noqa: BLE001 - report and try the other exporter
        print(f"TorchScript exporter: {type(exc).__name__}: {str(exc)[:160]}")
        seq = torch.export.Dim("seq", min=2, max=512)
        torch.onnx.export(NoCache(model).eval(), (ids,), str(path), input_names=["input_ids"],
                          output_names=["logits"], dynamic_shapes={"input_ids": {1: seq}}, dynamo=True,
                          external_data=True)
    export_s = time.perf_counter() - t0
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    with torch.no_grad():
        ref = NoCache(model)(ids).numpy()
        got = sess.run(None, {"input_ids": ids.numpy()})[0]
        res = model(input_ids=ids[:, :-1], use_cache=True)
        past = res.past_key_values
        last = ids[:, -1:]

        def cached() -> None:
            model(input_ids=last, past_key_values=past, use_cache=True)

        rows = [("torch, KV cache (1 new token)", _time(cached, a.reps)),
                (f"torch, no cache ({a.tokens} tokens)", _time(lambda: NoCache(model)(ids), a.reps)),
                (f"ONNX Runtime, no cache ({a.tokens} tokens)",
                 _time(lambda: sess.run(None, {"input_ids": ids.numpy()}), a.reps))]
    size = sum(p.stat().st_size for p in out.iterdir()) / 2**20
    print(f"export {export_s:.1f} s, {size:.0f} MiB, max |logit diff| vs torch "
          f"{float(np.abs(ref - got).max()):.4f}\n")
    print("| decoding call | ms (median) |\n|---|---|")
    for name, ms in rows:
        print(f"| {name} | {ms:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
