"""Charts of frame use: an outlet × frame heatmap, shares with intervals, and per event."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.intervals import interval_dots
from framing.viz.style import SEQUENTIAL, chart_style


def _order(values: pd.Series) -> list[str]:
    return list(dict.fromkeys(values.astype(str)))


def frame_heatmap(frame_shares: pd.DataFrame, *, index: str = "outlet") -> Figure | None:
    """Share of sentences using each frame, one cell per (``index``, frame), annotated in %.

    Parameters
    ----------
    frame_shares : DataFrame
        The ``frame_shares`` (or ``frame_shares_by_event`` with ``index="outlet · event"``)
        table: ``frame``, ``share`` and the index column(s).
    index : str, default="outlet"
        Row variable; ``"outlet · event"`` joins the outlet and event columns.

    Returns
    -------
    Figure or None
        None when the table is empty.
    """
    if frame_shares is None or frame_shares.empty:
        return None
    table = frame_shares.copy()
    shown = ""
    if index == "outlet · event":
        table, shown = shared_events(table)
        if table.empty:
            return None
        table[index] = (
            table["outlet"].astype(str) + " · " + table["event"].fillna("(none)").astype(str)
        )
    grid = table.pivot_table(index=index, columns="frame", values="share", aggfunc="first")
    grid = grid[_order(table["frame"])] * 100
    with chart_style():
        fig, ax = plt.subplots(figsize=(1.2 + 1.15 * grid.shape[1], 0.9 + 0.42 * grid.shape[0]))
        sns.heatmap(
            grid,
            ax=ax,
            cmap=SEQUENTIAL,
            vmin=0,
            vmax=max(float(np.nanmax(grid.to_numpy())), 1.0),
            annot=True,
            fmt=".0f",
            linewidths=0.5,
            cbar_kws={"label": "sentences using the frame (%)"},
        )
        ax.set_xlabel("frame")
        ax.set_ylabel(index)
        ax.set_title(
            f"Frame use per outlet and event (% of sentences){shown}"
            if index != "outlet"
            else "Frame use per outlet (% of sentences)"
        )
        ax.tick_params(axis="x", rotation=30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    return fig


#: The most events the per-event heatmap shows.
MAX_EVENTS = 12


def shared_events(shares: pd.DataFrame, top: int = MAX_EVENTS) -> tuple[pd.DataFrame, str]:
    """The rows of the events several outlets covered, the ``top`` largest; and a caption.

    An event one outlet covered has nothing to compare; a corpus of a year has thousands of
    events, so the chart keeps the largest shared ones (the table keeps every event).
    """
    event = shares["event"].fillna("(none)").astype(str)
    outlets = shares.groupby(event)["outlet"].nunique()
    size_column = "sentences" if "sentences" in shares else "outlet"
    size = shares.groupby(event)[size_column].sum() if size_column == "sentences" else outlets
    shared = outlets.index[outlets >= 2]
    if len(shared) == 0:
        return shares.iloc[:0], ""
    ranked = sorted(shared, key=lambda e: (-outlets[e], -size[e], e))[:top]
    caption = ""
    if len(shared) > len(ranked) or len(outlets) > len(shared):
        caption = f"\n{len(ranked)} of {len(outlets)} events: those most outlets covered"
    return shares[event.isin(ranked)], caption


def frame_share_intervals(frame_shares: pd.DataFrame) -> Figure | None:
    """Each outlet's share of sentences per frame as a dot with its 95% interval.

    The interval treats the outlet's articles as the units (filled dot); an outlet with one
    article has only the within-article Wilson interval (hollow dot).
    """
    if frame_shares is None or frame_shares.empty:
        return None
    table = frame_shares.copy()
    if "article_ci_low" in table:
        article = table["article_ci_low"].notna()
        table["ci_low"] = table["article_ci_low"].where(article, table["ci_low"])
        table["ci_high"] = table["article_ci_high"].where(article, table["ci_high"])
        table["hollow"] = ~article
    return interval_dots(
        table,
        "frame",
        _order(frame_shares["frame"]),
        xlabel="sentences using the frame (%), 95% interval (hollow: one article, Wilson)",
        ylabel="frame",
        title="Frame use per outlet with 95% intervals",
    )
