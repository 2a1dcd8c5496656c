"""Seal a labelled held-out batch before anything scores it: a SHA-256 per file and the time, in SEALED.txt.

    python tools/bench/heldout/seal.py BATCH_DIR/labelled

The scorer refuses nothing; the seal is the record that the labels were fixed before the first score (the
held-out figure in docs/benchmarks.md is the score on the newest commit older than the seal's time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path


def main() -> int:
    folder = Path(sys.argv[1])
    files = sorted(folder.glob("*.json"))
    if not files:
        print(f"no labelled rigs in {folder}", file=sys.stderr)
        return 1
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    lines = [f"{now} {hashlib.sha256(f.read_bytes()).hexdigest()} {f.name}" for f in files]
    with open(folder / "SEALED.txt", "a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
