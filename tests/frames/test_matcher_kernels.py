"""The compiled loops around the scan give the tables of the NumPy path, on any text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from framing.frames import load_lexicon
from framing.frames.matching import automaton as automaton_module
from framing.frames.matching import hit_kernel
from framing.frames.matching.batch import Batch, _ascii_bits
from framing.frames.matching.matcher import FrameMatcher, match_frames
from framing.frames.matching.sentence_texts import SentenceTexts

MATCHER = FrameMatcher(load_lexicon())
TERM_WORDS = sorted({t.term for f in MATCHER.lexicon.frames.values() for t in f.terms})
#: Words that match, cues, and characters that lowercase unusually or are not ASCII.
PIECES = st.sampled_from(
    [*TERM_WORDS[:150], "tidak", "bukan", "not", "didn't", "tidak hanya", "PBB", "AS", "nya",
     "-", " ", ",", "\t", "\n", "\xa0", "“", "’", "é", "É", "İ", "Σ", "ΣΑ", "\u212a", "ß",
     "\U0001f600", "\U00010400", "sanksi-sanksi", "kerja sama militer", "\x00"]
)  # fmt: skip
TEXTS = st.lists(
    st.one_of(
        st.lists(PIECES, min_size=1, max_size=20).map(" ".join),
        st.lists(PIECES, min_size=1, max_size=20).map("".join),
        st.text(max_size=40),
    ),
    min_size=1,
    max_size=12,
)


def _table(texts: list[str], languages: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    frame["sentence_id"] = frame["doc_id"] + ":s0"
    frame["start"] = 0
    if languages is not None:
        frame["language"] = [languages[i % len(languages)] for i in range(len(texts))]
    return frame


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([None, ["id"], ["id", "en"], ["en", "xx"]]))
@example(["Sanksi PBB tidak hanya sanksi-sanksi“", "ΣΑΝΚΣΙ İ sanksi"], None)
@example(["tidak melanggar sanksi\xa0PBB", "K\u212aSANKSINYA"], ["id", "en"])
def test_compiled_loops_equal_the_numpy_path(texts, languages):
    sentences = _table(texts, languages)
    compiled = match_frames(sentences, MATCHER)
    original = automaton_module.compiled_kernels
    automaton_module.compiled_kernels = lambda: None
    try:
        numpy_path = match_frames(sentences, MATCHER)
    finally:
        automaton_module.compiled_kernels = original
    pd.testing.assert_frame_equal(compiled, numpy_path)


def test_the_encoder_matches_the_numpy_batch():
    texts = ["Sanksi PBB\tdan “kerja sama”", "", "Élysée\xa0K\u212a-nya", "plain ascii"]
    arrow = SentenceTexts(arrow=pa.array(texts, pa.large_string()))
    fast = Batch.from_texts(arrow, MATCHER.alphabet_)
    slow = Batch.from_texts(list(texts), MATCHER.alphabet_)
    assert fast.ascii is not None and fast.ascii.tolist() == [0, 1, 0, 1]
    assert fast.low == slow.low
    np.testing.assert_array_equal(fast.codes, slow.codes)
    np.testing.assert_array_equal(fast.special_at, slow.special_at)
    np.testing.assert_array_equal(fast.special_bits, slow.special_bits)
    positions = np.arange(-2, len(fast.codes) + 2)
    np.testing.assert_array_equal(fast.bits(positions), slow.bits(positions))


def test_the_encoder_leaves_context_dependent_lowercase_to_the_numpy_path():
    for text in ("İstanbul", "ΟΔΟΣ", "emoji \U0001f600"):
        arrow = SentenceTexts(arrow=pa.array([text]))
        batch = Batch.from_texts(arrow, MATCHER.alphabet_)
        assert batch.ascii is None  # built by the NumPy path
        assert batch.low == Batch.from_texts([text], MATCHER.alphabet_).low


def test_the_ascii_table_agrees_with_the_vectorised_ascii_loop():
    ascii_code = MATCHER.alphabet_.utf8_tables()[0]
    codes = np.empty(127, np.uint8)
    data = np.arange(1, 128, dtype=np.uint8)
    lengths = np.empty(1, np.int64)
    found = hit_kernel.encode_utf8(
        data, np.array([0, 127]), *MATCHER.alphabet_.utf8_tables(), codes, lengths,
        np.empty(1, np.int64), np.empty(1, np.uint8),
    )  # fmt: skip
    assert found == (127, 0)
    np.testing.assert_array_equal(codes, ascii_code[1:128])
    assert _ascii_bits()[0] == 0  # outside the text reads as the separator


def test_substrings_walk_non_ascii_sentences():
    texts = SentenceTexts(arrow=pa.array(["“Sanksi” PBB é", "abc", "ééé abc"]))
    rows, start, end = (
        np.array([0, 0, 1, 2, 2]),
        np.array([1, 9, 0, 4, 0]),
        np.array([7, 12, 3, 7, 3]),
    )
    got = list(texts.substrings(rows, start, end))
    assert got == ["Sanksi", "PBB", "abc", "abc", "ééé"]
