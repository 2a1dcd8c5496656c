"""The committed API-index subset and dev-rig copies (used when ../shared is absent) match their sources,
and the plugin passes the static name check against the subset too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unreal import api_subset, fake_unreal
from tests.unreal.devrigs import REPO
from tests.unreal.test_static_names import test_every_unreal_name_exists

SHARED = REPO.parent / "shared"


@pytest.mark.skipif(not (SHARED / "unreal_api" / "ue5.4.json").exists(), reason="full indexes not available")
def test_subset_is_up_to_date() -> None:
    fresh = api_subset.build(SHARED / "unreal_api")
    stale = [n for n, text in fresh.items() if (api_subset.OUT / f"{n}.json").read_text(encoding="utf-8") != text]
    assert not stale, f"run `python -m tests.unreal.api_subset`: {stale} out of date"


@pytest.mark.skipif(not (SHARED / "bone_mapping_dev").exists(), reason="shared dev set not available")
@pytest.mark.parametrize("name", ["mixamo.json", "ue5_manny_target.json"])
def test_dev_rig_copies(name: str) -> None:
    here = Path(__file__).resolve().parent / "data" / name
    assert here.read_bytes() == (SHARED / "bone_mapping_dev" / name).read_bytes()


@pytest.mark.parametrize("version", fake_unreal.SUPPORTED)
def test_static_names_against_subset(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fake_unreal.API_DIR_ENV, str(api_subset.OUT))
    assert fake_unreal.api_dir() == api_subset.OUT
    test_every_unreal_name_exists(version)
