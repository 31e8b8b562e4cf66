"""Charts of frame use: an outlet × frame heatmap, shares with intervals, and per event."""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.style import SEQUENTIAL, chart_style, palette


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
    if index == "outlet · event":
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
            "Frame use per outlet and event (% of sentences)"
            if index != "outlet"
            else "Frame use per outlet (% of sentences)"
        )
        ax.tick_params(axis="x", rotation=30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    return fig


def frame_share_intervals(frame_shares: pd.DataFrame) -> Figure | None:
    """Each outlet's share of sentences per frame as a point with its Wilson 95% interval."""
    if frame_shares is None or frame_shares.empty:
        return None
    frames, outlets = _order(frame_shares["frame"]), _order(frame_shares["outlet"])
    colours = palette(len(outlets))
    step = 0.8 / max(len(outlets), 1)
    with chart_style():
        fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.55 * len(frames) * max(1, len(outlets) / 3)))
        for j, outlet in enumerate(outlets):
            rows = frame_shares[frame_shares["outlet"].astype(str) == outlet].set_index("frame")
            rows = rows.reindex(frames)
            y = np.arange(len(frames)) - 0.4 + step * (j + 0.5)
            share = rows["share"].to_numpy(float) * 100
            low = np.clip(share - rows["ci_low"].to_numpy(float) * 100, 0, None)
            high = np.clip(rows["ci_high"].to_numpy(float) * 100 - share, 0, None)
            ax.errorbar(
                share,
                y,
                xerr=[low, high],
                fmt="o",
                color=colours[j],
                ms=4,
                capsize=2,
                lw=1,
                label=outlet,
            )
        ax.set_yticks(np.arange(len(frames)), frames)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("sentences using the frame (%), Wilson 95% interval")
        ax.set_ylabel("frame")
        ax.set_title("Frame use per outlet with 95% intervals")
        ax.legend(title="outlet", loc="lower right", fontsize=8, frameon=True)
    return fig
