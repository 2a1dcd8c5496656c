"""Fixtures of the Unity package tests: Mono builds, compiled once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unity import mono


@pytest.fixture(scope="session")
def unity_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not mono.have_mono():
        pytest.skip(mono.MISSING)
    return tmp_path_factory.mktemp("unity-build")


@pytest.fixture(scope="session")
def core_runner(unity_build: Path) -> Path:
    return mono.build_core_runner(unity_build)


@pytest.fixture(scope="session")
def standins(unity_build: Path) -> dict[str, Path]:
    return mono.build_standins(unity_build)


@pytest.fixture(scope="session")
def assemblies(unity_build: Path, standins: dict[str, Path]) -> dict[str, Path]:
    """EngineMind.Core, EngineMind.Editor, EngineMind.Editor.Tests and the sample, as Unity would build them."""
    return mono.build_all(unity_build, standins)
