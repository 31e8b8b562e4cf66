"""Negation and hedge cues in a small window before a frame hit, after NegEx.

A hit is *negated* when a negation cue ("tidak", "bukan", "not", "denied", ...) occurs among the
``window`` words before it in the same clause, and *hedged* when a hedge cue ("diduga",
"reportedly", ...) does. As in NegEx (Chapman et al., 2001), pseudo-negations that do not negate
("tidak hanya", "not only") are skipped and the window stops at a clause boundary (a comma,
semicolon, colon or bracket) and at a contrastive conjunction ("namun", "but"), so the cue in
"tidak hanya meningkatkan status, tapi juga kerja sama" does not reach "kerja sama". Negated and
hedged hits are recorded on the hit, never dropped.

The cue words and the clause breaks are data, in ``framing/frames/cues.yaml``,
read once into :data:`CUE_RULES`. Both ways of applying them read that one object:
:func:`find_cues` here (one hit at a time) and :func:`framing.frames.matching.scope.cue_scope`
(every hit of a batch at once, through the arrays of :func:`cue_vocabulary`).

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
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from framing.config import DEFAULTS
from framing.errors import InputError

#: Key of the tables under which every language's cues are merged (for unknown languages).
ALL_LANGUAGES = "*"

_KINDS = ("negation", "hedge", "terminators", "pseudo_negations")
_LIMITS = ("before_chars", "after_chars", "chars_per_word")


@dataclass(frozen=True)
class CueRules:
    """The negation and hedge rules of ``framing/frames/cues.yaml``.

    Attributes
    ----------
    negation, hedge, terminators : dict of str to frozenset of str
        Per language: words that negate what follows, words that mark a statement as uncertain
        or attributed, and words that end the scope of a cue before them. The key ``"*"``
        (:data:`ALL_LANGUAGES`) holds every language's words.
    pseudo_negations : dict of str to frozenset of (str, str)
        Per language (and ``"*"``): two-word sequences that begin with a negation cue but do not
        negate ("not only").
    clause_breaks : str
        Characters that end the scope of a cue.
    joiners : str
        Characters that join two parts of one word ("disebut-sebut", "didn't").
    contractions : tuple of str
        Word endings that negate ("didn't", "won’t").
    no_contractions : frozenset of str
        Languages in which :attr:`contractions` do not negate.
    before_chars, after_chars : int
        Characters of the sentence read before a hit, and from the hit on (for the word after a
        cue).
    chars_per_word : int
        A cue is looked for word by word only if one occurs within ``chars_per_word * window``
        characters before the hit.
    """

    negation: dict[str, frozenset[str]]
    hedge: dict[str, frozenset[str]]
    terminators: dict[str, frozenset[str]]
    pseudo_negations: dict[str, frozenset[tuple[str, str]]]
    clause_breaks: str
    joiners: str
    contractions: tuple[str, ...]
    no_contractions: frozenset[str]
    before_chars: int
    after_chars: int
    chars_per_word: int

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with cues, then ``"*"``."""
        return tuple(self.negation)

    def contractions_negate(self, language: str) -> bool:
        """Whether a word ending in one of :attr:`contractions` negates in ``language``."""
        return language not in self.no_contractions


def _words(value: object, where: str) -> list:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise InputError(f"{where}: give a list of words (quote words YAML reads otherwise)")
    return value


def load_cue_rules(path: str | Path | None = None) -> CueRules:
    """Read negation and hedge rules from a YAML file.

    Parameters
    ----------
    path : str or Path, optional
        A file laid out as ``framing/frames/cues.yaml`` (the default).

    Returns
    -------
    CueRules

    Raises
    ------
    InputError
        A key is missing or a value has the wrong type.

    Examples
    --------
    >>> rules = load_cue_rules()
    >>> sorted(rules.terminators["en"])[:2]
    ['although', 'but']
    >>> ("not", "only") in rules.pseudo_negations["en"], rules.contractions_negate("id")
    (True, False)
    """
    if path is None:
        text = (resources.files("framing.frames") / "cues.yaml").read_text(encoding="utf-8")
        where = "framing/frames/cues.yaml"
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    data = yaml.safe_load(text)
    keys = (*_LIMITS, "clause_breaks", "joiners", "contractions", "no_contractions", "languages")
    missing = [k for k in keys if not isinstance(data, dict) or k not in data]
    if missing:
        raise InputError(f"{where}: lacks {', '.join(missing)}")
    for key in _LIMITS:
        if not isinstance(data[key], int) or data[key] < 1:
            raise InputError(f"{where}: {key} is {data[key]!r}; give a whole number above 0")
    if not isinstance(data["languages"], dict) or not data["languages"]:
        raise InputError(f"{where}: languages: give the cues of each language by its code")
    tables: dict[str, dict] = {kind: {} for kind in _KINDS}
    for language, cues in data["languages"].items():
        at = f"{where}: languages.{language}"
        if not isinstance(cues, dict) or set(cues) != set(_KINDS):
            raise InputError(f"{at}: give exactly {', '.join(_KINDS)}")
        for kind in _KINDS[:3]:
            tables[kind][language] = frozenset(_words(cues[kind], f"{at}.{kind}"))
        pairs = cues["pseudo_negations"]
        if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 for p in pairs
        ):
            raise InputError(f"{at}.pseudo_negations: give a list of two-word lists")
        words = [tuple(_words(p, f"{at}.pseudo_negations")) for p in pairs]
        tables["pseudo_negations"][language] = frozenset(words)
    for table in tables.values():
        table[ALL_LANGUAGES] = frozenset().union(*table.values())
    return CueRules(
        negation=tables["negation"],
        hedge=tables["hedge"],
        terminators=tables["terminators"],
        pseudo_negations=tables["pseudo_negations"],
        clause_breaks="".join(_words(data["clause_breaks"], f"{where}: clause_breaks")),
        joiners="".join(_words(data["joiners"], f"{where}: joiners")),
        contractions=tuple(_words(data["contractions"], f"{where}: contractions")),
        no_contractions=frozenset(_words(data["no_contractions"], f"{where}: no_contractions")),
        **{key: data[key] for key in _LIMITS},
    )


#: The rules every matcher applies (``framing/frames/cues.yaml``).
CUE_RULES = load_cue_rules()

CLAUSE_BREAK_RE = re.compile("[" + re.escape(CUE_RULES.clause_breaks) + "]")
WORD_RE = re.compile(r"[^\W_]+(?:[" + re.escape(CUE_RULES.joiners) + r"][^\W_]+)*")

#: One search per hit finds whether any cue is near at all (most hits have none): a negation or
#: hedge cue as a whole word, or a contraction at the end of a word.
ANY_CUE_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        sorted(map(re.escape, CUE_RULES.negation[ALL_LANGUAGES] | CUE_RULES.hedge[ALL_LANGUAGES]))
    )
    + r")(?!\w)|(?:"
    + "|".join(map(re.escape, CUE_RULES.contractions))
    + r")(?!\w)"
)


def find_cues(
    before: str, after: str, language: str, window: int = DEFAULTS.frames.negation_window
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
    window : int, default ``DEFAULTS.frames.negation_window``
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
    rules = CUE_RULES
    if language not in rules.negation:
        language = ALL_LANGUAGES
    reach = rules.chars_per_word * max(window, 0)
    if not ANY_CUE_RE.search(before, max(0, len(before) - reach)):
        return None, None
    clause = CLAUSE_BREAK_RE.split(before[-rules.before_chars :])[-1]
    words = WORD_RE.findall(clause)[-window:] if window > 0 else []
    terminators = rules.terminators[language]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in terminators:
            words = words[i + 1 :]
            break
    following = WORD_RE.findall(after[: rules.after_chars])[:1]
    negation = hedge = None
    sequence = words + following
    contractions_negate = rules.contractions_negate(language)
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        contracted = contractions_negate and word.endswith(rules.contractions)  # didn't, won't
        pair = (word, sequence[i + 1] if i + 1 < len(sequence) else "")
        is_cue = word in rules.negation[language] or contracted
        if negation is None and is_cue and pair not in rules.pseudo_negations[language]:
            negation = word
        if hedge is None and word in rules.hedge[language]:
            hedge = word
    return negation, hedge


@dataclass(frozen=True)
class CueVocabulary:
    """The cue tables of :data:`CUE_RULES` as arrays over one list of words, for all hits at once.

    :mod:`framing.frames.matching.scope` finds these words with the matcher's automaton and
    reads the tables below by word and language instead of testing sets word by word.

    Attributes
    ----------
    words : tuple of str
        Every negation, hedge and terminator cue of every language, then the contractions.
    languages : tuple of str
        The rows of the tables: the languages of :data:`CUE_RULES` (``"*"`` included).
    any_cue : ndarray of bool
        Per word: an alternative of :data:`ANY_CUE_RE` (negation or hedge cue, or contraction).
    bounded : ndarray of bool
        Per word: :data:`ANY_CUE_RE` requires a non-word character before it (all but the
        contractions).
    contraction : ndarray of bool
        Per word: one of ``CUE_RULES.contractions``.
    word : ndarray of bool
        Per word: a negation, hedge or terminator cue of some language, or a contraction.
    negation, hedge, terminator, pseudo_first : ndarray of bool, shape (languages, words)
        Whether the word is a negation cue, a hedge cue, a terminator, or the first word of a
        pseudo-negation, in each language.
    contracted : ndarray of bool
        Per language: whether a word ending in a contraction negates
        (:meth:`CueRules.contractions_negate`).
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
    """The :class:`CueVocabulary` of :data:`CUE_RULES`.

    Returns
    -------
    CueVocabulary
        Built once and cached.
    """
    rules = CUE_RULES
    languages = rules.languages
    cue_words = rules.negation[ALL_LANGUAGES] | rules.hedge[ALL_LANGUAGES]
    words = tuple(sorted(cue_words | rules.terminators[ALL_LANGUAGES]))
    words += tuple(c for c in rules.contractions if c not in words)

    def table(of: dict) -> np.ndarray:
        return np.array([[w in of[lang] for w in words] for lang in languages], dtype=bool)

    firsts = {lang: {first for first, _ in rules.pseudo_negations[lang]} for lang in languages}
    contraction = np.array([w in rules.contractions for w in words], dtype=bool)
    negation, hedge, terminator = (
        table(rules.negation),
        table(rules.hedge),
        table(rules.terminators),
    )
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
        contracted=np.array([rules.contractions_negate(lang) for lang in languages], dtype=bool),
        pseudo_shape=_pseudo_shape(),
    )


def _pseudo_shape() -> np.ndarray:
    seconds = {second for pairs in CUE_RULES.pseudo_negations.values() for _, second in pairs}
    shape = np.zeros((256, 65), dtype=bool)
    if not all(s.isascii() and 0 < len(s) <= 64 for s in seconds):
        shape[:] = True
        return shape
    for second in seconds:
        shape[ord(second[0]), [0, len(second)]] = True
    return shape
