"""The built-in lexicon against the project's own coded sentences (data/validation/), written
from the frame definitions without reading the lexicon: precision and recall stay above the
floors the README reports, in each language."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing.frames import load_lexicon
from framing.frames.validation import validate_coded_sentences

CODED = Path(__file__).resolve().parents[2] / "data" / "validation" / "coded_sentences.csv"
#: Floors (micro-averaged over the frames, and for every frame): below the figures measured
#: when the set was written (README, "Lexicon quality"), so that a change that loses precision
#: or recall fails here.
FLOOR = {"precision": 0.65, "recall": 0.38}
FRAME_FLOOR = {"precision": 0.4, "recall": 0.15}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_the_coded_set_is_large_enough():
    import pandas as pd

    coded = pd.read_csv(CODED)
    assert coded["sentence_id"].is_unique
    counts = coded["language"].value_counts()
    assert counts["en"] >= 100 and counts["id"] >= 100
    frames = coded.columns.drop(["sentence_id", "language", "text"])
    for language, rows in coded.groupby("language"):
        assert (rows[frames].sum() >= 15).all(), language


@pytest.mark.parametrize("language", ["en", "id"])
def test_precision_and_recall_stay_above_the_reported_floors(lexicon, language):
    scores = validate_coded_sentences(CODED, lexicon, languages=[language]).scores
    overall = scores.set_index("frame").loc["(all)"]
    for measure, floor in FLOOR.items():
        assert overall[measure] >= floor, (language, measure, overall[measure])
    for row in scores[scores["frame"] != "(all)"].itertuples(index=False):
        for measure, floor in FRAME_FLOOR.items():
            assert getattr(row, measure) >= floor, (language, row.frame, measure)


def test_counts_match_an_independent_count(lexicon):
    import pandas as pd

    from framing.frames.matching import FrameMatcher

    coded = pd.read_csv(CODED)
    matcher = FrameMatcher(lexicon)
    scores = validate_coded_sentences(CODED, lexicon).scores.set_index("frame")
    for frame in ("friendship", "sanctions_violation", "western_accusation"):
        found = [
            frame in {h[2] for h in matcher.find(text, language)}
            for text, language in zip(coded["text"], coded["language"], strict=True)
        ]
        tp = int(sum(f and c == 1 for f, c in zip(found, coded[frame], strict=True)))
        fp = int(sum(f and c == 0 for f, c in zip(found, coded[frame], strict=True)))
        assert (scores.loc[frame, "tp"], scores.loc[frame, "fp"]) == (tp, fp)
