"""Grouped runs of 10 and 200 outlets for the report's tests, built once per session.

The corpora are resampled from the sample's sentences (:mod:`framing.corpus.resample`), one or
two short articles per outlet, each outlet in one of a few groups; topics are off and the
tests use few permutations, so both runs take seconds, not minutes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: Outlets, articles and groups of each grouped run.
SIZES = {10: (30, 3), 200: (230, 8)}


def grouped_run(folder: Path, n_outlets: int) -> Path:
    """Write a grouped corpus of ``n_outlets`` outlets into ``folder`` and run it; the run."""
    from framing.cli import main
    from framing.corpus.resample import iter_resampled

    n_articles, n_groups = SIZES[n_outlets]
    corpus = folder / f"grouped-{n_outlets}.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for batch in iter_resampled(n_articles, n_outlets, seed=7, batch_size=n_articles):
            for record in batch.to_dict("records"):
                number = int(record["outlet"].split()[-1]) - 1
                record["group"] = f"Group {chr(ord('A') + number % n_groups)}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    run = folder / f"run-{n_outlets}"
    argv = ["run", str(corpus), "--out", str(run), "--no-topics", "--quiet"]
    argv += ["--permutations", "99", "--bootstrap", "99", "--title", f"{n_outlets} outlets"]
    argv += ["--figure-format", "svg"]  # the page's charts; PNG and PDF are for papers
    assert main(argv) == 0
    return run


@pytest.fixture(scope="session")
def grouped_run_10(tmp_path_factory) -> Path:
    """A run of 10 outlets in 3 groups (30 articles, no topics)."""
    return grouped_run(tmp_path_factory.mktemp("grouped10"), 10)


@pytest.fixture(scope="session")
def grouped_run_200(tmp_path_factory) -> Path:
    """A run of 200 outlets in 8 groups (230 articles, no topics)."""
    return grouped_run(tmp_path_factory.mktemp("grouped200"), 200)
