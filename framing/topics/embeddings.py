"""Unit embeddings: an offline scikit-learn default, sentence-transformers or any model, a cache.

No model is ever downloaded. The default embedding is fitted on the corpus itself
(TF-IDF -> truncated SVD -> L2 normalisation, i.e. latent semantic analysis), which BERTopic
accepts as a scikit-learn pipeline. A sentence-transformers model is used only when the user
names one (a model name in the local Hugging Face cache, or a local folder) and the package is
installed. A user may also pass the embedding model itself, any object with ``encode(texts)``
or ``transform(texts)`` (:class:`framing.topics.submodels.TextEmbedder`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import joblib
import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import Normalizer

from framing.corpus.tokens import TOKEN_PATTERN
from framing.errors import FramingError
from framing.topics.submodels import as_embedder, class_name
from framing.utils.sentence_models import load_sentence_transformer

#: Dimensions of the default (LSA) embedding, capped by the corpus' rank.
DEFAULT_SVD_COMPONENTS = 100
#: Name recorded for the default embedding in caches and saved models.
DEFAULT_MODEL_NAME = "tfidf-svd"


def fit_default_embedder(
    texts: Sequence[str],
    stop_words: Sequence[str] = (),
    *,
    n_components: int = DEFAULT_SVD_COMPONENTS,
    random_state: int = 0,
) -> Pipeline:
    """Fit the offline default embedding (TF-IDF -> TruncatedSVD -> Normalizer) on ``texts``.

    The SVD keeps ``min(n_components, n_features - 1, n_texts - 1)`` dimensions (at least 1),
    since a truncated SVD needs fewer components than features; this makes the pipeline
    valid on a corpus of a few paragraphs.

    Parameters
    ----------
    texts : sequence of str
        The units to embed (the same units the topic model is fitted on).
    stop_words : sequence of str
        Words left out of the TF-IDF vocabulary.
    n_components : int, default=100
        Requested embedding dimensions.
    random_state : int, default=0
        Seed of the randomized SVD.

    Returns
    -------
    Pipeline
        Fitted; ``pipeline.transform(texts)`` gives L2-normalised dense embeddings.

    References
    ----------
    Deerwester, S., Dumais, S. T., Furnas, G. W., Landauer, T. K., & Harshman, R. (1990).
    Indexing by latent semantic analysis. Journal of the American Society for Information
    Science, 41(6), 391-407.

    Examples
    --------
    >>> pipe = fit_default_embedder(["kim tiba", "putin tiba", "kim dan putin"], n_components=5)
    >>> pipe.transform(["kim"]).shape
    (1, 2)
    """
    texts = list(texts)
    tfidf = TfidfVectorizer(
        lowercase=True,
        token_pattern=TOKEN_PATTERN,
        stop_words=list(stop_words) or None,
        sublinear_tf=True,
        min_df=2 if len(texts) >= 1_000 else 1,
        max_features=50_000,
        dtype=np.float32,
    )
    try:
        matrix = tfidf.fit_transform(texts)
    except ValueError as err:  # empty vocabulary
        raise FramingError(
            f"topic units: no word left after removing stop words ({err}); "
            "the units are empty or contain only stop words"
        ) from None
    k = max(1, min(n_components, matrix.shape[1] - 1, matrix.shape[0] - 1))
    svd = TruncatedSVD(n_components=k, algorithm="randomized", random_state=random_state)
    reduced = svd.fit_transform(matrix)
    normalizer = Normalizer().fit(reduced)
    return Pipeline([("tfidf", tfidf), ("svd", svd), ("normalize", normalizer)])


def cache_key(texts: Sequence[str], model_spec: str) -> str:
    """SHA-256 of the model specification and the unit texts: the name of a cache entry."""
    digest = hashlib.sha256(model_spec.encode("utf-8"))
    for text in texts:
        digest.update(b"\x00")
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:32]


def embed_units(
    texts: Sequence[str],
    *,
    embedding_model: str | object | None = None,
    stop_words: Sequence[str] = (),
    random_state: int = 0,
    cache_dir: str | Path | None = None,
) -> tuple[np.ndarray, object, str]:
    """Embed the units, reading and writing a cache keyed by the texts and the model.

    Parameters
    ----------
    texts : sequence of str
        Unit texts.
    embedding_model : str or object, optional
        None for the offline default (:func:`fit_default_embedder`); a sentence-transformers
        model name or local path; or a model object with ``encode(texts)`` or
        ``transform(texts)`` (a scikit-learn transformer not fitted yet is fitted on
        ``texts``). Embeddings of a model object are not cached: nothing names it stably.
    stop_words : sequence of str
        Used by the default embedding's vocabulary.
    random_state : int, default=0
        Seed of the default embedding.
    cache_dir : path, optional
        Folder of cached embeddings (``KEY.npy``; for the default embedding also the fitted
        pipeline ``KEY.joblib``). None disables the cache.

    Returns
    -------
    embeddings : ndarray of shape (n_units, n_dims)
    embedder : Pipeline, SentenceTransformer or BaseEmbedder
        The model BERTopic receives as ``embedding_model`` (it embeds seed words and new
        documents).
    model_spec : str
        The model's description recorded with the results (the class name of a model object).

    Examples
    --------
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> texts = ["kim tiba", "putin tiba"]
    >>> embeddings, _, spec = embed_units(texts, embedding_model=TfidfVectorizer())
    >>> embeddings.shape, spec
    ((2, 3), 'TfidfVectorizer')
    """
    texts = list(texts)
    if embedding_model is not None and not isinstance(embedding_model, str):
        embedder = as_embedder(embedding_model)
        embeddings = np.ascontiguousarray(embedder.embed(texts), dtype=np.float64)
        return embeddings, embedder, str(class_name(embedding_model))
    if embedding_model is None:
        spec = (
            f"{DEFAULT_MODEL_NAME}(k={DEFAULT_SVD_COMPONENTS},seed={random_state},"
            f"sw={len(stop_words)})"
        )
    else:
        spec = f"sentence-transformers:{embedding_model}"
    paths = None
    if cache_dir is not None:
        key = cache_key(texts, spec)
        paths = (Path(cache_dir) / f"{key}.npy", Path(cache_dir) / f"{key}.joblib")
    if embedding_model is None:
        if paths and paths[0].exists() and paths[1].exists():
            return np.load(paths[0]), joblib.load(paths[1]), spec
        embedder = fit_default_embedder(texts, stop_words, random_state=random_state)
        embeddings = embedder.transform(texts)
    else:
        embedder = load_sentence_transformer(embedding_model)
        if paths and paths[0].exists():
            return np.load(paths[0]), embedder, spec
        embeddings = np.asarray(embedder.encode(texts, show_progress_bar=False))
    embeddings = np.ascontiguousarray(embeddings, dtype=np.float64)
    if paths:
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        np.save(paths[0], embeddings)
        if embedding_model is None:
            joblib.dump(embedder, paths[1])
    return embeddings, embedder, spec
