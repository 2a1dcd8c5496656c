"""``enginemind`` command line: one parser, thin commands that call the client or the server."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from enginemind.client.paths import resolve_data_dir
from enginemind.paths import DATABASE_URL_ENV


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default=None, help="data directory (default $ENGINEMIND_DATA_DIR or per-user)")
    parser.add_argument("--timeout", type=float, default=10.0, help="deadline of each call in seconds")


def _client(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from enginemind.client import Client

    return Client.from_data_dir(args.data_dir, timeout_s=args.timeout)


# ---- serve / worker ------------------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace) -> int:
    import asyncio

    from enginemind import log
    from enginemind.server.app import serve_forever
    from enginemind.server.context import ServerSettings

    log.setup(args.verbose)
    settings = ServerSettings(
        data_dir=resolve_data_dir(args.data_dir), host=args.host, port=args.port, allow_remote=args.allow_remote,
        database_url=os.environ.get(DATABASE_URL_ENV, ""), worker_slots=args.slots,
        max_message_mb=args.max_message_mb,
    )
    settings.allowed_roots += [Path(p) for p in args.allow_path]
    asyncio.run(serve_forever(settings))
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import signal
    import threading

    from enginemind import log
    from enginemind.db.migrate import migrate
    from enginemind.db.pool import Database

    log.setup(args.verbose)
    url = os.environ.get(DATABASE_URL_ENV, "")
    if not url:
        print(f"`enginemind worker` needs {DATABASE_URL_ENV} (the database the server uses)", file=sys.stderr)
        return 2
    from enginemind.jobs.worker import Worker

    db = Database(url).open()
    with db.connection() as conn:
        migrate(conn)
    devices = [d for d in args.devices.split(",") if d] if args.devices else []
    worker = Worker(db, resolve_data_dir(args.data_dir), slots=args.slots, slot_devices=devices).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"worker {worker.name} with {args.slots} slot(s); Ctrl-C stops", flush=True)
    stop.wait()
    worker.stop()
    db.close()
    return 0


# ---- jobs ----------------------------------------------------------------------------------------------
def _load_config(value: str | None) -> dict[str, Any]:
    if not value:
        return {}
    text = Path(value).read_text(encoding="utf-8") if not value.lstrip().startswith("{") else value
    data = json.loads(text)
    if not isinstance(data, dict):
        raise SystemExit("--config must be a JSON object or a file holding one")
    return data


def cmd_jobs_submit(args: argparse.Namespace) -> int:
    from enginemind.watch import watch_job

    with _client(args) as client:
        job = client.submit_job(args.family, _load_config(args.config), nproc=args.nproc)
        print(job.id)
        if args.watch:
            return watch_job(client, job.id, resolve_data_dir(args.data_dir))
    return 0


def cmd_jobs_list(args: argparse.Namespace) -> int:
    from enginemind.client import STATE_NAME

    with _client(args) as client:
        resp = client.list_jobs(state=args.state or "", family=args.family or "", page_size=args.limit)
    for job in resp.jobs:
        print(f"{job.id}  {job.family:10s} {STATE_NAME[job.state]:10s} {job.step}/{job.total}  {job.error[:60]}")
    if not resp.jobs:
        print("no jobs")
    return 0


def cmd_jobs_get(args: argparse.Namespace) -> int:
    from google.protobuf import json_format

    with _client(args) as client:
        print(json_format.MessageToJson(client.get_job(args.job_id)))
    return 0


def cmd_jobs_watch(args: argparse.Namespace) -> int:
    from enginemind.watch import watch_job

    with _client(args) as client:
        return watch_job(client, args.job_id, resolve_data_dir(args.data_dir))


def cmd_jobs_cancel(args: argparse.Namespace) -> int:
    from enginemind.client import STATE_NAME

    with _client(args) as client:
        job = client.cancel_job(args.job_id)
    print(f"{job.id}: {STATE_NAME[job.state]}{' (stop requested)' if job.cancel_requested else ''}")
    return 0


def cmd_jobs_retry(args: argparse.Namespace) -> int:
    with _client(args) as client:
        job = client.retry_job(args.job_id)
    print(f"{job.id}: queued again; it resumes from its last checkpoint (`enginemind jobs watch {job.id}`)")
    return 0


def cmd_jobs_artifacts(args: argparse.Namespace) -> int:
    with _client(args) as client:
        if args.get:
            out = Path(args.out or Path(args.get).name)
            data = client.get_artifact(args.job_id, args.get, out)
            print(f"wrote {out} ({len(data):,} bytes, sha256 verified)")
            return 0
        found = client.list_artifacts(args.job_id)
    for a in found:
        where = f"{a.size:>10,} B" if a.available else "   not here"
        print(f"{a.name}  {a.kind:6s} {where}  seq {a.seq}")
    if not found:
        print("no artifacts (yet)")
    return 0


# ---- models --------------------------------------------------------------------------------------------
def cmd_models_list(args: argparse.Namespace) -> int:
    with _client(args) as client:
        versions = client.list_models(family=args.family or "", model=args.model or "")
    for v in versions:
        metrics = ", ".join(f"{k}={val:.4g}" for k, val in sorted(v.metrics.items()))
        aliases = f" [{', '.join(v.aliases)}]" if v.aliases else ""
        print(f"{v.model} v{v.version}{aliases}  {v.family}  job {v.job_id}  {metrics}")
    if not versions:
        print("no models")
    return 0


def cmd_models_get(args: argparse.Namespace) -> int:
    from google.protobuf import json_format

    with _client(args) as client:
        print(json_format.MessageToJson(client.get_model(args.model, args.version, args.alias or "")))
    return 0


def cmd_models_alias(args: argparse.Namespace) -> int:
    with _client(args) as client:
        v = client.set_alias(args.model, args.version, args.alias)
    print(f"{v.model} v{v.version} is now '{args.alias}'")
    return 0


def cmd_models_delete(args: argparse.Namespace) -> int:
    with _client(args) as client:
        print(f"deleted {client.delete_model(args.model, args.version)} version(s)")
    return 0


def cmd_models_download(args: argparse.Namespace) -> int:
    with _client(args) as client:
        out = client.download(args.model, args.out, artifact=args.artifact or "", version=args.version,
                              alias=args.alias or "")
    print(f"wrote {out} (sha256 verified)")
    return 0


# ---- doctor / demo -------------------------------------------------------------------------------------
def cmd_doctor(args: argparse.Namespace) -> int:
    from enginemind.doctor import run_doctor

    return run_doctor(args.data_dir, args.timeout)


def cmd_demo(args: argparse.Namespace) -> int:
    from enginemind.demo import run_demo

    return run_demo(args.data_dir, keep_serving=args.keep_serving, out=args.out or None)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="enginemind", description="EngineMind backend and tools.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("serve", help="run the gRPC backend (embedded PostgreSQL unless ENGINEMIND_DATABASE_URL)")
    _common(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port (see server.json)")
    p.add_argument("--allow-remote", action="store_true", help="allow binding a non-loopback address")
    p.add_argument("--slots", type=int, default=1, help="job slots of the embedded worker (0: none)")
    p.add_argument("--max-message-mb", type=int, default=64)
    p.add_argument("--allow-path", action="append", default=[], metavar="DIR",
                   help="a folder job configs may read data or base models from, besides the data dir (repeatable; "
                        "also ENGINEMIND_ALLOWED_ROOTS)")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="claim and run jobs from the shared database")
    _common(p)
    p.add_argument("--slots", type=int, default=1, help="jobs (processes) at once; one GPU per slot")
    p.add_argument("--devices", default="", help="device id per slot, e.g. 0,1 (sets CUDA_VISIBLE_DEVICES)")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_worker)

    jobs = sub.add_parser("jobs", help="submit, list, watch and cancel jobs").add_subparsers(
        dest="jobs_command", required=True, metavar="ACTION")
    p = jobs.add_parser("submit", help="queue a job of a family")
    _common(p)
    p.add_argument("family")
    p.add_argument("--config", help="JSON object or a file holding one")
    p.add_argument("--nproc", type=int, default=1, help="processes under torchrun (DDP)")
    p.add_argument("--watch", action="store_true", help="follow its progress until it ends")
    p.set_defaults(func=cmd_jobs_submit)
    p = jobs.add_parser("list", help="jobs, newest first")
    _common(p)
    p.add_argument("--state", choices=["queued", "running", "succeeded", "failed", "cancelled"])
    p.add_argument("--family")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_jobs_list)
    for name, func, text in (("get", cmd_jobs_get, "one job as JSON"), ("watch", cmd_jobs_watch, "follow a job"),
                             ("cancel", cmd_jobs_cancel, "stop a job (keeps its checkpoint)"),
                             ("retry", cmd_jobs_retry, "run a failed or cancelled job again from its checkpoint")):
        p = jobs.add_parser(name, help=text)
        _common(p)
        p.add_argument("job_id")
        p.set_defaults(func=func)
    p = jobs.add_parser("artifacts", help="files a job announced (curves, renders); --get NAME downloads one")
    _common(p)
    p.add_argument("job_id")
    p.add_argument("--get", metavar="NAME", help="artifact name to download (as listed)")
    p.add_argument("--out", metavar="PATH", help="where to write it (default: its file name, here)")
    p.set_defaults(func=cmd_jobs_artifacts)

    models = sub.add_parser("models", help="the model registry").add_subparsers(
        dest="models_command", required=True, metavar="ACTION")
    p = models.add_parser("list", help="latest version of each model, or every version of --model")
    _common(p)
    p.add_argument("--family")
    p.add_argument("--model")
    p.set_defaults(func=cmd_models_list)
    p = models.add_parser("get", help="one version as JSON")
    _common(p)
    p.add_argument("model")
    p.add_argument("--version", type=int, default=0)
    p.add_argument("--alias")
    p.set_defaults(func=cmd_models_get)
    p = models.add_parser("alias", help="point an alias (e.g. production) at a version")
    _common(p)
    p.add_argument("model")
    p.add_argument("version", type=int)
    p.add_argument("alias")
    p.set_defaults(func=cmd_models_alias)
    p = models.add_parser("delete", help="delete a version (or every version)")
    _common(p)
    p.add_argument("model")
    p.add_argument("--version", type=int, default=0)
    p.set_defaults(func=cmd_models_delete)
    p = models.add_parser("download", help="download an artifact (sha256 checked)")
    _common(p)
    p.add_argument("model")
    p.add_argument("--out", required=True)
    p.add_argument("--artifact")
    p.add_argument("--version", type=int, default=0)
    p.add_argument("--alias")
    p.set_defaults(func=cmd_models_download)

    p = sub.add_parser("doctor", help="versions, data dir, database, server status, GPU")
    _common(p)
    p.set_defaults(func=cmd_doctor)
    p = sub.add_parser("demo", help="start a backend, map a rig onto UE5 Manny / Unity Humanoid, train a job")
    _common(p)
    p.add_argument("--keep-serving", action="store_true", help="leave the server running after the demo")
    p.add_argument("--out", default="", help="folder for the demo's rig, mapping JSON and review PNGs "
                   "(default: <data dir>/demo)")
    p.set_defaults(func=cmd_demo)

    from enginemind.families import list_families

    for family in list_families():
        family.register_cli(sub, _common)
    return parser


def main(argv: list[str] | None = None) -> int:
    from enginemind.client import ClientError
    from enginemind.errors import EngineMindError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ClientError as exc:
        print(f"error: {exc.with_hint()}", file=sys.stderr)
        return 1
    except EngineMindError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
