"""Find every lexicon term in every sentence in one pass: the ``frame_hits`` table.

Every surface form of every term (and exclusion) of a lexicon is a key of one Aho–Corasick
automaton per language (Aho & Corasick, 1975), run as a deterministic automaton by loops
compiled with numba (:mod:`~framing.frames.matching.automaton`). The sentences of a batch are
joined with a separator, lowercased once and scanned once; each candidate is then kept only if
it is a whole word:

- the character before it is not a letter or digit, and it does not repeat the word before a
  hyphen (so the reduplicated plural *sanksi-sanksi* counts once);
- the character after it is not a letter or digit, or, for Indonesian terms, what follows is a
  clitic (*-nya, -lah, -kah, -pun, -ku, -mu*) and then a word boundary (*tuduhannya*);
- for ``case_sensitive`` terms, the original text has the exact case of the form.

Within one sentence and frame, a hit inside an exclusion of that frame is discarded (e.g.
*kerja sama* inside *kerja sama militer* for ``friendship``), and overlapping hits of one frame
count once, leftmost-longest first (*kemitraan strategis* rather than *kemitraan*; *melanggar
resolusi PBB* is one hit, not "melanggar resolusi" plus "resolusi PBB"). Hits of different
frames may overlap. Negation and hedge cues before each hit are recorded
(:mod:`framing.frames.negation`).

The work after the scan is vectorised, or compiled where numba runs
(:mod:`~framing.frames.matching.hit_kernel`: one loop encodes an Arrow-backed batch from its
UTF-8 bytes, one checks and expands the candidates, one resolves exclusions and overlaps
sentence by sentence, one cuts ``matched_text`` out of the bytes while they are in cache). The batch is lowercased and joined without a Python
string per sentence where its ``text`` column is Arrow-backed
(:mod:`~framing.frames.matching.sentence_texts`, :mod:`~framing.frames.matching.batch`), scanned
in chunks of a few MB, and the automaton's candidates come out as integer arrays: every check
after it is a NumPy operation over all candidates of a chunk
(:mod:`~framing.frames.matching.candidates`). The negation and hedge cues are keys of the same
automaton, so the text is scanned once, and they are joined to the hits by position
(:mod:`~framing.frames.matching.scope`, with the rules ``find_cues`` applies per hit); the table
is built column by column (:mod:`~framing.frames.matching.hit_table`). The results are those of
the per-hit rules above, to the character (``tests/frames/test_matcher_reference.py`` checks
them against a slow reference).
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import numpy as np
import pandas as pd

from framing.config import DEFAULTS
from framing.errors import InputError
from framing.frames.lexicon import Lexicon
from framing.frames.matching.automaton import KeyAutomaton, post_kernels
from framing.frames.matching.batch import Batch
from framing.frames.matching.candidates import (
    CLITICS,
    CompiledKeys,
    EntryTable,
    compile_keys,
    compiled_hits,
    find_hits,
    resolve,
    scan,
)
from framing.frames.matching.chars import (
    SEPARATOR,
    WHITESPACE,
    ScanAlphabet,
    lower_keep_length,
    prepare_tables,
)
from framing.frames.matching.hit_table import HIT_COLUMNS, empty_hits, hit_table
from framing.frames.matching.scope import CueValues, cue_scope
from framing.frames.matching.sentence_texts import (
    SentenceTexts,
    data_of,
    offsets_of,
    string_array,
)
from framing.frames.negation import ALL_LANGUAGES, cue_vocabulary, find_cues

__all__ = [
    "CLITICS",
    "HIT_COLUMNS",
    "SEPARATOR",
    "WHITESPACE",
    "FrameMatcher",
    "lower_keep_length",
    "match_frames",
]

#: Characters of text scanned at a time (the batch is cut between sentences).
CHUNK_CHARS = 4_000_000


class _Entry(NamedTuple):
    frame: str
    term: str
    weight: float
    exact: str | None  # the form with its case, for case-sensitive terms
    exclusion: bool
    language: str
    generic: bool = False


class _BatchHits(NamedTuple):
    """Hits of one batch: sentence index, offsets in the sentence, entry, cue codes.

    ``text`` is ``matched_text`` as the int64 offsets and UTF-8 bytes of the hits' strings,
    where the batch's bytes were at hand (else None).
    """

    sentence: np.ndarray
    start: np.ndarray
    end: np.ndarray
    entry: np.ndarray
    negation: np.ndarray
    hedge: np.ndarray
    text: tuple[np.ndarray, np.ndarray] | None = None


class FrameMatcher:
    """A lexicon compiled into Aho–Corasick automata, one per language plus one for all.

    Compiling is done once in the constructor; :meth:`match` can then be called on any number
    of sentence batches (or Dask partitions).

    Parameters
    ----------
    lexicon : Lexicon
        The frames to match (:func:`framing.frames.load_lexicon`).
    negation_window : int, default 5 (``window`` of ``framing/frames/cues.yaml``)
        Words before a hit searched for negation and hedge cues (NegEx's window).

    Attributes
    ----------
    automata_ : dict of str to KeyAutomaton
        Automaton per language code, and ``"*"`` with every language's terms (used for
        sentences whose language the lexicon does not cover). Its keys are the lowercased
        forms and the cue words of :func:`framing.frames.negation.cue_vocabulary`; an
        occurrence names its key by index.
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

    def __init__(
        self, lexicon: Lexicon, *, negation_window: int = DEFAULTS.frames.negation_window
    ) -> None:
        self.lexicon = lexicon
        self.negation_window = negation_window
        self.vocabulary_ = cue_vocabulary()
        entries: list[_Entry] = []
        by_language: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        by_language[ALL_LANGUAGES] = defaultdict(list)
        for term in lexicon.terms(exclusions=True):
            for form in term.forms:
                key = lower_keep_length(form)
                by_language[term.language][key].append(len(entries))
                by_language[ALL_LANGUAGES][key].append(len(entries))
                entries.append(
                    _Entry(
                        term.frame,
                        term.term,
                        term.weight,
                        form if term.case_sensitive else None,
                        term.exclusion,
                        term.language,
                        term.generic,
                    )
                )
        self._entries = entries
        self.frames_ = sorted({e.frame for e in entries})
        rank = {frame: i for i, frame in enumerate(self.frames_)}
        self._table = EntryTable(
            frame=np.array([rank[e.frame] for e in entries], dtype=np.int64),
            weight=np.array([e.weight for e in entries], dtype=np.float64),
            exclusion=np.array([e.exclusion for e in entries], dtype=bool),
            indonesian=np.array([e.language == "id" for e in entries], dtype=bool),
            exact=[e.exact for e in entries],
            case_sensitive=np.array([e.exact is not None for e in entries], dtype=bool),
        )
        self._cue_language = np.array(
            [self.vocabulary_.language_index(e.language) for e in entries], dtype=np.int64
        )
        try:
            self.alphabet_: ScanAlphabet | None = ScanAlphabet(
                [*by_language[ALL_LANGUAGES], *self.vocabulary_.words]
            )
        except ValueError:  # too many non-ASCII characters: scan the text as it is
            self.alphabet_ = None
        self._compiled: dict[str, CompiledKeys] = {
            lang: compile_keys(forms, self.vocabulary_.words, self.alphabet_)
            for lang, forms in by_language.items()
        }
        self.automata_: dict[str, KeyAutomaton] = {
            lang: compiled.automaton for lang, compiled in self._compiled.items()
        }
        self.n_forms_ = self._compiled[ALL_LANGUAGES].n_forms
        prepare_tables()

    def covers(self, language: str | None) -> bool:
        """Whether sentences in ``language`` are matched: the lexicon has terms in it, or no
        language is given (None or ``"*"``: every language's terms are tried)."""
        return language is None or language == ALL_LANGUAGES or language in self._compiled

    def _keys(self, language: str | None) -> CompiledKeys:
        return self._compiled[language or ALL_LANGUAGES]

    def _hits(self, batch: Batch, language: str | None) -> tuple[np.ndarray, ...]:
        """Kept hits ``(start, end, entry, sentence)``, offsets into ``batch.low``, and the cues."""
        compiled = self._keys(language)
        stop, key = scan(compiled, batch) if compiled.n_forms else (np.zeros(0, np.int64),) * 2
        found = compiled_hits(batch, compiled, self._table, stop, key)
        if found is not None:
            return found
        start, end, entry = find_hits(batch, compiled, self._table, stop, key)
        kept = resolve(start, end, entry, self._table, len(batch.codes) + 1)
        is_cue = compiled.cue[key] >= 0
        cues = (
            stop[is_cue] - compiled.length[key[is_cue]],
            stop[is_cue],
            compiled.cue[key[is_cue]],
        )
        start, end, entry = start[kept], end[kept], entry[kept]
        return start, end, entry, batch.sentence_of(start), cues

    def _match_batch(
        self, texts: SentenceTexts, language: str | None, values: CueValues
    ) -> _BatchHits:
        batch = Batch.from_texts(texts, self.alphabet_)
        start, end, entry, sentence, cues = self._hits(batch, language)
        negation, hedge = cue_scope(
            batch, start, end, sentence, self._cue_language[entry], cues, self.vocabulary_,
            values, self.negation_window,
        )  # fmt: skip
        base = batch.offsets[sentence]
        start, end = start - base, end - base
        text = None
        kernels = post_kernels()
        if batch.ascii is not None and kernels is not None:  # while the bytes are in cache
            arrow = batch.source.arrow
            text = kernels.gather_substrings(
                data_of(arrow), offsets_of(arrow), batch.ascii, sentence, start, end
            )
        return _BatchHits(sentence, start, end, entry, negation, hedge, text)

    def find(self, text: str, language: str | None = None) -> list[tuple]:
        """Hits in one text as ``(start, end, frame, term, negation_cue, hedge_cue)`` tuples.

        ``end`` is exclusive; exclusions and nested hits are resolved as in :meth:`match`. The
        cues are searched in the whole text before the hit.
        """
        if not self.covers(language):  # no term of the lexicon is in that language
            return []
        batch = Batch.from_texts([text], self.alphabet_)
        start, end, entry, *_ = self._hits(batch, language)
        low = lower_keep_length(text)
        out = []
        for s, e, i in zip(start.tolist(), end.tolist(), entry.tolist(), strict=True):
            found = self._entries[i]
            neg, hedge = find_cues(low[:s], low[s:], found.language, self.negation_window)
            out.append((s, e, found.frame, found.term, neg, hedge))
        return out

    def match(self, sentences: pd.DataFrame, languages: pd.Series | None = None) -> pd.DataFrame:
        """The ``frame_hits`` table of a ``sentences`` table; see :func:`match_frames`."""
        return match_frames(sentences, self, languages=languages)


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
    negation_window: int = DEFAULTS.frames.negation_window,
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
        ``documents.set_index("doc_id")["language"]``); without it, the sentences' own
        ``language`` column if they have one. A term matches only in sentences of its
        language: sentences in a language the lexicon lacks (or of unknown language, ``""``)
        get no hit (:meth:`FrameMatcher.covers`). Only when no language is known at all (no
        ``languages``, no ``language`` column, or a missing value) is a sentence matched
        against every language's terms.
    negation_window : int, default 5 (``window`` of ``framing/frames/cues.yaml``)
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
    texts = SentenceTexts.from_column(sentences["text"])
    if languages is None and "language" not in sentences.columns:  # one group: every language
        group = np.zeros(len(sentences), dtype=np.int64)
        languages_found = pd.Index([ALL_LANGUAGES] if len(sentences) else [], dtype="string")
    else:
        group, languages_found = pd.factorize(_language_groups(sentences, languages))
    values = CueValues(matcher.vocabulary_)
    parts = []
    for code, language in enumerate(languages_found):
        if not matcher.covers(str(language)):  # reported by the stage, never counted
            continue
        positions = np.flatnonzero(group == code)
        batch = texts if len(positions) == len(texts) else texts.take(positions)
        # in chunks of a few MB: the arrays of a chunk stay in the processor's caches
        for first, chunk in batch.chunks(CHUNK_CHARS):
            found = matcher._match_batch(chunk, str(language), values)
            parts.append(found._replace(sentence=positions[first + found.sentence]))
    if not parts or not sum(len(p.sentence) for p in parts):
        return empty_hits()
    row, start, end, entry, negation, hedge = (
        np.concatenate(c) for c in zip(*(p[:6] for p in parts), strict=True)
    )
    matched = _matched_text([p.text for p in parts])
    if len(languages_found) > 1:  # one language comes ordered by sentence, start and frame
        order = np.lexsort((matcher._table.frame[entry], start, row))
        row, start, end, entry = row[order], start[order], end[order], entry[order]
        negation, hedge = negation[order], hedge[order]
        matched = matched.take(order) if matched is not None else None
    return hit_table(
        sentences, matcher._entries, matcher._table.weight, texts,
        row, start, end, entry, values.values, negation, hedge, matched,
    )  # fmt: skip


def _matched_text(
    pieces: list[tuple[np.ndarray, np.ndarray] | None],
) -> pd.api.extensions.ExtensionArray | None:
    """The ``matched_text`` gathered batch by batch, joined (None if a batch lacks it)."""
    if any(piece is None for piece in pieces):
        return None
    sizes = np.concatenate([np.diff(offsets) for offsets, _ in pieces])
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    return string_array(offsets, np.concatenate([data for _, data in pieces]))
