"""The LM planner for real: LoRA training job (progress, checkpoint, stop + resume, loss PNG, registry with
metrics, merged HF export, corrections from PostgreSQL) and grammar-constrained decoding. Tiny settings."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.rows import dict_row

from enginemind.config import from_dict
from enginemind.families.planner import executions as ex
from enginemind.families.planner.config import PlannerConfig
from enginemind.families.planner.plan import parse_text
from enginemind.jobs.context import JobContext
from enginemind.registry import store
from tests.planner.helpers import kitchen

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]  # minutes when the 2 shared cores are busy

CFG = {"steps": 2, "batch_size": 1, "examples": 4, "eval_examples": 1, "eval_max_steps": 2, "lora_layers": 1,
       "lora_r": 2, "max_length": 96, "checkpoint_every": 1, "correction_repeat": 2, "export_merged": True,
       "target_modules": ["q_proj", "v_proj"]}


@pytest.fixture(scope="module")
def trained(tmp_path_factory, pg_admin_url):
    from enginemind.families.planner.train import train
    from tests.conftest import create_database, drop_database

    url = create_database(pg_admin_url)
    work = tmp_path_factory.mktemp("job")
    arts = tmp_path_factory.mktemp("artifacts")
    conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
    conn.execute("INSERT INTO jobs (id, family) VALUES ('job-planner-test', 'planner')")
    ctx = kitchen()
    ex.record(conn, "shove the plate onto the table", ctx, parse_text("move_to plate\npush plate table"), False,
              correction=parse_text("move_to plate\ngrasp plate\nmove_to table\nplace plate table"))
    events: list[tuple[str, dict]] = []
    checks = iter([False, True])  # first run: one step, then a stop request

    def job(stop) -> JobContext:
        return JobContext("job-planner-test", work, lambda k, p: events.append((k, p)), family="planner",
                          register=lambda **kw: store.register_version(conn, arts, **kw),
                          connect=lambda: psycopg.connect(url, row_factory=dict_row), _stop=stop)

    cfg = from_dict(PlannerConfig, CFG)
    train(job(lambda: next(checks, False)), cfg)
    assert (work / "checkpoint.pt").exists() and not (work / "adapter").exists()
    train(job(lambda: False), cfg)
    yield {"work": work, "events": events, "conn": conn}
    conn.close()
    drop_database(pg_admin_url, url)


def test_training_job_contract(trained):
    events = trained["events"]
    logs = [p["message"] for k, p in events if k == "log"]
    assert any("(2 from recorded executions)" in m for m in logs)
    assert any("stop requested" in m for m in logs) and any("resumed from step 1" in m for m in logs)
    progress = [p for k, p in events if k == "progress"]
    assert progress[-1]["step"] == progress[-1]["total"] == 2
    assert any(k == "artifact" and p.get("kind") == "image" and p["path"] == "loss.png" for k, p in events)
    assert (trained["work"] / "loss.png").stat().st_size > 1000
    row = store.get_version(trained["conn"], "planner-lm")
    names = {a["name"] for a in row["artifacts"]}
    assert {"adapter_model.safetensors", "adapter_config.json", "planner_lm.json", "loss.png"} <= names
    m = row["metrics"]
    assert row["family"] == "planner" and m["recorded_examples"] == 2.0 and m["heldout_valid"] in (0.0, 1.0)
    assert 0.0 <= m["heldout_exact_match"] <= 1.0 and m["final_loss"] > 0
    merged = store.get_version(trained["conn"], "planner-lm-merged")
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= {a["name"] for a in merged["artifacts"]}


def test_constrained_decoding_is_valid_by_construction(trained):
    from enginemind.families.planner.executions import Pattern
    from enginemind.families.planner.fewshot import contains
    from enginemind.families.planner.model import PlanLM, candidate_lines
    from enginemind.families.planner.predict import plan_mission
    from enginemind.families.planner.validate import validate

    lm = PlanLM.load(trained["work"] / "adapter")
    assert lm.serialization == "intents"
    lm.max_steps = 3
    ctx = kitchen()
    plan = lm.plan("Put the cup on the table", ctx)
    assert plan.steps and validate(ctx, plan).valid and lm.last_tokens > lm.last_calls > 0
    res = plan_mission("Put the cup on the table", ctx, "auto", lm)
    assert res.valid and res.planner == "lm"  # an LM plan never needs the rule fallback for validity
    # knowledge patterns: a sequence that mostly failed is not written while anything else is possible
    bad = Pattern(("move_to", "grasp"), 0.0, 0.1, 6)
    res = plan_mission("Put the cup on the table", ctx, "lm", lm, patterns=[bad])
    assert lm.avoid == [bad] and res.plan.steps and not contains(res.plan, bad)
    # the step form (prompt version 1 adapters) with the validator's state machine pruning the choices
    steps_lm = PlanLM(lm.model, lm.tok, max_steps=4, serialization="steps")
    assert "wait 7" in candidate_lines(ctx, "wait 7 seconds") and "grasp table" not in candidate_lines(ctx, "")
    plan = steps_lm.plan("Put the cup on the table", ctx)
    assert plan.steps and validate(ctx, plan).valid
