"""The spine step of ``enginemind demo``: a short training job watched live, then the model registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEMO_CONFIG = {"steps": 120, "checkpoint_every": 40}
"""A few seconds: enough to see the progress bar, checkpoints and the registry at work."""


def train_demo_model(client: Any, data_dir: Path) -> int:
    """Submit the ``demo`` family's job, watch it to the end, list the registry; 0 when the job succeeded."""
    from enginemind.watch import watch_job

    job = client.submit_job("demo", DEMO_CONFIG)
    print(f"submitted job {job.id}: a small MLP learns sin(3x) + 0.5x (a job like any family's training)")
    code = watch_job(client, job.id, data_dir)
    print("models in the registry:")
    for v in client.list_models():
        metrics = ", ".join(f"{k}={val:.4g}" for k, val in sorted(v.metrics.items()))
        print(f"  {v.model} v{v.version}  {metrics}  artifacts: {', '.join(a.name for a in v.artifacts)}")
    return code
