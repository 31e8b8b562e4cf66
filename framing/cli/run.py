"""``framing run CORPUS --out DIR``: the main job, every stage, then the HTML report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.cli._common import add_corpus_arguments, corpus_options
from framing.cli.sources import add_source_arguments, source_options


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run every stage on a corpus and write the report",
        description="Run the whole pipeline on CORPUS (ingest, events and reuse, frames, "
        "sources, topics, statistics) and "
        "write DIR/index.html, DIR/tables/, DIR/run.json.",
    )
    add_corpus_arguments(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument("--seed", type=int, default=0, help="random seed for every stage (0)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    frames = parser.add_argument_group("frames")
    frames.add_argument(
        "--lexicon",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a frame lexicon (YAML) merged over the built-in one; repeatable",
    )
    frames.add_argument(
        "--count-negated",
        action="store_true",
        help="count negated hits ('tidak melanggar') as uses of the frame (default: recorded, "
        "not counted)",
    )
    add_source_arguments(parser)
    topics = parser.add_argument_group("topics")
    topics.add_argument("--unit", choices=("paragraph", "sentence"), default="paragraph")
    topics.add_argument(
        "--embedding-model",
        default=None,
        metavar="NAME",
        help="a sentence-transformers model name or path (default: offline TF-IDF/SVD)",
    )
    topics.add_argument("--no-topics", action="store_true", help="skip the topic model")
    stats = parser.add_argument_group("statistics")
    stats.add_argument("--reference", default=None, metavar="OUTLET", help="reference outlet")
    stats.add_argument("--alpha", type=float, default=0.05, help="1 - confidence level (0.05)")
    stats.add_argument("--correction", choices=("holm", "fdr_bh"), default="holm")
    stats.add_argument("--permutations", type=int, default=9999, metavar="N")
    stats.add_argument("--bootstrap", type=int, default=999, metavar="N")
    parser.set_defaults(func=run)


def run_options(args: argparse.Namespace) -> dict:
    """The stage options of a ``framing run`` command line (see :mod:`framing.stages`)."""
    return {
        "random_state": args.seed,
        "lexicons": [str(p) for p in args.lexicon],
        "count_negated": args.count_negated,
        "topics": not args.no_topics,
        "topic_unit": args.unit,
        "embedding_model": args.embedding_model,
        "reference": args.reference,
        "alpha": args.alpha,
        "correction": args.correction,
        "n_permutations": args.permutations,
        "n_bootstrap": args.bootstrap,
        **source_options(args),
    }


def run(args: argparse.Namespace) -> int:
    from framing.pipeline import run_pipeline

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[framing] {message}", file=sys.stderr, flush=True)

    run_pipeline(
        args.corpus,
        args.out,
        corpus_options=corpus_options(args),
        options=run_options(args),
        progress=progress,
    )
    if not args.quiet:
        print(f"report: {args.out / 'index.html'}")
    return 0
