"""Every Unity type and member the stand-ins declare exists in ../shared/unity_api (and in Unity 2022.3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.unity import mono
from tests.unity.api_index import UnityIndex, check_dump, parse_sig


@pytest.fixture(scope="module")
def index() -> UnityIndex:
    if not mono.UNITY_INDEX.exists():
        pytest.fail(f"{mono.UNITY_INDEX} is missing: the shared/ folder must sit beside the repository")
    return UnityIndex(mono.UNITY_INDEX)


@pytest.fixture(scope="module")
def dumper(unity_build: Path) -> Path:
    return mono.build_dumper(unity_build)


def dump(dumper: Path, dll: Path) -> list[str]:
    result = mono.run_mono(dumper, str(dll))
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_unity_standins_match_the_index(index: UnityIndex, dumper: Path, standins: dict[str, Path]) -> None:
    lines = dump(dumper, standins["UnityStandIns"])
    problems, names_only = check_dump(index, lines)
    assert len(lines) >= 50
    assert not problems, "\n".join(problems)
    # types the index lists by name only (no signatures): their members were checked by name; keep this list short
    assert set(names_only) <= {
        "UnityEditor.AssemblyReloadEvents.AssemblyReloadCallback",
        "UnityEngine.UIElements.MeshGenerationContext",
        "UnityEngine.UIElements.Painter2D",
        "UnityEngine.UIElements.VisualElementStyleSheetSet",
    }, names_only


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("namespace UnityEngine.UIElements { public class VisualElement { public void Foo() {} } }",
         "VisualElement.Foo(): no such member"),
        ("namespace UnityEngine { public class Debug { public void Log(object message) {} } }",
         "no matching overload"),  # static in Unity
        ("namespace UnityEditor { public class EditorWindow {"
         " public static T GetWindow<T>(int title) { return default(T); } } }",
         "no matching overload"),  # wrong parameter type
        ("namespace UnityEngine.UIElements { public class TabView { public TabView() {} } }",
         "absent in Unity 2022.3"),
        ("namespace UnityEngine { public class Avatar : Component {} public class Component {} }",
         "base UnityEngine.Component is not one of its Unity base types"),
        ("namespace UnityEngine { public class NotAUnityType {} }", "no such public type"),
        ("namespace UnityEngine { public struct HumanBone { public string boneName; } }", "no matching overload"),
        ("namespace UnityEngine { public enum HumanBodyBones { Hips, LeftUpperLeg, RightUpperLeg, LeftLowerLeg,"
         " RightLowerLeg, LeftFoot, RightFoot, Spine, Chest, UpperChest, Neck } }",
         "HumanBodyBones.UpperChest = 9 in the stand-in, but 54 in Unity"),  # declaration order is not the value
        ("namespace UnityEngine { public class Transform : Component { public Transform() {} }"
         " public class Component {} }",
         "no matching overload"),  # Transform's constructor is protected
    ],
)
def test_checker_rejects_invented_apis(index: UnityIndex, dumper: Path, tmp_path: Path, source: str,
                                       expected: str) -> None:
    src = tmp_path / "Fake.cs"
    src.write_text(source + "\n")
    dll = tmp_path / "Fake.dll"
    mono.mcs(dll, [str(src)])
    problems, _ = check_dump(index, dump(dumper, dll))
    assert any(expected in p for p in problems), problems


def test_signature_parser() -> None:
    sig = parse_sig("Start", "static int Start(string name, string description = null, Options options = Options.None, "
                             "int parentId = -1)")
    assert sig.kind == "method" and sig.is_static
    assert sig.params == [
        ("string", False, False), ("string", True, False), ("Options", True, False), ("int", True, False)]
    prop = parse_sig("generateVisualContent", "Action<MeshGenerationContext> generateVisualContent { get; set; }")
    assert prop.kind == "property" and not prop.is_static
    ev = parse_sig("beforeAssemblyReload", "event static AssemblyReloadCallback beforeAssemblyReload")
    assert ev.kind == "event" and ev.is_static
    op = parse_sig("operator",
                   "public static implicit operator bool([NotNullWhen(true)] [MaybeNullWhen(false)] Object exists)")
    assert op.kind == "operator" and op.params == [("Object", False, False)]
    gen = parse_sig("GetWindow", "static T GetWindow<T>(string title, params System.Type[] desiredDockNextTo)")
    assert gen.generic_params == {"T"} and gen.params[1] == ("Type[]", False, True)


def test_explicit_enum_values_cover_the_index(index: UnityIndex) -> None:
    """The value tables in api_index.py name exactly the members the index lists (so none is forgotten)."""
    from tests.unity.api_index import EXPLICIT_ENUM_VALUES

    for name, values in EXPLICIT_ENUM_VALUES.items():
        assert set(values) == set(index.types[name]["enum_members"]), name
    bones = EXPLICIT_ENUM_VALUES["UnityEngine.HumanBodyBones"]
    assert sorted(v for k, v in bones.items() if k != "LastBone") == list(range(55))


CORE_VS_ENUM = """
using System;
using EngineMind.Core.Humanoid;
public static class Check {
    public static int Main() {
        var bad = 0;
        foreach (UnityEngine.HumanBodyBones b in Enum.GetValues(typeof(UnityEngine.HumanBodyBones))) {
            if (b == UnityEngine.HumanBodyBones.LastBone) continue;
            var index = HumanoidBones.IndexOf(b.ToString());
            if (index != (int)b) { Console.WriteLine(b + " = " + (int)b + " but HumanoidBones says " + index); bad++; }
        }
        if (HumanoidBones.k_Count != (int)UnityEngine.HumanBodyBones.LastBone) { Console.WriteLine("count"); bad++; }
        Console.WriteLine(bad == 0 ? "ok" : bad + " wrong");
        return bad == 0 ? 0 : 1;
    }
}
"""


def test_core_bone_indexes_are_humanbodybones_values(tmp_path: Path, standins: dict[str, Path]) -> None:
    """HumanoidBones' index of every bone is its UnityEngine.HumanBodyBones value (stand-in values checked above),
    which is what HumanTrait.BoneName / GetParentBone / RequiredBone take."""
    src = tmp_path / "Check.cs"
    src.write_text(CORE_VS_ENUM)
    exe = tmp_path / "check.exe"
    mono.mcs(exe, [*mono.sources(mono.PKG / "Core"), str(src)], refs=[str(standins["UnityStandIns"])],
             target="exe")
    shutil.copy(standins["UnityStandIns"], tmp_path)  # mono loads the (enum-only) stand-in next to the exe
    result = mono.run_mono(exe)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr
