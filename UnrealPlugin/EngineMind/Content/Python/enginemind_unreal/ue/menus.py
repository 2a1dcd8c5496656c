"""Menus: Content Browser right-click on a Skeletal Mesh, and Tools > EngineMind."""

from __future__ import annotations

import unreal

OWNER = "EngineMind"
ASSET_MENU = "ContentBrowser.AssetContextMenu.SkeletalMesh"
TOOLS_MENU = "LevelEditor.MainMenu.Tools"
SUBMENU = "LevelEditor.MainMenu.Tools.EngineMind"
ACTIONS = (
    ("Retarget", "Retarget with EngineMind...", "Map the selected Skeletal Mesh and build IK Rigs + Retargeter",
     "retarget_selected"),
    ("Review", "Open mapping review", "Open the saved mapping review of the selected mesh", "open_review"),
    ("RemoveLast", "Remove assets of the last retarget", "Delete the IK Rigs, retargeter and animations the last "
     "retarget created, if nothing else uses them", "remove_last_retarget"),
    ("StartBackend", "Start backend", "Start (or connect to) the EngineMind backend", "start_backend"),
    ("StopBackend", "Stop backend", "Stop the EngineMind backend", "stop_backend"),
    ("Status", "Backend status", "Show whether the backend answers, its version and capabilities", "backend_status"),
)


def _entry(name: str, label: str, tip: str, action: str) -> unreal.ToolMenuEntry:
    entry = unreal.ToolMenuEntry(name=f"EngineMind.{name}", type=unreal.MultiBlockType.MENU_ENTRY)
    entry.set_label(label)
    entry.set_tool_tip(tip)
    entry.set_string_command(unreal.ToolMenuStringCommandType.PYTHON, unreal.Name(""),
                             f"import enginemind_unreal.ue.app as _em; _em.{action}()")
    return entry


def register() -> list[str]:
    """Add the entries (idempotent); returns the menu names touched."""
    menus = unreal.ToolMenus.get()
    asset_menu = menus.extend_menu(ASSET_MENU)
    asset_menu.add_section("EngineMind", "EngineMind")
    asset_menu.add_menu_entry("EngineMind", _entry(*ACTIONS[0]))
    tools = menus.extend_menu(TOOLS_MENU)
    tools.add_sub_menu(OWNER, "EngineMind", "EngineMind", "EngineMind", "EngineMind retargeting and backend")
    sub = menus.extend_menu(SUBMENU)
    sub.add_section("EngineMind", "EngineMind")
    for action in ACTIONS:
        sub.add_menu_entry("EngineMind", _entry(*action))
    menus.refresh_all_widgets()
    return [ASSET_MENU, TOOLS_MENU, SUBMENU]
