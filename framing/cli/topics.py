"""``framing topics CORPUS --out DIR``: fit BERTopic and write the topic tables."""

from __future__ import annotations

import argparse

from framing.cli.options import add_stage_command


def register(subparsers: argparse._SubParsersAction) -> None:
    add_stage_command(
        subparsers,
        "topics",
        ["ingest", "align", "frames", "topics"],
        help="fit a topic model (BERTopic) and report topics per outlet",
        description="Ingest CORPUS, match the frames (whose terms guide the topics unless "
        "--no-seed-from-lexicon), fit BERTopic on paragraphs or sentences (offline TF-IDF/SVD "
        "embedding unless --embedding-model is given) and write the topic tables (topics, "
        "topic_assignments, topic_shares, topics_over_time, topic_prevalence, topic_stability "
        "…) under DIR/tables, as 'framing run' does, with run.json and a report.",
    )
