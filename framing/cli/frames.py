"""``framing frames CORPUS --out DIR``: the frame tables, computed as ``framing run`` does."""

from __future__ import annotations

import argparse

from framing.cli.options import add_stage_command


def register(subparsers: argparse._SubParsersAction) -> None:
    add_stage_command(
        subparsers,
        "frames",
        ["ingest", "align", "frames"],
        help="find frame terms in a corpus; write hits, per-article counts, shares and evidence",
        description="Ingest CORPUS, align events and reuse, match the frame lexicons (the "
        "built-in one unless --lexicon files are given; --builtin adds it to them) and write "
        "frame_hits, article_frames, frame_scores, frame_shares (per outlet, event and group), "
        "evidence and lexicon_forms under DIR/tables, beside the corpus tables, manifest.json, "
        "run.json and a report of these sections: the same tables 'framing run' writes.",
    )
