"""The package's plain C# core compiles with Mono and its unit tests pass there."""

from __future__ import annotations

import re
from pathlib import Path

from tests.unity import mono


def test_core_unit_tests_pass_under_mono(core_runner: Path) -> None:
    result = mono.run_mono(core_runner)
    summary = re.search(r"^(\d+) passed, (\d+) failed, (\d+) skipped$", result.stdout, re.MULTILINE)
    failures = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("PASS"))
    assert summary, result.stdout + result.stderr
    passed, failed, skipped = (int(g) for g in summary.groups())
    assert result.returncode == 0 and failed == 0, failures + result.stderr
    assert passed >= 50 and skipped == 0, failures


def test_core_has_no_unity_dependency() -> None:
    """Core must stay plain C# (its asmdef sets noEngineReferences): no UnityEngine/UnityEditor/gRPC usings."""
    offenders = []
    for path in (mono.PKG / "Core").rglob("*.cs"):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*using\s+(UnityEngine|UnityEditor|Grpc|Google\.Protobuf)\b", line):
                offenders.append(f"{path.relative_to(mono.PKG)}:{i}: {line.strip()}")
    assert not offenders, offenders


def test_runner_reports_failures(tmp_path: Path, unity_build: Path) -> None:
    """The tiny runner must fail when a test fails (so a green run means something)."""
    bad = tmp_path / "BadTest.cs"
    bad.write_text(
        "using NUnit.Framework;\n[TestFixture] public class BadTest {\n"
        "  [Test] public void Fails() { Assert.AreEqual(1, 2); }\n"
        "  [Test] public void Passes() { Assert.IsTrue(true); }\n}\n"
    )
    exe = tmp_path / "bad.exe"
    runner = [f for f in mono.sources(mono.HERE / "cs") if not f.endswith("DumpApi.cs")]
    files = mono.sources(mono.PKG / "Core") + [str(bad), *runner]
    mono.mcs(exe, files, target="exe")
    result = mono.run_mono(exe)
    assert result.returncode == 1
    assert "1 passed, 1 failed, 0 skipped" in result.stdout
    assert "FAIL BadTest.Fails: AssertionException: expected 1 but was 2" in result.stdout
