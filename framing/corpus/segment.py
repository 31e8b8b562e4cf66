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
``VIVA.co.id``) are never candidates because no whitespace follows them. The method is that
of rule-based splitters such as Grefenstette and Tapanainen (1994); it trades the recall of
trained models (Kiss and Strunk, 2006) for speed, transparency and zero training data.

:func:`segment_document` is a pure function of one document, and :func:`segment` maps it
over a documents table, so the same code runs on partitions of a Dask DataFrame.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import itemgetter

import pandas as pd
import yaml

from framing.errors import InputError

PARAGRAPH_COLUMNS = ("doc_id", "paragraph_id", "text", "start", "end")
SENTENCE_COLUMNS = ("doc_id", "paragraph_id", "sentence_id", "text", "start", "end")

# A paragraph: a line, without its surrounding whitespace.
_PARAGRAPH_RE = re.compile(r"[^\S\r\n]*([^\r\n]*[^\s])")
# A run of terminators, its closing quotes/brackets, then whitespace and the next character.
_BOUNDARY_RE = re.compile(r"(?P<term>[.!?…]+)(?P<close>[”’\"'»)\]]*)(?=\s+(?P<next>\S))")
_OPENERS = frozenset("“‘\"'«([")
_TOKEN_OPENERS = "“‘\"'«(["
_DOTTED_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


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
    return [match.span(1) for match in _PARAGRAPH_RE.finditer(text)]


def split_sentences(text: str, language: str = "id") -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (rule-based, see the module docstring).

    Parameters
    ----------
    text : str
        Running text, normally one paragraph. Newlines do not force a boundary; use
        :func:`segment_document` to keep sentences inside paragraphs.
    language : str, default "id"
        ISO 639-1 code choosing the abbreviation list.

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
    return _cut(_boundaries(text, abbreviations(language)), first, first + len(stripped))


def _boundaries(text: str, lists: Abbreviations) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for every sentence boundary in ``text``."""
    return [
        (match.end(), match.start("next"))
        for match in _BOUNDARY_RE.finditer(text)
        if _is_boundary(text, match, lists)
    ]


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
    doc_id: str, text: str, language: str = "id"
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
        for start, end in _cut(boundaries, p_start, p_end):
            sentence_id = f"{doc_id}:s{len(sentences) + 1}"
            sentences.append((doc_id, paragraph_id, sentence_id, text[start:end], start, end))
    return paragraphs, sentences


def segment(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split every document into the ``paragraphs`` and ``sentences`` tables.

    Parameters
    ----------
    documents : DataFrame
        With ``doc_id`` and ``text`` (the cleaned text), and ``language`` (ISO 639-1; missing
        values use the union of all abbreviation lists).

    Returns
    -------
    paragraphs : DataFrame
        ``doc_id, paragraph_id, text, start, end``.
    sentences : DataFrame
        ``doc_id, paragraph_id, sentence_id, text, start, end``; for each unit,
        ``documents.text[start:end] == text``.

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
        paragraphs, sentences = segment_document(str(doc_id), text, code)
        paragraph_rows.extend(paragraphs)
        sentence_rows.extend(sentences)
    return _frame(paragraph_rows, PARAGRAPH_COLUMNS), _frame(sentence_rows, SENTENCE_COLUMNS)


def _frame(rows: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    return frame.astype({"start": "int64", "end": "int64"})
