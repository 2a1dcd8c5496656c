"""Planner service: plan / validate missions, record executions, list patterns (logic: families.planner)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import grpc

from enginemind.errors import FailedPrecondition
from enginemind.families.planner import executions as ex
from enginemind.families.planner import service as logic
from enginemind.families.planner.plan import Plan, parse_steps
from enginemind.families.planner.predict import PlanResult, plan_mission
from enginemind.families.planner.safety import SafetyReport, check
from enginemind.families.planner.validate import validate
from enginemind.registry import store
from enginemind.registry.cache import ModelCache
from enginemind.server.context import App
from enginemind.server.spec import ServiceSpec
from enginemind.v1 import planner_pb2 as pb
from enginemind.v1 import planner_pb2_grpc as pb_grpc


def spec() -> ServiceSpec:
    """The ServiceSpec that the server adds (named by the family record)."""
    return ServiceSpec.of(pb, pb_grpc, "Planner", "planner", lambda app, shared: PlannerService(app))


def steps_from_msg(steps: Any) -> Plan:
    return parse_steps([{"action": s.action, "target": s.target, "destination": s.destination, "args": dict(s.args)}
                        for s in steps])


def steps_to_msg(plan: Plan) -> list[pb.PlanStep]:
    return [pb.PlanStep(action=s.action, target=s.target, destination=s.destination, args=s.args) for s in plan.steps]


def safety_to_msg(rep: SafetyReport) -> pb.SafetyVerdict:
    return pb.SafetyVerdict(verdict=rep.verdict, reasons=rep.reasons, notes=rep.notes, duration_s=rep.duration_s,
                            route_m=rep.route_m)


class PlannerService(pb_grpc.PlannerServicer):
    def __init__(self, app: App) -> None:
        self.app = app
        self.lms = ModelCache(size=2)
        self.predictions = logic.PredictionCache()

    async def start(self) -> None:
        await self.predictions.start(self.app.extras.get("telemetry_brain"))

    async def stop(self) -> None:
        await self.predictions.stop()

    def _lm(self, model: str, version: int) -> Any:
        with self.app.db.connection() as conn:
            row = logic.resolve_lm(conn, model, version)
        files = store.artifact_files(self.app.artifacts_root, row)
        return self.lms.get((row["model"], row["version"]), lambda: logic.load_lm_from_files(files))

    def _live(self, conn: Any, robot_id: str) -> Any:
        return logic.live_state(conn, robot_id, self.predictions.for_robot(robot_id))

    def _plan(self, r: pb.PlanMissionRequest) -> pb.PlanMissionResponse:
        ctx = logic.parse_context(r.context_json, r.robot_id)
        planner = r.planner or "rule"
        lm = None
        if planner == "lm":
            lm = self._lm(r.lm_model, r.lm_version)
        elif planner == "auto":
            with contextlib.suppress(FailedPrecondition):  # no trained LM yet: auto answers with the rules
                lm = self._lm(r.lm_model, r.lm_version)
        with self.app.db.connection() as conn:
            live = self._live(conn, ctx.robot_id)
            pats = ex.patterns(conn)
        res: PlanResult = plan_mission(r.mission, ctx, planner, lm, live, pats)
        return pb.PlanMissionResponse(
            valid=res.valid, steps=steps_to_msg(res.safety.plan), safety=safety_to_msg(res.safety),
            planner=res.planner, latency_ms=res.latency_ms, errors=res.errors,
            success_criteria=res.success_criteria, result_json=json.dumps(res.to_dict(), ensure_ascii=False))

    async def PlanMission(self, request: pb.PlanMissionRequest, context: grpc.aio.ServicerContext):
        return await self.app.run_blocking(self._plan, request)

    def _validate(self, r: pb.ValidatePlanRequest) -> pb.ValidatePlanResponse:
        ctx = logic.parse_context(r.context_json, r.robot_id)
        plan = steps_from_msg(r.steps)
        v = validate(ctx, plan)
        if v.valid:
            with self.app.db.connection() as conn:
                rep = check(ctx, plan, self._live(conn, ctx.robot_id))
        else:
            rep = SafetyReport("rejected", v.errors, [], plan)
        return pb.ValidatePlanResponse(valid=v.valid, errors=v.errors, safety=safety_to_msg(rep),
                                       steps=steps_to_msg(rep.plan), success_criteria=v.success_criteria)

    async def ValidatePlan(self, request: pb.ValidatePlanRequest, context: grpc.aio.ServicerContext):
        return await self.app.run_blocking(self._validate, request)

    def _record(self, r: pb.RecordExecutionRequest) -> pb.RecordExecutionResponse:
        ctx = logic.parse_context(r.context_json)
        correction = steps_from_msg(r.correction) if len(r.correction) else None
        results = [{"status": s.status, "message": s.message} for s in r.step_results]
        with self.app.db.connection() as conn:
            eid = ex.record(conn, r.mission, ctx, steps_from_msg(r.plan), r.success, step_results=results,
                            correction=correction, planner=r.planner, note=r.note)
            n = ex.count(conn)
        return pb.RecordExecutionResponse(execution_id=eid, executions=n)

    async def RecordExecution(self, request: pb.RecordExecutionRequest, context: grpc.aio.ServicerContext):
        return await self.app.run_blocking(self._record, request)

    def _patterns(self, r: pb.ListPatternsRequest) -> pb.ListPatternsResponse:
        with self.app.db.connection() as conn:
            pats = ex.patterns(conn, r.min_support or 0.1, r.min_count or 2)
            n = ex.count(conn)
        if r.limit > 0:
            pats = pats[: r.limit]
        return pb.ListPatternsResponse(
            patterns=[pb.Pattern(actions=p.actions, support=p.support, confidence=p.confidence, count=p.count)
                      for p in pats], executions=n)

    async def ListPatterns(self, request: pb.ListPatternsRequest, context: grpc.aio.ServicerContext):
        return await self.app.run_blocking(self._patterns, request)
