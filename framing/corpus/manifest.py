"""The manifest: every input file or record ends up as a document or as a skipped row.

A manifest is a list of dicts ``{source, status, reason, doc_id}``, one per input (a file of a
folder corpus, a row of a CSV or Parquet file, a line of a JSONL file). ``status`` is
``"document"`` or ``"skipped"``; a skipped entry's ``reason`` starts with a stable short code
(:data:`REASONS`), then a colon and the detail a user needs to fix it, e.g.
``"duplicate: exact duplicate of doc 003"``. :func:`framing.corpus.corpus.manifest_summary`
turns the list into ``manifest.json`` with counts by reason code.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from framing.errors import FramingError

DOCUMENT = "document"
SKIPPED = "skipped"

#: Stable reason codes of skipped inputs (the part of ``reason`` before the first colon).
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

_WHITESPACE = re.compile(r"\s+")


class ManifestError(FramingError):
    """The manifest does not account for every input exactly once (a bug in a reader)."""


def document_entry(source: str, doc_id: str) -> dict:
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
    dict
        ``{"source", "status": "document", "reason": None, "doc_id"}``.
    """
    return {"source": source, "status": DOCUMENT, "reason": None, "doc_id": doc_id}


def skipped_entry(source: str, reason: str, doc_id: str | None = None) -> dict:
    """A manifest entry for an input that was skipped.

    Parameters
    ----------
    source : str
        Where the input came from (see :func:`document_entry`).
    reason : str
        A code from :data:`REASONS`, optionally followed by ``": detail"``.
    doc_id : str, optional
        The id the document would have had, when known.

    Returns
    -------
    dict
        ``{"source", "status": "skipped", "reason", "doc_id"}``.

    Examples
    --------
    >>> skipped_entry("a.txt", "empty: the file has no text")["status"]
    'skipped'
    """
    return {"source": source, "status": SKIPPED, "reason": reason, "doc_id": doc_id}


def reason_code(reason: str) -> str:
    """The stable code of a reason: the part before the first colon.

    Examples
    --------
    >>> reason_code("duplicate: exact duplicate of doc 003")
    'duplicate'
    """
    return str(reason).split(":", 1)[0].strip()


def skip(manifest: list[dict], doc_id: str, reason: str) -> list[dict]:
    """Turn the document entry of ``doc_id`` into a skipped entry with ``reason``.

    For a step after reading that drops a document, e.g. one that is empty after cleaning.

    Parameters
    ----------
    manifest : list of dict
        The manifest so far.
    doc_id : str
        Id of a document in the manifest.
    reason : str
        Why it is skipped (see :data:`REASONS`).

    Returns
    -------
    list of dict
        A new manifest; the input list is not changed.

    Raises
    ------
    ManifestError
        No entry with status "document" has this ``doc_id``.

    Examples
    --------
    >>> m = [document_entry("a.txt", "a")]
    >>> skip(m, "a", "empty after cleaning")[0]["status"]
    'skipped'
    """
    out = []
    found = False
    for entry in manifest:
        if not found and entry["status"] == DOCUMENT and entry["doc_id"] == doc_id:
            entry = {**entry, "status": SKIPPED, "reason": reason}
            found = True
        out.append(entry)
    if not found:
        raise ManifestError(f"manifest: no document with id {doc_id!r} to skip")
    return out


def mark_exact_duplicates(
    records: pd.DataFrame, manifest: list[dict]
) -> tuple[pd.DataFrame, list[dict]]:
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
    manifest : list of dict
        Its manifest; document entries are matched to records by ``source``.

    Returns
    -------
    records : DataFrame
        The records that remain, in their order, with a fresh index.
    manifest : list of dict
        A new manifest in which the dropped records are skipped entries.

    Examples
    --------
    >>> records = pd.DataFrame({"doc_id": ["a", "b"], "source": ["a.txt", "b.txt"],
    ...                         "text": ["Putin tiba.", "Putin  tiba."]})
    >>> manifest = [document_entry("a.txt", "a"), document_entry("b.txt", "b")]
    >>> kept, manifest = mark_exact_duplicates(records, manifest)
    >>> list(kept["doc_id"]), manifest[1]["reason"]
    (['a'], 'duplicate: exact duplicate of doc a')
    """
    first_by_id: dict[str, str] = {}
    first_by_text: dict[bytes, str] = {}
    reasons: dict[str, str] = {}
    keep = []
    for doc_id, source, text in zip(
        records["doc_id"].astype(str), records["source"], records["text"], strict=True
    ):
        digest = hashlib.blake2b(_WHITESPACE.sub(" ", str(text)).strip().encode()).digest()
        if doc_id in first_by_id:
            reasons[source] = (
                f"duplicate id: id {doc_id!r} is already used by {first_by_id[doc_id]}; "
                "give each document its own id"
            )
        elif digest in first_by_text:
            reasons[source] = f"duplicate: exact duplicate of doc {first_by_text[digest]}"
        else:
            first_by_id[doc_id] = source
            first_by_text[digest] = doc_id
        keep.append(source not in reasons)
    new_manifest = [
        {**entry, "status": SKIPPED, "reason": reasons[entry["source"]]}
        if entry["status"] == DOCUMENT and entry["source"] in reasons
        else entry
        for entry in manifest
    ]
    kept = records.loc[pd.Series(keep, index=records.index, dtype=bool)]
    return kept.reset_index(drop=True), new_manifest


def check_manifest(manifest: list[dict], n_inputs: int, *, n_documents: int | None = None) -> None:
    """Check that the manifest accounts for every input exactly once.

    Parameters
    ----------
    manifest : list of dict
        The manifest.
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
    bad = [e for e in manifest if e.get("status") not in (DOCUMENT, SKIPPED)]
    if bad:
        raise ManifestError(f"manifest: entry {bad[0]!r} has no valid status")
    unexplained = [e for e in manifest if e["status"] == SKIPPED and not e.get("reason")]
    if unexplained:
        raise ManifestError(f"manifest: skipped entry {unexplained[0]['source']} has no reason")
    n_docs = sum(e["status"] == DOCUMENT for e in manifest)
    n_skipped = sum(e["status"] == SKIPPED for e in manifest)
    if n_docs + n_skipped != n_inputs:
        raise ManifestError(
            f"manifest: {n_docs} documents + {n_skipped} skipped != {n_inputs} inputs; "
            "an input was lost or counted twice"
        )
    if n_documents is not None and n_docs != n_documents:
        raise ManifestError(
            f"manifest: {n_docs} document entries but {n_documents} documents were produced"
        )
