"""``framing stats RUN_DIR``: rerun the statistics of a finished run with its own options.

The options are those the run recorded in ``run.json``; flags given here change only what they
name. The stage reads ``article_frames`` and ``documents`` (never the sentence table), so a run
made with ``count_reuse_once`` keeps counting reused text once.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from framing.cli.options import STAGE_SECTIONS, add_flags, progress_printer, study_for
from framing.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="rerun the tests, models, contrasts and keyness of a finished run",
        description="Read article_frames and documents from RUN_DIR/tables/, rerun the stats "
        "stage with the options the run recorded in run.json (flags here override them), and "
        "write the tests, models, contrasts, keyness and outlets tables next to them; then "
        "re-render RUN_DIR/index.html.",
    )
    parser.add_argument(
        "run_dir", type=Path, metavar="RUN_DIR", help="a folder written by 'framing run'"
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument(
        "--latex", action="store_true", help="also write RUN_DIR/tables/NAME.tex (booktabs)"
    )
    add_flags(parser, STAGE_SECTIONS["stats"], ("seed",))
    parser.set_defaults(func=run)


def recorded_study(run_dir: Path):
    """The study a run recorded in ``run.json`` (defaults when the run predates it)."""
    from framing.config import StudyConfig, validate_study

    path = Path(run_dir) / "run.json"
    if not path.exists():
        if not (Path(run_dir) / "tables").is_dir():
            raise InputError(f"{run_dir}: not a run folder (no tables/); run 'framing run' first")
        return StudyConfig()
    config = json.loads(path.read_text(encoding="utf-8")).get("config", {})
    return validate_study(config, f"{path}")


def run(args: argparse.Namespace) -> int:
    from framing.pipeline import run_pipeline

    study = study_for(None, args, base=recorded_study(args.run_dir))
    state = run_pipeline(
        study, args.run_dir, only=["stats"], from_run=True, progress=progress_printer(args)
    )
    comparison = state.results["comparison"]
    if args.latex:
        for name in ("tests", "models", "contrasts", "keyness"):
            tex = Path(args.run_dir) / "tables" / f"{name}.tex"
            tex.write_text(comparison.to_latex(name) + "\n", encoding="utf-8")
    if not args.quiet:
        for caveat in comparison.caveats:
            print(f"stats: caveat: {caveat}")
        print(
            f"stats: {Path(args.run_dir) / 'tables'}; report: {Path(args.run_dir) / 'index.html'}"
        )
    return 0
