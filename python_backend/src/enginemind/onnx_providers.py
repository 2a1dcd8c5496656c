"""Which onnxruntime execution providers a session runs on: CUDA when ``onnxruntime-gpu`` sees a GPU, else CPU.

Every ONNX session of the backend is made by :func:`inference_session`. ``ENGINEMIND_ONNX_DEVICE`` (``auto``,
``cpu`` or ``cuda``) overrides the choice for the whole process: ``cpu`` keeps a GPU machine on the CPU path,
``cuda`` fails loudly instead of falling back. The GPU build is the ``gpu`` extra (``pip install
enginemind[gpu]``, chosen by ``./enginemind.sh`` when ``nvidia-smi`` works); the CPU build stays the default.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from enginemind.errors import FailedPrecondition, InvalidInput

ENV = "ENGINEMIND_ONNX_DEVICE"
DEVICES = ("auto", "cpu", "cuda")
CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"
GPU_HINT = ("install the GPU build (`pip uninstall -y onnxruntime && pip install enginemind[gpu]`, or rerun "
            "./enginemind.sh setup on a machine where nvidia-smi works) or set ENGINEMIND_ONNX_DEVICE=auto")
log = logging.getLogger(__name__)


def requested_device(device: str | None = None) -> str:
    """``device`` if given, else ``$ENGINEMIND_ONNX_DEVICE``, else ``auto``; checked against ``DEVICES``."""
    value = (device or os.environ.get(ENV) or "auto").strip().lower()
    if value not in DEVICES:
        raise InvalidInput(f"ONNX device {value!r} is not one of {', '.join(DEVICES)} (check {ENV})")
    return value


def available_providers() -> list[str]:
    import onnxruntime as ort

    return list(ort.get_available_providers())


def choose_providers(device: str | None = None, available: Sequence[str] | None = None) -> list[str]:
    """Providers in priority order: ``[CUDA, CPU]`` when CUDA is there and wanted, else ``[CPU]``."""
    want = requested_device(device)
    have = list(available) if available is not None else available_providers()
    if want == "cuda" and CUDA not in have:
        raise FailedPrecondition(f"ENGINEMIND_ONNX_DEVICE=cuda but this onnxruntime has no {CUDA} "
                                 f"(it offers {', '.join(have) or 'nothing'}); {GPU_HINT}")
    if want != "cpu" and CUDA in have:
        return [CUDA, CPU]
    return [CPU]


def inference_session(path: str | Path, *, threads: int = 0, inter_threads: int = 0,
                      device: str | None = None) -> Any:
    """An ``onnxruntime.InferenceSession`` on the chosen providers (``threads`` 0 = onnxruntime's default).

    onnxruntime silently drops CUDA when its libraries fail to load; with ``device`` ``cuda`` that is an error,
    with ``auto`` it is logged and the session runs on the CPU.
    """
    import onnxruntime as ort

    providers = choose_providers(device)
    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    if inter_threads:
        opts.inter_op_num_threads = inter_threads
    session = ort.InferenceSession(str(path), sess_options=opts, providers=providers)
    if CUDA in providers and CUDA not in session.get_providers():
        if requested_device(device) == "cuda":
            raise FailedPrecondition(f"onnxruntime could not start {CUDA} for {Path(path).name} (CUDA/cuDNN "
                                     "libraries missing or not matching this onnxruntime-gpu); see the log above")
        log.warning("onnxruntime could not start %s for %s; running on the CPU", CUDA, Path(path).name)
    return session
