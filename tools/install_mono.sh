#!/usr/bin/env bash
# Install the Mono C# compiler and runtime (Debian packages) used by tests/unity.
# Idempotent: does nothing when mcs and mono are already on PATH. Needs root (or sudo) for apt-get.
set -euo pipefail

if command -v mcs >/dev/null 2>&1 && command -v mono >/dev/null 2>&1; then
    echo "mono already installed: $(mono --version | head -n 1)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_mono.sh: need root or sudo to run apt-get install mono-mcs mono-devel" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends mono-mcs mono-devel
echo "installed: $(mono --version | head -n 1)"
