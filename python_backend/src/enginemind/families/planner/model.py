"""The LM planner: a causal LM (SmolLM2-135M-Instruct by default, + optional LoRA adapter) whose decoding
is constrained to the plan grammar.

Base loading, chat-template prompts and the end-of-turn token come from ``enginemind.families.bonemap.model``
(shared LM helpers). The answer is one step per line (``action target [destination]``); decoding walks a
prefix tree of every type-correct step line for this context (plus the end-of-turn token at a line start),
so every output parses and names only context entities. Numbers (speed, force) are never generated: they
are copied from the mission text afterwards (``intents.modifiers``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from enginemind.families.planner.config import SMOLLM2
from enginemind.families.planner.context import Context
from enginemind.families.planner.plan import Plan, Step, parse_text
from enginemind.families.planner.skills import SKILLS
from enginemind.families.planner.validate import check_types
from enginemind.lm import end_token_id, load_with_adapter, prompt_ids

PROMPT_VERSION = 1
SYSTEM = ("You plan robot missions. Answer one step per line: action target [destination]. Actions: "
          + ", ".join(SKILLS) + ".")
MAX_PLAN_STEPS = 24


def describe(ctx: Context, mission: str) -> str:
    """The user turn: the context in a few short lines, then the mission."""
    st = [f"{k} {v}" for k, v in sorted(ctx.state.items())] + [f"holding {ctx.holding or 'nothing'}"]
    return (f"objects: {', '.join(ctx.objects) or '-'}\nplaces: {', '.join(ctx.locations) or '-'}\n"
            f"humans: {', '.join(ctx.humans) or '-'}\nstate: {'; '.join(st)}\nmission: {mission.strip()}")


def messages_for(ctx: Context, mission: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": describe(ctx, mission)}]


def answer_lines(plan: Plan) -> list[str]:
    """The plan as the LM writes it (no numeric arguments except wait's seconds)."""
    return [Step(s.action, s.target, s.destination, {"seconds": s.args["seconds"]} if s.action == "wait" else {}
                 ).line() for s in plan.steps]


def line_ids(tok: Any, line: str) -> list[int]:
    return list(tok.encode(line + "\n", add_special_tokens=False))


def encode_example(tok: Any, ctx: Context, mission: str, plan: Plan, max_length: int) -> tuple[list[int], list[int]]:
    """(input_ids, labels) with the loss on the answer only; long prompts are cut from the left."""
    p = prompt_ids(tok, messages_for(ctx, mission))
    a = [t for line in answer_lines(plan) for t in line_ids(tok, line)] + [end_token_id(tok)]
    p = p[-max(8, max_length - len(a)):]
    return p + a, [-100] * len(p) + a


def candidate_lines(ctx: Context, mission: str) -> list[str]:
    """Every type-correct step line for this context (the grammar the decoder may write)."""
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


@dataclass
class _Node:
    children: dict[int, _Node]
    done: bool = False


def build_trie(tok: Any, lines: list[str]) -> _Node:
    root = _Node({})
    for line in lines:
        node = root
        for t in line_ids(tok, line):
            node = node.children.setdefault(t, _Node({}))
        node.done = True
    return root


class PlanLM:
    """A loaded base model (+ optional LoRA adapter) that writes plans under the grammar constraint."""

    def __init__(self, model: Any, tok: Any, max_steps: int = MAX_PLAN_STEPS):
        self.model = model.eval()
        self.tok = tok
        self.max_steps = max_steps
        self.last_tokens = 0
        """Tokens decoded (model calls + forced) by the last ``plan`` call (for tokens/s)."""

    @classmethod
    def load(cls, adapter_dir: str | Path | None = None, base_model: str = SMOLLM2, gguf_file: str = "") -> PlanLM:
        return cls(*load_with_adapter(adapter_dir, base_model, gguf_file))

    def plan(self, mission: str, ctx: Context) -> Plan:
        """Greedy decoding inside the grammar; always returns a parseable plan (possibly empty)."""
        import torch

        end = end_token_id(self.tok)
        root = build_trie(self.tok, candidate_lines(ctx, mission))
        pending = torch.tensor([prompt_ids(self.tok, messages_for(ctx, mission))])
        past, node, out, steps = None, root, [], 0
        self.last_tokens = 0
        with torch.no_grad():
            while True:
                options = list(node.children) + ([end] if node is root else [])
                if len(options) == 1:
                    nxt = options[0]
                else:
                    res = self.model(input_ids=pending, past_key_values=past, use_cache=True)
                    past = res.past_key_values
                    logits = res.logits[0, -1]
                    nxt = options[int(torch.argmax(logits[options]))]
                    pending = torch.empty((1, 0), dtype=torch.long)
                self.last_tokens += 1
                if nxt == end and node is root:
                    break
                out.append(nxt)
                pending = torch.cat([pending, torch.tensor([[nxt]])], dim=1)
                node = node.children[nxt]
                if node.done:
                    node, steps = root, steps + 1
                    if steps >= self.max_steps:
                        break
        return parse_text(self.tok.decode(out))
