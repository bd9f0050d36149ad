"""The analyst's review: corrections kept as data and re-applied after every build.

A correction is one line of `data/corrections.jsonl` (beside the event table: `corrections_path_for`), a JSON
object with

    id      a unique name of the correction (also the event_id of an added event)
    time    when it was made (UTC, ISO 8601)
    action  confirm, reject, correct, add, merge or split
    key     what identifies the event in its article: {"article": content hash, "start": char_start,
            "end": char_end, "type": event_type} - the article's content hash (pipeline.articles.content_hash),
            the span of the date expression in its body, and the type the extractor gave it. Never a row number
            or a date, which a rebuild can change.
    change  correct: any of date, end, precision, event_type, actors, countries, status;
            add: the event itself (sentence, date, end, precision, event_type, actors, status, date_text,
            article_id; the key names its article, or none for a typed sentence);
            merge: {"with": the key of the other event}; confirm, reject, split: {}
    note    free text
    old     the event as it was when the correction was made (date, end, event_type, actors, sentence,
            article_id, title, ...), so a correction whose event is gone can still say what it was about

Event rows are merged from mentions (pipeline/merge.py); a key names one mention, and the correction applies to
the merged row that contains it, whichever of its articles represents it. Corrections are applied in the order
of the file, so a later one wins (a confirm after a reject brings the event back).

Writing: the file is read whole under a lock, the new line appended, and the whole file written to a temporary
file and renamed over it, so two writers at once both keep their corrections and a reader never sees half a
file. A file with a damaged line is never written (CorrectionsError names file and line): it would be replaced
by less than it holds. Reading for a build skips a damaged line and reports it instead, leaving the file alone.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.articles import Article
from pipeline.dates import as_dates, iso_dates
from pipeline.merge import MERGED_COLUMNS, merge_events
from pipeline.store import file_lock
from pipeline.table import DATE_COLUMNS, atomic_write_bytes, beside_table, normalize_frame

ACTIONS = ("confirm", "reject", "correct", "add", "merge", "split")
STATES = ("machine", "confirmed", "corrected", "added", "rejected")
REVIEW_COLUMNS = ["review", "review_key"]   # appended after the merge columns (DESIGN.md: new columns at the end)
CHANGE_FIELDS = ("date", "end", "precision", "event_type", "actors", "countries", "status")
ADD_FIELDS = CHANGE_FIELDS + ("sentence", "date_text", "article_id", "title", "source")
ALIASES = {"type": "event_type", "participants": "actors"}
PRECISIONS = ("day", "week", "month", "quarter", "season", "half", "year", "decade", "range")
STATUSES = ("happened", "planned")
OLD_FIELDS = ("event_id", "date", "end", "precision", "date_text", "event_type", "status", "actors", "sentence",
              "article_id", "title", "published")
ANALYST = "Analyst"   # the source of an added event that names no article
TYPED = "add-"        # the key of an added event that names no article: {"article": "add-<id>", type}


class CorrectionsError(ValueError):
    """A corrections file that cannot be read or written as it is; the message names file and line."""


def corrections_path_for(table: str | Path) -> Path:
    """data/events.parquet -> data/corrections.jsonl; other tables: <stem>.corrections.jsonl beside them."""
    return beside_table(table, "corrections.jsonl")


def rejected_path_for(table: str | Path) -> Path:
    """Where the build lists the rejected events: data/rejected.parquet beside data/events.parquet."""
    return beside_table(table, "rejected.parquet")


# -- keys ---------------------------------------------------------------------------------------------------------

def make_key(article: str, start, end, event_type: str) -> dict:
    return {"article": article or "", "start": _int_or_none(start), "end": _int_or_none(end),
            "type": event_type or ""}


def key_text(key: dict) -> str:
    """The key as one string, as the review_key column holds it: '<hash>:<start>-<end>:<type>'."""
    span = "" if key.get("start") is None else f"{key['start']}-{key['end']}"
    return f"{key.get('article', '')}:{span}:{key.get('type', '')}"


def parse_key_text(text: str) -> dict:
    """Inverse of key_text."""
    article, _, rest = str(text).partition(":")
    span, _, etype = rest.partition(":")
    start, _, end = span.partition("-")
    return make_key(article, start or None, end or None, etype)


def _int_or_none(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value == "":
        return None
    return int(value)


def _row_keys(df: pd.DataFrame, hash_of: dict[str, str]) -> list[str]:
    """review_key of every row from its article id (through the build's article hashes), span and type."""
    # columns as lists: iterating nullable integer and Arrow string columns value by value is slow
    return [key_text(make_key(hash_of.get(a, ""), s, e, t)) for a, s, e, t in
            zip(*(df[c].tolist() for c in ("article_id", "char_start", "char_end", "event_type")))]


# -- corrections --------------------------------------------------------------------------------------------------

@dataclass
class Correction:
    action: str
    key: dict
    change: dict = field(default_factory=dict)
    note: str = ""
    old: dict = field(default_factory=dict)
    id: str = ""
    time: str = ""
    line: int = 0          # where it was read (0: not from a file)

    def to_json(self) -> str:
        record = {"id": self.id, "time": self.time, "action": self.action, "key": self.key,
                  "change": self.change, "note": self.note, "old": self.old}
        return json.dumps(record, ensure_ascii=False, sort_keys=False, default=str)

    def describe(self) -> str:
        """One line for reports: action, the event as it was, the change and the note."""
        old = self.old or {}
        what = " ".join(str(x) for x in (
            _span(old.get("date"), old.get("end")), old.get("event_type") or self.key.get("type"),
            "; ".join(old.get("actors") or []),
        ) if x)
        sentence = old.get("sentence") or self.change.get("sentence") or ""
        text = f"{self.action} [{key_text(self.key)}]"
        if what:
            text += f" {what}"
        if old.get("article_id"):
            text += f" in {old['article_id']}"
        if sentence:
            text += f": «{_short(sentence)}»"
        change = {k: v for k, v in self.change.items() if k != "sentence"}
        if change:
            text += f" -> {json.dumps(change, ensure_ascii=False, default=str)}"
        if self.note:
            text += f" (note: {self.note})"
        return text


def _span(date, end) -> str:
    if not date:
        return ""
    return str(date) if not end or end == date else f"{date}..{end}"


def _short(text: str, n: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 1] + "…"


def new_correction(action: str, key: dict, change: dict | None = None, note: str = "", old: dict | None = None,
                   now: dt.datetime | None = None) -> Correction:
    """A correction with a fresh id and the current time, checked like a line read from the file."""
    now = now or dt.datetime.now(dt.timezone.utc)
    c = Correction(action=action, key=dict(key), change=dict(change or {}), note=note or "", old=dict(old or {}),
                   id=uuid.uuid4().hex[:16], time=now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return _checked(json.loads(c.to_json()), "new correction")


def old_values(row) -> dict:
    """The event as it is now (a table row, dict or Series), to keep in a correction."""
    row = dict(row)
    out = {}
    for col in OLD_FIELDS:
        value = row.get(col)
        if col in DATE_COLUMNS:
            value = iso_dates(pd.Series([value]))[0] if value is not None else ""
        elif col == "actors":
            value = [str(v) for v in (value if value is not None else [])]
        elif value is None or (isinstance(value, float) and pd.isna(value)):
            value = ""
        out[col] = value if isinstance(value, list) else str(value)
    return out


def for_row(action: str, row, change: dict | None = None, note: str = "", other=None) -> Correction:
    """A correction of a row of the built table (it carries its key in review_key); other: the second row of
    a merge."""
    row = dict(row)
    if not row.get("review_key"):
        raise CorrectionsError("the table has no review keys; rebuild it (python -m pipeline build)")
    change = dict(change or {})
    if action == "merge":
        if other is None:
            raise CorrectionsError("merge needs a second event")
        change["with"] = parse_key_text(dict(other)["review_key"])
    return new_correction(action, parse_key_text(row["review_key"]), change, note, old_values(row))


def for_sentence(sentence: str, date: str, event_type: str, *, actors=(), end: str | None = None,
                 precision: str | None = None, status: str = "happened", date_text: str = "",
                 article: Article | None = None, note: str = "") -> Correction:
    """An 'add' correction for an event the extractor missed: a sentence of an article (its span is where the
    date expression stands in the body, or the sentence's start when it names none) or a typed sentence."""
    change = {"sentence": sentence, "date": date, "end": end or date, "event_type": event_type,
              "actors": list(actors), "status": status, "date_text": date_text}
    if precision:
        change["precision"] = precision
    start = stop = None
    if article is not None:
        at = article.body.find(sentence)
        if at < 0:
            raise CorrectionsError(f"{article.id}: the sentence is not in the article's text")
        inner = sentence.find(date_text) if date_text else -1
        start, stop = (at + inner, at + inner + len(date_text)) if inner >= 0 else (at, at + len(sentence))
        change.update(article_id=article.id, title=article.title, source=article.source)
    key = make_key(article.content_hash if article is not None else "", start, stop, event_type)
    return new_correction("add", key, change, note)


# -- reading and writing ------------------------------------------------------------------------------------------

def read_corrections(path: str | Path) -> tuple[list[Correction], list[str]]:
    """(corrections, problems): every good line in order; a damaged line is skipped and named in problems as
    '<file>, line <n>: <what is wrong>'. A missing file holds no corrections."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], []
    except OSError as exc:   # a build goes on and says so; a writer refuses (read_corrections_strict)
        return [], [f"{path}: cannot be read ({exc.strerror})"]
    return _parse_corrections(data, path)


def _parse_corrections(data: bytes, path: Path) -> tuple[list[Correction], list[str]]:
    """read_corrections on the file's bytes, already read."""
    out, problems = [], []
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        where = f"{path}, line {n}"
        try:
            record = _json_line(raw)
        except CorrectionsError as exc:
            problems.append(f"{where}: {exc}; fix or remove the line")
            continue
        try:
            c = _checked(record, where)
        except CorrectionsError as exc:
            problems.append(str(exc))
            continue
        c.line = n
        out.append(c)
    return out, problems


def read_corrections_strict(path: str | Path) -> list[Correction]:
    """Every correction of the file, or CorrectionsError naming the first damaged line."""
    return _strict(*read_corrections(path))


def _strict(out: list[Correction], problems: list[str]) -> list[Correction]:
    if problems:
        more = f" (and {len(problems) - 1} more damaged lines)" if len(problems) > 1 else ""
        raise CorrectionsError(f"{problems[0]}{more}")
    return out


def _json_line(raw: bytes):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorrectionsError(f"not UTF-8 (byte {exc.start + 1})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorrectionsError(f"not valid JSON ({exc.msg}, column {exc.colno})") from None
    except (RecursionError, ValueError) as exc:
        raise CorrectionsError(f"not valid JSON ({type(exc).__name__})") from None


def _checked(record, where: str) -> Correction:
    """A Correction from one parsed line; CorrectionsError('<where>: <problem>') when it is not one."""
    def bad(problem: str):
        return CorrectionsError(f"{where}: {problem}; fix or remove the line")

    if not isinstance(record, dict):
        raise bad(f"a JSON object expected, found {type(record).__name__}")
    action = record.get("action")
    if action not in ACTIONS:
        raise bad(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    key = _checked_key(record.get("key"), action, bad)
    change = record.get("change") or {}
    if not isinstance(change, dict):
        raise bad("change must be a JSON object")
    change = {ALIASES.get(k, k): v for k, v in change.items()}
    if action == "merge":
        change = {"with": _checked_key(change.get("with"), "merge", bad)}
    elif action in ("correct", "add"):
        allowed = ADD_FIELDS if action == "add" else CHANGE_FIELDS
        unknown = sorted(set(change) - set(allowed))
        if unknown:
            raise bad(f"{action} cannot change {', '.join(unknown)} (only {', '.join(allowed)})")
        change = _checked_change(change, bad)
        if action == "correct" and not change:
            raise bad("correct without a change")
        if action == "add":
            for need in ("sentence", "date"):
                if not change.get(need):
                    raise bad(f"add needs its event's {need}")
            change["event_type"] = change.get("event_type") or key["type"]
            if change["event_type"] != key["type"]:
                raise bad("add: the key's type and the event's type differ")
    else:
        change = {}
    old = record.get("old") or {}
    note = record.get("note") or ""
    if not isinstance(old, dict) or not isinstance(note, str):
        raise bad("old must be a JSON object and note a text")
    return Correction(action=action, key=key, change=change, note=note, old=old, id=str(record.get("id") or ""),
                      time=str(record.get("time") or ""))


def _checked_key(key, action: str, bad) -> dict:
    if not isinstance(key, dict):
        raise bad("key must be a JSON object with article, start, end and type")
    try:
        out = make_key(key.get("article"), key.get("start"), key.get("end"), key.get("type"))
    except (TypeError, ValueError):
        raise bad("the key's start and end must be whole numbers") from None
    if not isinstance(out["article"], str) or not isinstance(out["type"], str) or not out["type"]:
        raise bad("the key needs the article's content hash and the event type")
    if action != "add" and not out["article"]:
        raise bad("the key needs the article's content hash")
    if action != "add" and out["start"] is None and not out["article"].startswith(TYPED):
        raise bad("the key needs the span (start, end) of the event in its article")
    if (out["start"] is None) != (out["end"] is None):
        raise bad("the key's span needs both start and end")
    return out


def _checked_change(change: dict, bad) -> dict:
    out = {}
    for name, value in change.items():
        if name in ("date", "end"):
            if not isinstance(value, str) or pd.isna(as_dates(pd.Series([value]))[0]):
                raise bad(f"{name} {value!r} is not an ISO date (YYYY-MM-DD)")
        elif name in ("actors", "countries"):
            if isinstance(value, str):
                value = [v.strip() for v in value.split(";") if v.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise bad(f"{name} must be a list of names")
        elif name == "precision" and value not in PRECISIONS:
            raise bad(f"precision {value!r} is not one of {', '.join(PRECISIONS)}")
        elif name == "status" and value not in STATUSES:
            raise bad(f"status {value!r} is not one of {', '.join(STATUSES)}")
        elif not isinstance(value, str):
            raise bad(f"{name} must be a text")
        out[name] = value
    if "date" in out and "end" in out:
        first, last = as_dates(pd.Series([out["date"], out["end"]]))
        if last < first:
            raise bad(f"end {out['end']} lies before date {out['date']}")
    return out


def record_corrections(path: str | Path, corrections: list[Correction]) -> int:
    """Append corrections to the file: under the file's lock, read it whole (refusing a damaged one), add the
    new lines, write the whole file to a temporary file and rename it over the old one. Returns how many
    corrections the file holds now."""
    path = Path(path)
    with file_lock(path):
        data = _file_bytes(path) or b""
        # raises for a damaged file: never write less than it holds
        held = _strict(*_parse_corrections(data, path))
        if data and not data.endswith(b"\n"):
            data += b"\n"
        new = b"".join(c.to_json().encode("utf-8") + b"\n" for c in corrections)
        atomic_write_bytes(path, data + new)
        return len(held) + len(corrections)


def record(path: str | Path, correction: Correction) -> int:
    return record_corrections(path, [correction])


def _file_bytes(path: Path) -> bytes | None:
    """The corrections file's bytes (read under its lock by the caller), None when there is none yet."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def rekey_corrections(path: str | Path, old: str, new: str) -> int:
    """(An article was retitled or redated, pipeline/stored_articles.py.) Corrections keyed by its old content hash are moved to its new one (key and merge partner),
    under the corrections file's lock; lines that do not change, and damaged ones, stay byte for byte.
    Returns how many lines changed."""
    path = Path(path)
    with file_lock(path):
        data = _file_bytes(path)
        if data is None:
            return 0
        lines, changed = data.split(b"\n"), 0
        for i, raw in enumerate(lines):
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            hit = False
            for key in (record.get("key"), (record.get("change") or {}).get("with")
                        if isinstance(record.get("change"), dict) else None):
                if isinstance(key, dict) and key.get("article") == old:
                    key["article"], hit = new, True
            if hit:
                lines[i] = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
                changed += 1
        if changed:
            atomic_write_bytes(path, b"\n".join(lines))
        return changed


# -- applying ---------------------------------------------------------------------------------------------------

@dataclass
class Review:
    """The outcome of a build's review step."""
    events: pd.DataFrame
    mentions: pd.DataFrame
    rejected: pd.DataFrame
    read: int = 0                                          # corrections read from the file
    applied: dict[str, int] = field(default_factory=dict)  # action -> how many were applied
    unmatched: list[str] = field(default_factory=list)     # corrections whose event was not found, described
    problems: list[str] = field(default_factory=list)      # damaged lines of the file (skipped, file untouched)

    def lines(self) -> list[str]:
        if not self.read and not self.problems:
            return []
        done = sum(self.applied.values())
        parts = ", ".join(f"{n} {a}" for a, n in self.applied.items() if n)
        out = [f"{done} of {self.read} corrections applied" + (f" ({parts})" if parts else "")
               + f", {len(self.unmatched)} not found; {len(self.rejected)} rejected events left out"]
        out += [f"  correction not found: {u}" for u in self.unmatched]
        out += [f"  corrections file damaged: {p} (not applied; the file is left as it is)" for p in self.problems]
        return out


def apply_corrections(mentions: pd.DataFrame, articles: list[Article], corrections_path: str | Path | None,
                      corrections: list[Correction] | None = None) -> Review:
    """Merge the mentions into events (pipeline/merge.py) and apply the corrections of the file (or the given
    ones): merges and splits steer the merge, then the row corrections and additions follow in file order.
    Returns the events (rejected ones left out, review and review_key appended), the mentions (review_key
    appended), the rejected events, and what was applied or not found."""
    problems: list[str] = []
    if corrections is None:
        corrections, problems = read_corrections(corrections_path) if corrections_path else ([], [])
    hash_of = {a.id: a.content_hash for a in articles}
    by_hash = {a.content_hash: a for a in articles}
    review = Review(events=None, mentions=None, rejected=None, read=len(corrections), problems=problems,
                    applied={a: 0 for a in ACTIONS})
    unmatched: dict[int, str] = {}   # position in corrections -> why
    partners: dict[int, list[str]] = {}  # position of a split -> keys of the mentions left in the old row

    def adjust(m: pd.DataFrame, labels: list[int]) -> list[int]:
        return _steer_clusters(m, labels, corrections, hash_of, review, unmatched, partners)

    structural = any(c.action in ("merge", "split") for c in corrections)
    events, mentions = merge_events(mentions, adjust=adjust if structural else None)
    mentions = mentions.assign(review_key=_row_keys(mentions, hash_of))
    events = events.assign(review_key=_row_keys(events, hash_of))
    if not corrections:   # every event as the machine made it (a very large build spares the records' round trip)
        review.events, review.rejected = review_frames(events.assign(review="machine"))
        review.mentions = mentions
        return review
    rows = _Rows(events, mentions)
    for i, c in enumerate(corrections):
        if c.action in ("merge", "split"):
            if i not in unmatched:
                rows.mark(rows.find(c.key), "corrected")
                if c.action == "merge":
                    rows.mark(rows.find(c.change["with"]), "corrected")
                for k in partners.get(i, []):
                    rows.mark(rows.find(parse_key_text(k)), "corrected")
            continue
        if c.action == "add":
            why = _add(rows, c, by_hash)
        else:
            targets = rows.find(c.key)
            why = "" if targets else "no event"
            for eid in targets:
                rows.apply(eid, c)
        if why:
            unmatched[i] = why
        else:
            review.applied[c.action] += 1
    for i in sorted(unmatched):
        review.unmatched.append(f"{corrections[i].describe()} - {_why(corrections[i], unmatched[i], hash_of)}")
    review.events, review.rejected = rows.frames()
    review.mentions = mentions
    return review


def _why(c: Correction, why: str, hash_of: dict[str, str]) -> str:
    """Why the event of a correction is not found: its article changed, was removed, or no longer gives it."""
    if why not in ("no event", "no article"):
        return why
    article = c.key.get("article")
    if article.startswith(TYPED):
        return "the added event it refers to is no longer in the corrections"
    if article and article not in hash_of.values():
        aid = (c.old or {}).get("article_id") or c.change.get("article_id")
        if aid and aid in hash_of:
            return f"article {aid} changed (its text is not the one corrected); check and correct it again"
        return "article removed (no input has the text corrected)"
    return "the extractor no longer finds this event in the article (no mention of that type at that span)"


def _steer_clusters(m: pd.DataFrame, labels: list[int], corrections: list[Correction], hash_of: dict[str, str],
                    review: Review, unmatched: dict[int, str], partners: dict[int, list[str]]) -> list[int]:
    """Cluster labels after the analyst's merges (two clusters become one) and splits (a mention leaves its
    cluster; partners gets the keys of the mentions it leaves), in file order."""
    labels = list(labels)
    where: dict[str, list[int]] = {}
    keys = _row_keys(m, hash_of)
    for pos, k in enumerate(keys):
        where.setdefault(k, []).append(pos)
    fresh = len(labels)
    for i, c in enumerate(corrections):
        if c.action not in ("merge", "split"):
            continue
        mine = where.get(key_text(c.key), [])
        if c.action == "split":
            if not mine:
                unmatched[i] = "no event"
                continue
            for pos in mine:
                if labels.count(labels[pos]) > 1:
                    partners[i] = [keys[p] for p, lab in enumerate(labels) if lab == labels[pos] and p != pos]
                    labels[pos], fresh = fresh, fresh + 1
        else:
            other = where.get(key_text(c.change["with"]), [])
            if not mine or not other:
                unmatched[i] = "no event" if not mine else (
                    f"the event to merge with [{key_text(c.change['with'])}] is not found")
                continue
            into = labels[mine[0]]
            gone = {labels[p] for p in mine + other}
            labels = [into if lab in gone else lab for lab in labels]
        review.applied[c.action] += 1
    return labels


class _Rows:
    """The merged events as records by event_id, for corrections one at a time."""

    def __init__(self, events: pd.DataFrame, mentions: pd.DataFrame):
        self.columns = list(events.columns)
        frame = events.copy()
        for col in DATE_COLUMNS:   # ISO text in the records: any year survives the round trip
            frame[col] = iso_dates(frame[col])
        self.records = {r["event_id"]: r for r in frame.astype(object).to_dict("records")}
        self.state = {eid: "machine" for eid in self.records}
        self.where: dict[str, list[str]] = {}
        for k, eid in zip(mentions["review_key"], mentions["merged_id"]):
            ids = self.where.setdefault(k, [])
            if eid not in ids:
                ids.append(eid)

    def find(self, key: dict) -> list[str]:
        return [eid for eid in self.where.get(key_text(key), []) if eid in self.records]

    def mark(self, ids, state: str) -> None:
        for eid in ids:
            self.state[eid] = state

    def apply(self, eid: str, c: Correction) -> None:
        before = self.state[eid]
        if c.action == "reject":
            self.state[eid] = "rejected"
        elif c.action == "confirm":
            self.state[eid] = before if before in ("corrected", "added") else "confirmed"
        elif c.action == "correct":
            _change(self.records[eid], c.change)
            self.state[eid] = "added" if before == "added" else "corrected"

    def add(self, record: dict, c: Correction) -> None:
        eid = record["event_id"]
        self.records[eid] = record
        self.state[eid] = "added"
        self.where.setdefault(record["review_key"], []).insert(0, eid)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        rows = [dict(r, review=self.state[eid]) for eid, r in self.records.items()]
        columns = self.columns + ["review"]
        return review_frames(pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns))


def review_frames(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(kept, rejected) events of a frame with a review column, in the table's dtypes and column order."""
    df = normalize_frame(df)
    df["n_sources"] = pd.to_numeric(df["n_sources"], errors="coerce").fillna(0).astype("int64")
    for col in ("date_conflict", "review", "review_key"):
        df[col] = df[col].fillna("").astype(str)
    df["sources"] = df["sources"].map(lambda xs: [str(x) for x in xs] if _is_seq(xs) else [])
    head = [c for c in df.columns if c not in MERGED_COLUMNS + REVIEW_COLUMNS]
    df = df[head + MERGED_COLUMNS + REVIEW_COLUMNS]
    rejected = df["review"] == "rejected"
    return df[~rejected].reset_index(drop=True), df[rejected].reset_index(drop=True)


def _is_seq(value) -> bool:
    return isinstance(value, (list, tuple)) or (hasattr(value, "ndim") and getattr(value, "ndim", 0) == 1)


def _change(record: dict, change: dict) -> None:
    """Apply a correct (or add) change to a record whose dates are ISO text."""
    dates_changed = "date" in change or "end" in change or "precision" in change
    if "date" in change:
        record["date"] = change["date"]
        record["end"] = change.get("end") or change["date"]
    elif "end" in change:
        record["end"] = change["end"]
    if "precision" in change:
        record["precision"] = change["precision"]
    elif "date" in change or "end" in change:
        record["precision"] = "day" if record["end"] == record["date"] else "range"
    if dates_changed:
        record["timex"] = _timex(record["date"], record["end"], record["precision"])
        record["date_conflict"] = ""
    for name in ("event_type", "status"):
        if name in change:
            record[name] = change[name]
    if "actors" in change:
        record["actors"], countries = _canonical(change["actors"])
        if "countries" not in change:
            record["countries"] = countries
    if "countries" in change:
        record["countries"] = list(change["countries"])


def _timex(date: str, end: str, precision: str) -> str:
    if precision == "day" and date == end:
        return date
    if precision == "month":
        return date[:-3]
    if precision == "year":
        return date[:-6]
    return ""


def _canonical(names: list[str]) -> tuple[list[str], list[str]]:
    """Names as the gazetteer spells them ('Selenskyj' -> 'Wolodymyr Selenskyj') and their countries."""
    try:
        from pipeline.actors_gazetteer import load_gazetteer
        g = load_gazetteer()
    except Exception:   # rule files unreadable: keep the analyst's spelling
        return list(names), []
    actors, countries = [], []
    for name in names:
        canon = g.aliases.get(name, name)
        if canon not in actors:
            actors.append(canon)
        a = g.actors.get(canon)
        if a and a.country and a.country not in countries:
            countries.append(a.country)
    return actors, countries


def _add(rows: _Rows, c: Correction, by_hash: dict[str, Article]) -> str:
    """Put an added event in the table; '' when done, else why not."""
    article = by_hash.get(c.key["article"]) if c.key["article"] else None
    if c.key["article"] and article is None:
        return "no article"
    found = rows.find(c.key)
    if found:   # the extractor now finds it too: one row, with the analyst's values
        for eid in found:
            _change(rows.records[eid], c.change)
            rows.state[eid] = "added"
        return ""
    ch = c.change
    source = (article.source or article.id) if article else (ch.get("source") or ANALYST)
    record = {col: None for col in rows.columns}
    record.update(
        event_id=hashlib.sha1(f"add\x1f{c.id}\x1f{key_text(c.key)}".encode("utf-8", "surrogatepass")).hexdigest()[:16],
        date_text=ch.get("date_text", ""), sentence=ch["sentence"], evidence=ch["sentence"],
        status=ch.get("status") or "happened", actors=[], countries=[],
        article_id=article.id if article else ch.get("article_id", ""),
        title=article.title if article else ch.get("title", ""), source=source,
        published=article.published.isoformat() if article and article.published else "",
        char_start=c.key["start"], char_end=c.key["end"], confidence=None,
        confidence_reason="added by an analyst", sources=[source], n_sources=1, date_conflict="",
        review_key=key_text(c.key) if c.key["article"] else key_text(make_key(TYPED + c.id, None, None,
                                                                                  c.key["type"])))
    _change(record, {"precision": ch.get("precision") or ("day" if ch.get("end", ch["date"]) == ch["date"]
                                                            else "range"),
                     **{k: v for k, v in ch.items() if k in CHANGE_FIELDS and k != "precision"}})
    rows.add(record, c)
    return ""


# -- the command line's look-ups (python -m pipeline review ...) --------------------------------------------------

def find_row(table: str | Path, event_id: str, *, mentions: bool = False) -> dict:
    """The row of event_id in the built table, or among its rejected events (to confirm one back); with
    mentions=True in the table of all mentions (the mention a split takes out)."""
    from pipeline.build import mentions_path_for  # late: build imports this module
    from pipeline.table import TableError, read_table

    table = Path(table)
    paths = [mentions_path_for(table)] if mentions else [table, rejected_path_for(table)]
    for path in paths:
        if not path.exists():
            continue
        try:
            df = pd.read_parquet(path) if mentions else read_table(path)
        except (TableError, OSError, ValueError) as exc:
            raise CorrectionsError(f"{path}: cannot be read ({exc})") from exc
        if "review_key" not in df.columns:
            raise CorrectionsError(f"{path} has no review keys; rebuild it (python -m pipeline build)")
        hit = df[df["event_id"] == event_id]
        if len(hit):
            return hit.iloc[0].to_dict()
    raise CorrectionsError(f"no {'mention' if mentions else 'event'} {event_id!r} in {paths[0]}")
