"""Periods of time (day, week, month) for the over-time tables of frames and topics.

One rule for both: :func:`choose_period` takes the finest period that gives at most
:data:`MAX_PERIODS` periods across the corpus' span, and a period is named by its first day
(weeks start on Monday, ISO 8601).
"""

from __future__ import annotations

import pandas as pd

from framing.errors import ConfigError

#: Periods, finest first.
PERIODS = ("day", "week", "month")
#: ``auto`` chooses the finest period that gives at most this many periods.
MAX_PERIODS = 60


def to_days(values: pd.Series) -> pd.Series:
    """Dates (any parseable form; time zones dropped, local date kept) at midnight; NaT if none."""
    dates = pd.to_datetime(values, errors="coerce", utc=False)
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return dates.dt.normalize()


def period_starts(dates: pd.Series, period: str) -> pd.Series:
    """The first day of each date's period (weeks start on Monday, ISO 8601); NaT stays NaT.

    Examples
    --------
    >>> d = pd.Series(pd.to_datetime(["2024-06-19", "2024-06-23", "2024-07-01"]))
    >>> period_starts(d, "week").dt.strftime("%Y-%m-%d").tolist()
    ['2024-06-17', '2024-06-17', '2024-07-01']
    >>> period_starts(d, "month").dt.strftime("%Y-%m-%d").tolist()
    ['2024-06-01', '2024-06-01', '2024-07-01']
    """
    if period not in PERIODS:
        raise ConfigError(f"period {period!r}: use one of {', '.join(PERIODS)} or auto")
    days = to_days(dates)
    if period == "day":
        return days
    if period == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return days - pd.to_timedelta(days.dt.day - 1, unit="D")


def choose_period(dates: pd.Series, period: str = "auto") -> str:
    """``period`` itself, or for ``"auto"`` the finest period giving at most MAX_PERIODS periods
    across the span of ``dates`` (``"month"`` when even months are more, or nothing is dated).

    Examples
    --------
    >>> choose_period(pd.Series(pd.to_datetime(["2024-06-10", "2024-06-19"])))
    'day'
    >>> choose_period(pd.Series(pd.to_datetime(["2023-09-11", "2024-06-19"])))
    'week'
    """
    if period != "auto":
        period_starts(pd.Series([], dtype="datetime64[ns]"), period)  # checks the name
        return period
    days = to_days(dates).dropna()
    if days.empty:
        return "month"
    for name in PERIODS:
        starts = period_starts(days, name)
        span = {"day": 1, "week": 7, "month": 30.44}[name]
        if (starts.max() - starts.min()).days / span + 1 <= MAX_PERIODS:
            return name
    return "month"
