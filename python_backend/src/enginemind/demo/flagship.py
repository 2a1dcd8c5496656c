"""The flagship step of ``enginemind demo``: map the demo rig onto UE5 Manny and Unity Humanoid through the
running backend's Skeleton service, as the editor plugins do, and write what an artist would look at.

Outputs in ``out_dir``: the rig (BVH), per target the mapping-result JSON (the retarget definition: mapping,
confidence, chains, retarget root, IK goals, Unity human bones; the Unity Skeleton tab's **Load** reads it)
and a review PNG (the rig's tree coloured by confidence).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from enginemind.demo.rig import DEFAULT_CONVENTION, write_demo_rig

TARGETS = {"ue5_manny": "UE5 Manny", "unity_humanoid": "Unity Humanoid"}
REVIEW_BELOW = 0.6
"""Bones under this confidence are the ones the editors list for review (Unity's threshold)."""


@dataclass
class FlagshipResult:
    """What the flagship step wrote and found."""

    rig: Path
    bones: list[str]
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per target: the mapping result the server returned (DESIGN.md section 4, plus ``fingerprint``)."""
    definitions: dict[str, Path] = field(default_factory=dict)
    reviews: dict[str, Path] = field(default_factory=dict)


def _conf_text(conf: float) -> str:
    colour = "green" if conf >= 0.8 else "yellow" if conf >= REVIEW_BELOW else "red"
    return f"[{colour}]{conf:.2f}[/{colour}]"


def mapping_table(bones: list[str], results: dict[str, dict[str, Any]]) -> Table:
    """One row per source bone: its target bone and confidence for every target side by side."""
    table = Table(title="demo rig -> targets (matcher, through the Skeleton service)", title_justify="left",
                  header_style="bold", pad_edge=False)
    table.add_column("source bone")
    for name in results:
        table.add_column(f"-> {TARGETS.get(name, name)}")
        table.add_column("conf", justify="right")
    for bone in bones:
        row = [bone]
        for res in results.values():
            target = res["mapping"].get(bone)
            row += [target or "[dim]- (no counterpart)[/dim]", _conf_text(res["confidence"].get(bone, 0.0))]
        table.add_row(*row)
    return table


def _summary(name: str, res: dict[str, Any]) -> str:
    mapped = sum(t is not None for t in res["mapping"].values())
    review = sum(c < REVIEW_BELOW for c in res["confidence"].values())
    return (f"{TARGETS.get(name, name)}: {mapped}/{len(res['mapping'])} bones mapped, {review} below "
            f"{REVIEW_BELOW} to review, retarget root {res['retarget_root'] or '-'}, {len(res['chains'])} "
            f"retarget chains, {len(res['ik_goals'])} IK goals, {len(res['unity_human'])} Unity human bones")


def where_to_click(result: FlagshipResult) -> str:
    """The same steps in the editors, naming the menus, buttons and the files just written."""
    unity_json = result.definitions.get("unity_humanoid", Path("<mapping>.json"))
    return "\n".join([
        "[bold]Unreal Editor[/bold] (UnrealPlugin/EngineMind: README.md, docs/unreal.md)",
        "  right-click a Skeletal Mesh > [bold]Retarget with EngineMind...[/bold]",
        "  (or [bold]Tools > EngineMind > Retarget with EngineMind...[/bold]; Start backend is in",
        "  the same menu). Low-confidence bones come up for review; then it builds",
        "  the IK Rigs and RTG_<mesh>_to_<target> and saves the mapping JSON.",
        "[bold]Unity Editor[/bold] (UnityPackage/com.enginemind.editor: Documentation~/index.md)",
        "  [bold]Window > EngineMind > Dashboard[/bold], Skeleton tab: select the model,",
        "  [bold]Use selection[/bold], [bold]Map with backend[/bold], review, [bold]Build Humanoid Avatar...[/bold]",
        "  Offline: put this file in the mapping field and press [bold]Load[/bold]:",
        f"  {unity_json}",
        "[bold]CLI[/bold] (any rig file: BVH, glTF/GLB, VRM, FBX, JSON)",
        "  enginemind map RIG.bvh --server --target unity_humanoid --format table",
    ])


def run_flagship(client: Any, out_dir: str | Path, console: Console | None = None,
                 convention: str = DEFAULT_CONVENTION,
                 step: Callable[[str], None] | None = None) -> FlagshipResult:
    """Import the demo rig through ``ImportSkeleton``, map it with ``MapSkeleton`` onto every target, write
    the definitions and review images, and print the table (``client``: an ``enginemind.client.Client``).

    Returns what was written; the rig, the JSONs and the PNGs land in ``out_dir``.
    """
    from dataclasses import fields

    from enginemind.families.bonemap.review import render_review
    from enginemind.families.bonemap.rig.retarget import MappingResult
    from enginemind.families.bonemap.rig.skeleton import Skeleton

    console = console or Console()
    say = step or (lambda text: console.print(f"[cyan]>[/cyan] {text}"))
    out_dir = Path(out_dir)
    rig = write_demo_rig(out_dir, convention)
    say(f"ImportSkeleton: {rig.name} (a {convention.upper()}-style humanoid this demo generated)")
    imported = client.import_skeleton(rig.read_bytes(), rig.name)
    for warning in imported["warnings"]:
        say(f"[yellow]warning[/yellow]: {warning}")
    sk = Skeleton.from_dict(imported["skeleton"])
    result = FlagshipResult(rig=rig, bones=sk.names)
    keep = {f.name for f in fields(MappingResult)}
    for name, label in TARGETS.items():
        t0 = time.perf_counter()
        res = client.map_skeleton(imported["skeleton"], name, engine="matcher", timeout_s=120.0)
        result.results[name] = res
        path = out_dir / f"{rig.stem}_to_{name}.json"
        path.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        result.definitions[name] = path
        say(f"MapSkeleton -> {label}: {len(sk)} bones in {1000 * (time.perf_counter() - t0):.0f} ms; "
            f"rendering the review image")
        mapped = MappingResult(**{k: v for k, v in res.items() if k in keep})
        result.reviews[name] = render_review(sk, mapped, out_dir / f"review_{name}.png",
                                             title=f"{rig.stem} -> {label}: bones coloured by confidence")
    console.print(mapping_table(result.bones, result.results))
    for name, res in result.results.items():
        console.print(_summary(name, res))
    files = [result.rig, *result.definitions.values(), *result.reviews.values()]
    console.print("\n[bold]wrote[/bold]\n" + "\n".join(f"  {p}" for p in files))
    console.print(Panel(where_to_click(result), title="do the same in the editors", expand=False))
    return result
