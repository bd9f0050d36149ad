"""The event table's date type: datetime64[ms], conversion to it, ISO 8601 text and day numbers.

pandas' default nanosecond timestamps end at 1677 and 2262, so "Im Jahr 1650" or "in 300 Jahren" did
not fit. Milliseconds reach about 292 million years either way and are the coarsest timestamp unit
Parquet has (it writes seconds as ms), so the file and the frame hold the same dtype; the chart draws in ms too.
Years before Christ use astronomical numbering as numpy, pandas and ISO 8601 do: 1 BC is year 0,
490 BC is -489. As text, years outside 0000-9999 are ISO 8601 extended years with a sign and at
least four digits: "-0489-09-12", "+12000-01-01".
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

DATE_DTYPE = "datetime64[ms]"
NO_DAY = np.iinfo(np.int64).min // 2  # the day number of a missing date: below every real day
_EXTENDED = re.compile(r"\s*([+-]?)(\d{4,})-(\d\d)-(\d\d)\s*$")


def as_dates(values) -> pd.Series:
    """datetime64[ms] from datetime64 of any unit, datetime.date, Timestamp or ISO 8601 text (extended
    years too); anything else becomes NaT."""
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_datetime64_dtype(s.dtype):
        return s.astype(DATE_DTYPE)
    out = pd.to_datetime(s, errors="coerce", format="ISO8601")
    if out.dt.tz is not None:
        out = out.dt.tz_localize(None)
    out = out.astype(DATE_DTYPE)
    # pandas' ISO parser knows no signed five-digit years ("+12000-01-01"); numpy does
    for i in np.flatnonzero(out.isna().to_numpy() & s.notna().to_numpy()):
        m = _EXTENDED.match(s.iloc[i]) if isinstance(s.iloc[i], str) else None
        if m:
            sign, year, month, day = m.groups()
            try:
                out.iloc[i] = np.datetime64(f"{sign if sign == '-' else ''}{int(year)}-{month}-{day}", "ms")
            except ValueError:
                pass
    return out


def _days(values) -> np.ndarray:
    return np.asarray(as_dates(values).to_numpy(), dtype="datetime64[D]")


def day_numbers(values) -> np.ndarray:
    """Days since 1970-01-01 as int64 (negative before); a missing date gives NO_DAY."""
    days = _days(values)
    out = days.astype(np.int64)
    out[np.isnat(days)] = NO_DAY
    return out


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    years = days.astype("datetime64[Y]")
    months = days.astype("datetime64[M]")
    return (years.astype(np.int64) + 1970, (months - years).astype(np.int64) + 1,
            (days - months).astype(np.int64) + 1)


def iso_dates(values) -> np.ndarray:
    """ISO 8601 dates as str ("" where missing); years outside 0000-9999 as signed extended years."""
    days = _days(values)
    out = np.datetime_as_string(days, unit="D").astype(object)
    missing = np.isnat(days)
    years = np.where(missing, 2000, days.astype("datetime64[Y]").astype(np.int64) + 1970)
    for i in np.flatnonzero((years < 0) | (years > 9999)):  # numpy writes "-489-09-12", "12000-01-01"
        out[i] = f"{'-' if years[i] < 0 else '+'}{abs(int(years[i])):04d}{out[i][-6:]}"
    out[missing] = ""
    return out


def display_dates(values, bc: str) -> np.ndarray:
    """"DD.MM.YYYY" for reading ("" where missing); a year before Christ as "12.09.490 v. Chr." (bc is that
    suffix in the page's language)."""
    days = _days(values)
    missing = np.isnat(days)
    years, months, dom = _ymd(np.where(missing, np.datetime64("2000-01-01", "D"), days))
    return np.array(["" if gone else f"{d:02d}.{m:02d}.{y:04d}" if y > 0 else f"{d:02d}.{m:02d}.{1 - y} {bc}"
                     for y, m, d, gone in zip(years.tolist(), months.tolist(), dom.tolist(), missing.tolist())],
                    dtype=object)
