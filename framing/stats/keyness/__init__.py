"""Keyness: which words set an outlet (or a group) apart, one language at a time.

:func:`keyness` builds the table (:mod:`~framing.stats.keyness.table`);
:mod:`~framing.stats.keyness.counts` counts words per article and compares two sides;
:mod:`~framing.stats.keyness.statistics` holds the word statistics (Monroe et al.'s weighted
log-odds, Dunning's G², Welch's t from sums).
"""

from framing.stats.keyness.counts import COLUMNS, METHOD, METHOD_UNTESTED
from framing.stats.keyness.statistics import log_odds_dirichlet, two_by_two_keyness, welch_from_sums
from framing.stats.keyness.table import keyness

__all__ = [
    "COLUMNS",
    "METHOD",
    "METHOD_UNTESTED",
    "keyness",
    "log_odds_dirichlet",
    "two_by_two_keyness",
    "welch_from_sums",
]
