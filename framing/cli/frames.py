"""``framing frames CORPUS --out DIR``: match frame lexicons; write hits, scores, shares, evidence."""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.cli._common import add_corpus_arguments, corpus_options


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "frames",
        help="find frame terms in a corpus; write hits, scores, shares and evidence",
        description="Match the built-in frame lexicon (and any --lexicon files; a frame with "
        "the id of an earlier one replaces it) against every sentence of CORPUS and write the "
        "tables frame_hits, frame_scores, frame_shares (per outlet), frame_shares_by_event "
        "(per outlet and event), evidence and lexicon_forms under DIR/tables.",
    )
    add_corpus_arguments(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument(
        "--lexicon",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a YAML lexicon file, merged after the built-in one (repeatable)",
    )
    parser.add_argument("--no-builtin", action="store_true", help="use only the --lexicon files")
    parser.add_argument(
        "--top", type=int, default=5, help="evidence sentences per outlet and frame (5)"
    )
    parser.add_argument(
        "--negation-window",
        type=int,
        default=5,
        metavar="N",
        help="words before a hit searched for negation and hedge cues (5)",
    )
    parser.add_argument(
        "--affirmed-only",
        action="store_true",
        help="count only hits that are not negated in scores and shares",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.corpus.ingest import ingest
    from framing.frames import frame_tables, load_lexicon
    from framing.tables import write_table

    lexicon = load_lexicon(args.lexicon, include_builtin=not args.no_builtin)
    corpus = ingest(args.corpus, **corpus_options(args))
    tables = frame_tables(
        corpus.documents,
        corpus.sentences,
        lexicon,
        count_negated=not args.affirmed_only,
        evidence_top=args.top,
        negation_window=args.negation_window,
    )
    tables["lexicon_forms"] = lexicon.to_frame()
    for name, table in tables.items():
        write_table(table, args.out, name)
    for note in lexicon.overrides:
        print(f"lexicon: {note}")
    hits = tables["frame_hits"]
    print(
        f"{len(hits)} hits ({int(hits['negated'].sum())} negated) of {len(lexicon.frame_ids)} "
        f"frames in {hits['sentence_id'].nunique()} of {len(corpus.sentences)} sentences -> "
        f"{args.out}/tables"
    )
    return 0
