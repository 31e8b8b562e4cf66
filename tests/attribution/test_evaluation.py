"""The quote-attribution scorer, checked by hand and by a recount; the shipped gold sets."""

import json
from pathlib import Path

import pandas as pd
import pytest

from framing.attribution import find_attributions
from framing.attribution.evaluation import evaluate_quotes, names_speaker, read_quote_set
from framing.cli import main
from framing.corpus.ingest import ingest
from framing.errors import InputError

GOLD = Path(__file__).resolve().parents[2] / "data" / "validation"


def write_set(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


RECORDS = [
    {
        "doc_id": "a",
        "language": "en",
        "outlet": "Northern Wire",
        "date": "2024-06-19",
        "text": "Foreign Minister Irina Volkova met reporters in Oslo on Tuesday.\n\n"
        '"We will not pay. Not one cent," Volkova said.\n\n'
        'A senior official said the "talks" would go on next week.',
        "quotes": [
            {"quote": "We will not pay. Not one cent,", "speaker": "Irina Volkova",
             "aliases": ["Volkova"], "speaker_kind": "person", "patterns": ["multi_sentence"]},
            {"quote": "talks", "speaker": None, "speaker_kind": "none", "patterns": ["not_speech"]},
        ],
    },
    {
        "doc_id": "b",
        "language": "en",
        "outlet": "Northern Wire",
        "date": "2024-06-20",
        "text": "The storm reached the coast on Wednesday night.\n\n"
        '"It rained all day and all night."\n\nThe roads were closed until Friday.',
        "quotes": [
            {"quote": "It rained all day and all night.", "speaker": "Tom Hardy",
             "speaker_kind": "person", "patterns": ["same_sentence"]},
        ],
    },
]  # fmt: skip


def test_scores_by_hand(tmp_path):
    result = evaluate_quotes(write_set(tmp_path / "gold.jsonl", RECORDS))
    first = result.scores.set_index(["language", "pattern"]).loc[("(all)", "(all)")]
    # three quote sentences (two of Volkova's quotation, one unattributed), two recalled; the
    # two rows given in them both name Volkova; one of two quotations recalled whole
    assert (first["quote_sentences"], first["rows"]) == (3, 2)
    assert first["recall"] == pytest.approx(2 / 3) and first["precision"] == 1.0
    assert first["quote_recall"] == 0.5
    assert result.quotes["located"].all()


def test_scores_equal_a_recount_from_the_attributions(tmp_path):
    path = write_set(tmp_path / "gold.jsonl", RECORDS)
    result = evaluate_quotes(path)
    corpus = ingest(path, columns={"id": "doc_id"})
    rows = find_attributions(corpus.sentences, corpus.documents)
    gold = read_quote_set(path)
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    hits = units = given = right = 0
    for quote in gold[gold["speaker_kind"] == "person"].itertuples():
        start = texts[quote.doc_id].index(quote.quote)
        end = start + len(quote.quote)
        doc = corpus.sentences[corpus.sentences["doc_id"] == quote.doc_id]
        for sentence in doc[(doc["start"] < end) & (doc["end"] > start)].itertuples():
            mine = rows[rows["sentence_id"] == sentence.sentence_id]
            named = [names_speaker(n, quote.speaker, quote.aliases) for n in mine["source_name"]]
            units, hits = units + 1, hits + any(named)
            given, right = given + len(mine), right + sum(named)
    first = result.scores.set_index(["language", "pattern"]).loc[("(all)", "(all)")]
    assert first["recall"] == hits / units and first["precision"] == right / given


def test_a_file_without_quotes_is_refused(tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text('{"doc_id": "a", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="quote set"):
        read_quote_set(path)


@pytest.mark.parametrize(
    ("name", "recall", "precision"),
    [("quotes-en.jsonl", 0.68, 0.77), ("quotes-id.jsonl", 0.74, 0.72)],
)
def test_the_shipped_gold_sets_keep_their_figures(name, recall, precision):
    """Floors a little under the figures measured when the set was written (README): a change
    that loses speakers fails here."""
    result = evaluate_quotes(GOLD / name)
    persons = result.scores.set_index(["language", "pattern"]).loc[("(all)", "kind:person")]
    assert persons["recall"] >= recall and persons["precision"] >= precision
    assert persons["quotes"] >= 170 and result.quotes["located"].all()


def test_validate_command_writes_the_scores(tmp_path, capsys):
    path = write_set(tmp_path / "gold.jsonl", RECORDS)
    assert main(["validate", "--attributions", str(path), "--out", str(tmp_path / "v")]) == 0
    assert "recall 0.67" in capsys.readouterr().out
    scores = pd.read_csv(tmp_path / "v" / "quote_scores.csv")
    assert {"(all)", "kind:person"} <= set(scores["pattern"])
