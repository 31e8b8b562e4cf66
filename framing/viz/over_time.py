"""Frames over time: each frame's share per period, pooled over outlets (and per outlet group),
with article-level 95% intervals and the events' first dates marked."""

from __future__ import annotations

import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.style import chart_style, palette

#: Events marked on the time axis (the largest, by documents).
MAX_MARKED_EVENTS = 8
#: Lines per panel: the pooled line and at most this many groups (no legend of dozens).
MAX_GROUP_LINES = 6


def frame_shares_over_time_chart(
    over_time: pd.DataFrame, events: pd.DataFrame | None = None
) -> Figure | None:
    """One panel per frame: share of sentences per period with its article-level interval.

    The pooled line covers every outlet; declared outlet groups get a line each (the
    :data:`MAX_GROUP_LINES` largest). Vertical lines mark the first date of the largest events.
    Periods without an article-level interval (one article) show the point alone.
    """
    if over_time is None or over_time.empty or "level" not in over_time:
        return None
    table = over_time[over_time["level"].isin(["all", "group"])].copy()
    if table.empty:
        return None
    table["period_start"] = pd.to_datetime(table["period_start"])
    groups = table[table["level"] == "group"]
    if len(groups):
        biggest = groups.groupby("unit")["articles"].sum().nlargest(MAX_GROUP_LINES).index
        table = table[(table["level"] == "all") | table["unit"].isin(set(biggest))]
    frames = list(dict.fromkeys(table["frame"].astype(str)))
    units = list(dict.fromkeys(table["unit"].astype(str)))
    colours = dict(zip(units, palette(len(units)), strict=True))
    columns = min(3, len(frames))
    rows = -(-len(frames) // columns)
    kind = str(over_time["period_kind"].iloc[0]) if "period_kind" in over_time else "week"
    step = pd.Timedelta(days={"day": 1, "week": 7}.get(kind, 31))
    marked = marked_events(events, table["period_start"].min(), table["period_start"].max())
    with chart_style():
        fig, axes = plt.subplots(
            rows, columns, figsize=(3.6 * columns, 2.6 * rows), sharex=True, squeeze=False
        )
        for ax, frame in zip(axes.ravel(), frames, strict=False):
            here = table[table["frame"].astype(str) == frame]
            for unit in units:
                line = here[here["unit"].astype(str) == unit].sort_values("period_start")
                if line.empty:
                    continue
                line = _broken_at_gaps(line, step)
                x, share = line["period_start"], line["share"] * 100
                ax.plot(x, share, marker="o", markersize=3, linewidth=1.2,
                        color=colours[unit], label=unit)  # fmt: skip
                low, high = line["article_ci_low"] * 100, line["article_ci_high"] * 100
                ax.fill_between(x, low, high, color=colours[unit], alpha=0.15, linewidth=0)
            for date in marked:
                ax.axvline(date, color="0.4", linestyle=":", linewidth=0.8)
            ax.set_title(frame)
            ax.set_ylabel("sentences (%)")
            ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        for ax in axes.ravel()[len(frames) :]:
            ax.set_visible(False)
        handles, labels = axes.ravel()[0].get_legend_handles_labels()
        if len(units) > 1:
            fig.legend(handles, labels, loc="lower center", ncol=min(len(units), 4),
                       frameon=False, bbox_to_anchor=(0.5, -0.02))  # fmt: skip
        note = (
            f"per {kind}; dotted lines: first day of the largest events"
            if marked
            else f"per {kind}"
        )
        fig.suptitle(f"Frame use over time ({note})", fontsize=10)
        fig.tight_layout(rect=(0, 0.04 if len(units) > 1 else 0, 1, 0.97))
    return fig


def _broken_at_gaps(line: pd.DataFrame, step: pd.Timedelta) -> pd.DataFrame:
    """The line with an empty row wherever periods without articles lie between two points, so
    that nothing is drawn across them (no article, no share to join)."""
    gap = line["period_start"].diff() > step
    if not gap.any():
        return line
    blanks = line[gap].assign(
        period_start=line.loc[gap, "period_start"] - step / 2,
        share=float("nan"), article_ci_low=float("nan"), article_ci_high=float("nan"),
    )  # fmt: skip
    return pd.concat([line, blanks]).sort_values("period_start", kind="stable")


def marked_events(events, first, last) -> list[pd.Timestamp]:
    """First dates of the :data:`MAX_MARKED_EVENTS` largest events between ``first`` and a
    month after ``last`` (the ``events`` table's ``date_min``, ``n_docs``)."""
    if events is None or events.empty or "date_min" not in events:
        return []
    dated = events.assign(date_min=pd.to_datetime(events["date_min"], errors="coerce"))
    dated = dated[dated["date_min"].between(first, last + pd.Timedelta(days=31))]
    dated = dated.sort_values(["n_docs", "date_min"], ascending=[False, True]).head(
        MAX_MARKED_EVENTS
    )
    return list(dated["date_min"])
