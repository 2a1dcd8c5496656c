"""Every assembly of the package compiles, each against only the references its asmdef declares: the plain Core,
the editor (generated messages, transport, window, skeleton tools) against Unity/gRPC/protobuf stand-ins, the Unity
test assembly and the sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unity import mono


def test_all_assemblies_compile(assemblies: dict[str, Path]) -> None:
    assert set(assemblies) == {"EngineMind.Core", "EngineMind.Setup", "EngineMind.Editor", "EngineMind.Editor.Tests",
                               "EngineMind.Samples.SkeletonExport"}
    assert assemblies["EngineMind.Editor"].stat().st_size > 50_000


@pytest.mark.parametrize(
    "packages",
    [mono.BARE,
     mono.BARE | {"org.nuget.google.protobuf", "com.cysharp.yetanotherhttphandler"},  # Grpc.Net.Client missing
     mono.EVERYTHING - {"com.cysharp.yetanotherhttphandler"}],
    ids=["nothing", "no-grpc", "no-handler"],
)
def test_project_without_the_dependencies_compiles(tmp_path: Path, standins: dict[str, Path],
                                                   packages: frozenset[str]) -> None:
    """Added by git URL or from disk to a project without (all) the dependencies: no compile error; only the plain
    assemblies are built, and the Setup window (always built) tells the user what to install."""
    built = mono.build_all(tmp_path, standins, packages)
    assert set(built) == {"EngineMind.Core", "EngineMind.Setup", "EngineMind.Samples.SkeletonExport"}


def test_without_define_constraints_a_missing_dll_breaks_compilation(tmp_path: Path,
                                                                    standins: dict[str, Path]) -> None:
    """The failure the constraints prevent: the editor asmdef compiled without Google.Protobuf.dll."""
    src = mono.PKG / "Editor" / "EngineMind.Editor.asmdef"
    spec = json.loads(src.read_text())
    spec["defineConstraints"] = []
    folder = tmp_path / "pkg"
    for f in mono.asmdef_sources(src):
        rel = Path(f).relative_to(src.parent)
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(Path(f).read_text(encoding="utf-8"))
    (folder / src.name).write_text(json.dumps(spec))
    built: dict[str, Path] = {}
    mono.build_asmdef(mono.PKG / "Core" / "EngineMind.Core.asmdef", tmp_path, standins, built, mono.BARE)
    with pytest.raises(AssertionError, match="Google"):
        mono.build_asmdef(folder / src.name, tmp_path, standins, built, mono.BARE)


@pytest.mark.parametrize(
    ("defines", "constraint", "expected"),
    [({"A"}, "A", True), (set(), "A", False), ({"B"}, "A || B", True), (set(), "A || B", False),
     (set(), "!A", True), ({"A"}, "!A", False), ({"A"}, "A || || B", False), ({"C"}, "A || !B", True)],
)
def test_define_constraint_evaluation_follows_unity(defines: set[str], constraint: str, expected: bool) -> None:
    assert mono.define_constraint_ok(defines, constraint) is expected


def test_asmdefs_cover_every_script() -> None:
    covered = {f for rel in mono.ASMDEFS for f in mono.asmdef_sources(mono.PKG / rel)}
    everything = set(mono.sources(mono.PKG))
    assert everything == covered, sorted(everything - covered)


@pytest.mark.parametrize(
    ("asmdef", "change", "expected"),
    [
        # Core must not see Unity: with noEngineReferences the UnityEngine stand-ins are not referenced
        ("Core/EngineMind.Core.asmdef", None, "UnityEngine"),
        # the editor without Grpc.Net.Client.dll in precompiledReferences cannot compile
        ("Editor/EngineMind.Editor.asmdef", ("precompiledReferences", ["Google.Protobuf.dll", "Grpc.Core.Api.dll"]),
         "GrpcChannel"),
    ],
)
def test_asmdef_references_are_enforced(tmp_path: Path, standins: dict[str, Path], assemblies: dict[str, Path],
                                        asmdef: str, change: tuple | None, expected: str) -> None:
    folder = tmp_path / "pkg"
    src = mono.PKG / asmdef
    spec = json.loads(src.read_text())
    if change:
        spec[change[0]] = change[1]
    folder.mkdir()
    (folder / src.name).write_text(json.dumps(spec))
    files = mono.asmdef_sources(src)
    if change is None:  # a Core file that (wrongly) uses UnityEngine
        (folder / "Bad.cs").write_text("class Bad { UnityEngine.Vector3 m_V; }\n")
    for f in files:
        rel = Path(f).relative_to(src.parent)
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(Path(f).read_text(encoding="utf-8"))
    built = {k: v for k, v in assemblies.items() if k == "EngineMind.Core"}
    with pytest.raises(AssertionError, match=expected):
        mono.build_asmdef(folder / src.name, tmp_path, standins, built)


def test_editor_code_uses_only_standin_unity_types() -> None:
    """A cheap guard next to the compile: no reflection tricks to reach Unity APIs the stand-ins do not declare."""
    for path in (mono.PKG / "Editor").rglob("*.cs"):
        text = path.read_text(encoding="utf-8")
        assert "GetMethod(" not in text and "InvokeMember(" not in text, path


def test_compile_fails_on_an_unknown_unity_member(tmp_path: Path, standins: dict[str, Path]) -> None:
    """The stand-ins really constrain the code: calling an API they lack is a compile error."""
    src = tmp_path / "Bad.cs"
    src.write_text("class Bad { void M(UnityEngine.UIElements.VisualElement e) { e.Foo(); } }\n")
    with pytest.raises(AssertionError, match="Foo"):
        mono.mcs(tmp_path / "Bad.dll", [str(src)], refs=[str(standins["UnityStandIns"])])
