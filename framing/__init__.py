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

#: The public verbs and result types, by the module that defines them.
_EXPORTS = {
    "compare_outlets": "framing.api",
    "find_sources": "framing.api",
    "fit_topics": "framing.api",
    "load_corpus": "framing.api",
    "measure_frames": "framing.api",
    "run_study": "framing.api",
    "FrameResult": "framing.api",
    "SourceResult": "framing.api",
    "StudyResult": "framing.api",
    "Corpus": "framing.corpus.corpus",
    "TopicResult": "framing.topics.result",
    "Comparison": "framing.stats.compare",
    "ValidationResult": "framing.frames.validation",
    "StudyConfig": "framing.config",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'framing' has no attribute {name!r}")
