"""Create, find, save and (only when nothing else uses them) delete the IK Rig / IK Retargeter assets.

``EditorAssetLibrary.delete_asset`` force-deletes (``ObjectTools::ForceDeleteObjects``: references to the asset
are nulled and its editors closed), so this module never deletes an asset that another package references.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import unreal

from enginemind_unreal.errors import EngineMindError


def exists(path: str) -> bool:
    return bool(unreal.EditorAssetLibrary.does_asset_exist(path))


def load(path: str) -> Any:
    return unreal.EditorAssetLibrary.load_asset(path)


def package_of(path: str) -> str:
    """``/Game/A/B.B`` -> ``/Game/A/B``."""
    head, _, tail = str(path).rpartition("/")
    return f"{head}/{tail.split('.')[0]}"


def referencers(path: str, ignore: Iterable[str] = ()) -> list[str]:
    """Packages that reference ``path`` (loaded to confirm), except ``path`` itself and those in ``ignore``."""
    skip = {package_of(p) for p in ignore} | {package_of(path)}
    found = unreal.EditorAssetLibrary.find_package_referencers_for_asset(path, True) or []
    return sorted({str(p) for p in found} - skip)


def delete_unreferenced(paths: list[str]) -> list[str]:
    """Delete ``paths`` in order, each only if no other package references it (the ones deleted earlier in the
    list, and the rest of the list, do not count). Raises before deleting anything when one is still in use."""
    for path in paths:
        users = referencers(path, ignore=paths)
        if users:
            raise EngineMindError(f"{path} is used by {', '.join(users)}; it is kept (nothing was deleted)")
    deleted = []
    for path in paths:
        if exists(path):
            if not unreal.EditorAssetLibrary.delete_asset(path):
                raise EngineMindError(f"could not delete {path} (read-only or checked out?); deleted so far: {deleted}")
            deleted.append(path)
    return deleted


def _create(folder: str, name: str, asset_class: Any, factory: Any) -> Any:
    path = f"{folder}/{name}"
    if exists(path):
        raise EngineMindError(f"{path} already exists; pick another name (existing assets are never overwritten here)")
    if not unreal.EditorAssetLibrary.does_directory_exist(folder):
        unreal.EditorAssetLibrary.make_directory(folder)
    asset = unreal.AssetToolsHelpers.get_asset_tools().create_asset(name, folder, asset_class, factory)
    if asset is None:
        raise EngineMindError(f"Unreal could not create {path} (invalid name or the IK Rig plugin is disabled)")
    return asset


def create_ik_rig(folder: str, name: str) -> Any:
    return _create(folder, name, unreal.IKRigDefinition, unreal.IKRigDefinitionFactory())


def create_retargeter(folder: str, name: str) -> Any:
    return _create(folder, name, unreal.IKRetargeter, unreal.IKRetargetFactory())


def save(asset: Any) -> None:
    if not unreal.EditorAssetLibrary.save_loaded_asset(asset, False):
        unreal.log_warning(f"[EngineMind] could not save {asset.get_path_name()} (read-only or checked out?)")


def save_path(path: str) -> bool:
    """Save the asset at ``path`` even if it is not marked dirty; False (and a warning) when it cannot be."""
    ok = bool(unreal.EditorAssetLibrary.save_asset(path, False))
    if not ok:
        unreal.log_warning(f"[EngineMind] could not save {path} (read-only or checked out?)")
    return ok


def asset_data(asset: Any) -> Any:
    return unreal.EditorAssetLibrary.find_asset_data(asset.get_path_name())
