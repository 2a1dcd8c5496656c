"""Compile and run the Unity package's C# with Mono (mcs/mono from Debian's mono-mcs and mono-devel)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PKG = REPO / "UnityPackage" / "com.enginemind.editor"
HERE = Path(__file__).resolve().parent
STANDINS = HERE / "standins"
UNITY_INDEX = REPO.parent / "shared" / "unity_api" / "unity_api_index.json"
LANG = "-langversion:7.2"  # C# that Unity 2022.3 (C# 9) and Mono's mcs both accept
GENERATED_NOWARN = "-nowarn:1591,0612,3021,8981,0067"
MISSING = "mcs/mono not installed: run tools/install_mono.sh (apt-get install mono-mcs mono-devel)"


def have_mono() -> bool:
    return shutil.which("mcs") is not None and shutil.which("mono") is not None


def sources(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.cs"))


def mcs(out: Path, files: list[str], refs: list[str] | None = None, target: str = "library",
        extra: list[str] | None = None) -> str:
    """Compile with mcs; raise AssertionError with the compiler's messages on failure. Returns its output."""
    args = ["mcs", LANG, f"-target:{target}", f"-out:{out}", "-r:System.Core.dll", "-r:System.Net.Http.dll"]
    args += [f"-r:{r}" for r in refs or []] + (extra or []) + files
    result = subprocess.run(args, check=False, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    if result.returncode != 0 or not out.exists():
        errors = "\n".join(line for line in output.splitlines() if "error" in line) or output
        raise AssertionError(f"mcs failed for {out.name}:\n{errors}")
    return output


def run_mono(exe: Path, *args: str, stdin: str | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mono", "--debug", str(exe), *args], check=False, input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def build_core_runner(build: Path) -> Path:
    """Core + its NUnit-style tests + the tiny runner (tests/unity/cs) as one exe."""
    exe = build / "EngineMind.CoreTests.exe"
    files = sources(PKG / "Core") + sources(PKG / "Tests" / "Editor" / "Core") + sources(HERE / "cs")
    files = [f for f in files if not f.endswith("DumpApi.cs")]
    mcs(exe, files, target="exe", extra=["-debug"])
    return exe


# precompiledReferences of the asmdefs -> the stand-in built for each (None: listed but no types used from it)
PRECOMPILED = {
    "Google.Protobuf.dll": "Google.Protobuf",
    "Grpc.Core.Api.dll": "Grpc.Core.Api",
    "Grpc.Net.Client.dll": "Grpc.Net.Client",
    "Grpc.Net.Common.dll": None,
    "nunit.framework.dll": "nunit.framework",
}
UNITY_ASSEMBLIES = {"UnityEngine.TestRunner", "UnityEditor.TestRunner"}  # provided by the Unity Test Framework

# What a project has installed: UPM package -> the DLLs it brings (UnityNuGet packages carry their NuGet
# dependencies as UPM dependencies, so org.nuget.grpc.net.client brings Grpc.Core.Api and Grpc.Net.Common).
PACKAGE_DLLS = {
    "org.nuget.google.protobuf": {"Google.Protobuf.dll"},
    "org.nuget.grpc.net.client": {"Grpc.Net.Client.dll", "Grpc.Net.Common.dll", "Grpc.Core.Api.dll"},
    "com.cysharp.yetanotherhttphandler": set(),
    "com.unity.test-framework": {"nunit.framework.dll"},
}
EVERYTHING = frozenset(PACKAGE_DLLS)
"""The documented install: all dependencies present (and the Unity Test Framework, which Unity ships)."""
BARE = frozenset({"com.unity.test-framework"})
"""The package added to a project that has none of its dependencies."""


def define_constraint_ok(defines: set[str], constraint: str) -> bool:
    """One defineConstraints entry as Unity evaluates it (UnityCsReference Editor/Mono/Scripting/ScriptCompilation/
    DefineConstraintsHelper.cs, IsDefineConstraintValid): tokens split on "||"; "!X" is a negation; the entry holds
    when any expected symbol is defined or (with negations) none of the negated ones is. All entries must hold."""
    tokens = [t.strip(" \t") for t in re.split(r"(\|\|)", constraint)]
    if any(a == b == "||" for a, b in zip(tokens, tokens[1:], strict=False)):
        return False
    nots = {t[1:] for t in tokens if t.startswith("!") and t != "||"}
    wanted = {t for t in tokens if not t.startswith("!") and t != "||"}
    if any(not t or any(c in t for c in " \t\r\n") for t in wanted | nots):
        return False
    if wanted & nots:
        wanted, nots = wanted - nots, nots - wanted
    if nots and not wanted:
        return not (nots & defines)
    if wanted and not nots:
        return bool(wanted & defines)
    return bool(wanted & defines) or not (nots & defines)


def asmdef_defines(spec: dict, packages: frozenset[str], scripting: frozenset[str] = frozenset()) -> set[str]:
    """Symbols defined for one assembly: its versionDefines whose package is installed (any version here), the
    project's Scripting Define Symbols, and UNITY_INCLUDE_TESTS (the Test Framework is a default package)."""
    defines = set(scripting) | {"UNITY_INCLUDE_TESTS", "UNITY_EDITOR"}
    defines |= {v["define"] for v in spec.get("versionDefines", []) if v["name"] in packages}
    return defines


def build_standins(build: Path) -> dict[str, Path]:
    out = {name: build / f"{name}.dll"
           for name in ("Google.Protobuf", "Grpc.Core.Api", "Grpc.Net.Client", "UnityStandIns", "nunit.framework")}
    mcs(out["Google.Protobuf"], [str(STANDINS / "GoogleProtobuf.cs")], extra=[GENERATED_NOWARN])
    mcs(out["Grpc.Core.Api"], [str(STANDINS / "GrpcCoreApi.cs")])
    mcs(out["Grpc.Net.Client"], [str(STANDINS / "GrpcNetClient.cs")], refs=[str(out["Grpc.Core.Api"])])
    mcs(out["UnityStandIns"], sources(STANDINS / "Unity"), extra=["-nowarn:0067"])
    mcs(out["nunit.framework"], [str(HERE / "cs" / "NUnitShim.cs")])
    return out


def asmdef_sources(asmdef: Path) -> list[str]:
    """The scripts Unity compiles into this asmdef: its folder, minus sub-folders that have their own asmdef."""
    root = asmdef.parent
    others = [p.parent for p in root.rglob("*.asmdef") if p != asmdef]
    return [f for f in sources(root) if not any(Path(f).is_relative_to(o) for o in others)]


def build_asmdef(asmdef: Path, build: Path, standins: dict[str, Path], built: dict[str, Path],
                 packages: frozenset[str] = EVERYTHING, scripting: frozenset[str] = frozenset()) -> Path | None:
    """Compile one asmdef as Unity would in a project with ``packages`` installed: skipped (None) when its
    defineConstraints do not hold; otherwise with exactly the references it declares, a precompiled reference
    whose DLL is not installed being left out (and Unity only without noEngineReferences)."""
    spec = json.loads(asmdef.read_text(encoding="utf-8"))
    defines = asmdef_defines(spec, packages, scripting)
    if not all(define_constraint_ok(defines, c) for c in spec.get("defineConstraints", [])):
        return None
    installed = set().union(*(PACKAGE_DLLS.get(p, set()) for p in packages))
    refs = []
    for name in spec.get("references", []):
        if name in UNITY_ASSEMBLIES:
            continue
        assert name in built, f"{asmdef.name} references {name}, which is not built (yet)"
        refs.append(str(built[name]))
    for dll in spec.get("precompiledReferences", []) if spec.get("overrideReferences") else []:
        assert dll in PRECOMPILED, f"{asmdef.name}: unknown precompiled reference {dll}"
        if PRECOMPILED[dll] and dll in installed:
            refs.append(str(standins[PRECOMPILED[dll]]))
    if not spec.get("overrideReferences"):
        refs += [str(standins[PRECOMPILED[d]]) for d in sorted(installed) if PRECOMPILED.get(d)]
    if not spec.get("noEngineReferences"):
        refs.append(str(standins["UnityStandIns"]))
    out = build / f"{spec['name']}.dll"
    mcs(out, asmdef_sources(asmdef), refs=refs, extra=[GENERATED_NOWARN, *(f"-define:{d}" for d in sorted(defines))])
    built[spec["name"]] = out
    return out


ASMDEFS = (
    "Core/EngineMind.Core.asmdef",
    "Setup/EngineMind.Setup.asmdef",
    "Editor/EngineMind.Editor.asmdef",
    "Tests/Editor/EngineMind.Editor.Tests.asmdef",
    "Samples~/SkeletonExport/EngineMind.Samples.SkeletonExport.asmdef",
)


def build_all(build: Path, standins: dict[str, Path], packages: frozenset[str] = EVERYTHING) -> dict[str, Path]:
    """Every assembly of the package that Unity compiles with ``packages`` installed, in dependency order."""
    built: dict[str, Path] = {}
    for rel in ASMDEFS:
        build_asmdef(PKG / rel, build, standins, built, packages)
    return built


def build_dumper(build: Path) -> Path:
    exe = build / "DumpApi.exe"
    mcs(exe, [str(HERE / "cs" / "DumpApi.cs")], target="exe")
    return exe
