"""The matcher stays right on real third-party rigs with permissive licences (tests/bonemap/real_rigs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enginemind.families.bonemap.corpus.devset import load_dev, score_rig
from enginemind.families.bonemap.predict import Mapper

RIGS = load_dev(Path(__file__).parent / "real_rigs")
HELDOUT = load_dev(Path(__file__).parent / "real_rigs_heldout")  # batch 2: tuned on since bm-solver (README)
KNOWN_ERRORS: dict[str, int] = {}


@pytest.mark.parametrize("rig", RIGS, ids=[r.name for r in RIGS])
def test_matcher_on_real_rig(rig):
    res = Mapper().map(rig.skeleton, "ue5_manny")
    s = score_rig(rig, res.mapping)
    assert len(s["errors"]) <= KNOWN_ERRORS.get(rig.name, 0), s["errors"]
    assert s["accuracy"] >= 0.94


@pytest.mark.parametrize("rig", HELDOUT, ids=[r.name for r in HELDOUT])
def test_matcher_on_real_rig_of_batch_2(rig):
    # Perception-Neuron hands (thumb under the index's in-hand bone, pinky's under the ring's) among them
    s = score_rig(rig, Mapper().map(rig.skeleton, "ue5_manny").mapping)
    assert not s["errors"], s["errors"]


SIM_DIR = Path(__file__).parent / "real_rigs_sim"
SIM = load_dev(SIM_DIR)  # batches 7-20 and 71-84: robots, simulation, game and mocap skeletons, tuned on (README)
# what still fails, with the reason: CMU's ASF 'lwrist' is labelled its hand, which the matcher reads as a forearm
# twist (its only joint turns about the forearm's axis: the label may be the wrong one); T1's 6 cm 'AL2' link is
# read as an upper-arm twist; OP3's ankle roll link, 3 cm behind the ankle pitch, is taken for the ball;
# Apollo's shoulder rotation links are read as clavicles; KayKit's 'wrist.l'
# (the wrist joint, a palm bone 7 cm further) is read as a forearm twist; the OpenGameArt knight hangs its arms
# from a control bone beside the spine, whose deform chain (spine_1..3, neck) is then left unmapped; Quaternius's
# 2018 'Skeleton' hangs arms and legs from its hips (its one-bone torso, once read as the first neck bone, is the
# trunk now: neck-line bones below the arms' roots);
# batches 13-14: NEXTAGE's elbow link is missed; Tron's
# right wrist is read as a forearm twist, a mesh node under it as a finger, and its unsided left leg ('hip')
# gives a pelvis to a helper; Reachy 2's two-jaw grippers are read as fingers and its mobile base as the
# pelvis; the AI Worker's middle finger (links numbered across the hand) loses a segment; ToddlerBot's
# mid-segment gear links take its upper-arm and forearm roles; batches 15-17: GENEA's foot twist bones, stacked
# on the feet, are read as calf twists (the label accepts only the second calf twist slot); batches 19-20: Cassie's
# hip-pitch link is left out of its bird leg and its plantar rods read as balls; Darwin-OP's gripper links (its
# hands) are read as tool frames; COMAN's first of two coincident waist links is left unmapped; BioBuddy's
# feet-rooted side-view model (one chain for both legs) gives no bone the pelvis; batches 71-88 (2026-12-03):
# anim_utils' labels put the hand on the bone above its stacked 'handRoot' (which carries the fingers); ergoCub's
# force-torque sensor frames ('l_arm_ft') and stacked shoulder links take the upper-arm roles; XBot-L's sole
# plates ('l_foot_bottom_link') are read as balls; batches 89-104 (2026-12-03): the cowboy's 'Palm' is read
# as its mitten's first bone, Unitree H2's wrist links and sole plates take the forearm twist and ball roles
# (2026-12-03: with the body frame on the file's declared up axis, Panda3D's dancer, whose eye-aim nodes lie two
# body heights apart, measures its height 2.4x too tall and reads its digitigrade legs from the ankle down;
# 2026-12-03, batches 138-143: left from right is read off hips and shoulders, which a walking rest pose keeps
# apart, and anim_utils' legs lie sideways along the arms' line in its rest pose, so its right hand goes too);
# batches 162-179 (2026-12-04): Baxter's 'lower_elbow' links stay unmapped and its 'arm_itb' links take the forearm
# twists; Berkeley Humanoid Lite's 'base' is not the pelvis and its shoulder / hip links are stacked on one joint;
# Bez2's 'bicep' links are missed, its feet read as balls and its torso cylinder as a spine bone; Bioloid's hip
# lateral and upper-leg links are read as thigh twists; Pepper's leg-less 'Pelvis' link is read as a neck bone;
# bevy-tnua's Blender-default player faces -Z with nothing in the skeleton to say so (every sided bone mirrored);
# batches 180-195: UniRig's skeleton kept the right thumb's tip bone and dropped the fingers' tips, so that thumb is
# the one chain longer than the fingers and is not taken for a thumb
# batch 197: mGear's Shifter guides are placement markers, not joints: every foot marker is a '_loc' locator (a
# helper word), so the ball goes to the foot-roll 'inpivot'; the neck spline's tangent handle takes neck_02
# batches 208-219 (2026-12-04): Dexmate Vega's folded torso on wheels (no legs) puts the pelvis on the base link and
# the spine one link low, its arm links below the elbow read as forearm twists, its two-link Shadow-coded thumbs go
# unmapped; EmberVale's legless barrow wight hangs a tail ('Body1'..'Body4') from the root that is read as the spine
# and its one torso bone as spine_01; the woman in the dress hangs her right thumb from the middle metacarpal,
# which takes middle_01; the crash-test dummy's 'Neck_01' leaf beside 'Neck' takes neck_02; vpuppr's person puts
# 'pelvis' (the legs) and 'stomach' (the spine) side by side on a 'base' control, and 'stomach' takes the pelvis
# batches 232-253 (2026-12-04): LimX HU_D03's achilles links beside the shin take calf twists and its hand contact
# frames the hands; Noetix N2's shoulder roll links take the clavicles; EngineAI PM01's elbow yaw link takes the
# hand; RB-Y1's torso links; Surena V's rest pose is refused as implausible (a hand link at head height): names
# alone miss its hip pitch links and read its ankle roll links as balls and its 'elbow_pitch' links (which twist
# the upper arm) as forearms; Reachy 2021's stacked wrist links and one-jaw gripper; Assistive Gym's human names
# each link after the joint below it ('left_knee_limb' is the thigh)
SIM_KNOWN_ERRORS = {"noetix_n2": 2, "engineai_pm01": 2, "limx_oli": 4, "limx_hu_d03": 8,
                    "rby1a": 3, "surenaV": 8, "reachy2021": 5, "assistive_gym_human_pip": 10,
                    "booster_k1_22dof": 4,  # the leaf hand link sits at the elbow (forearm and hand in one link)
                    "booster_t1_29dof_urdf": 5,  # one torso link read as spine_01; fixed hand / foot frames
                    # past the wrist / ankle links labelled as the hand and foot
                    "pnd_adam_inspire": 2,  # 'toeLeft' is a second ankle link on the ankle's point, not a toe
                    "dexmate_vega": 19,  # arms 0.11 of its height: the upper arm is read from the elbow
                    "embervale_barrow_wight": 5, "embervale_woman_dress": 1,
                    "tivoli_crushdummy": 1, "vpuppr_person": 2,
                    "unirig_tira": 2, "mgear4_biped_guide": 6, "mgear4_game_biped_guide": 6,
                    "baxter": 0, "berkeley_humanoid_lite": 7, "bez2_soccer": 5, "bioloid_typea": 4, "pepper": 1,
                    "tnua_player": 14,
                    "zyheeda_player": 4,  # 'fingers_meta_2.L' had matched as a 3ds Max Biped code by chance (a
                    # number after 'meta', read as finger 2 = the middle finger); read as a segment now, the solver
                    # puts the metacarpal one bone on (5f3a936); its 'hand_slot.L' leaf, named as the hand it hangs
                    # from, is no longer a finger
                    "animutils_custom_skeleton": 2, "ergocub": 3, "xbot_l": 2,
                    "quaternius_cowboy": 6, "unitree_h2": 4,
                    "dmc_humanoid_cmu": 6, "robotis_op3": 2, "apptronik_apollo": 2,
                    "kaykit_barbarian": 2, "oga_knight": 5, "nextage_open": 0,
                    "panda3d_tron": 4, "panda3d_dancer": 12, "reachy2": 15, "robotis_ffw_sh5": 0, "toddlerbot": 2,
                    "genea_geneva": 2, "agility_cassie": 3, "darwin_op": 2, "iit_coman": 1, "biobuddy_feet_root": 2}
# stacked-link roles nobody takes yet: RobotExpressive's three coincident palms leave no hand bone
SIM_KNOWN_MISSES = {"quaternius_robot_expressive": {"hand_l", "hand_r"}, "panda3d_tron": {"hand_l"},
                    "panda3d_dancer": {"calf_l", "calf_r"},
                    "toddlerbot": {"upperarm_l", "upperarm_r"}, "biobuddy_feet_root": {"pelvis"},
                    "ergocub": {"upperarm_l", "upperarm_r"}}


@pytest.mark.parametrize("rig", SIM, ids=[r.name for r in SIM])
def test_matcher_on_robot_and_simulation_skeletons(rig):
    pred = Mapper().map(rig.skeleton, "ue5_manny").mapping
    s = score_rig(rig, pred)
    assert len(s["errors"]) <= SIM_KNOWN_ERRORS.get(rig.name, 0), s["errors"]
    groups = json.loads((SIM_DIR / f"{rig.name}.json").read_text(encoding="utf-8")).get("groups", {})
    for role, members in groups.items():  # one link of a stacked joint takes the role
        if role not in SIM_KNOWN_MISSES.get(rig.name, set()):
            assert any(pred[b] == role for b in members), (role, {b: pred[b] for b in members})


def test_a_lone_neck_without_a_head_stays_the_neck():
    rig = next(r for r in RIGS if r.name == "threejs_pirouette")  # neck is the last joint: no head bone
    assert Mapper().map(rig.skeleton, "ue5_manny").mapping["neck"] == "neck_01"


def test_labelled_rigs_keep_the_files_role_table_as_the_mapper_sees_it(tmp_path: Path):
    """A labelled VRM keeps the importer's humanoid table (``enginemind map`` uses it; held-out batch 72's Godette
    was scored without it, its 'f2a' middle finger read as the ring by geometry); a nameless copy has none."""
    from enginemind.families.bonemap.corpus.devset import anonymous

    bones = [{"name": "hips", "parent": None, "position": [0, 1, 0]},
             {"name": "f2a", "parent": "hips", "position": [0, 1.1, 0]}]
    (tmp_path / "vrm.json").write_text(json.dumps({"bones": bones, "up_axis": "y", "units": "m",
                                                   "humanoid": {"f2a": "leftMiddleProximal"},
                                                   "mapping": {"hips": "pelvis", "f2a": "middle_01_l"}}))
    rig = load_dev(tmp_path)[0]
    assert rig.skeleton.humanoid == {"f2a": "leftMiddleProximal"} and rig.skeleton.units == "m"
    assert anonymous(rig).skeleton.humanoid == {}


LATE_DIR = Path(__file__).parent / "real_rigs_late"
LATE = load_dev(LATE_DIR)  # held-out batches 591-1331, tuned on now (README)
LATE_KNOWN_ERRORS = json.loads((LATE_DIR / "known_errors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("rig", LATE, ids=[r.name for r in LATE])
def test_matcher_on_the_late_batches_real_rigs(rig):
    """A ratchet: no rig of batches 591-1289 gets more errors than its count in known_errors.json (README)."""
    s = score_rig(rig, Mapper().map(rig.skeleton, "ue5_manny").mapping)
    assert len(s["errors"]) <= LATE_KNOWN_ERRORS.get(rig.name, 0), s["errors"]
