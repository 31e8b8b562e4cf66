"""``framing lexicon check FILE``: validate a lexicon, list overlaps and terms that never match."""

from __future__ import annotations

import argparse
from pathlib import Path

from framing.errors import ConfigError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lexicon",
        help="check a frame lexicon file",
        description="Work with frame lexicon files (format: framing/frames/lexicon.py).",
    )
    actions = parser.add_subparsers(dest="lexicon_command", metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="validate lexicon files; list shared terms and terms a corpus never matches",
        description="Validate FILE (schema errors stop with exit status 2), warn about surface "
        "forms shared by two frames, and with --corpus or --run list the terms that never "
        "produce a hit.",
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE", help="YAML lexicon file")
    check.add_argument(
        "--with-builtin",
        action="store_true",
        help="check the files merged with the built-in lexicon",
    )
    source = check.add_mutually_exclusive_group()
    source.add_argument("--corpus", metavar="CORPUS", help="a corpus to ingest and match")
    source.add_argument(
        "--run", type=Path, metavar="DIR", help="a run folder with a saved sentences table"
    )
    check.add_argument(
        "--show-forms", action="store_true", help="print every generated surface form"
    )
    check.set_defaults(func=run_check)
    parser.set_defaults(func=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    raise ConfigError("framing lexicon: give an action, e.g. 'framing lexicon check FILE'")


def run_check(args: argparse.Namespace) -> int:
    from framing.frames.check import duplicate_forms, unmatched_terms
    from framing.frames.lexicon import load_lexicon

    lexicon = load_lexicon(args.files, include_builtin=args.with_builtin)
    forms = lexicon.to_frame()
    print(
        f"ok: {len(lexicon.frame_ids)} frames ({', '.join(lexicon.frame_ids)}), "
        f"{len(lexicon.terms())} terms, {forms['form'].nunique()} surface forms, "
        f"languages {', '.join(lexicon.languages)}"
    )
    for note in lexicon.overrides:
        print(f"note: {note}")
    for row in duplicate_forms(lexicon).itertuples(index=False):
        print(f"warning: '{row.form}' ({row.language}) is in frames {row.frames} ({row.sources})")
    if args.show_forms:
        for (frame, language, term), group in forms.groupby(
            ["frame", "language", "term"], sort=False
        ):
            print(f"{frame}\t{language}\t{term}\t{', '.join(group['form'])}")
    if args.corpus or args.run:
        if args.run:
            from framing.contract import read_table

            sentences = read_table(args.run, "sentences")
            documents = read_table(args.run, "documents")
        else:
            from framing.corpus.ingest import ingest

            corpus = ingest(args.corpus)
            sentences, documents = corpus.sentences, corpus.documents
        languages = documents.set_index(documents["doc_id"].astype(str))["language"]
        missing = unmatched_terms(lexicon, sentences, languages)
        for row in missing.itertuples(index=False):
            print(f"unmatched: {row.frame} ({row.language}) '{row.term}' ({row.source})")
        n_terms = len(lexicon.terms())
        print(f"{n_terms - len(missing)} of {n_terms} terms match {len(sentences)} sentences")
    return 0
