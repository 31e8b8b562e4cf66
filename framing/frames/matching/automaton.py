"""Every occurrence of many keys in one pass: an Aho–Corasick automaton run as a compiled DFA.

:class:`KeyAutomaton` builds the automaton of Aho & Corasick (1975) over the keys (a trie with
failure links) and turns it into a deterministic one: a row of transitions per trie node, over
the classes of the characters the keys use (every other character is class 0). A text, given as
an integer array of its characters (the one-byte scan codes of
:class:`~framing.frames.matching.chars.ScanAlphabet`, or code points), is then read by loops
compiled with numba (:mod:`~framing.frames.matching.dfa_kernel`): one table lookup per
character, and the keys that end there written straight into integer arrays. No Python object is
made per character or per occurrence.

A table lookup has to wait for the one before it, so one walk through a text is bound by the
latency of memory reads. The text is therefore cut into four pieces, each after a character of
class 0 (where every walk is back at the root, so the cut changes nothing), and the four pieces
are walked in one loop, a character of each per step: their reads overlap, about twice as fast
as one walk on the machine of ``benchmarks/README.md``.

The occurrences come in the order of ``pyahocorasick``'s ``Automaton.iter``: by end, the longest
key first. Where numba cannot be imported (or ``NUMBA_DISABLE_JIT`` is set) the keys are scanned
with ``pyahocorasick``, with the same results.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache

import numpy as np

#: Texts shorter than this are walked in one piece.
SPLIT_FROM = 1 << 14


@cache
def compiled_kernels() -> tuple | None:
    """The numba-compiled loops ``(scan_one, scan_four)``, or None where numba cannot run."""
    try:
        import numba

        if numba.config.DISABLE_JIT:
            return None
        from framing.frames.matching.dfa_kernel import scan_four, scan_one
    except ImportError:
        return None
    return scan_one, scan_four


def post_kernels() -> object | None:
    """The module of compiled loops around the scan (``hit_kernel``), or None without numba.

    None wherever :func:`compiled_kernels` is None, so the whole match then takes the NumPy path.
    """
    if compiled_kernels() is None:
        return None
    from framing.frames.matching import hit_kernel

    return hit_kernel


def text_of(codes: np.ndarray) -> str:
    """The text whose characters are ``codes`` (code points, or one-byte scan codes)."""
    if codes.dtype.itemsize == 1:
        return codes.tobytes().decode("latin-1")
    if codes.dtype.itemsize == 2:
        return codes.astype("<u2").tobytes().decode("utf-16-le", "surrogatepass")
    return codes.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")


class KeyAutomaton:
    """An Aho–Corasick automaton of some keys, scanning integer arrays of characters.

    Parameters
    ----------
    keys : sequence of str
        Distinct, non-empty keys; an occurrence names its key by index.

    Attributes
    ----------
    keys : list of str
        The keys.
    n_states : int
        States of the automaton (nodes of the keys' trie, the root included).

    Raises
    ------
    ValueError
        If a key is empty or repeated.

    References
    ----------
    Aho, A. V., & Corasick, M. J. (1975). Efficient string matching: an aid to bibliographic
    search. *Communications of the ACM*, 18(6), 333-340.

    Examples
    --------
    >>> automaton = KeyAutomaton(["he", "she", "hers"])
    >>> stop, key = automaton.scan(np.frombuffer(b"ushers", np.uint8))
    >>> stop.tolist(), key.tolist()
    ([4, 4, 6], [1, 0, 2])
    """

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = list(keys)
        if not all(self.keys) or len(set(self.keys)) != len(self.keys):
            raise ValueError("keys: give distinct, non-empty strings")
        self._fallback = None
        self._points = np.array(sorted({ord(c) for key in self.keys for c in key}), np.int64)
        n_classes = len(self._points) + 1
        self._shift = max(n_classes - 1, 1).bit_length()  # rows of 2**shift >= n_classes
        self._class_tables: dict[int, np.ndarray] = {}

        # the trie, its nodes in breadth-first order (a node is the prefix that leads to it)
        prefixes = sorted(
            {""} | {key[:depth] for key in self.keys for depth in range(1, len(key) + 1)},
            key=lambda p: (len(p), p),
        )
        node = {prefix: i for i, prefix in enumerate(prefixes)}
        n = self.n_states = len(prefixes)
        depth = np.fromiter(map(len, prefixes), dtype=np.int64, count=n)
        parent = np.array([0] + [node[p[:-1]] for p in prefixes[1:]], dtype=np.int64)
        label = np.array([0] + [ord(p[-1]) for p in prefixes[1:]], dtype=np.int64)
        label = np.searchsorted(self._points, label) + 1
        key_of = np.full(n, -1, dtype=np.int64)
        key_of[[node[key] for key in self.keys]] = np.arange(len(self.keys))

        # failure links and complete transitions, one depth at a time (shallower rows first)
        table = np.full((n, 1 << self._shift), -1, dtype=np.int64)
        table[parent[1:], label[1:]] = np.arange(1, n)
        table[0, table[0] < 0] = 0
        fail = np.zeros(n, dtype=np.int64)
        first_out = np.full(n, -1, dtype=np.int64)  # the longest key ending at each state
        chain = np.zeros(n, dtype=np.int64)  # how many keys end at each state
        bounds = np.searchsorted(depth, np.arange(int(depth.max()) + 2))
        for d in range(1, int(depth.max()) + 1):
            level = np.arange(bounds[d], bounds[d + 1])
            if d > 1:
                fail[level] = table[fail[parent[level]], label[level]]
            rows = table[level]
            table[level] = np.where(rows >= 0, rows, table[fail[level]])
            first_out[level] = np.where(key_of[level] >= 0, level, first_out[fail[level]])
            chain[level] = (key_of[level] >= 0) + chain[fail[level]]
        next_out = first_out[fail]  # the next shorter key ending at the same place
        next_out[0] = -1
        table[:, n_classes:] = 0
        self._chain = int(chain.max())

        # renumbered so that the states where keys end come last (a comparison finds them);
        # the root, where none ends, stays state 0
        order = np.argsort(first_out >= 0, kind="stable")  # new state -> old
        new = np.empty(n, dtype=np.int64)
        new[order] = np.arange(n)
        self._threshold = int((first_out < 0).sum())
        self._table = new[table[order]].astype(np.uint16 if n <= 2**16 else np.int64).ravel()
        self._first_out = first_out[order]
        self._next_out = next_out
        self._key_of = key_of

    def classes(self, codes: np.ndarray) -> np.ndarray:
        """The class of each code: 0 for a character in no key, else 1 + its rank among them."""
        found = np.minimum(np.searchsorted(self._points, codes), max(len(self._points) - 1, 0))
        known = self._points[found] == codes if len(self._points) else np.zeros(len(codes), bool)
        return np.where(known, found + 1, 0)

    def _class_table(self, itemsize: int) -> np.ndarray:
        """The class of every code of one or two bytes, as an array indexed by code."""
        if itemsize not in self._class_tables:
            kind = np.uint8 if len(self._points) < 2**8 else np.uint16
            codes = np.arange(1 << (8 * itemsize), dtype=np.int64)
            self._class_tables[itemsize] = self.classes(codes).astype(kind)
        return self._class_tables[itemsize]

    def scan(self, codes: np.ndarray, buffer: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Every occurrence of every key in a text.

        Parameters
        ----------
        codes : ndarray of unsigned int
            The text, one integer per character (code points, or codes the keys are written
            in: a key matches where its characters' ``ord`` values occur in a row).
        buffer : int, optional
            Occurrences held per piece of text between two calls of the compiled loops (more are
            found by calling them again); by default one per 16 characters.

        Returns
        -------
        stop, key : ndarray of int64
            End (exclusive) and key index of each occurrence, by end, longest key first.
        """
        kernels = compiled_kernels()
        if kernels is None:
            return self._scan_fallback(codes)
        if codes.dtype.itemsize > 2:  # code points beyond U+FFFF: their classes are scanned
            codes = self.classes(codes).astype(self._class_table(1).dtype)
            classes = np.arange(1 << (8 * codes.dtype.itemsize)).astype(codes.dtype)
        else:
            codes = codes.astype(np.uint8 if codes.dtype.itemsize == 1 else np.uint16, copy=False)
            classes = self._class_table(codes.dtype.itemsize)
        if codes.flags.writeable:  # one compiled variant per type: read-only arrays
            codes = codes.view()
            codes.flags.writeable = False
        automaton = (
            classes, self._table, self._shift, self._threshold, self._first_out,
            self._next_out, self._key_of, self._chain,
        )  # fmt: skip
        end = self._cuts(codes, classes) if len(codes) >= SPLIT_FROM else np.array([len(codes)])
        position = np.concatenate([[0], end[:-1]]).astype(np.int64)
        state = np.zeros(len(end), dtype=np.int64)
        room = (buffer or int((end - position).max()) // 16) + 2 * self._chain + 64
        found: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in end]
        if len(end) == 4:
            stops, keys = np.empty((4, room), np.int64), np.empty((4, room), np.int64)
            count = np.zeros(4, dtype=np.int64)
            while (position < end).all():
                count[:] = 0
                kernels[1](codes, position, end, state, stops, keys, count, *automaton)
                for k in range(4):
                    found[k].append((stops[k, : count[k]].copy(), keys[k, : count[k]].copy()))
        stops, keys = np.empty(room, np.int64), np.empty(room, np.int64)
        for k in range(len(end)):
            at, now = int(position[k]), int(state[k])
            while at < end[k] or not found[k]:
                n, at, now = kernels[0](codes, at, int(end[k]), now, stops, keys, *automaton)
                found[k].append((stops[:n].copy(), keys[:n].copy()))
        parts = [part for piece in found for part in piece]
        if len(parts) == 1:
            return parts[0]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def _cuts(self, codes: np.ndarray, classes: np.ndarray) -> np.ndarray:
        """Ends of four pieces of ``codes`` of about equal length, each after a class-0 code.

        The last end is ``len(codes)``; a piece may be empty where no such code is near.
        """
        n = len(codes)
        cuts = [n]
        for target in (3 * n // 4, n // 2, n // 4):
            window = codes[target : min(target + 4096, cuts[0])]
            free = np.flatnonzero(classes[window] == 0)
            cuts.insert(0, target + int(free[0]) + 1 if len(free) else cuts[0])
        return np.array(cuts, dtype=np.int64)

    def _scan_fallback(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`scan` with ``pyahocorasick``."""
        if self._fallback is None and self.keys:
            import ahocorasick

            automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for i, key in enumerate(self.keys):
                automaton.add_word(key, i)
            automaton.make_automaton()
            self._fallback = automaton
        if not len(codes) or not self.keys:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        found = self._fallback.iter(text_of(codes))
        flat = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64)
        return flat[0::2] + 1, flat[1::2]
