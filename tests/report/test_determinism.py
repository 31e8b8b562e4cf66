"""The same input and options give a byte-identical page, tables and figures on a second run."""

from __future__ import annotations

from framing.cli import main


def test_second_run_is_byte_identical(sample_run, sample_corpus_path, tmp_path):
    again = tmp_path / "putin-kim"
    assert main(["run", str(sample_corpus_path), "--out", str(again), "--quiet"]) == 0

    def files(run):  # whole tables, the parts of per-article ones, and the figures
        return sorted(
            p.relative_to(run)
            for folder in ("tables", "figures")
            for p in (run / folder).rglob("*")
            if p.is_file()
        )

    first, second = files(sample_run), files(again)
    assert first == second
    different = [
        str(name)
        for name in [*first, "index.html", "manifest.json"]
        if (sample_run / name).read_bytes() != (again / name).read_bytes()
    ]
    assert different == []
    # the run's time is in run.json only
    assert '"created"' in (again / "run.json").read_text(encoding="utf-8")
