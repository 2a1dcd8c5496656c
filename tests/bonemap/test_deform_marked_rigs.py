"""A control rig that marks its deform bones with 'def' (BlenRig: 'spine_1_def', 'arm_def_R'), among FK controls,
masters and mechanism bones, as on held-out real rigs (batch 332): the deform bones take the roles. A small
constructed skeleton (cm, Y up, +X = left, facing +Z), no third-party files."""

from __future__ import annotations

from tests.bonemap.test_solver_extras import Rig, body, mapping

MANNY = {"pelvis": "pelvis", "spine_01": "spine_01", "spine_02": "spine_03", "spine_03": "spine_05",
         "neck": "neck_01", "head": "head", "root": "root"}


def _control_rig() -> Rig:
    """The test body three times over: '<bone>_fk' controls under a 'master', '<bone>_def' deform bones in their
    own chain, '<bone>_def_mstr' masters on the hands, thighs and head, and 40 mechanism bones."""
    base = body(Rig()).bones
    rig = Rig()
    rig.add("master", None, (0, 0, 0))
    for suffix in ("fk", "def"):
        for b in base:
            parent = f"{b['parent']}_{suffix}" if b["parent"] else "master"
            rig.add(f"{b['name']}_{suffix}", parent, tuple(b["position"]))
    for b in base:
        if b["name"].startswith(("hand", "thigh", "head")):
            rig.add(f"{b['name']}_def_mstr", f"{b['name']}_fk", tuple(b["position"]))
    for i in range(40):
        rig.add(f"mch_helper_{i}", "master", (0, 50 + i, -20))
    return rig


def test_the_bones_marked_def_take_the_roles_and_the_controls_none():
    rig = _control_rig()
    m = mapping(rig)
    for key in rig.names:
        if key.endswith("_def") and not key.startswith("toe"):
            bone = key[:-4]
            assert m[key] == MANNY.get(bone, bone), key
        elif not key.endswith("_def") and key != "master":
            assert m[key] is None, key
