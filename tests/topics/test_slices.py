"""The work on every unit of a fitted model, slice by slice, equals one pass over all units."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.backends import LocalBackend
from framing.topics import fit_topic_model, slices
from framing.topics.slices import assigned_topics, topic_distributions, unit_slices

THEMES = (
    ("rudal", "balistik", "uji", "peluncuran", "hulu", "ledak"),
    ("persahabatan", "kunjungan", "sambutan", "hangat", "jamuan", "pemimpin"),
    ("sanksi", "pelanggaran", "dewan", "resolusi", "embargo", "larangan"),
    ("senjata", "amunisi", "pasokan", "perang", "artileri", "garis"),
)


def themed_tables(n_articles: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles of ten outlets, four paragraphs each, every paragraph mostly one theme's words."""
    rng = np.random.default_rng(seed)
    every = [w for theme in THEMES for w in theme]
    documents, paragraphs = [], []
    for a in range(n_articles):
        doc_id = f"a{a}"
        documents.append(
            {
                "doc_id": doc_id,
                "outlet": f"outlet {a % 10}",
                "date": pd.Timestamp("2024-06-01") + pd.Timedelta(days=int(a % 30)),
                "event": f"e{a % 3}",
                "language": "id",
            }
        )
        for p in range(4):
            theme = THEMES[rng.integers(len(THEMES))]
            words = list(rng.choice(theme, 8)) + list(rng.choice(every, 2))
            paragraphs.append(
                {"doc_id": doc_id, "paragraph_id": f"{doc_id}:p{p}", "text": " ".join(words)}
            )
    return pd.DataFrame(documents), pd.DataFrame(paragraphs)


@pytest.fixture(scope="module")
def online_fit():
    """An online fit (partial_fit in batches of 100) of 600 themed paragraphs."""
    documents, paragraphs = themed_tables(150)
    return fit_topic_model(documents, paragraphs, online_units=200, batch_size=100)


def test_unit_slices_cover_the_units_in_order():
    covered = [i for part in unit_slices(10, 4) for i in range(10)[part]]
    assert covered == list(range(10))
    assert slices.SLICE_UNITS % slices.DISTRIBUTION_BATCH == 0  # whole batches per slice


def test_distributions_slice_by_slice_equal_one_pass_over_every_unit(online_fit, monkeypatch):
    model, texts = online_fit.model, online_fit.texts
    whole, _ = model.approximate_distribution(texts, batch_size=len(texts))
    monkeypatch.setattr(slices, "SLICE_UNITS", 250)  # three slices, the last one short
    sliced = topic_distributions(model, texts, backend=LocalBackend())
    np.testing.assert_array_equal(sliced, whole)
    assert model.umap_model is not None  # the slices' copy went without it, not the model


def test_the_online_assignment_pass_equals_transforming_every_unit(online_fit):
    assert online_fit.parameters["mode"] == "online"
    model, texts, embeddings = online_fit.model, online_fit.texts, online_fit.embeddings
    whole, _ = model.transform(texts, embeddings=embeddings)
    assert online_fit.topics == [int(t) for t in whole]
    parts = unit_slices(len(texts), 70)
    assert assigned_topics(model, texts, embeddings, parts) == online_fit.topics


def test_words_per_outlet_in_groups_of_outlets_equal_one_call_over_every_outlet(
    online_fit, monkeypatch
):
    from framing.topics.terms import _model_state_kept, terms_by_outlet

    model, texts, topics = online_fit.model, online_fit.texts, online_fit.topics
    outlets = online_fit.units["outlet"].astype(str).tolist()
    with _model_state_kept(model, topics):  # BERTopic's own call, every outlet at once
        whole = model.topics_per_class(texts, classes=outlets, global_tuning=True)
    monkeypatch.setattr(slices, "SLICE_UNITS", 130)  # about two outlets a group
    table = terms_by_outlet(model, texts, topics, outlets)
    whole = whole.rename(
        columns={"Class": "outlet", "Topic": "topic", "Words": "top_terms", "Frequency": "n_units"}
    ).sort_values(["outlet", "topic"])[["outlet", "topic", "top_terms", "n_units"]]
    pd.testing.assert_frame_equal(table, whole.reset_index(drop=True), check_dtype=False)
    assert table["outlet"].nunique() == 10


@pytest.mark.slow
def test_on_two_dask_workers_an_online_fit_gives_the_local_tables(monkeypatch, tmp_path):
    from distributed import get_task_stream

    from framing.backends.cluster import DaskBackend
    from framing.topics import fit_topics
    from framing.topics.result import TABLE_NAMES

    documents, paragraphs = themed_tables(150)
    options = {"online_units": 200, "batch_size": 100, "stability_seeds": (), "n_boot": 50}
    monkeypatch.setattr(slices, "SLICE_UNITS", 250)  # several slices and groups of outlets
    local = fit_topics(documents, paragraphs, **options)
    with (
        DaskBackend(workers=2, scratch=tmp_path / "shared") as backend,
        get_task_stream(backend.client) as tasks,
    ):
        remote = fit_topics(documents, paragraphs, backend=backend, **options)
    ran = {str(task["key"]).split("-")[0] for task in tasks.data}
    assert {"_distribution_of", "_topics_of", "_terms_of_classes"} <= ran  # on the workers
    assert remote.info["parameters"]["mode"] == "online"
    for attribute in TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(remote, attribute), getattr(local, attribute))
    assert remote.info == local.info
