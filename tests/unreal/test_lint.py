"""The plugin's Python is lint-clean (CI's ruff step covers python_backend, tools and tests, not UnrealPlugin)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unreal.conftest import PLUGIN


def test_plugin_passes_ruff() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    result = subprocess.run([ruff, "check", str(PLUGIN)], capture_output=True, text=True, cwd=PLUGIN)
    assert result.returncode == 0, result.stdout + result.stderr
