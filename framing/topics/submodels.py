"""BERTopic's swappable sub-models: check what a user passes, name it, copy it for a refit.

BERTopic is assembled from five parts, each of which may be any object with the right methods:
an embedding model, a dimension reduction (``umap_model``), a cluster model
(``hdbscan_model``), a vectorizer whose bag of words feeds c-TF-IDF (``vectorizer_model``) and
an optional representation model that fine-tunes the topic words (``representation_model``).
:func:`check_sub_model` rejects a wrong object in one line before anything is fitted,
:class:`TextEmbedder` lets any object with ``encode`` or ``transform`` embed texts for BERTopic,
:func:`class_name` records what was used and :func:`copy_for_seed` gives an unfitted copy for
the refits that measure stability.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from bertopic.backend import BaseEmbedder
from bertopic.representation._base import BaseRepresentation
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from framing.errors import ConfigError

#: The sub-models :func:`framing.topics.fit_topics` accepts, in BERTopic's order.
SUB_MODELS = (
    "embedding_model",
    "umap_model",
    "hdbscan_model",
    "vectorizer_model",
    "representation_model",
)
#: Methods a sub-model needs in batch mode (BERTopic's ``fit_transform``).
BATCH_METHODS: dict[str, tuple[str, ...]] = {
    "umap_model": ("fit", "transform"),
    "hdbscan_model": ("fit",),
    "vectorizer_model": ("fit", "transform", "get_feature_names_out", "build_tokenizer"),
}
#: Further methods a sub-model needs in online mode (BERTopic's ``partial_fit``).
ONLINE_METHODS: dict[str, tuple[str, ...]] = {
    "hdbscan_model": ("partial_fit",),
    "vectorizer_model": ("partial_fit", "update_bow"),
}
#: What to pass instead, named in the error messages.
EXAMPLES = {
    "embedding_model": (
        "a sentence-transformers name, an object with encode(texts), or a scikit-learn "
        "pipeline such as make_pipeline(TfidfVectorizer(), TruncatedSVD(100))"
    ),
    "umap_model": "an object with fit and transform, e.g. UMAP(...) or PCA(n_components=5)",
    "hdbscan_model": "an object with fit that sets labels_, e.g. HDBSCAN(...) or KMeans(8)",
    "vectorizer_model": "a CountVectorizer(...) or another vectorizer with its methods",
    "representation_model": (
        "a BERTopic representation model, e.g. MaximalMarginalRelevance(diversity=0.3), or a "
        "list or dict of them"
    ),
}
ONLINE_EXAMPLES = {
    "hdbscan_model": "MiniBatchKMeans(...)",
    "vectorizer_model": "OnlineCountVectorizer(...)",
}


def class_name(model: Any) -> str | None:
    """Name of a sub-model's class, as recorded with the results (None for no model).

    Examples
    --------
    >>> from sklearn.decomposition import PCA
    >>> class_name(PCA(5)), class_name(None), class_name([PCA(2), PCA(3)])
    ('PCA', None, 'PCA + PCA')
    """
    if model is None:
        return None
    if isinstance(model, Mapping):
        return ", ".join(f"{key}: {class_name(value)}" for key, value in model.items())
    if isinstance(model, list | tuple):
        return " + ".join(str(class_name(part)) for part in model)
    return type(model).__name__


def _wrong(name: str, model: Any, problem: str, instead: str) -> ConfigError:
    shown = repr(model) if isinstance(model, str | int | float | bool) else class_name(model)
    return ConfigError(f"{name} {shown}: {problem}; pass {instead}")


def _is_representation(model: Any) -> bool:
    if isinstance(model, list):
        return bool(model) and all(isinstance(part, BaseRepresentation) for part in model)
    return isinstance(model, BaseRepresentation)


def check_sub_model(name: str, model: Any, *, online: bool = False) -> None:
    """Raise a one-line :class:`~framing.errors.ConfigError` if ``model`` cannot serve as ``name``.

    None always passes (the size-adaptive default is used). A class given instead of an
    instance (``KMeans`` instead of ``KMeans(8)``) is named as such.

    Parameters
    ----------
    name : str
        One of :data:`SUB_MODELS`.
    model : object or None
    online : bool, default=False
        Also require the methods of online mode (:data:`ONLINE_METHODS`).

    Examples
    --------
    >>> from sklearn.cluster import KMeans
    >>> check_sub_model("hdbscan_model", KMeans(4))
    >>> check_sub_model("hdbscan_model", KMeans)
    Traceback (most recent call last):
    ...
    framing.errors.ConfigError: hdbscan_model KMeans: a class, not a model; pass an instance...
    """
    if name not in SUB_MODELS:
        raise ConfigError(f"sub-model {name!r}: unknown; use one of {', '.join(SUB_MODELS)}")
    if model is None:
        return
    instead = EXAMPLES[name]
    if isinstance(model, type):
        raise ConfigError(
            f"{name} {model.__name__}: a class, not a model; pass an instance, e.g. "
            f"{model.__name__}(...)"
        )
    if name == "embedding_model":
        if isinstance(model, str):
            return
        if not any(callable(getattr(model, m, None)) for m in ("embed", "encode", "transform")):
            raise _wrong(name, model, "has no embed, encode or transform method", instead)
        return
    if isinstance(model, str):
        shortcut = " (or reduction='umap' or 'pca' for a default)" if name == "umap_model" else ""
        raise _wrong(name, model, "a string, not a model", instead + shortcut)
    if name == "representation_model":
        parts = model.values() if isinstance(model, Mapping) else [model]
        if not all(_is_representation(part) for part in parts):
            raise _wrong(name, model, "not a BERTopic representation model", instead)
        return
    needed = BATCH_METHODS[name] + (ONLINE_METHODS.get(name, ()) if online else ())
    missing = [m for m in needed if not callable(getattr(model, m, None))]
    if missing and online and set(missing) <= set(ONLINE_METHODS.get(name, ())):
        raise _wrong(
            name,
            model,
            f"online mode (used from online_units units on) needs {', '.join(missing)}",
            f"{ONLINE_EXAMPLES[name]}, or raise online_units",
        )
    if missing:
        raise _wrong(name, model, f"lacks {', '.join(missing)}", instead)


class TextEmbedder(BaseEmbedder):
    """Any object with ``encode(texts)`` or ``transform(texts)`` as a BERTopic embedding backend.

    BERTopic recognises sentence-transformers models and scikit-learn ``Pipeline`` objects
    itself and falls back to downloading a sentence-transformers model for anything else; this
    backend calls the object's own method instead, so seed words of guided topics and new
    documents are embedded by the same model as the corpus. A scikit-learn transformer that
    is not fitted yet is fitted on the first texts it embeds (the corpus), as BERTopic does
    with a pipeline; sparse output is made dense.

    Parameters
    ----------
    model : object
        With ``encode(list_of_str)`` (preferred when both exist) or ``transform``.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> embedder = TextEmbedder(TfidfVectorizer())
    >>> embedder.embed(["kim tiba", "putin tiba"]).shape
    (2, 3)
    """

    def __init__(self, model: Any):
        super().__init__(embedding_model=model)
        self.model = model

    def embed(self, documents: Sequence[str], verbose: bool = False) -> np.ndarray:
        """Embeddings of ``documents``, one dense row each."""
        texts = list(documents)
        if callable(getattr(self.model, "encode", None)):
            vectors = self.model.encode(texts)
        else:
            try:
                check_is_fitted(self.model)
                vectors = self.model.transform(texts)
            except NotFittedError:
                vectors = self.model.fit_transform(texts)
        if hasattr(vectors, "toarray"):
            vectors = vectors.toarray()
        return np.atleast_2d(np.asarray(vectors, dtype=np.float64))


def as_embedder(model: Any) -> BaseEmbedder:
    """The BERTopic backend for an embedding object: itself if it is one, else a TextEmbedder."""
    return model if isinstance(model, BaseEmbedder) else TextEmbedder(model)


def copy_for_seed(model: Any, seed: int) -> Any:
    """An unfitted copy of ``model`` whose ``random_state`` (when it has one) is ``seed``.

    scikit-learn estimators are cloned; other objects are deep-copied (or reused when they
    cannot be copied).

    Examples
    --------
    >>> from sklearn.cluster import KMeans
    >>> copy_for_seed(KMeans(4, random_state=0), 7).random_state
    7
    """
    try:
        fresh = clone(model)
    except TypeError:
        try:
            fresh = copy.deepcopy(model)
        except Exception:  # an object holding a client or a lock: reuse it
            return model
    get_params = getattr(fresh, "get_params", None)
    if callable(get_params) and "random_state" in get_params(deep=False):
        fresh.set_params(random_state=seed)
    return fresh
