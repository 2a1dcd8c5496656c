"""Regenerate the committed protobuf/gRPC code from protos/enginemind/v1/*.proto.

Python goes to python_backend/src/enginemind/v1/ (imported as ``enginemind.v1``); C# messages go to the
Unity package when its folder exists. ``--check`` regenerates into a temp dir and fails on any difference.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
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
        _protoc([f"--csharp_out={cs_out}", "--csharp_opt=internal_access", *files])


def _compare(a: Path, b: Path) -> list[str]:
    diffs = []
    names = {p.name for p in a.glob("*") if p.is_file()} | {p.name for p in b.glob("*") if p.is_file()}
    for name in sorted(names):
        if name.endswith(".pyc"):
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
        print(f"generated {len(proto_files())} proto files")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp_py, tmp_cs = Path(tmp) / "py", Path(tmp) / "cs"
        generate(tmp_py, tmp_cs if cs_out else None)
        diffs = _compare(tmp_py / "enginemind" / "v1", PY_OUT / "enginemind" / "v1")
        if cs_out:
            diffs += [f"C# {d}" for d in _compare(tmp_cs, cs_out)]
    if diffs:
        print("generated code is out of date (run python tools/gen_protos.py):", ", ".join(diffs))
        return 1
    print("generated code matches the protos")
    return 0


if __name__ == "__main__":
    sys.exit(main())
