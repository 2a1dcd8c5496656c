"""Models service: the registry over gRPC (logic lives in enginemind.registry.store)."""

from __future__ import annotations

import grpc

from enginemind.registry import store
from enginemind.server.context import App
from enginemind.server.convert import version_to_proto
from enginemind.v1 import models_pb2, models_pb2_grpc

CHUNK = 1 << 20


class ModelsService(models_pb2_grpc.ModelsServicer):
    def __init__(self, app: App) -> None:
        self.app = app

    async def List(self, request: models_pb2.ListModelsRequest, context: grpc.aio.ServicerContext):
        rows = await self.app.run_db(store.list_versions, family=request.family, model=request.model)
        return models_pb2.ListModelsResponse(versions=[version_to_proto(r) for r in rows])

    async def Get(self, request: models_pb2.GetModelRequest, context: grpc.aio.ServicerContext):
        row = await self.app.run_db(store.get_version, request.model, version=request.version, alias=request.alias)
        return version_to_proto(row)

    async def SetAlias(self, request: models_pb2.SetAliasRequest, context: grpc.aio.ServicerContext):
        row = await self.app.run_db(store.set_alias, request.model, request.version, request.alias)
        return version_to_proto(row)

    async def Delete(self, request: models_pb2.DeleteModelRequest, context: grpc.aio.ServicerContext):
        count = await self.app.run_db(store.delete, self.app.artifacts_root, request.model, request.version)
        return models_pb2.DeleteModelResponse(deleted_versions=count)

    async def Download(self, request: models_pb2.DownloadRequest, context: grpc.aio.ServicerContext):
        row = await self.app.run_db(store.get_version, request.model, version=request.version, alias=request.alias)
        path, info = store.artifact_path(self.app.artifacts_root, row, request.artifact)
        fh = await self.app.run_blocking(open, path, "rb")
        try:
            offset = 0
            while True:
                data = await self.app.run_blocking(fh.read, CHUNK)
                if not data and offset:
                    return
                first = offset == 0
                yield models_pb2.DownloadChunk(
                    data=data, offset=offset, total_size=info["size"] if first else 0,
                    sha256=info["sha256"] if first else "",
                )
                offset += len(data)
                if not data:
                    return
        finally:
            fh.close()
