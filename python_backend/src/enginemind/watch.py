"""Follow a job in a terminal: a progress bar plus metric, log, model and image lines (CLI, family CLIs, demo)."""

from __future__ import annotations

from pathlib import Path

from enginemind.client import STATE_NAME, TERMINAL_STATES, Client


def watch_job(client: Client, job_id: str, data_dir: Path | None = None) -> int:
    """Progress bar plus metric/log lines until the job ends; exit code 0 only if it succeeded."""
    from tqdm import tqdm

    bar = tqdm(total=0, unit="step", dynamic_ncols=True, desc=job_id)
    final = "queued"
    metrics: dict[str, float] = {}
    try:
        for ev in client.watch_job(job_id):
            kind = ev.WhichOneof("kind")
            if kind == "progress":
                bar.total = ev.progress.total
                bar.n = ev.progress.step
                bar.set_postfix_str(ev.progress.message, refresh=False)
                bar.refresh()
            elif kind == "state":
                final = STATE_NAME.get(ev.state.state, "?")
                if ev.state.state in TERMINAL_STATES and metrics:
                    bar.write("  metrics: " + ", ".join(f"{k} = {v:.6g}" for k, v in sorted(metrics.items())))
                bar.write(f"[{final}] {ev.state.message}")
            elif kind == "metric":
                metrics[ev.metric.name] = ev.metric.value  # latest value; printed when the job ends
            elif kind == "log":
                bar.write(f"  {ev.log.level}: {ev.log.message}")
            elif kind == "artifact" and ev.artifact.kind == "model":
                bar.write(f"  registered model {ev.artifact.model} v{ev.artifact.version}")
            elif kind == "artifact" and ev.artifact.kind == "image" and data_dir is not None:
                bar.write(f"  image: {data_dir / 'jobs' / job_id / ev.artifact.path}")
    finally:
        bar.close()
    return 0 if final == "succeeded" else 1
