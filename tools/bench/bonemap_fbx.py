"""FBX readers on the committed fixtures: ufbx (the importer) vs assimp-py with and without aiProcess_Triangulate.

    python tools/bench/bonemap_fbx.py [--repeat 5]

Prints a markdown table: per file and reader, whether it imports, the bones found and the median wall time.
assimp-py is not a project dependency any more; its rows are skipped when it is not installed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

FIX = Path(__file__).resolve().parents[2] / "tests/bonemap/fixtures"


def _ufbx(path: Path) -> int:
    from enginemind.families.bonemap.rig.importers import load_skeleton_file

    return len(load_skeleton_file(path))


def _ufbx_read(path: Path) -> int:
    from enginemind.families.bonemap.rig.fbx_reader import read

    return sum(1 for n in read(path.read_bytes())["nodes"] if n["kind"] == "bone")


def _assimp(flags_name: str) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        import assimp_py

        flags = getattr(assimp_py, flags_name) if flags_name else 0
        scene = assimp_py.import_file(str(path), flags)
        count, stack = 0, [scene.root_node]
        while stack:
            node = stack.pop()
            count += node.num_meshes == 0 and "$AssimpFbx$" not in node.name
            stack.extend(node.children)
        return count - 1  # the RootNode

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    readers: list[tuple[str, Callable[[Path], int]]] = [("ufbx (importer: child process)", _ufbx),
                                                        ("ufbx read only, in process", _ufbx_read)]
    try:
        import assimp_py  # noqa: F401

        readers += [("assimp-py, no flags", _assimp("")), ("assimp-py, Triangulate", _assimp("Process_Triangulate"))]
    except ImportError:
        print("(assimp-py not installed: its rows are skipped)")
    print("| file | bytes | reader | result | bones / nodes | median ms |")
    print("|---|---|---|---|---|---|")
    for path in sorted(FIX.glob("*.fbx")):
        for name, fn in readers:
            times, result, count = [], "ok", 0
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                try:
                    count = fn(path)
                except Exception as exc:  # a refused file is a result here
                    result = f"refused: {str(exc).strip()[:60] or type(exc).__name__}"
                    break
                times.append((time.perf_counter() - t0) * 1e3)
            ms = f"{statistics.median(times):.0f}" if times else "-"
            print(f"| {path.name} | {path.stat().st_size:,} | {name} | {result} | {count if times else '-'} | {ms} |")


if __name__ == "__main__":
    main()
