"""People named in a document, and what refers back to them: titles, surnames, roles, pronouns.

The source list (:mod:`framing.attribution.lists`) knows the institutions and the best-known
people of a field; the speakers of most quotations are people it cannot list. They are found in
the text the way a reader finds them, with no model to download (the word lists are
``framing/attribution/data/people.yaml``):

1. **Introduced names**: a run of capitalised words after a title ("Deputy Foreign Minister
   Arkady Senin", "Texas Gov. Harold Benning", "juru bicara Kementerian Pertahanan Siti
   Rahayu") is a person; so is a run of two or three capitalised words with no organisation or
   place word in it ("Rasa Kvedaraite told reporters"). The title words are kept with the
   person.
2. **Surnames and given names**: once a person is introduced, the last word of the name (and,
   for Indonesian names, the first) names that person alone ("Benning said", "kata Bambang").
3. **Roles**: "the minister", "the Texas governor", "menteri itu", "sang diplomat" name the last
   person introduced with that role word (and, for "the Texas governor", with "Texas" in the
   words around the name).
4. **Pronouns**: "he", "she" and the Indonesian "dia", "ia", "beliau" and "-nya" name the last
   person introduced or named before the sentence, of the pronoun's gender where English gives
   one. A person's gender comes from a gendered title ("spokeswoman", "Ibu") or from the
   pronouns of a sentence that names only that person ("Kvedaraite told reporters as she
   arrived").

5. **Countries**: a run that is a country's name in the text's language or in English
   ("Brazil", "The Netherlands", "Belanda", "Washington" for its government) is that country,
   named in English whatever the language (``framing/attribution/data/countries.yaml``: the
   territory names of the Unicode CLDR, with the press's short forms and capitals).

Every mention found this way says how (``via``: ``unlisted`` for a name the source list does
not hold, ``surname``, ``role``, ``country``), and a resolved pronoun is ``pronoun``, so each
attribution row records how its speaker was resolved.
The rules follow the salience-and-recency account of reference resolution in news (Lappin &
Leass, 1994) and the title–name patterns of quotation attribution (Pouliquen, Steinberger &
Best, 2007). Time is linear in the text: each sentence is read once by a few regular
expressions and the people are kept in a dictionary.

References
----------
Lappin, S., & Leass, H. J. (1994). An algorithm for pronominal anaphora resolution.
*Computational Linguistics*, 20(4), 535-561.

Pouliquen, B., Steinberger, R., & Best, C. (2007). Automatic detection of quotations in
multilingual news. *Proceedings of RANLP 2007*, 487-492.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from framing.corpus.stopwords import has_stop_words, stop_words
from framing.errors import InputError

PEOPLE_KEYS = (
    "titles",
    "female",
    "male",
    "organisation_words",
    "organisation_heads",
    "role_before",
    "role_after",
    "place_before",
)
#: Persons seen this many sentences ago or less are preferred for a gendered pronoun.
RECENT_SENTENCES = 5
_NAME_WORD = r"(?:[A-Z][\w'’]*(?:-[\w'’]+)*\.?)"
_PARTICLE = r"(?:bin|binti|van|von|de|der|den|da|di|du|del|la|le|al|el)"
#: A run of capitalised words (particles allowed inside), e.g. "Maarten de Groot".
_RUN = re.compile(rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD})*")
_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*\.?")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class PeopleLists:
    """The word lists of :mod:`framing.attribution.people`, per language (``"*"``: all)."""

    titles: dict[str, tuple[str, ...]]
    female: dict[str, tuple[str, ...]]
    male: dict[str, tuple[str, ...]]
    organisation_words: dict[str, tuple[str, ...]]
    organisation_heads: dict[str, tuple[str, ...]]
    role_before: dict[str, tuple[str, ...]]
    role_after: dict[str, tuple[str, ...]]
    place_before: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pronoun_gender: dict[str, dict[str, str]] = field(default_factory=dict)
    abbreviations: dict[str, dict[str, str]] = field(default_factory=dict)
    role_groups: list[tuple[str, ...]] = field(default_factory=list)
    #: ISO 3166-1 code -> language -> names (case kept: "US", "AS"); the first English name
    #: is the country's name in the tables.
    countries: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def country_names(self, language: str) -> dict[str, str]:
        """Each name of a country in ``language`` (and in English, which other languages'
        news borrow: "Washington"), to the country's English name; ``"*"``: every language."""
        names: dict[str, str] = {}
        for by_language in self.countries.values():
            english = by_language.get("en", ())
            canonical = english[0] if english else next(iter(by_language.values()))[0]
            for lang, words in by_language.items():
                if language in ("*", lang) or lang == "en":
                    for word in words:
                        names.setdefault(word, canonical)
        return names

    def mapping(self, key: str, language: str) -> dict[str, str]:
        """The entries of mapping ``key`` for ``language`` (every language's for ``"*"``)."""
        merged: dict[str, str] = {}
        for lang, table in getattr(self, key).items():
            if language in (lang, "*"):
                merged.update(table)
        return merged

    def words(self, key: str, language: str) -> tuple[str, ...]:
        """The words of list ``key`` for ``language`` (every language's for ``"*"``)."""
        table = getattr(self, key)
        if language in table:
            return table[language]
        return tuple(dict.fromkeys(w for words in table.values() for w in words))


def load_people(files: Iterable[str | Path] = ()) -> PeopleLists:
    """The built-in people lists and countries, with the words of ``files`` (same format)
    added; a file's country replaces the built-in names of its code."""
    data = resources.files("framing.attribution") / "data"
    merged = _read(Path(str(data / "people.yaml")))
    merged.countries.update(_read(Path(str(data / "countries.yaml"))).countries)
    for path in files:
        extra = _read(Path(path))
        for key in PEOPLE_KEYS:
            for language, words in getattr(extra, key).items():
                table = getattr(merged, key)
                table[language] = tuple(dict.fromkeys((*table.get(language, ()), *words)))
        for key in ("pronoun_gender", "abbreviations"):
            for language, table in getattr(extra, key).items():
                getattr(merged, key).setdefault(language, {}).update(table)
        merged.role_groups.extend(extra.role_groups)
        merged.countries.update(extra.countries)
    return merged


def _read(path: Path) -> PeopleLists:
    if not path.is_file():
        raise InputError(f"people list {path}: no such file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise InputError(f"people list {path}: not valid YAML ({error})") from None
    mappings = ("pronoun_gender", "abbreviations")
    unknown = set(data) - set(PEOPLE_KEYS) - set(mappings) - {"role_groups", "countries"}
    if unknown:
        raise InputError(
            f"people list {path}: unknown key {sorted(unknown)[0]!r}; use "
            f"{', '.join((*PEOPLE_KEYS, *mappings, 'role_groups', 'countries'))}"
        )
    lists = {}
    for key in PEOPLE_KEYS:
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
            raise InputError(f"people list {path}: {key} must map a language code to a list")
        lists[key] = {
            str(lang): tuple(str(w).lower() for w in words) for lang, words in table.items()
        }
    for key in mappings:
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            raise InputError(f"people list {path}: {key} must map a language code to a mapping")
        lists[key] = {
            str(lang): {str(w).lower(): str(g).lower() for w, g in v.items()}
            for lang, v in table.items()
        }
    groups = data.get("role_groups") or []
    if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
        raise InputError(f"people list {path}: role_groups must be a list of lists of role words")
    countries = data.get("countries") or {}
    if not isinstance(countries, dict) or not all(
        isinstance(v, dict) and v and all(isinstance(n, list) and n for n in v.values())
        for v in countries.values()
    ):
        raise InputError(
            f"people list {path}: countries must map a country code to languages and their "
            'names, e.g. countries: {"NL": {"en": ["Netherlands"], "id": ["Belanda"]}}'
        )
    return PeopleLists(
        **lists,
        role_groups=[tuple(str(w).lower() for w in g) for g in groups],
        countries={
            str(code): {str(lang): tuple(str(n) for n in names) for lang, names in v.items()}
            for code, v in countries.items()
        },
    )


@dataclass
class Person:
    """A person the document names: full name, titles and words around it, gender, last seen."""

    name: str
    titles: set[str]
    context: set[str]
    gender: str | None
    seen: tuple[int, int]
    kind: str = "person"  # or "organisation"


@dataclass(frozen=True)
class Found:
    """A mention of a person in a sentence: its span, the person, and how it was found."""

    start: int
    end: int
    person: Person
    via: str


class PeopleTracker:
    """The people of one document, read sentence by sentence.

    Parameters
    ----------
    compiled : tuple
        :func:`compile_people` of the lists for the document's language (compiled once per
        language, not per document).
    """

    def __init__(self, compiled: tuple) -> None:
        self.people: dict[str, Person] = {}
        self.alias: dict[str, Person] = {}
        self._compiled = compiled
        #: Words the document writes in lower case: a capitalised run of them is a heading or
        #: a sentence start ("Picu Kekhawatiran"), not a name (:meth:`read_vocabulary`).
        self.common: set[str] = set()

    def read_vocabulary(self, texts: Iterable[str]) -> None:
        """Note the words the document writes in lower case (one pass over its text)."""
        for text in texts:
            self.common.update(_LOWER_WORD.findall(text))

    def find(
        self,
        text: str,
        number: int,
        taken: Sequence[tuple[int, int]] = (),
        *,
        roles: bool = True,
    ) -> list[Found]:
        """The people sentence ``number`` names (outside the spans ``taken``), registered.

        With ``roles=False`` role words ("the minister") are not resolved: a sentence read
        only to register the people it introduces need not.
        """
        compiled = self._compiled
        org_words, titles = compiled.org_words, compiled.titles
        out: list[Found] = []
        for run in _RUN.finditer(text):
            start, end = run.span()
            single = run.group()
            key = single.rstrip(".")
            country = self._country(text, start, end, single, key, taken, number)
            if country is not None:
                out.append(country)
                continue
            preceding = _title_before(text, start, titles)
            if (  # one word: a known name, a title, or a name after a title
                preceding is None
                and " " not in single
                and key not in self.alias
                and key not in self.people
                and single.lower() not in titles
            ):
                continue
            words = [(w.start() + start, w.end() + start) for w in _WORD.finditer(run.group())]
            taken_here = [(x, y) for x, y in taken if x < end and start < y]
            lowered = [text[a:b].lower() for a, b in words]
            # the title words inside the run ("Deputy Foreign Minister"), then its name; words of
            # a listed source ("juru bicara NATO Elin Sorensen") and of an organisation end the
            # title, and so do words the text writes in lower case ("Menurut Agus")
            cut, title_words = 0, []
            for i, (a, b) in enumerate(words):
                if lowered[i] in titles or " ".join(lowered[: i + 1]) in titles:
                    cut, title_words = i + 1, [*title_words, lowered[i]]
                elif (
                    lowered[i].rstrip(".") in org_words
                    or lowered[i] in org_words
                    or any(x < b and a < y for x, y in taken_here)
                    or (lowered[i] in self.common or lowered[i] in compiled.stop_words)
                    or lowered[i].endswith("nya")
                ):
                    cut = i + 1
            name_words = words[cut:]
            if preceding is not None:
                title_words.append(preceding)
            heads = [i for i, w in enumerate(lowered) if w in compiled.org_heads]
            first_taken = min((i for i, (a, b) in enumerate(words)
                               if any(x < b and a < y for x, y in taken_here)), default=len(words))  # fmt: skip
            # "The Baltic Marine Trust", "Dewan Keamanan Nasional Gedung Putih" (a listed
            # source after the organisation word belongs to it)
            if heads and not title_words and heads[0] < first_taken:
                found = self._organisation(text, words, lowered, number)
                if found is not None:
                    out.append(found)
                continue
            if not name_words:
                continue
            if len(name_words) > 2 and cut:  # "Luar Negeri Rusia Sergei Lavrov": the last two
                name_words = name_words[-2:]
            names = [text[a:b] for a, b in name_words]
            if any(n.lower().rstrip(".") in org_words for n in names):
                continue
            first_start = name_words[0][0]
            a, b = name_words[-1]  # a full stop after a name ends the sentence, not the name
            last_end = b - 1 if text[b - 1] == "." and b - a > 3 else b
            name = " ".join(n.rstrip(".") if len(n) > 2 else n for n in names)
            person = self.people.get(name) or self.alias.get(name)
            if person is not None:
                out.append(Found(first_start, last_end, person, "unlisted"
                                 if person.name == name else "surname"))  # fmt: skip
                continue
            plain = not title_words and 2 <= len(names) <= 3
            if plain and any(n.lower() in self.common for n in names):
                continue  # words the text also writes in lower case: not a name
            introduced = bool(title_words) or plain
            if not introduced or len(names) > 4 or (len(names) == 1 and not title_words):
                continue
            gender = "female" if compiled.female & set(title_words) else (
                "male" if compiled.male & set(title_words) else None)  # fmt: skip
            title_words += [compiled.abbreviations[t] for t in title_words
                            if t in compiled.abbreviations]  # fmt: skip
            context = {w.lower() for w in TOKEN_WORDS.findall(text[max(0, start - 80) : start])}
            person = Person(name, set(title_words), context, gender, (number, start))
            self.people[name] = person
            if len(names) >= 2:
                for alias in (names[-1], names[0]):
                    self.alias.setdefault(alias.rstrip("."), person)
            out.append(Found(first_start, last_end, person, "unlisted"))
        if roles:
            described = self._roles(text, number, taken, out)
            out = [  # a country inside a role ("the Brazil envoy") describes its holder
                f for f in out
                if f.person.kind != "country"
                or not any(r.start <= f.start and f.end <= r.end for r in described)
            ] + described  # fmt: skip
            out += self._organisation_phrases(text, number, taken, out)
        self._learn_gender(text, out, compiled.genders)
        for found in out:
            found.person.seen = max(found.person.seen, (number, found.start))
        return sorted(out, key=lambda f: f.start)

    def _country(self, text, start, end, single, key, taken, number) -> Found | None:
        """A run that is a country's name ("Brazil", "The Netherlands", "Belanda"), unless a
        person of that name is known ("Jordan") or a listed source covers it."""
        if key in self.alias or key in self.people:
            return None
        leading = 0  # "The Netherlands", "Menurut Belanda": words before the name
        while " " in single[leading:]:
            first = single[leading:].split(" ", 1)[0]
            lowered = first.lower()
            if lowered not in self.common and lowered not in self._compiled.stop_words:
                break
            leading += len(first) + 1
        name = _POSSESSIVE.sub("", single[leading:])
        country = self._compiled.countries.get(name) or self._compiled.countries.get(
            name.rstrip(".")
        )
        if country is None or any(x < end and start < y for x, y in taken):
            return None
        before = text[max(0, start - 12) : start + leading].split()
        if before and before[-1].lower() in self._compiled.place_before:
            return None  # "di Taipei, ia mengatakan", "In Canberra, she said": a place
        person = self.people.get(country)
        if person is None or person.kind != "country":
            person = Person(country, set(), set(), None, (number, start), "country")
            self.people[country] = person
        return Found(start + leading, start + leading + len(name), person, "country")

    def _roles(self, text: str, number: int, taken, found: list[Found]) -> list[Found]:
        """Role words that refer back ("the minister", "menteri itu") to a known person."""
        out: list[Found] = []
        for match in _role_matches(text, self._compiled):
            start, end = match.span()
            if any(f.start < end and start < f.end and f.person.kind != "country" for f in found):
                continue  # a listed source inside ("diplomat senior Rusia itu") is covered
            groups = match.groupdict()
            role = " ".join((groups.get("role") or groups.get("role2") or "").lower().split())
            modifiers = {
                w.lower()
                for w in TOKEN_WORDS.findall(
                    f"{groups.get('mod') or ''} {groups.get('mod2') or ''}"
                )
            }
            person = self._holder(role, modifiers, number)
            if person is not None:
                out.append(Found(start, end, person, "role"))
        return out

    def _organisation(self, text: str, words, lowered, number: int) -> Found | None:
        """A run of capitalised words with an organisation word, from its first word that is
        not a stop word, as an organisation (registered like a person)."""
        compiled = self._compiled
        k = 0
        while k < len(words) and (lowered[k] in compiled.stop_words or lowered[k] in self.common):
            k += 1
        if len(words) - k < 2:
            return None
        (a, _), (_, b) = words[k], words[-1]
        name = text[a:b].rstrip(".")
        organisation = self.people.get(name)
        if organisation is None:
            organisation = Person(name, set(), set(), None, (number, a), "organisation")
            self.people[name] = organisation
        return Found(a, a + len(name), organisation, "unlisted")

    def _organisation_phrases(self, text: str, number: int, taken, found) -> list[Found]:
        """Organisations named by a description: "the Norwegian foreign ministry"."""
        out = []
        for match in self._compiled.organisation_phrase.finditer(text):
            start, end = match.span("org")
            if any(f.start < end and start < f.end for f in found) or any(
                x < end and start < y for x, y in taken
            ):
                continue
            name = " ".join(match.group("org").split())
            organisation = self.people.get(name)
            if organisation is None:
                organisation = Person(name, set(), set(), None, (number, start), "organisation")
                self.people[name] = organisation
            out.append(Found(start, end, organisation, "unlisted"))
        return out

    def _holder(self, role: str, modifiers: set[str], number: int) -> Person | None:
        """The last person introduced with ``role`` (or a role of its group, and ``modifiers``
        around the name); else the last person seen in the last :data:`RECENT_SENTENCES`."""
        group_of = self._compiled.group_of
        head = role.split()[-1]
        if head in self._compiled.org_heads:  # "the ministry", "lembaga itu", "harian itu"
            return self._organisation_holder(head, number)
        group = group_of.get(role, group_of.get(head))
        known = [p for p in self.people.values() if p.seen[0] <= number and p.kind == "person"]

        def holds(title: str) -> bool:
            return (
                title == role
                or title.split()[-1] == head
                or (
                    group is not None
                    and group_of.get(title, group_of.get(title.split()[-1])) == group
                )
            )

        holders = [p for p in known if any(holds(t) for t in p.titles)]
        if not holders:
            recent = [p for p in known if number - p.seen[0] <= RECENT_SENTENCES]
            return max(recent, key=lambda p: p.seen, default=None)
        if modifiers:
            matching = [
                p for p in holders if modifiers & (p.context | {w.lower() for w in p.name.split()})
            ]
            holders = matching or holders
        return max(holders, key=lambda p: p.seen, default=None)

    def _organisation_holder(self, head: str, number: int) -> Person | None:
        """The last organisation whose name holds ``head``, else the last one seen lately."""
        known = [
            p for p in self.people.values() if p.seen[0] <= number and p.kind == "organisation"
        ]
        named = [p for p in known if head in p.name.lower().split()]
        if named:
            return max(named, key=lambda p: p.seen)
        recent = [p for p in known if number - p.seen[0] <= RECENT_SENTENCES]
        return max(recent, key=lambda p: p.seen, default=None)

    def _learn_gender(self, text: str, found: list[Found], genders: dict[str, str]) -> None:
        """A sentence naming one person and using pronouns of one gender gives its gender."""
        people = {id(f.person): f.person for f in found}
        if len(people) != 1 or not genders:
            return
        said = {genders[w.lower()] for w in TOKEN_WORDS.findall(text) if w.lower() in genders}
        (person,) = people.values()
        if len(said) == 1 and person.gender is None:
            person.gender = said.pop()

    def plausible_name(self, text: str) -> bool:
        """Whether a capitalised run may name someone: its first word is no stop word, no day
        or month, and not a word the document writes in lower case."""
        first = text.split()[0].lower().rstrip(".,")
        return not (
            first in self.common
            or first in self._compiled.stop_words
            or first in CALENDAR_WORDS
            or first.endswith("-based")
        )

    def gender_of(self, pronoun: str) -> str | None:
        """The gender a pronoun gives ("she": female), or None."""
        return self._compiled.genders.get(pronoun.lower())

    def compatible(self, name: str, gender: str) -> bool:
        """Whether the person called ``name`` (if known) may be of ``gender``."""
        person = self.people.get(name) or self.alias.get(name)
        return person is None or person.gender in (None, gender)

    def resolve(self, number: int, gender: str | None = None) -> Person | None:
        """The person a singular pronoun in sentence ``number`` names, or None.

        The most recent person seen before the sentence whose gender is ``gender``, if seen in
        the last :data:`RECENT_SENTENCES` sentences; else the most recent of unknown gender (or
        any, when the pronoun has none); else the most recent of that gender.
        """
        before = [p for p in self.people.values() if p.seen[0] < number and p.kind == "person"]
        if not before:
            return None
        latest = sorted(before, key=lambda p: p.seen, reverse=True)
        if gender is None:
            return latest[0]
        same = [p for p in latest if p.gender == gender]
        if same and number - same[0].seen[0] <= RECENT_SENTENCES:
            return same[0]
        unknown = [p for p in latest if p.gender is None]
        if unknown:
            return unknown[0]
        return same[0] if same else None


#: Days and months (English and Indonesian), which start sentences without naming anyone.
CALENDAR_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "senin",
        "selasa",
        "rabu",
        "kamis",
        "jumat",
        "sabtu",
        "minggu",
        "januari",
        "februari",
        "maret",
        "mei",
        "juni",
        "juli",
        "agustus",
        "oktober",
        "desember",
    ]
)
TOKEN_WORDS = re.compile(r"[\w'’]+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][\w'’]*(?:-[\w'’]+)*")


#: A role phrase is a word of ``role_before`` at most this many words before a role word
#: ("the [former] Texas governor": the role's own words and two capitalised ones), or a word
#: of ``role_after`` at most this many words after it ("diplomat senior Rusia itu"); the
#: expression runs only over such windows, not over every position of every sentence.
ROLE_WORDS_BEFORE, ROLE_WORDS_AFTER = 8, 10


def _role_matches(text: str, compiled: CompiledPeople) -> list[re.Match]:
    """The matches of ``compiled.roles`` in ``text``, as a scan of the whole text finds them,
    found by scanning only the windows that can hold one (see :data:`ROLE_WORDS_BEFORE`)."""
    words = TOKEN_WORDS.findall(text.lower())
    if compiled.role_heads.isdisjoint(words):
        return []  # no role word: the regular expression need not run
    ends = compiled.role_ends
    if ends.isdisjoint(words):
        return []  # nothing before or after a role word that makes it refer back
    tokens = [(m.group().lower(), m.start(), m.end()) for m in TOKEN_WORDS.finditer(text)]
    heads = compiled.role_heads
    windows: list[list[int]] = []
    for i, (word, _, end) in enumerate(tokens):
        if word not in heads:
            continue
        lo = next(
            (tokens[j][1] for j in range(max(0, i - ROLE_WORDS_BEFORE), i)
             if tokens[j][0] in ends),
            None,
        )  # fmt: skip
        hi = next(
            (tokens[j][2] for j in range(min(len(tokens) - 1, i + ROLE_WORDS_AFTER), i, -1)
             if tokens[j][0] in ends),
            None,
        )  # fmt: skip
        if lo is None and hi is None:
            continue
        start = tokens[max(0, i - 2)][1] if lo is None else lo  # a title of up to three words
        window = [start, end if hi is None else hi]
        if windows and window[0] <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], window[1])
        else:
            windows.append(window)
    return [m for lo, hi in windows for m in compiled.roles.finditer(text, lo, hi)]


def _title_before(text: str, start: int, titles: frozenset) -> str | None:
    """The title of up to three words right before ``start`` (a comma may stand between:
    "spokeswoman Lena Harlow", "the chairman, Viktor Saros", "juru bicara Siti"), or None."""
    end = start
    while end > 0 and text[end - 1] in " ,\t\n":
        end -= 1
    if end == 0 or not text[end - 1].islower():  # a title before a name is in lower case
        return None
    words: list[str] = []
    for _ in range(3):  # the last three words, read back from ``end``
        space = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end))
        words.insert(0, text[space + 1 : end].lower())
        if len(words) == 1 and words[0] not in _last_words(titles):
            return None  # no title ends in the word before: most names, cheaply
        if space < 0:
            break
        end = space
    for size in (3, 2, 1):
        if len(words) >= size and " ".join(words[-size:]) in titles:
            return " ".join(words[-size:])
    return None


@cache
def _last_words(titles: frozenset) -> frozenset:
    """The last word of each title."""
    return frozenset(title.split()[-1] for title in titles)


@dataclass(frozen=True)
class CompiledPeople:
    """The people lists of one language as regular expressions and sets."""

    titles: frozenset  # lowercased titles
    role_heads: frozenset  # the last word of every title (a sentence without one has no role)
    role_ends: frozenset  # every word of role_before and role_after ("the", "sang", "itu")
    org_words: frozenset
    female: frozenset
    male: frozenset
    roles: re.Pattern  # a role word that refers back
    genders: dict
    abbreviations: dict
    group_of: dict
    stop_words: frozenset
    org_heads: frozenset
    organisation_phrase: re.Pattern
    countries: dict  # a country's name as written -> its English name
    place_before: frozenset  # words after which a country is a place ("in", "di")


def _organisation_phrase(lists: PeopleLists, language: str) -> re.Pattern:
    """ "the Norwegian foreign ministry", "the Morvanian embassy": an English organisation named
    by a determiner, capitalised words and a lower-case organisation word."""
    heads = lists.organisation_heads.get("en", ()) if language in ("en", "*") else ()
    if not heads:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(map(re.escape, sorted(heads, key=len, reverse=True)))
    return re.compile(
        rf"\b[Tt]he\s+(?P<org>(?:[A-Z][\w'’-]*\s+){{1,3}}(?:[a-z]+\s+)?(?:{alternatives}))\b"
    )


def compile_people(lists: PeopleLists, language: str) -> CompiledPeople:
    """:class:`CompiledPeople` of ``lists`` for ``language`` (``"*"``: every language)."""
    titles = sorted(lists.words("titles", language), key=len, reverse=True)
    org_heads = set(lists.words("organisation_heads", language))
    heads = sorted({t for t in titles if t[-1] != "."} | org_heads, key=len, reverse=True)
    head_alt = "|".join(re.escape(t) for t in heads) or r"(?!x)x"
    parts = []
    before = sorted(lists.words("role_before", language), key=len, reverse=True)
    after = sorted(lists.words("role_after", language), key=len, reverse=True)
    if before:  # "the Texas governor", "sang diplomat"
        words = "|".join(map(re.escape, before))
        parts.append(
            rf"\b(?i:{words})\s+(?P<mod>(?:[A-Z][\w'’-]*\s+){{0,2}})(?P<role>(?i:{head_alt}))\b"
        )
    if after:  # "menteri itu", "diplomat senior Rusia itu" (no verb between: me-, ber-, di-)
        words = "|".join(map(re.escape, after))
        parts.append(
            rf"\b(?P<role2>(?i:{head_alt}))(?P<mod2>(?:\s+(?!(?i:me|ber|di|ter|yang)\w)[\w'’-]+)"
            rf"{{0,4}}?)\s+(?i:{words})\b"
        )
    group_of: dict[str, int] = {}
    for number, group in enumerate(lists.role_groups):
        for word in group:
            group_of.setdefault(word, number)
    return CompiledPeople(
        titles=frozenset(titles),
        role_heads=frozenset(t.split()[-1] for t in heads),
        role_ends=frozenset(w for phrase in (*before, *after) for w in phrase.split()),
        org_words=frozenset(lists.words("organisation_words", language)),
        female=frozenset(lists.words("female", language)),
        male=frozenset(lists.words("male", language)),
        roles=re.compile("|".join(parts) if parts else r"(?!x)x"),
        genders=lists.mapping("pronoun_gender", language),
        abbreviations=lists.mapping("abbreviations", language),
        group_of=group_of,
        org_heads=frozenset(lists.words("organisation_heads", language)),
        organisation_phrase=_organisation_phrase(lists, language),
        countries=lists.country_names(language),
        place_before=frozenset(lists.words("place_before", language)),
        stop_words=frozenset(
            stop_words([language] if language != "*" else ["id", "en"])
            if language == "*" or has_stop_words(language)
            else ()
        ),
    )
