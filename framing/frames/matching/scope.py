"""Negation and hedge cues of every hit of a batch at once, with the result of ``find_cues``.

Both apply the one set of rules, :data:`framing.frames.negation.CUE_RULES` (read from
``framing/frames/cues.yaml``). :func:`framing.frames.negation.find_cues` reads a small window
before one hit: the sentence up to ``before_chars`` (200) characters before it. Here the cue
words are found once for the whole batch (they are keys of the matcher's automaton) and joined
to the hits by position:

1. A hit can have a cue only if :data:`~framing.frames.negation.ANY_CUE_RE` matches within the
   ``chars_per_word * window`` characters before it. With the cue occurrences sorted by end, a
   running maximum of their starts and :func:`numpy.searchsorted` answer that for all hits at
   once; most hits stop here.
2. For the others, the characters from the first cue word of the window to the hit are gathered
   into one array (two non-word characters between hits). A word of
   :data:`~framing.frames.negation.WORD_RE` starts at a letter or digit that does not continue a
   word (directly or across one ``-``, ``'`` or ``’``), so running counts of word starts and of
   clause breaks give, for every cue occurrence, whether it is a whole word of the clause and
   how many words separate it from the hit. A cue counts if it is among the last ``window``
   words and after the clause's last terminator; the nearest negation cue that is not a
   pseudo-negation and the nearest hedge cue win, as in ``find_cues``.

Hits where the window's own edges could change the answer (a cue word starting exactly at the
``before_chars`` cut, or ending exactly at the hit) are passed to ``find_cues`` itself; with the
built-in cues and a window below 8 words that never happens.
"""

from __future__ import annotations

import numpy as np

from framing.frames.matching.batch import Batch
from framing.frames.matching.chars import (
    ALNUM_BIT,
    BREAK_BIT,
    JOINER_BIT,
    WORD_BIT,
    lower_keep_length,
)
from framing.frames.negation import CUE_RULES, WORD_RE, CueVocabulary, find_cues

#: Characters of the sentence before a hit that ``match_frames`` gives to ``find_cues``.
BEFORE_CHARS = CUE_RULES.before_chars
#: Characters from the hit on that ``find_cues`` reads for the word after a cue.
AFTER_CHARS = CUE_RULES.after_chars
#: Characters per word of the ``ANY_CUE_RE`` pre-check (``chars_per_word * window``).
CHARS_PER_WORD = CUE_RULES.chars_per_word


class CueValues:
    """The cue strings of a ``frame_hits`` column: the vocabulary, then any contraction.

    Parameters
    ----------
    vocabulary : CueVocabulary
        Its words take codes ``0 .. len(words) - 1``.
    """

    def __init__(self, vocabulary: CueVocabulary) -> None:
        self.values: list[str] = list(vocabulary.words)
        self._codes = {word: i for i, word in enumerate(self.values)}

    def code(self, value: str) -> int:
        """Code of a cue string, added if new."""
        if value not in self._codes:
            self._codes[value] = len(self.values)
            self.values.append(value)
        return self._codes[value]


def _has(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` occurs in ``sorted_values``."""
    found = np.searchsorted(sorted_values, values, "left")
    return found != np.searchsorted(sorted_values, values, "right")


def _exact_window(batch: Batch, sentence: int, start: int, end: int) -> tuple[str, int]:
    """The lowercased window ``match_frames`` gives ``find_cues`` for a hit at ``start:end``.

    ``start`` and ``end`` are offsets into ``batch.low``; so is the returned window's offset.
    """
    base = int(batch.offsets[sentence])
    offset = max(0, start - base - BEFORE_CHARS)
    window = batch.text(sentence)[offset : end - base + AFTER_CHARS]
    return lower_keep_length(window), base + offset


def cue_scope(
    batch: Batch,
    start: np.ndarray,
    end: np.ndarray,
    sentence: np.ndarray,
    language: np.ndarray,
    occurrences: tuple[np.ndarray, np.ndarray, np.ndarray],
    vocabulary: CueVocabulary,
    values: CueValues,
    window: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The negation and hedge cue of each hit, as ``find_cues`` gives them.

    Parameters
    ----------
    batch : Batch
        The scanned sentences.
    start, end : ndarray of int64
        Hits as offsets into ``batch.low`` (``end`` exclusive, clitic included).
    sentence : ndarray of int64
        Index of each hit's sentence in the batch.
    language : ndarray of int64
        Row of the vocabulary's tables for each hit's term (``vocabulary.language_index``).
    occurrences : tuple of ndarray
        ``(start, end, word)`` of every occurrence of a vocabulary word in ``batch.low`` (as a
        substring: boundaries are checked here), by end.
    vocabulary : CueVocabulary
        The cue tables.
    values : CueValues
        Receives the cue strings; the results are its codes.
    window : int
        Words before a hit searched for cues.

    Returns
    -------
    negation, hedge : ndarray of int64
        Code in ``values`` of each hit's cue, or -1 for none.
    """
    n_hits = len(start)
    negation = np.full(n_hits, -1, dtype=np.int64)
    hedge = np.full(n_hits, -1, dtype=np.int64)
    occ_start, occ_end, occ_word = occurrences
    if window <= 0 or n_hits == 0 or len(occ_start) == 0:
        return negation, hedge
    first = batch.offsets[sentence]
    cut = np.maximum(first, start - BEFORE_CHARS)
    low_bound = cut + np.maximum(0, (start - cut) - CHARS_PER_WORD * window)

    # 1. ANY_CUE_RE: a cue with a non-word character (or the text's edge) on either side
    before, after = batch.bits(occ_start - 1), batch.bits(occ_end)
    any_cue = vocabulary.any_cue[occ_word]
    bounded = vocabulary.bounded[occ_word]
    valid = any_cue & ((after & WORD_BIT) == 0) & (~bounded | ((before & WORD_BIT) == 0))
    valid_end, valid_start = occ_end[valid], occ_start[valid]  # sorted by end
    near = np.zeros(n_hits, dtype=bool)
    if len(valid_end):
        reach = np.maximum.accumulate(valid_start)
        last = np.searchsorted(valid_end, start, side="right") - 1
        near = (last >= 0) & (reach[np.maximum(last, 0)] >= low_bound)

    # the words of step 2: whole cue words and words ending in a contraction
    wordy = vocabulary.word[occ_word]
    before_ok = vocabulary.contraction[occ_word] | ((before & ALNUM_BIT) == 0)
    # the window's edges: "before" starts at the cut (nothing precedes its first character)
    # and ends at the hit (nothing follows a cue ending there)
    slow = np.zeros(n_hits, dtype=bool)
    inner = np.flatnonzero(near & (cut > first))
    if len(inner):
        slow[inner] = _has(np.sort(occ_start[wordy & ~before_ok]), cut[inner])
    edge = np.flatnonzero((cut == low_bound) & (cut > first))
    if len(edge):
        slow[edge] |= _has(np.sort(occ_start[any_cue & bounded]), cut[edge])
    if not all(w[-1].isalnum() for w in vocabulary.words):
        slow |= _has(occ_end[wordy | any_cue], start)  # else a hit cannot follow a cue directly

    fast = np.flatnonzero(near & ~slow)
    if len(fast):
        keep = wordy & ((after & ALNUM_BIT) == 0) & before_ok
        order = np.argsort(occ_start[keep], kind="stable")
        words = (occ_start[keep][order], occ_end[keep][order], occ_word[keep][order])
        found = _clause_cues(
            batch, fast, start, end, sentence, cut, language, words, vocabulary, values, window
        )
        negation[fast], hedge[fast] = found
    for i in np.flatnonzero(slow).tolist():
        low, offset = _exact_window(batch, int(sentence[i]), int(start[i]), int(end[i]))
        cut_at = int(start[i]) - offset
        neg, hed = find_cues(low[:cut_at], low[cut_at:], vocabulary.languages[language[i]], window)
        negation[i] = -1 if neg is None else values.code(neg)
        hedge[i] = -1 if hed is None else values.code(hed)
    return negation, hedge


def _clause_cues(
    batch: Batch,
    hits: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    sentence: np.ndarray,
    cut: np.ndarray,
    language: np.ndarray,
    words: tuple[np.ndarray, np.ndarray, np.ndarray],
    vocabulary: CueVocabulary,
    values: CueValues,
    window: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Step 2 of the module docstring for ``hits`` (indices into the other arrays)."""
    word_start, word_end, word_id = words
    s, c = start[hits], cut[hits]
    lo = np.searchsorted(word_start, c, "left")
    hi = np.searchsorted(word_start, s, "left")
    n_hits = len(hits)
    negation = np.full(n_hits, -1, dtype=np.int64)
    hedge = np.full(n_hits, -1, dtype=np.int64)
    busy = np.flatnonzero(hi > lo)
    if not len(busy):
        return negation, hedge
    s, c, lo, hi = s[busy], c[busy], lo[busy], hi[busy]
    # each hit's characters from two before its first cue word to the hit, then two non-word
    # "characters"; the array opens with two more, so no shift crosses from one hit to the next
    origin = np.maximum(c, word_start[lo] - 2)
    lengths = s - origin
    base = 2 + np.cumsum(lengths + 2) - (lengths + 2)
    total = int(base[-1] + lengths[-1] + 2)
    position = np.arange(total, dtype=np.int64)
    position[2:] += np.repeat(origin - base, lengths + 2)
    bits = batch.bits(position)
    pads = np.concatenate([[0, 1], (base + lengths)[:, None] + [0, 1]], axis=None)
    bits[pads] = 0
    letter = (bits & ALNUM_BIT).astype(bool)
    joiner = (bits & JOINER_BIT).astype(bool)
    starts = np.zeros(total, dtype=bool)
    starts[2:] = letter[2:] & ~letter[1:-1] & ~(joiner[1:-1] & letter[:-2])
    ends = np.zeros(total, dtype=bool)
    ends[:-2] = letter[:-2] & ~letter[1:-1] & ~(joiner[1:-1] & letter[2:])
    n_starts = np.cumsum(starts, dtype=np.int32)
    n_breaks = np.cumsum((bits & BREAK_BIT).astype(bool), dtype=np.int32)
    last = base + lengths - 1

    # pairs (hit, cue word inside its window)
    counts = hi - lo
    hit = np.repeat(np.arange(len(busy)), counts)
    occ = np.arange(len(hit)) + np.repeat(lo - (np.cumsum(counts) - counts), counts)
    fits = word_end[occ] <= s[hit]
    hit, occ = hit[fits], occ[fits]
    word = word_id[occ]
    at = base[hit] + (word_start[occ] - origin[hit])
    at_end = base[hit] + (word_end[occ] - 1 - origin[hit])
    in_clause = n_breaks[at] == n_breaks[last[hit]]
    ended = ends[at_end] & in_clause
    whole = starts[at] & ended
    rank = n_starts[last[hit]] - n_starts[at] + 1  # 1: the last word before the hit
    lang = language[hits[busy[hit]]]

    terminator = whole & vocabulary.terminator[lang, word]
    first_terminator = np.full(len(busy), np.iinfo(np.int32).max, dtype=np.int64)
    np.minimum.at(first_terminator, hit[terminator], rank[terminator])
    in_scope = (rank <= window) & (rank < first_terminator[hit])
    contracted = vocabulary.contraction[word] & ended & vocabulary.contracted[lang]
    is_negation = in_scope & ((whole & vocabulary.negation[lang, word]) | contracted)
    is_hedge = in_scope & whole & vocabulary.hedge[lang, word]

    # the words of contractions ("didn't") and pseudo-negations ("tidak hanya", "not only")
    code = word.astype(np.int64)
    start_at = np.flatnonzero(starts)
    end_at = np.flatnonzero(ends)
    check = is_negation & contracted & ~whole
    pseudo = np.flatnonzero(is_negation & whole & vocabulary.pseudo_first[lang, word])
    if len(pseudo):  # only a next word of the shape of a pseudo-negation's is read
        last_word = rank[pseudo] == 1
        k = np.minimum(n_starts[at[pseudo]], len(start_at) - 1)  # the next word, if any
        hit_start = start[hits[busy[hit[pseudo]]]]
        first = np.where(last_word, hit_start, position[start_at[k]])
        length = np.where(last_word, 0, end_at[k] - start_at[k] + 1)
        shape = vocabulary.pseudo_shape[
            np.minimum(batch.codes[first], 255), np.minimum(length, 64)
        ]  # fmt: skip
        check[pseudo[shape | (last_word & ~batch.gather(hit_start, "alnum"))]] = True
    for j in np.flatnonzero(check).tolist():
        h = int(hits[busy[hit[j]]])
        text = vocabulary.words[code[j]]
        if contracted[j] and not whole[j]:
            text = _contraction(batch, h, start, end, sentence, int(word_start[occ[j]]))
            code[j] = values.code(text)
        if rank[j] == 1:  # the first word from the hit on (within 40 characters)
            stop = min(int(start[h]) + AFTER_CHARS, int(batch.ends[sentence[h]]))
            following = WORD_RE.search(_piece(batch, h, start, end, sentence, int(start[h]), stop))
            after = following.group() if following else ""
        else:
            k = int(n_starts[at[j]])  # the next word starts at start_at[k]
            word_from, word_to = int(position[start_at[k]]), int(position[end_at[k]]) + 1
            after = _piece(batch, h, start, end, sentence, word_from, word_to)
        if (text, after) in CUE_RULES.pseudo_negations[vocabulary.languages[lang[j]]]:
            is_negation[j] = False

    for flags, out in ((is_negation, negation), (is_hedge, hedge)):
        chosen = np.flatnonzero(flags)
        if len(chosen):
            order = np.lexsort((rank[chosen], hit[chosen]))
            nearest = np.ones(len(order), dtype=bool)
            nearest[1:] = hit[chosen][order][1:] != hit[chosen][order][:-1]
            best = chosen[order[nearest]]
            out[busy[hit[best]]] = code[best]
    return negation, hedge


def _piece(
    batch: Batch,
    h: int,
    start: np.ndarray,
    end: np.ndarray,
    sentence: np.ndarray,
    piece_from: int,
    piece_to: int,
) -> str:
    """The lowercased text at ``piece_from:piece_to`` (offsets into ``batch.low``), near hit h."""
    piece = batch.low[piece_from:piece_to]
    if batch.alphabet is None or piece.isascii():
        return piece
    low, offset = _exact_window(batch, int(sentence[h]), int(start[h]), int(end[h]))
    return low[piece_from - offset : piece_to - offset]


def _contraction(
    batch: Batch, h: int, start: np.ndarray, end: np.ndarray, sentence: np.ndarray, at: int
) -> str:
    """The word holding the contraction at ``at`` before hit ``h``, as ``find_cues`` reads it."""
    low, offset = _exact_window(batch, int(sentence[h]), int(start[h]), int(end[h]))
    for found in WORD_RE.finditer(low, 0, int(start[h]) - offset):
        if found.start() <= at - offset < found.end():
            return found.group()
    raise AssertionError("a contraction outside every word")  # pragma: no cover
