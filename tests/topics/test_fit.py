from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.contract import read_table
from framing.errors import FramingError, InputError
from framing.topics import TopicResult, fit_topics
from tests.topics.conftest import SEED_TOPICS


def test_sample_corpus_gives_a_handful_of_topics(fitted, seed_tables):
    n_topics = fitted.info["n_topics"]
    assert 2 <= n_topics <= 10
    assert fitted.outlier_share < 0.5
    assert len(fitted.topic_assignments) == len(seed_tables[1])
    assert fitted.topics["n_units"].sum() == len(seed_tables[1])
    assert (fitted.topics["label"].str.len() > 0).all()
    # c-TF-IDF labels come from content words, never stop words
    assert not fitted.topics["top_terms"].str.contains(r"\b(?:yang|dan|di)\b").any()


def test_shares_sum_to_one_per_outlet_and_method(fitted):
    totals = fitted.topic_shares.groupby(["outlet", "method"])["share"].sum()
    np.testing.assert_allclose(totals.to_numpy(), 1.0)
    assert set(fitted.topic_shares["method"]) == {"assignment", "distribution"}
    shares = fitted.topic_shares
    inside = (shares["ci_low"] <= shares["share"] + 1e-12) & (
        shares["share"] <= shares["ci_high"] + 1e-12
    )
    # each sample outlet has one article: no between-article interval, and the caveat says so
    one = shares["n_docs"] == 1
    assert (inside | one).all()
    assert shares.loc[one, ["ci_low", "ci_high"]].isna().all().all()
    assert shares.loc[one, "caveat"].str.startswith("not testable (1 article)").all()
    assert (shares["resampled"] == "articles").all()


def test_assignment_shares_match_counts(fitted):
    assignments = fitted.topic_assignments
    counts = pd.crosstab(assignments["outlet"], assignments["topic"], normalize="index")
    shares = fitted.topic_shares.query("method == 'assignment'").pivot(
        index="outlet", columns="topic", values="share"
    )
    np.testing.assert_allclose(
        shares.loc[counts.index, counts.columns].to_numpy(), counts.to_numpy()
    )


def test_events_time_terms_prevalence_and_stability_are_reported(fitted):
    assert set(fitted.topic_shares_by_event["event"]) == {"2023-09", "2024-06"}
    assert fitted.topics_over_time["period"].nunique() >= 2
    assert fitted.topics_over_time["top_terms"].str.len().gt(0).any()
    terms = fitted.topic_terms_by_outlet
    assert list(terms.columns) == ["outlet", "topic", "top_terms", "n_units"]
    assert terms.equals(terms.sort_values(["outlet", "topic"]).reset_index(drop=True))
    # every sample outlet has a single article: none enters the prevalence model
    prevalence = fitted.prevalence
    assert (prevalence["method"] == "not fitted").all()
    assert len(prevalence) == prevalence["topic"].nunique()
    assert (
        prevalence["caveat"]
        .str.contains(r"not testable \(1 article\): 000, 001, 002, 003, 004")
        .all()
    )
    assert list(fitted.stability["seed"]) == [1, 2]
    assert fitted.stability["ari"].between(-1, 1).all()


def test_guided_topics_report_frame_overlap(fitted):
    overlap = fitted.frame_overlap
    assert set(overlap["frame"]) == set(SEED_TOPICS)
    assert len(overlap) == len(fitted.topics) * len(SEED_TOPICS)
    assert overlap["unit_share"].between(0, 1).all()
    # the sanctions lexicon is present in the corpus: some topic carries it
    assert overlap.query("frame == 'sanctions_violation'")["units_with_frame_term"].max() > 0


def test_save_and_load_round_trip(fitted, seed_tables, tmp_path):
    fitted.save(tmp_path)
    assert (tmp_path / "topics" / "model.pkl").exists()
    pd.testing.assert_frame_equal(read_table(tmp_path, "topics"), fitted.topics, check_dtype=False)
    loaded = TopicResult.load(tmp_path)
    assert loaded.outlier_share == fitted.outlier_share
    assert loaded.info["n_topics"] == fitted.info["n_topics"]
    texts = seed_tables[1]["text"].tolist()[:5]
    predicted, _ = loaded.model.transform(texts)
    assert len(predicted) == 5


def test_one_document_corpus_is_valid(seed_tables):
    documents, paragraphs = seed_tables
    one = documents[documents["doc_id"] == "001"]
    result = fit_topics(
        one, paragraphs[paragraphs["doc_id"] == "001"], stability_seeds=(), n_boot=50
    )
    assert result.info["n_topics"] >= 1
    assert result.topic_shares["caveat"].str.startswith("not testable (1 article)").all()
    assert result.topic_shares["ci_low"].isna().all()
    assert result.topic_shares_by_event["event"].nunique() == 1


def test_prevalence_needs_two_outlets_with_min_articles(seed_tables):
    documents, paragraphs = seed_tables
    two = documents.assign(outlet=["A", "A", "A", "B", "B"], event="e")
    result = fit_topics(two, paragraphs, stability_seeds=(), n_boot=50, min_articles=3)
    assert set(result.topic_shares["outlet"]) == {"A", "B"}  # B is still described
    prevalence = result.prevalence
    assert (prevalence["method"] == "not fitted").all()
    assert prevalence["caveat"].str.contains(r"not testable \(2 articles\): B").all()
    assert prevalence["caveat"].str.contains("1 outlet with at least 3 articles").all()


def test_too_few_units_is_one_line_error(seed_tables):
    documents, paragraphs = seed_tables
    with pytest.raises(InputError, match="at least 4 are needed"):
        fit_topics(documents, paragraphs.head(2))


def test_bad_inputs_are_one_line_errors(seed_tables):
    documents, paragraphs = seed_tables
    with pytest.raises(InputError, match="unit 'word'"):
        fit_topics(documents, paragraphs, unit="word")
    with pytest.raises(InputError, match="lacks column"):
        fit_topics(documents.drop(columns="outlet"), paragraphs)
    with pytest.raises(InputError, match="not in documents"):
        fit_topics(documents[documents["doc_id"] != "001"], paragraphs)
    with pytest.raises(FramingError, match="framing\\[embeddings\\]"):
        fit_topics(documents, paragraphs, embedding_model="paraphrase-multilingual-MiniLM-L12-v2")


def test_blank_units_are_left_out_and_noted(seed_tables):
    documents, paragraphs = seed_tables
    blank = pd.DataFrame([{"doc_id": "000", "paragraph_id": "000:p99", "text": "   "}])
    result = fit_topics(
        documents, pd.concat([paragraphs, blank]), stability_seeds=(), n_boot=20, distribution=False
    )
    assert "000:p99" not in set(result.topic_assignments["unit_id"])
    assert any("1 blank paragraph" in note for note in result.info["notes"])


def test_summary_and_latex_of_a_fit(fitted):
    text = fitted.summary()
    assert f"{fitted.info['n_topics']} topics on" in text and "outliers:" in text
    for label in fitted.topics["label"]:
        assert label in text
    tex = fitted.to_latex()
    assert tex.count(r"\begin{tabular}") == tex.count(r"\end{tabular}") == 1
    assert r"\toprule" in tex and "[" in tex
    outlets = set(fitted.topic_shares["outlet"])
    header = tex.split(r"\toprule")[1].split(r"\\")[0]
    assert all(o.replace("_", r"\_") in header for o in outlets)
