"""Name normalisation: namespaces, rig prefixes, case / separators, side markers, synonyms."""

from __future__ import annotations

import pytest

from enginemind.families.bonemap.rig.names import analyse_names, tokenize, word_break


@pytest.mark.parametrize("name, side, concept", [
    ("mixamorig:LeftForeArm", "L", "lowerarm"),
    ("Armature|DEF-upper_arm.L", "L", "upperarm"),
    ("upperarm_r", "R", "upperarm"),
    ("Bip01 R Calf", "R", "calf"),
    ("LThumb", "L", "thumb"),
    ("lShldrBend", "L", "shoulder"),
    ("RIGHT_UPPER_LEG", "R", "thigh"),
    ("skel_leftfoot", "L", "foot"),
    ("左腕", "L", "upperarm"),
    ("右ひじ", "R", "lowerarm"),
    ("左足首", "L", "foot"),
    ("右親指１", "R", "thumb"),
    ("oberschenkel_links", "L", "thigh"),
    ("cuisse_droite", "R", "thigh"),
    ("Spine1", None, "spine"),
])
def test_side_and_concept(name, side, concept):
    ni = analyse_names([name])[0]
    assert ni.side == side
    assert concept in ni.concepts


def test_shared_prefix_is_stripped_per_skeleton():
    infos = analyse_names(["CC_Base_Hip", "CC_Base_L_Thigh", "CC_Base_R_Thigh", "CC_Base_Waist", "CC_Base_Head"])
    assert infos[1].tokens == ["thigh"] and infos[1].side == "L"
    infos = analyse_names(["J_Bip_C_Hips", "J_Bip_L_UpperArm", "J_Bip_R_UpperArm", "J_Bip_C_Spine"])
    assert infos[0].concepts == ["hips"] and infos[1].concepts == ["upperarm"]


def test_tokenize_and_word_break():
    assert tokenize("HeadTop_End") == ["head", "top", "end"]
    assert tokenize("左足ＩＫ") == ["左", "足", "ik"]
    assert word_break("lefthandpinky") == ["left", "hand", "pinky"]
    assert word_break("xyzzy") is None
    biped = analyse_names(["Bip01 L Finger12"])[0]
    assert biped.digits == ["12"] and biped.side == "L"


def test_node_index_suffixes_of_converted_gltf_files_are_stripped():
    from enginemind.families.bonemap.config import MapConfig
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.names import strip_index_suffixes
    from enginemind.families.bonemap.rig.skeleton import Skeleton
    from tests.bonemap.helpers import mixamo_like

    # FBX -> glTF converters append the node index to every bone: 'LeftHandIndex1_033' is not segment 33
    data = mixamo_like()
    new = {b["name"]: f"{b['name']}_{k:02d}" for k, b in enumerate(data["bones"])}
    bones = [dict(b, name=new[b["name"]], parent=new.get(b["parent"]) if b["parent"] else None)
             for b in data["bones"]]
    plain = Mapper(MapConfig()).map(Skeleton.from_dict(data), "ue5_manny").mapping
    indexed = Mapper(MapConfig()).map(Skeleton.from_dict(dict(data, bones=bones)), "ue5_manny").mapping
    assert {b: indexed[new[b]] for b in plain} == plain and plain["mixamorig:LeftHandIndex1"] == "index_01_l"
    # numbers that repeat are segment / part numbers, not node indices: left alone
    rigify = ["spine", "spine.001", "spine.002", "thigh.L", "thigh.L.001", "thigh.R", "thigh.R.001", "shin.L.001"]
    assert strip_index_suffixes(rigify) == rigify
    ue = [f"{f}_0{k}_{s}" for f in ("index", "middle") for k in (1, 2) for s in "lr"]
    assert strip_index_suffixes(ue) == ue
