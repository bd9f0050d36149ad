"""The analyst's review on the page: which events need review and in what order, what the review form offers for
an event, and the correction records (pipeline/corrections.py) the form's values make.

Pure functions, no Streamlit: board/review_page.py draws the forms and hands what these return to
pipeline.corrections.record, the one writer of the corrections file, then rebuilds the table so it shows them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.articles import Article
from pipeline.corrections import (PRECISIONS, STATES, STATUSES, Correction, CorrectionsError, for_row,
                                  for_sentence)
from pipeline.dates import iso_dates

REVIEWED = ("confirmed", "corrected", "added")   # a person checked the row
UNREVIEWED = "machine"
REVIEW_FILTERS = ("all", "reviewed", "needs_review")   # the page's filter; keys, labels in ui_labels.yaml
MERGE_WINDOW_DAYS = 7       # events offered to merge with: their dates lie this close
MERGE_CHOICES = 50


class FormProblem(ValueError):
    """Form values that make no correction; `key` names the page's message in data/ui_labels.yaml."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


# -- states, filter and queue -------------------------------------------------------------------------------------

def review_states(df: pd.DataFrame) -> pd.Series:
    """The review state of each row; a table built before the review existed (no column) is all machine."""
    if "review" not in df.columns:
        return pd.Series(UNREVIEWED, index=df.index, dtype=object)
    states = df["review"].astype(object).where(df["review"].isin(STATES), UNREVIEWED)
    return states


def state_of(row) -> str:
    """The review state of one row (a dict or Series); machine when it has none."""
    state = row.get("review") if hasattr(row, "get") else None
    return state if isinstance(state, str) and state in STATES else UNREVIEWED


def can_review(df: pd.DataFrame) -> bool:
    """Corrections need the rows' keys (review_key), which every build since the review writes."""
    return "review_key" in df.columns and bool(len(df)) and bool((df["review_key"].astype(str) != "").all())


def review_mask(states: np.ndarray | pd.Series, which: str) -> np.ndarray:
    """Rows kept by the review filter: all, reviewed (confirmed, corrected, added) or needs_review (machine)."""
    states = np.asarray(states, dtype=object)
    if which == "reviewed":
        return np.isin(states, REVIEWED)
    if which == "needs_review":
        return states == UNREVIEWED
    return np.ones(len(states), dtype=bool)


def review_queue(df: pd.DataFrame, skipped=()) -> pd.DataFrame:
    """The events still to review, least sure first: machine-made rows by confidence (none first), then the
    fewest sources, then date; rows the analyst skipped in this session go to the end."""
    todo = df[review_states(df) == UNREVIEWED]
    order = pd.DataFrame({
        "skipped": todo["event_id"].isin(list(skipped)).to_numpy(),
        "confidence": pd.to_numeric(todo["confidence"], errors="coerce").fillna(-1.0).to_numpy()
        if "confidence" in todo.columns else np.zeros(len(todo)),
        "sources": pd.to_numeric(todo["n_sources"], errors="coerce").fillna(1).to_numpy()
        if "n_sources" in todo.columns else np.ones(len(todo)),
        "date": todo["date"].to_numpy(),
        "pos": np.arange(len(todo)),
    })
    order = order.sort_values(["skipped", "confidence", "sources", "date", "pos"], kind="stable", na_position="last")
    return todo.iloc[order["pos"].to_numpy()]


# -- the correction form ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventForm:
    """What the review form shows and returns for one event."""
    date: dt.date | None
    end: dt.date | None
    precision: str
    event_type: str
    actors: tuple[str, ...]
    status: str


def _day(value) -> dt.date | None:
    """A table date as datetime.date for the date picker; None when missing or outside years 1-9999."""
    text = iso_dates(pd.Series([value]))[0] if value is not None else ""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def form_values(row) -> EventForm:
    """The form's starting values: the event as the table has it."""
    row = dict(row)
    date = _day(row.get("date"))
    end = _day(row.get("end")) or date
    precision = row.get("precision") if row.get("precision") in PRECISIONS else "day"
    status = row.get("status") if row.get("status") in STATUSES else STATUSES[0]
    actors = row.get("actors")
    return EventForm(date, end, precision, str(row.get("event_type") or ""),
                     tuple(str(a) for a in (actors if actors is not None else [])), status)


def _checked_dates(form: EventForm) -> tuple[str, str]:
    if form.date is None:
        raise FormProblem("review_needs_date")
    end = form.end or form.date
    if end < form.date:
        raise FormProblem("review_end_before_date", date=form.date, end=end)
    return form.date.isoformat(), end.isoformat()


def change_from_form(row, form: EventForm) -> dict:
    """The fields the analyst changed (corrections.CHANGE_FIELDS), {} when the form is as the table has it."""
    before = form_values(row)
    change: dict = {}
    end, precision = form.end or form.date, form.precision
    if form.date != before.date and before.end == before.date and end == before.end and precision == "day":
        end = form.date          # a day moved to another day, its end untouched: still one day
    if form.date and end and end != form.date and precision == "day":
        precision = "range"      # two days given as the interval: a range, not a day
    if (form.date, end, precision) != (before.date, before.end, before.precision):
        date, end = _checked_dates(EventForm(form.date, end, precision, form.event_type, form.actors, form.status))
        change.update(date=date, end=end, precision=precision)
    if form.event_type and form.event_type != before.event_type:
        change["event_type"] = form.event_type
    actors = [a.strip() for a in form.actors if a and a.strip()]
    if tuple(actors) != before.actors:
        change["actors"] = list(dict.fromkeys(actors))
    if form.status != before.status:
        change["status"] = form.status
    return change


def correction_from_form(row, form: EventForm, note: str = "") -> Correction:
    """A 'correct' correction of the row from the form's values; FormProblem when nothing changed or the
    dates are impossible."""
    change = change_from_form(row, form)
    if not change:
        raise FormProblem("review_nothing_changed")
    return for_row("correct", row, change, note.strip())


def verdict(action: str, row, note: str = "") -> Correction:
    """confirm or reject the row (a confirm of a rejected row brings it back)."""
    if action not in ("confirm", "reject"):
        raise ValueError(action)
    return for_row(action, row, note=note.strip())


def merge(row, other, note: str = "") -> Correction:
    """Two rows that are one event."""
    if str(dict(row).get("event_id")) == str(dict(other).get("event_id")):
        raise FormProblem("review_merge_same")
    return for_row("merge", row, note=note.strip(), other=other)


def split(mention, note: str = "") -> Correction:
    """Take one mention (a row of mentions.parquet) out of the event it was merged into."""
    return for_row("split", mention, note=note.strip())


def merge_candidates(df: pd.DataFrame, row, days: int = MERGE_WINDOW_DAYS, most: int = MERGE_CHOICES) -> pd.DataFrame:
    """Other events the row might be one with: their dates within `days` of its date, the same type first, then
    the nearest date."""
    row = dict(row)
    others = df[df["event_id"] != row.get("event_id")]
    if pd.isna(row.get("date")) or others.empty:
        return others.head(0)
    gap = (others["date"] - pd.Timestamp(row["date"])).abs()
    near = others[gap <= pd.Timedelta(days=days)]
    key = pd.DataFrame({"type": (near["event_type"] != row.get("event_type")).to_numpy(),
                        "gap": gap[near.index].to_numpy(), "pos": np.arange(len(near))})
    key = key.sort_values(["type", "gap", "pos"], kind="stable")
    return near.iloc[key["pos"].to_numpy()].head(most)


def split_choices(mentions: pd.DataFrame | None) -> pd.DataFrame:
    """The mentions that can leave their event: those of an event merged from more than one."""
    if mentions is None or len(mentions) < 2 or "review_key" not in mentions.columns:
        return pd.DataFrame() if mentions is None else mentions.head(0)
    return mentions


# -- adding a missed event ----------------------------------------------------------------------------------------

def article_sentences(article: Article) -> list[str]:
    """The sentences of an article's body, as the analyst picks one (verbatim, so the key finds its span)."""
    from pipeline.sentences import split_sentences   # late: loads the splitter's rules

    out = []
    for s in split_sentences(article.body):
        text = article.body[s.start:s.end].strip() if hasattr(s, "start") else str(s.text).strip()
        if text and text not in out:
            out.append(text)
    return out


@dataclass(frozen=True)
class DateGuess:
    """The first date expression of a sentence, resolved against its article's publication date."""
    date_text: str
    date: dt.date
    end: dt.date
    precision: str


def date_in_sentence(sentence: str, published: dt.date | None) -> DateGuess | None:
    """What the add form offers as the event's date: the sentence's first date expression that dates an event
    (pipeline.timex), or None."""
    from pipeline.timex import recognize   # late: loads the rules

    try:
        found = recognize(sentence, published)
    except Exception:   # a suggestion only: the analyst types the date
        return None
    for tx in found:
        if tx.is_event_date and not tx.named:
            return DateGuess(tx.text, tx.first_day, tx.last_day or tx.first_day, tx.precision or "day")
    return None


def added_event(sentence: str, form: EventForm, *, article: Article | None = None, date_text: str = "",
                note: str = "") -> Correction:
    """An 'add' correction from the add form: a sentence of a stored article (article given) or a typed one."""
    sentence = " ".join(str(sentence or "").split()) if article is None else str(sentence or "").strip()
    if not sentence:
        raise FormProblem("review_needs_sentence")
    if not form.event_type:
        raise FormProblem("review_needs_type")
    date, end = _checked_dates(form)
    date_text = (date_text or "").strip()
    if article is not None and date_text and date_text not in sentence:
        date_text = ""   # a phrase not in the sentence names no span; the key then spans the sentence
    try:
        return for_sentence(sentence, date, form.event_type, actors=[a.strip() for a in form.actors if a.strip()],
                            end=end, precision=form.precision, status=form.status, date_text=date_text,
                            article=article, note=note.strip())
    except CorrectionsError:
        raise FormProblem("review_sentence_not_in_article") from None
