"""The contact network ("Wer mit wem"): contacts that happened, planned ones on request, labels in the page's
language, a seeded force-directed layout in which no edge runs through a node it does not join."""
import math

import numpy as np
import pandas as pd

from board.figures import network_figure
from board.network import contact_pairs
from pipeline.table import events_to_frame, read_table
from board.ui_text import Labels

from conftest import REPO, seed_events

DE, EN = Labels("de"), Labels("en")


def with_planned_meeting():
    events = seed_events()
    events.append(dict(events[3], event_id="geplant-00", event_type="meeting", status="planned",
                       actors=["Joe Biden", "Wladimir Putin"], date="2022-11-15", end="2022-11-15",
                       date_text="am 15. November", sentence="Biden und Putin wollen sich am 15. November treffen."))
    return events_to_frame(events)


def test_contacts_are_those_that_happened_unless_planned_ones_are_asked_for():
    df = with_planned_meeting()
    pairs = contact_pairs(df)
    assert [(a, b) for a, b in zip(pairs["actor_a"], pairs["actor_b"])] == [
        ("Lloyd Austin", "Sergej Schoigu"), ("Mark Milley", "Waleri Gerassimow")]
    assert pairs["planned"].tolist() == [0, 0]
    both = contact_pairs(df, planned=True)
    biden = both[both["actor_a"] == "Joe Biden"].iloc[0]
    assert (biden["actor_b"], biden["count"], biden["planned"], list(biden["types"])) == (
        "Wladimir Putin", 1, 1, ["meeting"])


def _nodes_and_edges(fig):
    nodes = [t for t in fig.data if t.customdata is not None and "markers" in t.mode]
    assert len(nodes) == 1
    node = nodes[0]
    pos = {name: (x, y) for name, x, y in zip(node.customdata, node.x, node.y)}
    edges = []
    for t in fig.data:
        if t.mode == "lines":
            xs, ys = list(t.x), list(t.y)
            for i in range(0, len(xs), 3):  # a, b, gap (None)
                a = next(n for n, p in pos.items() if p == (xs[i], ys[i]))
                b = next(n for n, p in pos.items() if p == (xs[i + 1], ys[i + 1]))
                edges.append((a, b))
    return pos, edges


def _distance_to_segment(p, a, b):
    p, a, b = np.asarray(p), np.asarray(a), np.asarray(b)
    ab = b - a
    t = 0.0 if not ab.any() else float(np.clip(np.dot(p - a, ab) / np.dot(ab, ab), 0, 1))
    return float(np.linalg.norm(p - (a + t * ab)))


def _components(edges):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x
    for a, b in edges:
        parent[find(a)] = find(b)
    groups = {}
    for a, b in edges:
        for n in (a, b):
            groups.setdefault(find(n), set()).add(n)
    return list(groups.values())


def test_layout_keeps_edges_off_other_nodes_and_unrelated_groups_apart():
    table = read_table(REPO / "data" / "events.parquet")
    pairs = contact_pairs(table)
    fig = network_figure(pairs, DE)
    pos, edges = _nodes_and_edges(fig)
    assert len(edges) == min(len(pairs), 80) and len(pos) > 30
    xs, ys = zip(*pos.values())
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    # no edge runs through (or close by) a node it does not join
    for a, b in edges:
        for c, p in pos.items():
            if c not in (a, b):
                assert _distance_to_segment(p, pos[a], pos[b]) > 0.01 * extent, (a, b, c)
    # no two nodes on top of each other
    names = list(pos)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert math.dist(pos[a], pos[b]) > 0.01 * extent, (a, b)
    # actors that never met are in separate groups whose boxes do not overlap, so no edge crosses another group
    boxes = []
    for group in _components(edges):
        gx, gy = [pos[n][0] for n in group], [pos[n][1] for n in group]
        boxes.append((min(gx), max(gx), min(gy), max(gy)))
    assert len(boxes) > 1
    for i, (x0, x1, y0, y1) in enumerate(boxes):
        for (u0, u1, v0, v1) in boxes[i + 1:]:
            assert x1 < u0 or u1 < x0 or y1 < v0 or v1 < y0
    # seeded: the same table gives the same picture
    assert network_figure(pairs, DE).to_json() == fig.to_json()


def test_network_figure_speaks_the_page_language_and_nodes_carry_their_actor(seed_frame):
    pairs = contact_pairs(seed_frame)
    de, en = network_figure(pairs, DE).to_json(), network_figure(pairs, EN).to_json()
    assert "Telefonat" in de and "2 Kontakte" in de and "call" not in de.replace('"call"', "")
    assert "2 contacts" in en and "Telefonat" not in en
    pos, edges = _nodes_and_edges(network_figure(pairs, DE))
    assert set(pos) == {"Lloyd Austin", "Sergej Schoigu", "Mark Milley", "Waleri Gerassimow"}
    assert sorted(edges) == [("Lloyd Austin", "Sergej Schoigu"), ("Mark Milley", "Waleri Gerassimow")]


def test_network_view_counts_happened_contacts_and_switches_planned_ones_on(data_dir):
    from streamlit.testing.v1 import AppTest
    from pipeline.table import write_table

    write_table(with_planned_meeting(), data_dir / "events.parquet")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["view"] = "network"
    at.run()
    assert not at.exception
    pairs = at.dataframe[0].value
    assert len(pairs) == 2 and set(pairs["Typen"]) == {"Telefonat"}
    at.toggle(key="net_planned").set_value(True).run()
    pairs = at.dataframe[0].value
    assert len(pairs) == 3
    biden = pairs[pairs["Akteur A"] == "Joe Biden"].iloc[0]
    assert biden["Typen"] == "Treffen" and biden["davon geplant"] == 1
    at.query_params["lang"] = "en"
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params.update({"view": "network", "lang": "en"})
    at.run()
    assert set(at.dataframe[0].value["Types"]) == {"call"}
