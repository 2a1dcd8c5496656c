"""Mission planner benchmark: plan quality on held-out missions, planted safety violations, latency.

    python tools/bench/planner.py [--n 300] [--n-lm 20] [--adapter DIR] [--base] [--ablate 20]
                                  [--legacy-adapter DIR] [--threads 2]

Held-out missions use phrasings, joiners, object names and languages (German, Spanish) that the training
corpus does not contain. Rule planner on all ``--n``; the LM planners (prompted base SmolLM2 with ``--base``,
the fine-tuned adapter with ``--adapter``, and auto) on the first ``--n-lm`` of them. Validity is measured
before any fallback. Every row is also split into English paraphrases, German/Spanish-only and mixed-language
missions. Prints markdown tables.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from typing import Any

from enginemind.families.planner.context import Context, Zone
from enginemind.families.planner.corpus import Example, make_corpus
from enginemind.families.planner.evaluate import score
from enginemind.families.planner.plan import Plan, Step
from enginemind.families.planner.predict import plan_mission, rule_plan
from enginemind.families.planner.safety import LiveState, check


class _Fixed:
    """An LM stand-in that answers the plan already decoded (so auto costs no second decode)."""

    def __init__(self, plan: Plan) -> None:
        self.p = plan

    def plan(self, mission: str, ctx: Context) -> Plan:
        return self.p


def auto_row(auto: list) -> dict[str, Any]:
    s = score([(e, p) for e, p, _, _ in auto])
    lat = sorted(t for _, _, t, _ in auto)
    s.update({"n": len(auto), "p50_ms": 1000 * statistics.median(lat), "p90_ms": 1000 * lat[int(0.9 * (len(lat) - 1))],
              "tok_s": 0.0, "fallbacks": sum(1 for *_, who in auto if who != "lm")})
    s["by_lang"] = {lang: {**score(sub), "n": len(sub)} for lang in LANGS
                    if (sub := [(e, p) for e, p, _, _ in auto if e.lang == lang])}
    return s


class RulePlanner:
    def plan(self, mission: str, ctx: Context) -> Plan:
        return rule_plan(mission, ctx)[0]


def run(name: str, planner: Any, examples: list[Example], auto: list | None = None) -> dict[str, Any]:
    """Score ``planner``; with ``auto`` given, also collect what auto would answer from the same decodes
    (the LM plan when it validates, else the rule plan: ``predict.plan_mission`` without patterns).
    ``by_lang`` holds the same scores for English-only, other-language-only and mixed-language missions."""
    pairs, lat, toks, calls = [], [], 0, 0
    for i, e in enumerate(examples, 1):
        t0 = time.perf_counter()
        p = planner.plan(e.mission, e.context)
        lat.append(time.perf_counter() - t0)
        toks += getattr(planner, "last_tokens", 0)
        calls += getattr(planner, "last_calls", 0)
        pairs.append((e, p))
        if auto is not None:
            t1 = time.perf_counter()
            r = plan_mission(e.mission, e.context, "auto", _Fixed(p))
            auto.append((e, r.plan, lat[-1] + time.perf_counter() - t1, r.planner))
        if i % 10 == 0 or i == len(examples):
            print(f"  {name}: {i}/{len(examples)} ({time.strftime('%H:%M:%S')})", file=sys.stderr, flush=True)
    s = score(pairs)
    s.update({"n": len(examples), "p50_ms": 1000 * statistics.median(lat),
              "p90_ms": 1000 * sorted(lat)[int(0.9 * (len(lat) - 1))],
              "tok_s": toks / sum(lat) if toks else 0.0, "calls": calls / len(examples)})
    s["by_lang"] = {lang: {**score(sub), "n": len(sub)} for lang in LANGS
                    if (sub := [(e, p) for e, p in pairs if e.lang == lang])}
    return s


LANGS = ("en", "other", "mixed")
LANG_NAME = {"en": "English paraphrases", "other": "German / Spanish only", "mixed": "mixed-language"}


def _with_route(ctx: Context, target: str) -> Context:
    return replace(ctx, positions={**ctx.positions, target: (4.0, 0.0)}, robot_pos=(0.0, 0.0))


def planted(e: Example) -> list[tuple[str, str, Context, Plan, LiveState | None]]:
    """(kind, expected verdict, context, plan, live) with one violation planted into a valid gold plan."""
    ctx, plan = e.context, e.plan
    moves = [i for i, s in enumerate(plan.steps) if s.action == "move_to"]
    forceful = [i for i, s in enumerate(plan.steps) if s.action in ("grasp", "place", "open", "close", "push")]
    out = []

    def with_args(i: int, **args: float) -> Plan:
        s = plan.steps[i]
        steps = list(plan.steps)
        steps[i] = Step(s.action, s.target, s.destination, {**s.args, **args})
        return Plan(tuple(steps))

    c = ctx.constraints
    if forceful:
        out.append(("force", "repaired", ctx, with_args(forceful[0], force=c.max_force * 2), None))
    if moves:
        i, t = moves[0], plan.steps[moves[0]].target
        out.append(("speed", "repaired", ctx, with_args(i, speed=c.max_speed * 3), None))
        near = replace(_with_route(ctx, t), humans=ctx.humans + ("visitor",),
                       positions={**_with_route(ctx, t).positions, "visitor": (2.0, 0.3)})
        out.append(("human nearby", "repaired", near, with_args(i, speed=0.9), None))
        out.append(("keep-out place", "rejected", replace(ctx, constraints=replace(c, keep_out=(t,))), plan, None))
        zone = replace(_with_route(ctx, t), zones=(Zone("wet floor", (1.5, -0.5), (2.5, 0.5)),))
        out.append(("keep-out zone", "rejected", zone, plan, None))
        out.append(("contradictory limits", "rejected", replace(ctx, constraints=replace(c, max_speed=0.0)), plan,
                    None))
    out.append(("low battery", "rejected", replace(ctx, battery=c.min_battery - 0.01), plan, None))
    out.append(("stale telemetry", "rejected", ctx, plan, LiveState("r1", 60.0)))
    out.append(("collision risk", "rejected", ctx, plan, LiveState("r1", 0.2, predictions={
        "collision_risk": ("risk", 0.95, 2)})))
    out.append(("battery time-to-empty", "rejected", ctx, plan, LiveState("r1", 0.2, predictions={
        "battery_tte": ("low_battery", 1.0, 2)})))
    return out


def safety_table(examples: list[Example]) -> str:
    caught: dict[str, list[int]] = {}
    false_rej = 0
    for e in examples:
        false_rej += check(e.context, e.plan).verdict != "ok"
        false_rej += check(e.context, e.plan, LiveState("r1", 0.2, battery=0.9)).verdict != "ok"
        for kind, want, ctx, plan, live in planted(e):
            got = check(ctx, plan, live).verdict
            caught.setdefault(kind, [0, 0])
            caught[kind][0] += got == want
            caught[kind][1] += 1
    rows = ["| planted violation | expected verdict | caught |", "|---|---|---|"]
    expect = {k: v for e in examples[:1] for k, v, *_ in planted(e)}
    for k, (ok, n) in caught.items():
        rows.append(f"| {k} | {expect.get(k, 'rejected')} | {ok}/{n} |")
    rows.append(f"| clean plans (false rejections / repairs) | ok | {false_rej} of {2 * len(examples)} checks |")
    return "\n".join(rows)


def shots_from_training(n: int, seed: int) -> Any:
    """Few-shot provider: ``n`` training-split missions recorded as successful executions, their patterns mined."""
    from enginemind.families.planner.executions import mine_patterns
    from enginemind.families.planner.fewshot import FewShot

    pool = make_corpus(n, seed + 2000, "train")
    return FewShot(pool, mine_patterns([(e.plan.actions(), True) for e in pool]))


def table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    out = ["| planner | missions | n | exact match | action F1 | argument acc. | valid before repair | p50 ms | "
           "p90 ms | tok/s |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, s in rows:
        subs = [("all held-out" if "train" not in name else "training", s)]
        subs += [(LANG_NAME[k], v) for k, v in s.get("by_lang", {}).items() if len(s.get("by_lang", {})) > 1]
        for i, (what, v) in enumerate(subs):
            lat = (f"{s['p50_ms']:.1f} | {s['p90_ms']:.1f} | {s['tok_s']:.1f}" if i == 0 else " | | ")
            out.append(f"| {name if i == 0 else ''} | {what} | {v['n']} | {v['exact_match']:.3f} | "
                       f"{v['action_f1']:.3f} | {v['arg_accuracy']:.3f} | {v['valid']:.3f} | {lat} |")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--n-lm", type=int, default=20)
    ap.add_argument("--adapter", default="", help="LoRA adapter folder (its planner_lm.json names the answer form)")
    ap.add_argument("--base", action="store_true", help="also run the prompted, untuned base model")
    ap.add_argument("--n-base", type=int, default=0, help="missions for the base model (default: --n-lm)")
    ap.add_argument("--ablate", type=int, default=0,
                    help="also run the adapter on this many missions without the state check, with few-shot "
                         "examples chosen by knowledge patterns")
    ap.add_argument("--legacy-adapter", default="", help="an adapter trained on the step form (prompt version 1)")
    ap.add_argument("--max-steps", type=int, default=12, help="LM decoding stops after this many lines")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    held = make_corpus(a.n, a.seed, "heldout")
    basic = make_corpus(a.n, a.seed + 1000, "train", extra=False)
    rows = [("rule, basic training phrasings", run("rule-train", RulePlanner(), basic)),
            ("rule", run("rule", RulePlanner(), held)),
            (f"rule, first {a.n_lm}", run("rule", RulePlanner(), held[: a.n_lm]))]
    if a.base or a.adapter or a.legacy_adapter:
        import torch

        from enginemind.families.planner.model import PlanLM

        if a.threads:
            torch.set_num_threads(a.threads)
        sample = held[: a.n_lm]
        nb = a.n_base or a.n_lm
        if a.base:
            lm = PlanLM.load(None)
            lm.max_steps = a.max_steps
            rows.append(("SmolLM2 base (prompted)", run("base", lm, sample[:nb])))
            lm.shots = shots_from_training(500, a.seed)
            rows.append(("SmolLM2 base + 1 pattern-chosen example", run("base-shot", lm, sample[:nb])))
        if a.adapter:
            lm = PlanLM.load(a.adapter)
            lm.max_steps = a.max_steps
            auto: list = []
            rows.append((f"SmolLM2 + LoRA ({lm.serialization})", run("lora", lm, sample, auto)))
            s = auto_row(auto)
            rows.append((f"auto (LoRA, rule fallback in {s['fallbacks']})", s))
            if a.ablate:
                lm.state_check = False
                rows.append(("LoRA, no state check", run("lora-nostate", lm, sample[: a.ablate])))
                lm.state_check, lm.shots = True, shots_from_training(500, a.seed)
                rows.append(("LoRA + 1 pattern-chosen example", run("lora-shot", lm, sample[: a.ablate])))
        if a.legacy_adapter:
            lm = PlanLM.load(a.legacy_adapter)
            lm.max_steps = a.max_steps
            na = a.ablate or a.n_lm
            rows.append((f"old LoRA ({lm.serialization}), state check", run("old", lm, sample[:na])))
            lm.state_check = False
            rows.append((f"old LoRA ({lm.serialization}), grammar only", run("old-nostate", lm, sample[:na])))
    print()
    print(table(rows))
    print()
    print(safety_table(held[:100]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
