import numpy as np
import pytest

from framing.corpus.stopwords import stop_words
from framing.errors import FramingError
from framing.topics.embeddings import (
    cache_key,
    embed_units,
    fit_default_embedder,
    load_sentence_transformer,
)

TEXTS = [
    "Putin tiba di Pyongyang untuk bertemu Kim Jong Un.",
    "Barat menuduh Korea Utara memasok senjata ke Rusia.",
    "Kunjungan kenegaraan persahabatan ke Korea Utara.",
    "Sanksi PBB melarang perdagangan senjata dengan Pyongyang.",
]


def test_default_embedding_fits_tiny_corpora_and_is_normalised():
    pipe = fit_default_embedder(TEXTS, stop_words(["id"]))
    embeddings = pipe.transform(TEXTS)
    assert embeddings.shape == (4, 3)  # capped at n_texts - 1
    np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1.0, rtol=1e-5)
    assert "yang" not in pipe.named_steps["tfidf"].vocabulary_


def test_stop_word_only_units_are_a_clear_error():
    with pytest.raises(FramingError, match="no word left"):
        fit_default_embedder(["yang dan di", "di dan"], stop_words(["id"]))


def test_cache_round_trip(tmp_path):
    first, embedder, spec = embed_units(TEXTS, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.npy"))) == 1 and len(list(tmp_path.glob("*.joblib"))) == 1
    again, cached, _ = embed_units(TEXTS, cache_dir=tmp_path)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(cached.transform(TEXTS[:1]), embedder.transform(TEXTS[:1]))
    assert spec.startswith("tfidf-svd")
    assert cache_key(TEXTS, "a") != cache_key(TEXTS, "b") != cache_key(TEXTS[:3], "b")


def test_missing_sentence_transformers_is_one_line():
    with pytest.raises(FramingError) as info:
        load_sentence_transformer("all-MiniLM-L6-v2")
    assert "\n" not in str(info.value) and "framing[embeddings]" in str(info.value)


def test_stop_word_lists_are_shipped():
    indonesian, english = stop_words(["id"]), stop_words(["en"])
    assert len(indonesian) > 700 and {"yang", "dan", "tersebut"} <= set(indonesian)
    assert len(english) == 318 and "the" in english
    assert stop_words(["xx"]) == []


class _FakeSentenceTransformer:
    """Stands in for an installed sentence-transformers model: hashed bag-of-words vectors."""

    loaded: list = []
    encoded: list = []

    def __init__(self, name_or_path, **options):
        import os

        self.loaded.append((name_or_path, options, os.environ.get("HF_HUB_OFFLINE")))

    def encode(self, texts, show_progress_bar=False, **options):
        import zlib

        self.encoded.append(list(texts))
        vectors = np.zeros((len(texts), 16))
        for i, text in enumerate(texts):
            for word in str(text).lower().split():
                vectors[i, zlib.crc32(word.encode()) % 16] += 1.0
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


@pytest.fixture
def fake_sentence_transformers(monkeypatch):
    import sys
    import types

    package = types.ModuleType("sentence_transformers")
    package.SentenceTransformer = _FakeSentenceTransformer
    models = types.ModuleType("sentence_transformers.models")
    models.StaticEmbedding = object
    package.models = models
    monkeypatch.setitem(sys.modules, "sentence_transformers", package)
    monkeypatch.setitem(sys.modules, "sentence_transformers.models", models)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    _FakeSentenceTransformer.loaded, _FakeSentenceTransformer.encoded = [], []
    return _FakeSentenceTransformer


def test_named_model_is_loaded_offline_used_and_cached(fake_sentence_transformers, tmp_path):
    first, embedder, spec = embed_units(TEXTS, embedding_model="/models/local", cache_dir=tmp_path)
    name, options, offline = fake_sentence_transformers.loaded[0]
    assert (name, options, offline) == ("/models/local", {"local_files_only": True}, "1")
    assert isinstance(embedder, fake_sentence_transformers)
    assert spec == "sentence-transformers:/models/local" and first.shape == (4, 16)
    assert fake_sentence_transformers.encoded == [TEXTS]
    assert len(list(tmp_path.glob("*.npy"))) == 1 and not list(tmp_path.glob("*.joblib"))
    again, _, _ = embed_units(TEXTS, embedding_model="/models/local", cache_dir=tmp_path)
    np.testing.assert_array_equal(first, again)
    assert fake_sentence_transformers.encoded == [TEXTS]  # the cache answered, no re-encoding
    embed_units(TEXTS, embedding_model="/models/other", cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.npy"))) == 2  # one cache entry per corpus and model


def test_fit_topics_uses_the_named_model(fake_sentence_transformers, seed_tables):
    from framing.topics import fit_topics

    documents, paragraphs = seed_tables
    result = fit_topics(
        documents, paragraphs, embedding_model="local-model", stability_seeds=(), n_boot=20
    )
    assert result.info["embedding_model"] == "sentence-transformers:local-model"
    assert fake_sentence_transformers.encoded[0] == paragraphs["text"].tolist()
    assert 1 <= result.info["n_topics"] <= 10
