"""Rules shared by every source format for the rows of one source."""

from __future__ import annotations

from dataclasses import replace

from chainkg.loaders.model import DistrictRow, LoadEvent


def merge_duplicate_rows(rows: list[DistrictRow], events: list[LoadEvent]) -> list[DistrictRow]:
    """Merge rows naming the same district within one source (union of parks and directions,
    first type wins) and report each merge as a ``duplicate-row`` event.

    Decision: a duplicated row is merged with a warning rather than refused, because tables kept by
    hand often list a district twice when it gains a park; a conflicting type is reported too.
    """
    merged: dict[str, DistrictRow] = {}
    for row in rows:
        first = merged.get(row.district)
        if first is None:
            merged[row.district] = row
            continue
        note = f"{row.district} listed again (row {row.seq}); merged into row {first.seq}"
        if row.type != first.type:
            note += f"; type {row.type} ignored, keeping {first.type}"
        events.append(LoadEvent(row.source, row.line, "duplicate-row", note))
        parks = first.parks + tuple(p for p in row.parks if p.full_name not in {q.full_name for q in first.parks})
        directions = first.directions + tuple(
            d for d in row.directions if d.name not in {e.name for e in first.directions})
        merged[row.district] = replace(first, parks=parks, directions=directions)
    return list(merged.values())
