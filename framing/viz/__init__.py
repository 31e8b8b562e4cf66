"""Figures: every chart of the report, drawn from a run's saved tables (seaborn/matplotlib).

Each :class:`Chart` names the tables it reads and a function that draws it; :func:`draw_charts`
draws every chart whose tables the run has and saves it to ``DIR/figures/NAME.{svg,png,pdf}``
for papers, unless the files there were drawn from the same tables (:mod:`framing.viz.cache`).
The report embeds the SVG files. New charts are added with :func:`register_chart`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.errors import ConfigError
from framing.frames.lexicon import key_frame_ids
from framing.viz.cache import chart_key, is_current
from framing.viz.frames import frame_heatmap, frame_share_intervals
from framing.viz.over_time import frame_shares_over_time_chart
from framing.viz.sources import sourcing_bars, voice_bars
from framing.viz.style import FORMATS, save_figure
from framing.viz.topics import topic_map, topic_share_intervals
from framing.viz.topics_over_time import topic_shares_over_time_chart


def key_voice_bars(
    voice_shares: pd.DataFrame,
    catalog: pd.DataFrame | None = None,
    outlets: pd.DataFrame | None = None,
):
    """The voice of the study's key frames (the ``frame_catalog`` table; all without one)."""
    return voice_bars(voice_shares, key_frame_ids(catalog, voice_shares["frame"]), outlets)


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
        ("frame_shares", "outlets"),
        frame_heatmap,
        "Frame use per outlet",
        "Heatmap of the share of each outlet's sentences that use each frame, in percent; "
        "outlets by group when the study declares groups.",
    ),
    Chart(
        "frame_intervals",
        ("frame_shares", "outlets"),
        frame_share_intervals,
        "Frame use per outlet with 95% intervals",
        "Dot plots, one per frame, of each outlet's share of sentences using the frame, outlets "
        "sorted by share, with 95% intervals over articles (hollow dots: outlets with one "
        "article, within-article Wilson interval); colours are outlet groups.",
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
        ("sourcing", "outlets"),
        sourcing_bars,
        "Sourcing per outlet",
        "Stacked bars of each outlet's attributed statements by source type.",
    ),
    Chart(
        "voice",
        ("voice_shares", "frame_catalog", "outlets"),
        key_voice_bars,
        "In whose voice the key frames are stated",
        "Stacked bars of each outlet's sentences with each key frame by voice: denied, hedged, "
        "attributed to each side of the study's source list, to other sources, or the outlet's "
        "own voice.",
    ),
    Chart(
        "topic_shares",
        ("topic_shares", "topics", "outlets"),
        topic_share_intervals,
        "Topic shares per outlet",
        "Dot plots, one per topic (the largest), of each outlet's share of units in the topic, "
        "outlets sorted by share, with bootstrap 95% intervals; colours are outlet groups.",
    ),
    Chart(
        "topic_map",
        ("topic_assignments", "topics", "outlets"),
        topic_map,
        "Map of the units",
        "Scatter plot of the units on two principal components, coloured by outlet group.",
    ),
    Chart(
        "topic_over_time",
        ("topics_over_time", "topics", "events"),
        topic_shares_over_time_chart,
        "Topics over time",
        "Line charts, one per topic (the largest), of the share of units in the topic in each "
        "period, pooled over outlets, with bootstrap 95% intervals over articles; dotted lines "
        "mark the first day of the largest events.",
    ),
]


def register_chart(chart: Chart) -> None:
    """Add a chart (drawn after the built-in ones)."""
    if any(c.name == chart.name for c in CHARTS):
        raise ConfigError(f"chart {chart.name!r} exists already; choose another name")
    CHARTS.append(chart)


def draw_charts(
    table: Callable[[str], pd.DataFrame | None],
    out_dir: str | Path,
    formats: Sequence[str] = FORMATS,
) -> dict[str, dict]:
    """Draw every chart whose first table exists; save it under ``out_dir``.

    A chart whose files are there already, drawn from the same tables by the same code, is not
    drawn again (see :mod:`framing.viz.cache`): re-rendering a report draws only what changed.

    Parameters
    ----------
    table : callable
        ``table(name)`` returns a saved table or None (e.g. ``RunData.table``).
    out_dir : str or Path
        The run's ``figures/`` folder.
    formats : sequence of str, default :data:`~framing.viz.style.FORMATS`
        Formats to save, ``"svg"`` among them (the report embeds it; PNG and PDF are for
        papers). A chart drawn again in fewer formats loses its files of the others.

    Returns
    -------
    dict
        Chart name -> ``{"chart": Chart, "paths": {format: Path}}`` for each chart drawn: every
        file of the chart as drawn now (those of ``formats``, and any other format that was
        saved with the same drawing).
    """
    drawn = {}
    out = Path(out_dir)
    for chart in CHARTS:
        tables = [table(name) for name in chart.tables]
        if tables[0] is None or tables[0].empty:
            continue
        key = chart_key(chart.name, chart.draw, tables)
        paths = {fmt: out / f"{chart.name}.{fmt}" for fmt in formats}
        if not is_current(paths, key):
            fig = chart.draw(*tables)
            if fig is None:
                continue
            save_figure(fig, out, chart.name, formats, key=key)
            for fmt in set(FORMATS) - set(formats):  # of an earlier drawing: they no longer match
                (out / f"{chart.name}.{fmt}").unlink(missing_ok=True)
        paths = {fmt: out / f"{chart.name}.{fmt}" for fmt in FORMATS}
        drawn[chart.name] = {
            "chart": chart,
            "paths": {fmt: path for fmt, path in paths.items() if path.is_file()},
        }
    return drawn
