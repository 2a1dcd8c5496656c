"""The LM planner: a causal LM (SmolLM2-135M-Instruct by default, + optional LoRA adapter) whose decoding
is constrained to the plan grammar and to the pre/post-condition chain.

Base loading, chat-template prompts and the end-of-turn token come from ``enginemind.lm`` (shared LM helpers).
Two answer forms (``serialization``): ``intents`` (default, prompt version 2): one compact intent line per
thing the mission asks (``put cup table``), compiled into skill steps by ``intents.compile_plan`` (see
``serial.py``); ``steps`` (prompt version 1, adapters trained before): one skill step per line. Decoding walks
a prefix tree of the lines allowed *at this point of the plan*: type-correct lines over context entities whose
plan still validates on the simulated state (intents: the compiled plan; steps: the step's pre-conditions), plus
the end-of-turn token at a line start. So every output parses, names only context entities and, for intents,
is valid by construction. Numbers (speed, force) are never generated: they are copied from the mission text
afterwards (``intents.modifiers``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from enginemind.families.planner import serial
from enginemind.families.planner.config import SMOLLM2
from enginemind.families.planner.context import Context
from enginemind.families.planner.plan import Plan, Step, parse_text
from enginemind.families.planner.skills import SKILLS
from enginemind.families.planner.validate import SimState, apply, check_conditions, check_types
from enginemind.lm import end_token_id, load_with_adapter, prompt_ids

PROMPT_VERSION = 2
SERIALIZATIONS = ("intents", "steps")
SYSTEM = {"steps": "You plan robot missions. Answer one step per line: action target [destination]. Actions: "
          + ", ".join(SKILLS) + ".",
          "intents": "Plan the robot mission. One line per task: " + ", ".join(serial.VERBS) + "."}
MAX_PLAN_STEPS = 24
Shot = tuple[Context, str, Sequence[str]]
"""A worked example for the prompt: (context, mission, answer lines)."""


def describe(ctx: Context, mission: str, serialization: str = "intents") -> str:
    """The user turn: the context in a few short lines, then the mission (intents need no state: the compiler
    applies it)."""
    names = (f"objects: {', '.join(ctx.objects) or '-'}\nplaces: {', '.join(ctx.locations) or '-'}\n"
             f"humans: {', '.join(ctx.humans) or '-'}\n")
    if serialization == "steps":
        st = [f"{k} {v}" for k, v in sorted(ctx.state.items())] + [f"holding {ctx.holding or 'nothing'}"]
        names += f"state: {'; '.join(st)}\n"
    return names + f"mission: {mission.strip()}"


def messages_for(ctx: Context, mission: str, serialization: str = "intents",
                 shots: Sequence[Shot] = ()) -> list[dict[str, str]]:
    out = [{"role": "system", "content": SYSTEM[serialization]}]
    for c, m, ans in shots:
        out += [{"role": "user", "content": describe(c, m, serialization)},
                {"role": "assistant", "content": "\n".join(ans)}]
    return out + [{"role": "user", "content": describe(ctx, mission, serialization)}]


def answer_lines(plan: Plan) -> list[str]:
    """The plan in step form as the LM writes it (no numeric arguments except wait's seconds)."""
    return [Step(s.action, s.target, s.destination, {"seconds": s.args["seconds"]} if s.action == "wait" else {}
                 ).line() for s in plan.steps]


def target_lines(ctx: Context, plan: Plan, intents: Sequence[Any] = (), serialization: str = "intents"
                 ) -> list[str] | None:
    """Training answer of one example; None when the plan has no intent form (skip it)."""
    if serialization == "steps":
        return answer_lines(plan)
    return serial.canonical(ctx, list(intents), plan)


def line_ids(tok: Any, line: str) -> list[int]:
    return list(tok.encode(line + "\n", add_special_tokens=False))


def prompt_for(tok: Any, ctx: Context, mission: str, serialization: str = "intents",
               shots: Sequence[Shot] = ()) -> list[int]:
    """Prompt token ids. Intents: a bare prompt (no chat template, no system text: ~40 % fewer tokens to run);
    worked examples come first, each closed by the end-of-turn token. Steps: the chat template (version 1)."""
    if serialization == "steps":
        return prompt_ids(tok, messages_for(ctx, mission, serialization, shots))
    out: list[int] = []
    for c, m, ans in shots:
        out += tok.encode(describe(c, m) + "\nplan:\n", add_special_tokens=False)
        out += [t for line in ans for t in line_ids(tok, line)] + [end_token_id(tok)]
        out += tok.encode("\n\n", add_special_tokens=False)
    return out + tok.encode(describe(ctx, mission) + "\nplan:\n", add_special_tokens=False)


def encode_example(tok: Any, ctx: Context, mission: str, answer: Sequence[str], max_length: int,
                   serialization: str = "intents", shots: Sequence[Shot] = ()) -> tuple[list[int], list[int]]:
    """(input_ids, labels) with the loss on the answer only; long prompts are cut from the left."""
    p = prompt_for(tok, ctx, mission, serialization, shots)
    a = [t for line in answer for t in line_ids(tok, line)] + [end_token_id(tok)]
    p = p[-max(8, max_length - len(a)):]
    return p + a, [-100] * len(p) + a


def candidate_lines(ctx: Context, mission: str) -> list[str]:
    """Every type-correct step line for this context (the step grammar, before the state check)."""
    names = list(ctx.entities)
    out = []
    for a, sk in SKILLS.items():
        if a == "wait":
            nums = {float(n) for n in re.findall(r"\b(\d{1,4}(?:\.\d+)?)\b", mission)} | {1.0}
            out += [Step("wait", args={"seconds": n}).line() for n in sorted(nums)]
            continue
        dests = [""] + names if sk.destination else [""]
        for t in names:
            for d in dests:
                s = Step(a, t, d)
                if not check_types(ctx, s):
                    out.append(s.line())
    return out


def allowed_steps(ctx: Context, prefix: list[str], cands: list[str]) -> list[str]:
    """Step lines whose pre-conditions hold after ``prefix`` (the validator's state machine)."""
    s = SimState.start(ctx)
    for st in parse_text("\n".join(prefix)).steps:
        apply(ctx, s, st)
    return [c for c in cands if not check_conditions(ctx, s, parse_text(c).steps[0])]


@dataclass
class _Node:
    children: dict[int, _Node]
    done: bool = False


def build_trie(tok: Any, lines: list[str], cache: dict[str, list[int]] | None = None) -> _Node:
    root = _Node({})
    for line in lines:
        node = root
        ids = cache[line] if cache is not None and line in cache else line_ids(tok, line)
        for t in ids:
            node = node.children.setdefault(t, _Node({}))
        node.done = True
    return root


class PlanLM:
    """A loaded base model (+ optional LoRA adapter) that writes plans under the grammar and state constraint."""

    def __init__(self, model: Any, tok: Any, max_steps: int = MAX_PLAN_STEPS, serialization: str = "intents",
                 state_check: bool = True) -> None:
        if serialization not in SERIALIZATIONS:
            raise ValueError(f"serialization must be one of {SERIALIZATIONS}")
        self.model = model.eval()
        self.tok = tok
        self.max_steps = max_steps
        """At most this many lines (intents or steps) per plan."""
        self.serialization = serialization
        self.state_check = state_check
        """Offer only lines whose plan still validates (False: grammar and types only, for the benchmark)."""
        self.shots: Callable[[str, Context], Sequence[Shot]] | None = None
        """Optional few-shot provider (e.g. ``patterns.FewShot``): worked examples put before the mission."""
        self.avoid: Sequence[Any] = ()
        """Failure patterns (``executions.Pattern``): lines whose plan would contain one are not offered, unless
        nothing else is left (``predict.plan_mission`` sets them from the recorded executions)."""
        self.last_tokens = 0
        """Tokens decoded (model calls + forced) by the last ``plan`` call (for tokens/s)."""
        self.last_calls = 0
        """Forward passes of the last ``plan`` call (prompt prefill included)."""

    @classmethod
    def load(cls, adapter_dir: str | Path | None = None, base_model: str = SMOLLM2, gguf_file: str = "",
             serialization: str = "") -> PlanLM:
        """Load base (+ adapter); the answer form comes from the adapter's ``planner_lm.json`` (prompt version 1
        = steps) unless ``serialization`` is given."""
        if not serialization:
            meta = Path(adapter_dir or "") / "planner_lm.json"
            info = json.loads(meta.read_text(encoding="utf-8")) if adapter_dir and meta.exists() else {}
            serialization = info.get("serialization", "steps" if info.get("prompt_version") == 1 else "intents")
        return cls(*load_with_adapter(adapter_dir, base_model, gguf_file), serialization=serialization)

    def _grammar(self, ctx: Context, mission: str) -> tuple[Callable[[list[str]], list[str]],
                                                           Callable[[list[str]], Plan]]:
        if self.serialization == "intents":
            cands = serial.candidates(ctx, mission)
            if not self.state_check:
                return (lambda prefix: cands), (lambda lines: serial.to_plan(lines, ctx))
            return ((lambda prefix: serial.allowed_lines(ctx, prefix, cands)),
                    (lambda lines: serial.to_plan(lines, ctx)))
        steps = candidate_lines(ctx, mission)
        if not self.state_check:
            return (lambda prefix: steps), (lambda lines: parse_text("\n".join(lines)))
        return (lambda prefix: allowed_steps(ctx, prefix, steps)), (lambda lines: parse_text("\n".join(lines)))

    def _avoiding(self, allowed: Callable[[list[str]], list[str]], to_plan: Callable[[list[str]], Plan]
                  ) -> Callable[[list[str]], list[str]]:
        from enginemind.families.planner.fewshot import contains

        def pick(prefix: list[str]) -> list[str]:
            lines = allowed(prefix)
            safe = [c for c in lines if not any(contains(to_plan(prefix + [c]), p) for p in self.avoid)]
            return safe or lines

        return pick

    def plan(self, mission: str, ctx: Context) -> Plan:
        """Greedy decoding inside the grammar; always returns a parseable plan (possibly empty)."""
        import torch

        end = end_token_id(self.tok)
        allowed, to_plan = self._grammar(ctx, mission)
        if self.avoid:
            allowed = self._avoiding(allowed, to_plan)
        shots = self.shots(mission, ctx) if self.shots else ()
        pending = torch.tensor([prompt_for(self.tok, ctx, mission, self.serialization, shots)])
        cache: dict[str, list[int]] = {}
        past, lines, cur = None, [], []
        self.last_tokens = self.last_calls = 0
        with torch.no_grad():
            while len(lines) < self.max_steps:
                options_lines = allowed(lines)
                for c in options_lines:
                    if c not in cache:
                        cache[c] = line_ids(self.tok, c)
                node = build_trie(self.tok, options_lines, cache)
                if not node.children:
                    break
                while True:
                    options = list(node.children) + ([end] if not cur and lines else [])
                    if len(options) == 1:
                        nxt = options[0]
                    else:
                        res = self.model(input_ids=pending, past_key_values=past, use_cache=True)
                        self.last_calls += 1
                        past = res.past_key_values
                        nxt = options[int(torch.argmax(res.logits[0, -1][options]))]
                        pending = torch.empty((1, 0), dtype=torch.long)
                    self.last_tokens += 1
                    if nxt == end and not cur:
                        return to_plan(lines)
                    cur.append(nxt)
                    pending = torch.cat([pending, torch.tensor([[nxt]])], dim=1)
                    node = node.children[nxt]
                    if node.done:
                        lines.append(self.tok.decode(cur).strip())
                        cur = []
                        break
        return to_plan(lines)
