"""Streamlit's own widget texts in the page's language: the script the page runs once per language.

Streamlit has no option for the texts of its widgets: the date picker's calendar follows the browser's
language, and the file uploader ("Upload", "200MB per file"), the multiselect ("Select all", "Add: …") and the
input hints ("Press Enter to apply") are fixed English strings in its frontend. widget_texts.js sets the
document's language, gives the calendars the page's locale when the browser has another language, and
replaces the fixed strings by the page's words (data/ui_labels.yaml: widget_locale, widget_texts).
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

from board.ui_text import Labels

SCRIPT_PATH = Path(__file__).resolve().parent / "static" / "widget_texts.js"
MARK = "<!-- zeitleiste widget texts -->"
# Where Streamlit's fixed texts are: the uploader, the dropdowns and calendars (popovers), the input hints,
# the toolbar tooltips (fullscreen, the data grid's search) and the page menu
SCOPE = ", ".join(["[data-testid=stFileUploader]", "[data-testid=stMultiSelect]", "[data-baseweb=popover]",
                   "[role=listbox]", "[data-testid=InputInstructions]", "[data-testid=stDateInput]",
                   "[data-testid=stDateInputCalendar]", "[role=dialog]", "[data-testid=stTooltipContent]",
                   "[data-testid=stMainMenuPopover]"])


@functools.lru_cache(maxsize=1)
def _template() -> str:
    return SCRIPT_PATH.read_text(encoding="utf-8")


def widget_texts_config(labels: Labels) -> dict:
    """lang, locale (for the calendars; empty: the browser's own), exact texts and (regex, replacement) pairs."""
    texts = labels.own_mapping("widget_texts")
    exact = {k: v for k, v in (texts.get("exact") or {}).items() if isinstance(k, str) and isinstance(v, str)}
    patterns = [[k, v] for k, v in (texts.get("patterns") or {}).items() if isinstance(k, str) and isinstance(v, str)]
    locale = labels["widget_locale"] if labels["widget_locale"] != "widget_locale" else ""
    return {"lang": labels.lang, "locale": locale, "exact": exact, "patterns": patterns, "scope": SCOPE}


def widget_texts_html(labels: Labels) -> str:
    """The html for st.html(..., unsafe_allow_javascript=True): the script with this language's texts. Only
    the project's own data goes in (JSON, with '<' escaped so no text can close the script)."""
    conf = json.dumps(widget_texts_config(labels), ensure_ascii=False).replace("<", "\\u003c")
    return f"{MARK}<script>{_template().replace('/*CONF*/null', conf, 1)}</script>"
