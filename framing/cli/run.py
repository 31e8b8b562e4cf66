"""``framing run CORPUS --out DIR``: the main job, every stage, then the HTML report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.cli._common import add_corpus_arguments, corpus_options


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run every stage on a corpus and write the report",
        description="Run the whole pipeline on CORPUS and write DIR/index.html, DIR/tables/, "
        "DIR/figures/ and DIR/run.json.",
    )
    add_corpus_arguments(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument("--seed", type=int, default=0, help="random seed for every stage (0)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.pipeline import run_pipeline

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[framing] {message}", file=sys.stderr, flush=True)

    run_pipeline(
        args.corpus,
        args.out,
        corpus_options=corpus_options(args),
        options={"random_state": args.seed},
        progress=progress,
    )
    if not args.quiet:
        print(f"report: {args.out / 'index.html'}")
    return 0
