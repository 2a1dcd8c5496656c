"""One-to-one assignment of maximum total weight (the global step of every bone matcher).

Uses ``lap`` (Jonker-Volgenant, LAPJV) rather than ``scipy.optimize.linear_sum_assignment``: the answer is the
same optimum, but importing ``scipy.optimize`` alone takes ~0.4 s on an idle 2-core CPU, which every
``enginemind map`` call would pay for 2 ms of matching (docs/benchmarks.md, start-up).
"""

from __future__ import annotations

import numpy as np


def max_weight_assignment(weights: np.ndarray) -> list[tuple[int, int]]:
    """``(row, col)`` pairs of a one-to-one assignment maximising the summed ``weights`` (rows x cols, any shape).

    Every row gets a column when there are at least as many columns, and vice versa; callers drop pairs whose
    weight is not positive.
    """
    import lap

    w = np.asarray(weights, dtype=np.float64)
    if w.size == 0:
        return []
    cost = w.max() - w  # lapjv minimises; a constant shift keeps the optimum and makes every cost >= 0
    _, row_to_col, _ = lap.lapjv(cost, extend_cost=w.shape[0] != w.shape[1])
    return [(r, int(c)) for r, c in enumerate(row_to_col) if c >= 0]
