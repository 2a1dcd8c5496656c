"""Skeleton service: bone mapping, targets, feedback, import (logic lives in enginemind.families.bonemap)."""

from __future__ import annotations

import json
from typing import Any

import grpc

from enginemind.client.skeleton import skeleton_dict, skeleton_msg
from enginemind.errors import FailedPrecondition
from enginemind.families.bonemap import service as logic
from enginemind.families.bonemap.config import check_engine
from enginemind.families.bonemap.rig.retarget import MappingResult
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import list_targets, load_target
from enginemind.registry import store
from enginemind.registry.cache import ModelCache
from enginemind.server.context import App
from enginemind.server.spec import ServiceSpec
from enginemind.server.uploads import import_upload
from enginemind.v1 import skeleton_pb2, skeleton_pb2_grpc


def spec() -> ServiceSpec:
    """The ServiceSpec that the server adds (named by the family record)."""
    return ServiceSpec.of(skeleton_pb2, skeleton_pb2_grpc, "Skeleton", "skeleton",
                          lambda app, shared: SkeletonService(app))


def skeleton_from_msg(msg: skeleton_pb2.SkeletonData) -> Skeleton:
    return Skeleton.from_dict(skeleton_dict(msg))


def skeleton_to_msg(sk: Skeleton) -> skeleton_pb2.SkeletonData:
    return skeleton_msg(sk.to_dict())


def _chains(chains: list[dict[str, Any]]) -> list[skeleton_pb2.RetargetChain]:
    return [skeleton_pb2.RetargetChain(name=c["name"], start=c["start"], end=c["end"], bones=c["bones"],
                                       goal=c.get("goal", ""), target_start=c.get("target_start", ""),
                                       target_end=c.get("target_end", "")) for c in chains]


def result_to_msg(res: MappingResult, fingerprint: str) -> skeleton_pb2.MapSkeletonResponse:
    """The result once, as the JSON of DESIGN.md section 4, plus the engine and the rig's fingerprint."""
    return skeleton_pb2.MapSkeletonResponse(engine=res.engine, fingerprint=fingerprint,
                                            result_json=json.dumps(res.to_dict(), ensure_ascii=False))


class SkeletonService(skeleton_pb2_grpc.SkeletonServicer):
    def __init__(self, app: App) -> None:
        self.app = app
        self.models = ModelCache(size=3)

    def _lm(self, model: str, version: int, required: bool = True) -> Any:
        with self.app.db.connection() as conn:
            try:
                row = logic.resolve_lm(conn, model, version)
            except FailedPrecondition:
                if required:
                    raise
                return None
        files = store.artifact_files(self.app.artifacts_root, row)
        return self.models.get((row["model"], row["version"]), lambda: logic.load_lm_from_files(files))

    def _skeleton_model(self, required: bool) -> Any:
        from enginemind.families.bonemap.skelnet.infer import SkelModel

        with self.app.db.connection() as conn:
            row = logic.resolve_skeleton_model(conn, required)
        if row is None:
            return None
        folder = next(iter(store.artifact_files(self.app.artifacts_root, row).values())).parent
        return self.models.get((row["model"], row["version"]), lambda: SkelModel.load(folder))

    def _map(self, request: skeleton_pb2.MapSkeletonRequest) -> skeleton_pb2.MapSkeletonResponse:
        sk = skeleton_from_msg(request.skeleton)
        tsk = skeleton_from_msg(request.target_skeleton) if request.target_skeleton.bones else None
        target = logic.pick_target(request.target, tsk)
        engine = check_engine(request.engine or "matcher")
        # lm needs the LM and model the skeleton model; auto uses whichever is trained (the matcher alone if neither)
        lm = self._lm(request.lm_model, request.lm_version, required=engine == "lm") if engine in ("lm", "auto") \
            else None
        skel = self._skeleton_model(required=engine == "model") if engine in ("model", "auto") else None
        with self.app.db.connection() as conn:
            res = logic.map_with_feedback(conn, sk, target, engine, lm, not request.ignore_feedback, skel=skel)
        return result_to_msg(res, sk.fingerprint)

    async def MapSkeleton(self, request: skeleton_pb2.MapSkeletonRequest, context: grpc.aio.ServicerContext):
        return await self.app.run_blocking(self._map, request)

    async def ListTargets(self, request: skeleton_pb2.ListTargetsRequest, context: grpc.aio.ServicerContext):
        out = []
        for name in list_targets():
            t = await self.app.run_blocking(load_target, name)
            out.append(skeleton_pb2.TargetSummary(name=t.name, description=t.description, bone_count=len(t.skeleton)))
        return skeleton_pb2.ListTargetsResponse(targets=out)

    async def GetTarget(self, request: skeleton_pb2.GetTargetRequest, context: grpc.aio.ServicerContext):
        t = await self.app.run_blocking(load_target, request.name or logic.DEFAULT_TARGET)
        d = t.to_dict()
        chains = [{"name": k, "start": v[0], "end": v[-1], "bones": v} for k, v in t.chains.items()]
        goals = [{"name": k, "bone": v["bone"], "chain": v["chain"]} for k, v in t.ik_goals.items()]
        return skeleton_pb2.TargetInfo(name=t.name, description=t.description, skeleton=skeleton_to_msg(t.skeleton),
                                       chains=_chains(chains), retarget_root=t.retarget_root or "",
                                       ik_goals=[skeleton_pb2.IKGoal(**g) for g in goals],
                                       roles={k: v for k, v in d["roles"].items() if v})

    def _feedback(self, request: skeleton_pb2.SubmitMappingFeedbackRequest
                  ) -> skeleton_pb2.SubmitMappingFeedbackResponse:
        sk = skeleton_from_msg(request.skeleton)
        corrections = {c.source: (c.target or None) for c in request.corrections}
        with self.app.db.connection() as conn:
            fid = logic.submit_feedback(conn, sk, request.target, corrections, request.note)
        return skeleton_pb2.SubmitMappingFeedbackResponse(feedback_id=fid, fingerprint=sk.fingerprint,
                                                          corrections=len(corrections))

    async def SubmitMappingFeedback(self, request: skeleton_pb2.SubmitMappingFeedbackRequest,
                                    context: grpc.aio.ServicerContext):
        return await self.app.run_blocking(self._feedback, request)

    async def ImportSkeleton(self, request: skeleton_pb2.ImportSkeletonRequest, context: grpc.aio.ServicerContext):
        out = await self.app.run_heavy(import_upload, bytes(request.data), request.filename,
                                       request.skin)  # parser processes
        return skeleton_pb2.ImportSkeletonResponse.FromString(out)
