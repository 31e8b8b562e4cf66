"""Quotations across sentences and paragraphs: where each opens and closes in a document.

A quotation in news copy often runs over several sentences, and over paragraphs: wire style
opens every paragraph of a continuing quotation with a quote mark and closes only the last::

    "We will not pay. Not one cent.

    "Not now, not ever," the former governor said.

Only the last sentence holds the cue. :func:`quote_spans` follows the marks through the
document's sentences in reading order, so that every sentence of the quotation can carry its
attribution (:mod:`framing.attribution.attribute`). The marks:

- curly ``“ … ”``, German-style low ``„ … “`` (also closed by ``”``), guillemets ``« … »``
  (and ``» … «``, as some outlets set them), and straight ``" … "`` (a straight mark closes the
  quotation it opened, else it opens one); a straight and a curly mark close each other's
  quotations (``“ … "``: web copy mixes them);
- a paragraph that ends inside a quotation continues it only when the next paragraph opens
  with a quote mark (the wire convention); otherwise the quotation ends with its paragraph
  (``closed=False``: an unbalanced mark costs one paragraph, not the rest of the document);
- a closing mark with nothing open, and single quotes (apostrophes look alike), open nothing.

Time is linear in the text: each sentence's marks are found once by one regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Marks that open a quotation, with the marks that close it.
CLOSERS = {"“": '”"', "„": '“”"', "«": "»", "»": "«", '"': '"”'}
_MARK = re.compile('[“”„«»"]')
#: A quotation left open ends after this many sentences (within a paragraph, or in a text
#: without paragraph ids).
MAX_OPEN_SENTENCES = 12


@dataclass(frozen=True)
class QuoteSpan:
    """One quotation of a document.

    Attributes
    ----------
    number : int
        Its place among the document's quotations, from 0.
    first, last : int
        Index of the sentence where it opens and of the one where it closes (or ends).
    open_at : int
        Offset of the opening mark in sentence ``first``.
    close_at : int
        Offset of the closing mark in sentence ``last`` (its length if the quotation ran to the
        end of a paragraph unclosed).
    closed : bool
        Whether a closing mark ends it.
    """

    number: int
    first: int
    last: int
    open_at: int
    close_at: int
    closed: bool

    def region(self, sentence: int, length: int) -> tuple[int, int]:
        """The part of sentence ``sentence`` (of ``length`` characters) inside the quotation,
        marks included."""
        start = self.open_at if sentence == self.first else 0
        end = self.close_at + 1 if sentence == self.last and self.closed else length
        return start, min(end, length)


def quote_spans(
    texts: Sequence[str], paragraphs: Sequence[object] | None = None
) -> list[QuoteSpan]:
    """The quotations of one document's sentences, in reading order.

    Parameters
    ----------
    texts : sequence of str
        The sentences, in reading order.
    paragraphs : sequence, optional
        The paragraph of each sentence; a quotation left open ends with its paragraph (unless
        the next opens with a mark), and after :data:`MAX_OPEN_SENTENCES` sentences in any case.

    Returns
    -------
    list of QuoteSpan

    Examples
    --------
    >>> spans = quote_spans(['"We will not pay.', 'Not one cent," he said.', 'It rained.'])
    >>> [(s.first, s.last, s.open_at, s.close_at, s.closed) for s in spans]
    [(0, 1, 0, 13, True)]
    >>> spans = quote_spans(['"One.', '"Two," she said.'], paragraphs=["p1", "p2"])
    >>> [(s.first, s.last, s.closed) for s in spans]
    [(0, 1, True)]
    """
    spans: list[QuoteSpan] = []
    opened: tuple[int, int, str] | None = None  # (sentence, offset, mark)

    def close(sentence: int, at: int, closed: bool) -> None:
        nonlocal opened
        first, open_at, _ = opened
        spans.append(QuoteSpan(len(spans), first, sentence, open_at, at, closed))
        opened = None

    for i, text in enumerate(texts):
        new_paragraph = i > 0 and paragraphs is not None and paragraphs[i] != paragraphs[i - 1]
        skip = -1
        if opened is not None:
            if new_paragraph:
                lead = len(text) - len(text.lstrip())
                if lead < len(text) and text[lead] in CLOSERS and text[lead] not in "»":
                    skip = lead  # the wire convention: the quotation goes on
                else:
                    close(i - 1, len(texts[i - 1]), False)
            elif i - opened[0] >= MAX_OPEN_SENTENCES:
                close(i - 1, len(texts[i - 1]), False)
        last_guillemet = text.rfind("«")  # "» … «" opens only where a "«" follows
        for found in _MARK.finditer(text):
            at, mark = found.start(), found.group()
            if at == skip:
                continue
            if opened is not None:
                if mark in CLOSERS[opened[2]]:
                    close(i, at, True)
                continue  # a mark of another kind inside a quotation: quoted speech's own
            if mark in CLOSERS and not (mark == "»" and last_guillemet < at):
                opened = (i, at, mark)
    if opened is not None:
        close(len(texts) - 1, len(texts[-1]), False)
    return spans


def quoted_regions(
    spans: Sequence[QuoteSpan], lengths: Sequence[int]
) -> list[list[tuple[int, int]]]:
    """Per sentence, the parts inside a quotation (marks included), in order.

    Examples
    --------
    >>> spans = quote_spans(['"We will not pay.', 'Not one cent," he said.'])
    >>> quoted_regions(spans, [17, 23])
    [[(0, 17)], [(0, 14)]]
    """
    regions: list[list[tuple[int, int]]] = [[] for _ in lengths]
    for span in spans:
        for i in range(span.first, span.last + 1):
            regions[i].append(span.region(i, lengths[i]))
    return regions
