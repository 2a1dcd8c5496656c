"""RAM-derived state features (Super Mario Bros RAM map, as read by gym-super-mario-bros).

Addresses: 0x006D player page, 0x0086 player x in page, 0x03B8 player y pixel, 0x00B5 vertical viewport,
0x071A screen page, 0x071C screen-left x (fine scroll), 0x075F world, 0x075C stage, 0x0756 power-up,
0x000E player state. The synthetic generator writes the same addresses, so one feature function serves both.
"""

from __future__ import annotations

import numpy as np

RAM_SIZE = 2048
ADDR = {
    "player_page": 0x006D,
    "player_x": 0x0086,
    "player_y": 0x03B8,
    "y_viewport": 0x00B5,
    "screen_page": 0x071A,
    "screen_x": 0x071C,
    "world": 0x075F,
    "stage": 0x075C,
    "powerup": 0x0756,
    "player_state": 0x000E,
}
STATE_FEATURES = (
    "mario_screen_x", "mario_y", "on_screen", "scroll_fine", "scroll_coarse", "world", "stage", "powerup",
)
STATE_DIM = len(STATE_FEATURES)


def state_features(ram: bytes | np.ndarray | None) -> np.ndarray:
    """Eight features in [0, 1] from a 2048-byte RAM snapshot (zeros when there is none)."""
    if ram is None:
        return np.zeros(STATE_DIM, dtype=np.float32)
    r = np.frombuffer(bytes(ram), dtype=np.uint8) if not isinstance(ram, np.ndarray) else ram.astype(np.uint8)
    if r.size < RAM_SIZE:
        return np.zeros(STATE_DIM, dtype=np.float32)
    player_x = int(r[ADDR["player_page"]]) * 256 + int(r[ADDR["player_x"]])
    screen_x = int(r[ADDR["screen_page"]]) * 256 + int(r[ADDR["screen_x"]])
    feats = [
        ((player_x - screen_x) % 256) / 255.0,
        int(r[ADDR["player_y"]]) / 255.0,
        min(int(r[ADDR["y_viewport"]]), 2) / 2.0,
        (screen_x % 16) / 15.0,
        ((screen_x // 16) % 64) / 63.0,
        min(int(r[ADDR["world"]]), 7) / 7.0,
        min(int(r[ADDR["stage"]]), 3) / 3.0,
        min(int(r[ADDR["powerup"]]), 2) / 2.0,
    ]
    return np.asarray(feats, dtype=np.float32)


def write_ram(player_x: int, player_y: int, screen_x: int, world: int, stage: int, powerup: int) -> bytes:
    """A RAM snapshot holding the given values at the SMB addresses (what the synthetic generator stores)."""
    r = np.zeros(RAM_SIZE, dtype=np.uint8)
    r[ADDR["player_page"]], r[ADDR["player_x"]] = divmod(max(player_x, 0), 256)[0] % 256, player_x % 256
    r[ADDR["player_y"]] = int(np.clip(player_y, 0, 255))
    r[ADDR["y_viewport"]] = 1
    r[ADDR["screen_page"]], r[ADDR["screen_x"]] = (screen_x // 256) % 256, screen_x % 256
    r[ADDR["world"]], r[ADDR["stage"]] = world, stage
    r[ADDR["powerup"]], r[ADDR["player_state"]] = powerup, 8
    return r.tobytes()
