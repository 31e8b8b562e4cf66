"""Character classes of a lowercased text as NumPy lookups.

The matcher joins a batch of sentences with :data:`SEPARATOR`, lowercases it without changing
any length (:func:`lower_keep_length`, so offsets into the lowercased text are offsets into the
original) and turns it into an array of code points (:func:`code_points`). Every per-hit test
(is the character before a match a letter?, is a clitic next?, where does the clause start?) is
then a table lookup in :func:`char_class` or :func:`class_bits` instead of a Python call per
character.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np

from framing.frames.negation import CUE_RULES

SEPARATOR = "\x00"
#: Whitespace other than the space, replaced by a space before matching (``kerja\nsama``).
WHITESPACE = ("\n", "\r", "\t", "\xa0", "\u2009", "\u202f")


def lower_keep_length(text: str) -> str:
    """``text.lower()``, except characters whose lowercase is longer (``İ``) stay as they are.

    Offsets into the result are offsets into ``text``.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The lowercased text, of the same length as ``text``.

    Examples
    --------
    >>> lower_keep_length("İstanbul ATAU Jakarta")
    'İstanbul atau jakarta'
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@cache
def _bmp_tables() -> dict[str, np.ndarray]:
    """Boolean tables over the Basic Multilingual Plane, one per character class."""
    chars = [chr(i) for i in range(0x10000)]
    alnum = np.fromiter((c.isalnum() for c in chars), dtype=bool, count=0x10000)
    word = alnum.copy()
    word[ord("_")] = True
    tables = {"alnum": alnum, "word": word}
    for name, members in (("joiner", CUE_RULES.joiners), ("break", CUE_RULES.clause_breaks)):
        table = np.zeros(0x10000, dtype=bool)
        table[[ord(c) for c in members]] = True
        tables[name] = table
    return tables


#: Bits of :func:`class_bits`.
ALNUM_BIT, JOINER_BIT, BREAK_BIT, WORD_BIT = 1, 2, 4, 8


@cache
def _class_bits() -> np.ndarray:
    tables = _bmp_tables()
    bits = np.zeros(0x10000, dtype=np.uint8)
    for bit, kind in ((ALNUM_BIT, "alnum"), (JOINER_BIT, "joiner"), (BREAK_BIT, "break")):
        bits[tables[kind]] |= bit
    bits[tables["word"]] |= WORD_BIT
    return bits


def class_bits(codes: np.ndarray) -> np.ndarray:
    """The classes of :func:`char_class` as bits of one ``uint8`` per code point.

    Parameters
    ----------
    codes : ndarray of unsigned int
        Code points.

    Returns
    -------
    ndarray of uint8
        :data:`ALNUM_BIT` | :data:`JOINER_BIT` | :data:`BREAK_BIT` | :data:`WORD_BIT`.
    """
    if codes.dtype.itemsize <= 2:
        return _class_bits()[codes]
    out = _class_bits()[np.minimum(codes, 0xFFFF)]
    astral = np.flatnonzero(codes > 0xFFFF)
    alnum = char_class(codes[astral], "alnum").astype(np.uint8)  # no joiner, break or "_"
    out[astral] = alnum * (ALNUM_BIT | WORD_BIT)
    return out


def prepare_tables() -> None:
    """Build the lookup tables now (about 10 ms, once per process) instead of at first use."""
    _bmp_tables()
    _class_bits()


def _is_class(char: str, kind: str) -> bool:
    if kind == "alnum":
        return char.isalnum()
    if kind == "word":
        return char.isalnum() or char == "_"
    return char in (CUE_RULES.joiners if kind == "joiner" else CUE_RULES.clause_breaks)


def char_class(codes: np.ndarray, kind: str) -> np.ndarray:
    """Whether each code point is of a character class.

    Parameters
    ----------
    codes : ndarray of unsigned int
        Code points (from :func:`code_points`, or gathered from it).
    kind : {"alnum", "word", "joiner", "break"}
        ``"alnum"``: ``str.isalnum`` (the regex class ``[^\\W_]``); ``"word"``: the regex ``\\w``
        (``alnum`` or ``_``); ``"joiner"`` and ``"break"``: the ``joiners`` and
        ``clause_breaks`` of :data:`~framing.frames.negation.CUE_RULES`.

    Returns
    -------
    ndarray of bool
        One flag per code point.
    """
    table = _bmp_tables()[kind]
    if codes.dtype.itemsize <= 2:
        return table[codes]
    out = table[np.minimum(codes, 0xFFFF)]
    astral = np.flatnonzero(codes > 0xFFFF)
    if len(astral):
        values = codes[astral]
        unique, inverse = np.unique(values, return_inverse=True)
        flags = np.array([_is_class(chr(int(c)), kind) for c in unique], dtype=bool)
        out[astral] = flags[inverse]
    return out


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as the narrowest unsigned integer array that holds them.

    Parameters
    ----------
    text : str
        Any text (lone surrogates included).

    Returns
    -------
    ndarray of uint8, uint16 or uint32
        ``len(text)`` code points; ``result[i] == ord(text[i])``.
    """
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    utf16 = text.encode("utf-16-le", "surrogatepass")
    if len(utf16) == 2 * len(text):  # no character outside the BMP
        return np.frombuffer(utf16, dtype=np.uint16)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


#: Scan code of every non-ASCII character that is in no key.
OTHER = 0xFF
#: Scan code of a key's non-ASCII whitespace: the text never has it (it becomes a space).
NEVER = 0xFE


class ScanAlphabet:
    """One byte per character for the automaton, so the scanned text is a Latin-1 string.

    ASCII characters stay as they are; the non-ASCII characters that occur in some key become
    ``0x80, 0x81, ...``; every other non-ASCII character becomes :data:`OTHER` and the
    non-ASCII :data:`WHITESPACE` a space. A key matches the translated text exactly where it
    matches the text, since no key holds :data:`OTHER`. Offsets do not change.

    Parameters
    ----------
    keys : iterable of str
        Every key of the automata.

    Raises
    ------
    ValueError
        If the keys hold more than 126 distinct non-ASCII characters.
    """

    def __init__(self, keys: Iterable[str]) -> None:
        spaces = {ord(c) for c in WHITESPACE if ord(c) > 0x7F}
        special = sorted({ord(c) for key in keys for c in key if ord(c) > 0x7F} - spaces)
        if len(special) > NEVER - 0x80:
            raise ValueError("more than 126 non-ASCII characters in the keys")
        self.special = np.array(special, dtype=np.int64)
        self.spaces = np.array(sorted(spaces), dtype=np.int64)
        self._keys = {c: chr(0x80 + i) for i, c in enumerate(special)} | {
            c: chr(NEVER) for c in spaces
        }
        self._utf8: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def key(self, key: str) -> str:
        """The translation of a key."""
        return "".join(self._keys.get(ord(c), c) for c in key) if not key.isascii() else key

    def encode(self, codes: np.ndarray) -> np.ndarray:
        """The scan codes of code points (``uint8``)."""
        out = np.where(codes < 0x80, codes, OTHER).astype(np.uint8)
        high = np.flatnonzero(codes >= 0x80)
        if len(high) and len(self.special):
            found = np.minimum(np.searchsorted(self.special, codes[high]), len(self.special) - 1)
            known = self.special[found] == codes[high]
            out[high[known]] = 0x80 + found[known]
        out[high[np.isin(codes[high], self.spaces)]] = 0x20
        return out

    def utf8_tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The lookup tables of :func:`~framing.frames.matching.hit_kernel.encode_utf8`.

        Built once per alphabet (about 30 ms).

        Returns
        -------
        ascii_code : ndarray of uint8
            Scan code of each ASCII character: its lowercase, ``\\n``, ``\\r`` and ``\\t`` a
            space (256 entries, the upper half unused).
        bmp_code : ndarray of uint8
            Scan code of the lowercase of each character of the BMP.
        bmp_bits : ndarray of uint8
            :func:`class_bits` of that lowercase, or ``0xFF`` where ``str.lower`` does not
            lowercase the character on its own into one character (``İ``, ``Σ`` whose lowercase
            depends on what follows, surrogates).
        """
        if self._utf8 is None:
            lowered = [chr(c).lower() for c in range(0x10000)]
            hard = np.fromiter((len(c) != 1 for c in lowered), dtype=bool, count=0x10000)
            hard[0x3A3] = True  # final sigma
            hard[0xD800:0xE000] = True
            points = np.array([ord(c) if len(c) == 1 else 0 for c in lowered], dtype=np.int64)
            ascii_code = np.zeros(256, dtype=np.uint8)
            ascii_code[:128] = points[:128]
            for ws in WHITESPACE:
                if ws.isascii():
                    ascii_code[ord(ws)] = ord(" ")
            codes = self.encode(points)
            small = points < 0x80
            codes[small] = ascii_code[points[small]]
            bits = class_bits(points.astype(np.uint16))
            bits[hard] = 0xFF
            self._utf8 = (ascii_code, codes, bits)
        return self._utf8
