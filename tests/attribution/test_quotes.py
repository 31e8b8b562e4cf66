"""Quotations across sentences and paragraphs, and the attribution every sentence of one carries."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.attribution import find_attributions
from framing.attribution.quotes import quote_spans, quoted_regions


def spans_of(texts, paragraphs=None):
    return [(s.first, s.last, s.closed) for s in quote_spans(texts, paragraphs)]


def test_a_quotation_over_two_sentences_is_one_span():
    texts = ['"We will not pay.', 'Not one cent," the governor said.', "Then he left."]
    (span,) = quote_spans(texts)
    assert (span.first, span.last, span.open_at, span.close_at) == (0, 1, 0, 13)
    assert quoted_regions([span], [len(t) for t in texts]) == [[(0, 17)], [(0, 14)], []]


def test_a_paragraph_opening_with_a_mark_continues_the_quotation():
    texts = ['"We will not pay.', '"Not now, not ever," she said.']
    assert spans_of(texts, ["p1", "p2"]) == [(0, 1, True)]


def test_a_paragraph_ending_inside_a_quotation_closes_it_unless_the_next_opens_with_a_mark():
    texts = ['He said "we will.', "The rain went on.", '"Yes," she said.']
    assert spans_of(texts, ["p1", "p2", "p3"]) == [(0, 0, False), (2, 2, True)]


def test_curly_low_and_guillemet_marks():
    assert spans_of(["„Wir zahlen nicht“, sagte er."]) == [(0, 0, True)]
    assert spans_of(["«Nous ne paierons pas», a-t-il dit."]) == [(0, 0, True)]
    assert spans_of(["“One.", "Two,” he said."]) == [(0, 1, True)]


def test_a_closing_mark_with_nothing_open_opens_nothing():
    assert spans_of(["Not open” here.", "Nor here."]) == []


def test_without_paragraphs_an_unclosed_mark_stops_after_a_dozen_sentences():
    texts = ['He said "this never closes.'] + ["Filler."] * 30
    ((first, last, closed),) = spans_of(texts)
    assert (first, closed) == (0, False) and last == 11


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet='ab ."“”„«»,', max_size=30), max_size=8))
def test_spans_always_point_into_their_sentences(texts):
    paragraphs = [i // 2 for i in range(len(texts))]
    spans = quote_spans(texts, paragraphs)
    previous_end = (-1, -1)
    for span in spans:
        assert 0 <= span.first <= span.last < len(texts)
        assert 0 <= span.open_at < len(texts[span.first])
        assert 0 <= span.close_at <= len(texts[span.last])
        assert (span.first, span.open_at) > previous_end  # in reading order, not overlapping
        previous_end = (span.last, span.close_at)


def attribute(sentences, paragraphs=None, language="en", outlet="Northern Wire"):
    n = len(sentences)
    table = pd.DataFrame(
        {
            "doc_id": "d",
            "paragraph_id": paragraphs or [f"d:p{i}" for i in range(1, n + 1)],
            "sentence_id": [f"d:s{i}" for i in range(1, n + 1)],
            "text": sentences,
        }
    )
    documents = pd.DataFrame({"doc_id": ["d"], "outlet": [outlet], "language": [language]})
    return find_attributions(table, documents)


def test_every_sentence_of_a_quotation_carries_its_speaker():
    table = attribute(
        [
            "Texas Gov. Harold Benning spoke on Monday.",
            '"We will not pay.',
            "Not one cent.",
            'Not now, not ever," Benning said.',
        ],
        paragraphs=["d:p1", "d:p2", "d:p2", "d:p2"],
    )
    quoted = table[table["quote_span"].notna()].set_index("sentence_id")
    assert list(quoted.index) == ["d:s2", "d:s3", "d:s4"]
    assert set(quoted["source_name"]) == {"Harold Benning"}
    assert list(quoted["quote_position"]) == [1, 2, 3]
    assert set(quoted["cue_sentence_id"]) == {"d:s4"} and set(quoted["quote"]) == {"direct"}
    assert quoted.loc["d:s4", "source_via"] == "surname"


def test_a_colon_introduces_the_quotation_of_the_clause_subject():
    table = attribute(["Senator Mara Quill was blunt:", '"This bill is dead. It is over."'])
    rows = table[table["sentence_id"] == "d:s2"]
    assert list(rows["source_name"]) == ["Mara Quill"] and list(rows["cue_kind"]) == ["colon_intro"]


def test_pronouns_follow_gender_and_roles_follow_titles():
    table = attribute(
        [
            "Foreign Minister Irina Volkova met Deputy Prime Minister Tomas Rehn in Oslo.",
            "Volkova told reporters she was hopeful.",
            '"We have a deal," Rehn said.',
            '"It is not signed yet," she said.',
            '"Nothing is agreed until everything is agreed," the minister added.',
        ]
    )
    by_sentence = table.groupby("sentence_id")["source_name"].first()
    assert by_sentence["d:s3"] == "Tomas Rehn"
    assert by_sentence["d:s4"] == "Irina Volkova"  # "she": the woman, though Rehn spoke last
    assert by_sentence["d:s5"] == "Tomas Rehn"  # "Deputy Prime Minister" before his name
    via = table.groupby("sentence_id")["source_via"].first()
    assert (via["d:s4"], via["d:s5"]) == ("pronoun", "role")


def test_indonesian_role_and_clitic():
    table = attribute(
        [
            "Menteri Luar Negeri Dmitri Orlov tiba di Jakarta pada Selasa.",
            '"Kami datang untuk berdialog," ujarnya.',
            '"Tidak ada syarat," kata menteri itu.',
        ],
        language="id",
    )
    by_sentence = table.groupby("sentence_id")["source_name"].first()
    assert by_sentence["d:s2"] == "Dmitri Orlov" and by_sentence["d:s3"] == "Dmitri Orlov"


def test_words_written_in_lower_case_elsewhere_are_no_name():
    table = attribute(["Picu Kekhawatiran", "Hal itu picu kekhawatiran, kata dia."], language="id")
    assert "Picu Kekhawatiran" not in set(table["source"])


def test_a_carried_quotation_is_one_statement_in_the_sourcing_counts():
    from framing.attribution.voice import sourcing_counts

    table = attribute(['"One.', 'Two," said Harold Benning.'], paragraphs=["p", "p"])
    assert len(table) == 2
    documents = pd.DataFrame({"doc_id": ["d"], "outlet": ["Northern Wire"]})
    assert sourcing_counts(table, documents)["n"].sum() == 1


def test_a_curly_quotation_closed_by_a_straight_mark_ends_there():
    texts = ['Interfax melaporkan “bahwa Kim akan berkunjung."', "Namun Seoul diam.", "Lalu hujan."]
    assert spans_of(texts, ["p", "p", "p"]) == [(0, 0, True)]


def test_organisations_speak_and_appositions_are_not_the_subject():
    table = attribute(
        [
            "The Baltic Marine Trust said the ban was overdue.",
            "Ursula Brandt, a member of the Bundestag's defence committee, argued that it was.",
            'The Norwegian foreign ministry said it had "taken note" of the vote.',
        ]
    )
    names = table.groupby("sentence_id")["source_name"].first()
    assert names["d:s1"] == "Baltic Marine Trust"
    assert names["d:s2"] == "Ursula Brandt"
    assert names["d:s3"] == "Norwegian foreign ministry"


def test_an_indonesian_organisation_holding_a_listed_source_takes_its_type():
    table = attribute(
        [
            "Dewan Keamanan Nasional Gedung Putih menyatakan perjanjian itu meresahkan.",
            '"Kami akan memantau," demikian pernyataan lembaga itu.',
        ],
        language="id",
    )
    first = table[table["sentence_id"] == "d:s1"].iloc[0]
    assert first["source_name"] == "Dewan Keamanan Nasional Gedung Putih"
    assert first["source_type"] == "western_government"
