"""``framing ingest CORPUS --out DIR``: read, clean and segment a corpus; write its tables."""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.cli._common import add_corpus_arguments, corpus_options


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="read, clean and segment a corpus into tables",
        description="Read a corpus, remove boilerplate (recording every removed line), detect "
        "language and dates, split paragraphs and sentences, and write the tables documents, "
        "removed, paragraphs, sentences (Parquet and CSV) and manifest.json under DIR.",
    )
    add_corpus_arguments(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.corpus.ingest import ingest

    corpus = ingest(args.corpus, **corpus_options(args))
    corpus.save(args.out)
    n_skipped = sum(r["status"] == "skipped" for r in corpus.manifest)
    print(
        f"{len(corpus.documents)} documents, {len(corpus.paragraphs)} paragraphs, "
        f"{len(corpus.sentences)} sentences, {len(corpus.removed)} removed lines, "
        f"{n_skipped} skipped inputs -> {args.out}/tables"
    )
    return 0
