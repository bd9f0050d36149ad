"""UI labels of the dashboard, read from data/ui_labels.yaml (German default, English switch)."""
from __future__ import annotations

import functools
import re
from pathlib import Path

from pipeline.yamlfile import load_yaml


LABELS_PATH = Path(__file__).resolve().parent.parent / "data" / "ui_labels.yaml"
LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict:
    data = load_yaml(path)
    if not isinstance(data, dict) or DEFAULT_LANGUAGE not in data:
        raise ValueError(f"{path}: needs a mapping with the language '{DEFAULT_LANGUAGE}'")
    return data


class Labels:
    """Label lookup for one language; falls back to German, then to the key itself."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE, path: str | Path = LABELS_PATH):
        data = _load(str(path))
        self.lang = lang if lang in data else DEFAULT_LANGUAGE
        self._base = data[DEFAULT_LANGUAGE]
        self._own = data.get(self.lang) or {}

    def __getitem__(self, key: str) -> str:
        value = self._own.get(key, self._base.get(key, key))
        return value if isinstance(value, str) else key

    def fmt(self, key: str, **values) -> str:
        return self[key].format(**values)

    def _group(self, group: str, value: str) -> str:
        own = self._own.get(group) or {}
        base = self._base.get(group) or {}
        return own.get(value) or base.get(value) or value

    def own_mapping(self, key: str) -> dict:
        """A mapping of this language only, without the German fallback (e.g. the charts' plotly.js locale)."""
        value = self._own.get(key)
        return value if isinstance(value, dict) else {}

    def event_type(self, value: str) -> str:
        return self._group("event_types", value)

    def status(self, value: str) -> str:
        return self._group("statuses", value)

    def precision(self, value: str) -> str:
        return self._group("precisions", value)

    def review_state(self, value: str) -> str:
        return self._group("review_states", value)

    def review_action(self, value: str) -> str:
        return self._group("review_actions", value)


def option_from_text(text: str, options, display) -> str | None:
    """The option (a language-neutral key such as "call" or "network") that `text` from a URL names: the key
    itself, or its label in any language (links made before the URL held keys carry the labels of their page's
    language, e.g. "Telefonat", "Wer mit wem"). display(labels, option) gives an option's label. None when
    nothing matches."""
    options = list(options)
    if text in options:
        return text
    folded = " ".join(str(text).split()).casefold()
    for key in options:
        if key.casefold() == folded:
            return key
    for lang in LANGUAGES:
        labels = Labels(lang)
        for key in options:
            if " ".join(display(labels, key).split()).casefold() == folded:
                return key
    return None


# Problems the pipeline reports in English (ingest, decode, build) that the page says in its own language:
# pattern -> label key in data/ui_labels.yaml (its fields are the pattern's groups). Others are shown as they are.
_PROBLEMS = [
    (re.compile(r"^(?P<name>.+?): file type (?P<suffix>\.pdf) not accepted \(allowed: (?P<allowed>.+)\)$", re.I),
     "problem_pdf"),
    (re.compile(r"^(?P<name>.+?): file type (?P<suffix>.+) not accepted \(allowed: (?P<allowed>.+)\)$"),
     "problem_wrong_type"),
    (re.compile(r"^(?P<name>.+?): empty file$"), "problem_empty"),
    (re.compile(r"^(?P<name>.+?): binary data, not text$"), "problem_binary"),
    (re.compile(r"^(?P<name>.+?): no publication date; relative dates stay unresolved$"), "problem_no_date"),
]


def page_problem(problem: str, labels: Labels) -> str:
    """A problem message of the pipeline in the page's language, where the page has its own words for it."""
    for pattern, key in _PROBLEMS:
        found = pattern.match(problem)
        if found:
            return labels.fmt(key, **found.groupdict())
    return problem
