"""Deterministic synthetic NES-like frames: tile-based scrolling levels, sprites, a HUD, episodes.

Each episode is a level (a 15-row map of 16x16 metatiles, NES-style palettes of 3 colours + backdrop), a
camera that scrolls right with a player sprite, walking enemies and a HUD whose score/time change. The same
(seed, episode, frame) always gives the same pixels and the same RAM snapshot (see ``state.write_ram``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from enginemind.families.restore.state import write_ram

H, W, T = 240, 256, 16
ROWS = H // T
THEMES = {
    # backdrop, ground palette, block palette, scenery palette
    "overworld": ((92, 148, 252), ((200, 76, 12), (252, 188, 176), (0, 0, 0)),
                  ((200, 76, 12), (252, 152, 56), (0, 0, 0)), ((128, 208, 16), (0, 168, 0), (252, 252, 252))),
    "underground": ((0, 0, 0), ((0, 112, 236), (60, 188, 252), (0, 0, 0)),
                    ((0, 112, 236), (252, 152, 56), (0, 0, 0)), ((0, 168, 0), (128, 208, 16), (188, 188, 188))),
    "castle": ((0, 0, 0), ((188, 188, 188), (116, 116, 116), (0, 0, 0)),
               ((188, 188, 188), (252, 152, 56), (0, 0, 0)), ((228, 0, 88), (252, 152, 56), (252, 252, 252))),
    "night": ((0, 0, 0), ((200, 76, 12), (252, 188, 176), (0, 0, 0)),
              ((200, 76, 12), (252, 152, 56), (0, 0, 0)), ((128, 208, 16), (0, 168, 0), (188, 188, 188))),
}
THEME_NAMES = tuple(THEMES)
DIGITS = ("111101101101111", "010110010010111", "111001111100111", "111001111001111", "101101111001001",
          "111100111001111", "111100111101111", "111001001001001", "111101111101111", "111101111001111")


def _pattern(kind: str) -> np.ndarray:
    """16x16 array of colour indices 0 (backdrop) .. 3 for a metatile kind."""
    p = np.zeros((T, T), dtype=np.uint8)
    if kind == "ground":
        p[:] = 1
        p[::8, :] = 3
        p[:8, 7::16] = 3
        p[8:, 3::8] = 3
        p[1:7, 1:6] = 2
    elif kind == "brick":
        p[:] = 1
        p[::4, :] = 3
        for r in range(0, T, 4):
            p[r:r + 4, (r // 4 % 2) * 4::8] = 3
    elif kind == "question":
        p[:] = 2
        p[0, :], p[-1, :], p[:, 0], p[:, -1] = 3, 3, 3, 3
        p[4:6, 5:11], p[6:8, 9:11], p[8:10, 7:9], p[12:14, 7:9] = 1, 1, 1, 1
    elif kind in ("pipe_l", "pipe_r", "pipe_tl", "pipe_tr"):
        p[:] = 1
        cols = slice(2, 6) if kind.endswith("l") else slice(9, 12)
        p[:, cols] = 2
        p[:, 0 if kind.endswith("l") else -1] = 3
        if kind.startswith("pipe_t"):
            p[0:2, :], p[-2:, :] = 3, 3
    elif kind == "cloud":
        yy, xx = np.mgrid[0:T, 0:T]
        p[(yy - 9) ** 2 + (xx - 8) ** 2 < 42] = 3
        p[(yy - 10) ** 2 + (xx - 8) ** 2 < 22] = 0
        p[(yy - 9) ** 2 + (xx - 8) ** 2 < 30] = 3
    elif kind == "bush":
        yy, xx = np.mgrid[0:T, 0:T]
        p[(yy - 15) ** 2 + (xx - 8) ** 2 < 64] = 1
        p[(yy - 14) ** 2 + (xx - 6) ** 2 < 8] = 2
    return p


KINDS = ("sky", "ground", "brick", "question", "pipe_l", "pipe_r", "pipe_tl", "pipe_tr", "cloud", "bush")
PATTERNS = {k: _pattern(k) for k in KINDS}
PALETTE_OF = {"ground": 1, "brick": 2, "question": 2, "pipe_l": 3, "pipe_r": 3, "pipe_tl": 3, "pipe_tr": 3,
              "cloud": 3, "bush": 3, "sky": 1}
MARIO = np.array([list(r) for r in (
    "0000011111000000", "0000111111111000", "0000222332300000", "0002323332333000", "0002322333233300",
    "0002233332222000", "0000033333330000", "0000221222000000", "0002221221222000", "0022221111222200",
    "0033213113123300", "0033311111133300", "0033111111113300", "0000111001110000", "0002220000222000",
    "0022220000222200")], dtype=np.uint8)
ENEMY = np.array([list(r) for r in (
    "0000001111000000", "0000011111100000", "0000111111110000", "0001311111131000", "0013331111333100",
    "0013231111323100", "0111231111321110", "0111111111111110", "0111111111111110", "0011112222111100",
    "0000122222210000", "0000122222210000", "0330022222203300", "0333300000333330", "0033330003333300",
    "0003330000333000")], dtype=np.uint8)
SPRITE_PALETTES = (((252, 56, 0), (252, 188, 176), (136, 112, 0)), ((200, 76, 12), (252, 188, 176), (0, 0, 0)),
                   ((0, 168, 0), (252, 252, 252), (252, 152, 56)))


@dataclass(frozen=True)
class Level:
    """One episode's world: tile map, theme, world/stage numbers and the player's path."""

    tiles: np.ndarray
    """(15, n_cols) metatile kind indices into KINDS."""
    theme: str
    world: int
    stage: int
    image: np.ndarray
    """Pre-rendered level background, (240, n_cols*16, 3) uint8."""
    camera: np.ndarray
    """Camera x per frame."""
    player: np.ndarray
    """(frames, 2) player x (level coordinates) and y (screen) per frame."""
    enemies: np.ndarray
    """(n, 2) enemy start x and walking speed."""
    score0: int


def _render_background(tiles: np.ndarray, theme: str) -> np.ndarray:
    backdrop, *pals = THEMES[theme]
    rows, cols = tiles.shape
    img = np.empty((rows * T, cols * T, 3), dtype=np.uint8)
    img[:] = backdrop
    for r in range(rows):
        for c in range(cols):
            kind = KINDS[tiles[r, c]]
            if kind == "sky":
                continue
            pat, pal = PATTERNS[kind], pals[PALETTE_OF[kind] - 1]
            block = img[r * T:(r + 1) * T, c * T:(c + 1) * T]
            for ci in (1, 2, 3):
                block[pat == ci] = pal[ci - 1]
    return img


@lru_cache(maxsize=64)
def make_level(seed: int, episode: int, frames: int) -> Level:
    """Build episode ``episode`` of world ``seed`` with ``frames`` frames (cached)."""
    rng = np.random.default_rng([seed, episode, 7])
    theme = THEME_NAMES[int(rng.integers(len(THEME_NAMES)))]
    speed = float(rng.uniform(0.8, 2.5))
    n_cols = int(np.ceil((frames * speed + W + 64) / T)) + 2
    k = {name: i for i, name in enumerate(KINDS)}
    tiles = np.full((ROWS, n_cols), k["sky"], dtype=np.uint8)
    ground = 13
    c = 0
    while c < n_cols:
        if rng.random() < 0.06 and 8 < c < n_cols - 4:  # gap
            c += int(rng.integers(2, 4))
            continue
        tiles[ground:, c] = k["ground"]
        c += 1
    for c in range(2, n_cols - 2):
        u = rng.random()
        if u < 0.07:
            row = int(rng.choice([9, 5]))
            width = int(rng.integers(1, 5))
            for j in range(width):
                if c + j < n_cols:
                    tiles[row, c + j] = k["question"] if rng.random() < 0.3 else k["brick"]
        elif u < 0.11 and tiles[ground, c] == k["ground"] and tiles[ground, c + 1] == k["ground"]:
            height = int(rng.integers(2, 4))
            tiles[ground - height + 1:ground, c], tiles[ground - height + 1:ground, c + 1] = k["pipe_l"], k["pipe_r"]
            tiles[ground - height, c], tiles[ground - height, c + 1] = k["pipe_tl"], k["pipe_tr"]
        elif u < 0.16 and theme in ("overworld", "night"):
            tiles[int(rng.integers(2, 5)), c] = k["cloud"]
        elif u < 0.2 and tiles[ground - 1, c] == k["sky"] and tiles[ground, c] == k["ground"]:
            tiles[ground - 1, c] = k["bush"]
    t = np.arange(frames, dtype=np.float64)
    pause = (np.sin(t / rng.uniform(15, 40) + rng.uniform(0, 6)) > 0.7).astype(np.float64)
    camera = np.floor(np.cumsum(speed * (1 - pause))).astype(np.int64)
    camera = np.minimum(camera, (n_cols * T) - W)
    offset = rng.uniform(40, 120) + 30 * np.sin(t / rng.uniform(20, 50))
    jump = np.maximum(0.0, np.sin(t / rng.uniform(6, 12) + rng.uniform(0, 6))) * rng.uniform(20, 60)
    player = np.stack([camera + offset, ground * T - T - jump], axis=1).astype(np.int64)
    enemies = np.stack([rng.uniform(W, n_cols * T, size=6), rng.uniform(-1.0, -0.3, size=6)], axis=1)
    return Level(tiles, theme, int(rng.integers(1, 9)), int(rng.integers(1, 5)), _render_background(tiles, theme),
                 camera, player, enemies, int(rng.integers(0, 500)) * 100)


def _blit(img: np.ndarray, sprite: np.ndarray, palette, x: int, y: int, flip: bool = False) -> None:
    sp = sprite[:, ::-1] if flip else sprite
    h, w = sp.shape
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, W), min(y + h, H)
    if x0 >= x1 or y0 >= y1:
        return
    sub = sp[y0 - y:y1 - y, x0 - x:x1 - x]
    region = img[y0:y1, x0:x1]
    for ci in (1, 2, 3):
        region[sub == ci] = palette[ci - 1]


def _draw_number(img: np.ndarray, value: int, digits: int, x: int, y: int) -> None:
    text = str(max(value, 0) % 10 ** digits).zfill(digits)
    for i, ch in enumerate(text):
        glyph = np.array([int(b) for b in DIGITS[int(ch)]], dtype=bool).reshape(5, 3)
        big = np.kron(glyph, np.ones((2, 2), dtype=bool))
        img[y:y + 10, x + i * 8:x + i * 8 + 6][big] = (252, 252, 252)


def render_frame(level: Level, f: int) -> tuple[np.ndarray, bytes, dict]:
    """Frame ``f`` of ``level``: (240, 256, 3) uint8, RAM snapshot, metadata."""
    cam = int(level.camera[f])
    img = level.image[:, cam:cam + W].copy()
    for i, (x0, v) in enumerate(level.enemies):
        ex = int(x0 + v * f) - cam
        _blit(img, ENEMY, SPRITE_PALETTES[1 + i % 2], ex, 13 * T - T, flip=(f // 8) % 2 == 1)
    px, py = int(level.player[f, 0]), int(level.player[f, 1])
    _blit(img, MARIO, SPRITE_PALETTES[0], px - cam, py, flip=(f // 6) % 2 == 1)
    score = level.score0 + 50 * (cam // 32)
    _draw_number(img, score, 6, 24, 12)
    _draw_number(img, (level.score0 // 100 + f // 40) % 100, 2, 96, 12)
    _draw_number(img, level.world * 10 + level.stage, 2, 144, 12)
    _draw_number(img, 400 - f // 24, 3, 200, 12)
    ram = write_ram(px, py, cam, level.world - 1, level.stage - 1, 0)
    meta = {"level": f"{level.world}-{level.stage}", "theme": level.theme, "action": 128 * int(py < 13 * T - T) | 4}
    return img, ram, meta


def episode_frames(seed: int, episode: int, frames: int) -> list[tuple[np.ndarray, bytes, dict]]:
    """All frames of one synthetic episode."""
    level = make_level(seed, episode, frames)
    return [render_frame(level, f) for f in range(frames)]
