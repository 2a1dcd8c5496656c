"""Unreal plugin tests: the plugin's Content/Python on sys.path and a fake ``unreal`` per engine version."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "UnrealPlugin" / "EngineMind"
PLUGIN_PY = PLUGIN / "Content" / "Python"
if str(PLUGIN_PY) not in sys.path:
    sys.path.insert(0, str(PLUGIN_PY))
