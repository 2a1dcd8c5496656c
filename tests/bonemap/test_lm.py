"""The LM path for real: LoRA training job (progress, checkpoint, stop + resume, registry, feedback from
PostgreSQL), constrained decoding, engines lm and auto. Tiny settings: a few steps on a tiny corpus."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.rows import dict_row

from enginemind.config import from_dict
from enginemind.families.bonemap import feedback as fb
from enginemind.families.bonemap.config import BonemapConfig, MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import load_target
from enginemind.jobs.context import JobContext
from enginemind.registry import store
from tests.bonemap.helpers import mixamo_like

pytestmark = pytest.mark.slow

CFG = {"steps": 2, "batch_size": 2, "rigs_per_convention": 1, "max_examples": 12, "lora_layers": 2, "lora_r": 4,
       "checkpoint_every": 1, "feedback_repeat": 2, "targets": ["ue5_manny"]}


@pytest.fixture(scope="module")
def trained(tmp_path_factory, pg_admin_url):
    from enginemind.families.bonemap.train import train
    from tests.conftest import create_database, drop_database

    url = create_database(pg_admin_url)
    work = tmp_path_factory.mktemp("job")
    arts = tmp_path_factory.mktemp("artifacts")
    conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
    conn.execute("INSERT INTO jobs (id, family) VALUES ('job-bonemap-test', 'bonemap')")
    fb.save_feedback(conn, Skeleton.from_dict(mixamo_like()), load_target("ue5_manny"),
                     {"mixamorig:Spine1": "spine_02"})
    events: list[tuple[str, dict]] = []
    checks = iter([False, True])  # first run: one step, then a stop request

    def ctx(stop) -> JobContext:
        return JobContext("job-bonemap-test", work, lambda k, p: events.append((k, p)), family="bonemap",
                          register=lambda **kw: store.register_version(conn, arts, **kw),
                          connect=lambda: psycopg.connect(url, row_factory=dict_row), _stop=stop)

    cfg = from_dict(BonemapConfig, CFG)
    train(ctx(lambda: next(checks, False)), cfg)
    assert (work / "checkpoint.pt").exists() and not (work / "adapter").exists()
    train(ctx(lambda: False), cfg)
    yield {"work": work, "events": events, "conn": conn, "arts": arts}
    conn.close()
    drop_database(pg_admin_url, url)


def test_training_job_contract(trained):
    events = trained["events"]
    logs = [p["message"] for k, p in events if k == "log"]
    assert any("1 feedback records" in m for m in logs)
    assert any("stop requested" in m for m in logs) and any("resumed from step 1" in m for m in logs)
    progress = [p for k, p in events if k == "progress"]
    assert progress[-1]["step"] == progress[-1]["total"] == 2
    assert any(k == "metric" and p["name"] == "loss" for k, p in events)
    row = store.get_version(trained["conn"], "bonemap-lm")
    names = {a["name"] for a in row["artifacts"]}
    assert {"adapter_model.safetensors", "adapter_config.json", "bonemap_lm.json"} <= names
    assert row["family"] == "bonemap" and row["metrics"]["feedback_records"] == 1.0


def test_constrained_decoding_and_engines(trained):
    from enginemind.families.bonemap.model import BoneLM

    lm = BoneLM.load(trained["work"] / "adapter")
    sk = Skeleton.from_dict(mixamo_like())
    i = sk.index("mixamorig:LeftForeArm")
    ans, p = lm.answer(sk, i, "ue5_manny", [None, "lowerarm_l", "lowerarm_r"])
    assert ans in (None, "lowerarm_l", "lowerarm_r") and 0.0 < p <= 1.0
    small = Skeleton.from_dict({"bones": [{"name": "Hips", "parent": None}, {"name": "Spine", "parent": "Hips"},
                                          {"name": "Head", "parent": "Spine"}]})
    t = load_target("ue5_manny")
    res = Mapper(MapConfig(), lm=lm).map(small, t, engine="lm")
    used = [v for v in res.mapping.values() if v]
    assert set(used) <= set(t.skeleton.names) and len(used) == len(set(used))
    assert set(res.source.values()) == {"lm"}
    matcher = Mapper().map(sk, t)
    auto = Mapper(MapConfig(auto_threshold=0.5, lm_min_prob=0.0), lm=lm).map(sk, t, engine="auto")
    for bone, c in matcher.confidence.items():
        if c >= 0.5:  # confident matcher answers are never touched
            assert auto.mapping[bone] == matcher.mapping[bone]
    used = [v for v in auto.mapping.values() if v]
    assert len(used) == len(set(used))
