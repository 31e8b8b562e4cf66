"""Adjusting p-values for multiple comparisons (Holm, Benjamini–Hochberg)."""

from __future__ import annotations

import numpy as np

from framing.errors import ConfigError

#: Corrections accepted everywhere a ``correction`` argument appears.
CORRECTIONS = {
    "holm": "Holm (1979) step-down, controls the family-wise error rate",
    "fdr_bh": "Benjamini & Hochberg (1995), controls the false discovery rate",
}


def check_correction(correction: str) -> str:
    """Return ``correction`` if it is a known method, else raise a one-line ConfigError."""
    if correction not in CORRECTIONS:
        raise ConfigError(
            f"correction {correction!r} is not supported; use one of {', '.join(CORRECTIONS)}"
        )
    return correction


def adjust_pvalues(p: np.ndarray, correction: str = "holm") -> np.ndarray:
    """Adjust a family of p-values; entries that are NaN (tests not computed) stay NaN.

    Parameters
    ----------
    p : array
        Raw p-values of one family of tests.
    correction : {"holm", "fdr_bh"}
        Holm's step-down method or Benjamini–Hochberg's false discovery rate.

    Returns
    -------
    ndarray
        Adjusted p-values in [0, 1], monotone in the raw p-values.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics*, 6(2), 65–70.

    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: a practical
    and powerful approach to multiple testing. *Journal of the Royal Statistical Society B*,
    57(1), 289–300.

    Examples
    --------
    >>> adjust_pvalues(np.array([0.01, 0.04, np.nan, 0.03]), "holm").round(2)
    array([0.03, 0.06,  nan, 0.06])
    """
    check_correction(correction)
    p = np.asarray(p, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    finite = np.isfinite(p)
    if finite.any():
        adjusted[finite] = _ADJUST[correction](np.clip(p[finite], 0, 1))
    return adjusted


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment: ``max_{j<=i} min(1, (m - j + 1) p_(j))`` in sorted order."""
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = stepped
    return out


def _benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg step-up adjustment: ``min_{j>=i} min(1, m p_(j) / j)``."""
    m = p.size
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    stepped = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    out = np.empty(m)
    out[order] = stepped
    return out


_ADJUST = {"holm": _holm, "fdr_bh": _benjamini_hochberg}
