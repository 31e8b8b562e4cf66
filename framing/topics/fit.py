"""``fit_topics``: fit BERTopic on a corpus' units and describe it, in one call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing.topics.describe import describe_topics
from framing.topics.fit_model import fit_topic_model
from framing.topics.params import ONLINE_UNITS, SMALL_CORPUS_UNITS, STABILITY_UNITS
from framing.topics.result import TopicResult


def fit_topics(
    documents: pd.DataFrame,
    units: pd.DataFrame,
    *,
    unit: str = "paragraph",
    embedding_model: Any = None,
    umap_model: Any = None,
    hdbscan_model: Any = None,
    vectorizer_model: Any = None,
    representation_model: Any = None,
    seed_topics: Mapping[str, Iterable[str]] | None = None,
    random_state: int = 0,
    cache_dir: str | Path | None = None,
    reduction: str = "auto",
    stability_seeds: Sequence[int] = (1, 2, 3),
    n_boot: int = 1000,
    outlier_threshold: float = 0.0,
    distribution: bool = True,
    small_corpus_units: int = SMALL_CORPUS_UNITS,
    online_units: int = ONLINE_UNITS,
    batch_size: int = 5_000,
    min_articles: int = 2,
    stability_units: int = STABILITY_UNITS,
    backend=None,
) -> TopicResult:
    """Fit BERTopic on paragraphs or sentences and report topics per outlet, event and period.

    The one-call form of :func:`framing.topics.fit_topic_model` (fitting) followed by
    :func:`framing.topics.describe_topics` (shares, topics over time, prevalence, stability).
    Parameters are adapted to the corpus size (:func:`framing.topics.params.adapt_parameters`):
    k-means with k chosen by silhouette on small corpora, UMAP + HDBSCAN with outlier
    reduction on medium ones, online ``partial_fit`` on large ones.

    As in BERTopic, any step can be swapped by passing its sub-model: ``embedding_model``,
    ``umap_model`` (dimension reduction), ``hdbscan_model`` (clustering),
    ``vectorizer_model`` (the bag of words of c-TF-IDF) and ``representation_model`` (topic
    words). A supplied sub-model is used as given and recorded by class name in
    ``info["sub_models"]`` and :attr:`TopicResult.summary_record
    <framing.topics.result.TopicResult.summary_record>`; the steps left None keep their
    size-adaptive defaults. A sub-model of the wrong kind is a one-line
    :class:`~framing.errors.ConfigError`.

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` table (``doc_id``, ``outlet``; ``event``, ``date``, ``language`` used
        when present).
    units : DataFrame
        The ``paragraphs`` or ``sentences`` table.
    unit : {"paragraph", "sentence"}, default="paragraph"
    embedding_model : str or object, optional
        None for the offline TF-IDF/SVD embedding fitted on the corpus; a sentence-transformers
        model name or local path; or a model object with ``encode(texts)``, or a scikit-learn
        transformer or pipeline (fitted on the units if it is not fitted yet).
    umap_model : object, optional
        Dimension reduction with ``fit`` and ``transform`` (e.g. ``UMAP(...)``, ``PCA(5)``);
        None for the size-adaptive choice (see ``reduction``).
    hdbscan_model : object, optional
        Cluster model whose ``fit`` sets ``labels_`` (e.g. ``HDBSCAN(...)``, ``KMeans(8)``);
        None for silhouette-chosen k-means on small corpora and HDBSCAN on larger ones.
    vectorizer_model : object, optional
        A ``CountVectorizer`` for c-TF-IDF; None for the project's tokens, unigrams and
        bigrams, without the stop words of the corpus' languages.
    representation_model : BERTopic representation model, optional
        E.g. ``MaximalMarginalRelevance(diversity=0.3)``, or a list or dict of them; None keeps
        the c-TF-IDF words.
    seed_topics : mapping of str to iterable of str, optional
        Frame id -> lexicon terms, for guided topic modelling and the frame overlap table.
    random_state : int, default=0
        Seed of every random step; the same input and seed give identical tables.
    cache_dir : path, optional
        Embedding cache folder; None disables caching.
    reduction : {"auto", "umap", "pca"}, default="auto"
        Shortcut for the default ``umap_model`` in batch mode ("auto": PCA on small corpora,
        else UMAP); give it or ``umap_model``, not both.
    stability_seeds : sequence of int, default=(1, 2, 3)
        Seeds of the refits whose adjusted Rand index is reported (empty to skip).
    n_boot : int, default=1000
        Bootstrap replicates for share intervals.
    outlier_threshold : float, default=0.0
        c-TF-IDF similarity a unit needs to leave topic -1 in outlier reduction.
    distribution : bool, default=True
        Also compute shares from ``approximate_distribution``.
    small_corpus_units, online_units, batch_size : int
        Size thresholds and online batch size.
    min_articles : int, default=2
        Fewest articles an outlet needs to enter the prevalence model; smaller outlets are
        described (shares) but left out of every coefficient and p-value.
    stability_units : int, default=:data:`~framing.topics.params.STABILITY_UNITS`
        Most units the stability refits are fitted on; a larger corpus is refitted on a random
        sample of whole articles (reproducible from ``random_state``), as ``info["notes"]``
        says.
    backend : LocalBackend or DaskBackend, optional
        Where the work on every unit runs once the model is fitted (:mod:`framing.backends`;
        default here): the online fit's assignment pass, the topic distributions
        (:func:`~framing.topics.fit_model.fit_topic_model`) and the words per outlet
        (:func:`~framing.topics.terms.terms_by_outlet`). The tables are the same on either.
        On Dask the fitted model goes to the workers (pickled, with its embedding model for
        the words per outlet), so a supplied sub-model must pickle.

    Returns
    -------
    TopicResult

    See Also
    --------
    fit_topic_model : The fitting step alone, returning a ``TopicFit``.
    describe_topics : Every table from a ``TopicFit``.

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.

    Examples
    --------
    A toy corpus: four articles of two outlets, about missiles or about friendship.

    >>> import pandas as pd
    >>> themes = {"m": "uji rudal balistik, rudal", "f": "kunjungan persahabatan, sambutan"}
    >>> documents = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["X", "X", "Y", "Y"]})
    >>> paragraphs = pd.DataFrame(
    ...     {"doc_id": d, "paragraph_id": f"{d}:p{i}", "text": f"{themes[t]} {d}{i}"}
    ...     for d in "abcd"
    ...     for i, t in enumerate("mfmf")
    ... )
    >>> result = fit_topics(documents, paragraphs, stability_seeds=(), n_boot=100)
    >>> result.summary_record.reduction, result.summary_record.clustering
    ('pca', 'kmeans')

    Swapping steps as in BERTopic: PCA for UMAP, and k-means with two clusters for HDBSCAN
    (any object with the same methods would do, e.g. ``TruncatedSVD`` or
    ``AgglomerativeClustering``):

    >>> from sklearn.cluster import KMeans
    >>> from sklearn.decomposition import PCA
    >>> result = fit_topics(
    ...     documents,
    ...     paragraphs,
    ...     umap_model=PCA(5),
    ...     hdbscan_model=KMeans(2, random_state=0),
    ...     stability_seeds=(1,),
    ...     n_boot=100,
    ... )
    >>> record = result.summary_record
    >>> record.reduction, record.clustering, record.n_topics, record.supplied
    ('PCA', 'KMeans', 2, ('umap_model', 'hdbscan_model'))
    >>> result.model.umap_model
    PCA(n_components=5)
    >>> sorted(result.topics["label"])
    ['persahabatan, kunjungan persahabatan, persahabatan sambutan', 'rudal, balistik rudal, uji']
    """
    fit = fit_topic_model(
        documents,
        units,
        unit=unit,
        embedding_model=embedding_model,
        umap_model=umap_model,
        hdbscan_model=hdbscan_model,
        vectorizer_model=vectorizer_model,
        representation_model=representation_model,
        seed_topics=seed_topics,
        reduction=reduction,
        random_state=random_state,
        cache_dir=cache_dir,
        outlier_threshold=outlier_threshold,
        distribution=distribution,
        small_corpus_units=small_corpus_units,
        online_units=online_units,
        batch_size=batch_size,
        backend=backend,
    )
    return describe_topics(
        fit,
        stability_seeds=stability_seeds,
        n_boot=n_boot,
        min_articles=min_articles,
        random_state=random_state,
        stability_units=stability_units,
        backend=backend,
    )
