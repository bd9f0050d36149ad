"""The recognizer's output: one time expression found in a text."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Timex:
    start: int                    # character offsets into the text given to the recognizer
    end: int
    text: str                     # text[start:end]
    type: str                     # TIMEX3 type: DATE, TIME, DURATION, SET
    value: str                    # TIMEX3 value: 2022-10-21, 2022-11, 2022-W41, PRESENT_REF, P3D, ...
    mod: str | None = None        # START, MID, END, APPROX, BEFORE, AFTER, ...
    first_day: dt.date | None = None   # resolved calendar interval (DATE/TIME only), None if unresolved
    last_day: dt.date | None = None
    precision: str | None = None  # day, week, month, quarter, season, half, year, decade, range
    inferred: bool = False        # anchored to an earlier date in the text, not to the publication date
    # Ranges and enumerations: members of "vom 10. bis 12. März" / "zwischen Mai und Juli" /
    # "seit 2008" share group (the start offset of the first member) and carry the interval of
    # the whole range in range_first_day..range_last_day ("seit" runs to the publication date).
    group: int | None = None
    range_first_day: dt.date | None = None
    range_last_day: dt.date | None = None
    # A DURATION used as an offset from the publication date ("vor zwei Wochen"): the date it
    # points to, as TIMEX3 value and interval. The expression itself stays a DURATION.
    offset_value: str | None = None
    offset_first_day: dt.date | None = None
    offset_last_day: dt.date | None = None
    # "in der Nacht zum Samstag": the TIME value is the evening before; this is the day it runs into
    runs_into: dt.date | None = None
    # A day known by its name ("Kriegsbeginn"): background knowledge in a report, not the date of what it reports
    named: bool = False

    @property
    def is_event_date(self) -> bool:
        """True when the expression can date an event (a resolved DATE or TIME, not PRESENT_REF)."""
        return self.type in ("DATE", "TIME") and self.first_day is not None
