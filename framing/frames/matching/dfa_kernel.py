"""The inner loops of :class:`~framing.frames.matching.automaton.KeyAutomaton`, compiled by numba.

Kept in a module of its own, imported only when a text is first scanned, so that importing
:mod:`framing` does not import numba. ``cache=True`` stores the machine code next to this file
(or in numba's user cache directory): the first scan in a new environment compiles it (a few
seconds, once per integer type of the scanned codes); later processes load it.

Both loops take the same automaton: ``table[(state << shift) + classes[code]]`` is the next
state; states from ``threshold`` on are those where keys end: ``first_out[state]`` is the node of
the longest of them, ``next_out[node]`` the next shorter one (-1 ends the list) and
``key_of[node]`` its key. Occurrences are written to ``stops`` (the end, exclusive) and ``keys``
by end, longest key first; a loop stops early when fewer than ``chain`` (the most keys that end
at one place) free slots are left, and is called again to go on.
"""

from __future__ import annotations

import numba


@numba.njit(cache=True, nogil=True)
def scan_one(
    codes, position, end, state, stops, keys, classes, table, shift, threshold, first_out,
    next_out, key_of, chain,
):  # fmt: skip
    """Scan ``codes[position:end]`` from ``state``.

    Returns
    -------
    n, position, state : int
        Occurrences written; where the scan stopped (``end`` once done) and its state.
    """
    room = len(stops) - chain
    n = 0
    while position < end:
        state = table[(state << shift) + classes[codes[position]]]
        position += 1
        if state >= threshold:
            node = first_out[state]
            while node >= 0:
                stops[n] = position
                keys[n] = key_of[node]
                n += 1
                node = next_out[node]
            if n > room:
                break
    return n, position, state


@numba.njit(cache=True, nogil=True)
def scan_four(
    codes, position, end, state, stops, keys, count, classes, table, shift, threshold, first_out,
    next_out, key_of, chain,
):  # fmt: skip
    """Scan four pieces of ``codes`` at once, one character of each per step.

    The four walks through the table do not wait for one another, so the processor overlaps
    their memory reads. Piece ``k`` runs from ``position[k]`` to ``end[k]`` in ``state[k]`` and
    writes to row ``k`` of ``stops`` and ``keys`` from ``count[k]`` on. The loop ends when a
    piece is done or a row is nearly full; ``position``, ``state`` and ``count`` are updated.
    """
    room = stops.shape[1] - chain
    p0, p1, p2, p3 = position[0], position[1], position[2], position[3]
    s0, s1, s2, s3 = state[0], state[1], state[2], state[3]
    steps = min(end[0] - p0, end[1] - p1, end[2] - p2, end[3] - p3)
    for _ in range(steps):
        s0 = table[(s0 << shift) + classes[codes[p0]]]
        s1 = table[(s1 << shift) + classes[codes[p1]]]
        s2 = table[(s2 << shift) + classes[codes[p2]]]
        s3 = table[(s3 << shift) + classes[codes[p3]]]
        p0 += 1
        p1 += 1
        p2 += 1
        p3 += 1
        if s0 >= threshold or s1 >= threshold or s2 >= threshold or s3 >= threshold:
            full = False
            for k, s, at in ((0, s0, p0), (1, s1, p1), (2, s2, p2), (3, s3, p3)):
                if s >= threshold:
                    n = count[k]
                    node = first_out[s]
                    while node >= 0:
                        stops[k, n] = at
                        keys[k, n] = key_of[node]
                        n += 1
                        node = next_out[node]
                    count[k] = n
                    full = full or n > room
            if full:
                break
    position[0], position[1], position[2], position[3] = p0, p1, p2, p3
    state[0], state[1], state[2], state[3] = s0, s1, s2, s3
