"""`framing run` on the sample corpus: tables, manifest, run.json and the report page."""

from __future__ import annotations

import json

import pandas as pd

from framing.cli import main
from framing.contract import SCHEMAS, read_table


def test_run_writes_every_corpus_table_as_a_parquet_dataset(sample_run):
    for name in ("documents", "removed", "paragraphs", "sentences"):
        assert (sample_run / "tables" / name / "part-00000.parquet").exists()
        assert not (sample_run / "tables" / f"{name}.csv").exists()
        table = read_table(sample_run, name)
        pd.testing.assert_frame_equal(table, pd.read_parquet(sample_run / "tables" / name))
        assert list(table.columns[: len(SCHEMAS[name])]) == list(SCHEMAS[name])


def test_documents_carry_metadata_outlets_and_sources(sample_run):
    docs = read_table(sample_run, "documents").set_index("doc_id")
    assert sorted(docs.index) == ["000", "001", "002", "003", "004"]
    assert docs.loc["001", "outlet"] == "Pos-Kupang"
    assert docs.loc["004", "outlet"] == "Lampost.co"
    assert docs.loc["000", "outlet"] == "unnamed-000"
    assert docs.loc["002", "source"].startswith("002_")
    assert (docs["language"] == "id").all()
    assert pd.to_datetime(docs.loc["002", "date"]) == pd.Timestamp("2023-09-11")
    assert (docs["n_tokens"] > 100).all()


def test_manifest_counts_add_up(sample_run):
    manifest = json.loads((sample_run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_inputs"] == 5
    assert manifest["n_documents"] + manifest["n_skipped"] == manifest["n_inputs"]
    assert len(manifest["records"]) == manifest["n_inputs"]


def test_offsets_point_into_cleaned_text(sample_run):
    docs = read_table(sample_run, "documents").set_index("doc_id")["text"]
    for name in ("paragraphs", "sentences"):
        units = read_table(sample_run, name)
        for row in units.itertuples():
            assert docs[row.doc_id][row.start : row.end] == row.text


def test_run_json_records_config_inputs_and_versions(sample_run):
    info = json.loads((sample_run / "run.json").read_text(encoding="utf-8"))
    assert info["config"]["seed"] == 0
    assert info["config"]["statistics"]["permutations"] == 9999  # the resolved options
    assert "metadata.csv" in info["inputs"]
    assert len(info["inputs"]["000_726e388a16ef0aa4.txt"]) == 64
    assert info["packages"]["pandas"] != "not installed"
    assert info["stages"][0] == "ingest"


def test_report_page_has_overview_and_no_external_request(sample_run):
    html = (sample_run / "index.html").read_text(encoding="utf-8")
    assert 'id="overview"' in html
    assert "Content-Security-Policy" in html
    assert "Pos-Kupang" in html and "Bagikan Artikel" in html  # removed line, listed
    for needle in ("http://", "https://", "//cdn", "<link"):
        assert needle not in html


def test_report_rerenders_identically_from_saved_tables(sample_run):
    before = (sample_run / "index.html").read_bytes()
    assert main(["report", str(sample_run)]) == 0
    assert (sample_run / "index.html").read_bytes() == before
