"""Fixtures for the topic tests: tables built from the sample corpus, one shared fit."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.tokens import count_tokens

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "corpora" / "putin-kim"
SEED_TOPICS = {
    "friendship": ["persahabatan", "sekutu", "kemitraan", "kerja sama"],
    "sanctions_violation": ["sanksi", "senjata", "rudal", "pelanggaran"],
}


def sample_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Documents and paragraphs (non-empty lines) of the sample corpus, with its metadata."""
    meta = pd.read_csv(SAMPLE / "metadata.csv", dtype=str).set_index("file")
    documents, paragraphs = [], []
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text("utf-8")
        doc_id = path.stem[:3]
        row = meta.loc[path.name]
        documents.append(
            {
                "doc_id": doc_id,
                "outlet": doc_id,
                "date": pd.Timestamp(row["date"]),
                "event": "2023-09" if row["date"].startswith("2023") else "2024-06",
                "language": "id",
                "text": text,
                "n_tokens": count_tokens(text),
            }
        )
        offset, number = 0, 0
        for line in text.splitlines(keepends=True):
            stripped = line.strip()
            if stripped:
                number += 1
                start = text.index(stripped, offset)
                paragraphs.append(
                    {
                        "doc_id": doc_id,
                        "paragraph_id": f"{doc_id}:p{number}",
                        "text": stripped,
                        "start": start,
                        "end": start + len(stripped),
                    }
                )
            offset += len(line)
    return pd.DataFrame(documents), pd.DataFrame(paragraphs)


@pytest.fixture(scope="session")
def seed_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return sample_tables()


@pytest.fixture(scope="session")
def fitted(seed_tables):
    """One guided fit of the sample corpus, shared by every test that only reads results."""
    from framing.topics import fit_topics

    documents, paragraphs = seed_tables
    return fit_topics(
        documents, paragraphs, seed_topics=SEED_TOPICS, stability_seeds=(1, 2), n_boot=200
    )


@pytest.fixture(scope="session")
def reduced_fit(seed_tables):
    """A PCA + HDBSCAN fit of the sample paragraphs whose outliers are reassigned (fast).

    Returns the model, texts, topics, share of outliers before reduction and the stop words.
    """
    from dataclasses import replace

    from framing.corpus.stopwords import stop_words
    from framing.topics.embeddings import embed_units
    from framing.topics.model import build_topic_model, fit_batch
    from framing.topics.params import adapt_parameters

    texts = seed_tables[1]["text"].tolist()
    stop_list = stop_words(["id"])
    embeddings, embedder, _ = embed_units(texts, stop_words=stop_list, random_state=0)
    params = adapt_parameters(len(texts), reduction="pca", small_corpus_units=10)
    params = replace(params, min_cluster_size=5)
    model = build_topic_model(params, embedder, embeddings.shape[1], stop_words=stop_list)
    topics, before = fit_batch(model, texts, embeddings)
    return model, texts, topics, before, stop_list


@pytest.fixture(scope="session")
def embedding_cache(tmp_path_factory):
    """An embedding cache shared by the fits of the sample paragraphs (the SVD runs once)."""
    return tmp_path_factory.mktemp("embeddings")


@pytest.fixture(scope="session")
def two_step_fit(seed_tables, embedding_cache):
    """The fitting step alone, with the settings of ``fitted``: its description must match.

    A second run of the fit behind ``fitted`` (the cache returns the very same embeddings).
    """
    from framing.topics import fit_topic_model

    return fit_topic_model(*seed_tables, seed_topics=SEED_TOPICS, cache_dir=embedding_cache)
