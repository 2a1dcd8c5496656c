"""The editor's left-handed component space reaches the backend mirrored into right-handed axes.

Unreal's component space is left-handed (X forward, Y right, Z up) and its FBX importer flips Y on the way in; the
backend reads left and right off a right-handed rest pose. The fake editor serves the dev rigs as an import would
leave them (``devrigs.as_imported``), and the backend here is the real mapper.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from enginemind_unreal.skeleton import right_handed_position, right_handed_rotation
from tests.unreal.devrigs import MANNY_PATH, load_rig, manny_bones, mixamo_bones
from tests.unreal.fake_editor import FakeEditor


def _read(tmp_path: Path, path: str, bones: list[dict]) -> dict:
    fake = FakeEditor("5.6", tmp_path / "Project")
    with fake.installed():
        from enginemind_unreal.ue.skeleton_reader import read_skeleton

        mesh = fake.add_skeletal_mesh(path, bones)
        return read_skeleton(mesh).to_dict()


def _positions(data: dict) -> dict[str, np.ndarray]:
    return {b["name"]: np.array(b["position"]) for b in data["bones"]}


def test_the_mannequin_leaves_the_editor_with_the_axes_it_was_authored_with(tmp_path: Path) -> None:
    """Manny faces +Y in the editor with its left hand on +X: a left-handed body. Mirrored on the way out it
    faces -Y with the left hand on +X, its Blender / FBX axes (the dev file's own positions)."""
    pos = _positions(_read(tmp_path, MANNY_PATH, manny_bones()))
    authored = {b["name"]: np.array(b["rest_position"]) for b in load_rig("ue5_manny_target")["bones"]}
    for name in ("hand_l", "ball_r", "head", "thigh_l"):
        assert np.allclose(pos[name], authored[name], atol=1e-3), name
    assert pos["hand_l"][0] > 0 and pos["ball_l"][1] < pos["foot_l"][1]  # left on +X, toes toward -Y


def test_the_mirrored_rotation_is_the_mirror_image_of_the_turn() -> None:
    """A turn about the up axis (yaw) reverses in the mirror; a turn about the mirror's normal (Y) does not."""
    s = math.sin(math.radians(45))
    assert right_handed_rotation((0.0, 0.0, s, s)) == (-0.0, 0.0, -s, s)
    assert right_handed_rotation((0.0, s, 0.0, s)) == (-0.0, s, -0.0, s)
    assert right_handed_position((1.0, 2.0, 3.0)) == (1.0, -2.0, 3.0)
    assert right_handed_position(None) is None and right_handed_rotation(None) is None


def test_the_backend_reads_the_sides_of_an_editor_skeleton_right(tmp_path: Path) -> None:
    """Mapped by the real backend: with names, no warning that the names contradict the rest pose; with every
    name removed, the left limbs still map to the left bones (sent unmirrored, both sides came back swapped)."""
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.skeleton import Skeleton as BackendSkeleton

    for path, bones in (("/Game/Mixamo/SK_Mixamo", mixamo_bones()), (MANNY_PATH, manny_bones())):
        data = _read(tmp_path / Path(path).name, path, bones)
        named = Mapper().map(BackendSkeleton.from_dict(data), "ue5_manny")
        assert not any("contradict" in w for w in named.warnings), (path, named.warnings)
        new = {b["name"]: f"bone_{i:03d}" for i, b in enumerate(data["bones"])}
        anon = {**data, "bones": [{**b, "name": new[b["name"]], "parent": new.get(b["parent"] or "")}
                                  for b in data["bones"]]}
        got = Mapper().map(BackendSkeleton.from_dict(anon), "ue5_manny").mapping
        back = {new[k]: v for k, v in named.mapping.items()}
        for bone, want in back.items():
            if want in ("hand_l", "hand_r", "foot_l", "foot_r", "upperarm_l", "thigh_r"):
                assert got[bone] == want, (path, bone, got[bone], want)
