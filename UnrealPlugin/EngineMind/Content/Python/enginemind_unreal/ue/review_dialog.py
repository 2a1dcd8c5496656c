"""In-editor mapping review: a modal details view listing the low-confidence bones with an editable target.

Uses the pattern public editor scripts rely on: a Python ``@unreal.uclass`` with ``uproperty`` fields shown by
``EditorDialog.show_object_details_view`` (OK returns True and the object holds the edits). An empty target
clears the mapping; anything else must be a bone of the target skeleton.
"""

from __future__ import annotations

from typing import Any

import unreal

from enginemind_unreal.review import ReviewModel, Row


@unreal.ustruct()
class EngineMindBoneChoice(unreal.StructBase):
    """One low-confidence source bone."""

    source_bone = unreal.uproperty(str, meta={"DisplayName": "Source bone"})
    target_bone = unreal.uproperty(str, meta={"DisplayName": "Target bone (empty = no counterpart)"})
    confidence = unreal.uproperty(float, meta={"DisplayName": "Confidence"})


@unreal.uclass()
class EngineMindMappingReview(unreal.Object):
    """What the details view shows."""

    bones = unreal.uproperty(unreal.Array(EngineMindBoneChoice), meta={"DisplayName": "Low-confidence bones"})


def edit_rows(review: ReviewModel, rows: list[Row]) -> tuple[bool, list[str]]:
    """Show ``rows`` for editing; returns ``(ok, warnings)``. OK applies the edits (unchanged rows: accepted)."""
    obj = unreal.new_object(EngineMindMappingReview)
    items = []
    for row in rows:
        item = EngineMindBoneChoice()
        item.set_editor_property("source_bone", row.source)
        item.set_editor_property("target_bone", row.final or "")
        item.set_editor_property("confidence", round(float(row.confidence), 3))
        items.append(item)
    obj.set_editor_property("bones", items)
    options = unreal.EditorDialogLibraryObjectDetailsViewOptions(
        show_object_name=False, allow_search=True, allow_resizing=True, min_width=640, min_height=480)
    title = f"EngineMind: {len(rows)} bone(s) below {review.threshold:.0%} confidence; fix or press OK to accept"
    if not unreal.EditorDialog.show_object_details_view(title, obj, options):
        return False, []
    edited: list[dict[str, Any]] = []
    by_source = {row.source: row for row in rows}
    for item in obj.get_editor_property("bones"):
        source = str(item.get_editor_property("source_bone"))
        target = str(item.get_editor_property("target_bone")).strip()
        row = by_source.get(source)
        if row is None:
            continue  # a row the artist added or renamed: ignored
        if target == (row.suggested or ""):
            edited.append({"source": source, "status": "accepted"})
        elif not target:
            edited.append({"source": source, "status": "cleared"})
        else:
            edited.append({"source": source, "status": "changed", "chosen": target})
    return True, review.apply_saved(edited)
