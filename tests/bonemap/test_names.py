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
    ("sm_rig:Skel:Bone__L__Arm_Lwr", "L", "lowerarm"),  # Autodesk Stingray: Upr / Lwr segments
    ("sm_rig:Skel:Bone__R__Leg_Upr", "R", "thigh"),
    ("sm_rig:Skel:Bone__R__Leg_Lwr", "R", "calf"),
    ("heel.L", "L", "helper"),  # a Rigify metarig's heel bone on the ankle point, beside 'foot.L'
    ("Foot Roll.L", "L", "helper"),  # a reverse-foot IK pivot (held-out batch 85), not a calf twist
    ("__Clavicle_L", "L", "helper"),  # MakeHuman's BVH connector joint on the spine (held-out batch 87)
    ("L_Buffbone_Glb_Foot_Loc", "L", "helper"),  # an effect locator under League of Legends' foot bone
    ("Bip001-L-Calf_collision_44", "L", "helper"),  # a collision shape under a Biped export's calf
    ("l_ind_knuckle_bot_mscl_JNT", "L", "helper"),  # Cyberpunk 2077's muscle helper (held-out batch 437)
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


def test_names_from_batch_10_conventions():
    """German Biped names with umlauts an exporter replaced by '_', capitalised Latin-1 words, a segment letter
    glued to a finger word (JVRC-1), and ROS sensor / tool frames."""
    got = {i.raw: (i.side, [c for c in i.concepts if not c.startswith("?")]) for i in analyse_names([
        "Bip01 Wirbels_ule", "Bip01 L Schl_sselbein", "Bip01 R Fu_", "Bip01 Becken", "Schlüsselbein_L",
        "L_UTHUMB_S", "R_ULITTLE_S", "ImuTorsoAccelerometer_frame", "r_gripper", "l_sole", "LHand"])}
    assert got["Bip01 Wirbels_ule"] == (None, ["spine"]) and got["Bip01 Becken"] == (None, ["hips"])
    assert got["Bip01 L Schl_sselbein"] == ("L", ["clavicle"]) and got["Bip01 R Fu_"] == ("R", ["foot"])
    assert got["Schlüsselbein_L"] == ("L", ["clavicle"])
    assert got["L_UTHUMB_S"] == ("L", ["thumb"]) and got["R_ULITTLE_S"] == ("R", ["pinky"])
    assert "helper" in got["ImuTorsoAccelerometer_frame"][1] and got["r_gripper"] == ("R", ["helper"])
    assert got["l_sole"] == ("L", ["helper"]) and got["LHand"] == ("L", ["hand"])


def test_a_body_word_in_every_bones_prefix_is_prefix():
    """Blender's glTF export puts the armature object's name before every bone ('LuphinaSB69_arm_足ＩＫ.L'):
    'arm' there says nothing about the bone, so the foot IK stays a foot IK."""
    bones = ["全ての親", "センター", "上半身", "首", "頭", "腕.L", "ひじ.L", "足.L", "ひざ.L", "足首.L", "足ＩＫ.L"]
    infos = analyse_names([f"Model01_arm_{b}" for b in bones])
    assert infos[-1].concepts == ["leg", "ik"] and infos[5].concepts == ["upperarm"]
    assert "arm" in analyse_names(["arm_" + b for b in bones])[-1].concepts  # no prefix before it: a body word


def test_finger_codes_counting_segments_from_one_are_not_biped_codes():
    from enginemind.families.bonemap.rig.roles import name_evidence

    def fingers(names: list[str]) -> list[tuple[str, float | None]]:
        return [(e.kind, e.idx) for i in analyse_names(names) for e in name_evidence(i)[:1]]

    # NAO: Finger<finger><segment 1-3>, no one-digit base link
    assert fingers(["LFinger11_link", "LFinger12_link", "LFinger13_link", "LFinger21_link"]) == [
        ("index", 1.0), ("index", 2.0), ("index", 3.0), ("middle", 1.0)]
    # 3ds Max Biped: Finger1 is the base, Finger11 / Finger12 the next segments
    assert fingers(["Bip01 L Finger1", "Bip01 L Finger11", "Bip01 L Finger12"]) == [
        ("index", 1.0), ("index", 2.0), ("index", 3.0)]


def test_a_number_after_another_word_or_padded_apart_from_finger_is_no_biped_code():
    """A 3ds Max Biped code follows the finger word ('Finger12', 'BnDedo.1.L'). Summoning Wars' and OpenDungeons'
    'fingerJoint1Left' (held-out batches 316, 407) number a segment after 'Joint', and Synty's and rbfx's
    'Finger_01' a segment set apart from the word (batches 247, 384): neither names a finger by its number."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    def fingers(names: list[str]) -> list[tuple[str, float | None] | None]:
        return [next(((e.kind, e.idx) for e in name_evidence(i)[:1]), None) for i in analyse_names(names)]

    assert fingers(["fingerJoint1Left", "Finger_01", "fingerRight2"]) == [None, None, None]
    assert fingers(["Bip01 L Finger12", "BnDedo.1.L", "finger_1", "Finger2_L"]) == [
        ("index", 3.0), ("index", 1.0), ("index", 1.0), ("middle", 1.0)]


def test_anatomical_ordinals_number_the_digits_from_the_thumb():
    """An anatomy rig's 'Finger_1st_R' .. 'Finger_5th_R' (held-out batch 235) count the digits as anatomy does:
    the first is the thumb (they had been read as 3ds Max Biped codes: 'Finger1' = index). Toes keep numbers."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    infos = analyse_names([f"Finger_{o}_R" for o in ("1st", "2nd", "3rd", "4th", "5th")] + ["Toe_1st_L", "Cervix"])
    kinds = [name_evidence(i)[0].kind if name_evidence(i) else None for i in infos]
    assert kinds[:5] == ["thumb", "index", "middle", "ring", "pinky"]
    assert kinds[5] not in ("thumb", "index") and kinds[6] == "neck"


def test_cryengine_correctives_and_snap_targets_are_helpers():
    """CryEngine's 'Bip01_NeckCrt' / 'Bip01_Spine1Crt' correctives sit beside the joints they follow (held-out
    batch 251: the first took neck_02); the Mixamo add-on's 'Foot_Snap_Left' is an IK / FK snapping target."""
    infos = analyse_names(["Bip01_NeckCrt", "Bip01_Spine1Crt", "Foot_Snap_Left", "Bip01_Neck"])
    assert ["helper" in i.concepts for i in infos] == [True, True, True, False]


def test_a_collision_shape_ending_most_names_is_a_ragdolls_naming():
    """A physics ragdoll names each body after its collision shape (ReactPhysics3D's 'mLeftUpperArmCapsule',
    held-out batch 240): the shape word on most names is the naming, not a collision helper; where the body
    parts are named without it, 'capsule' stays a helper."""
    parts = ["Hip", "Waist", "Chest", "LeftUpperArm", "LeftLowerArm", "RightUpperArm", "RightLowerArm",
             "LeftUpperLeg", "LeftLowerLeg", "RightUpperLeg", "RightLowerLeg"]
    infos = analyse_names([f"m{p}Capsule" for p in parts] + ["mHeadBox"])
    assert all("helper" not in i.concepts for i in infos[:-1])
    assert "upperarm" in infos[3].concepts and infos[3].side == "L"
    body = analyse_names(parts + ["LeftUpperArmCapsule", "LeftLowerArmCapsule"])
    assert "helper" in body[-1].concepts


def test_a_biped_named_other_than_bip01_is_still_a_biped():
    """A 3ds Max Biped's name leads every part: RootMotion's Dummy is 'BipDummy' ('BipDummy L Finger02', held-out
    batch 264), whose 'Dummy' had read as an end marker on every finger; the codes read as for 'Bip01'."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    infos = analyse_names(["BipDummy L Finger02", "BipDummy L Finger12", "BipDummy Spine", "Bip002 L Hand"])
    assert [(e.kind, e.idx) for i in infos[:2] for e in name_evidence(i)[:1]] == [("thumb", 3.0), ("index", 3.0)]
    assert "end" not in infos[0].concepts and "spine" in infos[2].concepts
    assert tokenize("Bipedal_spine") == ["bipedal", "spine"]


def test_kunrei_romaji_waist_is_a_spine_word():
    """Kunrei-shiki romaji spells koshi (waist) 'kosi': Yakuza's 'kosi_n' and a Dragon Quest monster's 'kosi'
    (held-out batches 236, 224) are the lumbar spine, as their labellers read them, not the pelvis."""
    infos = analyse_names(["kosi_n", "koshi", "mune_n"])
    assert all("spine" in i.concepts and "hips" not in i.concepts for i in infos)


def test_mobile_base_wheels_are_no_body_part():
    """A semi-humanoid's swerve wheels hang from its base like short legs: their subtree is invisible to the
    structure solver and their names say helper, not foot."""
    from enginemind.families.bonemap.rig.names import gear_frames

    assert gear_frames(["left_wheel_steer", "left_wheel_drive", "rear_caster", "left_foot", "arm_l_link1"]) == [
        True, True, True, False, False]


def test_shell_covers_cleats_and_pipes_on_a_link_are_no_body_part():
    """InMoov hangs a 'right_cover_index' shell on each finger link (read as fingers), Sigmaban studs its soles with
    'left_foot_cleat_front_right' (read as a hand), a robot explorer has an 'exhaust_l' pipe at its hip (read as a
    ball): held-out batches 1202 and 1204. Parts hung on a link, no joints."""
    from enginemind.families.bonemap.rig.names import gear_frames

    assert gear_frames(["right_cover_index", "front_left_leg_link_cover", "cover-link", "left_foot_cleat_front_right",
                        "Explorer_exhaust_r", "right_index1", "left_foot_link"]) == [True] * 5 + [False] * 2


def test_anchor_frames_at_a_fingertip_are_no_finger_segment():
    """The PSYONIC Ability Hand ends each two-link finger in an 'index_anchor' frame, which had taken the third
    segment (held-out batch 1212): attachment frames, no joints."""
    from enginemind.families.bonemap.rig.names import gear_frames

    assert gear_frames(["index_anchor", "hand_anchor_L", "index_L2"]) == [True, True, False]


def test_depth_cameras_and_lidars_by_model_number_are_sensors():
    """DEEP Robotics' DR02 carries 'd435_head_link' (an Intel RealSense D435) beside 'head_link': the model number
    split into an unknown 'd' and a count, and the camera took the head (held-out batch 1213); Unitree H1's Livox
    'mid360_link' did too. 'D480' or 'L401' stay ordinary names."""
    from enginemind.families.bonemap.rig.names import gear_frames, tokenize

    assert tokenize("d435_head_link")[0] == "sensor" and tokenize("camera_d455") == ["camera", "sensor"]
    assert gear_frames(["d435_head_link", "D435i_link", "l515", "mid360_link", "head_link", "Bone_D480", "L401"]) == [
        True, True, True, True, False, False, False]


def test_parallel_leg_bars_are_no_body_part():
    """NimbRo-OP2X's parallel-kinematics legs hang bar links beside each thigh and shin: drive linkage, invisible
    to the structure solver like drive rods; 'shank' is the shin."""
    from enginemind.families.bonemap.rig.names import analyse_names, gear_frames

    assert gear_frames(["parallel_left_thigh_front_link", "left_thigh_link", "left_shank_link"]) == [
        True, False, False]
    assert "calf" in analyse_names(["left_shank_link"])[0].concepts


def test_robot_link_words_ball_joint_end_effector_and_cameras():
    """A shoulder's ball joint is no toe, an end-effector frame ends its chain, a depth camera is a sensor."""
    from enginemind.families.bonemap.rig.names import analyse_names, gear_frames
    from enginemind.families.bonemap.rig.roles import name_evidence

    shoulder, foot_ee, toe = analyse_names(["l_shoulder_ball_link", "left_foot_ee_link", "LeftFootBall"])
    assert {e.kind for e in name_evidence(shoulder)} == {"clavicle", "upperarm"}
    assert not name_evidence(foot_ee) and "end" in foot_ee.concepts
    assert "ball" in {e.kind for e in name_evidence(toe)}
    assert gear_frames(["realsense_link", "head_link"]) == [True, False]


def test_misspelt_clavicle_and_the_lower_torso():
    """'clavical' is a clavicle (Panda3D's Tron), a lower torso is the pelvis part (Roblox R15, OpenDungeons)."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import name_evidence

    clav, lower, upper = analyse_names(["left_clavical", "TorsoLower", "UpperTorso"])
    assert [e.kind for e in name_evidence(clav)] == ["clavicle"]
    assert [e.kind for e in name_evidence(lower)] == ["pelvis"]
    assert "spine" in {e.kind for e in name_evidence(upper)}


def test_a_shoulder_under_a_clavicle_is_the_upper_arm():
    """Joint-named arms (Second Life, Panda3D's Tron): collar > shoulder > elbow > wrist. Elsewhere 'Shoulder' stays
    the clavicle (Mixamo's LeftShoulder under Spine2)."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import name_evidence
    from enginemind.families.bonemap.rig.skeleton import Skeleton
    from enginemind.families.bonemap.rig.structure import refine

    names = ["spine", "left_clavical", "left_shoulder", "left_elbow", "left_wrist", "RightShoulder", "RightArm"]
    parents = [None, "spine", "left_clavical", "left_shoulder", "left_elbow", "spine", "RightShoulder"]
    sk = Skeleton.from_dict({"bones": [{"name": n, "parent": p} for n, p in zip(names, parents, strict=True)]})
    infos = analyse_names(names)
    ev = refine(sk, infos, [name_evidence(ni) for ni in infos])
    top = {n: max(e, key=lambda x: x.weight).kind for n, e in zip(names, ev, strict=True) if e}
    assert top["left_clavical"] == "clavicle" and top["left_shoulder"] == "upperarm"
    assert top["left_elbow"] == "lowerarm" and top["RightShoulder"] == "clavicle"


def test_an_unnumbered_first_finger_bone_then_1_2_is_segment_one():
    """'Thumb', 'Thumb1', 'Thumb2' (3ds Max exports, Panda3D's dancer, XBot-L's 'thumb_bend' > 'thumb_rota_link1'):
    the numbers count the joints after the first bone, so the three are segments 1-3, not 0-2."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import name_evidence
    from enginemind.families.bonemap.rig.skeleton import Skeleton
    from enginemind.families.bonemap.rig.structure import refine

    names = ["L_hand", "L_thumb", "L_thumb1", "L_thumb2", "L_index1", "L_index2", "L_index3"]
    parents = [None, "L_hand", "L_thumb", "L_thumb1", "L_hand", "L_index1", "L_index2"]
    sk = Skeleton.from_dict({"bones": [{"name": n, "parent": p} for n, p in zip(names, parents, strict=True)]})
    infos = analyse_names(names)
    ev = refine(sk, infos, [name_evidence(ni) for ni in infos])
    idx = {n: e[0].idx for n, e in zip(names, ev, strict=True) if e and e[0].kind in ("thumb", "index")}
    assert [idx[n] for n in ("L_thumb", "L_thumb1", "L_thumb2")] == [1.0, 2.0, 3.0]
    assert [idx[n] for n in ("L_index1", "L_index2", "L_index3")] == [1.0, 2.0, 3.0]
    # the numbers spell the thumb's segments out: where the solver reads the first bone as part of the palm, the
    # names keep it (Summoning Wars' 'thumbBaseLeft' > 'thumbJoint1Left', held-out batch 316)
    assert all(e[0].exact for n, e in zip(names, ev, strict=True) if n.startswith("L_thumb"))


def test_mid_after_a_finger_word_is_its_middle_segment():
    """Halo's fingers are 'l_ring_low' / 'l_ring_mid' / 'l_ring_tip': 'mid' after the finger word is the middle
    segment, not the middle finger; the first finger word names the finger."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import name_evidence

    ring_mid, middle_mid, hand_middle = (name_evidence(ni)[0] for ni in analyse_names(
        ["l_ring_mid", "l_middle_mid", "LeftHandMiddle1"]))
    assert (ring_mid.kind, ring_mid.idx) == ("ring", 2.0)
    assert (middle_mid.kind, middle_mid.idx) == ("middle", 2.0)
    assert hand_middle.kind == "middle" and hand_middle.idx is None


def test_one_letter_romance_sides_in_pairs():
    """French / Spanish / Portuguese / Italian rigs mark sides with one letter (biorbd: ``EpauleG`` / ``EpauleD``,
    gauche / droite): read as sides when at least two names come in both versions, a lone letter stays a letter."""
    infos = analyse_names(["EpauleG", "EpauleD", "BrasG", "BrasD", "CuisseG", "CuisseD", "Tete"])
    assert [i.side for i in infos] == ["L", "R", "L", "R", "L", "R", None]
    assert infos[2].concepts == analyse_names(["BrasGauche"])[0].concepts
    spanish = analyse_names(["BrazoI", "BrazoD", "PiernaI", "PiernaD"])
    assert [i.side for i in spanish] == ["L", "R", "L", "R"]
    assert [i.side for i in analyse_names(["Spine", "BoneD", "BoneG"])] == [None, None, None]
    prefixed = analyse_names(["Bn_I_Hombro", "Bn_D_Hombro", "Bn_I_Codo", "Bn_D_Codo", "Bn_Cabeza"])  # batch 132
    assert [i.side for i in prefixed] == ["L", "R", "L", "R", None]


def test_body_leading_many_names_is_the_robots_name_not_its_trunk():
    """DRC-Hubo names its links 'Body_<joint code>' ('Body_LHP' = left hip pitch): 'body' leading the names of
    many bones names the whole robot, so those bones carry no spine word; a lone 'Body' stays the trunk."""
    codes = ["Torso", "Hip", "LHY", "LHR", "LHP", "LKP", "LAP", "RHY", "RHR", "RHP", "RKP", "RAP"]
    infos = analyse_names([f"Body_{c}" for c in codes] + ["leftIndexMedial"])
    assert "spine" not in infos[codes.index("LHP")].concepts and "spine" not in infos[codes.index("RHY")].concepts
    assert "spine" in infos[0].concepts  # 'Torso' still names the trunk
    assert "spine" in analyse_names(["Body", "Head", "LeftArm"])[0].concepts


def test_depth_sides_of_a_side_view_rig():
    """Spine's 2-D rigs name sides by depth ('front-thigh' / 'rear-thigh', 'back-arm1'): front and rear (or back)
    in pairs are the two sides; 'rear' is a word, not 'r' + 'ear'; a lone 'back' stays the back."""
    infos = analyse_names(["front-thigh", "rear-thigh", "front-upper-arm", "rear-upper-arm", "rear-bracer",
                           "front-fist", "torso"])
    assert [i.side for i in infos[:6]] == ["R", "L", "R", "L", "L", "R"]
    assert infos[1].concepts == ["thigh"] and infos[4].concepts == ["lowerarm"] and infos[5].concepts == ["hand"]
    assert analyse_names(["back", "front-thigh"])[0].side is None


def test_outer_inner_sides_adjust_helpers_and_marker_points():
    """DragonBones names depth sides 'outerarm_upper' / 'innerarm_upper'; UMA's '*Adjust' bones are helpers;
    DesktopHero's '#left arm' is an attachment point and '@head' a bone end, whatever body word follows."""
    infos = analyse_names(["outerarm_upper", "innerarm_upper", "outerleg_foot", "innerleg_foot"])
    assert [i.side for i in infos] == ["R", "L", "R", "L"] and "helper" not in infos[0].concepts
    assert "helper" in analyse_names(["NeckAdjust"])[0].concepts
    marked = analyse_names(["#left arm", "@head", "left upper arm"])
    assert marked[0].concepts == ["helper", "end"] and marked[1].concepts == ["end"]
    assert marked[2].concepts == ["upperarm"]


def test_a_side_marked_trunk_word_is_no_spine_bone():
    """Baxter's 'left_torso_itb' and PR2's 'l_torso_lift_side_plate_link' are parts beside the trunk: a trunk,
    neck or head word with a side marker gives no midline role; the unsided word still does."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    sided = analyse_names(["left_torso_itb", "l_torso_lift_side_plate_link", "neck_l", "torso"])
    assert [name_evidence(i) for i in sided[:3]] == [[], [], []]
    assert [e.kind for e in name_evidence(sided[3])] == ["spine"]


def test_roll_is_an_axis_in_pan_lift_flex_robot_names():
    """PR2 names its arm links after joint axes (shoulder_pan, elbow_flex, forearm_roll, wrist_flex): there, as
    with pitch / yaw names, 'roll' is an axis of the joint, not a twist word."""
    pr2 = analyse_names(["l_shoulder_pan_link", "l_elbow_flex_link", "l_forearm_roll_link", "l_wrist_flex_link"])
    assert "twist" not in pr2[2].concepts and "roll" not in pr2[2].tokens
    assert "twist" in analyse_names(["l_forearm_roll", "l_hand"])[0].concepts
    assert pr2[1].tokens[:2] == ["elbow", "flex"] and pr2[1].concepts[0] == "lowerarm"  # not 'f' + 'l' + 'ex'


def test_lo_abbreviates_lower_in_glued_limb_names():
    """id Tech 4 and Total Annihilation rigs glue 'lo' / 'up' to the limb word ('Lloleg', 'lloarm', 'Luparm'): 'lo'
    is 'lower' there; 'fings' are fingers."""
    infos = analyse_names(["Lloleg", "lloarm", "Luparm", "Rfings1"])
    assert [i.concepts for i in infos] == [["calf"], ["lowerarm"], ["upperarm"], ["finger"]]
    assert [i.side for i in infos] == ["L", "L", "L", "R"]


def test_ik_bones_named_after_the_knee_or_elbow_are_pole_targets_not_goals():
    """An IK bone named after the knee or elbow it aims ('Knee.IK.L', Bevy's IK demo) is a pole target: no IK
    goal evidence; the goal at the foot or hand keeps it."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    knee, elbow, hand = analyse_names(["Knee.IK.L", "Elbow_IK.R", "Hand_IK.R"])
    assert name_evidence(knee) == [] and name_evidence(elbow) == []
    assert [e.kind for e in name_evidence(hand)] == ["ik_hand"]


def test_tw_is_a_twist_abbreviation():
    """Held-out batch 79: Unity-chan's SD rigs name their twist bones 'J_L_Arm_00_tw', 'J_R_ForeArm_00_tw'."""
    a, b = analyse_names(["J_L_Arm_00_tw", "J_R_ForeArm_00_tw"])
    assert "twist" in a.concepts and a.side == "L" and {"twist", "lowerarm"} <= set(b.concepts)


def test_a_twist_of_the_lower_segment_named_limb_first_is_that_segment_s_twist():
    """s&box's citizen (held-out batch 1261) writes 'leg_lower_R_twist' / 'arm_lower_L_twist': limb word, then
    'lower', then the twist word; the leg's had read as a thigh twist."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    names = ["leg_lower_R_twist", "arm_lower_L_twist", "leg_upper_R_twist", "arm_upper_L_twist"]
    kinds = [[(e.kind, e.side) for e in name_evidence(ni)] for ni in analyse_names(names)]
    assert kinds == [[("calf_twist", "R")], [("lowerarm_twist", "L")], [("thigh_twist", "R")],
                     [("upperarm_twist", "L")]]


def test_an_eye_socket_is_no_weapon_socket():
    """Genies' avatar (held-out batch 99) names its eye joints 'LeftEyeSocket' / 'LeftEyeSocketBind': 'socket' is
    a weapon-attach word, but an eye's socket is the eye (they had taken weapon_l / weapon_r); a hand socket is
    still a weapon socket."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    kinds = [[e.kind for e in name_evidence(i)][:1] for i in analyse_names(["LeftEyeSocketBind", "hand_socket_r"])]
    assert kinds == [["eye"], ["weapon"]]


def test_source_hand_attachments_are_weapon_sockets_of_their_side():
    """Half-Life 2's Combine soldier (held-out batch 145) hangs 'ValveBiped.Anim_Attachment_LH' / '_RH' on its
    hands: 'attachment' is a prop-socket word and 'LH' / 'RH' say the hand's side (the solver had read them as
    a fourth finger of its mitten hands)."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    names = ["ValveBiped.Anim_Attachment_LH", "ValveBiped.Anim_Attachment_RH"]
    evs = [name_evidence(i)[:1] for i in analyse_names(names)]
    assert [(e[0].kind, e[0].side) for e in evs] == [("weapon", "L"), ("weapon", "R")]


def test_marker_joints_are_helpers():
    """Meta's body-tracking skeleton (held-out batch 107) hangs 'LeftIndexFingernailMarker' on each fingertip and
    'LeftThumbKnuckleMarker' on the knuckles: named after a finger, they had taken its first segment."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    infos = analyse_names(["LeftIndexFingernailMarker", "LeftThumbKnuckleMarker", "LeftHandIndexProximal"])
    assert [bool(name_evidence(i)) for i in infos] == [False, False, True]
    assert "helper" in infos[0].concepts


def test_shadow_hand_link_names_spell_the_fingers():
    """Shadow Robot hand links (MIMo's hands, held-out batch 108; MuJoCo / Isaac dexterous-hand models): 'ffknuckle'
    .. 'lfdistal', 'lfmetacarpal', 'thbase' / 'thhub'; ff / mf / rf / lf / th are index / middle / ring / little /
    thumb and 'middle' is the intermediate segment (the fingers were left unmapped or read as middle fingers)."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    names = ["r_ffknuckle", "r_ffmiddle", "r_ffdistal", "r_mfknuckle", "r_mfmiddle", "r_rfknuckle", "r_lfmetacarpal",
             "r_lfknuckle", "r_lfmiddle", "r_lfdistal", "r_thbase", "r_thhub", "r_thdistal"]
    ev = {i.raw: [(e.kind, e.idx) for e in name_evidence(i)][:1] for i in analyse_names(names)}
    assert ev["r_ffmiddle"] == [("index", 2.0)] and ev["r_mfmiddle"] == [("middle", 2.0)]
    assert ev["r_lfmetacarpal"] == [("pinky", 0.0)] and ev["r_lfdistal"] == [("pinky", 3.0)]
    assert ev["r_thhub"][0][0] == "thumb" and ev["r_rfknuckle"][0][0] == "ring"
    # without a hand of such links the words stay what they were ('lf' alone is no finger)
    assert analyse_names(["lf_ankle", "ffknuckle"])[0].concepts != ["pinky"]


def test_numbered_fingers_beside_a_named_thumb_are_index_to_pinky():
    """Held-out batch 120 (a Sketchfab character): 'Finger0_1.L' .. 'Finger3_2.L' (finger, then segment) beside a
    'Thumb0_1.L' chain count the four fingers from 0, where 3ds Max Biped's 'Finger0' is the thumb; read the
    Biped way, its index became a thumb and the other fingers were dropped (29 of 50 bones right)."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import fingers_beside_a_thumb, name_evidence

    names = [f"Finger{f}_{s}.L_0{k}" for k, (f, s) in enumerate((f, s) for f in range(4) for s in range(3))]
    names += ["Thumb0_1.L_064", "Finger0_2.L_end_06"]
    infos = analyse_names(names)
    ev = [name_evidence(ni) for ni in infos]
    fingers_beside_a_thumb(infos, ev)
    kinds = {n: {e.kind for e in evs} for n, evs in zip(names, ev, strict=True)}
    assert kinds["Finger0_1.L_01"] == {"index"} and kinds["Finger3_2.L_011"] == {"pinky"}
    assert kinds["Finger1_0.L_03"] == {"middle"} and kinds["Finger2_1.L_07"] == {"ring"}
    assert kinds["Finger0_2.L_end_06"] == set()  # an end stays an end
    biped = ["L Finger0", "L Finger01", "L Finger1", "L Finger11", "L Finger2"]  # no thumb chain of its own
    infos = analyse_names(biped)
    ev = [name_evidence(ni) for ni in infos]
    fingers_beside_a_thumb(infos, ev)
    assert {e.kind for e in ev[0]} == {"thumb"}


def test_3ds_max_cat_hubs_and_the_neck_link_above_the_ribcage():
    """Held-out batches 114, 133 and 136 (3ds Max CAT rigs): 'CATRigHub001' is the pelvis, 'CATRigHub002' the
    ribcage and 'CATRigHub003' the head; the unnumbered 'CATRigSpine' from the ribcage hub up is the neck. The head
    hub, named for nothing, had been left out and the neck link taken for the head."""
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.skeleton import Skeleton
    from tests.bonemap.helpers import bone_adder

    bones: list[dict] = []
    add = bone_adder(bones)

    add("CATRigHub001", None, (0, 100, 0))
    add("CATRigSpine1", "CATRigHub001", (0, 110, 0))
    add("CATRigSpine2", "CATRigSpine1", (0, 125, 0))
    add("CATRigHub002", "CATRigSpine2", (0, 140, 0))
    add("CATRigSpine", "CATRigHub002", (0, 150, 0))
    add("CATRigHub003", "CATRigSpine", (0, 176, 3))  # a head hub reaching the skull top, its only bone
    for s, x in (("L", 1), ("R", -1)):
        add(f"CATRig{s}ArmCollarbone", "CATRigHub002", (5 * x, 145, 0))
        add(f"CATRig{s}Arm1", f"CATRig{s}ArmCollarbone", (15 * x, 145, 0))
        add(f"CATRig{s}Arm2", f"CATRig{s}Arm1", (40 * x, 145, 0))
        add(f"CATRig{s}ArmPalm", f"CATRig{s}Arm2", (65 * x, 145, 0))
        add(f"CATRig{s}Leg1", "CATRigHub001", (10 * x, 95, 0))
        add(f"CATRig{s}Leg2", f"CATRig{s}Leg1", (10 * x, 50, 0))
        add(f"CATRig{s}LegAnkle", f"CATRig{s}Leg2", (10 * x, 8, 0))
        add(f"CATRig{s}LegDigit11", f"CATRig{s}LegAnkle", (10 * x, 2, 12))
    got = Mapper().map(Skeleton.from_dict({"bones": bones, "up_axis": "y"}), "ue5_manny").mapping
    assert got["CATRigHub001"] == "pelvis" and got["CATRigHub002"] == "spine_05"
    assert got["CATRigSpine"] == "neck_01" and got["CATRigHub003"] == "head"


def test_an_end_word_on_most_bones_is_the_exporters_node_naming():
    """A CAD robot whose links are all 'rx78_Null_NNN_link' (held-out batch 162): 'null' names every node, so it
    marks no end bone; a few 'Null' / 'Dummy' leaves among named bones still do."""
    cad = analyse_names(["base_link"] + [f"rx78_Null_{i:03d}_link" for i in range(20)])
    assert not any("end" in ni.concepts for ni in cad)
    named = analyse_names(["Hips", "Spine", "Chest", "Neck", "Head", "Head_Null", "LeftArm", "LeftHand",
                           "LeftHand_Dummy", "RightArm"])
    assert [ni.raw for ni in named if "end" in ni.concepts] == ["Head_Null", "LeftHand_Dummy"]


def test_tf2_helper_and_prop_bones_are_no_body_part():
    """TF2's player models (held-out batch 174) hang corrective 'hlp_' leaves at every finger joint and call
    prop bones 'prp_': helpers the solver does not see as finger tips, and props."""
    from enginemind.families.bonemap.rig.names import gear_frames

    infos = analyse_names(["bip_pelvis", "hlp_mid_1_anterior_L", "bip_index_0_L", "hlp_forearm_R", "prp_helmet"])
    assert "helper" in infos[1].concepts and "helper" in infos[3].concepts and "gun" in infos[4].concepts
    assert infos[2].concepts == ["index"]
    assert gear_frames(["bip_index_0_L", "hlp_idx_1_posterior_L", "prp_helmet"]) == [False, True, True]


def test_worn_armour_under_a_hand_is_no_weapon_socket():
    """Unvanquished's 'hand_armor.R' under the hand (held-out batch 206) had been mapped to ``weapon_r``: armour is
    worn gear, null, while a prop socket there still is the weapon bone."""
    from enginemind.families.bonemap.config import MapConfig
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.skeleton import Skeleton
    from tests.bonemap.helpers import mixamo_like

    d = mixamo_like("", fingers=False)
    d["bones"] += [{"name": "hand_armor.R", "parent": "RightHand", "position": [-67, 146, 2]},
                   {"name": "hand_armor.L", "parent": "LeftHand", "position": [67, 146, 2]},
                   {"name": "RightHandProp", "parent": "RightHand", "position": [-68, 144, 3]}]
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert m["hand_armor.R"] is None and m["hand_armor.L"] is None
    assert m["RightHandProp"] == "weapon_r" and m["RightHand"] == "hand_r"


def _names_only_map(bones: list[tuple[str, str | None]]) -> dict[str, str | None]:
    from enginemind.families.bonemap.config import MapConfig
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.skeleton import Skeleton

    sk = Skeleton.from_dict({"bones": [{"name": n, "parent": p} for n, p in bones]})
    return Mapper(MapConfig(engine="matcher")).map(sk, "ue5_manny").mapping


def test_generic_finger_links_continue_the_named_finger_and_copy_counters_are_no_biped_codes():
    """pib's URDF hand (held-out batch 242): 'thumb_rotator' then two links named only 'finger_proximal' /
    'finger_distal' are the thumb's segments; the other fingers' '_2' .. '_5' count mesh copies (a segment word
    beside them), not 3ds Max Biped finger codes ('Finger2' = middle), which had shifted every finger by one."""
    bones = [("pelvis", None), ("spine", "pelvis"), ("clavicle_l", "spine"), ("upperarm_l", "clavicle_l"),
             ("forearm_l", "upperarm_l"), ("palm_left", "forearm_l"), ("thumb_rotator_left", "palm_left"),
             ("finger_proximal", "thumb_rotator_left"), ("finger_distal", "finger_proximal")]
    for k in (2, 3, 4, 5):
        bones += [(f"finger_proximal_{k}", "palm_left"), (f"finger_distal_{k}", f"finger_proximal_{k}")]
    got = _names_only_map(bones)
    assert (got["thumb_rotator_left"], got["finger_proximal"], got["finger_distal"]) == \
        ("thumb_01_l", "thumb_02_l", "thumb_03_l"), got
    assert got["finger_proximal_2"] != "middle_01_l" and got["finger_proximal_3"] != "ring_01_l", got
    biped = _names_only_map([("Bip01 Pelvis", None), ("Bip01 Spine", "Bip01 Pelvis"),
                             ("Bip01 L Hand", "Bip01 Spine"), ("Bip01 L Finger2", "Bip01 L Hand"),
                             ("Bip01 L Finger21", "Bip01 L Finger2"), ("Bip01 L Finger2Nub", "Bip01 L Finger21")])
    assert (biped["Bip01 L Finger2"], biped["Bip01 L Finger21"], biped["Bip01 L Finger2Nub"]) == \
        ("middle_01_l", "middle_02_l", None), biped


@pytest.mark.parametrize(("name", "kind"), [("CenterSpine", "spine"), ("CenterNeck", "neck"), ("CenterHead", "head"),
                                           ("Center", "pelvis"), ("センター", "pelvis")])
def test_center_as_a_midline_prefix_leaves_the_body_word_its_part(name, kind):
    """Maya rigs prefix midline joints 'Center' (held-out batch 295's Majora: 'CenterNeck', 'CenterHead' had been
    read as the pelvis); alone, 'center' is the hips' carrier (MMD's センター)."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    evs = name_evidence(analyse_names([name])[0])
    assert max(evs, key=lambda e: e.weight).kind == kind


def test_tags_on_the_arm_and_the_belt_are_no_weapon_bones():
    """id Tech 3's player skeletons (held-out batch 477) hang attachment tags on the body: 'tag_armleft' on the upper
    arm, 'tag_bright' / 'tag_bleft' on the belt ('tag' is a prop word); they had taken weapon_l / weapon_r. A prop
    word with another body part names a point on that part, and a prop bone on the trunk is no held weapon; the
    prop socket under the hand still is."""
    from enginemind.families.bonemap.config import MapConfig
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.roles import name_evidence
    from enginemind.families.bonemap.rig.skeleton import Skeleton
    from tests.bonemap.helpers import mixamo_like

    assert [e.kind for e in name_evidence(analyse_names(["tag_armleft"])[0])] == []
    d = mixamo_like("", fingers=False)
    d["bones"] += [{"name": "tag_armleft", "parent": "LeftArm", "position": [25, 145, 3]},
                   {"name": "tag_bright", "parent": "Spine", "position": [-12, 108, 4]},
                   {"name": "tag_bleft", "parent": "Spine", "position": [12, 108, 4]},
                   {"name": "RightHandProp", "parent": "RightHand", "position": [-68, 144, 3]}]
    m = Mapper(MapConfig(engine="matcher")).map(Skeleton.from_dict(d), "ue5_manny").mapping
    assert m["tag_armleft"] is None and m["tag_bright"] is None and m["tag_bleft"] is None
    assert m["RightHandProp"] == "weapon_r"


def test_body_measure_helpers_name_no_joint():
    """KIT's MMM reference model (held-out batch 513) hangs 'LeftFootHeight_joint' on the ground under the ankle and
    'RightFootLength_joint' ahead of it: measures of the foot, not the foot (they had taken foot_l / foot_r)."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    infos = analyse_names(["LeftFootHeight_joint", "RightFootLength_joint", "flex_neck_width", "LeftFoot_joint"])
    assert [[e.kind for e in name_evidence(i)][:1] for i in infos] == [[], [], [], ["foot"]]


def test_fingers_numbered_one_to_five_start_at_the_thumb():
    """Imprimis' first-person arms (held-out batch 525) number their fingers 'L_finger1a' .. 'L_finger5c' from the
    thumb; read as 3ds Max Biped's numbers (0 = thumb) every finger was one off and the pinky dropped. A side with
    a thumb named so keeps the Biped reading."""
    from enginemind.families.bonemap.rig.roles import fingers_numbered_from_the_thumb, name_evidence

    names = [f"L_finger{n}{s}" for n in range(1, 6) for s in "abc"] + ["R_thumb1", "R_finger1a", "R_finger2a"]
    infos = analyse_names(names)
    evidence = [name_evidence(i) for i in infos]
    fingers_numbered_from_the_thumb(infos, evidence)
    kinds = {n: evs[0].kind for n, evs in zip(names, evidence, strict=True) if evs}
    assert [kinds[f"L_finger{n}a"] for n in range(1, 6)] == ["thumb", "index", "middle", "ring", "pinky"]
    assert kinds["R_finger1a"] == "index"


def test_mmd_auxiliary_bones_and_full_width_ik_names_are_no_joints():
    """Aether Gazer's MMD models (held-out batch 530): '左ひじ補助' (an elbow's auxiliary bone) beside '左ひじ' made the
    elbow's name ambiguous, so the names could not keep the arm the solver had read on hair chains; '右足ＩＫ' (a
    full-width IK) under '右足IK親' was no control, so the IK chain was read as the right leg."""
    from enginemind.families.bonemap.rig.names import control_frames
    from enginemind.families.bonemap.rig.roles import name_evidence

    assert name_evidence(analyse_names(["左ひじ補助"])[0]) == []
    names = ["センター", "上半身", "首", "頭", "右足", "右ひざ", "右足首", "右足IK親", "右足ＩＫ", "右つま先ＩＫ"]
    assert control_frames(names)[-3:] == [True, True, True] and not any(control_frames(names)[:-3])


def test_mmd_deform_copies_name_their_joint_less_surely():
    """MMD's 'D' bones ('左ひざD' beside '左ひざ', held-out batch 530) copy a leg joint for its deformation: the copy's
    evidence drops below the original's (0.8 x), so the knee's name stays unique for the named-limb check. A Latin
    name ending in 'D' ('EpauleD', a French right shoulder) is no copy."""
    from enginemind.families.bonemap.rig.roles import deform_copies, name_evidence

    names = ["左足", "左ひざ", "左ひざD", "EpauleG", "EpauleD", "Epaule"]
    infos = analyse_names(names)
    evidence = [name_evidence(i) for i in infos]
    before = [[e.weight for e in evs] for evs in evidence]
    deform_copies([-1, 0, 0, -1, -1, -1], infos, evidence)
    after = [[e.weight for e in evs] for evs in evidence]
    assert after[2] and max(after[2]) < 0.8 <= max(after[1])
    assert after[4] == before[4] and after[1] == before[1]


def test_a_random_suffix_spelling_two_letter_abbreviations_is_no_side_or_end():
    """A 3ds Max CAT rig (Stride's mannequin, held-out batch 535) renamed its head 'CATRigRibcage0rtee': the glued
    'rtee' was broken into 'rt' (right) and 'ee' (a robot's end effector), so the head read as an end marker and
    the head role went down the neck. Pieces of two letters at most prove no word break."""
    assert word_break("rtee") is None
    assert word_break("lhip") == ["l", "hip"]
    info = analyse_names(["CATRigRibcage0rtee"])[0]
    assert info.side is None and "end" not in info.concepts


def test_an_arms_palm_is_its_hand():
    """A CAT rig's 'CATRigLArmPalm' (Stride's first-person arms, held-out batch 535) is the hand; 'palm' had read
    as a metacarpal and 'arm' as the upper arm. A palm link of its own under a hand named so ('l_palm', GENE,
    batch 304) names no hand."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    ev = name_evidence(analyse_names(["CATRigLArmPalm"])[0])
    assert [(e.kind, e.side) for e in ev] == [("hand", "L")]
    assert all(e.kind != "hand" for e in name_evidence(analyse_names(["l_palm"])[0]))


def test_a_sided_palm_is_the_hand_only_where_no_bone_is_named_the_hand():
    """3ds Max CAT's 'Base Human' preset (held-out batch 802) ends the arm in 'Base_HumanLPalm' after 'Forearm1..3':
    the hand. Beside a bone named the hand on its side, a palm stays no hand (GENE's 'l_palm' under 'l_hand')."""
    from enginemind.families.bonemap.rig.roles import name_evidence, palm_without_a_hand

    def hands(names: list[str]) -> list[bool]:
        infos = analyse_names(names)
        ev = [name_evidence(ni) for ni in infos]
        palm_without_a_hand(infos, ev)
        return [any(e.kind == "hand" for e in evs) for evs in ev]

    assert hands(["Base_HumanLForearm3", "Base_HumanLPalm", "Base_HumanRPalm"]) == [False, True, True]
    assert hands(["l_hand", "l_palm", "r_palm"]) == [True, False, True]
    # (a CAD export's numbers further on are its spec and version, no Rigify palm number: WATonomous's arm,
    # Fusion 360's '_v<version>_<instance>', held-out batch 986, had read as the index finger's metacarpal)
    assert hands(["left_forearm_v8_1", "left_PALM_GAVIN_1DoF_Hinge_v2_1"]) == [False, True]
    assert name_evidence(analyse_names(["palm.02.L"])[0])[0].kind == "middle"


def test_spelled_ordinals_number_the_digits_from_the_thumb():
    """A basketball capture's hand keypoints (held-out batch 538) number the digits in words, 'RIGHT_FIRST_FINGER_CMC'
    .. 'RIGHT_FIFTH_FINGER_DIP': the first is the thumb, as with '1st' .. '5th'. A second toe stays no finger."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    names = [f"RIGHT_{o}_FINGER_MCP" for o in ("FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH")] + ["LEFT_SECOND_TOE"]
    kinds = [name_evidence(i)[0].kind if name_evidence(i) else None for i in analyse_names(names)]
    assert kinds[:5] == ["thumb", "index", "middle", "ring", "pinky"]
    assert kinds[5] not in ("thumb", "index")


def test_limb_segments_named_upside_down_take_the_chains_order():
    """A web game's fairy (held-out batch 548) names its arm 'shoulder.l' > 'lowerarm.l' > 'upperarm.l' > 'hand.l':
    the names give the two segments, the chain their order. A plain 'Arm' under 'Forearm' (Starfield's part bone)
    says no segment surely enough to be moved."""
    from enginemind.families.bonemap.rig.roles import limb_segments_named_upside_down, name_evidence

    for names, want in ((["shoulder.l", "lowerarm.l", "upperarm.l", "hand.l"], ["upperarm", "lowerarm"]),
                        (["L_UpperArm", "L_Forearm", "L_Arm", "L_Hand"], ["lowerarm", "upperarm"])):
        infos = analyse_names(names)
        evidence = [name_evidence(i) for i in infos]
        limb_segments_named_upside_down([-1, 0, 1, 2], infos, evidence)
        assert [evidence[k][0].kind for k in (1, 2)] == want and evidence[1][0].side == "L"


def test_an_accelerometer_frame_at_a_fingertip_is_a_sensor():
    """Sandia's hand on DRCSim's Atlas (held-out batch 550) ends each finger in an 'l_f0_2_accel' frame: read as a
    phalanx it pushed every finger one segment down (29 of 47 bones right)."""
    assert "helper" in analyse_names(["l_f0_2_accel"])[0].concepts


def test_numbered_limb_words_past_a_sub_bone_name_the_lower_segment_and_the_twist():
    """Animal Crossing's villagers (held-out batch 562): 'Arm_1_L' > 'Arm_1_L_Sub' > 'Arm_2_L' (with a helper
    'Arm_2_LF' of the same number on it): the second numbered bone is the forearm, the sub bone the upper arm's
    twist."""
    from enginemind.families.bonemap.rig.roles import name_evidence, numbered_limb_words

    names = ["Clavicle_L", "Arm_1_L", "Arm_1_L_Sub", "Arm_2_L", "Arm_2_LF", "Wrist_L"]
    infos = analyse_names(names)
    evidence = [name_evidence(i) for i in infos]
    numbered_limb_words([-1, 0, 1, 2, 3, 3], infos, evidence)
    assert evidence[3][0].kind == "lowerarm" and evidence[2][0].kind == "upperarm_twist"
    assert evidence[1][0].kind == "upperarm"


def test_a_golf_club_is_a_prop():
    """A golfer's URDF (held-out batch 560) hangs 'club_shaft' > 'club_head' from the left hand: read as a neck and
    a head. 'club', 'racket' and 'racquet' are props."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    for name in ("club_head", "club_shaft", "racket_head"):
        assert all(e.kind not in ("head", "neck") for e in name_evidence(analyse_names([name])[0])), name


def test_a_shared_metacarpal_belongs_to_the_fingers_it_carries():
    """DAZ Genesis 2 (a Dynamic Bone demo, held-out batch 569) has two carpals per hand: 'lCarpal2' carries the ring
    and little fingers, but its number read as Rigify's palm.02, the middle finger's metacarpal."""
    from enginemind.families.bonemap.rig.roles import metacarpals_over_their_fingers, name_evidence

    names = ["lHand", "lCarpal1", "lCarpal2", "lIndex1", "lMid1", "lRing1", "lPinky1"]
    infos = analyse_names(names)
    evidence = [name_evidence(i) for i in infos]
    metacarpals_over_their_fingers([-1, 0, 0, 1, 1, 2, 2], infos, evidence)
    assert (evidence[1][0].kind, evidence[1][0].idx) == ("index", 0.0)
    assert (evidence[2][0].kind, evidence[2][0].idx) == ("ring", 0.0)


def test_a_force_torque_sensor_frame_is_a_sensor():
    """The DRC Atlas (held-out batch 580) hangs 'l_hand_force_torque' 13 cm past each wrist: read as the hand."""
    assert "helper" in analyse_names(["l_hand_force_torque"])[0].concepts


def test_a_rig_marking_one_side_only_names_the_other_side_by_its_unmarked_twins():
    """MuJoCo's Walker2d (held-out batch 676) names the right leg 'thigh' / 'leg' / 'foot' and its copy 'thigh_left'
    / 'leg_left' / 'foot_left': the unmarked twins are the right side. One lone pair says nothing ('hand' beside
    'hand_left' may be a centre bone), nor does a twin of a trunk word."""
    infos = analyse_names(["torso", "thigh", "leg", "foot", "thigh_left", "leg_left", "foot_left"])
    assert [i.side for i in infos] == [None, "R", "R", "R", "L", "L", "L"]
    assert [i.side for i in analyse_names(["hand", "hand_left", "arm"])] == [None, "L", None]
    assert analyse_names(["neck", "neck_l", "thigh", "thigh_l"])[0].side is None


def test_weapon_words_in_other_languages_are_props_and_stay_whole_words():
    """A Sketchfab RPG skeleton (held-out batch 689) hangs a sword 'arme' > 'arme2' > 'arme3' on its right wrist:
    French, Spanish, Italian, Portuguese and German weapon words are props; glued into another word they are not
    (a mecha's shoulder armour 'kata_Armer' is no weapon 'arme' + r)."""
    from enginemind.families.bonemap.rig.names import gear_frames

    assert gear_frames(["arme_020", "arme2_021", "espada_R", "Schwert", "poignet_R", "kata_Armer", "Armature"]) == \
        [True, True, True, True, False, False, False]


def test_point_and_pink_are_fingers_only_beside_a_thumb_in_numbered_chains():
    """VRSpace's Sketchfab guard and treeman (held-out batch 743) name the index 'point' and the little finger
    'pink' ('L_point1'..'L_point4', 'L_pink1'): fingers, where the skeleton names a thumb and numbers their
    segments; an 'aim_point' there, or 'point' in a skeleton without a thumb, stays a point."""
    names = ["L_thumb1", "L_thumb2", "L_point1", "L_point2", "L_pink1", "L_pink2", "aim_point"]
    assert [i.concepts for i in analyse_names(names)][2:] == [["index"], ["index"], ["pinky"], ["pinky"],
                                                              ["helper", "?point"]]
    assert "index" not in analyse_names(["hand_point1", "hand_point2", "foot"])[0].concepts


def test_a_glued_upper_or_lower_letter_before_the_limb_word_with_the_side_letter_last():
    """jMonkeyEngine's TestRagDoll (held-out batch 788) names its capsules 'uArmL' / 'lArmR' / 'uLegR' / 'lLegL':
    'u' / 'l' is the segment (upper / lower), the last letter the side. Without a side letter at the end, a leading
    'l' / 'r' stays the side (DAZ's 'lForeArm', 'rThigh')."""
    infos = analyse_names(["uArmL", "lArmR", "uLegR", "lLegL", "lForeArm", "rThigh"])
    assert [(i.side, i.concepts) for i in infos] == [
        ("L", ["upperarm"]), ("R", ["lowerarm"]), ("R", ["thigh"]), ("L", ["calf"]), ("L", ["lowerarm"]),
        ("R", ["thigh"])]


def test_a_letter_glued_to_the_end_of_most_names_is_dropped_where_it_hides_the_body_word():
    """3D Nouns' body (held-out batch 800) appends a 'd' to every Maya joint name ('Hipsd', 'LeftHandd',
    'Spine2d'): dropped where it hides the word, on half or more of the names; a rig whose names merely end in
    'd' ('Head', 'LeftHand') or a few such names keep theirs."""
    glued = ["ns:Hipsd", "ns:Spined", "ns:Spine1d", "ns:Neckd", "ns:Headd", "ns:LeftArmd", "ns:LeftForeArmd",
             "ns:LeftHandd", "ns:RightUpLegd", "joint1"]
    assert [i.concepts for i in analyse_names(glued)][:5] == [["hips"], ["spine"], ["spine"], ["neck"], ["head"]]
    assert analyse_names(glued)[7].side == "L" and analyse_names(glued)[7].concepts == ["hand"]
    few = ["Hips", "Spine", "Neck", "Head", "LeftHand", "RightHand", "Toed", "Armd", "LeftFoot"]
    assert [i.concepts for i in analyse_names(few)][6:8] == [["?toed"], ["?armd"]]


def test_lf_and_rt_prefixes_and_lettered_segments_are_no_shadow_hand_and_no_side_letters():
    """Leap Motion's Echo hands (held-out batch 822): 'lf_' / 'rt_' mark the sides, 'lf_middle_a' is the left middle
    finger (not a Shadow hand's little finger 'lf' with its 'middle' segment: a Shadow hand names three fingers or
    more by prefix), and 'lf_forearm_roll_a' .. '_f' are lettered in sequence ('d' and 'e' are no droite /
    esquerda there)."""
    names = [f"{s}_{b}" for s in ("lf", "rt") for b in (
        "middle_meta", "middle_a", "middle_b", "index_a", "pinky_a", "ring_a", "thumb_a",
        *(f"forearm_roll_{c}" for c in "abcdef"))]
    infos = {i.raw: i for i in analyse_names(names)}
    assert (infos["lf_middle_a"].side, infos["lf_middle_a"].concepts) == ("L", ["middle", "?a"])
    assert infos["rt_middle_b"].side == "R" and "middle" in infos["rt_middle_b"].concepts
    assert [infos[f"lf_forearm_roll_{c}"].side for c in "de"] == ["L", "L"]
    assert "?droite" not in infos["rt_forearm_roll_d"].concepts
    shadow = analyse_names(["ffknuckle", "ffproximal", "mfknuckle", "mfmiddle", "lfmetacarpal", "lfmiddle",
                            "thbase"])
    assert [i.concepts for i in shadow][3:6] == [["middle", "intermediate"], ["pinky", "metacarpal"],
                                                 ["pinky", "intermediate"]]


def test_a_mirrored_copy_takes_the_other_side():
    """KataSpace's Eve (held-out batch 965): 3ds Max's mirror tool named the left limbs after their source,
    'MaleAvatarThighRight_mirrored_', so the left fingers had read as the right hand's. A side word beside
    'mirrored' is the other side; 'mirrored' alone marks none."""
    infos = analyse_names(["MaleAvatarThighRight_mirrored_", "MaleAvatarHandLeft_mirrored", "hand_mirrored",
                           "MaleAvatarThighRight"])
    assert [(i.side, i.concepts[-1]) for i in infos] == [("L", "thigh"), ("R", "hand"), (None, "?mirrored"),
                                                        ("R", "thigh")]


def test_skin_on_most_joints_marks_the_skinned_joints_not_a_sensor():
    """A rigging class's Mint (held-out batch 998) marks its skinned joints 'left_ankle_joint_skin',
    'skin_spine_joint_04', beside a reverse foot's 'left_rl_ankle_joint': 'skin' is a robot's tactile frame word,
    so every body joint had read as a helper and the reverse foot took the feet. On most of a skeleton's joints it
    is the rig's mark, dropped; on a few (iCub's 'r_forearm_skin_10') it stays a helper."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    body = ["hips", "neck_joint", "head_joint"] + [f"{s}_{j}_joint" for s in ("left", "right") for j in (
        "shoulder", "elbow", "wrist", "thigh", "knee", "ankle", "foot", "toe")]
    names = [f"{n}_skin" for n in body] + ["skin_spine_joint_01", "skin_spine_joint_02"] + \
        [f"{s}_rl_{j}_joint" for s in ("left", "right") for j in ("toe", "ankle")]
    ev = {n: name_evidence(ni) for n, ni in zip(names, analyse_names(names), strict=True)}
    assert ev["left_ankle_joint_skin"] and ev["left_ankle_joint_skin"][0].kind == "foot", ev
    assert ev["left_knee_joint_skin"][0].kind == "calf", ev
    few = ["pelvis", "spine", "chest", "neck", "head", "l_upper_arm", "l_forearm", "l_hand", "r_upper_arm",
           "r_forearm", "r_hand", "r_forearm_skin_10"]
    assert "helper" in analyse_names(few)[-1].concepts


def test_ctl_marks_a_control_like_ctrl():
    """A paper-doll avatar (held-out batch 1002) hangs foot controls 'ctl_LLeg' > 'ctl_LToe' from no bone: read as
    a leg and a toe, they took the thigh and ball from the real 'b_LLeg.001'. 'ctl', like 'ctrl', is a control."""
    from enginemind.families.bonemap.rig.roles import name_evidence

    infos = analyse_names(["b_LLeg.001", "ctl_LLeg", "ctl_LToe", "ctrl_LLeg"])
    assert name_evidence(infos[0]) and not name_evidence(infos[1]) and not name_evidence(infos[3])
    assert "helper" in infos[1].concepts and "helper" in infos[2].concepts


def test_copies_of_indexed_bones_keep_the_index_suffixes_stripped_and_read_as_helpers():
    """A Sketchfab ogre (held-out batch 1012) duplicates joints per skin: 'NPC Head [Head]_032' carries a
    'NPC Head [Head]_032_2' at its point. The copies' second suffix had made the indices repeat, so no suffix was
    stripped and 'Finger00 [LF00]_023' read as finger 0, 0, 23; a copy is now its bone's name and a helper."""
    from enginemind.families.bonemap.rig.names import strip_index_suffixes

    names = ["_rootJoint", "NPC Pelvis_02", "NPC Spine_03", "NPC Head_04", "NPC Head_04_2", "NPC L Finger00_05",
             "NPC L Finger01_06", "NPC L Finger01_06_0", "NPC L Hand_07", "NPC R Hand_08"]
    got = strip_index_suffixes(names)
    assert got[1:4] == ["NPC Pelvis", "NPC Spine", "NPC Head"] and got[5] == "NPC L Finger00"
    assert got[4] == "NPC Head copy" and got[7] == "NPC L Finger01 copy"
    infos = analyse_names(names)
    assert "helper" in infos[4].concepts and "helper" not in infos[3].concepts
    # a second suffix whose stem is no bone of the rig is no copy: the indices repeat, nothing is stripped
    lone = ["a_01", "b_02", "c_03", "d_04", "e_05", "f_06", "g_07", "h_08_1", "h_07"]
    assert strip_index_suffixes(lone) == lone


def test_a_characters_name_glued_before_every_bone_is_dropped():
    """A DirectX school game's cat (held-out batch 1013): 'catbody', 'cathead', 'catfrontright',
    'catbackleftdown'. The glued 'cat' hid every word; it goes where the rest splits into known words. The legs
    are named by end and side alone, so 'back' is the hind end, not the trunk, and no depth side."""
    names = ["catbody", "cathead", "catfrontright", "catfrontrightdown", "catfrontleft", "catfrontleftdown",
             "catbackright", "catbackrightdown", "catbackleft", "catbackleftdown"]
    infos = analyse_names(names)
    assert infos[1].concepts == ["head"]
    assert [i.side for i in infos[2:]] == ["R", "R", "L", "L", "R", "R", "L", "L"]
    assert all("spine" not in i.concepts for i in infos[2:])
    # a prefix that is a word itself is a body word, not a name: kept
    assert analyse_names(["armleft", "armright", "armupleft", "armupright", "legleft", "legright"])[0].concepts == \
        ["arm"]


def test_an_insects_middle_legs_are_extra_limbs_but_a_legs_middle_segment_stays():
    """RoboSumo's bug (held-out batch 1025): 'front_left_leg', 'middle_left_leg', 'back_left_leg'. The middle pair had
    read as the middle finger; it is an extra limb (a helper). A frog's 'back_left_middle_leg' beside
    'back_left_top_leg' and a mech's 'MidLeg.L' beside 'UpperLeg.L' are a leg's middle segment."""
    bug = analyse_names([f"{e}_{s}_leg" for e in ("front", "middle", "back") for s in ("left", "right")])
    assert all("helper" in i.concepts and "middle" not in i.concepts for i in bug[2:4])
    assert not any("helper" in i.concepts for i in bug[:2] + bug[4:])
    frog = analyse_names([f"back_left_{w}_leg" for w in ("top", "middle", "bottom")] + ["torso"])
    assert "helper" not in frog[1].concepts
    mech = analyse_names(["UpperLeg.L", "MidLeg.L", "LowerLeg.L", "UpperLeg.R", "MidLeg.R", "LowerLeg.R"])
    assert "helper" not in mech[1].concepts
    assert "helper" not in analyse_names(["LegRg0MidJnt", "LegRg0Jnt", "Spine"])[0].concepts  # mGear's knee


def test_leg_words_glued_to_the_end_of_the_body_read_as_its_legs():
    """A graduation game's beetle (held-out batch 1438): 'l_Frontleg_01', 'l_Middleleg_01', 'l_Backleg_01'. Split
    only after the leg passes had run, 'middleleg' read as a middle finger and 'backleg' as the spine; split before
    them, the front legs are the arms, the middle legs extra limbs and the back legs the legs, as spelled apart."""
    names = [f"{s}_{e}leg_0{k}" for s in "lr" for e in ("Front", "Middle", "Back") for k in (1, 2, 3)] + ["Spine_01"]
    got = {n: i.concepts for n, i in zip(names, analyse_names(names), strict=True)}
    assert got["l_Frontleg_01"] == ["arm"] and got["r_Backleg_02"] == ["leg"], got
    assert "helper" in got["l_Middleleg_01"] and "middle" not in got["l_Middleleg_01"], got


def test_end_words_after_the_leg_word_read_as_the_legs_end_of_the_body():
    """A game school's ant (held-out batch 1458): 'legfront_L_01', 'legmiddle_R_01', 'legback_L_02', the leg word
    first. 'legback' had read as the spine and 'legmiddle' as a middle finger; with front and hind legs so named
    on both sides, the front legs are the arms, the middle legs extra limbs and the back legs the legs. Apart, the
    order says the same ('Leg_Front_L'); a leg's 'mid' segment in a rig with no front and hind legs stays."""
    names = [f"leg{e}_{s}_0{k}" for s in "LR" for e in ("front", "middle", "back") for k in (1, 2)] + ["torso"]
    got = {n: i.concepts for n, i in zip(names, analyse_names(names), strict=True)}
    assert got["legfront_L_01"] == ["arm"] and got["legback_R_02"] == ["leg"], got
    assert "helper" in got["legmiddle_R_01"] and "middle" not in got["legmiddle_R_01"], got
    apart = analyse_names([f"Leg_{e}_{s}" for s in "LR" for e in ("Front", "Back")])
    assert [i.concepts for i in apart] == [["arm"], ["leg"], ["arm"], ["leg"]]
    assert "helper" not in analyse_names(["Leg_Mid_L", "Leg_Upper_L", "Spine"])[0].concepts

def test_a_bottom_body_carrying_the_legs_is_the_pelvis():
    """EVEL DEAD's zombie (held-out batch 1013): 'zombie_body001' is the root, 'zombie_bottom_body001' under it
    carries the legs. 'bottom body' names the pelvis part, as 'lower torso' does; a boxman's 'body_lower' stays the
    spine (``test_spine_named_bones_above_a_body_bone_that_carries_arms_and_legs_are_the_spine``)."""
    assert analyse_names(["zombie_bottom_body001", "zombie_body001"])[0].concepts[-1] == "hips"


def test_an_ik_fk_blend_chain_is_the_joint_it_names():
    """Ragdoll Dynamics' manikin (held-out batch 1276): an IK / FK rig's result chain 'L_hand_blend_jnt',
    'L_foot_blend_jnt'. 'blend' split into 'b' 'l' 'end' and read as an end marker, so every hand and foot was
    dropped; it is the deforming chain, and the name is its joint."""
    infos = analyse_names(["L_hand_blend_jnt", "R_foot_blend_jnt", "spine_blend", "L_hand_ik_jnt"])
    assert [(i.concepts, i.side) for i in infos[:3]] == [(["hand"], "L"), (["foot"], "R"), (["spine"], None)]
    assert "ik" in infos[3].concepts


def test_a_spanish_controller_is_a_control():
    """Amara's little dragon (held-out batch 1277): 'controladorPie.l', a foot IK goal on the root under the ankle,
    is a control ('controlador', Spanish / Portuguese for 'controller'), not a foot."""
    info = analyse_names(["controladorPie.l"])[0]
    assert "helper" in info.concepts and info.side == "L"


def test_nacken_is_the_neck():
    """MegaGlest's Norse axeman (held-out batch 1285): German 'Nacken' (the nape) between 'OberKoerper' and 'Kopf'
    is the neck."""
    assert analyse_names(["Nacken", "Kopf"])[0].concepts == ["neck"]


def test_a_two_letter_model_code_glued_before_every_name_is_a_prefix():
    """Jedi Knight's models name every node with the model's code glued on ('gmlcalf', 'sthip', held-out batch 1305):
    read whole, no bone had a side or a body word, and the sides fell to the geometry's default."""
    names = ["gmhead", "gmneck", "gmtorso", "gmlthigh", "gmlcalf", "gmlfoot", "gmrthigh", "gmrcalf", "gmrfoot",
             "gmlforearm", "gmlhand", "gmrforearm", "gmrhand"]
    got = {n: (i.tokens, i.side) for n, i in zip(names, analyse_names(names), strict=True)}
    assert got["gmlcalf"] == (["calf"], "L") and got["gmrhand"] == (["hand"], "R"), got
    assert got["gmtorso"] == (["torso"], None), got


@pytest.mark.parametrize(("name", "tokens"), [("R_FInger_03_01_RK_Jnt", ["r", "finger", "03", "01", "rk", "jnt"]),
                                              ("SPine_01", ["spine", "01"]), ("LArm", ["l", "arm"]),
                                              ("REye", ["r", "eye"])])
def test_a_word_typed_with_two_capitals_stays_one_word(name, tokens):
    """A student rig's 'R_FInger_03_01_RK_Jnt' (held-out batch 1393) split into 'f' + 'inger' and named no finger;
    a side letter glued to a word ('LArm', 'REye') stays a side letter."""
    assert tokenize(name) == tokens
