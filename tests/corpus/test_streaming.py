"""Reading in chunks: the chunks of iter_corpus add up to read_corpus, whatever their size."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from framing.corpus.manifest import ManifestEntry, check_manifest
from framing.corpus.readers import (
    READERS,
    RawCorpus,
    iter_corpus,
    read_corpus,
    register_reader,
    tabular,
    txt,
)
from framing.errors import InputError


def concatenated(path, chunk_size, **options) -> tuple[pd.DataFrame, list[ManifestEntry]]:
    chunks = list(iter_corpus(path, chunk_size, **options))
    for chunk in chunks:
        assert len(chunk.records) <= chunk_size
        check_manifest(chunk.manifest, len(chunk.manifest), n_documents=len(chunk.records))
    frames = [chunk.records for chunk in chunks if len(chunk.records)]
    records = pd.concat(frames, ignore_index=True) if frames else chunks[0].records
    return records, [entry for chunk in chunks for entry in chunk.manifest]


def assert_same_for_every_chunk_size(path, **options) -> RawCorpus:
    whole = read_corpus(path, **options)
    for chunk_size in (1, 2, 3, 7, 1000):
        records, manifest = concatenated(path, chunk_size, **options)
        pd.testing.assert_frame_equal(records, whole.records)
        assert manifest == whole.manifest
    return whole


@pytest.fixture
def mixed_jsonl(tmp_path, sentences):
    lines = [
        json.dumps({"id": 1, "outlet": "VIVA", "text": sentences.viva, "section": "dunia"}),
        "",
        "{broken",
        json.dumps({"outlet": "A", "text": "   "}),
        json.dumps({"outlet": "Lampost.co", "text": sentences.lampost, "date": "yesterday"}),
        json.dumps(
            {"outlet": "", "url": "https://www.pos-kupang.com/x", "text": sentences.pos_kupang}
        ),
        json.dumps(["a", "list"]),
        json.dumps({"outlet": "B", "text": "<p>Putin tiba.</p><p>Kim menyambut.</p><br>", "n": 2}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_chunks_add_up(mixed_jsonl):
    whole = assert_same_for_every_chunk_size(mixed_jsonl)
    assert list(whole.records["doc_id"]) == ["1", "mixed-5", "mixed-6", "mixed-8"]
    assert whole.records.loc[2, "outlet"] == "pos-kupang.com"


def test_a_chunk_holds_its_records_and_the_skips_met_while_reading_it(mixed_jsonl):
    chunks = list(iter_corpus(mixed_jsonl, 2))
    assert [len(c.records) for c in chunks] == [2, 2]
    assert [e.source.split("#")[1] for e in chunks[0].manifest] == [
        "line=1",
        "line=3",
        "line=4",
        "line=5",
    ]
    assert [e.status for e in chunks[1].manifest] == ["document", "skipped", "document"]


def test_skips_after_the_last_record_make_a_last_chunk_without_records(tmp_path, sentences):
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"outlet": "A", "text": sentences.viva}) + "\n{bad\n{bad\n", encoding="utf-8"
    )
    chunks = list(iter_corpus(path, 1))
    assert [(len(c.records), len(c.manifest)) for c in chunks] == [(1, 1), (0, 2)]


def test_csv_chunks_add_up(tmp_path, sentences):
    frame = pd.DataFrame(
        {
            "id": ["001", "", "003", "004", "005"],
            "outlet": ["Pos-Kupang", "VIVA", "", "Lampost.co", "A"],
            "text": [sentences.kremlin_quote, sentences.viva, sentences.lampost, "", "x"],
        }
    )
    path = tmp_path / "berita.csv"
    frame.to_csv(path, index=False)
    whole = assert_same_for_every_chunk_size(path)
    assert list(whole.records["doc_id"]) == ["001", "berita-2", "005"]


def test_parquet_file_and_dataset_chunks_add_up(tmp_path, sentences):
    folder = tmp_path / "dataset"
    (folder / "year=2024").mkdir(parents=True)
    first = pd.DataFrame({"outlet": ["A", "B", ""], "text": [sentences.viva, "dua", "tiga"]})
    second = pd.DataFrame(
        {"outlet": ["C"], "text": [sentences.lampost], "date": pd.to_datetime(["2024-06-19"])}
    )
    first.to_parquet(folder / "part-0.parquet")
    second.to_parquet(folder / "year=2024" / "part-0.parquet")
    (folder / "_SUCCESS").touch()
    whole = assert_same_for_every_chunk_size(folder)
    assert list(whole.records["source"]) == [
        "part-0.parquet#row=1",
        "part-0.parquet#row=2",
        "year=2024/part-0.parquet#row=1",
    ]
    assert whole.records["doc_id"].is_unique
    assert whole.manifest[2].reason_code == "missing outlet"
    assert_same_for_every_chunk_size(folder / "part-0.parquet")


def test_txt_folder_chunks_add_up_and_catch_duplicate_rows_across_chunks(
    txt_corpus, sentences, png_bytes
):
    folder = txt_corpus(
        {
            "a.txt": sentences.viva,
            "b.txt": sentences.lampost,
            "c.txt": png_bytes,
            "d.txt": sentences.pos_kupang,
            "unlisted.txt": "x",
        },
        [
            {"file": "a.txt", "outlet": "VIVA"},
            {"file": "b.txt", "outlet": "Lampost"},
            {"file": "c.txt", "outlet": "A"},
            {"file": "gone.txt", "outlet": "A"},
            {"file": "d.txt", "outlet": "Pos"},
            {"file": "a.txt", "outlet": "again"},
        ],
    )
    whole = assert_same_for_every_chunk_size(folder)
    last = [entry for entry in iter_corpus(folder, 1)][-1].manifest
    assert [e.reason_code for e in last] == ["duplicate metadata row", "no metadata row"]
    assert list(whole.records["doc_id"]) == ["a", "b", "d"]


def test_html_folder_chunks_add_up(txt_corpus, news_page, gallery_page):
    folder = txt_corpus({"a.html": news_page, "b.htm": gallery_page, "c.html": news_page}, None)
    whole = assert_same_for_every_chunk_size(folder)
    assert len(whole.records) == 2


def test_a_plain_reader_function_is_cut_into_chunks(tmp_path):
    @register_reader("pairs", suffixes=(".pairs",))
    def read_pairs(path, *, metadata=None, encoding=None, columns=None):
        records = pd.DataFrame(
            {"doc_id": ["a", "b", "c"], "outlet": "X", "source": ["1", "2", "4"], "text": "t"}
        )
        manifest = [
            {"source": "1", "status": "document", "doc_id": "a"},
            {"source": "2", "status": "document", "doc_id": "b"},
            {"source": "3", "status": "skipped", "reason": "empty"},
            {"source": "4", "status": "document", "doc_id": "c"},
        ]
        return RawCorpus(records=records, manifest=manifest)

    try:
        path = tmp_path / "x.pairs"
        path.touch()
        whole = assert_same_for_every_chunk_size(path)
        assert [e.source for e in whole.manifest] == ["1", "2", "3", "4"]
        assert [len(c.records) for c in iter_corpus(path, 2)] == [2, 1]
    finally:
        READERS.pop("pairs")


def test_an_empty_corpus_gives_one_empty_chunk(txt_corpus):
    folder = txt_corpus({}, [{"file": "gone.txt", "outlet": "A"}])
    (chunk,) = list(iter_corpus(folder, 5, format="txt"))
    assert chunk.records.empty and [e.reason_code for e in chunk.manifest] == ["missing file"]


def test_chunk_size_must_be_positive(tmp_path):
    with pytest.raises(InputError, match="chunk_size=0: give a number"):
        iter_corpus(tmp_path, 0)


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_tabular_readers_are_lazy(tmp_path, monkeypatch, suffix):
    frame = pd.DataFrame({"outlet": "A", "text": [f"berita nomor {i}" for i in range(3000)]})
    path = tmp_path / f"big.{suffix}"
    if suffix == "jsonl":
        frame.to_json(path, orient="records", lines=True)
    elif suffix == "csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path)
    made = []
    real = tabular.row_item

    def counting(*args, **kwargs):
        made.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(tabular, "row_item", counting)
    for name in ("jsonl", "parquet"):
        monkeypatch.setattr(f"framing.corpus.readers.{name}.row_item", counting)
    chunks = iter_corpus(path, 10)
    first = next(chunks)
    assert len(first.records) == 10 and len(made) == 10
    assert sum(len(c.records) for c in chunks) == 2990


def test_txt_reader_reads_one_file_at_a_time(txt_corpus, sentences, monkeypatch):
    names = [f"{i:03d}.txt" for i in range(30)]
    folder = txt_corpus(
        {name: f"{sentences.viva} {i}" for i, name in enumerate(names)},
        [{"file": name, "outlet": "VIVA"} for name in names],
    )
    opened = []
    real = txt.read_text_file
    monkeypatch.setattr(txt, "read_text_file", lambda *a: opened.append(a[0]) or real(*a))
    next(iter_corpus(folder, 4))
    assert len(opened) == 4


# --- CSV delimiters -------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_csv_delimiter_is_sniffed(tmp_path, sentences, delimiter):
    path = tmp_path / "berita.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["id", "outlet", "text"])
        writer.writerow(["1", "VIVA", sentences.viva])  # holds commas
        writer.writerow(["2", "Pos; Kupang", sentences.pos_kupang])
    raw = read_corpus(path)
    assert raw.records["text"].tolist() == [sentences.viva, sentences.pos_kupang]
    assert raw.records.loc[1, "outlet"] == "Pos; Kupang"


def test_csv_delimiter_can_be_given(tmp_path):
    path = tmp_path / "berita.csv"
    path.write_text("outlet:text\nVIVA:Putin tiba\n", encoding="utf-8")
    assert read_corpus(path, delimiter=":").records.loc[0, "text"] == "Putin tiba"
    with pytest.raises(InputError, match="--delimiter ';;': give one character"):
        read_corpus(path, delimiter=";;")


def test_metadata_csv_delimiter_is_sniffed(txt_corpus, sentences):
    folder = txt_corpus({"a.txt": sentences.viva}, None)
    (folder / "metadata.csv").write_text("file;outlet;date\na.txt;VIVA;2024-06-19\n")
    raw = read_corpus(folder)
    assert (raw.records.loc[0, "outlet"], raw.records.loc[0, "date"]) == ("VIVA", "2024-06-19")


def test_unparseable_csv_names_file_line_and_delimiter_option(tmp_path):
    path = tmp_path / "berita.csv"
    path.write_text("id,outlet,text\n1,VIVA,Putin\n2,Pos,Kim,extra,more\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_corpus(path)
    message = str(info.value)
    assert "berita.csv: line 3:" in message and "--delimiter" in message
    assert "\n" not in message


def test_unclosed_quote_names_the_line_it_starts_on(tmp_path):
    path = tmp_path / "berita.csv"
    path.write_text('id,outlet,text\n1,VIVA,Putin\n2,Pos,"Kim\n3,a,b\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"berita.csv: line 3: .*EOF inside string"):
        read_corpus(path)


def test_cp1252_bytes_late_in_a_utf8_csv_do_not_stop_it(tmp_path, monkeypatch, sentences):
    monkeypatch.setattr(tabular, "HEAD_BYTES", 64)
    head = "outlet,text\n" + "".join(f"A,{sentences.viva.replace(',', '')} {i}\n" for i in range(3))
    data = head.encode() + "B,caf\u00e9 na\u00efve\n".encode("cp1252")
    path = tmp_path / "berita.csv"
    path.write_bytes(data)
    raw = read_corpus(path)
    assert raw.records["text"].iloc[-1] == "caf\u00e9 na\u00efve"
