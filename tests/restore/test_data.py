from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from enginemind.config import from_dict
from enginemind.errors import InvalidInput, NotFound
from enginemind.families.restore.config import DataConfig, RestoreConfig
from enginemind.families.restore.data import (
    decode_ram,
    levels_of,
    load_splits,
    read_png,
    scan_folder,
    split_episodes,
    write_synthetic_dataset,
)
from enginemind.families.restore.state import ADDR, STATE_DIM, state_features
from enginemind.families.restore.synth import make_level, render_frame


def test_synthetic_frames_are_deterministic_and_nes_like():
    a, ram_a, meta = render_frame(make_level(3, 5, 16), 7)
    b, ram_b, _ = render_frame(make_level(3, 5, 16), 7)
    c, _, _ = render_frame(make_level(3, 6, 16), 7)
    assert a.shape == (240, 256, 3) and a.dtype == np.uint8
    assert np.array_equal(a, b) and ram_a == ram_b
    assert not np.array_equal(a, c)
    assert len(np.unique(a.reshape(-1, 3), axis=0)) <= 25  # NES: few colours on screen
    assert meta["level"].count("-") == 1


def test_synthetic_camera_scrolls_and_ram_tracks_it():
    level = make_level(0, 2, 64)
    first, last = render_frame(level, 0), render_frame(level, 63)
    s0, s1 = state_features(first[1]), state_features(last[1])
    ram = np.frombuffer(last[1], dtype=np.uint8)
    assert int(ram[ADDR["screen_page"]]) * 256 + int(ram[ADDR["screen_x"]]) == int(level.camera[63])
    assert level.camera[63] > level.camera[0]
    assert s0.shape == (STATE_DIM,) and not np.array_equal(s0, s1)


def test_folder_roundtrip_and_splits_by_episode(tmp_path: Path):
    root = write_synthetic_dataset(tmp_path / "ds", episodes=6, frames=5, seed=1)
    assert len(scan_folder(root)) == 30
    splits = load_splits(DataConfig(source="folder", path=str(root), val_fraction=0.2, test_fraction=0.2))
    eps = {name: set(src.episodes) for name, src in splits.items()}
    assert eps["train"] and eps["val"] and eps["test"]
    assert not (eps["train"] & eps["val"]) and not (eps["train"] & eps["test"]) and not (eps["val"] & eps["test"])
    assert sum(len(s) for s in splits.values()) == 30
    img, state, meta = splits["test"].load(0)
    ep, idx = splits["test"].records[0].episode, splits["test"].records[0].index
    ref, ref_ram, _ = render_frame(make_level(1, int(ep.split("_")[1]), 5), idx)
    assert np.array_equal(img, ref)
    assert np.allclose(state, state_features(ref_ram))
    assert "level" in meta and "ram" in meta


def test_split_is_stable_and_needs_three_episodes():
    a = split_episodes([f"e{i}" for i in range(10)], 0.1, 0.1)
    b = split_episodes([f"e{i}" for i in reversed(range(10))], 0.1, 0.1)
    assert a == b and len(a["test"]) == 1 and len(a["val"]) == 1 and len(a["train"]) == 8
    with pytest.raises(InvalidInput, match="episode"):
        split_episodes(["only", "two"], 0.1, 0.1)


def _chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def test_reads_smb_dataset_chunks_after_iend(tmp_path: Path):
    frame = np.zeros((240, 256, 3), dtype=np.uint8)
    frame[100:120, 30:60] = (252, 152, 56)
    path = tmp_path / "f.png"
    Image.fromarray(frame).convert("P", palette=Image.Palette.ADAPTIVE, colors=4).save(path)
    ram = bytes(range(256)) * 8
    with open(path, "ab") as fh:
        fh.write(_chunk(b"tEXt", b"RAM\x00" + ram) + _chunk(b"tEXt", b"BP1\x00" + bytes([148])))
    rgb, meta = read_png(path)
    assert np.array_equal(rgb, frame)
    assert meta["ram"] == ram and meta["action"] == 148


def test_sidecar_jsonl_and_per_frame_json(tmp_path: Path):
    ep = tmp_path / "ds" / "ep1"
    ep.mkdir(parents=True)
    for ep_name in ("ep2", "ep3"):
        (tmp_path / "ds" / ep_name).mkdir()
        Image.fromarray(np.zeros((240, 256, 3), np.uint8)).save(tmp_path / "ds" / ep_name / "0.png")
    Image.fromarray(np.zeros((240, 256, 3), np.uint8)).save(ep / "000000.png")
    Image.fromarray(np.zeros((240, 256, 3), np.uint8)).save(ep / "000001.png")
    ram = bytearray(2048)
    ram[ADDR["player_y"]] = 200
    (ep / "frames.jsonl").write_text(json.dumps({"file": "000000.png", "frame": 10, "action": 4,
                                                 "ram": base64.b64encode(bytes(ram)).decode()}) + "\n")
    (ep / "000001.json").write_text(json.dumps({"frame": 11, "action": 5}))
    recs = {r.index: r for r in scan_folder(tmp_path / "ds") if r.episode == "ep1"}
    assert recs[10].meta["action"] == 4 and recs[11].meta["action"] == 5


def test_bad_data_gets_clear_errors(tmp_path: Path):
    with pytest.raises(NotFound, match="capture"):
        scan_folder(tmp_path / "missing")
    (tmp_path / "e").mkdir()
    Image.fromarray(np.zeros((100, 100, 3), np.uint8)).save(tmp_path / "e" / "a.png")
    with pytest.raises(InvalidInput, match="256x240"):
        read_png(tmp_path / "e" / "a.png")
    with pytest.raises(InvalidInput, match="data.path"):
        from_dict(RestoreConfig, {"data": {"source": "folder"}})
    with pytest.raises(InvalidInput, match="unknown config key"):
        from_dict(RestoreConfig, {"model": {"embed": 3}})


def test_ram_sidecar_encodings_are_told_apart_or_refused():
    ram = bytes(range(256)) * 8
    assert decode_ram(base64.b64encode(ram).decode()) == ram
    assert decode_ram(ram.hex()) == ram and decode_ram(ram.hex().upper()) == ram  # never 3,072 base64 bytes
    assert decode_ram(list(ram)) == ram and decode_ram(None) is None
    for bad in (ram.hex()[:-2], base64.b64encode(ram[:100]).decode(), "not base64 at all!", [1, 2, 3]):
        with pytest.raises(InvalidInput, match="2048-byte NES RAM"):
            decode_ram(bad)


def _level_folder(root: Path, levels: dict[str, str]) -> Path:
    """One tiny episode per level ("smb:1-1" style keys name the game)."""
    for ep, key in levels.items():
        game, _, level = key.rpartition(":")
        (root / ep).mkdir(parents=True)
        Image.fromarray(np.full((240, 256, 3), len(ep), np.uint8)).save(root / ep / "000000.png")
        (root / ep / "frames.jsonl").write_text(json.dumps({"file": "000000.png", "level": level,
                                                            "game": game or "smb"}) + "\n")
    return root


def test_split_by_level_holds_out_whole_levels_and_worlds(tmp_path: Path):
    root = _level_folder(tmp_path / "ds", {"a": "1-1", "b": "1-1", "c": "2-1", "d": "6-2", "e": "8-4",
                                           "f": "3-3", "g": "lost:1-1"})
    cfg = DataConfig(source="folder", path=str(root), split="level", test_levels=["6-2", "8", "lost:1-1"],
                     val_levels=["3-3"])
    splits = load_splits(cfg)
    assert levels_of(splits["test"]) == ["6-2", "8-4", "lost:1-1"]
    assert levels_of(splits["val"]) == ["3-3"] and levels_of(splits["train"]) == ["1-1", "2-1"]
    with pytest.raises(InvalidInput, match="no val frames"):
        load_splits(DataConfig(source="folder", path=str(root), split="level", val_levels=["5-1"]))
    with pytest.raises(InvalidInput, match="disjoint"):
        from_dict(DataConfig, {"source": "folder", "path": str(root), "split": "level", "val_levels": ["6-2"],
                               "test_levels": ["6-2"]})
    flat = tmp_path / "flat"
    flat.mkdir()
    Image.fromarray(np.zeros((240, 256, 3), np.uint8)).save(flat / "x.png")
    with pytest.raises(InvalidInput, match="no 'level'"):
        load_splits(DataConfig(source="folder", path=str(flat), split="level"))
