"""Create, find and save the IK Rig / IK Retargeter assets."""

from __future__ import annotations

from typing import Any

import unreal

from enginemind_unreal.errors import EngineMindError


def exists(path: str) -> bool:
    return bool(unreal.EditorAssetLibrary.does_asset_exist(path))


def load(path: str) -> Any:
    return unreal.EditorAssetLibrary.load_asset(path)


def _create(folder: str, name: str, asset_class: Any, factory: Any, replace: bool) -> Any:
    path = f"{folder}/{name}"
    if exists(path):
        if not replace:
            raise EngineMindError(f"{path} already exists and was not to be replaced; pick another name")
        if not unreal.EditorAssetLibrary.delete_asset(path):
            raise EngineMindError(f"cannot replace {path}: it is in use or read-only; close its editor and retry")
    if not unreal.EditorAssetLibrary.does_directory_exist(folder):
        unreal.EditorAssetLibrary.make_directory(folder)
    asset = unreal.AssetToolsHelpers.get_asset_tools().create_asset(name, folder, asset_class, factory)
    if asset is None:
        raise EngineMindError(f"Unreal could not create {path} (invalid name or the IK Rig plugin is disabled)")
    return asset


def create_ik_rig(folder: str, name: str, replace: bool = False) -> Any:
    return _create(folder, name, unreal.IKRigDefinition, unreal.IKRigDefinitionFactory(), replace)


def create_retargeter(folder: str, name: str, replace: bool = False) -> Any:
    return _create(folder, name, unreal.IKRetargeter, unreal.IKRetargetFactory(), replace)


def save(asset: Any) -> None:
    if not unreal.EditorAssetLibrary.save_loaded_asset(asset, False):
        unreal.log_warning(f"[EngineMind] could not save {asset.get_path_name()} (read-only or checked out?)")


def asset_data(asset: Any) -> Any:
    return unreal.EditorAssetLibrary.find_asset_data(asset.get_path_name())
