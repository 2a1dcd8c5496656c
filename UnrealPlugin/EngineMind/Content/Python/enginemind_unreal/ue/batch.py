"""Batch-retarget Animation Sequences with the new retargeter, then save what the batch made.

One ``duplicate_and_retarget`` call for all sequences: with ``include_referenced_assets`` the engine duplicates the
assets the sequences reference once per call, so calls in chunks duplicated a shared referenced sequence once
per chunk. ``duplicate_and_retarget(..., include_referenced_assets)`` in 5.4-5.6; 5.7 adds
``overwrite_existing_files``. The duplicates are created unsaved; they are saved here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import unreal

from enginemind_unreal.ue import assets
from enginemind_unreal.version import EngineVersion


def retarget_animations(anims: list[Any], source_mesh: Any, target_mesh: Any, rtg: Any, suffix: str,
                        version: EngineVersion, step: Callable[[str], bool] | None = None) -> list[str]:
    """Duplicate and retarget ``anims`` (each once) and save the results; ``step(description)`` returning False
    (the artist cancelled) stops before the batch starts. Returns the package paths the batch created."""
    paths = list(dict.fromkeys(a.get_path_name() for a in anims))
    if not paths or (step is not None and not step(f"Retargeting {len(paths)} animation(s)")):
        return []
    data = [unreal.EditorAssetLibrary.find_asset_data(p) for p in paths]
    if version.batch_overwrite_flag:
        out = unreal.IKRetargetBatchOperation.duplicate_and_retarget(
            data, source_mesh, target_mesh, rtg, search="", replace="", prefix="", suffix=suffix,
            include_referenced_assets=True, overwrite_existing_files=False)
    else:
        out = unreal.IKRetargetBatchOperation.duplicate_and_retarget(
            data, source_mesh, target_mesh, rtg, search="", replace="", prefix="", suffix=suffix,
            include_referenced_assets=True)
    created = list(dict.fromkeys(str(d.package_name) for d in out or []))
    for path in created:
        assets.save_path(path)
    return created
