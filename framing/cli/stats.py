"""``framing stats RUN_DIR``: outlet comparison statistics from a run's saved tables."""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.errors import ConfigError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="test, model and contrast frame use between outlets from saved tables",
        description="Read article_frames (and documents, for keyness) from RUN_DIR/tables/ and "
        "write the tests, models, contrasts, keyness and outlets tables next to them. Articles "
        "are the units; the sentence table is not read.",
    )
    parser.add_argument(
        "run_dir", type=Path, metavar="RUN_DIR", help="a folder written by 'framing run'"
    )
    parser.add_argument(
        "--reference", default=None, metavar="OUTLET", help="reference outlet of the models"
    )
    parser.add_argument(
        "--min-articles", type=int, default=2, metavar="N", help="articles an outlet needs (2)"
    )
    parser.add_argument("--alpha", type=float, default=0.05, help="1 - interval level")
    parser.add_argument(
        "--power", type=float, default=0.8, help="power of the minimum detectable effects (0.8)"
    )
    parser.add_argument(
        "--correction",
        choices=("holm", "fdr_bh"),
        default="holm",
        help="multiple-comparison adjustment shown as p_adj (default: holm)",
    )
    parser.add_argument(
        "--pair",
        action="append",
        default=None,
        metavar="A:B",
        help="compare only these outlets pairwise (repeatable); default all pairs",
    )
    parser.add_argument(
        "--frame",
        action="append",
        default=None,
        metavar="FRAME",
        help="frame id to report even without hits (repeatable)",
    )
    parser.add_argument("--permutations", type=int, default=9999, help="permutation replicates")
    parser.add_argument("--bootstrap", type=int, default=999, help="bootstrap replicates")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--keyness-top", type=int, default=20, help="words per keyness list")
    parser.add_argument(
        "--latex", action="store_true", help="also write RUN_DIR/tables/NAME.tex (booktabs)"
    )
    parser.set_defaults(func=run)


def parse_pairs(items: list[str] | None) -> list[tuple[str, str]] | None:
    """Turn ``["A:B", ...]`` into ``[("A", "B"), ...]``."""
    if items is None:
        return None
    pairs = []
    for item in items:
        a, sep, b = item.partition(":")
        if not sep or not a or not b:
            raise ConfigError(f"--pair {item!r}: expected OUTLET_A:OUTLET_B, e.g. VIVA:Pos-Kupang")
        pairs.append((a, b))
    return pairs


def run(args: argparse.Namespace) -> int:
    from framing.stats import compare_outlets
    from framing.tables import read_table, write_table

    for name, value in (("--permutations", args.permutations), ("--bootstrap", args.bootstrap)):
        if value < 1:
            raise ConfigError(f"{name} {value}: needs at least 1 replicate, e.g. 999")
    tables_dir = Path(args.run_dir) / "tables"
    articles = read_table(args.run_dir, "article_frames")
    documents = read_table(args.run_dir, "documents")
    validation = None
    if (tables_dir / "validation_scores.parquet").exists():
        validation = read_table(args.run_dir, "validation_scores")
    frames = args.frame or list(dict.fromkeys(articles["frame"].astype(str)))
    comparison = compare_outlets(
        articles,
        documents,
        frames=frames,
        reference=args.reference,
        min_articles=args.min_articles,
        alpha=args.alpha,
        power=args.power,
        correction=args.correction,
        pairs=parse_pairs(args.pair),
        n_permutations=args.permutations,
        n_bootstrap=args.bootstrap,
        random_state=args.seed,
        keyness_top=args.keyness_top,
        validation=validation,
    )
    for name, table in comparison.tables().items():
        path = write_table(table, args.run_dir, name)
        print(f"stats: {path}")
        if args.latex and name in ("tests", "models", "contrasts", "keyness"):
            tex = path.with_suffix(".tex")
            tex.write_text(comparison.to_latex(name) + "\n", encoding="utf-8")
            print(f"stats: {tex}")
    for caveat in comparison.caveats:
        print(f"stats: caveat: {caveat}")
    _update_notes(args.run_dir, comparison.caveats)
    run_json = Path(args.run_dir) / "run.json"
    if run_json.exists():
        import json

        from framing.report import render_report

        info = json.loads(run_json.read_text(encoding="utf-8"))
        info.setdefault("config", {}).update(
            {
                "reference": args.reference,
                "min_articles": args.min_articles,
                "alpha": args.alpha,
                "power": args.power,
                "correction": args.correction,
                "n_permutations": args.permutations,
                "n_bootstrap": args.bootstrap,
                "keyness_top": args.keyness_top,
            }
        )
        info["stats_recomputed_with"] = "framing stats"
        run_json.write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

        print(f"stats: report {render_report(args.run_dir)}")
    return 0


def _update_notes(run_dir: Path, caveats: list[str]) -> None:
    """Replace the stats caveats of the run's ``notes`` table with the new ones."""
    import pandas as pd

    from framing.tables import read_table, write_table

    path = Path(run_dir) / "tables" / "notes.parquet"
    notes = (
        read_table(run_dir, "notes")
        if path.exists()
        else pd.DataFrame(columns=["stage", "kind", "text"])
    )
    kept = notes[notes["stage"] != "stats"]
    new = pd.DataFrame({"stage": "stats", "kind": "caveat", "text": list(caveats)})
    write_table(pd.concat([kept, new], ignore_index=True), run_dir, "notes")
