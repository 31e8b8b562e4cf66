"""Charts of frame use: an outlet × frame heatmap, shares with intervals, and per event."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from framing.viz.groups import outlet_groups
from framing.viz.heatmaps import wrapped_heatmap
from framing.viz.intervals import ranked_intervals


def _order(values: pd.Series) -> list[str]:
    return list(dict.fromkeys(values.astype(str)))


def frame_heatmap(
    frame_shares: pd.DataFrame, outlets: pd.DataFrame | None = None, *, index: str = "outlet"
) -> Figure | None:
    """Share of sentences using each frame, one cell per (outlet, frame), annotated in %.

    Outlets are rows, by group when the study declares groups (see
    :func:`framing.viz.heatmaps.wrapped_heatmap`: long lists wrap into panels side by side).

    Parameters
    ----------
    frame_shares : DataFrame
        The ``frame_shares`` (or ``frame_shares_by_event`` with ``index="outlet · event"``)
        table: ``frame``, ``share``, ``outlet`` (and ``event``).
    outlets : DataFrame, optional
        The ``outlets`` table: its ``group`` column orders the rows.
    index : str, default="outlet"
        ``"outlet · event"``: one block of outlets per event (the largest shared events).

    Returns
    -------
    Figure or None
        None when the table is empty.
    """
    if frame_shares is None or frame_shares.empty:
        return None
    table = frame_shares.assign(outlet=frame_shares["outlet"].astype(str))
    frames = _order(table["frame"])
    if index == "outlet · event":
        table, shown = shared_events(table)
        if table.empty:
            return None
        table = table.assign(event=table["event"].fillna("(none)").astype(str))
        grid = table.pivot_table(index=["event", "outlet"], columns="frame", values="share",
                                 aggfunc="first")  # fmt: skip
        events = list(dict.fromkeys(table["event"]))
        blocks = [(e, sorted(k for k in grid.index if k[0] == e)) for e in events]
        return wrapped_heatmap(
            grid[frames] * 100, blocks, labels={k: k[1] for k in grid.index},
            title=f"Frame use per outlet and event (% of sentences){shown}",
            xlabel="frame", colour_label="sentences using the frame (%)",
        )  # fmt: skip
    grid = table.pivot_table(index="outlet", columns="frame", values="share", aggfunc="first")
    return wrapped_heatmap(
        grid[frames] * 100, outlet_groups(outlets).ordered(grid.index),
        title="Frame use per outlet (% of sentences)",
        xlabel="frame", colour_label="sentences using the frame (%)",
    )  # fmt: skip


#: The most events the per-event heatmap shows,
MAX_EVENTS = 12
#: and the most rows (outlet × event pairs) it shows: the largest events are kept while their
#: rows fit (at least one event), so a hundred outlets do not make a chart of a thousand rows.
MAX_EVENT_ROWS = 400


def shared_events(shares: pd.DataFrame, top: int = MAX_EVENTS) -> tuple[pd.DataFrame, str]:
    """The rows of the events several outlets covered, the ``top`` largest; and a caption.

    An event one outlet covered has nothing to compare; a corpus of a year has thousands of
    events, so the chart keeps the largest shared ones, at most :data:`MAX_EVENT_ROWS` rows of
    outlet and event (the table keeps every event).
    """
    event = shares["event"].fillna("(none)").astype(str)
    outlets = shares.groupby(event)["outlet"].nunique()
    size_column = "sentences" if "sentences" in shares else "outlet"
    size = shares.groupby(event)[size_column].sum() if size_column == "sentences" else outlets
    shared = outlets.index[outlets >= 2]
    if len(shared) == 0:
        return shares.iloc[:0], ""
    ranked = sorted(shared, key=lambda e: (-outlets[e], -size[e], e))[:top]
    rows = outlets[ranked].cumsum()
    ranked = ranked[: max(1, int((rows <= MAX_EVENT_ROWS).sum()))]
    caption = ""
    if len(shared) > len(ranked) or len(outlets) > len(shared):
        caption = f"\n{len(ranked)} of {len(outlets)} events: those most outlets covered"
    return shares[event.isin(ranked)], caption


def frame_share_intervals(
    frame_shares: pd.DataFrame, outlets: pd.DataFrame | None = None
) -> Figure | None:
    """Each outlet's share of sentences per frame as a dot with its 95% interval: one panel
    per frame, outlets sorted by share, coloured by group (the ``outlets`` table's).

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
    return ranked_intervals(
        table,
        "frame",
        _order(frame_shares["frame"]),
        groups=outlet_groups(outlets),
        xlabel="sentences using the frame (%), 95% interval (hollow: one article, Wilson)",
        title="Frame use per outlet with 95% intervals",
    )
