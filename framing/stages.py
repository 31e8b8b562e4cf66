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

import contextlib
import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing.backends import ChunkTask, LocalBackend, RecordFailure, run_chunk
from framing.config import StudyConfig
from framing.contract import concat_parts
from framing.corpus.corpus import Corpus
from framing.errors import ConfigError, InputError
from framing.progress import Progress
from framing.store import PartList, TableStore
from framing.utils.memory import release_memory

#: The modules of the stages' per-chunk work, imported by a cluster's workers as they start.
WORKER_MODULES = (
    "framing.corpus.stream",
    "framing.corpus.events",
    "framing.corpus.reuse",
    "framing.frames.measure",
    "framing.attribution.measure",
    "framing.stats.compare",
)

#: Columns of the per-article tables that corpus-wide steps never read whole.
TEXT_COLUMNS = ("text",)


@dataclass
class RunState:
    """What the stages share: the study, the tables so far, results, notes and progress.

    Attributes
    ----------
    study : StudyConfig
        Every option of the run.
    out : Path, optional
        The run folder (caches and the parts of per-article tables live under it).
    corpus : Corpus, optional
        The ingested corpus, for the Python API (a run keeps its tables in ``tables``).
    tables : TableStore
        Every table produced (or, for a rerun, read back) so far: per-article tables in one
        part per chunk of articles, aggregates whole.
    results : dict
        Objects later stages use (the lexicon, the manifest, the topic model …).
    notes : list of dict
        ``stage``, ``kind``, ``text``: caveats and skipped steps, saved as the ``notes`` table.
    progress : Progress
        Stage lines and bars (silent by default).
    resume : bool
        Keep the chunks an interrupted run finished.
    peak_memory_mb : dict
        The process's peak resident memory (MB) when each stage that ran ended.
    backend : LocalBackend or DaskBackend
        Where the per-article work runs (:mod:`framing.backends`); the run opens the study's.
    failures : list of (str, RecordFailure)
        Records a stage raised on, with the stage: left out from that stage on and written in
        the manifest.
    between_chunks : callable, optional
        Called after each chunk :func:`for_each_chunk` finishes (a run records there, without
        waiting, the earlier stages whose tables have been written meanwhile).
    """

    study: StudyConfig
    out: Path | None = None
    corpus: Corpus | None = None
    tables: TableStore = field(default_factory=TableStore)
    results: dict[str, object] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    resume: bool = False
    peak_memory_mb: dict[str, float | None] = field(default_factory=dict)
    backend: object = field(default_factory=LocalBackend)
    failures: list[tuple[str, RecordFailure]] = field(default_factory=list)
    between_chunks: Callable[[], None] | None = None

    def note(self, stage: str, kind: str, text: str) -> None:
        """Record a caveat or a skipped step; the run saves them as the ``notes`` table."""
        self.notes.append({"stage": stage, "kind": kind, "text": text})

    def metadata(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The ``documents`` table without its text (every column, or ``columns``)."""
        if columns is None:
            columns = [c for c in self.tables.columns("documents") if c not in TEXT_COLUMNS]
        return self.tables.read("documents", columns=list(columns))


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
        ``run(state) -> dict of new whole tables``; per-article tables it writes go to
        ``state.tables`` part by part (see :func:`for_each_chunk`).
    save : callable, optional
        ``save(state, folder)`` writes what the stage made besides tables (a fitted model);
        the run calls it after writing the tables.
    after : tuple of str
        The stages whose tables it reads: a rerun reuses this stage only when they, its
        options and the inputs are unchanged.
    """

    name: str
    description: str
    reads: tuple[str, ...]
    run: Callable[[RunState], dict[str, pd.DataFrame]]
    save: Callable[[RunState, Path], None] | None = None
    after: tuple[str, ...] = ()


def for_each_chunk(
    state: RunState,
    stage: str,
    reads: Sequence[str],
    work: Callable[[dict[str, pd.DataFrame]], dict[str, pd.DataFrame]],
    *,
    returned: Sequence[str] = (),
    on_returned: Callable[[int, dict], None] | None = None,
    resumable: bool = True,
) -> None:
    """Run ``work`` on every chunk of articles and store what it returns, part by part.

    ``work`` gets the parts of ``reads`` for one chunk and returns per-article tables, stored
    as that chunk's parts; memory follows the chunk size. The chunks run on the run's backend
    (:mod:`framing.backends`): ``work`` is sent to each worker once, so it must hold what it
    needs (a lexicon, options), not the run state. Outputs named in ``returned`` come back to
    ``on_returned(index, outputs)`` in chunk order instead of being stored. A record that makes
    ``work`` raise is left out of the stage and the rest of the run, and reported
    (:func:`framing.backends.chunks.isolate_records`). With ``state.resume``, the chunks the
    stage finished before are kept (unless not ``resumable``: a stage that collects what
    every chunk returns runs them all).
    """
    store = state.tables
    resume = state.resume and resumable
    finished = store.done(stage) if resume else set()
    if not resume:
        store.clear_done(stage)
    numbers = store.part_numbers("documents")
    sizes = {index: store.n_rows_of_part("documents", index) for index in numbers}
    tasks = (
        ChunkTask(
            index,
            {name: store.part_source(name, index) for name in reads},
            folder=store.folder,
            returned=tuple(returned),
        )
        for index in numbers
        if index not in finished
    )
    outputs: set[str] = set()
    for index, failed in store.left_out(stage).items() if resume else ():
        if index in finished and failed:  # left out by the run that finished the chunk
            leave_out(state, stage, index, [RecordFailure(*f) for f in failed])
    with state.progress.bar(stage, total=sum(sizes.values())) as bar:
        bar.update(sum(sizes[i] for i in finished if i in sizes))
        for result in state.backend.map(run_chunk, tasks, state.backend.share(work)):
            for name, part in result.parts.items():
                store.adopt_part(name, result.index, part)
                outputs.add(name)
            if on_returned is not None:
                on_returned(result.index, result.returned)
            # the marker keeps the records left out, so that a run interrupted from here on
            # leaves them out again when resumed (taking a record out twice changes nothing)
            store.mark_done(stage, result.index, [(f.doc_id, f.error) for f in result.failures])
            if result.failures:
                leave_out(state, stage, result.index, result.failures)
            bar.update(sizes[result.index])
            if state.between_chunks is not None:
                state.between_chunks()
    for name in outputs:  # parts left by an earlier run of more chunks
        store.drop_parts(name, keep=numbers)
    store.clear_done(stage)  # every chunk is done: the stage's tables say so from now on


def leave_out(state: RunState, stage: str, index: int, failures: Sequence[RecordFailure]) -> None:
    """Take records a stage raised on out of chunk ``index`` of every table, and report them
    (the run writes them in ``manifest.json`` as skipped, reason ``stage error``)."""
    state.tables.drop_records(index, [f.doc_id for f in failures])
    for failure in failures:
        state.failures.append((stage, failure))
        state.note(
            stage,
            "record",
            f"document {failure.doc_id!r} left out from this stage on (the tables of earlier "
            f"stages still count it): the stage raised {failure.error}",
        )


def ingest_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Read, clean and segment the corpus chunk by chunk (:mod:`framing.corpus.stream`)."""
    from framing.corpus.stream import ingest_chunks

    path = state.study.corpus.path
    if path is None:
        raise ConfigError("no corpus given; pass CORPUS or set corpus.path in the study config")
    manifest, notes = ingest_chunks(
        state.tables,
        path,
        progress=state.progress,
        resume=state.resume,
        backend=state.backend,
        **state.study.corpus_options(),
    )
    state.results["manifest"] = manifest
    for text in notes:  # values dropped, outlets merged, sentences cut
        state.note("ingest", "input", text)
    return {}


def align_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Give outlets their group, documents without an event one, and find reused text."""
    from framing.corpus.events import FeatureCollector, align_events, event_features
    from framing.corpus.groups import assign_groups
    from framing.corpus.reuse import band_groups, origins_table, sketch_units

    study, store = state.study, state.tables
    wanted = {"doc_id", "outlet", "date", "event", "event_source", study.groups.column}
    metadata = state.metadata([c for c in store.columns("documents") if c in wanted])
    if "event_source" in metadata:  # a rerun: the events a previous run aligned are not input
        metadata.loc[metadata["event_source"].astype(str) == "aligned", "event"] = None
        metadata = metadata.drop(columns="event_source")
    grouped, group_notes = assign_groups(
        metadata, column=study.groups.column, mapping=study.groups.members
    )
    for text in group_notes:
        state.note("align", "groups", text)
    # per chunk, on the backend: event features and declared origins (a few rows, sent back
    # and held as flat arrays) and paragraph sketches (scratch parts, read back by column)
    collector, origins = FeatureCollector(grouped["doc_id"]), []
    store.drop_parts("_reuse_sketches")
    seed = study.seed

    def work(chunk: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        documents = chunk["documents"]
        found, frequencies = event_features(documents)
        paragraphs = chunk["paragraphs"][["doc_id", "paragraph_id", "text"]]
        return {
            "features": found,
            "frequencies": frequencies,
            "origins": origins_table(documents),
            "_reuse_sketches": sketch_units(paragraphs, seed=seed),
        }

    def collect(index: int, returned: dict) -> None:
        collector.add(returned["features"], returned["frequencies"])
        origins.append(returned["origins"])

    failed = len(state.failures)
    for_each_chunk(
        state,
        "align",
        ("documents", "paragraphs"),
        work,
        returned=("features", "frequencies", "origins"),
        on_returned=collect,
        resumable=False,
    )
    features = collector.result()  # the collector lets go of what it held
    left_out = {f.doc_id for _, f in state.failures[failed:]}
    if left_out:  # a document the features raised on is not aligned either
        keep = ~grouped["doc_id"].astype(str).isin(left_out).to_numpy()
        grouped = grouped[keep].reset_index(drop=True)
        rows = (np.cumsum(keep) - 1).astype(np.int32)  # a kept document's new row
        features = dataclasses.replace(features, row=rows[features.row])
    # reuse needs each document's date, not its event: on a cluster each group of LSH bands
    # is a job on a worker while this process aligns the events (locally, one after the other).
    # One worker is left to the links of the blocks of dates, which the events wait for: at
    # 100,000 articles on two workers, two groups made the alignment 2.5 s slower than one.
    dated = grouped[[c for c in ("doc_id", "date") if c in grouped]]
    sketches = store.part_list("_reuse_sketches")
    pending = [  # the jobs whose results are not taken yet: cancelled if the stage fails
        state.backend.submit(reuse_copies, sketches, dated, bands, study.reuse.threshold)
        for bands in band_groups(state.backend.workers - 1)
    ]
    try:
        documents, events, event_outlets = align_events(
            grouped,
            window_days=study.events.window_days,
            threshold=study.events.threshold,
            linkage=study.events.linkage,
            features=features,
            backend=state.backend,
        )
        del features
        found = [job.result() for job in pending]
        table_job = state.backend.submit(reuse_table, sketches, dated, concat_parts(origins), found)
        pending = [table_job]
        del found
        release_memory()
        added = documents[["doc_id", "event", "event_source", "group"]]
        del documents
        tasks, start = [], 0
        for index in store.part_numbers("documents"):  # the metadata was read part by part
            size = store.n_rows_of_part("documents", index)
            rows = added.iloc[start : start + size].reset_index(drop=True)
            start += size
            inputs = {"documents": store.part_source("documents", index), "added": rows}
            tasks.append(ChunkTask(index, inputs, folder=store.folder))
        del added
        for result in state.backend.map(run_chunk, tasks, state.backend.share(_with_alignment)):
            store.adopt_part("documents", result.index, result.parts["documents"])
            if result.failures:
                leave_out(state, "align", result.index, result.failures)
        reuse = table_job.result()  # its job read the sketches while the documents were written
    except BaseException:
        for job in pending:
            job.cancel()
        raise
    store.drop_parts("_reuse_sketches")
    _reuse_notes(state, reuse)
    return {"events": events, "event_outlets": event_outlets, "reuse": reuse}


def reuse_copies(
    sketches: PartList, documents: pd.DataFrame, bands: Sequence[int], threshold: float
) -> pd.DataFrame:
    """The earliest copy of each paragraph in the buckets of a group of LSH bands
    (:func:`framing.corpus.reuse.copies_in_bands`); a job of the backend."""
    from framing.corpus.reuse import copies_in_bands

    return copies_in_bands(_sketch_reader(sketches), documents, bands, threshold=threshold)


def reuse_table(
    sketches: PartList, documents: pd.DataFrame, origins: pd.DataFrame, found: list
) -> pd.DataFrame:
    """The ``reuse`` table from the copies found in each group of bands, the earliest kept
    (:func:`framing.corpus.reuse.reuse_from_copies`); a job of the backend."""
    from framing.corpus.reuse import earliest_copies, reuse_from_copies

    return reuse_from_copies(_sketch_reader(sketches), documents, origins, earliest_copies(found))


def _sketch_reader(sketches: PartList):
    return lambda columns: iter(sketches.with_columns(columns))


def _with_alignment(chunk: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A chunk's documents with the event, event source and group the alignment gave them."""
    part, rows = chunk["documents"], chunk["added"]
    part = part.drop(columns=[c for c in rows.columns[1:] if c in part.columns])
    if np.array_equal(rows["doc_id"].astype(str).to_numpy(), part["doc_id"].astype(str).to_numpy()):
        new = rows.drop(columns="doc_id").set_axis(part.index)
        return {"documents": pd.concat([part, new], axis=1)}
    return {"documents": part.join(rows.set_index("doc_id"), on="doc_id")}  # not in part order


def _reuse_notes(state: RunState, reuse: pd.DataFrame) -> None:
    """Say how many paragraphs copy other documents and what counting them once leaves out."""
    from framing.corpus.reuse import CopiedText, reused_copies

    store, count_once = state.tables, state.study.reuse.count_once
    reuse = state.results["copied_text"] = CopiedText.of(reuse)
    copies, outlets_with_text, outlets = 0, set(), set()
    for index in store.part_numbers("documents"):
        paragraphs = store.part("paragraphs", index, columns=["doc_id", "paragraph_id"])
        documents = store.part("documents", index, columns=["doc_id", "outlet"])
        copied = reused_copies(reuse, paragraphs)
        copies += len(copied)
        owner = paragraphs.merge(documents, on="doc_id")
        outlets |= set(documents["outlet"])
        outlets_with_text |= set(owner.loc[~owner["paragraph_id"].isin(copied), "outlet"])
    if copies and count_once:
        state.note(
            "align",
            "reuse",
            f"{copies} paragraph(s) that copy another document's text are left out of "
            "frame shares and statistics (count_reuse_once)",
        )
        for outlet in sorted(outlets - outlets_with_text):
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
            f"{copies} paragraph(s) copy another document's text and are counted for each "
            "outlet that printed them; set count_reuse_once to count them once",
        )


#: Columns of ``article_frames`` with few values over many rows, read as categoricals.
ARTICLE_LABELS = ("outlet", "frame", "event", "group")


def copied_text(state: RunState):
    """The paragraphs that copy other documents (:class:`~framing.corpus.reuse.CopiedText`)
    when reused text is counted once, else None; read once per run."""
    from framing.corpus.reuse import CopiedText

    if not state.study.reuse.count_once:
        return None
    if "copied_text" not in state.results:
        reuse = state.tables.get("reuse")
        state.results["copied_text"] = CopiedText.of(reuse if reuse is not None else pd.DataFrame())
    return state.results["copied_text"]


def counted_sentences(chunk: dict[str, pd.DataFrame], copied) -> pd.DataFrame:
    """The sentences of a chunk that shares and statistics count: all, or without the
    paragraphs ``copied`` from other documents (:func:`copied_text`)."""
    from framing.corpus.reuse import reused_copies

    sentences = chunk["sentences"]
    if copied is None:
        return sentences
    copies = reused_copies(copied, chunk["paragraphs"])
    if not copies:
        return sentences
    return sentences[~sentences["paragraph_id"].astype(str).isin(copies)]


def _lexicon(study: StudyConfig):
    """The study's lexicon (built-in and/or files), narrowed to the frames it uses."""
    from framing.frames import load_lexicon

    options = study.frames
    return load_lexicon(list(options.lexicons), include_builtin=study.builtin_lexicon()).select(
        options.use
    )


def frames_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Match the frame lexicon chunk by chunk; then shares, evidence and the lexicon's forms."""
    from framing.frames.coverage import coverage_notes, language_coverage
    from framing.frames.measure import frame_chunk_tables, frame_summary_tables

    options, store = state.study.frames, state.tables
    lexicon = state.results["lexicon"] = _lexicon(state.study)
    catalog = lexicon.catalog(options.key)  # an unknown key frame stops before the matching
    classifier, classifier_tables = _classifier(state, lexicon)
    copied = copied_text(state)

    def work(chunk: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        tables = frame_chunk_tables(
            chunk["documents"],
            chunk["sentences"],
            lexicon,
            count_negated=options.count_negated,
            evidence_top=options.evidence_top,
            negation_window=options.negation_window,
            counted=counted_sentences(chunk, copied),
            classifier=classifier,
        )
        tables["_evidence_candidates"] = tables.pop("evidence")  # scratch: the best per chunk
        tables["_language_coverage"] = tables.pop("language_coverage")  # scratch: counts
        return tables

    for_each_chunk(state, "frames", ("documents", "paragraphs", "sentences"), work)
    summarised = ("doc_id", "outlet", "group", "event", "date", "frame", "sentences_with_frame",
                  "sentences", "core_sentences_with_frame")  # fmt: skip
    tables = frame_summary_tables(
        store.read(
            "article_frames",
            columns=[c for c in summarised if c in store.columns("article_frames")],
            labels=ARTICLE_LABELS,  # codes, not a string per row
        ),
        store.parts("_evidence_candidates"),  # folded one chunk at a time
        catalog,
        evidence_top=options.evidence_top,
        period=options.period,
    )
    store.drop_parts("_evidence_candidates")
    tables["language_coverage"] = language_coverage(store.parts("_language_coverage"))
    store.drop_parts("_language_coverage")
    for text in coverage_notes(tables["language_coverage"], lexicon.languages):
        state.note("frames", "language", text)
    tables["lexicon_forms"] = lexicon.to_frame()
    tables.update(classifier_tables)
    for text in lexicon.overrides:
        state.note("frames", "lexicon", text)
    if options.validation:
        tables.update(_validation(state, lexicon))
    return tables


def _classifier(state: RunState, lexicon):
    """The trained classifier of ``frames.measure: classifier`` and its cross-validated scores
    beside the lexicon's (None and no table with the lexicon as the measure)."""
    options = state.study.frames
    if options.measure != "classifier":
        return None, {}
    from framing.frames.classifier import FrameClassifier, cross_validate, read_coded

    if options.classifier_codes is None:
        raise ConfigError(
            "frames.measure is classifier but no frames.classifier_codes is given; pass the "
            "CSV of coded sentences (sentence_id, language, text, one 0/1 column per frame)"
        )
    coded = read_coded(options.classifier_codes)
    frames = [f for f in lexicon.frame_ids if f in coded.columns]
    if not frames:
        raise ConfigError(
            f"{options.classifier_codes}: no column names a frame of the lexicon "
            f"({', '.join(lexicon.frame_ids)})"
        )
    embedding = options.classifier_embedding
    classifier = FrameClassifier.fit(
        coded, frames, random_state=state.study.seed, embedding_model=embedding
    )
    for frame, why in classifier.skipped.items():
        state.note("frames", "classifier", f"frame {frame!r} not learned: {why}")
    scores = cross_validate(
        coded, frames, lexicon=lexicon, random_state=state.study.seed, embedding_model=embedding
    )
    state.note(
        "frames",
        "classifier",
        f"frames found by a classifier ({'embeddings of ' + embedding if embedding else 'TF-IDF'})"
        f" trained on {len(coded)} coded sentences "
        f"({', '.join(classifier.models)}); cross-validated scores in classifier_scores",
    )
    return classifier, {"classifier_scores": scores}


def _validation(state: RunState, lexicon) -> dict[str, pd.DataFrame]:
    """Precision, recall and agreement against human codes (the coded sentences only)."""
    from framing.frames.validation import read_codes_file, validate_codes

    coded = read_codes_file(state.study.frames.validation)
    ids = set(coded.get("sentence_id", pd.Series(dtype=str)).dropna().astype(str))
    docs = set(coded.get("doc_id", pd.Series(dtype=str)).dropna().astype(str))

    def wanted(table: pd.DataFrame) -> pd.DataFrame:
        keep = table["doc_id"].astype(str).isin(docs)
        if "sentence_id" in table:
            keep |= table["sentence_id"].astype(str).isin(ids)
        return table[keep]

    hits = concat_parts([wanted(p) for p in state.tables.parts("frame_hits")])
    sentences = concat_parts([wanted(p) for p in state.tables.parts("sentences")])
    result = validate_codes(
        coded,
        hits,
        sentences,
        frames=list(lexicon.frame_ids),
        count_negated=state.study.frames.count_negated,
    )
    return {"validation_scores": result.scores, "validation_confusion": result.confusion}


def sources_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Who each statement is attributed to, chunk by chunk; each outlet's sourcing and voice."""
    from framing.attribution import AttributionFinder, load_sources
    from framing.attribution.measure import (
        COUNT_TABLES,
        attribution_chunk_tables,
        attribution_summary_tables,
    )
    from framing.attribution.people import load_people

    store, options = state.tables, state.study.sources
    source_list = load_sources(list(options.files))  # a bad list stops before any chunk
    finder = AttributionFinder(sources=source_list, people=load_people(list(options.people)))
    copied = copied_text(state)

    def work(chunk: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        tables = attribution_chunk_tables(
            chunk["documents"],
            chunk["sentences"],
            chunk["frame_hits"],
            finder=finder,
            denial_window=options.denial_window,
            counted=counted_sentences(chunk, copied)["sentence_id"],
        )
        return {f"_{n}" if n in COUNT_TABLES else n: table for n, table in tables.items()}

    reads = ("documents", "paragraphs", "sentences", "frame_hits")
    for_each_chunk(state, "sources", reads, work)
    tables = attribution_summary_tables(
        store.parts("_sourcing_counts"),
        store.parts("_voice_counts"),
        state.metadata(["outlet"])["outlet"],
        source_list,
    )
    for name in COUNT_TABLES:  # scratch: the summaries hold what they counted
        store.drop_parts(f"_{name}")
    return tables


@contextlib.contextmanager
def bertopic_errors_only():
    """BERTopic's log at ERROR while framing drives it.

    BERTopic warns about the topic assignments and the pickling that framing itself makes; those
    warnings say nothing a user can act on, and ``--quiet`` means errors only.
    """
    log = logging.getLogger("BERTopic")

    def errors(record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR

    log.addFilter(errors)  # a filter, not a level: BERTopic sets its logger's level itself
    try:
        yield
    finally:
        log.removeFilter(errors)


def topics_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Fit BERTopic on paragraphs or sentences and report topics per outlet and event."""
    from framing.topics.languages import fit_topics_by_language
    from framing.topics.result import TABLE_NAMES

    options = state.study.topics
    columns = ["doc_id", "paragraph_id", "text", "language"]
    if options.unit == "sentence":
        columns.insert(2, "sentence_id")
    present = state.tables.columns(f"{options.unit}s")
    units = state.tables.read(f"{options.unit}s", columns=[c for c in columns if c in present])
    seeds = None
    lexicon = state.results.get("lexicon")
    if lexicon is None and options.seed_from_lexicon:  # the frames stage was reused
        lexicon = _lexicon(state.study)
    if lexicon is not None and options.seed_from_lexicon:
        seeds = {
            frame.id: sorted({form for term in frame.terms for form in term.forms})
            for frame in lexicon.frames.values()
        }
    seed = state.study.seed
    try:
        with bertopic_errors_only():
            result = fit_topics_by_language(
                state.metadata(),
                units,
                space=options.space,
                min_language_units=options.min_language_units,
                unit=options.unit,
                embedding_model=options.embedding_model,
                seed_topics=seeds,
                random_state=seed,
                reduction=options.reduction,
                stability_seeds=tuple(range(seed + 1, seed + 1 + options.stability_seeds)),
                cache_dir=None if state.out is None else state.out / "cache",
                min_articles=state.study.statistics.min_articles,
                backend=state.backend,
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
    """The fitted topic model and its summary under ``folder/topics`` (when one was fitted;
    its tables are written with every stage's)."""
    result = state.results.get("topics")
    if result is not None:
        with bertopic_errors_only():
            result.save(folder, tables=False)


def stats_stage(state: RunState) -> dict[str, pd.DataFrame]:
    """Test and model how outlets (and groups) differ in each frame; keyness per language."""
    from framing.stats import compare_outlets
    from framing.stats.units import REQUIRED

    options, store = state.study.statistics, state.tables
    needed = (*REQUIRED, "group", "event", "date")
    read = [c for c in needed if c in store.columns("article_frames")]
    articles = {"article_frames": store.read("article_frames", columns=read, labels=ARTICLE_LABELS)}
    frames = [str(f) for f in pd.unique(articles["article_frames"]["frame"])]  # in order
    wanted = ("doc_id", "outlet", "group", "language", "text")
    columns = [c for c in wanted if c in store.columns("documents")]
    comparison = compare_outlets(
        articles.pop("article_frames"),  # held by the comparison only, which tidies and drops it
        store.part_list("documents", columns=columns),  # keyness reads the text part by part
        frames=frames,
        reference=options.reference,
        min_articles=options.min_articles,
        min_group_outlets=options.min_group_outlets,
        alpha=options.alpha,
        power=options.power,
        correction=options.correction,
        pairs=options.pair_tuples(),
        all_pairs_max=options.all_pairs_max,
        n_permutations=options.permutations,
        permutation_stop=options.permutation_stop,
        n_bootstrap=options.bootstrap,
        random_state=state.study.seed,
        keyness_top=options.keyness_top,
        keyness_correction=options.keyness_correction,
        validation=state.tables.get("validation_scores"),
        change=tuple(options.change.split(":", 1)) if options.change else None,
        change_by=options.change_by,
        backend=state.backend,
    )
    state.results["comparison"] = comparison
    for caveat in comparison.caveats:
        state.note("stats", "caveat", caveat)
    return comparison.tables()


#: The stages of a study, in order.
STAGES: list[Stage] = [
    Stage("ingest", "read, clean and segment the corpus", (), ingest_stage),
    Stage(
        "align",
        "outlet groups, events and reused text",
        ("documents", "paragraphs"),
        align_stage,
        after=("ingest",),
    ),
    Stage(
        "frames",
        "match frame lexicons; per-article counts, shares and evidence",
        ("documents", "paragraphs", "sentences", "reuse"),
        frames_stage,
        after=("align",),
    ),
    Stage(
        "sources",
        "attribution, sourcing profiles and the voice of each frame",
        ("documents", "paragraphs", "sentences", "frame_hits", "reuse"),
        sources_stage,
        after=("frames",),
    ),
    Stage(
        "topics",
        "topic model (BERTopic) and per-outlet shares",
        ("documents", "paragraphs", "sentences"),
        topics_stage,
        save_topic_model,
        after=("frames",),
    ),
    Stage(
        "stats",
        "tests, models, contrasts and keyness with articles as units",
        ("article_frames", "documents"),
        stats_stage,
        after=("frames",),
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
