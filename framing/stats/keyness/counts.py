"""Word counts of one language, per article and per unit, and one keyness comparison.

:class:`LanguageCounts` counts every word of a language once (one vectoriser pass into a
sparse articles × words matrix) and compares any unit with the rest, or with another unit,
from sums over that matrix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from framing.corpus.tokens import TOKEN_PATTERN
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
    """Per-article and per-unit word counts of one language (one vectoriser pass)."""

    def __init__(
        self,
        texts: np.ndarray,
        units: np.ndarray,
        names: list[str],
        stop: frozenset[str],
        min_count: int,
        language: str,
    ) -> None:
        self.language = language
        vectorizer = CountVectorizer(token_pattern=TOKEN_PATTERN, lowercase=True, dtype=np.int64)
        try:
            X = vectorizer.fit_transform(texts).tocsr()
            terms = vectorizer.get_feature_names_out()
            index = vectorizer.vocabulary_
        except ValueError:  # no word at all in this language
            X, terms = sp.csr_matrix((len(texts), 0), dtype=np.int64), np.array([], dtype=object)
            index = {}
        words = np.ones(len(terms), dtype=bool)
        words[[index[w] for w in stop if w in index]] = False
        X, terms = X[:, words], terms[words]
        tokens = np.asarray(X.sum(axis=1)).ravel()
        kept = tokens > 0
        self.empty_articles = int((~kept).sum())
        X, tokens, units = X[kept], tokens[kept], units[kept]
        totals = np.asarray(X.sum(axis=0)).ravel()
        vocabulary = totals >= min_count
        X, self.terms, self.totals = X[:, vocabulary], terms[vocabulary], totals[vocabulary]
        codes = pd.Categorical(units, categories=names).codes
        n = len(codes)
        groups = sp.csr_matrix((np.ones(n), (codes, np.arange(n))), shape=(len(names), n))
        rates = sp.diags(1.0 / tokens) @ X  # per-article relative frequencies
        self.index = {name: i for i, name in enumerate(names)}
        self.articles = np.bincount(codes, minlength=len(names))
        self.counts = (groups @ X).tocsr()
        self.sums = (groups @ rates).tocsr()
        self.sumsq = (groups @ rates.multiply(rates)).tocsr()
        self.with_term = (groups @ (X > 0).astype(np.int64)).tocsr()
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
