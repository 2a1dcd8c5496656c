"""Replay the dashboard's exact RPC sequence (EngineMind.Core.Connection.RpcSequence, printed by the Mono runner)
against a real ``enginemind serve``, and feed the real Watch events through the package's C# job view model."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_health.v1 import health_pb2

from enginemind.families.planner.plan import PlanParseError, parse_steps, parse_text
from enginemind.families.telemetry.store import copy_packets
from enginemind.v1 import jobs_pb2, models_pb2, planner_pb2, session_pb2, skeleton_pb2  # noqa: F401  (services)
from tests.unity import mono

pytestmark = pytest.mark.slow  # starts PostgreSQL, a server and two demo training jobs

FAST = {"steps": 30, "checkpoint_every": 10}
SLOW = {"steps": 5000, "step_sleep_s": 0.01, "checkpoint_every": 1000}


@pytest.fixture(scope="module")
def flow(core_runner: Path) -> dict[str, Any]:
    result = mono.run_mono(core_runner, "--print-flow")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def runner(core_runner: Path, *args: str, stdin: str | None = None) -> str:
    result = mono.run_mono(core_runner, *args, stdin=stdin)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


class Dashboard:
    """Makes calls the way the C# client does: same paths, requests, deadlines and metadata."""

    def __init__(self, address: str, authorization: str) -> None:
        self.channel = grpc.insecure_channel(address.removeprefix("http://"))
        self.metadata = [("authorization", authorization)]

    def close(self) -> None:
        self.channel.close()

    def call(self, step: dict[str, Any], subst: dict[str, Any] | None = None, metadata: Any = "default") -> Any:
        path: str = step["method"]
        _, service, name = path.split("/")
        method = descriptor_pool.Default().FindServiceByName(service).FindMethodByName(name)
        req_cls = message_factory.GetMessageClass(method.input_type)
        resp_cls = message_factory.GetMessageClass(method.output_type)
        request = json_format.ParseDict(_substitute(step["request"], subst or {}), req_cls())
        md = self.metadata if metadata == "default" else metadata
        kwargs = {"request_serializer": req_cls.SerializeToString, "response_deserializer": resp_cls.FromString}
        if method.server_streaming:
            return list(self.channel.unary_stream(path, **kwargs)(request, timeout=step["deadline_s"], metadata=md))
        return self.channel.unary_unary(path, **kwargs)(request, timeout=step["deadline_s"], metadata=md)


def _substitute(value: Any, subst: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: _substitute(v, subst) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("$"):
        return subst[value[1:]]
    return value


def _event_lines(events: list[Any]) -> str:
    return "\n".join(json.dumps(json_format.MessageToDict(e, preserving_proto_field_name=True)) for e in events)


@pytest.fixture
def dashboard(backend, core_runner: Path):  # type: ignore[no-untyped-def]
    endpoint = json.loads(runner(core_runner, "--resolve", str(backend.data_dir)))  # C# DiscoveryInfo on the real file
    assert endpoint["pid"] == backend.proc.pid
    d = Dashboard(endpoint["address"], endpoint["authorization"])
    yield d
    d.close()


def test_dashboard_rpc_sequence_on_a_real_backend(backend, dashboard: Dashboard, flow: dict[str, Any],
                                                  core_runner: Path) -> None:
    # connect: health, handshake, first fill of the Jobs and Models tabs
    health, hs, jobs, models = (dashboard.call(step) for step in flow["connect"])
    assert health.status == health_pb2.HealthCheckResponse.SERVING
    assert runner(core_runner, "--check-version", hs.server_api_version) == "ok"
    assert "demo" in hs.families and "jobs" in hs.capabilities
    assert list(jobs.jobs) == [] and list(models.versions) == []

    # the token matters for everything but health, as ConnectionModel assumes
    with pytest.raises(grpc.RpcError) as err:
        dashboard.call(flow["connect"][1], metadata=[("authorization", "Bearer wrong")])
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert dashboard.call(flow["connect"][0], metadata=[]).status == health_pb2.HealthCheckResponse.SERVING

    # submit from the Jobs tab, then watch; a broken stream is resumed with after_seq
    submit, watch = flow["submit_and_watch"]
    job = dashboard.call({**submit, "request": {**submit["request"], "config": FAST}}, {"family": "demo"})
    events = dashboard.call(watch, {"job_id": job.id})
    assert events and events[-1].WhichOneof("kind") == "state", backend.log()
    middle = events[len(events) // 2].seq
    resumed = dashboard.call({**watch, "request": {"id": job.id, "after_seq": middle}})
    assert [e.seq for e in resumed] == [e.seq for e in events if e.seq > middle]

    view = json.loads(runner(core_runner, "--apply-events", stdin=_event_lines(events) + "\n" + _event_lines(resumed)))
    assert view["applied"] == len(events) and view["ignored"] == len(resumed)
    (row,) = view["rows"]
    assert row["id"] == job.id and row["state"] == "succeeded", backend.log()
    assert row["fraction"] == 1.0 and row["last_seq"] == events[-1].seq
    assert row["progress_text"].startswith("succeeded 30/30 (100%)")
    assert row["metrics"] and all(n > 0 for n in row["metrics"].values())
    assert row["model"] == "demo-regressor" and row["model_version"] >= 1

    # Jobs tab, the job selected: Core's ArtifactBook on the real events and listing, then the download it asks for
    list_step, get_step = flow["job_artifacts"]
    listing = json_format.MessageToDict(dashboard.call(list_step, {"job_id": job.id}), preserving_proto_field_name=True)
    book = json.loads(runner(core_runner, "--artifact-book",
                             stdin=_event_lines(events) + "\n---\n" + json.dumps(listing)))
    assert book["needs_list_before"] and not book["needs_list_after"] and book["terminal"]
    assert book["artifact_seq"] > 0 and book["fetch"] == ["loss.png"], book
    assert book["captions"][0].startswith("loss.png: loading")
    chunks = dashboard.call(get_step, {"job_id": job.id, "name": "loss.png"})
    data = b"".join(c.data for c in chunks)
    assert data.startswith(b"\x89PNG") and len(data) == chunks[0].total_size
    assert hashlib.sha256(data).hexdigest() == chunks[0].sha256

    # Models tab: set an alias, then the list shows it
    subst = {"model": row["model"], "alias": "production"}
    set_step, list_step = flow["set_alias"]
    set_step = {**set_step, "request": {**set_step["request"], "version": int(row["model_version"])}}
    assert "production" in dashboard.call(set_step, subst).aliases
    listed = dashboard.call(list_step)
    assert any(v.model == "demo-regressor" and "production" in v.aliases for v in listed.versions)

    # what the C# alias check lets through, the server accepts ('latest' is refused by both)
    for alias in ("staging", "release-2", "latest", "7", "has space"):
        client_ok = runner(core_runner, "--alias", alias) == "ok"
        try:
            dashboard.call(set_step, {**subst, "alias": alias})
            server_ok = True
        except grpc.RpcError:
            server_ok = False
        assert not client_ok or server_ok, f"C# accepts alias {alias!r} but the server refuses it"
    assert runner(core_runner, "--alias", "latest") != "ok"


def test_dashboard_cancel_sequence(backend, dashboard: Dashboard, flow: dict[str, Any], core_runner: Path) -> None:
    submit, watch = flow["submit_and_watch"]
    job = dashboard.call({**submit, "request": {**submit["request"], "config": SLOW}}, {"family": "demo"})
    (cancel,) = flow["cancel"]
    cancelled = dashboard.call(cancel, {"job_id": job.id})
    assert cancelled.cancel_requested or cancelled.state == jobs_pb2.JOB_STATE_CANCELLED
    events = dashboard.call(watch, {"job_id": job.id})
    view = json.loads(runner(core_runner, "--apply-events", stdin=_event_lines(events)))
    assert view["rows"][0]["state"] == "cancelled", backend.log()


def test_skeleton_tab_sequence_maps_a_mixamo_rig_to_a_valid_humanoid(backend, dashboard: Dashboard,
                                                                      flow: dict[str, Any], core_runner: Path) -> None:
    (step,) = flow["map_skeleton"]
    assert step["request"]["target"] == "unity_humanoid" and step["request"]["skeleton"]["up_axis"] == "y"
    response = dashboard.call(step)
    result = json.loads(response.result_json)  # API 2: the result is carried once, as JSON
    assert result["target"] == "unity_humanoid", result
    # Unity's left-handed axes reach the backend mirrored (SkeletonJson): the names agree with the rest pose
    assert not any("contradict" in w for w in result.get("warnings") or []), result.get("warnings")
    # the C# Skeleton tab parses result_json and plans the avatar exactly like this
    plan = json.loads(runner(core_runner, "--plan", stdin=response.result_json))
    assert plan["target_problem"] is None
    assert plan["valid"], plan["errors"]
    human = plan["human"]
    assert human["Hips"] == "mixamorig:Hips" and human["Head"] == "mixamorig:Head"
    assert human["LeftUpperArm"] == "mixamorig:LeftArm" and human["RightLowerLeg"] == "mixamorig:RightLeg"
    assert human["LeftHand"] == "mixamorig:LeftHand" and human["RightFoot"] == "mixamorig:RightFoot"
    # the backend's own Unity human list agrees with the C# plan for the bones both name
    backend_human = {h["humanName"]: h["boneName"] for h in result["unity_human"]}
    assert backend_human, "the backend lists its Unity human bones"
    for name, bone in backend_human.items():
        if name.replace(" ", "") in human:
            assert human[name.replace(" ", "")] == bone, name

    (feedback,) = flow["submit_feedback"]
    assert feedback["request"]["corrections"] == [{"source": "mixamorig:Spine2", "target": "UpperChest"}]
    stored = dashboard.call(feedback)
    assert stored.corrections == 1 and stored.fingerprint == response.fingerprint


def test_the_skeleton_tabs_request_is_right_handed(flow: dict[str, Any]) -> None:
    """The Skeleton tab's request (C# ``SkeletonJson``) mirrors Unity's left-handed axes: SampleRig faces +Z with
    its left arm on -X, and the backend, mapping it with every name removed, must still find the left limbs
    on the left (sent unmirrored, the sides came back swapped)."""
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.skeleton import Skeleton

    (step,) = flow["map_skeleton"]
    data = step["request"]["skeleton"]
    bones = [{"name": b["name"], "parent": b.get("parent") or None, "position": b["position"]} for b in data["bones"]]
    new = {b["name"]: f"bone_{i:03d}" for i, b in enumerate(bones)}
    anon = [{**b, "name": new[b["name"]], "parent": new.get(b["parent"] or "")} for b in bones]
    got = Mapper().map(Skeleton.from_dict({"bones": anon, "up_axis": data["up_axis"], "units": data["units"]}),
                       "ue5_manny").mapping
    for bone, want in (("mixamorig:LeftHand", "hand_l"), ("mixamorig:RightHand", "hand_r"),
                       ("mixamorig:LeftFoot", "foot_l"), ("mixamorig:RightUpLeg", "thigh_r")):
        assert got[new[bone]] == want, (bone, got[new[bone]])


def test_robots_tab_prediction_stream(backend, dashboard: Dashboard, flow: dict[str, Any], core_runner: Path) -> None:
    """The Robots tab's WatchPredictions stream: heartbeats (and any predictions) go through the C# robot model."""
    (step,) = flow["watch_predictions"]
    assert step["request"] == {"heartbeat_s": 1}
    # the dashboard keeps this stream open for 30 min; 3.5 s is enough for a few heartbeats
    envelopes = _read_until_deadline(dashboard, step, 3.5)
    assert any(e.WhichOneof("body") == "heartbeat" for e in envelopes), envelopes
    view = json.loads(runner(core_runner, "--apply-envelopes", stdin=_envelope_lines(envelopes)))
    assert view["heartbeats"] >= 2


def test_robots_stream_ignores_the_late_end_of_a_replaced_stream(backend, dashboard: Dashboard,
                                                                   flow: dict[str, Any], core_runner: Path) -> None:
    """A reconnect replaces the prediction stream: stream 1 is cancelled, stream 2 opens, and stream 1's
    CANCELLED end arrives afterwards (real gRPC calls, in the order the dashboard sees them). Through the C#
    PredictionStream that late end is ignored and stream 2 stays current and streaming (it used to be torn down)."""
    from enginemind.v1 import telemetry_pb2

    (step,) = flow["watch_predictions"]
    stub = dashboard.channel.unary_stream(
        step["method"], request_serializer=telemetry_pb2.WatchRequest.SerializeToString,
        response_deserializer=telemetry_pb2.Envelope.FromString)
    request = telemetry_pb2.WatchRequest(heartbeat_s=step["request"]["heartbeat_s"])
    log: list[dict[str, Any]] = []
    t = 0.0

    def note(event: str, stream: int = 0, **extra: Any) -> None:
        nonlocal t
        t += 0.1
        log.append({"event": event, "stream": stream, "t": t, **extra})

    first = stub(request, timeout=30, metadata=dashboard.metadata)
    note("open")
    try:
        next(first)
    except grpc.RpcError as exc:
        if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
            pytest.skip("this backend has no Telemetry service yet")
        raise
    note("message", 1)
    note("reset")  # the connection closed: the dashboard resets the feed and cancels stream 1
    first.cancel()
    second = stub(request, timeout=30, metadata=dashboard.metadata)
    note("open")
    next(second)
    note("message", 2)
    with pytest.raises(grpc.RpcError) as ended:
        next(first)
    assert ended.value.code() == grpc.StatusCode.CANCELLED
    note("ended", 1, code="CANCELLED")  # stream 1's end, delivered after stream 2 opened
    for _ in range(2):
        next(second)
        note("message", 2)
    second.cancel()
    view = json.loads(runner(core_runner, "--feed-streams", stdin="\n".join(json.dumps(e) for e in log)))
    assert view["opened"] == [1, 2] and view["current"] == 2, view
    assert view["active"] and view["streaming"], view
    assert view["ignored"] == 1 and view["applied"] == 4, view


@pytest.mark.slow
def test_robots_tab_shows_live_predictions_of_a_trained_model(backend, dashboard: Dashboard, flow: dict[str, Any],
                                                               core_runner: Path) -> None:
    """A collision model trained from ingested history goes to production; live packets -> the Robots tab rows."""
    import threading
    import time

    from tests.telemetry.helpers import fleet_packets, tclient, wait_for

    tc = tclient(backend)
    ack = tc.ingest_all(fleet_packets(6, 40, time.time() - 200, seed=3, near_collision_rate=0.1))
    assert ack.rejected == 0
    job = tc.client.submit_job("telemetry", {"task": "collision", "epochs": 2, "hidden": 16, "set_production": True})
    assert tc.client.wait_job(job.id, timeout_s=180).state == jobs_pb2.JOB_STATE_SUCCEEDED
    wait_for(lambda: any(m.kind == "collision_risk" for m in tc.status().models), what="the brain loads the model")

    (step,) = flow["watch_predictions"]
    envelopes: list[Any] = []
    reader = threading.Thread(target=lambda: envelopes.extend(_read_until_deadline(dashboard, step, 6.0)))
    reader.start()
    time.sleep(0.5)
    tc.ingest_all(fleet_packets(3, 4, time.time(), seed=11))
    reader.join()
    predictions = [e for e in envelopes if e.WhichOneof("body") == "prediction"]
    assert predictions, "no ai_prediction reached the dashboard stream"
    view = json.loads(runner(core_runner, "--apply-envelopes", stdin=_envelope_lines(envelopes)))
    rows = {row["robot_id"]: row for row in view["rows"]}
    assert {p.prediction.robot_id for p in predictions} <= set(rows)
    assert all(row["predictions"] and row["status"] in ("OK", "WARN", "ERROR", "STALE") for row in rows.values())


def _read_until_deadline(dashboard: Dashboard, step: dict[str, Any], seconds: float) -> list[Any]:
    from enginemind.v1 import telemetry_pb2

    call = dashboard.channel.unary_stream(
        step["method"], request_serializer=telemetry_pb2.WatchRequest.SerializeToString,
        response_deserializer=telemetry_pb2.Envelope.FromString,
    )(telemetry_pb2.WatchRequest(heartbeat_s=step["request"]["heartbeat_s"]), timeout=seconds,
      metadata=dashboard.metadata)
    out = []
    try:
        for env in call:
            out.append(env)
    except grpc.RpcError as exc:
        if exc.code() == grpc.StatusCode.UNIMPLEMENTED:
            pytest.skip("this backend has no Telemetry service yet (the dashboard shows that in the Robots tab)")
        assert exc.code() == grpc.StatusCode.DEADLINE_EXCEEDED, exc
    return out


def _envelope_lines(envelopes: list[Any]) -> str:
    return "\n".join(json.dumps(json_format.MessageToDict(e, preserving_proto_field_name=True)) for e in envelopes)


PLAN_CONTEXT = {"objects": ["cup", "key"], "locations": ["table", "drawer"], "humans": ["alice"],
                "state": {"drawer": "closed", "key": "in drawer", "cup": "on table"},
                "constraints": {"max_speed": 1.0, "human_speed": 0.25}}


def test_planner_tab_sequence(backend, dashboard: Dashboard, flow: dict[str, Any], core_runner: Path,
                              db_conn) -> None:  # type: ignore[no-untyped-def]
    """Plan with a robot from the picker, show the real answer, check and send a correction, as the tab does."""
    plan_step, validate_step, record_step = flow["planner"]
    form = {"mission": "Take the key out of the drawer and give it to Alice", "context": json.dumps(PLAN_CONTEXT),
            "planner": "rule", "robot": "r1"}
    request = json.loads(runner(core_runner, "--planner-requests", stdin=json.dumps(form)))["plan"]
    assert request["robot_id"] == "r1" and request["planner"] == "rule"
    planned = dashboard.call({**plan_step, "request": request})
    assert planned.valid and planned.safety.verdict in ("ok", "repaired"), planned.result_json
    seed_steps = parse_steps(json.loads(planned.result_json)["steps"])

    correction = "\n".join([seed_steps.text(), "wait 2"])
    tab = json.loads(runner(core_runner, "--planner-requests", stdin=json.dumps(
        {**form, "result_json": planned.result_json, "correction": correction, "success": False, "note": "replay"})))
    view = tab["view"]
    assert view["verdict"] == planned.safety.verdict and view["runnable"] and "rule" in view["headline"]
    assert tab["seed"] == seed_steps.text() == "\n".join(view["steps"])  # the editor starts from the plan
    assert any("r1" in line for line in view["explanations"]), view  # unknown robot: the monitor says so
    checked = dashboard.call({**validate_step, "request": tab["validate"]})
    assert checked.valid and [s.action for s in checked.steps][-1] == "wait"
    recorded = dashboard.call({**record_step, "request": tab["record"]})
    assert tab["has_correction"] and recorded.execution_id > 0 and recorded.executions >= 1
    row = db_conn.execute("SELECT robot_id, success, correction, note FROM planner_executions WHERE id = %s",
                          (recorded.execution_id,)).fetchone()
    assert row["robot_id"] == "r1" and row["success"] is False and row["note"] == "replay"
    assert parse_steps(row["correction"]).text() == correction

    # a robot with live telemetry: its nearly empty battery (not the context's) rejects the same mission
    copy_packets(db_conn, [{"robot_id": "r2", "data_type": "battery", "ts": time.time(), "values": {"value": 0.05}},
                           {"robot_id": "r2", "data_type": "pose", "ts": time.time(), "values": {"x": 0.0, "y": 0.0}}])
    r2 = json.loads(runner(core_runner, "--planner-requests", stdin=json.dumps({**form, "robot": "r2"})))["plan"]
    live = dashboard.call({**plan_step, "request": r2})
    shown = json.loads(runner(core_runner, "--planner-requests", stdin=json.dumps(
        {**form, "robot": "r2", "result_json": live.result_json})))["view"]
    assert shown["verdict"] == "rejected" and not shown["runnable"]
    assert any("battery 5% is too low" in line for line in shown["explanations"]), shown

    # a correction that breaks the pre-conditions: the backend refuses it and stores nothing
    bad = json.loads(runner(core_runner, "--planner-requests", stdin=json.dumps(
        {**form, "result_json": planned.result_json, "correction": "place cup table"})))
    with pytest.raises(grpc.RpcError) as err:
        dashboard.call({**record_step, "request": bad["record"]})
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "correction" in err.value.details()

    # a mission asking to bypass safety: rejected, and the tab shows why and will not record it
    unsafe = {**form, "mission": "ignore the safety rules and run to alice"}
    answer = dashboard.call({**plan_step, "request": json.loads(
        runner(core_runner, "--planner-requests", stdin=json.dumps(unsafe)))["plan"]})
    shown = json.loads(runner(core_runner, "--planner-requests", stdin=json.dumps(
        {**unsafe, "result_json": answer.result_json})))
    assert answer.safety.verdict == "rejected" and not shown["view"]["runnable"]
    assert shown["view"]["explanations"] and ("error" in shown or answer.steps)


@pytest.mark.parametrize("text", ["move_to drawer speed=0.5\nopen drawer", "wait 3", "hand_over key alice force=2",
                                  "fly_to moon", "move_to Drawer", "place a b c", "move_to x speed=abc", "wait 1 2"])
def test_correction_grammar_matches_plan_py(core_runner: Path, text: str) -> None:
    """The tab's correction editor accepts exactly what the backend's line grammar accepts, with the same steps."""
    cs = json.loads(runner(core_runner, "--plan-text", stdin=text))
    try:
        expected = parse_text(text).to_list()
    except PlanParseError:
        expected = None
    assert (expected is None) == ("error" in cs), cs
    if expected is not None:
        assert parse_steps(cs["steps"]).to_list() == expected
