"""Guided topics: seed BERTopic with the frame lexicons, then measure how topics meet frames."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
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


def _frames_in_units(unit_texts: Sequence[str], seeds: Sequence[Sequence[str]]) -> np.ndarray:
    """Whether each unit contains a term of each frame, as a units x frames boolean matrix.

    A term matches a run of whole tokens (a phrase, the same tokens in a row). Each unit is
    tokenised once, and only the runs starting with the first token of some term are looked
    up, so the cost follows the units' length, not the number of terms.
    """
    frames_of: dict[str, set[int]] = {}
    lengths: dict[str, set[int]] = {}
    for f, terms in enumerate(seeds):
        for term in terms:
            words = term.split(" ")
            frames_of.setdefault(term, set()).add(f)
            lengths.setdefault(words[0], set()).add(len(words))
    spans = {first: sorted(n) for first, n in lengths.items()}
    found = np.zeros((len(unit_texts), len(seeds)), dtype=bool)
    for i, text in enumerate(unit_texts):
        tokens = tokenize(text)
        hit: set[int] = set()
        for start, token in enumerate(tokens):
            for n in spans.get(token, ()):
                if start + n <= len(tokens):
                    hit |= frames_of.get(" ".join(tokens[start : start + n]), set())
        if hit:
            found[i, sorted(hit)] = True
    return found


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
    found = _frames_in_units(unit_texts, seeds)
    unit_topics = assignments["topic"].to_numpy()
    rows = []
    for topic, top_terms in zip(topics["topic"], topics["top_terms"], strict=True):
        members = unit_topics == topic
        n_members = int(members.sum())
        hits_per_frame = found[members].sum(axis=0)
        top = {t.strip() for t in str(top_terms).split(",") if t.strip()}
        for f, (frame, terms) in enumerate(zip(frames, seeds, strict=True)):
            hits = int(hits_per_frame[f])
            shared = sorted(top & set(terms))
            union = top | set(terms)
            rows.append(
                {
                    "topic": int(topic),
                    "frame": frame,
                    "n_units": n_members,
                    "units_with_frame_term": hits,
                    "unit_share": hits / n_members if n_members else 0.0,
                    "shared_terms": ", ".join(shared),
                    "term_overlap": len(shared) / len(union) if union else 0.0,
                }
            )
    return pd.DataFrame(rows, columns=list(OVERLAP_COLUMNS))
