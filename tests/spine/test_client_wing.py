"""The client wing: layering (grpc + protobuf only, nothing imports upwards), discovery, IPv6, data dir."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from enginemind.client import Client, ClientError, NoServer, find_server, format_target
from enginemind.client.paths import default_data_dir
from enginemind.client.skeleton import Skeleton, SkeletonError, result_dict, skeleton_dict, skeleton_msg
from enginemind.v1 import skeleton_pb2
from tests.conftest import Backend

SRC = Path(__file__).resolve().parents[2] / "python_backend" / "src" / "enginemind"


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_wing_imports_only_grpc_protobuf_and_itself() -> None:
    allowed = ("enginemind.client", "enginemind.v1", "grpc", "grpc_health", "google.protobuf")
    for path in sorted((SRC / "client").glob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in sys.stdlib_module_names or top == "__future__" or name == "enginemind":
                continue
            assert name.startswith(allowed), f"{path.name} imports {name}: the client wing must stay thin"


def test_no_import_runs_back_up_the_layers() -> None:
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("v1/"):
            continue
        names = _imports(path)
        if rel.startswith("families/"):
            assert not any(n == "enginemind.cli" or n.startswith("enginemind.cli.") for n in names), rel
        if rel != "cli.py" and not rel.startswith("server/"):
            assert "enginemind.server.app" not in names, f"{rel} imports the server app"
        if rel.startswith("server/"):
            assert "enginemind.cli" not in names, f"{rel} imports the CLI"


def test_importing_the_wing_loads_no_heavy_package() -> None:
    code = ("import sys, enginemind.client.client; "
            "bad = [m for m in ('torch', 'numpy', 'psycopg', 'enginemind.server', 'enginemind.families') "
            "if m in sys.modules]; print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


@pytest.mark.parametrize(("host", "target"), [
    ("127.0.0.1", "127.0.0.1:5"), ("0.0.0.0", "127.0.0.1:5"), ("localhost", "127.0.0.1:5"), ("", "127.0.0.1:5"),
    ("::1", "[::1]:5"), ("::", "[::1]:5"), ("[::1]", "[::1]:5"), ("fe80::2", "[fe80::2]:5"),
])
def test_format_target_brackets_ipv6(host: str, target: str) -> None:
    assert format_target(host, 5) == target


def test_cli_connects_to_an_ipv6_server(tmp_path: Path, database_url: str) -> None:
    """``serve --host ::1`` used to write a discovery file the Python client turned into '::1:PORT'."""
    backend = Backend(tmp_path, database_url, args=["--host", "::1", "--slots", "0"]).start()
    try:
        assert find_server(tmp_path).target.startswith("[::1]:")
        out = subprocess.run([sys.executable, "-m", "enginemind", "jobs", "list", "--data-dir", str(tmp_path)],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and "no jobs" in out.stdout, out.stderr
    finally:
        backend.stop()


def test_no_server_and_dead_pid_are_explained(tmp_path: Path) -> None:
    with pytest.raises(NoServer, match="no EngineMind server is running"):
        Client.from_data_dir(tmp_path)
    (tmp_path / "server.json").write_text('{"host": "127.0.0.1", "port": 1, "pid": 4194311, "api_version": "2.0.0", '
                                          '"token_file": "x"}')
    with pytest.raises(NoServer, match="not running"):
        find_server(tmp_path)
    with pytest.raises(NoServer, match="cannot read the backend token"):
        Client.from_data_dir(tmp_path)


@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-data"])
def test_default_data_dir_matches_platformdirs(monkeypatch: pytest.MonkeyPatch, xdg: str | None) -> None:
    monkeypatch.delenv("ENGINEMIND_DATA_DIR", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert default_data_dir() == Path(platformdirs.user_data_dir("enginemind", appauthor=False))
    monkeypatch.setenv("ENGINEMIND_DATA_DIR", "~/em")
    assert default_data_dir() == Path.home() / "em"


def test_skeleton_round_trip_and_refusals() -> None:
    data = {"bones": [{"name": "spine", "parent": "hips", "position": [0, 0, 10]},
                      {"name": "hips", "parent": None, "position": [0, 0, 0], "rotation": [0, 0, 0, 1]}],
            "up_axis": "z", "units": "cm"}
    sk = Skeleton.from_dict(data)
    assert sk.names == ["hips", "spine"] and sk.is_ancestor("hips", "spine")
    back = skeleton_dict(skeleton_msg(sk))
    assert back["bones"][0] == {"name": "hips", "parent": None, "position": [0, 0, 0], "rotation": [0, 0, 0, 1]}
    assert "rotation" not in back["bones"][1]
    assert back["forward_axis"] is None
    assert skeleton_dict(skeleton_msg({**sk.to_dict(), "forward_axis": "+x"}))["forward_axis"] == "+x"
    hinged = {"bones": [{"name": "a", "axis": [0.0, 1.0, 0.0]}, {"name": "b", "parent": "a"}]}
    assert [b.get("axis") for b in skeleton_dict(skeleton_msg(hinged))["bones"]] == [[0.0, 1.0, 0.0], None]
    for bad, message in [({"bones": []}, "no bones"), ({"bones": [{"name": "a"}, {"name": "a"}]}, "twice"),
                         ({"bones": [{"name": "a", "parent": "b"}]}, "not in the skeleton"),
                         ({"bones": [{"name": "a", "position": [0, "x", 1]}]}, "3 numbers"),
                         ({"bones": [{"name": "a", "position": [0, float("nan"), 1]}]}, "finite"),
                         ({"bones": [{"name": "a", "parent": "b"}, {"name": "b", "parent": "a"}]}, "cycle")]:
        with pytest.raises(SkeletonError, match=message):
            Skeleton.from_dict(bad)


def test_map_through_the_wing_returns_the_result_once(backend) -> None:  # type: ignore[no-untyped-def]
    rig = {"bones": [{"name": "Hips", "parent": None, "position": [0, 0, 100]},
                     {"name": "Spine", "parent": "Hips", "position": [0, 0, 110]},
                     {"name": "Head", "parent": "Spine", "position": [0, 0, 160]}]}
    with backend.client() as client:
        resp = client.call(client.skeleton.MapSkeleton,
                           skeleton_pb2.MapSkeletonRequest(skeleton=skeleton_msg(rig), target="ue5_manny"))
        fields = {f.name for f, _ in resp.ListFields()}
        assert fields <= {"engine", "result_json", "fingerprint"}
        res = result_dict(resp)
        assert res["mapping"]["Hips"] == "pelvis" and len(res["fingerprint"]) == 64
        assert client.map_skeleton(rig)["mapping"] == res["mapping"]
        with pytest.raises(ClientError) as err:
            client.map_skeleton(rig, engine="telepathy")
        assert err.value.code.name == "INVALID_ARGUMENT" and "engine must be one of" in err.value.details
