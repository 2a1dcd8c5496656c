"""Hands: the wrist where the finger tips meet, finger chains, the thumb and the finger order from geometry."""

from __future__ import annotations

import math

import numpy as np

from enginemind.families.bonemap.rig.roles import FINGERS, Role
from enginemind.families.bonemap.rig.solver.frame import Geo, RoleOut, unit


def hand_of(geo: Geo, a: int) -> int:
    """The bone where the farthest leaves of an arm (finger tips) meet, or -1 (no fingers)."""
    leaves = geo.leaves_under(a)
    dist = {t: float(np.linalg.norm(geo.pos[t] - geo.pos[a])) for t in leaves}
    far = max(dist.values())
    top = [t for t in leaves if dist[t] >= 0.8 * far]
    return geo.lca(top) if len(top) >= 2 else -1


def finger_chains(geo: Geo, hand: int) -> tuple[list[list[int]], int]:
    """Own bones of every finger chain below ``hand`` (hand side first) and the index of the thumb (-1)."""
    pos = geo.pos
    tips = [t for t in geo.leaves_under(hand) if t != hand]
    if not tips:
        return [], -1
    dist = {t: float(np.linalg.norm(pos[t] - pos[hand])) for t in tips}
    far = max(dist.values())
    tips = [t for t in tips if dist[t] >= 0.45 * far]
    chains = []
    for t in tips:
        p = geo.path(hand, t)
        own = [b for b in p if sum(1 for u in tips if geo.is_below(b, u)) == 1]
        if own:
            chains.append(own)
    if not chains:
        return [], -1
    dirs = [unit(pos[c[-1]] - pos[hand]) for c in chains]
    thumb = -1
    if len(chains) < 3:  # one or two chains: which fingers they are is left to the names
        return [], -1
    if len(chains) >= 3:
        dev = []
        for k in range(len(chains)):
            others = unit(sum(d for j, d in enumerate(dirs) if j != k))
            dev.append(math.degrees(math.acos(max(-1.0, min(1.0, float(dirs[k] @ others))))))
        reach = sorted((float(np.linalg.norm(pos[c[-1]] - pos[hand])), j) for j, c in enumerate(chains))
        if reach[0][0] < 0.85 * reach[1][0]:  # the thumb tip is the one nearest the wrist
            dev[reach[0][1]] += 10.0
        lens = [len(c) for c in chains]
        for j in range(len(chains)):  # with metacarpals the thumb is the one chain a bone shorter
            if all(lens[j] < lens[o] for o in range(len(chains)) if o != j):
                dev[j] += 15.0
        k = int(np.argmax(dev))
        second = max((d for j, d in enumerate(dev) if j != k), default=0.0)
        if dev[k] > 20 and dev[k] - second >= 8:  # the thumb stands apart; without one, nobody does
            thumb = k
    return chains, thumb


def fingers(geo: Geo, out: RoleOut, hand: int, side: str) -> None:
    pos = geo.pos
    chains, thumb = finger_chains(geo, hand)
    if not chains:
        return
    knuckle = [pos[c[1]] if len(c) >= 4 else pos[c[0]] for c in chains]
    rest = [k for k in range(len(chains)) if k != thumb]
    if thumb >= 0 and rest:
        first = min(rest, key=lambda k: float(np.linalg.norm(knuckle[k] - pos[chains[thumb][0]])))
        far = max(rest, key=lambda k: float(np.linalg.norm(knuckle[k] - knuckle[first])))
        axis = knuckle[far] - knuckle[first]
        rest.sort(key=lambda k: float((knuckle[k] - knuckle[first]) @ axis))
    names = list(FINGERS[1:]) if thumb >= 0 else list(FINGERS[1:])
    order = ([("thumb", thumb)] if thumb >= 0 else []) + list(zip(names, rest, strict=False))
    for fname, k in order:
        chain = chains[k]
        if not chain:
            continue
        q = len(chain)
        seg0 = 1
        if fname != "thumb" and q >= 2:
            d1 = np.linalg.norm(pos[chain[0]] - pos[hand])
            d2 = np.linalg.norm(pos[chain[1]] - pos[hand])
            if d1 < 0.5 * d2 and q >= 4:
                seg0 = 0
        w = 0.85 if thumb >= 0 else 0.6
        for j, b in enumerate(chain):
            idx = seg0 + j
            if idx > 3:
                break
            out.set(b, Role(fname, side, float(idx)), w)
