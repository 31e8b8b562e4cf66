"""Ingest chunk by chunk: the corpus stage in memory bounded by the chunk size.

Two passes over chunks of ``chunk_size`` records:

1. read a chunk (:func:`record_chunks`), skip exact duplicates of anything read before
   (:class:`~framing.corpus.duplicates.DuplicateIndex`), and prepare each record
   (:func:`~framing.corpus.prepare.prepare_records`: language, cleaning with provenance, date);
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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.backends import ChunkTask, LocalBackend, run_chunk
from framing.config import DEFAULTS
from framing.corpus.cleaning_repeated import drop_paragraphs, paragraph_keys
from framing.corpus.duplicates import DuplicateIndex
from framing.corpus.manifest import (
    SKIPPED,
    ManifestEntry,
    check_manifest,
    entries_from_table,
    entries_table,
    merge_entries,
    problem_notes,
    skip,
    skipped_entry,
)
from framing.corpus.outlets import OutletNames, merge_notes
from framing.corpus.prepare import prepare_records
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
    backend=None,
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
    backend : LocalBackend or DaskBackend, optional
        Where each chunk is prepared and segmented (:mod:`framing.backends`; default here).
        Reading, exact duplicates and outlet spellings run here, in input order.

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
    backend = backend or LocalBackend()
    outlets = OutletNames()
    report = SegmentReport()
    duplicates = DuplicateIndex()
    by_chunk: dict[int, list[ManifestEntry]] = {}
    sizes: dict[int, int] = {}
    n_inputs = 0

    def unprepared() -> Iterator[ChunkTask]:
        """Chunks read in order (duplicates and outlet spellings are corpus-wide, so here);
        the ones a resumed run has not prepared become tasks."""
        nonlocal n_inputs
        for index, raw in enumerate(record_chunks(path, int(chunk_size), **reader)):
            n_inputs += len(raw.manifest)
            records, entries = duplicates.mark(raw.records, raw.manifest)
            outlets.observe(records["outlet"])
            sizes[index] = len(raw.records)
            if _prepared(store, index):
                by_chunk[index] = entries_from_table(store.part("_manifest", index))
                continue
            by_chunk[index] = entries
            yield ChunkTask(index, {"records": records}, store.folder, ("news",), by="records")

    prepare = _Prepare(language=language, clean=clean, strict=strict)
    counted = 0
    with progress.bar("ingest: read and clean") as bar:
        for result in backend.map(run_chunk, unprepared(), backend.share(prepare)):
            for name, part in result.parts.items():
                store.adopt_part(name, result.index, part)
            entries = merge_entries(
                by_chunk[result.index], entries_from_table(result.returned["news"])
            )
            for failure in result.failures:
                entries = skip(entries, failure.doc_id, "stage error", f"ingest: {failure.error}")
            by_chunk[result.index] = entries
            store.put_part("_manifest", result.index, entries_table(entries))
            bar.update(sizes[result.index])
            counted += sizes[result.index]
        bar.update(sum(sizes.values()) - counted)  # the chunks a resumed run had prepared
    chunks = len(sizes)
    manifest = [entry for index in range(chunks) for entry in by_chunk.pop(index)]
    keys = [store.part_source("_paragraph_keys", index) for index in range(chunks)]
    repeated = (
        backend.frequent_keys(keys, "key", repeated_line_min_docs)
        if clean and chunks
        else np.zeros(0, dtype=np.uint64)
    )
    segment_chunk = _Segment(repeated=repeated, outlets=outlets)
    tasks = (
        ChunkTask(
            index,
            {name: store.part_source(name, index) for name in ("_prepared", "_prepared_removed")},
            store.folder,
            by="_prepared",
        )
        for index in range(chunks)
        if index not in finished
    )
    n_documents = 0
    failed = [f for i, chunk in store.left_out("ingest").items() if i in finished for f in chunk]
    for doc_id, error in failed:  # segmenting left them out before the run was resumed
        manifest = skip(manifest, doc_id, "stage error", f"ingest: {error}")
    with progress.bar("ingest: segment", total=store.n_rows("_prepared")) as bar:
        for result in backend.map(run_chunk, tasks, backend.share(segment_chunk)):
            for name, part in result.parts.items():
                store.adopt_part(name, result.index, part)
            for failure in result.failures:
                manifest = skip(manifest, failure.doc_id, "stage error", f"ingest: {failure.error}")
            left_out = [(f.doc_id, f.error) for f in result.failures]
            store.mark_done("ingest", result.index, left_out)
        for index in range(chunks):
            n_documents += store.n_rows_of_part("documents", index)
        bar.update(store.n_rows("_prepared"))
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


@dataclass(frozen=True)
class _Prepare:
    """Pass 1 for one chunk of records: prepare them; their paragraphs' keys.

    A task's work (:func:`framing.backends.chunks.run_chunk`): it holds the options only, so it
    is sent to each worker once. ``news`` is the manifest's news about the chunk's records
    (skipped ones, values that were dropped), sent back to the run.
    """

    language: str | None
    clean: bool
    strict: bool

    def __call__(self, chunk: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        records = chunk["records"]
        documents, removed, news = prepare_records(
            records, language=self.language, clean=self.clean, strict=self.strict
        )
        keys = paragraph_keys(documents) if self.clean else np.zeros(0, dtype=np.uint64)
        order = {doc_id: i for i, doc_id in enumerate(records["doc_id"].astype(str))}
        return {
            "_prepared": documents,
            "_prepared_removed": _in_order(removed, order),
            "_paragraph_keys": pd.DataFrame({"key": keys}),
            "news": entries_table(news),
        }


@dataclass(frozen=True)
class _Segment:
    """Pass 2 for one chunk: drop repeated paragraphs, segment; documents emptied by it.

    Outlets take the spelling most of their documents use (:class:`OutletNames`).
    """

    repeated: np.ndarray
    outlets: OutletNames

    def __call__(self, chunk: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        documents = chunk["_prepared"].copy()
        documents["outlet"] = self.outlets.canonical(documents["outlet"])
        removed = chunk["_prepared_removed"]
        order = {doc_id: i for i, doc_id in enumerate(documents["doc_id"].astype(str))}
        skipped: list[ManifestEntry] = []
        if len(self.repeated) and len(documents):
            documents, removed = drop_paragraphs(documents, removed, self.repeated)
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
        report = SegmentReport()
        paragraphs, sentences = segment(documents, report=report)
        long = report.long_sentences
        return {
            "documents": documents,
            "removed": _in_order(removed, order),
            "paragraphs": paragraphs,
            "sentences": sentences,
            "_emptied": entries_table(skipped),
            "_long_sentences": pd.DataFrame({"doc_id": list(long), "n": list(long.values())}),
        }


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
