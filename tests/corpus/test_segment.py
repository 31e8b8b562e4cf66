"""Paragraph and sentence segmentation, on the seed articles and on each hard case."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.segment import (
    MAX_SENTENCE_CHARS,
    SegmentReport,
    abbreviations,
    segment,
    segment_document,
    split_paragraphs,
    split_sentences,
)
from framing.errors import InputError


def seed_text(corpus: Path, prefix: str) -> str:
    return next(corpus.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def sentences_of(text: str, language: str = "id") -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, language)]


# Sentence counts by hand, per non-empty line of the raw seed file ("L5: 2" means line 5
# holds two sentences). A sentence ends at . ! ? (after a closing quote if one follows) when
# a capital, digit or opening quote comes next; a line without a final period is one
# sentence; whitespace-only lines hold none.
RAW_COUNTS = {
    # L1 1, L3 1, L5 2, L7 2, L9 1, L11 1 ("...18-19 Juni,” demikian ..."), L13 2, L15 1,
    # L17 1, L19 2, L21 2, L23 1, L25 1 -> 18
    "000": 18,
    # L1 1, L3 1, L5 1, L7 1, L8 1, L9 1, L11 1, L13 1, L15 1, L17 1, L19 1, L21 1, L23 2,
    # L25 1, L27 1, L29 1, L31 1, L33 1, L35 1, L37 1, L39 1, L41 1, L43 1, L45 1, L47 1,
    # L54 1, L55 1, L56 1, L58 1, L60 1, L61 1 (L48-52 are blanks) -> 32
    "001": 32,
    # L1 1; L2 14 (title+"Sumber Foto..."+"...namanya." | Menurut YTN | Pertemuan puncak |
    # Melansir ... mendatang." | Namun | Pejabat | Meski demikian | “Atas Undangan ...,” ujar |
    # Terkonfirmasinya | Perjalanan terakhir | Pertemuan ini | Para pengamat | Hubungan dekat |
    # Nama Penulis ... Reta); L3 1, L4 1, L7 1 -> 18
    "002": 18,
    # L1 1, L3 1, L4 1, L5 1, L7 2, L9 1, L11 1, L13 1, L15 1, L16 1, L17 1, L19 1, L21 1,
    # L23 1, L25 1, L27 1, L29 1, L31 1, L33 1, L35 1, L37 1, L38 1, L40 1, L42 1, L44 1,
    # L45 1 -> 27
    "003": 27,
    # L1 2, L2 2, L3 1, L4 1, L5 1, L6 2, L7 1, L8 2, L9 2, L10 2 ("“Daftar ... sebelumnya."
    # | "Tetapi ... kemenangan,” kata ..."), L11 1, L12 1, L13 1, L14 1 -> 20
    "004": 20,
}

# Boilerplate lines (1-based) dropped before counting article sentences, and the count left.
BOILERPLATE = {
    "000": ({3, 25}, 16),  # "dampak produksi emas rusia", "Bagikan Artikel"
    # section label, "Editor: ...", "REUTERS", two "Baca juga: ...", footer from L47 on
    "001": ({1, 7, 8, 19, 35, 47, 54, 55, 56, 58, 60, 61}, 20),
    "002": ({3, 4, 7}, 15),  # byline, "9/11/20231 min read", "My post content"
    # photo captions and credits, related-article headlines, "Halaman Selanjutnya" x2
    "003": ({3, 4, 5, 9, 13, 15, 16, 17, 23, 35, 37, 38, 44, 45}, 13),
    "004": (set(), 20),
}


@pytest.mark.parametrize("prefix", sorted(RAW_COUNTS))
def test_seed_sentence_counts_match_hand_count(sample_corpus_path, prefix):
    text = seed_text(sample_corpus_path, prefix)
    _, sentences = segment_document(prefix, text, "id")
    assert len(sentences) == RAW_COUNTS[prefix]


@pytest.mark.parametrize("prefix", sorted(BOILERPLATE))
def test_seed_article_sentence_counts_without_boilerplate(sample_corpus_path, prefix):
    dropped, expected = BOILERPLATE[prefix]
    lines = seed_text(sample_corpus_path, prefix).splitlines()
    body = "\n\n".join(line for i, line in enumerate(lines, start=1) if i not in dropped)
    _, sentences = segment_document(prefix, body, "id")
    assert len(sentences) == expected


def test_seed_002_single_long_line_becomes_many_sentences(sample_corpus_path):
    line = seed_text(sample_corpus_path, "002").splitlines()[1]
    assert len(line) > 2800
    found = sentences_of(line)
    assert len(found) == 14
    assert found[1] == (
        "Menurut YTN, Kim Jong Un dan rombongan pemerintah Korea Utara telah menaiki kereta api "
        "khusus ke perbatasan timur laut Korea Utara."
    )
    assert found[3].endswith('dalam beberapa hari mendatang."')
    assert found[12].endswith('adalah "kesalahan besar".')


def test_offsets_round_trip_and_ids_on_seeds(sample_corpus_path):
    texts = {p: seed_text(sample_corpus_path, p) for p in sorted(RAW_COUNTS)}
    docs = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()), "language": "id"})
    paragraphs, sentences = segment(docs)
    assert list(paragraphs.columns) == [
        "doc_id", "paragraph_id", "text", "start", "end", "language"
    ]  # fmt: skip
    assert list(sentences.columns) == [
        "doc_id",
        "paragraph_id",
        "sentence_id",
        "text",
        "start",
        "end",
        "language",
    ]
    # the seed articles are Indonesian throughout: no paragraph gets a language of its own
    assert set(paragraphs["language"]) == set(sentences["language"]) == {"id"}
    for table in (paragraphs, sentences):
        for doc_id, unit, start, end in table[["doc_id", "text", "start", "end"]].itertuples(
            index=False
        ):
            assert texts[doc_id][start:end] == unit
            assert unit == unit.strip()
    spans = paragraphs.set_index("paragraph_id")[["start", "end"]]
    for paragraph_id, start, end in sentences[["paragraph_id", "start", "end"]].itertuples(
        index=False
    ):
        assert spans.loc[paragraph_id, "start"] <= start < end <= spans.loc[paragraph_id, "end"]
    first = sentences[sentences["doc_id"] == "004"]
    assert first["sentence_id"].tolist() == [f"004:s{j}" for j in range(1, 21)]
    assert first["paragraph_id"].iloc[:3].tolist() == ["004:p1", "004:p1", "004:p2"]
    assert sentences["sentence_id"].is_unique and paragraphs["paragraph_id"].is_unique


def test_paragraphs_on_single_and_double_newlines():
    text = "  Satu dua.  \n\nTiga.\nEmpat.\n \n"
    assert [text[s:e] for s, e in split_paragraphs(text)] == ["Satu dua.", "Tiga.", "Empat."]
    assert split_paragraphs("") == [] and split_paragraphs("\n \n") == []


def test_sentences_never_cross_paragraphs():
    text = "Putin tiba di Pyongyang pada Rabu pagi\n\nKim menyambutnya. Mereka berjabat tangan."
    _, rows = segment_document("d", text, "id")
    assert [row[3] for row in rows] == [
        "Putin tiba di Pyongyang pada Rabu pagi",
        "Kim menyambutnya.",
        "Mereka berjabat tangan.",
    ]
    assert [row[1] for row in rows] == ["d:p1", "d:p2", "d:p2"]


@pytest.mark.parametrize(
    "text",
    [
        # acronyms without periods (seed 003, 001)
        "Sebagai informasi, Rusia telah meningkatkan hubungan dengan Amerika Serikat (AS) seperti "
        "Iran dan pelanggaran sanksi PBB terhadap Korea Utara.",
        "Rapat dipimpin Prof. Hikmahanto dan Dr. Dino di Jl. Sudirman No. 5 pagi ini.",
        "Dia bertemu H. Agus dan Hj. Siti, Ir. Budi, S.H., M.Si. dan Bpk. Joko kemarin.",
        "Surat a.n. Menteri dikirim u.p. Sdr. Andi dari KH. Ma'ruf hari ini.",
        "Acara dihadiri Kol. Arif, Letjen. Budi, Brigjen. Candra, Mayjen. Dedi dan Jend. Eko.",
        "Kepala NATO J. Stoltenberg bertemu Kim J. Un di Pyongyang.",
        "Ekspor ke BRICS capai US$84,37 miliar, naik 3.5 persen atau Rp 1.000.000 per orang.",
        "Putin tiba pada 16/6/2024 untuk kunjungan pada 18-19 Juni di Pyongyang.",
        "Foto dari VIVA.co.id dan laporan trtworld.com dikutip Lampost.co pagi ini.",
        "Senjata, amunisi, dll. dikirim ke Rusia melalui jalur darat.",
        "Kunjungan tsb. dibahas dalam KTT ke-43 di Jakarta.",
    ],
)
def test_indonesian_text_that_is_one_sentence(text):
    assert sentences_of(text, "id") == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Putin met Mrs. Clinton and Ms. Harris with Dr. Lee and Prof. Kim on St. Mark's Day.",
        "The U.S. and the U.K. asked the U.N. to act on Jan. 5 under resolution No. 1718.",
        "Sanctions, e.g. on oil, i.e. most exports, etc. remain, says Gen. Smith vs. Sen. Jones.",
        "Apple Inc. and Acme Ltd. and Acme Co. met Rep. Doe and Gov. Roe.",
    ],
)
def test_english_text_that_is_one_sentence(text):
    assert sentences_of(text, "en") == [text]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (  # seed 000: sentence ends after the closing quote
            "Kremlin menyatakan bahwa tujuan perjalanan ini adalah untuk menjalin “persahabatan”. "
            "Menurut AFP, pengumuman dari Kremlin ini muncul.",
            "id",
            [
                "Kremlin menyatakan bahwa tujuan perjalanan ini adalah untuk menjalin "
                "“persahabatan”.",
                "Menurut AFP, pengumuman dari Kremlin ini muncul.",
            ],
        ),
        (  # period inside a closing quote: the sentence ends after the quote
            'Interfax melaporkan “bahwa Kim akan mengunjungi Eropa Timur." Namun, Reuters diam.',
            "id",
            [
                'Interfax melaporkan “bahwa Kim akan mengunjungi Eropa Timur."',
                "Namun, Reuters diam.",
            ],
        ),
        (
            "He called it ‘a mistake.’ The talks went on.",
            "en",
            ["He called it ‘a mistake.’", "The talks went on."],
        ),
        (  # quote ending with a comma continues into the reporting clause
            "“Putin akan berkunjung pada 18-19 Juni,” kata Kremlin. Vietnam menyusul.",
            "id",
            ["“Putin akan berkunjung pada 18-19 Juni,” kata Kremlin.", "Vietnam menyusul."],
        ),
        (
            '"We will not allow it," said Blinken. He left.',
            "en",
            ['"We will not allow it," said Blinken.', "He left."],
        ),
        (  # ? and ! end sentences; a lowercase word after them does not start one
            "Apakah Kim akan datang? Ya! Dia bertanya “kapan?” lalu pergi.",
            "id",
            ["Apakah Kim akan datang?", "Ya!", "Dia bertanya “kapan?” lalu pergi."],
        ),
        (  # a new sentence needs a capital, digit or opening quote after the period
            "Rusia tiba pada 2000. 24 tahun kemudian ia kembali. “Kami siap.” kata dia. dan pergi.",
            "id",
            [
                "Rusia tiba pada 2000.",
                "24 tahun kemudian ia kembali.",
                "“Kami siap.” kata dia. dan pergi.",
            ],
        ),
        (  # ellipses end a sentence before a capital, not before a lowercase word
            "Dia menunggu... Kemudian pergi. Lalu… dia kembali.",
            "id",
            ["Dia menunggu...", "Kemudian pergi.", "Lalu… dia kembali."],
        ),
        (  # an abbreviation that may end a sentence does, before a capital
            "Rusia meminta rudal, amunisi, dll. Namun Korea Utara membantah.",
            "id",
            ["Rusia meminta rudal, amunisi, dll.", "Namun Korea Utara membantah."],
        ),
        (  # acronyms ending a sentence: a real sentence end
            "Sanksi itu dipimpin AS. Rusia menolak sanksi PBB. Tetapi Kim diam.",
            "id",
            ["Sanksi itu dipimpin AS.", "Rusia menolak sanksi PBB.", "Tetapi Kim diam."],
        ),
        (  # "no." the English word is not the abbreviation "No."
            "He said no. Then he left for Moscow.",
            "en",
            ["He said no.", "Then he left for Moscow."],
        ),
        (
            "Sales rose 3.5 percent to 1,000,000 units. Analysts at Acme Inc. The end.",
            "en",
            ["Sales rose 3.5 percent to 1,000,000 units.", "Analysts at Acme Inc.", "The end."],
        ),
    ],
)
def test_sentence_boundaries(text, language, expected):
    assert sentences_of(text, language) == expected


def test_abbreviation_lists_are_shipped_per_language():
    indonesian, english = abbreviations("id"), abbreviations("en")
    for word in ("Jl.", "No.", "Prof.", "Dr.", "Letjen.", "S.H.", "M.Si.", "a.n.", "KH."):
        assert indonesian.kind(word) == "prefix", word
    for word in ("dll.", "dsb.", "tsb."):
        assert indonesian.kind(word) == "final", word
    for word in ("Mr.", "U.S.", "e.g.", "vs.", "Gen.", "Jan.", "Feb."):
        assert english.kind(word) == "prefix", word
    assert english.kind("etc.") == "final" and english.kind("no.") is None
    union = abbreviations("xx")
    assert union.kind("Letjen.") == "prefix" and union.kind("Mrs.") == "prefix"


def test_segment_handles_missing_language_and_rejects_bad_input():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Mrs. Lee tiba. Dr. Kim pergi.", ""]})
    paragraphs, sentences = segment(docs)
    assert sentences["text"].tolist() == ["Mrs. Lee tiba.", "Dr. Kim pergi."]
    assert paragraphs["doc_id"].tolist() == ["a"]
    empty_paragraphs, empty_sentences = segment(docs.iloc[0:0])
    assert empty_sentences.empty and list(empty_sentences.columns)[2] == "sentence_id"
    with pytest.raises(InputError, match="lacks column"):
        segment(pd.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(InputError, match="'a': text is None"):
        segment(pd.DataFrame({"doc_id": ["a"], "text": [None], "language": ["id"]}))


# --- glued sentences --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Sales fell last year.In the report, they rose.",
            "en",
            ["Sales fell last year.", "In the report, they rose."],
        ),
        (
            "Ekspor naik pada 2023.Tahun ini turun.",
            "id",
            ["Ekspor naik pada 2023.", "Tahun ini turun."],
        ),
        ("Kim tiba (AFP).Putin menyambut.", "id", ["Kim tiba (AFP).", "Putin menyambut."]),
        ('Dia berkata "tidak".Lalu pergi.', "id", ['Dia berkata "tidak".', "Lalu pergi."]),
        ("Benarkah?Ya, benar.", "id", ["Benarkah?", "Ya, benar."]),
        ("Rusia menolak.AS diam.", "id", ["Rusia menolak.", "AS diam."]),
    ],
)
def test_glued_sentences_are_split(text, language, expected):
    assert sentences_of(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Baca detik.com setiap hari.", "id"),
        ("Baca news.Detik.com setiap hari.", "id"),
        ("Lihat www.Detik.com sekarang.", "id"),
        ("The U.S.Army arrived.", "en"),
        ("Jalan Jl.Sudirman ditutup.", "id"),
        ("Ekonomi naik 3.5 persen.", "id"),
        ("Penulis J.K.Rowling datang.", "id"),
        ("Kirim ke john.Smith@example.com sekarang.", "en"),
        ("Buka http://example.com/path.Html sekarang.", "en"),
        ("Unduh laporan.PDF di sini.", "id"),
        ("Tonton Kompas.TV malam ini.", "id"),
        ("Surat a.n.Menteri dikirim.", "id"),
        ("Saham PT.Pertamina naik.", "id"),
    ],
)
def test_glued_periods_that_are_not_boundaries(text, language):
    assert sentences_of(text, language) == [text]


# --- over-long sentences ------------------------------------------------------------------------


def test_a_sentence_longer_than_the_limit_is_cut_at_a_safe_place():
    clause = "kata " * 60  # 300 characters, no punctuation
    text = f"{clause}; {clause}, {clause} — {clause}{clause}."
    report = SegmentReport(max_chars=500)
    _, rows = segment_document("d", text, "id", max_chars=500, report=report)
    pieces = [row[3] for row in rows]
    assert all(len(piece) <= 500 for piece in pieces)
    assert pieces[0].endswith(";") and pieces[1].endswith(",") and pieces[2].endswith("—")
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    for row in rows:
        assert text[row[4] : row[5]] == row[3]
    assert report.long_sentences == {"d": 1}
    assert report.note().startswith("1 sentences in 1 documents were longer than 500 characters")


def test_a_text_without_spaces_is_cut_at_the_limit():
    text = "x" * (2 * MAX_SENTENCE_CHARS + 10)
    spans = split_sentences(text)
    assert [end - start for start, end in spans] == [MAX_SENTENCE_CHARS] * 2 + [10]


def test_no_report_note_when_nothing_was_cut():
    report = SegmentReport()
    segment(pd.DataFrame({"doc_id": ["a"], "text": ["Satu. Dua."]}), report=report)
    assert report.note() is None and report.n_long == 0


@pytest.mark.parametrize(
    "text",
    [
        "x" * 2_000_000,  # 2 MB without punctuation or space
        "kata " * 60_000,  # 300 KB of words without punctuation
        "." * 500_000,
        ". " * 500_000,
        "a" + " " * 500_000 + "b\n" + "\n \n" * 100_000,
        "year.In " * 100_000,
    ],
)
def test_segmentation_is_linear_in_text_length(text):
    import time

    start = time.perf_counter()
    paragraphs, sentences = segment_document("d", text, "id")
    assert time.perf_counter() - start < 3
    for row in sentences:
        assert text[row[4] : row[5]] == row[3] and len(row[3]) <= MAX_SENTENCE_CHARS
