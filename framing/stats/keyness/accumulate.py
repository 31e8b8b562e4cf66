"""Word counts of one language summed over chunks of articles: keyness without the whole text.

Every quantity keyness needs of a unit (an outlet or a group) is a sum over its articles: word
counts, the per-article relative frequencies and their squares (for Welch's t), and the number
of articles containing each word. Sums add up over chunks, so :class:`LanguageAccumulator`
reads a corpus chunk by chunk, vectorises each chunk once for every level (outlets and groups)
and keeps only unit × word sums; :meth:`LanguageAccumulator.counts` gives the
:class:`~framing.stats.keyness.counts.LanguageCounts` of one level, whatever the chunk size
(up to the rounding of floating-point sums).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from framing.corpus.tokens import TOKEN_PATTERN
from framing.stats.keyness.counts import LanguageCounts

_SUMS = ("counts", "sums", "sumsq", "with_term")

#: Unsummed entries a level holds before its pieces are added up: memory then stays of the
#: order of units × words seen, not chunks × units × words.
MERGE_ENTRIES = 4_000_000


class _Level:
    """The sums of one level (outlets or groups): unit rows, word columns."""

    def __init__(self) -> None:
        self.units: dict[str, int] = {}
        self.documents: list[int] = []  # every document, empty ones included
        self.articles: list[int] = []  # documents with words after stop-word removal
        self.pieces: dict[str, list[tuple]] = {key: [] for key in _SUMS}
        self.empty_articles = 0
        self.held = 0  # entries in the pieces of one key
        self.merged = 0  # entries of one key after the last merge

    def add(self, key: str, piece: tuple, n_words: int) -> None:
        """Keep one chunk's (row, column, value) sums of ``key``; add all up when many."""
        self.pieces[key].append(piece)
        if key == _SUMS[-1]:
            self.held += len(piece[0])
            if self.held > max(MERGE_ENTRIES, 2 * self.merged):
                self.merge(n_words)

    def merge(self, n_words: int) -> None:
        """Replace each key's pieces by their sum (one piece per key)."""
        for key in _SUMS:
            row, col, data = _concatenated(self.pieces[key])
            summed = sp.coo_matrix((data, (row, col)), shape=(len(self.units), n_words))
            summed.sum_duplicates()
            self.pieces[key] = [(summed.row, summed.col, summed.data)]
        self.held = self.merged = len(summed.data)

    def summed(self, key: str, shape: tuple[int, int]) -> sp.csr_matrix:
        """The sums of ``key``: units × words."""
        row, col, data = _concatenated(self.pieces[key])
        return sp.coo_matrix((data, (row, col)), shape=shape).tocsr()

    def rows(self, units: np.ndarray) -> np.ndarray:
        for unit in units:
            if unit not in self.units:
                self.units[unit] = len(self.units)
                self.documents.append(0)
                self.articles.append(0)
        return np.array([self.units[u] for u in units], dtype=np.int64)


class LanguageAccumulator:
    """Unit × word sums of one language, added chunk by chunk.

    Parameters
    ----------
    language : str
    stop : frozenset of str
        Words not counted (the language's stop words).
    note : str
        What to tell the reader about the stop words (e.g. that the language has none).
    """

    def __init__(self, language: str, stop: frozenset[str], note: str = "") -> None:
        self.language = language
        self.stop = stop
        self.note = note
        self.vocabulary: dict[str, int] = {}
        self.levels: dict[str, _Level] = {}

    def add(self, texts: np.ndarray, units: dict[str, np.ndarray]) -> None:
        """Count one chunk's ``texts``; ``units[level]`` names each text's unit (None: none).

        Parameters
        ----------
        texts : array of str
            The chunk's documents in this language.
        units : dict of str to array
            For each level (``"outlet"``, ``"group"``), the unit of each text, or None where
            the text has no unit at that level (it is not counted there).
        """
        vectorizer = CountVectorizer(token_pattern=TOKEN_PATTERN, lowercase=True, dtype=np.int64)
        try:
            X = vectorizer.fit_transform(texts).tocsr()
            terms = vectorizer.get_feature_names_out()
        except ValueError:  # no word at all in this chunk
            X, terms = sp.csr_matrix((len(texts), 0), dtype=np.int64), np.array([], dtype=object)
        words = np.array([t not in self.stop for t in terms], dtype=bool)
        X, terms = X[:, words], terms[words]
        columns = np.array(
            [self.vocabulary.setdefault(t, len(self.vocabulary)) for t in terms], dtype=np.int64
        )
        tokens = np.asarray(X.sum(axis=1)).ravel()
        for level, names in units.items():
            state = self.levels.setdefault(level, _Level())
            known = np.array([n is not None for n in names], dtype=bool)
            rows = state.rows(np.asarray(names, dtype=object)[known])
            for row in rows:
                state.documents[row] += 1
            kept = tokens[known] > 0
            state.empty_articles += int((~kept).sum())
            rows, part, n_tokens = rows[kept], X[known][kept], tokens[known][kept]
            if not len(rows):
                continue
            for row in rows:
                state.articles[row] += 1
            n = len(rows)
            groups = sp.csr_matrix((np.ones(n), (rows, np.arange(n))), shape=(rows.max() + 1, n))
            rates = sp.diags(1.0 / n_tokens) @ part
            sums = {
                "counts": groups @ part,
                "sums": groups @ rates,
                "sumsq": groups @ rates.multiply(rates),
                "with_term": groups @ (part > 0).astype(np.int64),
            }
            for key, matrix in sums.items():
                coo = sp.coo_matrix(matrix)
                state.add(key, (coo.row, columns[coo.col], coo.data), len(self.vocabulary))

    def units(self, level: str) -> dict[str, int]:
        """Documents per unit of ``level`` in this language (empty documents included)."""
        state = self.levels.get(level)
        if state is None:
            return {}
        return {unit: state.documents[row] for unit, row in state.units.items()}

    def counts(self, level: str, names: list[str], min_count: int) -> LanguageCounts:
        """The :class:`LanguageCounts` of ``level`` for the units ``names`` (in this order).

        Words seen fewer than ``min_count`` times over these units are left out; columns are
        in alphabetical order of the words, as one vectoriser pass over every text gives.
        """
        state = self.levels[level]
        shape = (len(state.units), len(self.vocabulary))
        order = np.array([state.units[name] for name in names], dtype=np.int64)
        summed = {key: state.summed(key, shape)[order] for key in _SUMS}
        terms = np.array(list(self.vocabulary), dtype=object)
        alphabetical = np.argsort(terms, kind="stable")
        totals = np.asarray(summed["counts"].sum(axis=0)).ravel()
        keep = alphabetical[totals[alphabetical] >= min_count]
        articles = np.array(state.articles, dtype=np.int64)[order]
        return LanguageCounts(
            language=self.language,
            names=list(names),
            terms=terms[keep],
            counts=summed["counts"][:, keep].astype(np.int64),
            sums=summed["sums"][:, keep],
            sumsq=summed["sumsq"][:, keep],
            with_term=summed["with_term"][:, keep].astype(np.int64),
            articles=articles,
            empty_articles=state.empty_articles,
        )


def _concatenated(pieces: list[tuple]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and values of ``pieces`` end to end (empty arrays for none)."""
    if not pieces:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64), np.array([])
    return tuple(np.concatenate([p[i] for p in pieces]) for i in range(3))
