"""Arguments shared by every subcommand that reads a corpus."""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.errors import InputError


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the corpus arguments every corpus-reading command accepts."""
    parser.add_argument(
        "corpus",
        metavar="CORPUS",
        help="a folder of .txt files (with metadata.csv) or of saved .html pages, "
        "or a .jsonl, .csv or .parquet file",
    )
    group = parser.add_argument_group("corpus options")
    group.add_argument(
        "--format",
        default="auto",
        help="reader to use: auto (from the path), txt, html, jsonl, csv, parquet, "
        "or a reader registered by name",
    )
    group.add_argument(
        "--metadata",
        type=Path,
        default=None,
        help="sidecar metadata CSV for a folder of files (default: CORPUS/metadata.csv)",
    )
    group.add_argument(
        "--encoding",
        default=None,
        help="force this text encoding instead of detecting it (e.g. cp1252)",
    )
    group.add_argument(
        "--language",
        default=None,
        help="language code for documents whose metadata has none (default: detect offline)",
    )
    group.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map an input column to a field, e.g. --column outlet=publisher (repeatable)",
    )
    group.add_argument(
        "--no-clean",
        action="store_true",
        help="keep every line of the input (skip boilerplate removal)",
    )


def corpus_options(args: argparse.Namespace) -> dict:
    """Turn parsed corpus arguments into keyword arguments for :func:`framing.corpus.ingest`."""
    columns: dict[str, str] = {}
    for item in args.column:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            raise InputError(f"--column {item!r}: expected FIELD=COLUMN, e.g. outlet=publisher")
        columns[field.strip()] = column.strip()
    return {
        "format": args.format,
        "metadata": args.metadata,
        "encoding": args.encoding,
        "language": args.language,
        "columns": columns or None,
        "clean": not args.no_clean,
    }
