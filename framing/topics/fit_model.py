"""``fit_topic_model``: embed a corpus' units and fit BERTopic on them, swappable part by part."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.corpus.stopwords import has_stop_words
from framing.corpus.stopwords import stop_words as shipped_stop_words
from framing.errors import ConfigError
from framing.topics.embeddings import embed_units
from framing.topics.guided import seed_topic_list
from framing.topics.params import ONLINE_UNITS, SMALL_CORPUS_UNITS, adapt_parameters
from framing.topics.recipe import TopicRecipe
from framing.topics.shares import assignment_weights, distribution_weights
from framing.topics.slices import topic_distributions
from framing.topics.submodels import SUB_MODELS, check_sub_model, class_name
from framing.topics.topic_fit import TopicFit
from framing.topics.units import map_coordinates, unit_table


def _is_object(embedding_model: Any) -> bool:
    return embedding_model is not None and not isinstance(embedding_model, str)


def _weights(
    model, texts: list[str], topics: list[int], distribution: bool, notes: list[str], backend
):
    """Assignment (and distribution) weights, and each unit's weight on its own topic."""
    topic_ids = sorted(set(topics))
    weights = {"assignment": (assignment_weights(topics, topic_ids), topic_ids)}
    probability = np.ones(len(texts))
    if distribution and not any(t != -1 for t in topics):
        notes.append(
            "no topic found (every unit is an outlier): approximate_distribution skipped, "
            "probability is 1.0 for every unit"
        )
    elif distribution:
        fitted_ids = sorted(t for t in model.topic_representations_ if t != -1)
        dist = topic_distributions(model, texts, backend=backend)
        dist_weights, dist_ids = distribution_weights(dist, fitted_ids)
        weights["distribution"] = (dist_weights, dist_ids)
        column = {t: j for j, t in enumerate(dist_ids)}
        probability = dist_weights[np.arange(len(texts)), [column.get(t, 0) for t in topics]]
    else:
        notes.append(
            "approximate_distribution skipped (distribution=False): probability is 1 for every unit"
        )
    return weights, probability


def _stop_words(languages: list[str], notes: list[str]) -> list[str]:
    """The shipped stop words of ``languages`` (of Indonesian and English when none has a list),
    with a note naming the languages that have none."""
    shipped = [code for code in languages if has_stop_words(code)]
    missing = [code for code in languages if not has_stop_words(code) and code != "und"]
    if missing:
        notes.append(
            f"no stop-word list for {', '.join(missing)}: its function words may label topics "
            "(give a vectorizer_model with stop words to remove them)"
        )
    return shipped_stop_words(shipped or ["id", "en"])


def fit_topic_model(
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
    reduction: str = "auto",
    random_state: int = 0,
    cache_dir: str | Path | None = None,
    outlier_threshold: float = 0.0,
    distribution: bool = True,
    small_corpus_units: int = SMALL_CORPUS_UNITS,
    online_units: int = ONLINE_UNITS,
    batch_size: int = 5_000,
    backend=None,
) -> TopicFit:
    """Fit BERTopic on paragraphs or sentences: the fitting half of :func:`fit_topics`.

    Each of BERTopic's sub-models may be supplied as an object, exactly as BERTopic accepts
    it; a sub-model left None is chosen by the size of the corpus
    (:func:`framing.topics.params.adapt_parameters`) and a supplied one is never overridden.
    The tables are computed from the returned fit by :mod:`framing.topics.describe`.

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
        model name or local path; or a model with ``encode(texts)`` or a scikit-learn
        transformer (fitted on the units if it is not fitted yet).
    umap_model : object, optional
        Dimension reduction with ``fit`` and ``transform`` (``UMAP``, ``PCA`` …); None for PCA
        on small corpora and UMAP on larger ones (see ``reduction``).
    hdbscan_model : object, optional
        Cluster model with ``fit`` setting ``labels_`` (``HDBSCAN``, ``KMeans`` …); None for
        silhouette-chosen k-means on small corpora and HDBSCAN on larger ones.
    vectorizer_model : object, optional
        The bag of words of c-TF-IDF (a ``CountVectorizer``); None for the project's tokens,
        unigrams and bigrams, without the stop words of the corpus' languages.
    representation_model : BERTopic representation model, optional
        Fine-tunes each topic's words (``MaximalMarginalRelevance``, ``KeyBERTInspired``, or a
        list or dict of them); None keeps the c-TF-IDF words.
    seed_topics : mapping of str to iterable of str, optional
        Frame id -> lexicon terms, for guided topic modelling.
    reduction : {"auto", "umap", "pca"}, default="auto"
        Shortcut for the default ``umap_model`` ("auto": PCA on small corpora, else UMAP).
    random_state : int, default=0
        Seed of every default random step.
    cache_dir : path, optional
        Embedding cache folder; None disables caching.
    outlier_threshold : float, default=0.0
        c-TF-IDF similarity a unit needs to leave topic -1 in outlier reduction.
    distribution : bool, default=True
        Also compute each unit's topic distribution (``approximate_distribution``).
    small_corpus_units, online_units, batch_size : int
        Size thresholds and online batch size.
    backend : LocalBackend or DaskBackend, optional
        Where the work on every unit runs once the model is fitted: the online fit's
        assignment pass and the topic distributions, slice by slice
        (:mod:`framing.topics.slices`); default here. The fit itself runs here.

    Returns
    -------
    TopicFit

    Raises
    ------
    ConfigError
        A sub-model of the wrong kind (one line naming it), or both ``reduction`` and
        ``umap_model``.
    InputError
        Tables that cannot be used, or fewer than four units.

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.cluster import KMeans
    >>> themes = {"m": "uji rudal balistik, rudal", "f": "kunjungan persahabatan, sambutan"}
    >>> documents = pd.DataFrame({"doc_id": list("abcd"), "outlet": ["X", "X", "Y", "Y"]})
    >>> paragraphs = pd.DataFrame(
    ...     {"doc_id": d, "paragraph_id": f"{d}:p{i}", "text": f"{themes[t]} {d}{i}"}
    ...     for d in "abcd"
    ...     for i, t in enumerate("mfmf")
    ... )
    >>> fit = fit_topic_model(documents, paragraphs, hdbscan_model=KMeans(2, random_state=0))
    >>> fit.n_topics, fit.sub_models["hdbscan_model"], fit.parameters["clustering"]
    (2, 'KMeans', 'KMeans')
    >>> fit.units[["unit_id", "outlet", "topic", "probability", "x", "y"]].columns.tolist()
    ['unit_id', 'outlet', 'topic', 'probability', 'x', 'y']
    """
    parts = {
        "embedding_model": embedding_model,
        "umap_model": umap_model,
        "hdbscan_model": hdbscan_model,
        "vectorizer_model": vectorizer_model,
        "representation_model": representation_model,
    }
    for name in SUB_MODELS:
        check_sub_model(name, parts[name])
    if umap_model is not None and reduction != "auto":
        raise ConfigError(
            f"reduction={reduction!r} and umap_model {class_name(umap_model)}: both choose the "
            "dimension reduction; give one of them"
        )
    table, notes = unit_table(documents, units, unit)
    texts = table["text"].tolist()
    params = adapt_parameters(
        len(texts),
        reduction=reduction,
        small_corpus_units=small_corpus_units,
        online_units=online_units,
        batch_size=batch_size,
    )
    if params.mode == "online":
        for name in ("hdbscan_model", "vectorizer_model"):
            check_sub_model(name, parts[name], online=True)
    languages = sorted({str(x) for x in table["language"].dropna()}) or ["id", "en"]
    stop_list = _stop_words(languages, notes)
    frames, seeds = seed_topic_list(seed_topics) if seed_topics else ([], None)
    embeddings, embedder, model_spec = embed_units(
        texts,
        embedding_model=embedding_model,
        stop_words=stop_list,
        random_state=random_state,
        cache_dir=cache_dir,
    )
    if cache_dir is not None and _is_object(embedding_model):
        notes.append("embeddings of a supplied embedding model object are not cached")
    recipe = TopicRecipe(
        parameters=params,
        embedder=embedder,
        embedding_dims=int(embeddings.shape[1]),
        stop_words=tuple(stop_list),
        seed_topic_list=seeds,
        outlier_threshold=outlier_threshold,
        umap_model=umap_model,
        hdbscan_model=hdbscan_model,
        vectorizer_model=vectorizer_model,
        representation_model=representation_model,
    )
    model, topics, outlier_before, used = recipe.fit(
        texts, embeddings, random_state, backend=backend
    )
    if used.min_cluster_size != params.min_cluster_size:
        notes.append(
            f"HDBSCAN with min_cluster_size={params.min_cluster_size} labelled every unit an "
            f"outlier; refitted with min_cluster_size={used.min_cluster_size}"
        )
        recipe = replace(recipe, parameters=used)
    table["topic"] = topics
    weights, table["probability"] = _weights(model, texts, topics, distribution, notes, backend)
    coordinates = map_coordinates(embeddings, random_state)
    table["x"], table["y"] = coordinates[:, 0], coordinates[:, 1]
    return TopicFit(
        model=model,
        units=table,
        unit=unit,
        embeddings=embeddings,
        weights=weights,
        parameters=recipe.parameters_used(),
        sub_models={
            "embedding_model": class_name(
                embedding_model if _is_object(embedding_model) else embedder
            ),
            "umap_model": class_name(model.umap_model),
            "hdbscan_model": class_name(model.hdbscan_model),
            "vectorizer_model": class_name(model.vectorizer_model),
            "representation_model": class_name(model.representation_model),
        },
        supplied=tuple(name for name in SUB_MODELS if parts[name] is not None),
        embedding_spec=model_spec,
        outlier_share_before=outlier_before,
        random_state=random_state,
        stop_word_languages=languages,
        seed_topics=dict(zip(frames, seeds or [], strict=True)),
        notes=notes,
        recipe=recipe,
    )
