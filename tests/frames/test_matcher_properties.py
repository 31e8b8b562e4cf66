"""Properties of the frame matcher on generated text: no exception, and chunks change nothing."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from framing.frames import load_lexicon
from framing.frames.matching.matcher import FrameMatcher, match_frames

LEXICON = load_lexicon()
MATCHER = FrameMatcher(LEXICON)
#: Words of the built-in lexicon's terms, and others, to make sentences that do match.
TERM_WORDS = sorted({w for f in LEXICON.frames.values() for t in f.terms for w in t.term.split()})
WORDS = st.sampled_from(
    [*TERM_WORDS[:200], "tidak", "bukan", "not", "no", "kata", "said", "the", "dan", "PBB", "AS"]
)
SENTENCES = st.lists(
    st.one_of(
        st.lists(WORDS, min_size=1, max_size=25).map(" ".join),
        st.text(min_size=0, max_size=80),  # any characters at all
    ),
    min_size=1,
    max_size=30,
)


def table(texts: list[str]) -> pd.DataFrame:
    docs = [f"d{i // 3}" for i in range(len(texts))]
    frame = pd.DataFrame({"doc_id": docs, "text": texts})
    frame["sentence_id"] = frame["doc_id"] + ":s" + frame.groupby("doc_id").cumcount().astype(str)
    frame["start"] = frame.groupby("doc_id")["text"].transform(
        lambda s: (s.str.len() + 1).cumsum() - (s.str.len() + 1)
    )
    return frame


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SENTENCES, st.integers(min_value=1, max_value=7))
@example(["AS", "AS", "baseless", "not accusations"], 1)  # one chunk negated, one not: same dtypes
def test_matching_a_text_equals_matching_its_chunks(texts, size):
    sentences = table(texts)
    whole = match_frames(sentences, MATCHER)
    docs = list(dict.fromkeys(sentences["doc_id"]))
    parts = []
    for i in range(0, len(docs), size):  # chunks of whole documents, as the stages cut them
        chunk = sentences[sentences["doc_id"].isin(docs[i : i + size])]
        parts.append(match_frames(chunk.reset_index(drop=True), MATCHER))
    kept = [p for p in parts if len(p)] or parts[:1]
    chunked = pd.concat(kept, ignore_index=True) if len(kept) > 1 else kept[0]
    pd.testing.assert_frame_equal(
        chunked.reset_index(drop=True), whole.reset_index(drop=True), check_dtype=False
    )
    by_id = sentences.set_index("sentence_id")
    for row in whole.itertuples(index=False):  # offsets in the document point at the match
        text, offset = by_id.loc[row.sentence_id, "text"], by_id.loc[row.sentence_id, "start"]
        assert text[row.start - offset : row.end - offset] == row.matched_text
