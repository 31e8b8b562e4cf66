"""Tables read off a fitted BERTopic: topics, per-outlet terms, words over time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd
from bertopic import BERTopic

from framing.topics.model import TOP_N_WORDS
from framing.utils.periods import choose_period, period_starts

#: Words in a topic label.
LABEL_WORDS = 3


def topic_words(model: BERTopic, topic: int) -> list[str]:
    """The top words of ``topic`` in its representation, at most ``TOP_N_WORDS`` (empty for a
    topic without representation)."""
    words = model.get_topic(topic) or []
    return [w for w, score in words if w and score > 0][:TOP_N_WORDS]


def topics_table(model: BERTopic, topics: Sequence[int]) -> pd.DataFrame:
    """One row per topic present in ``topics``: label, top terms, size.

    ``label`` is the first three words of the topic's representation (c-TF-IDF candidates
    kept by MMR by default), ``top_terms`` the first ten, comma-separated;
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


@contextmanager
def _model_state_kept(model: BERTopic, topics: Sequence[int]) -> Iterator[None]:
    """Lend ``model`` the assignments ``topics`` and restore its fitted state afterwards.

    BERTopic's ``topics_per_class`` reads ``topics_``, and both it and ``topics_over_time``
    L1-normalise ``c_tf_idf_`` in place; the fitted model is left as it was. The seed words
    of guided modelling are lent away meanwhile: both methods compute c-TF-IDF with the fitted
    transformer (``fit=False``), which never uses the seed-word multiplier, yet BERTopic builds
    it anyway by looking up every word of the vocabulary in the list of seed words, once per
    outlet or period.
    """
    previous_topics, previous_ctfidf = model.topics_, model.c_tf_idf_
    previous_seeds = model.seed_topic_list
    # a copy is lent, so the fitted matrix is never written to, even when a shallow copy of
    # the model (:func:`framing.topics.slices.without`) shares it with the fitted one
    model.topics_, model.c_tf_idf_, model.seed_topic_list = (
        list(topics),
        previous_ctfidf.copy(),
        None,
    )
    try:
        yield
    finally:
        model.topics_, model.c_tf_idf_ = previous_topics, previous_ctfidf
        model.seed_topic_list = previous_seeds


def _rows_follow_topic_ids(model: BERTopic, topics: Sequence[int]) -> bool:
    """Whether row ``topic + outliers`` of ``c_tf_idf_`` is the row of ``topic``.

    BERTopic's global tuning looks topics up by that position, which holds when the topics
    represented are consecutive and those of ``topics`` are all of them.
    """
    represented = sorted(int(t) for t in model.topic_representations_)
    consecutive = represented == list(range(represented[0], represented[0] + len(represented)))
    return consecutive and sorted({int(t) for t in topics}) == represented


def terms_by_outlet(
    model: BERTopic,
    texts: Sequence[str],
    topics: Sequence[int],
    outlets: Sequence[str],
    *,
    backend=None,
) -> pd.DataFrame:
    """Each topic's c-TF-IDF words within each outlet (BERTopic's ``topics_per_class``).

    Words come from the model's own vectorizer (its tokens and stop words). Each outlet's
    c-TF-IDF is averaged with the topic's global one ("global tuning") when the model's rows
    can be matched to topic ids, and used alone otherwise. Rows are sorted by outlet and topic
    (BERTopic's own order varies between processes).

    An outlet's words depend on its own units and the fitted model alone, so the outlets are
    cut into groups of about :data:`~framing.topics.slices.SLICE_UNITS` units, each group a
    task of ``backend`` (default: here, one after another) with the model sent to each worker
    once; the table is the same whatever the groups.

    Returns
    -------
    DataFrame
        Columns ``outlet``, ``topic``, ``top_terms``, ``n_units``.
    """
    from framing.topics import slices

    classes = pd.Series([str(o) for o in outlets], dtype=object)
    texts = np.asarray(texts, dtype=object)
    topics = np.asarray([int(t) for t in topics])
    tuning = _rows_follow_topic_ids(model, topics)  # of every unit, not of a group's
    items = (
        (texts[rows], topics[rows], classes.to_numpy()[rows])
        for rows in class_groups(classes, slices.SLICE_UNITS)
    )
    light = slices.without(model, "umap_model", "hdbscan_model")  # MMR embeds words: keep it
    parts = list(slices.with_model(_terms_of_classes, light, items, backend, tuning))
    if not parts:
        return pd.DataFrame(columns=["outlet", "topic", "top_terms", "n_units"])
    table = pd.concat(parts, ignore_index=True)
    table = table.rename(
        columns={"Class": "outlet", "Topic": "topic", "Words": "top_terms", "Frequency": "n_units"}
    )
    table = table[["outlet", "topic", "top_terms", "n_units"]].astype(
        {"topic": int, "n_units": int}
    )
    return table.sort_values(["outlet", "topic"], kind="mergesort").reset_index(drop=True)


def class_groups(classes: pd.Series, size: int) -> list[np.ndarray]:
    """Positions of the units of consecutive classes (sorted), a group closed once it holds
    ``size`` units or more; every class whole in one group.

    Examples
    --------
    >>> [g.tolist() for g in class_groups(pd.Series(["b", "a", "b", "c"]), 2)]
    [[0, 1, 2], [3]]
    """
    codes, names = pd.factorize(classes, sort=True)
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=len(names))
    groups, start, held = [], 0, 0
    for code, count in enumerate(counts.tolist()):
        held += count
        if held >= size or code == len(counts) - 1:
            end = start + held
            groups.append(np.sort(order[start:end]))
            start, held = end, 0
    return groups


def _terms_of_classes(item: tuple, model: BERTopic, global_tuning: bool) -> pd.DataFrame:
    """``topics_per_class`` of one group of classes (a task)."""
    texts, topics, classes = item
    with _model_state_kept(model, topics):
        return model.topics_per_class(
            list(texts), classes=list(classes), global_tuning=global_tuning
        )


def words_over_time(
    model: BERTopic, texts: Sequence[str], topics: Sequence[int], periods: Sequence[str]
) -> pd.DataFrame:
    """Each topic's c-TF-IDF words within each period (BERTopic's ``topics_over_time``).

    Words come from the model's own vectorizer (its tokens and stop words), averaged with the
    topic's global c-TF-IDF when the model's rows can be matched to topic ids. Units without a
    period take part in that matching only (BERTopic finds a topic's global row by its rank
    among the topics it is given) and give no row of their own.

    Returns
    -------
    DataFrame
        Columns ``period``, ``topic``, ``top_terms``, sorted.
    """
    keep = np.array([p is not None and p == p for p in periods])
    if not keep.any():
        return pd.DataFrame(columns=["period", "topic", "top_terms"])
    # integer timestamps: BERTopic 0.17 parses string ones with an argument pandas 2 removed;
    # units without a period get the number -1, whose rows are dropped
    ordered = sorted({str(p) for p, k in zip(periods, keep, strict=True) if k})
    number = {p: i for i, p in enumerate(ordered)}
    stamps = [number[str(p)] if k else -1 for p, k in zip(periods, keep, strict=True)]
    topics = [int(t) for t in topics]
    with _model_state_kept(model, topics):
        table = model.topics_over_time(
            list(texts),
            stamps,
            topics=topics,
            global_tuning=_rows_follow_topic_ids(model, topics),
            evolution_tuning=False,
        )
    table = table[table["Timestamp"] >= 0].copy()
    table["Timestamp"] = [ordered[int(t)] for t in table["Timestamp"]]
    table = table.rename(columns={"Timestamp": "period", "Topic": "topic", "Words": "top_terms"})
    table = table[["period", "topic", "top_terms"]].astype({"period": str, "topic": int})
    return table.sort_values(["period", "topic"], kind="mergesort").reset_index(drop=True)


def period_labels(dates: pd.Series, period: str = "auto") -> pd.Series:
    """Period of each date, named by its first day (``YYYY-MM-DD``), by the rule the frames over
    time use too (:func:`framing.utils.periods.choose_period`); missing dates give None.

    ``period`` may force ``"day"``, ``"week"`` or ``"month"``.
    """
    starts = period_starts(dates, choose_period(dates, period))
    labels = starts.dt.strftime("%Y-%m-%d")
    return labels.astype(object).where(starts.notna(), None)
