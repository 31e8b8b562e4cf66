"""The Python API for notebooks and scripts: a few verbs, each returning tables or a result.

::

    import framing

    corpus = framing.load_corpus("data/corpora/putin-kim")
    frames = framing.measure_frames(corpus)                 # FrameResult
    print(frames.summary()); frames.to_latex()              # shares with Wilson intervals
    sources = framing.find_sources(corpus, frames)          # SourceResult
    topics = framing.fit_topics(corpus)                     # TopicResult
    comparison = framing.compare_outlets(corpus, frames)    # Comparison: tests, models, keyness
    study = framing.run_study("analysis/putin_kim/study.yaml")   # everything, with the report

Each verb is a thin layer over the stage modules (:mod:`framing.corpus`, :mod:`framing.frames`,
:mod:`framing.attribution`, :mod:`framing.topics`, :mod:`framing.stats`), which remain the
place for finer control.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.corpus.corpus import Corpus


def load_corpus(path: str | Path, **options) -> Corpus:
    """Read, clean and segment a corpus (:func:`framing.corpus.ingest.ingest`).

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files with ``metadata.csv``, a folder of ``.html`` pages, or a
        ``.jsonl``, ``.csv`` or ``.parquet`` file.
    **options
        ``format``, ``metadata``, ``encoding``, ``language``, ``columns``, ``clean``.

    Returns
    -------
    Corpus
        ``documents``, ``removed``, ``paragraphs``, ``sentences`` and the ``manifest``.
    """
    from framing.corpus.ingest import ingest

    return ingest(path, **options)


@dataclass
class FrameResult:
    """Frame hits of a corpus and what they add up to (see :func:`measure_frames`)."""

    hits: pd.DataFrame
    scores: pd.DataFrame
    articles: pd.DataFrame
    shares: pd.DataFrame
    shares_by_event: pd.DataFrame
    evidence: pd.DataFrame
    lexicon: object = None

    def summary(self) -> str:
        """Each outlet's share of sentences per frame, with the Wilson 95% interval."""
        cells = self.shares.assign(
            cell=lambda t: [
                f"{s:.1%} [{lo:.1%}, {hi:.1%}]"
                for s, lo, hi in zip(t["share"], t["ci_low"], t["ci_high"], strict=True)
            ]
        )
        grid = cells.pivot(index="outlet", columns="frame", values="cell")
        grid = grid[list(dict.fromkeys(self.shares["frame"]))]
        return "Share of sentences using each frame (Wilson 95% interval)\n" + grid.to_string()

    def to_latex(self, digits: int = 1) -> str:
        """Frame shares per outlet with intervals as a booktabs table."""
        from framing.report.exports import frame_shares_latex

        return frame_shares_latex(self.shares, digits=digits)


def measure_frames(
    corpus: Corpus,
    lexicons: Sequence[str | Path] = (),
    *,
    include_builtin: bool = True,
    frames: Sequence[str] | None = None,
    count_negated: bool = False,
    evidence_top: int = 5,
) -> FrameResult:
    """Match frame lexicons in every sentence; score documents; shares per outlet and event.

    Parameters
    ----------
    corpus : Corpus
        From :func:`load_corpus`.
    lexicons : sequence of path
        Lexicon files merged over the built-in one (a frame with a built-in id replaces it).
    include_builtin : bool, default=True
    frames : sequence of str, optional
        Frame ids to keep.
    count_negated : bool, default=False
        Count negated hits as uses of the frame.
    evidence_top : int, default=5
        Evidence sentences per (outlet, frame).

    Returns
    -------
    FrameResult
    """
    from framing.frames import frame_tables, load_lexicon

    lexicon = load_lexicon(list(lexicons), include_builtin=include_builtin).select(
        list(frames or [])
    )
    tables = frame_tables(
        corpus.documents,
        corpus.sentences,
        lexicon,
        count_negated=count_negated,
        evidence_top=evidence_top,
    )
    return FrameResult(
        hits=tables["frame_hits"],
        scores=tables["frame_scores"],
        articles=tables["article_frames"],
        shares=tables["frame_shares"],
        shares_by_event=tables["frame_shares_by_event"],
        evidence=tables["evidence"],
        lexicon=lexicon,
    )


@dataclass
class SourceResult:
    """Attributed statements, sourcing profiles and the voice of each frame sentence."""

    attributions: pd.DataFrame
    sourcing: pd.DataFrame
    frame_voice: pd.DataFrame
    voice_shares: pd.DataFrame

    def summary(self) -> str:
        """Each outlet's sourcing (share of statements per source type)."""
        used = self.sourcing[self.sourcing["n"] > 0]
        grid = used.pivot(index="outlet", columns="source_type", values="share").fillna(0)
        return "Attributed statements per source type\n" + grid.round(3).to_string()

    def to_latex(self, frame: str = "sanctions_violation", digits: int = 1) -> str:
        """The voice shares of ``frame`` per outlet as a booktabs table."""
        from framing.report.exports import voice_shares_latex

        return voice_shares_latex(self.voice_shares, frame, digits=digits)


def find_sources(
    corpus: Corpus, frames: FrameResult | None = None, *, sources: Sequence[str | Path] = ()
) -> SourceResult:
    """Attribute statements to sources; sourcing per outlet; the voice of each frame sentence.

    Parameters
    ----------
    corpus : Corpus
    frames : FrameResult, optional
        Frame hits whose voice is classified (default: measured now with the built-in lexicon).
    sources : sequence of path
        Source lists merged over the built-in one.
    """
    from framing.attribution import attribution_tables

    frames = frames or measure_frames(corpus)
    tables = attribution_tables(corpus.documents, corpus.sentences, frames.hits, sources=sources)
    return SourceResult(**tables)


def fit_topics(corpus: Corpus, *, unit: str = "paragraph", **options):
    """Fit BERTopic on a corpus' paragraphs or sentences (:func:`framing.topics.fit_topics`).

    Returns
    -------
    TopicResult
        Tables ``topics``, ``topic_assignments``, ``topic_shares`` … and the fitted model.
    """
    from framing.topics import fit_topics as fit

    units = corpus.paragraphs if unit == "paragraph" else corpus.sentences
    return fit(corpus.documents, units, unit=unit, **options)


def compare_outlets(corpus: Corpus, frames: FrameResult, **options):
    """Tests, models, contrasts and keyness of outlet differences (:mod:`framing.stats`).

    Articles are the units: the statistics read ``frames.articles`` (one row per article and
    frame) and, for keyness, the corpus' documents.

    Returns
    -------
    Comparison
        With ``summary()`` and ``to_latex(name)``.
    """
    from framing.stats import compare_outlets as compare

    lexicon = frames.lexicon
    options.setdefault("frames", list(lexicon.frame_ids) if lexicon is not None else None)
    return compare(frames.articles, corpus.documents, **options)


@dataclass
class StudyResult:
    """A finished run: its folder, every table, and the stage results."""

    out: Path
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    results: dict[str, object] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)

    def table(self, name: str) -> pd.DataFrame:
        """One table of the run by name (a one-line error lists the names)."""
        from framing.errors import InputError

        if name not in self.tables:
            raise InputError(
                f"no table {name!r} in this run; it has {', '.join(sorted(self.tables))}"
            )
        return self.tables[name]

    def summary(self) -> str:
        """What the run holds, its caveats, and where its report is."""
        docs = self.tables.get("documents", pd.DataFrame())
        lines = [
            f"Study in {self.out}",
            f"{len(docs)} documents from {docs['outlet'].nunique() if len(docs) else 0} outlets; "
            f"tables: {', '.join(sorted(self.tables))}",
        ]
        lines += [f"- {n['stage']}: {n['text']}" for n in self.notes]
        lines.append(f"report: {self.out / 'index.html'}")
        return "\n".join(lines)

    def to_latex(self, name: str) -> str:
        """A paper table of the run (see :func:`framing.report.exports.latex_tables`)."""
        from framing.report.exports import latex_tables

        tables = latex_tables(self.tables)
        if name not in tables:
            from framing.errors import ConfigError

            raise ConfigError(f"no LaTeX table {name!r}; choose {', '.join(tables)}")
        return tables[name]


def run_study(study: str | Path, out: str | Path | None = None, **options) -> StudyResult:
    """Run a whole study: a study config (YAML) or a corpus path with stage options.

    Parameters
    ----------
    study : str or Path
        A study config (``.yaml``) or a corpus.
    out : str or Path, optional
        The run folder (required for a corpus; overrides the config's ``out``).
    **options
        Stage options for a corpus (see :data:`framing.stages.DEFAULT_OPTIONS`).

    Returns
    -------
    StudyResult
    """
    from framing.config import is_study_config, load_study
    from framing.errors import ConfigError
    from framing.pipeline import run_pipeline, run_study_config

    if is_study_config(study):
        config = load_study(study)
        if out is None and config.out is None:
            raise ConfigError(f"{study}: no 'out' folder; add 'out: DIR' or pass out=")
        state = run_study_config(config, out, options=options)
        target = Path(out) if out is not None else config.out
    else:
        if out is None:
            raise ConfigError(f"{study}: no output folder; pass out=")
        target = Path(out)
        state = run_pipeline(study, target, options=options)
    return StudyResult(Path(target), dict(state.tables), dict(state.results), list(state.notes))
