"""The ``tests`` table: does each frame's use differ between outlets (and between groups)?

One omnibus test per frame, level and outcome, with **articles** as the independent units:

* ``level="outlets"``: the outlets with at least ``min_articles`` articles; outlet labels are
  permuted over whole articles (:func:`framing.stats.permutation.permutation_chi_square`),
  exactly when the assignments are few enough to enumerate. Outlets with fewer articles are
  left out and named.
* ``level="groups"`` (when the study declares outlet groups): group labels are permuted over
  whole outlets, so the test asks whether groups differ beyond the variation between the
  outlets inside them.

Two outcomes: ``framed sentences`` (the pooled share of sentences with the frame; the
statistic is the chi-square of the pooled table, its null distribution comes from moving
whole articles) and ``articles with frame`` (the share of articles with at least one framed
sentence). The effect size is Bergsma's (2013) bias-corrected Cramér's V of the pooled table
with a bias-corrected cluster-bootstrap interval (articles within outlets; outlets within
groups), and ``mde_effect`` is the smallest V the test could detect with the chosen power
(:func:`framing.stats.power.mde_cramers_v`, on the effective sample size ``n / φ``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.config import DEFAULTS
from framing.contract import SCHEMAS
from framing.stats.bootstrap import MIN_ARTICLES, bias_corrected_interval, cluster_bootstrap_sums
from framing.stats.dispersion import oneway_dispersion
from framing.stats.methods import (
    PERMUTATION_ARTICLES_EXACT,
    PERMUTATION_ARTICLES_MC,
    PERMUTATION_OUTLETS_EXACT,
    PERMUTATION_OUTLETS_MC,
    family,
)
from framing.stats.multiplicity import adjust_pvalues
from framing.stats.permutation import chi_square_from_sums, permutation_chi_square
from framing.stats.power import mde_cramers_v
from framing.stats.units import name_list
from framing.utils.ids import as_categories

#: The permutation method of each (level, exact).
PERMUTATION = {
    ("outlets", True): PERMUTATION_ARTICLES_EXACT,
    ("outlets", False): PERMUTATION_ARTICLES_MC,
    ("groups", True): PERMUTATION_OUTLETS_EXACT,
    ("groups", False): PERMUTATION_OUTLETS_MC,
}
#: Outcomes tested for every frame.
OUTCOMES = ("framed sentences", "articles with frame")
#: The levels of the tests, in the table's order.
LEVELS = ("outlets", "groups")
#: Columns of the tests table (the contract columns first).
COLUMNS = (
    *SCHEMAS["tests"],
    "outcome",
    "status",
    "p_min",
    "n_permutations",
    "n_sentences",
    "n_outlets",
    "n_groups",
    "outlets_excluded",
    "dispersion",
    "mde_effect",
    "power",
    "unit",
    "family",
    "correction",
)


def frame_tests(
    articles: pd.DataFrame,
    outlets: pd.DataFrame,
    groups: pd.DataFrame,
    frames: list[str],
    *,
    alpha: float = 0.05,
    correction: str = "holm",
    n_permutations: int = DEFAULTS.statistics.permutations,
    n_bootstrap: int = DEFAULTS.statistics.bootstrap,
    power: float = 0.8,
    random_state: int = 0,
    permutation_stop: int = DEFAULTS.statistics.permutation_stop,
    only: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """Test frame × outlet (and frame × group) association for every frame, articles as units.

    Parameters
    ----------
    articles : DataFrame
        Output of :func:`framing.stats.units.article_table`.
    outlets, groups : DataFrame
        Output of :func:`~framing.stats.units.outlet_table` and
        :func:`~framing.stats.units.group_table` (empty: no group level).
    frames : list of str
        Frames, in report order.
    alpha : float
        Level of the intervals; the MDE is for a test at this level.
    correction : {"holm", "fdr_bh"}
        Adjustment of ``p``; the family is the frames of one level and outcome.
    n_permutations, n_bootstrap : int
        Permutations (when the assignments are too many to enumerate) and bootstrap replicates.
    permutation_stop : int
        ``h`` of the sequential permutation test (Besag & Clifford 1991; 0: all permutations);
        ``n_permutations`` in the table is what each frame's p-value rests on.
    power : float
        Power of the minimum detectable effect.
    random_state : int
        Seed; identical inputs and seed give identical tables. Each level and outcome draws
        from its own stream (seeded by the seed, the level and the outcome), so one family of
        tests can be computed apart from the others and gives the same rows.
    only : (str, str), optional
        A (level, outcome) of :data:`LEVELS` x :data:`OUTCOMES`: the rows of that family only
        (one family is one job of the comparison on a cluster's workers).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`. ``statistic`` is the Pearson chi-square of the pooled table,
        ``p`` its permutation p-value and ``p_min`` the smallest p-value the design allows; ``n``
        counts articles (outlets level) or articles of the compared outlets (groups level). A
        frame that cannot be tested keeps its rows, with status ``"not tested"`` and the reason
        in ``caveat``.

    References
    ----------
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Statistical Applications in Genetics and Molecular Biology*, 9(1), Article 39.

    Besag, J., & Clifford, P. (1991). Sequential Monte Carlo p-values. *Biometrika*, 78(2),
    301-304.

    Bergsma, W. (2013). A bias-correction for Cramér's V and Tschuprow's T. *Journal of the
    Korean Statistical Society*, 42(3), 323-328.

    Efron, B. (1987). Better bootstrap confidence intervals. *Journal of the American
    Statistical Association*, 82(397), 171-185.
    """
    options = {"alpha": alpha, "n_permutations": n_permutations, "n_bootstrap": n_bootstrap}
    options["permutation_stop"] = permutation_stop
    options["power"] = power
    wide = _wide(articles, frames)
    tested = outlets[outlets["testable"]]
    excluded = sorted(outlets.loc[~outlets["testable"], "outlet"])
    rows = []
    units = wide[wide["outlet"].isin(set(tested["outlet"]))]
    codes = pd.factorize(units["outlet"], sort=True)[0]
    outcomes = OUTCOMES if only is None else tuple(o for o in OUTCOMES if o == only[1])
    seed = int(random_state)
    if only is None or only[0] == "outlets":
        rows += _level_rows(
            "outlets", units, codes, len(tested), frames, excluded, seed, outcomes,
            unit="article", **options,
        )  # fmt: skip
    if len(groups) and (only is None or only[0] == "groups"):
        compared = groups[groups["testable"]]
        members = tested[tested["group"].isin(set(compared["group"]))]
        by_outlet = (
            wide[wide["outlet"].isin(set(members["outlet"]))]
            .groupby("outlet", sort=True)
            .sum(numeric_only=True)
            .reset_index()
        )
        by_outlet["group"] = by_outlet["outlet"].map(members.set_index("outlet")["group"])
        group_codes = pd.factorize(by_outlet["group"], sort=True)[0]
        left_out = sorted(set(groups["group"]) - set(compared["group"]))
        rows += _level_rows(
            "groups",
            by_outlet,
            group_codes,
            len(compared),
            frames,
            left_out,
            seed,
            outcomes,
            unit="outlet (articles nested)",
            **options,
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table["correction"], table["family"] = correction, ""
    for (level, outcome), part in table.groupby(["level", "outcome"], sort=False):
        table.loc[part.index, "p_adj"] = adjust_pvalues(part["p"].to_numpy(float), correction)
        n_tested = int(part["p"].notna().sum())
        table.loc[part.index, "family"] = family(
            "tests", f"{level} · {outcome} · {n_tested} frame(s) tested"
        )
    return table


def _wide(articles: pd.DataFrame, frames: list[str]) -> pd.DataFrame:
    """One row per article with sentences: its outlet, ``n`` and ``articles`` (1).

    For every frame, ``k:FRAME`` (framed sentences) and ``a:FRAME`` (1 if the article uses the
    frame): summed over an outlet's articles they give its framed sentences and its articles
    with the frame.
    """
    rows = np.flatnonzero((articles["sentences"] > 0).to_numpy())
    doc_codes, doc_ids = pd.factorize(articles["doc_id"].iloc[rows])  # in order of appearance
    first = rows[np.unique(doc_codes, return_index=True)[1]]  # each article's first row
    column = np.asarray(as_categories(articles["frame"].iloc[rows], list(frames)).codes)
    inside = column >= 0
    k = np.zeros((len(doc_ids), len(frames)), dtype=np.int64)
    k[doc_codes[inside], column[inside]] = articles["sentences_with_frame"].to_numpy()[rows][inside]
    wide = pd.DataFrame(
        {
            "doc_id": np.asarray(doc_ids, dtype=object),
            "outlet": articles["outlet"].iloc[first].to_numpy(),
            "n": articles["sentences"].to_numpy()[first],
        }
    )
    for j, f in enumerate(frames):
        wide[f"k:{f}"] = k[:, j]
    for j, f in enumerate(frames):
        wide[f"a:{f}"] = (k[:, j] > 0).astype(float)
    wide["articles"] = 1
    return wide.sort_values(["outlet"], kind="stable").reset_index(drop=True)


def _level_rows(level, units, codes, n_compared, frames, excluded, seed, outcomes, *, unit,
                **options):  # fmt: skip
    """Rows of one level (outlets or groups) for every frame and each of ``outcomes``."""
    k = units[[f"k:{f}" for f in frames]].to_numpy(float)
    with_frame = units[[f"a:{f}" for f in frames]].to_numpy(float)
    n = units["n"].to_numpy(float)
    m = units["articles"].to_numpy(float)
    n_articles = int(m.sum())
    what = "outlets" if level == "outlets" else "groups"
    base = {
        "level": level,
        "n": n_articles,
        "n_sentences": int(n.sum()),
        "n_outlets": int(len(units)) if level == "groups" else int(n_compared),
        "n_groups": int(n_compared) if level == "groups" else 0,
        "outlets_excluded": len(excluded),
        "power": options["power"],
        "unit": unit,
    }
    left_out = _left_out_note(level, excluded)
    if n_compared < 2:
        reason = (
            f"fewer than two {what} can be tested"
            + (" (each needs 2 or more articles)" if level == "outlets" else "")
            + "; the shares are descriptive only"
        )
        return [
            {
                **base,
                "frame": f,
                "outcome": o,
                "method": "not tested",
                "status": "not tested",
                "caveat": "; ".join(filter(None, [reason, left_out])),
            }  # fmt: skip
            for o in outcomes  # outcome by outcome, as the tested rows below
            for f in frames
        ]
    rows = []
    for outcome in outcomes:
        rng = np.random.default_rng([seed, LEVELS.index(level), OUTCOMES.index(outcome)])
        # per unit: framed sentences of sentences, or articles with the frame of articles (for
        # an outlet, the sums over its articles -- not whether the outlet uses the frame at all)
        yes = k if outcome == OUTCOMES[0] else with_frame
        trials = np.broadcast_to((n if outcome == OUTCOMES[0] else m)[:, None], yes.shape)
        result = permutation_chi_square(
            codes,
            yes,
            trials,
            n_permutations=options["n_permutations"],
            random_state=rng,
            stop_after=options["permutation_stop"],
        )
        effects = _cramers_v_with_intervals(codes, yes, trials, level, rng, **options)
        method = PERMUTATION[(level, result.exact)].label
        for j, frame in enumerate(frames):
            row = {**base, "frame": frame, "outcome": outcome, "df": len(np.unique(codes)) - 1}
            total_yes, total = yes[:, j].sum(), trials[:, j].sum()
            if total_yes == 0 or total_yes == total:
                where = "no" if total_yes == 0 else "every"
                unit_word = "sentence" if outcome == OUTCOMES[0] else "article"
                why = f"the frame occurs in {where} {unit_word} of the compared {what}"
                rows.append(
                    {
                        **row,
                        "method": "not tested",
                        "status": "not tested",
                        "caveat": "; ".join(filter(None, [why, left_out])),
                    }  # fmt: skip
                )
                continue
            caveats = [left_out]
            if result.exact and result.p_min[j] > options["alpha"]:
                caveats.append(
                    f"only {result.n_assignments} distinct assignments: the smallest attainable "
                    f"p is {result.p_min[j]:.3g}, so no result can reach {options['alpha']}"
                )
            if outcome == OUTCOMES[0]:
                dispersion = oneway_dispersion(k[:, j], n, codes).phi
                n_effective = total / dispersion
            else:
                dispersion, n_effective = 1.0, total
            v, low, high, why = effects[j]
            if why:
                caveats.append(f"Cramér's V {why}")
            rows.append(
                {
                    **row,
                    "method": method,
                    "status": "tested",
                    "statistic": float(result.statistic[j]),
                    "p": float(result.p[j]),
                    "p_min": float(result.p_min[j]),
                    "n_permutations": int(result.n_drawn[j]),
                    "effect": v,
                    "effect_ci_low": low,
                    "effect_ci_high": high,
                    "dispersion": dispersion,
                    "mde_effect": float(
                        mde_cramers_v(
                            n_effective, row["df"], alpha=options["alpha"], power=options["power"]
                        )
                    ),
                    "caveat": "; ".join(filter(None, caveats)),
                }
            )
    return rows


def _left_out_note(level: str, excluded: list[str]) -> str:
    if not excluded:
        return ""
    if level == "outlets":
        return (
            f"{len(excluded)} outlet(s) with fewer than the minimum of articles are described, "
            f"not tested: {name_list(excluded)} (see the outlets table)"
        )
    return f"{len(excluded)} group(s) with too few testable outlets left out: {name_list(excluded)}"


def _cramers_v_with_intervals(codes, yes, trials, level, rng, **options):
    """(V, low, high, reason) per column: bias-corrected V and its BC cluster-bootstrap interval."""
    k = int(codes.max()) + 1
    sums_yes = np.zeros((k, yes.shape[1]))
    sums_n = np.zeros((k, yes.shape[1]))
    np.add.at(sums_yes, codes, yes)
    np.add.at(sums_n, codes, trials)
    estimate = bias_corrected_v(sums_yes, sums_n)
    clusters = "articles" if level == "outlets" else "outlets"
    if len(codes) < MIN_ARTICLES:
        why = f"has no interval: fewer than {MIN_ARTICLES} {clusters} to resample"
        return [(float(v), np.nan, np.nan, why) for v in estimate]
    boot = cluster_bootstrap_sums(codes, np.hstack([yes, trials]), options["n_bootstrap"], rng)
    replicates = bias_corrected_v(boot[:, :, : yes.shape[1]], boot[:, :, yes.shape[1] :])
    out = []
    for j, v in enumerate(estimate):
        low, high, why = bias_corrected_interval(replicates[:, j], float(v), options["alpha"])
        out.append((float(v), low, high, why.replace("no interval", "has no interval")))
    return out


def bias_corrected_v(yes: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Bergsma's (2013) bias-corrected Cramér's V of groups × (yes, no) tables from group sums.

    ``yes`` and ``total`` have shape (..., K, F); the result has shape (..., F). A table without
    any (or without any non-) framed unit has V = 0.

    Examples
    --------
    >>> yes, total = np.array([[8.0], [3.0], [5.0]]), np.array([[10.0], [10.0], [10.0]])
    >>> round(float(bias_corrected_v(yes, total)[0]), 3)
    0.323
    """
    n = total.sum(axis=-2)
    chi2 = chi_square_from_sums(yes, total)
    rows = (total > 0).sum(axis=-2).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi2 = np.maximum(0.0, chi2 / n - (rows - 1) / (n - 1))
        r_tilde = rows - (rows - 1) ** 2 / (n - 1)
        c_tilde = 2 - 1 / (n - 1)
        denominator = np.minimum(r_tilde - 1, c_tilde - 1)
        v = np.where(denominator > 0, np.sqrt(phi2 / denominator), 0.0)
    return np.nan_to_num(v)
