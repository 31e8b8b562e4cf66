"""The sample study: how five Indonesian outlets framed the Putin–Kim summits (2023, 2024).

Run from the repository root::

    .venv/bin/python analysis/putin_kim/run_study.py [OUT_DIR]

It is the same job as ``make report`` (the study in ``study.yaml``), run through the Python API
so that it can be copied and extended: after the run, it prints the frame shares and in whose
voice each outlet states a sanctions violation.
"""

from __future__ import annotations

import sys
from pathlib import Path

import framing

HERE = Path(__file__).resolve().parent


def main(out: Path | None) -> None:
    study = framing.run_study(HERE / "study.yaml", out=out)
    print(study.summary())
    shares = study.table("frame_shares")
    print(shares.pivot_table(index="outlet", columns="frame", values="share").round(3))
    voice = study.table("voice_shares").query("frame == 'sanctions_violation' and n > 0")
    print(voice[["outlet", "voice", "n", "total", "share"]].to_string(index=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
