"""``framing sources CORPUS --out DIR``: events, text reuse, attribution, sourcing and voice."""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.cli._common import add_corpus_arguments, corpus_options


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sources",
        help="align events, find reused text, attribute statements to sources",
        description="Read CORPUS, give documents without an event one (by date and content), "
        "find wire copy and near-duplicates, attribute each statement to its source and source "
        "type, and say in whose voice each frame is stated. Writes the tables documents, events, "
        "event_outlets, reuse, attributions, sourcing, frame_voice and voice_shares under "
        "DIR/tables.",
    )
    add_corpus_arguments(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    add_source_arguments(parser)
    parser.add_argument(
        "--lexicon",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a frame lexicon (YAML) merged over the built-in one, for the voice of each frame",
    )
    parser.set_defaults(func=run)


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of event alignment, reuse and attribution, shared with ``framing run``."""
    group = parser.add_argument_group("events, reuse and sources")
    group.add_argument(
        "--sources",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a source list (YAML) merged over the built-in one; repeatable",
    )
    group.add_argument(
        "--event-window",
        type=int,
        default=14,
        metavar="DAYS",
        help="largest gap in days between two documents of one event (14)",
    )
    group.add_argument(
        "--event-threshold",
        type=float,
        default=0.15,
        metavar="SIM",
        help="smallest content similarity between two documents of one event (0.15)",
    )
    group.add_argument(
        "--reuse-threshold",
        type=float,
        default=0.5,
        metavar="SIM",
        help="smallest shingle overlap of reused paragraphs and documents (0.5)",
    )
    group.add_argument(
        "--count-reuse-once",
        action="store_true",
        help="leave the later copy of reused text out of frame shares and statistics",
    )


def source_options(args: argparse.Namespace) -> dict:
    """Stage options (see :mod:`framing.stages`) from :func:`add_source_arguments`."""
    return {
        "sources": [str(p) for p in args.sources],
        "event_window_days": args.event_window,
        "event_threshold": args.event_threshold,
        "reuse_threshold": args.reuse_threshold,
        "count_reuse_once": args.count_reuse_once,
    }


def run(args: argparse.Namespace) -> int:
    from framing.stages import RunState, align_stage, frames_stage, ingest_stage, sources_stage
    from framing.tables import write_table

    state = RunState(
        options={
            "corpus": args.corpus,
            "corpus_options": corpus_options(args),
            "lexicons": [str(p) for p in args.lexicon],
            **source_options(args),
        }
    )
    for stage in (ingest_stage, align_stage, frames_stage, sources_stage):
        state.tables.update(stage(state))
    names = ("documents", "events", "event_outlets", "reuse")
    names += ("attributions", "sourcing", "frame_voice", "voice_shares")
    for name in names:
        write_table(state.tables[name], args.out, name)
    for note in state.notes:
        print(f"{note['stage']}: {note['text']}")
    attributions, events = state.tables["attributions"], state.tables["events"]
    reuse = state.tables["reuse"]
    print(
        f"{len(events)} event(s), {len(attributions)} attributed statement(s) in "
        f"{attributions['sentence_id'].nunique()} sentence(s), "
        f"{int((reuse['kind'] == 'paragraph').sum()) // 2} reused paragraph pair(s), "
        f"{int((reuse['kind'] == 'declared_origin').sum())} declared origin(s) -> {args.out}/tables"
    )
    return 0
