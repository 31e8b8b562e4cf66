"""framing: compare how news outlets frame the same events.

The package is organised by stage, one direction only::

    corpus -> frames / attribution / topics -> stats -> viz -> report

The Python API (:mod:`framing.api`) is a few verbs, imported on first use so that
``framing --help`` stays fast::

    import framing
    corpus = framing.load_corpus("data/corpora/putin-kim")
    frames = framing.measure_frames(corpus)
    study = framing.run_study("analysis/putin_kim/study.yaml")

See the README for the quick start and ``framing --help`` for the command line.
"""

from __future__ import annotations

from framing.version import __version__

#: The public verbs and result types, defined in :mod:`framing.api`.
__all__ = [
    "__version__",
    "FrameResult",
    "SourceResult",
    "StudyResult",
    "compare_outlets",
    "find_sources",
    "fit_topics",
    "load_corpus",
    "measure_frames",
    "run_study",
]


def __getattr__(name: str):
    if name in __all__:
        from framing import api

        return getattr(api, name)
    raise AttributeError(f"module 'framing' has no attribute {name!r}")
