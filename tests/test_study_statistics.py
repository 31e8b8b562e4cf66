"""A study with outlet groups and a validated lexicon, end to end: run, validate, stats, report.

The corpus has four outlets of three articles each (resampled sentences of the sample corpus),
in two groups declared by a ``group`` metadata column, and one single-article outlet.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from framing.cli import main
from framing.contract import read_table
from framing.pipeline import run_pipeline, study_from_options

FAST = {"topics": {"enabled": False}, "statistics": {"permutations": 199, "bootstrap": 99}}
FAST["figure_formats"] = ["svg"]  # the page's charts only


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, sample_corpus_path):
    pool = []
    for path in sorted(sample_corpus_path.glob("*.txt")):
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        pool += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if 40 <= len(s) <= 300]
    rng = np.random.default_rng(0)
    groups = {"Alpha": "state", "Beta": "state", "Gamma": "west", "Delta": "west", "Solo": None}
    records = []
    for outlet, group in groups.items():
        for i in range(1 if outlet == "Solo" else 3):
            start = int(rng.integers(len(pool)))
            picked = [pool[(start + j) % len(pool)] for j in range(12)]
            record = {
                "id": f"{outlet[:2].lower()}{i}",
                "outlet": outlet,
                "date": f"2024-06-{18 + i}",
                "language": "id",
                "text": "\n\n".join(" ".join(picked[k : k + 3]) for k in range(0, 12, 3)),
            }
            if group:
                record["group"] = group
            records.append(record)
    path = tmp_path_factory.mktemp("study") / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


@pytest.fixture(scope="module")
def run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("grouped") / "run"
    run_pipeline(study_from_options(corpus, **FAST), out)
    return out


def test_groups_are_compared_with_outlets_nested(run):
    documents = read_table(run, "documents")
    assert documents.set_index("outlet")["group"].dropna().to_dict() == {
        "Alpha": "state", "Beta": "state", "Delta": "west", "Gamma": "west",
    }  # fmt: skip
    tests = read_table(run, "tests")
    groups = tests[tests["level"] == "groups"]
    assert len(groups) and set(groups["unit"]) == {"outlet (articles nested)"}
    assert (groups["n_outlets"] == 4).all()  # Solo has no group and one article
    models = read_table(run, "models")
    assert {"share", "mixed share"} <= set(models.loc[models["level"] == "groups", "model"])
    outlets = read_table(run, "outlets").set_index("outlet")
    assert outlets.loc["Solo", "status"] == "not testable (1 article)"
    assert not read_table(run, "contrasts")[["outlet_a", "outlet_b"]].isin(["Solo"]).any().any()
    shares = read_table(run, "frame_shares_by_group")
    assert set(shares["group"]) == {"state", "west"}
    html = (run / "index.html").read_text(encoding="utf-8")
    assert "Per outlet group" in html and "Which outlets were tested" in html


def test_validation_gives_corrected_shares_through_framing_stats(run, tmp_path):
    sentences = read_table(run, "sentences")
    hits = read_table(run, "frame_hits")
    framed = set(hits.loc[hits["frame"] == "friendship", "sentence_id"])
    coded = sentences[["sentence_id"]].head(60).assign(frame="friendship")
    # the coder agrees with the lexicon except on every seventh sentence
    coded["code"] = [int((s in framed) != (i % 7 == 0)) for i, s in enumerate(coded["sentence_id"])]
    codes = tmp_path / "codes.csv"
    coded.to_csv(codes, index=False)
    assert main(["validate", str(codes), "--run", str(run)]) == 0
    scores = read_table(run, "validation_scores").set_index("frame")
    assert scores.loc["friendship", "tp"] + scores.loc["friendship", "fn"] > 0
    assert main(["stats", str(run), "--permutations", "199", "--bootstrap", "99"]) == 0
    corrected = read_table(run, "corrected_shares")
    assert set(corrected["frame"]) == {"friendship"}
    assert {"outlets", "groups"} <= set(corrected["level"])
    assert corrected["corrected_share"].between(0, 1).all()
    methods = (run / "exports" / "methods.md").read_text(encoding="utf-8")
    assert "Rogan" in methods and "Articles are the independent units" in methods


def test_study_config_validation_and_group_mapping(corpus, tmp_path, run):
    codes = tmp_path / "codes.csv"
    sentences = read_table(run, "sentences").head(40)
    pd.DataFrame(
        {"sentence_id": sentences["sentence_id"], "frame": "friendship", "code": 0}
    ).to_csv(codes, index=False)
    study = tmp_path / "study.yaml"
    study.write_text(
        f"corpus: {{path: {corpus}}}\nout: {tmp_path / 'out'}\n"
        f"frames: {{validation: {codes}}}\n"
        "groups: {members: {east: [Alpha, Gamma], other: [Beta, Delta]}}\n"
        "topics: {enabled: false}\n"
        "statistics: {permutations: 199, bootstrap: 99}\n",
        encoding="utf-8",
    )
    assert main(["run", str(study), "--quiet", "--figure-format", "svg"]) == 0
    out = tmp_path / "out"
    groups = read_table(out, "documents").drop_duplicates("outlet").set_index("outlet")["group"]
    assert groups["Alpha"] == "east" and groups["Beta"] == "other"  # the mapping wins
    assert len(read_table(out, "validation_scores"))
    assert (out / "tables" / "corrected_shares.parquet").exists()
    config = json.loads((out / "run.json").read_text(encoding="utf-8"))["config"]
    assert config["groups"]["members"] == {"east": ["Alpha", "Gamma"], "other": ["Beta", "Delta"]}
