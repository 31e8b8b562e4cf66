"""Manifest arithmetic: every input is a document or a skipped entry with a reason."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.contract import empty_table
from framing.corpus.corpus import CORPUS_TABLES, Corpus, manifest_summary
from framing.corpus.duplicates import mark_exact_duplicates
from framing.corpus.manifest import (
    JSON_KEYS,
    REASONS,
    ManifestEntry,
    ManifestError,
    check_manifest,
    document_entry,
    skip,
    skipped_entry,
)
from framing.corpus.readers import read_corpus


def records_and_manifest(
    rows: list[tuple[str, str, str]],
) -> tuple[pd.DataFrame, list[ManifestEntry]]:
    records = pd.DataFrame(rows, columns=["doc_id", "source", "text"])
    manifest = [document_entry(source, doc_id) for doc_id, source, _ in rows]
    return records, manifest


def test_exact_duplicate_is_skipped_and_first_kept(sentences):
    records, manifest = records_and_manifest(
        [
            ("003", "003.txt", sentences.viva),
            ("004", "004.txt", sentences.lampost),
            ("005", "005.txt", f"{sentences.viva}\n"),  # differs only in whitespace
        ]
    )
    kept, manifest = mark_exact_duplicates(records, manifest)
    assert kept["doc_id"].tolist() == ["003", "004"]
    assert kept.index.tolist() == [0, 1]
    assert manifest[2] == ManifestEntry(
        source="005.txt",
        status="skipped",
        reason_code="duplicate",
        detail="exact duplicate of doc 003",
        doc_id="005",
    )
    assert manifest[2].reason == "duplicate: exact duplicate of doc 003"
    check_manifest(manifest, 3, n_documents=len(kept))


def test_near_duplicate_is_kept(sentences):
    records, manifest = records_and_manifest(
        [("a", "a.txt", sentences.viva), ("b", "b.txt", sentences.viva.replace("Putin", "Putin,"))]
    )
    kept, _ = mark_exact_duplicates(records, manifest)
    assert len(kept) == 2


def test_duplicate_id_is_skipped(sentences):
    records, manifest = records_and_manifest(
        [("001", "a.csv#row=1", sentences.viva), ("001", "a.csv#row=2", sentences.lampost)]
    )
    kept, manifest = mark_exact_duplicates(records, manifest)
    assert kept["source"].tolist() == ["a.csv#row=1"]
    assert manifest[1].reason_code == "duplicate id"
    assert "a.csv#row=1" in manifest[1].detail


def test_inputs_are_not_changed(sentences):
    records, manifest = records_and_manifest(
        [("a", "a.txt", sentences.viva), ("b", "b.txt", sentences.viva)]
    )
    before = list(manifest)
    mark_exact_duplicates(records, manifest)
    assert manifest == before
    assert len(records) == 2


def test_skipped_entries_already_in_the_manifest_stay(sentences):
    records, manifest = records_and_manifest([("a", "a.txt", sentences.viva)])
    manifest.append(skipped_entry("b.txt", "empty", detail="the file has no text", doc_id="b"))
    kept, manifest = mark_exact_duplicates(records, manifest)
    assert [e.status for e in manifest] == ["document", "skipped"]
    check_manifest(manifest, 2, n_documents=len(kept))


def test_skip_marks_one_document(sentences):
    manifest = [document_entry("a.txt", "a"), document_entry("b.txt", "b")]
    out = skip(manifest, "b", "empty after cleaning", "every line was boilerplate")
    assert [e.status for e in out] == ["document", "skipped"]
    assert out[1].reason == "empty after cleaning: every line was boilerplate"
    assert out[1].doc_id == "b" and manifest[1].status == "document"
    check_manifest(out, 2, n_documents=1)
    with pytest.raises(ManifestError, match="no document with id 'zz'"):
        skip(manifest, "zz", "empty after cleaning")


@pytest.mark.parametrize(
    ("manifest", "n_inputs", "n_documents", "message"),
    [
        ([document_entry("a.txt", "a")], 2, None, "1 documents \\+ 0 skipped != 2 inputs"),
        ([document_entry("a.txt", "a")], 1, 0, "1 document entries but 0 documents"),
        ([{"source": "a.txt", "status": "skipped", "reason": ""}], 1, None, "has no reason"),
        ([{"source": "a.txt", "status": "ok"}], 1, None, "no valid status"),
    ],
)
def test_check_manifest_raises_when_counts_do_not_add_up(manifest, n_inputs, n_documents, message):
    with pytest.raises(ManifestError, match=message):
        check_manifest(manifest, n_inputs, n_documents=n_documents)


def test_reason_codes_are_the_documented_ones():
    for code in ("empty", "not text", "undecodable", "missing outlet", "missing file"):
        assert code in REASONS


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: skipped_entry("a.txt", ""), "has no reason"),
        (lambda: skipped_entry("a.txt", "empty: no text"), "holds a detail"),
        (lambda: ManifestEntry("a.txt", "ok"), "no valid status"),
        (lambda: ManifestEntry("a.txt", "document", reason_code="empty"), "has a reason"),
    ],
)
def test_an_invalid_entry_cannot_be_made(make, message):
    with pytest.raises(ManifestError, match=message):
        make()


def test_json_keeps_the_old_keys_and_adds_the_reason_code():
    entry = skipped_entry("a.jsonl#line=3", "invalid JSON", detail="line 3: Expecting value")
    record = entry.to_json()
    assert list(record) == list(JSON_KEYS)
    assert record == {
        "source": "a.jsonl#line=3",
        "status": "skipped",
        "reason": "invalid JSON: line 3: Expecting value",
        "doc_id": None,
        "reason_code": "invalid JSON",
        "detail": "line 3: Expecting value",
        "problems": [],
    }
    assert ManifestEntry.from_json(record) == entry
    assert entry["reason"] == record["reason"] and entry["status"] == "skipped"
    with pytest.raises(KeyError):
        entry["text"]
    document = document_entry("b.txt", "b").to_json()
    assert document["reason"] is None and document["reason_code"] is None


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("duplicate id: id '1' is already used by a.csv#row=1", "duplicate id"),
        ("duplicate: exact duplicate of doc 003", "duplicate"),
        ("empty after cleaning: every line was boilerplate", "empty after cleaning"),
        ("empty", "empty"),
    ],
)
def test_a_manifest_written_without_reason_codes_still_loads(reason, code):
    record = {"source": "a.txt", "status": "skipped", "reason": reason, "doc_id": "a"}
    entry = ManifestEntry.from_json(record)
    assert entry.reason_code == code and entry.reason == reason
    with pytest.raises(ManifestError, match="starts with no known code"):
        ManifestEntry.from_json({**record, "reason": "paywalled: behind a login"})


def test_a_saved_corpus_loads_its_manifest_as_entries(tmp_path):
    manifest = [
        document_entry("a.txt", "a"),
        skipped_entry("b.txt", "not text", detail="binary data", doc_id="b"),
    ]
    tables = {name: empty_table(name) for name in CORPUS_TABLES}
    Corpus(**tables, manifest=manifest).save(tmp_path)
    saved = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert saved["skipped_by_reason"] == {"not text": 1}
    assert saved["records"][1]["reason"] == "not text: binary data"
    assert Corpus.load(tmp_path).manifest == manifest


def test_folder_with_a_duplicate_article_adds_up(txt_corpus, sentences, png_bytes):
    article = f"Putin tiba\n\n{sentences.pos_kupang}\n"
    folder = txt_corpus(
        {
            "001.txt": article,
            "copy.txt": article.replace("\n", "\r\n"),
            "empty.txt": "",
            "image.txt": png_bytes,
            "unlisted.txt": sentences.viva,
        },
        [
            {"file": "001.txt", "outlet": "Pos-Kupang"},
            {"file": "copy.txt", "outlet": "TribunNews"},
            {"file": "empty.txt", "outlet": "A"},
            {"file": "image.txt", "outlet": "A"},
            {"file": "missing.txt", "outlet": "A"},
        ],
    )
    raw = read_corpus(folder)
    n_inputs = 6  # five metadata rows + one unlisted file
    assert len(raw.manifest) == n_inputs
    kept, manifest = mark_exact_duplicates(raw.records, raw.manifest)
    check_manifest(manifest, n_inputs, n_documents=len(kept))
    summary = manifest_summary(manifest)
    assert summary["n_documents"] == 1
    assert summary["n_documents"] + summary["n_skipped"] == n_inputs
    assert summary["skipped_by_reason"] == {
        "duplicate": 1,
        "empty": 1,
        "missing file": 1,
        "no metadata row": 1,
        "not text": 1,
    }
