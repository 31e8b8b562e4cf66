"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so the suite (and CI) is reproducible;
# HYPOTHESIS_PROFILE=explore draws new ones, to look for failures worth pinning as @example.
settings.register_profile("reproducible", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))

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
