"""Runs when the editor starts (every enabled plugin's Content/Python/init_unreal.py): adds the EngineMind menus.

Kept tiny and import-light; names are private because all init_unreal.py files share one namespace.
"""
from __future__ import annotations

import unreal


def _enginemind_register() -> None:
    try:
        from enginemind_unreal.ue import menus

        menus.register()
    except Exception as exc:  # never break editor start-up
        unreal.log_error(f"[EngineMind] menus not registered: {exc!r}")


_enginemind_register()
