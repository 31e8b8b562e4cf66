"""Charts stay legible at 10 and at 200 outlets, measured from the SVG files they write.

The tables are synthetic (no pipeline run). Every chart with outlet rows must name every outlet
in a ``<text>`` element of its SVG (the style keeps SVG text as text), no text may reach
outside the SVG's viewBox, and no two outlet labels may overlap. Text boxes come from the SVG
(position, anchor, rotation, font size) and DejaVu Sans' metrics.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from framing.viz import CHARTS, draw_charts
from framing.viz.frames import shared_events

SVG = "{http://www.w3.org/2000/svg}"
FRAMES = ["friendship", "sanctions_violation", "western_accusation", "military_cooperation"]
VOICES = ["denied", "hedged", "attributed_west", "attributed_other", "own_voice"]
SOURCE_TYPES = ["government", "military", "expert", "wire_agency", "unknown"]
EVENTS = [f"event-2024-0{m}-1{d}" for m in range(1, 4) for d in range(2)]
#: Charts with one row per outlet.
OUTLET_CHARTS = ("frame_heatmap", "frame_intervals", "frame_event_heatmap", "sourcing", "voice",
                 "topic_shares")  # fmt: skip


def outlet_names(n: int) -> list[str]:
    """``n`` outlet names of different lengths, with characters XML escapes."""
    names = [f"Outlet {i:03d}" for i in range(n)]
    names[1] = "Kompas & <Tempo>"
    names[2] = "The Jakarta Post Weekend Edition (English)"
    return names


def study_tables(n: int, groups: int) -> dict[str, pd.DataFrame]:
    """Every table the charts read, for ``n`` outlets in ``groups`` groups (0: none)."""
    rng = np.random.default_rng(n)
    outlets = outlet_names(n)

    def shares(keys: dict, size: int) -> pd.DataFrame:
        index = pd.MultiIndex.from_product(list(keys.values()), names=list(keys))
        share = rng.uniform(0, 0.6, len(index))
        return (
            pd.DataFrame(index=index)
            .reset_index()
            .assign(
                share=share,
                ci_low=np.clip(share - rng.uniform(0, 0.2, len(index)), 0, 1),
                ci_high=np.clip(share + rng.uniform(0, 0.2, len(index)), 0, 1),
                sentences=size,
            )
        )

    frame_shares = shares({"outlet": outlets, "frame": FRAMES}, 40)
    one_article = frame_shares["outlet"].isin(outlets[::7])
    frame_shares["article_ci_low"] = frame_shares["ci_low"].mask(one_article)
    frame_shares["article_ci_high"] = frame_shares["ci_high"].mask(one_article)
    by_event = shares({"outlet": outlets, "event": EVENTS[:3], "frame": FRAMES}, 10)
    covered = by_event["event"] == [EVENTS[outlets.index(o) % 3] for o in by_event["outlet"]]
    by_event = by_event[covered | by_event["outlet"].isin(outlets[:3])]  # a few cover all
    sourcing = shares({"outlet": outlets, "source_type": SOURCE_TYPES}, 0)
    sourcing = sourcing.assign(n=rng.integers(1, 20, len(sourcing)), total=100)
    voice = shares({"outlet": outlets, "frame": FRAMES[:2], "voice": VOICES}, 0)
    topic_shares = shares({"outlet": outlets, "topic": list(range(-1, 9))}, 0)
    topics = pd.DataFrame({"topic": range(9), "label": [f"topic words {t}" for t in range(9)],
                           "n_units": rng.integers(10, 100, 9)})  # fmt: skip
    periods = [d.strftime("%Y-%m-%d") for d in pd.date_range("2024-01-01", periods=6, freq="W")]
    over_time = shares({"period": periods, "topic": list(range(9))}, 0)
    assignments = pd.DataFrame({"outlet": np.repeat(outlets, 3), "topic": np.arange(3 * n) % 9,
                                "x": rng.normal(size=3 * n), "y": rng.normal(size=3 * n)})  # fmt: skip
    group = [f"Group {chr(65 + i % groups)}" for i in range(n)] if groups else [None] * n
    return {
        "frame_shares": frame_shares,
        "frame_shares_by_event": by_event,
        "sourcing": sourcing,
        "voice_shares": voice,
        "topic_shares": topic_shares.assign(method="assignment"),
        "topics": topics,
        "topics_over_time": over_time.assign(method="assignment"),
        "topic_assignments": assignments,
        "outlets": pd.DataFrame({"outlet": outlets, "group": group}),
    }


@dataclass
class Text:
    text: str
    size: float
    bold: bool
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the viewBox


@dataclass
class Chart:
    name: str
    view: tuple[float, float]  # viewBox width, height
    texts: list[Text]


@cache
def _metrics(text: str, size: float, bold: bool) -> tuple[float, float, float]:
    prop = FontProperties(family="DejaVu Sans", size=size, weight="bold" if bold else "normal")
    return TextToPath().get_text_width_height_descent(text, prop, ismath=False)


def _box(element, style: dict, content: str) -> tuple[float, float, float, float]:
    size = float(style["font-size"].removesuffix("px"))
    width, height, descent = _metrics(content, size, style.get("font-weight") == "700")
    x0 = {"start": 0.0, "middle": -width / 2, "end": -width}[style.get("text-anchor", "start")]
    corners = np.array([[x0, descent - height], [x0 + width, descent - height],
                        [x0, descent], [x0 + width, descent]])  # fmt: skip
    transform = element.get("transform", "")
    origin = np.array([float(element.get("x", 0)), float(element.get("y", 0))])
    if move := re.search(r"translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)", transform):
        origin = np.array([float(move[1]), float(move[2])])
    angle = re.search(r"rotate\(([-\d.e]+)", transform)
    a = np.radians(float(angle[1])) if angle else 0.0
    rotation = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    points = corners @ rotation.T + origin
    return (*points.min(axis=0), *points.max(axis=0))


def parse(name: str, svg: bytes) -> Chart:
    root = ET.fromstring(svg)
    _, _, width, height = map(float, root.get("viewBox").split())
    texts = []
    for element in root.iter(f"{SVG}text"):
        content = "".join(element.itertext())
        style = dict(
            part.split(":", 1) for part in element.get("style", "").replace(" ", "").split(";")
            if ":" in part
        )  # fmt: skip
        style = {k: v.replace("'", "") for k, v in style.items()}
        box = _box(element, style, content)
        size = float(style["font-size"].removesuffix("px"))
        texts.append(Text(content, size, style.get("font-weight") == "700", box))
    return Chart(name, (width, height), texts)


@pytest.fixture(
    scope="module", params=[(10, 3), (200, 8), (10, 0)], ids=["10", "200", "10-ungrouped"]
)
def drawn(request, tmp_path_factory):
    n, groups = request.param
    tables = study_tables(n, groups)
    out = tmp_path_factory.mktemp(f"figures{n}-{groups}")
    paths = draw_charts(tables.get, out, formats=("svg",))
    charts = {name: parse(name, item["paths"]["svg"].read_bytes()) for name, item in paths.items()}
    return n, groups, tables, charts


def expected_outlets(name: str, tables: dict) -> set[str]:
    if name == "frame_event_heatmap":
        return set(shared_events(tables["frame_shares_by_event"])[0]["outlet"])
    return set(tables["outlets"]["outlet"])


def test_every_chart_is_drawn(drawn):
    _, _, _, charts = drawn
    assert set(charts) == {c.name for c in CHARTS} - {"frame_over_time"}  # no table for it


@pytest.mark.parametrize("name", OUTLET_CHARTS)
def test_every_outlet_is_labelled_and_no_label_overlaps_another(drawn, name):
    _, _, tables, charts = drawn
    chart = charts[name]
    outlets = expected_outlets(name, tables)
    labels = [t for t in chart.texts if t.text in outlets]
    assert {t.text for t in labels} == outlets
    assert overlaps([t.box for t in labels]) == []


def overlaps(boxes: list[tuple[float, ...]]) -> list[tuple]:
    """Pairs of boxes that cross (by more than 0.1 unit), by a sweep down the chart."""
    boxes = sorted(boxes, key=lambda b: b[1])
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b[1] >= a[3] - 0.1:
                break
            if b[0] < a[2] - 0.1 and a[0] < b[2] - 0.1:
                found.append((a, b))
    return found


@pytest.mark.parametrize("name", [c.name for c in CHARTS])
def test_no_text_reaches_outside_the_svg(drawn, name):
    _, _, _, charts = drawn
    if name not in charts:
        pytest.skip("not drawn from these tables")
    chart = charts[name]
    width, height = chart.view
    outside = [
        (t.text, [round(v, 1) for v in t.box])
        for t in chart.texts
        if t.box[0] < -0.5 or t.box[1] < -0.5 or t.box[2] > width + 0.5 or t.box[3] > height + 0.5
    ]
    assert outside == []


def test_legends_name_groups_never_outlets(drawn):
    n, groups, tables, charts = drawn
    outlets = set(tables["outlets"]["outlet"])
    texts = {name: [t.text for t in chart.texts] for name, chart in charts.items()}
    assert not outlets & set(texts["topic_map"])  # coloured by group, no outlet legend
    # each outlet once per panel of the dot plots (one panel per frame, per topic shown)
    panels = {"frame_intervals": len(FRAMES), "topic_shares": 6}
    for name, count in panels.items():
        assert all(texts[name].count(o) == count for o in outlets), name
    for name in ("frame_intervals", "topic_shares", "topic_map"):
        assert ("outlet group" in texts[name]) == bool(groups), name
        shown = {f"Group {chr(65 + i)}" for i in range(min(groups, 7))}
        assert shown <= set(texts[name]), name
    if groups == 8:
        assert "Group H" in texts["frame_intervals"]  # the eighth group in grey, by name


def test_rows_have_a_fixed_height_and_width_stays_the_page(drawn):
    n, _, _, charts = drawn
    for name in OUTLET_CHARTS:
        width, height = charts[name].view
        assert width < 10.5 * 72, name  # never wider than the page: the browser never shrinks it
    heatmap = charts["frame_heatmap"]
    rows = sorted(t.box[1] for t in heatmap.texts if t.text.startswith("Outlet "))
    assert min(np.diff(rows)) >= 0.16 * 72 - 0.5  # 0.17 in per row, minus rounding


def test_the_topics_over_time_chart_shows_the_largest_topics(drawn):
    _, _, tables, charts = drawn
    texts = [t.text for t in charts["topic_over_time"].texts]
    largest = tables["topics"].nlargest(6, "n_units")["topic"]
    assert all(f"{t}: topic words {t}" in texts for t in largest)
    assert any("the 6 largest of 9 topics" in t for t in texts)


def test_unchanged_charts_are_not_drawn_again(tmp_path, monkeypatch):
    kept = [c for c in CHARTS if c.name in ("frame_intervals", "voice")]
    monkeypatch.setattr("framing.viz.CHARTS", kept)
    tables = study_tables(10, 3)
    formats = ("svg", "png")
    first = draw_charts(tables.get, tmp_path, formats)
    svg = first["frame_intervals"]["paths"]["svg"]
    stamp = {name: [p.stat().st_mtime_ns for p in item["paths"].values()]
             for name, item in first.items()}  # fmt: skip
    again = draw_charts(tables.get, tmp_path, formats)
    assert {name: [p.stat().st_mtime_ns for p in item["paths"].values()]
            for name, item in again.items()} == stamp  # fmt: skip
    changed = dict(tables, frame_shares=tables["frame_shares"].assign(share=0.5))
    before = svg.read_bytes()
    draw_charts(changed.get, tmp_path, formats)
    assert svg.read_bytes() != before
    (tmp_path / "voice.png").unlink()  # a missing file: drawn again
    assert draw_charts(tables.get, tmp_path, formats)["voice"]["paths"]["png"].is_file()
    # the page needs the SVG only: a chart kept lists its PNG too, one drawn again loses it
    assert set(draw_charts(tables.get, tmp_path, ("svg",))["voice"]["paths"]) == {"svg", "png"}
    svg_only = draw_charts(changed.get, tmp_path, ("svg",))
    assert set(svg_only["frame_intervals"]["paths"]) == {"svg"}
    assert set(svg_only["voice"]["paths"]) == {"svg", "png"}
    assert not (tmp_path / "frame_intervals.png").exists()
