"""Guided topics: seed BERTopic with the frame lexicons, then measure how topics meet frames."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from framing.corpus.tokens import tokenize
from framing.errors import InputError

OVERLAP_COLUMNS = (
    "topic",
    "frame",
    "n_units",
    "units_with_frame_term",
    "unit_share",
    "shared_terms",
    "term_overlap",
)


def seed_topic_list(seed_topics: Mapping[str, Iterable[str]]) -> tuple[list[str], list[list[str]]]:
    """Turn ``{frame: terms}`` into BERTopic's ``seed_topic_list``, frames in sorted order.

    Terms are lower-cased and re-tokenised with the project's tokeniser, so that they match
    the c-TF-IDF vocabulary (a phrase such as "Kim Jong-un" becomes "kim jong-un").

    Parameters
    ----------
    seed_topics : mapping of str to iterable of str
        Frame id -> lexicon terms, e.g. from the frame lexicon.

    Returns
    -------
    frames : list of str
        Frames with at least one usable term, sorted.
    seeds : list of list of str
        The terms of each frame, sorted, in the same order.

    Examples
    --------
    >>> seed_topic_list({"friendship": ["Persahabatan", "sekutu"], "empty": []})
    (['friendship'], [['persahabatan', 'sekutu']])
    """
    if not isinstance(seed_topics, Mapping):
        raise InputError("seed_topics: expected a mapping of frame id to a list of terms")
    frames, seeds = [], []
    for frame in sorted(seed_topics):
        terms = seed_topics[frame]
        if isinstance(terms, str):
            terms = [terms]
        cleaned = sorted({" ".join(tokenize(str(t))) for t in terms} - {""})
        if cleaned:
            frames.append(str(frame))
            seeds.append(cleaned)
    if not frames:
        raise InputError(
            "seed_topics: no frame has a usable term; give at least one word per frame"
        )
    return frames, seeds


def _contains(padded_tokens: str, term: str) -> bool:
    return f" {term} " in padded_tokens


def frame_overlap(
    topics: pd.DataFrame,
    assignments: pd.DataFrame,
    unit_texts: Sequence[str],
    seed_topics: Mapping[str, Iterable[str]],
) -> pd.DataFrame:
    """How each topic overlaps each frame lexicon.

    Two measures per (topic, frame):

    - ``unit_share``: share of the topic's units that contain at least one of the frame's
      terms (whole-token match, phrases as token sequences);
    - ``term_overlap``: Jaccard index between the topic's c-TF-IDF top terms and the frame's
      terms; ``shared_terms`` lists the common ones.

    Parameters
    ----------
    topics : DataFrame
        The ``topics`` table (``topic``, ``top_terms`` as a comma-separated string).
    assignments : DataFrame
        The ``topic_assignments`` table, in the same order as ``unit_texts``.
    unit_texts : sequence of str
        Unit texts.
    seed_topics : mapping of str to iterable of str
        Frame id -> lexicon terms.

    Returns
    -------
    DataFrame
        One row per (topic, frame), columns :data:`OVERLAP_COLUMNS`, sorted by topic, frame.

    References
    ----------
    Jaccard, P. (1912). The distribution of the flora in the alpine zone. New Phytologist,
    11(2), 37-50.
    """
    frames, seeds = seed_topic_list(seed_topics)
    padded = [" " + " ".join(tokenize(text)) + " " for text in unit_texts]
    unit_topics = assignments["topic"].to_numpy()
    rows = []
    for topic, top_terms in zip(topics["topic"], topics["top_terms"], strict=True):
        members = [padded[i] for i in range(len(padded)) if unit_topics[i] == topic]
        top = {t.strip() for t in str(top_terms).split(",") if t.strip()}
        for frame, terms in zip(frames, seeds, strict=True):
            hits = sum(any(_contains(unit, term) for term in terms) for unit in members)
            shared = sorted(top & set(terms))
            union = top | set(terms)
            rows.append(
                {
                    "topic": int(topic),
                    "frame": frame,
                    "n_units": len(members),
                    "units_with_frame_term": int(hits),
                    "unit_share": hits / len(members) if members else 0.0,
                    "shared_terms": ", ".join(shared),
                    "term_overlap": len(shared) / len(union) if union else 0.0,
                }
            )
    return pd.DataFrame(rows, columns=list(OVERLAP_COLUMNS))
