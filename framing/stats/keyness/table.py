"""The ``keyness`` table: which words set an outlet (or a group of outlets) apart?

Comparisons are made one language at a time: within each language, the words of each outlet
(or group, ``by="group"``) are compared with those of all other outlets writing in that
language (one-vs-rest) and, optionally, with one named outlet (``pairs``). Stop words of the
language are removed before counting.

Ranking and testing are kept apart:

* **Ranking** (``score``, ``z``): the weighted log-odds ratio of each word with an informative
  Dirichlet prior, and its z-score (Monroe, Colaresi & Quinn 2008, eqs. 16, 18–22). The prior
  is the word distribution of the language's sub-corpus scaled to a total mass
  ``alpha0 = prior_weight × (mean number of counted tokens per outlet in that language)``, so
  that by default the prior weighs as much as one typical outlet's own counts, whatever the
  size of the corpus.
* **Testing** (``t``, ``df``, ``p``, ``p_adj``): articles, not tokens, are the independent units.
  Words cluster within articles, so token-level tests (chi-square, G², the z of the log-odds)
  are anti-conservative (Lijffijt et al. 2016). Each word gets Welch's two-sample t-test of its
  per-article relative frequency (count / tokens of the article after stop-word removal)
  between the articles of the outlet and those of the other side, computed for the whole
  vocabulary of the comparison and adjusted for multiplicity over that vocabulary; the ``top``
  words by ``z`` are then kept.

References
----------
Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: lexical feature
selection and evaluation for identifying the content of political conflict. *Political
Analysis*, 16(4), 372–403.

Lijffijt, J., Nevalainen, T., Säily, T., Papageorgiou, P., Puolamäki, K., & Mannila, H.
(2016). Significance testing of word frequencies in corpora. *Digital Scholarship in the
Humanities*, 31(2), 374–397.

Welch, B. L. (1947). The generalization of "Student's" problem when several different
population variances are involved. *Biometrika*, 34(1–2), 28–35.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from framing.corpus.stopwords import has_stop_words
from framing.corpus.stopwords import stop_words as shipped_stop_words
from framing.errors import ConfigError, InputError
from framing.stats.keyness.accumulate import LanguageAccumulator
from framing.stats.keyness.counts import COLUMNS, UNDETERMINED, empty_table
from framing.stats.keyness.counts import n_of as _n
from framing.stats.multiplicity import check_correction


def keyness(
    documents: pd.DataFrame | Iterable[pd.DataFrame],
    *,
    by: str | Sequence[str] = "outlet",
    pairs: Iterable[tuple[str, str]] | None = None,
    min_articles: int = 2,
    top: int = 20,
    min_count: int = 2,
    correction: str = "fdr_bh",
    stop_words: Mapping[str, Iterable[str]] | None = None,
    prior_weight: float = 1.0,
) -> tuple[pd.DataFrame, list[str]]:
    """Distinctive words of each outlet (or group) against the rest of its language.

    Documents are split by ``language`` (missing or blank: ``"und"``). Within a language, each
    unit (the values of column ``by``) with documents in it is compared with all other units
    of that language (``versus == "rest"``) and, for each named pair ``(a, b)`` whose two
    sides both write in it, ``a`` with ``b`` and ``b`` with ``a``. The language's stop words
    are removed before counting; words seen fewer than ``min_count`` times in the language
    are left out of its vocabulary.

    **Ranking.** ``score`` is the weighted log-odds ratio δ with an informative Dirichlet
    prior and ``z`` its z-score (Monroe et al. 2008, eqs. 16, 18–22; see
    :func:`log_odds_dirichlet`). The prior of word w is ``alpha_w = alpha0 × f_w / F``, with
    ``f_w`` the count of w in the language and ``F`` the sum of ``f`` over the comparison's
    vocabulary, and its total mass is scaled to the corpus::

        alpha0 = prior_weight × (tokens counted in the language / number of units in it)

    so by default the prior weighs as much as one typical unit's own counts (tokens counted
    are those left after stop-word removal and the ``min_count`` filter). ``alpha0`` is
    reported per row.

    **Testing.** Articles are the independent units. For every word of the comparison's
    vocabulary, ``t``/``df``/``p`` are Welch's two-sample t-test (Welch–Satterthwaite degrees
    of freedom) of the word's per-article relative frequency (its count over the article's
    tokens after stop-word removal) between the unit's articles and the other side's articles
    (Lijffijt et al. 2016). ``p_adj`` adjusts ``p`` over the whole vocabulary of the
    comparison (one family per comparison, named in ``family``) before the ``top`` words by
    ``z`` are kept. Articles left without words after stop-word removal are not counted.

    **Chunks.** Every quantity above is a sum over articles, so ``documents`` may be given
    as an iterable of chunks (e.g. the parts of a run's ``documents`` table, text column
    included): each chunk is vectorised once and only unit × word sums are kept, so memory
    does not grow with the corpus. The table is the same whatever the chunking, up to the
    rounding of floating-point sums.

    Parameters
    ----------
    documents : DataFrame or iterable of DataFrame
        Columns ``outlet``, ``language``, ``text`` (and ``doc_id``); ``group`` when
        ``by="group"``. A missing ``language`` column means one undetermined language.
    by : {"outlet", "group"} or sequence of them
        The column whose values are compared; with several, one pass over the chunks gives
        the rows of each level in turn. Rows where it is missing are left out (noted).
    pairs : iterable of (str, str), optional
        Extra head-to-head comparisons of the first level, run in each language both sides
        write in.
    min_articles : int
        A side with fewer articles (at least 2) is ranked but not tested: ``t``, ``df``,
        ``p`` and ``p_adj`` are NaN and ``caveat`` says "not testable (N article[s])".
    top : int
        Words kept per comparison, by descending ``z`` (ties: alphabetical).
    min_count : int
        Minimum count of a word in its language to enter the vocabulary.
    correction : {"fdr_bh", "holm"}
        Multiplicity adjustment of ``p`` within each comparison.
    stop_words : mapping of str to iterable of str, optional
        Language code -> stop words, replacing the shipped list of that language; languages
        not in the mapping use the shipped list (``"id"``, ``"en"``) or none (noted).
    prior_weight : float
        Mass of the prior in units of one typical unit's token count (positive).

    Returns
    -------
    table : DataFrame
        Columns :data:`COLUMNS`, one row per kept word, ordered by language, unit, ``versus``
        (``"rest"`` first) and ``rank``. ``outlet`` holds the unit's name and ``level`` says
        whether units are ``"outlets"`` or ``"groups"``; ``count``/``count_versus`` are the
        word's counts on each side, ``articles``/``articles_versus`` the articles on each
        side and ``articles_with_term`` those of the unit containing the word; ``g2`` is
        Dunning's signed G², descriptive only. A comparison where one side has no word of
        the vocabulary is a single row with an empty ``term``, the sides' total counts and
        the reason in ``caveat``.
    notes : list of str
        One-line notes on what was left out or skipped (for the run's notes table).

    References
    ----------
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: lexical feature
    selection and evaluation for identifying the content of political conflict. *Political
    Analysis*, 16(4), 372–403.

    Lijffijt, J., Nevalainen, T., Säily, T., Papageorgiou, P., Puolamäki, K., & Mannila, H.
    (2016). Significance testing of word frequencies in corpora. *Digital Scholarship in the
    Humanities*, 31(2), 374–397.

    Examples
    --------
    >>> docs = pd.DataFrame({
    ...     "doc_id": ["1", "2", "3", "4", "5"],
    ...     "outlet": ["X", "X", "Y", "Y", "Y"],
    ...     "language": ["id", "id", "id", "id", "en"],
    ...     "text": ["Sanksi yang baru dan sanksi lama", "sanksi nuklir dan kunjungan",
    ...              "kunjungan persahabatan", "persahabatan dan kunjungan damai",
    ...              "the sanctions"]})
    >>> table, notes = keyness(docs, top=2, min_count=1)
    >>> table[["outlet", "versus", "term", "count", "count_versus", "articles"]]
      outlet versus          term  count  count_versus  articles
    0      X   rest        sanksi      3             0         2
    1      X   rest        nuklir      1             0         2
    2      Y   rest  persahabatan      2             0         2
    3      Y   rest         damai      1             0         2
    >>> float(table.loc[0, "alpha0"]), table.loc[0, "family"]
    (5.0, 'the vocabulary of one comparison: id · X vs rest · 5 terms')
    >>> notes
    ["keyness: language 'en' skipped: its 1 document comes from a single outlet (Y)"]
    """
    levels = [by] if isinstance(by, str) else list(by)
    for level in levels:
        _check_options(level, min_articles, top, min_count, correction, prior_weight)
    _stop_words(UNDETERMINED, stop_words)  # a malformed mapping fails before any work
    chunks = [documents] if isinstance(documents, pd.DataFrame) else documents
    if chunks is None:
        return empty_table(), []
    counted = _count(chunks, levels, stop_words)
    if counted is None:
        return empty_table(), []
    accumulators, unnamed = counted
    parts: list[pd.DataFrame] = []
    notes: list[str] = []
    for level in levels:
        if unnamed[level]:
            n, noun = unnamed[level], _noun(level)
            notes.append(f"keyness: {_n(n, 'document')} without {_a(noun)} left out")
        options = (min_articles, top, min_count, correction, prior_weight)
        level_parts, level_notes = _compare_level(
            accumulators, level, pairs if level == levels[0] else None, *options
        )
        parts += level_parts
        notes += level_notes
    if not parts:
        return empty_table(), notes
    return pd.concat(parts, ignore_index=True)[list(COLUMNS)], notes


def _count(
    chunks: Iterable[pd.DataFrame],
    levels: list[str],
    stop_words: Mapping[str, Iterable[str]] | None,
) -> tuple[dict[str, LanguageAccumulator], dict[str, int]] | None:
    """Vectorise every chunk once, per language; None when there is no document at all.

    Returns the accumulator of each language (in alphabetical order) and, per level, the
    number of documents without a unit.
    """
    accumulators: dict[str, LanguageAccumulator] = {}
    unnamed = dict.fromkeys(levels, 0)
    seen = False
    for chunk in chunks:
        if chunk is None or len(chunk) == 0:
            continue
        seen = True
        missing = [c for c in (*levels, "text") if c not in chunk.columns]
        if missing:
            raise InputError(
                f"keyness: the documents table lacks column(s) {', '.join(missing)}; "
                f"it needs {' and '.join(levels)} and text (and language)"
            )
        units = {}
        for level in levels:
            names = chunk[level].astype("string").str.strip()
            known = (names.notna() & (names != "")).to_numpy()
            unnamed[level] += int((~known).sum())
            units[level] = np.where(known, names.fillna("").astype(str).to_numpy(), None)
        texts = chunk["text"].where(chunk["text"].notna(), "").astype(str).to_numpy()
        languages = _languages(chunk)
        for language in sorted(set(languages)):
            here = languages == language
            if language not in accumulators:
                stop, note = _stop_words(language, stop_words)
                accumulators[language] = LanguageAccumulator(language, stop, note=note)
            accumulators[language].add(texts[here], {level: units[level][here] for level in levels})
    if not seen:
        return None
    return dict(sorted(accumulators.items())), unnamed


def _compare_level(accumulators, by, pairs, min_articles, top, min_count, correction, weight):
    """Every comparison of one level (outlets or groups), language by language."""
    noun = _noun(by)
    notes: list[str] = []
    units = {u for acc in accumulators.values() for u in acc.units(by)}
    directed = _directed_pairs(pairs, units, noun)
    parts: list[pd.DataFrame] = []
    used_pairs: set[tuple[str, str]] = set()
    untestable = 0
    for language, accumulator in accumulators.items():
        documents = accumulator.units(by)
        present = sorted(documents)
        if len(present) < 2:
            if present:
                n = sum(documents.values())
                verb = "comes" if n == 1 else "come"
                notes.append(
                    f"keyness: language '{language}' skipped: its {_n(n, 'document')} {verb} "
                    f"from a single {noun} ({present[0]})"
                )
            continue
        if accumulator.note:
            notes.append(accumulator.note)
        comparisons = [(u, "rest") for u in present]
        comparisons += [(a, b) for a, b in directed if a in present and b in present]
        used_pairs |= {(a, b) for a, b in comparisons if b != "rest"}
        comparisons.sort(key=lambda c: (c[0], c[1] != "rest", c[1]))
        counts = accumulator.counts(by, present, min_count)
        if counts.empty_articles:
            notes.append(
                f"keyness: {_n(counts.empty_articles, 'article')} in '{language}' left out "
                "(no words after stop-word removal)"
            )
        alpha0 = weight * counts.totals.sum() / len(present)
        context = {"level": f"{noun}s", "language": language, "alpha0": alpha0}
        for unit, versus in comparisons:
            table = counts.compare(unit, versus, alpha0, min_articles, top, correction, noun)
            untestable += int(table["caveat"].iloc[0].startswith("not testable"))
            parts.append(table.assign(**context))
    for a, b in directed:
        if (a, b) not in used_pairs and a < b:
            notes.append(f"keyness: pair ({a}, {b}) skipped: no language with both {noun}s")
    if untestable:
        notes.append(
            f"keyness: {_n(untestable, 'comparison')} with a side of fewer than "
            f"{_n(min_articles, 'article')}: words ranked but not tested"
        )
    return parts, notes


def _noun(by: str) -> str:
    return "outlet" if by == "outlet" else "group"


def _check_options(by, min_articles, top, min_count, correction, prior_weight) -> None:
    check_correction(correction)
    if by not in ("outlet", "group"):
        raise ConfigError(f"keyness: by={by!r} is not supported; use 'outlet' or 'group'")
    for name, value, least in (("min_articles", min_articles, 2), ("top", top, 1)):
        if int(value) < least:
            raise ConfigError(f"keyness: {name}={value} is below {least}; use {least} or more")
    if int(min_count) < 1:
        raise ConfigError(f"keyness: min_count={min_count} is below 1; use 1 or more")
    if not float(prior_weight) > 0:
        raise ConfigError(f"keyness: prior_weight={prior_weight} must be positive, e.g. 1.0")


def _languages(documents: pd.DataFrame) -> np.ndarray:
    """Lower-case language codes; missing or blank codes become :data:`UNDETERMINED`."""
    if "language" not in documents.columns:
        return np.full(len(documents), UNDETERMINED, dtype=object)
    codes = documents["language"].astype("string").str.strip().str.lower()
    return codes.where(codes.notna() & (codes != ""), UNDETERMINED).astype(str).to_numpy()


def _stop_words(
    language: str, supplied: Mapping[str, Iterable[str]] | None
) -> tuple[frozenset[str], str]:
    """The stop words of ``language`` and a note when it has none."""
    if supplied is not None and not isinstance(supplied, Mapping):
        raise ConfigError(
            "keyness: stop_words must map a language code to its words, "
            "e.g. {'id': ['yang', 'dan']}"
        )
    given = {str(k).strip().lower(): v for k, v in (supplied or {}).items()}
    if language in given:
        words = given[language]
        if isinstance(words, str):
            raise ConfigError(
                f"keyness: stop_words[{language!r}] is a string; give a list of words"
            )
        words = {str(w).strip().lower() for w in words}
    elif has_stop_words(language):
        words = set(shipped_stop_words([language]))
    else:
        return frozenset(), (
            f"keyness: no stop-word list for language '{language}': its words were counted "
            "without removing stop words"
        )
    words |= {w.replace("'", "’") for w in words}  # typographic apostrophes too
    return frozenset(words), ""


def _directed_pairs(pairs, names: set[str], noun: str) -> list[tuple[str, str]]:
    """Both directions of each named pair, without duplicates; names must be known units."""
    out: list[tuple[str, str]] = []
    for pair in pairs or []:
        if isinstance(pair, str) or len(tuple(pair)) != 2:
            raise ConfigError(f"keyness: pair {pair!r} is not two {noun} names")
        a, b = (str(x) for x in pair)
        unknown = [x for x in (a, b) if x not in names]
        if unknown:
            raise ConfigError(
                f"keyness: pair ({a}, {b}) names unknown {noun}(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(names))}"
            )
        if a == b:
            raise ConfigError(f"keyness: pair ({a}, {b}) compares a {noun} with itself")
        out += [p for p in ((a, b), (b, a)) if p not in out]
    return out


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
