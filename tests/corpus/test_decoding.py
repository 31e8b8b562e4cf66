"""Decoding bytes of any common encoding, rejecting binary data, and normalising characters."""

from __future__ import annotations

import codecs

import pytest

from framing.corpus.decoding import (
    NotTextError,
    UndecodableError,
    decode_bytes,
    normalize_text,
)
from framing.errors import InputError

CP1252_TEXT = "Kremlin menyebut kunjungan itu “persahabatan” — kata café di Moskwa."


def test_utf8_is_read_as_utf8(sentences):
    text, encoding = decode_bytes(sentences.kremlin_quote.encode("utf-8"))
    assert (text, encoding) == (sentences.kremlin_quote, "utf-8")


def test_utf8_bom_is_removed(sentences):
    text, encoding = decode_bytes(codecs.BOM_UTF8 + sentences.viva.encode("utf-8"))
    assert encoding == "utf-8-sig"
    assert text == sentences.viva
    assert not text.startswith("\ufeff")


def test_utf16_with_bom_is_read(sentences):
    text, encoding = decode_bytes(sentences.lampost.encode("utf-16"))
    assert (text, encoding) == (sentences.lampost, "utf-16")


def test_short_cp1252_text_keeps_curly_quotes_and_accents():
    text, encoding = decode_bytes(CP1252_TEXT.encode("cp1252"))
    assert encoding == "cp1252"
    assert text == CP1252_TEXT


def test_latin1_text_is_read_through_its_cp1252_superset():
    text, _ = decode_bytes("Naïve café à Moscou".encode("latin-1"))
    assert text == "Naïve café à Moscou"


def test_non_western_legacy_text_uses_the_detector():
    russian = "Президент России Владимир Путин прибыл в Пхеньян с государственным визитом. " * 3
    text, encoding = decode_bytes(russian.encode("cp1251"))
    assert text == russian
    assert codecs.lookup(encoding).name == "cp1251"


def test_forced_encoding_wins_over_detection():
    data = "café".encode()
    assert decode_bytes(data, encoding="latin-1") == ("cafÃ©", "latin-1")


def test_forced_encoding_that_fails_is_undecodable():
    with pytest.raises(UndecodableError, match="not valid utf-8"):
        decode_bytes(CP1252_TEXT.encode("cp1252"), encoding="utf-8")


def test_unknown_forced_encoding_is_an_input_error():
    with pytest.raises(InputError, match="unknown encoding") as info:
        decode_bytes(b"abc", encoding="klingon-8")
    assert not isinstance(info.value, UndecodableError)


def test_png_bytes_are_not_text(png_bytes):
    with pytest.raises(NotTextError) as info:
        decode_bytes(png_bytes)
    assert info.value.reason == "not text"


def test_control_bytes_without_nul_are_not_text():
    data = bytes(range(1, 32)) * 20 + b"some words"
    with pytest.raises(NotTextError, match="control bytes"):
        decode_bytes(data)


def test_empty_bytes_decode_to_empty_text():
    assert decode_bytes(b"") == ("", "utf-8")


def test_undecodable_error_is_an_input_error_with_a_reason():
    assert issubclass(NotTextError, UndecodableError)
    assert issubclass(UndecodableError, InputError)
    assert UndecodableError.reason == "undecodable"


# --- normalize_text ---------------------------------------------------------------------------


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007", "\u2003", "\u3000"])
def test_unicode_spaces_become_plain_spaces(space):
    assert normalize_text(f"Kim{space}Jong Un") == "Kim Jong Un"


def test_nfc_composes_combining_accents():
    decomposed = "cafe\u0301"
    assert len(decomposed) == 5
    assert normalize_text(decomposed) == "caf\u00e9"


def test_curly_quotes_and_dashes_are_kept(sentences):
    text = f"{sentences.kremlin_quote} ‘ya’ – Moskwa (Lampost.co)—Presiden"
    assert normalize_text(text) == text


def test_zero_width_and_soft_hyphen_are_removed_joiners_kept():
    text = "Pyong\u200byang Kre\u00adm\u2060lin \ufeffRusia ab\u200cc\u200dd"
    assert normalize_text(text) == "Pyongyang Kremlin Rusia ab\u200cc\u200dd"


def test_line_endings_become_lf_and_blank_lines_are_kept():
    text = "Judul\r\n\r\nParagraf satu.\rParagraf dua.\u2028Tiga\x0cEmpat"
    assert normalize_text(text) == "Judul\n\nParagraf satu.\nParagraf dua.\nTiga\nEmpat"


def test_trailing_spaces_are_stripped_leading_indent_kept():
    assert normalize_text("  Sumber :  \t\n  • BBC.uk.co \u00a0\n") == "  Sumber :\n  • BBC.uk.co\n"


def test_stray_control_characters_are_removed_tabs_kept():
    assert normalize_text("a\x07b\tc\x1a") == "ab\tc"


def test_normalize_is_idempotent_on_the_sample_corpus(sample_corpus_path):
    for path in sorted(sample_corpus_path.glob("*.txt")):
        once = normalize_text(path.read_text(encoding="utf-8"))
        assert normalize_text(once) == once
    quote = normalize_text((sample_corpus_path / "000_726e388a16ef0aa4.txt").read_text("utf-8"))
    assert "menjalin “persahabatan”." in quote


def _normalize_by_the_letter(text: str) -> str:
    """normalize_text's steps one by one as its docstring gives them, character by character."""
    import unicodedata

    text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    for crlf in ("\r\n",):
        text = text.replace(crlf, "\n")
    text = "".join("\n" if c in "\r\v\f\u0085\u2028\u2029" else c for c in text)
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        " " if 0x80 <= ord(c) < 0x3001 and unicodedata.category(c) == "Zs" else c for c in text
    )
    dropped = set("\u200b\u2060\ufeff\u00ad") | {
        chr(c) for c in range(0x20) if c not in (9, 10, 11, 12, 13)
    }
    dropped |= {chr(c) for c in range(0x7F, 0xA0)}
    text = "".join(c for c in text if c not in dropped)
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


def test_normalize_text_equals_its_steps_done_by_hand():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(
        list("ab é\t\n\r.,") + ["\u00a0", "\u202f", "\u3000", "\u200b", "\u00ad", "\x00", "\x07",
         "\x85", "\u2028", "\u0301", "\ud800", "\x0b", "\x0c", "\u200d", "\u201c"]
    )  # fmt: skip

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.text(alphabet=alphabet, max_size=40))
    def check(text):
        assert normalize_text(text) == _normalize_by_the_letter(text)

    check()
