"""Logic behind the Restore gRPC service: image (de)coding, size limits, model lookup and caching.

The servicer (``enginemind.server.restore_service``) only wires requests to these functions.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from enginemind.errors import FailedPrecondition, InvalidInput, PayloadTooLarge
from enginemind.families.restore.config import NATIVE_HW

DEFAULT_MODEL = "restore-mae"
RAW_FRAME_BYTES = NATIVE_HW[0] * NATIVE_HW[1] * 3
MAX_FRAMES_PER_CALL = 512


def decode_image(msg: Any, what: str, channels: int) -> np.ndarray:
    """An ``Image`` message -> uint8 (H, W, channels); masks use channels=1 (any non-zero channel counts)."""
    kind = msg.WhichOneof("data")
    if kind == "png":
        try:
            with Image.open(io.BytesIO(msg.png)) as im:
                arr = np.asarray(im.convert("RGB"))
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"{what} is not a readable PNG: {exc}") from None
    elif kind == "raw":
        r = msg.raw
        if r.height <= 0 or r.width <= 0 or r.channels not in (1, 3, 4):
            raise InvalidInput(f"{what}: raw images need height, width > 0 and channels 1, 3 or 4")
        if len(r.data) != r.height * r.width * r.channels:
            raise InvalidInput(f"{what}: raw data has {len(r.data)} bytes, expected height*width*channels = "
                               f"{r.height * r.width * r.channels}")
        arr = np.frombuffer(r.data, dtype=np.uint8).reshape(r.height, r.width, r.channels)
    else:
        raise InvalidInput(f"{what} is empty: set png or raw")
    if arr.shape[:2] != NATIVE_HW:
        raise InvalidInput(f"{what} is {arr.shape[1]}x{arr.shape[0]}; restore works on 256x240 frames")
    if channels == 1:
        return (arr.max(axis=2) > 0)[..., None].astype(np.uint8)
    if arr.shape[2] != 3:
        arr = arr[..., :3] if arr.shape[2] == 4 else np.repeat(arr, 3, axis=2)
    return np.ascontiguousarray(arr)


def encode_image(arr: np.ndarray, raw: bool, image_cls: Any, raw_cls: Any) -> Any:
    """uint8 (H, W, 3) -> ``Image`` message (PNG or raw)."""
    if raw:
        h, w, c = arr.shape
        return image_cls(raw=raw_cls(data=np.ascontiguousarray(arr).tobytes(), height=h, width=w, channels=c))
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, format="PNG", compress_level=6)
    return image_cls(png=buf.getvalue())


def check_batch(n: int, raw_output: bool, max_message_mb: int) -> None:
    """Refuse calls whose reply would not fit the message limit, with a way out in the message."""
    if n == 0:
        raise InvalidInput("send at least one frame")
    if n > MAX_FRAMES_PER_CALL:
        raise PayloadTooLarge(f"{n} frames in one call; send at most {MAX_FRAMES_PER_CALL} per call")
    limit = max_message_mb * 1024 * 1024
    if raw_output and n * RAW_FRAME_BYTES > 0.95 * limit:
        most = int(0.95 * limit // RAW_FRAME_BYTES)
        raise PayloadTooLarge(f"{n} raw frames ({n * RAW_FRAME_BYTES / 2**20:.1f} MiB) exceed the "
                              f"{max_message_mb} MiB message limit; ask for PNG output or send at most {most} "
                              "frames per call")


def load_restorer(files: dict[str, Path]) -> Any:
    """onnxruntime when the version has its ONNX graph (trained by this family; int8 where ``served_graph``
    says so), else PyTorch."""
    from enginemind.families.restore.export import ort_session, served_graph
    from enginemind.families.restore.predict import (
        META,
        TILES,
        WEIGHTS,
        Restorer,
        load_model,
        load_model_config,
        load_snap,
    )
    from enginemind.families.restore.tilelm import META as TL_META
    from enginemind.families.restore.tilelm import WEIGHTS as TL_WEIGHTS
    from enginemind.families.restore.tilelm import TileClassifier
    from enginemind.families.restore.tiles import TileBank

    bank = TileBank.load(files[TILES]) if TILES in files else None
    clf = TileClassifier.load(None, files[TL_WEIGHTS], files[TL_META]) if TL_WEIGHTS in files and TL_META in files \
        else None
    graph = served_graph(files)
    if graph is not None and META in files:
        return Restorer(session=ort_session(graph), model_cfg=load_model_config(files[META]),
                        snap=load_snap(files[META]), tile_bank=bank, classifier=clf)
    return Restorer(model=load_model(files[WEIGHTS], files[META]), snap=load_snap(files[META]), tile_bank=bank,
                    classifier=clf)


def load_codec_files(files: dict[str, Path]) -> Any:
    from enginemind.families.restore.codec import CODEC_META, CODEC_WEIGHTS, load_codec

    if CODEC_WEIGHTS not in files:
        raise FailedPrecondition("this model version has no codec; train it with codec.steps > 0 "
                                 "(e.g. `enginemind jobs submit restore --config '{\"codec\": {\"steps\": 300}}'`)")
    return load_codec(files[CODEC_WEIGHTS], files[CODEC_META])
