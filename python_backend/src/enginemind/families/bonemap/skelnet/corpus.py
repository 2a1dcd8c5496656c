"""The training corpus of the skeleton model: featurised synthetic rigs with role classes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np

from enginemind.families.bonemap.corpus.synth import ALL_CONVENTIONS
from enginemind.families.bonemap.corpus.synth_names import make_sample
from enginemind.families.bonemap.skelnet.features import Features, featurize, role_class

Example = tuple[Features, np.ndarray]


def build_corpus(conventions: list[str], modes: list[str], per_convention: int, seed: int,
                 progress: Callable[[int, int], None] | None = None) -> tuple[list[Example], str]:
    """(features, class per bone) for every convention x mode x rig, and a hash of the corpus recipe."""
    out: list[Example] = []
    jobs = [(c, m, seed * 10_000 + k) for c in conventions for m in modes for k in range(per_convention)]
    for n, (conv, mode, s) in enumerate(jobs):
        sk, _, roles = make_sample(conv, s, mode)
        out.append((featurize(sk), np.array([role_class(r) for r in roles], dtype=np.int64)))
        if progress and (n + 1) % 50 == 0:
            progress(n + 1, len(jobs))
    recipe = f"{sorted(conventions)}|{sorted(modes)}|{per_convention}|{seed}|{len(ALL_CONVENTIONS)}"
    return out, hashlib.sha256(recipe.encode()).hexdigest()[:16]


def collate(batch: list[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Concatenate trees: grams, numeric features, global parent indices (-1 for roots), labels."""
    grams, num, parent, labels = [], [], [], []
    offset = 0
    for f, y in batch:
        grams.append(f.grams)
        num.append(f.num)
        parent.append(np.where(f.parent >= 0, f.parent + offset, -1))
        labels.append(y)
        offset += len(y)
    return np.concatenate(grams), np.concatenate(num), np.concatenate(parent), np.concatenate(labels)
