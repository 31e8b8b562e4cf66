"""``framing topics``: the topic stage of a run, with its tables, the model and the cache."""

from __future__ import annotations

from framing.cli import main
from framing.contract import read_table

SVG = ["--figure-format", "svg"]  # the page's charts only: PNG and PDF are not what these test


def test_topics_command_writes_tables_model_and_cache(sample_corpus_path, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["topics", str(sample_corpus_path), "--out", str(out), "--stability-seeds", "1"]
    code = main([*args, *SVG])
    assert code == 0
    assert "topics:" in capsys.readouterr().out
    for name in ("topics", "topic_assignments", "topic_shares", "topic_terms_by_outlet"):
        assert len(read_table(out, name)) > 0
    assert (out / "topics" / "model.pkl").exists() and (out / "topics" / "summary.json").exists()
    assert list((out / "cache").glob("*.npy"))
    assert not (out / "tables" / "tests.csv").exists()  # only the stages of this command


def test_topics_of_sentences_and_the_summary_note(sample_corpus_path, tmp_path):
    out = tmp_path / "out"
    args = ["topics", str(sample_corpus_path), "--out", str(out), "--unit", "sentence"]
    assert main([*args, "--quiet", "--stability-seeds", "0", *SVG]) == 0
    assert set(read_table(out, "topic_assignments")["unit"]) == {"sentence"}
    notes = read_table(out, "notes")
    summary = notes[(notes["stage"] == "topics") & (notes["kind"] == "summary")]
    assert summary["text"].str.contains("sentences").all() and len(summary) == 1
