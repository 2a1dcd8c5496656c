"""Executions and corrections in PostgreSQL, knowledge patterns, and the training rows they feed."""

from __future__ import annotations

import pytest

from enginemind.errors import InvalidInput
from enginemind.families.planner import executions as ex
from enginemind.families.planner.plan import parse_text
from tests.planner.helpers import kitchen

PICK = parse_text("move_to cup\ngrasp cup\nmove_to table\nplace cup table")
PUSH = parse_text("move_to plate\npush plate table")


def test_mine_patterns_support_and_confidence():
    plans = [(["move_to", "grasp", "move_to", "place"], True)] * 3 + [(["move_to", "push"], False)] * 2
    plans += [(["move_to", "push"], True)]
    pats = {p.actions: p for p in ex.mine_patterns(plans)}
    mg = pats[("move_to", "grasp")]
    assert mg.support == 0.75 and mg.confidence == 1.0 and mg.count == 3
    mp = pats[("move_to", "push")]
    assert mp.support == 0.25 and mp.confidence == pytest.approx(1 / 3) and mp.count == 3
    strict = ex.mine_patterns(plans, min_support=0.5)
    assert {p.actions for p in strict} == {a for a, p in pats.items() if p.support >= 0.5 or p.confidence < 0.5}
    assert ("move_to", "push") in {p.actions for p in strict}  # kept as a failure pattern


def test_record_patterns_and_training_examples(db_conn):
    ctx = kitchen()
    for _ in range(3):
        ex.record(db_conn, "put the cup on the table", ctx, PICK, True,
                  step_results=[{"status": "ok"}] * 4, planner="rule")
    ex.record(db_conn, "shove the plate to the table", ctx, PUSH, False, step_results=[{"status": "failed",
                                                                                        "message": "slipped"}])
    fixed = parse_text("move_to plate\ngrasp plate\nmove_to table\nplace plate table")
    eid = ex.record(db_conn, "shove the plate to the table", ctx, PUSH, False, correction=fixed, note="operator")
    assert eid > 0 and ex.count(db_conn) == 5
    pats = {p.actions: p for p in ex.patterns(db_conn)}
    assert pats[("move_to", "grasp", "move_to", "place")].support == 1.0
    assert pats[("move_to", "push")].confidence == 0.0
    rows = ex.training_examples(db_conn, correction_repeat=4)
    corrected = [r for r in rows if r.kind == "correction"]
    assert len(corrected) == 4 and corrected[0].plan == fixed and corrected[0].mission.startswith("shove")
    assert sum(r.kind == "execution" for r in rows) == 3


def test_record_rejects_bad_input(db_conn):
    ctx = kitchen()
    with pytest.raises(InvalidInput, match="correction is not a valid plan"):
        ex.record(db_conn, "m", ctx, PICK, False, correction=parse_text("place cup table"))
    with pytest.raises(InvalidInput, match="status ok"):
        ex.record(db_conn, "m", ctx, PICK, True, step_results=[{"status": "great"}])
    with pytest.raises(InvalidInput, match="at least one step"):
        ex.record(db_conn, "m", ctx, parse_text(""), True)
    assert ex.count(db_conn) == 0


def test_low_confidence_pattern_steers_auto_to_rules(db_conn):
    """auto: an LM plan made of a sequence that mostly failed is replaced by the rule plan."""
    from enginemind.families.planner.predict import plan_mission

    class PushyLM:  # stands in for a model that keeps proposing the failing push plan
        def plan(self, mission, ctx):
            return PUSH

    ctx = kitchen()
    for _ in range(3):
        ex.record(db_conn, "put the plate on the table", ctx, PUSH, False)
        ex.record(db_conn, "put the cup on the table", ctx, PICK, True)
    res = plan_mission("put the plate on the table", ctx, "auto", PushyLM(), patterns=ex.patterns(db_conn))
    assert res.planner == "rule (lm plan uses a sequence that mostly failed before)"
    assert res.plan.actions() == ["move_to", "grasp", "move_to", "place"]
    assert any(p["actions"] == ["move_to", "grasp"] for p in res.patterns)
