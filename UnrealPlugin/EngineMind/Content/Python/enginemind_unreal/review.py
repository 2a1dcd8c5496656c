"""Mapping review: low-confidence bones are shown before any asset is created; the artist accepts, changes
or clears each one; the corrections go back to the backend (SubmitMappingFeedback) and into a JSON file
saved next to the assets."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from enginemind_unreal.chains import apply_edits
from enginemind_unreal.errors import InvalidInput

REVIEW_VERSION = 1


@dataclass
class Row:
    """One source bone in the review."""

    source: str
    suggested: str | None
    confidence: float
    chosen: str | None = None
    status: str = "pending"
    """pending | accepted | changed | cleared"""

    @property
    def final(self) -> str | None:
        return self.suggested if self.status in ("pending", "accepted") else self.chosen


@dataclass
class ReviewModel:
    """Review state of one mapping result."""

    result: dict[str, Any]
    threshold: float = 0.6
    target_bones: list[str] = field(default_factory=list)
    """Valid target bone names (empty: not checked)."""
    rows: dict[str, Row] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise InvalidInput(f"confidence threshold must be within 0..1, got {self.threshold}")
        if not self.rows:
            conf = self.result.get("confidence") or {}
            for src, tgt in (self.result.get("mapping") or {}).items():
                self.rows[src] = Row(src, tgt, float(conf.get(src, 0.0)))

    # ---- queries -------------------------------------------------------------------------------------------
    def low_confidence(self) -> list[Row]:
        """Rows below the threshold that map to something, plus unmapped rows, least confident first."""
        rows = [r for r in self.rows.values() if r.confidence < self.threshold]
        return sorted(rows, key=lambda r: (r.confidence, r.source))

    def needs_review(self) -> bool:
        return any(r.status == "pending" for r in self.low_confidence())

    def final_mapping(self) -> dict[str, str | None]:
        return {src: r.final for src, r in self.rows.items()}

    def edits(self) -> dict[str, str | None]:
        return {src: r.chosen for src, r in self.rows.items() if r.status in ("changed", "cleared")}

    # ---- actions -------------------------------------------------------------------------------------------
    def _row(self, source: str) -> Row:
        try:
            return self.rows[source]
        except KeyError:
            raise InvalidInput(f"'{source}' is not a bone of the reviewed skeleton") from None

    def accept(self, source: str) -> None:
        row = self._row(source)
        row.status, row.chosen = "accepted", row.suggested

    def accept_all(self, rows: Iterable[Row] | None = None) -> None:
        for row in list(rows if rows is not None else self.rows.values()):
            if row.status == "pending":
                self.accept(row.source)

    def change(self, source: str, target: str) -> None:
        row = self._row(source)
        if not target:
            return self.clear(source)
        if self.target_bones and target not in self.target_bones:
            raise InvalidInput(f"'{target}' is not a bone of the target skeleton; pick one from the list")
        for other in self.rows.values():
            if other.source != source and other.final == target:
                raise InvalidInput(
                    f"'{target}' is already mapped from '{other.source}'; clear that mapping first"
                )
        if target == row.suggested:
            row.status, row.chosen = "accepted", target
        else:
            row.status, row.chosen = "changed", target

    def clear(self, source: str) -> None:
        row = self._row(source)
        row.status, row.chosen = "cleared", None

    def apply_saved(self, rows: list[dict[str, Any]]) -> list[str]:
        """Apply a saved review's edits all at once (so swaps work); returns warnings for edits dropped because
        of unknown bones or a target used twice in the end result."""
        warnings: list[str] = []
        touched: list[str] = []
        for saved in rows:
            source, status, chosen = saved.get("source"), saved.get("status"), saved.get("chosen")
            if source not in self.rows or status not in ("accepted", "changed", "cleared"):
                continue
            if status == "changed" and self.target_bones and chosen not in self.target_bones:
                warnings.append(f"{source}: '{chosen}' is not a bone of the target; edit ignored")
                continue
            row = self.rows[source]
            row.status = status
            row.chosen = row.suggested if status == "accepted" else (chosen if status == "changed" else None)
            touched.append(source)
        users: dict[str, list[str]] = {}
        for r in self.rows.values():
            if r.final:
                users.setdefault(r.final, []).append(r.source)
        for target, sources in users.items():
            if len(sources) > 1:
                for source in sources:
                    if source in touched:
                        self.rows[source].status, self.rows[source].chosen = "pending", None
                        warnings.append(f"{source}: '{target}' is mapped from {sources}; edit ignored")
        return warnings

    # ---- results -------------------------------------------------------------------------------------------
    def reviewed_result(self) -> dict[str, Any]:
        """The mapping result with the edits applied (chains, root and goals follow the edited bones)."""
        return apply_edits(self.result, self.edits())

    def feedback(self) -> list[dict[str, Any]]:
        """Corrections for SubmitMappingFeedback: ``{source_bone, predicted, corrected, confidence}``."""
        out = []
        for r in self.rows.values():
            if r.status in ("changed", "cleared", "accepted") and (r.status != "accepted" or
                                                                   r.confidence < self.threshold):
                out.append({"source_bone": r.source, "predicted": r.suggested, "corrected": r.final,
                            "confidence": r.confidence, "accepted": r.status == "accepted"})
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"version": REVIEW_VERSION, "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "target": self.result.get("target"), "threshold": self.threshold,
                "rows": [asdict(r) for r in self.rows.values()], "result": self.reviewed_result()}

    def save(self, path: Path) -> Path:
        """Write the review JSON (atomically) and return its path."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.to_dict(), indent=2, sort_keys=False), encoding="utf-8")
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, path: Path) -> ReviewModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = {r["source"]: Row(**r) for r in data["rows"]}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"cannot read the mapping review {path}: {exc}") from None
        result = dict(data.get("result") or {})
        result["mapping"] = {s: r.suggested for s, r in rows.items()}
        return cls(result, float(data.get("threshold", 0.6)), rows=rows)
