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
        description="Run the whole pipeline on CORPUS, or on the study a YAML config describes "
        "(see analysis/template/study.yaml; flags given here override it): ingest, events and "
        "reuse, frames, sources, topics, statistics; then "
        "write DIR/index.html, DIR/tables/, DIR/run.json.",
    )
    add_corpus_arguments(parser)
    parser.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="output folder (or the config's out)"
    )
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
    frames.add_argument(
        "--validation",
        type=Path,
        default=None,
        metavar="CODED.csv",
        help="human sentence codes to validate the lexicon; gives shares corrected for its error",
    )
    add_source_arguments(parser)
    parser.add_argument(
        "--group-column",
        default="group",
        metavar="NAME",
        help="metadata column naming each outlet's group (default: group)",
    )
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
    stats.add_argument(
        "--min-articles",
        type=int,
        default=2,
        metavar="N",
        help="articles an outlet needs to be tested (2); fewer: described only",
    )
    stats.add_argument("--alpha", type=float, default=0.05, help="1 - confidence level (0.05)")
    stats.add_argument(
        "--power", type=float, default=0.8, help="power of the minimum detectable effects (0.8)"
    )
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
        "validation": None if args.validation is None else str(args.validation),
        "group_column": args.group_column,
        "reference": args.reference,
        "min_articles": args.min_articles,
        "power": args.power,
        "alpha": args.alpha,
        "correction": args.correction,
        "n_permutations": args.permutations,
        "n_bootstrap": args.bootstrap,
        **source_options(args),
    }


def _flag_value(dest: str, value: object) -> object:
    if dest == "column":
        return dict(item.partition("=")[::2] for item in value)
    if dest in ("no_clean", "no_topics"):
        return not value
    if dest in ("lexicon", "sources"):
        return [str(Path(v).resolve()) for v in value]
    if isinstance(value, Path):
        return str(value.resolve())
    return value


def study_with_flags(path: str | Path, args: argparse.Namespace):
    """The study config at ``path`` with every flag that differs from its default applied."""
    from framing.cli import build_parser
    from framing.config import FLAG_KEYS, StudyConfig, load_study

    study = load_study(path)
    defaults = build_parser().parse_args(["run", str(path)])
    data = study.model_dump(mode="json")
    for dest, key in FLAG_KEYS.items():
        value = getattr(args, dest)
        if value == getattr(defaults, dest):
            continue
        *sections, name = key.split(".")
        target = data
        for section in sections:
            target = target.setdefault(section, {})
        target[name] = _flag_value(dest, value)
    return StudyConfig.model_validate(data)


def run(args: argparse.Namespace) -> int:
    from framing.config import is_study_config
    from framing.errors import ConfigError
    from framing.pipeline import run_pipeline, run_study_config

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[framing] {message}", file=sys.stderr, flush=True)

    if is_study_config(args.corpus):
        study = study_with_flags(args.corpus, args)
        if study.out is None:
            raise ConfigError(f"{args.corpus}: no 'out' folder; add 'out: DIR' or pass --out DIR")
        out = study.out
        run_study_config(study, progress=progress)
    else:
        if args.out is None:
            raise ConfigError(f"{args.corpus}: no output folder; pass --out DIR")
        out = args.out
        run_pipeline(
            args.corpus,
            out,
            corpus_options=corpus_options(args),
            options=run_options(args),
            progress=progress,
        )
    if not args.quiet:
        print(f"report: {Path(out) / 'index.html'}")
    return 0
