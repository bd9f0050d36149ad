"""Run the per-article step over many articles: in-process, on local cores, or on a Dask cluster.

The step is a pure function of one article, so chunks can go anywhere; results come back in
input order whatever finishes first, which keeps the table and its event_ids deterministic.
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pandas as pd

from pipeline.lent_cores import lending
from pipeline.table import event_rows, events_to_frame
from pipeline.messages import message, reason_of

KEY = "_key"  # the cache key of the article a row came from

@dataclass
class ChunkResult:
    frame: pd.DataFrame          # normalized event rows plus the KEY column
    done: list[str]              # keys processed (with or without events)
    errors: list[str]            # "<article>: could not be processed (...)"


def run_chunk(func, items) -> ChunkResult:
    """items: [(key, article)]. An exception in one article, in its step or in turning its events into
    table rows, is recorded and costs that article only; the chunk goes on."""
    found_by, done, errors = [], [], []
    for key, article in items:
        try:
            found = list(func(article))
        except Exception as exc:  # a pipeline bug on one article must not lose the others
            errors.append(_failed(article, exc))
            continue
        found_by.append((key, article, found))
        done.append(key)
    try:  # one frame per chunk is cheaper than one per article; only if it fails is each article tried alone
        frame = _chunk_frame(found_by)
    except Exception:  # some article's events do not fit the table: name it, keep the rest
        fits = []
        for key, article, found in found_by:
            try:
                _frame_with_keys(found, [key] * len(found))
                fits.append((key, article, found))
            except Exception as exc:
                errors.append(_failed(article, exc))
                done.remove(key)
        frame = _chunk_frame(fits)
    return ChunkResult(frame, done, errors)


def _chunk_frame(found_by) -> pd.DataFrame:
    return _frame_with_keys([e for _, _, found in found_by for e in found],
                            [k for k, _, found in found_by for _ in found])


def _failed(article, exc: Exception) -> str:
    return message("not_processed", "{id}: could not be processed ({why})", id=article.id, why=reason_of(exc))


def _frame_with_keys(events, keys) -> pd.DataFrame:
    """events_to_frame sorts, so the key rides along as a column."""
    if not events:
        frame = events_to_frame([])
        frame[KEY] = pd.Series(dtype="str")
        return frame
    rows = event_rows(events)
    for row, key in zip(rows, keys):
        row[KEY] = key
    return events_to_frame(rows)


def chunked(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


class Progress:
    """One stderr line, redrawn at most every 0.2 s; silent when disabled."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.enabled, self.t0, self.last = total, 0, enabled and total > 0, time.monotonic(), 0.0

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.2 or self.done >= self.total):
            self.last = now
            rate = self.done / max(now - self.t0, 1e-9)
            sys.stderr.write(f"\r  {self.done}/{self.total} articles ({rate:.0f}/s)")
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def map_articles(func, items: list, *, workers: int | None = None, chunk_size: int = 100,
                 scheduler: str | None = None, progress: bool = False) -> list[ChunkResult]:
    """Apply func to each (key, article); results in input order."""
    chunks = chunked(items, chunk_size)
    bar = Progress(len(items), progress)
    if scheduler:
        return _map_dask(func, chunks, scheduler, bar)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(chunks) <= 1:
        # few articles: starting processes would cost more than the work (incremental rebuilds)
        results = []
        with lending(workers):   # a very large article may still use the cores (pipeline/events_parts.py)
            for chunk in chunks:
                results.append(run_chunk(func, chunk))
                bar.advance(len(chunk))
        return results
    results = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk, res in zip(chunks, pool.map(run_chunk, [func] * len(chunks), chunks)):
            results.append(res)
            bar.advance(len(chunk))
    return results


class ClusterError(RuntimeError):
    """The Dask cluster cannot run this build: no workers, or workers with other code or rules."""


def worker_rules_key() -> str:
    """Runs on a worker: the rules key of the pipeline code and rule files the worker has."""
    from pipeline.cache import rules_key
    return rules_key()


def check_workers(client, expected: str | None = None, timeout: float = 60) -> int:
    """Raise ClusterError unless the scheduler and every worker have the same pipeline code and rule
    files as this machine (the cache and the event ids assume that); return the number of workers."""
    from pipeline.cache import rules_key

    expected = expected or rules_key()
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(f"Dask scheduler {getattr(client.scheduler, 'address', '')}: no worker joined within {timeout:.0f} s")
    fix = ("start the scheduler and every worker in a checkout of the same commit, with requirements.txt "
           "installed and the checkout on PYTHONPATH (see README, 'Running on a Dask cluster')")
    # The scheduler unpickles the tasks too, so it needs the `pipeline` package as much as the workers.
    try:
        keys = {"scheduler": client.run_on_scheduler(worker_rules_key)}
    except Exception as exc:
        raise ClusterError(f"the Dask scheduler cannot load the pipeline ({type(exc).__name__}: {exc}); {fix}") from exc
    try:
        keys.update(client.run(worker_rules_key))
    except Exception as exc:  # typically ModuleNotFoundError: the worker cannot import `pipeline`
        raise ClusterError(f"a Dask worker cannot load the pipeline ({type(exc).__name__}: {exc}); {fix}") from exc
    odd = sorted(addr for addr, key in keys.items() if key != expected)
    if odd:
        raise ClusterError(f"Dask {', '.join(odd)} ha{'s' if len(odd) == 1 else 've'} other pipeline code or rule "
                           "files than this machine; check out the same commit on the scheduler and every worker")
    return len(keys) - 1


def _map_dask(func, chunks, scheduler, bar: Progress) -> list[ChunkResult]:
    from distributed import Client  # optional dependency, only for --scheduler

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        check_workers(client)
        # The articles themselves travel with the tasks (read here, pickled per chunk), so the
        # workers never need to see the input files; only the code and rule files must be there.
        futures = client.map(run_chunk, [func] * len(chunks), chunks, pure=False)
        results = []
        for chunk, fut in zip(chunks, futures):  # gather in input order
            results.append(fut.result())
            bar.advance(len(chunk))
        return results
    finally:
        if client is not scheduler:
            client.close()
