"""Review image: the source skeleton as a tree, each bone coloured by confidence and labelled with its target."""

from __future__ import annotations

from pathlib import Path

from enginemind.families.bonemap.rig.retarget import MappingResult
from enginemind.families.bonemap.rig.skeleton import Skeleton

MAX_DRAWN = 600


def _layout(sk: Skeleton, keep: list[int]) -> dict[int, tuple[float, float]]:
    """Tidy-tree layout: leaves get consecutive x, parents sit over the middle of their children."""
    keep_set = set(keep)
    pos: dict[int, tuple[float, float]] = {}
    depth = sk.depths()
    next_x = 0.0
    order = [r for r in sk.roots() if r in keep_set]
    stack = [(r, False) for r in reversed(order)]
    while stack:
        i, done = stack.pop()
        kids = [c for c in sk.children(i) if c in keep_set]
        if not done and kids:
            stack.append((i, True))
            stack.extend((c, False) for c in reversed(kids))
            continue
        if kids:
            xs = [pos[c][0] for c in kids]
            pos[i] = ((min(xs) + max(xs)) / 2, -depth[i])
        else:
            pos[i] = (next_x, -depth[i])
            next_x += 1.0
    return pos


def render_review(sk: Skeleton, result: MappingResult, out: str | Path, title: str = "") -> Path:
    """Write a PNG; bones beyond ``MAX_DRAWN`` (breadth first) are left out and the title says so."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import cm, colors

    keep = sk.depth_order()[:MAX_DRAWN]
    pos = _layout(sk, keep)
    width = max(8.0, min(80.0, 0.7 * len([i for i in keep if not sk.children(i)])))
    height = max(5.0, min(40.0, 0.9 * (max(-y for _, y in pos.values()) + 2)))
    fig, ax = plt.subplots(figsize=(width, height), dpi=80)
    cmap = matplotlib.colormaps["RdYlGn"]
    norm = colors.Normalize(0.0, 1.0)
    for i in keep:
        p = sk.parent_index(i)
        if p in pos:
            ax.plot([pos[p][0], pos[i][0]], [pos[p][1], pos[i][1]], color="#999999", lw=0.8, zorder=1)
    for i in keep:
        name = sk.names[i]
        c = result.confidence.get(name, 0.0)
        tgt = result.mapping.get(name)
        x, y = pos[i]
        ax.scatter([x], [y], s=60, color=cmap(norm(c)), edgecolors="black" if tgt else "none", zorder=2)
        label = f"{name}\n-> {tgt or 'null'} ({c:.2f})"
        ax.text(x, y - 0.12, label, fontsize=6, ha="left", va="top", rotation=-40, rotation_mode="anchor",
                zorder=3)
    ax.set_axis_off()
    extra = f" (first {MAX_DRAWN} of {len(sk)} bones)" if len(sk) > MAX_DRAWN else ""
    ax.set_title(title or f"{len(sk)} bones -> {result.target} [{result.engine}]{extra}")
    fig.colorbar(cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, fraction=0.02, label="confidence")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, bbox_inches="tight")
    plt.close(fig)
    return out
