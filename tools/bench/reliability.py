"""Reliability benchmark: kill -9 chaos over N jobs, an RPC fuzz pass, Jobs.List latency under a flood.

    python tools/bench/reliability.py --jobs 20 --kills 12 --fuzz 12 --flood-s 10

Starts its own server (embedded PostgreSQL) in a temporary data dir and prints markdown tables:
1. chaos: kill -9 of the server (restarted at once), of a runner, of the postmaster at random moments while
   N demo jobs run; jobs that end SUCCEEDED with exactly one registry version, the most runner processes
   seen at once for one job (must be 1), time until the server answers again;
2. fuzz: every RPC of every service gets random bytes and messages with hostile field values
   (NUL, 100k characters, NaN, 1e20, ...); count of status codes (goal: 0 INTERNAL, 0 UNKNOWN, 0 hangs);
3. latency: Jobs.List while one client floods Ingest with 10k-packet messages and others abandon
   ImportSkeleton calls of a 1,000-node glTF (goal: p99 < 100 ms).
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import grpc
import psycopg

from enginemind.client import Client
from enginemind.client.discovery import auth_metadata, read_token
from enginemind.v1 import (
    jobs_pb2,
    jobs_pb2_grpc,
    models_pb2,
    restore_pb2,
    session_pb2,
    skeleton_pb2,
    skeleton_pb2_grpc,
    telemetry_pb2,
    telemetry_pb2_grpc,
)

SERVICES = [session_pb2, jobs_pb2, models_pb2, skeleton_pb2, restore_pb2, telemetry_pb2]
HOSTILE_STRINGS = ["", "\0", "a\0b", "x" * 100_000, "../../etc/passwd", "/", "ü🦴", "j-0123456789abcdef", "1"]
HOSTILE_NUMBERS = [math.nan, math.inf, -math.inf, 1e20, -1, 0, 2**31 - 1]


class Server:
    """``enginemind serve`` on a data dir with its embedded PostgreSQL."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir, self.proc = data_dir, None

    def start(self) -> float:
        t0 = time.monotonic()
        env = {k: v for k, v in os.environ.items() if k != "ENGINEMIND_DATABASE_URL"}
        (self.data_dir / "server.json").unlink(missing_ok=True)
        log = open(self.data_dir / "bench-server.log", "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "enginemind", "serve", "--data-dir", str(self.data_dir)],
                                     env=env, stdout=log, stderr=subprocess.STDOUT)
        while not (self.data_dir / "server.json").exists():
            time.sleep(0.05)
        with Client.from_data_dir(self.data_dir) as client:
            client.wait_until_serving(120)
        return time.monotonic() - t0

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(120)

    def url(self) -> str:
        lines = (self.data_dir / "postgres" / "postmaster.pid").read_text().splitlines()
        return f"postgresql://postgres:@/postgres?host={lines[4]}"

    def postmaster(self) -> int:
        return int((self.data_dir / "postgres" / "postmaster.pid").read_text().splitlines()[0])


def runners() -> dict[str, set[int]]:
    """{job id: pids of processes titled 'enginemind-runner <job id>'}."""
    out: dict[str, set[int]] = collections.defaultdict(set)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").split()
            except OSError:
                continue
            if len(cmd) >= 2 and cmd[0] == "enginemind-runner":
                out[cmd[1]].add(int(entry.name))
    return out


def chaos(args: argparse.Namespace, data_dir: Path) -> list[str]:
    rng = random.Random(args.seed)
    server = Server(data_dir)
    server.start()
    with Client.from_data_dir(data_dir) as client:
        ids = [client.submit_job("demo", {"steps": 80, "step_sleep_s": 0.03, "checkpoint_every": 10, "seed": i}).id
               for i in range(args.jobs)]
    most = collections.Counter()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for job, pids in runners().items():
                most[job] = max(most[job], len(pids))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    recoveries: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(args.kills):
        time.sleep(rng.uniform(1.5, 4.0))
        victim = rng.choice(["server", "runner", "postmaster"])
        if victim == "server":
            server.kill()
            recoveries["server"].append(server.start())
        elif victim == "runner":
            live = [pid for pids in runners().values() for pid in pids]
            if not live:
                continue
            try:
                os.killpg(rng.choice(live), signal.SIGKILL)
            except ProcessLookupError:
                continue
            recoveries["runner"].append(0.0)
        else:
            t0 = time.monotonic()
            os.kill(server.postmaster(), signal.SIGKILL)
            with Client.from_data_dir(data_dir, timeout_s=5) as client:
                while True:
                    try:
                        client.list_jobs()
                        break
                    except Exception:  # noqa: BLE001 - waiting for the restart
                        time.sleep(0.1)
            recoveries["postmaster"].append(time.monotonic() - t0)
    states = collections.Counter()
    with Client.from_data_dir(data_dir) as client:
        for job_id in ids:
            states[jobs_pb2.JobState.Name(client.wait_job(job_id, timeout_s=900).state)] += 1
    stop.set()
    with psycopg.connect(server.url()) as conn:
        per_job = dict(conn.execute("SELECT job_id, count(*) FROM model_versions GROUP BY job_id").fetchall())
    server.stop()
    one_version = sum(1 for j in ids if per_job.get(j) == 1)
    lines = ["| jobs | SUCCEEDED | other end states | one registry version | most runners of one job at once |",
             "|---:|---:|---|---:|---:|",
             f"| {len(ids)} | {states.get('JOB_STATE_SUCCEEDED', 0)} | "
             f"{dict((k, v) for k, v in states.items() if k != 'JOB_STATE_SUCCEEDED') or '-'} | {one_version} | "
             f"{max(most.values(), default=0)} |", "",
             "| kill -9 of | times | time until the server answers again (median / max s) |", "|---|---:|---|"]
    for victim, times in sorted(recoveries.items()):
        span = f"{sorted(times)[len(times) // 2]:.1f} / {max(times):.1f}" if victim != "runner" else "(job retried)"
        lines.append(f"| {victim} | {len(times)} | {span} |")
    return lines


def _random_message(cls, rng: random.Random, depth: int = 0):  # type: ignore[no-untyped-def]
    msg = cls()
    for field in cls.DESCRIPTOR.fields:
        if rng.random() < 0.4:
            continue
        try:
            if field.type == field.TYPE_STRING:
                value = rng.choice(HOSTILE_STRINGS)
                if field.is_repeated:
                    getattr(msg, field.name).extend([value] * rng.randint(1, 3))
                else:
                    setattr(msg, field.name, value)
            elif field.type in (field.TYPE_DOUBLE, field.TYPE_FLOAT) and not field.is_repeated:
                setattr(msg, field.name, rng.choice(HOSTILE_NUMBERS))
            elif field.type in (field.TYPE_INT32, field.TYPE_INT64, field.TYPE_UINT32, field.TYPE_UINT64,
                                field.TYPE_ENUM) and not field.is_repeated:
                setattr(msg, field.name, rng.choice([0, 1, 7, 99, 2**31 - 1]))
            elif field.type == field.TYPE_BYTES and not field.is_repeated:
                setattr(msg, field.name, rng.randbytes(rng.randint(0, 512)))
            elif field.type == field.TYPE_MESSAGE and depth < 3 and not field.is_repeated \
                    and not field.message_type.GetOptions().map_entry and field.message_type.name != "Struct":
                getattr(msg, field.name).CopyFrom(_random_message(field.message_type._concrete_class, rng, depth + 1))
        except (TypeError, ValueError):
            pass
    return msg


def fuzz(args: argparse.Namespace, data_dir: Path) -> list[str]:
    rng = random.Random(args.seed)
    server = Server(data_dir)
    server.start()
    md = auth_metadata(read_token(data_dir / "token"))
    info = json.loads((data_dir / "server.json").read_text())
    codes: collections.Counter[str] = collections.Counter()
    hangs = rpcs = 0
    with grpc.insecure_channel(f"{info['host']}:{info['port']}") as channel:
        for module in SERVICES:
            for service in module.DESCRIPTOR.services_by_name.values():
                for method in service.methods:
                    rpcs += 1
                    path = f"/{service.full_name}/{method.name}"
                    stream_in, stream_out = method.client_streaming, method.server_streaming
                    kind = f"{'stream' if stream_in else 'unary'}_{'stream' if stream_out else 'unary'}"
                    call = getattr(channel, kind)(path)
                    for k in range(args.fuzz):
                        payload = rng.randbytes(rng.randint(0, 64)) if k % 3 == 0 else \
                            _random_message(method.input_type._concrete_class, rng).SerializeToString()
                        t0 = time.monotonic()
                        try:
                            request = iter([payload]) if stream_in else payload
                            result = call(request, metadata=md, timeout=10)
                            if stream_out:
                                for i, _ in enumerate(result):
                                    if i >= 2:
                                        result.cancel()
                                        break
                            codes["OK"] += 1
                        except grpc.RpcError as exc:
                            code = exc.code().name
                            hangs += code == "DEADLINE_EXCEEDED" and time.monotonic() - t0 >= 10
                            codes[code] += 1
    server.stop()
    lines = [f"{rpcs} RPCs x {args.fuzz} calls; hangs (no answer in 10 s): {hangs}", "",
             "| status | calls |", "|---|---:|"]
    lines += [f"| {code} | {n} |" for code, n in codes.most_common()]
    return lines


def latency(args: argparse.Namespace, data_dir: Path) -> list[str]:
    server = Server(data_dir)
    server.start()
    md = auth_metadata(read_token(data_dir / "token"))
    info = json.loads((data_dir / "server.json").read_text())
    stop = threading.Event()
    with grpc.insecure_channel(f"{info['host']}:{info['port']}") as channel:
        def flood() -> None:
            t0 = time.time() - 86400
            stub = telemetry_pb2_grpc.TelemetryStub(channel)
            k = 0
            while not stop.is_set():
                batch = [telemetry_pb2.IngestRequest(packets=[telemetry_pb2.TelemetryPacket(
                    robot_id=f"R{i % 20:02d}", data_type="battery", ts=t0 + k + i * 1e-5, values={"value": 0.5})
                    for i in range(10_000)])]
                k += 1
                list(stub.Ingest(iter(batch), metadata=md, timeout=120))

        nodes = [{"name": f"b{i}", "children": [i + 1]} for i in range(999)] + [{"name": "b999"}]
        gltf = json.dumps({"asset": {"version": "2.0"}, "nodes": nodes}).encode()

        def imports() -> None:
            stub = skeleton_pb2_grpc.SkeletonStub(channel)
            while not stop.is_set():
                try:
                    stub.ImportSkeleton(skeleton_pb2.ImportSkeletonRequest(data=gltf, filename="a.gltf"),
                                        metadata=md, timeout=0.5)
                except grpc.RpcError:
                    pass

        jobs = jobs_pb2_grpc.JobsStub(channel)

        def measure() -> list[float]:
            times = []
            end = time.monotonic() + args.flood_s
            while time.monotonic() < end:
                t0 = time.perf_counter()
                jobs.List(jobs_pb2.ListJobsRequest(), metadata=md, timeout=60)
                times.append((time.perf_counter() - t0) * 1000)
                time.sleep(0.02)
            return sorted(times)

        quiet = measure()
        threads = [threading.Thread(target=flood)] if "ingest" in args.load else []
        threads += [threading.Thread(target=imports) for _ in range(4)] if "imports" in args.load else []
        for t in threads:
            t.start()
        busy = measure()
        stop.set()
        for t in threads:
            t.join(120)
    server.stop()
    lines = ["| while | Jobs.List calls | p50 ms | p99 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for what, times in (("nothing else runs", quiet), (f"flood of {args.load}", busy)):
        pct = lambda q, t=times: t[min(len(t) - 1, int(q * len(t)))]  # noqa: E731
        lines.append(f"| {what} | {len(times)} | {pct(0.5):.1f} | {pct(0.99):.1f} | {times[-1]:.1f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--fuzz", type=int, default=12, help="calls per RPC")
    parser.add_argument("--flood-s", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--load", default="ingest+imports", help="what floods the server in the latency part")
    parser.add_argument("--parts", default="chaos,fuzz,latency")
    args = parser.parse_args()
    for part in args.parts.split(","):
        data_dir = Path(tempfile.mkdtemp(prefix=f"em-bench-{part}-"))
        try:
            print(f"\n### {part}\n")
            print("\n".join({"chaos": chaos, "fuzz": fuzz, "latency": latency}[part](args, data_dir)), flush=True)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
