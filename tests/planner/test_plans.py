"""Skill schema, plan grammar, validator (types + pre/post chain), rule planner and corpus generator."""

from __future__ import annotations

import pytest

from enginemind.errors import InvalidInput
from enginemind.families.planner.context import Context
from enginemind.families.planner.corpus import make_corpus
from enginemind.families.planner.plan import PlanParseError, parse_steps, parse_text
from enginemind.families.planner.predict import rule_plan
from enginemind.families.planner.skills import ACTIONS, SKILLS
from enginemind.families.planner.validate import validate
from tests.planner.helpers import kitchen, lines


def test_closed_action_set_has_the_issue_skills_with_conditions():
    for a in ("move_to", "grasp", "place", "release", "open", "close", "push", "pour", "wait", "inspect",
              "hand_over"):
        assert a in ACTIONS and SKILLS[a].success
    assert "holding target" in SKILLS["place"].pre and "hand empty" in SKILLS["place"].post


def test_grammar_round_trip_and_clear_parse_errors():
    text = "move_to cup\ngrasp cup force=20\nmove_to table\nplace cup table\nwait 5"
    plan = parse_text(text)
    assert plan.text() == text and plan.steps[1].args == {"force": 20.0} and plan.steps[4].args == {"seconds": 5.0}
    assert parse_steps(plan.to_list()) == plan
    with pytest.raises(PlanParseError, match="line 2: unknown action 'teleport'"):
        parse_text("move_to cup\nteleport cup")
    with pytest.raises(PlanParseError, match="not a number"):
        parse_text("grasp cup force=strong")
    with pytest.raises(PlanParseError, match="at most one destination"):
        parse_text("place cup table shelf")
    with pytest.raises(PlanParseError, match="entity name"):
        parse_steps([{"action": "grasp", "target": "__import__('os')"}])


def test_validator_enforces_the_pre_post_chain():
    ctx = kitchen()
    ok = parse_text("move_to cup\ngrasp cup\nmove_to table\nplace cup table")
    assert validate(ctx, ok).valid
    v = validate(ctx, parse_text("move_to table\nplace cup table"))
    assert not v.valid and "does not hold cup" in v.errors[0]
    v = validate(ctx, parse_text("move_to drawer\ngrasp key"))
    assert "inside drawer, which is closed" in v.errors[0]
    assert validate(ctx, parse_text("move_to drawer\nopen drawer\ngrasp key")).valid
    v = validate(ctx, parse_text("grasp cup"))
    assert "not at cup" in v.errors[0]
    v = validate(ctx, parse_text("move_to cup\ngrasp cup\nmove_to plate\ngrasp plate"))
    assert "already holds cup" in v.errors[0]
    v = validate(ctx, parse_text("move_to cup\ngrasp cup\nmove_to drawer\nplace cup drawer"))
    assert "drawer is closed" in v.errors[0]


def test_validator_type_checks_arguments():
    ctx = kitchen()
    errs = validate(ctx, parse_text("move_to vase\ngrasp table\nopen cup\nhand_over cup table\nwait 5 force=3")).errors
    text = "\n".join(errs)
    assert "'vase' is not a known" in text and "grasp needs a target of type object" in text
    assert "open needs a target of type openable" in text and "destination of type human" in text
    assert "wait has no argument 'force'" in text
    assert "speed=99" in validate(ctx, parse_text("move_to cup speed=99")).errors[0]
    assert validate(ctx, parse_text("")).errors == ["the plan is empty"]


def test_context_errors_are_clear():
    with pytest.raises(InvalidInput, match="unknown context key"):
        Context.from_dict({"objects": [], "colour": "red"})
    with pytest.raises(InvalidInput, match="not in the context"):
        Context.from_dict({"objects": ["cup"], "state": {"cup": "on moon"}})
    with pytest.raises(InvalidInput, match="more than one"):
        Context.from_dict({"objects": ["cup"], "locations": ["cup"]})
    with pytest.raises(InvalidInput, match="finite number"):
        Context.from_dict({"constraints": {"max_force": "a lot"}})


@pytest.mark.parametrize("mission,expected", [
    ("Pick up the cup and place it on the table",
     ["move_to cup", "grasp cup", "move_to table", "place cup table"]),
    ("Put the cup on the table.", ["move_to cup", "grasp cup", "move_to table", "place cup table"]),
    ("put the plate and the bottle on the shelf",
     ["move_to plate", "grasp plate", "move_to shelf", "place plate shelf", "move_to bottle", "grasp bottle",
      "move_to shelf", "place bottle shelf"]),
    ("Take the key out of the drawer and give it to Alice",
     ["move_to drawer", "open drawer", "grasp key", "move_to alice", "hand_over key alice"]),
    ("If the drawer is closed, open it, then put the cup in the drawer",
     ["move_to drawer", "open drawer", "move_to cup", "grasp cup", "move_to drawer", "place cup drawer"]),
    ("go to the sink, wait 5 seconds and inspect the battery pack",
     ["move_to sink", "wait 5", "move_to battery_pack", "inspect battery_pack"]),
])
def test_rule_planner_templates(mission, expected):
    plan, errors = rule_plan(mission, kitchen())
    assert errors == [] and lines(plan) == expected
    assert validate(kitchen(), plan).valid


def test_conditional_follows_the_state():
    opened = kitchen(state={"drawer": "open", "key": "in drawer"})
    plan, _ = rule_plan("If the drawer is closed, open it, then pick up the key", opened)
    assert lines(plan) == ["move_to key", "grasp key"]
    plan, _ = rule_plan("If the drawer is closed, open it, then pick up the key", kitchen())
    assert lines(plan) == ["move_to drawer", "open drawer", "grasp key"]


def test_rule_planner_reports_unknown_objects_and_verbs():
    plan, errors = rule_plan("bring the vase to the table", kitchen())
    assert not plan.steps and "'vase'" in errors[0]
    plan, errors = rule_plan("sing a song", kitchen())
    assert not plan.steps and "no known action" in errors[0]


def test_corpus_is_deterministic_valid_and_held_out_is_disjoint():
    train = make_corpus(150, 0, "train")
    assert [e.mission for e in train] == [e.mission for e in make_corpus(150, 0, "train")]
    held = make_corpus(150, 0, "heldout")
    assert all(validate(e.context, e.plan).valid for e in train + held)
    assert {e.kind for e in train} == {"single", "multi"}
    assert any("if the" in e.mission.lower() for e in train)
    train_names = {n for e in train for n in e.context.objects}
    assert not train_names & {n for e in held for n in e.context.objects}
    assert not {e.mission.lower() for e in train} & {e.mission.lower() for e in held}
    # the rule planner covers the basic training phrasings (this is what the LM must generalise beyond)
    basic = make_corpus(150, 0, "train", extra=False)
    assert sum(rule_plan(e.mission, e.context)[0].keys() == e.plan.keys() for e in basic) == len(basic)
