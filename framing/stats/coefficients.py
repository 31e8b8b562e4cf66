"""Rows of the ``models`` table: one coefficient with its interval, test and detectable effect.

Both the outlet models (:mod:`framing.stats.regression`) and the group models
(:mod:`framing.stats.group_models`) write their coefficients through :func:`coefficient_row`,
so every row of the table has the same columns, meaning and rounding.
"""

from __future__ import annotations

import numpy as np

from framing.contract import SCHEMAS
from framing.stats.power import mde_from_se

#: Columns of the models table: the contract columns, then these.
COLUMNS = (
    *SCHEMAS["models"],
    "level",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "df",
    "dispersion",
    "inference",
    "mde",
    "mde_ratio",
    "reference",
    "n_outlets",
    "status",
    "unit",
    "family",
    "correction",
)


def coefficient_row(
    row: dict,
    term: str,
    estimate: float,
    se: float,
    p: float,
    interval: tuple[float, float],
    *,
    df: int | None,
    method: str,
    inference: str,
    caveats: list[str],
    alpha: float,
    power: float,
    dispersion: float = np.nan,
    ratio: bool = True,
) -> dict:
    """One fitted coefficient as a row of the models table.

    ``ratio`` (log-linear models) adds ``exp`` of the estimate and its interval (odds or rate
    ratios); ``mde`` is the smallest true coefficient a two-sided test with this standard error
    detects with ``power`` at ``alpha`` (:func:`framing.stats.power.mde_from_se`) and
    ``mde_ratio`` its exponential.
    """
    mde = float(mde_from_se(se, alpha=alpha, power=power, df=df))
    low, high = float(interval[0]), float(interval[1])
    return {
        **row,
        "term": term,
        "estimate": float(estimate),
        "se": float(se),
        "statistic": float(estimate / se) if se > 0 else np.nan,
        "p": float(np.clip(p, 0.0, 1.0)),
        "ci_low": low,
        "ci_high": high,
        "ratio": float(np.exp(estimate)) if ratio else np.nan,
        "ratio_ci_low": float(np.exp(low)) if ratio else np.nan,
        "ratio_ci_high": float(np.exp(high)) if ratio else np.nan,
        "df": df,
        "dispersion": dispersion,
        "method": method,
        "inference": inference,
        "mde": mde,
        "mde_ratio": float(np.exp(mde)) if ratio else np.nan,
        "status": "fitted",
        "caveat": "; ".join(caveats),
    }


def not_fitted(row: dict, term: str, reason: str) -> dict:
    """A model that could not be fitted: one row that says why (``term`` names the factor)."""
    return {**row, "term": term, "method": "not fitted", "status": "not fitted", "caveat": reason}
