"""Logging set-up, done once here (no other module configures logging)."""

from __future__ import annotations

import logging
import os


def setup(verbose: bool = False) -> None:
    level = logging.DEBUG if verbose else getattr(logging, os.environ.get("ENGINEMIND_LOG", "INFO").upper(), 20)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("psycopg.pool", "urllib3", "matplotlib", "PIL"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
