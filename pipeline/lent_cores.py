"""The cores the article being processed may use for itself (pipeline/events_parts.py reads a very large article
in parts on them); apart from pipeline/parallel.py, which lends them, so that the extraction does not import pandas."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

# Cores the article being processed may use for itself: more than one only when the build runs its articles
# in this process with cores to spare (a pool worker or a Dask task already has its one core). A context
# variable, since the page runs builds in threads.
_LENT_CORES: ContextVar[int] = ContextVar("lent_cores", default=1)


def lent_cores() -> int:
    return _LENT_CORES.get()


@contextmanager
def lending(cores: int):
    token = _LENT_CORES.set(max(1, cores))
    try:
        yield
    finally:
        _LENT_CORES.reset(token)
