"""Language discipline: a term matches only in sentences of its language, and what no lexicon
covers is kept, listed and left out of the frame counts (never counted as frame-free)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.contract import read_table
from framing.corpus.segment import segment
from framing.frames import load_lexicon
from framing.frames.coverage import coverage_notes, language_coverage
from framing.frames.matching import FrameMatcher, match_frames
from framing.frames.measure import frame_tables
from framing.pipeline import run_pipeline, study_from_options

ENGLISH = (
    "Russia and North Korea signed a strategic partnership treaty in Pyongyang on Wednesday. "
    "Washington accused Pyongyang of supplying ballistic missiles to Moscow."
)
INDONESIAN = (
    "Rusia dan Korea Utara menandatangani perjanjian kemitraan strategis di Pyongyang. "
    "Kedua pemimpin memuji persahabatan yang erat antara kedua negara."
)
ITALIAN = (
    "La Russia e la Corea del Nord hanno firmato una partnership strategica a Pyongyang, "
    "mentre Washington accusa Pyongyang di violare le sanzioni."
)
QUOTED_ENGLISH = (
    "The treaty is a strategic partnership that threatens peace, and Washington accused "
    "Pyongyang of supplying weapons in violation of sanctions, the statement said."
)


def _documents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["en1", "id1", "it1", "mix"],
            "outlet": ["A", "B", "C", "B"],
            "language": ["en", "id", "it", "id"],
            "n_tokens": [30, 25, 28, 60],
            "text": [ENGLISH, INDONESIAN, ITALIAN, INDONESIAN + "\n\n" + QUOTED_ENGLISH],
        }
    )


@pytest.fixture(scope="module")
def tables():
    documents = _documents()
    _, sentences = segment(documents)
    return documents, sentences, frame_tables(documents, sentences, load_lexicon())


def test_an_english_term_never_matches_an_italian_sentence(tables):
    _, sentences, out = tables
    hits = out["frame_hits"]
    assert "partnership" in ITALIAN and not (hits["doc_id"] == "it1").any()
    assert (hits["doc_id"] == "en1").any()  # the same words in English do match


def test_a_quoted_paragraph_is_read_in_its_own_language(tables):
    _, sentences, out = tables
    mixed = sentences[sentences["doc_id"] == "mix"]
    assert mixed["language"].tolist()[-1] == "en"  # the English statement in an Indonesian text
    assert set(mixed["language"].iloc[:-1]) == {"id"}
    hits = out["frame_hits"]
    english = set(mixed.loc[mixed["language"] == "en", "sentence_id"])
    in_quote = hits[hits["sentence_id"].isin(english)]
    assert len(in_quote) and set(in_quote["language"]) == {"en"}
    others = hits[(hits["doc_id"] == "mix") & ~hits["sentence_id"].isin(english)]
    assert set(others["language"]) <= {"id"}


def test_uncovered_language_is_left_out_of_denominators_not_counted_frame_free(tables):
    documents, sentences, out = tables
    articles = out["article_frames"]
    italian = articles[articles["doc_id"] == "it1"]
    assert (italian["sentences"] == 0).all() and (italian["sentences_with_frame"] == 0).all()
    # outlet C wrote only Italian: it has no sentences in the shares, not a share of zero
    shares = out["frame_shares"]
    assert shares.loc[shares["outlet"] == "C", "sentences"].sum() == 0
    n_english = int((sentences["doc_id"] == "en1").sum())
    assert (articles.loc[articles["doc_id"] == "en1", "sentences"] == n_english).all()


def test_language_coverage_lists_every_language(tables):
    _, sentences, out = tables
    coverage = out["language_coverage"].set_index("language")
    assert coverage.loc["it", "documents"] == 1 and not coverage.loc["it", "covered"]
    assert coverage.loc["id", "documents"] == 2 and coverage.loc["id", "covered"]
    assert coverage["sentences"].sum() == len(sentences)
    notes = coverage_notes(out["language_coverage"], load_lexicon().languages)
    assert notes[0].startswith("1 document in 1 language (it 1) has no lexicon")


def test_unknown_language_is_not_matched_against_every_lexicon():
    matcher = FrameMatcher(load_lexicon())
    text = "Washington accused Pyongyang of supplying missiles."
    assert matcher.find(text, "en") and matcher.find(text) and not matcher.find(text, "")
    assert not matcher.find(text, "it")
    sentences = pd.DataFrame(
        {"doc_id": ["d"], "sentence_id": ["d:s1"], "start": [0], "text": [text], "language": [""]}
    )
    assert match_frames(sentences, matcher).empty


def test_chunk_counts_add_up_to_the_corpus_table():
    part = pd.DataFrame(
        {"language": ["en", "", "ru"], "documents": [2, 1, 1], "sentences": [9, 2, 4],
         "covered": [True, False, False]}
    )  # fmt: skip
    table = language_coverage([part, part])
    assert table.values.tolist() == [
        ["en", 4, 18, True], ["ru", 2, 8, False], ["(unknown)", 2, 4, False]
    ]  # fmt: skip


def test_a_run_reports_uncovered_languages_in_notes_methods_and_report(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    rows = [
        {"doc_id": d, "outlet": o, "date": "2024-06-19", "language": lang, "text": t}
        for d, o, lang, t in _documents()[["doc_id", "outlet", "language", "text"]].itertuples(
            index=False
        )
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    study = study_from_options(
        corpus,
        statistics={"permutations": 99, "bootstrap": 99},
        topics={"enabled": False},
        figure_formats=["svg"],
    )
    run_pipeline(study, tmp_path / "run", render=True)
    coverage = read_table(tmp_path / "run", "language_coverage")
    assert set(coverage.loc[~coverage["covered"], "language"]) == {"it"}
    notes = read_table(tmp_path / "run", "notes")
    assert notes["text"].str.contains("has no lexicon").any()
    page = (tmp_path / "run" / "index.html").read_text(encoding="utf-8")
    assert "without a lexicon is not counted" in page
    assert "languages without a lexicon (it)" in page  # the methods text
