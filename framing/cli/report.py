"""``framing report DIR``: re-render DIR/index.html from the run's saved tables alone."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="re-render a run's HTML report from its saved tables",
        description="Render DIR/index.html from DIR/tables/ and DIR/run.json without "
        "recomputing anything.",
    )
    parser.add_argument(
        "run_dir", type=Path, metavar="DIR", help="a folder written by 'framing run'"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.report import render_report

    print(f"report: {render_report(args.run_dir)}")
    return 0
