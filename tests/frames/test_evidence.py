import json

from framing.frames import evidence, match_frames
from framing.frames.evidence import mark_spans, merge_spans


def test_evidence_ranks_and_marks(seed_tables, lexicon):
    documents, sentences = seed_tables
    hits = match_frames(sentences, lexicon)
    table = evidence(documents, sentences, hits, top=5)
    rows = table[(table.outlet == "Lampost.co") & (table.frame == "sanctions_violation")]
    assert rows["rank"].tolist() == [1, 2]
    first = rows.iloc[0]
    assert "«memasok senjata»" in first.marked_text
    start, end = json.loads(first.spans)[0]
    assert first.text[start:end] == "memasok senjata"
    assert (first.start, first.end) == tuple(
        sentences.set_index("sentence_id").loc[first.sentence_id, ["start", "end"]]
    )
    # every (outlet, frame) with hits appears, at most `top` times
    one = evidence(documents, sentences, hits, top=1)
    assert one.groupby(["outlet", "frame"]).size().max() == 1
    assert (
        len(one)
        == hits.merge(documents, on="doc_id")[["outlet", "frame"]].drop_duplicates().shape[0]
    )


def test_negated_only_sentence_ranks_last(seed_tables, lexicon):
    documents, sentences = seed_tables
    hits = match_frames(sentences, lexicon)
    table = evidence(documents, sentences, hits)
    rows = table[(table.outlet == "Pos-Kupang") & (table.frame == "western_accusation")]
    assert rows["sentence_id"].tolist() == ["001:s1", "001:s2"]
    assert rows["n_negated"].tolist() == [0, 1]


def test_spans_merge_and_mark():
    assert merge_spans([(4, 8), (0, 5)]) == [(0, 8)]
    assert mark_spans("<b>x</b> sanksi", [(9, 15)]) == "<b>x</b> «sanksi»"
