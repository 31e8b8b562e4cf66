"""The loops around the scan, compiled by numba: encoding, whole-word checks, resolution, gather.

Kept in a module of its own, imported only when a batch is first matched (as
:mod:`~framing.frames.matching.dfa_kernel`), so that importing :mod:`framing` does not import
numba; ``cache=True`` keeps the machine code between processes. Each loop does in one pass what
the NumPy steps of :mod:`~framing.frames.matching.batch`,
:mod:`~framing.frames.matching.candidates` and
:mod:`~framing.frames.matching.sentence_texts` do in a dozen, with the same results:

- :func:`encode_utf8`: the UTF-8 buffer of an Arrow string array to the lowercased, joined scan
  codes of :class:`~framing.frames.matching.batch.Batch`, with the classes of its non-ASCII
  characters;
- :func:`find_candidates`: whole-word, reduplication and clitic checks of every occurrence of a
  form, expanded to its lexicon entries, and the cue occurrences set apart;
- :func:`resolve_hits`: exclusions and leftmost-longest per frame, sentence by sentence;
- :func:`bits_at`: the character classes of any positions (for the negation and hedge cues);
- :func:`gather_substrings`: the UTF-8 bytes of ``matched_text``, from character offsets.
"""

from __future__ import annotations

import numba
import numpy as np

#: ``bits`` of the BMP table for a character the encoder leaves to ``str.lower``.
HARD = 0xFF


@numba.njit(cache=True, nogil=True)
def encode_utf8(
    data, offsets, ascii_code, bmp_code, bmp_bits, codes, lengths, special_at, special_bits
):
    """Lowercase, translate and join the UTF-8 sentences ``data[offsets[i]:offsets[i + 1]]``.

    ``codes`` receives the scan codes with a 0 between sentences, ``lengths`` the length of each
    sentence in characters, ``special_at`` and ``special_bits`` the offset and class bits of
    every character whose code is ``0x80`` or above. ASCII bytes are looked up in
    ``ascii_code`` (computed, in a sentence that is all ASCII), other characters of the BMP in
    ``bmp_code`` and ``bmp_bits`` (of their lowercase).

    Returns
    -------
    n_codes, n_special : int
        Codes and special characters written, or ``(-1, -1)`` at the first character outside
        the BMP or marked :data:`HARD` (one ``str.lower`` does not lowercase character by
        character: ``İ``, a final ``Σ``), to be handled by the NumPy path.
    """
    out = 0
    n_special = 0
    for i in range(len(offsets) - 1):
        if i:
            codes[out] = 0
            out += 1
        first = out
        p = offsets[i]
        stop = offsets[i + 1]
        # optimistically as ASCII (A-Z lowercased, tab, line feed and carriage return made
        # spaces: what ascii_code holds), in a loop LLVM vectorises; a sentence with another
        # byte is done again below
        size = stop - p
        source = data[p:stop]
        target = codes[out : out + size]
        high = np.uint8(0)
        for q in range(size):
            b = source[q]
            high = np.uint8(high | b)
            b = b | (np.uint8(32) * np.uint8(np.uint8(b - np.uint8(65)) < np.uint8(26)))
            space = (b == np.uint8(9)) | (b == np.uint8(10)) | (b == np.uint8(13))
            target[q] = np.uint8(32) if space else b
        if high < 0x80:
            out += size
            lengths[i] = size
            continue
        while p < stop:
            b = data[p]
            if b < 0x80:
                codes[out] = ascii_code[b]
                p += 1
            else:
                if b < 0xE0:
                    cp = ((b & 0x1F) << 6) | (data[p + 1] & 0x3F)
                    p += 2
                elif b < 0xF0:
                    cp = ((b & 0x0F) << 12) | ((data[p + 1] & 0x3F) << 6) | (data[p + 2] & 0x3F)
                    p += 3
                else:
                    return -1, -1
                bits = bmp_bits[cp]
                if bits == HARD:
                    return -1, -1
                code = bmp_code[cp]
                codes[out] = code
                if code >= 0x80:
                    special_at[n_special] = out
                    special_bits[n_special] = bits
                    n_special += 1
            out += 1
        lengths[i] = out - first
    return out, n_special


@numba.njit
def _special(special_at, special_bits, position):
    """Class bits of the special character at ``position`` (one of ``special_at``)."""
    lo, hi = 0, len(special_at)
    while lo < hi:
        mid = (lo + hi) >> 1
        if special_at[mid] < position:
            lo = mid + 1
        else:
            hi = mid
    return special_bits[lo]


@numba.njit(cache=True, nogil=True)
def bits_at(codes, special_at, special_bits, ascii_bits, positions):
    """Class bits of the characters at ``positions`` (0 outside the text).

    What :meth:`~framing.frames.matching.batch.Batch.bits` computes with NumPy. Outside the text
    is read as code 0, the separator, whose bits are 0. (The lookup of a special character is a
    function called only for those: called for every position, it made the loop ten times
    slower.)
    """
    n = len(codes)
    out = np.empty(len(positions), np.uint8)
    for i in range(len(positions)):
        p = positions[i]
        code = codes[p] if 0 <= p < n else 0
        out[i] = ascii_bits[code] if code < 0x80 else _special(special_at, special_bits, p)
    return out


@numba.njit(cache=True, nogil=True)
def find_candidates(
    codes, special_at, special_bits, ascii_bits, stop, key, length, n_forms, cue, entry_start,
    entries, indonesian, case_sensitive, clitics, clitic_length,
):  # fmt: skip
    """Whole-word occurrences of forms, expanded to entries, and the cue occurrences.

    The rules of :func:`~framing.frames.matching.candidates.find_hits`, one occurrence at a
    time: the character before is not a letter or digit, the form does not repeat the one
    before a hyphen, and the character after is not a letter or digit or a clitic (rows of
    ``clitics``, ``clitic_length`` long, tried in order) follows and then no letter or digit;
    entries with a clitic must be Indonesian. ``check`` marks the rows whose case-sensitive
    entry is to be compared with the original text.

    Returns
    -------
    start, stop, end, entry : ndarray of int64
        One row per (occurrence, entry), in the automaton's then the lexicon's order.
    check : ndarray of bool
        The entry is case-sensitive.
    cue_start, cue_end, cue_code : ndarray of int64
        Every occurrence of a cue word, by end.
    """
    n = len(codes)
    room = 0
    n_cues = 0
    for i in range(len(key)):
        k = key[i]
        if k < n_forms:
            room += entry_start[k + 1] - entry_start[k]
        if cue[k] >= 0:
            n_cues += 1
    h_start = np.empty(room, np.int64)
    h_stop = np.empty(room, np.int64)
    h_end = np.empty(room, np.int64)
    h_entry = np.empty(room, np.int64)
    h_check = np.empty(room, np.bool_)
    c_start = np.empty(n_cues, np.int64)
    c_end = np.empty(n_cues, np.int64)
    c_code = np.empty(n_cues, np.int64)
    m = 0
    c = 0
    for i in range(len(key)):
        k = key[i]
        e = stop[i]
        s = e - length[k]
        if cue[k] >= 0:
            c_start[c] = s
            c_end[c] = e
            c_code[c] = cue[k]
            c += 1
        if k >= n_forms:
            continue
        code = codes[s - 1] if s > 0 else 0
        bits = ascii_bits[code] if code < 0x80 else _special(special_at, special_bits, s - 1)
        if bits & 1:
            continue
        if s > 0 and codes[s - 1] == 45:  # "-": the second half of a reduplication?
            size = e - s
            if s - 1 - size >= 0:
                same = True
                for j in range(size):
                    if codes[s - 1 - size + j] != codes[s + j]:
                        same = False
                        break
                if same:
                    continue
        end = e
        code = codes[e] if e < n else 0
        bits = ascii_bits[code] if code < 0x80 else _special(special_at, special_bits, e)
        if bits & 1:
            end = -1
            for q in range(len(clitic_length)):
                size = clitic_length[q]
                after = e + size
                if after > n:
                    continue
                found = True
                for j in range(size):
                    if codes[e + j] != clitics[q, j]:
                        found = False
                        break
                if not found:
                    continue
                code = codes[after] if after < n else 0
                bits = (
                    ascii_bits[code] if code < 0x80 else _special(special_at, special_bits, after)
                )
                if not bits & 1:
                    end = after
                    break
            if end < 0:
                continue
        for j in range(entry_start[k], entry_start[k + 1]):
            entry = entries[j]
            if end != e and not indonesian[entry]:
                continue
            h_start[m] = s
            h_stop[m] = e
            h_end[m] = end
            h_entry[m] = entry
            h_check[m] = case_sensitive[entry]
            m += 1
    return h_start[:m], h_stop[:m], h_end[:m], h_entry[:m], h_check[:m], c_start, c_end, c_code


@numba.njit(inline="always")
def _before(a, b, frame, start, end, heavier):
    """Whether hit ``a`` comes before hit ``b``: frame, start, longest, heaviest, index."""
    if frame[a] != frame[b]:
        return frame[a] < frame[b]
    if start[a] != start[b]:
        return start[a] < start[b]
    if end[a] - start[a] != end[b] - start[b]:
        return end[a] - start[a] > end[b] - start[b]
    if heavier[a] != heavier[b]:
        return heavier[a] < heavier[b]
    return a < b


@numba.njit
def _sort(items, scratch, frame, start, end, heavier):
    """Sort ``items`` (hit indices) in place by :func:`_before`: insertion, then merges."""
    k = len(items)
    run = 16
    for lo in range(0, k, run):
        hi = min(lo + run, k)
        for i in range(lo + 1, hi):
            item = items[i]
            j = i - 1
            while j >= lo and _before(item, items[j], frame, start, end, heavier):
                items[j + 1] = items[j]
                j -= 1
            items[j + 1] = item
    width = run
    while width < k:
        for lo in range(0, k, 2 * width):
            mid = min(lo + width, k)
            hi = min(lo + 2 * width, k)
            a, b, out = lo, mid, lo
            while a < mid and b < hi:
                if _before(items[b], items[a], frame, start, end, heavier):
                    scratch[out] = items[b]
                    b += 1
                else:
                    scratch[out] = items[a]
                    a += 1
                out += 1
            while a < mid:
                scratch[out] = items[a]
                a += 1
                out += 1
            while b < hi:
                scratch[out] = items[b]
                b += 1
                out += 1
        for i in range(k):
            items[i] = scratch[i]
        width *= 2


@numba.njit(cache=True, nogil=True)
def resolve_hits(start, end, frame, exclusion, heavier, sentence_end):
    """Exclusions, then leftmost-longest per frame, for the hits of each sentence in turn.

    The rules of :func:`~framing.frames.matching.candidates.resolve`. ``start``, ``end``,
    ``frame``, ``exclusion`` and ``heavier`` (rank of the weight, heaviest first) are per hit,
    the hits in the automaton's order (so by end, and by sentence); ``sentence_end`` is the end
    of each sentence.

    Returns
    -------
    kept : ndarray of int64
        Indices of the hits kept, ordered by start, then frame.
    sentence : ndarray of int64
        The sentence of each.
    """
    n = len(start)
    kept = np.empty(n, np.int64)
    sentence = np.empty(n, np.int64)
    items = np.empty(n, np.int64)
    scratch = np.empty(n, np.int64)
    by_start = np.empty(n, np.int64)
    n_kept = 0
    row = 0
    first = 0
    while first < n:
        while sentence_end[row] < end[first]:
            row += 1
        last = first
        while last < n and start[last] < sentence_end[row]:
            last += 1
        k = last - first
        group = items[:k]
        for i in range(k):
            group[i] = first + i
        if k > 1:
            _sort(group, scratch, frame, start, end, heavier)
        # exclusions: a hit inside an exclusion of its frame that starts at or before it
        reach = -1
        far = -1
        i = 0
        count = 0
        while i < k:
            j = i
            h = group[i]
            if i == 0 or frame[h] != frame[group[i - 1]]:
                reach = -1
                far = -1
            while j < k and frame[group[j]] == frame[h] and start[group[j]] == start[h]:
                if exclusion[group[j]]:
                    reach = max(reach, end[group[j]])
                j += 1
            for q in range(i, j):
                g = group[q]
                if not exclusion[g] and reach < end[g] and start[g] >= far:
                    by_start[count] = g
                    count += 1
                    far = end[g]
            i = j
        # kept hits by start, then frame (one per frame and start)
        chosen = by_start[:count]
        for i in range(1, count):
            item = chosen[i]
            j = i - 1
            while j >= 0 and (
                start[chosen[j]] > start[item]
                or (start[chosen[j]] == start[item] and frame[chosen[j]] > frame[item])
            ):
                chosen[j + 1] = chosen[j]
                j -= 1
            chosen[j + 1] = item
        for i in range(count):
            kept[n_kept] = chosen[i]
            sentence[n_kept] = row
            n_kept += 1
        first = last
    return kept[:n_kept], sentence[:n_kept]


@numba.njit
def _walk(data, char, byte, target, limit):
    """Character ``target`` and its first byte, walking UTF-8 ``data`` from ``char`` at ``byte``.

    Stops at ``limit`` (the end of the text) if the text is shorter.
    """
    while byte < limit:
        if (data[byte] & 0xC0) != 0x80:  # the first byte of a character
            if char == target:
                return char, byte
            char += 1
        byte += 1
    return char, byte


@numba.njit(cache=True, nogil=True)
def gather_substrings(data, offsets, ascii, row, start, end):
    """The UTF-8 bytes of ``text(row[i])[start[i]:end[i]]`` for every ``i``, concatenated.

    ``data`` and ``offsets`` are the buffers of an Arrow string array (``offsets`` as int64);
    ``ascii`` says per sentence whether it is all ASCII (1), not (0) or not known (-1: its bytes
    are read to tell). Character offsets are byte offsets in an ASCII sentence; in another, the
    bytes are walked from the sentence's start, or from the previous substring's start in the
    same sentence.

    Returns
    -------
    out_offsets : ndarray of int64
        Start of each substring in ``out``, and the end of the last.
    out : ndarray of uint8
        The substrings' bytes.
    """
    n = len(row)
    byte_start = np.empty(n, np.int64)
    byte_end = np.empty(n, np.int64)
    current = -1
    is_ascii = True
    at_char = 0
    at_byte = 0
    for i in range(n):
        r = row[i]
        if r != current:
            current = r
            if ascii[r] >= 0:
                is_ascii = ascii[r] == 1
            else:
                row_bytes = data[offsets[r] : offsets[r + 1]]
                high = np.uint8(0)
                for q in range(len(row_bytes)):
                    high = np.uint8(high | row_bytes[q])
                is_ascii = high < 0x80
            at_char, at_byte = 0, offsets[r]
        if is_ascii:
            byte_start[i] = offsets[r] + start[i]
            byte_end[i] = offsets[r] + end[i]
            continue
        if start[i] < at_char:
            at_char, at_byte = 0, offsets[r]
        at_char, at_byte = _walk(data, at_char, at_byte, start[i], offsets[r + 1])
        byte_start[i] = at_byte
        byte_end[i] = _walk(data, at_char, at_byte, end[i], offsets[r + 1])[1]
    out_offsets = np.zeros(n + 1, np.int64)
    for i in range(n):
        out_offsets[i + 1] = out_offsets[i] + byte_end[i] - byte_start[i]
    out = np.empty(out_offsets[n], np.uint8)
    for i in range(n):
        at = out_offsets[i]
        first = byte_start[i]
        for q in range(byte_end[i] - first):
            out[at + q] = data[first + q]
    return out_offsets, out
