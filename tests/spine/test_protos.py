"""Generated protobuf code is committed and must match the protos."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_generated_code_matches_protos() -> None:
    result = subprocess.run([sys.executable, str(REPO / "tools" / "gen_protos.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
