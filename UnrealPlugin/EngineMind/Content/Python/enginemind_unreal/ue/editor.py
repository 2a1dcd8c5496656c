"""Editor services: engine version, logging, dialogs, progress, selection, project folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import unreal

from enginemind_unreal.version import EngineVersion

TITLE = "EngineMind"


def engine_version() -> EngineVersion:
    return EngineVersion.parse(unreal.SystemLibrary.get_engine_version())


def log(message: str) -> None:
    unreal.log(f"[EngineMind] {message}")


def warn(message: str) -> None:
    unreal.log_warning(f"[EngineMind] {message}")


def error(message: str) -> None:
    unreal.log_error(f"[EngineMind] {message}")


def show(message: str, title: str = TITLE) -> None:
    unreal.EditorDialog.show_message(title, message, unreal.AppMsgType.OK)


def show_error(message: str, title: str = f"{TITLE}: error") -> None:
    error(message)
    unreal.EditorDialog.show_message(title, message, unreal.AppMsgType.OK)


def ask_yes_no(message: str, title: str = TITLE) -> bool:
    answer = unreal.EditorDialog.show_message(title, message, unreal.AppMsgType.YES_NO,
                                              default_value=unreal.AppReturnType.NO)
    return answer == unreal.AppReturnType.YES


def ask_yes_no_cancel(message: str, title: str = TITLE) -> str:
    """``"yes"``, ``"no"`` or ``"cancel"``."""
    answer = unreal.EditorDialog.show_message(title, message, unreal.AppMsgType.YES_NO_CANCEL,
                                              default_value=unreal.AppReturnType.CANCEL)
    if answer == unreal.AppReturnType.YES:
        return "yes"
    if answer == unreal.AppReturnType.NO:
        return "no"
    return "cancel"


class Progress:
    """``ScopedSlowTask`` with a cancel button; ``step()`` returns False when the artist cancelled."""

    def __init__(self, total: float, description: str) -> None:
        self.task = unreal.ScopedSlowTask(total, description)

    def __enter__(self) -> Progress:
        self.task.__enter__()
        self.task.make_dialog(True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.task.__exit__(*exc)

    def step(self, description: str, work: float = 1.0) -> bool:
        if self.task.should_cancel():
            return False
        self.task.enter_progress_frame(work, description)
        return True


def selected_assets() -> list[Any]:
    return list(unreal.EditorUtilityLibrary.get_selected_assets())


def selected_skeletal_meshes() -> list[Any]:
    return [a for a in selected_assets() if isinstance(a, unreal.SkeletalMesh)]


def selected_anim_sequences() -> list[Any]:
    return [a for a in selected_assets() if isinstance(a, unreal.AnimSequence)]


def project_saved_dir() -> Path:
    return Path(unreal.Paths.convert_relative_path_to_full(unreal.Paths.project_saved_dir()))


def project_content_dir() -> Path:
    return Path(unreal.Paths.convert_relative_path_to_full(unreal.Paths.project_content_dir()))


def content_path_on_disk(content_path: str) -> Path:
    """``/Game/EngineMind/X`` -> ``<Project>/Content/EngineMind/X``."""
    rel = content_path[len("/Game"):].lstrip("/") if content_path.startswith("/Game") else content_path
    return project_content_dir() / rel


def open_file(path: Path) -> None:
    """Open ``path`` with the system's default application (the review JSON in a text editor)."""
    if sys.platform == "win32":
        os.startfile(str(path))  # type: ignore[attr-defined]
    else:
        subprocess.Popen(["open" if sys.platform == "darwin" else "xdg-open", str(path)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
