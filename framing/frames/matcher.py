"""Find every lexicon term in every sentence in one pass: the ``frame_hits`` table.

Every surface form of every term (and exclusion) of a lexicon is a key of one Aho–Corasick
automaton per language (Aho & Corasick, 1975; the C implementation of ``pyahocorasick``). The
sentences of a batch are joined with a separator, lowercased once and scanned once; each
candidate is then kept only if it is a whole word:

- the character before it is not a letter or digit, and it does not repeat the word before a
  hyphen (so the reduplicated plural *sanksi-sanksi* counts once);
- the character after it is not a letter or digit, or, for Indonesian terms, what follows is a
  clitic (*-nya, -lah, -kah, -pun, -ku, -mu*) and then a word boundary (*tuduhannya*);
- for ``case_sensitive`` terms, the original text has the exact case of the form.

Within one sentence and frame, a hit inside an exclusion of that frame is discarded (e.g.
*kerja sama* inside *kerja sama militer* for ``friendship``), and overlapping hits of one frame
count once, leftmost-longest first (*kemitraan strategis* rather than *kemitraan*; *melanggar
resolusi PBB* is one hit, not "melanggar resolusi" plus "resolusi PBB"). Hits of different frames may overlap.
Negation and hedge cues before each hit are recorded (:mod:`framing.frames.negation`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from typing import NamedTuple

import ahocorasick
import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.frames.lexicon import Lexicon
from framing.frames.negation import ALL_LANGUAGES, find_cues

#: Clitics accepted after an Indonesian form, longest first.
CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
SEPARATOR = "\x00"
WHITESPACE = ("\n", "\r", "\t", "\xa0", "\u2009", "\u202f")

HIT_COLUMNS = (
    "sentence_id",
    "doc_id",
    "frame",
    "term",
    "start",
    "end",
    "negated",
    "negation_cue",
    "hedged",
    "hedge_cue",
    "matched_text",
    "start_in_sentence",
    "end_in_sentence",
    "weight",
    "language",
)


class _Entry(NamedTuple):
    frame: str
    term: str
    weight: float
    exact: str | None  # the form with its case, for case-sensitive terms
    exclusion: bool
    language: str


def lower_keep_length(text: str) -> str:
    """``text.lower()``, except characters whose lowercase is longer (``İ``) stay as they are.

    Offsets into the result are offsets into ``text``.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _build(entries: dict[str, list[_Entry]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, values in entries.items():
        automaton.add_word(key, (len(key), tuple(values)))
    if len(automaton):
        automaton.make_automaton()
    return automaton


class FrameMatcher:
    """A lexicon compiled into Aho–Corasick automata, one per language plus one for all.

    Compiling is done once in the constructor; :meth:`match` can then be called on any number
    of sentence batches (or Dask partitions).

    Parameters
    ----------
    lexicon : Lexicon
        The frames to match (:func:`framing.frames.load_lexicon`).
    negation_window : int, default 5
        Words before a hit searched for negation and hedge cues (NegEx's window).

    Attributes
    ----------
    automata_ : dict of str to ahocorasick.Automaton
        Automaton per language code, and ``"*"`` with every language's terms (used for
        sentences whose language the lexicon does not cover).
    n_forms_ : int
        Number of distinct surface forms compiled.

    References
    ----------
    Aho, A. V., & Corasick, M. J. (1975). Efficient string matching: an aid to bibliographic
    search. *Communications of the ACM*, 18(6), 333-340.

    Examples
    --------
    >>> from framing.frames import load_lexicon
    >>> matcher = FrameMatcher(load_lexicon())
    >>> [h[2] for h in matcher.find("Barat menuduh Pyongyang memasok amunisi.", "id")]
    ['western_accusation', 'sanctions_violation']
    """

    def __init__(self, lexicon: Lexicon, *, negation_window: int = 5) -> None:
        self.lexicon = lexicon
        self.negation_window = negation_window
        by_language: dict[str, dict[str, list[_Entry]]] = defaultdict(lambda: defaultdict(list))
        for term in lexicon.terms(exclusions=True):
            for form in term.forms:
                entry = _Entry(
                    term.frame,
                    term.term,
                    term.weight,
                    form if term.case_sensitive else None,
                    term.exclusion,
                    term.language,
                )
                key = lower_keep_length(form)
                by_language[term.language][key].append(entry)
                by_language[ALL_LANGUAGES][key].append(entry)
        self.automata_ = {lang: _build(entries) for lang, entries in by_language.items()}
        self.n_forms_ = len(by_language[ALL_LANGUAGES])

    def _automaton(self, language: str | None) -> ahocorasick.Automaton:
        return self.automata_.get(language or ALL_LANGUAGES, self.automata_[ALL_LANGUAGES])

    def _scan(self, texts: list[str], language: str | None) -> list[tuple]:
        """Raw hits ``(text_index, start, end, entry)`` in a batch of texts of one language."""
        automaton = self._automaton(language)
        if not len(automaton) or not texts:
            return []
        joined = SEPARATOR.join(texts)
        low = lower_keep_length(joined)
        for ws in WHITESPACE:
            if ws in low:
                low = low.replace(ws, " ")
        offsets = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]]).tolist()
        n = len(low)
        hits = []
        for last, (length, entries) in automaton.iter(low):
            start, stop = last - length + 1, last + 1
            if start > 0:
                before = low[start - 1]
                if before.isalnum():
                    continue
                if before == "-" and low[start - 1 - length : start - 1] == low[start:stop]:
                    continue  # second half of a reduplication: sanksi-sanksi
            clitic_stop = stop
            if stop < n and low[stop].isalnum():
                clitic_stop = -1
                for clitic in CLITICS:
                    after = stop + len(clitic)
                    if low.startswith(clitic, stop) and (after == n or not low[after].isalnum()):
                        clitic_stop = after
                        break
                if clitic_stop < 0:
                    continue
            for entry in entries:
                if clitic_stop != stop and entry.language != "id":
                    continue
                if entry.exact is not None and joined[start:stop] != entry.exact:
                    continue
                index = bisect_right(offsets, start) - 1
                base = offsets[index]
                hits.append((index, start - base, clitic_stop - base, entry))
        return hits

    def find(self, text: str, language: str | None = None) -> list[tuple]:
        """Hits in one text as ``(start, end, frame, term, negation_cue, hedge_cue)`` tuples.

        ``end`` is exclusive; exclusions and nested hits are resolved as in :meth:`match`.
        """
        hits = _resolve(self._scan([text], language))
        low = lower_keep_length(text)
        out = []
        for _, start, end, entry in hits:
            neg, hedge = find_cues(low[:start], low[start:], entry.language, self.negation_window)
            out.append((start, end, entry.frame, entry.term, neg, hedge))
        return out

    def match(self, sentences: pd.DataFrame, languages: pd.Series | None = None) -> pd.DataFrame:
        """The ``frame_hits`` table of a ``sentences`` table; see :func:`match_frames`."""
        return match_frames(sentences, self, languages=languages)


def _resolve(hits: list[tuple]) -> list[tuple]:
    """Keep leftmost-longest hits per (text, frame); drop those inside an exclusion."""
    excluded: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for index, start, end, entry in hits:
        if entry.exclusion:
            excluded[index, entry.frame].append((start, end))
    kept = []
    ordered = sorted(
        (h for h in hits if not h[3].exclusion),
        key=lambda h: (h[0], h[3].frame, h[1], -(h[2] - h[1]), -h[3].weight),
    )
    group, reach = None, -1
    for hit in ordered:
        index, start, end, entry = hit
        if (index, entry.frame) != group:
            group, reach = (index, entry.frame), -1
        if any(s <= start and end <= e for s, e in excluded.get((index, entry.frame), ())):
            continue
        if start < reach:
            continue  # overlaps an earlier or longer hit of the same frame
        reach = end
        kept.append(hit)
    kept.sort(key=lambda h: (h[0], h[1], h[3].frame))
    return kept


def _language_groups(sentences: pd.DataFrame, languages: pd.Series | None) -> pd.Series:
    if languages is None:
        if "language" in sentences.columns:
            return sentences["language"].astype("string").fillna(ALL_LANGUAGES)
        return pd.Series(ALL_LANGUAGES, index=sentences.index, dtype="string")
    by_doc = languages.astype("string")
    if by_doc.index.has_duplicates:
        raise InputError("languages: give one language per doc_id (a Series indexed by doc_id)")
    return sentences["doc_id"].map(by_doc).fillna(ALL_LANGUAGES).astype("string")


def match_frames(
    sentences: pd.DataFrame,
    lexicon: Lexicon | FrameMatcher,
    *,
    languages: pd.Series | None = None,
    negation_window: int = 5,
) -> pd.DataFrame:
    """Find every frame term in every sentence: the ``frame_hits`` table.

    A pure function of a batch of sentences, so it maps over Dask partitions unchanged.

    Parameters
    ----------
    sentences : DataFrame
        The ``sentences`` table (``sentence_id``, ``doc_id``, ``text``, ``start``; ``start`` is
        the sentence's offset in ``documents.text``).
    lexicon : Lexicon or FrameMatcher
        The frames to match; pass a :class:`FrameMatcher` to reuse a compiled automaton.
    languages : Series, optional
        Language per document, indexed by ``doc_id`` (e.g.
        ``documents.set_index("doc_id")["language"]``). Sentences are matched against the terms
        of their language; a language the lexicon lacks (or no ``languages`` and no
        ``language`` column) is matched against every language's terms.
    negation_window : int, default 5
        Words before a hit searched for negation and hedge cues (ignored for a FrameMatcher).

    Returns
    -------
    DataFrame
        ``frame_hits``: one row per (sentence, frame, match) with ``sentence_id``, ``doc_id``,
        ``frame``, ``term`` (the lexicon entry as written), ``start``, ``end`` (character
        offsets into ``documents.text``: sentence start + offset in the sentence; ``end``
        exclusive), ``negated`` and ``negation_cue``, ``hedged`` and ``hedge_cue``,
        ``matched_text`` (as in the text, clitic included), ``start_in_sentence``,
        ``end_in_sentence``, ``weight`` and ``language`` (of the term).

    Raises
    ------
    InputError
        If ``sentences`` lacks a needed column.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing.frames import load_lexicon
    >>> sentences = pd.DataFrame({"doc_id": ["d"], "sentence_id": ["d:s1"], "start": [0],
    ...     "text": ["Pyongyang telah berkali-kali membantahnya."]})
    >>> match_frames(sentences, load_lexicon())[["frame", "matched_text"]].values.tolist()
    [['denial', 'membantahnya']]
    """
    missing = [c for c in ("sentence_id", "doc_id", "text", "start") if c not in sentences]
    if missing:
        raise InputError(
            f"sentences: lacks column(s) {', '.join(missing)}; pass the 'sentences' table of "
            "framing ingest"
        )
    matcher = (
        lexicon
        if isinstance(lexicon, FrameMatcher)
        else FrameMatcher(lexicon, negation_window=negation_window)
    )
    texts = sentences["text"].fillna("").astype(str).tolist()
    sentence_ids = sentences["sentence_id"].astype(str).tolist()
    doc_ids = sentences["doc_id"].astype(str).tolist()
    starts = sentences["start"].to_numpy()
    groups = _language_groups(sentences, languages).to_numpy()
    rows = []
    for language in pd.unique(groups):
        positions = np.flatnonzero(groups == language).tolist()
        batch = [texts[p] for p in positions]
        for index, start, end, entry in _resolve(matcher._scan(batch, str(language))):
            position = positions[index]
            text = batch[index]
            low = lower_keep_length(text[max(0, start - 200) : end + 40])
            cut = min(start, 200)
            neg, hedge = find_cues(low[:cut], low[cut:], entry.language, matcher.negation_window)
            offset = int(starts[position])
            rows.append(
                (
                    sentence_ids[position],
                    doc_ids[position],
                    entry.frame,
                    entry.term,
                    offset + start,
                    offset + end,
                    neg is not None,
                    neg,
                    hedge is not None,
                    hedge,
                    text[start:end],
                    start,
                    end,
                    entry.weight,
                    entry.language,
                    position,
                )
            )
    hits = pd.DataFrame(rows, columns=[*HIT_COLUMNS, "_order"])
    hits = hits.sort_values(["_order", "start_in_sentence", "frame"], kind="stable")
    hits = hits.drop(columns="_order").reset_index(drop=True)
    return hits.astype(
        {
            "start": "int64",
            "end": "int64",
            "start_in_sentence": "int64",
            "end_in_sentence": "int64",
            "negated": "bool",
            "hedged": "bool",
            "weight": "float64",
        }
    )
