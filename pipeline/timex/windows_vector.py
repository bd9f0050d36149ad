"""The windows of gating.HeadIndex computed with array operations, for long texts.

A long text has thousands of windows per rule; merging and widening them one by one in Python costs more than
scanning them. Same windows as HeadIndex.windows_scalar, by the same steps done on all windows at once.
"""
from __future__ import annotations

import numpy as np


class VectorWindows:
    def __init__(self, spans: dict[str, list[tuple[int, int]]], runs: list[tuple[int, int]], text_length: int):
        self.spans = spans
        self.n = text_length
        self.run_starts = np.array([s for s, _ in runs], dtype=np.int64)
        self.run_ends = np.array([e for _, e in runs], dtype=np.int64)
        self.run_cum = np.concatenate(([0], np.cumsum(self.run_ends - self.run_starts)))
        self._layouts: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def _runs_in(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Total length of the long runs touching [a, b], for each pair of bounds."""
        i = np.searchsorted(self.run_ends, a, "left")      # first run ending at or after a
        j = np.searchsorted(self.run_starts, b, "right")   # runs starting at or before b
        return np.where(j > i, self.run_cum[j] - self.run_cum[i], 0)

    def _layout(self, keys: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The heads of keys in text order, read once for all rules with the same heads: their starts, the
        furthest end up to each, and the gap before each (how far it starts after all before it end)."""
        layout = self._layouts.get(keys)
        if layout is None:
            spans = sorted(span for k in keys for span in self.spans[k])
            starts = np.array([s for s, _ in spans], dtype=np.int64)
            ends = np.maximum.accumulate(np.array([e for _, e in spans], dtype=np.int64))
            layout = self._layouts[keys] = (starts, ends, starts[1:] - ends[:-1])
        return layout

    def windows(self, keys: tuple[str, ...], margin: int) -> list[tuple[int, int]]:
        starts, ends, gaps = self._layout(keys)
        if not len(starts):
            return []
        # The head windows [start - margin, end + margin], merged where they touch: a window ends before each
        # gap wider than 2 * margin.
        cuts = np.flatnonzero(gaps > 2 * margin) + 1
        a = starts[np.concatenate(([0], cuts))] - margin
        b = ends[np.concatenate((cuts - 1, [len(starts) - 1]))] + margin
        if len(self.run_starts):
            # Widen each by the runs touching it, again by those touching the widened window, until no more
            # are added (the runs touching a window only grow as it widens).
            extra = self._runs_in(a, b)
            while True:
                more = self._runs_in(a - extra, b + extra)
                if not (more > extra).any():
                    break
                extra = np.maximum(more, extra)
            a, b = a - extra, b + extra
            # Merged in order: a window joins the one before when it starts at or before its end; that end is
            # the furthest end of all windows so far (every earlier merged window ends before it starts).
            end_so_far = np.maximum.accumulate(b)
            firsts = np.concatenate(([0], np.flatnonzero(a[1:] > end_so_far[:-1]) + 1))
            lasts = np.concatenate((firsts[1:] - 1, [len(a) - 1]))
            a, b = a[firsts], end_so_far[lasts]
        return list(zip(np.maximum(a, 0).tolist(), np.minimum(b, self.n).tolist()))
