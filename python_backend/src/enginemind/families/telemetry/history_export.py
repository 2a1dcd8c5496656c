"""Export history for offline work: raw series or task windows to .npz, .h5 (HDF5) or .csv (pandas)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import psycopg

from enginemind.errors import InvalidInput
from enginemind.families.telemetry import store
from enginemind.families.telemetry.config import TelemetryTrainConfig
from enginemind.families.telemetry.data import load_windows
from enginemind.families.telemetry.schema import DATA_TYPES

DEFAULT_FIELDS = {"battery": ("value", "current", "voltage"), "imu": ("ax", "ay", "az", "gx", "gy", "gz"),
                  "pose": ("x", "y", "yaw"), "velocity": ("vx", "vy", "speed", "wz")}


def _check(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in (".npz", ".h5", ".hdf5", ".csv"):
        raise InvalidInput(f"unsupported output {out}: use .npz, .h5 or .csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    return suffix


def to_dataframe(conn: psycopg.Connection, data_type: str, fields: Sequence[str] | None = None,
                 robots: Sequence[str] | None = None):  # type: ignore[no-untyped-def]
    """One data type as a pandas DataFrame (robot_id, time as UTC timestamps, one column per field)."""
    import pandas as pd

    fields = list(fields or DEFAULT_FIELDS.get(data_type, ()))
    parts = []
    for rid, (t, rows) in store.series(conn, data_type, fields, robots).items():
        df = pd.DataFrame(rows, columns=fields)
        df.insert(0, "time", pd.to_datetime(t, unit="s", utc=True))
        df.insert(0, "robot_id", rid)
        parts.append(df)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["robot_id", "time", *fields])


def export_series(conn: psycopg.Connection, data_type: str, fields: Sequence[str] | None,
                  robots: Sequence[str] | None, out: Path) -> int:
    if data_type not in DATA_TYPES or data_type == "event":
        raise InvalidInput(f"series export needs a numeric data type: {', '.join(sorted(DEFAULT_FIELDS))}")
    suffix = _check(out)
    df = to_dataframe(conn, data_type, fields, robots)
    if suffix == ".csv":
        df.to_csv(out, index=False)
        return len(df)
    cols = [c for c in df.columns if c not in ("robot_id", "time")]
    arrays = {"robot_id": df["robot_id"].to_numpy().astype("S64"),
              "time": df["time"].astype("int64").to_numpy() / 1e9 if len(df) else np.zeros(0),
              "values": df[cols].to_numpy(np.float64), "fields": np.array(cols, dtype="S32")}
    _write(arrays, out, suffix)
    return len(df)


def export_windows(conn: psycopg.Connection, cfg: TelemetryTrainConfig, out: Path) -> int:
    """The exact training windows and labels of ``cfg.task`` (x, y, robot index, t_end, robots)."""
    suffix = _check(out)
    if suffix == ".csv":
        raise InvalidInput("windows are 3-D; export them to .npz or .h5")
    w = load_windows(conn, cfg)
    _write({"x": w.x, "y": w.y, "robot": w.robot, "t_end": w.t_end, "robots": np.array(w.robots, dtype="S64")},
           out, suffix)
    return len(w.x)


def _write(arrays: dict[str, np.ndarray], out: Path, suffix: str) -> None:
    if suffix == ".npz":
        np.savez_compressed(out, **arrays)
        return
    import h5py

    with h5py.File(out, "w") as f:
        for k, v in arrays.items():
            f.create_dataset(k, data=v, compression="gzip" if v.size > 1024 else None)
