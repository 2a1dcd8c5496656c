"""``enginemind map`` commands: map a skeleton file locally or through the server, review image, feedback.

    enginemind map SKELETON --target ue5_manny [--engine matcher|lm|auto] [--format json|table]
    enginemind map --review SKELETON --out review.png
    enginemind map SKELETON --server                       # via gRPC: stored corrections apply, LM from registry
    enginemind map SKELETON --server --feedback fix.json   # store corrections {source: target|null}
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from enginemind.errors import InvalidInput
from enginemind.families.bonemap.config import ENGINES


def register(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("map", help="map a skeleton (JSON / BVH / glTF / GLB / VRM / FBX) onto a target skeleton")
    common(p)
    p.add_argument("skeleton", help="skeleton file")
    p.add_argument("--target", default="ue5_manny",
                   help="ue5_manny | ue4_mannequin | unity_humanoid | mixamo | vrm_humanoid, or a skeleton file")
    p.add_argument("--engine", choices=ENGINES, default="matcher")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.add_argument("--review", action="store_true",
                   help="write a review PNG: bones by body part, coloured by confidence (--out)")
    p.add_argument("--out", default="", help="output file (review PNG, or JSON instead of stdout)")
    p.add_argument("--lm-adapter", default="", help="local LoRA adapter folder for --engine lm/auto")
    p.add_argument("--skel-model", default="", help="local skeleton model folder (skelnet.pt) for --engine model/auto")
    p.add_argument("--skin", default="", help="glTF with several separate skeletons: the skin to map (index or name)")
    p.add_argument("--server", action="store_true", help="map through the running server (applies feedback)")
    p.add_argument("--feedback", default="", help="with --server: JSON file of corrections to store first")
    p.add_argument("--note", default="", help="note stored with --feedback")
    p.set_defaults(func=cmd_map)


def _table(res: dict[str, Any]) -> str:
    rows = [(s, t or "-", f"{res['confidence'][s]:.2f}", res.get("source", {}).get(s, ""))
            for s, t in res["mapping"].items()]
    w0 = max([len("source")] + [len(r[0]) for r in rows])
    w1 = max([len("target")] + [len(r[1]) for r in rows])
    lines = [f"{'source':<{w0}}  {'target':<{w1}}  conf  origin", "-" * (w0 + w1 + 16)]
    lines += [f"{a:<{w0}}  {b:<{w1}}  {c}  {d}" for a, b, c, d in rows]
    lines.append(f"retarget root: {res['retarget_root'] or '-'}; chains: "
                 + ", ".join(f"{c['name']}={c['start']}..{c['end']}" for c in res["chains"]))
    return "\n".join(lines)


def _local(args: argparse.Namespace, sk: Any) -> dict[str, Any]:
    from enginemind.families.bonemap.config import MapConfig
    from enginemind.families.bonemap.predict import Mapper
    from enginemind.families.bonemap.rig.importers import load_skeleton_file
    from enginemind.families.bonemap.rig.targets import TARGET_NAMES

    target: Any = args.target
    if args.target not in TARGET_NAMES:
        if not Path(args.target).exists():
            raise InvalidInput(f"--target {args.target!r} is neither a shipped target ({', '.join(TARGET_NAMES)}) "
                               "nor a skeleton file")
        target = load_skeleton_file(args.target)
    loader = None
    skel_loader = None
    if args.skel_model:
        from enginemind.families.bonemap.skelnet.infer import SkelModel

        def skel_loader() -> Any:
            return SkelModel.load(args.skel_model)

    if args.engine == "lm" or (args.engine == "auto" and args.lm_adapter):
        from enginemind.families.bonemap.model import BoneLM

        def loader() -> Any:
            return BoneLM.load(args.lm_adapter or None)

        if not args.lm_adapter:
            print("note: no --lm-adapter given: using the untrained base model", file=sys.stderr)
    return Mapper(MapConfig(engine=args.engine), lm_loader=loader, skel_loader=skel_loader).map(sk, target).to_dict()


def _remote(args: argparse.Namespace, sk: Any) -> dict[str, Any]:
    from enginemind.client import Client

    with Client.from_data_dir(args.data_dir, timeout_s=max(args.timeout, 120.0)) as client:
        if args.feedback:
            fixes = json.loads(Path(args.feedback).read_text(encoding="utf-8"))
            if not isinstance(fixes, dict):
                raise InvalidInput("--feedback must be a JSON object {source bone: target bone or null}")
            r = client.submit_feedback(sk.to_dict(), args.target, fixes, note=args.note)
            print(f"stored feedback {r['feedback_id']} ({r['corrections']} corrections)", file=sys.stderr)
        res = client.map_skeleton(sk.to_dict(), args.target, engine=args.engine)
        res.pop("fingerprint", None)
        return res


def cmd_map(args: argparse.Namespace) -> int:
    from enginemind.families.bonemap.rig.importers import load_skeleton_file

    sk = load_skeleton_file(args.skeleton, skin=args.skin)
    res = _remote(args, sk) if args.server else _local(args, sk)
    for w in res.get("warnings", []):
        print(f"warning: {w}", file=sys.stderr)
    if args.review:
        from enginemind.families.bonemap.review import render_review
        from enginemind.families.bonemap.rig.retarget import MappingResult

        out = render_review(sk, MappingResult(**{k: v for k, v in res.items()}), args.out or "review.png")
        print(f"wrote {out}")
        return 0
    text = json.dumps(res, indent=1, ensure_ascii=False) if args.format == "json" else _table(res)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text)
    return 0
