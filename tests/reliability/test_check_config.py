"""Unit checks of the Submit-time config rules (paths, numbers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from enginemind.errors import InvalidInput
from enginemind.jobs.validate import check_config


def test_paths_inside_data_dir_or_allowed_roots_only(tmp_path: Path) -> None:
    data, extra = tmp_path / "data", tmp_path / "datasets"
    (data / "frames").mkdir(parents=True)
    extra.mkdir()
    (data / "escape").symlink_to("/etc")
    check_config({"data": {"path": str(data / "frames")}}, data)
    check_config({"base_model": "smollm2"}, data)
    check_config({"data": {"path": str(extra)}}, data, [extra])
    for bad in ("/etc", str(data / ".." / "datasets"), str(data / "escape"), "~"):
        with pytest.raises(InvalidInput, match="outside the folders"):
            check_config({"data": {"path": bad}}, data)


@pytest.mark.parametrize("config", [{"lr": float("inf")}, {"x": -1e16}, {"epochs": 20_000_000},
                                    {"a": {"b": [{"warmup_steps": 1e9}]}}])
def test_numbers_must_be_finite_and_plausible(config: dict, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        check_config(config, tmp_path)
