import pandas as pd
import pytest

from framing.contract import check_columns
from framing.corpus.events import align_events, document_names
from framing.errors import InputError


def test_seed_corpus_has_two_events(sample_corpus):
    documents, events, event_outlets = align_events(sample_corpus.documents)
    event = documents.set_index("doc_id")["event"]
    assert event["000"] == event["001"] == event["003"] == event["004"]  # Putin in Pyongyang
    assert event["002"] != event["000"]  # Kim in Russia, September 2023
    assert event["002"] == "event-2023-09-11"
    check_columns(events, "events")
    june = events.set_index("event").loc[event["000"]]
    assert (june["n_docs"], june["n_outlets"]) == (4, 4)
    assert str(june["date_min"].date()) == "2024-06-10"
    assert str(june["date_max"].date()) == "2024-06-19"
    assert "putin" in june["top_terms"].split()
    assert set(documents["event_source"]) == {"aligned"}
    assert event_outlets["n_docs"].sum() == len(documents)


def docs(texts, dates, events=None):
    table = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": [f"o{i % 2}" for i in range(len(texts))],
            "text": texts,
            "date": pd.to_datetime(dates),
        }
    )
    if events is not None:
        table["event"] = events
    return table


SUMMIT = "Putin dan Kim Jong Un bertemu di Pyongyang membahas kerja sama militer."
FLOOD = "Banjir besar melanda Jakarta dan ribuan warga mengungsi ke sekolah."


def test_time_window_and_content_both_needed():
    documents, events, _ = align_events(
        docs(
            [SUMMIT, SUMMIT, FLOOD, SUMMIT],
            ["2024-06-18", "2024-06-19", "2024-06-18", "2024-09-01"],
        )
    )
    event = list(documents["event"])
    assert event[0] == event[1]  # same content, one day apart
    assert event[2] != event[0]  # same day, other content
    assert event[3] != event[0]  # same content, 75 days later
    assert len(events) == 3


def test_same_start_day_gets_a_suffix_and_undated_documents_link_on_content():
    documents, events, _ = align_events(
        docs([SUMMIT, FLOOD, FLOOD], ["2024-06-18", "2024-06-18", None])
    )
    assert sorted(events["event"]) == ["event-2024-06-18", "event-2024-06-18-b"]
    event = list(documents["event"])
    assert event[1] == event[2]  # the undated flood report joins the dated one


def test_user_event_always_wins():
    documents, events, _ = align_events(
        docs(
            [SUMMIT, SUMMIT, SUMMIT],
            ["2024-06-18", "2024-06-19", "2024-06-19"],
            ["visit", None, ""],
        )
    )
    assert list(documents["event_source"]) == ["metadata", "aligned", "aligned"]
    assert documents["event"].iloc[0] == "visit"
    assert documents["event"].iloc[1] == documents["event"].iloc[2] != "visit"
    assert set(events["event_source"]) == {"metadata", "aligned"}


def test_names_skip_sentence_starts():
    assert document_names("Kemarin Presiden Vladimir Putin tiba. Dia disambut Kim.") == [
        "presiden_vladimir_putin",
        "kim",
    ]


def test_bad_parameters_and_missing_columns():
    with pytest.raises(InputError, match="thresholds"):
        align_events(docs([SUMMIT], ["2024-06-18"]), threshold=2)
    with pytest.raises(InputError, match="lacks column 'text'"):
        align_events(pd.DataFrame({"doc_id": ["a"], "outlet": ["x"]}))


def test_links_folded_into_stars_give_the_same_components():
    import numpy as np

    from framing.corpus.events import _Links

    rng = np.random.default_rng(0)
    batches = [rng.integers(0, 300, size=(40, 2)) for _ in range(12)]
    folded, whole = _Links(300, budget=0), _Links(300, budget=10**9)
    for edges in batches:
        folded.add(edges)
        whole.add(edges)
    assert len(folded.held) == 1 and len(folded.held[0]) < 300  # a star, not every link
    np.testing.assert_array_equal(folded.components(), whole.components())
