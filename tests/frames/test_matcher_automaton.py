"""The compiled automaton finds what pyahocorasick finds, in the same order."""

import itertools
import random
from pathlib import Path

import ahocorasick
import numpy as np
import pandas as pd
import pytest

from framing.corpus.segment import segment
from framing.frames import FrameMatcher, load_lexicon, match_frames
from framing.frames.matching import automaton as automaton_module
from framing.frames.matching.automaton import SPLIT_FROM, KeyAutomaton

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpora" / "putin-kim"


def reference(keys, text):
    """``(stop, key)`` of every occurrence, from pyahocorasick's ``iter``."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for i, key in enumerate(keys):
        automaton.add_word(key, i)
    automaton.make_automaton()
    found = automaton.iter(text) if text and keys else ()
    flat = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64)
    return flat[0::2] + 1, flat[1::2]


def as_codes(text, dtype):
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(dtype)


def assert_scans_like_reference(keys, text, dtype, buffers=(None,)):
    automaton = KeyAutomaton(keys)
    stop, key = reference(keys, text)
    codes = as_codes(text, dtype)
    for buffer in buffers:
        found_stop, found_key = automaton.scan(codes, buffer=buffer)
        assert found_stop.dtype == found_key.dtype == np.int64
        np.testing.assert_array_equal(found_stop, stop)
        np.testing.assert_array_equal(found_key, key)
    fallback_stop, fallback_key = automaton._scan_fallback(codes)
    np.testing.assert_array_equal(fallback_stop, stop)
    np.testing.assert_array_equal(fallback_key, key)


@pytest.mark.parametrize("seed", range(40))
def test_short_texts(seed):
    rng = random.Random(seed)
    alphabet = ("abc", "ab\x00 ", "abé\u0130", "ab\U0001f600 ")[seed % 4]
    keys = sorted({"".join(rng.choices(alphabet, k=rng.randint(1, 5))) for _ in range(25)})
    text = "".join(rng.choices(alphabet + "xy", k=rng.randint(0, 400)))
    dtype = np.uint32 if "\U0001f600" in alphabet else (np.uint16, np.uint32)[seed % 2]
    assert_scans_like_reference(keys, text, dtype, buffers=(None, 1))


@pytest.mark.parametrize("seed", range(8))
def test_long_texts_in_four_pieces_and_small_buffers(seed):
    rng = random.Random(seed)
    alphabet = ("abc", "ab\x00", "abé\u0130", "ab\U0001f600 ")[seed % 4]
    keys = sorted({"".join(rng.choices(alphabet, k=rng.randint(1, 6))) for _ in range(30)})
    free = "" if seed % 3 == 0 else "xy\x00"  # without: no place to cut the text
    text = "".join(rng.choices(alphabet + free, k=rng.randint(SPLIT_FROM, 3 * SPLIT_FROM)))
    if max(map(ord, text)) < 0x100:
        dtype = np.uint8
    else:
        dtype = np.uint16 if max(map(ord, text)) < 0x10000 else np.uint32
    assert_scans_like_reference(keys, text, dtype, buffers=(None, 1, 7))


def test_nested_keys_at_every_character():
    keys = ["a", "aa", "aaa", "b"]
    text = "a" * (2 * SPLIT_FROM) + "b" + "aaa"
    assert_scans_like_reference(keys, text, np.uint8, buffers=(None, 1, 100))


def test_no_keys_and_empty_text():
    assert_scans_like_reference([], "abc", np.uint8)
    assert_scans_like_reference(["a"], "", np.uint8)


@pytest.mark.parametrize("keys", [["a", ""], ["a", "a"]])
def test_keys_must_be_distinct_and_not_empty(keys):
    with pytest.raises(ValueError, match="distinct, non-empty"):
        KeyAutomaton(keys)


def test_match_frames_same_without_the_compiled_loops(monkeypatch):
    documents = pd.DataFrame(
        [
            {"doc_id": path.stem[:3], "text": path.read_text(encoding="utf-8"), "language": "id"}
            for path in sorted(CORPUS.glob("*.txt"))
        ]
    )
    sentences = segment(documents)[1]
    sentences = pd.concat([sentences] * 3, ignore_index=True)  # long enough to be cut in four
    assert sentences["text"].str.len().sum() > SPLIT_FROM
    matcher = FrameMatcher(load_lexicon())
    compiled = match_frames(sentences, matcher)
    monkeypatch.setattr(automaton_module, "compiled_kernels", lambda: None)
    fallback = match_frames(sentences, FrameMatcher(load_lexicon()))
    assert len(compiled) > 100
    pd.testing.assert_frame_equal(compiled, fallback)
