"""The ``tests`` table: is each frame used at different rates by different outlets?

For every frame and two levels of analysis -- ``sentence`` (does a sentence carry the frame?)
and ``document`` (does an article carry it at all?) -- one outlet × (with, without) table is
tested, with the method chosen by what the data can support:

* **Document level.** Documents are independent units: Pearson's chi-square when Cochran's
  expected-count rule holds, otherwise Fisher's exact test (2×2) or a Monte Carlo permutation
  test over documents.
* **Sentence level.** Sentences of one article are not independent, so when every outlet has
  at least two documents the chi-square statistic is referred to its permutation distribution
  with **documents** as the exchangeable unit (outlet labels are permuted over whole
  articles). When an outlet has a single document, permuting documents cannot separate
  outlet from article, so the test treats **sentences** as exchangeable (Fisher's exact test
  for two outlets, a permutation test otherwise) and the ``caveat`` says that the result
  compares these articles, not the outlets' coverage in general.

The effect size is Cramér's V with a percentile bootstrap interval that resamples documents
within outlets (sentences within outlets when outlets have a single document).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.stats.bootstrap import stratified_bootstrap
from framing.stats.contingency import (
    cramers_v,
    expected_counts_ok,
    fisher_exact_2x2,
    pearson_chi_square,
    permutation_chi_square,
)
from framing.stats.multiplicity import adjust_pvalues
from framing.tables import SCHEMAS

#: Extra columns of the tests table, after the contract ones.
EXTRA_COLUMNS = ("units", "n_docs", "n_outlets", "expected_min", "correction")


def frame_outlet_tests(
    sentence_table: pd.DataFrame,
    document_table: pd.DataFrame,
    *,
    alpha: float = 0.05,
    correction: str = "holm",
    n_permutations: int = 9999,
    n_bootstrap: int = 999,
    bias_correction: bool = True,
    random_state: int = 0,
) -> pd.DataFrame:
    """Test frame × outlet association for every frame at sentence and document level.

    Parameters
    ----------
    sentence_table, document_table : DataFrame
        Output of :func:`framing.stats.design.sentence_design` and
        :func:`~framing.stats.design.document_design`.
    alpha : float
        Level of the bootstrap interval for Cramér's V (``1 - alpha``).
    correction : {"holm", "fdr_bh"}
        Adjustment across frames, separately within each level.
    n_permutations, n_bootstrap : int
        Monte Carlo replicates of the permutation test and of the bootstrap.
    bias_correction : bool
        Report Bergsma's (2013) bias-corrected Cramér's V.
    random_state : int
        Seed; the output is identical for the same seed.

    Returns
    -------
    DataFrame
        The ``tests`` table: contract columns (frame, level, method, statistic, df, p, p_adj,
        effect, effect_ci_low, effect_ci_high, n, caveat) then ``units`` (what ``n`` counts),
        ``n_docs``, ``n_outlets``, ``expected_min`` and ``correction``. ``statistic`` is
        always Pearson's chi-square of the table, ``effect`` Cramér's V. A test that cannot be
        computed keeps its row, with method ``"not tested"`` and the reason in ``caveat``.

    References
    ----------
    Cochran, W. G. (1954). Some methods for strengthening the common chi-square tests.
    *Biometrics*, 10(4), 417–451.

    Fisher, R. A. (1935). The logic of inductive inference. *Journal of the Royal Statistical
    Society*, 98(1), 39–82.

    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Statistical Applications in Genetics and Molecular Biology*, 9(1), Article 39.

    Bergsma, W. (2013). A bias-correction for Cramér's V and Tschuprow's T. *Journal of the
    Korean Statistical Society*, 42(3), 323–328.

    Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*.
    Cambridge University Press (sec. 3.8, resampling clustered data).
    """
    rng = np.random.default_rng(random_state)
    rows = []
    for frame, docs in document_table.groupby("frame", sort=False):
        sents = sentence_table.loc[sentence_table["frame"] == frame]
        for level in ("sentence", "document"):
            units = _units(sents, docs, level)
            rows.append(
                {
                    "frame": frame,
                    "level": level,
                    **_test_units(
                        units, level, alpha, n_permutations, n_bootstrap, bias_correction, rng
                    ),
                }
            )
    table = pd.DataFrame(rows, columns=[*SCHEMAS["tests"], *EXTRA_COLUMNS])
    table["correction"] = correction
    for level in ("sentence", "document"):
        mask = table["level"] == level
        table.loc[mask, "p_adj"] = adjust_pvalues(table.loc[mask, "p"].to_numpy(), correction)
    return table


def _units(sents: pd.DataFrame, docs: pd.DataFrame, level: str) -> pd.DataFrame:
    """Per-document units with successes/trials, plus the documents per outlet."""
    if level == "document":
        units = docs[["doc_id", "outlet"]].assign(successes=docs["present"], trials=1)
    else:
        units = docs[["doc_id", "outlet"]].assign(
            successes=docs["sentences_with_frame"], trials=docs["sentences"]
        )
    return units.loc[units["trials"] > 0].reset_index(drop=True)


def _test_units(units, level, alpha, n_permutations, n_bootstrap, bias_correction, rng) -> dict:
    docs_per_outlet = units.groupby("outlet")["doc_id"].nunique()
    row = {
        "units": f"{level}s",
        "n": int(units["trials"].sum()),
        "n_docs": int(units["doc_id"].nunique()),
        "n_outlets": int(len(docs_per_outlet)),
        "df": np.nan,
        "statistic": np.nan,
        "p": np.nan,
        "effect": np.nan,
        "effect_ci_low": np.nan,
        "effect_ci_high": np.nan,
        "expected_min": np.nan,
    }
    table = _outlet_table(units)
    if len(docs_per_outlet) < 2:
        return {**row, "method": "not tested", "caveat": "only one outlet; nothing to compare"}
    if table[:, 0].sum() == 0 or table[:, 1].sum() == 0:
        where = "no" if table[:, 0].sum() == 0 else "every"
        caveat = f"frame occurs in {where} {level}; no association can be tested"
        return {**row, "method": "not tested", "caveat": caveat}
    chi = pearson_chi_square(table)
    ok, reason = expected_counts_ok(chi.expected)
    single_doc = bool((docs_per_outlet < 2).any())
    caveats = []
    if level == "document":
        by_sentence = False
        if ok and not single_doc:
            method, p = "chi2", chi.p
        elif table.shape == (2, 2):
            method, p = "fisher_exact", fisher_exact_2x2(table)
        else:
            method = "permutation (documents)"
            p = permutation_chi_square(
                *_codes(units), n_permutations=n_permutations, random_state=rng
            )[1]
        if not ok:
            caveats.append(f"chi-square approximation unreliable ({reason}); used {method}")
        if single_doc:
            caveats.append(
                "some outlets have only one document: the document-level test has almost no "
                "power and describes these articles, not the outlets"
            )
    elif not single_doc:
        by_sentence = False
        method = "permutation (documents)"
        _, p = permutation_chi_square(
            *_codes(units), n_permutations=n_permutations, random_state=rng
        )
        if units["doc_id"].nunique() < 10:
            caveats.append(
                f"only {units['doc_id'].nunique()} documents: few distinct permutations, "
                "so the p-value is coarse"
            )
    else:
        by_sentence = True
        sentence_units = _explode_sentences(units)
        if table.shape == (2, 2):
            method, p = "fisher_exact (sentences)", fisher_exact_2x2(table)
        else:
            method = "permutation (sentences)"
            p = permutation_chi_square(
                *_codes(sentence_units), n_permutations=n_permutations, random_state=rng
            )[1]
        caveats.append(
            "some outlets have only one document: sentences are treated as independent, so "
            "the test compares these articles, not the outlets' coverage in general"
        )
    effect = cramers_v(table, bias_correction=bias_correction)
    boot_units = _explode_sentences(units) if by_sentence else units
    low, high, caveat = _effect_interval(
        boot_units, by_sentence, bias_correction, n_bootstrap, alpha, rng
    )
    if caveat:
        caveats.append(caveat)
    return {
        **row,
        "method": method,
        "statistic": chi.statistic,
        "df": chi.df,
        "p": float(np.clip(p, 0.0, 1.0)),
        "effect": effect,
        "effect_ci_low": low,
        "effect_ci_high": high,
        "expected_min": float(chi.expected.min()),
        "caveat": "; ".join(caveats),
    }


def _outlet_table(units: pd.DataFrame) -> np.ndarray:
    grouped = units.groupby("outlet")[["successes", "trials"]].sum()
    yes = grouped["successes"].to_numpy(dtype=float)
    return np.column_stack([yes, grouped["trials"].to_numpy(dtype=float) - yes])


def _codes(units: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    codes = pd.factorize(units["outlet"], sort=True)[0]
    return codes, units["successes"].to_numpy(float), units["trials"].to_numpy(float)


def _explode_sentences(units: pd.DataFrame) -> pd.DataFrame:
    """One unit per sentence: ``successes`` ones and ``trials - successes`` zeros per document."""
    rows = []
    for unit in units.itertuples(index=False):
        successes, trials = int(unit.successes), int(unit.trials)
        for value in [1] * successes + [0] * (trials - successes):
            rows.append((unit.doc_id, unit.outlet, value, 1))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "successes", "trials"])


def _effect_interval(units, by_sentence, bias_correction, n_bootstrap, alpha, rng):
    """Bootstrap interval of Cramér's V resampling the given units within outlets."""
    codes, successes, trials = _codes(units)
    if np.bincount(codes).max() < 2:
        return (
            np.nan,
            np.nan,
            "no interval for Cramér's V: one unit per outlet, nothing to resample",
        )
    k = int(codes.max()) + 1

    def statistic(index: np.ndarray) -> float:
        yes = np.bincount(codes[index], weights=successes[index], minlength=k)
        total = np.bincount(codes[index], weights=trials[index], minlength=k)
        table = np.column_stack([yes, total - yes])
        if (table.sum(axis=0) == 0).any():
            return 0.0  # a replicate without the frame (or without its absence): no association
        return cramers_v(table, bias_correction=bias_correction)

    low, high, _ = stratified_bootstrap(codes, statistic, n_bootstrap, alpha, rng)
    note = "interval resamples sentences within outlets (ignores clustering)" if by_sentence else ""
    return low, high, note
