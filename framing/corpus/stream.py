"""Ingest chunk by chunk: the corpus stage in memory bounded by the chunk size.

Two passes over chunks of ``chunk_size`` records:

1. read a chunk (:func:`record_chunks`), skip exact duplicates of anything read before
   (:class:`~framing.corpus.duplicates.DuplicateIndex`), and prepare each record
   (:func:`~framing.corpus.ingest.prepare_records`: language, cleaning with provenance, date);
   keep the prepared chunk and the keys of its paragraphs
   (:func:`~framing.corpus.cleaning_repeated.paragraph_keys`);
2. once every chunk is read, the paragraphs repeated across an outlet's documents are known;
   drop them from each prepared chunk, then segment it into paragraphs and sentences.

Each chunk's tables go to a :class:`~framing.store.TableStore` as part ``i`` of ``documents``,
``removed``, ``paragraphs`` and ``sentences``. With one chunk, or many, the tables are the
same, row for row: :func:`framing.corpus.ingest.ingest` is this function with every part
concatenated. In a run folder every part is a file written when its chunk finishes, so
``resume=True`` carries an interrupted ingest on from its last finished chunk.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from framing.config import DEFAULTS
from framing.corpus.cleaning_repeated import drop_paragraphs, paragraph_keys, repeated_keys
from framing.corpus.duplicates import DuplicateIndex
from framing.corpus.manifest import (
    SKIPPED,
    ManifestEntry,
    check_manifest,
    entries_from_table,
    entries_table,
    merge_entries,
    problem_notes,
    skipped_entry,
)
from framing.corpus.outlets import OutletNames, merge_notes
from framing.corpus.readers import iter_corpus
from framing.corpus.readers.registry import RawCorpus
from framing.corpus.segment import SegmentReport, segment
from framing.corpus.tokens import count_tokens
from framing.errors import InputError, NoDocumentsError
from framing.progress import Progress
from framing.store import TableStore

#: The tables the corpus stage writes, one part per chunk.
CORPUS_PARTS = ("documents", "removed", "paragraphs", "sentences")
#: What the first pass keeps for the second (deleted when the stage ends).
_STAGED = (
    "_prepared",
    "_prepared_removed",
    "_paragraph_keys",
    "_manifest",
    "_emptied",
    "_long_sentences",
)
#: What the first pass must have written for a chunk to count as prepared.
_PREPARED = _STAGED[:4]


def record_chunks(path: str | Path, chunk_size: int, **options) -> Iterator[RawCorpus]:
    """The corpus' records and manifest entries, ``chunk_size`` records at a time.

    The readers stream (:func:`~framing.corpus.readers.iter_corpus`): a chunk is read only
    when the one before it is done with.
    """
    yield from iter_corpus(path, chunk_size, **options)


def ingest_chunks(
    store: TableStore,
    path: str | Path,
    *,
    format: str = "auto",
    metadata: str | Path | None = None,
    encoding: str | None = None,
    language: str | None = None,
    columns: dict[str, str] | None = None,
    clean: bool = True,
    delimiter: str | None = None,
    strict: bool = False,
    repeated_line_min_docs: int = DEFAULTS.corpus.repeated_line_min_docs,
    chunk_size: int = DEFAULTS.corpus.chunk_size,
    progress: Progress | None = None,
    resume: bool = False,
) -> tuple[list[ManifestEntry], list[str]]:
    """Read, clean and segment a corpus chunk by chunk into ``store``.

    Parameters
    ----------
    store : TableStore
        Receives part ``i`` of ``documents``, ``removed``, ``paragraphs`` and ``sentences``
        for chunk ``i``.
    path, format, metadata, encoding, language, columns, clean, repeated_line_min_docs
        As :func:`framing.corpus.ingest.ingest`.
    chunk_size : int
        Records per chunk: memory grows with it, not with the corpus.
    progress : Progress, optional
        Bars with articles per second for both passes.
    resume : bool
        Keep the chunks a previous, interrupted call finished (in a run folder).

    Returns
    -------
    manifest : list of ManifestEntry
        What became of every input, with the values dropped from kept documents.
    notes : list of str
        One line per kind of dropped value, per outlet written in several ways and about
        sentences cut for length (for the run's notes).

    Raises
    ------
    NoDocumentsError
        No input became a document (the manifest says why, input by input).
    """
    if int(chunk_size) < 1:
        raise InputError(f"chunk_size={chunk_size}: give a number of articles, 1 or more")
    progress = progress or Progress(enabled=False)
    if resume:
        for name in (*CORPUS_PARTS, *_STAGED):
            store.attach_parts(name)
        finished = store.done("ingest")
    else:
        for name in (*CORPUS_PARTS, *_STAGED):
            store.drop_parts(name)
        store.clear_done("ingest")
        finished = set()
    reader = {
        "format": format,
        "metadata": metadata,
        "encoding": encoding,
        "columns": columns,
        "delimiter": delimiter,
        "strict": strict,
    }
    outlets = OutletNames()
    report = SegmentReport()
    duplicates = DuplicateIndex()
    manifest: list[ManifestEntry] = []
    keys: list[np.ndarray] = []
    n_inputs = 0
    chunks = 0
    with progress.bar("ingest: read and clean") as bar:
        for index, raw in enumerate(record_chunks(path, int(chunk_size), **reader)):
            chunks = index + 1
            n_inputs += len(raw.manifest)
            records, entries = duplicates.mark(raw.records, raw.manifest)
            outlets.observe(records["outlet"])
            if _prepared(store, index):
                entries = entries_from_table(store.part("_manifest", index))
                chunk_keys = store.part("_paragraph_keys", index)["key"].to_numpy(np.uint64)
            else:
                entries, chunk_keys = _prepare(
                    store, index, records, entries, language, clean, strict
                )
            manifest.extend(entries)
            keys.append(chunk_keys)
            bar.update(len(raw.records))
    repeated = repeated_keys(keys, min_docs=repeated_line_min_docs) if clean else keys[:0]
    del keys
    n_documents = 0
    with progress.bar("ingest: segment", total=store.n_rows("_prepared")) as bar:
        for index in range(chunks):
            if index not in finished:
                chunk_report = SegmentReport()
                skipped = _segment(store, index, repeated, outlets, chunk_report)
                store.put_part("_emptied", index, entries_table(skipped))
                long = chunk_report.long_sentences
                store.put_part(
                    "_long_sentences",
                    index,
                    pd.DataFrame({"doc_id": list(long), "n": list(long.values())}),
                )
                store.mark_done("ingest", index)
            n_documents += store.n_rows_of_part("documents", index)
            bar.update(store.n_rows_of_part("_prepared", index))
    emptied = [e for i in range(chunks) for e in entries_from_table(store.part("_emptied", i))]
    manifest = merge_entries(manifest, emptied)
    for i in range(chunks):
        long = store.part("_long_sentences", i)
        pairs = zip(long["doc_id"].astype(str), long["n"].astype(int), strict=True)
        report.long_sentences.update(pairs)
    notes = problem_notes(manifest) + merge_notes(outlets.merges())
    notes += [report.note()] if report.note() else []
    for name in _STAGED:
        store.drop_parts(name)
    store.clear_done("ingest")
    check_manifest(manifest, n_inputs)
    if n_documents == 0:
        raise NoDocumentsError(
            f"{path}: no usable document ({n_inputs} input(s), all skipped: "
            f"{_reasons(manifest)}); check the files and metadata",
            manifest,
        )
    return manifest, notes


def _prepared(store: TableStore, index: int) -> bool:
    return all(index in store.part_numbers(name) for name in _PREPARED)


def _prepare(store, index, records, entries, language, clean, strict):
    """Pass 1 for one chunk: prepare its records and stage them with their keys."""
    from framing.corpus.ingest import prepare_records

    documents, removed, news = prepare_records(
        records, language=language, clean=clean, strict=strict
    )
    entries = merge_entries(entries, news)  # skipped records, and values that were dropped
    chunk_keys = paragraph_keys(documents) if clean else np.zeros(0, dtype=np.uint64)
    order = {doc_id: i for i, doc_id in enumerate(records["doc_id"].astype(str))}
    store.put_part("_prepared", index, documents)
    store.put_part("_prepared_removed", index, _in_order(removed, order))
    store.put_part("_paragraph_keys", index, pd.DataFrame({"key": chunk_keys}))
    store.put_part("_manifest", index, entries_table(entries))
    return entries, chunk_keys


def _segment(store, index, repeated, outlets, report) -> list[ManifestEntry]:
    """Pass 2 for one chunk: drop repeated paragraphs, segment; return emptied documents.

    Outlets take the spelling most of their documents use (:class:`OutletNames`).
    """
    documents = store.part("_prepared", index)
    documents["outlet"] = outlets.canonical(documents["outlet"])
    removed = store.part("_prepared_removed", index)
    order = {doc_id: i for i, doc_id in enumerate(documents["doc_id"].astype(str))}
    skipped: list[ManifestEntry] = []
    if len(repeated) and len(documents):
        documents, removed = drop_paragraphs(documents, removed, repeated)
        emptied = documents["text"].str.strip() == ""
        skipped = [
            skipped_entry(
                str(source),
                "empty after cleaning",
                detail="every paragraph repeats in other documents of its outlet",
                doc_id=str(doc_id),
            )
            for doc_id, source in zip(
                documents.loc[emptied, "doc_id"], documents.loc[emptied, "source"], strict=True
            )
        ]
        documents = documents.loc[~emptied].reset_index(drop=True)
        documents["n_tokens"] = documents["text"].map(count_tokens).astype("int64")
    paragraphs, sentences = segment(documents, report=report)
    store.put_part("documents", index, documents)
    store.put_part("removed", index, _in_order(removed, order))
    store.put_part("paragraphs", index, paragraphs)
    store.put_part("sentences", index, sentences)
    return skipped


def _in_order(removed: pd.DataFrame, order: dict[str, int]) -> pd.DataFrame:
    """Removed lines in document order (the order of the input), then by line number."""
    rank = removed["doc_id"].astype(str).map(order).fillna(len(order))
    return (
        removed.assign(_rank=rank.to_numpy())
        .sort_values(["_rank", "line_no"], kind="stable")
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def _reasons(manifest: list[ManifestEntry]) -> str:
    reasons = sorted({entry.reason_code for entry in manifest if entry.status == SKIPPED})
    return ", ".join(reasons) or "none"
