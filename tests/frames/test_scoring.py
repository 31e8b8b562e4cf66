import math

import pandas as pd
import pytest

from framing.contract import SCHEMAS
from framing.errors import InputError
from framing.frames import article_frames, frame_shares, match_frames, score_frames, wilson_interval


def wilson_by_hand(k, n, z=1.959963984540054):
    """Wilson (1927): centre and half-width of the score interval, written out."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize(("k", "n"), [(2, 10), (0, 7), (5, 5), (13, 40)])
def test_wilson_matches_hand_computation(k, n):
    low, high = wilson_interval([k], [n])
    assert (low[0], high[0]) == pytest.approx(wilson_by_hand(k, n), abs=1e-12)


def test_wilson_known_value():
    low, high = wilson_interval([2], [10])
    assert round(float(low[0]), 4) == 0.0567 and round(float(high[0]), 4) == 0.5098


@pytest.fixture()
def seeded(seed_tables, lexicon):
    documents, sentences = seed_tables
    return documents, sentences, match_frames(sentences, lexicon), lexicon


def test_frame_scores_counts_and_rate(seeded):
    documents, sentences, hits, lexicon = seeded
    scores = score_frames(documents, sentences, hits, frames=lexicon.frame_ids, count_negated=True)
    assert set(SCHEMAS["frame_scores"]) <= set(scores.columns)
    assert len(scores) == len(documents) * len(lexicon.frame_ids)  # zeros included
    row = scores.set_index(["doc_id", "frame"]).loc[("004", "military_cooperation")]
    n_tokens = documents.set_index("doc_id").loc["004", "n_tokens"]
    assert (row.hits, row.negated_hits, row.sentences_with_frame) == (1, 1, 1)
    assert row.rate_per_1k == pytest.approx(1000 / n_tokens)
    affirmed = score_frames(documents, sentences, hits, frames=lexicon.frame_ids)  # default
    row = affirmed.set_index(["doc_id", "frame"]).loc[("004", "military_cooperation")]
    assert (row.hits, row.negated_hits, row.sentences_with_frame) == (0, 1, 0)
    assert scores.loc[scores.frame == "isolation", "hits"].eq(0).all()


def test_zero_tokens_rate_is_noted_not_silent(seeded):
    documents, sentences, hits, _ = seeded
    documents = documents.assign(n_tokens=[0, 100, 100])
    scores = score_frames(documents, sentences, hits)
    first = scores[scores.doc_id == "000"]
    assert first["rate_per_1k"].isna().all() and first["note"].str.contains("no tokens").all()
    assert scores.loc[scores.doc_id != "000", "note"].eq("").all()


def test_frame_shares_by_outlet_and_event(seeded):
    documents, sentences, hits, lexicon = seeded
    articles = article_frames(documents, sentences, hits, frames=lexicon.frame_ids)
    assert len(articles) == len(documents) * len(lexicon.frame_ids)
    shares = frame_shares(articles, by=("outlet",))
    row = shares.set_index(["outlet", "frame"]).loc[("Lampost.co", "sanctions_violation")]
    assert (row.sentences, row.sentences_with_frame, row.articles) == (4, 2, 1)
    assert row.share == 0.5
    assert (row.ci_low, row.ci_high) == pytest.approx(wilson_by_hand(2, 4))
    # one article: no interval with articles as the units
    assert pd.isna(row.article_ci_low) and pd.isna(row.design_effect)
    events = article_frames(
        documents.assign(event=[None, "e", "e"]), sentences, hits, frames=lexicon.frame_ids
    )
    by_event = frame_shares(events, by=("outlet", "event"))
    assert by_event["event"].isna().sum() == len(lexicon.frame_ids)  # NA event kept as a group
    assert by_event["sentences"].sum() == len(sentences) * len(lexicon.frame_ids)


def test_hits_from_another_corpus_are_an_error(seeded):
    documents, sentences, hits, _ = seeded
    with pytest.raises(InputError, match="not in sentences"):
        score_frames(documents, sentences.iloc[:2], hits)
    with pytest.raises(InputError, match="lacks column"):
        frame_shares(article_frames(documents, sentences, hits).drop(columns="outlet"))
    assert isinstance(score_frames(documents, sentences, hits.iloc[:0]), pd.DataFrame)
