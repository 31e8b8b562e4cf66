"""Topics over time: the share of units in each of the largest topics per period, pooled over
outlets, with bootstrap 95% intervals over articles and the events' first dates marked."""

from __future__ import annotations

import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.over_time import marked_events
from framing.viz.style import OKABE_ITO, chart_style
from framing.viz.topics import by_assignment, largest_topics, topic_labels

#: Topics shown (the largest), one panel each.
MAX_TOPICS = 6


def topic_shares_over_time_chart(
    over_time: pd.DataFrame,
    topics: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
) -> Figure | None:
    """One panel per topic (the :data:`MAX_TOPICS` largest): share of units per period.

    Reads the ``topics_over_time`` table (``period``, ``topic``, ``share``, ``ci_low``,
    ``ci_high``; assignment shares when it has a ``method`` column). A period without an
    interval (one article) shows the point alone; dotted lines mark the first date of the
    largest events.
    """
    if over_time is None or over_time.empty or "period" not in over_time:
        return None
    table = by_assignment(over_time)
    table = table.assign(period_start=pd.to_datetime(table["period"], errors="coerce"))
    table = table.dropna(subset=["period_start"])
    order, n_topics = largest_topics(table, topics, MAX_TOPICS)
    if not order:
        return None
    names = topic_labels(topics)
    columns = min(3, len(order))
    rows = -(-len(order) // columns)
    marked = marked_events(events, table["period_start"].min(), table["period_start"].max())
    with chart_style():
        fig, axes = plt.subplots(rows, columns, figsize=(3.6 * columns, 2.6 * rows + 0.5),
                                 sharex=True, squeeze=False, layout="constrained")  # fmt: skip
        for ax, topic in zip(axes.ravel(), order, strict=False):
            line = table[table["topic"].astype(int) == topic].sort_values("period_start")
            x, share = line["period_start"], line["share"].astype(float) * 100
            low = line["ci_low"].astype(float) * 100
            high = line["ci_high"].astype(float) * 100
            ax.plot(x, share, marker="o", markersize=3, linewidth=1.2, color=OKABE_ITO[0])
            ax.fill_between(x, low, high, color=OKABE_ITO[0], alpha=0.15, linewidth=0)
            for date in marked:
                ax.axvline(date, color="0.4", linestyle=":", linewidth=0.8)
            ax.set_title(names.get(topic, str(topic)), fontsize=9)
            ax.set_ylabel("units (%)")
            ax.set_ylim(bottom=0)
            ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        for ax in axes.ravel()[len(order) :]:
            ax.set_visible(False)
        notes = [
            f"the {len(order)} largest of {n_topics} topics" if n_topics > len(order) else "",
            "dotted lines: first day of the largest events" if marked else "",
        ]
        notes = "; ".join(n for n in notes if n)
        fig.suptitle("Topic shares over time" + (f" ({notes})" if notes else ""), fontsize=10)
    return fig
