"""Plugin settings: ``<Project>/Saved/EngineMind/settings.json`` (or ``$ENGINEMIND_UNREAL_SETTINGS``).

Unknown keys are errors, so a typo does not silently fall back to a default.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from enginemind_unreal.errors import InvalidInput

SETTINGS_ENV = "ENGINEMIND_UNREAL_SETTINGS"


@dataclass
class Settings:
    """What the artist (or a studio) can configure."""

    backend_command: list[str] = dataclasses.field(default_factory=list)
    """Command that starts the backend, e.g. ``["C:/enginemind/.venv/Scripts/enginemind.exe", "serve"]``
    or ``["/opt/em/.venv/bin/python", "-m", "enginemind", "serve"]``; empty: ``enginemind`` on PATH."""
    data_dir: str = ""
    """Backend data dir holding ``server.json`` and ``token``; empty: $ENGINEMIND_DATA_DIR or the per-user one."""
    auto_start_backend: bool = True
    """Start the backend when none answers."""
    start_timeout_s: float = 90.0
    """How long to wait for a started backend to write its discovery file and answer the handshake."""
    rpc_timeout_s: float = 30.0
    """Deadline of each RPC (MapSkeleton, feedback)."""
    handshake_timeout_s: float = 5.0
    default_target: str = "ue5_manny"
    """Mapping target used when the artist picks no target mesh."""
    target_mesh: str = "/Game/Characters/Mannequins/Meshes/SKM_Manny_Simple"
    """Target skeletal mesh for the default target (the UE5 Third Person template's Manny)."""
    target_ik_rig: str = ""
    """Existing target IK Rig to reuse (e.g. ``/Game/Characters/Mannequins/Rigs/IK_Mannequin``); empty: create."""
    output_folder: str = "/Game/EngineMind/Retarget"
    """Content folder for the created IK Rigs, retargeters and review JSON."""
    confidence_threshold: float = 0.6
    """Bones below this confidence are listed for review before assets are created."""
    batch_suffix: str = "_Retargeted"
    """Suffix of batch-retargeted animation sequences."""
    review_in_editor: bool = True
    """Review low-confidence bones in an editable table; off: a Yes/No/Cancel message and the review JSON file."""
    open_review_file: bool = True
    """Open the saved review JSON in the system's editor when the artist chooses to review the mapping."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence_threshold <= 1.0:
            raise InvalidInput(f"confidence_threshold must be within 0..1, got {self.confidence_threshold}")
        for name in ("start_timeout_s", "rpc_timeout_s", "handshake_timeout_s"):
            if getattr(self, name) <= 0:
                raise InvalidInput(f"{name} must be positive, got {getattr(self, name)}")
        if not self.output_folder.startswith("/Game"):
            raise InvalidInput(f"output_folder must be a content path under /Game, got '{self.output_folder}'")
        if isinstance(self.backend_command, str):
            self.backend_command = [self.backend_command]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidInput(f"unknown EngineMind setting(s) {unknown}; known: {sorted(known)}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def settings_path(project_saved_dir: str | os.PathLike[str] | None) -> Path:
    env = os.environ.get(SETTINGS_ENV)
    if env:
        return Path(env).expanduser()
    base = Path(project_saved_dir) if project_saved_dir else Path.home() / ".enginemind"
    return base / "EngineMind" / "settings.json"


def load(path: Path) -> Settings:
    """Read the settings file; a missing file gives the defaults (and is written so the artist can edit it)."""
    if not path.exists():
        settings = Settings()
        save(path, settings)
        return settings
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read EngineMind settings {path}: {exc}; fix or delete the file") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"EngineMind settings {path} must hold a JSON object")
    return Settings.from_dict(data)


def save(path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings.to_dict(), indent=2) + "\n", encoding="utf-8")
