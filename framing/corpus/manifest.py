"""The manifest: every input file or record ends up as a document or as a skipped entry.

A manifest is a list of :class:`ManifestEntry`, one per input (a file of a folder corpus, a row
of a CSV or Parquet file, a line of a JSONL file). Its ``status`` is ``"document"`` or
``"skipped"``; a skipped entry has a stable short ``reason_code`` (:data:`REASONS`) and a
``detail`` that says what to fix, kept apart so that no code has to read the prose. Written to
``manifest.json`` (:func:`manifest_summary`), an entry keeps the keys it has always had,
``source``, ``status``, ``reason`` (code and detail as one line, e.g.
``"duplicate: exact duplicate of doc 003"``) and ``doc_id``, plus ``reason_code`` and
``detail``; the summary counts the skipped entries by reason code.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from framing.errors import FramingError

DOCUMENT = "document"
SKIPPED = "skipped"

#: Stable reason codes of skipped inputs.
REASONS = (
    "empty",
    "not text",
    "undecodable",
    "duplicate",
    "duplicate id",
    "duplicate metadata row",
    "missing outlet",
    "missing file",
    "no metadata row",
    "invalid JSON",
    "no article text",
    "empty after cleaning",
)

#: The keys of an entry in ``manifest.json``, in order.
JSON_KEYS = ("source", "status", "reason", "doc_id", "reason_code", "detail")

_WHITESPACE = re.compile(r"\s+")


class ManifestError(FramingError):
    """The manifest does not account for every input exactly once (a bug in a reader)."""


@dataclass(frozen=True)
class ManifestEntry:
    """What became of one input: a document, or skipped with a reason.

    Attributes
    ----------
    source : str
        Where the input came from: a path relative to the corpus root, with ``#row=N`` or
        ``#line=N`` for a record of a tabular file.
    status : {"document", "skipped"}
        Whether the input became a document.
    reason_code : str or None
        Why it was skipped: a code of :data:`REASONS` (None for a document).
    detail : str or None
        What a user needs to know to fix it, e.g. ``"exact duplicate of doc 003"``.
    doc_id : str or None
        The id of the document, or the id it would have had, when known.

    Raises
    ------
    ManifestError
        The status is neither, a skipped entry has no reason code, a document has one, or a
        reason code holds a colon (a detail given as part of the code).

    Examples
    --------
    >>> entry = skipped_entry("003.txt", "duplicate", detail="exact duplicate of doc 001")
    >>> entry.reason_code, entry.reason
    ('duplicate', 'duplicate: exact duplicate of doc 001')
    >>> entry["status"]  # read as its JSON record
    'skipped'
    """

    source: str
    status: str
    reason_code: str | None = None
    detail: str | None = None
    doc_id: str | None = None

    def __post_init__(self) -> None:
        if self.status not in (DOCUMENT, SKIPPED):
            raise ManifestError(
                f"manifest: entry {self.source!r} has no valid status ({self.status!r}); "
                f"give {DOCUMENT!r} or {SKIPPED!r}"
            )
        if self.status == SKIPPED and not self.reason_code:
            raise ManifestError(f"manifest: skipped entry {self.source} has no reason")
        if self.status == DOCUMENT and (self.reason_code or self.detail):
            raise ManifestError(f"manifest: document entry {self.source} has a reason")
        if self.reason_code and ":" in self.reason_code:
            raise ManifestError(
                f"manifest: reason code {self.reason_code!r} of {self.source} holds a detail; "
                "give the code (e.g. 'empty') and the detail apart"
            )

    @property
    def reason(self) -> str | None:
        """Code and detail as one line, ``"code: detail"`` (None for a document)."""
        if self.reason_code is None:
            return None
        return f"{self.reason_code}: {self.detail}" if self.detail else self.reason_code

    @property
    def skipped(self) -> bool:
        """Whether the input was skipped."""
        return self.status == SKIPPED

    def skip(self, reason_code: str, detail: str | None = None) -> ManifestEntry:
        """This entry, skipped with a reason (the document id is kept)."""
        return replace(self, status=SKIPPED, reason_code=reason_code, detail=detail)

    def to_json(self) -> dict:
        """The entry as a record of ``manifest.json`` (the keys of :data:`JSON_KEYS`)."""
        return {key: self[key] for key in JSON_KEYS}

    @classmethod
    def from_json(cls, record: Mapping) -> ManifestEntry:
        """An entry from a record of ``manifest.json`` (or a dict a reader returned).

        A record written before reason codes were stored has only ``reason``; its code is then
        the code of :data:`REASONS` that ``reason`` is (or starts with, before ``": "``).

        Raises
        ------
        ManifestError
            The record is not a valid entry, or such an older ``reason`` starts with no known
            code.
        """
        status = record.get("status")
        code, detail = record.get("reason_code"), record.get("detail")
        if code is None and status == SKIPPED and record.get("reason"):
            code, detail = _known_reason(str(record["reason"]), str(record.get("source")))
        doc_id = record.get("doc_id")
        return cls(
            source=str(record.get("source")),
            status=status,
            reason_code=code,
            detail=detail,
            doc_id=None if doc_id is None else str(doc_id),
        )

    def __getitem__(self, key: str) -> str | None:
        """The value of a ``manifest.json`` key, so ``entry["status"]`` reads as for a record."""
        if key not in JSON_KEYS:
            raise KeyError(key)
        return getattr(self, key)


def _known_reason(reason: str, source: str) -> tuple[str, str | None]:
    """Code and detail of a one-line reason from a manifest written without reason codes."""
    for code in sorted(REASONS, key=len, reverse=True):
        if reason == code:
            return code, None
        if reason.startswith(f"{code}: "):
            return code, reason[len(code) + 2 :]
    raise ManifestError(
        f"manifest: reason {reason!r} of {source} starts with no known code "
        f"({', '.join(REASONS)}); give the entry a reason_code"
    )


def as_entry(entry: ManifestEntry | Mapping) -> ManifestEntry:
    """``entry`` as a :class:`ManifestEntry` (a dict is read by :meth:`ManifestEntry.from_json`)."""
    return entry if isinstance(entry, ManifestEntry) else ManifestEntry.from_json(entry)


def document_entry(source: str, doc_id: str) -> ManifestEntry:
    """A manifest entry for an input that became a document.

    Parameters
    ----------
    source : str
        Where the input came from: a path relative to the corpus root, with ``#row=N`` or
        ``#line=N`` for a record of a tabular file.
    doc_id : str
        The id of the document.

    Returns
    -------
    ManifestEntry
        With status ``"document"`` and no reason.
    """
    return ManifestEntry(source=source, status=DOCUMENT, doc_id=doc_id)


def skipped_entry(
    source: str, reason_code: str, *, detail: str | None = None, doc_id: str | None = None
) -> ManifestEntry:
    """A manifest entry for an input that was skipped.

    Parameters
    ----------
    source : str
        Where the input came from (see :func:`document_entry`).
    reason_code : str
        Why: a code from :data:`REASONS`.
    detail : str, optional
        What a user needs to know to fix it.
    doc_id : str, optional
        The id the document would have had, when known.

    Returns
    -------
    ManifestEntry
        With status ``"skipped"``.

    Examples
    --------
    >>> skipped_entry("a.txt", "empty", detail="the file has no text").reason
    'empty: the file has no text'
    """
    return ManifestEntry(source, SKIPPED, reason_code=reason_code, detail=detail, doc_id=doc_id)


def skip(
    manifest: list[ManifestEntry], doc_id: str, reason_code: str, detail: str | None = None
) -> list[ManifestEntry]:
    """Turn the document entry of ``doc_id`` into a skipped entry.

    For a step after reading that drops a document, e.g. one that is empty after cleaning.

    Parameters
    ----------
    manifest : list of ManifestEntry
        The manifest so far.
    doc_id : str
        Id of a document in the manifest.
    reason_code : str
        Why it is skipped (see :data:`REASONS`).
    detail : str, optional
        What a user needs to know.

    Returns
    -------
    list of ManifestEntry
        A new manifest; the input list is not changed.

    Raises
    ------
    ManifestError
        No entry with status "document" has this ``doc_id``.

    Examples
    --------
    >>> m = [document_entry("a.txt", "a")]
    >>> skip(m, "a", "empty after cleaning")[0].status
    'skipped'
    """
    out = []
    found = False
    for entry in manifest:
        if not found and entry.status == DOCUMENT and entry.doc_id == doc_id:
            entry = entry.skip(reason_code, detail)
            found = True
        out.append(entry)
    if not found:
        raise ManifestError(f"manifest: no document with id {doc_id!r} to skip")
    return out


def mark_exact_duplicates(
    records: pd.DataFrame, manifest: list[ManifestEntry]
) -> tuple[pd.DataFrame, list[ManifestEntry]]:
    """Skip records that repeat an earlier record's id or text (a corpus-wide step).

    Records are taken in order; the first keeps its place. A later record whose ``doc_id`` is
    already used is skipped as ``"duplicate id"``; a later record whose text is identical to an
    earlier one once runs of whitespace are collapsed (the text is already Unicode-normalised by
    the reader) is skipped as ``"duplicate: exact duplicate of doc <id>"``. Near duplicates
    (e.g. the same wire story with another headline) are kept: they are a finding about reuse,
    not an input error.

    Parameters
    ----------
    records : DataFrame
        Records from :func:`framing.corpus.readers.read_corpus` (``doc_id``, ``source``,
        ``text``, ...).
    manifest : list of ManifestEntry
        Its manifest; document entries are matched to records by ``source``.

    Returns
    -------
    records : DataFrame
        The records that remain, in their order, with a fresh index.
    manifest : list of ManifestEntry
        A new manifest in which the dropped records are skipped entries.

    Examples
    --------
    >>> records = pd.DataFrame({"doc_id": ["a", "b"], "source": ["a.txt", "b.txt"],
    ...                         "text": ["Putin tiba.", "Putin  tiba."]})
    >>> manifest = [document_entry("a.txt", "a"), document_entry("b.txt", "b")]
    >>> kept, manifest = mark_exact_duplicates(records, manifest)
    >>> list(kept["doc_id"]), manifest[1].reason_code, manifest[1].detail
    (['a'], 'duplicate', 'exact duplicate of doc a')
    """
    first_by_id: dict[str, str] = {}
    first_by_text: dict[bytes, str] = {}
    reasons: dict[str, tuple[str, str]] = {}
    keep = []
    for doc_id, source, text in zip(
        records["doc_id"].astype(str), records["source"], records["text"], strict=True
    ):
        digest = hashlib.blake2b(_WHITESPACE.sub(" ", str(text)).strip().encode()).digest()
        if doc_id in first_by_id:
            reasons[source] = (
                "duplicate id",
                f"id {doc_id!r} is already used by {first_by_id[doc_id]}; "
                "give each document its own id",
            )
        elif digest in first_by_text:
            reasons[source] = ("duplicate", f"exact duplicate of doc {first_by_text[digest]}")
        else:
            first_by_id[doc_id] = source
            first_by_text[digest] = doc_id
        keep.append(source not in reasons)
    new_manifest = [
        entry.skip(*reasons[entry.source])
        if entry.status == DOCUMENT and entry.source in reasons
        else entry
        for entry in manifest
    ]
    kept = records.loc[pd.Series(keep, index=records.index, dtype=bool)]
    return kept.reset_index(drop=True), new_manifest


def check_manifest(
    manifest: Iterable[ManifestEntry | Mapping], n_inputs: int, *, n_documents: int | None = None
) -> None:
    """Check that the manifest accounts for every input exactly once.

    Parameters
    ----------
    manifest : list of ManifestEntry
        The manifest (dicts as a reader may return them are read with :func:`as_entry`).
    n_inputs : int
        Number of inputs read (files of a folder, rows or lines of a tabular file).
    n_documents : int, optional
        Number of documents actually produced; checked against the document entries.

    Raises
    ------
    ManifestError
        An entry has an unknown status or a skipped entry has no reason; documents + skipped
        differs from ``n_inputs``; or the document entries differ from ``n_documents``.

    Examples
    --------
    >>> check_manifest([document_entry("a.txt", "a"), skipped_entry("b.txt", "empty")], 2)
    """
    entries = [as_entry(e) for e in manifest]  # an invalid entry raises here
    n_docs = sum(e.status == DOCUMENT for e in entries)
    n_skipped = sum(e.status == SKIPPED for e in entries)
    if n_docs + n_skipped != n_inputs:
        raise ManifestError(
            f"manifest: {n_docs} documents + {n_skipped} skipped != {n_inputs} inputs; "
            "an input was lost or counted twice"
        )
    if n_documents is not None and n_docs != n_documents:
        raise ManifestError(
            f"manifest: {n_docs} document entries but {n_documents} documents were produced"
        )


def manifest_summary(manifest: Iterable[ManifestEntry | Mapping]) -> dict:
    """The JSON form of a manifest (``manifest.json``): counts that add up, then every entry.

    Parameters
    ----------
    manifest : list of ManifestEntry
        The manifest (dicts are read with :func:`as_entry`).

    Returns
    -------
    dict
        ``n_inputs``, ``n_documents``, ``n_skipped``, ``skipped_by_reason`` (count per reason
        code) and ``records`` (:meth:`ManifestEntry.to_json` of every entry).

    Examples
    --------
    >>> summary = manifest_summary([document_entry("a.txt", "a"), skipped_entry("b.txt", "empty")])
    >>> summary["skipped_by_reason"], summary["records"][1]["reason"]
    ({'empty': 1}, 'empty')
    """
    entries = [as_entry(e) for e in manifest]
    reasons: dict[str, int] = {}
    for entry in entries:
        if entry.status == SKIPPED:
            reasons[entry.reason_code] = reasons.get(entry.reason_code, 0) + 1
    return {
        "n_inputs": len(entries),
        "n_documents": sum(e.status == DOCUMENT for e in entries),
        "n_skipped": sum(e.status == SKIPPED for e in entries),
        "skipped_by_reason": dict(sorted(reasons.items())),
        "records": [e.to_json() for e in entries],
    }
