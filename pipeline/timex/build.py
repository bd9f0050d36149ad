"""Turn one rule match into TIMEX3 attributes (type, value, mod, anchoring).

One function per rule kind; the kinds and group names are the engine's vocabulary (see the
header of data/lang/<lang>/timex/patterns.yaml). Every word is looked up in the lexicon.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import anchoring
from .intervals import add_months, easter, iso_week_value, SEASON_MONTHS
from .normalize import parse_span
from .patterns import duration_ok, year_ok
from .reference import FINENESS, ReferenceTime
from .resources import Lexicon, lookup

WEEKDAY_FUTURE_TOKENS = 4  # a future cue this close makes a bare weekday one ahead
_SENTENCE_BREAK = re.compile(r"[.!?;]\s+(?=\S)|\n")


@dataclass
class Spec:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    absolute: bool = False       # fully given by the text (has its own year)
    anchors: bool = True         # may serve as anchor for later relative expressions
    inferred: bool = False       # resolved against an earlier date, not the DCT
    offset_value: str | None = None
    runs_into: dt.date | None = None   # "Nacht zum Samstag": the day the night runs into
    named: bool = False                # a day known by its name (named_days.yaml)


@dataclass
class Context:
    text: str
    dct: dt.date | None
    lx: Lexicon
    lang: str
    time: ReferenceTime = None   # where the text is (reference.py), moved on by the recognizer
    notes: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.time is None:
            self.time = ReferenceTime(self.text, self.dct, self.lx)


def _g(m: re.Match, name: str) -> str | None:
    return m.group(name) if name in m.re.groupindex else None   # groupdict() would build a dict per call


def _int_or_word(text: str, lx: Lexicon) -> float | None:
    t = text.strip().rstrip("-")
    if t.replace(",", "").isdigit():
        return float(t.replace(",", "."))
    v = lookup(lx.cardinals, t)
    if v is None:
        v = lookup(lx.fractions, t)
    return None if v is None else float(v)


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _month(text: str, lx: Lexicon) -> int | None:
    t = text.strip().rstrip(".")
    if t.isdigit():
        return int(t)
    return lookup(lx.months, t)


def _mod(m: re.Match, lx: Lexicon) -> str | None:
    part = _g(m, "part")
    return lookup(lx.period_parts, part) if part else None


def _day_value(d: dt.date) -> str:
    return d.isoformat()


def _eve(date: dt.date, m: re.Match, lx: Lexicon) -> tuple[str, str] | None:
    """"The night to <day>": the part of the day before, as a TIME value."""
    word = _g(m, "eve")
    if not word:
        return None
    code = lookup(lx.day_parts, word)
    return "TIME", f"{_day_value(date - dt.timedelta(days=1))}T{code}"


def _day_spec(s: int, e: int, m: re.Match, lx: Lexicon, date: dt.date, **kw) -> Spec:
    """A day, a part of it, or the night before it ("Nacht zum Samstag", which runs into that day)."""
    typ, value = _eve(date, m, lx) or _with_daypart(_day_value(date), m, lx)
    return Spec(s, e, typ, value, runs_into=date if _g(m, "eve") else None, **kw)


def _with_daypart(value: str, m: re.Match, lx: Lexicon) -> tuple[str, str]:
    for name in ("daypart", "daypart2"):
        part = _g(m, name)
        if part:
            code = lookup(lx.day_parts_glued, part) or lookup(lx.day_parts, part)
            if code:
                return "TIME", f"{value}T{code}"
    return "DATE", value


def _year2(y: int, ref: dt.date | None) -> int:
    """Two-digit year: the century that puts it at most ten years after the reference date (the
    publication date, or in a history the date the story is at: "1.9.39" after 1939 is 1939)."""
    if ref is None:
        return 2000 + y if y < 50 else 1900 + y
    cand = (ref.year // 100) * 100 + y
    return cand if cand <= ref.year + 10 else cand - 100


# ----------------------------------------------------------------------------- kinds

def k_date(m, ctx: Context, span):
    lx = ctx.lx
    day, month = int(m.group("day")), _month(m.group("month"), lx)
    if month is None:
        return []
    ytext = _g(m, "year")
    s, e = span
    if ytext:
        la = ctx.time.named_before(s)
        year = int(ytext) if len(ytext) == 4 else _year2(int(ytext), ctx.dct or (la[0] if la else None))
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return []
        return [_day_spec(s, e, m, lx, date, absolute=True)]
    date, inferred = ctx.time.day(month, day, s, e)
    if date is None:
        return [Spec(s, e, "DATE", f"XXXX-{month:02d}-{day:02d}")]
    return [_day_spec(s, e, m, lx, date, inferred=inferred)]


BARE_DAY_WINDOW = 300   # chars: "am 24." takes the month of a day named at most this far before


def k_bareday(m, ctx: Context, span):
    """"vom 16. auf den 17. April": the month (and year) of the date that follows; "am 23. August ... am 24.":
    of the day named just before (the next month when the day is smaller). Nothing to go by: no date."""
    s, e = span
    day = int(m.group("day"))
    nxt = ctx.notes["helpers"]["bare_day_next"].match(ctx.text, e, min(len(ctx.text), e + 40))
    month = _month(nxt.group("month"), ctx.lx) if nxt else None
    if nxt and month:
        after = k_date(nxt, ctx, (nxt.start("day"), nxt.end()))
        if after and after[0].value[:4].isdigit():
            year = int(after[0].value[:4])
            try:
                return [_day_spec(s, e, m, ctx.lx, dt.date(year, month, day), inferred=True)]
            except ValueError:
                return []
    if not ctx.time.last_day or ctx.time.last_day[0] > s or s - ctx.time.last_day[0] > BARE_DAY_WINDOW:
        return []
    ref = ctx.time.last_day[1]
    y, mth = (ref.year, ref.month) if day >= ref.day else add_months(ref.year, ref.month, 1)
    try:
        return [_day_spec(s, e, m, ctx.lx, dt.date(y, mth, day), inferred=True)]
    except ValueError:
        return []


def k_daylist(m, ctx: Context, span):
    """Several days sharing one month: "am 3., 4. und 5. Oktober" -> one DATE per day."""
    last = k_date(m, ctx, (m.start("day"), m.end()))
    if not last:
        return []
    tail = last[0]
    value = tail.value
    out = []
    base = m.start("list")
    item = ctx.notes["helpers"]["daylist_item"]
    last_day = int(m.group("day"))
    for im in item.finditer(m.group("list")):
        d = int(im.group("day"))
        if d > last_day and value[:4] != "XXXX":
            # "vom 28. bis 3. März": a day after the last one lies in the month before.
            y, mth = add_months(int(value[:4]), int(value[5:7]), -1)
            v = f"{y:04d}-{mth:02d}-{d:02d}"
        elif value[:4] != "XXXX":
            v = value[:8] + f"{d:02d}"
        else:
            v = f"XXXX-{value[5:7]}-{d:02d}"
        try:
            dt.date.fromisoformat(v) if v[:4] != "XXXX" else None
        except ValueError:
            continue
        out.append(Spec(base + im.start(), base + im.end(), "DATE", v[:10],
                        absolute=tail.absolute, inferred=tail.inferred))
    out.append(tail)
    return out


def k_month(m, ctx: Context, span):
    lx = ctx.lx
    s, e = span
    month = _month(m.group("month"), lx)
    mod = _mod(m, lx)
    if month is None:
        return []
    if _g(m, "year"):
        return [Spec(s, e, "DATE", f"{int(m.group('year')):04d}-{month:02d}", mod, absolute=True)]
    if not (_g(m, "yrel") or _g(m, "unitword") or _g(m, "rel")):
        year, inferred = ctx.time.month_year(month, s, e)
        if year is None:
            return [Spec(s, e, "DATE", f"XXXX-{month:02d}", mod)]
        return [Spec(s, e, "DATE", f"{year:04d}-{month:02d}", mod, inferred=inferred)]
    # "März des folgenden Jahres" needs only a year to count from
    ref, inferred = ctx.time.now("year" if _g(m, "yrel") or _g(m, "unitword") else "month")
    if ref is None:
        return [Spec(s, e, "DATE", f"XXXX-{month:02d}", mod)]
    if _g(m, "yrel"):
        year = ref.year + lookup(lx.modifiers, m.group("yrel"))
    elif _g(m, "unitword"):
        year = ref.year + lookup(lx.unit_words, m.group("unitword"))[1]
    else:
        rel = lookup(lx.modifiers, m.group("rel"))
        if rel == 0:
            year = ref.year
        else:
            year = anchoring.infer_month_year(month, ref, rel)
            if month == ref.month:
                year += rel
    return [Spec(s, e, "DATE", f"{year:04d}-{month:02d}", mod, inferred=inferred)]


def _year_value(m, lx: Lexicon) -> str:
    """"1939"; a year before Christ as TIMEX writes it ("490 v. Chr." -> BC0490)."""
    era = _g(m, "era")
    bc = bool(era) and lookup(lx.eras, era) == "BC"
    return ("BC" if bc else "") + f"{int(m.group('year')):04d}"


def k_year(m, ctx: Context, span):
    s, e = span
    mod = _mod(m, ctx.lx)
    pre = (_g(m, "pre") or "").lower()
    if mod is None and (pre.startswith("um") or pre.startswith("etwa") or pre.startswith("ca")):
        mod = "APPROX"
    return [Spec(s, e, "DATE", _year_value(m, ctx.lx), mod, absolute=True)]


def k_ordperiod(m, ctx: Context, span):
    """"in der dritten Woche": the n-th week (or day) from the last day the text named; nothing without one."""
    s, e = span
    n = _ordinal(m, ctx.lx)
    if not n or not ctx.time.last_day or ctx.time.last_day[0] > s:
        return []
    start = ctx.time.last_day[1]
    if lookup(ctx.lx.units, m.group("unit"))[0] == "D":
        return [Spec(s, e, "DATE", _day_value(start + dt.timedelta(days=n - 1)), inferred=True, anchors=False)]
    return [Spec(s, e, "DATE", iso_week_value(start + dt.timedelta(weeks=n - 1)), inferred=True, anchors=False)]


def k_anchorweek(m, ctx: Context, span):
    """"in der Woche darauf": the week after (or before) the last day the text named."""
    s, e = span
    if not ctx.time.last_day or ctx.time.last_day[0] > s:
        return []
    step = lookup(ctx.lx.offset_postpositions, m.group("after"))
    return [Spec(s, e, "DATE", iso_week_value(ctx.time.last_day[1] + dt.timedelta(weeks=step)), inferred=True,
                 anchors=False)]


def k_yearpair(m, ctx: Context, span):
    """"1911/12": the two digits continue the year before them, into the next century if they must. A history
    marks them as a year of their own (TIMEX2); news annotators leave a "Saison 2014/15" as one expression."""
    s, e = span
    if ctx.dct is not None:
        return []
    first = int(m.group("year1"))
    year = first // 100 * 100 + int(m.group("year2"))
    if year <= first:
        year += 100
    return [Spec(s, e, "DATE", f"{year:04d}", absolute=True)]


def k_yearspan(m, ctx: Context, span):
    """"die Saison 2014/15": in news one period without a single calendar value; in a history the two years
    of the pair, each its own expression (as year_bare and year_pair_second give them)."""
    s, e = span
    if ctx.dct is not None:
        return [Spec(s, e, "DATE", "XXXX-XX-XX")]
    out = []
    s1, e1 = m.span("year1")
    if year_ok(ctx.text, s1, e1, ctx.lang):
        out.append(Spec(s1, e1, "DATE", f"{int(m.group('year1')):04d}", absolute=True))
    return out + k_yearpair(m, ctx, m.span("year2"))


def k_decade(m, ctx: Context, span):
    lx = ctx.lx
    s, e = span
    ref = ctx.dct or (ctx.time.named[0] if ctx.time.named else None)
    text = _g(m, "decade") or _g(m, "decade4")
    if text and len(text) == 4:
        value = text[:3]
    else:
        digit = int(text[0]) if text else lookup(lx.decades, m.group("decadeword"))
        century = 19
        # "the twenties" of the current century only once they are over (or nearly).
        if ref and 2000 + digit * 10 + 5 <= ref.year:
            century = 20
        value = f"{century}{digit}"
    return [Spec(s, e, "DATE", value, _mod(m, lx), absolute=True)]


def k_century(m, ctx: Context, span):
    s, e = span
    n = int(m.group("cent")) if _g(m, "cent") else lookup(ctx.lx.ordinals, m.group("centword"))
    if not n:
        return []
    era = _g(m, "era")
    bc = "BC" if era and lookup(ctx.lx.eras, era) == "BC" else ""
    return [Spec(s, e, "DATE", f"{bc}{n - 1:02d}", _mod(m, ctx.lx), absolute=True)]


def k_season(m, ctx: Context, span):
    lx = ctx.lx
    s, e = span
    code = lookup(lx.seasons, m.group("season"))
    mod = _mod(m, lx)
    if _g(m, "year"):
        return [Spec(s, e, "DATE", f"{_year_value(m, lx)}-{code}", mod, absolute=True)]
    if _g(m, "after"):  # "im Sommer darauf": the next (or last) such season from the date named before
        la = ctx.time.named_before(s)
        if la is None:
            return [Spec(s, e, "DATE", f"XXXX-{code}", mod)]
        step = lookup(lx.offset_postpositions, m.group("after"))
        first = SEASON_MONTHS[code]
        year = la[0].year + (1 if step > 0 and first <= la[0].month else 0) - (1 if step < 0 and first >= la[0].month else 0)
        return [Spec(s, e, "DATE", f"{year}-{code}", mod, inferred=True)]
    if _g(m, "yrel"):  # "im Herbst vergangenen Jahres": only the year is needed
        ref, inferred = ctx.time.now("year")
        if ref is None:
            return [Spec(s, e, "DATE", f"XXXX-{code}", mod)]
        return [Spec(s, e, "DATE", f"{ref.year + lookup(lx.modifiers, m.group('yrel'))}-{code}", mod,
                     inferred=inferred)]
    rel = lookup(lx.modifiers, m.group("rel")) if _g(m, "rel") else None
    year, inferred = ctx.time.season_year(SEASON_MONTHS[code], s, e, rel)
    if year is None:
        return [Spec(s, e, "DATE", f"XXXX-{code}", mod)]
    return [Spec(s, e, "DATE", f"{year}-{code}", mod, inferred=inferred)]


def _ordinal(m, lx) -> int | None:
    if _g(m, "orddigit"):
        return int(m.group("orddigit"))
    o = _g(m, "ord")
    return lookup(lx.ordinals, o) if o else None


def _period_year(m, ctx, s, e, first_month: int) -> tuple[int | None, bool, bool]:
    if _g(m, "year"):
        return int(m.group("year")), True, False
    year, inferred = ctx.time.period_year(first_month, s, e)
    return year, False, inferred


def k_quarter(m, ctx: Context, span):
    s, e = span
    q = _ordinal(m, ctx.lx)
    if not q or q > 4:
        return []
    year, absolute, inferred = _period_year(m, ctx, s, e, 3 * q - 2)
    value = f"{year}-Q{q}" if year else f"XXXX-Q{q}"
    return [Spec(s, e, "DATE", value, absolute=absolute, inferred=inferred)]


def k_half(m, ctx: Context, span):
    s, e = span
    h = _ordinal(m, ctx.lx)
    if h not in (1, 2):
        return []
    year, absolute, inferred = _period_year(m, ctx, s, e, 6 * h - 5)
    value = f"{year}-H{h}" if year else f"XXXX-H{h}"
    return [Spec(s, e, "DATE", value, absolute=absolute, inferred=inferred)]


def k_yearafter(m, ctx: Context, span):
    """"im Jahr darauf/zuvor": the year after or before the date named before it."""
    s, e = span
    la = ctx.time.named_before(s)
    if la is None:
        return [Spec(s, e, "DATE", "XXXX")]
    year = la[0].year + lookup(ctx.lx.offset_postpositions, m.group("after"))
    return [Spec(s, e, "DATE", f"{year:04d}", inferred=True)]


def k_calweek(m, ctx: Context, span):
    """ISO calendar week ("in der 45. Kalenderwoche", "KW 12 2023")."""
    s, e = span
    week = int(_g(m, "week") or m.group("week2"))
    year, absolute, inferred = _period_year(m, ctx, s, e, min(12, week * 7 // 31 + 1))
    if year is None:
        return [Spec(s, e, "DATE", f"XXXX-W{week:02d}")]
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:  # week 53 in a year of 52 weeks
        return []
    return [Spec(s, e, "DATE", f"{year:04d}-W{week:02d}", absolute=absolute, inferred=inferred)]


def k_weekday(m, ctx: Context, span):
    lx = ctx.lx
    s, e = span
    wd = lookup(lx.weekdays, m.group("weekday"))
    ref, inferred = ctx.time.now("day")
    if ref is None:
        typ, value = _with_daypart(f"XXXX-WXX-{wd}", m, lx)
        return [Spec(s, e, typ, value)]
    if _g(m, "dayrel"):
        date = ref + dt.timedelta(days=lookup(lx.day_offset_adjectives, m.group("dayrel")))
    else:
        rel = lookup(lx.modifiers, m.group("rel")) if _g(m, "rel") else None
        direction = ctx.time.direction(s, e, max_future_tokens=WEEKDAY_FUTURE_TOKENS)
        date = anchoring.resolve_weekday(wd, ref, rel, direction, nearest=ctx.dct is not None)
    return [_day_spec(s, e, m, lx, date, inferred=inferred)]


def _present_context(ctx: Context, s: int, e: int) -> bool:
    before = re.search(r"(\w+)\W*$", ctx.text[max(0, s - 30):s])
    after = re.match(r"\W*(\w+(?:\s+\w+)?)", ctx.text[e:e + 30])
    words = []
    if before:
        words.append(before.group(1))
    if after:
        words.append(after.group(1).split()[0])
        words.append(after.group(1))
    return any(" ".join(w.lower().split()) in ctx.lx.present_context for w in words)


def k_dayrel(m, ctx: Context, span):
    lx = ctx.lx
    s, e = span
    word = m.group("dayrel")
    if word in lx.sentence_initial_only:
        if not ctx.notes["helpers"]["sentence_start"].search(ctx.text[max(0, s - 3):s] if s else ""):
            if s > 0:
                return []
    off = lookup(lx.day_offsets, word)
    if off is None:
        off = lookup(lx.day_offset_adjectives, word)
    has_part = bool(_g(m, "daypart"))
    if off == 0 and not has_part and (ctx.dct is None or _present_context(ctx, s, e)):
        # in a history "heute" is the writer's present ("Mukden, heute Shenyang"), never the story's day
        return [Spec(s, e, "DATE", "PRESENT_REF")]
    ref, inferred = ctx.time.now("day")
    if ref is None:
        typ, value = _with_daypart("XXXX-XX-XX", m, lx)
        return [Spec(s, e, typ, value)]
    date = parse_span(word.lower(), ctx.lang, ref) if lookup(lx.day_offsets, word) is not None else None
    if date is None or (date - ref).days != off:
        date = ref + dt.timedelta(days=off)
    typ, value = _with_daypart(_day_value(date), m, lx)
    return [Spec(s, e, typ, value, inferred=inferred)]


def k_anchorrel(m, ctx: Context, span):
    s, e = span
    anchor, inferred = ctx.time.day_before(s)
    if anchor is None:
        return [Spec(s, e, "DATE", "XXXX-XX-XX")]
    off = lookup(ctx.lx.anchor_day_offsets, m.group("anchorrel"))
    # "the day before" does not move the anchor: a second one refers to the same day.
    return [Spec(s, e, "DATE", _day_value(anchor + dt.timedelta(days=off)), inferred=inferred,
                 anchors=False)]


def _period_value(code: str, ref: dt.date, off: int) -> str | None:
    if code == "Y":
        return f"{ref.year + off:04d}"
    if code == "M":
        y, mth = add_months(ref.year, ref.month, off)
        return f"{y:04d}-{mth:02d}"
    if code == "W":
        return iso_week_value(ref + dt.timedelta(weeks=off))
    if code == "Q":
        y, mth = add_months(ref.year, ref.month, 3 * off)
        return f"{y:04d}-Q{(mth - 1) // 3 + 1}"
    if code == "D":
        return _day_value(ref + dt.timedelta(days=off))
    if code == "DE":
        return f"{(ref.year // 10 + off):03d}"
    if code == "CE":
        return f"{(ref.year // 100 + off):02d}"
    return None


def _weekend(ref: dt.date, rel: int | None, direction: int) -> str:
    sat_this_week = ref + dt.timedelta(days=6 - ref.isoweekday())
    if rel == 0:
        sat = sat_this_week
    elif rel == 1:
        sat = sat_this_week if ref < sat_this_week else sat_this_week + dt.timedelta(days=7)
    elif rel == -1 or direction <= 0:
        sat = sat_this_week if ref >= sat_this_week else sat_this_week - dt.timedelta(days=7)
        if rel == -1 and ref.isoweekday() == 7:
            sat -= dt.timedelta(days=7)
    else:
        sat = sat_this_week
    return iso_week_value(sat) + "-WE"


def _duration_value(n: float | None, code: str, is_time: bool) -> str:
    # Decades and centuries are written in years (P10Y), as TIMEX3 annotators do.
    if code in ("DE", "CE") and n is not None:
        n, code = n * (10 if code == "DE" else 100), "Y"
    return ("PT" if is_time else "P") + ("X" if n is None else _fmt_num(n)) + code


def k_unitword(m, ctx: Context, span):
    s, e = span
    code, off, own_mod = lookup(ctx.lx.unit_words, m.group("unitword"))
    ref, inferred = ctx.time.now("year" if code == "Y" else "day")
    mod = _mod(m, ctx.lx) or own_mod
    if ref is None:
        return [Spec(s, e, "DATE", "XXXX", mod)]
    value = _weekend(ref, off, 0) if code == "WE" else _period_value(code, ref, off)
    return [Spec(s, e, "DATE", value, mod, inferred=inferred)]


def k_relunit(m, ctx: Context, span):
    lx = ctx.lx
    s, e = span
    code, is_time, plural = lookup(lx.units, m.group("unit"))
    num = _int_or_word(m.group("num"), lx) if _g(m, "num") else None
    rel = lookup(lx.modifiers, m.group("rel")) if _g(m, "rel") else None
    if plural and num is None and rel == 1:
        # "in den kommenden Jahren": the future in general, as TIMEX3 annotators mark it.
        return [Spec(s, e, "DATE", "FUTURE_REF")]
    if plural or num is not None or is_time:
        return [Spec(s, e, "DURATION", _duration_value(num, code, is_time))]
    mod = _mod(m, lx)
    if code == "D":
        ref, inferred = ctx.time.day_before(s)
    elif rel is None and code == "Y" and ctx.time.recent(s):
        # "Ende des Jahres" without "this"/"last": the year just talked about.
        return [Spec(s, e, "DATE", f"{ctx.time.recent(s)[0].year:04d}", mod, inferred=ctx.dct is None)]
    else:
        ref, inferred = ctx.time.now({"M": "month", "Q": "quarter", "Y": "year"}.get(code, "day"))
    if ref is None:
        return [Spec(s, e, "DATE", {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX"}.get(code, "XXXX-XX-XX"), mod)]
    if code == "WE":
        value = _weekend(ref, rel, ctx.time.direction(s, e))
    else:
        value = _period_value(code, ref, rel or 0)
    if value is None:
        return []
    return [Spec(s, e, "DATE", value, mod, inferred=inferred)]


def k_duration(m, ctx: Context, span):
    lx = ctx.lx
    s, e = span
    qmod = lookup(lx.quantity_mods, m.group("qmod")) if _g(m, "qmod") else None
    if _g(m, "vaguedur"):
        return [Spec(s, e, "DURATION", f"PX{lookup(lx.vague_duration_words, m.group('vaguedur'))}")]
    if _g(m, "adjunit"):
        n = _int_or_word(_g(m, "num") or m.group("num2"), lx)
        code = lookup(lx.adjective_units, m.group("adjunit"))
        if n is None or code is None:
            return []
        return [Spec(s, e, "DURATION", _duration_value(n, code, False), qmod)]
    code, is_time, _ = lookup(lx.units, m.group("unit"))
    n = None if _g(m, "vague") or not _g(m, "num") else _int_or_word(m.group("num"), lx)
    if _g(m, "num") and n is None:
        return []
    if _g(m, "pairword") and not duration_ok(ctx.text, m, m.start("num2"), m.end("unit"), ctx.lang):
        return []  # "von sechs bis acht Jahren" is an age when its second number is
    spec = Spec(s, e, "DURATION", _duration_value(n, code, is_time), qmod)
    if n is None or _g(m, "pairword"):
        return [spec]
    if is_time:
        # "drei Minuten später": a time counted from one the text does not give by the clock
        after = re.match(r"\s+(\w+)", ctx.text[e:e + 12])
        if after and lookup(lx.offset_postpositions, after.group(1)):
            return [Spec(s, e + after.end(1), "TIME", "XXXX-XX-XXTXX:XX", qmod)]
        return [spec]
    # A preposition right before turns the duration into an offset from the DCT.
    before = re.search(r"(\w+)\s+$", ctx.text[max(0, s - 12):s])
    if before:
        sign = lookup(lx.offset_prepositions, before.group(1))
        if sign and sign > 0 and ctx.dct is None and qmod is None and not _noun_follows(ctx.text, e):
            # a history: "nach zwei Tagen" counts from the date the story is at ("nach 77 Tagen
            # Belagerung", "nach fast drei Jahren" stay spans)
            date = _offset_date(ctx, s, code, n)
            if date is not None:
                return [Spec(max(0, s - 12) + before.start(1), e, "DATE", _story_value(date, code, n), qmod,
                             inferred=True)]
        ref, _ = ctx.time.now("day")
        if sign and sign > 0 and ctx.dct is not None and ctx.time.direction(s, e) < 0:
            sign = None  # "in 31 Jahren nie so eng waren", "nach drei Tagen wurde er freigelassen": a span, not a date ahead
        if sign and ref:
            date = parse_span(f"{before.group(1)} {ctx.text[s:e]}", ctx.lang, ref)
            if date is None or (date > ref) != (sign > 0):
                try:
                    date = _shift(ref, code, sign * n)
                except (ValueError, OverflowError):  # beyond the calendar: keep the duration only
                    date = None
            if date is not None:
                spec.offset_value = _granular(date, code, n)
                return [spec]
    # "Zwei Tage später", "zwei Jahre zuvor": a date counted from the one the story is at.
    after = re.match(r"\s+(\w+)", ctx.text[e:e + 12])
    sign = lookup(lx.offset_postpositions, after.group(1)) if after else None
    if sign:
        date = _offset_date(ctx, s, code, sign * n)
        if date is not None:
            return [Spec(s, e + after.end(1), "DATE", _story_value(date, code, n), qmod, inferred=True)]
    return [spec]


def _noun_follows(text: str, end: int) -> bool:
    nxt = re.match(r"\s+(\w)", text[end:end + 4])
    return bool(nxt and nxt.group(1).isupper())


def _story_value(d: dt.date, code: str, n: float) -> str:
    """An offset from the story's date: weeks count from a day and give a day ("zwei Wochen später")."""
    return d.isoformat() if code == "W" else _granular(d, code, n)


def _offset_date(ctx: Context, s: int, code: str, n: float) -> dt.date | None:
    anchor = _story_anchor(ctx, s, code)
    if anchor is None:
        return None
    try:
        return _shift(anchor, code, n)
    except (ValueError, OverflowError):
        return None


def _story_anchor(ctx: Context, s: int, code: str) -> dt.date | None:
    """The date "zwei Tage später" counts from: the last day-date before it for days and weeks,
    the last date of month precision or finer for months and quarters, of any precision for years;
    None (no offset guessed) when the text has not named one."""
    if code in ("D", "W"):
        return ctx.time.last_day[1] if ctx.time.last_day and ctx.time.last_day[0] <= s else None
    la = ctx.time.named_before(s)
    if la and (code in ("Y", "DE") or FINENESS[la[2]] <= FINENESS["month"]):
        return la[0]
    return None


def _shift(ref: dt.date, code: str, n: float) -> dt.date | None:
    if code == "Y" and n != int(n) and n * 12 == int(n * 12):
        code, n = "M", n * 12  # "ein halbes Jahr später": six months
    if n != int(n):
        return None
    n = int(n)
    if code == "D":
        return ref + dt.timedelta(days=n)
    if code == "W":
        return ref + dt.timedelta(weeks=n)
    if code in ("M", "Y", "DE", "Q"):
        months = n * {"M": 1, "Y": 12, "DE": 120, "Q": 3}[code]
        y, mth = add_months(ref.year, ref.month, months)
        return dt.date(y, mth, min(ref.day, 28))
    return None


def _granular(d: dt.date, code: str, n: float = 1) -> str:
    """The value of an offset date at the precision its unit gives (half years: a month)."""
    if code == "D":
        return d.isoformat()
    if code in ("W", "WE"):
        return iso_week_value(d)
    if code == "M" or (code == "Y" and n != int(n)):
        return f"{d.year:04d}-{d.month:02d}"
    if code == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    return f"{d.year:04d}"


def k_time(m, ctx: Context, span):
    s, e = span
    hour = int(m.group("hour"))
    minute = int(m.group("minute")) if _g(m, "minute") else 0
    # A clock time belongs to a day named in its own sentence, else to the publication date.
    if ctx.time.last_day and not _SENTENCE_BREAK.search(ctx.text, ctx.time.last_day[0], s):
        day, inferred = ctx.time.last_day[1], ctx.dct is None
    else:
        day, inferred = ctx.time.now("day")
    date = _day_value(day) if day else "XXXX-XX-XX"
    return [Spec(s, e, "TIME", f"{date}T{hour:02d}:{minute:02d}", inferred=inferred)]


def k_daypart(m, ctx: Context, span):
    s, e = span
    code = lookup(ctx.lx.day_parts, m.group("daypart"))
    day, inferred = ctx.time.day_before(s, window=400)
    date = _day_value(day) if day else "XXXX-XX-XX"
    return [Spec(s, e, "TIME", f"{date}T{code}", inferred=inferred)]


def k_ref(m, ctx: Context, span):
    s, e = span
    if ctx.dct is None and lookup(ctx.lx.references_news_only, m.group("ref")):
        return []  # a history's "der ehemalige Tyrann" is a role, not a time
    value = lookup(ctx.lx.references, m.group("ref"))
    return [Spec(s, e, "DATE", value)] if value else []


def k_holiday(m, ctx: Context, span):
    lx = ctx.lx
    s, e = span
    name = m.group("holiday")

    def on(year: int) -> dt.date:
        fixed = lookup(lx.holidays_fixed, name)
        if fixed:
            return dt.date(year, *fixed)
        return easter(year) + dt.timedelta(days=lookup(lx.holidays_easter, name))

    if _g(m, "year"):
        return [Spec(s, e, "DATE", _day_value(on(int(m.group("year")))), absolute=True)]
    ref, inferred = ctx.time.now("day")
    if ref is None:
        return [Spec(s, e, "DATE", "XXXX-XX-XX")]
    direction = ctx.time.direction(s, e)
    cands = [on(y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    if direction > 0:
        date = min(c for c in cands if c >= ref)
    elif direction < 0:
        date = max(c for c in cands if c <= ref)
    else:
        date = min(cands, key=lambda c: abs((c - ref).days))
    return [Spec(s, e, "DATE", _day_value(date), inferred=inferred)]


def k_namedday(m, ctx: Context, span):
    """A day of history known by its name; an ambiguous name only in a text of its time."""
    s, e = span
    day, within = lookup(ctx.lx.named_days, m.group("named"))
    if within is not None:
        now = ctx.dct or (ctx.time.named_before(s) or (None,))[0]
        if now is None or not 0 <= now.year - day.year <= within:
            return []
    # In a report the name recalls the past ("seit Kriegsbeginn") and does not move the time the text is at.
    return [Spec(s, e, "DATE", _day_value(day), absolute=True, named=True, anchors=ctx.dct is None)]


def k_set(m, ctx: Context, span):
    lx = ctx.lx
    s, e = span
    if _g(m, "setword"):
        return [Spec(s, e, "SET", lookup(lx.set_words, m.group("setword")))]
    if _g(m, "perunit"):
        # "jeden dritten Mittwoch im Monat": the set recurs once per that unit (P1M), as TIMEX3 marks it
        code, is_time, _ = lookup(lx.units, m.group("perunit"))
        return [Spec(s, e, "SET", _duration_value(1, code, is_time))]
    if _g(m, "weekday"):
        value = f"XXXX-WXX-{lookup(lx.weekdays, m.group('weekday'))}"
        part = _g(m, "daypart")
        if part:
            value += f"T{lookup(lx.day_parts_glued, part)}"
        return [Spec(s, e, "SET", value)]
    code, is_time, _ = lookup(lx.units, m.group("unit"))
    n = _int_or_word(m.group("num"), lx) if _g(m, "num") else 1
    return [Spec(s, e, "SET", _duration_value(n or 1, code, is_time))]


KINDS = {
    "date": k_date, "daylist": k_daylist, "bareday": k_bareday, "month": k_month, "year": k_year, "decade": k_decade,
    "century": k_century, "season": k_season, "quarter": k_quarter, "half": k_half,
    "calweek": k_calweek, "yearafter": k_yearafter,
    "weekday": k_weekday, "dayrel": k_dayrel, "anchorrel": k_anchorrel, "unitword": k_unitword,
    "relunit": k_relunit, "duration": k_duration, "time": k_time, "daypart": k_daypart,
    "yearpair": k_yearpair, "yearspan": k_yearspan, "ordperiod": k_ordperiod, "anchorweek": k_anchorweek, "ref": k_ref, "holiday": k_holiday, "namedday": k_namedday, "set": k_set,
}
