"""The stages of ``framing run``, in order, each a function from the run state to new tables.

=========  ===============================================================  =================
stage      what it does                                                     tables it adds
=========  ===============================================================  =================
ingest     read, decode, clean (with provenance), segment                   documents, removed,
                                                                            paragraphs, sentences
align      outlet groups, event alignment (where the input has no event)    events, event_outlets,
           and text reuse (wire copy, near-duplicates, declared origins)     reuse (documents.event,
                                                                            documents.group)
frames     match the frame lexicon, per-article counts, shares with         frame_hits, article_frames,
           within-article and article-level intervals, evidence             frame_shares, evidence …
sources    attribution (source, cue, quote, hedge, denial), source types,   attributions, sourcing,
           the voice in which each frame is stated                          frame_voice, voice_shares
topics     BERTopic on paragraphs or sentences, per-outlet shares           topics, topic_shares …
stats      permutation tests, models and contrasts of article counts,      tests, models, contrasts,
           keyness per language; never reads the sentence table             keyness, outlets …
=========  ===============================================================  =================

Every option a stage reads comes from ``state.options`` (set by ``framing run`` or a study
config) and is recorded in ``run.json``. Heavy packages are imported inside the stage, so
``framing --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from framing.corpus.corpus import CORPUS_TABLES, Corpus
from framing.corpus.ingest import ingest
from framing.errors import ConfigError, InputError

#: Defaults of the options the stages read; ``framing run`` and study configs override them.
DEFAULT_OPTIONS: dict[str, object] = {
    "random_state": 0,
    "event_window_days": 14,
    "event_threshold": 0.15,
    "reuse_threshold": 0.5,
    "count_reuse_once": False,
    "sources": [],
    "denial_window": 1,
    "lexicons": [],
    "include_builtin_lexicon": True,
    "frames": None,
    "count_negated": False,
    "evidence_top": 5,
    "topics": True,
    "topic_unit": "paragraph",
    "embedding_model": None,
    "seed_topics_from_lexicon": True,
    "validation": None,
    "group_column": "group",
    "groups": {},
    "reference": None,
    "min_articles": 2,
    "min_group_outlets": 2,
    "alpha": 0.05,
    "power": 0.8,
    "correction": "holm",
    "n_permutations": 9999,
    "n_bootstrap": 999,
    "keyness_top": 20,
    "keyness_correction": "fdr_bh",
}


@dataclass
class RunState:
    """What the stages share: the options of the run and the tables produced so far."""

    options: dict
    corpus: Corpus | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    results: dict[str, object] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)

    def note(self, stage: str, kind: str, text: str) -> None:
        """Record a caveat or a skipped step; the run saves them as the ``notes`` table."""
        self.notes.append({"stage": stage, "kind": kind, "text": text})

    def option(self, name: str) -> object:
        """The run's value of option ``name`` (its default if the run did not set it)."""
        return self.options.get(name, DEFAULT_OPTIONS.get(name))


@dataclass(frozen=True)
class Stage:
    """A pipeline stage: a name, what it does, and a function from the state to new tables."""

    name: str
    description: str
    run: Callable[[RunState], dict[str, pd.DataFrame]]


def ingest_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Read, clean and segment the corpus (:func:`framing.corpus.ingest.ingest`)."""
    state.corpus = ingest(state.options["corpus"], **state.options.get("corpus_options", {}))
    return {name: getattr(state.corpus, name) for name in CORPUS_TABLES}


def align_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Give outlets their group, documents without an event one, and find reused text."""
    from framing.corpus.events import align_events
    from framing.corpus.groups import assign_groups
    from framing.corpus.reuse import find_reuse, reused_copies

    grouped, group_notes = assign_groups(
        state.tables["documents"],
        column=str(state.option("group_column")),
        mapping=state.option("groups") or None,
    )
    for text in group_notes:
        state.note("align", "groups", text)
    documents, events, event_outlets = align_events(
        grouped,
        window_days=int(state.option("event_window_days")),
        threshold=float(state.option("event_threshold")),
    )
    if state.corpus is not None:
        state.corpus.documents = documents
    reuse = find_reuse(
        documents,
        state.tables["paragraphs"],
        threshold=float(state.option("reuse_threshold")),
        random_state=int(state.option("random_state")),
    )
    copies = reused_copies(reuse, documents, state.tables["paragraphs"])
    state.results["reused_paragraphs"] = copies
    if copies and state.option("count_reuse_once"):
        state.note(
            "align",
            "reuse",
            f"{len(copies)} paragraph(s) that copy another document's text are left out of "
            "frame shares and statistics (count_reuse_once)",
        )
        paragraphs = state.tables["paragraphs"].merge(documents[["doc_id", "outlet"]], on="doc_id")
        kept = paragraphs[~paragraphs["paragraph_id"].astype(str).isin(copies)]
        for outlet in sorted(set(paragraphs["outlet"]) - set(kept["outlet"])):
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
    if not (copies and state.option("count_reuse_once")):
        return sentences
    return sentences[~sentences["paragraph_id"].astype(str).isin(copies)]


def frames_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Match the frame lexicon and summarise it per document, outlet and event."""
    from framing.frames import frame_tables, load_lexicon

    lexicon = load_lexicon(
        list(state.option("lexicons") or []),
        include_builtin=bool(state.option("include_builtin_lexicon")),
    ).select(state.option("frames"))
    state.results["lexicon"] = lexicon
    tables = frame_tables(
        state.tables["documents"],
        state.tables["sentences"],
        lexicon,
        count_negated=bool(state.option("count_negated")),
        evidence_top=int(state.option("evidence_top")),
        counted=counted_sentences(state),
    )
    coded = state.option("validation")
    if coded:
        from framing.frames.validation import read_codes_file, validate_codes

        result = validate_codes(
            read_codes_file(coded),
            tables["frame_hits"],
            state.tables["sentences"],
            frames=list(lexicon.frame_ids),
            count_negated=bool(state.option("count_negated")),
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
        sources=list(state.option("sources") or []),
        denial_window=int(state.option("denial_window")),
        counted=counted_sentences(state)["sentence_id"],
    )


def topics_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Fit BERTopic on paragraphs or sentences and report topics per outlet and event."""
    if not state.option("topics"):
        return {}
    from framing.topics import fit_topics
    from framing.topics.result import TABLE_NAMES

    unit = str(state.option("topic_unit"))
    if unit not in ("paragraph", "sentence"):
        raise ConfigError(f"topic unit {unit!r} is not one of paragraph, sentence")
    units = state.tables["paragraphs" if unit == "paragraph" else "sentences"]
    seeds = None
    lexicon = state.results.get("lexicon")
    if lexicon is not None and state.option("seed_topics_from_lexicon"):
        seeds = {
            frame.id: sorted({form for term in frame.terms for form in term.forms})
            for frame in lexicon.frames.values()
        }
    try:
        result = fit_topics(
            state.tables["documents"],
            units,
            unit=unit,
            embedding_model=state.option("embedding_model"),
            seed_topics=seeds,
            random_state=int(state.option("random_state")),
            cache_dir=state.options.get("cache_dir"),
            min_articles=int(state.option("min_articles")),
        )
    except InputError as err:  # too small a corpus: the rest of the run is still useful
        state.note("topics", "skipped", f"no topic model: {err}")
        return {}
    state.results["topics"] = result
    summary = result.info
    state.note(
        "topics",
        "summary",
        f"{summary['n_topics']} topic(s) on {summary['n_units']} {unit}s "
        f"({summary['parameters']['reduction']} + {summary['parameters']['clustering']}); "
        f"outliers {summary['outlier_share_before_reduction']:.1%} before and "
        f"{result.outlier_share:.1%} after reduction"
        + (
            f"; mean adjusted Rand index across seeds {summary['stability_mean_ari']:.2f}"
            if summary.get("stability_mean_ari") is not None
            else ""
        ),
    )
    for text in summary.get("notes", []):
        state.note("topics", "note", text)
    return {name: getattr(result, attribute) for attribute, name in TABLE_NAMES.items()}


def stats_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Test and model how outlets (and groups) differ in each frame; keyness per language."""
    from framing.stats import compare_outlets

    lexicon = state.results.get("lexicon")
    comparison = compare_outlets(
        state.tables["article_frames"],
        state.tables["documents"],
        frames=list(lexicon.frame_ids) if lexicon is not None else None,
        reference=state.option("reference"),
        min_articles=int(state.option("min_articles")),
        min_group_outlets=int(state.option("min_group_outlets")),
        alpha=float(state.option("alpha")),
        power=float(state.option("power")),
        correction=str(state.option("correction")),
        n_permutations=int(state.option("n_permutations")),
        n_bootstrap=int(state.option("n_bootstrap")),
        random_state=int(state.option("random_state")),
        keyness_top=int(state.option("keyness_top")),
        keyness_correction=str(state.option("keyness_correction")),
        validation=state.tables.get("validation_scores"),
    )
    state.results["comparison"] = comparison
    for caveat in comparison.caveats:
        state.note("stats", "caveat", caveat)
    return comparison.tables()


#: The stages of ``framing run``, in order.
STAGES: list[Stage] = [
    Stage("ingest", "read, clean and segment the corpus", ingest_stage),
    Stage("align", "align events and find reused text", align_stage),
    Stage("frames", "match frame lexicons, score, shares and evidence", frames_stage),
    Stage("sources", "attribution, sourcing profiles and the voice of each frame", sources_stage),
    Stage("topics", "fit topic model (BERTopic) and per-outlet shares", topics_stage),
    Stage("stats", "tests, models, contrasts and keyness", stats_stage),
]


def register_stage(stage: Stage, *, after: str | None = None) -> None:
    """Add a stage to :data:`STAGES` (at the end, or right after the stage named ``after``)."""
    if any(s.name == stage.name for s in STAGES):
        raise ConfigError(f"stage {stage.name!r} is already registered; choose another name")
    if after is None:
        STAGES.append(stage)
        return
    names = [s.name for s in STAGES]
    if after not in names:
        raise ConfigError(f"no stage {after!r} to insert after; stages are {', '.join(names)}")
    STAGES.insert(names.index(after) + 1, stage)
