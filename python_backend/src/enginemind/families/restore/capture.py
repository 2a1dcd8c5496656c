"""Capture real NES frames: a private venv with the emulator packages, then ``capture_worker.py`` in it.

gym-super-mario-bros 7.4.0 + nes-py 8.2.1 need numpy < 2 (and nes-py compiles a C++ extension when no
wheel fits), so they cannot live in the backend's environment. The venv is made once under the data dir.
The ROM ships inside the gym-super-mario-bros wheel; frames of the game are Nintendo's: keep them out of
the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from enginemind.errors import InvalidInput, Unavailable

PACKAGES = ("gym-super-mario-bros==7.4.0", "nes-py==8.2.1", "numpy<2", "pillow")
WORKER = Path(__file__).with_name("capture_worker.py")


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def emulator_ready(venv: Path) -> bool:
    """True when the venv imports the emulator."""
    py = venv_python(venv)
    if not py.exists():
        return False
    probe = "import PIL, nes_py, gym_super_mario_bros.smb_env"
    return subprocess.run([str(py), "-c", probe], capture_output=True, timeout=120).returncode == 0


def ensure_venv(venv: Path, log: Callable[[str], None] = print) -> Path:
    """Create the capture venv (Python 3.11 of this process) and install the pinned emulator packages."""
    if emulator_ready(venv):
        return venv_python(venv)
    if sys.version_info[:2] != (3, 11):
        raise Unavailable("the capture venv needs Python 3.11 (nes-py 8.2.1 has no build for other versions)")
    log(f"creating the capture venv in {venv} (one time; nes-py may compile for a minute)")
    steps = [[sys.executable, "-m", "venv", str(venv)],
             [str(venv_python(venv)), "-m", "pip", "install", "--quiet", *PACKAGES]]
    for cmd in steps:
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            raise Unavailable(f"could not set up the NES emulator venv ({' '.join(cmd[:4])}...): "
                              f"{res.stderr.strip()[-800:]}\nInstall a C++ compiler (g++) and retry, or use "
                              "synthetic frames (`enginemind restore synth`)")
    if not emulator_ready(venv):
        raise Unavailable(f"the emulator venv {venv} was made but cannot import nes_py")
    return venv_python(venv)


def _check_stages(stages: str, lost_levels: bool = False) -> str:
    """Stage list as the worker takes it; nes-py plays The Lost Levels' worlds 1-4 only."""
    worlds = 4 if lost_levels else 8
    if stages == "all":
        return stages
    for stage in stages.split(","):
        w, _, s = stage.partition("-")
        if not (w.isdigit() and s.isdigit() and 1 <= int(w) <= worlds and 1 <= int(s) <= 4):
            raise InvalidInput(f"stage '{stage}' must look like 1-1 .. {worlds}-4 (or give 'all')"
                               + (" (nes-py plays worlds 1-4 of The Lost Levels)" if lost_levels else ""))
    return stages


def capture(out: str | Path, venv: str | Path, frames: int = 400, stride: int = 4, seed: int = 0,
            stages: str = "all", traversals: int = 3, lost_levels: bool = False, retries: int = 6,
            max_frames: int = 30000, on_episode: Callable[[dict], None] | None = None,
            on_stage: Callable[[dict], None] | None = None) -> Path:
    """Play ``stages`` (``all`` = 1-1 .. 8-4) into ``out`` with a budget of ``frames`` saved frames per stage.

    Per-stage coverage (frames, x range, flags reached, deaths, rollbacks) goes to ``out/dataset.json``
    (``coverage``) and to ``on_stage``.
    """
    if frames < 1 or stride < 1 or traversals < 1 or retries < 0 or max_frames < 1:
        raise InvalidInput("frames, stride, traversals and max_frames must be >= 1 (retries >= 0)")
    stages = _check_stages(stages, lost_levels)
    py = ensure_venv(Path(venv))
    cmd = [str(py), str(WORKER), str(out), "--frames", str(frames), "--stride", str(stride), "--seed", str(seed),
           "--stages", stages, "--traversals", str(traversals), "--retries", str(retries),
           "--max-frames", str(max_frames), *(["--lost-levels"] if lost_levels else [])]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        callback = on_stage if "stage" in row else on_episode
        if callback is not None:
            callback(row)
    err = proc.stderr.read() if proc.stderr else ""
    if proc.wait() != 0:
        raise Unavailable(f"the capture worker failed: {err.strip()[-800:]}")
    return Path(out)


def coverage_line(c: dict) -> str:
    """One console line of a stage's coverage."""
    return (f"  {c['game']} {c['stage']}: {c['frames']} frames in {c['episodes']} episode(s), x {c['x_min']}-"
            f"{c['x_max']}, flag {c['flags']}x, {c['deaths']} deaths, {c['rollbacks']} rollbacks, "
            f"{c['emulator_frames']} emulator frames, {c['seconds']} s")
