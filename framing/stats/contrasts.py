"""The ``contrasts`` table: pairwise outlet comparisons of each frame, adjusted for multiplicity.

For every frame and every pair of outlets (all pairs, or the ``pairs`` a user names) the share
of sentences carrying the frame is compared with a 2×2 table. When both outlets have at least
two documents the p-value comes from a permutation test over documents and the odds-ratio
interval from a cluster bootstrap, so dependence between sentences of one article is respected.
Otherwise the sentences are treated as independent: Fisher's exact test with the conditional
maximum likelihood odds ratio and its exact interval (Fisher 1935; Cornfield 1956), flagged in
``caveat``. Within each frame the p-values of all pairs are adjusted with Holm's method and with
Benjamini–Hochberg's; ``p_adj`` holds the one chosen by ``correction`` and is what a report
shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import numpy as np
import pandas as pd
from scipy.stats.contingency import odds_ratio

from framing.errors import ConfigError
from framing.stats.bootstrap import stratified_bootstrap
from framing.stats.contingency import (
    fisher_exact_2x2,
    pearson_chi_square,
    permutation_chi_square,
)
from framing.stats.multiplicity import CORRECTIONS, adjust_pvalues

#: Columns of the contrasts table.
COLUMNS = (
    "frame",
    "outlet_a",
    "outlet_b",
    "level",
    "method",
    "n_a",
    "n_b",
    "share_a",
    "share_b",
    "difference",
    "odds_ratio",
    "ci_low",
    "ci_high",
    "statistic",
    "p",
    "p_adj",
    "p_holm",
    "p_fdr_bh",
    "correction",
    "n",
    "caveat",
)


def outlet_pairs(
    outlets: Iterable[str], pairs: Iterable[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    """All pairs of ``outlets`` (sorted), or the given ``pairs`` after checking their names.

    Raises
    ------
    ConfigError
        If a pair names an outlet that is not in the corpus, or the same outlet twice.
    """
    known = sorted(set(outlets))
    if pairs is None:
        return list(combinations(known, 2))
    checked = []
    for pair in pairs:
        a, b = pair
        for name in (a, b):
            if name not in known:
                raise ConfigError(
                    f"pair {a}:{b} names unknown outlet {name!r}; outlets are {', '.join(known)}"
                )
        if a == b:
            raise ConfigError(f"pair {a}:{b} compares an outlet with itself; name two outlets")
        checked.append((a, b))
    return checked


def pairwise_contrasts(
    sentence_table: pd.DataFrame,
    *,
    pairs: Iterable[tuple[str, str]] | None = None,
    alpha: float = 0.05,
    correction: str = "holm",
    n_permutations: int = 9999,
    n_bootstrap: int = 999,
    random_state: int = 0,
) -> pd.DataFrame:
    """Compare every pair of outlets on the share of sentences carrying each frame.

    Parameters
    ----------
    sentence_table : DataFrame
        Output of :func:`framing.stats.design.sentence_design`.
    pairs : iterable of (str, str), optional
        Outlet pairs to compare; default all pairs. The adjustment family is these pairs.
    alpha : float
        Intervals have level ``1 - alpha``.
    correction : {"holm", "fdr_bh"}
        Which adjusted p-value goes into ``p_adj`` (both are reported).
    n_permutations, n_bootstrap : int
        Monte Carlo replicates.
    random_state : int
        Seed.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`. ``share_a``/``share_b`` are the shares of sentences with the
        frame, ``difference = share_a - share_b``, ``odds_ratio`` is a over b, ``statistic``
        the Pearson chi-square of the 2×2 table, ``n`` the sentences of both outlets.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics*, 6(2), 65–70.

    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. *Journal of
    the Royal Statistical Society B*, 57(1), 289–300.

    Cornfield, J. (1956). A statistical problem arising from retrospective studies.
    *Proceedings of the Third Berkeley Symposium*, 4, 135–148.
    """
    if correction not in CORRECTIONS:
        raise ConfigError(f"correction {correction!r} is not supported; use holm or fdr_bh")
    rng = np.random.default_rng(random_state)
    chosen = outlet_pairs(sentence_table["outlet"], pairs)
    frames = []
    for frame, data in sentence_table.groupby("frame", sort=False):
        rows = [
            _contrast(frame, data, a, b, alpha, n_permutations, n_bootstrap, rng) for a, b in chosen
        ]
        part = pd.DataFrame(rows, columns=COLUMNS)
        part["p_holm"] = adjust_pvalues(part["p"].to_numpy(float), "holm")
        part["p_fdr_bh"] = adjust_pvalues(part["p"].to_numpy(float), "fdr_bh")
        frames.append(part)
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    table["p_adj"] = table["p_holm"] if correction == "holm" else table["p_fdr_bh"]
    table["correction"] = correction
    return table


def _contrast(frame, data, a, b, alpha, n_permutations, n_bootstrap, rng) -> dict:
    pair = data.loc[data["outlet"].isin([a, b])]
    yes = pair.groupby("outlet")["present"].agg(["sum", "size"]).reindex([a, b], fill_value=0)
    table = np.column_stack([yes["sum"], yes["size"] - yes["sum"]]).astype(int)
    n_a, n_b = int(table[0].sum()), int(table[1].sum())
    row = {
        "frame": frame,
        "outlet_a": a,
        "outlet_b": b,
        "level": "sentence",
        "n_a": n_a,
        "n_b": n_b,
        "n": n_a + n_b,
        "share_a": table[0, 0] / n_a if n_a else np.nan,
        "share_b": table[1, 0] / n_b if n_b else np.nan,
    }
    row["difference"] = row["share_a"] - row["share_b"]
    if min(n_a, n_b) == 0:
        return {**row, "method": "not tested", "caveat": "an outlet has no sentences"}
    if table[:, 0].sum() == 0:
        return {**row, "method": "not tested", "caveat": "neither outlet uses the frame"}
    if table[:, 1].sum() == 0:
        return {**row, "method": "not tested", "caveat": "both outlets use it in every sentence"}
    docs = pair.groupby(["doc_id", "outlet"])["present"].agg(["sum", "size"]).reset_index()
    caveats = []
    if docs.groupby("outlet")["doc_id"].nunique().min() >= 2:
        codes = (docs["outlet"] == b).to_numpy(int)
        successes, trials = docs["sum"].to_numpy(float), docs["size"].to_numpy(float)
        statistic, p = permutation_chi_square(
            codes, successes, trials, n_permutations=n_permutations, random_state=rng
        )
        estimate = _log_odds_ratio(table)
        low, high, _ = stratified_bootstrap(
            codes,
            lambda i: _log_odds_ratio(_pair_table(codes[i], successes[i], trials[i])),
            n_bootstrap,
            alpha,
            rng,
        )
        method = "permutation (documents), cluster bootstrap CI"
        estimate, low, high = np.exp([estimate, low, high])
        if (table == 0).any():
            caveats.append("a zero cell: odds ratios use the +0.5 (Haldane-Anscombe) correction")
    else:
        p = fisher_exact_2x2(table)
        result = odds_ratio(table, kind="conditional")
        interval = result.confidence_interval(confidence_level=1 - alpha)
        estimate, low, high = result.statistic, interval.low, interval.high
        statistic = pearson_chi_square(table).statistic
        method = "fisher_exact (sentences), conditional MLE odds ratio"
        caveats.append(
            "an outlet has a single document: sentences treated as independent, so this "
            "compares two articles rather than two outlets"
        )
        if (table == 0).any():
            caveats.append("a zero cell: the odds ratio or a bound is 0 or infinite")
    return {
        **row,
        "method": method,
        "odds_ratio": float(estimate),
        "ci_low": float(low),
        "ci_high": float(high),
        "statistic": float(statistic),
        "p": float(np.clip(p, 0.0, 1.0)),
        "caveat": "; ".join(caveats),
    }


def _pair_table(codes: np.ndarray, successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    yes = np.bincount(codes, weights=successes, minlength=2)
    total = np.bincount(codes, weights=trials, minlength=2)
    return np.column_stack([yes, total - yes])


def _log_odds_ratio(table: np.ndarray) -> float:
    """Log odds ratio of row 0 over row 1, with +0.5 in every cell if any cell is zero."""
    table = np.asarray(table, dtype=float)
    if (table == 0).any():
        table = table + 0.5
    return float(np.log(table[0, 0] * table[1, 1] / (table[0, 1] * table[1, 0])))
