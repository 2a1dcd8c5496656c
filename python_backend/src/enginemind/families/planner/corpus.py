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
JOIN = {"train": [", then ", " and then ", ". then ", ", ", ", and ", " then ", "; then ", ". afterwards, "],
        "heldout": [" after that ", "; next ", ", und dann "]}
# Richer training phrasings (none uses a word of the held-out phrasings) and two training-only languages,
# so the LM sees that one meaning has many surface forms; held-out phrasings and languages stay unseen.
T_MORE: dict[str, list[str]] = {
    "put": ["drop the {x} off {p} the {d}", "stick the {x} {p} the {d}", "the {x} goes {p} the {d}",
            "fetch the {x} and put it {p} the {d}", "take the {x} and set it down {p} the {d}",
            "can you put the {x} {p} the {d}", "the {x} belongs {p} the {d}, put it there"],
    "put2": ["both the {x} and the {y} go {p} the {d}", "bring the {x} and the {y} to the {d}"],
    "give": ["offer the {x} to {h}", "{h} wants the {x}", "let {h} have the {x}", "take the {x} to {h}"],
    "fetch": ["collect the {x}", "fetch the {x}", "take hold of the {x}"],
    "open": ["pull open the {c}", "swing the {c} open"],
    "close": ["seal the {c}", "push the {c} closed"],
    "inspect": ["scan the {x}", "verify the {x}", "observe the {x}"],
    "go": ["travel to the {d}", "return to the {d}", "approach the {d}"],
    "push": ["slide the {x} to the {d}", "nudge the {x} to the {d}"],
    "pour": ["tip the {x} into the {d}", "decant the {x} into the {d}"],
    "wait": ["stand by for {n} seconds", "hold still {n} seconds", "wait {n} s"],
    "cond": ["in case the {c} is closed, open it first", "open the {c} if it is closed"],
}
T_LANG: dict[str, dict[str, list[str]]] = {  # training-only languages (French, Italian)
    "fr": {"put": ["mets {x} sur {d}", "pose {x} sur {d}"], "put2": ["mets {x} et {y} sur {d}"],
           "give": ["donne {x} a {h}"], "fetch": ["prends {x}"], "open": ["ouvre {c}"], "close": ["ferme {c}"],
           "go": ["va a {d}"], "wait": ["attends {n} secondes"], "inspect": ["inspecte {x}"]},
    "it": {"put": ["metti {x} su {d}", "appoggia {x} su {d}"], "put2": ["metti {x} e {y} su {d}"],
           "give": ["dai {x} a {h}"], "fetch": ["prendi {x}"], "open": ["apri {c}"], "close": ["chiudi {c}"],
           "go": ["vai a {d}"], "wait": ["aspetta {n} secondi"], "inspect": ["controlla {x}"]},
}
JOIN_LANG = {"train": {" puis ": "fr", " poi ": "it"}, "heldout": {", und dann ": "de"}}
HELDOUT_LANG = {"stell {x} auf {d}": "de", "pon {x} en {d}": "es", "leg {x} und {y} auf {d}": "de",
                "gib {h} {x}": "de", "nimm {x}": "de", "abre {c}": "es", "cierra {c}": "es", "geh zu {d}": "de",
                "warte {n} sekunden": "de"}
"""Languages of the non-English held-out templates (for the per-language benchmark rows)."""


def _templates(kind: str, split: str, extra: bool = True) -> list[tuple[str, str]]:
    """(language, template) choices of one clause kind: English weighted 3:1 over the training languages."""
    if split == "heldout" or not extra:
        return [(HELDOUT_LANG.get(t, "en"), t) for t in T[kind][split]]
    en = [("en", t) for t in T[kind]["train"] + T_MORE.get(kind, [])]
    other = [(lang, t) for lang, ts in T_LANG.items() for t in ts.get(kind, [])]
    return en * 3 + other if other else en


@dataclass(frozen=True)
class Example:
    mission: str
    context: Context
    plan: Plan
    kind: str
    intents: tuple[Intent, ...] = ()
    """The intents the mission was rendered from (empty for recorded executions)."""
    lang: str = "en"
    """'en', 'other' (no English clause) or 'mixed' (clauses / joiners in several languages)."""


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


def _clause(rng: random.Random, split: str, ctx: dict[str, Any], used: set[str], extra: bool = True
            ) -> tuple[str, list[Intent], str]:
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
    lang, tpl = rng.choice(_templates(kind, split, extra))
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
    return text, intents, lang


def make_example(rng: random.Random, split: str, extra: bool = True) -> Example | None:
    ctx_d = scene(rng, split)
    ctx = Context.from_dict(ctx_d)
    used: set[str] = set()
    texts, intents, langs = [], [], set()
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        t, its, lang = _clause(rng, split, ctx_d, used, extra)
        texts.append(t)
        intents += its
        langs.add(lang)
        if its[0].cond:  # a conditional clause always continues with another clause
            t, its, lang = _clause(rng, split, ctx_d, used, extra)
            texts.append(t)
            intents += its
            langs.add(lang)
    mission = texts[0]
    for t in texts[1:]:
        joins = JOIN[split] + (list(JOIN_LANG[split]) if split == "train" else [])
        join = rng.choice(joins if extra or split != "train" else JOIN[split][:4])
        langs.add(JOIN_LANG[split].get(join, "en"))
        mission += join + t
    mission = mission[0].upper() + mission[1:] + rng.choice(["", ".", "!", " please."])
    plan = compile_plan(ctx, intents)
    if not plan.steps or not validate(ctx, plan).valid:
        return None
    lang = "en" if langs == {"en"} else "other" if "en" not in langs else "mixed"
    return Example(mission, ctx, plan, "multi" if len(texts) > 1 else "single", tuple(intents), lang)


def make_corpus(n: int, seed: int = 0, split: str = "train", extra: bool = True) -> list[Example]:
    """``n`` valid examples (deterministic for a seed and split). ``extra=False``: only the first training
    phrasings (the rule planner's lexicon), without the richer English ones and the training languages."""
    if split not in OBJECTS:
        raise ValueError("split must be 'train' or 'heldout'")
    rng = random.Random(f"{split}:{seed}")
    out: list[Example] = []
    while len(out) < n:
        ex = make_example(rng, split, extra)
        if ex is not None:
            out.append(ex)
    return out


def corpus_hash(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.mission, e.context.to_dict(), e.plan.text()], sort_keys=True).encode())
    return h.hexdigest()[:16]
