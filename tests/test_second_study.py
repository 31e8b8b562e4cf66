"""A study other than the sample one runs with no code change, and no code names the sample's.

The second study has its own lexicon (frames ``humanitarian`` and ``security``, the first marked
key), its own source types and sides (``aid`` and ``military``), and leaves the built-in
lexicon out. Its report, charts and exports must speak of its frames and sides only.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from pathlib import Path

import pytest

from framing.cli import main
from framing.contract import read_table

ROOT = Path(__file__).resolve().parents[1]

#: Frame and side ids of the sample study, and the constants that used to hold them.
SAMPLE_IDS = (
    "friendship",
    "sanctions_violation",
    "western_accusation",
    "military_cooperation",
    "isolation",
    "attributed_western",
    "attributed_russia_dprk",
    "russia_dprk",
    "WESTERN_SIDE",
    "RUSSIA_DPRK",
)
#: Words of the sample study that the second study's outputs must not contain.
SAMPLE_WORDS = ("sanctions", "friendship", "Western", "Russia", "North Korea")

ARTICLES = [
    ("f1", "Coast Post", "2024-03-01", "Floods displace thousands in the delta",
     "Floods have displaced thousands of families in the delta.\n\n"
     "Relief workers said food supplies and shelter were running short for the evacuees. "
     "According to the Red Cross, clean water is the most urgent need of the evacuees."),
    ("f2", "Coast Post", "2024-03-02", "Border patrols reinforced",
     "Troops were sent to the border after a clash near the river crossing.\n\n"
     "The army said the soldiers would secure the border posts. "
     "Security along the border remains tense."),
    ("f3", "Valley Times", "2024-03-01", "Aid reaches flooded villages",
     "Aid convoys reached the flooded villages on Friday.\n\n"
     "The Red Cross said relief for the evacuees would continue for weeks. "
     "Volunteers handed out food supplies and blankets."),
    ("f4", "Valley Times", "2024-03-03", "Army blames rebels for border clash",
     "The army accused armed groups of starting the border clash.\n\n"
     "Troops and soldiers remain on alert, an army spokesman said. "
     "Relief workers said the fighting slowed aid deliveries to the evacuees."),
    ("f5", "Hill Herald", "2024-03-02", "Shelters fill up as floods spread",
     "Shelters in the hill towns are full as the floods spread.\n\n"
     "Oxfam said families need food supplies and clean water. "
     "Aid groups reportedly asked for more relief funds."),
    ("f6", "Hill Herald", "2024-03-04", "Border calm after troops withdraw",
     "The border was calm after troops withdrew from the crossing.\n\n"
     "The army said security had been restored. "
     "Soldiers will patrol the border for another month."),
]  # fmt: skip

LEXICON = """\
name: relief_and_security
description: Frames of flood relief and of a border dispute.
frames:
  - id: humanitarian
    label: Humanitarian need
    description: People in need of aid, relief and shelter.
    key: true
    terms:
      en: [aid, relief, evacuees, shelter, shelters, food supplies, clean water]
  - id: security
    label: Security
    description: Troops, soldiers and the border as a matter of security.
    terms:
      en: [troops, soldiers, border, clash, security]
"""

SOURCES = """\
types:
  aid_agency: relief organisations and their workers
  military: the armed forces and their spokespeople
sides:
  aid:
    label: the aid agencies
    types: [aid_agency]
  military:
    label: the armed forces
    types: [military]
sources:
  - name: Red Cross
    type: aid_agency
    patterns: [Red Cross, Oxfam, relief workers, aid groups]
  - name: army
    type: military
    patterns: [the army, army spokesman, army]
"""


@pytest.fixture(scope="module")
def second_run(tmp_path_factory) -> Path:
    """``framing run study.yaml`` on the second study; the run folder."""
    folder = tmp_path_factory.mktemp("second")
    records = [
        {"id": i, "outlet": o, "date": d, "language": "en", "title": t, "text": x}
        for i, o, d, t, x in ARTICLES
    ]
    (folder / "articles.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    (folder / "frames.yaml").write_text(LEXICON, encoding="utf-8")
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "study.yaml").write_text(
        "title: Flood relief and a border dispute\n"
        "corpus: {path: articles.jsonl}\n"
        "out: run\n"
        "frames: {lexicons: [frames.yaml]}\n"
        "sources: {files: [sources.yaml]}\n"
        "statistics: {permutations: 199, bootstrap: 99}\n",
        encoding="utf-8",
    )
    assert main(["run", str(folder / "study.yaml"), "--quiet", "--figure-format", "svg"]) == 0
    return folder / "run"


def test_a_second_study_runs_end_to_end_with_its_own_frames_and_sides(second_run):
    frames = {"humanitarian", "security"}
    for name in ("frame_hits", "frame_shares", "article_frames", "frame_voice"):
        assert set(read_table(second_run, name)["frame"]) == frames, name

    catalog = read_table(second_run, "frame_catalog").set_index("frame")
    assert list(catalog.index) == ["humanitarian", "security"]
    assert catalog["key"].astype(bool).to_dict() == {"humanitarian": True, "security": False}
    assert catalog.loc["humanitarian", "label"] == "Humanitarian need"
    assert catalog["n_terms"].to_dict() == {"humanitarian": 7, "security": 5}

    sides = read_table(second_run, "sides")
    assert sides.to_dict("list") == {
        "side": ["aid", "military"],
        "label": ["the aid agencies", "the armed forces"],
        "voice": ["attributed_aid", "attributed_military"],
        "source_types": ["aid_agency", "military"],
    }

    shares = read_table(second_run, "voice_shares")
    voices = ["denied", "hedged", "attributed_aid", "attributed_military"]
    voices += ["attributed_other", "own_voice"]
    for _, group in shares.groupby(["outlet", "frame"]):
        assert list(group["voice"]) == voices
    counted = shares.groupby("voice")["n"].sum()
    assert counted["attributed_aid"] > 0 and counted["attributed_military"] > 0
    voice = read_table(second_run, "frame_voice")
    assert set(voice["side"]) <= {"aid", "military", "other", "none"}
    sourcing = read_table(second_run, "sourcing")
    used = set(sourcing.loc[sourcing["n"] > 0, "source_type"])
    assert used == {"aid_agency", "military"}

    html = (second_run / "index.html").read_text(encoding="utf-8")
    for section in ("overview", "frames", "evidence", "sources", "statistics", "methods"):
        assert f'<section id="{section}"' in html, section
    assert "humanitarian" in html and "security" in html
    assert "to the aid agencies (aid_agency), to the armed forces (military)" in html
    assert "attributed_aid" in html
    methods = (second_run / "exports" / "methods.md").read_text(encoding="utf-8")
    assert "attributed to the aid agencies, to the armed forces, to another source" in methods

    exports = second_run / "exports"
    voice_tex = (exports / "voice_shares.tex").read_text(encoding="utf-8")
    assert "humanitarian frame" in voice_tex and "security frame" not in voice_tex
    texts = {"index.html": html, "methods.md": methods}
    texts |= {p.name: p.read_text(encoding="utf-8") for p in exports.glob("*.tex")}
    for name, text in texts.items():
        for word in SAMPLE_WORDS:
            assert word not in text, (name, word)

    figures = second_run / "figures"
    for chart in ("frame_heatmap", "frame_intervals", "sourcing", "voice"):
        assert (figures / f"{chart}.svg").is_file(), chart
        assert f'id="fig-{chart}"' in html, chart
    drawn = (figures / "voice.svg").read_text(encoding="utf-8")
    assert "humanitarian: in whose voice" in drawn and "security: in whose voice" not in drawn
    assert "attributed_aid" in drawn and "attributed_military" in drawn


def test_an_unknown_key_frame_is_a_one_line_error(second_run, capsys):
    study = second_run.parent / "study.yaml"
    out = second_run.parent / "other"
    code = main(["run", str(study), "--out", str(out), "--key-frame", "nope", "--quiet"])
    assert code != 0
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "'nope'" in error and "humanitarian, security" in error


def _code_without_docstrings_and_comments(path: Path) -> str:
    """The source of ``path`` with its docstrings blanked and its comments dropped."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    docstrings = []
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = body[0] if body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstrings.append((first.lineno, first.end_lineno))
    for start, end in docstrings:
        for i in range(start - 1, end):
            lines[i] = "\n"
    tokens = tokenize.generate_tokens(io.StringIO("".join(lines)).readline)
    kept = [t for t in tokens if t.type != tokenize.COMMENT]
    return tokenize.untokenize(kept)


def test_no_code_names_a_frame_or_side_of_the_sample_study():
    pattern = re.compile("|".join(re.escape(i) for i in SAMPLE_IDS))
    found = []
    for path in sorted((ROOT / "framing").rglob("*.py")):
        code = _code_without_docstrings_and_comments(path)
        for number, line in enumerate(code.splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "sample-study ids in code:\n" + "\n".join(found)


def test_the_scan_sees_code_but_not_docstrings_or_comments(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(
        '"""About friendship."""\n'
        "def f():\n"
        '    """The friendship frame."""\n'
        "    return 1  # friendship\n"
        'FRAMES = ("friendship",)\n',
        encoding="utf-8",
    )
    code = _code_without_docstrings_and_comments(path)
    assert code.count("friendship") == 1 and 'FRAMES = ("friendship",)' in code
