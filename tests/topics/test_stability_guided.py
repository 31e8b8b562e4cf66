import numpy as np
import pandas as pd
import pytest
from scipy.special import comb

from framing.errors import InputError
from framing.topics.guided import frame_overlap, seed_topic_list
from framing.topics.stability import assignment_stability


def _ari(a, b):
    """Hubert & Arabie's (1985) adjusted Rand index from the contingency table."""
    table = pd.crosstab(np.asarray(a), np.asarray(b)).to_numpy()
    index = comb(table, 2).sum()
    rows, cols = comb(table.sum(1), 2).sum(), comb(table.sum(0), 2).sum()
    expected = rows * cols / comb(table.sum(), 2)
    return (index - expected) / ((rows + cols) / 2 - expected)


def test_ari_against_direct_formula_and_relabelling():
    reference = [0, 0, 1, 1, 2, 2, 2]
    refits = {1: [5, 5, 3, 3, 4, 4, 4], 2: [0, 1, 1, 1, 2, 2, 0]}
    table = assignment_stability(reference, refits.__getitem__, [1, 2])
    assert table.loc[0, "ari"] == pytest.approx(1.0)
    assert table.loc[1, "ari"] == pytest.approx(_ari(reference, refits[2]))
    assert list(table["n_topics"]) == [3, 3]


def test_seed_topic_list_normalises_terms():
    frames, seeds = seed_topic_list({"b": ["Kim Jong-un", "  "], "a": "Sanksi"})
    assert frames == ["a", "b"] and seeds == [["sanksi"], ["kim jong-un"]]
    with pytest.raises(InputError, match="no frame has a usable term"):
        seed_topic_list({"a": []})


def test_frame_overlap_counts_whole_tokens_and_phrases():
    topics = pd.DataFrame(
        {"topic": [0, 1], "top_terms": ["sanksi, senjata, rusia", "kerja sama, kunjungan"]}
    )
    assignments = pd.DataFrame({"topic": [0, 0, 1]})
    texts = ["Sanksi PBB dilanggar.", "Senjatanya dikirim.", "Kerja sama erat."]
    table = frame_overlap(
        topics, assignments, texts, {"sanctions": ["sanksi", "senjata"], "friend": ["kerja sama"]}
    )
    row = table.set_index(["topic", "frame"])
    assert row.loc[(0, "sanctions"), "units_with_frame_term"] == 1  # "senjatanya" is not "senjata"
    assert row.loc[(0, "sanctions"), "term_overlap"] == pytest.approx(2 / 3)
    assert row.loc[(1, "friend"), "unit_share"] == 1.0
    assert row.loc[(1, "friend"), "shared_terms"] == "kerja sama"
