import pandas as pd
import pytest

from framing.contract import SCHEMAS
from framing.frames import FrameMatcher, load_lexicon, match_frames
from framing.frames.lexicon import read_lexicon_file


def hits_of(hits, sentence_id):
    rows = hits[hits["sentence_id"] == sentence_id]
    return set(zip(rows["frame"], rows["matched_text"], strict=True))


@pytest.fixture()
def seed_hits(seed_tables, lexicon):
    documents, sentences = seed_tables
    languages = documents.set_index("doc_id")["language"]
    return documents, sentences, match_frames(sentences, lexicon, languages=languages)


def test_contract_columns_and_offsets_point_into_document_text(seed_hits):
    documents, _, hits = seed_hits
    assert set(SCHEMAS["frame_hits"]) <= set(hits.columns)
    texts = documents.set_index("doc_id")["text"]
    for row in hits.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.matched_text


def test_seed_friendship_in_000_and_004(seed_hits):
    _, _, hits = seed_hits
    assert ("friendship", "persahabatan") in hits_of(hits, "000:s1")
    assert ("friendship", "persahabatan") in hits_of(hits, "004:s1")


def test_seed_sanctions_violation(seed_hits):
    _, _, hits = seed_hits
    assert ("sanctions_violation", "pelanggaran terhadap sanksi") in hits_of(hits, "000:s3")
    assert ("sanctions_violation", "melanggar resolusi") in hits_of(hits, "004:s4")
    # "melanggar resolusi PBB" overlaps "resolusi PBB": one hit of the frame, not two
    row = hits[(hits.sentence_id == "004:s4") & (hits.frame == "sanctions_violation")]
    assert len(row) == 1


def test_seed_western_accusation_and_denial(seed_hits):
    _, _, hits = seed_hits
    assert ("western_accusation", "menuduh") in hits_of(hits, "000:s3")
    assert ("sanctions_violation", "mengirim senjata") in hits_of(hits, "000:s3")
    assert ("western_accusation", "tuduhan") in hits_of(hits, "001:s1")
    assert ("denial", "membantah") in hits_of(hits, "001:s2")
    assert ("denial", "membantahnya") in hits_of(hits, "004:s2")  # clitic -nya


def test_negated_hit_is_marked_not_dropped(seed_hits):
    _, _, hits = seed_hits
    military = hits[(hits.sentence_id == "004:s4") & (hits.frame == "military_cooperation")]
    assert military["negated"].tolist() == [True]
    assert military["negation_cue"].tolist() == ["tidak"]
    # the accusation denied in "membantah tuduhan" is kept and marked
    denied = hits[(hits.sentence_id == "001:s2") & (hits.frame == "western_accusation")]
    assert denied["negation_cue"].tolist() == ["membantah"]


def test_pseudo_negation_and_clause_break(seed_hits):
    _, _, hits = seed_hits
    # "tidak hanya meningkatkan ..." does not negate; no friendship-less negation anywhere in 004:s3
    assert not hits[hits.sentence_id == "004:s3"]["negated"].any()
    # "tidak" in "tidak boleh" does not reach "melanggar resolusi" (beyond 5 words)
    row = hits[(hits.sentence_id == "004:s4") & (hits.frame == "sanctions_violation")]
    assert not row["negated"].any()


def test_exclusion_keeps_military_cooperation_out_of_friendship(seed_hits):
    _, _, hits = seed_hits
    frames = set(hits[hits.sentence_id == "004:s4"]["frame"])
    assert "military_cooperation" in frames and "friendship" not in frames


def test_sentence_without_terms_has_no_hits(seed_hits):
    _, _, hits = seed_hits
    assert hits_of(hits, "000:s2") == set()


def lexicon_from(tmp_path, body):
    path = tmp_path / "lex.yaml"
    path.write_text(body, encoding="utf-8")
    return load_lexicon([path], include_builtin=False)


def one_sentence(text):
    return pd.DataFrame({"doc_id": ["d"], "sentence_id": ["d:s1"], "start": [10], "text": [text]})


def test_word_boundaries_case_clitics_and_reduplication(tmp_path):
    lexicon = lexicon_from(
        tmp_path,
        "frames:\n"
        "  - {id: f, label: F, description: d, terms: {id: [sanksi, {term: AS, case_sensitive: true}]}}\n",
    )
    text = "Sanksi-sanksi, bersanksi, SANKSInya, sanksipun; as AS."
    hits = match_frames(one_sentence(text), lexicon)
    assert hits["matched_text"].tolist() == ["Sanksi", "SANKSInya", "sanksipun", "AS"]
    assert hits["start"].tolist()[0] == 10  # sentence start + offset in the sentence


def test_clitics_only_for_indonesian_terms(tmp_path):
    lexicon = lexicon_from(
        tmp_path,
        "frames:\n  - {id: f, label: F, description: d, terms: {en: [arm]}}\n",
    )
    assert match_frames(one_sentence("armku arm"), lexicon)["matched_text"].tolist() == ["arm"]


def test_language_restricts_terms(lexicon):
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "sentence_id": ["a:s1", "b:s1"],
            "start": [0, 0],
            "text": ["Moscow denied the accusations.", "Moscow denied the accusations."],
        }
    )
    languages = pd.Series({"a": "en", "b": "id"})
    hits = match_frames(sentences, lexicon, languages=languages)
    assert set(hits[hits.doc_id == "a"]["frame"]) == {"denial", "western_accusation"}
    assert hits[hits.doc_id == "b"].empty


def test_english_negation(lexicon):
    hits = match_frames(one_sentence("Russia has not supplied weapons to anyone."), lexicon)
    assert hits[["frame", "negated", "negation_cue"]].values.tolist() == [
        ["sanctions_violation", True, "not"]
    ]


def test_one_pass_equals_per_sentence(seed_tables, lexicon):
    """Joining the batch gives the same hits as matching each sentence alone."""
    _, sentences = seed_tables
    matcher = FrameMatcher(lexicon)
    together = matcher.match(sentences)
    apart = pd.concat([matcher.match(sentences.iloc[[i]]) for i in range(len(sentences))])
    columns = ["sentence_id", "frame", "start", "end", "negated"]
    assert together[columns].values.tolist() == apart[columns].values.tolist()


def test_missing_column_is_a_clear_error(lexicon):
    from framing.errors import InputError

    with pytest.raises(InputError, match="lacks column"):
        match_frames(pd.DataFrame({"text": ["x"]}), lexicon)


def test_builtin_file_parses_alone():
    from framing.frames.lexicon import builtin_lexicon_paths

    assert len(read_lexicon_file(builtin_lexicon_paths()[0])) == 6
