"""Strict config loading: unknown keys, wrong types and broken invariants are clear errors."""

from __future__ import annotations

import pytest

from enginemind.config import from_dict, to_dict
from enginemind.errors import InvalidInput
from enginemind.families.demo.config import DemoConfig


def test_defaults_and_coercion() -> None:
    cfg = from_dict(DemoConfig, {"steps": 12.0, "step_sleep_s": 1})
    assert cfg.steps == 12 and isinstance(cfg.steps, int)
    assert cfg.step_sleep_s == 1.0 and isinstance(cfg.step_sleep_s, float)
    assert to_dict(cfg)["steps"] == 12


def test_unknown_key_lists_valid_keys() -> None:
    with pytest.raises(InvalidInput, match="unknown config key.*stepz.*valid keys: .*steps"):
        from_dict(DemoConfig, {"stepz": 3})


@pytest.mark.parametrize("bad", [{"steps": "ten"}, {"steps": 1.5}, {"steps": True}, {"model_name": 3}])
def test_wrong_types(bad: dict) -> None:
    with pytest.raises(InvalidInput, match="config key"):
        from_dict(DemoConfig, bad)


def test_invariants_checked() -> None:
    with pytest.raises(InvalidInput, match="lr must be"):
        from_dict(DemoConfig, {"lr": 5.0})
