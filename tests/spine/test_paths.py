"""Paths from clients never leave the data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from enginemind.errors import InvalidInput
from enginemind.paths import safe_join


def test_safe_join_accepts_inside(tmp_path: Path) -> None:
    assert safe_join(tmp_path, "a/b.txt") == (tmp_path / "a" / "b.txt").resolve()


@pytest.mark.parametrize("bad", ["../x", "a/../../x", "/etc/passwd", "", "a\x00b"])
def test_safe_join_refuses_escapes(tmp_path: Path, bad: str) -> None:
    with pytest.raises(InvalidInput):
        safe_join(tmp_path, bad)


def test_safe_join_refuses_symlink_out(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to("/etc")
    with pytest.raises(InvalidInput):
        safe_join(tmp_path, "link/passwd")
