"""``framing ingest CORPUS --out DIR``: read, clean and segment a corpus; write its tables."""

from __future__ import annotations

import argparse

from framing.cli.options import add_stage_command


def register(subparsers: argparse._SubParsersAction) -> None:
    add_stage_command(
        subparsers,
        "ingest",
        ["ingest"],
        help="read, clean and segment a corpus into tables",
        description="Read a corpus, remove boilerplate (recording every removed line), detect "
        "language and dates, split paragraphs and sentences, and write the tables documents, "
        "removed, paragraphs, sentences (Parquet and CSV), manifest.json and run.json under DIR.",
    )
