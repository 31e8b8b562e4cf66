"""Negation and hedge cues in a small window before a frame hit, after NegEx.

A hit is *negated* when a negation cue ("tidak", "bukan", "not", "denied", ...) occurs among the
``window`` words before it in the same clause, and *hedged* when a hedge cue ("diduga",
"reportedly", ...) does. As in NegEx (Chapman et al., 2001), pseudo-negations that do not negate
("tidak hanya", "not only") are skipped and the window stops at a clause boundary (a comma,
semicolon, colon or bracket) and at a contrastive conjunction ("namun", "but"), so the cue in
"tidak hanya meningkatkan status, tapi juga kerja sama" does not reach "kerja sama". Negated and
hedged hits are recorded on the hit, never dropped.

References
----------
Chapman, W. W., Bridewell, W., Hanbury, P., Cooper, G. F., & Buchanan, B. G. (2001). A simple
algorithm for identifying negated findings and diseases in discharge summaries. *Journal of
Biomedical Informatics*, 34(5), 301-310.
"""

from __future__ import annotations

import re

#: Words that negate what follows.
NEGATION_CUES: dict[str, frozenset[str]] = {
    "id": frozenset(
        {"tidak", "tak", "bukan", "belum", "tanpa", "tiada", "jangan", "membantah", "menyangkal"}
    ),
    "en": frozenset({"not", "no", "never", "without", "denied", "deny", "denies", "denying"}),
}

#: Two-word sequences that begin with a cue but do not negate ("not only ... but also").
PSEUDO_NEGATIONS: dict[str, frozenset[tuple[str, str]]] = {
    "id": frozenset(
        {
            ("tidak", "hanya"),
            ("tak", "hanya"),
            ("bukan", "hanya"),
            ("bukan", "saja"),
            ("tidak", "saja"),
            ("tak", "lain"),
            ("tidak", "lain"),
            ("tanpa", "henti"),
        }
    ),
    "en": frozenset({("not", "only"), ("not", "just"), ("no", "doubt"), ("not", "merely")}),
}

#: Words that mark a statement as uncertain or attributed.
HEDGE_CUES: dict[str, frozenset[str]] = {
    "id": frozenset(
        {
            "diduga",
            "dugaan",
            "kemungkinan",
            "mungkin",
            "disebut-sebut",
            "kabarnya",
            "konon",
            "dilaporkan",
            "tampaknya",
            "diperkirakan",
            "disinyalir",
            "dikabarkan",
        }
    ),
    "en": frozenset(
        {"reportedly", "allegedly", "may", "might", "possibly", "apparently", "likely", "could"}
    ),
}

#: Words that end the scope of a preceding cue.
TERMINATORS: dict[str, frozenset[str]] = {
    "id": frozenset({"namun", "tetapi", "tapi", "sedangkan", "melainkan", "meskipun", "walaupun"}),
    "en": frozenset({"but", "however", "although", "though", "whereas", "yet"}),
}

CLAUSE_BREAK_RE = re.compile(r"[,;:()\[\]\"“”]")
WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _union(table: dict) -> frozenset:
    return frozenset().union(*table.values())


ALL_LANGUAGES = "*"
for _table in (NEGATION_CUES, PSEUDO_NEGATIONS, HEDGE_CUES, TERMINATORS):
    _table[ALL_LANGUAGES] = _union(_table)

#: One search per hit finds whether any cue is near at all (most hits have none).
ANY_CUE_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted(map(re.escape, NEGATION_CUES[ALL_LANGUAGES] | HEDGE_CUES[ALL_LANGUAGES])))
    + r")(?!\w)|n['’]t(?!\w)"
)


def find_cues(
    before: str, after: str, language: str, window: int = 5
) -> tuple[str | None, str | None]:
    """The negation and hedge cues that scope over a hit.

    Parameters
    ----------
    before : str
        Lowercased text of the sentence before the hit.
    after : str
        Lowercased text from the hit on (to recognise "not only" when "only" starts the hit).
    language : str
        Language of the matched term; unknown languages use every language's cues.
    window : int, default 5
        Number of words before the hit to search, as in NegEx.

    Returns
    -------
    negation_cue, hedge_cue : str or None
        The nearest cue of each kind in scope, or None.

    Examples
    --------
    >>> find_cues("moskow tidak pernah memasok", "rudal ke kyiv", "id")
    ('tidak', None)
    >>> find_cues("ktt ini tidak hanya meningkatkan", "kerja sama", "id")
    (None, None)
    """
    if language not in NEGATION_CUES:
        language = ALL_LANGUAGES
    if not ANY_CUE_RE.search(before, max(0, len(before) - 25 * max(window, 0))):
        return None, None
    clause = CLAUSE_BREAK_RE.split(before[-200:])[-1]
    words = WORD_RE.findall(clause)[-window:] if window > 0 else []
    terminators = TERMINATORS[language]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in terminators:
            words = words[i + 1 :]
            break
    following = WORD_RE.findall(after[:40])[:1]
    negation = hedge = None
    sequence = words + following
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        contracted = language != "id" and word.endswith(("n't", "n’t"))  # didn't, won't
        pair = (word, sequence[i + 1] if i + 1 < len(sequence) else "")
        is_cue = word in NEGATION_CUES[language] or contracted
        if negation is None and is_cue and pair not in PSEUDO_NEGATIONS[language]:
            negation = word
        if hedge is None and word in HEDGE_CUES[language]:
            hedge = word
    return negation, hedge
