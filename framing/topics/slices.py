"""Work on every unit of a fitted topic model, in slices of units that a backend runs.

A unit's topic (BERTopic's ``transform``) and its topic distribution
(``approximate_distribution``) depend on that unit and the fitted model alone. The units are
cut into consecutive slices, each slice is a task of the run's backend
(:mod:`framing.backends`: in the run's process, or on a Dask worker) and the model is sent to
each worker once. Joined in order, the slices' results are those of one pass over every unit:
a slice is a whole number of the batches ``approximate_distribution`` works in, and the online
fit's assignment pass already worked batch by batch.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

#: Units in a batch of ``approximate_distribution`` (BERTopic's default, kept by framing).
DISTRIBUTION_BATCH = 1_000
#: Units per task of the distributions: a whole number of batches, and enough work per task
#: (seconds) that sending the slice costs little beside it.
SLICE_UNITS = 20 * DISTRIBUTION_BATCH


def unit_slices(n_units: int, size: int) -> list[slice]:
    """Consecutive slices of ``size`` units (the last may be shorter).

    Examples
    --------
    >>> unit_slices(5, 2)
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    >>> unit_slices(0, 2)
    []
    """
    return [slice(start, min(start + size, n_units)) for start in range(0, n_units, size)]


def without(model, *parts: str):
    """A shallow copy of ``model`` without ``parts``: what a slice's task needs of it.

    The embedding model, the representation and (for the distributions) the fitted reduction
    and clusterer are not read by the slice's work; a batch fit's UMAP and HDBSCAN hold data
    of the size of the corpus, which would otherwise be sent to every worker.
    """
    light = copy.copy(model)
    for part in parts:
        setattr(light, part, None)
    return light


def with_model(work: Callable, model, items: Iterable, backend, *also: object) -> Iterator:
    """``work(item, model, *also)`` for each item on ``backend`` (default here), in order; the
    model is sent to each worker once."""
    from framing.backends import or_local

    backend = or_local(backend)
    yield from backend.map(work, items, backend.share(model), *also)


def _in_slices(
    work: Callable, model, slices: Sequence[slice], columns: Sequence, backend
) -> Iterator:
    """``work((column[s] for column in columns), model)`` for each slice ``s``, in order."""
    items = (tuple(column[part] for column in columns) for part in slices)
    yield from with_model(work, model, items, backend)


def _distribution_of(item: tuple, model) -> np.ndarray:
    """The topic distributions of one slice of units (a task)."""
    (texts,) = item
    distribution, _ = model.approximate_distribution(list(texts), batch_size=DISTRIBUTION_BATCH)
    return np.asarray(distribution)


def topic_distributions(model, texts: Sequence[str], *, backend=None) -> np.ndarray:
    """``model.approximate_distribution(texts)`` computed slice by slice on ``backend``.

    Equal to one call over every text with BERTopic's batches of
    :data:`DISTRIBUTION_BATCH`: each unit's distribution is the c-TF-IDF similarity of its
    token windows to the topics (Grootendorst 2022, "approximate distribution"), whatever the
    other units of its batch.

    Parameters
    ----------
    model : BERTopic
        Fitted.
    texts : sequence of str
        The units.
    backend : LocalBackend or DaskBackend, optional
        Where the slices run (default: here, one after another).

    Returns
    -------
    ndarray of shape (n_units, n_topics)
        Rows in the order of ``texts``.

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.
    """
    texts = np.asarray(texts, dtype=object)
    light = without(model, "embedding_model", "umap_model", "hdbscan_model", "representation_model")
    parts = list(
        _in_slices(_distribution_of, light, unit_slices(len(texts), SLICE_UNITS), [texts], backend)
    )
    if not parts:
        return np.zeros((0, len(model.topic_representations_) - model._outliers))
    return np.vstack(parts)


def _topics_of(item: tuple, model) -> list[int]:
    """The topics of one slice of units, from their embeddings (a task)."""
    texts, embeddings = item
    predicted, _ = model.transform(list(texts), embeddings=embeddings)
    return [int(t) for t in predicted]


def assigned_topics(
    model, texts: Sequence[str], embeddings: np.ndarray, slices: Sequence[slice], *, backend=None
) -> list[int]:
    """``model.transform`` of each slice of units on ``backend``: the topic of every unit.

    Parameters
    ----------
    model : BERTopic
        Fitted; its reduction and clusterer assign a unit from its embedding.
    texts : sequence of str
    embeddings : ndarray of shape (n_units, n_dims)
    slices : sequence of slice
        The slices to transform, covering the units in order.
    backend : LocalBackend or DaskBackend, optional
        Where the slices run (default: here, one after another).
    """
    texts = np.asarray(texts, dtype=object)
    light = without(model, "embedding_model", "representation_model")
    topics: list[int] = []
    for part in _in_slices(_topics_of, light, slices, [texts, embeddings], backend):
        topics.extend(part)
    return topics
