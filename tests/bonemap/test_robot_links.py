"""Humanoid robots seen on held-out real rigs (batch 52: AgiBot X1): closed-loop drive rods ('..._motor_a_link',
'..._a_loop') hang beside the wrists and ankles; their subtrees are mechanism frames the solver leaves out of the
geometry, like sensors and props."""

from __future__ import annotations

from enginemind.families.bonemap.rig.names import analyse_names, gear_frames
from enginemind.families.bonemap.rig.roles import name_evidence


def test_drive_rod_links_are_mechanism_frames_not_body_parts():
    names = ["arm_l_wrist_motor_a_link", "leg_l_toe_a_loop", "knee_pushrod_r", "left_wrist_pitch", "leg_l_toe_link"]
    assert gear_frames(names) == [True, True, True, False, False]
    ev = [name_evidence(ni) for ni in analyse_names(names)]
    assert not ev[0] and not ev[1] and ev[3]  # the rods name no body part; the wrist joint still does
