"""Evidence ranked from chunk candidates folded as they come equals ranking them all at once."""

import importlib

import pandas as pd

from framing.contract import read_table
from framing.frames.evidence import rank_evidence

evidence_module = importlib.import_module("framing.frames.evidence")  # the module, not the verb


def test_folded_ranking_equals_ranking_every_candidate(sample_run, monkeypatch):
    candidates = read_table(sample_run, "evidence").drop(columns="rank")
    parts = [candidates.iloc[i : i + 3] for i in range(0, len(candidates), 3)]
    expected = rank_evidence([candidates], top=2)
    monkeypatch.setattr(evidence_module, "FOLD_ROWS", 4)  # fold after every second part
    folded = rank_evidence(iter(parts), top=2)
    pd.testing.assert_frame_equal(folded, expected)
    assert len(folded) < len(candidates)
    assert rank_evidence(iter([]), top=2).empty
