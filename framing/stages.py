"""The stages of a study, in order, each a function from the run state to new tables.

=========  ===============================================================  =================
stage      what it does                                                     tables it adds
=========  ===============================================================  =================
ingest     read, decode, clean (with provenance), segment                   documents, removed,
                                                                            paragraphs, sentences
align      outlet groups, event alignment (where the input has no event)    events, event_outlets,
           and text reuse (wire copy, near-duplicates, declared origins)     reuse (documents.event,
                                                                            documents.group)
frames     match the frame lexicon, per-article counts, shares with         frame_hits, article_frames,
           within-article and article-level intervals, evidence             frame_shares, evidence,
                                                                            frame_catalog …
sources    attribution (source, cue, quote, hedge, denial), source types,   attributions, sourcing,
           the voice in which each frame is stated                          frame_voice, voice_shares,
                                                                            sides
topics     BERTopic on paragraphs or sentences, per-outlet shares           topics, topic_shares …
stats      permutation tests, models and contrasts of article counts,      tests, models, contrasts,
           keyness per language; never reads the sentence table             keyness, outlets …
=========  ===============================================================  =================

Every stage reads its options from ``state.study`` (a :class:`framing.config.StudyConfig`),
the one definition of every option; the command line, the Python API and study configs all
build that model, so the same corpus and options give the same tables whichever way a stage
is reached. Heavy packages are imported inside the stage, so ``framing --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.config import StudyConfig
from framing.corpus.corpus import CORPUS_TABLES, Corpus
from framing.errors import ConfigError, InputError


@dataclass
class RunState:
    """What the stages share: the study, the corpus, the tables so far, results and notes.

    Attributes
    ----------
    study : StudyConfig
        Every option of the run.
    out : Path, optional
        The run folder (caches live under it).
    corpus : Corpus, optional
        The ingested corpus.
    tables : dict of str to DataFrame
        Every table produced (or, for a rerun, read back) so far.
    results : dict
        Objects later stages use (the lexicon, reused paragraphs, the topic model …).
    notes : list of dict
        ``stage``, ``kind``, ``text``: caveats and skipped steps, saved as the ``notes`` table.
    """

    study: StudyConfig
    out: Path | None = None
    corpus: Corpus | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    results: dict[str, object] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)

    def note(self, stage: str, kind: str, text: str) -> None:
        """Record a caveat or a skipped step; the run saves them as the ``notes`` table."""
        self.notes.append({"stage": stage, "kind": kind, "text": text})


@dataclass(frozen=True)
class Stage:
    """A stage: a name, what it does, the tables it reads, and its function.

    Attributes
    ----------
    name : str
    description : str
        One line, shown as the stage starts.
    reads : tuple of str
        Tables the stage needs; a rerun of this stage alone reads them from the run folder.
    run : callable
        ``run(state) -> dict of new tables``.
    save : callable, optional
        ``save(state, folder)`` writes what the stage made besides tables (a fitted model);
        the run calls it after writing the tables.
    """

    name: str
    description: str
    reads: tuple[str, ...]
    run: Callable[[RunState], dict[str, pd.DataFrame]]
    save: Callable[[RunState, Path], None] | None = None


def ingest_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Read, clean and segment the corpus (:func:`framing.corpus.ingest.ingest`)."""
    from framing.corpus.ingest import ingest

    path = state.study.corpus.path
    if path is None:
        raise ConfigError("no corpus given; pass CORPUS or set corpus.path in the study config")
    state.corpus = ingest(path, **state.study.corpus_options())
    return {name: getattr(state.corpus, name) for name in CORPUS_TABLES}


def align_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Give outlets their group, documents without an event one, and find reused text."""
    from framing.corpus.events import align_events
    from framing.corpus.groups import assign_groups
    from framing.corpus.reuse import find_reuse, reused_copies

    study = state.study
    grouped, group_notes = assign_groups(
        state.tables["documents"], column=study.groups.column, mapping=study.groups.members
    )
    for text in group_notes:
        state.note("align", "groups", text)
    documents, events, event_outlets = align_events(
        grouped, window_days=study.events.window_days, threshold=study.events.threshold
    )
    if state.corpus is not None:
        state.corpus.documents = documents
    paragraphs = state.tables["paragraphs"]
    reuse = find_reuse(
        documents, paragraphs, threshold=study.reuse.threshold, random_state=study.seed
    )
    copies = reused_copies(reuse, documents, paragraphs)
    state.results["reused_paragraphs"] = copies
    if copies and study.reuse.count_once:
        state.note(
            "align",
            "reuse",
            f"{len(copies)} paragraph(s) that copy another document's text are left out of "
            "frame shares and statistics (count_reuse_once)",
        )
        owned = paragraphs.merge(documents[["doc_id", "outlet"]], on="doc_id")
        kept = owned[~owned["paragraph_id"].astype(str).isin(copies)]
        for outlet in sorted(set(owned["outlet"]) - set(kept["outlet"])):
            state.note(
                "align",
                "reuse",
                f"outlet {outlet!r} printed only text copied from other documents: it has no "
                "sentence left in frame shares and statistics",
            )
    elif copies:
        state.note(
            "align",
            "reuse",
            f"{len(copies)} paragraph(s) copy another document's text and are counted for each "
            "outlet that printed them; set count_reuse_once to count them once",
        )
    return {
        "documents": documents,
        "events": events,
        "event_outlets": event_outlets,
        "reuse": reuse,
    }


def counted_sentences(state: RunState) -> pd.DataFrame:
    """The sentences that shares and statistics count: all, or without reused copies."""
    sentences = state.tables["sentences"]
    copies = state.results.get("reused_paragraphs") or set()
    if not (copies and state.study.reuse.count_once):
        return sentences
    return sentences[~sentences["paragraph_id"].astype(str).isin(copies)]


def frames_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Match the frame lexicon; per-article counts, shares, evidence, the lexicon's forms."""
    from framing.frames import frame_tables, load_lexicon

    options = state.study.frames
    lexicon = load_lexicon(
        list(options.lexicons), include_builtin=state.study.builtin_lexicon()
    ).select(options.use)
    state.results["lexicon"] = lexicon
    tables = frame_tables(
        state.tables["documents"],
        state.tables["sentences"],
        lexicon,
        count_negated=options.count_negated,
        evidence_top=options.evidence_top,
        negation_window=options.negation_window,
        counted=counted_sentences(state),
        key_frames=options.key,
    )
    tables["lexicon_forms"] = lexicon.to_frame()
    for text in lexicon.overrides:
        state.note("frames", "lexicon", text)
    if options.validation:
        from framing.frames.validation import read_codes_file, validate_codes

        result = validate_codes(
            read_codes_file(options.validation),
            tables["frame_hits"],
            state.tables["sentences"],
            frames=list(lexicon.frame_ids),
            count_negated=options.count_negated,
        )
        tables["validation_scores"] = result.scores
        tables["validation_confusion"] = result.confusion
    return tables


def sources_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Who each statement is attributed to, each outlet's sourcing, and each frame's voice."""
    from framing.attribution import attribution_tables

    return attribution_tables(
        state.tables["documents"],
        state.tables["sentences"],
        state.tables["frame_hits"],
        sources=list(state.study.sources.files),
        denial_window=state.study.sources.denial_window,
        counted=counted_sentences(state)["sentence_id"],
    )


def topics_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Fit BERTopic on paragraphs or sentences and report topics per outlet and event."""
    from framing.topics import fit_topics
    from framing.topics.result import TABLE_NAMES

    options = state.study.topics
    units = state.tables["paragraphs" if options.unit == "paragraph" else "sentences"]
    seeds = None
    lexicon = state.results.get("lexicon")
    if lexicon is not None and options.seed_from_lexicon:
        seeds = {
            frame.id: sorted({form for term in frame.terms for form in term.forms})
            for frame in lexicon.frames.values()
        }
    seed = state.study.seed
    try:
        result = fit_topics(
            state.tables["documents"],
            units,
            unit=options.unit,
            embedding_model=options.embedding_model,
            seed_topics=seeds,
            random_state=seed,
            reduction=options.reduction,
            stability_seeds=tuple(range(seed + 1, seed + 1 + options.stability_seeds)),
            cache_dir=None if state.out is None else state.out / "cache",
            min_articles=state.study.statistics.min_articles,
        )
    except InputError as err:  # too small a corpus: the rest of the run is still useful
        state.note("topics", "skipped", f"no topic model: {err}")
        return {}
    state.results["topics"] = result
    record = result.summary_record
    state.note(
        "topics",
        "summary",
        f"{record.n_topics} topic(s) on {record.n_units} {options.unit}s "
        f"({record.reduction} + {record.clustering}); "
        f"outliers {record.outlier_share_before:.1%} before and "
        f"{record.outlier_share_after:.1%} after reduction"
        + (
            f"; mean adjusted Rand index across seeds {record.stability_mean_ari:.2f}"
            if record.stability_mean_ari is not None
            else ""
        ),
    )
    for text in record.notes:
        state.note("topics", "note", text)
    return {name: getattr(result, attribute) for attribute, name in TABLE_NAMES.items()}


def save_topic_model(state: RunState, folder: Path) -> None:
    """The fitted topic model and its summary under ``folder/topics`` (when one was fitted)."""
    result = state.results.get("topics")
    if result is not None:
        result.save(folder)


def stats_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Test and model how outlets (and groups) differ in each frame; keyness per language."""
    from framing.stats import compare_outlets

    options = state.study.statistics
    articles = state.tables["article_frames"]
    comparison = compare_outlets(
        articles,
        state.tables["documents"],
        frames=list(dict.fromkeys(articles["frame"].astype(str))),
        reference=options.reference,
        min_articles=options.min_articles,
        min_group_outlets=options.min_group_outlets,
        alpha=options.alpha,
        power=options.power,
        correction=options.correction,
        pairs=options.pair_tuples(),
        n_permutations=options.permutations,
        n_bootstrap=options.bootstrap,
        random_state=state.study.seed,
        keyness_top=options.keyness_top,
        keyness_correction=options.keyness_correction,
        validation=state.tables.get("validation_scores"),
    )
    state.results["comparison"] = comparison
    for caveat in comparison.caveats:
        state.note("stats", "caveat", caveat)
    return comparison.tables()


#: The stages of a study, in order.
STAGES: list[Stage] = [
    Stage("ingest", "read, clean and segment the corpus", (), ingest_stage),
    Stage(
        "align", "outlet groups, events and reused text", ("documents", "paragraphs"), align_stage
    ),
    Stage(
        "frames",
        "match frame lexicons; per-article counts, shares and evidence",
        ("documents", "sentences"),
        frames_stage,
    ),
    Stage(
        "sources",
        "attribution, sourcing profiles and the voice of each frame",
        ("documents", "sentences", "frame_hits"),
        sources_stage,
    ),
    Stage(
        "topics",
        "topic model (BERTopic) and per-outlet shares",
        ("documents", "paragraphs", "sentences"),
        topics_stage,
        save_topic_model,
    ),
    Stage(
        "stats",
        "tests, models, contrasts and keyness with articles as units",
        ("article_frames", "documents"),
        stats_stage,
    ),
]


def stage(name: str) -> Stage:
    """The registered stage called ``name``."""
    for item in STAGES:
        if item.name == name:
            return item
    raise ConfigError(f"no stage {name!r}; stages are {', '.join(s.name for s in STAGES)}")


def register_stage(new: Stage, *, after: str | None = None) -> None:
    """Add a stage to :data:`STAGES` (at the end, or right after the stage named ``after``)."""
    if any(s.name == new.name for s in STAGES):
        raise ConfigError(f"stage {new.name!r} is already registered; choose another name")
    if after is None:
        STAGES.append(new)
        return
    names = [s.name for s in STAGES]
    if after not in names:
        raise ConfigError(f"no stage {after!r} to insert after; stages are {', '.join(names)}")
    STAGES.insert(names.index(after) + 1, new)
