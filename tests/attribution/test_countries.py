"""Countries as speakers: the CLDR gazetteer, one English name across languages, places."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.attribution import AttributionFinder, find_attributions
from framing.attribution.people import load_people
from framing.corpus.segment import segment
from framing.errors import InputError


def _speakers(texts: dict[str, str], finder: AttributionFinder | None = None) -> list[tuple]:
    docs = pd.DataFrame(
        {"doc_id": list(texts), "text": list(texts.values()), "outlet": "x"}
    ).assign(language=lambda d: d["doc_id"].str[:2])
    _, sentences = segment(docs)
    rows = find_attributions(sentences, docs, finder=finder)
    return [
        (r.sentence_id, str(r.source), str(r.source_name), str(r.source_via))
        for r in rows.itertuples()
    ]


def test_a_country_speaks_under_its_english_name_in_both_languages():
    found = _speakers(
        {
            "en1": "Brazil said the strike killed five people. The Netherlands said it would "
            "respond.",
            "id1": "Brasil menyatakan akan membalas. Menurut Belanda, serangan itu menewaskan "
            "lima orang. Filipina mengatakan pihaknya netral.",
        }
    )
    assert found == [
        ("en1:s1", "Brazil", "Brazil", "country"),
        ("en1:s2", "Netherlands", "Netherlands", "country"),
        ("id1:s1", "Brasil", "Brazil", "country"),
        ("id1:s2", "Belanda", "Netherlands", "country"),
        ("id1:s3", "Filipina", "Philippines", "country"),
    ]


def test_a_country_after_a_place_word_is_a_place_and_a_person_keeps_the_name():
    found = _speakers(
        {
            "en1": "Lena Brandt arrived on Monday. In Canberra, she said the talks had failed.",
            "en2": "Senator Michael Jordan praised the team. Jordan said the win mattered.",
        }
    )
    assert found == [
        ("en1:s2", "Lena Brandt", "Lena Brandt", "pronoun"),
        ("en2:s2", "Jordan", "Michael Jordan", "surname"),
    ]


def test_a_listed_source_keeps_its_type_over_the_gazetteer():
    found = _speakers({"en1": "Ukraine said the strike killed five people."})
    assert found == [("en1:s1", "Ukraine", "Ukrainian government", "named")]


def test_users_add_a_country_in_their_people_list(tmp_path):
    extra = tmp_path / "people.yaml"
    extra.write_text(
        "countries:\n  XK:\n    en: [Kosovo, Pristina]\n    id: [Kosovo]\n", encoding="utf-8"
    )
    finder = AttributionFinder(people=load_people([extra]))
    assert _speakers({"en1": "Pristina said the border stays open."}, finder) == [
        ("en1:s1", "Pristina", "Kosovo", "country")
    ]
    extra.write_text("countries:\n  XK: [Kosovo]\n", encoding="utf-8")
    with pytest.raises(InputError, match="countries must map a country code"):
        load_people([extra])


def test_the_gazetteer_names_every_iso_country_in_both_languages():
    countries = load_people().countries
    assert len(countries) > 230
    assert all(set(names) == {"en", "id"} and all(names.values()) for names in countries.values())
    assert countries["KP"]["id"][0] == "Korea Utara" and countries["KP"]["en"][0] == "North Korea"
