"""Segmentation of cleaned text into paragraphs and sentences with character offsets.

A paragraph is one non-empty line of the cleaned text. Sentences are found by a rule-based
splitter in one compiled pass: every run of terminators (``.``, ``!``, ``?``, ``…``) with its
closing quotes or brackets is a candidate boundary, and a candidate is kept when

- the next character is a capital letter, a digit or an opening quote or bracket (so
  ``“...,” kata Kremlin`` and ``dll. dan`` continue the sentence);
- for a single period with nothing after it, the token before it is not a listed
  abbreviation (a ``frozenset`` lookup, see ``abbreviations/*.yaml``), a capital initial
  (``J. Stoltenberg``) or dotted initials (``A.S.``); an abbreviation that may end a sentence
  (``dll.``, ``etc.``) ends one only before a capitalised word or an opening quote.

Periods inside numbers, dates, domains and URLs (``84,37``, ``1.000.000``, ``16/6/2024``,
``VIVA.co.id``) are never candidates because no whitespace follows them. The one exception is
a *glued* boundary, where text lost the space between two sentences (``last year.In the
report``): a ``.``, ``!`` or ``?`` between a lower-case letter, a digit or a closing bracket or
quote and a capitalised word of two letters or more is a boundary, unless the token before it
holds a period, ``@`` or ``://`` (``U.S.``, ``J.K.Rowling``, ``detik.com``, an e-mail or URL),
is a listed abbreviation (``Jl.Sudirman``), or the word after it is followed by a period and a
letter or by ``@`` (``news.Detik.com``, ``john.Smith@...``) or is a file or media suffix
(``report.PDF``, ``Kompas.TV``).

A sentence longer than :data:`MAX_SENTENCE_CHARS` (text without punctuation, a table flattened
into one line) is cut at the last ``;``, ``,`` or dash in the second half of the limit, else at
the last space before it, else at the limit; :class:`SegmentReport` counts such sentences for
the run's notes. Every step is linear in the length of the text. The method is that
of rule-based splitters such as Grefenstette and Tapanainen (1994); it trades the recall of
trained models (Kiss and Strunk, 2006) for speed, transparency and zero training data.

:func:`segment_document` is a pure function of one document, and :func:`segment` maps it
over a documents table, so the same code runs on partitions of a Dask DataFrame.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from operator import itemgetter

import pandas as pd
import yaml

from framing.corpus.language import paragraph_language
from framing.errors import InputError

PARAGRAPH_COLUMNS = ("doc_id", "paragraph_id", "text", "start", "end")
SENTENCE_COLUMNS = ("doc_id", "paragraph_id", "sentence_id", "text", "start", "end")

#: A sentence longer than this many characters is cut at a safe place (see above).
MAX_SENTENCE_CHARS = 2000

# A line: a run of characters other than line breaks.
_LINE_RE = re.compile(r"[^\r\n]+")
# A run of terminators (from its start: no backtracking into it), its closing quotes/brackets,
# then whitespace and the next character.
_BOUNDARY_RE = re.compile(
    r"(?<![.!?…])(?P<term>[.!?…]++)(?P<close>[”’\"'»)\]]*+)(?=\s++(?P<next>\S))"
)
# A terminator glued to the next sentence: "year.In", "2023.The", "(AFP).Kim".
_GLUED_RE = re.compile(
    r"(?<=[^\W_]|[)\]”’\"'»])(?P<term>[.!?])(?=(?P<word>[^\W\d_]{2,}+)(?P<dotted>\.[^\W\d_]|@)?)"
)
_GLUED_CLOSERS = frozenset(")]”’\"'»")
#: Capitalised words after a period that are a file or media suffix, not a new sentence.
_SUFFIXES = frozenset(
    ("PDF", "JPG", "JPEG", "PNG", "GIF", "DOC", "DOCX", "XLS", "XLSX", "PPT", "PPTX", "TXT")
    + ("CSV", "HTML", "HTM", "ZIP", "MP3", "MP4", "TV", "FM", "AM", "COM", "NET", "ORG", "ID")
    + ("CO",)
)
#: Characters looked back from a glued terminator for its token.
_GLUED_TOKEN_CHARS = 64
_OPENERS = frozenset("“‘\"'«([")
_TOKEN_OPENERS = "“‘\"'«(["
_DOTTED_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_CUT_MARKS = (";", ",", " — ", " – ", " - ")


@dataclass
class SegmentReport:
    """What segmentation had to force: sentences longer than the limit, cut.

    Attributes
    ----------
    max_chars : int
        The limit that was applied.
    long_sentences : dict of str to int
        Per document id, the number of sentences longer than ``max_chars`` that were cut.
    """

    max_chars: int = MAX_SENTENCE_CHARS
    long_sentences: dict[str, int] = field(default_factory=dict)

    @property
    def n_long(self) -> int:
        """Sentences cut, over all documents."""
        return sum(self.long_sentences.values())

    def note(self) -> str | None:
        """One line for the run's notes, or None when no sentence was cut.

        Examples
        --------
        >>> SegmentReport(long_sentences={"a": 2, "b": 1}).note()  # doctest: +NORMALIZE_WHITESPACE
        '3 sentences in 2 documents were longer than 2,000 characters and were cut at a ";", ","
        or dash, else at a space (the text lacks sentence punctuation there); check those
        documents, e.g. a'
        """
        if not self.long_sentences:
            return None
        first = next(iter(self.long_sentences))
        return (
            f"{self.n_long} sentences in {len(self.long_sentences)} documents were longer than "
            f'{self.max_chars:,} characters and were cut at a ";", "," or dash, else at a '
            f"space (the text lacks sentence punctuation there); check those documents, e.g. "
            f"{first}"
        )


@dataclass(frozen=True)
class Abbreviations:
    """The abbreviations of one language, as matched by the sentence splitter.

    An entry written in lower case (``dll.``, ``e.g.``) matches in any case; an entry with a
    capital (``No.``, ``Dr.``) matches only as written, so the English word "no." can still
    end a sentence.

    Attributes
    ----------
    prefix : frozenset of str
        Abbreviations a name or number follows: never the end of a sentence.
    final : frozenset of str
        Abbreviations that may end a sentence, before a capitalised word or an opening quote.
    """

    prefix: frozenset[str]
    final: frozenset[str]

    def kind(self, word: str) -> str | None:
        """``"prefix"``, ``"final"`` or None for ``word`` (a token with its final period)."""
        lowered = word.lower()
        for name, entries in (("prefix", self.prefix), ("final", self.final)):
            if word in entries or lowered in entries:
                return name
        return None


@cache
def abbreviations(language: str) -> Abbreviations:
    """The abbreviation lists of ``language``, read from ``framing/corpus/abbreviations/``.

    Parameters
    ----------
    language : str
        ISO 639-1 code. A language without a file ``<code>.yaml`` gets the union of every
        shipped list.

    Returns
    -------
    Abbreviations
        ``prefix`` and ``final`` entries with their final period.

    Examples
    --------
    >>> lists = abbreviations("id")
    >>> lists.kind("Letjen."), lists.kind("dll."), lists.kind("Putin.")
    ('prefix', 'final', None)
    """
    folder = resources.files("framing.corpus") / "abbreviations"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    chosen = [f"{language}.yaml"] if f"{language}.yaml" in names else names
    prefix: set[str] = set()
    final: set[str] = set()
    for name in chosen:
        data = yaml.safe_load((folder / name).read_text(encoding="utf-8")) or {}
        prefix.update(data.get("prefix", []))
        final.update(data.get("final", []))
    return Abbreviations(frozenset(prefix), frozenset(final - prefix))


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text``: one per non-empty line.

    Parameters
    ----------
    text : str
        Cleaned text; paragraphs are separated by ``"\\n\\n"`` or ``"\\n"``.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` spans that exclude surrounding whitespace.

    Examples
    --------
    >>> split_paragraphs("Satu.\\n\\n  Dua.  \\nTiga.")
    [(0, 5), (9, 13), (16, 21)]
    """
    spans = []
    for line in _LINE_RE.finditer(text):
        start, end = line.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def split_sentences(
    text: str, language: str = "id", *, max_chars: int = MAX_SENTENCE_CHARS
) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (rule-based, see the module docstring).

    Parameters
    ----------
    text : str
        Running text, normally one paragraph. Newlines do not force a boundary; use
        :func:`segment_document` to keep sentences inside paragraphs.
    language : str, default "id"
        ISO 639-1 code choosing the abbreviation list.
    max_chars : int, default MAX_SENTENCE_CHARS
        Longer sentences are cut (see the module docstring).

    Returns
    -------
    list of (int, int)
        ``(start, end)`` spans that exclude surrounding whitespace.

    References
    ----------
    Grefenstette, G., and Tapanainen, P. (1994). What is a word, what is a sentence? Problems
    of tokenization. Proceedings of COMPLEX'94, 79-87.

    Examples
    --------
    >>> text = "Hal itu disampaikan Dr. Siti pada 16/6/2024. “Kami siap,” kata dia. Oke."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Hal itu disampaikan Dr. Siti pada 16/6/2024.', '“Kami siap,” kata dia.', 'Oke.']
    """
    stripped = text.strip()
    if not stripped:
        return []
    first = len(text) - len(text.lstrip())
    spans = _cut(_boundaries(text, abbreviations(language)), first, first + len(stripped))
    return [piece for span in spans for piece in _split_long(text, *span, max_chars)]


def _boundaries(text: str, lists: Abbreviations) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for every sentence boundary in ``text``."""
    spaced = [
        (match.end(), match.start("next"))
        for match in _BOUNDARY_RE.finditer(text)
        if _is_boundary(text, match, lists)
    ]
    glued = [
        (match.end(), match.end())
        for match in _GLUED_RE.finditer(text)
        if _is_glued(text, match, lists)
    ]
    return sorted(spaced + glued) if glued else spaced


def _is_glued(text: str, match: re.Match[str], lists: Abbreviations) -> bool:
    """Whether a terminator with no space after it still ends a sentence ("year.In")."""
    word = match.group("word")
    if not word[0].isupper() or match.group("dotted") or word.upper() in _SUFFIXES:
        return False
    end = match.start()
    before = text[end - 1]
    if not (before.islower() or before.isdigit() or before in _GLUED_CLOSERS):
        return False
    begin = end
    limit = max(0, end - _GLUED_TOKEN_CHARS)
    while begin > limit and not text[begin - 1].isspace():
        begin -= 1
    token = text[begin:end].lstrip(_TOKEN_OPENERS)
    if begin == limit and begin > 0 and not text[begin - 1].isspace():
        return False  # a token longer than the window: a URL or a code, not prose
    if any(mark in token for mark in (".", "@", "://")):
        return False
    return lists.kind(token + ".") != "prefix"


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into pieces of at most ``max_chars`` characters at safe places."""
    if end - start <= max_chars:
        return [(start, end)]
    pieces = []
    while end - start > max_chars:
        cut = _cut_point(text, start, start + max_chars)
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut ``text[start:limit]``: after the last ``;``/``,``/dash of its second half,
    else at its last space, else at ``limit``."""
    half = start + (limit - start) // 2
    for mark in _CUT_MARKS:
        found = text.rfind(mark, half, limit)
        if found >= 0:
            return found + len(mark.rstrip())
    position = limit
    while position > start + 1 and not text[position - 1].isspace():
        position -= 1
    return position if position > start + 1 else limit


def _cut(boundaries: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of the stripped span ``start:end`` given sorted boundaries."""
    spans = []
    i = bisect_right(boundaries, start, key=itemgetter(0))  # first boundary after start
    while i < len(boundaries) and boundaries[i][0] < end:
        sentence_end, next_start = boundaries[i]
        spans.append((start, sentence_end))
        start = next_start
        i += 1
    spans.append((start, end))
    return spans


def _is_boundary(text: str, match: re.Match[str], lists: Abbreviations) -> bool:
    following = match.group("next")
    starts_upper = following.isupper()
    if not (starts_upper or following.isdigit() or following in _OPENERS):
        return False
    if match.group("term") != "." or match.group("close"):
        return True
    end = match.start()
    begin = end
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    token = text[begin:end].lstrip(_TOKEN_OPENERS)
    kind = lists.kind(token + ".")
    if kind == "prefix":
        return False
    if kind == "final":
        return starts_upper or following in _OPENERS
    if len(token) == 1 and token.isupper():
        return False  # an initial: "Kim J. Un", "J. Stoltenberg"
    return _DOTTED_INITIALS_RE.fullmatch(token) is None


def segment_document(
    doc_id: str,
    text: str,
    language: str = "id",
    *,
    max_chars: int = MAX_SENTENCE_CHARS,
    report: SegmentReport | None = None,
) -> tuple[list[tuple], list[tuple]]:
    """Paragraph and sentence rows of one document (a pure function, for any partitioning).

    Parameters
    ----------
    doc_id : str
        Document id, used to build ``paragraph_id`` (``f"{doc_id}:p{i}"``) and
        ``sentence_id`` (``f"{doc_id}:s{j}"``), both 1-based; ``j`` runs over the document.
    text : str
        The cleaned text that every offset points into.
    language : str, default "id"
        ISO 639-1 code choosing the abbreviation list.
    max_chars : int, default MAX_SENTENCE_CHARS
        Longer sentences are cut (see the module docstring).
    report : SegmentReport, optional
        Counts the sentences that were cut.

    Returns
    -------
    paragraphs : list of tuple
        Rows in :data:`PARAGRAPH_COLUMNS` order.
    sentences : list of tuple
        Rows in :data:`SENTENCE_COLUMNS` order; a sentence never crosses a paragraph.

    Examples
    --------
    >>> paragraphs, sentences = segment_document("d1", "Satu. Dua.\\n\\nTiga.")
    >>> [row[2] for row in sentences]
    ['d1:s1', 'd1:s2', 'd1:s3']
    """
    boundaries = _boundaries(text, abbreviations(language))
    paragraphs: list[tuple] = []
    sentences: list[tuple] = []
    for i, (p_start, p_end) in enumerate(split_paragraphs(text), start=1):
        paragraph_id = f"{doc_id}:p{i}"
        paragraphs.append((doc_id, paragraph_id, text[p_start:p_end], p_start, p_end))
        for span in _cut(boundaries, p_start, p_end):
            pieces = _split_long(text, *span, max_chars)
            if len(pieces) > 1 and report is not None:
                report.long_sentences[doc_id] = report.long_sentences.get(doc_id, 0) + 1
            for start, end in pieces:
                sentence_id = f"{doc_id}:s{len(sentences) + 1}"
                sentences.append((doc_id, paragraph_id, sentence_id, text[start:end], start, end))
    return paragraphs, sentences


def segment(
    documents: pd.DataFrame,
    *,
    max_chars: int = MAX_SENTENCE_CHARS,
    report: SegmentReport | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split every document into the ``paragraphs`` and ``sentences`` tables.

    Parameters
    ----------
    documents : DataFrame
        With ``doc_id`` and ``text`` (the cleaned text), and ``language`` (ISO 639-1; missing
        values use the union of all abbreviation lists).
    max_chars : int, default MAX_SENTENCE_CHARS
        Longer sentences are cut at a safe place (see the module docstring).
    report : SegmentReport, optional
        Counts the sentences that were cut (for a note of the run).

    Returns
    -------
    paragraphs : DataFrame
        ``doc_id, paragraph_id, text, start, end, language``.
    sentences : DataFrame
        ``doc_id, paragraph_id, sentence_id, text, start, end, language``; for each unit,
        ``documents.text[start:end] == text``. ``language`` is the paragraph's: its
        document's, or its own where it is clearly in another language
        (:func:`~framing.corpus.language.paragraph_language`).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["Satu. Dua."], "language": ["id"]})
    >>> paragraphs, sentences = segment(docs)
    >>> sentences[["sentence_id", "start", "end"]].values.tolist()
    [['a:s1', 0, 5], ['a:s2', 6, 10]]
    """
    missing = [c for c in ("doc_id", "text") if c not in documents.columns]
    if missing:
        raise InputError(
            f"documents table lacks column(s) {', '.join(missing)}; segmentation needs "
            "doc_id, text and language"
        )
    languages = (
        documents["language"] if "language" in documents.columns else [None] * len(documents)
    )
    paragraph_rows: list[tuple] = []
    sentence_rows: list[tuple] = []
    for doc_id, text, language in zip(
        documents["doc_id"], documents["text"], languages, strict=True
    ):
        if not isinstance(text, str):
            raise InputError(
                f"document {doc_id!r}: text is {text!r}, not a string; drop the document or "
                "give it text before segmenting"
            )
        code = language if isinstance(language, str) and language else "und"
        paragraphs, sentences = segment_document(
            str(doc_id), text, code, max_chars=max_chars, report=report
        )
        own = language if isinstance(language, str) else ""
        spoken = {p[1]: paragraph_language(p[2], own) for p in paragraphs}
        paragraph_rows.extend((*p, spoken[p[1]]) for p in paragraphs)
        sentence_rows.extend((*s, spoken[s[1]]) for s in sentences)
    return (
        _frame(paragraph_rows, (*PARAGRAPH_COLUMNS, "language")),
        _frame(sentence_rows, (*SENTENCE_COLUMNS, "language")),
    )


def _frame(rows: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    return frame.astype({"start": "int64", "end": "int64"})
