"""Positions in one sentence, found once, so that every question about it takes little time.

The attribution rules ask, for each cue, how many words lie between two offsets, whether an offset
is inside a quotation, and where the nearest quote mark, comma or clause break is. Asked of the
text each time (``len(TOKEN_RE.findall(text[a:b]))``, ``text.rfind``), they cost as much as the
text is long, and a long sentence with many cues costs the square of its length. A
:class:`SentenceIndex` finds the words, the quotations and the marks of its sentence once, in one
left-to-right pass each, and answers by binary search; short ranges are still counted directly,
with the same result.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from framing.corpus.tokens import TOKEN_RE

#: Ranges up to this many characters are counted with the regex itself.
SHORT = 256


class SentenceIndex:
    """Words, quotations and marks of one sentence, for questions about offsets.

    Parameters
    ----------
    text : str
        The sentence.
    quoted : list of (int, int), optional
        Parts of the sentence inside quotations that open or close in other sentences
        (:func:`framing.attribution.quotes.quoted_regions`); :meth:`inside_quote` counts them.

    Examples
    --------
    >>> index = SentenceIndex('Dia berkata, “kami tidak akan menyerah” kemarin.')
    >>> index.count_tokens(0, len(index.text)), index.inside_quote(20), index.inside_quote(45)
    (7, True, False)
    """

    def __init__(self, text: str, quoted: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.quoted = quoted or []
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        self._quotes: tuple[list[int], list[int]] | None = None
        self._marks: dict[str, list[int]] = {}

    def _tokens(self) -> tuple[list[int], list[int]]:
        if self._starts is None:
            found = [m.span() for m in TOKEN_RE.finditer(self.text)]
            self._starts = [s for s, _ in found]
            self._ends = [e for _, e in found]
        return self._starts, self._ends

    def count_tokens(self, a: int, b: int) -> int:
        """``len(TOKEN_RE.findall(text[a:b]))``.

        A word of the sentence that ``a`` or ``b`` cuts leaves one word in the range: the piece
        inside it has a letter or digit, since a lone ``-`` or ``’`` would need a range of one
        character, which is counted directly.
        """
        if b - a <= SHORT:
            return len(TOKEN_RE.findall(self.text, a, b)) if b > a else 0
        starts, ends = self._tokens()
        return max(bisect_left(starts, b) - bisect_right(ends, a), 0)

    def token_starts(self, a: int, b: int, last: int) -> list[int]:
        """Offsets of the last ``last`` words of ``text[a:b]``; ``a`` must not cut a word."""
        if b - a <= SHORT:
            return [m.start() for m in TOKEN_RE.finditer(self.text, a, b)][-last:]
        starts, _ = self._tokens()
        hi = bisect_left(starts, b)
        return starts[max(bisect_left(starts, a), hi - last) : hi]

    def _quote_spans(self) -> tuple[list[int], list[int]]:
        """The spans ``finditer`` of ``“[^”]*”|"[^"]*"`` finds, in one pass.

        A mark with no closing mark after it opens nothing; once one has none, no later mark of
        its kind has one either.
        """
        if self._quotes is None:
            text, starts, ends = self.text, [], []
            closing = {"“": "”", '"': '"'}
            unclosed = set()
            position = 0
            while True:
                found = _OPENING.search(text, position)
                if found is None:
                    break
                at = found.start()
                mark = text[at]
                end = -1 if mark in unclosed else text.find(closing[mark], at + 1)
                if end < 0:
                    unclosed.add(mark)
                    position = at + 1
                    continue
                starts.append(at)
                ends.append(end + 1)
                position = end + 1
            self._quotes = (starts, ends)
        return self._quotes

    def inside_quote(self, offset: int) -> bool:
        """Whether ``offset`` lies strictly inside a quotation (between its marks)."""
        if any(start < offset < end for start, end in self.quoted):
            return True
        if '"' not in self.text and "“" not in self.text:
            return False
        starts, ends = self._quote_spans()
        i = bisect_left(starts, offset) - 1
        return i >= 0 and offset < ends[i]

    def marks(self, chars: str) -> list[int]:
        """Sorted offsets of the characters of ``chars``."""
        found = self._marks.get(chars)
        if found is None:
            pattern = _CLASSES.get(chars)
            if pattern is None:
                pattern = _CLASSES[chars] = re.compile("[" + re.escape(chars) + "]")
            found = self._marks[chars] = [m.start() for m in pattern.finditer(self.text)]
        return found

    def last_mark(self, chars: str, a: int, b: int) -> int:
        """Offset of the last character of ``chars`` in ``text[a:b]``, or -1."""
        found = self.marks(chars)
        i = bisect_left(found, b) - 1
        return found[i] if i >= 0 and found[i] >= a else -1

    def next_mark(self, chars: str, a: int) -> int:
        """Offset of the first character of ``chars`` at or after ``a``, or -1."""
        found = self.marks(chars)
        i = bisect_left(found, a)
        return found[i] if i < len(found) else -1


_OPENING = re.compile('[“"]')
_CLASSES: dict[str, re.Pattern] = {}
