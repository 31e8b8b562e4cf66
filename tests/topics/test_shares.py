import numpy as np
import pandas as pd

from framing.topics.shares import assignment_weights, bootstrap_shares, distribution_weights


def test_shares_and_document_bootstrap():
    topics = [0, 0, 1, 1, 1, 0, 1, 1]
    docs = ["a", "a", "b", "b", "c", "c", "d", "d"]
    outlets = ["X", "X", "X", "X", "Y", "Y", "Y", "Y"]
    weights = assignment_weights(topics, [0, 1])
    table = bootstrap_shares(weights, [0, 1], docs, outlets, n_boot=2000, random_state=1)
    share = table.set_index(["outlet", "topic"])["share"]
    assert share[("X", 0)] == 0.5 and share[("Y", 0)] == 0.25
    assert (table["resampled"] == "articles").all() and (table["caveat"] == "").all()
    # outlet X has two documents, one all topic 0, one all topic 1: resamples give 0, 0.5 or 1
    x0 = table.query("outlet == 'X' and topic == 0").iloc[0]
    assert x0["ci_low"] == 0.0 and x0["ci_high"] == 1.0


def test_independent_bootstrap_reproduces_the_interval():
    rng = np.random.default_rng(5)
    docs = np.repeat([f"d{i}" for i in range(6)], 4)
    topics = rng.integers(0, 3, len(docs))
    table = bootstrap_shares(
        assignment_weights(topics, [0, 1, 2]),
        [0, 1, 2],
        docs,
        ["o"] * len(docs),
        n_boot=4000,
        random_state=0,
    )
    # independent computation: resample documents with a loop, share of topic 0
    frame = pd.DataFrame({"doc": docs, "t0": topics == 0})
    per_doc = frame.groupby("doc")["t0"].agg(["sum", "count"]).to_numpy()
    loop_rng = np.random.default_rng(123)
    boots = []
    for _ in range(4000):
        pick = per_doc[loop_rng.integers(0, 6, 6)]
        boots.append(pick[:, 0].sum() / pick[:, 1].sum())
    row = table.query("topic == 0").iloc[0]
    assert abs(row["share"] - (topics == 0).mean()) < 1e-12
    assert abs(row["ci_low"] - np.quantile(boots, 0.025)) < 0.05
    assert abs(row["ci_high"] - np.quantile(boots, 0.975)) < 0.05


def test_single_article_group_has_no_interval():
    table = bootstrap_shares(
        assignment_weights([0, 1, 1, 0, 1], [0, 1]),
        [0, 1],
        ["a", "a", "a", "b", "c"],
        ["X", "X", "X", "Y", "Y"],
        n_boot=200,
    )
    one = table[table["outlet"] == "X"]
    assert one[["ci_low", "ci_high"]].isna().all().all()
    assert (one["caveat"] == "not testable (1 article): no between-article interval").all()
    assert list(one["share"]) == [1 / 3, 2 / 3] and (one["n_docs"] == 1).all()
    two = table[table["outlet"] == "Y"]
    assert two[["ci_low", "ci_high"]].notna().all().all() and (two["caveat"] == "").all()
    assert (table["resampled"] == "articles").all()


def test_distribution_weights_keep_every_unit():
    weights, ids = distribution_weights(np.array([[0.2, 0.6], [0.0, 0.0]]), [0, 1])
    assert ids == [-1, 0, 1]
    np.testing.assert_allclose(weights, [[0, 0.25, 0.75], [1, 0, 0]])
