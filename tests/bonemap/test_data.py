"""Training corpus: conventions, augmentation, labels, feedback examples (no torch needed)."""

from __future__ import annotations

import pytest

from enginemind.config import from_dict
from enginemind.errors import InvalidInput
from enginemind.families.bonemap.config import BonemapConfig, MapConfig
from enginemind.families.bonemap.corpus.conventions import CONVENTIONS
from enginemind.families.bonemap.data import build_examples, corpus_hash, generate_rigs, label_rig
from enginemind.families.bonemap.rig.targets import load_target
from tests.bonemap.helpers import mixamo_like


def test_rigs_cover_conventions_and_labels_are_target_bones():
    rigs = generate_rigs(3, 1)
    assert {c for c, _ in rigs} == set(CONVENTIONS)
    t = load_target("ue5_manny")
    names = set(t.skeleton.names)
    for conv, bones in rigs:
        sk, labels = label_rig(bones, t)
        used = [v for v in labels.values() if v]
        assert set(used) <= names and len(used) == len(set(used)), conv
        assert "pelvis" in used and "head" in used, conv


def test_examples_are_deterministic_and_include_feedback():
    a = build_examples(["ue5_manny"], 5, 1, 50)
    b = build_examples(["ue5_manny"], 5, 1, 50)
    assert corpus_hash(a) == corpus_hash(b) and len(a) == 50
    msgs, ans = a[0]
    assert msgs[0]["role"] == "system" and "ue5_manny" in msgs[0]["content"] and msgs[1]["content"].startswith("bone:")
    fb = [{"skeleton": mixamo_like(), "target": "ue5_manny", "mapping": {"mixamorig:Spine1": "spine_02"}}]
    c = build_examples(["ue5_manny"], 5, 1, 50, fb, feedback_repeat=3)
    extra = [(m, x) for m, x in c if "bone: mixamorig:Spine1\n" in m[1]["content"]]
    assert len(c) == 53 and len(extra) == 3 and all(x == "spine_02" for _, x in extra)


def test_configs_are_strict():
    assert from_dict(BonemapConfig, {"steps": 3}).steps == 3
    with pytest.raises(InvalidInput, match="unknown config key"):
        from_dict(BonemapConfig, {"stpes": 3})
    with pytest.raises(InvalidInput):
        from_dict(BonemapConfig, {"lora_dropout": 1.5})
    with pytest.raises(InvalidInput):
        from_dict(MapConfig, {"engine": "magic"})
