"""Figures: every chart of the report, drawn from a run's saved tables (seaborn/matplotlib).

Each :class:`Chart` names the tables it reads and a function that draws it; :func:`draw_charts`
draws every chart whose tables the run has and saves it to ``DIR/figures/NAME.{svg,png,pdf}``
for papers. The report embeds the SVG files. New charts are added with :func:`register_chart`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.errors import ConfigError
from framing.frames.lexicon import key_frame_ids
from framing.viz.frames import frame_heatmap, frame_share_intervals
from framing.viz.over_time import frame_shares_over_time_chart
from framing.viz.sources import sourcing_bars, voice_bars
from framing.viz.style import FORMATS, save_figure
from framing.viz.topics import topic_map, topic_share_intervals


def key_voice_bars(voice_shares: pd.DataFrame, catalog: pd.DataFrame | None = None):
    """The voice of the study's key frames (the ``frame_catalog`` table; all without one)."""
    return voice_bars(voice_shares, key_frame_ids(catalog, voice_shares["frame"]))


@dataclass(frozen=True)
class Chart:
    """A chart of the report.

    Attributes
    ----------
    name : str
        File name (without extension) under ``DIR/figures/`` and the key sections use.
    tables : tuple of str
        Tables it reads, in the order ``draw`` takes them; the first is required.
    draw : callable
        ``draw(*tables) -> Figure | None``.
    title : str
        Caption heading.
    alt : str
        Text alternative for readers who cannot see the chart.
    """

    name: str
    tables: tuple[str, ...]
    draw: Callable
    title: str
    alt: str


CHARTS: list[Chart] = [
    Chart(
        "frame_heatmap",
        ("frame_shares",),
        frame_heatmap,
        "Frame use per outlet",
        "Heatmap of the share of each outlet's sentences that use each frame, in percent.",
    ),
    Chart(
        "frame_intervals",
        ("frame_shares",),
        frame_share_intervals,
        "Frame use per outlet with 95% intervals",
        "Dot plot of each outlet's share of sentences per frame with 95% intervals over "
        "articles (hollow dots: outlets with one article, within-article Wilson interval).",
    ),
    Chart(
        "frame_event_heatmap",
        ("frame_shares_by_event",),
        lambda shares: frame_heatmap(shares, index="outlet · event"),
        "Frame use per outlet and event",
        "Heatmap of the share of sentences using each frame, per outlet and event.",
    ),
    Chart(
        "frame_over_time",
        ("frame_shares_over_time", "events"),
        frame_shares_over_time_chart,
        "Frame use over time",
        "Line charts, one per frame, of the share of sentences using the frame in each period, "
        "pooled over outlets and per outlet group, with 95% intervals over articles; dotted "
        "lines mark the first day of the largest events.",
    ),
    Chart(
        "sourcing",
        ("sourcing",),
        sourcing_bars,
        "Sourcing per outlet",
        "Stacked bars of each outlet's attributed statements by source type.",
    ),
    Chart(
        "voice",
        ("voice_shares", "frame_catalog"),
        key_voice_bars,
        "In whose voice the key frames are stated",
        "Stacked bars of each outlet's sentences with each key frame by voice: denied, hedged, "
        "attributed to each side of the study's source list, to other sources, or the outlet's "
        "own voice.",
    ),
    Chart(
        "topic_shares",
        ("topic_shares", "topics"),
        topic_share_intervals,
        "Topic shares per outlet",
        "Dot plot of each outlet's share of units per topic with bootstrap 95% intervals.",
    ),
    Chart(
        "topic_map",
        ("topic_assignments", "topics"),
        topic_map,
        "Map of the units",
        "Scatter plot of the units on two principal components, coloured by outlet.",
    ),
]


def register_chart(chart: Chart) -> None:
    """Add a chart (drawn after the built-in ones)."""
    if any(c.name == chart.name for c in CHARTS):
        raise ConfigError(f"chart {chart.name!r} exists already; choose another name")
    CHARTS.append(chart)


def draw_charts(
    table: Callable[[str], pd.DataFrame | None], out_dir: str | Path
) -> dict[str, dict]:
    """Draw every chart whose first table exists; save it under ``out_dir``.

    Parameters
    ----------
    table : callable
        ``table(name)`` returns a saved table or None (e.g. ``RunData.table``).
    out_dir : str or Path
        The run's ``figures/`` folder.

    Returns
    -------
    dict
        Chart name -> ``{"chart": Chart, "paths": {format: Path}}`` for each chart drawn.
    """
    drawn = {}
    for chart in CHARTS:
        tables = [table(name) for name in chart.tables]
        if tables[0] is None or tables[0].empty:
            continue
        fig = chart.draw(*tables)
        if fig is None:
            continue
        drawn[chart.name] = {
            "chart": chart,
            "paths": save_figure(fig, out_dir, chart.name, FORMATS),
        }
    return drawn
