"""Word tokens shared by every stage that counts words (``n_tokens``, keyness, topic terms)."""

from __future__ import annotations

import re

#: A word: letters or digits, optionally joined by inner hyphens or apostrophes
#: ("Kim-Jong-un", "AS-Korea", "don't"). Numbers such as "16/6/2024" split into their digits.
TOKEN_PATTERN = r"[^\W_]+(?:[-'’][^\W_]+)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)
#: A word with at least one letter: the terms shown to readers (topic labels, suggested lexicon
#: terms), where "11", "2024" or "19-20" name nothing.
TERM_PATTERN = r"[^\W_]*[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*"


def tokenize(text: str, lowercase: bool = True) -> list[str]:
    """Split ``text`` into word tokens (see :data:`TOKEN_PATTERN`).

    Examples
    --------
    >>> tokenize("Kim Jong-un tiba di Pyongyang, Selasa (18/6/2024).")
    ['kim', 'jong-un', 'tiba', 'di', 'pyongyang', 'selasa', '18', '6', '2024']
    """
    if lowercase:
        text = text.lower()
    return TOKEN_RE.findall(text)


def count_tokens(text: str) -> int:
    """Number of word tokens in ``text``."""
    return len(TOKEN_RE.findall(text))
