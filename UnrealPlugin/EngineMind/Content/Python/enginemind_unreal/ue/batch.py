"""Batch-retarget Animation Sequences with the new retargeter (in chunks so the artist can cancel).

``duplicate_and_retarget(..., include_referenced_assets)`` in 5.4-5.6; 5.7 adds ``overwrite_existing_files``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import unreal

from enginemind_unreal.version import EngineVersion

CHUNK = 8


def retarget_animations(anims: list[Any], source_mesh: Any, target_mesh: Any, rtg: Any, suffix: str,
                        version: EngineVersion, step: Callable[[str], bool] | None = None) -> list[str]:
    """Duplicate and retarget ``anims``; ``step(description)`` returning False stops between chunks."""
    data = [unreal.EditorAssetLibrary.find_asset_data(a.get_path_name()) for a in anims]
    created: list[str] = []
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        if step is not None and not step(f"Retargeting animations {start + 1}-{start + len(chunk)} of {len(data)}"):
            break
        if version.batch_overwrite_flag:
            out = unreal.IKRetargetBatchOperation.duplicate_and_retarget(
                chunk, source_mesh, target_mesh, rtg, search="", replace="", prefix="", suffix=suffix,
                include_referenced_assets=True, overwrite_existing_files=False)
        else:
            out = unreal.IKRetargetBatchOperation.duplicate_and_retarget(
                chunk, source_mesh, target_mesh, rtg, search="", replace="", prefix="", suffix=suffix,
                include_referenced_assets=True)
        created += [str(d.package_name) for d in out or []]
    return created
