"""Dots with interval whiskers, one row per category and one colour per outlet."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.style import chart_style, palette


def interval_dots(
    table: pd.DataFrame,
    category: str,
    categories: Sequence,
    *,
    labels: Sequence[str] | None = None,
    xlabel: str,
    ylabel: str,
    title: str,
) -> Figure:
    """Each outlet's ``share`` per category as a dot with its ``ci_low``–``ci_high`` whisker.

    Parameters
    ----------
    table : DataFrame
        ``outlet``, ``category``, ``share``, ``ci_low``, ``ci_high`` (shares in [0, 1]) and,
        optionally, ``hollow`` (True: draw the dot unfilled, e.g. an interval of another kind).
    category : str
        The column of the rows (``frame``, ``topic``).
    categories : sequence
        Its values, top to bottom.
    labels : sequence of str, optional
        Tick labels of ``categories``.
    xlabel, ylabel, title : str
    """
    outlets = sorted(table["outlet"].astype(str).unique())
    colours = palette(len(outlets))
    step = 0.8 / max(len(outlets), 1)
    height = 0.9 + 0.5 * len(categories) * max(1, len(outlets) / 3)
    with chart_style():
        fig, ax = plt.subplots(figsize=(7.5, height))
        for j, outlet in enumerate(outlets):
            rows = table[table["outlet"].astype(str) == outlet].set_index(category)
            rows = rows.reindex(list(categories))
            share = rows["share"].to_numpy(float) * 100
            low = np.clip(share - rows["ci_low"].to_numpy(float) * 100, 0, None)
            high = np.clip(rows["ci_high"].to_numpy(float) * 100 - share, 0, None)
            y = np.arange(len(categories)) - 0.4 + step * (j + 0.5)
            hollow = (
                rows["hollow"].fillna(False).to_numpy(bool)
                if "hollow" in rows
                else np.zeros(len(y), dtype=bool)
            )
            for mask, face in ((~hollow, colours[j]), (hollow, "none")):
                if not mask.any():
                    continue
                ax.errorbar(
                    share[mask],
                    y[mask],
                    xerr=[low[mask], high[mask]],
                    fmt="o",
                    ms=4,
                    capsize=2,
                    lw=1,
                    color=colours[j],
                    markerfacecolor=face,
                    label=outlet if mask is not hollow or not (~hollow).any() else None,
                )
        ticks = [str(c) for c in categories] if labels is None else list(labels)
        ax.set_yticks(np.arange(len(categories)), ticks)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(title="outlet", loc="lower right", fontsize=8, frameon=True)
    return fig
