"""Dates read from article text: each form, validation, year from context, the seeds."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from framing.corpus.dates import extract_date, extract_dates, find_dates

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected", "snippet", "pattern"),
    [
        (
            "Putin mengunjungi Korea Utara mulai Selasa (18/6/2024).",
            D(2024, 6, 18),
            "Selasa (18/6/2024)",
            "weekday (D/M/YYYY)",
        ),
        (
            "Kunjungan dimulai (16/6/2024) di Pyongyang.",
            D(2024, 6, 16),
            "(16/6/2024)",
            "(D/M/YYYY)",
        ),
        ("Foto diambil 19/6/2024 di bandara.", D(2024, 6, 19), "19/6/2024", "D/M/YYYY"),
        ("di Pyongyang, Korea Utara 19 Juni 2024.", D(2024, 6, 19), "19 Juni 2024", "D Month YYYY"),
        (
            "dilaporkan pada Senin, 10 Juni 2024.",
            D(2024, 6, 10),
            "Senin, 10 Juni 2024",
            "weekday D Month YYYY",
        ),
        ("kunjungan pada 18-19 Juni 2024,", D(2024, 6, 18), "18-19 Juni 2024", "D Month YYYY"),
        ("Jakarta, Jum'at (21/6/2024)", D(2024, 6, 21), "Jum'at (21/6/2024)", "weekday (D/M/YYYY)"),
        ("rapat 5 Agt 2024 dan", D(2024, 8, 5), "5 Agt 2024", "D Month YYYY"),
        ("rapat 3 Des. 2023 dan", D(2023, 12, 3), "3 Des. 2023", "D Month YYYY"),
        ("Putin arrived on June 19, 2024.", D(2024, 6, 19), "June 19, 2024", "Month D, YYYY"),
        ("Putin arrived on 19 June 2024.", D(2024, 6, 19), "19 June 2024", "D Month YYYY"),
        ("Published 2024-06-19 08:00", D(2024, 6, 19), "2024-06-19", "YYYY-MM-DD"),
        ("9/11/20231 min read", D(2023, 9, 11), "9/11/20231 min read", "M/D/YYYY min read"),
    ],
)
def test_each_form(text, expected, snippet, pattern):
    finding = extract_date(text)
    assert finding is not None
    assert (finding.date, finding.snippet, finding.pattern) == (expected, snippet, pattern)
    assert finding.line_no == 1 and finding.year_from is None


@pytest.mark.parametrize(
    "text",
    [
        "Senin (31/2/2024) tidak ada.",  # 31 February
        "pada 30/2/2023 dan 31/4/2024",
        "tanggal 29 Februari 2023",  # 2023 is not a leap year
        "Published 2024-13-01",
        "skor akhir (2/1) untuk tuan rumah",  # no day name: a score, not a date
        "pada September 2023 lalu dan Juli 2000",  # month precision is not a date
        "kunjungan pada 18-19 Juni",  # no year anywhere and no reference
        "",
    ],
)
def test_invalid_or_imprecise_dates_are_rejected(text):
    assert extract_date(text) is None


def test_leap_day_is_valid():
    assert extract_date("Kamis, 29 Februari 2024").date == D(2024, 2, 29)


def test_yearless_date_takes_year_from_nearest_dated_mention():
    text = "Kim tiba Senin (11/9).\nKTT digelar Selasa (12/9).\n\n9/11/20231 min read"
    first, second, stamp = find_dates(text)
    assert (first.date, second.date, stamp.date) == (D(2023, 9, 11), D(2023, 9, 12), D(2023, 9, 11))
    assert first.year_from == "line 4 '9/11/20231 min read'"
    assert first.pattern == "weekday (D/M); year from line 4 '9/11/20231 min read'"
    assert first.weekday_matches and second.weekday_matches


def test_yearless_date_across_new_year_takes_the_closest_year():
    finding = find_dates("Rapat Sabtu (30/12).\nDiterbitkan 2/1/2024")[0]
    assert finding.date == D(2023, 12, 30)


def test_yearless_date_uses_reference_only_without_dated_context():
    finding = extract_date("Senin (11/9) Kim tiba.", reference=D(2023, 9, 20))
    assert finding.date == D(2023, 9, 11)
    assert finding.year_from == "reference date 2023-09-20"
    assert extract_date("Senin (11/9) Kim tiba.") is None


def test_weekday_that_contradicts_the_date_is_flagged():
    finding = extract_date("Putin ke Korea Utara pada Selasa (16/6/2024).")
    assert finding.date == D(2024, 6, 16) and finding.weekday_matches is False
    assert finding.source == "text line 1: 'Selasa (16/6/2024)' (day name disagrees with Sunday)"


def test_publication_stamp_wins_over_earlier_event_date():
    text = "Kunjungan Senin, 10 Juni 2024 di Moskow.\nDiterbitkan: 12 Juni 2024, 10:00 WIB"
    finding = extract_date(text)
    assert (finding.date, finding.line_no) == (D(2024, 6, 12), 2)


def test_long_running_text_line_is_not_a_stamp():
    text = (
        "Putin bertemu Kim pada 19 Juni 2024 di Pyongyang.\n"
        "Pernyataan yang dipublikasikan media pemerintah pada 18 Juni 2024 menyebut kedua "
        "negara akan memperluas kerja sama di bidang pariwisata dan pendidikan."
    )
    finding = extract_date(text)
    assert finding.date == D(2024, 6, 19) and finding.rule == "latest date"


SEEDS = {
    # seed -> (date, line, snippet)
    "000": (D(2024, 6, 16), 5, "Selasa (16/6/2024)"),
    "001": (D(2024, 6, 19), 9, "19 Juni 2024"),
    # the "min read" platform stamp (M/D/YYYY) on line 4; line 2 "Senin (11/9)" agrees
    "002": (D(2023, 9, 11), 4, "9/11/20231 min read"),
    "003": (D(2024, 6, 10), 7, "Senin, 10 Juni 2024"),
    "004": (D(2024, 6, 18), 1, "Selasa (18/6/2024)"),
}


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_dates(sample_corpus_path, prefix):
    path = next(sample_corpus_path.glob(f"{prefix}_*.txt"))
    finding = extract_date(path.read_text(encoding="utf-8"))
    assert (finding.date, finding.line_no, finding.snippet) == SEEDS[prefix]


def test_seed_002_yearless_mention_agrees_with_stamp(sample_corpus_path):
    path = next(sample_corpus_path.glob("002_*.txt"))
    first = find_dates(path.read_text(encoding="utf-8"))[0]
    assert (first.date, first.line_no, first.snippet) == (D(2023, 9, 11), 2, "Senin (11/9)")
    assert first.weekday_matches is True


def test_extract_dates_over_a_documents_table():
    docs = pd.DataFrame(
        {"text": ["Moskwa (Lampost.co)—Putin tiba Selasa (18/6/2024).", "tanpa tanggal", None]},
        index=[10, 11, 12],
    )
    result = extract_dates(docs)
    assert result.index.tolist() == [10, 11, 12]
    assert str(result["date"].dtype).startswith("datetime64")
    assert result["date"].iloc[0] == pd.Timestamp("2024-06-18")
    assert result["date"].iloc[1:].isna().all()
    assert result["date_source"].tolist() == [
        "text line 1: 'Selasa (18/6/2024)'",
        "none: no date in text",
        "none: no date in text",
    ]


# --- which date is the document's ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        (  # the dateline wins over a later date in the body
            "MOSKWA, 19 Juni 2024 – Putin tiba di Pyongyang.\n\nKTT berikutnya 20 Juli 2024.",
            D(2024, 6, 19),
            "dateline",
        ),
        (  # a dateline with an agency: the date in its first sentence
            "Jakarta (ANTARA) - Presiden tiba pada Rabu (19/6/2024) di Pyongyang. "
            "Ia akan kembali pada 25 Juni 2024.",
            D(2024, 6, 19),
            "dateline",
        ),
        (  # the publication context wins over the dateline and the body
            "Rabu, 19 Juni 2024 08:15 WIB\n\nJakarta (ANTARA) - Kunjungan 10 Juni 2024 dibahas.",
            D(2024, 6, 19),
            "publication stamp",
        ),
        (
            "Published 19 June 2024\n\nSEOUL - The talks of 12 June 2024 ended.",
            D(2024, 6, 19),
            "publication stamp",
        ),
        (
            "Diterbitkan 20/6/2024\n\nPutin tiba pada 19 Juni 2024.",
            D(2024, 6, 20),
            "publication stamp",
        ),
        (  # no stamp, no dateline: the latest full date
            "Kim mengenang 10 Juni 2024 dan rapat 18 Juni 2024 di Pyongyang.",
            D(2024, 6, 18),
            "latest date",
        ),
    ],
)
def test_stamp_then_dateline_then_latest_date(text, expected, rule):
    finding = extract_date(text)
    assert (finding.date, finding.rule) == (expected, rule)


def test_a_historical_date_in_the_body_is_never_the_date():
    kcna = (
        "Pyongyang, June 19 (KCNA) -- Kim Jong Un received Vladimir Putin. The two recalled the "
        "agreement on economic and cultural cooperation signed on 17 March 1949 (1949-03-17)."
    )
    assert extract_date(kcna) is None
    dated = kcna + "\nPublished 2024-06-19"
    assert extract_date(dated).date == D(2024, 6, 19)
    body = "Putin tiba. Perjanjian 17 Maret 1949 dikenang. Rapat digelar 18 Juni 2024."
    assert extract_date(body).date == D(2024, 6, 18)


def test_an_old_date_alone_in_a_dateline_is_kept():
    finding = extract_date("PYONGYANG, 17 Maret 1949 – Perjanjian ditandatangani.")
    assert (finding.date, finding.rule) == (D(1949, 3, 17), "dateline")


def test_a_historical_date_gives_no_year_to_a_yearless_one():
    assert extract_date("Senin (11/9) Kim tiba; perjanjian 17/3/1949 dikenang.") is None


def test_iso_date_with_offset_keeps_its_local_day():
    finding = extract_date("Published 2024-06-19T08:15:00+09:00")
    assert finding.date == D(2024, 6, 19)


def test_a_huge_text_is_dated_in_bounded_time():
    import time

    text = "Putin tiba di Pyongyang pada Rabu (19/6/2024) dan bertemu Kim. " * 400_000
    start = time.perf_counter()
    assert extract_date(text).date == D(2024, 6, 19)
    assert time.perf_counter() - start < 5
