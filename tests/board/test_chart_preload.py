"""The script that loads Streamlit's plotly module when the page opens (board/chart_preload.py)."""
import json

from board.chart_preload import CHUNKS, MARK, chart_preload_html, plotly_chunk


def test_the_script_names_the_installed_streamlits_plotly_module():
    chunk = plotly_chunk()
    assert chunk and chunk.startswith("PlotlyChart.") and (CHUNKS / chunk).is_file()
    html = chart_preload_html()
    assert html.startswith(MARK + "<script>") and html.endswith("</script>")
    assert f"const chunk = {json.dumps(chunk)};" in html and "/*CHUNK*/" not in html


def test_without_exactly_one_module_file_nothing_is_preloaded(tmp_path):
    assert plotly_chunk(tmp_path) is None
    for name in ("PlotlyChart.a1.js", "PlotlyChart.b2.js"):
        (tmp_path / name).write_text("")
    assert plotly_chunk(tmp_path) is None
    (tmp_path / "PlotlyChart.b2.js").unlink()
    assert plotly_chunk(tmp_path) == "PlotlyChart.a1.js"
