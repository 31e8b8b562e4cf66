"""Attribution against human codes: P/R/F1 and alpha, checked by hand on four seed sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.attribution.validation import attribution_labels, validate_attributions
from framing.cli import main
from framing.errors import InputError

# 000:s3 "Menurut AFP, ... dugaan Barat ...": wire agency and the West, hedged
# 000:s4 "Kunjungan ini dilakukan saat Putin mencari amunisi ...": no attribution
# 000:s9 "Washington dan Seoul mengklaim ...": Western and South Korean governments
# 001:s17 "Baik Pyongyang maupun Moskow membantah ...": a denial by both
CODES = [
    # sentence, label, coder A, coder B
    ("000:s3", "western_government", 1, 1),
    ("000:s4", "western_government", 0, 0),
    ("000:s9", "western_government", 1, 1),
    ("001:s17", "western_government", 0, 1),
    ("000:s3", "hedged", 1, 1),
    ("000:s4", "hedged", 1, 0),
    ("000:s9", "hedged", 0, 0),
    ("001:s17", "hedged", 0, 0),
    ("001:s17", "denial", 1, 1),
    ("000:s9", "denial", 0, 0),
]


def coded(coders=("A", "B")) -> pd.DataFrame:
    rows = []
    for sentence, label, a, b in CODES:
        for coder, code in zip(("A", "B"), (a, b), strict=True):
            if coder in coders:
                rows.append({"sentence_id": sentence, "label": label, "code": code, "coder": coder})
    return pd.DataFrame(rows)


def test_labels_of_the_seed_sentences(sample_corpus, seed_attributions):
    labels = attribution_labels(seed_attributions, sample_corpus.sentences)
    of = labels.groupby("sentence_id")["frame"].agg(set)
    assert of["000:s9"] == {"attributed", "western_government", "south_korean_government"}
    assert {"hedged", "wire_agency", "western_government"} <= of["000:s3"]
    assert {"denial", "dprk_state", "russian_state"} <= of["001:s17"]
    assert "000:s4" not in of.index


def test_scores_by_hand_with_one_coder(sample_corpus, seed_attributions):
    result = validate_attributions(coded(("A",)), seed_attributions, sample_corpus.sentences)
    scores = result.scores.set_index("frame")
    # western_government: extractor 1,0,1,0 vs coder 1,0,1,0 -> tp 2, tn 2
    assert scores.loc["western_government", ["tp", "fp", "fn", "tn"]].tolist() == [2, 0, 0, 2]
    assert scores.loc["western_government", "f1"] == 1.0
    # hedged: extractor 1,0,0,0 vs coder 1,1,0,0 -> tp 1, fn 1, tn 2: P 1, R 1/2, F1 2/3
    assert scores.loc["hedged", ["tp", "fp", "fn", "tn"]].tolist() == [1, 0, 1, 2]
    assert scores.loc["hedged", "precision"] == 1.0 and scores.loc["hedged", "recall"] == 0.5
    assert scores.loc["hedged", "f1"] == pytest.approx(2 / 3)
    assert scores.loc["denial", ["tp", "tn"]].tolist() == [1, 1]
    assert result.alpha.empty and "Attribution vs human codes" in result.summary()


def test_two_coders_majority_ties_and_alpha(sample_corpus, seed_attributions):
    result = validate_attributions(coded(), seed_attributions, sample_corpus.sentences)
    scores = result.scores.set_index("frame")
    # coders split on 001:s17 (western) and 000:s4 (hedged): those units are ties, left out
    assert scores.loc["western_government", "ties"] == 1
    assert scores.loc["hedged", ["tp", "fn", "ties"]].tolist() == [1, 0, 1]
    alpha = result.alpha.set_index("frame")
    # western_government: A = 1,0,1,0  B = 1,0,1,1 -> nominal alpha by hand:
    # pairable values 1,1 | 0,0 | 1,1 | 0,1 ; n = 8, n_1 = 5, n_0 = 3
    # D_o = 2 * 1 / 8 (one disagreeing pair, counted both ways) ; D_e = 2 * 5 * 3 / (8 * 7)
    expected = 1 - (2 / 8) / (2 * 5 * 3 / (8 * 7))
    assert alpha.loc["western_government", "alpha"] == pytest.approx(expected)


def test_unknown_label_is_a_one_line_error(sample_corpus, seed_attributions):
    bad = pd.DataFrame({"sentence_id": ["000:s3"], "label": ["westren"], "code": [1]})
    with pytest.raises(InputError, match="'westren' is not in"):
        validate_attributions(bad, seed_attributions, sample_corpus.sentences)


def test_cli_validates_a_run_attributions(sample_run, tmp_path, capsys):
    path = tmp_path / "codes.csv"
    coded(("A",)).to_csv(path, index=False)
    out = tmp_path / "validation"
    argv = ["validate", str(path), "--run", str(sample_run), "--attributions", "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "Attribution vs human codes" in printed and "western_government" in printed
    assert (out / "validation_scores.csv").exists()
