"""Online topic modelling for large corpora: ``partial_fit`` in batches, memory bounded by one."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from bertopic import BERTopic
from bertopic.vectorizers import ClassTfidfTransformer, OnlineCountVectorizer
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import IncrementalPCA

from framing.corpus.tokens import TERM_PATTERN
from framing.topics.model import CANDIDATE_WORDS, build_representation
from framing.topics.params import TopicParameters
from framing.topics.slices import assigned_topics


def build_online_model(
    params: TopicParameters,
    embedder,
    n_dims: int,
    *,
    stop_words: Sequence[str] = (),
    seed_topic_list: list[list[str]] | None = None,
    random_state: int = 0,
    umap_model=None,
    hdbscan_model=None,
    vectorizer_model=None,
    representation_model=None,
) -> BERTopic:
    """BERTopic with IncrementalPCA, MiniBatchKMeans and an OnlineCountVectorizer.

    Every part supports ``partial_fit``, so each batch updates the model without holding the
    whole corpus' intermediate matrices. Unigrams only, and words seen in fewer than 0.1% of
    a batch's topics are dropped (``delete_min_df``), to bound the vocabulary. A part given as
    an object replaces the default one (the cluster model and the vectorizer need
    ``partial_fit``; a reduction without it is fitted on the first batch only).

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794 (section "online topic modeling" of its documentation).
    Sculley, D. (2010). Web-scale k-means clustering. WWW 2010, 1177-1178.
    """
    if umap_model is None:
        umap_model = IncrementalPCA(n_components=max(1, min(params.n_components, n_dims)))
    if hdbscan_model is None:
        hdbscan_model = MiniBatchKMeans(
            n_clusters=params.n_clusters, random_state=random_state, n_init=3, batch_size=1024
        )
    if vectorizer_model is None:
        vectorizer_model = OnlineCountVectorizer(
            token_pattern=TERM_PATTERN,
            stop_words=list(stop_words) or None,
            lowercase=True,
            delete_min_df=1e-3,
        )
    if representation_model is None:
        representation_model = build_representation()
    return BERTopic(
        embedding_model=embedder,
        umap_model=umap_model,
        hdbscan_model=hdbscan_model,
        vectorizer_model=vectorizer_model,
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        representation_model=representation_model,
        seed_topic_list=seed_topic_list,
        top_n_words=CANDIDATE_WORDS,
        calculate_probabilities=False,
    )


def batch_slices(n_units: int, batch_size: int, min_batch: int) -> list[slice]:
    """Consecutive slices of ``batch_size``; a last batch under ``min_batch`` joins the previous.

    Examples
    --------
    >>> batch_slices(10, 4, 3)
    [slice(0, 4, None), slice(4, 10, None)]
    """
    starts = list(range(0, n_units, batch_size))
    slices = [slice(s, min(s + batch_size, n_units)) for s in starts]
    if len(slices) > 1 and slices[-1].stop - slices[-1].start < min_batch:
        last = slices.pop()
        slices[-1] = slice(slices[-1].start, last.stop)
    return slices


def fit_online(
    model: BERTopic, texts: list[str], embeddings: np.ndarray, batch_size: int, *, backend=None
) -> list[int]:
    """Fit ``model`` with ``partial_fit`` batch by batch, then assign every unit to a topic.

    During online fitting each batch is labelled by the centroids of that moment; the final
    assignments come from one more pass with the final model (``transform``), so every unit
    is judged by the same model. The fit is sequential by construction (each batch updates
    the model the next one sees); the assignment pass runs batch by batch on ``backend``
    (:func:`framing.topics.slices.assigned_topics`), on the workers with the dask backend.

    Returns
    -------
    list of int
        Topic of each unit (online k-means has no outliers).
    """
    min_batch = max(
        int(getattr(model.umap_model, "n_components", None) or 1),
        int(getattr(model.hdbscan_model, "n_clusters", None) or 1),
    )
    slices = batch_slices(len(texts), batch_size, min_batch)
    for part in slices:
        model.partial_fit(texts[part], embeddings=embeddings[part].copy())
    return assigned_topics(model, texts, embeddings, slices, backend=backend)
