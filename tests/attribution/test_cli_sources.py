import json

import pandas as pd

from framing.cli import main
from framing.contract import read_table


def test_sources_command_writes_its_tables(tmp_path, sample_corpus_path, capsys):
    out = tmp_path / "run"
    assert main(["sources", str(sample_corpus_path), "--out", str(out)]) == 0
    summary = capsys.readouterr().out
    assert "2 event(s)" in summary and "declared origin(s)" in summary
    for name in ("events", "event_outlets", "reuse", "sourcing"):  # corpus-wide: both formats
        assert (out / "tables" / f"{name}.parquet").exists()
        assert (out / "tables" / f"{name}.csv").exists()
    # per-article tables: a Parquet dataset, one file per chunk, that pandas reads whole
    assert sorted(p.name for p in (out / "tables" / "attributions").iterdir()) == [
        "part-00000.parquet"
    ]
    documents = read_table(out, "documents")
    assert documents["event"].nunique() == 2
    voice = read_table(out, "voice_shares")
    assert set(voice["voice"]) >= {"own_voice", "attributed_western", "denied"}
    attributions = read_table(out, "attributions")
    assert (attributions["source_type"] == "wire_agency").any()


def test_user_source_file_is_used(tmp_path, sample_corpus_path):
    user = tmp_path / "sources.yaml"
    user.write_text(
        "sources:\n  - name: AFP\n    type: other_media\n    patterns: [AFP]\n", encoding="utf-8"
    )
    out = tmp_path / "run"
    assert (
        main(["sources", str(sample_corpus_path), "--out", str(out), "--sources", str(user)]) == 0
    )
    attributions = pd.read_parquet(out / "tables" / "attributions")
    assert attributions.loc[attributions["source"] == "AFP", "source_type"].tolist() == [
        "other_media"
    ]


def test_bad_source_file_is_one_line_error(tmp_path, sample_corpus_path, capsys):
    user = tmp_path / "sources.yaml"
    user.write_text(
        "sources:\n  - name: X\n    type: nobody\n    patterns: [X]\n", encoding="utf-8"
    )
    code = main(
        ["sources", str(sample_corpus_path), "--out", str(tmp_path), "--sources", str(user)]
    )
    assert code == 2
    (err,) = [ln for ln in capsys.readouterr().err.splitlines() if not ln.startswith("[framing]")]
    assert err.startswith("framing: error:") and "line 3" in err


def test_user_people_file_is_used_by_the_run(tmp_path):
    """--people (sources.people in a study) adds a title: its role word then refers back."""
    corpus = tmp_path / "corpus.jsonl"
    text = (
        "Archbishop Tomas Verek arrived in the capital on Monday for the talks.\n\n"
        '"We pray for peace and for an end to the blockade," the archbishop said.'
    )
    rows = [
        {"outlet": "Kestria Post", "date": "2024-06-19", "language": "en", "text": text},
        {"outlet": "Morvania Daily", "date": "2024-06-19", "language": "en", "text": text},
    ]
    corpus.write_text("\n".join(pd.Series(rows).map(json.dumps)) + "\n", encoding="utf-8")
    people = tmp_path / "people.yaml"
    people.write_text("titles:\n  en: [archbishop]\n", encoding="utf-8")

    def speaker(*extra):
        out = tmp_path / f"run{len(extra)}"
        assert main(["sources", str(corpus), "--out", str(out), "--quiet", *extra]) == 0
        rows = read_table(out, "attributions")
        said = rows[rows["cue"].astype(str).str.contains("said")]
        pairs = zip(said["source_name"].astype(str), said["source_via"].astype(str), strict=True)
        return sorted(set(pairs))

    assert ("Tomas Verek", "role") not in speaker()
    assert speaker("--people", str(people)) == [("Tomas Verek", "role")]
