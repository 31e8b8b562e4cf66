"""Tables read off a fitted BERTopic: topics, per-outlet terms, words over time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from bertopic import BERTopic

#: Words in a topic label.
LABEL_WORDS = 3


def topic_words(model: BERTopic, topic: int) -> list[str]:
    """The c-TF-IDF top words of ``topic`` (empty for a topic without representation)."""
    words = model.get_topic(topic) or []
    return [w for w, score in words if w and score > 0]


def topics_table(model: BERTopic, topics: Sequence[int]) -> pd.DataFrame:
    """One row per topic present in ``topics``: label, top terms, size.

    ``label`` is the first three c-TF-IDF words, ``top_terms`` the first ten, comma-separated;
    topic -1 (outliers left after reduction) is labelled "outliers".

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.
    """
    counts = pd.Series(list(topics)).value_counts()
    rows = []
    for topic in sorted(counts.index):
        words = topic_words(model, int(topic))
        label = "outliers" if topic == -1 else ", ".join(words[:LABEL_WORDS]) or f"topic {topic}"
        rows.append(
            {
                "topic": int(topic),
                "label": label,
                "top_terms": ", ".join(words),
                "n_units": int(counts[topic]),
                "share_units": float(counts[topic] / len(topics)),
            }
        )
    return pd.DataFrame(rows, columns=["topic", "label", "top_terms", "n_units", "share_units"])


def terms_by_outlet(
    model: BERTopic, texts: Sequence[str], topics: Sequence[int], outlets: Sequence[str]
) -> pd.DataFrame:
    """Each topic's c-TF-IDF words within each outlet (BERTopic's ``topics_per_class``).

    Rows are sorted by outlet and topic (BERTopic's own order varies between processes).

    Returns
    -------
    DataFrame
        Columns ``outlet``, ``topic``, ``top_terms``, ``n_units``.
    """
    previous = model.topics_
    model.topics_ = list(topics)
    try:
        table = model.topics_per_class(list(texts), classes=[str(o) for o in outlets])
    finally:
        model.topics_ = previous
    table = table.rename(
        columns={"Class": "outlet", "Topic": "topic", "Words": "top_terms", "Frequency": "n_units"}
    )
    table["top_terms"] = table["top_terms"].str.replace(", ", ", ", regex=False)
    table = table[["outlet", "topic", "top_terms", "n_units"]].astype(
        {"topic": int, "n_units": int}
    )
    return table.sort_values(["outlet", "topic"], kind="mergesort").reset_index(drop=True)


def words_over_time(
    model: BERTopic, texts: Sequence[str], topics: Sequence[int], periods: Sequence[str]
) -> pd.DataFrame:
    """Each topic's c-TF-IDF words within each period (BERTopic's ``topics_over_time``).

    Returns
    -------
    DataFrame
        Columns ``period``, ``topic``, ``top_terms``, sorted.
    """
    keep = np.array([p is not None and p == p for p in periods])
    if not keep.any():
        return pd.DataFrame(columns=["period", "topic", "top_terms"])
    kept_topics = [int(t) for t, k in zip(topics, keep, strict=True) if k]
    kept_texts = [t for t, k in zip(texts, keep, strict=True) if k]
    kept_periods = [str(p) for p, k in zip(periods, keep, strict=True) if k]
    # integer timestamps: BERTopic 0.17 parses string ones with an argument pandas 2 removed
    ordered = sorted(set(kept_periods))
    number = {p: i for i, p in enumerate(ordered)}
    table = model.topics_over_time(
        kept_texts,
        [number[p] for p in kept_periods],
        topics=kept_topics,
        global_tuning=True,
        evolution_tuning=False,
    )
    table["Timestamp"] = [ordered[int(t)] for t in table["Timestamp"]]
    table = table.rename(columns={"Timestamp": "period", "Topic": "topic", "Words": "top_terms"})
    table = table[["period", "topic", "top_terms"]].astype({"period": str, "topic": int})
    return table.sort_values(["period", "topic"], kind="mergesort").reset_index(drop=True)


def period_labels(dates: pd.Series, freq: str = "auto") -> pd.Series:
    """Period of each date as a string: days when the dates span two months or less, else months.

    Missing dates give missing periods. ``freq`` may force a pandas period code ("D", "W",
    "M", "Y").
    """
    dates = pd.to_datetime(dates, errors="coerce")
    if freq == "auto":
        span = (dates.max() - dates.min()).days if dates.notna().any() else 0
        freq = "D" if span <= 62 else "M"
    labels = dates.dt.to_period(freq).astype(str)
    return labels.where(dates.notna(), None)
