"""Explicit registry of model families (no magic discovery).

Each family names a config dataclass (importable without torch, so the server can validate a job
config cheaply) and a ``train(ctx, config)`` function that only the job runner imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from enginemind.errors import NotFound


@dataclass(frozen=True)
class Family:
    """One model family: where its config class and training entry point live."""

    name: str
    description: str
    config_path: str
    """``module:Class`` of the typed config dataclass."""
    train_path: str
    """``module:function`` called as ``train(ctx, config)`` inside a job runner process."""

    def config_cls(self) -> type:
        return _load(self.config_path)

    def train_fn(self) -> Callable[[Any, Any], None]:
        return _load(self.train_path)


def _load(path: str) -> Any:
    module_name, _, attr = path.partition(":")
    return getattr(importlib.import_module(module_name), attr)


_FAMILIES: dict[str, Family] = {}


def register_family(family: Family) -> Family:
    """Add a family to the registry (later registrations of the same name replace earlier ones)."""
    _FAMILIES[family.name] = family
    return family


def get_family(name: str) -> Family:
    try:
        return _FAMILIES[name]
    except KeyError:
        raise NotFound(f"unknown job family '{name}'; known families: {', '.join(sorted(_FAMILIES))}") from None


def list_families() -> list[Family]:
    return [_FAMILIES[k] for k in sorted(_FAMILIES)]


register_family(Family(
    "demo", "tiny PyTorch regression that trains in seconds (spine smoke test)",
    "enginemind.families.demo.config:DemoConfig", "enginemind.families.demo.train:train",
))
register_family(Family(
    "bonemap", "bone mapping LM: LoRA on SmolLM2 over naming-convention rigs + feedback",
    "enginemind.families.bonemap.config:BonemapConfig", "enginemind.families.bonemap.train:train",
))
register_family(Family(
    "bonemap_skeleton", "bone mapping skeleton model: graph network over bones trained on synthetic conventions",
    "enginemind.families.bonemap.skelnet.config:SkelNetConfig", "enginemind.families.bonemap.skelnet.train:train",
))
register_family(Family(
    "restore", "masked autoencoder that restores game frames (+ RVQ codec)",
    "enginemind.families.restore.config:RestoreConfig", "enginemind.families.restore.train:train",
))
register_family(Family(
    "telemetry", "robot telemetry: collision-risk, battery time-to-empty and anomaly models",
    "enginemind.families.telemetry.config:TelemetryTrainConfig", "enginemind.families.telemetry.train:train",
))
