"""Runs INSIDE the capture venv (numpy<2, nes-py 8.2.1, gym-super-mario-bros 7.4.0, pillow); never imports
enginemind. Plays whole stages of ``SuperMarioBrosEnv`` and writes the restore dataset folder format:
``<out>/<episode>/<frame>.png`` + ``frames.jsonl`` (RAM base64, joypad byte, game, level, frame, x, y).

Coverage: a RAM-aware policy (runs right, jumps at enemies, pits and walls read from RAM, swims in water)
plus save-states: the emulator's backup slot is refreshed at safe points along the level; on death the
stage resumes from it, and after ``--retries`` deaths from one point it rolls back to an earlier point (a new
emulator replays the committed actions). Only the committed timeline is written, so an episode folder is
one continuous run (frame t+stride follows frame t); a rollback past written frames starts a new episode.
Each stage gets a budget of saved frames; finished stages are traversed again with another seed.

Usage: python capture_worker.py OUT --stages 1-1,1-2|all --frames 400 --stride 4 --seed 0 [--lost-levels]
Prints one JSON line per episode and one ``{"stage": ...}`` coverage line per stage on stdout.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import time
import zlib
from pathlib import Path

ACTION_BITS = "nes-py joypad byte: right=128 left=64 down=32 up=16 start=8 select=4 B=2 A=1"
RIGHT, LEFT, B, A = 0b10000000, 0b01000000, 0b00000010, 0b00000001
KEEP = 3
"""Frames are written once this many newer save points exist (shorter rollbacks keep an episode whole)."""
ALL_STAGES = ",".join(f"{w}-{s}" for w in range(1, 9) for s in range(1, 5))


def mario_x(ram) -> int:
    return int(ram[0x6D]) * 256 + int(ram[0x86])


def _tile(ram, x: int, y: int) -> int:
    """Metatile id at level pixel (x, y) from the 2-page metatile buffer at 0x0500 (0 = empty)."""
    row = (y - 32) // 16
    if not 0 <= row < 13 or x < 0:
        return 0
    return int(ram[0x500 + ((x // 256) % 2) * 208 + row * 16 + (x % 256) // 16])


def sense(ram) -> dict[str, int | bool]:
    """What the policy reads from RAM: enemy / pit / wall ahead, on ground, swimming."""
    mx, my = mario_x(ram), int(ram[0xCE])
    enemy = False
    for i in range(5):
        if ram[0x0F + i]:
            ex = int(ram[0x6E + i]) * 256 + int(ram[0x87 + i])
            if 8 < ex - mx < 72 and abs(int(ram[0xCF + i]) - my) < 40:
                enemy = True
    pit = all(_tile(ram, mx + dx, y) == 0 for dx in (24, 40) for y in (208, 224)) and my > 150
    wall = _tile(ram, mx + 20, my + 8) != 0 or _tile(ram, mx + 20, my + 20) != 0
    return {"enemy": enemy, "pit": pit, "wall": wall, "ground": ram[0x1D] == 0,
            "swim": ram[0x704] != 0, "normal": ram[0x0E] == 8 and ram[0xB5] == 1}


class Policy:
    """Runs right (mostly with B), jumps at what RAM shows ahead, sometimes jumps or pauses at random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.hold, self.action, self.release = rng, 0, RIGHT | B, 0

    def act(self, ram, stuck: int) -> int:
        if self.hold > 0:
            self.hold -= 1
            return self.action
        if self.release > 0:  # A must be let go before the next jump
            self.release -= 1
            return RIGHT | B
        s, r = sense(ram), self.rng
        if s["swim"]:  # stroke when below mid-screen or facing a wall, else glide right
            if int(ram[0xCE]) > 110 or s["wall"] or s["enemy"]:
                self.action, self.hold, self.release = RIGHT | A, r.randint(2, 5), r.randint(3, 8)
            else:
                return RIGHT
        elif s["ground"] and (s["enemy"] or s["pit"] or s["wall"] or stuck > 10 or r.random() < 0.02):
            high = s["pit"] or s["wall"] or stuck > 10
            self.action = RIGHT | B | A
            self.hold, self.release = (r.randint(18, 34) if high else r.randint(6, 22)), 1
        elif r.random() < 0.006:  # a pause or a step back: other enemy timings, other frames
            self.action, self.hold = r.choice([0, LEFT, LEFT | B, RIGHT]), r.randint(4, 20)
        else:
            return RIGHT | B if r.random() < 0.9 else RIGHT
        return self.action


def policy(rng: random.Random, held: list[int]) -> int:
    """RAM-free fallback (kept for tests): mostly run right, jump in bursts, sometimes stop or step back."""
    if held[1] > 0:
        held[1] -= 1
        return held[0]
    u = rng.random()
    action = RIGHT | B if u < 0.55 else RIGHT | B | A if u < 0.8 else RIGHT if u < 0.9 else LEFT if u < 0.95 else 0
    held[0], held[1] = action, rng.randint(4, 30)
    return action


class Episode:
    """One episode folder: PNGs + frames.jsonl of one continuous timeline."""

    def __init__(self, out: Path, name: str) -> None:
        self.name, self.folder, self.saved, self.xs = name, out / name, 0, [1 << 20, 0]
        self.folder.mkdir(parents=True, exist_ok=True)
        self.jsonl = open(self.folder / "frames.jsonl", "w", encoding="utf-8")  # noqa: SIM115

    def write(self, rows: list[tuple]) -> None:
        from PIL import Image

        for obs, row in rows:
            fname = f"{self.saved:06d}.png"
            Image.fromarray(obs).save(self.folder / fname, compress_level=6)
            self.jsonl.write(json.dumps({"file": fname, **row}) + "\n")
            self.saved += 1
            self.xs = [min(self.xs[0], row["x"]), max(self.xs[1], row["x"])]

    def close(self) -> None:
        self.jsonl.close()
        if self.saved == 0:
            (self.folder / "frames.jsonl").unlink()
            self.folder.rmdir()


def _count(cov: dict, ep: Episode) -> None:
    if ep.saved:
        cov["frames"] += ep.saved
        cov["episodes"] += 1
        cov["x_min"] = min(ep.xs[0], cov["x_min"] if cov["x_min"] is not None else ep.xs[0])
        cov["x_max"] = max(cov["x_max"], ep.xs[1])


def play_stage(out: Path, stage: tuple[int, int], args: argparse.Namespace, lost: bool) -> dict:
    import numpy as np
    from gym_super_mario_bros.smb_env import SuperMarioBrosEnv

    game = "lost" if lost else "smb"
    level = f"{stage[0]}-{stage[1]}"
    cov = {"stage": level, "game": game, "frames": 0, "episodes": 0, "emulator_frames": 0, "deaths": 0,
           "rollbacks": 0, "flags": 0, "x_min": None, "x_max": 0, "seconds": 0.0}
    t0 = time.time()
    traversal = 0
    while cov["frames"] < args.frames and traversal < args.traversals:
        rng = random.Random(zlib.crc32(f"{args.seed}/{game}/{level}/{traversal}".encode()))
        pol = Policy(rng)
        env = SuperMarioBrosEnv(lost_levels=lost, target=stage)
        path: list[int] = []  # committed actions since the stage start
        ckpts = [(0, mario_x(env.ram))]  # (path length, x) of save points; 0 = the stage start
        fails, buffer, seg, written = 0, [], 0, 0  # buffer: rows not yet on disk; written: last frame on disk
        ep = Episode(out, f"{game}_{level}_s{args.seed}_t{traversal}_{seg}")
        best_x, best_t, flag = 0, 0, False
        while cov["frames"] + ep.saved + len(buffer) < args.frames and cov["emulator_frames"] < args.max_frames:
            x = mario_x(env.ram)
            if x > best_x:
                best_x, best_t = x, len(path)
            action = pol.act(env.ram, len(path) - best_t)
            obs, _r, done, info = env.step(action)
            path.append(action)
            cov["emulator_frames"] += 1
            if len(path) % args.stride == 0 and not done:
                buffer.append((np.ascontiguousarray(obs).copy(), {
                    "frame": len(path), "action": action, "game": game, "level": level, "x": mario_x(env.ram),
                    "y": int(info.get("y_pos", 0)), "ram": base64.b64encode(bytes(env.ram)).decode("ascii")}))
            if info.get("flag_get"):
                flag = True
                break
            if done:  # dying or fallen: resume from the last save point, or roll back further
                cov["deaths"] += 1
                fails += 1
                if fails > args.retries and len(ckpts) > 1:
                    ckpts.pop()
                    cov["rollbacks"] += 1
                    fails = 0
                    env.close()
                    env = SuperMarioBrosEnv(lost_levels=lost, target=stage)
                    for a in path[:ckpts[-1][0]]:
                        env.step(a)
                    env._backup()
                    if written > ckpts[-1][0]:  # frames past this point are on disk: start a new episode
                        ep.close()
                        _count(cov, ep)
                        seg, written = seg + 1, 0
                        ep = Episode(out, f"{game}_{level}_s{args.seed}_t{traversal}_{seg}")
                del path[ckpts[-1][0]:]
                buffer = [b for b in buffer if b[1]["frame"] <= len(path)]
                env.reset()
                best_t = len(path)
                continue
            s = sense(env.ram)
            if (s["normal"] and not s["enemy"] and (s["ground"] or s["swim"]) and len(path) - ckpts[-1][0] >= 45
                    and mario_x(env.ram) > ckpts[-1][1] + 32):
                env._backup()
                ckpts.append((len(path), mario_x(env.ram)))
                fails = 0
                if len(ckpts) > KEEP:  # rows older than KEEP save points go to disk
                    safe = ckpts[-1 - KEEP][0]
                    ep.write([b for b in buffer if b[1]["frame"] <= safe])
                    buffer = [b for b in buffer if b[1]["frame"] > safe]
                    written = max(written, safe)
        ep.write(buffer)
        ep.close()
        env.close()
        _count(cov, ep)
        cov["x_max"] = max(cov["x_max"], best_x)
        cov["flags"] += int(flag)
        print(json.dumps({"episode": ep.name, "frames": ep.saved, "flag": flag, "x_max": best_x}), flush=True)
        traversal += 1
        if cov["emulator_frames"] >= args.max_frames:
            break
    cov["seconds"] = round(time.time() - t0, 1)
    return cov


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--frames", type=int, default=400, help="saved frames per stage (the stage's budget)")
    ap.add_argument("--traversals", type=int, default=3, help="runs through a stage at most (new seed each)")
    ap.add_argument("--stride", type=int, default=4, help="save every n-th emulator frame")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stages", default=ALL_STAGES, help="comma list like 1-1,1-2 or 'all'")
    ap.add_argument("--lost-levels", action="store_true",
                    help="Super Mario Bros: The Lost Levels ROM (nes-py plays its worlds 1-4)")
    ap.add_argument("--retries", type=int, default=6, help="deaths from one save point before rolling back")
    ap.add_argument("--max-frames", type=int, default=30000, help="emulator frames per stage at most")
    args = ap.parse_args(argv)
    every = ALL_STAGES if not args.lost_levels else ",".join(s for s in ALL_STAGES.split(",") if s[0] <= "4")
    stages = [tuple(int(v) for v in s.split("-")) for s in
              (every if args.stages == "all" else args.stages).split(",") if s]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for stage in stages:
        cov = play_stage(out, stage, args, args.lost_levels)
        cov["seed"] = args.seed
        print(json.dumps(cov), flush=True)
        _record(out / "dataset.json", cov, args.stride)
    return 0


def _record(meta_path: Path, cov: dict, stride: int) -> None:
    """Add a stage's coverage to dataset.json (read again each time: other captures may share the folder)."""
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    meta.update({"format": "enginemind-frames/1", "source": "gym-super-mario-bros 7.4.0 / nes-py 8.2.1",
                 "fps": 60 / stride, "action_bits": ACTION_BITS})
    key = (cov["seed"], cov["game"], cov["stage"])
    meta["coverage"] = [c for c in meta.get("coverage", []) if (c.get("seed"), c.get("game"), c.get("stage")) != key]
    meta["coverage"].append(cov)
    tmp = meta_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    tmp.replace(meta_path)


if __name__ == "__main__":
    sys.exit(main())
