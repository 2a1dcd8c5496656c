"""Feedback in a real PostgreSQL: stored, validated, applied on the next mapping, read by training."""

from __future__ import annotations

import pytest

from enginemind.errors import InvalidInput
from enginemind.families.bonemap import feedback as fb
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import load_target
from enginemind.families.bonemap.service import map_with_feedback
from tests.bonemap.helpers import mixamo_like


def test_corrections_are_stored_and_returned_on_the_next_mapping(db_conn):
    sk = Skeleton.from_dict(mixamo_like())
    t = load_target("ue5_manny")
    before = map_with_feedback(db_conn, sk, t, "matcher")
    assert before.mapping["mixamorig:Spine1"] == "spine_03"
    fixes = {"mixamorig:Spine1": "spine_02", "mixamorig:HeadTop_End": None}
    fid = fb.save_feedback(db_conn, sk, t, fixes, "studio rule")
    assert fid > 0 and fb.feedback_count(db_conn) == 1
    # the same rig, bones listed in another order (e.g. imported from another file format)
    again = Skeleton.from_dict({"bones": list(reversed(mixamo_like()["bones"]))})
    assert again.fingerprint == sk.fingerprint
    after = map_with_feedback(db_conn, again, t, "matcher")
    assert after.mapping["mixamorig:Spine1"] == "spine_02" and after.confidence["mixamorig:Spine1"] == 1.0
    assert after.source["mixamorig:Spine1"] == "feedback"
    used = [v for v in after.mapping.values() if v]
    assert len(used) == len(set(used))
    # a later correction of the same bone wins; a taken target is freed from its previous owner
    fb.save_feedback(db_conn, sk, t, {"mixamorig:Spine1": "spine_04", "mixamorig:Spine2": "spine_03"})
    final = map_with_feedback(db_conn, sk, t, "matcher").mapping
    assert final["mixamorig:Spine1"] == "spine_04" and final["mixamorig:Spine2"] == "spine_03"
    assert map_with_feedback(db_conn, sk, t, "matcher", use_feedback=False).mapping["mixamorig:Spine1"] == "spine_03"
    rows = fb.training_rows(db_conn)
    assert len(rows) == 2 and rows[0]["target"] == "ue5_manny" and "mixamorig:Spine1" in rows[0]["mapping"]


@pytest.mark.parametrize("mapping, needle", [
    ({}, "non-empty"),
    ({"ghost": "pelvis"}, "not in the skeleton"),
    ({"mixamorig:Hips": "not_a_bone"}, "not a bone of target"),
    ({"mixamorig:Hips": "pelvis", "mixamorig:Spine": "pelvis"}, "used once"),
])
def test_bad_feedback_is_refused(db_conn, mapping, needle):
    sk = Skeleton.from_dict(mixamo_like())
    with pytest.raises(InvalidInput, match=needle):
        fb.save_feedback(db_conn, sk, load_target("ue5_manny"), mapping)
    assert fb.feedback_count(db_conn) == 0
