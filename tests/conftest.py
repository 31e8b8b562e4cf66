"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = ROOT / "data" / "corpora" / "putin-kim"


@pytest.fixture(scope="session")
def sample_corpus_path() -> Path:
    """The five-article sample corpus shipped in data/corpora/putin-kim."""
    return SAMPLE_CORPUS


@pytest.fixture(scope="session")
def sample_corpus(sample_corpus_path):
    """The sample corpus, ingested once for the session."""
    from framing.corpus.ingest import ingest

    return ingest(sample_corpus_path)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory, sample_corpus_path) -> Path:
    """``framing run`` on the sample corpus, once for the session; the run folder."""
    from framing.cli import main

    out = tmp_path_factory.mktemp("run") / "putin-kim"
    assert main(["run", str(sample_corpus_path), "--out", str(out), "--quiet"]) == 0
    return out
