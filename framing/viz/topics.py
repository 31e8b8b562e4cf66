"""Charts of topics: shares per outlet with bootstrap intervals, and a 2-D map of the units."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.style import chart_style, palette


def _labels(topics: pd.DataFrame | None) -> dict[int, str]:
    if topics is None or topics.empty:
        return {}
    return {
        int(t): f"{int(t)}: {str(label)[:32]}"
        for t, label in zip(topics["topic"], topics["label"], strict=True)
    }


def topic_share_intervals(
    topic_shares: pd.DataFrame, topics: pd.DataFrame | None = None
) -> Figure | None:
    """Each outlet's share of units per topic (assignments), with bootstrap 95% intervals."""
    if topic_shares is None or topic_shares.empty:
        return None
    table = topic_shares
    if "method" in table:
        table = table[table["method"] == "assignment"]
    if table.empty:
        return None
    names = _labels(topics)
    order = sorted(table["topic"].astype(int).unique())
    outlets = sorted(table["outlet"].astype(str).unique())
    colours = palette(len(outlets))
    step = 0.8 / max(len(outlets), 1)
    with chart_style():
        fig, ax = plt.subplots(figsize=(7.5, 1.0 + 0.45 * len(order) * max(1, len(outlets) / 3)))
        for j, outlet in enumerate(outlets):
            rows = table[table["outlet"].astype(str) == outlet].set_index("topic").reindex(order)
            share = rows["share"].to_numpy(float) * 100
            low = np.clip(share - rows["ci_low"].to_numpy(float) * 100, 0, None)
            high = np.clip(rows["ci_high"].to_numpy(float) * 100 - share, 0, None)
            y = np.arange(len(order)) - 0.4 + step * (j + 0.5)
            ax.errorbar(
                share,
                y,
                xerr=[low, high],
                fmt="o",
                ms=4,
                capsize=2,
                lw=1,
                color=colours[j],
                label=outlet,
            )
        ax.set_yticks(np.arange(len(order)), [names.get(t, str(t)) for t in order])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("units in the topic (%), bootstrap 95% interval")
        ax.set_ylabel("topic")
        ax.set_title("Topic shares per outlet")
        ax.legend(title="outlet", loc="lower right", fontsize=8, frameon=True)
    return fig


def topic_map(assignments: pd.DataFrame, topics: pd.DataFrame | None = None) -> Figure | None:
    """The units on the first two principal components of their embeddings, by outlet.

    Each topic's number is written at the centre of its units.
    """
    if assignments is None or assignments.empty or not {"x", "y"} <= set(assignments.columns):
        return None
    outlets = sorted(assignments["outlet"].astype(str).unique())
    colours = dict(zip(outlets, palette(len(outlets)), strict=True))
    with chart_style():
        fig, ax = plt.subplots(figsize=(7, 5))
        for outlet in outlets:
            rows = assignments[assignments["outlet"].astype(str) == outlet]
            ax.scatter(
                rows["x"],
                rows["y"],
                s=22,
                color=colours[outlet],
                label=outlet,
                alpha=0.85,
                edgecolor="white",
                lw=0.4,
            )
        for topic, rows in assignments.groupby("topic"):
            ax.annotate(
                str(int(topic)),
                (rows["x"].mean(), rows["y"].mean()),
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                color="#1d1d1f",
                bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": "#5a5a66", "lw": 0.6},
            )
        ax.set_xlabel("first principal component of the embeddings")
        ax.set_ylabel("second principal component")
        ax.set_title("Units on a 2-D map, coloured by outlet; numbers mark topic centres")
        ax.legend(title="outlet", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return fig
