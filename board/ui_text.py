"""UI labels of the dashboard, read from data/ui_labels.yaml (German default, English switch)."""
from __future__ import annotations

import functools
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

    def message(self, text) -> str:
        """A pipeline message (pipeline.messages.Message: code and values) in this language, from the
        `messages` mapping of this language; English text (the command line's) where it has none, and for
        plain text."""
        code = getattr(text, "code", None)
        template = (self._own.get("messages") or {}).get(code) if code else None
        if isinstance(template, str):
            try:  # a value can be a message itself (a row of a file: "<file> line <n>"), or a number
                return template.format(**{k: self.message(v) if hasattr(v, "code")
                                          else self.number(v) if isinstance(v, float) else v
                                          for k, v in text.values.items()})
            except (KeyError, IndexError, ValueError):
                pass
        return str(text)

    def number(self, value: float) -> str:
        """A measured value in this language's notation: one decimal unless whole ("50,5", "60")."""
        text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
        return text.replace(".", self._own.get("decimal_mark", "."))

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
