"""Stop-word lists shipped as package data (sources and licences in ``SOURCES.md``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources

from framing.errors import ConfigError

#: Languages with a list of the project's own (ISO 639-1 code -> file name).
STOP_WORD_FILES: dict[str, str] = {"id": "id.txt", "en": "en.txt"}
#: The lists of other languages: stopwords-iso (``SOURCES.md``), one JSON object by code.
ISO_FILE = "iso.json"


@cache
def _iso_lists() -> dict[str, frozenset[str]]:
    text = resources.files(__package__).joinpath(ISO_FILE).read_text("utf-8")
    return {code: frozenset(words) for code, words in json.loads(text).items()}


@cache
def _read_list(language: str) -> frozenset[str]:
    if language not in STOP_WORD_FILES:
        return _iso_lists().get(language, frozenset())
    text = resources.files(__package__).joinpath(STOP_WORD_FILES[language]).read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def has_stop_words(language: str) -> bool:
    """Whether a stop-word list is shipped for ``language`` (an ISO 639-1 code).

    Examples
    --------
    >>> has_stop_words("id"), has_stop_words("it"), has_stop_words("und")
    (True, True, False)
    """
    code = str(language).strip().lower()
    return code in STOP_WORD_FILES or code in _iso_lists()


def stop_words(languages: Iterable[str] = ("id", "en")) -> list[str]:
    """Return the sorted union of the shipped stop-word lists for ``languages``.

    Indonesian and English have lists of the project's own; 56 other languages have the
    stopwords-iso lists (see ``SOURCES.md``; :func:`has_stop_words`). Languages without a
    list are ignored, so a corpus with an unknown language still gets the lists that exist.

    Parameters
    ----------
    languages : iterable of str
        ISO 639-1 codes, e.g. the distinct values of ``documents.language``.

    Returns
    -------
    list of str
        Lower-case stop words, sorted (a stable vectoriser vocabulary across runs).

    References
    ----------
    Tala, F. Z. (2003). A Study of Stemming Effects on Information Retrieval in Bahasa
    Indonesia. M.Sc. thesis, Universiteit van Amsterdam.

    Examples
    --------
    >>> "yang" in stop_words(["id"]) and "the" not in stop_words(["id"])
    True
    >>> {"il", "della"} <= set(stop_words(["it"]))
    True
    """
    if isinstance(languages, str):
        raise ConfigError(
            f"stop_words: languages must be a list of codes, not the string {languages!r}"
        )
    words: set[str] = set()
    for language in languages:
        if isinstance(language, str) and has_stop_words(language):
            words |= _read_list(language.strip().lower())
    return sorted(words)
