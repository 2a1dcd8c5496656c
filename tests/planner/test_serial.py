"""The LM's compact answer form (intent lines), the state-checked grammar it decodes in, the corpus' language
tags and held-out separation, and few-shot examples chosen by knowledge patterns. No model: fast."""

from __future__ import annotations

import re

from enginemind.families.planner import serial
from enginemind.families.planner.corpus import JOIN, T_LANG, T_MORE, T, make_corpus
from enginemind.families.planner.executions import Pattern, mine_patterns
from enginemind.families.planner.fewshot import FewShot, contains, failing
from enginemind.families.planner.plan import parse_text
from enginemind.families.planner.validate import validate
from tests.planner.helpers import kitchen, lines


def test_intent_lines_compile_to_every_gold_plan_and_are_shorter():
    examples = make_corpus(150, 3, "train") + make_corpus(150, 3, "heldout")
    n_int = n_steps = 0
    for e in examples:
        target = serial.canonical(e.context, e.intents, e.plan)
        assert target is not None and serial.to_plan(target, e.context).keys() == e.plan.keys(), e.mission
        n_int += len(target)
        n_steps += len(e.plan.steps)
    assert n_int * 2 < n_steps  # the compact form has well under half the lines


def test_canonical_drops_what_adds_no_steps_and_decompiles_plans():
    ctx = kitchen(state={"drawer": "open", "key": "in drawer", "cup": "on shelf"})
    ex = [e for e in make_corpus(400, 0, "train") if any(i.cond for i in e.intents)]
    assert ex  # conditionals exist; a condition that does not hold leaves no line behind
    for e in ex:
        target = serial.canonical(e.context, e.intents, e.plan) or []
        assert all(not ln.startswith("open ") or e.context.state.get(ln.split()[1]) != "open" for ln in target)
    correction = parse_text("move_to cup\ngrasp cup\nmove_to table\nplace cup table\nmove_to key\ninspect key")
    assert serial.canonical(ctx, [], correction) == ["put cup table", "inspect key"]
    assert serial.canonical(ctx, [], parse_text("grasp cup")) is None  # not at the cup: no intent form


def test_allowed_lines_follow_the_state_so_every_plan_is_valid():
    ctx = kitchen()  # drawer closed with the key inside, cup on the shelf
    cands = serial.candidates(ctx, "wait 7 seconds then put the key on the table")
    assert {"put cup table", "give key alice", "wait 7", "open drawer"} <= set(cands)
    assert "put cup alice" not in cands and "open table" not in cands
    first = serial.allowed_lines(ctx, [], cands)
    assert "close drawer" not in first and "release cup" not in first  # already closed / nothing held
    after = serial.allowed_lines(ctx, ["fetch cup"], cands)
    assert "fetch cup" not in after and "open drawer" not in after  # no-op / hand full
    assert "put cup table" in after and "release cup" in after
    assert "wait 7" not in serial.allowed_lines(ctx, ["wait 7", "go table", "wait 7"], cands)  # no third repeat
    plan = serial.to_plan(["put key table", "give cup alice"], ctx)
    assert lines(plan)[:3] == ["move_to drawer", "open drawer", "grasp key"] and validate(ctx, plan).valid


def test_corpus_languages_are_tagged_and_held_out_words_never_train():
    held = make_corpus(200, 7, "heldout")
    assert {e.lang for e in held} == {"en", "other", "mixed"}
    assert all(e.lang == "en" for e in make_corpus(50, 0, "train", extra=False))

    def words(texts: list[str]) -> set[str]:
        return {w for t in texts for w in re.findall(r"[a-z]+", re.sub(r"\{\w\}", " ", t))}

    train = words([t for k in T for t in T[k]["train"]] + [t for v in T_MORE.values() for t in v]
                  + [t for lang in T_LANG.values() for v in lang.values() for t in v] + JOIN["train"])
    for verb in ("relocate", "transfer", "deliver", "snatch", "retrieve", "unlatch", "shut", "examine", "proceed",
                 "shove", "pause", "stell", "pon", "leg", "gib", "nimm", "abre", "cierra", "warte", "und", "en"):
        assert verb not in train


def test_few_shot_examples_are_the_most_similar_successful_missions():
    pool = make_corpus(200, 1, "train")
    shots = FewShot(pool, mine_patterns([(e.plan.actions(), True) for e in pool]), k=2)
    ctx = kitchen()
    got = shots("wait 5 seconds", ctx)
    assert len(got) == 2 and all("wait" in m.lower() for _, m, _ in got) and got[0][2]
    fail = Pattern(("move_to", "push"), 0.0, 0.2, 4)
    assert failing([fail, Pattern(("move_to", "grasp"), 0.9, 1.0, 9)]) == [fail]
    assert contains(parse_text("move_to plate\npush plate table"), fail)
