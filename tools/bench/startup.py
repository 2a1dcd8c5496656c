"""CLI start-up: wall time of `enginemind map --engine matcher`, `jobs list` and `doctor`, plus their import time.

Usage: .venv/bin/python tools/bench/startup.py [--runs 7] [--rig FILE] [--src DIR]
Each command runs ``--runs`` times as a fresh process (no server, so `jobs list` and `doctor` end at "no server");
the table shows the median wall time and the summed top-level import time of ``python -X importtime``.
Goal (issue 11): under 0.5 s each on an idle 2-core CPU.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RIG = {"bones": [{"name": n, "parent": p, "position": pos} for n, p, pos in [
    ("Hips", None, [0, 0, 100]), ("Spine", "Hips", [0, 0, 110]), ("Chest", "Spine", [0, 0, 130]),
    ("Neck", "Chest", [0, 0, 150]), ("Head", "Neck", [0, 0, 160]),
    ("LeftUpLeg", "Hips", [10, 0, 95]), ("LeftLeg", "LeftUpLeg", [10, 0, 50]), ("LeftFoot", "LeftLeg", [10, 0, 8]),
    ("RightUpLeg", "Hips", [-10, 0, 95]), ("RightLeg", "RightUpLeg", [-10, 0, 50]),
    ("RightFoot", "RightLeg", [-10, 0, 8]), ("LeftArm", "Chest", [20, 0, 140]),
    ("LeftForeArm", "LeftArm", [45, 0, 140]),
    ("LeftHand", "LeftForeArm", [70, 0, 140]), ("RightArm", "Chest", [-20, 0, 140]),
    ("RightForeArm", "RightArm", [-45, 0, 140]), ("RightHand", "RightForeArm", [-70, 0, 140])]]}


def _import_ms(args: list[str], env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "enginemind", *args], capture_output=True,
                         text=True, env=env)
    total = 0
    for line in out.stderr.splitlines():
        parts = line.split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[2].startswith(" ") \
                and not parts[2].startswith("  ") and parts[1].strip().isdigit():
            total += int(parts[1])
    return total / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rig", default="", help="skeleton file to map (default: a 17-bone JSON rig)")
    parser.add_argument("--src", default="", help="measure the enginemind package in this source folder instead "
                        "(e.g. python_backend/src of a worktree of an older commit)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rig = Path(args.rig) if args.rig else Path(tmp) / "rig.json"
        if not args.rig:
            import json

            rig.write_text(json.dumps(RIG))
        env = {**os.environ, "ENGINEMIND_DATA_DIR": str(Path(tmp) / "data")}
        if args.src:
            env["PYTHONPATH"] = str(Path(args.src).resolve())
        commands = {"map --engine matcher": ["map", str(rig), "--engine", "matcher", "--format", "table"],
                    "jobs list": ["jobs", "list"], "doctor": ["doctor"]}
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
              f"load {os.getloadavg()[0]:.1f}; Python {platform.python_version()}; {args.runs} runs each\n")
        print("| command | median wall (s) | min wall (s) | top-level imports (ms) |")
        print("|---|---|---|---|")
        for name, argv in commands.items():
            walls = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "enginemind", *argv], capture_output=True, env=env)
                walls.append(time.perf_counter() - t0)
            print(f"| `enginemind {name}` | {statistics.median(walls):.3f} | {min(walls):.3f} | "
                  f"{_import_ms(argv, env):.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
