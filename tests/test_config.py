"""Study configs: validation with one-line errors, flags over the file, the template end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing.cli import main
from framing.config import FLAG_KEYS, StudyConfig, load_study
from framing.errors import ConfigError
from framing.tables import read_table

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "analysis" / "template" / "study.yaml"


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "study.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "corpus: {path: x}\nstatistics: {refrence: VIVA}\n",
            "unknown key 'statistics.refrence'; known keys here: alpha",
        ),
        ("corpus: {path: x}\nseeed: 1\n", "unknown key 'seeed'; known keys here: corpus"),
        ("corpus: {path: x}\nstatistics: {alpha: high}\n", "key 'statistics.alpha'"),
        ("corpus: {path: x}\ntopics: {unit: word}\n", "key 'topics.unit'"),
        ("corpus: {path: x}\nstatistics: {alpha: 1.5}\n", "key 'statistics.alpha'"),
        ("out: x\n", "key 'corpus' is missing"),
        ("corpus: [\n", "not valid YAML"),
        ("- a list\n", "a study config is a mapping"),
    ],
)
def test_bad_config_is_one_line_error(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message) as err:
        load_study(write(tmp_path, text))
    assert "\n" not in str(err.value) and "study.yaml" in str(err.value)


def test_paths_are_relative_to_the_config(tmp_path):
    study = load_study(
        write(tmp_path, "corpus: {path: data/c.jsonl}\nout: ../out\nframes: {lexicons: [l.yaml]}\n")
    )
    assert study.corpus.path == tmp_path / "data" / "c.jsonl"
    assert study.out == tmp_path.parent / "out"
    assert study.frames.lexicons == [tmp_path / "l.yaml"]


def test_every_run_flag_has_a_config_key():
    from framing.cli import build_parser

    run = build_parser()._subparsers._group_actions[0].choices["run"]
    flags = {a.dest for a in run._actions if a.option_strings and a.dest not in ("help", "quiet")}
    assert flags <= set(FLAG_KEYS), sorted(flags - set(FLAG_KEYS))
    fields = StudyConfig.model_json_schema()
    for key in FLAG_KEYS.values():
        section, _, name = key.rpartition(".")
        props = (
            fields["$defs"][f"{section.title()}Config"]["properties"]
            if section
            else fields["properties"]
        )
        assert name in props, key


def test_template_runs_end_to_end_and_flags_override_it(tmp_path):
    out = tmp_path / "run"
    code = main(["run", str(TEMPLATE), "--out", str(out), "--seed", "3", "--no-topics", "--quiet"])
    assert code == 0
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["config"]["random_state"] == 3 and info["config"]["topics"] is False
    assert info["study"]["seed"] == 3 and info["study"]["topics"]["enabled"] is False
    assert info["study"]["statistics"]["correction"] == "holm"
    documents = read_table(out, "documents")
    assert sorted(documents["outlet"]) == ["Daily Three", "Harian Dua", "Harian Satu"]
    assert (out / "index.html").exists() and (out / "exports" / "frame_shares.tex").exists()


def test_config_lexicon_overrides_a_builtin_frame_and_use_selects_frames(tmp_path):
    corpus = ROOT / "analysis" / "template" / "corpus" / "articles.jsonl"
    (tmp_path / "mine.yaml").write_text(
        "frames:\n  - id: friendship\n    label: Narrow friendship\n    description: only 'persahabatan'.\n"
        "    terms:\n      id: [persahabatan]\n",
        encoding="utf-8",
    )
    study = write(
        tmp_path,
        f"corpus: {{path: {corpus}}}\nout: run\nframes:\n  lexicons: [mine.yaml]\n"
        "  use: [friendship, sanctions_violation]\ntopics: {enabled: false}\n"
        "statistics: {permutations: 199, bootstrap: 199}\n",
    )
    assert main(["run", str(study), "--quiet"]) == 0
    hits = read_table(tmp_path / "run", "frame_hits")
    assert set(hits["frame"]) <= {"friendship", "sanctions_violation"}
    friendship = hits[hits["frame"] == "friendship"]
    assert set(friendship["matched_text"].str.lower()) == {"persahabatan"}  # not "disambut hangat"


def test_unknown_frame_in_use_is_one_line_error(tmp_path, capsys):
    corpus = ROOT / "analysis" / "template" / "corpus" / "articles.jsonl"
    study = write(tmp_path, f"corpus: {{path: {corpus}}}\nout: run\nframes: {{use: [frienship]}}\n")
    assert main(["run", str(study), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "'frienship' not in the lexicon" in err and "friendship" in err


def test_config_without_out_needs_out(tmp_path, capsys):
    study = write(tmp_path, "corpus: {path: x}\n")
    assert main(["run", str(study)]) == 2
    assert "add 'out: DIR' or pass --out DIR" in capsys.readouterr().err
