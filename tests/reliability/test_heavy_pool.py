"""The upload-parsing process pool survives a parser process that dies."""

from __future__ import annotations

import asyncio
import os

import pytest

from enginemind.errors import InvalidInput
from enginemind.server.context import App, ServerSettings


def _die() -> None:
    os._exit(3)  # what a native crash in a parser looks like to the pool


def _square(x: int) -> int:
    return x * x


def test_dead_parser_process_gives_clear_error_and_the_pool_recovers(tmp_path) -> None:
    app = App(settings=ServerSettings(data_dir=tmp_path, heavy_threads=1), db=None, database_kind="external")  # type: ignore[arg-type]

    async def scenario() -> int:
        assert await app.run_heavy(_square, 3) == 9
        with pytest.raises(InvalidInput, match="parser process died"):
            await app.run_heavy(_die)
        return await app.run_heavy(_square, 4)  # a broken pool would refuse this forever

    try:
        assert asyncio.run(scenario()) == 16
    finally:
        app.close()
