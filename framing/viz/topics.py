"""Charts of topics: shares per outlet with intervals over articles, and a 2-D map of the units."""

from __future__ import annotations

import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.intervals import interval_dots
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
    """Each outlet's share of units per topic (assignments), with bootstrap 95% intervals.

    The intervals resample articles within each outlet; an outlet with one article has none
    (its ``ci_low`` and ``ci_high`` are missing) and is drawn as a dot without whiskers.
    """
    if topic_shares is None or topic_shares.empty:
        return None
    table = topic_shares
    if "method" in table:
        table = table[table["method"] == "assignment"]
    if "language" in table and table["language"].nunique() > 1:
        table = table[table["topic"].astype(int) >= 0]  # each language's outliers: not a topic
    if table.empty:
        return None
    names = _labels(topics)
    order = sorted(table["topic"].astype(int).unique())
    share = table["share"].astype(float)
    no_interval = table["ci_low"].isna() | table["ci_high"].isna()
    xlabel = "units in the topic (%); 95% bootstrap interval resampling articles within the outlet"
    if no_interval.any():
        xlabel += "\n(no interval for an outlet with one article)"
    return interval_dots(
        table.assign(
            topic=table["topic"].astype(int),
            ci_low=table["ci_low"].astype(float).where(~no_interval, share),
            ci_high=table["ci_high"].astype(float).where(~no_interval, share),
        ),
        "topic",
        order,
        labels=[names.get(t, str(t)) for t in order],
        xlabel=xlabel,
        ylabel="topic",
        title="Topic shares per outlet",
    )


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
