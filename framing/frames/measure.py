"""Every frame table of a corpus in one call: what ``framing frames`` and ``framing run`` write."""

from __future__ import annotations

import pandas as pd

from framing.config import DEFAULTS
from framing.frames.evidence import evidence
from framing.frames.lexicon import Lexicon
from framing.frames.matching import match_frames
from framing.frames.scoring import article_frames, frame_shares, score_frames

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
) -> dict[str, pd.DataFrame]:
    """Frame hits, per-article counts, shares per outlet, event and group, evidence, catalog.

    ``article_frames`` (one row per article and frame) is what the statistics read; the shares
    are aggregated from it, so they count the same sentences.

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

    Returns
    -------
    dict of str to DataFrame
        ``frame_hits``, ``frame_scores``, ``article_frames``, ``frame_shares``,
        ``frame_shares_by_event``, ``evidence``, ``frame_catalog`` (frame, label,
        description, key, n_terms) and, when documents carry a ``group``,
        ``frame_shares_by_group``.

    Raises
    ------
    ConfigError
        A frame of ``key_frames`` that the lexicon does not define.
    """
    catalog = lexicon.catalog(key_frames)  # an unknown key frame stops before the matching
    languages = documents.set_index(documents["doc_id"].astype(str))["language"]
    hits = match_frames(sentences, lexicon, languages=languages, negation_window=negation_window)
    count = {"frames": list(lexicon.frame_ids), "count_negated": count_negated}
    counted = sentences if counted is None else counted
    counted_hits = hits[hits["sentence_id"].isin(counted["sentence_id"])]
    articles = article_frames(documents, counted, counted_hits, **count)
    tables = {
        "frame_hits": hits,
        "frame_scores": score_frames(documents, sentences, hits, **count),
        "article_frames": articles,
        "frame_shares": frame_shares(articles, ("outlet",)),
        "frame_shares_by_event": frame_shares(
            articles.assign(event=articles["event"].fillna(NO_EVENT)), ("outlet", "event")
        ),
        "evidence": evidence(documents, sentences, hits, top=evidence_top),
        "frame_catalog": catalog,
    }
    if articles["group"].notna().any():
        tables["frame_shares_by_group"] = frame_shares(
            articles.dropna(subset=["group"]), ("group",)
        )
    return tables
