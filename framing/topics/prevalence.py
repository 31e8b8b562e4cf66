"""Topic prevalence by outlet (and event): a fractional logit of article-level topic proportions.

Articles are the units of analysis: each article's proportion of units (paragraphs or
sentences) in a topic is modelled on its outlet and event. Topic-model uncertainty enters, as
in stm's ``estimateEffect``, through the method of composition over the units' topic
distributions (:func:`topic_prevalence`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from framing.stats.multiplicity import adjust_pvalues
from framing.topics.fractional import Design, LogitFit, fit_fractional_logit, treatment_design

PREVALENCE_COLUMNS = (
    "topic",
    "term",
    "estimate",
    "se",
    "statistic",
    "p",
    "p_adj",
    "ci_low",
    "ci_high",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "n",
    "n_units",
    "unit",
    "family",
    "reference",
    "method",
    "caveat",
)
#: Coefficient draws from each fit's sampling distribution in the method of composition.
COEF_DRAWS = 100
#: Fewer articles than this: the sandwich errors are flagged as possibly too small.
FEW_ARTICLES = 30
#: Units per block when comparing draws with cumulative weights (bounds a temporary array).
DRAW_BLOCK = 65_536
FIXED_CAVEAT = "topic assignments treated as fixed: intervals omit topic-model uncertainty"


def _articles(doc_ids: Sequence[str], covariates: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Article index of each unit, and one row of covariates per article (its first unit's)."""
    codes = pd.factorize(pd.Series(list(doc_ids)))[0]
    meta = covariates.reset_index(drop=True).astype(object).fillna("NA").astype(str)
    return codes, meta.groupby(codes, sort=True).first().reset_index(drop=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _excluded(outlets: pd.Series, min_articles: int) -> tuple[list[str], str]:
    """Outlets with fewer than ``min_articles`` articles, and the caveat naming them."""
    counts = outlets.value_counts()
    small = counts[counts < min_articles]
    names = {k: ", ".join(sorted(small.index[small == k])) for k in sorted(set(small))}
    parts = [
        f"left out of the model, not testable ({_plural(int(k), 'article')}): {listed}"
        for k, listed in names.items()
    ]
    return sorted(small.index), "; ".join(parts)


def _draw_topics(weights: np.ndarray, n_draws: int, rng: np.random.Generator) -> np.ndarray:
    """``n_draws`` hard topic assignments per unit, each drawn from the unit's row of weights.

    Returns the column drawn for each unit in each draw, shape ``(n_draws, n_units)``, in the
    smallest integer type that holds a column: articles x topics counts for every draw would
    take ``n_draws`` times a dense matrix, a unit's draws take a few bytes.
    """
    cumulative = np.cumsum(weights, axis=1)
    k = weights.shape[1]
    drawn = np.empty((n_draws, len(weights)), dtype=np.min_scalar_type(max(k - 1, 0)))
    for d in range(n_draws):
        threshold = rng.random(len(weights)) * cumulative[:, -1]
        for start in range(0, len(weights), DRAW_BLOCK):
            block = slice(start, start + DRAW_BLOCK)
            below = (cumulative[block] < threshold[block, None]).sum(axis=1)
            drawn[d, block] = np.minimum(below, k - 1)
    return drawn


def _drawn_shares(
    drawn: np.ndarray, codes: np.ndarray, column: int, size: np.ndarray
) -> list[np.ndarray]:
    """Each draw's article proportions of units drawn into ``column``."""
    return [np.bincount(codes[row == column], minlength=len(size)) / size for row in drawn]


def _term_notes(term: str, fits: list[LogitFit], composed: bool) -> str:
    """Why ``term`` has no estimate across ``fits`` (empty when it has one)."""
    separated = [f.separated[term] for f in fits if term in f.separated]
    draws = f" in {len(separated)} of {len(fits)} draws" if composed else ""
    if separated:
        sides = sorted({f"{s:.0%}" for s in separated if s == s})
        if not sides:
            return f"{term}: no article of its level left in the fit{draws}: not estimated"
        return (
            f"{term}: topic share {' or '.join(sides)} among its articles{draws}, so its odds "
            "ratio is unbounded: not estimated"
        )
    if any(term in f.no_variation for f in fits):
        return f"{term}: no between-article variation around the fit: standard error not estimable"
    return ""


def _not_fitted(topic: int, reason: str, n: int, n_units: int, caveats: list[str]) -> dict:
    return {
        "topic": int(topic),
        "term": "outlet",
        "n": n,
        "n_units": n_units,
        "unit": "article",
        "family": "",
        "reference": "",
        "method": "not fitted",
        "caveat": "; ".join([f"not fitted: {reason}", *caveats]),
    }


def _fixed_summary(fit: LogitFit, term: str, confidence: float) -> dict:
    estimate, se = float(fit.params[term]), float(np.sqrt(fit.cov.loc[term, term]))
    z = stats.norm.ppf(0.5 + confidence / 2)
    return {
        "estimate": estimate,
        "se": se,
        "statistic": estimate / se,
        "p": float(2 * stats.norm.sf(abs(estimate / se))),
        "ci_low": estimate - z * se,
        "ci_high": estimate + z * se,
    }


def _composed_draws(fits: list[LogitFit], terms: list[str], rng: np.random.Generator):
    """Pooled coefficient draws: ``COEF_DRAWS`` from N(estimate, covariance) of each fit."""
    pooled = np.full((len(fits) * COEF_DRAWS, len(terms)), np.nan)
    for m, fit in enumerate(fits):
        columns = [terms.index(t) for t in fit.params.index]
        draws = rng.multivariate_normal(
            fit.params.to_numpy(), fit.cov.to_numpy(), size=COEF_DRAWS, method="eigh"
        )
        pooled[m * COEF_DRAWS : (m + 1) * COEF_DRAWS, columns] = draws
    return pooled


def _composed_summary(draws: np.ndarray, confidence: float) -> dict:
    """Mean, SD, percentile interval and two-sided p (never below 1 / (M + 1)) of draws."""
    estimate, se = float(draws.mean()), float(draws.std(ddof=1))
    low, high = np.quantile(draws, [0.5 - confidence / 2, 0.5 + confidence / 2])
    other_side = min(int((draws <= 0).sum()), int((draws >= 0).sum()))
    return {
        "estimate": estimate,
        "se": se,
        "statistic": estimate / se if se > 0 else float("nan"),
        "p": min(1.0, (2 * other_side + 1) / (len(draws) + 1)),
        "ci_low": float(low),
        "ci_high": float(high),
    }


def _topic_rows(
    topic: int,
    fits: list[LogitFit],
    design: Design,
    rng: np.random.Generator,
    confidence: float,
    common: dict,
    caveats: list[str],
    composed: bool,
) -> list[dict]:
    """The rows of one topic's model from one fit (fixed) or one per draw (composition)."""
    failed = [f.failed for f in fits if f.failed]
    if failed:
        draws = f" (in {len(failed)} of {len(fits)} draws)" if composed else ""
        return [_not_fitted(topic, failed[0] + draws, common["n"], common["n_units"], caveats)]
    terms = list(design.matrix.columns)
    pooled = _composed_draws(fits, terms, rng) if composed else None
    rows = []
    for j, term in enumerate(terms):
        note = _term_notes(term, fits, composed)
        row = {"topic": int(topic), "term": term, **common}
        if not note:
            row |= (
                _fixed_summary(fits[0], term, confidence)
                if pooled is None
                else _composed_summary(pooled[:, j], confidence)
            )
        row["family"] = "" if term == "Intercept" else f"topic {topic}"
        row["caveat"] = "; ".join(c for c in [note, *caveats] if c)
        rows.append(row)
    tested = [i for i, r in enumerate(rows) if r["family"]]
    adjusted = adjust_pvalues(np.array([rows[i].get("p", np.nan) for i in tested]), "holm")
    for i, value in zip(tested, adjusted, strict=True):
        rows[i]["p_adj"] = float(value)
    return rows


def topic_prevalence(
    weights: np.ndarray,
    topic_ids: Sequence[int],
    doc_ids: Sequence[str],
    covariates: pd.DataFrame,
    *,
    method: str = "assignment",
    min_articles: int = 2,
    n_draws: int = 25,
    confidence: float = 0.95,
    random_state: int = 0,
) -> pd.DataFrame:
    """Model each topic's article-level proportion on outlet and event (fractional logit).

    For each topic the response is each article's proportion of units in the topic (the share
    of its units assigned to it, or the mean of their topic distributions), modelled by a
    fractional logit (binomial quasi-likelihood, logit link) with the article's number of units
    as ``var_weights``, so that the estimand is the pooled share of units, as in
    ``topic_shares``. Covariates are treatment-coded against their first sorted level; one with
    a single level, or collinear with the earlier ones (e.g. each outlet covering one event), is
    left out and named in ``caveat``. Standard errors are HC1 sandwich errors over articles.

    Outlets with fewer than ``min_articles`` articles are described elsewhere but left out of
    the model (``caveat`` names them); with fewer than two outlets left, each topic gets one
    row with method "not fitted" and the reason. A level whose pooled share is 0 or 1 has an
    unbounded odds ratio: its articles are left out of the fit and its term has no estimate.

    With ``method="distribution"`` (rows are the units' topic distributions) and ``n_draws >
    0``, topic-model uncertainty is carried by the method of composition, as in stm's
    ``estimateEffect``: ``n_draws`` times, one topic per unit is drawn from its (normalised)
    row, the articles' proportions recomputed and every topic's model refitted; from each fit
    :data:`COEF_DRAWS` coefficient vectors are drawn from N(estimate, HC1 covariance). The
    estimate is the mean of the pooled draws, ``se`` their standard deviation, the interval
    their percentiles, and ``p`` twice the share of draws on the other side of 0, floored at
    1 / (M + 1) for M pooled draws. Otherwise the proportions are treated as known (Wald
    intervals) and ``caveat`` says so.

    Parameters
    ----------
    weights : ndarray of shape (n_units, n_topics)
        One-hot assignments, or topic distributions (rows summing to a positive total).
    topic_ids : sequence of int
        Topic of each column of ``weights``.
    doc_ids : sequence of str
        Article of each unit.
    covariates : DataFrame
        One row per unit with an ``outlet`` column and optionally ``event``; an article's
        values are taken from its first unit, missing values become "NA".
    method : {"assignment", "distribution"}, default="assignment"
        What ``weights`` are.
    min_articles : int, default=2
        Fewest articles an outlet needs to enter the model.
    n_draws : int, default=25
        Draws of topic assignments for the method of composition (0: treat as fixed).
    confidence : float, default=0.95
    random_state : int, default=0
        Seed of the draws; the same input and seed give the same table.

    Returns
    -------
    DataFrame
        One row per (topic, term), columns :data:`PREVALENCE_COLUMNS`: log-odds ``estimate``,
        ``se``, ``statistic``, ``p``, ``ci_low``, ``ci_high``; odds ratios ``ratio``,
        ``ratio_ci_low``, ``ratio_ci_high`` (for ``Intercept``: the odds of the topic in the
        reference levels); ``n`` articles and ``n_units`` units in the model; ``unit``
        ("article"); ``p_adj`` (Holm over the outlet and event terms of the topic's model, the
        ``family``; intercepts are not adjusted); the ``reference`` levels; ``method``;
        ``caveat``.

    References
    ----------
    Papke, L. E., & Wooldridge, J. M. (1996). Econometric methods for fractional response
    variables with an application to 401(k) plan participation rates. Journal of Applied
    Econometrics, 11(6), 619-632.
    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package for structural
    topic models. Journal of Statistical Software, 91(2), 1-40.
    Tanner, M. A. (1996). Tools for Statistical Inference (3rd ed.). Springer.
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero: calculating
    exact p-values when permutations are randomly drawn. Statistical Applications in Genetics
    and Molecular Biology, 9(1), Article 39.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian
    Journal of Statistics, 6(2), 65-70.

    Examples
    --------
    >>> docs = ["a", "a", "b", "b", "c", "c", "d", "d", "e"]
    >>> outlets = pd.DataFrame({"outlet": ["X"] * 4 + ["Y"] * 4 + ["Z"]})
    >>> weights = np.eye(2)[[0, 1, 0, 0, 1, 1, 0, 1, 0]]
    >>> table = topic_prevalence(weights, [0, 1], docs, outlets)
    >>> table.query("topic == 0")[["term", "estimate", "ratio", "n", "n_units"]].round(3)
              term  estimate  ratio  n  n_units
    0    Intercept     1.099  3.000  4        8
    1  outlet[T.Y]    -2.197  0.111  4        8
    >>> print(table["caveat"].iloc[0])
    left out of the model, not testable (1 article): Z; ...
    """
    weights = np.clip(np.asarray(weights, dtype=float), 0.0, None)
    totals = weights.sum(axis=1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError("weights: every unit needs a row with a positive total")
    weights = weights / totals
    codes, meta = _articles(doc_ids, covariates)
    n_units = np.bincount(codes, minlength=len(meta)).astype(float)
    small, excluded = _excluded(meta["outlet"], min_articles)
    keep = ~meta["outlet"].isin(small).to_numpy()
    n, kept_units = int(keep.sum()), int(n_units[keep].sum())
    caveats = [excluded] if excluded else []
    composition = method == "distribution" and n_draws > 0
    remaining = meta.loc[keep, "outlet"].nunique()
    if remaining < 2:
        reason = (
            f"{_plural(remaining, 'outlet')} with at least {_plural(min_articles, 'article')} "
            "(two are needed to compare outlets)"
        )
        rows = [_not_fitted(t, reason, n, kept_units, caveats) for t in topic_ids]
        return pd.DataFrame(rows, columns=list(PREVALENCE_COLUMNS))

    design = treatment_design(meta.loc[keep].reset_index(drop=True))
    caveats += design.caveats
    if n < FEW_ARTICLES:
        caveats.append(f"{n} articles: HC1 sandwich errors may understate uncertainty")
    if not composition:
        caveats.append(FIXED_CAVEAT)
    unit_keep = keep[codes]
    article_code = np.cumsum(keep) - 1
    unit_codes, unit_weights = article_code[codes[unit_keep]], weights[unit_keep]
    size = n_units[keep]
    rng = np.random.default_rng(random_state)
    if composition:
        label = f"fractional logit, method of composition over topic assignments ({n_draws} draws)"
        drawn = _draw_topics(unit_weights, n_draws, rng)

        def shares_of(j: int) -> list[np.ndarray]:
            return _drawn_shares(drawn, unit_codes, j, size)
    else:
        label = "fractional logit, " + (
            FIXED_CAVEAT.split(":")[0]
            if method == "assignment"
            else "mean topic distributions treated as fixed"
        )
        sums = np.zeros((n, weights.shape[1]))
        np.add.at(sums, unit_codes, unit_weights)
        fixed = sums / size[:, None]

        def shares_of(j: int) -> list[np.ndarray]:
            return [fixed[:, j]]

    references = ", ".join(f"{k} {v}" for k, v in design.references.items())
    common = {"n": n, "n_units": kept_units, "unit": "article", "reference": references}
    common["method"] = label
    rows = []
    for j, topic in enumerate(topic_ids):
        fits = [fit_fractional_logit(s, size, design) for s in shares_of(j)]
        rows += _topic_rows(int(topic), fits, design, rng, confidence, common, caveats, composition)
    table = pd.DataFrame(rows, columns=list(PREVALENCE_COLUMNS))
    table["ratio"] = np.exp(table["estimate"].astype(float))
    table["ratio_ci_low"] = np.exp(table["ci_low"].astype(float))
    table["ratio_ci_high"] = np.exp(table["ci_high"].astype(float))
    return table
