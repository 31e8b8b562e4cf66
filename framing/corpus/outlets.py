"""Outlet names written in several ways: one outlet, one spelling.

Metadata compiled by hand or from several scrapes writes one outlet as ``Pos Kupang``,
``POS KUPANG`` and ``Pos  Kupang``; counted apart they would be three outlets. Names that
differ only in case, spacing or Unicode form (their :func:`outlet_key` is equal: NFKC,
case-folded, runs of whitespace collapsed, stripped) are one outlet, spelled as its most
frequent variant (ties: the first seen). Names that differ in anything else (``Pos-Kupang``,
``PosKupang``) stay apart: whether they are one outlet is for the researcher to say.

:class:`OutletNames` does this over a corpus read in chunks: :meth:`~OutletNames.observe`
every chunk in a first pass, then :meth:`~OutletNames.canonical` every chunk in a second;
memory follows the number of distinct spellings, not the corpus.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import pandas as pd


def outlet_key(name: str) -> str:
    """The form under which spellings of one outlet are equal.

    Examples
    --------
    >>> outlet_key("  POS\u00a0 Kupang ") == outlet_key("pos kupang")
    True
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _tidy(name: str) -> bool:
    """Whether a spelling has no stray white space (preferred among equally frequent ones)."""
    return name == " ".join(name.split())


class OutletNames:
    """The spellings of outlet names seen so far, and the one each outlet goes by.

    Examples
    --------
    >>> names = OutletNames()
    >>> names.observe(pd.Series(["Pos Kupang", "POS KUPANG", "Pos Kupang", "VIVA"]))
    >>> names.canonical(pd.Series(["POS KUPANG", "VIVA", "Tempo"])).tolist()
    ['Pos Kupang', 'VIVA', 'Tempo']
    >>> names.merges()
    [('Pos Kupang', ['POS KUPANG'])]
    """

    def __init__(self) -> None:
        self._counts: dict[str, dict[str, int]] = {}  # key -> spelling -> count (seen order)

    def observe(self, names: Iterable[object]) -> None:
        """Count the spellings in ``names`` (a chunk's outlet column); blanks are passed over."""
        for name in names:
            if not isinstance(name, str) or not name.strip():
                continue
            spellings = self._counts.setdefault(outlet_key(name), {})
            spellings[name] = spellings.get(name, 0) + 1

    def name_of(self, name: str) -> str:
        """The canonical spelling of ``name`` (``name`` itself if it was never observed)."""
        spellings = self._counts.get(outlet_key(name)) if isinstance(name, str) else None
        if not spellings:
            return name
        return max(spellings, key=lambda s: (spellings[s], _tidy(s)))  # ties: tidy, then first

    def canonical(self, names: pd.Series) -> pd.Series:
        """``names`` with every spelling replaced by its outlet's canonical spelling."""
        changes = {
            name: canonical
            for name in names.dropna().unique()
            if (canonical := self.name_of(name)) != name
        }
        return names.replace(changes) if changes else names.copy()

    def mapping(self) -> dict[str, str]:
        """Every observed spelling to its canonical spelling."""
        return {
            spelling: self.name_of(spelling)
            for spellings in self._counts.values()
            for spelling in spellings
        }

    def merges(self) -> list[tuple[str, list[str]]]:
        """``(canonical, [other spellings])`` of every outlet written in more than one way."""
        out = []
        for spellings in self._counts.values():
            if len(spellings) > 1:
                canonical = max(spellings, key=lambda s: (spellings[s], _tidy(s)))
                out.append((canonical, [s for s in spellings if s != canonical]))
        return out


def normalise_outlets(
    names: Iterable[object],
) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """Spellings of outlet names mapped to one spelling per outlet (see the module docstring).

    Parameters
    ----------
    names : iterable of str
        Outlet names, one per document (frequencies decide the spelling).

    Returns
    -------
    canonical : dict of str to str
        Every spelling to its outlet's canonical spelling.
    merges : list of (str, list of str)
        ``(canonical, [other spellings])`` for every outlet written in more than one way.

    Examples
    --------
    >>> canonical, merges = normalise_outlets(["VIVA", "viva", "VIVA", "Tempo"])
    >>> canonical["viva"], merges
    ('VIVA', [('VIVA', ['viva'])])
    """
    outlets = OutletNames()
    outlets.observe(names)
    return outlets.mapping(), outlets.merges()


def merge_notes(merges: Iterable[tuple[str, list[str]]]) -> list[str]:
    """One line per merged outlet, for the run's notes.

    Examples
    --------
    >>> merge_notes([("Pos Kupang", ["POS KUPANG", "pos  kupang"])])  # doctest: +NORMALIZE_WHITESPACE
    ["outlet 'Pos Kupang' is also written 'POS KUPANG', 'pos  kupang' (names that differ only in
      case, spacing or Unicode form are one outlet); write one spelling in the metadata to
      silence this note"]
    """
    return [
        f"outlet {canonical!r} is also written {', '.join(repr(v) for v in variants)} (names "
        "that differ only in case, spacing or Unicode form are one outlet); write one spelling "
        "in the metadata to silence this note"
        for canonical, variants in merges
        if variants
    ]
