"""Pathological documents: each ends as a document or a recorded skip, in time linear in size."""

from __future__ import annotations

import codecs
import json
import time

import pandas as pd
import pytest

from framing.corpus.decoding import decode_input
from framing.corpus.prepare import prepare_records
from framing.corpus.readers import read_corpus
from framing.corpus.segment import segment

S = "Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu untuk kunjungan kenegaraan. "

#: name -> (bytes, expected reason code or None for a document, expected problem or None)
CASES = {
    "empty.txt": (b"", "empty", None),
    "blank.txt": (b" \n\t\n  \r\n", "empty", None),
    "png.txt": (
        bytes.fromhex("89504e470d0a1a0a0000000d4948445200000010") + bytes(range(256)),
        "not text",
        None,
    ),
    "pdf.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "not text", None),
    "random.txt": (bytes((i * 7919 + 13) % 256 for i in range(4096)), "not text", None),
    "cp1252.txt": ((S + "Kata café dan “naïve”. ").encode("cp1252"), None, None),
    "mixed.txt": (
        ("Kremlin: “persahabatan” — café. ".encode() + "naïve résumé. ".encode("cp1252")) * 5,
        None,
        "mixed encodings",
    ),
    "utf16-bom.txt": ((S * 3).encode("utf-16"), None, None),
    "utf16le.txt": ((S * 3 + "Satu.").encode("utf-16-le"), None, None),
    "utf16be.txt": ((S * 3 + "Dua.").encode("utf-16-be"), None, None),
    "no-punctuation.txt": (("kata " * 20_000).encode(), None, None),
    "html.txt": (
        f"<html><head><title>x</title></head><body><nav>Menu</nav><p>{S}</p>"
        f"<p>{S}&amp; lagi</p><script>var a = '<p>';</script></body></html>".encode(),
        None,
        "html stripped",
    ),
    "controls.txt": (
        (S + "\x00\x01 " + S + "\x07\x1b").encode(),
        None,
        "control characters removed",
    ),
    "long-token.txt": ((S + "x" * 300_000 + " " + S).encode(), None, None),
    "scripts.txt": (
        ("Путин прибыл в Пхеньян. 普京抵达平壤。 بوتين يصل إلى بيونغ يانغ. " + S).encode(),
        None,
        None,
    ),
    "only-tags.txt": (b"<div><p></p><br><span></span></div>", "empty", "html stripped"),
}


@pytest.fixture
def pathological_folder(txt_corpus):
    return txt_corpus(
        {name: data for name, (data, _, _) in CASES.items()},
        [{"file": name, "outlet": "A", "language": "id"} for name in CASES],
    )


def test_every_pathological_file_is_a_document_or_a_recorded_skip(pathological_folder):
    raw = read_corpus(pathological_folder)
    by_source = {entry.source: entry for entry in raw.manifest}
    assert set(by_source) == set(CASES)
    for name, (_, reason, problem) in CASES.items():
        entry = by_source[name]
        assert entry.reason_code == reason, name
        if problem is not None:
            assert problem in [p.problem for p in entry.problems], name
    texts = raw.records.set_index("source")["text"]
    assert texts["cp1252.txt"].endswith("Kata café dan “naïve”.")
    assert texts["mixed.txt"].startswith("Kremlin: “persahabatan” — café. naïve résumé.")
    assert texts["utf16le.txt"].endswith("Satu.") and texts["utf16be.txt"].endswith("Dua.")
    assert texts["html.txt"] == f"Menu\n\n{S.strip()}\n\n{S}& lagi"
    assert "\x00" not in texts["controls.txt"] and texts["controls.txt"].count("Presiden") == 2
    documents, _, _ = prepare_records(raw.records)
    paragraphs, sentences = segment(documents)
    text = documents.set_index("doc_id")["text"]
    for doc_id, sentence, start, end in sentences[["doc_id", "text", "start", "end"]].itertuples(
        index=False
    ):
        assert text[doc_id][start:end] == sentence


def test_pathological_jsonl_records(tmp_path, png_bytes):
    lines = [
        json.dumps({"outlet": "A", "text": ""}).encode(),
        json.dumps({"outlet": "A", "text": "  \n "}).encode(),
        png_bytes.replace(b"\n", b" "),
        json.dumps({"outlet": "A", "text": "café " + S}, ensure_ascii=False).encode("cp1252"),
        json.dumps({"outlet": "A", "text": "x\u0000y\ud800 " + S}).encode(),
        json.dumps({"outlet": "A", "text": "<p>" + S + "</p><p>dua</p><br>"}).encode(),
        json.dumps({"outlet": "A", "text": 42}).encode(),
        json.dumps({"outlet": "A", "text": S, "tags": ["a", {"b": 1}]}).encode(),
        b"\xff\xfe" + json.dumps({"outlet": "A", "text": S}).encode("utf-16-le"),
        b'{"outlet": "A", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ]
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    raw = read_corpus(path)
    assert [(e.status, e.reason_code) for e in raw.manifest] == [
        ("skipped", "empty"),
        ("skipped", "empty"),
        ("skipped", "not text"),
        ("document", None),
        ("document", None),
        ("document", None),
        ("skipped", "empty"),  # a number, not text
        ("document", None),
        ("document", None),  # a line in UTF-16 with its byte-order mark
        ("skipped", "invalid JSON"),  # nested too deeply
    ]
    texts = raw.records.set_index("source")["text"]
    assert texts["bad.jsonl#line=4"].startswith("café Presiden")
    assert texts["bad.jsonl#line=5"].startswith("xy\ufffd Presiden")
    assert raw.records.set_index("source").loc["bad.jsonl#line=8", "tags"] == '["a", {"b": 1}]'
    assert [p.problem for p in raw.manifest[5].problems] == ["html stripped"]


def test_a_utf16_jsonl_file_is_read_as_a_stream(tmp_path):
    text = "\n".join(json.dumps({"outlet": "A", "text": f"{S} {i}"}) for i in range(3)) + "\n"
    for codec, data in [
        ("utf-16", text.encode("utf-16")),
        ("utf-16-le", text.encode("utf-16-le")),
    ]:
        path = tmp_path / f"{codec}.jsonl"
        path.write_bytes(data)
        raw = read_corpus(path)
        assert len(raw.records) == 3 and set(raw.records["encoding"]) == {codec}


def test_decoding_utf16_without_a_mark_and_a_few_nul_bytes():
    assert decode_input((S * 2).encode("utf-16-be")).text == S * 2
    decoded = decode_input((S + "\x00" + S).encode())
    assert (decoded.text, decoded.encoding) == (S + "\x00" + S, "utf-8")
    assert decode_input(codecs.BOM_UTF8 + S.encode()).encoding == "utf-8-sig"


@pytest.mark.parametrize("where", ["txt", "jsonl"])
def test_a_50_mb_article_is_read_in_linear_time(tmp_path, where):
    text = "Presiden tiba di Pyongyang dan bertemu Kim pada Rabu (19/6/2024) pagi.\n" * 720_000
    assert len(text) > 50_000_000
    if where == "txt":
        path = tmp_path / "big"
        path.mkdir()
        (path / "a.txt").write_text(text, encoding="utf-8")
        (path / "metadata.csv").write_text("file,outlet\na.txt,A\n", encoding="utf-8")
    else:
        path = tmp_path / "big.jsonl"
        path.write_text(json.dumps({"outlet": "A", "text": text}) + "\n", encoding="utf-8")
    start = time.perf_counter()
    raw = read_corpus(path)
    assert time.perf_counter() - start < 20
    assert len(raw.records.loc[0, "text"]) == len(text)


def test_preparing_and_segmenting_grow_linearly():
    def seconds(n: int) -> float:
        records = pd.DataFrame(
            [
                {
                    "doc_id": "a",
                    "outlet": "A",
                    "source": "a.txt",
                    "language": "id",
                    "date": "2024-06-19",
                    "text": (S + "\n") * n,
                }
            ]
        )
        start = time.perf_counter()
        documents, _, _ = prepare_records(records)
        segment(documents)
        return time.perf_counter() - start

    small, large = seconds(2_000), seconds(20_000)
    assert large < 30 * max(small, 0.01)
