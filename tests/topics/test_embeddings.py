import numpy as np
import pytest

from framing.errors import FramingError
from framing.topics.embeddings import (
    cache_key,
    embed_units,
    fit_default_embedder,
    load_sentence_transformer,
)
from framing.topics.stopwords import stop_words

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
