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
from dataclasses import dataclass
from functools import cache

import numpy as np

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

#: Characters that end the scope of a cue (a clause boundary).
CLAUSE_BREAKS = ',;:()[]"“”'
#: Characters that join two parts of one word ("disebut-sebut", "didn't").
JOINERS = "-'’"
CLAUSE_BREAK_RE = re.compile("[" + re.escape(CLAUSE_BREAKS) + "]")
WORD_RE = re.compile(r"[^\W_]+(?:[" + re.escape(JOINERS) + r"][^\W_]+)*")


def _union(table: dict) -> frozenset:
    return frozenset().union(*table.values())


ALL_LANGUAGES = "*"
for _table in (NEGATION_CUES, PSEUDO_NEGATIONS, HEDGE_CUES, TERMINATORS):
    _table[ALL_LANGUAGES] = _union(_table)

#: The contractions that negate in every language but Indonesian ("didn't", "won’t").
CONTRACTIONS = ("n't", "n’t")

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
        contracted = language != "id" and word.endswith(CONTRACTIONS)  # didn't, won't
        pair = (word, sequence[i + 1] if i + 1 < len(sequence) else "")
        is_cue = word in NEGATION_CUES[language] or contracted
        if negation is None and is_cue and pair not in PSEUDO_NEGATIONS[language]:
            negation = word
        if hedge is None and word in HEDGE_CUES[language]:
            hedge = word
    return negation, hedge


@dataclass(frozen=True)
class CueVocabulary:
    """The cue tables as arrays over one list of words, for matching all hits at once.

    :mod:`framing.frames.scope` finds these words with the matcher's automaton and reads the
    tables below by word and language instead of testing sets word by word.

    Attributes
    ----------
    words : tuple of str
        Every negation, hedge and terminator cue of every language, then :data:`CONTRACTIONS`.
    languages : tuple of str
        The rows of the tables: the languages of :data:`NEGATION_CUES` (``"*"`` included).
    any_cue : ndarray of bool
        Per word: an alternative of :data:`ANY_CUE_RE` (negation or hedge cue, or contraction).
    bounded : ndarray of bool
        Per word: :data:`ANY_CUE_RE` requires a non-word character before it (all but the
        contractions).
    contraction : ndarray of bool
        Per word: one of :data:`CONTRACTIONS`.
    word : ndarray of bool
        Per word: a negation, hedge or terminator cue of some language, or a contraction.
    negation, hedge, terminator, pseudo_first : ndarray of bool, shape (languages, words)
        Whether the word is a negation cue, a hedge cue, a terminator, or the first word of a
        pseudo-negation, in each language.
    contracted : ndarray of bool
        Per language: whether a word ending in a contraction negates (all but Indonesian).
    pseudo_shape : ndarray of bool, shape (256, 65)
        Whether some second word of a pseudo-negation starts with the character of that code
        and has that length (column 0: any length); all True if one is not ASCII.
    """

    words: tuple[str, ...]
    languages: tuple[str, ...]
    any_cue: np.ndarray
    bounded: np.ndarray
    contraction: np.ndarray
    word: np.ndarray
    negation: np.ndarray
    hedge: np.ndarray
    terminator: np.ndarray
    pseudo_first: np.ndarray
    contracted: np.ndarray
    pseudo_shape: np.ndarray

    def language_index(self, language: str) -> int:
        """Row of the tables used for a term of ``language`` (``"*"`` for unknown ones)."""
        if language not in self.languages:
            language = ALL_LANGUAGES
        return self.languages.index(language)


@cache
def cue_vocabulary() -> CueVocabulary:
    """The :class:`CueVocabulary` of this module's tables.

    Returns
    -------
    CueVocabulary
        Built once and cached.
    """
    languages = tuple(NEGATION_CUES)
    cue_words = NEGATION_CUES[ALL_LANGUAGES] | HEDGE_CUES[ALL_LANGUAGES]
    words = tuple(sorted(cue_words | TERMINATORS[ALL_LANGUAGES]))
    words += tuple(c for c in CONTRACTIONS if c not in words)

    def table(of: dict) -> np.ndarray:
        return np.array([[w in of[lang] for w in words] for lang in languages], dtype=bool)

    firsts = {lang: {first for first, _ in PSEUDO_NEGATIONS[lang]} for lang in languages}
    contraction = np.array([w in CONTRACTIONS for w in words], dtype=bool)
    negation, hedge, terminator = table(NEGATION_CUES), table(HEDGE_CUES), table(TERMINATORS)
    return CueVocabulary(
        words=words,
        languages=languages,
        any_cue=np.array([w in cue_words for w in words], dtype=bool) | contraction,
        bounded=~contraction,
        contraction=contraction,
        word=(negation | hedge | terminator).any(axis=0) | contraction,
        negation=negation,
        hedge=hedge,
        terminator=terminator,
        pseudo_first=table(firsts),
        contracted=np.array([lang != "id" for lang in languages], dtype=bool),
        pseudo_shape=_pseudo_shape(),
    )


def _pseudo_shape() -> np.ndarray:
    seconds = {second for pairs in PSEUDO_NEGATIONS.values() for _, second in pairs}
    shape = np.zeros((256, 65), dtype=bool)
    if not all(s.isascii() and 0 < len(s) <= 64 for s in seconds):
        shape[:] = True
        return shape
    for second in seconds:
        shape[ord(second[0]), [0, len(second)]] = True
    return shape
