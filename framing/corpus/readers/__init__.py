"""Readers: from input files to decoded, normalised records and a manifest of every input.

A reader is a function registered by name with :func:`register_reader`; :func:`read_corpus`
picks one (``format="auto"`` infers it from the path) and checks that its manifest accounts
for every input. Built-in readers: ``txt`` (a folder of ``.txt`` files with ``metadata.csv``),
``html`` (a folder of saved pages), ``jsonl``, ``csv`` and ``parquet`` (one article per row).
"""

from framing.corpus.readers import html, tabular, txt
from framing.corpus.readers.fields import FIELDS, RECORD_COLUMNS
from framing.corpus.readers.registry import (
    READERS,
    RawCorpus,
    Reader,
    get_reader,
    infer_format,
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
    "read_corpus",
    "register_reader",
    "tabular",
    "txt",
]
