"""Properties that hold for any input: no exception, every input accounted for, exact offsets."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.corpus.cleaning import clean_text
from framing.corpus.dates import extract_date
from framing.corpus.decoding import UndecodableError, decode_input
from framing.corpus.language import normalise_language
from framing.corpus.readers import iter_corpus, read_corpus
from framing.corpus.readers.fields import prepare_text
from framing.corpus.segment import segment_document, split_paragraphs

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Text with the characters that make segmentation and cleaning hard.
HARD_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(" \t\n\r.!?…,;:“”\"'()[]«»—–-/@ABCabc123Jl.Dr.")),
        st.characters(codec="utf-8"),
    ),
    max_size=400,
)


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_a_txt_file_is_a_document_or_a_skip(data):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "a.txt").write_bytes(data)
        (root / "metadata.csv").write_text("file,outlet\na.txt,A\n", encoding="utf-8")
        raw = read_corpus(root)
    (entry,) = raw.manifest
    assert entry.source == "a.txt"
    assert (entry.status == "document") == (len(raw.records) == 1)
    if len(raw.records):
        text = raw.records.loc[0, "text"]
        assert text.strip() and "\x00" not in text
        text.encode("utf-8")  # no lone surrogates: every table can be written


@SETTINGS
@given(line=st.binary(max_size=600), chunk_size=st.integers(1, 4))
def test_any_bytes_as_a_jsonl_line_are_accounted_for(line, chunk_size):
    first = json.dumps({"outlet": "A", "text": "Putin tiba."}).encode()
    data = first + b"\n" + line + b"\n" + first.replace(b"tiba", b"pergi") + b"\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.jsonl"
        path.write_bytes(data)
        raw = read_corpus(path)
        chunks = list(iter_corpus(path, chunk_size))
    assert [e for c in chunks for e in c.manifest] == raw.manifest
    sources = [entry.source for entry in raw.manifest]
    assert len(set(sources)) == len(sources)
    assert sum(e.status == "document" for e in raw.manifest) == len(raw.records)
    numbers = {int(source.rsplit("=", 1)[1]) for source in sources}
    lines = data.split(b"\n")
    for number, content in enumerate(lines, start=1):
        if any(chr(b).isalpha() for b in content if b < 0x80):
            assert number in numbers, (number, content)
    assert raw.manifest[0].status == "document" and raw.manifest[-1].status == "document"
    for text in raw.records["text"]:
        text.encode("utf-8")


@SETTINGS
@given(
    rows=st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"outlet": st.sampled_from(["A", "", "B"]), "text": HARD_TEXT},
                optional={"date": st.text(max_size=12), "extra": st.integers()},
            ).map(json.dumps),
            st.text(max_size=20),
        ),
        min_size=1,
        max_size=12,
    ),
    chunk_size=st.integers(1, 5),
)
def test_chunks_concatenate_to_the_whole_corpus(rows, chunk_size):
    header = json.dumps({"outlet": "A", "text": "Putin tiba."})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.jsonl"
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        whole = read_corpus(path)
        chunks = list(iter_corpus(path, chunk_size))
    frames = [c.records for c in chunks if len(c.records)]
    pd.testing.assert_frame_equal(pd.concat(frames, ignore_index=True), whole.records)
    assert [e for c in chunks for e in c.manifest] == whole.manifest
    assert all(len(c.records) <= chunk_size for c in chunks)


@SETTINGS
@given(data=st.binary(max_size=3000))
def test_decoding_any_bytes_gives_text_or_a_reason(data):
    try:
        decoded = decode_input(data)
    except UndecodableError as exc:
        assert exc.reason in ("undecodable", "not text")
    else:
        assert isinstance(decoded.text, str)


@SETTINGS
@given(text=HARD_TEXT)
def test_preparing_and_cleaning_any_text(text):
    prepared, problems = prepare_text(text, "a.txt")
    prepared.encode("utf-8")
    assert all(problem.source == "a.txt" for problem in problems)
    for language in ("id", "en", "und"):
        cleaned = clean_text(prepared, title="Putin tiba", language=language)
        n_lines = len(prepared.splitlines())
        assert all(1 <= row["line_no"] <= n_lines for row in cleaned.removed)
        assert len(cleaned.line_nos) == len([p for p in cleaned.text.split("\n\n") if p])
    extract_date(text)
    assert normalise_language(text) is None or isinstance(normalise_language(text), str)


@SETTINGS
@given(text=HARD_TEXT, language=st.sampled_from(["id", "en", "und"]), limit=st.integers(5, 60))
def test_sentence_offsets_always_point_into_the_text(text, language, limit):
    paragraphs, sentences = segment_document("d", text, language, max_chars=limit)
    assert [(row[3], row[4]) for row in paragraphs] == split_paragraphs(text)
    spans = {row[1]: (row[3], row[4]) for row in paragraphs}
    previous_end = 0
    for _, paragraph_id, _, sentence, start, end in sentences:
        assert text[start:end] == sentence
        assert sentence and sentence == sentence.strip()
        assert len(sentence) <= limit
        assert spans[paragraph_id][0] <= start < end <= spans[paragraph_id][1]
        assert start >= previous_end
        previous_end = end
    for _, _, paragraph, start, end in paragraphs:
        assert text[start:end] == paragraph
