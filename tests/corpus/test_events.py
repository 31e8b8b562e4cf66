import numpy as np
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


# --- average linkage: no chaining, and the same clusters as scipy's dense UPGMA -------------

BOTH = "Putin dan Kim Jong Un bertemu membahas banjir besar di Jakarta, warga mengungsi."


def test_a_chain_is_one_event_under_single_linkage_and_not_under_average():
    # cosines: SUMMIT~BOTH 0.47, BOTH~FLOOD 0.57, SUMMIT~FLOOD 0 (nothing shared)
    table = docs([SUMMIT, BOTH, FLOOD], ["2024-06-18"] * 3)
    single, single_events, _ = align_events(table, threshold=0.3, linkage="single")
    assert single["event"].nunique() == 1  # chained: A~B, B~C made A, B and C one event
    average, events, _ = align_events(table, threshold=0.3)
    event = list(average["event"])
    # BOTH joins FLOOD (0.57); SUMMIT's mean with them is (0.47 + 0) / 2 < 0.3
    assert event[1] == event[2] != event[0]
    cohesion = events.set_index("event")["cohesion"]
    assert cohesion[event[1]] == pytest.approx(0.574, abs=1e-3)
    assert np.isnan(cohesion[event[0]])  # one document
    # the chained event's cohesion is the mean over its three pairs, one of them 0
    assert single_events["cohesion"].iloc[0] == pytest.approx((0.475 + 0.574 + 0) / 3, abs=1e-3)
    with pytest.raises(InputError, match="linkage"):
        align_events(table, linkage="complete")


def test_the_default_linkage_is_average():
    from framing.config import DEFAULTS

    assert DEFAULTS.events.linkage == "average"


def scipy_clusters(n, first, second, weight, threshold):
    """The reference: scipy's dense UPGMA on 1 - similarity (unlinked pairs 1), cut at
    1 - threshold."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.ones((n, n))
    distance[first, second] = distance[second, first] = 1 - weight
    np.fill_diagonal(distance, 0)
    return fcluster(linkage(squareform(distance), "average"), 1 - threshold, "distance")


def same_partition(a, b) -> bool:
    return len(set(zip(a, b, strict=True))) == len(set(a)) == len(set(b))


def random_graph(rng, n, density):
    first, second = np.triu_indices(n, 1)
    kept = rng.random(len(first)) < density
    return first[kept], second[kept], rng.uniform(0.0, 1.0, int(kept.sum()))


@pytest.mark.parametrize("seed", range(12))
def test_sparse_average_linkage_equals_scipy_on_random_sparse_graphs(seed):
    from framing.corpus.events import average_linkage

    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 200))
    first, second, weight = random_graph(rng, n, rng.uniform(0.005, 0.3))
    threshold = rng.uniform(0.05, 0.6)
    labels = average_linkage(n, first, second, weight, threshold)
    assert same_partition(labels, scipy_clusters(n, first, second, weight, threshold))
    # numbered in the order of each cluster's first document
    firsts = pd.Series(labels).drop_duplicates().to_numpy()
    np.testing.assert_array_equal(firsts, np.arange(len(firsts)))


def test_sparse_average_linkage_equals_scipy_on_a_large_component():
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from framing.corpus.events import average_linkage

    rng = np.random.default_rng(7)
    n = 2500
    pairs = np.unique(np.sort(rng.integers(0, n, size=(12_000, 2)), axis=1), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    first, second = pairs[:, 0], pairs[:, 1]
    weight = rng.uniform(0.1, 1.0, len(first))
    graph = coo_matrix((weight, (first, second)), shape=(n, n))
    sizes = np.bincount(connected_components(graph, directed=False)[1])
    assert sizes.max() > 2000  # one component too large for a dense matrix at scale
    labels = average_linkage(n, first, second, weight, 0.2)
    assert same_partition(labels, scipy_clusters(n, first, second, weight, 0.2))


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7])
def test_average_linkage_equals_scipy_on_a_full_similarity_matrix(threshold):
    from framing.corpus.events import average_linkage

    rng = np.random.default_rng(int(threshold * 10))
    n = 40
    similarity = rng.uniform(0, 1, size=(n, n))
    first, second = np.triu_indices(n, 1)
    weight = similarity[first, second]
    labels = average_linkage(n, first, second, weight, threshold)
    assert same_partition(labels, scipy_clusters(n, first, second, weight, threshold))


def test_average_linkage_ties_and_edge_cases():
    from framing.corpus.events import average_linkage

    # a path of equal links: the pair whose first documents come first merges
    path = average_linkage(3, np.array([0, 1]), np.array([1, 2]), np.array([0.5, 0.5]), 0.4)
    assert path.tolist() == [0, 0, 1]
    # documents without links stay alone; at threshold 0 a component is one cluster
    assert average_linkage(4, np.array([], int), np.array([], int), np.array([]), 0.3).tolist() == [
        0,
        1,
        2,
        3,
    ]
    star = average_linkage(5, np.array([0, 0, 0]), np.array([1, 2, 3]), np.full(3, 0.2), 0.0)
    assert star.tolist() == [0, 0, 0, 0, 1]
    # many equal weights end (the chain never turns back on itself)
    rng = np.random.default_rng(3)
    first, second, _ = random_graph(rng, 150, 0.2)
    labels = average_linkage(150, first, second, rng.integers(1, 5, len(first)) / 4, 0.3)
    assert len(labels) == 150


def brute_force_cohesion(table, events, threshold, window_days=14):
    """Mean over all pairs of an event's documents of their cosine where linked, else 0,
    from the whole matrix of cosines."""
    from framing.corpus.events import FeatureCollector, _vectors, event_features

    collector = FeatureCollector(table["doc_id"])
    collector.add(*event_features(table))
    matrix, _ = _vectors(collector.result(), len(table), 1.0)
    cosine = (matrix @ matrix.T).toarray()
    days = ((table["date"] - table["date"].min()).dt.days).to_numpy()
    linked = (cosine >= threshold) & (np.abs(days[:, None] - days[None, :]) <= window_days)
    out = {}
    for event, rows in events.groupby("event").indices.items():
        if len(rows) > 1:
            block = np.where(linked, cosine, 0)[np.ix_(rows, rows)]
            out[event] = block[np.triu_indices(len(rows), 1)].mean()
    return out


@pytest.mark.parametrize("linkage", ["average", "single"])
def test_cohesion_is_the_mean_cosine_over_all_pairs_of_an_event(linkage):
    rng = np.random.default_rng(0)
    sentences = [SUMMIT, FLOOD, BOTH, "Harga beras naik tajam di pasar Jakarta pekan ini."]
    texts = [
        " ".join(rng.choice(sentences, size=int(rng.integers(1, 3)), replace=False))
        for _ in range(30)
    ]
    dates = pd.Timestamp("2024-06-01") + pd.to_timedelta(rng.integers(0, 30, 30), unit="D")
    table = docs(texts, dates)
    documents, events, _ = align_events(table, threshold=0.3, linkage=linkage)
    expected = brute_force_cohesion(table, documents, 0.3)
    cohesion = events.set_index("event")["cohesion"]
    assert len(expected) >= (2 if linkage == "average" else 1)  # single: one chained event
    for event, value in expected.items():
        assert cohesion[event] == pytest.approx(value, abs=1e-9)
        if linkage == "average":
            assert value >= 0.3 - 1e-9  # every merge reached the threshold
    single = events.loc[events["n_docs"] == 1, "cohesion"]
    assert single.isna().all()


def test_metadata_events_have_no_cohesion():
    documents, events, _ = align_events(
        docs([SUMMIT, SUMMIT, SUMMIT], ["2024-06-18"] * 3, ["visit", "visit", None])
    )
    assert np.isnan(events.set_index("event").loc["visit", "cohesion"])


def test_a_title_counts_with_the_text():
    from framing.corpus.events import title_names

    texts = [
        "Pemerintah mengumumkan keputusan itu pagi ini di istana.",
        "Warga menanggapi pengumuman tersebut dengan beragam reaksi.",
    ]
    table = docs(texts, ["2024-06-18", "2024-06-18"])
    assert align_events(table)[0]["event"].nunique() == 2  # the texts share nothing
    table["title"] = ["Jokowi umumkan kenaikan harga BBM", "Kenaikan harga BBM: kata Jokowi"]
    assert align_events(table)[0]["event"].nunique() == 1
    assert title_names("Kenaikan harga BBM: kata Jokowi") == ["bbm", "jokowi"]
    assert title_names("Jokowi Announces Fuel Price Rise") == []  # title case says nothing


class PicklingBackend:
    """Runs each job on a pickled copy of its function and input, as another process would."""

    def __init__(self):
        self.jobs = 0

    def map(self, function, items):
        import pickle

        for item in items:
            self.jobs += 1
            yield pickle.loads(pickle.dumps(function))(pickle.loads(pickle.dumps(item)))


def test_blocks_of_dates_linked_as_jobs_give_the_same_events(tmp_path):
    from framing.corpus.resample import write_resampled_jsonl

    path = tmp_path / "corpus.jsonl"
    write_resampled_jsonl(path, 400, 20, seed=3)  # a year of dates: many blocks of 14 days
    table = pd.read_json(path, lines=True, dtype={"doc_id": str})
    table["date"] = pd.to_datetime(table["date"])
    table.loc[::50, "date"] = pd.NaT  # undated documents link in the run's process
    backend = PicklingBackend()
    for linkage in ("average", "single"):
        here = align_events(table, linkage=linkage)
        as_jobs = align_events(table, linkage=linkage, backend=backend)
        for a, b in zip(here, as_jobs, strict=True):
            pd.testing.assert_frame_equal(a, b)
    assert backend.jobs > 10
    assert here[1]["n_docs"].max() > 1  # documents were linked
