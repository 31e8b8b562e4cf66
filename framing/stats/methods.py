"""The methods of the comparison stage, named once: table labels, sentences and families.

Every statistics table records, per row, its ``method``, ``unit``, ``family`` and
``correction``. The labels come from :data:`METHODS` (the modules that compute them import
their label from here), and :func:`describe` writes the methods text from the labels that
actually occur in a run's tables -- so the text cannot claim a method, a correction or a unit
that the tables do not show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Method:
    """A method as the tables name it and as the methods text describes it."""

    label: str
    sentence: str


def _m(label: str, sentence: str) -> Method:
    return Method(label, sentence)


PERMUTATION_ARTICLES_EXACT = _m(
    "permutation over articles, exact",
    "Outlet differences in each frame were tested by permuting outlet labels over whole "
    "articles, so that sentences of one article stay together (Good, 2005); where the number "
    "of distinct assignments was small every assignment was enumerated and the exact p-value "
    "and the smallest attainable p-value are reported.",
)
PERMUTATION_ARTICLES_MC = _m(
    "permutation over articles, Monte Carlo",
    "Outlet differences in each frame were tested by permuting outlet labels over whole "
    "articles (Good, 2005), with p = (b+1)/(B+1) over B random permutations (Phipson & "
    "Smyth, 2010), drawn sequentially: a frame whose statistic h permutations had reached was "
    "settled at the L-th, with p = h/L (Besag & Clifford, 1991); the statistic is the Pearson "
    "chi-square of the pooled outlet × framed table.",
)
PERMUTATION_OUTLETS_EXACT = _m(
    "permutation over outlets, exact",
    "Group differences were tested by permuting group labels over whole outlets, every "
    "distinct assignment enumerated.",
)
PERMUTATION_OUTLETS_MC = _m(
    "permutation over outlets, Monte Carlo",
    "Group differences were tested by permuting group labels over whole outlets (random "
    "permutations, drawn sequentially as for outlets: Besag & Clifford, 1991), so that "
    "outlets, not articles, are the units of a group comparison.",
)
QUASI_BINOMIAL = _m(
    "quasi-binomial logit",
    "Each outlet's share of framed sentences was modelled with a quasi-binomial logit model of "
    "article counts (framed sentences of sentences) on outlet and event, the variance inflated "
    "by the between-article dispersion estimated from Pearson residuals (Wedderburn, 1974; "
    "McCullagh & Nelder, 1989); coefficients are odds ratios against the reference outlet, "
    "tested with t on N - p degrees of freedom.",
)
QUASI_POISSON = _m(
    "quasi-Poisson, offset log(tokens)",
    "Frame hits per article were modelled with a quasi-Poisson log-linear model with log(tokens) "
    "as offset, giving rate ratios per token (McCullagh & Nelder, 1989).",
)
FIRTH_LOGIT_PROFILE = _m(
    "Firth penalised logit (quasi), profile likelihood",
    "Where an outlet never (or always) used a frame, the logit model was fitted with Firth's "
    "(1993) penalised likelihood on the aggregated counts, with profile penalised-likelihood "
    "tests and intervals for the separated terms (Heinze & Schemper, 2002), scaled by the "
    "dispersion.",
)
FIRTH_LOGIT_WALD = _m("Firth penalised logit (quasi), Wald", "")
FIRTH_POISSON_PROFILE = _m(
    "Firth penalised Poisson (quasi), profile likelihood",
    "Rate models with an outlet without hits used Firth's (1993) penalised Poisson likelihood "
    "in the same way.",
)
FIRTH_POISSON_WALD = _m("Firth penalised Poisson (quasi), Wald", "")
GROUP_CLUSTERED = _m(
    "binomial logit, cluster-robust (CR1) by outlet, t(G-1)",
    "Groups of outlets were compared with a binomial logit model of article counts with "
    "standard errors clustered by outlet (Liang & Zeger, 1986) and a t(G - 1) reference "
    "distribution for G outlets (Cameron & Miller, 2015).",
)
GROUP_MIXED = _m(
    "linear mixed model, random intercept per outlet (REML), between-within df",
    "A linear mixed model of article shares with a random intercept per outlet (Laird & Ware, "
    "1982) gives the group differences with between-outlet variation made explicit, tested "
    "on between-within degrees of freedom (Schluchter & Elashoff, 1990).",
)
CONTRAST_QUASI_LR = _m(
    "quasi-likelihood ratio F test, profile-likelihood interval",
    "Pairs of outlets were compared by the odds ratio of their pooled shares, with a "
    "quasi-likelihood ratio test (G² divided by the frame's between-article dispersion, "
    "F(1, df)) and the matching profile-likelihood interval (Venzon & Moolgavkar, 1988), so "
    "that an interval excludes 1 exactly when p < alpha and no correction of zero cells can "
    "reverse a direction.",
)
CONTRAST_GROUPS = _m(
    "Wald t, cluster-robust (CR1) by outlet",
    "Pairs of groups were compared by the odds ratio of their pooled shares with "
    "cluster-robust (by outlet) Wald tests and intervals.",
)

KEYNESS_TESTED = _m(
    "weighted log-odds (informative Dirichlet prior); Welch t over articles",
    "Distinctive words were found one language at a time, ranked by the weighted log-odds "
    "ratio with an informative Dirichlet prior scaled to the corpus (Monroe, Colaresi & Quinn, "
    "2008) and tested with Welch's t over articles' relative frequencies (Lijffijt et al., "
    "2016).",
)
KEYNESS_RANKED = _m(
    "weighted log-odds (informative Dirichlet prior); not tested",
    "Distinctive words were found one language at a time, ranked by the weighted log-odds "
    "ratio with an informative Dirichlet prior scaled to the corpus (Monroe, Colaresi & Quinn, "
    "2008); where a side had too few articles for a test over articles the ranking is "
    "descriptive.",
)

CHANGE_EXACT = _m(
    "permutation of periods over articles, exact",
    "Change in each frame between two events (or periods) was tested by permuting their "
    "labels over whole articles, every assignment enumerated (Good, 2005); the difference of "
    "pooled shares carries a bias-corrected bootstrap interval resampling articles within each "
    "side (Efron, 1987; Davison & Hinkley, 1997).",
)
CHANGE_MC = _m(
    "permutation of periods over articles, Monte Carlo",
    "Change in each frame between two events (or periods) was tested by permuting their "
    "labels over whole articles (Good, 2005), with p = (b+1)/(B+1) (Phipson & Smyth, 2010), "
    "or h/L where h permutations reached the statistic by the L-th (Besag & Clifford, 1991); "
    "the difference of pooled shares carries a bias-corrected bootstrap interval resampling "
    "articles within each side (Efron, 1987; Davison & Hinkley, 1997).",
)

#: Every method the statistics tables can name, by label.
METHODS: dict[str, Method] = {
    m.label: m
    for m in (
        PERMUTATION_ARTICLES_EXACT,
        PERMUTATION_ARTICLES_MC,
        PERMUTATION_OUTLETS_EXACT,
        PERMUTATION_OUTLETS_MC,
        QUASI_BINOMIAL,
        QUASI_POISSON,
        FIRTH_LOGIT_PROFILE,
        FIRTH_LOGIT_WALD,
        FIRTH_POISSON_PROFILE,
        FIRTH_POISSON_WALD,
        GROUP_CLUSTERED,
        GROUP_MIXED,
        CONTRAST_QUASI_LR,
        CONTRAST_GROUPS,
        KEYNESS_TESTED,
        KEYNESS_RANKED,
        CHANGE_EXACT,
        CHANGE_MC,
    )
}

#: What one multiplicity family is, per table (the ``family`` column starts with it).
FAMILIES = {
    "tests": "the frames of one level and outcome",
    "models": "the terms of one model",
    "contrasts": "the pairs of one frame and level",
    "keyness": "the vocabulary of one comparison",
    "change": "the frames of one change between two events or periods",
}

#: Names of the adjustments, for the text.
CORRECTION_NAMES = {
    "holm": "Holm's (1979) step-down procedure",
    "fdr_bh": "Benjamini and Hochberg's (1995) false discovery rate procedure",
}


def family(table: str, detail: str) -> str:
    """The ``family`` cell of a row of ``table``: the kind of family, then its specifics."""
    return f"{FAMILIES[table]}: {detail}"


def describe(tables: Mapping[str, pd.DataFrame | None]) -> list[str]:
    """Methods sentences for the statistics tables of a run, from their own columns.

    Parameters
    ----------
    tables : mapping of str to DataFrame or None
        Any of ``tests``, ``models``, ``contrasts``, ``keyness``, ``corrected_shares``,
        ``outlets``.

    Returns
    -------
    list of str
        Sentences, in the order of the tables; empty when no statistic was computed.

    Examples
    --------
    >>> tests = pd.DataFrame({"method": ["permutation over articles, exact"], "unit": ["article"],
    ...     "correction": ["holm"], "family": [family("tests", "outlets · 3 frames")]})
    >>> print(describe({"tests": tests})[0][:60])
    Outlet differences in each frame were tested by permuting ou
    """
    sentences: list[str] = []
    outlets = tables.get("outlets")
    if outlets is not None and len(outlets):
        tested, total = int(outlets["testable"].sum()), len(outlets)
        sentences.append(
            "Articles are the independent units of every test and model: sentence counts were "
            f"aggregated per article, and {tested} of the {total} outlets had enough articles "
            "to be tested; the others are described with their shares only."
        )
    for name in ("tests", "models", "contrasts", "change"):
        table = tables.get(name)
        if table is None or table.empty or "method" not in table:
            continue
        for label in dict.fromkeys(table["method"].dropna()):
            method = METHODS.get(str(label))
            if method is not None and method.sentence:
                sentences.append(method.sentence)
        if name == "tests":
            sentences += _effect_sentences(table)
        adjusted = table.dropna(subset=["p_adj"]) if "p_adj" in table else table.iloc[:0]
        for correction in dict.fromkeys(adjusted.get("correction", pd.Series(dtype=str))):
            sentences.append(
                f"In the {name} table, adjusted p-values use {CORRECTION_NAMES.get(correction, correction)} "
                f"within {FAMILIES[name]}."
            )
    keyness = tables.get("keyness")
    if keyness is not None and len(keyness) and "method" in keyness:
        tested = (keyness["method"] == KEYNESS_TESTED.label).any()
        sentences.append((KEYNESS_TESTED if tested else KEYNESS_RANKED).sentence)
        for correction in dict.fromkeys(keyness.dropna(subset=["p_adj"]).get("correction", [])):
            sentences.append(
                f"Keyness p-values use {CORRECTION_NAMES.get(correction, correction)} within "
                f"{FAMILIES['keyness']}."
            )
    corrected = tables.get("corrected_shares")
    if corrected is not None and len(corrected):
        sentences.append(
            "Frame shares corrected for the lexicon's measured sensitivity and specificity use "
            "the Rogan-Gladen estimator (Rogan & Gladen, 1978) with bootstrap intervals over the "
            "coded sentences and the articles (Lang & Reiczigel, 2014)."
        )
    return sentences


def _effect_sentences(tests: pd.DataFrame) -> list[str]:
    """Effect sizes and minimum detectable effects, when the tests table has them."""
    out = []
    if "effect" in tests and tests["effect"].notna().any():
        out.append(
            "Effect sizes are Bergsma's (2013) bias-corrected Cramér's V of the pooled table with "
            "bias-corrected percentile bootstrap intervals resampling articles within outlets "
            "(Efron, 1987), given only with at least ten articles and only when they contain "
            "the estimate."
        )
    if "mde_effect" in tests and tests["mde_effect"].notna().any():
        power = float(tests["power"].dropna().iloc[0]) if "power" in tests else 0.8
        out.append(
            "Beside each result is the minimum detectable effect, the smallest difference the "
            f"study's article counts could detect with power {power:.0%} at the chosen alpha "
            "(Bloom, 1995): Cramér's V from the noncentral chi-square on the effective sample "
            "size (Cohen, 1988), odds ratios and share differences from the standard errors."
        )
    return out
