"""Topic gate: only German articles about war or diplomacy give events.

An inflation report or a football match report has dates and even "Angriff" or "Präsident", but no event the
timeline is for; an English article would be read with German rules and give wrong events. The vocabulary
lives in data/lang/de/topic.yaml. Besides its words, the gazetteer's people, states and organisations named
by the article's event mentions count ("Am Montag traf Scholz Macron" is on topic).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pipeline.articles import Article
from pipeline.yamlfile import load_yaml

TOPIC_FILE = Path(__file__).resolve().parent.parent / "data" / "lang" / "de" / "topic.yaml"
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _topic() -> tuple[re.Pattern, int, int]:
    data = load_yaml(TOPIC_FILE)
    stems = sorted(data["stems"], key=len, reverse=True)
    return (re.compile("|".join(map(re.escape, stems))), int(data["min_distinct"]),
            int(data["short_text_chars"]))


def topic_terms(text: str, enough: int | None = None) -> set[str]:
    """The topic entries that start a word or a compound part of the text; the scan stops as soon as `enough`
    are found (linear, and cheap on long texts)."""
    pattern = _topic()[0]
    found: set[str] = set()
    for word in _WORD.finditer(text):
        m = pattern.match(word.group().lower())
        if m:
            found.add(m.group())
            if enough is not None and len(found) >= enough:
                break
    return found


def on_topic(article: Article, actors: set[str]) -> bool:
    """At least min_distinct topic words and named gazetteer actors together (one for a short note).
    Whether the article is German is checked by the driver before any extraction (events.extract_events)."""
    text = f"{article.title}\n{article.body}"
    _, min_distinct, short = _topic()
    need = min_distinct if len(text) >= short else 1
    need -= min(len(actors), need)
    return need == 0 or len(topic_terms(text, need)) >= need
