"""The .uplugin: engine plugins the used classes live in, pinned + hashed PythonRequirements that match the
generated code, and a plugin copy of the generated protos that never imports the backend package."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re

import pytest

from enginemind_unreal import _proto
from tests.unreal.conftest import PLUGIN, PLUGIN_PY
from tests.unreal.fake_unreal import SUPPORTED, load_index
from tests.unreal.test_static_names import plugin_files, references

UPLUGIN = json.loads((PLUGIN / "EngineMind.uplugin").read_text(encoding="utf-8"))


def _requirements() -> dict[str, str]:
    reqs = {}
    for block in UPLUGIN["PythonRequirements"]:
        for line in block["Requirements"]:
            name = re.split(r"[=<> ]", line, maxsplit=1)[0].lower()
            reqs[name] = line
    return reqs


@pytest.mark.parametrize("version", SUPPORTED)
def test_required_engine_plugins_are_enabled(version: str) -> None:
    index = load_index(version)
    enabled = {p["Name"] for p in UPLUGIN["Plugins"] if p.get("Enabled")}
    needed = set()
    for path in plugin_files():
        for cls, _member, _line, _conds in references(ast.parse(path.read_text(), str(path))):
            plugin = ((index["classes"].get(cls) or {}).get("cpp") or {}).get("plugin")
            if plugin:
                needed.add(plugin)
    assert needed and needed <= enabled, f"enable {sorted(needed - enabled)} in EngineMind.uplugin"


def test_python_requirements_are_pinned_with_hashes() -> None:
    reqs = _requirements()
    assert {"grpcio", "protobuf"} <= set(reqs), "the editor needs grpcio and protobuf"
    for name, line in reqs.items():
        assert re.match(rf"^{re.escape(name)}==[\w.]+ ", line, re.I), f"{name} must be pinned with =="
        hashes = re.findall(r"--hash=sha256:([0-9a-f]+)", line)
        assert hashes and all(len(h) == 64 for h in hashes), f"{name} needs sha256 hashes"
    assert "torch" not in " ".join(reqs), "torch never enters the editor"


@pytest.mark.parametrize("dist", ["grpcio", "protobuf"])
def test_pins_match_the_versions_the_code_was_generated_with(dist: str) -> None:
    pinned = re.match(rf"{dist}==([\w.]+)", _requirements()[dist]).group(1)  # type: ignore[union-attr]
    assert pinned == importlib.metadata.version(dist), "regenerate _proto or update the pin"


def test_generated_proto_copy_is_self_contained() -> None:
    names = sorted(p.name for p in (PLUGIN_PY / "enginemind_unreal" / "_proto").glob("*_pb2*.py"))
    assert "session_pb2.py" in names and "session_pb2_grpc.py" in names
    for path in (PLUGIN_PY / "enginemind_unreal" / "_proto").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("enginemind."), f"{path.name} imports {node.module}"
    assert _proto.__name__ == "enginemind_unreal._proto"


def test_plugin_never_imports_backend_or_ml_packages() -> None:
    banned = ("enginemind", "torch", "numpy", "onnxruntime", "transformers", "platformdirs")
    for path in plugin_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for mod in mods:
                root = mod.split(".")[0]
                assert root not in banned or mod.startswith("enginemind_unreal"), f"{path}: imports {mod}"


def test_every_wheel_pip_may_pick_is_hashed() -> None:
    """With Pip Strict Hash Check, pip refuses a wheel whose hash is not listed: every wheel pip picks for an editor
    platform (CPython 3.11 in UE 5.4-5.7; data/wheels.json, recorded with `pip download --platform`) must be pinned.
    Before, protobuf's manylinux2014_x86_64 wheel was missing, so Linux editors worked only when the index happened
    to serve the pure-Python wheel."""
    data = json.loads((PLUGIN.parents[1] / "tests" / "unreal" / "data" / "wheels.json").read_text(encoding="utf-8"))
    assert set(data["engine_python"]) == set(SUPPORTED)
    assert all(v.startswith("3.11.") for v in data["engine_python"].values()), "wheels are cp311/abi3"
    reqs = _requirements()
    for wheel in data["wheels"]:
        line = reqs[wheel["package"]]
        assert f"--hash=sha256:{wheel['sha256']}" in line, f"{wheel['file']} is not pinned in EngineMind.uplugin"
        version = re.search(r"==([\w.]+)", line).group(1)  # type: ignore[union-attr]
        assert f"-{version}-" in wheel["file"], f"{wheel['file']} is not the pinned {wheel['package']}=={version}"
    for platform in data["platforms"]:
        for package in ("grpcio", "protobuf", "typing-extensions"):
            picked = [w for w in data["wheels"] if w["package"] == package and platform in w["platforms"]]
            assert len(picked) == 1, f"{package} on {platform}: {picked}"
