import pytest
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from framing.frames.affixes import expand_root, resolve_affixes


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        (
            "tuduh",
            {"tuduh", "menuduh", "dituduh", "tertuduh", "tuduhan", "penuduhan", "menuduhkan"},
        ),
        ("langgar", {"melanggar", "pelanggaran", "dilanggar"}),
        ("kirim", {"mengirim", "pengiriman", "dikirim", "kiriman"}),
        ("pasok", {"memasok", "pemasokan", "pasokan"}),
        ("sambut", {"menyambut", "penyambutan", "sambutan"}),
        ("bantah", {"membantah", "bantahan", "dibantah"}),
        ("klaim", {"mengklaim", "diklaim"}),  # cluster: k does not drop
        ("transfer", {"mentransfer"}),
        ("bom", {"mengebom"}),  # one syllable
        ("akui", {"mengakui"}),
    ],
)
def test_indonesian_verb_forms(root, expected):
    assert expected <= set(expand_root(root, "verb", "id"))


def test_ber_paradigm():
    assert {"bersahabat", "persahabatan"} <= set(expand_root("sahabat", "ber", "id"))
    assert "bekerja" in expand_root("kerja", "ber", "id")


def test_generated_forms_stem_back_to_root_with_sastrawi():
    """Independent check: Sastrawi (Nazief-Adriani) stems the real words back to the root."""
    stemmer = StemmerFactory().create_stemmer()
    real = {
        "tuduh": ["menuduh", "dituduh", "tuduhan", "penuduhan", "tertuduh"],
        "langgar": ["melanggar", "pelanggaran", "dilanggar"],
        "kirim": ["mengirim", "pengiriman", "dikirim"],
        "pasok": ["memasok", "pasokan"],
        "tolak": ["menolak", "ditolak", "penolakan"],  # (Sastrawi overstems membantah to "ban")
        "sangkal": ["menyangkal", "penyangkalan"],
    }
    for root, words in real.items():
        forms = expand_root(root, "verb", "id")
        for word in words:
            assert word in forms
            assert stemmer.stem(word) == root


def test_english_inflections():
    assert expand_root("deny", "verb", "en") == ["deny", "denies", "denied", "denying"]
    assert expand_root("missile", "noun", "en") == ["missile", "missiles"]


@pytest.mark.parametrize(
    ("affixes", "language", "message"),
    [
        ("noun-ish", "id", "unknown paradigm"),
        (["xx-"], "id", "prefixes are"),
        ("verb", "fr", "no affix"),
    ],
)
def test_bad_affixes_raise(affixes, language, message):
    with pytest.raises(ValueError, match=message):
        resolve_affixes(affixes, language)
