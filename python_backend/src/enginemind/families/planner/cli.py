"""``enginemind plan``: plan a mission locally or through the server; validate, record executions, patterns.

    enginemind plan "MISSION" [--context context.json] [--planner rule|lm|auto] [--format json|table]
    enginemind plan "MISSION" --server [--robot ID]      # live telemetry checks, LM from the registry, patterns
    enginemind plan --validate plan.json --context context.json [--server]
    enginemind plan --record execution.json              # via the server: {mission, context, plan, success, ...}
    enginemind plan --patterns                           # via the server

Exit code 0 when the plan is valid and not rejected, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from enginemind.errors import InvalidInput


def register(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("plan", help="plan a robot mission (validated steps + safety verdict)")
    common(p)
    p.add_argument("mission", nargs="?", default=None, help="the mission sentence")
    p.add_argument("--context", default="", help="context JSON file (objects, locations, state, constraints, ...)")
    p.add_argument("--planner", choices=("rule", "lm", "auto"), default="rule")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.add_argument("--server", action="store_true", help="plan through the running server")
    p.add_argument("--robot", default="", help="robot id whose live telemetry the safety monitor uses (--server)")
    p.add_argument("--lm-adapter", default="", help="local LoRA adapter folder for --planner lm/auto")
    p.add_argument("--validate", default="", help="validate the plan in this JSON file ([{action, target, ...}])")
    p.add_argument("--record", default="", help="store the execution in this JSON file through the server")
    p.add_argument("--patterns", action="store_true", help="list knowledge patterns (through the server)")
    p.set_defaults(func=cmd_plan)


def _read_json(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"cannot read {what} {path}: {exc}") from None


def _context_text(path: str) -> str:
    return json.dumps(_read_json(path, "context")) if path else "{}"


def table(res: dict[str, Any]) -> str:
    lines = [f"planner: {res.get('planner', '-')}   valid: {res['valid']}   safety: {res['safety']['verdict']}"]
    for i, s in enumerate(res["steps"], 1):
        args = " ".join(f"{k}={v:g}" for k, v in sorted((s.get("args") or {}).items()))
        lines.append(f"{i:>3}. {s['action']:<10} {s['target']:<16} {s.get('destination', ''):<16} {args}")
    lines += [f"  - {r}" for r in res["safety"]["reasons"]] + [f"  note: {n}" for n in res["safety"].get("notes", [])]
    return "\n".join(lines)


def _remote(args: argparse.Namespace) -> dict[str, Any]:
    from google.protobuf import json_format

    from enginemind.client import Client
    from enginemind.v1 import planner_pb2 as pb
    from enginemind.v1 import planner_pb2_grpc as pb_grpc

    with Client.from_data_dir(args.data_dir, timeout_s=max(args.timeout, 120.0)) as client:
        stub = pb_grpc.PlannerStub(client.channel)
        if args.patterns:
            r = client.call(stub.ListPatterns, pb.ListPatternsRequest())
            return json_format.MessageToDict(r, preserving_proto_field_name=True)
        if args.record:
            d = _read_json(args.record, "execution")
            if not isinstance(d, dict):
                raise InvalidInput("--record file must hold an object {mission, context, plan, success, ...}")
            req = pb.RecordExecutionRequest(mission=str(d.get("mission", "")), context_json=json.dumps(d.get("context")
                                            or {}), success=bool(d.get("success")), planner=str(d.get("planner", "")),
                                            note=str(d.get("note", "")))
            json_format.ParseDict({"plan": d.get("plan") or [], "correction": d.get("correction") or [],
                                   "step_results": d.get("step_results") or []}, req)
            r = client.call(stub.RecordExecution, req)
            return {"execution_id": r.execution_id, "executions": r.executions}
        if args.validate:
            req = pb.ValidatePlanRequest(context_json=_context_text(args.context), robot_id=args.robot)
            json_format.ParseDict({"steps": _read_json(args.validate, "plan")}, req)
            r = client.call(stub.ValidatePlan, req)
            d = json_format.MessageToDict(r, preserving_proto_field_name=True,
                                          always_print_fields_with_no_presence=True)
            return {**d, "valid": r.valid}
        r = client.call(stub.PlanMission, pb.PlanMissionRequest(
            mission=args.mission, context_json=_context_text(args.context), planner=args.planner,
            robot_id=args.robot))
        return json.loads(r.result_json)


def _local(args: argparse.Namespace) -> dict[str, Any]:
    from enginemind.families.planner.context import Context
    from enginemind.families.planner.plan import parse_steps
    from enginemind.families.planner.predict import plan_mission
    from enginemind.families.planner.safety import SafetyReport, check
    from enginemind.families.planner.validate import validate

    ctx = Context.from_dict(_read_json(args.context, "context") if args.context else {})
    if args.validate:
        plan = parse_steps(_read_json(args.validate, "plan"))
        v = validate(ctx, plan)
        rep = check(ctx, plan) if v.valid else SafetyReport("rejected", v.errors, [], plan)
        return {"valid": v.valid, "steps": rep.plan.to_list(), "safety": rep.to_dict(), "planner": "given",
                "errors": v.errors}
    lm = None
    if args.planner != "rule":
        from enginemind.families.planner.model import PlanLM

        if not args.lm_adapter:
            print("note: no --lm-adapter given: using the untrained base model", file=sys.stderr)
        lm = PlanLM.load(args.lm_adapter or None)
    return plan_mission(args.mission, ctx, args.planner, lm).to_dict()


def cmd_plan(args: argparse.Namespace) -> int:
    if (args.patterns or args.record) and not args.server:
        args.server = True
    if args.mission is None and not (args.validate or args.record or args.patterns):
        raise InvalidInput('give a mission: enginemind plan "put the cup on the table" --context context.json')
    res = _remote(args) if args.server else _local(args)
    if args.format == "table" and "safety" in res:
        print(table(res))
    else:
        print(json.dumps(res, indent=1, ensure_ascii=False))
    if "safety" in res:
        return 0 if res.get("valid") and res["safety"]["verdict"] != "rejected" else 1
    return 0
