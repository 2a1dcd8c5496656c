"""PoseSplat service: render, embed and evaluate with a registered model (logic in families.posesplat)."""

from __future__ import annotations

import os
from typing import Any

import grpc

from enginemind.families.posesplat import service as logic
from enginemind.registry import store
from enginemind.registry.cache import ModelCache
from enginemind.server.context import App
from enginemind.server.spec import ServiceSpec
from enginemind.v1 import posesplat_pb2 as pb
from enginemind.v1 import posesplat_pb2_grpc as pb_grpc


def spec() -> ServiceSpec:
    """The ServiceSpec that the server adds (named by the family record)."""
    return ServiceSpec.of(pb, pb_grpc, "PoseSplat", "posesplat", lambda app, shared: PoseSplatService(app))


class PoseSplatService(pb_grpc.PoseSplatServicer):
    def __init__(self, app: App) -> None:
        self.app = app
        self.models = ModelCache()
        self.projects = ModelCache(size=2)

    async def _model(self, ref: pb.SplatModelRef) -> tuple[dict, Any, dict]:
        from enginemind.families.posesplat.predict import load_model

        row = await self.app.run_db(store.resolve, ref.model or logic.DEFAULT_MODEL, ref.version, ref.alias,
                                    family="posesplat")
        files = store.artifact_files(self.app.artifacts_root, row)
        model, meta = await self.app.run_blocking(self.models.get, (row["model"], row["version"]),
                                                  lambda: load_model(files))
        return row, model, meta

    async def _project(self, project: str):
        path = logic.project_file(project)
        key = (str(path.resolve()), os.stat(path).st_mtime_ns)
        return await self.app.run_blocking(self.projects.get, key, lambda: logic.load_project(project)[1])

    async def Render(self, request: pb.SplatRenderRequest, context: grpc.aio.ServicerContext):
        from enginemind.families.posesplat.predict import render_frame

        row, model, meta = await self._model(request.model)
        data = await self._project(request.project)
        scene = logic.scene_for(data, meta)
        img = await self.app.run_blocking(
            render_frame, scene, model, request.frame, request.camera,
            request.azimuth_deg if request.orbit else None, request.elevation_deg or 35.0, request.size,
            not request.hull)
        return pb.SplatRenderResponse(png=logic.png(img), width=img.shape[1], height=img.shape[0],
                                      model=row["model"], version=row["version"])

    async def Embed(self, request: pb.SplatEmbedRequest, context: grpc.aio.ServicerContext):
        from enginemind.families.posesplat.features import embed

        row, model, meta = await self._model(request.model)
        data = await self._project(request.project)
        frames = logic.frames_or_all(data, list(request.frames))
        feats, emb = await self.app.run_blocking(embed, logic.scene_for(data, meta), model, frames)
        out = [pb.SplatFeature(frame=f, features=v.tolist(), x=float(e[0]), y=float(e[1]))
               for f, v, e in zip(frames, feats, emb, strict=True)]
        return pb.SplatEmbedResponse(frames=out, model=row["model"], version=row["version"])

    async def Evaluate(self, request: pb.SplatEvaluateRequest, context: grpc.aio.ServicerContext):
        row, model, meta = await self._model(request.model)
        data = await self._project(request.project)
        metrics, n = await self.app.run_blocking(logic.evaluate_project, data, model, meta, request.max_frames)
        return pb.SplatEvaluateResponse(metrics=metrics, frames=n, model=row["model"], version=row["version"])
