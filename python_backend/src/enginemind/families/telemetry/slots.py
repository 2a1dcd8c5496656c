"""A loaded model version of one task: onnxruntime session plus what the Brain needs from its metadata."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from enginemind.errors import FailedPrecondition, NotFound
from enginemind.families.telemetry.config import MODEL_NAMES
from enginemind.families.telemetry.features import channels


def ort_session(path: Any) -> Any:
    """A single-threaded onnxruntime session (threads do not help graphs this small); CUDA when available."""
    from enginemind.onnx_providers import inference_session

    return inference_session(path, threads=1, inter_threads=1)


@dataclass
class ModelSlot:
    task: str
    model: str
    version: int
    alias: str
    session: Any
    window: int
    threshold: float
    explain: str

    def run(self, windows: np.ndarray) -> np.ndarray:
        """Scores (N,) for windows (N, W, C)."""
        return self.session.run(None, {"window": windows})[0][:, 0]


def load_slot(db: Any, artifacts_root: Any, task: str, current: ModelSlot | None) -> ModelSlot | None:
    """The production (else latest) version of ``task``'s model; ``current`` when unchanged, None when none."""
    from enginemind.registry import store as registry

    name = MODEL_NAMES[task]
    with db.connection() as conn:
        try:
            row = registry.resolve(conn, name, family="telemetry")
        except NotFound:
            return None
    alias = registry.DEFAULT_ALIAS if registry.DEFAULT_ALIAS in row["aliases"] else "latest"
    if current is not None and (current.model, current.version) == (row["model"], row["version"]):
        return current
    path, _ = registry.artifact_path(artifacts_root, row, "model.onnx")
    sess = ort_session(path)
    meta = sess.get_modelmeta().custom_metadata_map
    window, chans = int(meta.get("window", 0)), int(meta.get("channels", 0))
    if meta.get("task") != task or chans != len(channels(task)) or not 2 <= window <= 128:
        raise FailedPrecondition(f"{name} v{row['version']} is not a telemetry {task} model (metadata {meta})")
    sess.run(None, {"window": np.zeros((1, window, chans), np.float32)})  # warm up before the swap
    return ModelSlot(task=task, model=row["model"], version=row["version"], alias=alias, session=sess,
                     window=window, threshold=float(meta.get("threshold", 0.5)),
                     explain=f"{task} over the last {window} samples of {', '.join(channels(task))}")
