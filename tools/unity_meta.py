"""Write the Unity .meta files of UnityPackage/com.enginemind.editor (deterministic GUIDs).

Unity ignores assets without a .meta file in immutable packages (installed from git or a tarball), so every file
and folder of the package needs one committed. Folders ending in '~' (Documentation~, Samples~) are not imported
and need none. ``--check`` lists missing or orphaned .meta files and exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "UnityPackage" / "com.enginemind.editor"

_TAIL = "  externalObjects: {}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n"
_IMPORTERS = {
    ".cs": "MonoImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  defaultReferences: []\n"
    "  executionOrder: 0\n  icon: {instanceID: 0}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n",
    ".asmdef": "AssemblyDefinitionImporter:\n" + _TAIL,
    ".uss": "ScriptedImporter:\n  internalIDToNameTable: []\n  externalObjects: {}\n  serializedVersion: 2\n"
    "  userData: \n  assetBundleName: \n  assetBundleVariant: \n"
    "  script: {fileID: 12385, guid: 0000000000000000e000000000000000, type: 0}\n  disableValidation: 0\n",
}


def guid(rel: str) -> str:
    """Stable GUID from the path inside the package (so regenerating never changes it)."""
    return hashlib.md5(f"com.enginemind.editor/{rel}".encode()).hexdigest()


def meta_text(path: Path) -> str:
    rel = path.relative_to(PACKAGE).as_posix()
    head = f"fileFormatVersion: 2\nguid: {guid(rel)}\n"
    if path.is_dir():
        return head + "folderAsset: yes\nDefaultImporter:\n" + _TAIL
    if path.name == "package.json":
        return head + "PackageManifestImporter:\n" + _TAIL
    if path.suffix in _IMPORTERS:
        return head + _IMPORTERS[path.suffix]
    if path.suffix in (".md", ".json", ".txt"):
        return head + "TextScriptImporter:\n" + _TAIL
    return head + "DefaultImporter:\n" + _TAIL


def assets(package: Path = PACKAGE) -> list[Path]:
    """Files and folders Unity imports: not hidden, not .meta, not inside a folder ending in '~'."""
    out = []
    for p in sorted(package.rglob("*")):
        parts = p.relative_to(package).parts
        if any(part.startswith(".") or part.endswith("~") for part in parts) or p.suffix == ".meta":
            continue
        out.append(p)
    return out


def problems(package: Path = PACKAGE) -> list[str]:
    found = []
    wanted = {Path(str(p) + ".meta") for p in assets(package)}
    for meta in wanted:
        if not meta.exists():
            found.append(f"missing {meta.relative_to(package)}")
    for meta in package.rglob("*.meta"):
        parts = meta.relative_to(package).parts
        if meta not in wanted and not any(part.endswith("~") for part in parts):
            found.append(f"orphaned {meta.relative_to(package)}")
    return sorted(found)


def write(package: Path = PACKAGE) -> int:
    """Create missing .meta files and delete orphaned ones; returns how many files changed."""
    changed = 0
    wanted = set()
    for p in assets(package):
        meta = Path(str(p) + ".meta")
        wanted.add(meta)
        if not meta.exists():
            meta.write_text(meta_text(p))
            changed += 1
    for meta in package.rglob("*.meta"):
        parts = meta.relative_to(package).parts
        if meta not in wanted and not any(part.endswith("~") for part in parts):
            meta.unlink()
            changed += 1
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail on missing or orphaned .meta files")
    args = parser.parse_args()
    if args.check:
        found = problems()
        if found:
            print("Unity .meta files out of date (run python tools/unity_meta.py):", ", ".join(found))
            return 1
        print("Unity .meta files complete")
        return 0
    print(f"updated {write()} .meta files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
