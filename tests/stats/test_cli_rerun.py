"""``framing stats RUN_DIR`` on a finished run: every lexicon frame, new caveats, a new page."""

from __future__ import annotations

import shutil

from framing.cli import main
from framing.contract import read_table


def test_stats_rerun_keeps_frames_without_hits_and_rerenders(sample_run, tmp_path):
    run = tmp_path / "run"
    shutil.copytree(sample_run, run)
    before = (run / "index.html").read_text(encoding="utf-8")
    argv = [
        "stats",
        str(run),
        "--permutations",
        "199",
        "--bootstrap",
        "199",
        "--correction",
        "fdr_bh",
    ]
    assert main(argv) == 0
    scores = read_table(run, "frame_scores")
    tests = read_table(run, "tests")
    assert set(tests["frame"]) == set(scores["frame"])  # also frames no article uses
    assert set(tests["correction"]) == {"fdr_bh"}
    notes = read_table(run, "notes")
    assert (notes["stage"] == "stats").sum() >= 1
    assert (notes["stage"] == "topics").any()  # the other stages' notes are kept
    after = (run / "index.html").read_text(encoding="utf-8")
    assert after != before
    # one article per outlet: nothing is adjusted, and the methods paragraph says why
    assert "0 of the 5 outlets had enough articles" in after
    assert "Benjamini and Hochberg" not in after and "Holm's (1979)" not in after
