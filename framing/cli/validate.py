"""``framing validate CODED.csv --run DIR``: the lexicon against human codes (P, R, F1, alpha).

``framing validate --attributions QUOTES.jsonl``: quote attribution against a gold set of
articles with their quotations and speakers (:mod:`framing.attribution.evaluation`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from framing.errors import ConfigError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="compare the frame lexicon (or the attribution) with human codes",
        description="Read human codes (CSV with sentence_id or doc_id, frame, code 0/1 and "
        "optionally coder) and report precision, recall and F1 per frame against the lexicon "
        "hits of a run (--run) or of a corpus matched now (--corpus), with Krippendorff's "
        "alpha between coders and a confusion table. With --attributions the codes are "
        "attribution labels (attributed, a source type, hedged, denial, direct_quote) checked "
        "against the run's attributions table; given a quote set (.jsonl of articles with "
        "their quotations and speakers, e.g. data/validation/quotes-en.jsonl) it attributes "
        "the articles and reports recall and precision of the speakers.",
    )
    parser.add_argument(
        "coded",
        type=Path,
        metavar="CODED.csv",
        help="the human codes (with --attributions, also a quote set .jsonl)",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--run", type=Path, metavar="DIR", help="a run folder with sentences and frame_hits"
    )
    source.add_argument("--corpus", metavar="CORPUS", help="a corpus to ingest and match now")
    parser.add_argument(
        "--lexicon",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="lexicon file(s) merged after the built-in one, with --corpus (repeatable)",
    )
    parser.add_argument(
        "--people",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="with --attributions QUOTES.jsonl: people lists added to the built-in one "
        "(repeatable)",
    )
    parser.add_argument(
        "--sources",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="with --attributions QUOTES.jsonl: source lists merged over the built-in one "
        "(repeatable)",
    )
    parser.add_argument(
        "--affirmed-only",
        action="store_true",
        help="negated hits never count as the frame (default: as the run counted them; with "
        "--corpus, not counted)",
    )
    parser.add_argument(
        "--attributions",
        action="store_true",
        help="the codes are attribution labels; compare them with the run's attributions",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="also write validation_scores.csv, validation_confusion.csv, validation_alpha.csv",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from framing.frames import load_lexicon, match_frames, validate_codes
    from framing.frames.validation import read_codes_file

    if args.attributions and args.coded.suffix.lower() == ".jsonl":
        return _validate_quotes(args)
    if not args.run and not args.corpus:
        raise ConfigError(
            "validate: give --run DIR (a run's tables) or --corpus CORPUS (ingested now)"
        )
    coded = read_codes_file(args.coded)
    if args.attributions:
        return _validate_attributions(args, coded)
    if args.run:
        from framing.contract import read_table

        if args.lexicon:
            raise ConfigError("--lexicon applies to --corpus; a run's hits are already matched")
        sentences = read_table(args.run, "sentences")
        hits = read_table(args.run, "frame_hits")
        frames = None
        count_negated = bool(_run_option(args.run, "count_negated", False))
    else:
        from framing.corpus.ingest import ingest

        corpus = ingest(args.corpus)
        sentences, documents = corpus.sentences, corpus.documents
        lexicon = load_lexicon(args.lexicon)
        languages = documents.set_index(documents["doc_id"].astype(str))["language"]
        hits = match_frames(sentences, lexicon, languages=languages)
        frames = lexicon.frame_ids
        count_negated = False
    result = validate_codes(
        coded,
        hits,
        sentences,
        frames=frames,
        count_negated=count_negated and not args.affirmed_only,
    )
    _report(result, args.out)
    if args.run and result.level == "sentence":
        from framing.contract import write_table

        # beside the run's tables, so that `framing stats DIR` corrects the shares for them
        write_table(result.scores, args.run, "validation_scores")
        write_table(result.confusion, args.run, "validation_confusion")
        print(f"-> {args.run}/tables/validation_scores (used by 'framing stats {args.run}')")
    silent = sorted(set(result.scores["frame"]) - set(hits["frame"].astype(str)) - {"(all)"})
    for frame in silent:
        print(f"warning: frame '{frame}' has no lexicon hit in this corpus; check the frame id")
    return 0


def _run_option(run_dir: Path, name: str, default: object) -> object:
    """An option as the run recorded it in run.json (the default when it did not)."""
    import json

    path = Path(run_dir) / "run.json"
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8")).get("config", {}).get(name, default)


def _finder(args: argparse.Namespace):
    """The attribution finder of ``--sources`` and ``--people`` (built-in lists without)."""
    from framing.attribution import AttributionFinder, load_sources
    from framing.attribution.people import load_people

    return AttributionFinder(
        sources=load_sources(list(args.sources)), people=load_people(list(args.people))
    )


def _validate_attributions(args: argparse.Namespace, coded: pd.DataFrame) -> int:
    from framing.attribution.validation import validate_attributions

    if args.run:
        from framing.contract import read_table

        sentences, attributions = (
            read_table(args.run, "sentences"),
            read_table(args.run, "attributions"),
        )
    else:
        from framing.attribution import find_attributions
        from framing.corpus.ingest import ingest

        corpus = ingest(args.corpus)
        sentences = corpus.sentences
        attributions = find_attributions(sentences, corpus.documents, finder=_finder(args))
    result = validate_attributions(coded, attributions, sentences)
    _report(result, args.out)
    return 0


def _validate_quotes(args: argparse.Namespace) -> int:
    """Attribute the articles of a quote set and score the speakers against its gold."""
    from framing.attribution.evaluation import evaluate_quotes

    if args.run or args.corpus:
        raise ConfigError(
            "validate --attributions QUOTES.jsonl: the quote set holds its articles; drop "
            "--run/--corpus"
        )
    result = evaluate_quotes(args.coded, finder=_finder(args))
    print(result.summary())
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        result.scores.to_csv(args.out / "quote_scores.csv", index=False, lineterminator="\n")
        sentences = result.sentences.assign(aliases=result.sentences["aliases"].map("; ".join))
        sentences.to_csv(args.out / "quote_sentences.csv", index=False, lineterminator="\n")
        print(f"-> {args.out}/quote_scores.csv, quote_sentences.csv")
    return 0


def _report(result, out: Path | None) -> None:
    """Print the result; with ``out``, also write its three tables as CSV."""
    print(result.summary())
    if out:
        out.mkdir(parents=True, exist_ok=True)
        for name in ("scores", "confusion", "alpha"):
            getattr(result, name).to_csv(
                out / f"validation_{name}.csv", index=False, lineterminator="\n"
            )
        print(f"-> {out}/validation_scores.csv, validation_confusion.csv, validation_alpha.csv")
