"""Fixtures shared by the whole suite, and how the suite is spread over pytest-xdist workers."""

from __future__ import annotations

import functools
import gc
import os
import re
from pathlib import Path

import pytest
from hypothesis import settings

try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pytest-xdist is in the test extra; without it the suite runs in one process
    LoadScopeScheduling = None

# Property tests draw the same examples on every run, so the suite (and CI) is reproducible;
# HYPOTHESIS_PROFILE=explore draws new ones, to look for failures worth pinning as @example.
settings.register_profile("reproducible", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = ROOT / "data" / "corpora" / "putin-kim"

#: Session fixtures that take seconds to build, and the group of the test modules that use them.
#: ``make test`` spreads the suite over pytest-xdist workers (``-n auto --dist loadgroup`` in
#: pyproject.toml), and a worker builds each session fixture its tests use. The modules of one
#: group all run on one worker, so each of these fixtures is built once per run; a module with a
#: module-scoped fixture runs on one worker too, and every other test goes wherever a worker is
#: free. (xdist's own ``xdist_group`` marks are ignored under pytest 9.2: pytest-xdist#1386.)
SHARED_FIXTURES = {
    "sample_run": "sample-run",
    "fitted": "topic-fits",
    "reduced_fit": "topic-fits",
    "two_step_fit": "topic-fits",
    "embedding_cache": "topic-fits",
}
MODULE_FIXTURE = re.compile(r"@pytest\.fixture\([^)]*scope=\"module\"")


@functools.cache
def _module_unit(path: str) -> str | None:
    """The group of a test module (see SHARED_FIXTURES), or None where its tests go one by one."""
    file = ROOT / path
    text = file.read_text(encoding="utf-8") if file.is_file() else ""
    for fixture, group in SHARED_FIXTURES.items():
        if re.search(rf"def \w+\([^)]*\b{fixture}\b", text):  # a test or fixture asks for it
            return group
    return path if MODULE_FIXTURE.search(text) else None


if LoadScopeScheduling is not None:

    class SharedFixtureScheduling(LoadScopeScheduling):
        """``--dist loadgroup`` whose groups are the modules that share an expensive fixture."""

        def _split_scope(self, nodeid: str) -> str:
            if nodeid.rfind("@") > nodeid.rfind("]"):  # an xdist_group mark, where xdist sets it
                return nodeid.rsplit("@", 1)[-1]
            return _module_unit(nodeid.split("::", 1)[0]) or nodeid

    @pytest.hookimpl(tryfirst=True, optionalhook=True)
    def pytest_xdist_make_scheduler(config, log):
        if config.getvalue("dist") == "loadgroup":
            return SharedFixtureScheduling(config, log)
        return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Leave what is alive before a test out of the garbage collector's full collections.

    A run calls ``gc.collect()`` after every stage (``framing.utils.memory``); in a test process
    that has imported every library and holds the session's fixtures, each of those walked some
    400,000 long-lived objects (0.2 s a call, a quarter of a run's time). A frozen object is
    still freed when its last reference goes (only one in a reference cycle is kept, a
    fixture's few at most), and the collection just before the freeze leaves no garbage in it.
    """
    gc.collect()
    gc.freeze()


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
