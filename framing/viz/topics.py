"""Charts of topics: shares per outlet with intervals over articles, and a 2-D map of the units."""

from __future__ import annotations

import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.groups import outlet_groups
from framing.viz.intervals import ranked_intervals
from framing.viz.style import chart_style


def topic_labels(topics: pd.DataFrame | None) -> dict[int, str]:
    if topics is None or topics.empty:
        return {}
    return {
        int(t): f"{int(t)}: {str(label)[:32]}"
        for t, label in zip(topics["topic"], topics["label"], strict=True)
    }


#: Topics the share chart shows (the largest): one panel each, every outlet in each.
MAX_TOPICS = 6
#: Topics whose number the map writes at their centre (the largest).
MAX_MAP_LABELS = 20


def by_assignment(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of shares by assignment (a table of both methods also has ``distribution``)."""
    return table[table["method"] == "assignment"] if "method" in table else table


def largest_topics(
    table: pd.DataFrame, topics: pd.DataFrame | None, top: int
) -> tuple[list[int], int]:
    """The ``top`` topics of ``table`` (not outliers, ``-1``) with most units in ``topics``
    (largest mean share without it), largest first; and how many topics it has."""
    present = sorted(t for t in table["topic"].astype(int).unique() if t >= 0)
    if topics is not None and not topics.empty and "n_units" in topics:
        size = dict(zip(topics["topic"].astype(int), topics["n_units"].astype(float), strict=True))
    else:
        size = table.groupby(table["topic"].astype(int))["share"].mean().to_dict()
    return sorted(present, key=lambda t: (-size.get(t, 0.0), t))[:top], len(present)


def topic_share_intervals(
    topic_shares: pd.DataFrame,
    topics: pd.DataFrame | None = None,
    outlets: pd.DataFrame | None = None,
) -> Figure | None:
    """Each outlet's share of units per topic (assignments), with bootstrap 95% intervals: one
    panel for each of the :data:`MAX_TOPICS` largest topics, outlets sorted by share, coloured
    by group (the ``outlets`` table's).

    The intervals resample articles within each outlet; an outlet with one article has none
    (its ``ci_low`` and ``ci_high`` are missing) and is drawn as a dot without whiskers.
    """
    if topic_shares is None or topic_shares.empty:
        return None
    table = by_assignment(topic_shares)
    order, n_topics = largest_topics(table, topics, MAX_TOPICS)
    if not order:
        return None
    names = topic_labels(topics)
    share = table["share"].astype(float)
    no_interval = table["ci_low"].isna() | table["ci_high"].isna()
    xlabel = "units in the topic (%); 95% bootstrap interval resampling articles within the outlet"
    if no_interval.any():
        xlabel += "\n(no interval for an outlet with one article)"
    title = "Topic shares per outlet"
    if n_topics > len(order):
        title += (
            f"\nthe {len(order)} largest of {n_topics} topics (every topic: table topic_shares)"
        )
    return ranked_intervals(
        table.assign(
            topic=table["topic"].astype(int),
            ci_low=table["ci_low"].astype(float).where(~no_interval, share),
            ci_high=table["ci_high"].astype(float).where(~no_interval, share),
        ),
        "topic",
        order,
        groups=outlet_groups(outlets),
        titles=[names.get(t, str(t)) for t in order],
        xlabel=xlabel,
        title=title,
    )


def topic_map(
    assignments: pd.DataFrame,
    topics: pd.DataFrame | None = None,
    outlets: pd.DataFrame | None = None,
) -> Figure | None:
    """The units on the first two principal components of their embeddings, coloured by the
    outlet's group (one colour without groups; the legend lists groups, never outlets).

    The numbers of the :data:`MAX_MAP_LABELS` largest topics are written at the centre of
    their units.
    """
    if assignments is None or assignments.empty or not {"x", "y"} <= set(assignments.columns):
        return None
    groups = outlet_groups(outlets)
    colour = assignments["outlet"].astype(str).map(groups.colour)
    with chart_style():
        fig, ax = plt.subplots(figsize=(7, 5))
        for c in dict.fromkeys(colour):
            rows = assignments[colour == c]
            ax.scatter(rows["x"], rows["y"], s=22, color=c, alpha=0.8, edgecolor="white",
                       lw=0.4)  # fmt: skip
        centres = assignments.groupby("topic")[["x", "y"]].mean()
        marked = assignments["topic"].value_counts().nlargest(MAX_MAP_LABELS).index
        for topic, rows in centres[centres.index.isin(marked)].iterrows():
            ax.annotate(
                str(int(topic)),
                (rows["x"], rows["y"]),
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                color="#1d1d1f",
                bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": "#5a5a66", "lw": 0.6},
            )
        ax.set_xlabel("first principal component of the embeddings")
        ax.set_ylabel("second principal component")
        legend = groups.legend_handles(assignments["outlet"].astype(str).unique())
        if legend:
            ax.set_title(
                "Units on a 2-D map by outlet group; numbers: centres of the largest topics"
            )
            ax.legend(handles=legend, title="outlet group", bbox_to_anchor=(1.01, 1),
                      loc="upper left", fontsize=8)  # fmt: skip
        else:
            ax.set_title("Units on a 2-D map; numbers: centres of the largest topics")
    return fig
