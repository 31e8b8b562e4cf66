"""The sentence texts of a batch: a list of ``str``, or the Arrow array behind a pandas column.

A pandas ``str`` column (the default string dtype of pandas 3) is stored as one Arrow array:
every sentence's UTF-8 bytes in one buffer, with offsets. :class:`SentenceTexts` works on that
buffer when it can, so a batch is never turned into hundreds of thousands of Python strings:

- :meth:`SentenceTexts.lowercase` lowercases ASCII sentences with Arrow's ``ascii_lower`` (the
  same as ``str.lower`` on ASCII) and only the others with ``str.lower``;
- :meth:`SentenceTexts.substrings` cuts the ``matched_text`` of every hit out of that buffer with
  NumPy (for ASCII sentences character offsets are byte offsets).

Any other column (object dtype, pandas 2) is read as a list of ``str``, with the same results.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing.frames.matching.automaton import post_kernels
from framing.frames.matching.chars import SEPARATOR


@cache
def _inferred_string_dtype() -> object:
    """The dtype pandas gives a column built from a list of ``str``."""
    return pd.Series(["x"]).dtype


def _is_arrow_string(dtype: object) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def offsets_of(array: pa.Array) -> np.ndarray:
    """The offsets of a (large) string or binary array, one more than its length."""
    large = pa.types.is_large_string(array.type) or pa.types.is_large_binary(array.type)
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64 if large else np.int32)
    return offsets[array.offset : array.offset + len(array) + 1].astype(np.int64)


def data_of(array: pa.Array) -> np.ndarray:
    """The value buffer of a (large) string or binary array, as bytes."""
    buffer = array.buffers()[2]
    return np.zeros(0, np.uint8) if buffer is None else np.frombuffer(buffer, dtype=np.uint8)


def ranges(first: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``first[i] + range(counts[i])`` for all ``i``, concatenated."""
    steps = np.arange(int(counts.sum()), dtype=np.int64)
    return steps + np.repeat(first - (np.cumsum(counts) - counts), counts)


def string_array(offsets: np.ndarray, data: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """UTF-8 strings given as int64 offsets and bytes, as pandas stores a list of ``str``."""
    array = pa.LargeStringArray.from_buffers(
        len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data)
    )
    return pd.array(array, dtype=_inferred_string_dtype())


def _per_character(text: str) -> str:
    """``lower_keep_length`` of a text, without the context of a final sigma."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Lowercase(NamedTuple):
    """The lowercased sentences of :meth:`SentenceTexts.lowercase`.

    Attributes
    ----------
    lengths : ndarray of int64
        Length of each sentence, in characters.
    others : ndarray of int64
        Indices of the sentences that are not ASCII.
    other_points : ndarray of uint32
        Those sentences lowercased, concatenated, as code points.
    lowered : list of str or pyarrow.Array
        Every sentence lowercased (list-backed texts), or the Arrow array of the sentences with
        their ASCII letters lowercased (its values at ``others`` are to be ``other_points``).
    """

    lengths: np.ndarray
    others: np.ndarray
    other_points: np.ndarray
    lowered: list[str] | pa.Array

    def other_texts(self) -> list[str]:
        """``other_points`` as one string per sentence."""
        text = self.other_points.tobytes().decode("utf-32-le", "surrogatepass")
        bounds = np.append(0, np.cumsum(self.lengths[self.others])).tolist()
        return [text[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _points(text: str) -> np.ndarray:
    """The code points of a text, as a writable array."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32).copy()


class SentenceTexts:
    """The sentences of a batch.

    Parameters
    ----------
    texts : list of str, optional
        The sentences as Python strings.
    arrow : pyarrow.StringArray or pyarrow.LargeStringArray, optional
        The sentences as an Arrow array without nulls (give one of the two).
    """

    def __init__(self, texts: list[str] | None = None, arrow: pa.Array | None = None) -> None:
        self.texts = texts
        self.arrow = arrow
        self._ascii: np.ndarray | None = None

    @classmethod
    def from_column(cls, column: pd.Series) -> SentenceTexts:
        """The texts of a ``text`` column, missing values as empty strings.

        Parameters
        ----------
        column : Series
            Any column; values are converted with ``astype(str)``.

        Returns
        -------
        SentenceTexts
        """
        column = column.fillna("").astype(str)
        if _is_arrow_string(column.dtype) and _is_arrow_string(_inferred_string_dtype()):
            array = pa.array(column)
            if isinstance(array, pa.ChunkedArray):
                array = array.combine_chunks()
            if (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)) and (
                array.null_count == 0
            ):
                return cls(arrow=array)
        return cls(texts=column.tolist())

    def __len__(self) -> int:
        return len(self.texts) if self.texts is not None else len(self.arrow)

    def take(self, positions: np.ndarray) -> SentenceTexts:
        """The sentences at ``positions``."""
        if self.texts is not None:
            return SentenceTexts(texts=[self.texts[p] for p in positions.tolist()])
        return SentenceTexts(arrow=self.arrow.take(pa.array(positions)))

    def chunks(self, size: int) -> list[tuple[int, SentenceTexts]]:
        """The sentences in consecutive runs of about ``size`` characters (at least one each).

        Parameters
        ----------
        size : int
            Characters per run (UTF-8 bytes for Arrow-backed texts).

        Returns
        -------
        list of (int, SentenceTexts)
            Index of the first sentence of each run, and the run.
        """
        if self.texts is not None:
            lengths = np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))
            ends = np.cumsum(lengths + 1)
        else:
            ends = offsets_of(self.arrow)[1:] - offsets_of(self.arrow)[0]
            ends += np.arange(1, len(ends) + 1)
        cuts, first = [0], 0
        while first < len(self):
            base = ends[first - 1] if first else 0
            first = max(int(np.searchsorted(ends, base + size, side="right")), first + 1)
            cuts.append(min(first, len(self)))
        if len(cuts) <= 2:
            return [(0, self)]
        pairs = list(zip(cuts[:-1], cuts[1:], strict=True))
        if self.texts is not None:
            return [(a, SentenceTexts(texts=self.texts[a:b])) for a, b in pairs]
        out = []
        for a, b in pairs:
            chunk = SentenceTexts(arrow=self.arrow.slice(a, b - a))
            if self._ascii is not None:
                chunk._ascii = self._ascii[a:b]
            out.append((a, chunk))
        return out

    def text(self, i: int) -> str:
        """Sentence ``i``."""
        return self.texts[i] if self.texts is not None else self.arrow[i].as_py()

    def joined(self) -> str:
        """``SEPARATOR.join(texts)``, the original text."""
        if self.texts is not None:
            return SEPARATOR.join(self.texts)
        return SEPARATOR.join(self.arrow.to_pylist())

    def _is_ascii(self) -> np.ndarray:
        if self._ascii is None:
            flags = pc.string_is_ascii(self.arrow)
            self._ascii = flags.to_numpy(zero_copy_only=False).astype(bool)
        return self._ascii

    def lowercase(self) -> Lowercase:
        """The sentences lowercased as ``lower_keep_length`` lowercases them joined.

        That is ``str.lower``, or character by character (no final sigma) if a character of the
        batch lowercases to two (``İ``, which then stays as it is). A sentence whose non-ASCII
        characters all lowercase to themselves (quotes, dashes, lowercase letters) is lowercased
        by Arrow's ``ascii_lower`` alone: ``str.lower`` changes only its ASCII letters.

        Returns
        -------
        Lowercase
        """
        if self.texts is not None:
            texts = self.texts
            lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
            lowered = [text.lower() for text in texts]
            others = np.array([i for i, t in enumerate(texts) if not t.isascii()], np.int64)
            other_texts = [lowered[i] for i in others.tolist()]
            if sum(map(len, other_texts)) != int(lengths[others].sum()):
                other_texts = [_per_character(texts[i]) for i in others.tolist()]
                for i, text in zip(others.tolist(), other_texts, strict=True):
                    lowered[i] = text
            return Lowercase(lengths, others, _points("".join(other_texts)), lowered)
        array = self.arrow
        lengths = np.diff(offsets_of(array))  # bytes: characters for ASCII sentences
        others = np.flatnonzero(~self._is_ascii())
        lowered = pc.ascii_lower(array)
        if not len(others):
            return Lowercase(lengths, others, np.zeros(0, np.uint32), lowered)
        taken = lowered.take(pa.array(others))
        bounds = offsets_of(taken)
        points = _points(str(memoryview(data_of(taken)[bounds[0] : bounds[-1]]), "utf-8"))
        counts = pc.utf8_length(taken).to_numpy(zero_copy_only=False).astype(np.int64)
        lengths[others] = counts
        high = np.flatnonzero(points >= 0x80)
        values = np.unique(points[high])
        changing = [v for v in values.tolist() if chr(v).lower() != chr(v)]
        if changing:  # str.lower of the sentences holding them, in place (same lengths)
            first = np.cumsum(counts) - counts
            where = high[np.isin(points[high], changing)]
            rows = np.unique(np.searchsorted(first, where, side="right") - 1)
            originals = array.take(pa.array(others[rows])).to_pylist()
            texts = [text.lower() for text in originals]
            if sum(map(len, texts)) != sum(map(len, originals)):
                texts = [_per_character(text) for text in originals]
            for k, text in zip(rows.tolist(), texts, strict=True):
                points[first[k] : first[k] + len(text)] = _points(text)
        return Lowercase(lengths, others, points, lowered)

    def substrings(
        self, rows: np.ndarray, start: np.ndarray, end: np.ndarray
    ) -> list[str] | pd.api.extensions.ExtensionArray:
        """``[text(r)[s:e] for r, s, e in zip(rows, start, end)]``, as pandas would store it.

        Parameters
        ----------
        rows : ndarray of int64
            Sentence of each substring.
        start, end : ndarray of int64
            Character offsets in the sentence.

        Returns
        -------
        list of str or ExtensionArray
            A list for list-backed texts, else an Arrow-backed array of the dtype pandas infers
            for a list of ``str``.
        """
        if self.texts is not None:
            texts = self.texts
            pieces = zip(rows.tolist(), start.tolist(), end.tolist(), strict=True)
            return [texts[r][a:b] for r, a, b in pieces]
        offsets, data = offsets_of(self.arrow), data_of(self.arrow)
        kernels = post_kernels()
        if kernels is not None:
            known = np.full(len(offsets) - 1, -1, dtype=np.int8)
            if self._ascii is not None:
                known[:] = self._ascii
            found = kernels.gather_substrings(data, offsets, known, rows, start, end)
            return string_array(*found)
        byte_start, byte_end = offsets[rows] + start, offsets[rows] + end  # for ASCII rows
        others = np.flatnonzero(~self._is_ascii()[rows])
        if len(others):
            unique, inverse = np.unique(rows[others], return_inverse=True)
            row_from, row_to = offsets[unique], offsets[unique + 1]
            at = ranges(row_from, row_to - row_from)  # the bytes of those sentences
            lead = (data[at] & 0xC0) != 0x80  # the first byte of each character
            char_at = at[lead]
            n_chars = np.add.reduceat(lead, np.cumsum(row_to - row_from) - (row_to - row_from))
            first_char = np.cumsum(n_chars) - n_chars
            for chars, out in ((start[others], byte_start), (end[others], byte_end)):
                inside = chars < n_chars[inverse]
                at_char = np.where(inside, first_char[inverse] + chars, 0)
                out[others] = np.where(inside, char_at[at_char], row_to[inverse])
        sizes = byte_end - byte_start
        out_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(sizes, out=out_offsets[1:])
        out = data[ranges(byte_start, sizes)]
        array = pa.LargeStringArray.from_buffers(
            len(rows), pa.py_buffer(out_offsets), pa.py_buffer(out)
        )
        return pd.array(array, dtype=_inferred_string_dtype())
