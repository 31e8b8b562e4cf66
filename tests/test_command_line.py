"""The command line: help, and one-line errors with exit status 2 for unusable input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from framing.cli import COMMANDS, main


def errors(stderr: str) -> list[str]:
    """The lines of stderr that are not progress lines."""
    return [ln for ln in stderr.strip().splitlines() if not ln.startswith("[framing]")]


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "framing", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out


def test_no_subcommand_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["ingest", "run", "sources"])
def test_missing_corpus_is_one_line_error(tmp_path, command):
    result = run_cli(command, str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = errors(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("framing: error:")
    assert "nowhere" in lines[0]
    assert "Traceback" not in result.stderr


def test_csv_without_text_column_names_file_and_fix(tmp_path):
    csv = tmp_path / "articles.csv"
    csv.write_text("outlet,body\nA,Some text here.\n", encoding="utf-8")
    result = run_cli("ingest", str(csv), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (message,) = errors(result.stderr)
    assert "articles.csv" in message and "text" in message


def test_bad_column_mapping_is_one_line_error(tmp_path, capsys):
    csv = tmp_path / "a.csv"
    csv.write_text("outlet,text\nA,Hello there.\n", encoding="utf-8")
    assert main(["ingest", str(csv), "--out", str(tmp_path / "o"), "--column", "outlet"]) == 2
    (err,) = errors(capsys.readouterr().err)
    assert err.startswith("framing: error: --column 'outlet'")


def test_report_on_a_folder_that_is_not_a_run(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "not a run folder" in capsys.readouterr().err


def test_all_inputs_skipped_still_writes_the_manifest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("", encoding="utf-8")
    (corpus / "metadata.csv").write_text("file,outlet\na.txt,X\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("ingest", str(corpus), "--out", str(out))
    assert result.returncode == 2
    lines = errors(result.stderr)
    assert len(lines) == 1 and "manifest.json" in lines[0]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_skipped"] == manifest["n_inputs"] == 1
    assert manifest["records"][0]["reason"].startswith("empty")
