"""Stop-word lists shipped as package data (sources and licences in ``SOURCES.md``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

from framing.errors import ConfigError

#: Languages with a shipped list (ISO 639-1 code -> file name).
STOP_WORD_FILES: dict[str, str] = {"id": "id.txt", "en": "en.txt"}


@cache
def _read_list(language: str) -> frozenset[str]:
    text = resources.files(__package__).joinpath(STOP_WORD_FILES[language]).read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def stop_words(languages: Iterable[str] = ("id", "en")) -> list[str]:
    """Return the sorted union of the shipped stop-word lists for ``languages``.

    Languages without a shipped list (anything but "id" and "en") are ignored, so a corpus
    with an unknown language still gets the lists that exist.

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
    """
    if isinstance(languages, str):
        raise ConfigError(
            f"stop_words: languages must be a list of codes, not the string {languages!r}"
        )
    words: set[str] = set()
    for language in languages:
        if isinstance(language, str) and language.lower() in STOP_WORD_FILES:
            words |= _read_list(language.lower())
    return sorted(words)
