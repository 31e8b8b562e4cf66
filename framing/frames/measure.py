"""Every frame table of a corpus in one call: what ``framing frames`` and ``framing run`` write."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from framing.config import DEFAULTS
from framing.frames.coverage import (
    coverage_counts,
    covered,
    language_coverage,
    sentence_languages,
)
from framing.frames.evidence import evidence, rank_evidence
from framing.frames.lexicon import Lexicon
from framing.frames.matching import match_frames
from framing.frames.over_time import frame_shares_over_time
from framing.frames.scoring import article_frames, frame_shares, score_frames
from framing.utils.ids import among
from framing.utils.memory import release_memory

#: Documents without an event are shown under this label in the per-event shares.
NO_EVENT = "(none)"


def frame_tables(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    lexicon: Lexicon,
    *,
    count_negated: bool = False,
    evidence_top: int = 5,
    negation_window: int = DEFAULTS.frames.negation_window,
    counted: pd.DataFrame | None = None,
    key_frames: list[str] | None = None,
    period: str = DEFAULTS.frames.period,
) -> dict[str, pd.DataFrame]:
    """Frame hits, per-article counts, shares per outlet, event and group, evidence, catalog.

    ``article_frames`` (one row per article and frame) is what the statistics read; the shares
    are aggregated from it, so they count the same sentences. The same tables come, chunk by
    chunk, from :func:`frame_chunk_tables` on each chunk of articles and
    :func:`frame_summary_tables` on what they return, which is how a run computes them.

    Parameters
    ----------
    documents, sentences : DataFrame
        The corpus tables.
    lexicon : Lexicon
    count_negated : bool, default=False
        Count negated hits as uses of a frame in scores and shares.
    evidence_top : int, default=5
        Evidence sentences per (outlet, frame).
    negation_window : int, default=5
        Words before a hit searched for negation and hedge cues.
    counted : DataFrame, optional
        The sentences the shares count (e.g. without reused copies); default all of them.
        Hits, scores and evidence always use every sentence.
    key_frames : list of str, optional
        The frames the voice analysis, charts and exports single out (the study's
        ``frames.key``); default the lexicon's ``key: true`` frames, else every frame.
    period : {"auto", "day", "week", "month"}, default "auto"
        Period of ``frame_shares_over_time``.

    Returns
    -------
    dict of str to DataFrame
        ``frame_hits``, ``frame_scores``, ``article_frames``, ``frame_shares``,
        ``frame_shares_by_event``, ``frame_shares_over_time``
        (:mod:`framing.frames.over_time`), ``evidence``, ``frame_catalog`` (frame, label,
        description, key, n_terms), ``language_coverage`` (documents and sentences per
        language and whether the lexicon covers it: :mod:`framing.frames.coverage`) and, when
        documents carry a ``group``, ``frame_shares_by_group``.

    Raises
    ------
    ConfigError
        A frame of ``key_frames`` that the lexicon does not define.
    """
    catalog = lexicon.catalog(key_frames)  # an unknown key frame stops before the matching
    chunk = frame_chunk_tables(
        documents,
        sentences,
        lexicon,
        count_negated=count_negated,
        evidence_top=evidence_top,
        negation_window=negation_window,
        counted=counted,
    )
    summary = frame_summary_tables(
        chunk["article_frames"],
        [chunk["evidence"]],
        catalog,
        evidence_top=evidence_top,
        period=period,
    )
    summary["language_coverage"] = language_coverage([chunk.pop("language_coverage")])
    return {**chunk, **summary}


#: The per-article tables of the frames stage (one part per chunk in a run).
CHUNK_TABLES = ("frame_hits", "frame_scores", "article_frames", "evidence", "language_coverage")
#: (``evidence`` and ``language_coverage`` are per chunk: the run folds them into one table.)


def frame_chunk_tables(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    lexicon: Lexicon,
    *,
    count_negated: bool = False,
    evidence_top: int = 5,
    negation_window: int = DEFAULTS.frames.negation_window,
    counted: pd.DataFrame | None = None,
    classifier=None,
) -> dict[str, pd.DataFrame]:
    """The per-article frame tables of one chunk of articles: :data:`CHUNK_TABLES`.

    ``evidence`` holds the chunk's strongest sentences per (outlet, frame);
    :func:`frame_summary_tables` keeps the corpus' strongest of them. With a ``classifier``
    (:class:`framing.frames.classifier.FrameClassifier`, the study's ``frames.measure:
    classifier``) the sentences it puts in a frame are the hits, for its frames and languages.
    """
    spoken = sentence_languages(sentences, documents)
    sentences = sentences.assign(language=spoken.to_numpy())
    # a term matches only in sentences of its language; sentences in a language the lexicon
    # lacks get no hit and leave the counts and denominators
    if classifier is not None:
        hits, languages = classifier.hits(sentences), classifier.languages
        frames = list(classifier.models)
    else:
        hits = match_frames(sentences, lexicon, negation_window=negation_window)
        languages, frames = lexicon.languages, list(lexicon.frame_ids)
    readable = sentences[covered(spoken, languages).to_numpy()]
    count = {"frames": frames, "count_negated": count_negated}
    counted = readable if counted is None else counted
    counted = counted[among(counted["sentence_id"], readable["sentence_id"])]
    counted_hits = hits[among(hits["sentence_id"], counted["sentence_id"])]
    return {
        "frame_hits": hits,
        "frame_scores": score_frames(documents, readable, hits, **count),
        "article_frames": article_frames(documents, counted, counted_hits, **count),
        "evidence": evidence(documents, sentences, hits, top=evidence_top),
        "language_coverage": coverage_counts(documents, spoken, languages),
    }


def frame_summary_tables(
    articles: pd.DataFrame,
    evidence_parts: Iterable[pd.DataFrame],
    catalog: pd.DataFrame,
    *,
    evidence_top: int = 5,
    period: str = DEFAULTS.frames.period,
) -> dict[str, pd.DataFrame]:
    """The corpus-wide frame tables: shares per outlet, event and group, evidence, catalog.

    Parameters
    ----------
    articles : DataFrame
        The ``article_frames`` table of the whole corpus (one row per article and frame).
    evidence_parts : iterable of DataFrame
        The ``evidence`` of each chunk (:func:`frame_chunk_tables`), read one at a time.
    catalog : DataFrame
        :meth:`Lexicon.catalog`.
    evidence_top : int, default=5
    period : {"auto", "day", "week", "month"}
        Period of ``frame_shares_over_time`` (:mod:`framing.frames.over_time`).
    """
    # each step's temporaries (copies of columns of millions of rows) are given back to the
    # system before the next step: the step's peak, not the sum of the steps
    tables = {"frame_shares": frame_shares(articles, ("outlet",))}
    release_memory()
    if "core_sentences_with_frame" in articles:  # robustness: core (not generic) terms only
        core = articles.assign(sentences_with_frame=articles["core_sentences_with_frame"])
        tables["frame_shares_core"] = frame_shares(core, ("outlet",))
        del core
        release_memory()
    over_time, chosen, undated = frame_shares_over_time(articles, period)
    # the period chosen, and the articles left out for want of a date, with every row
    tables["frame_shares_over_time"] = over_time.assign(
        period_kind=chosen, undated_articles=undated
    )
    release_memory()
    if articles["event"].isna().any():  # a copy only when some article has no event
        event = articles["event"]
        if isinstance(event.dtype, pd.CategoricalDtype) and NO_EVENT not in event.cat.categories:
            event = event.cat.add_categories([NO_EVENT])
        articles = articles.assign(event=event.fillna(NO_EVENT))
    tables["frame_shares_by_event"] = frame_shares(articles, ("outlet", "event"))
    release_memory()
    if articles["group"].notna().any():
        tables["frame_shares_by_group"] = frame_shares(
            articles.dropna(subset=["group"]), ("group",)
        )
    del articles
    release_memory()
    tables |= {
        "evidence": rank_evidence(evidence_parts, top=evidence_top),
        "frame_catalog": catalog,
    }
    return tables
