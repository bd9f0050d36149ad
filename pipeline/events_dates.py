"""Time expressions of an article as the dates events can take (stage "time" of event extraction).

date_refs turns the recognizer's output into DateRef spans: ranges as one span, offsets ("vor zwei Wochen")
as the date they name, and a live-blog time stamp ("14.35 Uhr:") only where its entry names no date of its own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.timex import recognize
from pipeline.timex.intervals import interval


@dataclass(frozen=True)
class DateRef:
    start: int
    end: int
    first: dt.date
    last: dt.date
    precision: str
    timex: str
    carried: bool = False   # the date of the sentence before, lent to one that names none


def date_refs(text: str, dct: dt.date | None) -> list[DateRef]:
    """Resolved dates of the text: ranges as one span, offsets ("vor zwei Wochen") as the date they name."""
    refs: list[DateRef] = []
    groups: dict[int, list] = {}
    found = recognize(text, dct)
    stamps = [tx.start for tx in found if _entry_stamp(text, tx.start, tx.end)]
    for tx in found:
        if tx.start in stamps and _entry_has_date(found, stamps, tx.start):
            continue  # "14.35 Uhr: ... am Freitag unterzeichnet": the entry's own date dates its event
        if tx.group is not None and tx.range_first_day is not None:
            groups.setdefault(tx.group, []).append(tx)
        elif tx.is_event_date:
            refs.append(DateRef(tx.start, tx.end, tx.first_day, tx.last_day, tx.precision or "day",
                                f"{tx.value} {tx.mod}" if tx.mod else tx.value))
        elif tx.offset_first_day is not None and tx.offset_value:
            first, last, precision = interval(tx.offset_value)
            if first is not None:
                refs.append(DateRef(tx.start, tx.end, tx.offset_first_day, tx.offset_last_day or last,
                                    precision or "day", tx.offset_value))
    for members in groups.values():
        a, b = members[0], members[-1]
        refs.append(DateRef(a.start, b.end, a.range_first_day, a.range_last_day, "range",
                            f"{a.range_first_day.isoformat()}/{a.range_last_day.isoformat()}"))
    return sorted(refs, key=lambda r: r.start)


def _entry_stamp(text: str, start: int, end: int) -> bool:
    """A clock time opening a line and followed by a colon ("14.35 Uhr: ...") stamps a live-blog entry."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and text[end:end + 3].lstrip(" ").startswith(":")


def _entry_has_date(found, stamps: list[int], start: int) -> bool:
    """Whether the live-blog entry opened at start (up to the next stamp) names a date of its own; if not,
    the stamp (the day of writing) dates what the entry reports."""
    end = min((s for s in stamps if s > start), default=float("inf"))
    return any(start < tx.start < end and tx.start not in stamps
               and (tx.is_event_date or tx.offset_first_day is not None) for tx in found)
