"""``framing lexicon check FILE`` validates a lexicon, lists overlaps and terms that never
match; ``framing lexicon suggest CORPUS --frame F`` proposes terms for a frame."""

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
    suggest = actions.add_parser(
        "suggest",
        help="propose terms for a frame from a corpus (keyness and neighbours), with examples",
        description="Propose words and phrases the lexicon lacks for FRAME: those typical of "
        "the frame's sentences (weighted log-odds, Monroe et al. 2008) and those closest to "
        "the frame's terms in a TF-IDF/SVD space of the corpus (King, Lam & Roberts 2017), "
        "each with sentences it would add. Nothing is added to a lexicon.",
    )
    where = suggest.add_mutually_exclusive_group(required=True)
    where.add_argument("corpus", nargs="?", metavar="CORPUS", help="a corpus to ingest")
    where.add_argument("--run", type=Path, metavar="DIR", help="a run folder's sentences")
    suggest.add_argument("--frame", required=True, help="the frame to extend")
    suggest.add_argument(
        "--lexicon", type=Path, action="append", default=[], metavar="FILE",
        help="lexicon file (default: the built-in lexicon)",
    )  # fmt: skip
    suggest.add_argument(
        "--with-builtin", action="store_true", help="merge the files with the built-in lexicon"
    )
    suggest.add_argument("--top", type=int, default=25, help="candidates per language and way")
    suggest.add_argument(
        "--min-count", type=int, default=3, help="fewest sentences a candidate occurs in"
    )
    suggest.add_argument("--out", type=Path, metavar="CSV", help="also write the table here")
    suggest.set_defaults(func=run_suggest)
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


def run_suggest(args: argparse.Namespace) -> int:
    from framing.contract import read_table
    from framing.frames.lexicon import load_lexicon
    from framing.frames.suggest import suggest_terms

    lexicon = load_lexicon(args.lexicon, include_builtin=not args.lexicon or args.with_builtin)
    if args.run:
        sentences, documents = read_table(args.run, "sentences"), read_table(args.run, "documents")
    else:
        from framing.corpus.ingest import ingest

        corpus = ingest(args.corpus)
        sentences, documents = corpus.sentences, corpus.documents
    table = suggest_terms(
        sentences, lexicon, args.frame, documents=documents, top=args.top, min_count=args.min_count
    )
    if args.out:
        table.to_csv(args.out, index=False)
        print(f"{len(table)} candidate terms for {args.frame}: {args.out}")
    if table.empty:
        print(f"no candidate terms for {args.frame}: too few framed sentences in a language")
        return 0
    for row in table.itertuples(index=False):
        print(
            f"{row.language}\t{row.term}\tz={row.z:.2f}\tsimilarity={row.similarity:.2f}\t"
            f"in frame {row.in_frame}, new {row.new_sentences}\t{row.examples[:160]}"
        )
    return 0
