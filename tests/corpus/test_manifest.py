"""Manifest arithmetic: every input is a document or a skipped entry with a reason."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.corpus.corpus import manifest_summary
from framing.corpus.manifest import (
    REASONS,
    ManifestError,
    check_manifest,
    document_entry,
    mark_exact_duplicates,
    reason_code,
    skip,
    skipped_entry,
)
from framing.corpus.readers import read_corpus


def records_and_manifest(rows: list[tuple[str, str, str]]) -> tuple[pd.DataFrame, list[dict]]:
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
    assert manifest[2] == {
        "source": "005.txt",
        "status": "skipped",
        "reason": "duplicate: exact duplicate of doc 003",
        "doc_id": "005",
    }
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
    assert reason_code(manifest[1]["reason"]) == "duplicate id"
    assert "a.csv#row=1" in manifest[1]["reason"]


def test_inputs_are_not_changed(sentences):
    records, manifest = records_and_manifest(
        [("a", "a.txt", sentences.viva), ("b", "b.txt", sentences.viva)]
    )
    before = [dict(e) for e in manifest]
    mark_exact_duplicates(records, manifest)
    assert manifest == before
    assert len(records) == 2


def test_skipped_entries_already_in_the_manifest_stay(sentences):
    records, manifest = records_and_manifest([("a", "a.txt", sentences.viva)])
    manifest.append(skipped_entry("b.txt", "empty: the file has no text", "b"))
    kept, manifest = mark_exact_duplicates(records, manifest)
    assert [e["status"] for e in manifest] == ["document", "skipped"]
    check_manifest(manifest, 2, n_documents=len(kept))


def test_skip_marks_one_document(sentences):
    manifest = [document_entry("a.txt", "a"), document_entry("b.txt", "b")]
    out = skip(manifest, "b", "empty after cleaning: every line was boilerplate")
    assert [e["status"] for e in out] == ["document", "skipped"]
    assert manifest[1]["status"] == "document"
    check_manifest(out, 2, n_documents=1)
    with pytest.raises(ManifestError, match="no document with id 'zz'"):
        skip(manifest, "zz", "empty after cleaning")


@pytest.mark.parametrize(
    ("manifest", "n_inputs", "n_documents", "message"),
    [
        ([document_entry("a.txt", "a")], 2, None, "1 documents \\+ 0 skipped != 2 inputs"),
        ([document_entry("a.txt", "a")], 1, 0, "1 document entries but 0 documents"),
        ([skipped_entry("a.txt", "")], 1, None, "has no reason"),
        ([{"source": "a.txt", "status": "ok"}], 1, None, "no valid status"),
    ],
)
def test_check_manifest_raises_when_counts_do_not_add_up(manifest, n_inputs, n_documents, message):
    with pytest.raises(ManifestError, match=message):
        check_manifest(manifest, n_inputs, n_documents=n_documents)


def test_reason_codes_are_the_documented_ones():
    for code in ("empty", "not text", "undecodable", "missing outlet", "missing file"):
        assert code in REASONS
    assert reason_code("invalid JSON: line 3: Expecting value") == "invalid JSON"


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
