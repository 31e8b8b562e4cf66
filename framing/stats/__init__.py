"""Statistics of the comparison stage: how differently do outlets use each frame?

:func:`compare_outlets` is the entry point; it returns a :class:`Comparison` with the
``tests``, ``models``, ``contrasts`` and ``keyness`` tables, plain-language ``caveats`` and
LaTeX export. The building blocks live in small modules: :mod:`~framing.stats.design`
(unit-level tables), :mod:`~framing.stats.contingency`, :mod:`~framing.stats.frame_tests`,
:mod:`~framing.stats.regression`, :mod:`~framing.stats.firth`,
:mod:`~framing.stats.contrasts`, :mod:`~framing.stats.keyness`,
:mod:`~framing.stats.bootstrap`, :mod:`~framing.stats.multiplicity` and
:mod:`~framing.stats.latex`.
"""

from framing.stats.compare import Comparison, compare_outlets

__all__ = ["Comparison", "compare_outlets"]
