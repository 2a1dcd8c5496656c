"""``enginemind telemetry ingest|simulate|query|export|train|watch|status``."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from enginemind.errors import InvalidInput
from enginemind.paths import DATABASE_URL_ENV


def register(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    t = sub.add_parser("telemetry", help="robot telemetry: ingest, simulate, query, export, train, watch")
    ts = t.add_subparsers(dest="telemetry_cmd", required=True, metavar="ACTION")

    p = ts.add_parser("simulate", help="relay simulator: send a fleet's packets (with ground-truth incidents)")
    common(p)
    p.add_argument("--robots", type=int, default=10)
    p.add_argument("--hz", type=float, default=10.0)
    p.add_argument("--seconds", type=float, default=60.0, help="simulated seconds")
    p.add_argument("--realtime", action="store_true", help="pace packets in real time (else send as fast as "
                   "possible, timestamped as the history that ends now)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--near-collision-rate", type=float, default=1 / 20, help="per robot per second")
    p.add_argument("--anomaly-rate", type=float, default=1 / 40, help="per robot per second")
    p.set_defaults(func=cmd_simulate)

    p = ts.add_parser("ingest", help="send packets from a JSON-lines file ({robot_id, data_type, ts, values, tags})")
    common(p)
    p.add_argument("file", help="JSON-lines file, or - for stdin")
    p.set_defaults(func=cmd_ingest)

    p = ts.add_parser("query", help="latest packet per robot and type, or one robot's time range")
    common(p)
    p.add_argument("--robot", default="")
    p.add_argument("--type", default="")
    p.add_argument("--latest", action="store_true")
    p.add_argument("--since", type=float, default=0.0, help="unix seconds (negative: that many seconds ago)")
    p.add_argument("--until", type=float, default=0.0)
    p.add_argument("--limit", type=int, default=1000)
    p.set_defaults(func=cmd_query)

    p = ts.add_parser("export", help="history from the database to .npz / .h5 / .csv (series or task windows)")
    common(p)
    p.add_argument("--out", required=True, help="file ending in .npz, .h5 or .csv")
    p.add_argument("--task", choices=["collision", "battery", "anomaly"], help="export training windows + labels")
    p.add_argument("--type", default="battery", help="data type of a series export (without --task)")
    p.add_argument("--fields", default="", help="comma-separated payload fields (default: the type's known ones)")
    p.add_argument("--robot", action="append", default=[], help="only these robots (repeatable)")
    p.add_argument("--database-url", default="", help=f"default ${DATABASE_URL_ENV}")
    p.set_defaults(func=cmd_export)

    p = ts.add_parser("train", help="train a model from the history as a job")
    common(p)
    p.add_argument("--task", choices=["collision", "battery", "anomaly"], required=True)
    p.add_argument("--epochs", type=int, default=0)
    p.add_argument("--config", default="", help="extra config as a JSON object")
    p.add_argument("--production", action="store_true", help="make the result the production model (hot-swap)")
    p.add_argument("--watch", action="store_true")
    p.set_defaults(func=cmd_train)

    p = ts.add_parser("watch", help="follow live predictions (default) or telemetry")
    common(p)
    p.add_argument("--telemetry", action="store_true", help="raw telemetry instead of predictions")
    p.add_argument("--robot", action="append", default=[])
    p.add_argument("--kind", action="append", default=[])
    p.add_argument("--count", type=int, default=0, help="stop after this many messages (0: never)")
    p.set_defaults(func=cmd_watch)

    p = ts.add_parser("status", help="Brain Worker: loaded models, robots and severity")
    common(p)
    p.set_defaults(func=cmd_status)


def _tclient(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from enginemind.client import Client
    from enginemind.families.telemetry.client import TelemetryClient

    return TelemetryClient(Client.from_data_dir(args.data_dir, timeout_s=args.timeout))


def _print_ack(ack: Any) -> int:
    for r in ack.rejections[:20]:
        print(f"  rejected packet {r.index}: {r.reason}", file=sys.stderr)
    if len(ack.rejections) > 20:
        print(f"  ... {len(ack.rejections) - 20} more rejections", file=sys.stderr)
    print(f"received {ack.received}, accepted {ack.accepted}, rejected {ack.rejected}, stored {ack.stored}")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from enginemind.families.telemetry.config import SimConfig
    from enginemind.families.telemetry.sim import Fleet

    cfg = SimConfig(robots=args.robots, hz=args.hz, seed=args.seed, near_collision_rate=args.near_collision_rate,
                    anomaly_rate=args.anomaly_rate, battery_hz=min(1.0, args.hz))
    ticks = int(round(args.seconds * cfg.hz))
    start = time.time() if args.realtime else time.time() - args.seconds

    def batches() -> Iterator[list[dict[str, Any]]]:
        fleet = Fleet(cfg)
        for k in range(ticks):
            ts = start + k / cfg.hz
            if args.realtime and (delay := ts - time.time()) > 0:
                time.sleep(delay)
            yield fleet.step(ts)  # one message per tick of the whole fleet

    t0 = time.perf_counter()
    tc = _tclient(args)
    ack = tc.collect(tc.ingest_batches(batches()))
    print(f"simulated {cfg.robots} robots x {cfg.hz:g} Hz for {args.seconds:g} s in {time.perf_counter() - t0:.1f} s")
    return _print_ack(ack)


def cmd_ingest(args: argparse.Namespace) -> int:
    fh = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115

    def packets() -> Iterator[dict[str, Any]]:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except (json.JSONDecodeError, KeyError) as exc:
                    raise InvalidInput(f"{args.file}:{n}: not a JSON packet ({exc})") from None

    try:
        return _print_ack(_tclient(args).ingest_all(packets()))
    finally:
        if fh is not sys.stdin:
            fh.close()


def cmd_query(args: argparse.Namespace) -> int:
    from google.protobuf import json_format

    since = time.time() + args.since if args.since < 0 else args.since
    for p in _tclient(args).query(args.robot, args.type, args.latest, since, args.until, args.limit):
        print(json.dumps(json_format.MessageToDict(p, preserving_proto_field_name=True)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from enginemind.config import from_dict
    from enginemind.db.pool import connect
    from enginemind.families.telemetry import history_export
    from enginemind.families.telemetry.config import TelemetryTrainConfig

    url = args.database_url or os.environ.get(DATABASE_URL_ENV, "")
    if not url:
        raise InvalidInput(f"export reads the database directly: pass --database-url or set {DATABASE_URL_ENV}")
    out = Path(args.out)
    with connect(url) as conn:
        if args.task:
            cfg = from_dict(TelemetryTrainConfig, {"task": args.task, "robots": args.robot or None})
            n = history_export.export_windows(conn, cfg, out)
        else:
            fields = [f for f in args.fields.split(",") if f] or None
            n = history_export.export_series(conn, args.type, fields, args.robot or None, out)
    print(f"wrote {n} rows to {out}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from enginemind.watch import watch_job

    config: dict[str, Any] = json.loads(args.config) if args.config else {}
    config["task"] = args.task
    if args.epochs:
        config["epochs"] = args.epochs
    if args.production:
        config["set_production"] = True
    tc = _tclient(args)
    job = tc.client.submit_job("telemetry", config)
    print(job.id)
    return watch_job(tc.client, job.id) if args.watch else 0


def cmd_watch(args: argparse.Namespace) -> int:
    from google.protobuf import json_format

    stream = _tclient(args).watch("telemetry" if args.telemetry else "predictions", args.robot, args.kind)
    n = 0
    try:
        for env in stream:
            print(json.dumps(json_format.MessageToDict(env, preserving_proto_field_name=True)), flush=True)
            n += 1
            if args.count and n >= args.count:
                break
    finally:
        stream.cancel()
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from google.protobuf import json_format

    print(json_format.MessageToJson(_tclient(args).status(), preserving_proto_field_name=True))
    return 0
