import pandas as pd
import pytest

from framing.attribution import ATTRIBUTION_COLUMNS, find_attributions
from framing.contract import check_columns
from tests.attribution.conftest import attribute


def rows_for(table: pd.DataFrame, fragment: str) -> pd.DataFrame:
    found = table[table["text"].str.contains(fragment, regex=False)]
    assert len(found), f"no attribution in the sentence with {fragment!r}"
    return found


def test_table_has_the_contract_columns(seed_attributions):
    check_columns(seed_attributions, "attributions")
    assert list(seed_attributions.columns[: len(ATTRIBUTION_COLUMNS)]) == list(ATTRIBUTION_COLUMNS)
    assert set(seed_attributions["quote"]) <= {"direct", "indirect"}


def test_washington_and_seoul_claim_is_attributed_to_both_governments(seed_attributions):
    rows = rows_for(seed_attributions, "Washington dan Seoul mengklaim")
    assert dict(zip(rows["source"], rows["source_type"], strict=True)) == {
        "Washington": "western_government",
        "Seoul": "south_korean_government",
    }
    assert set(rows["cue_kind"]) == {"accusation"}
    assert set(rows["statement"]) == {0}  # one statement, two sources


def test_menurut_afp_is_a_wire_agency(seed_attributions):
    rows = rows_for(seed_attributions, "Menurut AFP")
    afp = rows[rows["source"] == "AFP"].iloc[0]
    assert (afp["source_type"], afp["cue"], afp["cue_kind"]) == (
        "wire_agency",
        "Menurut",
        "according_to",
    )


def test_kremlin_menyatakan_is_russian_state(seed_attributions):
    row = rows_for(seed_attributions, "Kremlin menyatakan bahwa tujuan").iloc[0]
    assert (row["source"], row["source_type"], row["quote"]) == (
        "Kremlin",
        "russian_state",
        "indirect",
    )


def test_pyongyang_and_moscow_denial(seed_attributions):
    rows = rows_for(seed_attributions, "Baik Pyongyang maupun Moskow membantah")
    assert dict(zip(rows["source"], rows["source_type"], strict=True)) == {
        "Pyongyang": "dprk_state",
        "Moskow": "russian_state",
    }
    assert rows["denial"].all() and not rows["negated"].any()


def test_dugaan_barat_is_a_hedged_western_claim(seed_attributions):
    rows = rows_for(seed_attributions, "dugaan Barat")
    west = rows[rows["source"] == "Barat"].iloc[0]
    assert west["source_type"] == "western_government"
    assert west["cue"] == "dugaan" and bool(west["hedged"])


def test_a_list_of_accusers_gives_a_row_each(seed_attributions):
    rows = rows_for(seed_attributions, "Negara-negara Barat, Korea Selatan, dan Kyiv menuduh")
    assert list(rows["source_type"]) == [
        "western_government",
        "south_korean_government",
        "ukrainian_government",
    ]


def test_direct_quotes_and_speech_verbs_after_the_quote(seed_attributions):
    kremlin = rows_for(seed_attributions, "” kata Kremlin").iloc[0]
    assert (kremlin["source"], kremlin["cue_kind"], kremlin["quote"]) == (
        "Kremlin",
        "said_after",
        "direct",
    )
    # the quotation opened in the previous sentence: still direct, the expert is typed
    easley = rows_for(seed_attributions, "kata Leif-Eric Easley").iloc[0]
    assert (easley["source_type"], easley["quote"]) == ("expert", "direct")


def test_pronouns_take_the_previous_source(seed_attributions):
    sambung = rows_for(seed_attributions, "sambungnya").iloc[0]
    assert (sambung["source"], sambung["source_via"]) == ("Leif-Eric Easley", "pronoun")
    mereka = rows_for(seed_attributions, "Mereka menuduh Korea Utara")
    assert set(mereka["source_type"]) == {"western_government", "south_korean_government"}
    assert set(mereka["source_via"]) == {"pronoun"}


def test_relative_clause_and_apposition_do_not_become_the_speaker(seed_attributions):
    putin = rows_for(seed_attributions, "Putin, yang melakukan perjalanan pertamanya").iloc[0]
    assert putin["source"] == "Putin"
    envoy = rows_for(seed_attributions, "Alexander Matsegora mengonfirmasi").iloc[0]
    assert (envoy["source"], envoy["source_type"]) == ("Alexander Matsegora", "russian_state")


def test_refusing_to_deny_is_no_denial(seed_attributions):
    rows = rows_for(seed_attributions, "menolak untuk mengkonfirmasi atau menyangkalnya")
    deny = rows[rows["cue_kind"] == "denial"].iloc[0]
    assert deny["source"] == "Rusia" and bool(deny["negated"]) and not bool(deny["denial"])


def test_relaying_verb_is_not_a_hedge(seed_attributions):
    row = rows_for(seed_attributions, "dilaporkan oleh surat kabar Vedomosti").iloc[0]
    assert row["source_type"] == "other_media" and not bool(row["hedged"])


@pytest.mark.parametrize(
    ("sentence", "source", "source_type", "cue_kind"),
    [
        ("According to Reuters, the visit was planned.", "Reuters", "wire_agency", "according_to"),
        ("The Kremlin said the visit was historic.", "Kremlin", "russian_state", "reporting"),
        (
            "Washington and Seoul claimed that Pyongyang supplied shells.",
            "Washington",
            "western_government",
            "accusation",
        ),
        (
            "The visit comes amid Western accusations that Pyongyang arms Moscow.",
            "Western",
            "western_government",
            "accusation_noun_before",
        ),
        (
            '"This is a victory for Kim," said analyst Leif-Eric Easley.',
            "analyst Leif-Eric Easley",
            "expert",
            "said_after",
        ),
        ("KCNA reported that the talks went well.", "KCNA", "dprk_state", "reporting"),
    ],
)
def test_english_sentences(sentence, source, source_type, cue_kind):
    row = attribute(sentence).iloc[0]
    assert (row["source"], row["source_type"], row["cue_kind"]) == (source, source_type, cue_kind)


def test_english_denial_hedge_and_negated_cue():
    table = attribute(
        "Both Pyongyang and Moscow have denied the accusations.",
        "North Korea has allegedly shipped missiles to Russia, US officials said.",
        '"We will never accept this," said Putin.',
        "Russia declined to confirm or deny the report.",
    )
    first = table[table["sentence_id"] == "d:s1"]
    assert list(first["source"]) == ["Pyongyang", "Moscow"] and first["denial"].all()
    second = table[table["sentence_id"] == "d:s2"].iloc[0]
    assert second["source"] == "US officials" and second["hedge_cue"] == "allegedly"
    third = table[table["sentence_id"] == "d:s3"].iloc[0]
    assert third["quote"] == "direct" and not third["negated"]  # "never" is inside the quote
    fourth = table[table["sentence_id"] == "d:s4"]
    assert fourth["negated"].all() and not fourth["denial"].any()


def test_unlisted_speaker_is_unknown_and_outlet_is_own_reporting():
    table = attribute(
        "Ivan Petrov said the train had left.",
        "According to Daily Planet, the summit ends today.",
        outlet="Daily Planet",
    )
    assert list(table["source"]) == ["Ivan Petrov", "Daily Planet"]
    assert list(table["source_type"]) == ["unknown", "own_reporting"]
    assert list(table["source_via"]) == ["unlisted", "unlisted"]


def test_no_cue_no_row_and_empty_input():
    assert attribute("Putin arrived in Pyongyang on Wednesday.").empty
    empty = find_attributions(pd.DataFrame(columns=["doc_id", "sentence_id", "text"]))
    assert empty.empty and list(empty.columns) == list(ATTRIBUTION_COLUMNS)


def test_missing_column_is_a_one_line_error():
    from framing.errors import InputError

    with pytest.raises(InputError, match="lacks column"):
        find_attributions(pd.DataFrame({"text": ["x"]}))
