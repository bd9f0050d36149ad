"""The recognizer: candidates -> TIMEX3 attributes -> intervals -> ranges.

Ranges: the gold standard (KRAUTS, TimeML) marks each end of "vom 10. bis 12. März" as its own
TIMEX3, so recognize() returns one Timex per member; members share `group` and carry the whole
range interval in range_first_day/range_last_day, which is what the event table should use.
"seit <date>" is a range from that date to the publication date.
"""
from __future__ import annotations

import datetime as dt
import re
import time

from .build import KINDS, Context, Spec
from .intervals import interval
from .model import Timex
from .patterns import compiled, find_candidates
from .resources import load_lexicon

_EVENTLESS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def _to_timex(text: str, sp: Spec) -> Timex:
    first = last = precision = None
    if sp.type in ("DATE", "TIME") and sp.value not in _EVENTLESS:
        first, last, precision = interval(sp.value, sp.mod)
    off_first = off_last = None
    if sp.offset_value:
        off_first, off_last, _ = interval(sp.offset_value)
    return Timex(sp.start, sp.end, text[sp.start:sp.end], sp.type, sp.value, sp.mod, first, last,
                 precision, sp.inferred and first is not None, offset_value=sp.offset_value,
                 offset_first_day=off_first, offset_last_day=off_last, runs_into=sp.runs_into, named=sp.named)


def _align_year(left: Timex, left_abs: bool, right: Timex, right_abs: bool) -> Timex:
    """The start of a range written without its year takes the year of the end ("vom 28. Februar
    bis 2. März 2023"), stepping back a year if it would otherwise lie after the end."""
    if left_abs or not right_abs or len(left.value) < 7 or not left.value[:4].isdigit():
        return left
    if not (left.value[4] == "-" and left.value[5:7].isdigit()):
        return left
    for year in (right.first_day.year, right.first_day.year - 1):
        value = f"{year:04d}{left.value[4:]}"
        first, last, precision = interval(value, left.mod)
        if first is not None and first <= right.first_day:
            return _replace(left, value=value, first_day=first, last_day=last, precision=precision)
    return left


_YEARED = re.compile(r"^(?:\d{4}|XXXX)(?=-|$)")


def _share_years(text: str, out: list[Timex], absolute: list[bool], helpers: dict) -> list[Timex]:
    """"im Juni und Juli 1944": a date without its year, coordinated with one that has it, takes that year."""
    res = list(out)
    for i in range(len(res) - 1, 0, -1):
        a, b = res[i - 1], res[i]
        if absolute[i - 1] or not absolute[i] or a.type != "DATE" or not b.value[:4].isdigit():
            continue
        if not _YEARED.match(a.value) or not helpers["coordination_between"].match(text[a.end:b.start]):
            continue
        value = b.value[:4] + a.value[4:]
        first, last, precision = interval(value, a.mod)
        if first is not None and b.first_day is not None and first <= b.last_day:
            res[i - 1] = _replace(a, value=value, first_day=first, last_day=last, precision=precision)
            absolute[i - 1] = True
    return res


def _link_ranges(text: str, out: list[Timex], absolute: list[bool], helpers: dict,
                 dct: dt.date | None) -> list[Timex]:
    between = helpers["range_between"]
    paired = helpers["range_between_paired"]
    opener = helpers["range_open"]
    since = helpers["since_before"]
    res = list(out)
    i = 0
    while i < len(res):
        a = res[i]
        if not a.is_event_date:
            i += 1
            continue
        # Collect a chain a, b, c ... joined by range connectors.
        j = i
        while j + 1 < len(res) and res[j + 1].is_event_date and res[j].type == res[j + 1].type:
            gap = text[res[j].end:res[j + 1].start]
            if between.match(gap) or (paired.match(gap) and opener.search(text[max(0, a.start - 20):a.start])) \
                    or _consecutive(res[j], res[j + 1], gap, text[max(0, a.start - 20):a.start], helpers):
                j += 1
            else:
                break
        if j > i:
            for k in range(j - 1, i - 1, -1):
                res[k] = _align_year(res[k], absolute[k], res[k + 1], absolute[k + 1] or absolute[j])
            first = min(t.first_day for t in res[i:j + 1])
            last = max(t.last_day for t in res[i:j + 1])
            for k in range(i, j + 1):
                res[k] = _replace(res[k], group=a.start, range_first_day=first, range_last_day=last)
            i = j + 1
            continue
        if dct and since.search(text[max(0, a.start - 10):a.start]) and a.first_day <= dct:
            res[i] = _replace(a, group=a.start, range_first_day=a.first_day, range_last_day=dct)
        i += 1
    return res


def _consecutive(a: Timex, b: Timex, gap: str, before: str, helpers: dict) -> bool:
    """'am 23. und 24. Juni': two days in a row under one preposition."""
    return (a.precision == b.precision == "day" and a.last_day is not None and b.first_day is not None
            and (b.first_day - a.last_day).days == 1 and bool(helpers["range_between_consecutive"].match(gap))
            and bool(helpers["range_open_consecutive"].search(before)))


def _replace(tx: Timex, **kw) -> Timex:
    from dataclasses import replace
    return replace(tx, **kw)


def recognize(text: str, dct: dt.date | None = None, lang: str = "de", deadline: float | None = None) -> list[Timex]:
    """All time expressions in text, sorted by start, non-overlapping (see package docstring).
    deadline: a time.monotonic() value; past it TimeoutError is raised (a caller's time budget per text)."""
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    lx = load_lexicon(lang)
    cr = compiled(lang)
    ctx = Context(text, dct, lx, lang)
    ctx.notes["helpers"] = cr.helpers
    pairs: list[tuple[Timex, bool]] = []
    for k, cand in enumerate(find_candidates(text, lang)):
        if deadline is not None and k % 256 == 0 and time.monotonic() > deadline:
            raise TimeoutError("time budget of the text exceeded")
        try:
            specs = KINDS[cand.rule.kind](cand.match, ctx, (cand.start, cand.end))
        except (ValueError, OverflowError):
            # Calendar arithmetic out of range ("vor 35450 Jahren", "31. Februar"): no date here.
            continue
        for sp in specs:
            tx = _to_timex(text, sp)
            pairs.append((tx, sp.absolute))
            if sp.anchors:
                ctx.time.advance(tx.start, tx.end, tx.first_day, tx.precision, sp.absolute, sp.inferred,
                                 tx.runs_into)
    pairs.sort(key=lambda p: p[0].start)
    absolute = [p[1] for p in pairs]
    shared = _share_years(text, [p[0] for p in pairs], absolute, cr.helpers)
    return _link_ranges(text, shared, absolute, cr.helpers, dct)
