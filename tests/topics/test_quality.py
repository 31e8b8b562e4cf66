"""Topic quality: NPMI coherence, distinctness and matched stability against hand computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from framing.topics.quality import distinctness, matched_stability, npmi_coherence

DOCS = [
    "putin kim summit",
    "putin kim treaty",
    "putin summit",
    "weather rain",
    "kim rain",
    "treaty summit putin",
]


def _npmi(a: str, b: str) -> float:
    n = len(DOCS)
    has = [set(d.split()) for d in DOCS]
    p_a = sum(a in h for h in has) / n
    p_b = sum(b in h for h in has) / n
    p_ab = sum(a in h and b in h for h in has) / n
    if p_ab == 0:
        return -1.0
    return math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)


def test_npmi_is_the_mean_over_word_pairs():
    vec = CountVectorizer().fit(DOCS)
    words = {0: ["putin", "kim", "summit"], 1: ["weather", "treaty"]}
    got = npmi_coherence(words, DOCS, vec)
    expected = np.mean([_npmi("putin", "kim"), _npmi("putin", "summit"), _npmi("kim", "summit")])
    assert got[0] == pytest.approx(expected)
    assert got[1] == -1.0  # never together
    assert math.isnan(npmi_coherence({2: ["putin", "unknownword"]}, DOCS, vec)[2])


def test_distinctness_counts_words_no_other_topic_has():
    got = distinctness({0: ["a", "b", "c", "d"], 1: ["c", "e"], 2: ["f"]})
    assert got == {0: 0.75, 1: 0.5, 2: 1.0}


def test_matched_stability_by_hand():
    reference = [0, 0, 0, 1, 1, -1]
    refits = [[3, 3, 3, 4, 4, 4], [2, 2, 5, 5, 5, -1]]
    table = matched_stability(reference, refits).set_index("topic")
    # topic 0 = {0,1,2}: refit 1 topic 3 = {0,1,2} -> 1; refit 2: topic 2 = {0,1} -> 2/3,
    # topic 5 = {2,3,4} -> 1/5; best 2/3
    assert table.loc[0, "stability"] == pytest.approx((1 + 2 / 3) / 2)
    # topic 1 = {3,4}: refit 1 topic 4 = {3,4,5} -> 2/3; refit 2 topic 5 = {2,3,4} -> 2/3
    assert table.loc[1, "stability"] == pytest.approx(2 / 3)
    assert table.loc[0, "stability_min"] == pytest.approx(2 / 3)
    assert -1 not in table.index and matched_stability(reference, []).empty
