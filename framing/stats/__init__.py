"""Statistics of the comparison stage: do outlets (and groups of outlets) use a frame differently?

:func:`compare_outlets` is the entry point; it reads the ``article_frames`` table (one row per
article and frame) and returns a :class:`Comparison`. Articles are the independent units of
every test and model. The building blocks live in small modules: :mod:`~framing.stats.units`
(which outlets and groups can be tested), :mod:`~framing.stats.permutation` (permutation tests
over articles), :mod:`~framing.stats.frame_tests`, :mod:`~framing.stats.regression`,
:mod:`~framing.stats.group_models`, :mod:`~framing.stats.firth_factor` and
:mod:`~framing.stats.firth` (models of article counts), :mod:`~framing.stats.contrasts`,
:mod:`~framing.stats.keyness`, :mod:`~framing.stats.power`,
:mod:`~framing.stats.misclassification`, :mod:`~framing.stats.bootstrap`,
:mod:`~framing.stats.dispersion`, :mod:`~framing.stats.multiplicity`,
:mod:`~framing.stats.coefficients`, :mod:`~framing.stats.caveats` and
:mod:`~framing.stats.methods` (the methods text, from the tables' own columns).
"""

from __future__ import annotations

__all__ = ["Comparison", "compare_outlets"]


def __getattr__(name: str):
    # imported on first use, so that ``framing.stats.power`` & co. load without the whole stage
    if name in __all__:
        from framing.stats import compare

        return getattr(compare, name)
    raise AttributeError(f"module 'framing.stats' has no attribute {name!r}")
