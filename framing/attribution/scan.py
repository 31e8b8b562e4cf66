"""Source names, cue phrases and hedges of many sentences in one Aho–Corasick pass.

:class:`PhraseScanner` finds, for every sentence of a batch, what the whole-word regular
expressions of :func:`~framing.attribution.lists.phrase_regex` find with ``finditer`` (the
leftmost, then longest, match at each step), but scans the batch once:

1. The sentences are joined with ``"\\x00"`` and turned into one byte per character: ASCII
   letters lowercased, every white-space character a space, the non-ASCII characters of the
   phrases as codes ``0x80`` and up, any other non-ASCII character as ``0xFF``.
2. One automaton of every phrase (lowercased; the compiled
   :class:`~framing.frames.matching.automaton.KeyAutomaton` of the frame matcher) gives every
   occurrence as integer arrays; an occurrence counts where the characters around it are not word characters or ``-`` (and, for
   cue phrases, where an Indonesian ``-nya`` may follow first).
3. Each set of phrases (sources, case-sensitive sources checked against the original text,
   the cues and the hedges of the document's language) keeps, from left to right, the longest
   phrase at each start that does not overlap the one kept before it: what ``finditer`` of that
   set's regex returns.

A sentence in which a lowercase comparison could disagree with a case-insensitive regex (a
non-ASCII letter with a case) or in which a space of a phrase could stand for several white-space
characters (two in a row) is left to the regular expressions; its results are the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from framing.frames.matching.automaton import KeyAutomaton
from framing.frames.matching.chars import WORD_BIT, class_bits, code_points

#: Characters of text scanned at a time (a batch is cut between sentences).
CHUNK_CHARS = 4_000_000
SEPARATOR = "\x00"
_OTHER = 0xFF


def _ascii_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scan code, "word or hyphen" and white space of the 128 ASCII codes."""
    chars = [chr(i) for i in range(128)]
    scan = np.array([ord(" ") if c.isspace() else ord(c.lower()) for c in chars], np.uint8)
    wordish = np.array([c.isalnum() or c in "_-" for c in chars], dtype=bool)
    space = np.array([c.isspace() for c in chars], dtype=bool)
    return scan, wordish, space


_ASCII_SCAN, _ASCII_WORDISH, _ASCII_SPACE = _ascii_tables()


def simple_key(phrase: str) -> str | None:
    """The lowercased phrase the automaton looks for, or None if the scan cannot stand in.

    A phrase qualifies when it lowercases to as many characters, has single spaces between its
    words and no other white space, and holds no non-ASCII letter that a case-insensitive regex
    equates with an ASCII one (``ı``, ``ſ``, the Kelvin sign).

    Examples
    --------
    >>> simple_key("Korea  Utara") is None, simple_key("Korea Utara")
    (True, 'korea utara')
    """
    key = phrase.lower()
    if not key or len(key) != len(phrase) or key != " ".join(key.split()) or "\x00" in key:
        return None
    for char in key:
        if not char.isascii() and any(c.isascii() for c in char.upper() + char.casefold()):
            return None  # a regex ignoring case would also match an ASCII letter here
    return key


@dataclass
class ScanResult:
    """What :meth:`PhraseScanner.scan` found in one sentence (offsets in the sentence).

    Attributes
    ----------
    sources : list of (int, int, int, bool)
        ``(start, end, key, case_sensitive)`` of the source matches of both source sets.
    cues : list of (int, int, int, bool)
        ``(start, end, key, nya)`` of the cue matches (``end`` after the clitic, if any).
    hedges : list of (int, int)
        The hedge matches.
    """

    sources: list
    cues: list
    hedges: list


class PhraseScanner:
    """One automaton of the source patterns, cue phrases and hedges of an attribution finder.

    Parameters
    ----------
    insensitive : iterable of str
        Lowercased source patterns matched regardless of case.
    sensitive : iterable of str
        Source patterns matched with their case.
    cues, hedges : list of set of str
        Per language (in the order of the finder's languages), the cue phrases (normalised as
        the finder's keys) and the hedges.

    Attributes
    ----------
    keys : list of str
        The automaton's keys; the ``key`` of a :class:`ScanResult` indexes it.
    ok : bool
        False when some phrase is not :func:`simple_key`: then :meth:`scan` is not to be used.
    """

    def __init__(self, insensitive, sensitive, cues: list[set], hedges: list[set]) -> None:
        phrases = {
            "insensitive": set(insensitive),
            "sensitive": set(sensitive),
            "cues": set().union(*cues),
            "hedges": set().union(*hedges),
        }
        simple = {p: simple_key(p) for group in phrases.values() for p in group}
        self.ok = all(key is not None for key in simple.values())
        self.exact = frozenset(phrases["sensitive"])
        if not self.ok:
            return
        self.keys = sorted(set(simple.values()))
        index = {key: i for i, key in enumerate(self.keys)}
        n = len(self.keys)
        self.length = np.array([len(k) for k in self.keys], dtype=np.int64)
        self.insensitive = np.zeros(n, dtype=bool)
        self.insensitive[[index[simple[p]] for p in phrases["insensitive"]]] = True
        self.sensitive = np.zeros(n, dtype=bool)
        self.sensitive[[index[simple[p]] for p in phrases["sensitive"]]] = True
        self.cue_in = np.zeros((len(cues), n), dtype=bool)
        self.hedge_in = np.zeros((len(hedges), n), dtype=bool)
        for table, sets in ((self.cue_in, cues), (self.hedge_in, hedges)):
            for lang, group in enumerate(sets):
                table[lang, [index[simple[p]] for p in group]] = True
        special = sorted({ord(c) for k in self.keys for c in k if not c.isascii()})
        if len(special) > _OTHER - 0x80:
            self.ok = False
            return
        self.special = np.array(special, dtype=np.int64)
        coded = {point: chr(0x80 + i) for i, point in enumerate(special)}
        self.automaton = KeyAutomaton([key.translate(coded) for key in self.keys])

    def scan(self, texts: list[str], languages: np.ndarray) -> list[ScanResult | None]:
        """The matches of every sentence, or None for a sentence left to the regexes.

        Parameters
        ----------
        texts : list of str
            The sentences.
        languages : ndarray of int
            Per sentence, the row of ``cues`` and ``hedges`` of its document's language.

        Returns
        -------
        list of ScanResult or None
        """
        out: list[ScanResult | None] = []
        first, size = 0, 0
        for i, text in enumerate(texts):
            size += len(text) + 1
            if size >= CHUNK_CHARS or i == len(texts) - 1:
                out += self._scan_chunk(texts[first : i + 1], languages[first : i + 1])
                first, size = i + 1, 0
        return out

    def _classes(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Scan codes, "word or hyphen", white space and "non-ASCII letter with a case"."""
        if codes.dtype == np.uint8:  # ASCII
            return _ASCII_SCAN[codes], _ASCII_WORDISH[codes], _ASCII_SPACE[codes], None
        low = np.minimum(codes, 127)
        scan, wordish, space = _ASCII_SCAN[low], _ASCII_WORDISH[low], _ASCII_SPACE[low]
        high = np.flatnonzero(codes > 127)
        values, inverse = np.unique(codes[high], return_inverse=True)
        chars = [chr(v) for v in values.tolist()]
        is_space = np.array([c.isspace() for c in chars], dtype=bool)
        found = np.searchsorted(self.special, values)
        known = found < len(self.special)
        known[known] = self.special[found[known]] == values[known]
        codes_of = np.where(is_space, ord(" "), np.where(known, 0x80 + found, _OTHER))
        cased = np.array([c.lower() != c or c.upper() != c for c in chars], dtype=bool)
        word = (class_bits(values.astype(np.uint32)) & WORD_BIT) != 0
        scan[high] = codes_of[inverse].astype(np.uint8)
        wordish[high] = word[inverse]
        space[high] = is_space[inverse]
        return scan, wordish, space, high[cased[inverse]]

    def _scan_chunk(self, texts: list[str], languages: np.ndarray) -> list[ScanResult | None]:
        joined = SEPARATOR.join(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        offsets = np.zeros(len(texts), dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=offsets[1:])
        codes = code_points(joined)
        scan, wordish, space, cased = self._classes(codes)
        size = len(codes)
        slow = np.zeros(len(texts), dtype=bool)
        runs = np.flatnonzero(space[1:] & space[:-1])
        for bad in (runs, cased):
            if bad is not None and len(bad):
                slow[np.searchsorted(offsets, bad, side="right") - 1] = True
        results: list[ScanResult | None] = [None if s else _EMPTY for s in slow.tolist()]
        if not self.keys or not size:
            return results
        stop, key = self.automaton.scan(scan)
        start = stop - self.length[key]
        sentence = np.searchsorted(offsets, start, side="right") - 1
        fast = ~slow[sentence] & ((start == 0) | ~wordish[np.maximum(start - 1, 0)])
        start, stop, key, sentence = start[fast], stop[fast], key[fast], sentence[fast]
        plain = (stop == size) | ~wordish[np.minimum(stop, size - 1)]
        after = stop + 3
        nya = after <= size
        for j, char in enumerate(b"nya"):
            nya &= scan[np.minimum(stop + j, size - 1)] == char
        nya &= (after == size) | ~wordish[np.minimum(after, size - 1)]
        language = languages[sentence]
        base = offsets[sentence]

        def take(chosen: np.ndarray, ends: np.ndarray) -> tuple[list, ...]:
            kept = _leftmost_longest(start[chosen], ends, self.length[key[chosen]])
            chosen = chosen[kept]
            return (
                sentence[chosen].tolist(),
                (start[chosen] - base[chosen]).tolist(),
                (ends[kept] - base[chosen]).tolist(),
                key[chosen].tolist(),
            )

        # sources: each set on its own, as two regexes would find them
        chosen = np.flatnonzero(plain & self.insensitive[key])
        for row, s, e, k in zip(*take(chosen, stop[chosen]), strict=True):
            _result(results, row).sources.append((s, e, k, False))
        chosen = np.flatnonzero(plain & self.sensitive[key])
        if len(chosen):  # the case-sensitive regex matches the exact pattern only
            pieces = zip(start[chosen].tolist(), stop[chosen].tolist(), strict=True)
            exact = [" ".join(joined[a:b].split()) in self.exact for a, b in pieces]
            chosen = chosen[np.array(exact, dtype=bool)]
        for row, s, e, k in zip(*take(chosen, stop[chosen]), strict=True):
            _result(results, row).sources.append((s, e, k, True))
        with_nya = nya & ~plain
        chosen = np.flatnonzero((plain | with_nya) & self.cue_in[language, key])
        ends = np.where(with_nya[chosen], after[chosen], stop[chosen])
        rows, s_list, e_list, k_list = take(chosen, ends)
        lengths = self.length.tolist()
        for row, s, e, k in zip(rows, s_list, e_list, k_list, strict=True):
            _result(results, row).cues.append((s, e, k, e - s != lengths[k]))
        chosen = np.flatnonzero(plain & self.hedge_in[language, key])
        for row, s, e, _ in zip(*take(chosen, stop[chosen]), strict=True):
            _result(results, row).hedges.append((s, e))
        return results


#: The result of a sentence without matches (shared: never changed).
_EMPTY = ScanResult((), (), ())


def _result(results: list, row: int) -> ScanResult:
    """The result of sentence ``row``, made when its first match is added."""
    found = results[row]
    if found is _EMPTY:
        found = results[row] = ScanResult([], [], [])
    return found


def _leftmost_longest(start: np.ndarray, end: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Indices of the matches ``finditer`` keeps: at each start the longest, none overlapping.

    Parameters
    ----------
    start, end : ndarray of int64
        Offsets of the candidate matches (``end`` exclusive).
    length : ndarray of int64
        Length of each candidate's phrase (the longest phrase wins at a start, before any
        clitic is counted).

    Returns
    -------
    ndarray of int64
        The kept candidates, by start.
    """
    if not len(start):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((-length, start))
    s, e = start[order], end[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = s[1:] != s[:-1]
    order, s, e = order[first], s[first], e[first]
    reach = np.empty_like(e)
    reach[0] = -1
    np.maximum.accumulate(e[:-1], out=reach[1:])
    keep = s >= reach  # nothing before reaches this far: kept
    if not keep.all():  # runs of overlapping candidates, each led by a kept one
        run = np.cumsum(keep)
        far, current = -1, -1
        for m in np.flatnonzero(np.isin(run, run[~keep])).tolist():
            if run[m] != current:
                far, current = -1, run[m]
            if s[m] >= far:
                keep[m] = True
                far = int(e[m])
    return order[keep]
