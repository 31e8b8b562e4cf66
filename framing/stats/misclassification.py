"""Frame shares corrected for lexicon error, with a bootstrap interval (Rogan–Gladen).

A lexicon misses some framed sentences (sensitivity ``Se < 1``) and flags some unframed ones
(specificity ``Sp < 1``), so the observed share ``p`` estimates ``Se * pi + (1 - Sp) * (1 - pi)``
rather than the true share ``pi``. When the lexicon has been validated against human sentence
codes, Rogan and Gladen's (1978) estimator inverts that relation. Its interval must carry the
uncertainty of both the observed share (articles are the independent units, hence the
article-level effective sample size) and of ``Se`` and ``Sp`` (estimated from a finite coded
sample); :func:`corrected_shares` resamples both (Lang & Reiczigel, 2014).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.config import DEFAULTS
from framing.errors import ConfigError, InputError

#: Frame label of the micro-averaged row of a validation table; it is ignored.
ALL_FRAMES = "(all)"

#: Coded positives (``tp + fn``) or negatives (``tn + fp``) below which a caveat is added.
MIN_CODED = 30

#: Value of the ``method`` column.
METHOD = "Rogan-Gladen; percentile bootstrap over coded sentences and articles"

CELLS = ("tp", "fp", "fn", "tn")
SHARE_COLUMNS = ("frame", "share", "sentences")
OUTPUT_COLUMNS = (
    "frame",
    "share",
    "corrected_share",
    "ci_low",
    "ci_high",
    "sensitivity",
    "specificity",
    "n_coded",
    "method",
    "caveat",
)


def _rogan_gladen_raw(observed, sensitivity, specificity) -> np.ndarray:
    """Unclipped estimator; NaN where ``Se + Sp <= 1`` or an input is NaN."""
    p, se, sp = (np.asarray(x, dtype=float) for x in (observed, sensitivity, specificity))
    youden = se + sp - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (p + sp - 1) / youden
    return np.where(youden > 0, value, np.nan)


def rogan_gladen(observed, sensitivity, specificity) -> np.ndarray:
    """True share estimated from an observed share and the classifier's Se and Sp.

    ``(p + Sp - 1) / (Se + Sp - 1)``, clipped to [0, 1]. The denominator is Youden's index; when
    it is not positive (``Se + Sp <= 1``) the lexicon is no better than chance and the share
    cannot be corrected: the result is NaN.

    Parameters
    ----------
    observed : float or array
        Observed share of units the lexicon flags.
    sensitivity, specificity : float or array
        The lexicon's sensitivity ``tp / (tp + fn)`` and specificity ``tn / (tn + fp)`` against
        human codes. Broadcast against ``observed``.

    Returns
    -------
    ndarray
        Corrected shares in [0, 1] (NaN where any input is NaN or ``Se + Sp <= 1``).

    References
    ----------
    Rogan, W. J., & Gladen, B. (1978). Estimating prevalence from the results of a screening
    test. *American Journal of Epidemiology*, 107(1), 71–76.

    Examples
    --------
    >>> rogan_gladen(np.array([0.245, 0.02, 0.3]), 0.7, np.array([0.95, 0.95, 0.3]))
    array([0.3, 0. , nan])
    """
    return np.clip(_rogan_gladen_raw(observed, sensitivity, specificity), 0.0, 1.0)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _validation_counts(validation: pd.DataFrame) -> pd.DataFrame:
    """Per frame the four cells as integers, without the ``(all)`` row; InputError if unusable."""
    missing = [c for c in ("frame", *CELLS) if c not in validation.columns]
    if missing:
        raise InputError(
            f"validation table: lacks column(s) {', '.join(missing)}; pass the per-frame scores "
            "of a sentence-level lexicon validation (frame, tp, fp, fn, tn)"
        )
    table = validation.assign(frame=validation["frame"].astype(str).str.strip())
    table = table[table["frame"] != ALL_FRAMES]
    counts = table[list(CELLS)].apply(pd.to_numeric, errors="coerce").astype(float)
    values = counts.to_numpy()
    bad = ~np.isfinite(values) | (values < 0) | (values != np.round(values))
    if bad.any():
        row, col = (int(i[0]) for i in np.nonzero(bad))
        raise InputError(
            f"validation table: frame {table['frame'].iloc[row]!r} has {CELLS[col]} = "
            f"{table[CELLS[col]].iloc[row]!r}; confusion counts must be whole numbers >= 0"
        )
    repeated = table["frame"].duplicated()
    if repeated.any():
        raise InputError(
            f"validation table: frame {table['frame'][repeated].iloc[0]!r} appears more than "
            "once; keep one row per frame"
        )
    return pd.DataFrame(values.astype(np.int64), columns=list(CELLS)).assign(
        frame=table["frame"].to_numpy()
    )


def _check_shares(shares: pd.DataFrame) -> list[str]:
    """The id columns (those before ``frame``); InputError if a needed column is missing."""
    missing = [c for c in SHARE_COLUMNS if c not in shares.columns]
    if missing:
        raise InputError(
            f"shares table: lacks column(s) {', '.join(missing)}; pass the frame shares table "
            "(id columns, frame, share, sentences, n_effective)"
        )
    share = pd.to_numeric(shares["share"], errors="coerce").to_numpy(float)
    out_of_range = (share < 0) | (share > 1)
    if out_of_range.any():
        raise InputError(
            f"shares table: share {share[out_of_range][0]!r} is outside [0, 1]; shares are "
            "proportions of sentences"
        )
    columns = list(shares.columns)
    return columns[: columns.index("frame")]


def corrected_shares(
    shares: pd.DataFrame,
    validation: pd.DataFrame,
    *,
    alpha: float = 0.05,
    n_bootstrap: int = DEFAULTS.statistics.bootstrap,
    random_state: int = 0,
) -> pd.DataFrame:
    """Frame shares corrected for the lexicon's sensitivity and specificity, with intervals.

    The point estimate is :func:`rogan_gladen` of the observed share with ``Se`` and ``Sp``
    from the validation counts of the frame. The interval combines a nonparametric bootstrap of
    the coded sample with a parametric bootstrap of the observed share (Lang & Reiczigel,
    2014). Each replicate draws

    * the four confusion cells of the frame from a multinomial with the observed cell
      proportions and size ``n_coded`` (the coded sentences resampled with replacement; one
      draw per frame and replicate, shared by every unit of that frame), and
    * the observed share of each unit as ``Binomial(m, share) / m`` with
      ``m = round(n_effective)``, the article-level effective sample size, so that the
      clustering of sentences in articles is carried into the interval,

    and computes the Rogan–Gladen estimate from them. The interval is the ``alpha/2`` and
    ``1 - alpha/2`` percentiles of the replicates where the estimate is defined. Replicates where
    it is not (``Se* + Sp* <= 1``, or no coded positive or negative was drawn) are counted; when
    they exceed ``alpha/2`` of all replicates the interval is not reported (NaN), as a
    percentile interval would then depend on how they were treated.

    The validation must be at the sentence level (one coded sentence per unit), the level at
    which the shares are measured, and the coded sentences should be a random sample of the
    corpus: ``Se`` and ``Sp`` are assumed to be the same in every outlet.

    Parameters
    ----------
    shares : DataFrame
        One row per (unit, frame): id columns (every column before ``frame``, e.g. ``outlet``
        or ``outlet`` and ``event``), ``frame``, ``share``, ``sentences`` and optionally
        ``n_effective``; where ``n_effective`` is missing or NaN, ``sentences`` is used and a
        caveat says the interval treats sentences as independent.
    validation : DataFrame
        One row per frame: ``frame``, ``tp``, ``fp``, ``fn``, ``tn`` (lexicon vs. human code);
        other columns and a row with frame ``"(all)"`` are ignored.
    alpha : float, default 0.05
        1 - confidence level of the interval.
    n_bootstrap : int, default ``DEFAULTS.statistics.bootstrap``
        Number of bootstrap replicates.
    random_state : int, default 0
        Seed of the single random generator; identical input and seed give identical output.

    Returns
    -------
    DataFrame
        One row per row of ``shares`` whose frame has a validation row (frames without one are
        left out, not invented), in the order of ``shares``: the id columns, ``frame``,
        ``share`` (observed), ``corrected_share``, ``ci_low``, ``ci_high``, ``sensitivity``,
        ``specificity``, ``n_coded`` (``tp + fp + fn + tn``), ``method`` and ``caveat``
        (``""`` when there is none; several are joined by ``"; "``).

    References
    ----------
    Rogan, W. J., & Gladen, B. (1978). Estimating prevalence from the results of a screening
    test. *American Journal of Epidemiology*, 107(1), 71–76.

    Lang, Z., & Reiczigel, J. (2014). Confidence limits for prevalence of disease adjusted for
    estimated sensitivity and specificity. *Preventive Veterinary Medicine*, 113(1), 13–22.

    Examples
    --------
    >>> shares = pd.DataFrame({"outlet": ["A", "B"], "frame": ["conflict", "conflict"],
    ...                        "share": [0.245, 0.10], "sentences": [2000, 1500],
    ...                        "n_effective": [600.0, np.nan]})
    >>> validation = pd.DataFrame({"frame": ["conflict"], "tp": [126], "fp": [21],
    ...                            "fn": [54], "tn": [399]})
    >>> out = corrected_shares(shares, validation, n_bootstrap=499)
    >>> out[["outlet", "corrected_share", "sensitivity", "specificity", "n_coded"]].round(3)
      outlet  corrected_share  sensitivity  specificity  n_coded
    0      A            0.300          0.7         0.95      600
    1      B            0.077          0.7         0.95      600
    >>> bool((out["ci_low"] < out["corrected_share"]).all())
    True
    >>> out.loc[1, "caveat"]
    'n_effective missing: interval treats sentences as independent'
    """
    if not 0 < float(alpha) < 1:
        raise ConfigError(f"alpha {alpha!r} is not between 0 and 1; use e.g. 0.05")
    if int(n_bootstrap) != n_bootstrap or n_bootstrap < 1:
        raise ConfigError(f"n_bootstrap {n_bootstrap!r} must be a positive whole number")
    n_bootstrap = int(n_bootstrap)
    ids = _check_shares(shares)
    counts = _validation_counts(validation)

    frame = shares["frame"].astype(str).str.strip()
    keep = frame.isin(counts["frame"]).to_numpy()
    rows = shares[keep]
    frame = frame[keep].to_numpy()
    if not len(rows):
        return pd.DataFrame(columns=[*ids, *OUTPUT_COLUMNS])
    cells = counts.set_index("frame").loc[frame, list(CELLS)].to_numpy()  # (rows, 4)
    tp, fp, fn, tn = cells.T
    n_coded = cells.sum(axis=1)
    sensitivity, specificity = _ratio(tp, tp + fn), _ratio(tn, tn + fp)

    share = pd.to_numeric(rows["share"], errors="coerce").to_numpy(float)
    sentences = pd.to_numeric(rows["sentences"], errors="coerce").to_numpy(float)
    n_eff = (
        pd.to_numeric(rows["n_effective"], errors="coerce").to_numpy(float)
        if "n_effective" in rows.columns
        else np.full(len(rows), np.nan)
    )
    no_n_eff = ~np.isfinite(n_eff)
    size = np.round(np.where(no_n_eff, sentences, n_eff))
    size = np.where(np.isfinite(size) & (size >= 1), size, 0).astype(np.int64)

    raw = _rogan_gladen_raw(share, sensitivity, specificity)
    corrected = np.clip(raw, 0.0, 1.0)

    # Bootstrap: one generator; the coded sample is drawn per frame, the share per row.
    rng = np.random.default_rng(random_state)
    frames, frame_index = np.unique(frame, return_inverse=True)
    frame_cells = counts.set_index("frame").loc[frames, list(CELLS)].to_numpy()
    frame_n = frame_cells.sum(axis=1)
    pvals = _ratio(frame_cells, frame_n[:, None].astype(float))
    pvals = np.where(frame_n[:, None] > 0, pvals, 0.25)
    drawn = rng.multinomial(frame_n, pvals, size=(n_bootstrap, frames.size))  # (B, F, 4)
    se_star = _ratio(drawn[..., 0], drawn[..., 0] + drawn[..., 2])[:, frame_index]  # (B, rows)
    sp_star = _ratio(drawn[..., 3], drawn[..., 3] + drawn[..., 1])[:, frame_index]
    drawable = np.isfinite(share) & (size > 0)
    hits = rng.binomial(size, np.where(drawable, share, 0.0), size=(n_bootstrap, len(rows)))
    p_star = np.where(drawable, hits / np.maximum(size, 1), np.nan)
    replicates = rogan_gladen(p_star, se_star, sp_star)

    n_undefined = (~(se_star + sp_star > 1)).sum(axis=0)  # includes Se* or Sp* undefined
    too_many = n_undefined > alpha / 2 * n_bootstrap
    reported = np.isfinite(corrected) & drawable & ~too_many & np.isfinite(replicates).any(axis=0)
    ci_low, ci_high = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    if reported.any():
        ci_low[reported], ci_high[reported] = np.nanquantile(
            replicates[:, reported], [alpha / 2, 1 - alpha / 2], axis=0
        )

    caveats = []
    for j in range(len(rows)):
        notes = []
        positives, negatives = tp[j] + fn[j], tn[j] + fp[j]
        if positives < MIN_CODED or negatives < MIN_CODED:
            notes.append(
                f"validation sample small: {positives} coded positive and {negatives} coded "
                f"negative sentences (fewer than {MIN_CODED})"
            )
        if not np.isfinite(sensitivity[j]) or not np.isfinite(specificity[j]):
            notes.append("no coded positive or negative sentence: Se or Sp undefined")
        elif not sensitivity[j] + specificity[j] > 1:
            notes.append("lexicon no better than chance (Se + Sp <= 1): share not corrected")
        elif raw[j] < 0:
            notes.append("corrected share clipped at 0 (observed share below 1 - Sp)")
        elif raw[j] > 1:
            notes.append("corrected share clipped at 1 (observed share above Se)")
        if np.isfinite(corrected[j]) and too_many[j]:
            notes.append(
                f"Se* + Sp* <= 1 in {n_undefined[j]} of {n_bootstrap} bootstrap replicates: "
                "interval not reported"
            )
        if not drawable[j]:
            notes.append("no sentences: share undefined")
        elif no_n_eff[j]:
            notes.append("n_effective missing: interval treats sentences as independent")
        caveats.append("; ".join(notes))

    out = rows[ids].reset_index(drop=True)
    out["frame"] = frame
    out["share"] = share
    out["corrected_share"] = corrected
    out["ci_low"], out["ci_high"] = ci_low, ci_high
    out["sensitivity"], out["specificity"] = sensitivity, specificity
    out["n_coded"] = n_coded.astype(np.int64)
    out["method"] = METHOD
    out["caveat"] = caveats
    return out[[*ids, *OUTPUT_COLUMNS]]
