"""The script that starts loading Streamlit's plotly code when the page opens (static/preload_chart.js).

Streamlit loads plotly.js lazily, as the module static/js/PlotlyChart.<hash>.js of its frontend, when the first
chart element arrives; the page's figure at 100k events takes the server a good part of a second, and the
browser's loading and running plotly.js as long again, one after the other. The script imports that module at
once, so the two overlap. The chunk's name comes from the installed Streamlit; without exactly one such file the
page includes nothing and charts load as before.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit

SCRIPT_PATH = Path(__file__).resolve().parent / "static" / "preload_chart.js"
CHUNKS = Path(streamlit.__file__).resolve().parent / "static" / "static" / "js"
MARK = "<!-- zeitleiste chart preload -->"


def plotly_chunk(folder: Path = CHUNKS) -> str | None:
    """The file name of Streamlit's plotly chart module, None unless there is exactly one."""
    found = sorted(p.name for p in Path(folder).glob("PlotlyChart.*.js"))
    return found[0] if len(found) == 1 else None


@functools.cache
def chart_preload_html() -> str:
    """The html for st.html(..., unsafe_allow_javascript=True); empty when the chunk is not known."""
    chunk = plotly_chunk()
    if chunk is None:
        return ""
    script = SCRIPT_PATH.read_text(encoding="utf-8").replace("/*CHUNK*/null", json.dumps(chunk), 1)
    return f"{MARK}<script>{script}</script>"
