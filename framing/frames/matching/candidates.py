"""Lexicon matches of a batch as arrays: the automaton pass, whole-word checks, resolution.

One Aho–Corasick pass over the text of a :class:`~framing.frames.matching.batch.Batch` (its
array of scan codes, read by the compiled automaton of
:mod:`~framing.frames.matching.automaton`) yields every occurrence of every key as ``(end, key)``
integer arrays. All later decisions are array operations over those candidates:

- *whole word*: the characters before and after a candidate are looked up in a table of
  ``str.isalnum``; a letter after it may start a clitic (:data:`CLITICS`), tried in order;
- *entries*: each key expands to the lexicon entries that share it (``np.repeat``), filtered by
  language (clitics are Indonesian) and, for case-sensitive entries, by the original text;
- *exclusions*: a hit inside an exclusion of its frame is found with a running maximum of the
  exclusions' ends and :func:`numpy.searchsorted`;
- *leftmost-longest*: hits sorted by (frame, start, longest, heaviest, automaton order) are
  kept when they start at or after the furthest end before them; only runs of overlapping hits
  are resolved one by one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from framing.frames.matching.automaton import KeyAutomaton, post_kernels
from framing.frames.matching.batch import Batch, _ascii_bits
from framing.frames.matching.chars import ScanAlphabet

#: Clitics accepted after an Indonesian form, longest first.
CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
_CLITIC_CODES = np.array([[ord(c) for c in w.ljust(3, "\0")] for w in CLITICS], dtype=np.uint8)
_CLITIC_LENGTHS = np.array([len(w) for w in CLITICS], dtype=np.int64)


@dataclass
class EntryTable:
    """Lexicon entries (one per term and surface form) as arrays.

    Attributes
    ----------
    frame : ndarray of int64
        Rank of the entry's frame id in sorted order (so comparing ranks compares ids).
    weight : ndarray of float64
        Weight of the entry's hits.
    exclusion : ndarray of bool
        The entry is an exclusion (its matches cancel hits of its frame inside them).
    indonesian : ndarray of bool
        The entry's language is ``"id"`` (only those take clitics).
    exact : list of str or None
        The form with its case, for case-sensitive entries.
    case_sensitive : ndarray of bool
        Whether ``exact`` is set.
    heavier : ndarray of int64
        Rank of the entry's weight, heaviest first (computed from ``weight``).
    """

    frame: np.ndarray
    weight: np.ndarray
    exclusion: np.ndarray
    indonesian: np.ndarray
    exact: list[str | None]
    case_sensitive: np.ndarray

    @property
    def heavier(self) -> np.ndarray:
        """Rank of each entry's weight, heaviest first."""
        if not hasattr(self, "_heavier"):
            self._heavier = np.unique(-self.weight, return_inverse=True)[1].astype(np.int64)
        return self._heavier


@dataclass
class CompiledKeys:
    """One automaton and, per key, its length, its entries and its cue word.

    Attributes
    ----------
    automaton : KeyAutomaton
        Keys are lowercased forms and cue words (translated by the scan alphabet); an
        occurrence names its key by index.
    length : ndarray of int64
        Length of each key.
    entry_start : ndarray of int64
        Key ``k``'s entries are ``entries[entry_start[k]:entry_start[k + 1]]``.
    entries : ndarray of int64
        Entry indices, grouped by key, in lexicon order.
    cue : ndarray of int64
        Index of the key in the cue vocabulary, or -1.
    n_forms : int
        Number of keys that are forms (they come first).
    """

    automaton: KeyAutomaton
    length: np.ndarray
    entry_start: np.ndarray
    entries: np.ndarray
    cue: np.ndarray
    n_forms: int


def compile_keys(
    forms: dict[str, list[int]], cue_words: tuple[str, ...], alphabet: ScanAlphabet | None
) -> CompiledKeys:
    """Build the automaton of a language.

    Parameters
    ----------
    forms : dict of str to list of int
        Lowercased form -> indices of its entries, in lexicon order.
    cue_words : tuple of str
        Words to find as well (negation and hedge cues), with their index as cue code.
    alphabet : ScanAlphabet or None
        The translation of the scanned text, applied to the keys too.

    Returns
    -------
    CompiledKeys
    """
    keys = list(forms)
    cue = np.full(len(keys), -1, dtype=np.int64)
    index = {key: i for i, key in enumerate(keys)}
    extra = []
    for code, word in enumerate(cue_words):
        if word in index:
            cue[index[word]] = code
        else:
            index[word] = len(keys) + len(extra)
            extra.append(code)
    keys += [cue_words[code] for code in extra]
    cue = np.concatenate([cue, np.array(extra, dtype=np.int64)])
    automaton = KeyAutomaton([alphabet.key(key) if alphabet else key for key in keys])
    counts = np.array([len(forms[k]) for k in keys[: len(forms)]] + [0] * len(extra))
    entry_start = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(counts, out=entry_start[1:])
    entries = np.fromiter(itertools.chain.from_iterable(forms.values()), dtype=np.int64)
    length = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    return CompiledKeys(automaton, length, entry_start, entries, cue, len(forms))


def scan(compiled: CompiledKeys, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """Every occurrence of every key in ``batch.low``, in the automaton's order.

    Returns
    -------
    stop, key : ndarray of int64
        End (exclusive) and key index of each occurrence, by end, longest key first.
    """
    return compiled.automaton.scan(batch.codes)


def find_hits(
    batch: Batch, compiled: CompiledKeys, entries: EntryTable, stop: np.ndarray, key: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whole-word occurrences of forms, expanded to the entries that accept them.

    Parameters
    ----------
    batch : Batch
        The scanned batch.
    compiled : CompiledKeys
        Its automaton's keys.
    entries : EntryTable
        The lexicon entries.
    stop, key : ndarray of int64
        The output of :func:`scan`.

    Returns
    -------
    start, end, entry : ndarray of int64
        One row per (occurrence, entry), in the automaton's then the lexicon's order; ``end``
        includes a clitic.
    """
    is_form = key < compiled.n_forms
    stop, key = stop[is_form], key[is_form]
    start = stop - compiled.length[key]
    n, codes, low = len(batch.codes), batch.codes, batch.low
    keep = ~batch.gather(start - 1, "alnum")
    # the second half of a reduplication (sanksi-sanksi) is not a hit
    for i in np.flatnonzero(keep & (start > 0) & (codes[np.maximum(start - 1, 0)] == ord("-"))):
        s, e = int(start[i]), int(stop[i])
        if low[s - 1 - (e - s) : s - 1] == low[s:e]:
            keep[i] = False
    end = stop.copy()
    pending = np.flatnonzero(keep & batch.gather(stop, "alnum"))
    keep[pending] = False
    for clitic in CLITICS:
        after = stop[pending] + len(clitic)
        found = after <= n
        for j, char in enumerate(clitic):
            found &= codes[np.minimum(stop[pending] + j, n - 1)] == ord(char)
        found &= ~batch.gather(after, "alnum")
        keep[pending[found]] = True
        end[pending[found]] = after[found]
        pending = pending[~found]
    start, stop, end, key = start[keep], stop[keep], end[keep], key[keep]

    counts = compiled.entry_start[key + 1] - compiled.entry_start[key]
    row = np.repeat(np.arange(len(key)), counts)
    first = np.repeat(compiled.entry_start[key] - (np.cumsum(counts) - counts), counts)
    entry = compiled.entries[np.arange(len(row)) + first]
    start, stop, end = start[row], stop[row], end[row]
    accept = (end == stop) | entries.indonesian[entry]
    check = np.flatnonzero(accept & entries.case_sensitive[entry])
    sentences = batch.sentence_of(start[check])
    for i, sentence in zip(check.tolist(), sentences.tolist(), strict=True):
        base = int(batch.offsets[sentence])
        text = batch.text(sentence)[start[i] - base : stop[i] - base]
        accept[i] = text == entries.exact[entry[i]]
    return start[accept], end[accept], entry[accept]


def resolve(
    start: np.ndarray, end: np.ndarray, entry: np.ndarray, entries: EntryTable, span: int
) -> np.ndarray:
    """Drop hits inside an exclusion of their frame, then keep the leftmost-longest per frame.

    Parameters
    ----------
    start, end, entry : ndarray of int64
        The output of :func:`find_hits`.
    entries : EntryTable
        The lexicon entries.
    span : int
        More than any offset (``len(batch.low) + 1``); keys ``frame * span + offset`` keep the
        frames apart.

    Returns
    -------
    ndarray of int64
        Indices of the kept hits, ordered by start, then frame id.
    """
    frame = entries.frame[entry]
    is_exclusion = entries.exclusion[entry]
    hits = np.flatnonzero(~is_exclusion)
    if is_exclusion.any():
        ex = np.flatnonzero(is_exclusion)
        ex_start = frame[ex] * span + start[ex]
        order = np.argsort(ex_start, kind="stable")
        ex_start = ex_start[order]
        ex_reach = np.maximum.accumulate((frame[ex] * span + end[ex])[order])
        last = np.searchsorted(ex_start, frame[hits] * span + start[hits], "right") - 1
        inside = (last >= 0) & (ex_reach[np.maximum(last, 0)] >= frame[hits] * span + end[hits])
        hits = hits[~inside]
    if not len(hits):
        return hits
    # order: frame, start, longest, heaviest, automaton order (a stable sort of one key)
    key_start = frame[hits] * span + start[hits]
    length = end[hits] - start[hits]
    heavier = entries.heavier[entry[hits]]
    longest, heaviest = int(length.max()) + 1, int(heavier.max()) + 1
    if (int(key_start.max()) + 1) * longest * heaviest < 2**62:
        key = (key_start * longest + (longest - 1 - length)) * heaviest + heavier
        hits = hits[np.argsort(key, kind="stable")]
    else:  # pragma: no cover - beyond 2**62 characters times lengths
        hits = hits[np.lexsort((hits, heavier, -length, key_start))]
    key_start = frame[hits] * span + start[hits]
    key_end = frame[hits] * span + end[hits]
    reach = np.empty_like(key_end)
    reach[:1] = -1
    np.maximum.accumulate(key_end[:-1], out=reach[1:])
    keep = key_start >= reach  # nothing before it reaches this far: kept whatever happened
    if not keep.all():
        run = np.cumsum(keep)  # runs of overlapping hits, each led by a kept one
        members = np.flatnonzero(np.isin(run, run[~keep]))
        far, current = -1, -1
        for m, r, s, e in zip(
            members.tolist(), run[members].tolist(), key_start[members].tolist(),
            key_end[members].tolist(), strict=True,
        ):  # fmt: skip
            if r != current:
                far, current = -1, r
            if s >= far:
                keep[m] = True
                far = e
    kept = hits[keep]
    n_frames = int(frame.max()) + 1 if len(frame) else 1
    return kept[np.argsort(start[kept] * n_frames + frame[kept], kind="stable")]


def _check_case(
    batch: Batch, entries: EntryTable, start: np.ndarray, stop: np.ndarray, entry: np.ndarray
) -> np.ndarray:
    """Whether the original text at ``start:stop`` has the exact case of each entry's form."""
    accept = np.ones(len(start), dtype=bool)
    sentences = batch.sentence_of(start)
    for i, sentence in enumerate(sentences.tolist()):
        base = int(batch.offsets[sentence])
        text = batch.text(sentence)[start[i] - base : stop[i] - base]
        accept[i] = text == entries.exact[entry[i]]
    return accept


def compiled_hits(
    batch: Batch, compiled: CompiledKeys, entries: EntryTable, stop: np.ndarray, key: np.ndarray
) -> tuple[np.ndarray, ...] | None:
    """:func:`find_hits`, then :func:`resolve`, by the compiled loops of ``hit_kernel``.

    Parameters
    ----------
    batch : Batch
        The scanned batch.
    compiled : CompiledKeys
        Its automaton's keys.
    entries : EntryTable
        The lexicon entries.
    stop, key : ndarray of int64
        The output of :func:`scan`.

    Returns
    -------
    tuple of ndarray, or None
        ``(start, end, entry, sentence, cues)``: the kept hits by start, then frame, as offsets
        into ``batch.low``, their entries and sentences, and ``(start, end, code)`` of every cue
        occurrence; None where the compiled loops cannot run (numba missing, or the text not
        translated to one byte per character), to take the NumPy functions instead.
    """
    kernels = post_kernels()
    if kernels is None or batch.alphabet is None or batch.codes.dtype != np.uint8:
        return None
    found = kernels.find_candidates(
        batch.codes, batch.special_at, batch.special_bits, _ascii_bits(), stop, key,
        compiled.length, compiled.n_forms, compiled.cue, compiled.entry_start,
        compiled.entries, entries.indonesian, entries.case_sensitive, _CLITIC_CODES,
        _CLITIC_LENGTHS,
    )  # fmt: skip
    start, stop, end, entry, check, *cues = found
    if check.any():
        accept = np.ones(len(start), dtype=bool)
        rows = np.flatnonzero(check)
        accept[rows] = _check_case(batch, entries, start[rows], stop[rows], entry[rows])
        start, end, entry = start[accept], end[accept], entry[accept]
    kept, sentence = kernels.resolve_hits(
        start, end, entries.frame[entry], entries.exclusion[entry], entries.heavier[entry],
        batch.ends,
    )  # fmt: skip
    return start[kept], end[kept], entry[kept], sentence, tuple(cues)
