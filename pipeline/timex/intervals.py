"""TIMEX3 value (+ mod) -> calendar interval [first_day, last_day] and precision.

Pure date arithmetic; no language knowledge. Unresolvable values (PRESENT_REF, XXXX-..., P3D,
centuries) give (None, None, None).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(-WE)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")

# Meteorological seasons: (first month, number of months); winter runs into the next year.
SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _months_span(year: int, month: int, count: int) -> tuple[dt.date, dt.date]:
    ey, em = add_months(year, month, count - 1)
    return dt.date(year, month, 1), month_end(ey, em)


def _split(first: dt.date, last: dt.date, mod: str | None) -> tuple[dt.date, dt.date]:
    """START/MID/END: the first, middle or last third of a span (a month: 1-10, 11-20, 21-end)."""
    if mod not in ("START", "MID", "END"):
        return first, last
    days = (last - first).days + 1
    if first.day == 1 and last == month_end(first.year, first.month) and first.month == last.month:
        cuts = (10, 20)
    else:
        cuts = (days // 3, 2 * days // 3)
    if mod == "START":
        return first, first + dt.timedelta(days=cuts[0] - 1)
    if mod == "MID":
        return first + dt.timedelta(days=cuts[0]), first + dt.timedelta(days=cuts[1] - 1)
    return first + dt.timedelta(days=cuts[1]), last


def iso_week_value(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


@lru_cache(maxsize=8192)   # the same values come again and again (every "Montag" of a long live blog)
def interval(value: str, mod: str | None = None) -> tuple[dt.date | None, dt.date | None, str | None]:
    try:
        return _interval(value.strip(), mod)
    except (ValueError, OverflowError):  # 31 February, or beyond year 9999
        return None, None, None


def _interval(v: str, mod: str | None):
    if m := _DAY.match(v):
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, "day"
    if m := _MONTH.match(v):
        f, l = _split(*_months_span(int(m[1]), int(m[2]), 1), mod)
        return f, l, "month"
    if m := _WEEK.match(v):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week"
        f, l = _split(monday, monday + dt.timedelta(days=6), mod)
        return f, l, "week"
    if m := _QUARTER.match(v):
        f, l = _split(*_months_span(int(m[1]), 3 * int(m[2]) - 2, 3), mod)
        return f, l, "quarter"
    if m := _HALF.match(v):
        f, l = _split(*_months_span(int(m[1]), 6 * int(m[2]) - 5, 6), mod)
        return f, l, "half"
    if m := _SEASON.match(v):
        f, l = _split(*_months_span(int(m[1]), SEASON_MONTHS[m[2]], 3), mod)
        return f, l, "season"
    if m := _YEAR.match(v):
        f, l = _split(dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31), mod)
        return f, l, "year"
    if m := _DECADE.match(v):
        y = int(m[1]) * 10
        f, l = _split(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), mod)
        return f, l, "decade"
    return None, None, None


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)
