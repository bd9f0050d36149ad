"""German-aware sentence splitting with character offsets into the article body.

pysbd's German rules keep "13. Mai", "Nr. 5" and "z. B." inside a sentence. Lines are split
first because headlines, list items and crossheads carry no final punctuation.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pysbd


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="de", clean=False)


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cursor = line_start
        for piece in _segmenter().segment(line):
            piece = piece.strip()
            if not piece:
                continue
            start = text.find(piece, cursor, line_start + len(line))
            if start < 0:  # pysbd altered the text; fall back to the rest of the line
                start, piece = cursor, text[cursor:line_start + len(line)].strip()
            out.append(Sentence(start, start + len(piece), piece))
            cursor = start + len(piece)
    return out
