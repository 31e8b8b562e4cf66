"""Boilerplate cleaning on the real seed articles, hand-written English pages and rule files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from framing.contract import SCHEMAS, empty_table
from framing.corpus.cleaning import CleanedText, clean_text, drop_repeated_lines
from framing.corpus.cleaning_rules import available_languages, load_rules, read_rule_file
from framing.corpus.decoding import normalize_text
from framing.corpus.tokens import tokenize
from framing.errors import ConfigError, InputError

SEEDS = Path(__file__).resolve().parents[2] / "data" / "corpora" / "putin-kim"


def _raw(doc: str) -> str:
    return next(SEEDS.glob(f"{doc}_*.txt")).read_text(encoding="utf-8")


def _title(doc: str) -> str | None:
    meta = pd.read_csv(SEEDS / "metadata.csv", dtype=str)
    value = meta.loc[meta["id"] == doc, "title"].iloc[0]
    return None if pd.isna(value) else value


def _clean(doc: str, **kwargs) -> CleanedText:
    return clean_text(normalize_text(_raw(doc)), title=_title(doc), **kwargs)


def _rules(cleaned: CleanedText) -> list[tuple[int, str, bool]]:
    return [(r["line_no"], r["rule"], r["partial"]) for r in cleaned.removed]


# Every removal expected on each seed: (input line number, rule, partial). Read off the files
# line by line (`cat -n`); each list is the whole of what must go.
EXPECTED_REMOVED = {
    "000": [(1, "title_line", False), (3, "inserted_headline", False), (25, "share_prompt", False)],
    "001": [
        (1, "kicker", False),  # "Semenanjung Korea"
        (3, "title_line", False),
        (7, "editor", False),  # "Editor: Agustinus Sape"
        (8, "photo_credit", False),  # "REUTERS"
        (9, "photo_caption", False),  # "... di Pyongyang, Korea Utara 19 Juni 2024."
        (11, "dateline", True),  # "POS-KUPANG.COM - "
        (19, "cross_link", False),
        (35, "cross_link", False),
        (47, "follow_prompt", False),  # "Ikuti berita POS-KUPANG.COM di GOOGLE NEWS"
        (54, "related_list", False),  # "Berita Terkait"
        (55, "follow_prompt", False),  # "Ikuti kami di"
        (56, "page_control", False),  # "AA"
        (58, "related_list", False),  # "Berita Terkini"
        (60, "copyright_footer", False),
        (61, "copyright_footer", False),  # "All Right Reserved"
    ],
    "002": [
        (1, "title_line", False),
        (2, "title_repeat", True),
        (2, "editor", True),  # "Nama Penyunting: Putri Nabila Reta"
        (2, "byline", True),  # "Nama Penulis: Adnan Kasmas Abysaama"
        (2, "photo_credit", True),  # "Sumber Foto: Sputnik"
        (3, "byline", False),  # "adnan kasmas abysaama"
        (4, "platform_footer", False),  # "9/11/20231 min read"
        (7, "platform_footer", False),  # "My post content"
    ],
    "003": [
        (1, "title_line", False),
        (3, "photo_caption", False),  # "Vladimir Putin"
        (4, "photo_credit", False),  # "Sumber :"
        (5, "photo_credit", False),  # "• BBC.uk.co"
        (7, "dateline", True),  # "Moskow –"
        (9, "inserted_headline", False),  # "Pasukan Rusia Bongkar Fakta, ..."
        (13, "photo_caption", False),  # "The Russian President, Vladimir Putin."
        (15, "photo_credit", False),  # "Photo :"
        (16, "photo_credit", False),  # "• VIVA.co.id/Arianti Widya"
        (17, "inserted_headline", False),  # "Nilai Ekspor RI ke Negara BRICS ..."
        (23, "inserted_headline", False),  # "Dalang Serangan Teror Odesa ..."
        (35, "photo_caption", False),  # "Bendera Korea Utara."
        (37, "photo_credit", False),
        (38, "photo_credit", False),  # "• Pixabay"
        (44, "pagination", False),
        (45, "pagination", False),
    ],
    "004": [(1, "dateline", True)],  # "Moskwa (Lampost.co)—"
}

# Kept paragraphs per seed, counted by hand: 000 has 10 body paragraphs; 001 the standfirst,
# 14 body paragraphs, the subheading "Sanksi" and "(trtworld.com)"; 002 one long paragraph; 003
# 11 body paragraphs; 004 13 paragraphs and the subheading "Picu Kekhawatiran".
EXPECTED_PARAGRAPHS = {"000": 10, "001": 17, "002": 1, "003": 11, "004": 14}

KEY_SENTENCES = {
    "000": [
        "Kepala NATO Jens Stoltenberg menyatakan bahwa kunjungan ke Korea Utara menunjukkan "
        "bahwa Putin bergantung pada pemerintah otoriter.",
        "Sejak runtuhnya Uni Soviet, Rusia tetap menjadi salah satu dari sedikit negara yang "
        "menjalin hubungan kerja dengan Pyongyang.",
    ],
    "001": [
        "Presiden Rusia Vladimir Putin mendarat di Korea Utara, memulai kunjungan yang bertujuan "
        "untuk meningkatkan hubungan pertahanan antara kedua negara.",
        "Baik Pyongyang maupun Moskow membantah tuduhan mengenai transfer senjata Korea Utara.",
    ],
    "002": [
        "Para pengamat politik luar negeri, yang diliput melalui badan-badan berita internasional "
        "seperti Reuters dan CNN,",
        'Korea Utara untuk Rusia adalah "kesalahan besar".',
    ],
    "003": [
        "Duta Besar Rusia untuk Korea Utara, Alexander Matsegora mengonfirmasi kepada Vedomosti",
        "Perwakilan perdagangan Rusia di Vietnam mengatakan bulan lalu bahwa masalah perdagangan "
        "yang paling mendesak antara kedua negara adalah dukungan perbankan untuk menyelesaikan "
        "pembayaran.",
    ],
    "004": [
        "Rusia mengatakan pihaknya akan bekerja sama dengan Korea Utara dan mengembangkan "
        "hubungan sesuai dengan pilihannya",
    ],
}


@pytest.mark.parametrize("doc", sorted(EXPECTED_REMOVED))
def test_seed_removals_are_exactly_the_boilerplate(doc):
    assert _rules(_clean(doc)) == EXPECTED_REMOVED[doc]


@pytest.mark.parametrize("doc", sorted(EXPECTED_PARAGRAPHS))
def test_seed_body_is_kept_whole(doc):
    cleaned = _clean(doc)
    paragraphs = cleaned.text.split("\n\n")
    assert len(paragraphs) == EXPECTED_PARAGRAPHS[doc]
    assert all(p == p.strip() and p and "\n" not in p for p in paragraphs)
    for sentence in KEY_SENTENCES[doc]:
        assert sentence in cleaned.text


@pytest.mark.parametrize("doc", sorted(EXPECTED_REMOVED))
def test_nothing_is_lost(doc):
    """Every non-blank input line is kept, removed, or split between the two, word for word."""
    raw = normalize_text(_raw(doc))
    cleaned = _clean(doc)
    kept = dict(zip(cleaned.line_nos, cleaned.text.split("\n\n"), strict=True))
    for no, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        rows = [r for r in cleaned.removed if r["line_no"] == no]
        pieces = [kept.get(no, "")] + [r["line"] for r in rows]
        assert rows or no in kept, f"line {no} vanished: {line!r}"
        assert Counter(tokenize(line)) == Counter(tokenize(" ".join(pieces))), f"line {no}"
        for row in rows:
            assert row["partial"] == (row["line"] != line.strip())


def test_named_boilerplate_lines_are_recorded_with_their_text():
    removed = {(r["line"], r["rule"]) for d in EXPECTED_REMOVED for r in _clean(d).removed}
    for line, rule in [
        ("Bagikan Artikel", "share_prompt"),
        ("Ikuti berita POS-KUPANG.COM di GOOGLE NEWS", "follow_prompt"),
        ("Ikuti kami di", "follow_prompt"),
        ("Berita Terkait", "related_list"),
        ("Berita Terkini", "related_list"),
        ("Halaman Selanjutnya", "pagination"),
        ("© 2025 TRIBUNnews.com Network,a subsidiary of KG Media.", "copyright_footer"),
        ("Sumber Foto: Sputnik", "photo_credit"),
        ("Photo :", "photo_credit"),
        ("• VIVA.co.id/Arianti Widya", "photo_credit"),
        ("Sumber :", "photo_credit"),
        ("dampak produksi emas rusia", "inserted_headline"),
        ("Dalang Serangan Teror Odesa Ternyata Perempuan 21 Tahun", "inserted_headline"),
        ("Nilai Ekspor RI ke Negara BRICS Capai US$84,37 Miliar Sepanjang 2024", "inserted_headline"),
        ("Pasukan Rusia Bongkar Fakta, Tentara Korut Lebih Garang di Medan Perang", "inserted_headline"),
        ("Baca juga: Perang Sampah: Korea Selatan Bersiap Menerima Lebih Banyak Balon "
         "Propaganda dari Utara", "cross_link"),
    ]:  # fmt: skip
        assert (line, rule) in removed, line


def test_own_subheadings_and_declared_origin_are_kept():
    assert "\n\nSanksi\n\n" in _clean("001").text
    assert _clean("001").text.endswith("\n\n(trtworld.com)")
    assert "\n\nPicu Kekhawatiran\n\n" in _clean("004").text


def test_byline_editor_dateline_and_credits_go_to_metadata():
    meta = _clean("001").metadata
    assert meta["editor"] == "Agustinus Sape"
    assert meta["dateline"] == "POS-KUPANG.COM"
    assert meta["kicker"] == "Semenanjung Korea"
    assert meta["photo_credits"] == ["REUTERS"]
    assert _clean("001").text.startswith("Presiden Rusia Vladimir Putin mendarat")
    meta = _clean("002").metadata
    assert (meta["byline"], meta["editor"]) == ("Adnan Kasmas Abysaama", "Putri Nabila Reta")
    assert meta["photo_credits"] == ["Sputnik"]
    assert _clean("003").metadata["photo_credits"] == [
        "BBC.uk.co",
        "VIVA.co.id/Arianti Widya",
        "Pixabay",
    ]
    assert _clean("004").metadata["dateline"] == "Moskwa (Lampost.co)"
    assert _clean("004").text.startswith("Presiden Rusia Vladimir Putin mengunjungi")


def test_002_repeated_title_and_inline_credit_are_cut_from_the_body():
    cleaned = _clean("002")
    assert cleaned.text.startswith("Pemimpin Tertinggi Korea Utara, Kim Jong Un, dilaporkan")
    assert cleaned.text.endswith('adalah "kesalahan besar".')
    for gone in ("Sumber Foto", "Sputnik", "Nama Penulis", "Penyunting", "Anti Barat"):
        assert gone not in cleaned.text
    title_repeat = next(r for r in cleaned.removed if r["rule"] == "title_repeat")
    assert title_repeat["line"] == _title("002")


def test_title_is_taken_from_the_text_only_when_it_is_repeated():
    sure = clean_text(normalize_text(_raw("002")))
    assert sure.metadata["title_line"] == _title("002")
    assert sure.text == _clean("002").text
    unsure = clean_text(normalize_text(_raw("000")))
    assert unsure.metadata["title_line"] is None
    assert unsure.text.startswith(_title("000"))
    untitled = clean_text(normalize_text(_raw("004")))
    assert untitled.text == _clean("004").text


def test_raw_text_with_no_break_spaces_cleans_like_normalised_text():
    assert clean_text(_raw("001"), title=_title("001")).text == _clean("001").text


def test_excluded_rules_and_heuristic_thresholds_from_a_user_file(tmp_path):
    kept = _clean("003", rules=load_rules("id", exclude=["inserted_headline"]))
    assert "Dalang Serangan Teror Odesa Ternyata Perempuan 21 Tahun" in kept.text
    stricter = tmp_path / "strict.yaml"
    stricter.write_text(
        "language: id\nheuristics:\n  inserted_headline:\n    min_words: 5\n", encoding="utf-8"
    )
    cleaned = _clean("000", rules=load_rules("id", extra_files=[stricter]))
    assert cleaned.text.startswith("dampak produksi emas rusia\n\n")


def test_user_rule_file_adds_a_rule(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "language: id\nrules:\n  - id: outlet_note\n    description: a note\n"
        "    patterns: ['\\(trtworld\\.com\\)']\n",
        encoding="utf-8",
    )
    cleaned = _clean("001", rules=load_rules("id", extra_files=[extra]))
    assert "(trtworld.com)" not in cleaned.text
    assert (45, "outlet_note", False) in _rules(cleaned)


# --- heuristics on small constructed texts ----------------------------------------------------

BODY = "Presiden itu tiba di ibu kota pada Selasa pagi dan disambut pejabat tinggi."


def test_inserted_headline_rule_keeps_lists_colons_and_short_subheadings():
    text = "\n\n".join(
        [
            BODY,
            "Berikut pernyataan lengkap dari kementerian luar negeri:",
            BODY,
            "- satu dua tiga empat lima",
            BODY,
            "Kerja Sama Militer",
            BODY,
            "Harga Emas Dunia Naik Tajam Hari Ini",
            BODY,
        ]
    )
    cleaned = clean_text(text, language="id")
    assert _rules(cleaned) == [(15, "inserted_headline", False)]
    assert "Kerja Sama Militer" in cleaned.text


def test_headline_at_the_end_is_kept_because_no_paragraph_follows():
    cleaned = clean_text(f"{BODY}\n\nHarga Emas Dunia Naik Tajam Hari Ini", language="id")
    assert cleaned.removed == []


def test_long_line_before_a_label_is_not_taken_as_a_caption():
    long_paragraph = " ".join([BODY] * 3)
    cleaned = clean_text(f"{long_paragraph}\nSumber :\n• Reuters", language="id")
    assert cleaned.text == long_paragraph
    assert [r["rule"] for r in cleaned.removed] == ["photo_credit", "photo_credit"]


# --- English ----------------------------------------------------------------------------------

ENGLISH = """Putin arrives in Pyongyang for rare visit

By Jane Doe and John Roe
Share this article
Russian President Vladimir Putin greets North Korean leader Kim Jong Un at the airport.
Photo: Reuters

PYONGYANG (Reuters) - Russian President Vladimir Putin arrived in North Korea on Wednesday for his first visit in 24 years.

Read more: Kim visits Russia's far east cosmodrome

Advertisement

The two leaders are expected to sign a strategic partnership agreement, officials said.

Getty Images

Sign up for our newsletter to get the latest world news.
Follow us on X and Facebook
Click here to read the full statement
Continue reading

Related stories
© 2024 Example News Ltd. All rights reserved.
"""


def test_english_rules_on_a_hand_written_article():
    cleaned = clean_text(ENGLISH, title="Putin arrives in Pyongyang for rare visit", language="en")
    assert cleaned.text.split("\n\n") == [
        "Russian President Vladimir Putin arrived in North Korea on Wednesday for his first "
        "visit in 24 years.",
        "The two leaders are expected to sign a strategic partnership agreement, officials said.",
    ]
    assert [(r["line"], r["rule"]) for r in cleaned.removed] == [
        ("Putin arrives in Pyongyang for rare visit", "title_line"),
        ("By Jane Doe and John Roe", "byline"),
        ("Share this article", "share_prompt"),
        (
            "Russian President Vladimir Putin greets North Korean leader Kim Jong Un at the "
            "airport.",
            "photo_caption",
        ),
        ("Photo: Reuters", "photo_credit"),
        ("PYONGYANG (Reuters) -", "dateline"),
        ("Read more: Kim visits Russia's far east cosmodrome", "cross_link"),
        ("Advertisement", "advertisement"),
        ("Getty Images", "photo_credit"),
        ("Sign up for our newsletter to get the latest world news.", "follow_prompt"),
        ("Follow us on X and Facebook", "follow_prompt"),
        ("Click here to read the full statement", "cross_link"),
        ("Continue reading", "cross_link"),
        ("Related stories", "related_list"),
        ("© 2024 Example News Ltd. All rights reserved.", "copyright_footer"),
    ]
    meta = cleaned.metadata
    assert meta["byline"] == "Jane Doe and John Roe"
    assert meta["dateline"] == "PYONGYANG (Reuters)"
    assert meta["photo_credits"] == ["Reuters", "Getty Images"]


def test_english_byline_rule_leaves_sentences_starting_with_by():
    text = f"By the end of the day, the two leaders had signed a partnership pact.\n\n{BODY}"
    assert clean_text(text, language="en").removed == []


def test_unknown_language_gets_the_common_rules_only():
    cleaned = clean_text(f"{BODY}\n\nBagikan Artikel\n\n© 2024 Foo", language="und")
    assert _rules(cleaned) == [(5, "copyright_footer", False)]
    assert "Bagikan Artikel" in cleaned.text
    assert available_languages() == ["en", "id"]


# --- rule files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("language: id\nrules:\n  - id: x\n    description: d\n    patterns: ['(']\n",
         "key 'rules.0': patterns[0] '(' is not a valid regex"),
        ("language: id\nrules:\n  - id: x\n    patterns: ['a']\n",
         "key 'rules.0.description': Field required"),
        ("language: id\nrules:\n  - id: x\n    description: d\n    patterns: ['a']\n"
         "    scope: page\n", "key 'rules.0.scope'"),
        ("language: id\nrules:\n  - id: x\n    description: d\n    patterns: ['a']\n"
         "    keepas: byline\n", "key 'rules.0.keepas': Extra inputs are not permitted"),
        ("language: id\nrules:\n  - id: Bad-Id\n    description: d\n    patterns: ['a']\n",
         "key 'rules.0.id'"),
        ("language: id\nrules:\n  - id: x\n    description: d\n    patterns: []\n",
         "key 'rules.0.patterns'"),
        ("language: id\nheuristics:\n  inserted_headline:\n    min_word: 3\n",
         "key 'heuristics.inserted_headline.min_word'"),
        ("language: id\nrules:\n  - id: x\n    description: d\n    patterns: ['a']\n"
         "    first_lines: 2\n", "'first_lines' applies to scope: inline only"),
        ("rules: [\n", "not a valid UTF-8 YAML rule file"),
        ("- just\n- a list\n", "a rule file must be a mapping"),
    ],
)  # fmt: skip
def test_malformed_rule_file_is_a_one_line_input_error(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_rule_file(path)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith(f"{path}: ")
    assert message in text


def test_missing_rule_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="rule file not found"):
        load_rules("id", extra_files=[tmp_path / "nope.yaml"])


def test_shipped_rule_files_are_valid_and_cover_both_languages():
    for language in ("id", "en"):
        rules = load_rules(language)
        assert {"cross_link", "share_prompt", "follow_prompt", "byline", "photo_credit"} <= {
            r.id for r in rules.rules
        }


# --- corpus-level pass ------------------------------------------------------------------------

FOOTER = "Dapatkan berita pilihan setiap pagi di kotak surat Anda"


def _corpus() -> pd.DataFrame:
    rows = [
        ("a1", "A", f"Berita pertama tentang Putin.\n\n{FOOTER}"),
        ("a2", "A", f"Berita kedua tentang Kim.\n\n{FOOTER}\n\nParagraf penutup."),
        ("a3", "A", f"{FOOTER.upper()}\n\nBerita ketiga tentang Pyongyang."),
        ("a4", "A", "Berita keempat tanpa catatan kaki."),
        ("b1", "B", f"Berita dari media lain.\n\n{FOOTER}"),
    ]
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "text"])


def test_line_repeated_in_three_documents_of_one_outlet_is_dropped_and_recorded():
    earlier = pd.DataFrame(
        [
            {
                "doc_id": "a1",
                "line_no": 1,
                "line": "Bagikan",
                "rule": "share_prompt",
                "partial": False,
            }
        ]
    )
    documents, removed = drop_repeated_lines(_corpus(), earlier, min_docs=3)
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    assert texts == {
        "a1": "Berita pertama tentang Putin.",
        "a2": "Berita kedua tentang Kim.\n\nParagraf penutup.",
        "a3": "Berita ketiga tentang Pyongyang.",
        "a4": "Berita keempat tanpa catatan kaki.",
        "b1": f"Berita dari media lain.\n\n{FOOTER}",
    }
    assert list(removed.columns) == list(SCHEMAS["removed"])
    assert removed.to_dict("records") == [
        {"doc_id": "a1", "line_no": 1, "line": "Bagikan", "rule": "share_prompt", "partial": False},
        {"doc_id": "a1", "line_no": 2, "line": FOOTER, "rule": "repeated_in_outlet", "partial": False},
        {"doc_id": "a2", "line_no": 2, "line": FOOTER, "rule": "repeated_in_outlet", "partial": False},
        {"doc_id": "a3", "line_no": 1, "line": FOOTER.upper(), "rule": "repeated_in_outlet",
         "partial": False},
    ]  # fmt: skip
    assert _corpus()["text"].iloc[0].endswith(FOOTER)  # the input is not modified


def test_repeats_within_one_document_and_long_paragraphs_do_not_count():
    long = " ".join(["Latar belakang hubungan Rusia dan Korea Utara."] * 8)
    docs = pd.DataFrame(
        {
            "doc_id": ["x1", "x2", "x3"],
            "outlet": ["A"] * 3,
            "text": [f"{FOOTER}\n\n{FOOTER}\n\n{long}", f"Isi.\n\n{long}", f"Lain.\n\n{long}"],
        }
    )
    documents, removed = drop_repeated_lines(docs, empty_table("removed"), min_docs=2)
    assert removed.empty
    assert documents["text"].tolist() == docs["text"].tolist()
    _, removed = drop_repeated_lines(docs, empty_table("removed"), min_docs=3, max_words=None)
    assert removed["line_no"].tolist() == [3, 2, 2]


def test_repeated_line_pass_rejects_bad_input():
    with pytest.raises(ConfigError, match="min_docs=1"):
        drop_repeated_lines(_corpus(), empty_table("removed"), min_docs=1)
    with pytest.raises(ConfigError, match="lacks column"):
        drop_repeated_lines(_corpus().drop(columns="outlet"), empty_table("removed"))
    with pytest.raises(InputError, match="lacks column"):
        drop_repeated_lines(_corpus(), pd.DataFrame({"doc_id": []}))


def test_paragraph_after_a_blank_line_below_a_bare_credit_is_body_not_caption():
    text = f"{BODY}\n\nREUTERS\n\nPutin dan Kim menandatangani perjanjian kemitraan strategis."
    cleaned = clean_text(text, language="id")
    assert _rules(cleaned) == [(3, "photo_credit", False)]
    assert cleaned.text.endswith("perjanjian kemitraan strategis.")


def test_lede_opening_with_the_title_words_is_not_a_title_repeat():
    title = "Putin arrives in Pyongyang for rare visit"
    lede = f"{title} to North Korea, his first in 24 years, officials said on Wednesday."
    assert clean_text(f"{title}\n\n{lede}", title=title, language="en").text == lede
    repeat = f"{title} Russian President Vladimir Putin arrived on Wednesday, officials said."
    cleaned = clean_text(repeat, title=title, language="en")
    assert cleaned.text == "Russian President Vladimir Putin arrived on Wednesday, officials said."
    assert _rules(cleaned) == [(1, "title_repeat", True)]


def test_a_paragraph_closing_a_low_or_guillemet_quotation_is_no_headline():
    body = "Paket sanksi itu disepakati para menteri luar negeri pada pertemuan di Brussel, Kamis."
    for quoted in (
        "Dalgaard menambahkan: „Daftar perusahaan ini akan terus diperbarui.“",
        "Il a ajouté : »La liste sera mise à jour régulièrement.«",
    ):
        cleaned = clean_text(f"{body}\n\n{quoted}\n\n{body}")
        assert quoted in cleaned.text, quoted


def _shipped_patterns():
    for language in available_languages():
        for rule in load_rules(language).rules:
            for pattern, required in rule.guarded:
                yield pytest.param(pattern, required, id=f"{language}-{rule.id}")


@pytest.mark.parametrize(("pattern", "required"), list(_shipped_patterns()))
def test_a_line_without_a_required_character_has_no_match(pattern, required):
    """The guard only skips lines the pattern cannot match: each match found in lines made
    of the pattern's own literal pieces and the seeds' lines holds every required character,
    and each line stripped of one required character has no match."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = [*re.findall(r"[\w:()/,.-]+", pattern.pattern), " ", ":", "(", ")", "-", "—"]

    @settings(max_examples=25, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(pieces + list("AaBb1 ")), max_size=12))
    def check(parts):
        line = "".join(parts)
        for match in pattern.finditer(line):
            assert set(required) <= set(match.group()) or not match.group()
        for char in required:
            stripped = line.replace(char, "")
            assert not any(m.group() for m in pattern.finditer(stripped))

    check()
