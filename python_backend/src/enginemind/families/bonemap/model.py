"""The learned path: a causal LM (SmolLM2-135M-Instruct by default) with a LoRA adapter.

Instruction format (the seed's system / instruction / input / output fields, one bone per example so that
a small model on a CPU can learn it): the system line, then ``input`` describing the source bone with its
parent, children and ancestor path, and ``output`` = the target bone name or ``null``. The prompt is rendered
with the tokenizer's chat template. Decoding is constrained to a prefix tree of the tokenised answers
(every allowed target bone name, plus ``null``), each followed by the end-of-turn token, so the LM can only
answer a real target bone or null. Its probability (product over the answer tokens) is the LM confidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from enginemind.families.bonemap.config import SMOLLM2
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.lm import end_token_id, load_with_adapter, prompt_ids

SYSTEM = "You map skeleton bones to the {target} skeleton. Answer one {target} bone name, or null."
PROMPT_VERSION = 2
def describe_bone(sk: Skeleton, i: int) -> str:
    """The ``input`` field: the bone, its parent, up to 3 children and 2 more ancestors (kept short for CPUs)."""
    b = sk.bones[i]
    kids = [sk.names[c] for c in sk.children(i)]
    anc = [sk.names[a] for a in sk.ancestors(i)][1:3]
    more = f" +{len(kids) - 3}" if len(kids) > 3 else ""
    return (f"bone: {b.name}\nparent: {b.parent or '-'}\nchildren: {', '.join(kids[:3]) or '-'}{more}\n"
            f"above: {' < '.join(anc) or '-'}")


def messages_for(sk: Skeleton, i: int, target: str) -> list[dict[str, str]]:
    """System line (seed's ``system``/``instruction``) + user turn (``input``); the answer is ``output``."""
    return [{"role": "system", "content": SYSTEM.format(target=target)},
            {"role": "user", "content": describe_bone(sk, i)}]


def answer_ids(tok: Any, answer: str | None) -> list[int]:
    return list(tok.encode(answer or "null", add_special_tokens=False)) + [end_token_id(tok)]


def encode_example(tok: Any, messages: list[dict[str, str]], answer: str | None, max_length: int
                   ) -> tuple[list[int], list[int]]:
    """(input_ids, labels) with the loss on the answer tokens only; long prompts are cut from the left."""
    p = prompt_ids(tok, messages)
    a = answer_ids(tok, answer)
    keep = max(8, max_length - len(a))
    p = p[-keep:]
    return p + a, [-100] * len(p) + a


@dataclass
class _Trie:
    children: dict[int, _Trie]
    answer: str | None = None
    done: bool = False


def build_trie(tok: Any, answers: list[str | None]) -> _Trie:
    root = _Trie({})
    for ans in answers:
        node = root
        for t in answer_ids(tok, ans):
            node = node.children.setdefault(t, _Trie({}))
        node.done, node.answer = True, ans
    return root


class BoneLM:
    """A loaded base model (+ optional LoRA adapter) that answers one bone at a time."""

    def __init__(self, model: Any, tok: Any):
        self.model = model.eval()
        self.tok = tok

    @classmethod
    def load(cls, adapter_dir: str | Path | None = None, base_model: str = SMOLLM2, gguf_file: str = "") -> BoneLM:
        return cls(*load_with_adapter(adapter_dir, base_model, gguf_file))

    def answer(self, sk: Skeleton, i: int, target: str, allowed: list[str | None]) -> tuple[str | None, float]:
        """Constrained greedy decoding: (answer, probability among the allowed answers)."""
        import torch

        node = build_trie(self.tok, allowed)
        inp = torch.tensor([prompt_ids(self.tok, messages_for(sk, i, target))])
        logp, past, pending = 0.0, None, inp
        with torch.no_grad():
            while not node.done:
                options = list(node.children)
                if len(options) == 1:  # forced token: no model call needed, it only extends the context
                    nxt = options[0]
                else:
                    out = self.model(input_ids=pending, past_key_values=past, use_cache=True)
                    past = out.past_key_values
                    lp = torch.log_softmax(out.logits[0, -1].float(), dim=-1)[options]
                    lp = lp - torch.logsumexp(lp, dim=0)
                    k = int(torch.argmax(lp))
                    nxt = options[k]
                    logp += float(lp[k])
                    pending = torch.empty((1, 0), dtype=torch.long)
                pending = torch.cat([pending, torch.tensor([[nxt]])], dim=1)
                node = node.children[nxt]
        return node.answer, math.exp(logp)
