"""Engine version parsing and the choice of API branch (plain Python; tests feed any version string).

Branches (see docs/unreal.md and ../shared/reference/engine_plugin_apis.md section 3):
- IK Rig solvers: UObject classes (``add_solver(unreal.IKRigFBIKSolver)``, ``set_root_bone``) up to 5.5;
  struct solvers by path (``add_solver("/Script/IKRig.IKRigFullBodyIKSolver")``, ``set_start_bone``) from 5.6.
- Retargeter: 5.4/5.5 fixed FK pipeline (+ ``auto_align_all_bones(target)``); from 5.6 an op stack
  (``remove_all_ops``/``add_default_ops``, ``auto_align_all_bones(target, method)``); 5.7 adds
  ``assign_ik_rig_to_all_ops``.
- Batch retarget: ``duplicate_and_retarget(..., include_referenced_assets)`` in 5.4-5.6; 5.7 adds
  ``overwrite_existing_files``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from enginemind_unreal.errors import UnsupportedEngine

MIN_SUPPORTED = (5, 4)
"""5.3 ships Python 3.9 and the pinned grpcio needs 3.10+, so 5.3 is refused with a clear message."""
NEWEST_CHECKED = (5, 7)
"""Newest version with an API index (partial for 5.7); newer versions run the newest branch with a warning."""


@dataclass(frozen=True, order=True)
class EngineVersion:
    """``major.minor.patch`` of the running editor."""

    major: int
    minor: int
    patch: int = 0

    @classmethod
    def parse(cls, text: str) -> EngineVersion:
        """Parse ``SystemLibrary.get_engine_version()`` output such as ``5.5.4-40574608+++UE5+Release-5.5``."""
        m = re.match(r"\s*(\d+)\.(\d+)(?:\.(\d+))?", str(text))
        if not m:
            raise UnsupportedEngine(f"cannot read the engine version from '{text}'")
        return cls(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))

    @property
    def short(self) -> tuple[int, int]:
        return (self.major, self.minor)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def check_supported(self) -> None:
        if self.short < MIN_SUPPORTED:
            raise UnsupportedEngine(
                f"EngineMind needs Unreal Engine 5.4 or later (this editor is {self}); 5.3 and older embed "
                "Python 3.9, for which the pinned grpcio has no wheels"
            )

    @property
    def is_newer_than_checked(self) -> bool:
        return self.short > NEWEST_CHECKED

    # ---- API branches --------------------------------------------------------------------------------------
    @property
    def struct_solvers(self) -> bool:
        """IK Rig solvers are structs added by path (5.6+)."""
        return self.short >= (5, 6)

    @property
    def retarget_op_stack(self) -> bool:
        """The retargeter is a stack of struct ops (5.6+)."""
        return self.short >= (5, 6)

    @property
    def assign_ik_rig_to_all_ops(self) -> bool:
        return self.short >= (5, 7)

    @property
    def batch_overwrite_flag(self) -> bool:
        """``duplicate_and_retarget`` has ``overwrite_existing_files`` (5.7+)."""
        return self.short >= (5, 7)

    @property
    def index_name(self) -> str:
        """The API index (``ue5.X.json``) that describes this engine."""
        short = min(max(self.short, MIN_SUPPORTED), NEWEST_CHECKED)
        return f"ue{short[0]}.{short[1]}"
