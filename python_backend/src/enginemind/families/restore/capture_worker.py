"""Runs INSIDE the capture venv (numpy<2, nes-py 8.2.1, gym-super-mario-bros 7.4.0, pillow); never imports
enginemind. Drives ``SuperMarioBrosEnv`` directly and writes the restore dataset folder format:
``<out>/<episode>/<frame>.png`` + ``frames.jsonl`` (RAM base64, joypad byte, level, frame, x, y).

Usage: python capture_worker.py OUT --episodes N --frames F --stride S --seed K --stages 1-1,1-2
Prints one JSON line per finished episode on stdout.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
from pathlib import Path

ACTION_BITS = "nes-py joypad byte: right=128 left=64 down=32 up=16 start=8 select=4 B=2 A=1"
RIGHT, LEFT, B, A = 0b10000000, 0b01000000, 0b00000010, 0b00000001


def policy(rng: random.Random, held: list[int]) -> int:
    """A simple player: mostly run right, jump in bursts, sometimes stop or step back."""
    if held[1] > 0:
        held[1] -= 1
        return held[0]
    u = rng.random()
    action = RIGHT | B if u < 0.55 else RIGHT | B | A if u < 0.8 else RIGHT if u < 0.9 else LEFT if u < 0.95 else 0
    held[0], held[1] = action, rng.randint(4, 30)
    return action


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--episodes", type=int, default=4)
    ap.add_argument("--frames", type=int, default=400, help="saved frames per episode at most")
    ap.add_argument("--stride", type=int, default=4, help="save every n-th emulator frame")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stages", default="1-1,1-2,2-1,3-1,4-1")
    args = ap.parse_args(argv)

    import numpy as np
    from gym_super_mario_bros.smb_env import SuperMarioBrosEnv
    from PIL import Image

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "dataset.json").write_text(json.dumps({
        "format": "enginemind-frames/1", "source": "gym-super-mario-bros 7.4.0 / nes-py 8.2.1",
        "fps": 60 / args.stride, "action_bits": ACTION_BITS}), encoding="utf-8")
    stages = [tuple(int(v) for v in s.split("-")) for s in args.stages.split(",") if s]
    envs: dict[tuple[int, int], SuperMarioBrosEnv] = {}
    for e in range(args.episodes):
        rng = random.Random(args.seed * 100003 + e)
        stage = stages[e % len(stages)]
        env = envs.get(stage) or envs.setdefault(stage, SuperMarioBrosEnv(target=stage))
        env.reset()
        name = f"smb_s{args.seed}_e{e:04d}_{stage[0]}-{stage[1]}"
        folder = out / name
        folder.mkdir(exist_ok=True)
        held = [0, 0]
        saved, t, done, info = 0, 0, False, {}
        with open(folder / "frames.jsonl", "w", encoding="utf-8") as jsonl:
            while saved < args.frames and not done:
                action = policy(rng, held)
                obs, _reward, done, info = env.step(action)
                if t % args.stride == 0:
                    fname = f"{saved:06d}.png"
                    Image.fromarray(np.ascontiguousarray(obs)).save(folder / fname, compress_level=6)
                    row = {"file": fname, "frame": t, "action": action, "level": f"{stage[0]}-{stage[1]}",
                           "x": int(info.get("x_pos", 0)), "y": int(info.get("y_pos", 0)),
                           "ram": base64.b64encode(bytes(env.ram)).decode("ascii")}
                    jsonl.write(json.dumps(row) + "\n")
                    saved += 1
                t += 1
        print(json.dumps({"episode": name, "frames": saved, "emulator_frames": t,
                          "flag": bool(info.get("flag_get", False))}), flush=True)
    for env in envs.values():
        env.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
