"""The UPM package is laid out the way Unity needs: manifest, asmdefs per layer, .meta files, docs."""

from __future__ import annotations

import json
import re
import sys

from tests.unity import mono

PKG = mono.PKG
sys.path.insert(0, str(mono.REPO / "tools"))
import unity_meta  # noqa: E402  (tools/ is not a package)


def asmdef(rel: str) -> dict:
    return json.loads((PKG / rel).read_text(encoding="utf-8"))


def test_manifest() -> None:
    manifest = json.loads((PKG / "package.json").read_text(encoding="utf-8"))
    assert manifest["name"] == "com.enginemind.editor"
    assert re.fullmatch(r"\d+\.\d+\.\d+(-[\w.]+)?", manifest["version"])
    version_cs = (PKG / "Core" / "PackageVersion.cs").read_text(encoding="utf-8")
    assert f'k_Value = "{manifest["version"]}"' in version_cs, "Core/PackageVersion.cs must match package.json"
    assert manifest["unity"] == "2022.3" and manifest["displayName"] and manifest["description"]
    for sample in manifest["samples"]:
        folder = PKG / sample["path"]
        assert sample["path"].startswith("Samples~/") and list(folder.glob("*.asmdef")), sample
    assert (PKG / "CHANGELOG.md").exists() and (PKG / "Documentation~" / "index.md").exists()


def test_assembly_definitions() -> None:
    core = asmdef("Core/EngineMind.Core.asmdef")
    assert core["name"] == "EngineMind.Core" and core["noEngineReferences"] is True
    assert core["includePlatforms"] == ["Editor"]
    editor = asmdef("Editor/EngineMind.Editor.asmdef")
    assert editor["name"] == "EngineMind.Editor" and editor["references"] == ["EngineMind.Core"]
    assert editor["includePlatforms"] == ["Editor"] and editor["overrideReferences"] is True
    assert {"Google.Protobuf.dll", "Grpc.Core.Api.dll", "Grpc.Net.Client.dll"} <= set(editor["precompiledReferences"])
    tests = asmdef("Tests/Editor/EngineMind.Editor.Tests.asmdef")
    assert {"EngineMind.Core", "EngineMind.Editor"} <= set(tests["references"])
    assert tests["defineConstraints"] == ["UNITY_INCLUDE_TESTS", *editor["defineConstraints"]]
    assert tests["versionDefines"] == editor["versionDefines"], "versionDefines are per assembly: repeat them"
    # the dashboard compiles only when its dependencies are installed; the Setup assembly always compiles
    packages = {v["name"] for v in editor["versionDefines"]}
    assert {"org.nuget.google.protobuf", "org.nuget.grpc.net.client", "com.cysharp.yetanotherhttphandler"} <= packages
    listed = (PKG / "Core" / "Connection" / "Dependencies.cs").read_text(encoding="utf-8")
    assert all(f'"{p}"' in listed for p in packages), "the Setup window must list every package the asmdef needs"
    setup = asmdef("Setup/EngineMind.Setup.asmdef")
    assert setup["references"] == ["EngineMind.Core"] and not setup["precompiledReferences"]
    assert not setup["defineConstraints"] and setup["includePlatforms"] == ["Editor"]
    # overrideReferences: the tests touch generated messages and Grpc types, so they name those DLLs too
    assert {"nunit.framework.dll", "Google.Protobuf.dll", "Grpc.Core.Api.dll"} <= set(tests["precompiledReferences"])
    visible = (PKG / "Editor" / "AssemblyInfo.cs").read_text(encoding="utf-8")
    assert f'InternalsVisibleTo("{tests["name"]}")' in visible


def test_every_script_belongs_to_an_asmdef() -> None:
    """Scripts outside an asmdef would land in Assembly-CSharp, which a package must not do."""
    orphans = []
    for cs in PKG.rglob("*.cs"):
        rel = cs.relative_to(PKG)
        if rel.parts[0].endswith("~"):
            continue
        if not any(list(parent.glob("*.asmdef")) for parent in cs.parents if PKG in (parent, *parent.parents)):
            orphans.append(str(rel))
    assert not orphans, orphans


def test_meta_files_are_complete() -> None:
    assert unity_meta.problems() == [], "run python tools/unity_meta.py"
    guids = [line.split()[1] for m in PKG.rglob("*.meta") for line in m.read_text().splitlines()
             if line.startswith("guid:")]
    assert len(guids) == len(set(guids))


def test_stylesheet_path_in_code_exists() -> None:
    window = (PKG / "Editor" / "Window" / "DashboardWindow.cs").read_text(encoding="utf-8")
    path = re.search(r'k_StylePath = "Packages/com\.enginemind\.editor/([^"]+)"', window).group(1)
    assert (PKG / path).exists(), path


def test_documentation_covers_the_user_journey() -> None:
    doc = (PKG / "Documentation~" / "index.md").read_text(encoding="utf-8")
    for heading in ("## Install", "### Without the dependencies", "## First run", "### Backend", "### Jobs",
                    "### Models", "### Robots", "### Planner",
                    "### Skeleton", "## Troubleshooting", "## What was verified only against the API index"):
        assert heading in doc, heading


def test_api_version_is_one_number_everywhere() -> None:
    """The protos' version: Python, the Unreal plugin, this package and docs/api.md must say the same."""
    from enginemind import API_VERSION

    unity = re.search(r'k_Client = "([^"]+)"', (PKG / "Core" / "Connection" / "ApiVersion.cs").read_text()).group(1)
    unreal = (mono.REPO / "UnrealPlugin" / "EngineMind" / "Content" / "Python" / "enginemind_unreal" / "__init__.py")
    unreal_version = re.search(r'API_VERSION = "([^"]+)"', unreal.read_text()).group(1)
    api_doc = re.search(r"API version: `([^`]+)`", (mono.REPO / "docs" / "api.md").read_text()).group(1)
    assert unity == unreal_version == api_doc == API_VERSION
