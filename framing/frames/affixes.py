"""Word forms generated from a root: Indonesian affixes and English inflections.

A lexicon entry such as ``{root: tuduh, affixes: verb}`` stands for every surface form of the
root (*tuduh, menuduh, dituduh, tertuduh, tuduhan, penuduhan, menuduhkan, kutuduh, ...*). The
forms are generated once, when the lexicon is compiled, and every one of them becomes a key of
the matcher's automaton. Clitics (*-nya, -lah, -kah, -pun, -ku, -mu*) are not generated: the
matcher accepts them after any Indonesian form (see :mod:`framing.frames.matching.matcher`).

Why explicit patterns and not a stemmer
---------------------------------------
Stemming every token at match time (e.g. with Sastrawi, the Nazief–Adriani algorithm) would
also conflate forms, but (1) it costs a dictionary lookup and several rule passes per token,
which is orders of magnitude slower than one automaton pass; (2) it conflates words a
researcher wants apart (*kerja* "work" vs *kerja sama* "cooperation", *sanksi* vs
*bersanksi*) and cannot stem inside multi-word phrases; (3) a generated list can be printed
and audited (``framing lexicon check --show-forms``). Over-generated non-words (*menuduhi*)
cost nothing: they never match. The tests check the generated forms against Sastrawi's stems.

Indonesian nasal prefixes (*meN-*, *peN-*) follow the standard morphophonemic rules
(Sneddon et al., 2010): *meng-* before vowels, *g*, *h* and *k* (which drops: *kirim* →
*mengirim*); *mem-* before *b*, *f*, *v* and *p* (which drops: *pasok* → *memasok*); *men-*
before *c*, *d*, *j*, *z* and *t* (which drops: *tuduh* → *menuduh*); *meny-* for *s* (which
drops: *serang* → *menyerang*); *me-* before *l, m, n, r, w, y*; *menge-* for one-syllable roots
(*bom* → *mengebom*). Initial consonant clusters do not drop (*klaim* → *mengklaim*,
*transfer* → *mentransfer*). *ber-* becomes *be-* before *r* and before a first syllable
ending in *-er* (*kerja* → *bekerja*).

References
----------
Sneddon, J. N., Adelaar, A., Djenar, D. N., & Ewing, M. C. (2010). *Indonesian: A
Comprehensive Grammar* (2nd ed.). Routledge.

Nazief, B., & Adriani, M. (1996). Confix-stripping: approach to stemming algorithm for Bahasa
Indonesia. Faculty of Computer Science, University of Indonesia.
"""

from __future__ import annotations

import re

VOWELS = frozenset("aeiou")

#: Named Indonesian paradigms: each pattern is ``PREFIX-SUFFIX`` around the root ("" = the root
#: itself). ``meN``/``peN`` take the nasal of the root's first sound.
INDONESIAN_PARADIGMS: dict[str, tuple[str, ...]] = {
    # transitive verbs: tuduh, langgar, kirim, pasok, bantah, kecam
    "verb": (
        "",
        "meN-",
        "meN-kan",
        "meN-i",
        "di-",
        "di-kan",
        "di-i",
        "ter-",
        "ku-",
        "kau-",
        "-an",
        "peN-",
        "peN-an",
        "ke-an",
    ),
    # roots that take ber-/per-an: sahabat, kerja, sekutu, mitra, tahan
    "ber": ("", "ber-", "ber-an", "per-", "per-an", "ke-an", "-an", "memper-", "memper-kan"),
    # nouns: -an and ke-an only (isolasi → isolasinya is a clitic, handled by the matcher)
    "noun": ("", "-an", "ke-an"),
}

#: English paradigms: regular inflections; list irregular forms under ``forms``.
ENGLISH_PARADIGMS: dict[str, tuple[str, ...]] = {
    "verb": ("", "-s", "-ed", "-ing"),
    "noun": ("", "-s"),
}

PARADIGMS: dict[str, dict[str, tuple[str, ...]]] = {
    "id": INDONESIAN_PARADIGMS,
    "en": ENGLISH_PARADIGMS,
}

PATTERN_RE = re.compile(r"^([a-zN]*)-([a-z]*)$")
INDONESIAN_PREFIXES = frozenset(
    {"", "meN", "peN", "di", "ter", "ber", "per", "ke", "se", "ku", "kau", "memper", "diper"}
)
INDONESIAN_SUFFIXES = frozenset({"", "kan", "i", "an"})
ENGLISH_SUFFIXES = frozenset({"", "s", "ed", "ing"})


def _nasal(base: str, root: str) -> list[str]:
    """``meN-``/``peN-`` + root with nasal assimilation (``base`` is "me" or "pe")."""
    first = root[0]
    cluster = len(root) > 1 and root[1] not in VOWELS
    forms = []
    if len(re.findall(r"[aeiou]+", root)) == 1:  # one syllable: mengebom, pengebom
        forms.append(f"{base}nge{root}")
    if first in VOWELS or first in "gh":
        forms.append(f"{base}ng{root}")
    elif first == "k":
        forms.append(f"{base}ng{root if cluster else root[1:]}")
    elif first in "bfv":
        forms.append(f"{base}m{root}")
    elif first == "p":
        forms.append(f"{base}m{root if cluster else root[1:]}")
    elif first in "cdjz":
        forms.append(f"{base}n{root}")
    elif first == "t":
        forms.append(f"{base}n{root if cluster else root[1:]}")
    elif first == "s":
        forms.append(f"{base}n{root}" if cluster else f"{base}ny{root[1:]}")
    else:  # l, m, n, r, w, y (and ny-, ng-)
        forms.append(f"{base}{root}")
    return forms


def _ber(base: str, root: str) -> str:
    """``ber-``/``per-`` + root: ``be-``/``pe-`` before r and before a first syllable in -er."""
    if root.startswith("r") or re.match(r"^[^aeiou]er[^aeiou]", root):
        return f"{base[:-1]}{root}"
    return f"{base}{root}"


def _indonesian(root: str, prefix: str, suffix: str) -> list[str]:
    if prefix in ("meN", "peN"):
        stems = _nasal(prefix[0] + "e", root)
    elif prefix in ("ber", "per"):
        stems = [_ber(prefix, root)]
    elif prefix in ("memper", "diper"):
        stems = [prefix[:-3] + _ber("per", root)]
    else:
        stems = [prefix + root]
    return [stem + suffix for stem in stems]


def _english(root: str, suffix: str) -> str:
    if not suffix:
        return root
    if suffix == "s":
        if re.search(r"[^aeiou]y$", root):
            return root[:-1] + "ies"
        if re.search(r"(s|x|z|ch|sh)$", root):
            return root + "es"
        return root + "s"
    if re.search(r"[^aeiou]y$", root):  # deny → denied, denying
        return root[:-1] + "ied" if suffix == "ed" else root + "ing"
    if root.endswith("e"):  # accuse → accused, accusing
        return root + "d" if suffix == "ed" else root[:-1] + "ing"
    return root + suffix


def parse_pattern(pattern: str, language: str) -> tuple[str, str]:
    """Split an affix pattern such as ``"meN-kan"`` into (prefix, suffix); raise ValueError."""
    found = PATTERN_RE.match(pattern.strip())
    if not found:
        raise ValueError(f"affix pattern {pattern!r} is not PREFIX-SUFFIX (e.g. 'meN-kan', '-an')")
    prefix, suffix = found.groups()
    if language == "id":
        if prefix not in INDONESIAN_PREFIXES or suffix not in INDONESIAN_SUFFIXES:
            raise ValueError(
                f"affix pattern {pattern!r}: prefixes are {sorted(INDONESIAN_PREFIXES - {''})}, "
                f"suffixes are {sorted(INDONESIAN_SUFFIXES - {''})}"
            )
    elif language == "en":
        if prefix or suffix not in ENGLISH_SUFFIXES:
            raise ValueError(f"affix pattern {pattern!r}: English takes only '-s', '-ed', '-ing'")
    else:
        raise ValueError(f"no affix rules for language {language!r}; list the forms instead")
    return prefix, suffix


def resolve_affixes(affixes: str | list[str], language: str) -> tuple[str, ...]:
    """Turn a paradigm name or a list of patterns into a tuple of patterns; raise ValueError."""
    if isinstance(affixes, str):
        table = PARADIGMS.get(language)
        if table is None:
            raise ValueError(f"no affix rules for language {language!r}; list the forms instead")
        if affixes not in table:
            raise ValueError(
                f"unknown paradigm {affixes!r} for language {language!r}; "
                f"use one of {', '.join(table)} or a list of patterns like ['meN-', '-an']"
            )
        patterns = table[affixes]
    else:
        patterns = tuple(affixes)
    for pattern in patterns:
        if pattern:
            parse_pattern(pattern, language)
    return patterns


def expand_root(root: str, affixes: str | list[str], language: str) -> list[str]:
    """Every surface form of ``root`` under ``affixes`` (a paradigm name or pattern list).

    Parameters
    ----------
    root : str
        A lowercase root, e.g. ``"tuduh"``.
    affixes : str or list of str
        A paradigm of :data:`PARADIGMS` (``"verb"``, ``"ber"``, ``"noun"``) or patterns such as
        ``["meN-", "-an", "peN-an"]``.
    language : str
        ``"id"`` or ``"en"``.

    Returns
    -------
    list of str
        The distinct forms, in generation order, the root first.

    Raises
    ------
    ValueError
        If the paradigm or a pattern is unknown for the language.

    Examples
    --------
    >>> expand_root("tuduh", ["", "meN-", "di-", "-an"], "id")
    ['tuduh', 'menuduh', 'dituduh', 'tuduhan']
    >>> expand_root("accuse", "verb", "en")
    ['accuse', 'accuses', 'accused', 'accusing']
    """
    root = root.strip().lower()
    forms: list[str] = []
    for pattern in resolve_affixes(affixes, language):
        if not pattern:
            new = [root]
        elif language == "id":
            new = _indonesian(root, *parse_pattern(pattern, language))
        else:
            new = [_english(root, parse_pattern(pattern, language)[1])]
        forms.extend(f for f in new if f not in forms)
    return forms
