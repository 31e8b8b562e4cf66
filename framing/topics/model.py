"""Build and fit BERTopic from swappable parts chosen by :mod:`framing.topics.params`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from bertopic import BERTopic
from bertopic.representation import MaximalMarginalRelevance
from bertopic.vectorizers import ClassTfidfTransformer
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import CountVectorizer

from framing.corpus.tokens import TERM_PATTERN
from framing.topics.clustering import SilhouetteKMeans
from framing.topics.params import TopicParameters

#: Words per topic in its representation (``top_terms``).
TOP_N_WORDS = 10
#: Candidate words per topic from c-TF-IDF, among which the representation keeps TOP_N_WORDS.
CANDIDATE_WORDS = 30
#: Diversity of the default representation (0: the c-TF-IDF order; 1: the most diverse).
MMR_DIVERSITY = 0.3


def build_representation() -> MaximalMarginalRelevance:
    """The default representation: Maximal Marginal Relevance over the c-TF-IDF candidates.

    Of the :data:`CANDIDATE_WORDS` best c-TF-IDF words of a topic, keeps the
    :data:`TOP_N_WORDS` that are close to the topic (the embedding of all candidates
    together) and far from the words kept before, so that a label is not one word three times
    ("persahabatan, kunjungan persahabatan, persahabatan sambutan"). Words are embedded with
    the model's own embedding, offline by default; they keep their c-TF-IDF order.

    References
    ----------
    Carbonell, J., & Goldstein, J. (1998). The use of MMR, diversity-based reranking for
    reordering documents and producing summaries. *SIGIR '98*, 335–336.

    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794 (its ``MaximalMarginalRelevance`` representation).
    """
    return MaximalMarginalRelevance(diversity=MMR_DIVERSITY, top_n_words=TOP_N_WORDS)


def build_reducer(params: TopicParameters, n_dims: int, random_state: int):
    """The dimension reduction for batch mode: UMAP (cosine) or PCA, capped at ``n_dims``.

    UMAP starts from the units' principal components (``init="pca"``), not from its default
    spectral layout: the spectral layout of a graph of several components (copies of one
    paragraph make one each) calls ARPACK, whose restarts draw from a generator it keeps
    between calls, so the same units and seed gave other topics in another process (a third
    of the units of an 80-article corpus moved between two identical runs). An informative
    initialisation such as PCA keeps UMAP's global structure as well as the spectral one
    (Kobak & Linderman 2021).

    References
    ----------
    McInnes, L., Healy, J., & Melville, J. (2018). UMAP: Uniform Manifold Approximation and
    Projection for Dimension Reduction. arXiv:1802.03426.

    Kobak, D., & Linderman, G. C. (2021). Initialization is critical for preserving global
    data structure in both t-SNE and UMAP. Nature Biotechnology, 39(2), 156-157.
    """
    n_components = max(1, min(params.n_components, n_dims, params.n_units - 1))
    if params.reduction == "pca":
        return PCA(n_components=n_components, random_state=random_state)
    from umap import UMAP

    return UMAP(
        n_neighbors=params.n_neighbors,
        n_components=n_components,
        min_dist=0.0,
        metric="cosine",
        random_state=random_state,
        low_memory=True,
        init="pca",  # reproducible across processes (see above)
    )


def build_clusterer(params: TopicParameters, random_state: int):
    """The cluster model for batch mode: silhouette-chosen k-means or HDBSCAN.

    References
    ----------
    Campello, R. J. G. B., Moulavi, D., & Sander, J. (2013). Density-based clustering based on
    hierarchical density estimates. PAKDD 2013, 160-172.
    """
    if params.clustering == "kmeans":
        return SilhouetteKMeans(k_range=params.k_range, random_state=random_state)
    from hdbscan import HDBSCAN

    return HDBSCAN(
        min_cluster_size=params.min_cluster_size,
        metric="euclidean",
        cluster_selection_method="eom",
        prediction_data=True,
    )


def build_vectorizer(stop_words: Sequence[str]) -> CountVectorizer:
    """The c-TF-IDF vocabulary: words with a letter (no bare numbers), unigrams and bigrams,
    no stop words."""
    return CountVectorizer(
        lowercase=True,
        token_pattern=TERM_PATTERN,
        stop_words=list(stop_words) or None,
        ngram_range=(1, 2),
    )


def build_topic_model(
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
    """Assemble a batch-mode BERTopic from the parts :func:`adapt_parameters` chose.

    A part given as an object is used as it is, in place of the one ``params`` would build.

    Parameters
    ----------
    params : TopicParameters
    embedder : Pipeline or SentenceTransformer
        Passed explicitly as ``embedding_model`` (BERTopic never picks one itself).
    n_dims : int
        Dimensions of the unit embeddings.
    stop_words : sequence of str
    seed_topic_list : list of list of str, optional
        Guided topic modelling seeds.
    random_state : int, default=0
    umap_model, hdbscan_model, vectorizer_model : object, optional
        Replace :func:`build_reducer`, :func:`build_clusterer`, :func:`build_vectorizer`.
    representation_model : BERTopic representation model, optional
        Fine-tunes the topic words; None for :func:`build_representation` (MMR).

    Returns
    -------
    BERTopic
        Unfitted.

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.
    """
    if umap_model is None:
        umap_model = build_reducer(params, n_dims, random_state)
    if hdbscan_model is None:
        hdbscan_model = build_clusterer(params, random_state)
    if vectorizer_model is None:
        vectorizer_model = build_vectorizer(stop_words)
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


def fit_batch(
    model: BERTopic,
    texts: list[str],
    embeddings: np.ndarray,
    *,
    outlier_threshold: float = 0.0,
) -> tuple[list[int], float]:
    """Fit ``model`` in one pass and reassign outliers by c-TF-IDF similarity.

    Outliers (topic -1, from HDBSCAN) are moved to the topic whose c-TF-IDF representation is
    most similar to them when that similarity exceeds ``outlier_threshold``; with the default 0
    only units sharing no vocabulary with any topic stay outliers. Topic representations are
    then recomputed on the new assignments.

    Returns
    -------
    topics : list of int
        Topic of each unit after outlier reduction.
    outlier_share_before : float
        Share of units in topic -1 before reduction.
    """
    topics, _ = model.fit_transform(texts, embeddings=embeddings.copy())
    topics = [int(t) for t in topics]
    before = float(np.mean(np.asarray(topics) == -1))
    n_topics = len(set(topics) - {-1})
    if before > 0 and n_topics > 0:
        topics = model.reduce_outliers(
            texts, topics, strategy="c-tf-idf", threshold=outlier_threshold
        )
        topics = [int(t) for t in topics]
        refit_representations(model, texts, topics)
    return topics, before


def refit_representations(model: BERTopic, texts: list[str], topics: list[int]) -> None:
    """Recompute c-TF-IDF topic representations for new assignments with the model's own parts.

    BERTopic's ``update_topics`` replaces every representation part it is not given with a
    default (a plain ``CountVectorizer`` without stop words, a plain c-TF-IDF), so it is called
    with the model's configured vectorizer, c-TF-IDF and representation models: the labels keep
    the project's tokens, n-grams and stop words.

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.decomposition import TruncatedSVD
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> texts = ["the rocket and the launch"] * 3 + ["the bank and the trade"] * 3
    >>> model = BERTopic(
    ...     embedding_model=make_pipeline(TfidfVectorizer(), TruncatedSVD(2, random_state=0)),
    ...     umap_model=PCA(2), hdbscan_model=SilhouetteKMeans(k_range=(2,)),
    ...     vectorizer_model=build_vectorizer(["the", "and"]),
    ... ).fit(texts)
    >>> refit_representations(model, texts, [0, 0, 0, 1, 1, 1])
    >>> sorted(w for t in (0, 1) for w, _ in model.get_topic(t) if w in ("the", "and"))
    []
    """
    model.update_topics(
        texts,
        topics=topics,
        top_n_words=model.top_n_words,
        vectorizer_model=model.vectorizer_model,
        ctfidf_model=model.ctfidf_model,
        representation_model=model.representation_model,
    )
