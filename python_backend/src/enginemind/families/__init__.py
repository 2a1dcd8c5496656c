"""Explicit registry of model families (no magic discovery): one ``Family`` record per family.

A family names, lazily as ``module:attr`` strings, everything the rest of the backend needs from it:
its config dataclass (importable without torch, so the server validates job configs cheaply), its
``train(ctx, config)`` entry point (imported only by job runners), the module whose
``register(subparsers, common)`` adds its CLI commands, and optionally a function returning the
``ServiceSpec`` of its gRPC service. ``server/app.py`` and ``cli.py`` iterate ``list_families()``.
Adding a family = one package + one ``register_family`` call here + its proto + its migration.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from enginemind.errors import NotFound


@dataclass(frozen=True)
class Family:
    """One model family: where its config, training entry point, CLI and service live."""

    name: str
    description: str
    config: str
    """``module:Class`` of the typed config dataclass (must import without torch)."""
    train: str
    """``module:function`` called as ``train(ctx, config)`` inside a job runner process."""
    cli: str | None = None
    """Module whose ``register(subparsers, common)`` adds the family's commands, or None."""
    service: str | None = None
    """``module:function`` returning the family's ``enginemind.server.spec.ServiceSpec``, or None."""

    def config_cls(self) -> type:
        return load(self.config)

    def train_fn(self) -> Callable[[Any, Any], None]:
        return load(self.train)

    def register_cli(self, subparsers: Any, common: Callable[[Any], None]) -> None:
        if self.cli:
            importlib.import_module(self.cli).register(subparsers, common)

    def service_spec(self) -> Any:
        """The family's ServiceSpec, or None when it has no service of its own."""
        return load(self.service)() if self.service else None


def load(path: str) -> Any:
    """Import ``module:attr`` and return the attribute."""
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


_F = "enginemind.families"
register_family(Family(
    "demo", "tiny PyTorch regression that trains in seconds (spine smoke test)",
    config=f"{_F}.demo.config:DemoConfig", train=f"{_F}.demo.train:train",
))
register_family(Family(
    "bonemap", "bone mapping LM: LoRA on SmolLM2 over naming-convention rigs + feedback",
    config=f"{_F}.bonemap.config:BonemapConfig", train=f"{_F}.bonemap.train:train",
    cli=f"{_F}.bonemap.cli", service="enginemind.server.skeleton_service:spec",
))
register_family(Family(
    "bonemap_skeleton", "bone mapping skeleton model: graph network over bones trained on synthetic conventions",
    config=f"{_F}.bonemap.skelnet.config:SkelNetConfig", train=f"{_F}.bonemap.skelnet.train:train",
))
register_family(Family(
    "restore", "masked autoencoder that restores game frames (+ RVQ codec)",
    config=f"{_F}.restore.config:RestoreConfig", train=f"{_F}.restore.train:train",
    cli=f"{_F}.restore.cli", service="enginemind.server.restore_service:spec",
))
register_family(Family(
    "telemetry", "robot telemetry: collision-risk, battery time-to-empty and anomaly models",
    config=f"{_F}.telemetry.config:TelemetryTrainConfig", train=f"{_F}.telemetry.train:train",
    cli=f"{_F}.telemetry.cli", service="enginemind.server.telemetry_service:spec",
))
register_family(Family(
    "planner", "mission planner LM: LoRA on SmolLM2 over synthetic missions + operator corrections",
    config=f"{_F}.planner.config:PlannerConfig", train=f"{_F}.planner.train:train",
    cli=f"{_F}.planner.cli", service="enginemind.server.planner_service:spec",
))
register_family(Family(
    "posesplat", "Pose Splatter: 3D Gaussian splatting of an animal from calibrated multi-view video",
    config=f"{_F}.posesplat.config:PosesplatConfig", train=f"{_F}.posesplat.train:train",
    cli=f"{_F}.posesplat.cli", service="enginemind.server.posesplat_service:spec",
))
