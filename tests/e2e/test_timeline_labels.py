"""Labels read at the real width and zoom: the server places them for an assumed plot width, and the page hides
those that would overlap as drawn (board/static/declutter_labels.js), at any window width and after every zoom."""
import shutil

from e2e_helpers import REPO, browser, page, start_server, wait_chart  # noqa: F401 (fixtures)
from pipeline.table import read_table
from test_browser import TIMELINE_DRAWN, _overlaps

LABEL_STATE = """() => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const texts = [...gd.querySelectorAll('g.textpoint text')].filter(el => !el.closest('.rangeslider-container'));
  return {sent: texts.length, hidden: texts.filter(el => el.style.display === 'none').length,
          shown: Number(gd.dataset.labelsShown || -1)};
}"""

ZOOM = """async (factor) => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const r = gd._fullLayout.xaxis.range.map(v => new Date(v).getTime());
  const mid = (r[0] + r[1]) / 2, half = (r[1] - r[0]) / 2 * factor;
  await window.Plotly.relayout(gd, {'xaxis.range': [mid - half, mid + half]});
  await new Promise(res => requestAnimationFrame(() => requestAnimationFrame(res)));
}"""


def _open(page, start_server, tmp_path, width):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("cache"))
    server = start_server(data)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server.url)
    wait_chart(page, events=len(read_table(REPO / "data" / "events.parquet")))
    page.wait_for_function("() => document.querySelector('.js-plotly-plot').dataset.labelsShown !== undefined")
    page.wait_for_timeout(300)


def test_a_narrow_window_hides_the_labels_that_would_overlap(page, start_server, tmp_path):
    _open(page, start_server, tmp_path, 820)
    state = page.evaluate(LABEL_STATE)
    drawn = page.evaluate(TIMELINE_DRAWN)
    # the server placed its labels for a wider plot: at this width some of them would collide and are hidden
    assert state["hidden"] >= 1, state
    assert len(drawn["labels"]) == state["shown"] == state["sent"] - state["hidden"] >= 5, state
    assert not _overlaps(drawn["labels"]), _overlaps(drawn["labels"])


def test_labels_stay_apart_after_zooming_out_and_come_back_when_zooming_in(page, start_server, tmp_path):
    _open(page, start_server, tmp_path, 1440)
    first = page.evaluate(LABEL_STATE)
    page.evaluate(ZOOM, 4.0)  # four times the range: the labels' marks crowd together
    page.wait_for_timeout(200)
    out = page.evaluate(LABEL_STATE)
    drawn = page.evaluate(TIMELINE_DRAWN)
    assert out["shown"] < first["shown"], (first, out)
    assert not _overlaps(drawn["labels"]), _overlaps(drawn["labels"])
    page.evaluate(ZOOM, 0.25)  # back to the first view: the hidden ones show again
    page.wait_for_timeout(200)
    back = page.evaluate(LABEL_STATE)
    assert back["shown"] == first["shown"], (first, back)
    assert not _overlaps(page.evaluate(TIMELINE_DRAWN)["labels"])
