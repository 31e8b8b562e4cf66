"""``framing run CORPUS --out DIR``: the main job, every stage, then the HTML report."""

from __future__ import annotations

import argparse

from framing.cli.options import add_stage_command


def register(subparsers: argparse._SubParsersAction) -> None:
    from framing.stages import STAGES

    add_stage_command(
        subparsers,
        "run",
        [s.name for s in STAGES],
        help="run every stage on a corpus and write the report",
        description="Run the whole study on CORPUS, or the study a YAML config describes (see "
        "analysis/template/study.yaml; flags given here override it): ingest, align (groups, "
        "events, reuse), frames, sources, topics, statistics; then write DIR/index.html, "
        "DIR/tables/ and DIR/run.json. --skip STAGE leaves a stage out.",
    )
