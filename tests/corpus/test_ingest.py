"""End to end on the sample corpus: the cleaned, segmented seeds against hand counts."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.corpus.ingest import ingest, prepare_records
from framing.corpus.readers import read_corpus
from framing.errors import InputError

# Sentences per seed after cleaning, counted by hand from the files:
# 000: 10 body paragraphs, 5 of them with two sentences                      -> 15
# 001: 17 kept paragraphs (standfirst, "Sanksi" subheading, "(trtworld.com)"
#      included), one of them ("Di ibu kota … Federasi Rusia.") with two      -> 18
# 002: the single body line holds 13 sentences (the quote "“Atas Undangan …,”
#      ujar pernyataan Kremlin." is one)                                       -> 13
# 003: 11 body paragraphs, the first with two sentences                       -> 12
# 004: 14 lines ("Picu Kekhawatiran" counts as one), five with two sentences,
#      one of them the quote "“Daftar negara … sebelumnya. Tetapi …”"         -> 20
HAND_COUNTS = {"000": 15, "001": 18, "002": 13, "003": 12, "004": 20}


def test_sentence_counts_match_hand_counts(sample_corpus):
    counts = sample_corpus.sentences.groupby("doc_id").size().to_dict()
    assert counts == HAND_COUNTS


def test_every_document_comes_from_metadata(sample_corpus):
    docs = sample_corpus.documents.set_index("doc_id")
    assert docs.loc["003", "outlet"] == "VIVA"
    assert (docs["date_source"] == "metadata").all()
    assert docs.loc["001", "byline"] == "editor: Agustinus Sape"
    assert "Adnan Kasmas Abysaama" in docs.loc["002", "byline"]


def test_named_boilerplate_is_removed_and_recorded(sample_corpus):
    removed = sample_corpus.removed
    text = sample_corpus.documents.set_index("doc_id")["text"]
    for doc_id, line in [
        ("000", "Bagikan Artikel"),
        ("000", "dampak produksi emas rusia"),
        ("001", "Ikuti berita POS-KUPANG.COM di GOOGLE NEWS"),
        ("003", "Dalang Serangan Teror Odesa Ternyata Perempuan 21 Tahun"),
        ("003", "Halaman Selanjutnya"),
    ]:
        assert ((removed["doc_id"] == doc_id) & (removed["line"] == line)).any(), line
        assert line not in text[doc_id]


def test_dates_come_from_text_when_metadata_has_none(tmp_path, sample_corpus_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    meta = pd.read_csv(sample_corpus_path / "metadata.csv", dtype=str)
    for name in meta["file"]:
        (folder / name).write_bytes((sample_corpus_path / name).read_bytes())
    meta.drop(columns=["date", "language"]).to_csv(folder / "metadata.csv", index=False)
    docs = ingest(folder).documents.set_index("doc_id")
    assert docs.loc["004", "date"] == pd.Timestamp("2024-06-18")
    assert docs.loc["004", "date_source"].startswith("text line 1:")
    assert docs.loc["002", "date"] == pd.Timestamp("2023-09-11")
    assert (docs["language"] == "id").all()
    assert docs["language_source"].str.startswith("detected").all()


def test_document_emptied_by_cleaning_is_a_recorded_skip(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"outlet": "A", "text": "Bagikan Artikel"}\n'
        '{"outlet": "A", "text": "Presiden tiba di Pyongyang pada Rabu pagi."}\n',
        encoding="utf-8",
    )
    result = ingest(corpus, language="id")
    assert len(result.documents) == 1
    skipped = [m for m in result.manifest if m.status == "skipped"]
    assert len(skipped) == 1 and skipped[0].reason_code == "empty after cleaning"
    assert skipped[0].reason.startswith("empty after cleaning: every line matched")
    assert len(result.manifest) == 2


@pytest.mark.parametrize("bad_date", ["yesterday", "31/02/2024x"])
def test_unreadable_metadata_date_costs_the_date_not_the_document(tmp_path, bad_date):
    corpus = tmp_path / "c.csv"
    text = "Putin tiba di Pyongyang pada Rabu (19/6/2024) untuk kunjungan dua hari."
    pd.DataFrame({"outlet": ["A"], "date": [bad_date], "text": [text]}).to_csv(corpus, index=False)
    result = ingest(corpus, language="id")
    document = result.documents.iloc[0]
    assert document["date"] == pd.Timestamp("2024-06-19")
    assert document["date_source"].startswith("text line 1: 'Rabu (19/6/2024)'")
    assert f"metadata date {bad_date!r} unreadable" in document["date_source"]
    (problem,) = result.manifest[0].problems
    assert (problem.field, problem.value, problem.problem) == ("date", bad_date, "date unreadable")
    assert problem.action == "dated from the text"


@pytest.mark.parametrize("bad_date", ["yesterday", "31/02/2024x"])
def test_strict_stops_at_the_first_unreadable_date(tmp_path, bad_date):
    corpus = tmp_path / "c.csv"
    pd.DataFrame({"outlet": ["A"], "date": [bad_date], "text": ["Putin tiba."]}).to_csv(
        corpus, index=False
    )
    records = read_corpus(corpus).records
    with pytest.raises(InputError, match="c.csv#row=1: date .* is not a date; write it") as info:
        prepare_records(records, language="id", strict=True)
    assert "\n" not in str(info.value)
