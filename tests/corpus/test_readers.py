"""Readers: every input becomes a record or a skipped manifest row with a reason."""

from __future__ import annotations

import codecs
import json

import pandas as pd
import pytest

from framing.corpus.manifest import ManifestEntry, document_entry
from framing.corpus.readers import (
    READERS,
    RECORD_COLUMNS,
    RawCorpus,
    get_reader,
    infer_format,
    read_corpus,
    register_reader,
)
from framing.errors import InputError


def reasons(raw: RawCorpus) -> dict[str, str]:
    """Source -> reason code of every skipped entry."""
    return {e.source: e.reason_code for e in raw.manifest if e.status == "skipped"}


def assert_accounts_for(raw: RawCorpus, n_inputs: int) -> None:
    assert all(isinstance(e, ManifestEntry) for e in raw.manifest)
    n_docs = sum(e.status == "document" for e in raw.manifest)
    n_skipped = sum(e.status == "skipped" for e in raw.manifest)
    assert n_docs + n_skipped == n_inputs
    assert n_docs == len(raw.records)
    assert list(raw.records.columns[: len(RECORD_COLUMNS)]) == list(RECORD_COLUMNS)


# --- the sample corpus --------------------------------------------------------------------------


def test_sample_corpus_reads_as_five_records(sample_corpus_path):
    raw = read_corpus(sample_corpus_path)
    assert_accounts_for(raw, 5)
    records = raw.records.set_index("doc_id")
    assert list(records.index) == ["000", "001", "002", "003", "004"]
    assert records.loc["001", "outlet"] == "Pos-Kupang"
    assert records.loc["004", "date"] == "2024-06-18"
    assert records.loc["004", "source"] == "004_c27b010dec6c9a7a.txt"
    assert pd.isna(records.loc["004", "title"])
    assert "note" in records.columns
    assert set(records["encoding"]) == {"utf-8"}
    assert "menjalin “persahabatan”" in records.loc["000", "text"]


# --- txt folders --------------------------------------------------------------------------------


def test_txt_folder_with_every_kind_of_bad_file(txt_corpus, sentences, png_bytes):
    cp1252 = f"Moskow – {sentences.kremlin_quote} Kata café.\r\n".encode("cp1252")
    folder = txt_corpus(
        {
            "ok.txt": f"Putin tiba\n\n{sentences.pos_kupang}\n",
            "bom.txt": codecs.BOM_UTF8 + sentences.viva.encode(),
            "legacy.txt": cp1252,
            "empty.txt": b"",
            "blank.txt": "  \n\n",
            "image.txt": png_bytes,
            "no_outlet.txt": sentences.lampost,
            "unlisted.txt": sentences.lampost,
            "sub/nested.txt": sentences.lampost + " (nested)",
        },
        [
            {"file": "ok.txt", "outlet": "Pos-Kupang", "id": "007", "note": "kept"},
            {"file": "bom.txt", "outlet": "VIVA", "id": ""},
            {"file": "legacy.txt", "outlet": "Lampost.co"},
            {"file": "empty.txt", "outlet": "A"},
            {"file": "blank.txt", "outlet": "A"},
            {"file": "image.txt", "outlet": "A"},
            {"file": "no_outlet.txt", "outlet": ""},
            {"file": "gone.txt", "outlet": "A"},
            {"file": "ok.txt", "outlet": "again"},
            {"file": "sub/nested.txt", "outlet": "B"},
        ],
    )
    raw = read_corpus(folder)
    assert_accounts_for(raw, 11)  # 10 metadata rows + 1 unlisted file
    assert reasons(raw) == {
        "empty.txt": "empty",
        "blank.txt": "empty",
        "image.txt": "not text",
        "no_outlet.txt": "missing outlet",
        "gone.txt": "missing file",
        "ok.txt": "duplicate metadata row",
        "unlisted.txt": "no metadata row",
    }
    records = raw.records.set_index("doc_id")
    assert list(records.index) == ["007", "bom", "legacy", "nested"]
    assert records.loc["007", "note"] == "kept"
    assert records.loc["bom", "encoding"] == "utf-8-sig"
    assert records.loc["bom", "text"] == sentences.viva
    assert records.loc["legacy", "encoding"] == "cp1252"
    assert records.loc["legacy", "text"] == f"Moskow – {sentences.kremlin_quote} Kata café.\n"
    assert records.loc["nested", "source"] == "sub/nested.txt"
    unlisted = next(e for e in raw.manifest if e.source == "unlisted.txt")
    assert "add it to metadata.csv" in unlisted.detail


def test_txt_folder_without_metadata_is_a_one_line_error(txt_corpus, sentences):
    folder = txt_corpus({"a.txt": sentences.viva}, None)
    with pytest.raises(InputError, match="no metadata.csv; add one with columns file and outlet"):
        read_corpus(folder)


def test_txt_metadata_elsewhere_and_column_mapping(txt_corpus, sentences, metadata_writer):
    folder = txt_corpus({"a.txt": sentences.viva}, None)
    meta = metadata_writer(
        folder.parent / "meta.csv", [{"path": "a.txt", "publisher": "VIVA", "date": "10/6/2024"}]
    )
    raw = read_corpus(folder, metadata=meta, columns={"file": "path", "outlet": "publisher"})
    assert raw.records.loc[0, "outlet"] == "VIVA"
    assert raw.records.loc[0, "date"] == "10/6/2024"  # raw, parsed later by ingest


def test_txt_metadata_without_outlet_column_names_file_and_fix(txt_corpus, sentences):
    folder = txt_corpus({"a.txt": sentences.viva}, [{"file": "a.txt", "publisher": "VIVA"}])
    with pytest.raises(InputError, match=r"metadata.csv: no 'outlet' column.*--column outlet="):
        read_corpus(folder)


def test_mapping_a_column_that_is_not_there(txt_corpus, sentences):
    folder = txt_corpus({"a.txt": sentences.viva}, [{"file": "a.txt", "outlet": "VIVA"}])
    with pytest.raises(InputError, match="no column 'publisher'"):
        read_corpus(folder, columns={"outlet": "publisher"})


def test_unknown_field_in_column_map(txt_corpus, sentences):
    folder = txt_corpus({"a.txt": sentences.viva}, [{"file": "a.txt", "outlet": "VIVA"}])
    with pytest.raises(InputError, match="unknown field 'outlte'"):
        read_corpus(folder, columns={"outlte": "publisher"})


def test_unreadable_metadata_csv_names_the_file(txt_corpus, sentences, png_bytes):
    folder = txt_corpus({"a.txt": sentences.viva}, None)
    (folder / "metadata.csv").write_bytes(png_bytes)
    with pytest.raises(InputError, match=r"metadata file .*metadata.csv: .*not text|NUL"):
        read_corpus(folder)


def test_forced_encoding_applies_to_the_articles(txt_corpus):
    folder = txt_corpus(
        {"a.txt": "Sumber: Kremlin".encode("cp1252")}, [{"file": "a.txt", "outlet": "VIVA"}]
    )
    raw = read_corpus(folder, encoding="cp1252")
    assert raw.records.loc[0, "encoding"] == "cp1252"


# --- tabular files ----------------------------------------------------------------------------


def test_jsonl_with_bad_lines(tmp_path, sentences):
    lines = [
        json.dumps({"id": 17, "outlet": "VIVA", "text": sentences.viva, "section": "dunia"}),
        "",
        '{"outlet": "Lampost.co", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"outlet": "Lampost.co", "text": "   "}),
        json.dumps({"outlet": None, "text": sentences.lampost}),
        json.dumps({"outlet": "Pos-Kupang", "text": sentences.pos_kupang, "date": "2024-06-19"}),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_corpus(path)
    assert_accounts_for(raw, 6)  # the blank line is not an input
    assert reasons(raw) == {
        "articles.jsonl#line=3": "invalid JSON",
        "articles.jsonl#line=4": "invalid JSON",
        "articles.jsonl#line=5": "empty",
        "articles.jsonl#line=6": "missing outlet",
    }
    assert list(raw.records["doc_id"]) == ["17", "articles-7"]
    assert list(raw.records["source"]) == ["articles.jsonl#line=1", "articles.jsonl#line=7"]
    assert raw.manifest[1].reason.startswith("invalid JSON: line 3: Unterminated string")
    assert raw.manifest[1].detail.startswith("line 3: Unterminated string")
    assert raw.records.loc[0, "section"] == "dunia"
    assert raw.records.loc[1, "date"] == "2024-06-19"


def test_jsonl_without_text_key_names_the_fix(tmp_path, sentences):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"outlet": "VIVA", "body": sentences.viva}) + "\n")
    with pytest.raises(InputError, match=r"a.jsonl: no 'text' column.*--column text=COLUMN"):
        read_corpus(path)
    raw = read_corpus(path, columns={"text": "body"})
    assert raw.records.loc[0, "text"] == sentences.viva
    assert "body" not in raw.records.columns


def test_cp1252_csv_with_rows_to_skip(tmp_path, sentences):
    frame = pd.DataFrame(
        {
            "id": ["001", "", "003", "004"],
            "publisher": ["Pos-Kupang", "VIVA", "", "Lampost.co"],
            "text": [sentences.kremlin_quote + " café", sentences.viva, sentences.lampost, ""],
        }
    )
    path = tmp_path / "berita.csv"
    path.write_bytes(frame.to_csv(index=False).encode("cp1252"))
    raw = read_corpus(path, columns={"outlet": "publisher"})
    assert_accounts_for(raw, 4)
    assert reasons(raw) == {"berita.csv#row=3": "missing outlet", "berita.csv#row=4": "empty"}
    assert list(raw.records["doc_id"]) == ["001", "berita-2"]
    assert raw.records.loc[0, "text"].endswith("“persahabatan”. café")
    assert raw.records.loc[0, "encoding"] == "cp1252"


def test_csv_without_text_column_is_a_one_line_error(tmp_path):
    path = tmp_path / "berita.csv"
    path.write_text("outlet,body\nVIVA,Putin tiba\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_corpus(path)
    message = str(info.value)
    assert "berita.csv" in message and "'text'" in message and "--column text=" in message
    assert "\n" not in message


def test_empty_csv_is_a_one_line_error(tmp_path):
    path = tmp_path / "berita.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="berita.csv: the file is empty"):
        read_corpus(path)


def test_parquet_keeps_ids_and_formats_dates(tmp_path, sentences):
    frame = pd.DataFrame(
        {
            "id": ["000", "001"],
            "outlet": ["unnamed-000", "Pos-Kupang"],
            "date": pd.to_datetime(["2024-06-16", None]),
            "text": [sentences.kremlin_quote, f"{sentences.pos_kupang}\u00a0"],
            "n_words": [12, 30],
        }
    )
    path = tmp_path / "berita.parquet"
    frame.to_parquet(path)
    raw = read_corpus(path)
    assert_accounts_for(raw, 2)
    assert list(raw.records["doc_id"]) == ["000", "001"]
    assert raw.records.loc[0, "date"] == "2024-06-16"
    assert pd.isna(raw.records.loc[1, "date"])
    assert raw.records.loc[1, "text"] == sentences.pos_kupang  # NBSP at line end: space, stripped
    assert list(raw.records["n_words"]) == [12, 30]
    assert list(raw.records["source"]) == ["berita.parquet#row=1", "berita.parquet#row=2"]


def test_metadata_option_is_refused_for_a_tabular_file(tmp_path, metadata_writer):
    path = tmp_path / "a.csv"
    path.write_text("outlet,text\nVIVA,Putin tiba\n", encoding="utf-8")
    meta = metadata_writer(tmp_path / "meta.csv", [{"file": "a.csv", "outlet": "VIVA"}])
    with pytest.raises(InputError, match="drop --metadata"):
        read_corpus(path, metadata=meta)


# --- html folders -------------------------------------------------------------------------------


def test_html_folder_extracts_the_article_and_skips_empty_pages(
    txt_corpus, news_page, gallery_page, png_bytes, sentences
):
    folder = txt_corpus(
        {"putin.html": news_page, "index.htm": gallery_page, "logo.html": png_bytes}, None
    )
    raw = read_corpus(folder)
    assert_accounts_for(raw, 3)
    assert reasons(raw) == {"index.htm": "no article text", "logo.html": "not text"}
    page = raw.records.iloc[0]
    assert page["doc_id"] == "putin"
    assert page["outlet"] == "Pos-Kupang.com"
    assert page["date"] == "2024-06-19"
    assert page["title"] == "Putin tiba di Pyongyang"
    assert page["url"] == "https://kupang.tribunnews.com/2024/06/19/putin-tiba"
    assert page["language"] == "id"
    for sentence in (sentences.pos_kupang, sentences.lampost, sentences.viva):
        assert sentence in page["text"]
    for boilerplate in ("Beranda", "Internasional", "Hak cipta", "Kebijakan Privasi"):
        assert boilerplate not in page["text"]


def test_html_metadata_overrides_the_page_and_missing_pages_are_recorded(txt_corpus, news_page):
    page_without_site = news_page.replace('<meta property="og:site_name"', '<meta name="x"')
    page_without_site = page_without_site.replace('<meta property="og:url"', '<meta name="y"')
    page_without_site = page_without_site.replace(" - Pos-Kupang.com</title>", "</title>")
    folder = txt_corpus(
        {"a.html": news_page, "b.html": page_without_site},
        [
            {"file": "a.html", "id": "pk-1", "outlet": "Pos Kupang", "event": "2024-06"},
            {"file": "gone.html", "id": "x", "outlet": "VIVA", "event": ""},
        ],
    )
    raw = read_corpus(folder)
    assert_accounts_for(raw, 3)
    assert reasons(raw) == {"b.html": "missing outlet", "gone.html": "missing file"}
    assert raw.records.loc[0, "doc_id"] == "pk-1"
    assert raw.records.loc[0, "outlet"] == "Pos Kupang"
    assert raw.records.loc[0, "event"] == "2024-06"


def test_html_reader_never_fetches(monkeypatch, txt_corpus, news_page):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the html reader tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    raw = read_corpus(txt_corpus({"a.html": news_page}, None))
    assert len(raw.records) == 1


# --- format choice and registry -----------------------------------------------------------------


def test_infer_format(tmp_path, txt_corpus, sentences):
    for suffix, name in [(".jsonl", "jsonl"), (".csv", "csv"), (".parquet", "parquet")]:
        path = tmp_path / f"x{suffix}"
        path.touch()
        assert infer_format(path) == name
    folder = txt_corpus({"a.txt": sentences.viva}, [{"file": "a.txt", "outlet": "V"}])
    assert infer_format(folder) == "txt"
    (folder / "b.html").write_text("<html></html>")
    with pytest.raises(InputError, match="several formats"):
        infer_format(folder)


def test_unknown_suffix_lists_the_formats(tmp_path):
    path = tmp_path / "x.docx"
    path.touch()
    with pytest.raises(InputError, match=r"--format \(csv, html, jsonl, parquet, txt\)"):
        read_corpus(path)


def test_missing_path():
    with pytest.raises(InputError, match="nope: no such file or folder;"):
        read_corpus("nope")


def test_unknown_format_name(tmp_path):
    with pytest.raises(InputError, match="unknown format; use one of auto, csv"):
        read_corpus(tmp_path, format="docx")


def test_folder_reader_given_a_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("outlet,text\nA,b\n")
    with pytest.raises(InputError, match="reads a folder, not a file"):
        read_corpus(path, format="txt")


def test_a_user_registered_reader_is_used_by_name_and_suffix(tmp_path, sentences):
    @register_reader("lines", suffixes=(".lines",))
    def read_lines(path, *, metadata=None, encoding=None, columns=None):
        texts = path.read_text(encoding="utf-8").splitlines()
        records = pd.DataFrame(
            {
                "doc_id": [f"l{i}" for i in range(len(texts))],
                "outlet": "VIVA",
                "source": [f"{path.name}#line={i + 1}" for i in range(len(texts))],
                "text": texts,
            }
        )
        manifest = [
            {"source": s, "status": "document", "reason": None, "doc_id": d}
            for s, d in zip(records["source"], records["doc_id"], strict=True)
        ]
        return RawCorpus(records=records, manifest=manifest)

    try:
        path = tmp_path / "a.lines"
        path.write_text(f"{sentences.viva}\n{sentences.lampost}\n", encoding="utf-8")
        assert get_reader("lines").read is read_lines
        raw = read_corpus(path)
        assert list(raw.records.columns[: len(RECORD_COLUMNS)]) == list(RECORD_COLUMNS)
        assert raw.records["text"].tolist() == [sentences.viva, sentences.lampost]
        name = path.name  # a reader's dict entries become typed entries
        assert raw.manifest == [
            document_entry(f"{name}#line=1", "l0"),
            document_entry(f"{name}#line=2", "l1"),
        ]
    finally:
        READERS.pop("lines")
