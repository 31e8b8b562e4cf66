"""Study configs: validation with one-line errors, flags over the file, the template end to end."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from framing.cli import main
from framing.config import StudyConfig, load_study
from framing.contract import read_table
from framing.errors import ConfigError

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
            "unknown key 'statistics.refrence'; known keys here: all_pairs_max",
        ),
        ("corpus: {path: x}\nseeed: 1\n", "unknown key 'seeed'; known keys here: backend, corpus"),
        ("corpus: {path: x}\nstatistics: {alpha: high}\n", "key 'statistics.alpha'"),
        ("corpus: {path: x}\ntopics: {unit: word}\n", "key 'topics.unit'"),
        ("corpus: {path: x}\nstatistics: {alpha: 1.5}\n", "key 'statistics.alpha'"),
        ("out: x\n", "key 'corpus.path' is missing"),
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


def _options(model) -> list[tuple[str, str, object]]:
    """(section, name, field) of every option of the study model, sections included."""
    out = []
    for name, info in StudyConfig.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += [(name, sub, field) for sub, field in annotation.model_fields.items()]
        else:
            out.append(("", name, info))
    return out


@pytest.mark.parametrize("command", ["run", "ingest", "frames", "sources", "topics", "stats"])
def test_every_flag_is_an_option_of_the_study_model_and_says_its_default(command):
    from framing.cli import build_parser
    from framing.cli.options import STAGE_SECTIONS

    parser = build_parser()._subparsers._group_actions[0].choices[command]
    fields = {(s or "study", n): f for s, n, f in _options(StudyConfig)}
    seen = set()
    for action in parser._actions:
        if not action.option_strings or action.dest in (
            "help",
            "quiet",
            "latex",
            "resume",
            "reuse",
        ):
            continue
        section, name = action.dest.split("__")
        assert (section, name) in fields, action.dest  # no flag without an option
        field = fields[(section, name)]
        assert field.description and field.description.split(" (")[0] in action.help
        assert "default" in action.help
        assert action.default is argparse.SUPPRESS  # an absent flag leaves the study alone
        seen.add((section, name))
    stages = {"run": list(STAGE_SECTIONS), "stats": ["stats"], "ingest": ["ingest"]}.get(
        command, ["ingest", "align", "frames"] + ([command] if command != "frames" else [])
    )
    for stage in stages:
        for section in STAGE_SECTIONS[stage]:
            for name, field in StudyConfig.model_fields[section].annotation.model_fields.items():
                wanted = (field.json_schema_extra or {}).get("flag", "") is not None
                if wanted and section != "corpus" or (wanted and name != "path"):
                    assert (section, name) in seen, f"{command}: no flag for {section}.{name}"


def test_no_option_default_is_written_twice():
    """The defaults live in the study model: no other module repeats the stats replicates."""
    root = ROOT / "framing"
    for path in root.rglob("*.py"):
        if path.name == "config.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\d#])(9999|999)(?!\d)", text), path


def test_template_runs_end_to_end_and_flags_override_it(tmp_path):
    out = tmp_path / "run"
    argv = ["run", str(TEMPLATE), "--out", str(out), "--seed", "3", "--no-topics", "--quiet"]
    code = main([*argv, "--figure-format", "svg"])
    assert code == 0
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["config"]["seed"] == 3 and info["config"]["topics"]["enabled"] is False
    assert info["config"]["figure_formats"] == ["svg"]
    assert list(out.glob("figures/*.svg")) and not list(out.glob("figures/*.p[nd][gf]"))
    assert info["config"]["statistics"]["correction"] == "holm"
    assert "topics" not in info["stages"]
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
        "  include_builtin: true\n"
        "  use: [friendship, sanctions_violation]\ntopics: {enabled: false}\n"
        "statistics: {permutations: 199, bootstrap: 199}\nfigure_formats: [svg]\n",
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
    assert "pass --out DIR or set 'out' in the study config" in capsys.readouterr().err


def test_the_template_lists_every_option_with_its_default():
    """analysis/template/study.yaml is the documented copy of the model: same keys, defaults."""
    import yaml

    template = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    defaults = StudyConfig().model_dump(mode="json")
    set_on_purpose = {("", "title"), ("", "out"), ("corpus", "path")}
    for section, name, _ in _options(StudyConfig):
        if (section, name) in set_on_purpose:
            continue
        where = template.get(section, {}) if section else template
        assert name in where, f"{section}.{name} missing from the template"
        expected = defaults[section][name] if section else defaults[name]
        assert where[name] == expected, f"{section}.{name}: {where[name]!r} != {expected!r}"
