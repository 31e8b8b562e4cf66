"""Reproducibility: the configuration, input hashes, seed and package versions of the run."""

from __future__ import annotations

import json

import pandas as pd

from framing.backends import describe
from framing.report.rundata import RunData
from framing.report.sections.views import table_view


def build(run: RunData) -> dict | None:
    info = run.info
    if not info:
        return None
    inputs = pd.DataFrame(sorted(info.get("inputs", {}).items()), columns=["file", "sha256"])
    packages = pd.DataFrame(
        sorted(info.get("packages", {}).items()), columns=["package", "version"]
    )
    # the run folder is where this page is: leave it out, so a copy of a run reads the same
    config = {k: v for k, v in info.get("config", {}).items() if k != "out"}
    return {
        "config": json.dumps(config, indent=2, ensure_ascii=False, sort_keys=True),
        "seed": info.get("seed"),
        "inputs": table_view(inputs),
        "packages": table_view(packages),
        "stages": info.get("stages", []),
        "backend": describe(info.get("backend"), info.get("stage_backends")),
    }
