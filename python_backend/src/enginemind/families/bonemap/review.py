"""Review image: the source skeleton laid out by body part, each bone labelled with its target and confidence.

Panels are placed like the body seen from the front (the character's right on the left): hands (enlarged,
one row per bone), arms, head and torso, legs, and the bones with no body part (props, IK, helpers without
a mapped ancestor). A bone belongs to the part of its target role, an unmapped bone to the part of its nearest
mapped ancestor. Rows are indented by depth, so chains read top-down. Colours say what to check:

- green: mapped, confident (>= ``SURE``); amber: mapped, check (>= ``CHECK``); red: mapped, unsure;
- grey: confidently null (nothing to map); hatched orange: null but unsure (maybe a missed bone).

Essential target bones (pelvis, head, hands, feet, and the limb bones above them) that no source bone maps
onto are listed in a red box at the top; a footer says why the least confident flagged bones are unsure
(``result.doubts``: the doubt signals of ``doubt.py`` in words).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from enginemind.families.bonemap.rig.retarget import MappingResult
from enginemind.families.bonemap.rig.roles import FINGERS
from enginemind.families.bonemap.rig.skeleton import Skeleton

MAX_DRAWN = 600
"""Bones drawn at most (breadth first); the title says how many were left out."""
MAX_ROWS = 70
"""Rows per panel at most (the rest is summarised in one row)."""
MAX_WHY = 12
"""Flagged bones whose reasons the footer lists at most."""
SURE, CHECK = 0.95, 0.8
ESSENTIAL = ("pelvis", "head", "hand", "foot", "upperarm", "lowerarm", "thigh", "calf")
_ARM = {"clavicle", "upperarm", "lowerarm", "upperarm_twist", "lowerarm_twist", "ik_hand"}
_LEG = {"thigh", "calf", "foot", "ball", "thigh_twist", "calf_twist", "ik_foot"}
_TORSO = {"root", "pelvis", "spine", "neck", "head", "jaw", "eye"}
PANELS = ("hand R", "arm R", "torso and head", "arm L", "hand L", "leg R", "other", "leg L")
_GREEN, _AMBER, _RED, _GREY, _ORANGE = "#2e9d49", "#e0a800", "#d62728", "#9a9a9a", "#f28e2b"


def _target_roles(result: MappingResult) -> dict[str, Any]:
    """Target bone -> role (shipped targets; else from the target bone's name)."""
    from enginemind.families.bonemap.rig.names import analyse_names
    from enginemind.families.bonemap.rig.roles import Role, name_evidence
    from enginemind.families.bonemap.rig.targets import load_target

    try:
        t = load_target(result.target)
        return dict(zip(t.skeleton.names, t.analysis.roles, strict=True))
    except Exception:  # a skeleton given as the target: roles from its names
        names = sorted({v for v in result.mapping.values() if v})
        out: dict[str, Any] = {}
        for n, ni in zip(names, analyse_names(names), strict=True):
            ev = name_evidence(ni)
            out[n] = Role(ev[0].kind, ev[0].side, ev[0].idx) if ev else None
        return out


def _part(role: Any) -> str | None:
    if role is None:
        return None
    side = role.side or "L"
    if role.kind in FINGERS or role.kind == "hand":
        return f"hand {side}"
    if role.kind in _ARM:
        return f"arm {side}"
    if role.kind in _LEG:
        return f"leg {side}"
    if role.kind in _TORSO:
        return "torso and head"
    return "other"


def parts(sk: Skeleton, result: MappingResult, keep: list[int], roles: dict[str, Any]) -> dict[str, list[int]]:
    """Panel -> bones (depth-first order); unmapped bones follow their nearest mapped ancestor."""
    part: dict[int, str] = {}
    for i in keep:  # parents first
        tgt = result.mapping.get(sk.names[i])
        p = _part(roles.get(tgt)) if tgt else None
        if p is None:
            a = sk.parent_index(i)
            p = part.get(a, "other") if a >= 0 else "other"
        part[i] = p
    out: dict[str, list[int]] = {name: [] for name in PANELS}
    keep_set = set(keep)
    stack = [r for r in reversed(sk.roots()) if r in keep_set]
    while stack:
        i = stack.pop()
        out[part[i]].append(i)
        stack.extend(c for c in reversed(sk.children(i)) if c in keep_set)
    return out


def missing_essentials(result: MappingResult, roles: dict[str, Any]) -> list[str]:
    """Essential target bones that no source bone maps onto."""
    used = {v for v in result.mapping.values() if v}
    return [n for n, r in roles.items() if r is not None and r.kind in ESSENTIAL and r.idx is None and n not in used]


def _style(tgt: str | None, c: float) -> tuple[str, str, str]:
    """(colour, hatch, word) of one bone."""
    if tgt is None:
        return (_GREY, "", "null") if c >= SURE else (_ORANGE, "////", "null?")
    if c >= SURE:
        return _GREEN, "", "sure"
    return (_AMBER, "", "check") if c >= CHECK else (_RED, "", "unsure")


def _short(text: str, n: int = 28) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def shared_prefix(names: list[str]) -> str:
    """A namespace / prefix every bone shares (``mixamorig:``, ``Bip01 ``), cut at a separator; '' if none."""
    import os

    p = os.path.commonprefix(names) if len(names) > 1 else ""
    cut = max(p.rfind(c) for c in ":|_. /")
    return p[: cut + 1] if cut >= 2 else ""


def _draw_panel(ax: Any, title: str, sk: Skeleton, bones: list[int], result: MappingResult, rows: int,
                prefix: str = "") -> None:
    from matplotlib.patches import Rectangle

    ax.set_xlim(0, 1)
    ax.set_ylim(rows + 0.5, -1.2)
    ax.set_axis_off()
    words = [_style(result.mapping.get(sk.names[i]), result.confidence.get(sk.names[i], 0.0))[2] for i in bones]
    flagged = sum(w in ("check", "unsure", "null?") for w in words)
    ax.text(0.0, -0.7, f"{title}  ({len(bones)} bones, {flagged} to check)", fontsize=11, fontweight="bold",
            va="center")
    inside = set(bones)
    depth: dict[int, int] = {}
    for i in bones:
        a = sk.parent_index(i)
        depth[i] = depth[a] + 1 if a in inside else 0
    shown = bones if len(bones) <= MAX_ROWS else bones[: MAX_ROWS - 1]
    for r, i in enumerate(shown):
        name = sk.names[i]
        tgt = result.mapping.get(name)
        c = result.confidence.get(name, 0.0)
        colour, hatch, _ = _style(tgt, c)
        x = 0.02 + 0.025 * min(depth[i], 6)
        ax.add_patch(Rectangle((x, r - 0.32), 0.03, 0.64, facecolor=colour if not hatch else "white",
                               edgecolor=colour, hatch=hatch, lw=1.2))
        label = f"{_short(name[len(prefix):])}  →  {tgt or 'null'}"
        ax.text(x + 0.045, r, label, fontsize=9, va="center", color="#222222" if tgt else "#666666")
        ax.text(0.995, r, f"{c:.2f}", fontsize=9, va="center", ha="right", color=colour, fontweight="bold")
    if len(shown) < len(bones):
        ax.text(0.02, len(shown), f"… {len(bones) - len(shown)} more bones", fontsize=9, va="center",
                style="italic")


def _why(fig: Any, why: list[tuple[str, list[str]]], result: MappingResult, prefix: str, foot_in: float) -> None:
    """Footer: why each flagged bone is unsure (``result.doubts``), least confident first."""
    if not why:
        return
    h = fig.get_figheight()
    fig.text(0.01, (foot_in - 0.15) / h, "why unsure (least confident first)", fontsize=11, fontweight="bold",
             va="top")
    lines = [f"{b[len(prefix):]} → {result.mapping.get(b) or 'null'} ({result.confidence.get(b, 0.0):.2f}): "
             + "; ".join(r) for b, r in why[:MAX_WHY]]
    if len(why) > MAX_WHY:
        lines.append(f"… {len(why) - MAX_WHY} more in the result's 'doubts'")
    for k, line in enumerate(lines):
        fig.text(0.015, (foot_in - 0.42 - 0.22 * k) / h, _short(line, 230), fontsize=9, va="top", color="#333333")


def render_review(sk: Skeleton, result: MappingResult, out: str | Path, title: str = "") -> Path:
    """Write the review PNG (see the module docstring); bones beyond ``MAX_DRAWN`` are left out (title says so)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    keep = sk.depth_order()[:MAX_DRAWN]
    roles = _target_roles(result)
    groups = parts(sk, result, keep, roles)
    prefix = shared_prefix(sk.names)
    top_rows = max(len(groups[p]) for p in PANELS[:5])
    low_rows = max(len(groups[p]) for p in PANELS[5:])
    top_rows, low_rows = min(max(top_rows, 4), MAX_ROWS), min(max(low_rows, 4), MAX_ROWS)
    row_in = 0.24
    missing = missing_essentials(result, roles)
    head_in = 1.1 + (0.35 if missing else 0.0)
    why = sorted(result.doubts.items(), key=lambda kv: result.confidence.get(kv[0], 0.0))
    foot_in = 0.4 + 0.22 * (min(len(why), MAX_WHY) + (len(why) > MAX_WHY)) if why else 0.0
    fig = plt.figure(figsize=(5 * 4.4, head_in + foot_in + (top_rows + low_rows + 4) * row_in), dpi=100)
    gs = fig.add_gridspec(2, 5, height_ratios=[top_rows + 2, low_rows + 2], hspace=0.08, wspace=0.06,
                          top=1 - head_in / fig.get_figheight(), bottom=0.01 + foot_in / fig.get_figheight(),
                          left=0.01, right=0.99)
    _why(fig, why, result, prefix, foot_in)
    places = {"hand R": (0, 0), "arm R": (0, 1), "torso and head": (0, 2), "arm L": (0, 3), "hand L": (0, 4),
              "leg R": (1, 1), "other": (1, 2), "leg L": (1, 3)}
    for name, (r, c) in places.items():
        ax = fig.add_subplot(gs[r, c])
        label = {"hand R": "right hand", "arm R": "right arm", "arm L": "left arm", "hand L": "left hand",
                 "leg R": "right leg", "leg L": "left leg", "other": "other bones (no body part)"}.get(name, name)
        _draw_panel(ax, label, sk, groups[name], result, top_rows if r == 0 else low_rows, prefix)
    extra = f" (first {MAX_DRAWN} of {len(sk)} bones)" if len(sk) > MAX_DRAWN else ""
    extra += f"; prefix '{prefix}' not shown" if prefix else ""
    fig.suptitle(title or f"{len(sk)} bones -> {result.target} [{result.engine}]{extra}", fontsize=14,
                 fontweight="bold", y=1 - 0.25 / fig.get_figheight(), va="top")
    legend = [Patch(facecolor=_GREEN, label=f"mapped, sure (>= {SURE})"),
              Patch(facecolor=_AMBER, label=f"mapped, check (>= {CHECK})"),
              Patch(facecolor=_RED, label="mapped, unsure"), Patch(facecolor=_GREY, label="confidently null"),
              Patch(facecolor="white", edgecolor=_ORANGE, hatch="////", label="null, unsure (missed bone?)")]
    fig.legend(handles=legend, loc="upper center", ncol=5, fontsize=10, frameon=False,
               bbox_to_anchor=(0.5, 1 - 0.6 / fig.get_figheight()))
    if missing:
        fig.text(0.5, 1 - (head_in - 0.12) / fig.get_figheight(),
                 "essential target bones left unmapped: " + ", ".join(missing), ha="center", fontsize=11,
                 color="white", fontweight="bold", bbox={"facecolor": _RED, "edgecolor": _RED, "pad": 4})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)
    return out
