import argparse
import sys
import types

import pytest

from framing.cli import topics as topics_cli
from framing.corpus.corpus import Corpus
from framing.errors import InputError
from framing.tables import empty_table, read_table
from tests.topics.conftest import sample_tables


@pytest.fixture
def fake_ingest(monkeypatch):
    """Stand in for framing.corpus.ingest: the sample corpus' tables, split on lines."""
    documents, paragraphs = sample_tables()
    sentences = empty_table("sentences")
    corpus = Corpus(documents=documents, removed=None, paragraphs=paragraphs, sentences=sentences)
    module = types.ModuleType("framing.corpus.ingest")
    module.ingest = lambda path, **options: corpus
    monkeypatch.setitem(sys.modules, "framing.corpus.ingest", module)


def _parse(argv):
    parser = argparse.ArgumentParser(prog="framing")
    topics_cli.register(parser.add_subparsers())
    return parser.parse_args(argv)


def test_cli_writes_tables_and_model(fake_ingest, tmp_path, capsys):
    seeds = tmp_path / "seeds.yaml"
    seeds.write_text("friendship: [persahabatan, sekutu]\nsanctions_violation: [sanksi, senjata]\n")
    args = _parse(
        [
            "topics",
            "corpus",
            "--out",
            str(tmp_path / "out"),
            "--seed-topics",
            str(seeds),
            "--stability-seeds",
            "1",
        ]
    )
    assert args.func(args) == 0
    assert "topics on" in capsys.readouterr().out
    for name in (
        "topics",
        "topic_assignments",
        "topic_shares",
        "topic_terms_by_outlet",
        "topic_frame_overlap",
    ):
        assert len(read_table(tmp_path / "out", name)) > 0
    assert (tmp_path / "out" / "topics" / "model.pkl").exists()
    assert list((tmp_path / "out" / "cache").glob("*.npy"))


def test_cli_bad_seed_file_and_empty_sentences(fake_ingest, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just a list\n")
    args = _parse(["topics", "corpus", "--out", str(tmp_path), "--seed-topics", str(bad)])
    with pytest.raises(InputError, match="must map each frame"):
        args.func(args)
    args = _parse(["topics", "corpus", "--out", str(tmp_path), "--unit", "sentence"])
    with pytest.raises(InputError, match="0 unit"):
        args.func(args)
