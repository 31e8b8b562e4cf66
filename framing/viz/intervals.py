"""Small multiples of dots with interval whiskers: one panel per category (frame, topic), the
outlets sorted by their share on the y axis, labelled, and coloured by outlet group."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.groups import Groups
from framing.viz.layout import (
    WIDTH,
    panel_grid,
    row_labels,
    rows_height,
    with_header,
)
from framing.viz.style import chart_style

#: Height of a panel beyond its rows (title, tick labels above and below), in inches.
PANEL_MARGIN = 0.85


def ranked_intervals(
    table: pd.DataFrame,
    category: str,
    categories: Sequence,
    *,
    groups: Groups,
    titles: Sequence[str] | None = None,
    xlabel: str,
    title: str,
) -> Figure:
    """Each outlet's ``share`` as a dot with its ``ci_low``–``ci_high`` whisker, one panel per
    value of ``category``, outlets sorted by share (largest on top).

    Parameters
    ----------
    table : DataFrame
        ``outlet``, ``category``, ``share``, ``ci_low``, ``ci_high`` (shares in [0, 1]) and,
        optionally, ``hollow`` (True: draw the dot unfilled, e.g. an interval of another kind).
    category : str
        The column of the panels (``frame``, ``topic``).
    categories : sequence
        Its values, in panel order.
    groups : Groups
        The outlets' groups: dot colours and a legend of the groups (none without groups).
    titles : sequence of str, optional
        Panel titles (default: the categories).
    xlabel, title : str
    """
    table = table.assign(outlet=table["outlet"].astype(str))
    outlets = sorted(table["outlet"].unique())
    titles = [str(c) for c in categories] if titles is None else list(titles)
    rows, columns = panel_grid(len(categories), outlets)
    panel_height = rows_height(len(outlets)) + PANEL_MARGIN
    legend = groups.legend_handles(outlets)
    with chart_style():
        fig = plt.figure(figsize=(WIDTH, rows * panel_height + 0.3), layout="constrained")
        body = with_header(fig, title, legend, "outlet group")
        axes = body.subplots(rows, columns, squeeze=False)
        for ax, value, heading in zip(axes.ravel(), categories, titles, strict=False):
            rows_of = table[table[category] == value].set_index("outlet")
            _panel(ax, rows_of.reindex(outlets), groups)
            ax.set_title(heading, fontsize=9)
        for ax in axes.ravel()[len(categories) :]:
            ax.set_visible(False)
        body.supxlabel(xlabel, fontsize=8)
    return fig


def _panel(ax, rows: pd.DataFrame, groups: Groups) -> None:
    """One panel: the outlets (index of ``rows``) sorted by share, missing shares last."""
    rows = rows.assign(_share=rows["share"].astype(float))
    rows = rows.sort_values(["_share"], ascending=False, kind="stable", na_position="last")
    share = rows["_share"].to_numpy() * 100
    low = np.clip(share - rows["ci_low"].to_numpy(float) * 100, 0, None)
    high = np.clip(rows["ci_high"].to_numpy(float) * 100 - share, 0, None)
    y = np.arange(len(rows))
    hollow = (
        rows["hollow"].astype("boolean").fillna(False).to_numpy(bool)
        if "hollow" in rows
        else np.zeros(len(rows), dtype=bool)
    )
    colour = np.array([groups.colour(o) for o in rows.index])
    for c in dict.fromkeys(colour):
        for filled in (True, False):
            mask = (colour == c) & (hollow != filled) & ~np.isnan(share)
            if mask.any():
                ax.errorbar(share[mask], y[mask], xerr=[low[mask], high[mask]], fmt="o", ms=3.5,
                            capsize=1.5, lw=0.9, color=c,
                            markerfacecolor=c if filled else "white")  # fmt: skip
    ax.set_ylim(len(rows) - 0.5, -0.5)
    row_labels(ax, list(rows.index))
    top = np.nanmax(np.append(share + high, 1.0))
    ax.set_xlim(0, min(100.0, top * 1.08 + 0.5))
    ax.tick_params(axis="x", labelsize=7, top=True, labeltop=len(rows) > 25)
    ax.grid(axis="y", visible=False)
