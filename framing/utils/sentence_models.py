"""Sentence-transformers models, loaded from disk only: the one place the optional
``framing[embeddings]`` extra is imported (topic embeddings, classifier features)."""

from __future__ import annotations

import os

from framing.errors import FramingError


def load_sentence_transformer(name_or_path: str):
    """Load a sentence-transformers model from the local cache or a folder, never the network.

    Parameters
    ----------
    name_or_path : str
        A model name already in the Hugging Face cache, or a local folder.

    Returns
    -------
    SentenceTransformer

    Raises
    ------
    FramingError
        If sentence-transformers is not installed or the model is not available offline.
    """
    # before the import: huggingface_hub reads HF_HUB_OFFLINE once, when it is first imported
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise FramingError(
            f"embedding model {name_or_path!r}: sentence-transformers is not installed; "
            "install framing[embeddings] and make the model available offline, or omit "
            "--embedding-model to use the built-in TF-IDF/SVD embedding"
        ) from None
    try:
        return SentenceTransformer(name_or_path, local_files_only=True)
    except Exception as err:  # any loading failure becomes one line
        raise FramingError(
            f"embedding model {name_or_path!r}: cannot be loaded offline ({type(err).__name__}); "
            "install framing[embeddings] and make the model available offline (a local folder "
            "or the Hugging Face cache)"
        ) from None
