"""Run the study in study.yaml through the Python API, then work with its tables.

    python analysis/template/run_study.py [study.yaml]

Copy this file with the folder; add your own analysis after ``run_study``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import framing

HERE = Path(__file__).resolve().parent


def main(config: Path) -> None:
    result = framing.run_study(config)
    print(result.summary())
    shares = result.table("frame_shares")
    print(shares.pivot_table(index="outlet", columns="frame", values="share").round(3))
    print(f"report: {result.out / 'index.html'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "study.yaml")
