"""Exact duplicates across a corpus read in chunks: the ids and texts seen so far."""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from framing.corpus.manifest import DOCUMENT, ManifestEntry

_WHITESPACE = re.compile(r"\s+")


class DuplicateIndex:
    """The ids and text digests of the records kept so far, chunk after chunk.

    Records are taken in order; the first keeps its place. A later record whose ``doc_id`` is
    already used is skipped as ``"duplicate id"``; a later record whose text is identical to an
    earlier one once runs of whitespace are collapsed (the text is already Unicode-normalised by
    the reader) is skipped as ``"duplicate: exact duplicate of doc <id>"``. Near duplicates
    (e.g. the same wire story with another headline) are kept: they are a finding about reuse,
    not an input error. Memory: one id and one 16-byte digest per kept record.

    Examples
    --------
    >>> from framing.corpus.manifest import document_entry
    >>> index = DuplicateIndex()
    >>> first = pd.DataFrame({"doc_id": ["a"], "source": ["a.txt"], "text": ["Putin tiba."]})
    >>> later = pd.DataFrame({"doc_id": ["b"], "source": ["b.txt"], "text": ["Putin  tiba."]})
    >>> _ = index.mark(first, [document_entry("a.txt", "a")])
    >>> kept, manifest = index.mark(later, [document_entry("b.txt", "b")])
    >>> len(kept), manifest[0].reason
    (0, 'duplicate: exact duplicate of doc a')
    """

    def __init__(self) -> None:
        self._sources: dict[str, str] = {}
        self._texts: dict[bytes, str] = {}

    def mark(
        self, records: pd.DataFrame, manifest: list[ManifestEntry]
    ) -> tuple[pd.DataFrame, list[ManifestEntry]]:
        """Drop this chunk's records that repeat an id or a text seen before (or in it).

        Returns the records kept (fresh index) and the chunk's manifest with the dropped
        records as skipped entries.
        """
        reasons: dict[str, tuple[str, str]] = {}
        keep = []
        for doc_id, source, text in zip(
            records["doc_id"].astype(str), records["source"], records["text"], strict=True
        ):
            normal = _WHITESPACE.sub(" ", str(text)).strip().encode("utf-8", "surrogatepass")
            digest = hashlib.blake2b(normal, digest_size=16).digest()
            if doc_id in self._sources:
                reasons[source] = (
                    "duplicate id",
                    f"id {doc_id!r} is already used by {self._sources[doc_id]}; "
                    "give each document its own id",
                )
            elif digest in self._texts:
                reasons[source] = ("duplicate", f"exact duplicate of doc {self._texts[digest]}")
            else:
                self._sources[doc_id] = source
                self._texts[digest] = doc_id
            keep.append(source not in reasons)
        entries = [
            entry.skip(*reasons[entry.source])
            if entry.status == DOCUMENT and entry.source in reasons
            else entry
            for entry in manifest
        ]
        kept = records.loc[pd.Series(keep, index=records.index, dtype=bool)]
        return kept.reset_index(drop=True), entries


def mark_exact_duplicates(
    records: pd.DataFrame, manifest: list[ManifestEntry]
) -> tuple[pd.DataFrame, list[ManifestEntry]]:
    """Skip records that repeat an earlier record's id or text, in one batch.

    :meth:`DuplicateIndex.mark` on a fresh index (see :class:`DuplicateIndex` for the rules).

    Returns
    -------
    records : DataFrame
        The records that remain, in their order, with a fresh index.
    manifest : list of ManifestEntry
        A new manifest in which the dropped records are skipped entries.

    Examples
    --------
    >>> from framing.corpus.manifest import document_entry
    >>> records = pd.DataFrame({"doc_id": ["a", "b"], "source": ["a.txt", "b.txt"],
    ...                         "text": ["Putin tiba.", "Putin  tiba."]})
    >>> manifest = [document_entry("a.txt", "a"), document_entry("b.txt", "b")]
    >>> kept, manifest = mark_exact_duplicates(records, manifest)
    >>> list(kept["doc_id"]), manifest[1].reason_code, manifest[1].detail
    (['a'], 'duplicate', 'exact duplicate of doc a')
    """
    return DuplicateIndex().mark(records, manifest)
