"""``framing sources CORPUS --out DIR``: events, text reuse, attribution, sourcing and voice."""

from __future__ import annotations

import argparse

from framing.cli.options import add_stage_command


def register(subparsers: argparse._SubParsersAction) -> None:
    add_stage_command(
        subparsers,
        "sources",
        ["ingest", "align", "frames", "sources"],
        help="align events, find reused text, attribute statements to sources",
        description="Ingest CORPUS, give documents without an event one (by date and content), "
        "find wire copy and near-duplicates, match the frames, attribute each statement to its "
        "source and source type, and say in whose voice each frame is stated: the tables "
        "'framing run' writes for these stages (events, reuse, attributions, sourcing, "
        "frame_voice, voice_shares …) under DIR/tables, with run.json and a report.",
    )
