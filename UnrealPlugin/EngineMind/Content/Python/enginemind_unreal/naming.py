"""Asset names that never overwrite an existing asset unless the artist agreed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_INVALID = re.compile(r"[^A-Za-z0-9_]+")
MAX_NAME = 64


def sanitize(name: str) -> str:
    """A valid Unreal asset name: letters, digits and ``_`` (``mixamorig:Hips`` -> ``mixamorig_Hips``)."""
    clean = _INVALID.sub("_", name).strip("_") or "Asset"
    if clean[0].isdigit():
        clean = "A_" + clean
    return clean[:MAX_NAME]


def join(folder: str, name: str) -> str:
    return folder.rstrip("/") + "/" + name


def unique_name(folder: str, base: str, exists: Callable[[str], bool], taken: set[str] | None = None) -> str:
    """``base``, or ``base_2``, ``base_3``... : the first name for which ``exists(folder/name)`` is false."""
    taken = taken or set()
    base = sanitize(base)
    candidate, n = base, 1
    while exists(join(folder, candidate)) or candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
        if n > 9999:
            raise RuntimeError(f"no free asset name for {join(folder, base)}")
    return candidate


@dataclass
class AssetNames:
    """Planned asset names of one retarget, and which existing assets they replace."""

    folder: str
    source_rig: str
    target_rig: str
    retargeter: str
    overwrite: tuple[str, ...] = ()
    reused_target_rig: str = ""
    """Full object path of an existing target IK Rig that is used as is (nothing created for it)."""

    def path(self, name: str) -> str:
        return join(self.folder, name)


def plan_names(folder: str, mesh_name: str, target_name: str, exists: Callable[[str], bool], *,
               overwrite: bool = False, reuse_target_rig: str = "") -> AssetNames:
    """Names for ``IK_<mesh>``, ``IK_<target>`` and ``RTG_<mesh>_to_<target>`` in ``folder``.

    With ``overwrite`` the plain names are kept and those that exist are listed in ``overwrite``; otherwise
    a free ``_2``, ``_3`` ... suffix is chosen. ``reuse_target_rig`` (an asset path) skips the target rig.
    """
    mesh, target = sanitize(mesh_name), sanitize(target_name)
    bases = [f"IK_{mesh}", f"IK_{target}", f"RTG_{mesh}_to_{target}"]
    if bases[0] == bases[1]:
        bases[1] = f"IK_{target}_Target"
    wanted = [0, 2] if reuse_target_rig else [0, 1, 2]
    names = list(bases)
    replaced: tuple[str, ...] = ()
    if overwrite:
        replaced = tuple(join(folder, bases[i]) for i in wanted if exists(join(folder, bases[i])))
    else:
        taken: set[str] = set()
        for i in wanted:
            names[i] = unique_name(folder, bases[i], exists, taken)
            taken.add(names[i])
    if reuse_target_rig:
        names[1] = ""
    return AssetNames(folder, names[0], names[1], names[2], replaced, reuse_target_rig)
