"""dateparser as the normalizer of recognised spans (never a recognizer on raw text).

Called only on a span the patterns already found, with the language fixed and the publication
date as RELATIVE_BASE; results are cached per (span, base), so repeated expressions in a corpus
cost one call.
"""
from __future__ import annotations

import datetime as dt
import warnings
from functools import lru_cache

import dateparser

_NEUTRAL_BASE = dt.datetime(2000, 1, 1)


@lru_cache(maxsize=65536)
def parse_span(span: str, lang: str, base: dt.date | None) -> dt.date | None:
    """The calendar day dateparser reads in span, relative to base (a day), or None."""
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time()) if base else _NEUTRAL_BASE,
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = dateparser.parse(" ".join(span.split()), languages=[lang], settings=settings)
        except Exception:  # dateparser raises on some odd inputs; our own rules take over then
            return None
    return result.date() if result else None
