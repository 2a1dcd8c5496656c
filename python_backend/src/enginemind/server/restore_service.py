"""Restore service: frame restoration and the RVQ codec (logic lives in enginemind.families.restore)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import grpc
import numpy as np

from enginemind.errors import InvalidInput
from enginemind.families.restore import service as logic
from enginemind.registry import store
from enginemind.registry.cache import ModelCache
from enginemind.server.context import App
from enginemind.server.spec import ServiceSpec
from enginemind.v1 import restore_pb2, restore_pb2_grpc

PNG, RAW = restore_pb2.IMAGE_ENCODING_PNG, restore_pb2.IMAGE_ENCODING_RAW


def spec() -> ServiceSpec:
    """The ServiceSpec that the server adds (named by the family record)."""
    return ServiceSpec.of(restore_pb2, restore_pb2_grpc, "Restore", "restore", lambda app, shared: RestoreService(app))


class RestoreService(restore_pb2_grpc.RestoreServicer):
    def __init__(self, app: App) -> None:
        self.app = app
        self.cache = ModelCache()

    async def _files(self, ref: restore_pb2.RestoreModelRef) -> tuple[dict, dict[str, Path]]:
        row = await self.app.run_db(store.resolve, ref.model or logic.DEFAULT_MODEL, ref.version, ref.alias,
                                    family="restore")
        files = store.artifact_files(self.app.artifacts_root, row)
        return row, files

    async def _load(self, ref: restore_pb2.RestoreModelRef, kind: str) -> tuple[dict, Any]:
        row, files = await self._files(ref)
        loader = logic.load_restorer if kind == "restorer" else logic.load_codec_files
        obj = await self.app.run_blocking(self.cache.get, (row["model"], row["version"], kind), lambda: loader(files))
        return row, obj

    def _frames(self, images) -> np.ndarray:
        return np.stack([logic.decode_image(m, f"frame {i}", 3) for i, m in enumerate(images)])

    def _out(self, frames: np.ndarray, raw: bool) -> list[restore_pb2.Image]:
        return [logic.encode_image(f, raw, restore_pb2.Image, restore_pb2.RawImage) for f in frames]

    async def RestoreFrames(self, request: restore_pb2.RestoreFramesRequest, context: grpc.aio.ServicerContext):
        n = len(request.frames)
        raw = request.output == RAW or (request.output != PNG and n > 0 and request.frames[0].HasField("raw"))
        logic.check_batch(n, raw, self.app.settings.max_message_mb)
        if len(request.masks) != n:
            raise InvalidInput(f"send one mask per frame: {n} frames, {len(request.masks)} masks")
        if request.states and len(request.states) != n:
            raise InvalidInput(f"send no state vectors or one per frame: {n} frames, {len(request.states)} states")
        row, restorer = await self._load(request.model, "restorer")
        frames = self._frames(request.frames)
        masks = np.stack([logic.decode_image(m, f"mask {i}", 1)[..., 0] for i, m in enumerate(request.masks)]) > 0
        states = np.array([list(s.values) for s in request.states], dtype=np.float32) if request.states else None
        refs, ref_masks = self._references(request, n)
        out = await self.app.run_blocking(restorer.restore, frames, masks, states,
                                          palette_snap=False if request.no_palette_snap else None, references=refs,
                                          reference_masks=ref_masks, tile_snap=not request.no_tile_snap)
        return restore_pb2.RestoreFramesResponse(frames=self._out(out, raw), model=row["model"],
                                                 version=row["version"])

    def _references(self, request: restore_pb2.RestoreFramesRequest, n: int
                    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Optional reference frames (one per frame) and their masks (none, or one per reference)."""
        if not request.references:
            if request.reference_masks:
                raise InvalidInput("reference_masks need references")
            return None, None
        if len(request.references) != n:
            raise InvalidInput(f"send no reference frames or one per frame: {n} frames, "
                               f"{len(request.references)} references")
        refs = np.stack([logic.decode_image(r, f"reference {i}", 3) for i, r in enumerate(request.references)])
        if not request.reference_masks:
            return refs, None
        if len(request.reference_masks) != n:
            raise InvalidInput(f"send no reference masks or one per reference: {n} references, "
                               f"{len(request.reference_masks)} reference masks")
        rm = np.stack([logic.decode_image(m, f"reference mask {i}", 1)[..., 0]
                       for i, m in enumerate(request.reference_masks)]) > 0
        return refs, rm

    async def EncodeFrames(self, request: restore_pb2.EncodeFramesRequest, context: grpc.aio.ServicerContext):
        logic.check_batch(len(request.frames), False, self.app.settings.max_message_mb)
        row, codec = await self._load(request.model, "codec")
        frames = self._frames(request.frames)
        stream = await self.app.run_blocking(codec.encode, frames, request.num_quantizers or None)
        n_q = stream[5]
        return restore_pb2.EncodeFramesResponse(
            codes=stream, frames=len(frames), num_quantizers=n_q, bits_per_frame=(len(stream) - 16) * 8 / len(frames),
            model=row["model"], version=row["version"])

    async def DecodeFrames(self, request: restore_pb2.DecodeFramesRequest, context: grpc.aio.ServicerContext):
        row, codec = await self._load(request.model, "codec")
        n = int.from_bytes(request.codes[8:12], "little") if len(request.codes) >= 16 else 0
        logic.check_batch(max(n, 1), request.output == RAW, self.app.settings.max_message_mb)
        frames = await self.app.run_blocking(codec.decode, request.codes)
        return restore_pb2.DecodeFramesResponse(frames=self._out(frames, request.output == RAW),
                                                model=row["model"], version=row["version"])
