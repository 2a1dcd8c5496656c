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


def capture(out: str | Path, venv: str | Path, episodes: int = 4, frames: int = 400, stride: int = 4,
            seed: int = 0, stages: str = "1-1,1-2,2-1,3-1,4-1",
            on_episode: Callable[[dict], None] | None = None) -> Path:
    """Record ``episodes`` episodes of gameplay into ``out`` (restore dataset folder format)."""
    if episodes < 1 or frames < 1 or stride < 1:
        raise InvalidInput("episodes, frames and stride must be >= 1")
    for stage in stages.split(","):
        w, _, s = stage.partition("-")
        if not (w.isdigit() and s.isdigit() and 1 <= int(w) <= 8 and 1 <= int(s) <= 4):
            raise InvalidInput(f"stage '{stage}' must look like 1-1 .. 8-4")
    py = ensure_venv(Path(venv))
    cmd = [str(py), str(WORKER), str(out), "--episodes", str(episodes), "--frames", str(frames),
           "--stride", str(stride), "--seed", str(seed), "--stages", stages]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("{") and on_episode is not None:
            on_episode(json.loads(line))
    err = proc.stderr.read() if proc.stderr else ""
    if proc.wait() != 0:
        raise Unavailable(f"the capture worker failed: {err.strip()[-800:]}")
    return Path(out)
