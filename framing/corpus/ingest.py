"""Ingest: from input files to the ``documents``, ``removed``, ``paragraphs`` and ``sentences`` tables.

The steps, in order:

1. read every input file or record (:func:`framing.corpus.readers.read_corpus`), decoding and
   normalising the text; every input is recorded in the manifest;
2. skip exact duplicates (corpus-wide);
3. per document (:func:`framing.corpus.prepare.prepare_records`, a pure function of a batch of records, so it maps over
   Dask partitions unchanged): language (metadata, else the ``language`` option, else offline
   detection), boilerplate cleaning with provenance, date (metadata, else extracted from the text
   with the line it came from), token count;
4. drop short paragraphs repeated across several documents of one outlet (corpus-wide);
5. segment into paragraphs and sentences with offsets into the cleaned text.

Steps 1-3 and 5 run chunk by chunk (:mod:`framing.corpus.stream`); the corpus-wide steps keep
only ids and hashes, so memory follows the chunk size.
"""

from __future__ import annotations

from pathlib import Path

from framing.config import DEFAULTS
from framing.corpus.corpus import CORPUS_TABLES, Corpus
from framing.corpus.prepare import prepare_records

__all__ = ["ingest", "prepare_records"]


def ingest(
    path: str | Path,
    *,
    format: str = DEFAULTS.corpus.format,
    metadata: str | Path | None = None,
    encoding: str | None = None,
    language: str | None = None,
    columns: dict[str, str] | None = None,
    clean: bool = DEFAULTS.corpus.clean,
    delimiter: str | None = None,
    strict: bool = DEFAULTS.corpus.strict,
    repeated_line_min_docs: int = DEFAULTS.corpus.repeated_line_min_docs,
    chunk_size: int = DEFAULTS.corpus.chunk_size,
) -> Corpus:
    """Read, clean and segment a corpus.

    The corpus is processed ``chunk_size`` records at a time
    (:func:`framing.corpus.stream.ingest_chunks`, the corpus stage of a run); the tables do not
    depend on the chunk size.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files with ``metadata.csv``, a folder of saved ``.html`` pages, or a
        ``.jsonl``, ``.csv`` or ``.parquet`` file.
    format : str, default "auto"
        A reader name (see :data:`framing.corpus.readers.READERS`); ``"auto"`` infers it.
    metadata : path, optional
        Sidecar metadata CSV for a folder (default ``PATH/metadata.csv``).
    encoding : str, optional
        Force a text encoding instead of detecting it.
    language : str, optional
        Language code for documents whose metadata has none (default: detect offline).
    columns : dict, optional
        Map of field name to input column name, e.g. ``{"outlet": "publisher"}``.
    clean : bool, default True
        Remove boilerplate with provenance; ``False`` keeps every non-blank line.
    delimiter : str, optional
        Field delimiter of a CSV file (default: sniffed).
    strict : bool, default False
        Stop at the first unusable value instead of keeping the record without it.
    repeated_line_min_docs : int, default 3
        A short paragraph found in at least this many documents of one outlet is dropped as
        boilerplate.
    chunk_size : int, default 2000
        Records processed at a time.

    Returns
    -------
    Corpus
        ``documents``, ``removed``, ``paragraphs``, ``sentences`` and the ``manifest``.

    Examples
    --------
    >>> corpus = ingest("data/corpora/putin-kim")  # doctest: +SKIP
    >>> corpus.documents[["doc_id", "outlet", "date"]]  # doctest: +SKIP
    """
    from framing.corpus.stream import ingest_chunks
    from framing.store import TableStore

    store = TableStore()
    manifest, _ = ingest_chunks(
        store,
        path,
        format=format,
        metadata=metadata,
        encoding=encoding,
        language=language,
        columns=columns,
        clean=clean,
        delimiter=delimiter,
        strict=strict,
        repeated_line_min_docs=repeated_line_min_docs,
        chunk_size=chunk_size,
    )
    return Corpus(manifest=manifest, **{name: store.read(name) for name in CORPUS_TABLES})
