"""Where a date without year or a relative expression lies: year inference, weekday resolution,
and the nearest tense cue for texts without a publication date (news use tense.py).

The cue words come from the language data (cues.yaml); here is only the arithmetic: the cue
nearest to the expression decides the direction (+1 ahead of the reference date, -1 behind it,
0 unknown), and the candidate nearest the reference date in that direction wins.
"""
from __future__ import annotations

import datetime as dt
import re

from .intervals import add_months
from .resources import Lexicon

_TOKEN = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?\n]\s")
FUTURE_HORIZON_DAYS = 240  # a planned day-month date lies at most this far ahead
NEUTRAL_PAST_DAYS = 270    # without cues a day-month date this far back is still the past one
PAST_HORIZON_DAYS = 330    # news: a past day-month lies less than this far back (else the one just ahead)
WRAP_FORWARD_DAYS = 150    # without DCT, a yearless date moves into the next year only this close ahead
WRAP_BACK_DAYS = 45        # ... and back into the year before only this close behind
WINDOW = 240  # characters either side searched for cues (bounded: keeps long texts linear)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - WINDOW)
    left = text[lo:start]
    cut = None
    for m in _SENTENCE_END.finditer(left):
        cut = m.end()
    s = lo + cut if cut is not None else lo
    m = _SENTENCE_END.search(text, end, min(len(text), end + WINDOW))
    e = m.start() + 1 if m else min(len(text), end + WINDOW)
    return s, e


def _is_participle(word: str, lx: Lexicon) -> bool:
    return (len(word) >= lx.participle_min_length and word.startswith(lx.participle_prefixes)
            and word.endswith(lx.participle_suffixes))


def tense(text: str, start: int, end: int, lx: Lexicon, max_future_tokens: int | None = None) -> int:
    """+1 future/planned, -1 past report, 0 unknown, from the cue nearest to text[start:end].

    max_future_tokens: a future cue further away than this many words does not count (used for
    weekdays, which news reports mostly use for the days just past).
    """
    direction, dist = tense_cue(text, start, end, lx)
    if direction > 0 and max_future_tokens is not None and dist > max_future_tokens:
        return 0
    return direction


def tense_cue(text: str, start: int, end: int, lx: Lexicon) -> tuple[int, int]:
    """(direction, distance in words) of the nearest tense cue; (0, 0) when none or tied."""
    s, e = _sentence_bounds(text, start, end)
    tokens = [(m.start() + s, m.group().lower()) for m in _TOKEN.finditer(text[s:e])]
    has_aux = any(w in lx.perfect_auxiliaries for _, w in tokens)
    best: tuple[int, int] | None = None  # (distance, direction)
    tied = False
    before = sum(1 for pos, _ in tokens if pos < start)
    for idx, (pos, word) in enumerate(tokens):
        if start <= pos < end:
            continue
        if word in lx.future_cues:
            d = +1
        elif word in lx.past_cues or (has_aux and _is_participle(word, lx)):
            d = -1
        else:
            continue
        dist = before - idx if pos < start else idx - before - _inside(tokens, start, end) + 1
        if best is None or dist < best[0]:
            best, tied = (dist, d), False
        elif dist == best[0] and d != best[1]:
            tied = True
    if best is None or tied:
        return 0, 0
    return best[1], best[0]


def _inside(tokens, start: int, end: int) -> int:
    return sum(1 for pos, _ in tokens if start <= pos < end)


def infer_day(month: int, day: int, ref: dt.date, direction: int, nearest: bool = False) -> dt.date | None:
    """The date with this month and day nearest to ref, ahead (+1), behind (-1) or either (0).

    nearest: without direction take the nearest candidate (news read by clause tense, where 0 means
    present tense or no signal) instead of preferring the past months.
    """
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            cands.append(dt.date(y, month, day))
        except ValueError:  # 29 February
            continue
    if not cands:
        return None
    if direction > 0:
        # Plans are announced months ahead, not a year: a date just past is then the reading.
        ahead = [c for c in cands if ref <= c <= ref + dt.timedelta(days=FUTURE_HORIZON_DAYS)]
        if ahead:
            return min(ahead)
        if nearest:  # further ahead than plans are announced: the one just past is meant
            return max(c for c in cands if c <= ref)
    elif direction < 0:
        behind = [c for c in cands if c <= ref]
        if behind and (not nearest or ref - max(behind) <= dt.timedelta(days=PAST_HORIZON_DAYS)):
            return max(behind)
        if behind:  # almost a year back: a noun's date in a past clause ("die Rennen vom 18. Dezember wurden verlegt")
            return min(c for c in cands if c > ref)
    elif not nearest:
        # No tense cue: news report mostly what happened, so a date of the past months is the
        # reading unless it lies almost a year back.
        behind = [c for c in cands if ref - dt.timedelta(days=NEUTRAL_PAST_DAYS) <= c <= ref]
        if behind:
            return max(behind)
    return min(cands, key=lambda c: (abs((c - ref).days), c > ref))


def narrative_year(month: int, day: int, anchor: dt.date, precision: str = "day") -> int:
    """Year of a day-month in a text without publication date, read against the date the story is at.

    A history stays in the year it is telling ("18. Dezember 1939 ... Am 28. September" is 1939: a
    chronicle goes back within its year as often as forward). It moves on to the next year only across
    the turn of the year: when the date lies closer ahead than behind and at most WRAP_FORWARD_DAYS ahead
    ("24. Dezember 2022 ... am 3. Januar" is 2023), and back across it only for a few weeks. A bare year ("1939 ... am 1. September") holds the date.
    """
    if precision == "year":
        return anchor.year
    same, ahead = _on(anchor.year, month, day), _on(anchor.year + 1, month, day)
    back, forward = (anchor - same).days, (ahead - anchor).days
    if back > 0 and forward < back and forward <= WRAP_FORWARD_DAYS:
        return anchor.year + 1
    if back < 0 and (anchor - _on(anchor.year - 1, month, day)).days <= WRAP_BACK_DAYS:
        return anchor.year - 1  # "am 3. Januar ... am 20. Dezember war er noch": a glance back
    return anchor.year


def _on(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29 February
        return dt.date(year, month, 28)


def infer_month_year(month: int, ref: dt.date, direction: int, nearest: bool = False) -> int:
    """Year of a bare month name: the same month counts as current in either direction.

    nearest: without direction, half a year ahead or back is read as the past one.
    """
    diff = month - ref.month
    if direction > 0:
        return ref.year if diff >= 0 else ref.year + 1
    if direction < 0:
        return ref.year if diff <= 0 else ref.year - 1
    if diff > 6 or (nearest and diff == 6):
        return ref.year - 1
    if diff < -6:
        return ref.year + 1
    return ref.year


def infer_season_year(first_month: int, ref: dt.date, direction: int) -> int:
    """Year of a bare season (given its first month) relative to ref."""
    y = ref.year
    # Winter starting last December still covers January/February of ref's year.
    if first_month == 12 and ref.month <= 2:
        y -= 1
    start = dt.date(y, first_month, 1)
    end_y, end_m = add_months(y, first_month, 2)
    current = start <= ref <= dt.date(end_y, end_m, 28)
    if current or direction == 0:
        return y
    if direction > 0 and start < ref:
        return y + 1
    if direction < 0 and start > ref:
        return y - 1
    return y


def resolve_weekday(weekday: int, ref: dt.date, rel: int | None, direction: int,
                    nearest: bool = False) -> dt.date:
    """Weekday (ISO 1..7) relative to ref, in the news convention.

    rel -1 ("last Friday"): strictly before ref; +1 ("next Monday"): strictly after; 0 ("this
    Friday"): in ref's week. No modifier: the nearest such day in the direction of the tense,
    ref itself allowed (an article published on a Friday reporting "on Friday" means that day);
    without any tense cue a report of the past is assumed, or with nearest the nearer of the
    two (ref itself first, then the one ahead within three days: "Am Samstag ist X zu Gast" in a
    Friday paper is the next day).
    """
    delta = weekday - ref.isoweekday()
    if rel == 0:
        return ref + dt.timedelta(days=delta)
    if rel == -1:
        back = (ref.isoweekday() - weekday) % 7 or 7
        return ref - dt.timedelta(days=back)
    if rel == 1:
        fwd = (weekday - ref.isoweekday()) % 7 or 7
        return ref + dt.timedelta(days=fwd)
    fwd, back = (weekday - ref.isoweekday()) % 7, (ref.isoweekday() - weekday) % 7
    if direction > 0 or (direction == 0 and nearest and fwd < back):
        return ref + dt.timedelta(days=fwd)
    return ref - dt.timedelta(days=back)
