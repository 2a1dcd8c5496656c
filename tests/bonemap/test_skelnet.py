"""Skeleton model: a real (tiny) training job registered in PostgreSQL, loaded back, engines model and auto."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.rows import dict_row

from enginemind.config import from_dict
from enginemind.errors import FailedPrecondition
from enginemind.families import get_family
from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.corpus.synth import ALL_CONVENTIONS
from enginemind.families.bonemap.corpus.synth_names import make_rig, make_sample
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.targets import load_target
from enginemind.families.bonemap.skelnet.config import SkelNetConfig
from enginemind.families.bonemap.skelnet.features import CLASSES, featurize, role_class
from enginemind.jobs.context import JobContext
from enginemind.registry import store

TRAIN_ON = ("ue", "mixamo", "daz", "unity")
CFG = {"holdout": sorted(set(ALL_CONVENTIONS) - set(TRAIN_ON)), "rigs_per_convention": 1,
       "modes": ["plain", "anonymous"], "epochs": 3, "batch_rigs": 4, "hidden": 16, "layers": 1, "val_fraction": 0.2,
       "calibration_rigs": 1}


@pytest.fixture(scope="module")
def trained(tmp_path_factory, pg_admin_url):
    from tests.conftest import create_database, drop_database

    url = create_database(pg_admin_url)
    work = tmp_path_factory.mktemp("job")
    arts = tmp_path_factory.mktemp("artifacts")
    conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
    conn.execute("INSERT INTO jobs (id, family) VALUES ('job-skel-test', 'bonemap_skeleton')")
    events: list[tuple[str, dict]] = []
    ctx = JobContext("job-skel-test", work, lambda k, p: events.append((k, p)),
                     register=lambda **kw: store.register_version(conn, arts, **kw),
                     connect=lambda: psycopg.connect(url, row_factory=dict_row), family="bonemap_skeleton",
                     config=dict(CFG))
    family = get_family("bonemap_skeleton")
    family.train_fn()(ctx, from_dict(family.config_cls(), CFG))
    yield {"conn": conn, "arts": arts, "events": events}
    conn.close()
    drop_database(pg_admin_url, url)


@pytest.mark.slow
def test_job_registers_a_loadable_model(trained):
    from enginemind.families.bonemap.skelnet.infer import SkelModel

    row = store.resolve(trained["conn"], "bonemap-skeleton", family="bonemap_skeleton")
    assert row["family"] == "bonemap_skeleton" and row["metrics"]["train_rigs"] > 0
    model = SkelModel.from_files(store.artifact_files(trained["arts"], row))
    assert set(model.calibration) == {"auto", "model"}  # fitted by the job on its training conventions
    from enginemind.families.bonemap.calibration import FEATURES

    assert all(c.features == FEATURES for c in model.calibration.values())  # with the doubt signals
    sk, _ = make_rig("mgear", 5, "plain")
    p = model.probs(sk)
    assert p.shape == (len(sk), len(CLASSES))
    progress = [p for k, p in trained["events"] if k == "progress"]
    assert progress and progress[-1]["step"] == progress[-1]["total"]
    t = load_target("ue5_manny")
    res = Mapper(MapConfig(), skel=model).map(sk, t, engine="model")
    assert set(res.mapping) == set(sk.names) and res.engine == "model"
    auto = Mapper(MapConfig(), skel=model).map(sk, t, engine="auto")
    matcher = Mapper(MapConfig()).map(sk, t, engine="matcher")
    assert sum(v is not None for v in auto.mapping.values()) >= 0.9 * sum(v is not None for v in
                                                                          matcher.mapping.values())
    assert all(0.0 <= c <= 1.0 for c in auto.confidence.values())
    assert all(auto.confidence[b] < 0.95 for b in auto.doubts)  # auto composes with the doubt signals


def test_engine_model_without_a_model_is_a_clear_error():
    sk, _ = make_rig("ue", 1, "plain")
    with pytest.raises(FailedPrecondition, match="skeleton model"):
        Mapper(MapConfig()).map(sk, "ue5_manny", engine="model")


def test_config_rejects_unknown_conventions_and_modes():
    with pytest.raises(ValueError, match="unknown conventions"):
        SkelNetConfig(holdout=["nope"])
    with pytest.raises(ValueError, match="modes"):
        SkelNetConfig(modes=["weird"])


def test_features_and_classes_cover_the_roles():
    sk, _, roles = make_sample("daz", 3, "noisy")
    f = featurize(sk)
    assert f.grams.shape[0] == f.num.shape[0] == len(sk) and (f.parent < len(sk)).all()
    labelled = [r for r in roles if r is not None and r[0] not in ("ik_foot", "ik_hand")]
    assert all(role_class(r) > 0 for r in labelled if r[0] != "root" or True)
