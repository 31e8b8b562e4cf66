"""The per-unit word sums of one language, and one keyness comparison.

:class:`LanguageCounts` holds, for each unit (an outlet or a group), sums over its articles
(word counts, per-article relative frequencies and their squares, articles with the word) and
compares any unit with the rest, or with another unit, from those sums alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing.stats.keyness.statistics import log_odds_dirichlet, two_by_two_keyness, welch_from_sums
from framing.stats.methods import KEYNESS_RANKED, KEYNESS_TESTED, family
from framing.stats.multiplicity import adjust_pvalues

#: Columns of the keyness table, in order (``g2`` is an extra descriptive column).
COLUMNS = (
    "outlet",
    "level",
    "language",
    "versus",
    "term",
    "rank",
    "score",
    "z",
    "count",
    "count_versus",
    "articles",
    "articles_versus",
    "articles_with_term",
    "t",
    "df",
    "p",
    "p_adj",
    "alpha0",
    "unit",
    "method",
    "family",
    "correction",
    "caveat",
    "g2",
)

#: Language code given to documents whose language is missing or blank.
UNDETERMINED = "und"

METHOD = KEYNESS_TESTED.label
METHOD_UNTESTED = KEYNESS_RANKED.label


class LanguageCounts:
    """Per-unit sums of the word counts of one language's articles.

    Built by :meth:`framing.stats.keyness.accumulate.LanguageAccumulator.counts`, chunk by
    chunk: units are rows (in the order of ``names``), words columns (alphabetical).

    Parameters
    ----------
    language : str
    names : list of str
        The units.
    terms : array of str
        The vocabulary (stop words and words below ``min_count`` left out).
    counts, sums, sumsq, with_term : sparse matrix of shape (units, terms)
        Word counts; sums and sums of squares of the per-article relative frequencies (count
        over the article's tokens after stop-word removal); articles containing the word.
    articles : array of int
        Articles of each unit with at least one word after stop-word removal.
    empty_articles : int
        Articles left out for having no word after stop-word removal.
    """

    def __init__(
        self,
        *,
        language: str,
        names: list[str],
        terms: np.ndarray,
        counts: sp.csr_matrix,
        sums: sp.csr_matrix,
        sumsq: sp.csr_matrix,
        with_term: sp.csr_matrix,
        articles: np.ndarray,
        empty_articles: int,
    ) -> None:
        self.language = language
        self.terms = terms
        self.index = {name: i for i, name in enumerate(names)}
        self.articles = np.asarray(articles)
        self.empty_articles = int(empty_articles)
        self.counts, self.sums = sp.csr_matrix(counts), sp.csr_matrix(sums)
        self.sumsq, self.with_term = sp.csr_matrix(sumsq), sp.csr_matrix(with_term)
        self.totals = np.asarray(self.counts.sum(axis=0)).ravel()
        self.total = {
            "counts": self.totals.astype(float),
            "sums": np.asarray(self.sums.sum(axis=0)).ravel(),
            "sumsq": np.asarray(self.sumsq.sum(axis=0)).ravel(),
            "with_term": np.asarray(self.with_term.sum(axis=0)).ravel(),
        }

    def side(self, name: str) -> dict:
        """Counts, sums, sums of squares, articles with the word, and articles of one unit."""
        i = self.index[name]
        out = {
            key: np.asarray(getattr(self, key)[i].todense(), dtype=float).ravel()
            for key in ("counts", "sums", "sumsq", "with_term")
        }
        return {**out, "articles": int(self.articles[i])}

    def rest(self, own: dict) -> dict:
        """The sums of every unit but the one given."""
        out = {key: self.total[key] - own[key] for key in self.total}
        absent = out["with_term"] <= 0  # exact zeros where subtraction left rounding residue
        out["sums"][absent] = out["sumsq"][absent] = 0.0
        return {**out, "articles": int(self.articles.sum()) - own["articles"]}

    def compare(self, unit, versus, alpha0, min_articles, top, correction, noun) -> pd.DataFrame:
        """The ``top`` rows of one comparison (see :func:`keyness`)."""
        a = self.side(unit)
        b = self.rest(a) if versus == "rest" else self.side(versus)
        used = (a["counts"] + b["counts"]) > 0  # a head-to-head pair drops words neither uses
        terms = self.terms[used]
        a = {k: v[used] if isinstance(v, np.ndarray) else v for k, v in a.items()}
        b = {k: v[used] if isinstance(v, np.ndarray) else v for k, v in b.items()}
        other = f"the other {noun}s" if versus == "rest" else versus
        vocabulary = family(
            "keyness", f"{self.language} · {unit} vs {versus} · {len(terms):,} terms"
        )
        small = [(n, s["articles"]) for n, s in ((unit, a), (other, b))]
        small = [(n, k) for n, k in small if k < min_articles]
        row = {
            "outlet": unit,
            "versus": versus,
            "articles": a["articles"],
            "articles_versus": b["articles"],
            "unit": "article",
            "method": METHOD_UNTESTED if small else METHOD,
            "correction": correction,
        }
        if a["counts"].sum() == 0 or b["counts"].sum() == 0:
            empty = unit if a["counts"].sum() == 0 else other
            row.update(
                method=METHOD_UNTESTED,
                term="",
                rank=0,
                count=int(a["counts"].sum()),
                count_versus=int(b["counts"].sum()),
                family=vocabulary,
                caveat=f"{empty} has no words in the vocabulary (min_count, stop words): "
                "nothing to compare",
            )
            return _frame([row])
        prior = alpha0 * self.totals[used] / self.totals[used].sum()
        delta, z = log_odds_dirichlet(a["counts"], b["counts"], prior)
        if small:
            t = df = p = p_adj = np.full(len(terms), np.nan)
            fewest = min(k for _, k in small)
            sides = " and ".join(n for n, _ in small) + (" has" if len(small) == 1 else " have")
            caveat = (
                f"not testable ({n_of(fewest, 'article')}): {sides} fewer than "
                f"{n_of(min_articles, 'article')}; ranked by z only"
            )
        else:
            t, df, p = welch_from_sums(
                a["sums"], a["sumsq"], a["articles"], b["sums"], b["sumsq"], b["articles"]
            )
            p_adj = adjust_pvalues(p, correction)
            caveat = ""
        keep = _top(z, top)
        with_term = a["with_term"][keep].astype(int)
        caveats = np.full(len(keep), caveat, dtype=object)
        if not small:
            single = with_term == 1
            caveats[single] = f"occurs in only 1 of the {a['articles']} articles of {unit}"
        table = pd.DataFrame(
            {
                **row,
                "term": terms[keep],
                "rank": np.arange(1, len(keep) + 1),
                "score": delta[keep],
                "z": z[keep],
                "count": a["counts"][keep].astype(int),
                "count_versus": b["counts"][keep].astype(int),
                "articles_with_term": with_term,
                "t": t[keep],
                "df": df[keep],
                "p": p[keep],
                "p_adj": p_adj[keep],
                "family": vocabulary,
                "caveat": caveats,
                "g2": two_by_two_keyness(a["counts"], b["counts"])[0][keep],
            }
        )
        return table


def _top(z: np.ndarray, top: int) -> np.ndarray:
    """Indices of the ``top`` largest ``z``, descending; ties by index (terms are sorted)."""
    if len(z) > top:
        threshold = np.partition(z, len(z) - top)[len(z) - top]
        candidates = np.flatnonzero(z >= threshold)  # every tie at the threshold
    else:
        candidates = np.arange(len(z))
    order = np.lexsort((candidates, -z[candidates]))
    return candidates[order][:top]


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    return frame.reindex(columns=[c for c in COLUMNS if c not in ("level", "language", "alpha0")])


def empty_table() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in COLUMNS})


def n_of(count: int, noun: str) -> str:
    """``"1 article"``, ``"3 articles"``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
