"""The held-out record of bone mapping on real third-party rigs as a picture (docs/img/bonemap_heldout.png).

Each batch of public rigs was labelled before any engine ran on it, scored once with the code of the time (the
held-out figure), then tuned on (the "after its fixes" figure). The figures are the ones recorded in
docs/benchmarks.md (sections "Real rigs, batch N"); the batches' source files are not in the repository
(licences), so this script plots the record rather than re-scoring it.

    python tools/bench/bonemap_heldout.py --out docs/img/bonemap_heldout.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

# batch: (commit it was scored on, held-out accuracy %, rigs without error / rigs, accuracy after its fixes %)
RECORD: dict[int, tuple[str, float, str, float]] = {
    7: ("a5f1ca4", 77.8, "0/5", 96.3),
    8: ("a253445", 89.0, "4/9", 98.9),
    9: ("0803522", 91.3, "0/1", 100.0),
    10: ("773ac6e", 81.7, "1/7", 99.1),
    11: ("b04ac58", 78.4, "1/8", 93.8),
    12: ("acf7b3b", 89.0, "3/5", 100.0),
    13: ("3210cfe", 80.6, "3/10", 94.5),
    14: ("ccc516d", 73.1, "0/7", 87.6),
    15: ("2177253", 92.1, "4/9", 98.7),
    16: ("7d0a074", 100.0, "5/6", 100.0),
    17: ("30aeab9", 98.2, "4/5", 100.0),
    18: ("30aeab9", 95.0, "5/8", 99.4),
    19: ("e02cc27", 85.3, "2/9", 92.0),
    20: ("cf42eff", 69.5, "3/6", 96.3),
    21: ("cf42eff", 85.7, "3/5", 86.5),
    22: ("f8d9ffd", 78.5, "1/9", 89.5),
    23: ("acbc905", 89.3, "2/6", 91.7),
    24: ("e61956b", 91.6, "2/5", 98.9),
    25: ("acbc905", 83.7, "2/6", 94.3),
    26: ("acbc905", 84.2, "4/7", 86.7),
    27: ("4bea878", 75.5, "1/6", 77.5),
    28: ("e0f2709", 99.3, "4/5", 99.3),
    29: ("64beab2", 62.3, "0/7", 64.0),
    30: ("c121a52", 87.0, "3/5", 93.2),
    31: ("c121a52", 72.5, "3/8", 89.2),
    32: ("c121a52", 97.3, "4/5", 100.0),
    33: ("94a81fd", 50.0, "0/4", 50.0),
    34: ("94a81fd", 26.8, "1/8", 63.4),
    35: ("94a81fd", 79.4, "1/4", 90.9),
    36: ("4e95cba", 34.1, "0/5", 34.1),
    37: ("4e95cba", 43.3, "0/9", 78.4),
    38: ("f426c59", 88.2, "1/4", 88.2),
    39: ("090ac37", 86.0, "2/6", 86.0),
    40: ("4e95cba", 82.1, "4/6", 100.0),
    41: ("f196311", 83.9, "1/5", 83.9),
    42: ("3df09e5", 70.5, "1/3", 70.5),
    43: ("b88d42a", 94.2, "4/7", 96.9),
    44: ("b88d42a", 85.7, "5/7", 100.0),
    45: ("2c942e2", 78.9, "1/5", 96.7),
    46: ("3d9805f", 94.2, "3/6", 95.7),
    47: ("3d9805f", 94.8, "4/8", 100.0),
    48: ("136d563", 81.5, "0/3", 88.2),
    49: ("83a55d1", 98.1, "6/7", 100.0),
    50: ("136d563", 100.0, "7/7", 100.0),
    51: ("fd33bcc", 80.3, "2/6", 82.3),
    52: ("ab7f776", 61.9, "1/7", 61.9),
    53: ("ab7f776", 92.9, "2/8", 94.4),
    54: ("ab7f776", 65.9, "3/8", 73.0),
    55: ("ed64924", 94.5, "3/5", 94.5),
    56: ("18dd762", 97.9, "4/5", 97.9),
    57: ("b1bf616", 96.0, "4/7", 98.3),
    58: ("e5d054b", 95.3, "0/5", 98.3),
    59: ("ddaa9a9", 39.6, "0/3", 52.1),
    60: ("b1bf616", 67.4, "0/7", 74.9),
    61: ("b1bf616", 98.9, "5/7", 98.9),
    62: ("b1bf616", 97.1, "4/7", 98.6),
    63: ("a32ce5e", 87.6, "2/6", 88.2),
    64: ("a32ce5e", 79.9, "1/5", 79.9),
    65: ("a32ce5e", 80.3, "4/9", 80.3),
    66: ("7278bd6", 86.3, "4/6", 93.9),
    67: ("e63d967", 98.4, "6/8", 98.4),
    68: ("29a5f33", 97.6, "5/7", 97.6),
    69: ("a213cc0", 100.0, "2/3", 100.0),
    70: ("e63d967", 63.5, "2/3", 100.0),
    71: ("2374e2c", 100.0, "5/5", 100.0),
    72: ("2374e2c", 97.7, "4/6", 100.0),
    73: ("2374e2c", 97.1, "2/6", 97.1),
    74: ("2374e2c", 88.0, "3/5", 99.0),
    75: ("2374e2c", 100.0, "4/4", 100.0),
    76: ("1ef04ad", 69.7, "1/2", 69.7),
    77: ("1ef04ad", 100.0, "6/6", 100.0),
    78: ("1ef04ad", 98.6, "3/6", 99.7),
    79: ("1ef04ad", 87.0, "1/5", 91.2),
    80: ("becd56f", 100.0, "4/4", 100.0),
    81: ("750d202", 84.1, "3/6", 88.4),
    82: ("becd56f", 68.6, "2/4", 68.6),
    83: ("750d202", 99.0, "5/6", 100.0),
    84: ("750d202", 91.6, "3/6", 92.8),
    85: ("e066c4f", 96.6, "3/5", 96.6),
    86: ("53ebe4a", 100.0, "5/5", 100.0),
    87: ("d7fbe03", 95.6, "3/5", 97.2),
    88: ("d7fbe03", 69.9, "1/6", 94.0),
    89: ("f8f48da", 94.2, "4/6", 98.6),
    90: ("f8f48da", 100.0, "3/3", 100.0),
    91: ("f8f48da", 98.7, "4/6", 98.7),
    92: ("f8f48da", 45.5, "1/3", 93.5),
    93: ("f8f48da", 98.1, "5/6", 100.0),
    94: ("366c2a6", 92.4, "2/5", 99.5),
    95: ("234b645", 89.8, "1/5", 93.5),
    96: ("234b645", 65.2, "1/6", 72.3),
    97: ("5ed7b3c", 91.9, "2/5", 82.8),
    98: ("234b645", 100.0, "5/6", 100.0),
    99: ("234b645", 100.0, "4/5", 100.0),
    100: ("4b672dd", 58.5, "1/3", 58.5),
    101: ("029a274", 100.0, "1/1", 100.0),
    102: ("029a274", 82.9, "1/2", 82.9),
    104: ("029a274", 100.0, "3/3", 100.0),
    105: ("12fc2c2", 89.2, "0/2", 89.2),
    106: ("bd77e7e", 81.8, "3/5", 87.3),
    107: ("72e330f", 93.0, "2/4", 99.5),
    108: ("72e330f", 84.6, "2/5", 93.6),
    109: ("ab38343", 96.2, "0/1", 96.2),
    110: ("2c3abe8", 96.9, "3/4", 96.9),
    111: ("2c3abe8", 100.0, "3/4", 100.0),
    112: ("2c3abe8", 91.0, "4/6", 92.5),
    113: ("ce6b5e3", 100.0, "3/3", 100.0),
    114: ("ce6b5e3", 97.0, "1/3", 97.0),
    115: ("64e9373", 67.4, "1/3", 67.4),
    116: ("64e9373", 99.3, "5/6", 99.3),
    117: ("ce6b5e3", 90.2, "4/7", 90.2),
    118: ("ce6b5e3", 77.2, "0/4", 73.7),
    119: ("11e0120", 91.9, "0/1", 91.9),
    120: ("11e0120", 88.7, "4/6", 99.0),
    121: ("11e0120", 96.2, "5/6", 100.0),
    122: ("11e0120", 94.7, "2/5", 94.7),
    123: ("c525827", 91.5, "2/6", 96.2),
    124: ("c525827", 100.0, "2/3", 100.0),
    125: ("c525827", 98.3, "3/4", 99.1),
    126: ("7ecdd36", 92.9, "0/2", 92.9),
    127: ("c525827", 96.5, "1/2", 96.5),
    128: ("7ecdd36", 86.7, "4/6", 86.7),
    129: ("20c88ec", 100.0, "2/2", 100.0),
    130: ("20c88ec", 87.2, "3/6", 87.2),
    131: ("d0db7ae", 99.3, "4/5", 99.3),
    132: ("ae6a514", 54.8, "1/4", 74.2),
    133: ("d0db7ae", 91.0, "1/6", 95.5),
    134: ("a7d976f", 100.0, "4/4", 100.0),
    135: ("a7d976f", 100.0, "5/5", 100.0),
    136: ("a7d976f", 98.6, "4/5", 100.0),
    137: ("e251978", 96.9, "2/5", 96.9),
    138: ("7024541", 97.2, "4/5", 98.3),
    139: ("7024541", 96.6, "3/5", 100.0),
    140: ("7024541", 97.2, "4/6", 97.2),
    141: ("7024541", 73.0, "1/2", 73.0),
    142: ("7024541", 87.2, "2/6", 98.0),
    143: ("7024541", 73.4, "2/4", 90.7),
    144: ("4065fb1", 97.6, "4/5", 97.6),
    145: ("4065fb1", 91.3, "2/4", 100.0),
    146: ("d253921", 100.0, "2/2", 100.0),
    147: ("d253921", 99.2, "3/4", 99.2),
    148: ("d253921", 98.0, "4/5", 98.0),
    149: ("4065fb1", 97.0, "3/6", 97.0),
    150: ("8a0f03a", 100.0, "6/7", 100.0),
    151: ("8a0f03a", 100.0, "4/5", 100.0),
    152: ("8a0f03a", 89.2, "1/6", 94.0),
    153: ("3599cf7", 100.0, "3/3", 100.0),
    154: ("18e4fc5", 99.3, "3/4", 99.3),
    155: ("8a0f03a", 100.0, "4/4", 100.0),
    156: ("875744b", 99.4, "2/3", 99.4),
    157: ("d338fc9", 96.7, "3/5", 98.0),
    158: ("4a23410", 98.5, "4/5", 98.5),
    159: ("d338fc9", 95.9, "1/3", 95.9),
    160: ("875744b", 87.9, "2/4", 87.9),
}
GOAL = 99.0
PER_ROW = 40


def plot(out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    batches = sorted(RECORD)
    rows = [batches[i:i + PER_ROW] for i in range(0, len(batches), PER_ROW)]  # one long row would be unreadable
    fig, axes = plt.subplots(len(rows), 1, figsize=(18, 3.4 * len(rows) + 0.8), dpi=100, squeeze=False)
    for ax, row in zip(axes[:, 0], rows, strict=True):
        x = range(len(row))
        ax.bar([i - 0.2 for i in x], [RECORD[b][1] for b in row], 0.4, color="#d0533f",
               label="held out (first score, code of the time)")
        ax.bar([i + 0.2 for i in x], [RECORD[b][3] for b in row], 0.4, color="#9bb7d4",
               label="end of the latest session (tuned on it where its classes were fixed)")
        ax.axhline(GOAL, color="k", ls="--", lw=1)
        ax.text(-0.5, GOAL + 0.4, f"goal {GOAL:.0f} %", ha="left", va="bottom", fontsize=8)
        for i, b in enumerate(row):
            h = RECORD[b][1]
            ax.text(i - 0.2, h + 0.5, f"{h:.0f}", ha="center", va="bottom", fontsize=7,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})
        ax.set_xticks(list(x), [f"{b}\n{RECORD[b][0]}\n{RECORD[b][2]}" for b in row], fontsize=6.5)
        ax.set_xlim(-0.7, PER_ROW - 0.3)
        ax.set_ylim(20, 104)
        ax.set_ylabel("bones right (%)", fontsize=8)
    axes[-1, 0].set_xlabel("batch / code it was scored on / rigs error-free held out", fontsize=8)
    axes[0, 0].set_title("Bone mapping on real rigs of conventions never seen before (matcher, target UE5 Manny)",
                         fontsize=10)
    axes[-1, 0].legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=2, fontsize=8, frameon=False)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/bonemap_heldout.png")
    args = ap.parse_args()
    plot(Path(args.out))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
