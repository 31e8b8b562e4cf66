"""Readers: from input files to decoded, normalised records and a manifest of every input.

A reader is registered by name with :func:`register_reader`; :func:`iter_corpus` picks one
(``format="auto"`` infers it from the path) and hands out the corpus in chunks, each with a
manifest that accounts for its inputs; :func:`read_corpus` is their concatenation. Built-in
readers: ``txt`` (a folder of ``.txt`` files with ``metadata.csv``), ``html`` (a folder of saved
pages), ``jsonl``, ``csv`` and ``parquet`` (one article per row; ``parquet`` also reads a folder
of Parquet files).
"""

from framing.corpus.readers import html, jsonl, parquet, tabular, txt
from framing.corpus.readers.fields import FIELDS, RECORD_COLUMNS
from framing.corpus.readers.registry import (
    READERS,
    RawCorpus,
    Reader,
    get_reader,
    infer_format,
    iter_corpus,
    read_corpus,
    register_reader,
)

__all__ = [
    "FIELDS",
    "READERS",
    "RECORD_COLUMNS",
    "RawCorpus",
    "Reader",
    "get_reader",
    "html",
    "infer_format",
    "iter_corpus",
    "jsonl",
    "parquet",
    "read_corpus",
    "register_reader",
    "tabular",
    "txt",
]
