"""The one place that picks onnxruntime providers: CUDA first when present and wanted, CPU otherwise."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

from enginemind.errors import FailedPrecondition, InvalidInput
from enginemind.onnx_providers import CPU, CUDA, ENV, available_providers, choose_providers, inference_session


def _double_graph(path: Path) -> Path:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 3])
    graph = helper.make_graph([helper.make_node("Add", ["x", "x"], ["y"])], "double", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def test_cuda_first_only_when_present_and_wanted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    both = [CUDA, CPU]
    assert choose_providers(available=both) == [CUDA, CPU]
    assert choose_providers("auto", available=[CPU]) == [CPU]
    assert choose_providers("cpu", available=both) == [CPU]
    assert choose_providers("cuda", available=both) == [CUDA, CPU]
    with pytest.raises(FailedPrecondition, match=r"enginemind\[gpu\]"):
        choose_providers("cuda", available=[CPU])
    with pytest.raises(InvalidInput, match="auto, cpu, cuda"):
        choose_providers("tpu", available=both)
    monkeypatch.setenv(ENV, "CPU")
    assert choose_providers(available=both) == [CPU]


def test_session_runs_on_what_this_machine_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    path = _double_graph(tmp_path / "double.onnx")
    sess = inference_session(path, threads=1, inter_threads=1)
    expected = [CUDA, CPU] if CUDA in available_providers() else [CPU]
    assert sess.get_providers()[-1] == CPU and set(sess.get_providers()) <= set(expected)
    out = sess.run(None, {"x": np.ones((2, 3), np.float32)})[0]
    assert out.tolist() == [[2.0] * 3] * 2
    if CUDA not in available_providers():  # the CPU build (the default install): asking for CUDA fails clearly
        monkeypatch.setenv(ENV, "cuda")
        with pytest.raises(FailedPrecondition, match="ENGINEMIND_ONNX_DEVICE=cuda"):
            inference_session(path)
