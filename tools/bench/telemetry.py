"""Telemetry benchmark: gRPC ingest vs raw COPY, packet -> prediction latency, fan-out, stalled-subscriber memory.

Usage: nice -n 10 .venv/bin/python tools/bench/telemetry.py [--robots 100] [--seconds 8] [--rates 10,20,40]
Starts its own PostgreSQL (pgserver) and a real ``enginemind serve`` against it, trains a collision model
from simulated history, then measures. Prints markdown tables for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psycopg
from psycopg.rows import dict_row

from enginemind.client import Client
from enginemind.db.migrate import migrate
from enginemind.families.telemetry import store
from enginemind.families.telemetry.client import Collector, TelemetryClient, to_proto
from enginemind.families.telemetry.config import SimConfig
from enginemind.families.telemetry.sim import Fleet


def _start(data_dir: Path, url: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, ENGINEMIND_DATABASE_URL=url)
    proc = subprocess.Popen([sys.executable, "-m", "enginemind", "serve", "--data-dir", str(data_dir)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    while time.monotonic() - t0 < 120:
        try:
            with Client.from_data_dir(data_dir) as c:
                if c.health(timeout_s=0.5) == "SERVING":
                    return proc
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.05)
    raise SystemExit("server did not start")


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _packets(robots: int, hz: float, seconds: float, start: float, seed: int) -> list[dict]:
    fleet = Fleet(SimConfig(robots=robots, hz=hz, seed=seed, battery_hz=min(1.0, hz)))
    return [p for k in range(int(seconds * hz)) for p in fleet.step(start + k / hz)]


def bench_ingest(tc: TelemetryClient, url: str, n_robots: int) -> list[tuple[str, str]]:
    packets = _packets(n_robots, 10, 40, time.time() - 3600, seed=1)
    protos = [to_proto(p) for p in packets]
    t0 = time.perf_counter()
    ack = tc.ingest_all(iter(protos))
    grpc_s = time.perf_counter() - t0
    assert ack.stored == len(packets), ack
    with psycopg.connect(url, autocommit=True) as conn:
        t0 = time.perf_counter()
        store.copy_packets(conn, (dict(p, ts=p["ts"] - 7200) for p in packets), batch=2000)
        copy_s = time.perf_counter() - t0
    g, c = len(packets) / grpc_s, len(packets) / copy_s
    return [("rows", f"{len(packets):,}"),
            ("gRPC Ingest (1 stream, 500 packets/message, client on the same 2 cores)", f"{g:,.0f} rows/s"),
            ("raw psycopg COPY (batches of 2000, same rows, same table)", f"{c:,.0f} rows/s"),
            ("ratio gRPC / COPY", f"{g / c:.2f}")]


def _relay(tc: TelemetryClient, robots: int, hz: float, seconds: float, seed: int, sent: dict) -> None:
    """Send a fleet in real time; records wall send time of every imu packet by (robot, ts)."""
    fleet = Fleet(SimConfig(robots=robots, hz=hz, seed=seed, battery_hz=min(1.0, hz)))
    start = time.time() + 0.2

    def gen():  # type: ignore[no-untyped-def]
        for k in range(int(seconds * hz)):
            ts = start + k / hz
            if (delay := ts - time.time()) > 0:
                time.sleep(delay)
            batch = [to_proto(p) for p in fleet.step(ts)]
            now = time.time()
            for p in batch:
                if p.data_type == "imu":
                    sent[(p.robot_id, round(p.ts, 6))] = now
            yield batch  # one message per fleet tick, like a relay

    tc.collect(tc.ingest_batches(gen()))


def bench_latency(tc: TelemetryClient, robots: int, hz: float, seconds: float) -> dict[str, float]:
    watch = Collector(tc.watch("predictions", kinds=["collision_risk"]))
    time.sleep(0.3)
    sent: dict = {}
    _relay(tc, robots, hz, seconds, int(hz), sent)
    time.sleep(0.5)
    items = watch.stop()
    e2e, server = [], []
    for env in items:
        if env.WhichOneof("body") != "prediction":
            continue
        key = (env.prediction.robot_id, round(env.prediction.ts, 6))
        if key in sent:
            e2e.append((env.server_ts - sent[key]) * 1000)
            server.append(env.prediction.latency_us / 1000)
    dropped = sum(e.dropped for e in items)
    if not e2e:
        return {"n": 0}
    return {"n": len(e2e), "sent": len(sent), "dropped": dropped,
            "e2e_p50": float(np.percentile(e2e, 50)), "e2e_p99": float(np.percentile(e2e, 99)),
            "srv_p50": float(np.percentile(server, 50)), "srv_p99": float(np.percentile(server, 99))}


def bench_fanout(tc: TelemetryClient, n_subs: int, robots: int, seconds: float) -> tuple[float, float, int]:
    subs = [Collector(tc.watch("predictions", kinds=["collision_risk"])) for _ in range(n_subs)]
    time.sleep(0.5)
    t0 = time.time()
    _relay(tc, robots, 10, seconds, 5, {})
    elapsed = time.time() - t0
    time.sleep(0.3)
    counts = [sum(e.WhichOneof("body") == "prediction" for e in s.stop()) for s in subs]
    dropped = sum(sum(e.dropped for e in s.items) for s in subs)
    return sum(counts) / elapsed, min(counts) / elapsed, dropped


def bench_stalled(tc: TelemetryClient, pid: int, robots: int, hz: float, seconds: float,
                  data_dir: Path) -> list[tuple[str, str]]:
    before = _rss_mib(pid)
    other = TelemetryClient(Client.from_data_dir(data_dir))  # its own connection, like another dashboard
    stalled = other.watch("predictions", heartbeat_s=0.1)
    next(iter(stalled))  # the stream is open; from now on it is never read
    threading.Thread(target=lambda: _relay(tc, robots, hz, seconds, 6, {}), daemon=True).start()
    peak, pending = before, 0
    t0 = time.time()
    while time.time() - t0 < seconds + 1:
        time.sleep(0.5)
        peak = max(peak, _rss_mib(pid))
        pending = max(pending, tc.status().pending)
    preds = tc.status().predictions
    stalled.cancel()
    other.client.close()
    return [("load", f"{robots} robots x {hz:g} Hz"), ("server RSS before", f"{before:.0f} MiB"),
            (f"server RSS peak over {seconds:g} s, one stalled subscriber",
            f"{peak:.0f} MiB"), ("max conflated values pending (bounded by robots x kinds)", f"{pending}"),
            ("predictions published meanwhile (total so far)", f"{preds:,}")]


def bench_quality(url: str, robots: int, seconds: float, epochs: int, tmp: Path) -> list[str]:
    """Train the three tasks in-process (same code as the job) on simulated history; validation metrics."""
    from enginemind.families.telemetry.config import TelemetryTrainConfig
    from enginemind.families.telemetry.train import train
    from enginemind.jobs.context import JobContext

    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        conn.execute("TRUNCATE robot_telemetry")
        store.copy_packets(conn, _packets(robots, 10, seconds, time.time() - seconds - 60, seed=1))
    lines = []
    for task in ("collision", "anomaly", "battery"):
        metrics: dict[str, float] = {}
        ctx = JobContext(job_id=task, work_dir=tmp / f"q-{task}", family="telemetry",
                         sink=lambda k, p, m=metrics: m.__setitem__(p["name"], p["value"]) if k == "metric" else None,
                         register=lambda **kw: {"version": 1},
                         connect=lambda: psycopg.connect(url, autocommit=True, row_factory=dict_row))
        t0 = time.perf_counter()
        train(ctx, TelemetryTrainConfig(task=task, epochs=epochs))
        took = time.perf_counter() - t0
        if task == "battery":
            lines.append(f"| battery | MAE {metrics['val_mae_s']:,.0f} s, MAPE {metrics['val_mape']:.3f} "
                         f"(physics prior alone: MAE {metrics['val_prior_mae_s']:,.0f} s, "
                         f"MAPE {metrics['val_prior_mape']:.3f}) | "
                         f"{metrics['val_windows']:.0f} | {took:.1f} s |")
        elif task == "collision":
            lines.append(f"| collision | AUROC {metrics['val_auroc']:.3f}, AP {metrics['val_average_precision']:.3f}, "
                         f"precision/recall {metrics['val_precision']:.2f}/{metrics['val_recall']:.2f} at 0.5; "
                         f"events: {metrics['val_event_recall']:.2f} of {metrics['val_events']:.0f} caught, median "
                         f"lead {metrics['val_median_lead_s']:.2f} s, {metrics['val_false_alarms_per_robot_hour']:.1f} "
                         f"false alarms per robot-hour | {metrics['val_windows']:.0f} | {took:.1f} s |")
        else:
            lines.append(f"| {task} | AUROC {metrics['val_auroc']:.3f}, AP {metrics['val_average_precision']:.3f}, "
                         f"precision/recall {metrics['val_precision']:.2f}/{metrics['val_recall']:.2f} at "
                         f"{metrics['val_threshold']:.3g} | {metrics['val_windows']:.0f} | {took:.1f} s |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--robots", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--rates", default="10,20,40,80", help="Hz per robot to try for the latency ramp")
    ap.add_argument("--subscribers", default="1,10,50")
    ap.add_argument("--quality", action="store_true", help="only train the three models and print their metrics")
    ap.add_argument("--quality-robots", type=int, default=30)
    ap.add_argument("--quality-seconds", type=float, default=180.0)
    ap.add_argument("--epochs", type=int, default=8)
    args = ap.parse_args()
    import pgserver

    tmp = Path(tempfile.mkdtemp(prefix="em-bench-tm-"))
    srv = pgserver.get_server(tmp / "pg", cleanup_mode="stop")
    url = srv.get_uri()
    with psycopg.connect(url, autocommit=True, row_factory=dict_row) as conn:
        migrate(conn)
    if args.quality:
        try:
            print(f"### Model quality ({args.quality_robots} robots x {args.quality_seconds:g} s simulated at 10 Hz, "
                  f"{args.epochs} epochs, ~25 % of robots held out)\n")
            print("| task | validation | windows | train time |\n|---|---|---|---|")
            for line in bench_quality(url, args.quality_robots, args.quality_seconds, args.epochs, tmp):
                print(line)
        finally:
            srv.cleanup()
            shutil.rmtree(tmp, ignore_errors=True)
        return
    proc = _start(tmp / "data", url)
    try:
        client = Client.from_data_dir(tmp / "data", timeout_s=30)
        tc = TelemetryClient(client)
        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
              f"load avg {os.getloadavg()[0]:.1f}\n")
        print("### Ingest\n\n| measure | value |\n|---|---|")
        for k, v in bench_ingest(tc, url, args.robots):
            print(f"| {k} | {v} |")
        job = client.submit_job("telemetry", {"task": "collision", "epochs": 3, "set_production": True})
        done = client.wait_job(job.id, timeout_s=600)
        m = client.get_model("telemetry-collision", alias="production")
        print(f"\ncollision model v{m.version} ({done.state}): AUROC {m.metrics['auroc']:.3f}, "
              f"AP {m.metrics['average_precision']:.3f}")
        time.sleep(1.0)
        print("\n### Packet -> prediction latency (collision_risk, batched per loop turn)\n")
        print("| robots x Hz | IMU packets/s | predictions matched | e2e p50 / p99 ms | in-server p50 / p99 ms |")
        print("|---|---|---|---|---|")
        for hz in [float(r) for r in args.rates.split(",")]:
            r = bench_latency(tc, args.robots, hz, args.seconds)
            if not r.get("n"):
                print(f"| {args.robots} x {hz:g} | - | none | - | - |")
                continue
            print(f"| {args.robots} x {hz:g} | {args.robots * hz:,.0f} | {r['n']:,}/{r['sent']:,} "
                  f"(dropped {r['dropped']}) | {r['e2e_p50']:.2f} / {r['e2e_p99']:.2f} | "
                  f"{r['srv_p50']:.3f} / {r['srv_p99']:.3f} |")
        print("\n### Fan-out (100 robots x 10 Hz, collision_risk only, subscribers in one client process)\n")
        print("| subscribers | delivered predictions/s (all) | slowest subscriber /s | conflated (dropped) |")
        print("|---|---|---|---|")
        for n in [int(s) for s in args.subscribers.split(",")]:
            total, slowest, dropped = bench_fanout(tc, n, args.robots, args.seconds)
            print(f"| {n} | {total:,.0f} | {slowest:,.0f} | {dropped:,} |")
        print("\n### One stalled subscriber\n\n| measure | value |\n|---|---|")
        for k, v in bench_stalled(tc, proc.pid, args.robots, 40, max(args.seconds, 15), tmp / "data"):
            print(f"| {k} | {v} |")
        client.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        srv.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
