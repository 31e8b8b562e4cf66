"""Frames over time: frame shares per period (day, week or month), for the corpus, each outlet
group and each outlet, with article-level intervals.

The period is chosen from the corpus' span (:func:`framing.utils.periods.choose_period`: the
finest of day, week and month that gives at most 60 periods) or set by the study
(``frames.period``).
Every share is :func:`~framing.frames.scoring.frame_shares` of the articles dated in the
period, so it has the same two intervals, the article-level one treating articles as the
units. Articles without a date are left out and counted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.frames.scoring import frame_shares
from framing.utils.ids import as_categories
from framing.utils.periods import choose_period, period_starts, to_days

#: The level of the rows of :func:`frame_shares_over_time` that pool every outlet.
ALL_OUTLETS = "(all outlets)"
#: Columns that identify a row of ``frame_shares_over_time`` (the share columns follow).
KEY_COLUMNS = ("level", "unit", "period", "period_start", "frame")


def frame_shares_over_time(
    articles: pd.DataFrame,
    period: str = "auto",
    *,
    alpha: float = 0.05,
) -> tuple[pd.DataFrame, str, int]:
    """Frame shares per period for all outlets, each outlet group and each outlet.

    Parameters
    ----------
    articles : DataFrame
        ``article_frames`` (with ``date``; ``group`` where the study declares groups).
    period : {"auto", "day", "week", "month"}
        The period; ``auto`` chooses it from the span (:func:`~framing.utils.periods.choose_period`).
    alpha : float
        1 - confidence level of the intervals.

    Returns
    -------
    table : DataFrame
        :data:`KEY_COLUMNS` (``level`` is ``all``, ``group`` or ``outlet``; ``unit`` the group
        or outlet, :data:`ALL_OUTLETS` for ``all``; ``period`` the first day of the period as
        ``YYYY-MM-DD``) then the columns of :func:`~framing.frames.scoring.frame_shares`;
        sorted by level, unit, period and frame. Only periods with articles appear.
    period : str
        The period used.
    undated : int
        Articles left out for want of a date.

    Examples
    --------
    >>> art = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...     "date": pd.to_datetime(["2024-06-18", "2024-06-19", None]), "frame": "f",
    ...     "sentences_with_frame": [1, 0, 2], "sentences": [4, 4, 5]})
    >>> table, period, undated = frame_shares_over_time(art)
    >>> table[["level", "unit", "period", "share"]].values.tolist(), period, undated
    ([['all', '(all outlets)', '2024-06-18', 0.25], ['all', '(all outlets)', '2024-06-19', 0.0], ['outlet', 'X', '2024-06-18', 0.25], ['outlet', 'X', '2024-06-19', 0.0]], 'day', 1)
    """
    dates = (
        to_days(articles["date"])
        if "date" in articles
        else pd.Series(pd.NaT, index=articles.index, dtype="datetime64[ns]")
    )
    chosen = choose_period(dates, period)
    starts = period_starts(dates, chosen)
    undated = int(articles.loc[starts.isna().to_numpy(), "doc_id"].nunique())
    # a narrow table of codes, not strings: it is grouped three times over every article row
    keep = (starts.notna() & (articles["sentences"] > 0)).to_numpy()
    needed = ["frame", "sentences", "sentences_with_frame", "outlet", "group"]
    # only the columns read, coded from their Arrow strings without one object per row
    kept = articles.loc[keep, [c for c in needed if c in articles]]
    lean = pd.DataFrame(
        {
            "frame": as_categories(kept["frame"], [str(f) for f in pd.unique(articles["frame"])]),
            "sentences": kept["sentences"].to_numpy(),
            "sentences_with_frame": kept["sentences_with_frame"].to_numpy(),
            "period": pd.Categorical(starts[keep]),
        }
    )
    pieces = []
    if len(lean):
        everyone = pd.Categorical.from_codes(np.zeros(len(lean), dtype=np.int8), [ALL_OUTLETS])
        pieces.append(_level(lean, everyone, "all", alpha))
        if "group" in kept and kept["group"].notna().any():
            group = as_categories(kept["group"])
            grouped = group.codes >= 0
            pieces.append(_level(lean[grouped], group[grouped], "group", alpha))
        pieces.append(_level(lean, as_categories(kept["outlet"].astype(str)), "outlet", alpha))
    del kept
    if not pieces:
        return pd.DataFrame(columns=list(KEY_COLUMNS)), chosen, undated
    table = pd.concat(pieces, ignore_index=True)
    order = {"all": 0, "group": 1, "outlet": 2}
    table = table.sort_values(
        ["level", "unit", "period", "frame"],
        key=lambda c: c.map(order) if c.name == "level" else c,
        kind="stable",
    )
    return table.reset_index(drop=True), chosen, undated


def _level(lean: pd.DataFrame, unit: pd.Categorical, level: str, alpha: float) -> pd.DataFrame:
    """:func:`frame_shares` by unit and period, with the period as a date and a label."""
    shares = frame_shares(lean.assign(unit=unit), ("unit", "period"), alpha=alpha)
    starts = pd.to_datetime(shares["period"])
    shares["period"] = starts.dt.strftime("%Y-%m-%d")
    shares["unit"] = shares["unit"].astype(str)
    shares.insert(0, "level", level)
    shares.insert(3, "period_start", starts)
    return shares
