"""Synthetic mission corpus: random scenes, intents rendered with several phrasings, gold plans compiled.

``make_corpus(n, seed, split)``: split 'train' uses the training phrasings and object names; 'heldout'
uses phrasings, joiners, object names and languages (German, Spanish) the training split never contains.
Missions combine 1-3 clauses: single and multi-object pick-and-place, hand-overs, open/close, push, pour,
wait, inspect, and conditionals ("if the drawer is closed, open it, then ...").
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

from enginemind.families.planner.context import Context
from enginemind.families.planner.intents import Intent, compile_plan
from enginemind.families.planner.plan import Plan
from enginemind.families.planner.validate import validate

OBJECTS = {"train": ["cup", "plate", "book", "bottle", "key", "apple", "sponge", "mug", "bowl", "spoon", "towel",
                     "can", "jar", "screwdriver", "wrench", "battery_pack", "glass", "phone", "remote", "tool_box"],
           "heldout": ["vase", "stapler", "kettle", "pan", "hammer", "banana", "notebook", "tape", "flask", "pliers"]}
SURFACES = {"train": ["table", "shelf", "counter", "desk", "workbench", "sink", "tray_stand", "charging_dock"],
            "heldout": ["windowsill", "cart", "bench", "side_table"]}
CONTAINERS = {"train": ["drawer", "cabinet", "fridge", "box"], "heldout": ["locker", "cupboard"]}
HUMANS = {"train": ["alice", "bob", "operator", "nurse"], "heldout": ["carol", "technician"]}
LIQUIDS = {"train": ["bottle", "jar", "glass"], "heldout": ["kettle", "flask"]}

T: dict[str, dict[str, list[str]]] = {
    "put": {"train": ["put the {x} {p} the {d}", "place the {x} {p} the {d}",
                      "pick up the {x} and place it {p} the {d}",
                      "grab the {x} and put it {p} the {d}", "take the {x} to the {d}", "move the {x} to the {d}",
                      "bring the {x} to the {d}", "set the {x} {p} the {d}", "carry the {x} to the {d}",
                      "get the {x} and set it {p} the {d}"],
            "heldout": ["relocate the {x} onto the {d}", "i need the {x} sitting {p} the {d}",
                        "could you transfer the {x} over to the {d}", "lift the {x} and leave it {p} the {d}",
                        "stell {x} auf {d}", "pon {x} en {d}"]},
    "put2": {"train": ["put the {x} and the {y} {p} the {d}", "move the {x} and the {y} to the {d}",
                       "place the {x} and the {y} {p} the {d}"],
             "heldout": ["relocate the {x} and the {y} onto the {d}", "leg {x} und {y} auf {d}"]},
    "give": {"train": ["give the {x} to {h}", "hand the {x} to {h}", "bring the {x} to {h}",
                       "pick up the {x} and give it to {h}"],
             "heldout": ["deliver the {x} to {h}", "{h} needs the {x}, pass it over", "gib {h} {x}"]},
    "fetch": {"train": ["pick up the {x}", "grab the {x}", "get the {x}"],
              "heldout": ["snatch the {x}", "retrieve the {x}", "nimm {x}"]},
    "open": {"train": ["open the {c}"], "heldout": ["unlatch the {c}", "abre {c}"]},
    "close": {"train": ["close the {c}"], "heldout": ["shut the {c}", "cierra {c}"]},
    "inspect": {"train": ["inspect the {x}", "check the {x}", "look at the {x}"],
                "heldout": ["examine the {x}", "have a look at the {x}"]},
    "go": {"train": ["go to the {d}", "navigate to the {d}", "drive to the {d}"],
           "heldout": ["head over to the {d}", "proceed to the {d}", "geh zu {d}"]},
    "push": {"train": ["push the {x} to the {d}"], "heldout": ["shove the {x} toward the {d}"]},
    "pour": {"train": ["pour the {x} into the {d}"], "heldout": ["empty the {x} into the {d}"]},
    "wait": {"train": ["wait {n} seconds"], "heldout": ["pause for {n} seconds", "warte {n} sekunden"]},
    "cond": {"train": ["if the {c} is closed, open it"], "heldout": ["should the {c} be closed, open it up"]},
}
JOIN = {"train": [", then ", " and then ", ". then ", ", "], "heldout": [" after that ", "; next ", ", und dann "]}


@dataclass(frozen=True)
class Example:
    mission: str
    context: Context
    plan: Plan
    kind: str


def _say(name: str) -> str:
    return name.replace("_", " ")


def scene(rng: random.Random, split: str) -> dict[str, Any]:
    """A random context: 2-4 objects, 2-3 surfaces, 0-1 container, 0-2 humans, some state."""
    objs = rng.sample(OBJECTS[split], rng.randint(2, 4))
    if rng.random() < 0.3:
        objs.append(rng.choice([o for o in LIQUIDS[split] if o not in objs] or objs[:1]))
    objs = list(dict.fromkeys(objs))
    locs = rng.sample(SURFACES[split], rng.randint(2, 3))
    box = rng.choice(CONTAINERS[split]) if rng.random() < 0.6 else ""
    if box:
        locs.append(box)
    humans = rng.sample(HUMANS[split], rng.randint(0, 2))
    state: dict[str, str] = {}
    for o in objs:
        if rng.random() < 0.6:
            state[o] = "on " + rng.choice([loc for loc in locs if loc != box])
    if box:
        state[box] = rng.choice(["open", "closed"])
        if rng.random() < 0.4:
            state[rng.choice(objs)] = "in " + box
    return {"objects": objs, "locations": locs, "humans": humans, "state": state}


def _clause(rng: random.Random, split: str, ctx: dict[str, Any], used: set[str]) -> tuple[str, list[Intent]]:
    objs = [o for o in ctx["objects"] if o not in used] or ctx["objects"]
    box = next((loc for loc in ctx["locations"] if loc in CONTAINERS[split]), "")
    kinds = ["put"] * 4 + ["put2"] * 2 + ["fetch", "inspect", "go", "push", "wait"]
    kinds += ["give"] * 2 if ctx["humans"] else []
    kinds += ["open", "close", "cond"] if box else []
    kinds += ["pour"] if any(o in LIQUIDS[split] for o in objs) else []
    kind = rng.choice(kinds)
    x = rng.choice(objs)
    y = rng.choice([o for o in objs if o != x] or [x])
    if kind == "put2" and x == y:
        kind = "put"
    d = rng.choice(ctx["locations"])
    p = "in" if d == box else rng.choice(["on", "onto"])
    h = rng.choice(ctx["humans"]) if ctx["humans"] else ""
    n = rng.choice([2, 3, 5, 10])
    tpl = rng.choice(T[kind][split])
    text = tpl.format(x=_say(x), y=_say(y), d=_say(d), p=p, h=_say(h), c=_say(box), n=n)
    if kind == "put":
        intents = [Intent("put", x, d)]
    elif kind == "put2":
        intents = [Intent("put", x, d), Intent("put", y, d)]
        used.add(y)
    elif kind == "give":
        intents = [Intent("give", x, h)]
    elif kind in ("open", "close"):
        intents = [Intent(kind, box)]
    elif kind == "cond":
        intents = [Intent("open", box, cond=(box, "closed"))]
    elif kind == "pour":
        x = rng.choice([o for o in objs if o in LIQUIDS[split]])
        d = rng.choice([o for o in ctx["objects"] if o != x] + [s for s in ctx["locations"] if s == "sink"])
        text = tpl.format(x=_say(x), d=_say(d))
        intents = [Intent("pour", x, d)]
    elif kind == "push":
        intents = [Intent("push", x, d)]
    elif kind == "wait":
        intents = [Intent("wait", seconds=float(n))]
    elif kind == "go":
        intents = [Intent("go", d)]
    else:
        intents = [Intent(kind, x)]
    used.add(x)
    return text, intents


def make_example(rng: random.Random, split: str) -> Example | None:
    ctx_d = scene(rng, split)
    ctx = Context.from_dict(ctx_d)
    used: set[str] = set()
    texts, intents = [], []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        t, its = _clause(rng, split, ctx_d, used)
        texts.append(t)
        intents += its
        if its[0].cond:  # a conditional clause always continues with another clause
            t, its = _clause(rng, split, ctx_d, used)
            texts.append(t)
            intents += its
    mission = texts[0]
    for t in texts[1:]:
        mission += rng.choice(JOIN[split]) + t
    mission = mission[0].upper() + mission[1:] + rng.choice(["", ".", "!", " please."])
    plan = compile_plan(ctx, intents)
    if not plan.steps or not validate(ctx, plan).valid:
        return None
    return Example(mission, ctx, plan, "multi" if len(texts) > 1 else "single")


def make_corpus(n: int, seed: int = 0, split: str = "train") -> list[Example]:
    """``n`` valid examples (deterministic for a seed and split)."""
    if split not in OBJECTS:
        raise ValueError("split must be 'train' or 'heldout'")
    rng = random.Random(f"{split}:{seed}")
    out: list[Example] = []
    while len(out) < n:
        ex = make_example(rng, split)
        if ex is not None:
            out.append(ex)
    return out


def corpus_hash(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.mission, e.context.to_dict(), e.plan.text()], sort_keys=True).encode())
    return h.hexdigest()[:16]
