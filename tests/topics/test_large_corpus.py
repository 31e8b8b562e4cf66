"""What keeps the topic step within time and memory on large corpora.

Stability refits on a random sample of articles above a unit cap, the bootstrap in blocks of
replicates, assignment draws kept per unit, and the frame-term lookup by token runs: each is
checked against the direct computation it replaces.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from framing.topics import describe, fit_topic_model, shares
from framing.topics.describe import stability_sample, topic_stability
from framing.topics.guided import frame_overlap, seed_topic_list
from framing.topics.params import STABILITY_UNITS
from framing.topics.prevalence import _draw_topics, _drawn_shares, topic_prevalence
from framing.topics.stability import sample_articles


def _doc_ids(n_articles: int, seed: int = 0) -> list[str]:
    sizes = np.random.default_rng(seed).integers(1, 7, n_articles)
    return [f"a{i}" for i, size in enumerate(sizes) for _ in range(size)]


def test_sample_articles_takes_whole_articles_under_the_cap_reproducibly():
    doc_ids = _doc_ids(500)
    sample = sample_articles(doc_ids, 300, random_state=7)
    assert np.array_equal(sample, sample_articles(doc_ids, 300, random_state=7))
    assert not np.array_equal(sample, sample_articles(doc_ids, 300, random_state=8))
    assert 290 <= len(sample) <= 300 and np.all(np.diff(sample) > 0)
    ids = pd.Series(doc_ids)
    chosen = set(ids.iloc[sample])
    assert ids.isin(chosen).sum() == len(sample)  # every unit of a sampled article is in
    # at or under the cap, every unit
    assert np.array_equal(sample_articles(doc_ids[:40], 40), np.arange(40))
    # an article larger than the cap still gives a sample
    assert sample_articles(["big"] * 10, 3).tolist() == list(range(10))


def test_stability_refits_a_sample_of_articles_above_the_cap(seed_tables, monkeypatch):
    fit = fit_topic_model(*seed_tables)
    n_units = len(fit.units)
    cap = n_units // 2
    seen = []
    original = type(fit).refit_topics

    def spy(self, seed, units=None):
        seen.append(None if units is None else np.asarray(units).copy())
        return original(self, seed, units)

    monkeypatch.setattr(type(fit), "refit_topics", spy)
    table = topic_stability(fit, (1, 2), max_units=cap)
    assert list(table["seed"]) == [1, 2] and table["ari"].between(-1, 1).all()
    sample = stability_sample(fit, cap)
    assert sample is not None and 0 < len(sample) <= cap
    assert all(np.array_equal(units, sample) for units in seen)  # the same sample each refit
    # the sample is drawn from the fit's seed, whole articles at a time
    assert np.array_equal(sample, sample_articles(fit.units["doc_id"], cap, fit.random_state))
    # below the cap every unit is refitted, as before
    seen.clear()
    topic_stability(fit, (1,), max_units=n_units)
    assert seen == [None]
    result = describe.describe_topics(fit, stability_seeds=(1,), n_boot=50, stability_units=cap)
    assert any("stability refits on a random sample" in note for note in result.info["notes"])
    assert STABILITY_UNITS == 20_000


def test_refit_on_a_sample_returns_a_topic_per_sampled_unit(seed_tables):
    fit = fit_topic_model(*seed_tables)
    units = np.arange(0, len(fit.units), 2)
    topics = fit.refit_topics(3, units)
    assert len(topics) == len(units)
    assert fit.refit_topics(3, units) == topics  # the same seed gives the same refit


def _gathered_shares(weights, doc_ids, groups, n_boot, seed):
    """The bootstrap as it was written first: every replicate's articles gathered at once."""
    frame = pd.DataFrame({"doc_id": doc_ids, "group": groups})
    rng = np.random.default_rng(seed)
    out = {}
    for group in sorted(frame["group"].dropna().unique(), key=str):
        idx = np.flatnonzero((frame["group"] == group).to_numpy())
        _, doc_index = np.unique(frame["doc_id"].to_numpy()[idx], return_inverse=True)
        n_docs = doc_index.max() + 1
        sums = np.zeros((n_docs, weights.shape[1]))
        np.add.at(sums, doc_index, weights[idx])
        counts = np.bincount(doc_index).astype(float)
        if n_docs >= 2:
            draw = rng.integers(0, n_docs, size=(n_boot, n_docs))
            boot = sums[draw].sum(axis=1) / counts[draw].sum(axis=1)[:, None]
            alpha = (1.0 - 0.95) / 2.0
            out[group] = np.quantile(boot, [alpha, 1.0 - alpha], axis=0)
    return out


@pytest.mark.parametrize("block", [1, 7, 4_000_000])
def test_bootstrap_in_blocks_gives_the_intervals_of_the_gathered_bootstrap(monkeypatch, block):
    monkeypatch.setattr(shares, "DRAWS_PER_BLOCK", block)
    rng = np.random.default_rng(1)
    doc_ids = _doc_ids(120, seed=1)
    groups = [None if i % 11 == 0 else f"g{i % 3}" for i in range(len(doc_ids))]
    topics = rng.integers(0, 4, len(doc_ids))
    weights = shares.assignment_weights(topics, [0, 1, 2, 3])
    table = shares.bootstrap_shares(weights, range(4), doc_ids, groups, n_boot=97, random_state=5)
    expected = _gathered_shares(weights, doc_ids, groups, 97, 5)
    for group, (low, high) in expected.items():
        rows = table[table["outlet"] == group]
        # one-hot weights give integer sums: the same numbers whatever the order of addition
        assert np.array_equal(rows["ci_low"].to_numpy(), low)
        assert np.array_equal(rows["ci_high"].to_numpy(), high)
    dist = rng.dirichlet(np.ones(4), len(doc_ids))
    table = shares.bootstrap_shares(dist, range(4), doc_ids, groups, n_boot=97, random_state=5)
    for group, (low, high) in _gathered_shares(dist, doc_ids, groups, 97, 5).items():
        rows = table[table["outlet"] == group]
        np.testing.assert_allclose(rows["ci_low"], low, rtol=1e-12)
        np.testing.assert_allclose(rows["ci_high"], high, rtol=1e-12)


def test_drawn_topics_count_as_one_draw_per_unit_from_its_row():
    rng = np.random.default_rng(0)
    weights = rng.dirichlet(np.ones(5) * 0.5, 400)
    weights /= weights.sum(axis=1, keepdims=True)
    codes = np.repeat(np.arange(100), 4)
    drawn = _draw_topics(weights, 3, np.random.default_rng(9))
    assert drawn.shape == (3, 400) and drawn.dtype == np.uint8
    # the draws of the direct computation, with the same stream
    reference = np.random.default_rng(9)
    cumulative = np.cumsum(weights, axis=1)
    size = np.bincount(codes).astype(float)
    for d in range(3):
        u = reference.random(400)[:, None] * cumulative[:, -1:]
        expected = np.minimum((cumulative < u).sum(axis=1), 4)
        assert np.array_equal(drawn[d], expected)
        counts = np.bincount(codes * 5 + expected, minlength=500).reshape(100, 5)
        for j in range(5):
            assert np.array_equal(_drawn_shares(drawn, codes, j, size)[d], counts[:, j] / size)


def test_prevalence_models_every_article_of_a_large_table():
    rng = np.random.default_rng(3)
    doc_ids = _doc_ids(3_000, seed=3)
    outlet_of = {d: f"o{rng.integers(0, 40)}" for d in dict.fromkeys(doc_ids)}
    covariates = pd.DataFrame({"outlet": [outlet_of[d] for d in doc_ids]})
    weights = rng.dirichlet(np.ones(6), len(doc_ids))
    table = topic_prevalence(
        weights, range(6), doc_ids, covariates, method="distribution", n_draws=5
    )
    assert set(table["n"]) == {len(outlet_of)}
    assert set(table["n_units"]) == {len(doc_ids)}
    assert table["estimate"].notna().all()


def test_frame_terms_are_found_as_by_padded_substrings():
    texts = [
        "Kerja sama militer dan sanksi PBB.",
        "Kerja keras, sama sekali tanpa sanksi-sanksi.",
        "Rudal balistik kerja sama kerja.",
        "",
        "Senjatanya dikirim; senjata tidak.",
    ]
    seeds = {"a": ["kerja sama", "sanksi"], "b": ["senjata", "rudal balistik", "kerja"]}
    topics = pd.DataFrame({"topic": [0, 1], "top_terms": ["kerja, sama", "rudal"]})
    assignments = pd.DataFrame({"topic": [0, 1, 0, 1, 0]})
    table = frame_overlap(topics, assignments, texts, seeds).set_index(["topic", "frame"])
    from framing.corpus.tokens import tokenize

    frames, terms = seed_topic_list(seeds)
    for topic in (0, 1):
        members = [t for t, k in zip(texts, assignments["topic"], strict=True) if k == topic]
        padded = [" " + " ".join(tokenize(t)) + " " for t in members]
        for frame, words in zip(frames, terms, strict=True):
            expected = sum(any(f" {w} " in p for w in words) for p in padded)
            assert table.loc[(topic, frame), "units_with_frame_term"] == expected


def test_prevalence_leaves_out_an_event_with_too_many_levels(seed_tables, monkeypatch):
    documents, paragraphs = seed_tables
    documents = documents.assign(outlet=["X", "X", "Y", "Y", "Y"][: len(documents)])
    fit = fit_topic_model(documents, paragraphs)
    with_event = describe.prevalence_by_outlet(fit)
    without = describe.prevalence_by_outlet(fit, max_event_levels=1)
    mentions = " ".join([*with_event["term"], *with_event["caveat"]])
    assert "event" in mentions  # estimated, or named as collinear with outlet
    assert "event" not in " ".join([*without["term"], *without["caveat"]])
    units = fit.units.assign(event=[f"e{i}" for i in range(len(fit.units))])
    monkeypatch.setattr(describe, "MAX_EVENT_LEVELS", 10)
    many = describe.describe_topics(
        dataclasses.replace(fit, units=units), stability_seeds=(), n_boot=20
    )
    assert any("event left out of the topic prevalence model" in n for n in many.info["notes"])
    assert "event" not in " ".join([*many.prevalence["term"], *many.prevalence["caveat"]])
    # every event still has its shares
    assert many.topic_shares_by_event["event"].nunique() == len(units)
