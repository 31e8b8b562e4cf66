"""A supervised frame classifier: sentences coded by people teach a model to code the rest.

A lexicon finds the framing its terms name; warmth, support and "a new level of relations" are
framing that no fixed list catches. Trained on sentences a researcher has coded (the CSV of
``framing validate``, or a file such as ``data/validation/coded_sentences.csv``), a classifier
learns the words around the frame as well (Burscher et al. 2014 compare this with a lexicon
for frame detection in news). Here: one logistic regression per frame on word and two-word
TF-IDF features of the sentence (scikit-learn, offline, balanced class weights), per language
or pooled; or, for a user with a sentence-transformers model on disk
(``frames.classifier_embedding``), on the sentence's embedding (Reimers & Gurevych 2019). Its quality is estimated by stratified k-fold cross-validation (precision, recall,
F1 per frame, beside the lexicon's on the same sentences); trained on every coded sentence, it
codes a corpus into ``frame_hits`` rows (term ``(classifier)``) that every table downstream
counts like the lexicon's (``frames.measure: classifier``).

References
----------
Burscher, B., Odijk, D., Vliegenthart, R., de Rijke, M., & de Vreese, C. H. (2014). Teaching
the computer to code frames in news: comparing two supervised machine learning approaches to
frame analysis. *Communication Methods and Measures*, 8(3), 190-206.

Reimers, N., & Gurevych, I. (2019). Sentence-BERT: sentence embeddings using Siamese
BERT-networks. *EMNLP-IJCNLP 2019*, 3982-3992.

Pedregosa, F., et al. (2011). Scikit-learn: Machine learning in Python. *Journal of Machine
Learning Research*, 12, 2825-2830.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from framing.corpus.tokens import TERM_PATTERN
from framing.errors import InputError
from framing.frames.matching.hit_table import HIT_COLUMNS, TYPES, empty_hits
from framing.utils.sentence_models import load_sentence_transformer

#: Folds of the cross-validation (fewer when a frame has fewer positive sentences).
FOLDS = 5
#: Fewest positive and negative sentences a frame needs to be learned.
MIN_EXAMPLES = 5
#: The ``term`` of a classifier's hits.
CLASSIFIER_TERM = "(classifier)"
#: Columns of the cross-validated scores.
SCORE_COLUMNS = ("frame", "measure", "precision", "recall", "f1", "positives", "n", "folds")


def read_coded(path: str | Path) -> pd.DataFrame:
    """Coded sentences as a wide table: ``sentence_id``, ``language``, ``text``, one 0/1 column
    per frame (the format of ``data/validation/coded_sentences.csv``)."""
    table = pd.read_csv(path, dtype={"sentence_id": str, "language": str, "text": str})
    missing = [c for c in ("sentence_id", "text") if c not in table]
    if missing:
        raise InputError(
            f"{path}: lacks column(s) {', '.join(missing)}; give sentence_id, language, text "
            "and one 0/1 column per frame"
        )
    if "language" not in table:
        table["language"] = ""
    return table


class SentenceEmbeddings(BaseEstimator, TransformerMixin):
    """Sentence embeddings as classifier features: a sentence-transformers model (a name or a
    folder on disk, loaded without download; needs ``framing[embeddings]``) or any object with
    ``encode(texts)``. Nothing is fitted: the model is used as it was trained."""

    def __init__(self, model) -> None:
        self.model = model

    def fit(self, texts, y=None) -> SentenceEmbeddings:
        return self

    def transform(self, texts) -> np.ndarray:
        encoder = self.model
        if isinstance(encoder, str | Path):
            encoder = self.model = load_sentence_transformer(str(encoder))
        return np.asarray(encoder.encode(list(texts)), dtype=float)


def _pipeline(random_state: int, embedding_model=None) -> Pipeline:
    """TF-IDF of words and word pairs (default), or the sentence embeddings of
    ``embedding_model``, then a class-balanced logistic regression."""
    if embedding_model is None:
        features = TfidfVectorizer(
            token_pattern=TERM_PATTERN, lowercase=True, ngram_range=(1, 2), sublinear_tf=True,
            min_df=1,
        )  # fmt: skip
    else:
        features = SentenceEmbeddings(embedding_model)
    model = LogisticRegression(
        class_weight="balanced", max_iter=2000, C=4.0, random_state=random_state
    )
    return Pipeline([("features", features), ("model", model)])


@dataclass
class FrameClassifier:
    """One fitted model per frame (frames with too few coded examples are listed, not fitted).

    Attributes
    ----------
    models : dict of str to Pipeline
    skipped : dict of str to str
        Frames not learned, and why.
    languages : list of str
        Languages of the training sentences (the classifier codes only these).
    """

    models: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    languages: list = field(default_factory=list)

    @classmethod
    def fit(
        cls,
        coded: pd.DataFrame,
        frames: Sequence[str] | None = None,
        *,
        random_state: int = 0,
        embedding_model=None,
    ) -> FrameClassifier:
        """Fit on every coded sentence (``coded`` as :func:`read_coded` returns it); features
        are TF-IDF, or the embeddings of ``embedding_model`` (see :class:`SentenceEmbeddings`).
        """
        frames = _frames(coded, frames)
        out = cls(languages=sorted(set(coded["language"].fillna("").astype(str)) - {""}))
        texts = coded["text"].astype(str).tolist()
        for frame in frames:
            y = coded[frame].astype(int).to_numpy()
            why = _too_few(y)
            if why:
                out.skipped[frame] = why
                continue
            out.models[frame] = _pipeline(random_state, embedding_model).fit(texts, y)
        return out

    def predict(self, texts: Sequence[str]) -> pd.DataFrame:
        """0/1 per text and learned frame."""
        return pd.DataFrame(
            {frame: model.predict(list(texts)) for frame, model in self.models.items()}
        )

    def hits(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """``frame_hits`` rows for the sentences the classifier puts in a frame (one per
        sentence and frame, spanning the sentence, term :data:`CLASSIFIER_TERM`); sentences in
        languages it was not trained on get none."""
        if not self.models or sentences.empty:
            return empty_hits()
        language = (
            sentences["language"].astype("string").fillna("").astype(str)
            if "language" in sentences
            else pd.Series("", index=sentences.index)
        )
        readable = (
            language.isin(self.languages).to_numpy()
            if self.languages
            else np.ones(len(sentences), dtype=bool)
        )
        rows = sentences[readable]
        if rows.empty:
            return empty_hits()
        predicted = self.predict(rows["text"].astype(str).tolist())
        parts = []
        for frame in predicted.columns:
            chosen = rows[predicted[frame].to_numpy() == 1]
            if chosen.empty:
                continue
            length = chosen["text"].astype(str).str.len().to_numpy()
            start = chosen["start"].to_numpy(np.int64)
            parts.append(
                pd.DataFrame(
                    {
                        "sentence_id": chosen["sentence_id"].astype(str).to_numpy(),
                        "doc_id": chosen["doc_id"].astype(str).to_numpy(),
                        "frame": frame,
                        "term": CLASSIFIER_TERM,
                        "start": start,
                        "end": start + length,
                        "negated": False,
                        "negation_cue": None,
                        "hedged": False,
                        "hedge_cue": None,
                        "matched_text": chosen["text"].astype(str).to_numpy(),
                        "start_in_sentence": 0,
                        "end_in_sentence": length,
                        "weight": 1.0,
                        "language": language[readable][predicted[frame].to_numpy() == 1].to_numpy(),
                        "generic": False,
                    }
                )
            )
        if not parts:
            return empty_hits()
        table = pd.concat(parts, ignore_index=True)[list(HIT_COLUMNS)].astype(TYPES)
        return table.sort_values(["sentence_id", "frame"], kind="stable").reset_index(drop=True)


def cross_validate(
    coded: pd.DataFrame,
    frames: Sequence[str] | None = None,
    *,
    lexicon=None,
    folds: int = FOLDS,
    random_state: int = 0,
    embedding_model=None,
) -> pd.DataFrame:
    """Cross-validated precision, recall and F1 of the classifier per frame, and the lexicon's
    on the same sentences (``measure`` column) when ``lexicon`` is given.

    Each sentence is predicted by the model fitted on the other folds (stratified by the
    frame's code); the scores pool the out-of-fold predictions.
    """
    frames = _frames(coded, frames)
    texts = np.array(coded["text"].astype(str).tolist(), dtype=object)
    rows = []
    for frame in frames:
        y = coded[frame].astype(int).to_numpy()
        if _too_few(y):
            continue
        k = int(min(folds, y.sum(), (1 - y).sum()))
        predicted = np.zeros_like(y)
        splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=random_state)
        for train, test in splitter.split(texts, y):
            model = _pipeline(random_state, embedding_model).fit(list(texts[train]), y[train])
            predicted[test] = model.predict(list(texts[test]))
        rows.append(_scores(frame, "classifier (cross-validated)", y, predicted, k))
    if lexicon is not None:
        from framing.frames.matching import FrameMatcher

        matcher = FrameMatcher(lexicon)
        found = [
            {h[2] for h in matcher.find(text, language or None)}
            for text, language in zip(texts, coded["language"].fillna("").astype(str), strict=True)
        ]
        for frame in frames:
            if frame in lexicon.frame_ids:
                y = coded[frame].astype(int).to_numpy()
                predicted = np.array([frame in f for f in found], dtype=int)
                rows.append(_scores(frame, "lexicon", y, predicted, 0))
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))


def _scores(frame: str, measure: str, y: np.ndarray, predicted: np.ndarray, folds: int) -> dict:
    tp = int(((predicted == 1) & (y == 1)).sum())
    fp = int(((predicted == 1) & (y == 0)).sum())
    fn = int(((predicted == 0) & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"frame": frame, "measure": measure, "precision": precision, "recall": recall,
            "f1": f1, "positives": int(y.sum()), "n": len(y), "folds": folds}  # fmt: skip


def _frames(coded: pd.DataFrame, frames: Sequence[str] | None) -> list[str]:
    columns = [c for c in coded.columns if c not in ("sentence_id", "language", "text")]
    chosen = list(frames) if frames is not None else columns
    unknown = [f for f in chosen if f not in coded.columns]
    if unknown:
        raise InputError(f"coded sentences: no column for frame(s) {', '.join(unknown)}")
    for frame in chosen:
        values = set(pd.to_numeric(coded[frame], errors="coerce").dropna().astype(int))
        if not values <= {0, 1} or coded[frame].isna().any():
            raise InputError(f"coded sentences: column {frame!r} must hold 0 or 1 in every row")
    return chosen


def _too_few(y: np.ndarray) -> str:
    if y.sum() < MIN_EXAMPLES or (1 - y).sum() < MIN_EXAMPLES:
        return (
            f"fewer than {MIN_EXAMPLES} coded sentences with (or without) the frame: "
            f"{int(y.sum())} of {len(y)}"
        )
    return ""
