"""The event table: columns of DESIGN.md, built from events, stored atomically as Parquet."""
from __future__ import annotations

import contextlib
import dataclasses
import glob
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.dates import as_dates, iso_dates

# DESIGN.md column order; stable, new columns go at the end.
COLUMNS = [
    "event_id", "date", "end", "precision", "timex", "date_text", "event_type", "status",
    "actors", "countries", "sentence", "article_id", "title", "source", "published",
    "char_start", "char_end", "confidence", "confidence_reason", "evidence",
]
LIST_COLUMNS = ("actors", "countries")
INPUTS_META = b"zeitleiste_inputs"
DATE_COLUMNS = ("date", "end", "published")  # datetime64[ms], any year: see pipeline/dates.py


class TableError(RuntimeError):
    """A stored event table that is missing, damaged or not of this contract."""


def events_to_frame(events) -> pd.DataFrame:
    """Event dataclasses -> DataFrame with the contract's columns first, sorted by date."""
    df = pd.DataFrame(event_rows(events))
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = pd.Series(dtype="object")
    extra = [c for c in df.columns if c not in COLUMNS]
    df = df[COLUMNS + extra]
    return normalize_frame(df)


def event_rows(events) -> list[dict]:
    """Events (dataclasses or mappings) as dicts. Shallow: dataclasses.asdict deep-copies every field, which
    for the tens of thousands of events of a very large article took seconds; the fields are immutable."""
    names: dict[type, tuple[str, ...]] = {}
    rows = []
    for e in events:
        if dataclasses.is_dataclass(e):
            keys = names.get(type(e)) or names.setdefault(type(e), tuple(f.name for f in dataclasses.fields(e)))
            rows.append({k: getattr(e, k) for k in keys})
        else:
            rows.append(dict(e))
    return rows


def normalize_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Fix dtypes so a table read from Parquet, CSV or built fresh compares equal."""
    df = df.copy()
    for col in DATE_COLUMNS:
        df[col] = as_dates(df[col])
    for col in LIST_COLUMNS:
        df[col] = df[col].map(_as_list)
    for col in ("char_start", "char_end"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    # a table from before the confidence columns reads as unscored (NaN), not as sure
    for col in ("confidence", "confidence_reason", "evidence"):
        if col not in df.columns:
            df[col] = None
    df["confidence"] = pd.to_numeric(df["confidence"], errors="coerce").astype("float64")
    for col in COLUMNS:
        if col not in DATE_COLUMNS and col not in LIST_COLUMNS and col not in ("char_start", "char_end", "confidence"):
            df[col] = df[col].fillna("").astype(str)
    return df.sort_values(["date", "article_id", "char_start"], kind="stable").reset_index(drop=True)


def _as_list(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value]


@contextlib.contextmanager
def atomic_path(path: str | Path):
    """Yield a temporary path beside path to write; on success it becomes path (readers never see half a
    file), with the mode a plain open() would give (mkstemp makes it 0600); on failure it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    # /proc tells it without changing it; os.umask() sets it, racing other threads for a moment
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def beside_table(table: str | Path, name: str) -> Path:
    """A file kept beside an event table: data/events.parquet -> data/<name>; any other table gets its stem
    as a prefix (x/foo.parquet -> x/foo.<name>)."""
    table = Path(table)
    return table.with_name(name if table.stem == "events" else f"{table.stem}.{name}")


def remove_stale_temporaries(path: str | Path) -> None:
    """Remove the temporary files atomic_path left beside path when a build was killed; call it only while
    holding the writers' lock, so no running writer owns them."""
    path = Path(path)
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_table(df: pd.DataFrame, path: str | Path, inputs_read_at: int | None = None) -> None:
    """inputs_read_at (ns since the epoch) records when the build read its inputs, in the Parquet metadata."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    if inputs_read_at is not None:
        meta = dict(table.schema.metadata or {})
        meta[INPUTS_META] = json.dumps({"read_at": inputs_read_at}).encode()
        table = table.replace_schema_metadata(meta)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)


def inputs_read_at(path: str | Path) -> int | None:
    """When the inputs of the stored table were read (write_table's stamp); None if unknown."""
    try:
        meta = pq.read_schema(path).metadata or {}
        return int(json.loads(meta[INPUTS_META])["read_at"])
    except Exception:  # missing, damaged or unstamped table
        return None


def stored_rows(path: str | Path) -> int:
    """Rows of the table stored at path from the Parquet footer; 0 when missing or unreadable."""
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except Exception:  # missing or damaged: nothing worth keeping
        return 0


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a stored table; raise TableError if it is missing, damaged or lacks columns."""
    path = Path(path)
    if not path.exists():
        raise TableError(f"{path}: no event table")
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for truncated files
        raise TableError(f"{path}: damaged event table ({exc})") from exc
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise TableError(f"{path}: event table lacks columns {', '.join(missing)}")
    _check_list_columns(df, path)
    return normalize_frame(df)


def _check_list_columns(df: pd.DataFrame, path: Path) -> None:
    """A readable table whose actors or countries are not lists of names is damaged too: the page and the
    merge iterate over them (an integer column used to end in a traceback)."""
    for col in LIST_COLUMNS:
        bad = df[col].map(lambda v: not _is_list_cell(v))
        if bad.any():
            value = df[col][bad].iloc[0]
            raise TableError(f"{path}: column {col} holds {type(value).__name__} {value!r}, not a list of names")


def _is_list_cell(value) -> bool:
    if value is None or isinstance(value, str):  # str: a '; '-joined list, as in CSV
        return True
    if isinstance(value, float):
        return pd.isna(value)
    return isinstance(value, (list, tuple, np.ndarray)) and all(isinstance(v, str) for v in value)


def to_csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The CSV shape of DESIGN.md: lists joined with '; ', dates as ISO 8601 strings (extended years signed)."""
    out = df.copy()
    for col in LIST_COLUMNS:
        out[col] = out[col].map(lambda xs: "; ".join(xs))
    for col in DATE_COLUMNS:
        out[col] = iso_dates(out[col])
    return out
