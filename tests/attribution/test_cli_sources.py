import pandas as pd

from framing.cli import main
from framing.contract import read_table

SVG = ["--figure-format", "svg"]  # the page's charts only: PNG and PDF are not what these test


def test_sources_command_writes_its_tables(tmp_path, sample_corpus_path, capsys):
    out = tmp_path / "run"
    assert main(["sources", str(sample_corpus_path), "--out", str(out), *SVG]) == 0
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
    argv = ["sources", str(sample_corpus_path), "--out", str(out), "--sources", str(user)]
    assert main([*argv, *SVG]) == 0
    attributions = pd.read_parquet(out / "tables" / "attributions")
    assert attributions.loc[attributions["source"] == "AFP", "source_type"].tolist() == [
        "other_media"
    ]


def test_bad_source_file_is_one_line_error(tmp_path, sample_corpus_path, capsys):
    user = tmp_path / "sources.yaml"
    user.write_text(
        "sources:\n  - name: X\n    type: nobody\n    patterns: [X]\n", encoding="utf-8"
    )
    argv = ["sources", str(sample_corpus_path), "--out", str(tmp_path), "--sources", str(user)]
    code = main([*argv, *SVG])
    assert code == 2
    (err,) = [ln for ln in capsys.readouterr().err.splitlines() if not ln.startswith("[framing]")]
    assert err.startswith("framing: error:") and "line 3" in err


def test_user_people_file_is_used(tmp_path):
    """sources.people (--people) adds a title: its role word then refers back. The stage and
    attribution_tables build their finder the same way; the study accepts the key."""
    from framing.attribution.measure import attribution_tables
    from framing.config import validate_study
    from framing.contract import empty_table
    from framing.corpus.segment import segment

    text = (
        "Archbishop Tomas Verek arrived in the capital on Monday for the talks.\n\n"
        '"We pray for peace and for an end to the blockade," the archbishop said.'
    )
    documents = pd.DataFrame(
        {"doc_id": ["d1"], "outlet": ["Kestria Post"], "language": ["en"], "text": [text]}
    )
    _, sentences = segment(documents)
    hits = empty_table("frame_hits")
    people = tmp_path / "people.yaml"
    people.write_text("titles:\n  en: [archbishop]\n", encoding="utf-8")

    def speaker(files):
        rows = attribution_tables(documents, sentences, hits, people=files)["attributions"]
        said = rows[rows["cue"].astype(str) == "said"]
        pairs = zip(said["source_name"].astype(str), said["source_via"].astype(str), strict=True)
        return sorted(set(pairs))

    assert ("Tomas Verek", "role") not in speaker([])
    assert speaker([people]) == [("Tomas Verek", "role")]
    study = validate_study({"sources": {"people": [str(people)]}}, "study.yaml")
    assert study.sources.people == [people]
