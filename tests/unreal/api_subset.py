"""Write the committed subset of the Unreal API indexes (tests/unreal/api_index/) used when ../shared is absent.

The subset keeps every class the plugin or the fake editor names (plus all their bases) exactly as in the full
index, so the tests behave the same with either. ``test_api_subset.py`` fails when the subset drifts.
Run: ``python -m tests.unreal.api_subset`` (needs ../shared/unreal_api or $ENGINEMIND_UNREAL_API_DIR).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from tests.unreal.conftest import PLUGIN_PY

HERE = Path(__file__).resolve().parent
OUT = HERE / "api_index"
FILES = ("ue5.4", "ue5.5", "ue5.6", "ue5.7")
_PATTERNS = (re.compile(r"\bunreal\.([A-Za-z_]\w*)"), re.compile(r"\bu\(\)\.([A-Z]\w*)"),
             re.compile(r"\bu\.([A-Z]\w*)"), re.compile(r'"([A-Z_]\w*)\.\w+"'))


def referenced_names() -> set[str]:
    names: set[str] = set()
    sources = [p for p in PLUGIN_PY.rglob("*.py") if "_proto" not in p.parts] + sorted(HERE.glob("*.py"))
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in _PATTERNS:
            names |= set(pattern.findall(text))
    return names


def subset(index: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
    classes = index["classes"]
    keep: set[str] = set()
    todo = [n for n in wanted if n in classes]
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        todo += [b for b in classes[name].get("bases", []) if b in classes]
    out = {k: v for k, v in index.items() if k != "classes"}
    out["subset_of"] = "full index in ../shared/unreal_api (see its README); classes named by the plugin + bases"
    out["classes"] = {n: classes[n] for n in sorted(keep)}
    return out


def build(full_dir: Path) -> dict[str, str]:
    wanted = referenced_names()
    partial_names: set[str] = set()
    for name in ("ue5.7",):
        partial_names |= set(json.loads((full_dir / f"{name}.json").read_text(encoding="utf-8"))["classes"])
    result = {}
    for name in FILES:
        index = json.loads((full_dir / f"{name}.json").read_text(encoding="utf-8"))
        result[name] = json.dumps(subset(index, wanted | partial_names), indent=0, sort_keys=True) + "\n"
    return result


def main() -> int:
    from tests.unreal.fake_unreal import api_dir

    full = api_dir()
    if full.resolve() == OUT.resolve():
        print("the full indexes are not available (../shared/unreal_api or $ENGINEMIND_UNREAL_API_DIR)")
        return 1
    OUT.mkdir(exist_ok=True)
    for name, text in build(full).items():
        (OUT / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"wrote {OUT / name}.json ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
