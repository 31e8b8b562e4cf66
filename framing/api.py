"""The Python API for notebooks and scripts: a few verbs, each running stages of a study.

::

    import framing

    corpus = framing.load_corpus("data/corpora/putin-kim")
    frames = framing.measure_frames(corpus)                 # FrameResult
    print(frames.summary()); frames.to_latex()              # shares with their intervals
    sources = framing.find_sources(corpus, frames)          # SourceResult
    topics = framing.fit_topics(corpus, frames)             # TopicResult
    comparison = framing.compare_outlets(corpus, frames)    # Comparison: tests, models, keyness
    study = framing.run_study("analysis/putin_kim/study.yaml")   # everything, with the report

Each verb runs the same stage functions as ``framing run`` (:mod:`framing.stages`) with the
options of one study model (:class:`framing.config.StudyConfig`): keyword arguments are the
options of the verb's section (``measure_frames(corpus, count_negated=True)`` sets
``frames.count_negated``), every default comes from the model, and the same corpus and options
give the same tables as the command line. A result keeps the run state it came from, so the
next verb continues from it (``find_sources(corpus, frames)`` uses those frame hits).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from framing.corpus.corpus import CORPUS_TABLES, Corpus
from framing.errors import ConfigError, InputError
from framing.stages import RunState
from framing.store import TableStore


def load_corpus(path: str | Path, **options) -> Corpus:
    """Read, clean and segment a corpus (the ingest stage).

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files (with ``metadata.csv``) or of saved ``.html`` pages, or a
        ``.jsonl``, ``.csv`` or ``.parquet`` file.
    **options
        Options of the study's ``corpus`` section: ``format``, ``metadata``, ``encoding``,
        ``language``, ``columns``, ``clean``.

    Returns
    -------
    Corpus
        ``documents``, ``removed``, ``paragraphs``, ``sentences`` and the ``manifest``.
    """
    state = _state(None, corpus={"path": str(path), **options})
    _run(state, ["ingest"])
    tables = {name: state.tables.read(name) for name in CORPUS_TABLES}
    return Corpus(manifest=state.results["manifest"], **tables)


@dataclass
class FrameResult:
    """Frame hits of a corpus and what they add up to (see :func:`measure_frames`)."""

    state: RunState = field(repr=False)

    @property
    def lexicon(self):
        """The lexicon that was matched."""
        return self.state.results["lexicon"]

    hits = property(lambda self: self.state.tables["frame_hits"], doc="The frame_hits table.")
    scores = property(lambda self: self.state.tables["frame_scores"], doc="frame_scores.")
    articles = property(lambda self: self.state.tables["article_frames"], doc="article_frames.")
    shares = property(lambda self: self.state.tables["frame_shares"], doc="frame_shares.")
    shares_by_event = property(
        lambda self: self.state.tables["frame_shares_by_event"], doc="frame_shares_by_event."
    )
    evidence = property(lambda self: self.state.tables["evidence"], doc="The evidence table.")
    over_time = property(
        lambda self: self.state.tables["frame_shares_over_time"], doc="frame_shares_over_time."
    )
    language_coverage = property(
        lambda self: self.state.tables["language_coverage"], doc="language_coverage."
    )

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the frames stage by name."""
        return {
            name: self.state.tables[name] for name in _FRAME_TABLES if name in self.state.tables
        }

    def summary(self) -> str:
        """Each outlet's share of sentences per frame with its interval over articles."""
        shares = self.shares
        article = shares["article_ci_low"].notna()
        low = shares["article_ci_low"].where(article, shares["ci_low"])
        high = shares["article_ci_high"].where(article, shares["ci_high"])
        cells = shares.assign(
            cell=[
                f"{s:.1%} [{lo:.1%}, {hi:.1%}]{'' if a else '*'}"
                for s, lo, hi, a in zip(shares["share"], low, high, article, strict=True)
            ]
        )
        grid = cells.pivot(index="outlet", columns="frame", values="cell")
        grid = grid[list(dict.fromkeys(shares["frame"]))]
        return (
            "Share of sentences using each frame [95% interval over articles; * one article: "
            "within-article Wilson interval]\n" + grid.to_string()
        )

    def to_latex(self, path: str | Path | None = None, *, digits: int = 1) -> str:
        """Frame shares per outlet with intervals as a booktabs table (written to ``path``)."""
        from framing.report.exports import frame_shares_latex

        return _written(frame_shares_latex(self.shares, digits=digits), path)


_FRAME_TABLES = (
    "frame_catalog",
    "frame_hits",
    "frame_scores",
    "article_frames",
    "frame_shares",
    "frame_shares_by_event",
    "frame_shares_by_group",
    "frame_shares_over_time",
    "language_coverage",
    "evidence",
    "lexicon_forms",
    "validation_scores",
    "validation_confusion",
)


def measure_frames(corpus: Corpus, lexicons: Sequence[str | Path] = (), **options) -> FrameResult:
    """Align events and groups, match frame lexicons, and count frames per article.

    Parameters
    ----------
    corpus : Corpus
        From :func:`load_corpus`.
    lexicons : sequence of path
        Lexicon files (with none, the built-in lexicon; ``include_builtin=True`` adds it).
    **options
        Options of the study's ``frames`` section (``include_builtin``, ``use``,
        ``count_negated``, ``negation_window``, ``evidence_top``, ``period``, ``validation``), and
        ``groups``, ``events`` or ``reuse`` as dicts of their sections' options.

    Returns
    -------
    FrameResult
    """
    sections = {k: options.pop(k) for k in ("groups", "events", "reuse") if k in options}
    state = _state(corpus, frames={"lexicons": [str(p) for p in lexicons], **options}, **sections)
    _run(state, ["align", "frames"])
    return FrameResult(state)


@dataclass
class SourceResult:
    """Attributed statements, sourcing profiles and the voice of each frame sentence."""

    state: RunState = field(repr=False)

    attributions = property(lambda self: self.state.tables["attributions"], doc="attributions.")
    sourcing = property(lambda self: self.state.tables["sourcing"], doc="sourcing.")
    frame_voice = property(lambda self: self.state.tables["frame_voice"], doc="frame_voice.")
    voice_shares = property(lambda self: self.state.tables["voice_shares"], doc="voice_shares.")

    def tables(self) -> dict[str, pd.DataFrame]:
        """The four tables of the sources stage by name."""
        names = ("attributions", "sourcing", "frame_voice", "voice_shares", "sides")
        return {name: self.state.tables[name] for name in names if name in self.state.tables}

    def summary(self) -> str:
        """Each outlet's sourcing (share of statements per source type)."""
        used = self.sourcing[self.sourcing["n"] > 0]
        grid = used.pivot(index="outlet", columns="source_type", values="share").fillna(0)
        return "Attributed statements per source type\n" + grid.round(3).to_string()

    def to_latex(
        self, path: str | Path | None = None, *, frame: str | None = None, digits: int = 1
    ) -> str:
        """The voice shares of ``frame`` as a booktabs table (written to ``path``).

        The default is the first key frame of the study (``frames.key``, else the lexicon's
        ``key: true`` frames) that has a voice, else the first frame with one.
        """
        from framing.frames.lexicon import key_frame_ids
        from framing.report.exports import voice_shares_latex

        frames = list(dict.fromkeys(self.voice_shares["frame"].astype(str)))
        if not frames:
            raise InputError("no frame sentence has a voice: nothing to export")
        keys = key_frame_ids(self.state.tables.get("frame_catalog"), frames)
        chosen = frame or (keys or frames)[0]
        if chosen not in frames:
            raise ConfigError(f"no voice shares for frame {chosen!r}; choose {', '.join(frames)}")
        return _written(voice_shares_latex(self.voice_shares, chosen, digits=digits), path)


def find_sources(
    corpus: Corpus,
    frames: FrameResult | None = None,
    *,
    sources: Sequence[str | Path] = (),
    **options,
) -> SourceResult:
    """Attribute statements to sources; sourcing per outlet; the voice of each frame sentence.

    Parameters
    ----------
    corpus : Corpus
    frames : FrameResult, optional
        Frames whose voice is classified (default: measured now, with the default lexicon).
    sources : sequence of path
        Source lists (YAML) merged over the built-in one.
    **options
        Other options of the study's ``sources`` section (``denial_window``).
    """
    state = _continue(corpus, frames, sources={"files": [str(p) for p in sources], **options})
    _run(state, ["sources"])
    return SourceResult(state)


def fit_topics(corpus: Corpus, frames: FrameResult | None = None, **options):
    """Fit BERTopic on a corpus' paragraphs or sentences (the topics stage).

    Parameters
    ----------
    corpus : Corpus
    frames : FrameResult, optional
        Its lexicon's terms guide the topics (``seed_from_lexicon``); default: measured now.
    **options
        Options of the study's ``topics`` section (``unit``, ``embedding_model``,
        ``reduction``, ``stability_seeds``, ``seed_from_lexicon``) and ``seed``.

    Returns
    -------
    TopicResult
        Tables ``topics``, ``topic_assignments``, ``topic_shares`` … and the fitted model.
    """
    seed = options.pop("seed", None)
    state = _continue(corpus, frames, topics=options, seed=seed)
    _run(state, ["topics"])
    if "topics" not in state.results:
        raise InputError("; ".join(n["text"] for n in state.notes if n["stage"] == "topics"))
    return state.results["topics"]


def compare_outlets(corpus: Corpus, frames: FrameResult, **options):
    """Tests, models, contrasts and keyness of outlet differences (the stats stage).

    Articles are the units: the stage reads ``frames.articles`` (one row per article and frame)
    and, for keyness, the documents.

    Parameters
    ----------
    corpus : Corpus
    frames : FrameResult
    **options
        Options of the study's ``statistics`` section (``reference``, ``min_articles``,
        ``alpha``, ``power``, ``correction``, ``permutations``, ``bootstrap``, ``pairs`` …)
        and ``seed``.

    Returns
    -------
    Comparison
        With ``summary()``, ``tables()`` and ``to_latex(name)``.
    """
    seed = options.pop("seed", None)
    state = _continue(corpus, frames, statistics=options, seed=seed)
    _run(state, ["stats"])
    return state.results["comparison"]


@dataclass
class StudyResult:
    """A finished run: its folder, every table, and the stage results.

    Per-article tables stay on disk until asked for: ``table("sentences")`` reads the run's
    Parquet dataset, ``tables()`` reads every table.
    """

    out: Path
    tables_: Mapping[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    results: dict[str, object] = field(default_factory=dict, repr=False)
    notes: list[dict] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the run by name (per-article tables read in full)."""
        return dict(self.tables_)

    def table(self, name: str) -> pd.DataFrame:
        """One table of the run by name (a one-line error lists the names)."""
        if name not in self.tables_:
            raise InputError(
                f"no table {name!r} in this run; it has {', '.join(sorted(self.tables_))}"
            )
        return self.tables_[name]

    def summary(self) -> str:
        """What the run holds, its caveats, and where its report is."""
        docs = (
            self.tables_.read("documents", columns=["doc_id", "outlet"])
            if isinstance(self.tables_, TableStore)
            else self.tables_.get("documents", pd.DataFrame())
        )
        lines = [
            f"Study in {self.out}",
            f"{len(docs)} documents from {docs['outlet'].nunique() if len(docs) else 0} outlets; "
            f"tables: {', '.join(sorted(self.tables_))}",
        ]
        lines += [f"- {n['stage']}: {n['text']}" for n in self.notes]
        lines.append(f"report: {self.out / 'index.html'}")
        return "\n".join(lines)

    def to_latex(self, name: str, path: str | Path | None = None) -> str:
        """A paper table of the run (see :func:`framing.report.exports.latex_tables`)."""
        from framing.report.exports import latex_tables

        tables = latex_tables(self.tables_)
        if name not in tables:
            raise ConfigError(f"no LaTeX table {name!r}; choose {', '.join(tables)}")
        return _written(tables[name], path)


def run_study(study: str | Path, out: str | Path | None = None, **sections) -> StudyResult:
    """Run a whole study: a study config (YAML), or a corpus path with section options.

    Parameters
    ----------
    study : str or Path
        A study config (``.yaml``) or a corpus.
    out : str or Path, optional
        The run folder (required for a corpus; overrides the config's ``out``).
    **sections
        Options by section, e.g. ``statistics={"permutations": 4999}``, ``skip=["topics"]``;
        they override the config's.

    Returns
    -------
    StudyResult
    """
    from framing.config import is_study_config, load_study
    from framing.pipeline import run_pipeline, study_from_options

    if is_study_config(study):
        config = load_study(study).updated(sections) if sections else load_study(study)
    else:
        config = study_from_options(study, **sections)
    target = Path(out) if out is not None else config.out
    if target is None:
        raise ConfigError(f"{study}: no output folder; pass out= or set 'out' in the config")
    state = run_pipeline(config, target)
    return StudyResult(target, state.tables, dict(state.results), list(state.notes))


def _state(ingested: Corpus | None, seed: int | None = None, **sections) -> RunState:
    """A run state holding an ingested corpus, with a study built from section options."""
    from framing.pipeline import study_from_options

    if seed is not None:
        sections["seed"] = seed
    state = RunState(study=study_from_options(None, **sections))
    if ingested is not None:
        state.corpus = replace(ingested)  # the caller's tables are left as they are
        for name in CORPUS_TABLES:  # per-article tables: one part (a record a stage raises
            state.tables.put_part(name, 0, getattr(ingested, name))  # on leaves each)
    return state


def _continue(corpus: Corpus, frames: FrameResult | None, seed: int | None = None, **sections):
    """The state of ``frames`` (or of frames measured now) with other sections' options set."""
    base = frames.state if frames is not None else measure_frames(corpus).state
    study = base.study.updated({k: v for k, v in sections.items() if v is not None})
    if seed is not None:
        study = study.updated({"seed": seed})
    return RunState(
        study=study,
        corpus=base.corpus,
        tables=base.tables.copy(),
        results=dict(base.results),
        notes=list(base.notes),
    )


def _run(state: RunState, names: list[str]) -> None:
    from framing.pipeline import run_stages

    run_stages(state, names)


def _written(text: str, path: str | Path | None) -> str:
    """``text``, also written to ``path`` when one is given."""
    if path is not None:
        Path(path).write_text(text + "\n", encoding="utf-8")
    return text
