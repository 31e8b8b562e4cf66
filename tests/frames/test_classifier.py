"""The supervised frame classifier: cross-validated scores equal scikit-learn's own computation,
its hits flow through every frame table, and a run can use it as the frame measure."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from framing.contract import read_table
from framing.errors import FramingError, InputError
from framing.frames import load_lexicon
from framing.frames.classifier import (
    CLASSIFIER_TERM,
    FrameClassifier,
    _pipeline,
    cross_validate,
    read_coded,
)
from framing.pipeline import run_pipeline, study_from_options

CODED = Path(__file__).resolve().parents[2] / "data" / "validation" / "coded_sentences.csv"


@pytest.fixture(scope="module")
def indonesian():
    coded = read_coded(CODED)
    return coded[coded["language"] == "id"].reset_index(drop=True)


def test_cross_validation_equals_scikit_learns(indonesian):
    scores = cross_validate(indonesian, ["friendship"], random_state=0).iloc[0]
    y = indonesian["friendship"].to_numpy()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    predicted = cross_val_predict(_pipeline(0), indonesian["text"].tolist(), y, cv=folds)
    assert scores["precision"] == pytest.approx(precision_score(y, predicted))
    assert scores["recall"] == pytest.approx(recall_score(y, predicted))
    assert scores["f1"] == pytest.approx(f1_score(y, predicted))


def test_the_lexicon_is_scored_beside_it(indonesian):
    scores = cross_validate(indonesian, ["friendship"], lexicon=load_lexicon())
    assert list(scores["measure"]) == ["classifier (cross-validated)", "lexicon"]


def test_hits_span_the_sentence_and_only_its_languages(indonesian):
    model = FrameClassifier.fit(indonesian, ["friendship", "sanctions_violation"])
    texts = indonesian["text"].tolist()[:20]
    sentences = pd.DataFrame(
        {"doc_id": "d", "sentence_id": [f"d:s{i}" for i in range(20)], "start": 10,
         "text": texts, "language": ["id"] * 19 + ["en"]}
    )  # fmt: skip
    hits = model.hits(sentences)
    assert set(hits["term"]) == {CLASSIFIER_TERM} and "d:s19" not in set(hits["sentence_id"])
    row = hits.iloc[0]
    assert row["end"] - row["start"] == len(row["matched_text"]) and row["start"] == 10
    predicted = model.predict(texts[:19])
    expected = {f"d:s{i}" for i in np.flatnonzero(predicted["friendship"].to_numpy())}
    assert set(hits.loc[hits["frame"] == "friendship", "sentence_id"]) == expected


def test_too_few_examples_are_skipped_and_bad_codes_refused(indonesian):
    few = indonesian.head(12)
    model = FrameClassifier.fit(few, ["denial"])
    assert "denial" in model.skipped or "denial" in model.models
    broken = indonesian.assign(friendship=indonesian["friendship"].replace(1, 2))
    with pytest.raises(InputError, match="0 or 1"):
        FrameClassifier.fit(broken, ["friendship"])


def test_a_run_can_measure_frames_with_the_classifier(sample_corpus_path, tmp_path):
    study = study_from_options(
        sample_corpus_path,
        frames={"measure": "classifier", "classifier_codes": str(CODED)},
        statistics={"permutations": 99, "bootstrap": 99},
        topics={"enabled": False},
    )
    run_pipeline(study, tmp_path / "run", render=False)
    hits = read_table(tmp_path / "run", "frame_hits")
    assert set(hits["term"]) == {CLASSIFIER_TERM}
    scores = read_table(tmp_path / "run", "classifier_scores")
    assert {"classifier (cross-validated)", "lexicon"} == set(scores["measure"])
    shares = read_table(tmp_path / "run", "frame_shares")
    assert shares["sentences"].sum() > 0


class KeywordEncoder:
    """A stand-in for a sentence-transformers model: two features per sentence."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        words = ("sahabat", "teman", "kawan", "hangat", "mitra")
        return np.array(
            [[float(any(w in t.lower() for w in words)), float(len(t) > 80)] for t in texts]
        )


def test_sentence_embeddings_can_be_the_features(indonesian):
    encoder = KeywordEncoder()
    classifier = FrameClassifier.fit(indonesian, ["friendship"], embedding_model=encoder)
    assert encoder.calls == 1
    new = ["Kim menyebut Putin sahabat terdekatnya.", "Harga minyak naik."]
    direct = LogisticRegression(class_weight="balanced", max_iter=2000, C=4.0, random_state=0)
    direct.fit(KeywordEncoder().encode(indonesian["text"]), indonesian["friendship"])
    expected = direct.predict(KeywordEncoder().encode(new))
    assert classifier.predict(new)["friendship"].tolist() == expected.tolist()
    scores = cross_validate(indonesian, ["friendship"], embedding_model=KeywordEncoder()).iloc[0]
    y = indonesian["friendship"].to_numpy()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    texts = indonesian["text"].tolist()
    expected = cross_val_predict(_pipeline(0, KeywordEncoder()), texts, y, cv=folds)
    assert scores["f1"] == pytest.approx(f1_score(y, expected))


def test_a_model_that_cannot_be_loaded_is_one_line(indonesian):
    with pytest.raises(FramingError, match="cannot be loaded offline|not installed"):
        FrameClassifier.fit(indonesian, ["friendship"], embedding_model="no-such-model")
