"""The sample study: how five Indonesian outlets framed the Putin–Kim summits (2023, 2024).

Run from the repository root::

    .venv/bin/python analysis/putin_kim/run_study.py [OUT_DIR]

It is the same job as ``make report``, written with the Python API so that it can be copied
and changed for a new study.
"""

from __future__ import annotations

import sys
from pathlib import Path

from framing.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpora" / "putin-kim"


def main(out: Path) -> None:
    state = run_pipeline(CORPUS, out, options={"random_state": 0}, progress=print)
    documents = state.tables["documents"]
    print(documents[["doc_id", "outlet", "date", "language", "n_tokens"]].to_string(index=False))
    print(f"report: {out / 'index.html'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "reports" / "putin-kim")
