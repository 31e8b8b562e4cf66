"""The frames, lexicon and validate subcommands, run through a parser built as framing.cli does."""

import argparse
import importlib

import pandas as pd
import pytest

from framing.contract import read_table, write_table
from framing.errors import FramingError
from framing.frames import match_frames
from framing.frames.lexicon import builtin_lexicon_paths


def run_cli(argv, capsys):
    parser = argparse.ArgumentParser(prog="framing")
    subparsers = parser.add_subparsers(dest="command")
    for name in ("frames", "lexicon", "validate"):
        importlib.import_module(f"framing.cli.{name}").register(subparsers)
    args = parser.parse_args(argv)
    try:
        status = args.func(args)
    except FramingError as err:
        print(f"framing: error: {err}")
        status = err.exit_code
    return status, capsys.readouterr().out


def test_lexicon_check_builtin(capsys):
    status, out = run_cli(["lexicon", "check", str(builtin_lexicon_paths()[0])], capsys)
    assert status == 0 and out.startswith("ok: 6 frames")


def test_lexicon_check_malformed_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "frames:\n  - id: Bad Id\n    label: x\n    description: y\n    terms: {id: [a]}\n"
    )
    status, out = run_cli(["lexicon", "check", str(bad)], capsys)
    assert status == 2
    assert out.strip() == (
        f"framing: error: {bad}, line 2, key 'frames[0].id': expected an id like 'economic_cost'"
    )


def test_lexicon_check_reports_unmatched_terms(tmp_path, seed_tables, capsys):
    documents, sentences = seed_tables
    write_table(sentences, tmp_path, "sentences")
    documents.to_parquet(tmp_path / "tables" / "documents.parquet")  # a partial documents table
    lex = tmp_path / "lex.yaml"
    lex.write_text(
        "frames:\n  - {id: f, label: F, description: d, terms: {id: [amunisi, zeppelin]}}\n"
    )
    status, out = run_cli(["lexicon", "check", str(lex), "--run", str(tmp_path)], capsys)
    assert status == 0
    assert "unmatched: f (id) 'zeppelin'" in out and "1 of 2 terms match" in out


def test_validate_from_run_folder(tmp_path, seed_tables, lexicon, capsys):
    _, sentences = seed_tables
    write_table(sentences, tmp_path, "sentences")
    write_table(match_frames(sentences, lexicon), tmp_path, "frame_hits")
    coded = tmp_path / "coded.csv"
    pd.DataFrame(
        {"sentence_id": ["000:s1", "000:s2"], "frame": "friendship", "code": [1, 0]}
    ).to_csv(coded, index=False)
    out_dir = tmp_path / "validation"
    status, out = run_cli(
        ["validate", str(coded), "--run", str(tmp_path), "--out", str(out_dir)], capsys
    )
    assert status == 0 and "friendship" in out
    scores = pd.read_csv(out_dir / "validation_scores.csv")
    assert scores[["tp", "tn", "f1"]].values.tolist() == [[1, 1, 1.0]]


def test_validate_missing_file(tmp_path, capsys):
    status, out = run_cli(["validate", str(tmp_path / "no.csv"), "--run", str(tmp_path)], capsys)
    assert status == 2 and "file not found" in out


def test_frames_on_sample_corpus(tmp_path, sample_corpus_path, capsys):
    pytest.importorskip("framing.corpus.segment")
    argv = ["frames", str(sample_corpus_path), "--out", str(tmp_path), "--figure-format", "svg"]
    status, out = run_cli(argv, capsys)  # the page's charts only: PNG and PDF are not tested
    assert status == 0, out
    for name in ("frame_hits", "frame_scores", "frame_shares", "frame_shares_by_event", "evidence"):
        assert not read_table(tmp_path, name).empty, name
    hits = read_table(tmp_path, "frame_hits")
    assert {"friendship", "sanctions_violation", "western_accusation", "denial"} <= set(hits.frame)
