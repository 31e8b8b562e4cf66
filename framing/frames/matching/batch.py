"""A batch of sentences as the one string the automaton scans, with offsets and classes.

The sentences (:class:`~framing.frames.matching.sentence_texts.SentenceTexts`) are lowercased,
joined with :data:`~framing.frames.matching.chars.SEPARATOR` and, with a
:class:`~framing.frames.matching.chars.ScanAlphabet`, translated to one byte per character: ASCII as
it is (Arrow lowercases and joins those sentences without Python strings), the few non-ASCII
characters to their scan codes. The result is a Latin-1 string (CPython's most compact kind), and
its bytes are the NumPy array of scan codes, at no cost. The true character class of every non-ASCII
character is kept aside, so :meth:`Batch.bits` answers "is this a letter?" for any offset as if the
array held code points. Without an alphabet (keys with more than 126 non-ASCII characters) the text
is scanned as it is and the array holds code points.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from framing.frames.matching.automaton import post_kernels
from framing.frames.matching.chars import (
    SEPARATOR,
    WHITESPACE,
    ScanAlphabet,
    class_bits,
    code_points,
)
from framing.frames.matching.sentence_texts import SentenceTexts, data_of, offsets_of

_BIT_KINDS = {"alnum": 1, "joiner": 2, "break": 4, "word": 8}


@cache
def _ascii_bits() -> np.ndarray:
    """``class_bits`` of the 128 ASCII codes; 0 for the scan codes ``0x80`` and above."""
    bits = np.zeros(256, dtype=np.uint8)
    bits[:128] = class_bits(np.arange(128, dtype=np.uint16))
    return bits


@dataclass
class Batch:
    """Sentences joined into the one lowercased text the automaton scans.

    Attributes
    ----------
    source : SentenceTexts
        The sentences, as given.
    low : str
        (A property, made from ``codes`` at first use where the batch was encoded from UTF-8.)
        The sentences lowercased with
        :func:`~framing.frames.matching.chars.lower_keep_length`, joined with the separator,
        :data:`~framing.frames.matching.chars.WHITESPACE` as spaces, and translated by
        ``alphabet`` if there is one.
    offsets, ends : ndarray of int64
        Offset of each sentence in ``low``, and just past it.
    codes : ndarray
        ``low`` as an array: scan codes (``uint8``) with an alphabet, else code points.
    alphabet : ScanAlphabet or None
        The translation of ``low``.
    special_at : ndarray of int64
        Sorted offsets of the characters translated to a code ``>= 0x80``.
    special_bits : ndarray of uint8
        Their ``class_bits``.
    ascii : ndarray of int8 or None
        Per sentence, 1 if it is all ASCII, else 0; known where the batch was encoded from the
        UTF-8 bytes of an Arrow array.
    """

    source: SentenceTexts
    _low: str | None
    offsets: np.ndarray
    ends: np.ndarray
    codes: np.ndarray
    alphabet: ScanAlphabet | None
    special_at: np.ndarray
    special_bits: np.ndarray
    ascii: np.ndarray | None = None

    @classmethod
    def from_texts(
        cls, texts: list[str] | SentenceTexts, alphabet: ScanAlphabet | None = None
    ) -> Batch:
        """Lowercase, join and translate a batch of sentences.

        Parameters
        ----------
        texts : list of str or SentenceTexts
            The sentences.
        alphabet : ScanAlphabet, optional
            The translation for the automaton (that of its keys).

        Returns
        -------
        Batch
        """
        source = texts if isinstance(texts, SentenceTexts) else SentenceTexts(texts=texts)
        if alphabet is not None and source.arrow is not None:
            encoded = cls._from_utf8(source, alphabet)
            if encoded is not None:
                return encoded
        # Sentence by sentence, CPython (or Arrow) lowercases ASCII text on a fast path; the
        # separator stops the context of a final sigma, so this is the lowercase of the join.
        lowercase = source.lowercase()
        lengths = lowercase.lengths
        offsets = np.zeros(len(lengths), dtype=np.int64)
        if len(lengths) > 1:
            np.cumsum(lengths[:-1] + 1, out=offsets[1:])
        special_at, special_bits = np.zeros(0, np.int64), np.zeros(0, np.uint8)
        if alphabet is None:
            low = _join_text(lowercase)
            for ws in WHITESPACE:
                if ws in low:
                    low = low.replace(ws, " ")
            codes = code_points(low)
        else:
            others = lowercase.others
            points = lowercase.other_points
            scan_codes = alphabet.encode(points)
            special = np.flatnonzero(scan_codes >= 0x80)
            special_bits = class_bits(points[special])
            first = np.cumsum(lengths[others]) - lengths[others]
            owner = np.searchsorted(first, special, side="right") - 1
            special_at = special - first[owner] + offsets[others[owner]]
            low, codes = _join_scan_codes(lowercase, scan_codes, first)
            for ws in WHITESPACE:
                if ws.isascii() and ws in low:
                    low = low.replace(ws, " ")
                    codes = None
            if codes is None:
                codes = np.frombuffer(low.encode("latin-1"), np.uint8)
        return cls(
            source, low, offsets, offsets + lengths, codes, alphabet, special_at, special_bits
        )

    @classmethod
    def _from_utf8(cls, source: SentenceTexts, alphabet: ScanAlphabet) -> Batch | None:
        """:meth:`from_texts` of Arrow-backed sentences in one compiled pass over their bytes.

        Returns
        -------
        Batch or None
            None where numba cannot run, or where a character is not lowercased on its own by
            ``str.lower`` (``İ``, ``Σ``, characters beyond the BMP): :meth:`from_texts` then
            takes the NumPy path.
        """
        kernels = post_kernels()
        if kernels is None:
            return None
        array = source.arrow
        bounds, data = offsets_of(array), data_of(array)
        n_bytes = int(bounds[-1] - bounds[0])
        codes = np.empty(n_bytes + max(len(array) - 1, 0), dtype=np.uint8)
        lengths = np.empty(len(array), dtype=np.int64)
        special_at = np.empty(n_bytes // 2 + 1, dtype=np.int64)
        special_bits = np.empty(n_bytes // 2 + 1, dtype=np.uint8)
        n_codes, n_special = kernels.encode_utf8(
            data, bounds, *alphabet.utf8_tables(), codes, lengths, special_at, special_bits
        )
        if n_codes < 0:
            return None
        offsets = np.zeros(len(lengths), dtype=np.int64)
        if len(lengths) > 1:
            np.cumsum(lengths[:-1] + 1, out=offsets[1:])
        return cls(
            source, None, offsets, offsets + lengths, codes[:n_codes], alphabet,
            special_at[:n_special].copy(), special_bits[:n_special].copy(),
            (lengths == np.diff(bounds)).astype(np.int8),
        )  # fmt: skip

    @property
    def low(self) -> str:
        """The scanned text as a string (see the class' attributes)."""
        if self._low is None:
            self._low = str(memoryview(self.codes), "latin-1")
        return self._low

    def text(self, i: int) -> str:
        """The original text of sentence ``i``."""
        return self.source.text(i)

    def bits(self, positions: np.ndarray) -> np.ndarray:
        """``class_bits`` of the characters at ``positions`` (0 outside the text).

        Parameters
        ----------
        positions : ndarray of int
            Offsets into ``low``, possibly negative or past its end.

        Returns
        -------
        ndarray of uint8
        """
        kernels = post_kernels()
        if kernels is not None and self.alphabet is not None and self.codes.dtype == np.uint8:
            return kernels.bits_at(
                self.codes, self.special_at, self.special_bits, _ascii_bits(),
                positions.astype(np.int64, copy=False),
            )  # fmt: skip
        inside = (positions >= 0) & (positions < len(self.codes))
        out = np.zeros(len(positions), dtype=np.uint8)
        where = positions[inside] if not inside.all() else positions
        codes = self.codes[where]
        if self.alphabet is None:
            found = class_bits(codes)
        else:
            found = _ascii_bits()[codes]
            high = np.flatnonzero(codes >= 0x80)
            if len(high):
                found[high] = self.special_bits[np.searchsorted(self.special_at, where[high])]
        out[inside] = found
        return out

    def gather(self, positions: np.ndarray, kind: str) -> np.ndarray:
        """Whether the characters at ``positions`` are of a class (False outside the text).

        Parameters
        ----------
        positions : ndarray of int
            Offsets into ``low``.
        kind : {"alnum", "joiner", "break", "word"}
            A class of :func:`~framing.frames.matching.chars.char_class`.

        Returns
        -------
        ndarray of bool
        """
        return (self.bits(positions) & _BIT_KINDS[kind]) != 0

    def sentence_of(self, positions: np.ndarray) -> np.ndarray:
        """Index of the sentence holding each offset of ``low``."""
        return np.searchsorted(self.offsets, positions, side="right") - 1


def _join_text(lowercase: tuple) -> str:
    """The lowercased sentences joined, as they are."""
    lowered, others = lowercase.lowered, lowercase.others
    if isinstance(lowered, list):
        return SEPARATOR.join(lowered)
    if not len(lowered):
        return ""
    if len(others):
        mask = np.zeros(len(lowered), dtype=bool)
        mask[others] = True
        replacement = pa.array(lowercase.other_texts(), type=lowered.type)
        lowered = pc.replace_with_mask(lowered, pa.array(mask), replacement)
    empty, separator = pa.scalar("", lowered.type), pa.scalar(SEPARATOR, lowered.type)
    joined = pc.binary_join_element_wise(lowered, empty, separator)
    bounds = offsets_of(joined)
    return str(memoryview(joined.buffers()[2])[bounds[0] : bounds[-1] - 1], "utf-8")


def _join_scan_codes(
    lowercase: tuple, scan_codes: np.ndarray, first: np.ndarray
) -> tuple[str, np.ndarray | None]:
    """The lowercased sentences joined, the non-ASCII ones as ``scan_codes``.

    Returns the Latin-1 string and, when it is at hand, its bytes as an array.
    """
    lowered, others, lengths = lowercase.lowered, lowercase.others, lowercase.lengths
    bounds = np.append(first, len(scan_codes)).tolist()
    if isinstance(lowered, list):
        lowered = list(lowered)
        data = scan_codes.tobytes()
        for k, i in enumerate(others.tolist()):
            lowered[i] = data[bounds[k] : bounds[k + 1]].decode("latin-1")
        return SEPARATOR.join(lowered), None
    if not len(lowered):
        return "", np.zeros(0, np.uint8)
    large = pa.types.is_large_string(lowered.type)
    kind = pa.large_binary() if large else pa.binary()
    binary = lowered.cast(kind)
    if len(others):
        mask = np.zeros(len(lowered), dtype=bool)
        mask[others] = True
        ends = np.append(0, np.cumsum(lengths[others])).astype(np.int64 if large else np.int32)
        replacement = pa.Array.from_buffers(
            kind, len(others), [None, pa.py_buffer(ends), pa.py_buffer(scan_codes)]
        )
        binary = pc.replace_with_mask(binary, pa.array(mask), replacement)
    empty, separator = pa.scalar(b"", kind), pa.scalar(SEPARATOR.encode(), kind)
    joined = pc.binary_join_element_wise(binary, empty, separator)
    bounds = offsets_of(joined)
    view = data_of(joined)[bounds[0] : bounds[-1] - 1]
    return str(memoryview(view), "latin-1"), view
