"""The word lists of attribution: source names and types, attribution cues, hedges, pronouns.

Both lists are YAML data files shipped in ``framing/attribution/data/``:

- ``sources.yaml`` — ``types`` (id: description), ``sides`` and ``sources``, each source with
  a ``name``, a ``type``, ``patterns`` as written in the text and an optional
  ``case_sensitive``. A user file in the same format adds sources; an entry with the ``name``
  of a loaded one replaces it, and its ``types`` may add new type ids.
- ``sides`` — the sides of the voice rule (:mod:`framing.attribution.voice`), in order of
  precedence: ``ID: {label: TEXT, types: [TYPE, ...]}``. A statement attributed to a source of
  one of a side's types is in the voice ``attributed_ID``; ``label`` names the side in the
  report ("the Western side"). Ids are ``[a-z][a-z0-9_]*`` other than ``other`` and ``none``.
  A file that declares ``sides`` replaces the whole mapping of the files before it (an empty
  ``sides: {}`` leaves no side); a file without it keeps them.
- ``cues.yaml`` — cue ``kinds`` (each with a ``direction``, ``after`` or ``before``, where its
  source stands; an optional ``max_gap`` in words; optional ``after_punctuation`` for speech
  verbs that follow a quote; and cue phrases per language), ``hedges``, ``negations`` and
  ``pronouns`` per language.

Errors name the file, the line and the key, in one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from framing.errors import InputError
from framing.utils.yaml_lines import LineChecker, LinedList, LinedMap, read_lined_yaml

#: Source types every source list has (users may add more in a ``types`` mapping).
SOURCE_TYPES = (
    "western_government",
    "russian_state",
    "dprk_state",
    "chinese_state",
    "south_korean_government",
    "ukrainian_government",
    "wire_agency",
    "other_media",
    "own_reporting",
    "expert",
    "un",
    "unknown",
)
DIRECTIONS = ("after", "before")
SIDE_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
#: Values of the ``side`` column that are not sides: another source, or no source at all.
RESERVED_SIDES = ("other", "none")
SOURCE_FILE_KEYS = {"types", "sides", "sources"}
CUE_FILE_KEYS = {"kinds", "hedges", "pronouns", "negations"}
#: Default largest number of words between a cue and the start (or end) of its source.
DEFAULT_MAX_GAP = {"after": 3, "before": 10}


@dataclass(frozen=True)
class Source:
    """A named source: its canonical ``name``, its ``type`` and the ``patterns`` that find it."""

    name: str
    type: str
    patterns: tuple[str, ...]
    case_sensitive: bool = False


@dataclass(frozen=True)
class Side:
    """A side of the voice rule: its ``id``, a ``label`` for prose and its source ``types``."""

    id: str
    label: str
    types: tuple[str, ...]


@dataclass
class SourceList:
    """Sources by name, the type descriptions and the sides, merged from one or more files."""

    types: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    sides: dict[str, Side] = field(default_factory=dict)

    def patterns(self) -> list[tuple[str, Source]]:
        """Every (pattern, source) pair, longest pattern first."""
        pairs = [(p, s) for s in self.sources.values() for p in s.patterns]
        return sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0]))


@dataclass(frozen=True)
class CueKind:
    """A kind of attribution cue (see ``cues.yaml``)."""

    name: str
    direction: str
    max_gap: int
    after_punctuation: bool
    phrases: dict[str, tuple[str, ...]]
    description: str = ""


@dataclass(frozen=True)
class CueList:
    """Cue kinds, hedges and pronouns per language."""

    kinds: tuple[CueKind, ...]
    hedges: dict[str, tuple[str, ...]]
    pronouns: dict[str, tuple[str, ...]]
    negations: dict[str, tuple[str, ...]]
    path: str = ""


def _data_path(name: str) -> Path:
    return Path(str(resources.files("framing.attribution") / "data" / name))


def _read(path: str | Path, keys: set[str]) -> tuple[LinedMap, LineChecker]:
    data, check = read_lined_yaml(path, "word list")
    return check.mapping(data, 1, "(top level)", keys), check


def _phrases(check: LineChecker, value: object, line: int, key: str) -> tuple[str, ...]:
    if not isinstance(value, LinedList) or not value:
        check.fail(line, key, "expected a non-empty list of words or phrases")
    return tuple(check.text(item, value.lines[i], f"{key}[{i}]") for i, item in enumerate(value))


def _sides(check: LineChecker, raw: object, line: int, known: set[str]) -> dict[str, Side]:
    """The ``sides`` mapping of a source file, validated, in its order."""
    if raw is None:  # "sides:" with nothing after it
        return {}
    if not isinstance(raw, LinedMap):
        check.fail(line, "sides", "expected a mapping of side id to its label and types")
    sides = {}
    for name in raw:
        key, where = f"sides.{name}", raw.lines[name]
        if not isinstance(name, str) or not SIDE_ID_RE.match(name) or name in RESERVED_SIDES:
            check.fail(
                where, key, "expected a side id like 'government' ([a-z][a-z0-9_]*, not other/none)"
            )
        entry = check.mapping(raw[name], where, key, {"label", "types"})
        for needed in ("label", "types"):
            if needed not in entry:
                check.fail(where, f"{key}.{needed}", "missing; every side needs label and types")
        types = _phrases(check, entry["types"], entry.lines["types"], f"{key}.types")
        unknown = [t for t in types if t not in known]
        if unknown:
            check.fail(
                entry.lines["types"],
                f"{key}.types",
                f"unknown source type {unknown[0]!r}; use one of {', '.join(sorted(known))} "
                "or declare it under types",
            )
        label = check.text(entry["label"], entry.lines["label"], f"{key}.label")
        sides[name] = Side(name, label, tuple(dict.fromkeys(types)))
    return sides


def read_source_file(path: str | Path, into: SourceList | None = None) -> SourceList:
    """Read a source list file and merge it into ``into`` (a new list if None).

    Parameters
    ----------
    path : str or Path
        A YAML file with ``types``, ``sides`` and/or ``sources`` (format in the module
        docstring).
    into : SourceList, optional
        Sources loaded so far; entries of ``path`` with the same ``name`` replace them, and
        its ``sides``, if it declares any, replace theirs.

    Returns
    -------
    SourceList
    """
    data, check = _read(path, SOURCE_FILE_KEYS)
    merged = into or SourceList()
    types = data.get("types", LinedMap())
    check.mapping(types, data.lines.get("types", 1), "types", set(map(str, types)))
    for name in types:
        merged.types[str(name)] = check.text(types[name], types.lines[name], f"types.{name}")
    known = set(merged.types) | set(SOURCE_TYPES)
    if "sides" in data:
        merged.sides = _sides(check, data["sides"], data.lines["sides"], known)
    entries = data.get("sources", LinedList())
    if not isinstance(entries, LinedList):
        check.fail(data.lines.get("sources", 1), "sources", "expected a list of sources")
    for i, raw in enumerate(entries):
        line, key = entries.lines[i], f"sources[{i}]"
        raw = check.mapping(raw, line, key, {"name", "type", "patterns", "case_sensitive"})
        for needed in ("name", "type", "patterns"):
            if needed not in raw:
                check.fail(
                    line, f"{key}.{needed}", "missing; every source needs name, type, patterns"
                )
        kind = check.text(raw["type"], raw.lines["type"], f"{key}.type")
        if kind not in known:
            check.fail(
                raw.lines["type"],
                f"{key}.type",
                f"unknown source type {kind!r}; use one of {', '.join(sorted(known))} "
                "or declare it under types",
            )
        sensitive = raw.get("case_sensitive", False)
        if not isinstance(sensitive, bool):
            check.fail(
                raw.lines["case_sensitive"], f"{key}.case_sensitive", "expected true or false"
            )
        name = check.text(raw["name"], raw.lines["name"], f"{key}.name")
        patterns = _phrases(check, raw["patterns"], raw.lines["patterns"], f"{key}.patterns")
        merged.sources[name] = Source(name, kind, patterns, sensitive)
    merged.files.append(str(path))
    return merged


def load_sources(
    paths: list[str | Path] | None = None, *, include_builtin: bool = True
) -> SourceList:
    """The built-in source list, then each file of ``paths`` merged over it in order.

    Examples
    --------
    >>> sources = load_sources()
    >>> sources.sources["AFP"].type
    'wire_agency'
    >>> len(sources.sides) >= 1
    True
    """
    merged = SourceList()
    files = ([_data_path("sources.yaml")] if include_builtin else []) + list(paths or [])
    if not files:
        raise InputError("source list: no file given; pass a sources file or keep the built-in one")
    for path in files:
        read_source_file(path, merged)
    return merged


def load_cues(path: str | Path | None = None) -> CueList:
    """Read the cue file (the built-in ``cues.yaml`` by default).

    Examples
    --------
    >>> [kind.name for kind in load_cues().kinds][:2]
    ['according_to', 'said_after']
    """
    path = path or _data_path("cues.yaml")
    data, check = _read(path, CUE_FILE_KEYS)
    for needed in ("kinds", "hedges", "pronouns", "negations"):
        if needed not in data:
            check.fail(1, needed, "missing; a cue file needs kinds, hedges, negations, pronouns")
    kinds = []
    raw_kinds = check.mapping(
        data["kinds"], data.lines["kinds"], "kinds", set(map(str, data["kinds"]))
    )
    for name in raw_kinds:
        key, line = f"kinds.{name}", raw_kinds.lines[name]
        raw = raw_kinds[name]
        if not isinstance(raw, LinedMap):
            check.fail(line, key, "expected a mapping with direction and phrases per language")
        direction = raw.get("direction")
        if direction not in DIRECTIONS:
            check.fail(
                raw.lines.get("direction", line), f"{key}.direction", "expected after or before"
            )
        gap = raw.get("max_gap", DEFAULT_MAX_GAP[direction])
        if isinstance(gap, bool) or not isinstance(gap, int) or gap < 0:
            check.fail(
                raw.lines.get("max_gap", line), f"{key}.max_gap", "expected a whole number >= 0"
            )
        languages = {
            str(lang): _phrases(check, raw[lang], raw.lines[lang], f"{key}.{lang}")
            for lang in raw
            if lang not in ("direction", "max_gap", "after_punctuation", "description")
        }
        if not languages:
            check.fail(line, key, "no phrases; list them per language, e.g. id: [menurut]")
        description = str(raw.get("description", ""))
        kinds.append(
            CueKind(
                str(name),
                direction,
                gap,
                bool(raw.get("after_punctuation")),
                languages,
                description,
            )
        )

    def per_language(key: str) -> dict[str, tuple[str, ...]]:
        raw = check.mapping(data[key], data.lines[key], key, set(map(str, data[key])))
        return {
            str(lang): _phrases(check, raw[lang], raw.lines[lang], f"{key}.{lang}") for lang in raw
        }

    return CueList(
        tuple(kinds),
        per_language("hedges"),
        per_language("pronouns"),
        per_language("negations"),
        str(path),
    )


def trie_pattern(phrases: list[str] | tuple[str, ...], *, fold_case: bool = True) -> str:
    r"""A regular expression matching any of ``phrases``, written as a prefix tree.

    An alternation of hundreds of literals makes Python's ``re`` try every one at every
    position; the same set written as a tree of shared prefixes (``Korea (?:Utara|Selatan)``)
    tries each character once. Longer phrases are tried before their prefixes, so the longest
    phrase that matches at a position wins, as in a longest-first alternation. A space matches
    any run of white space.

    Examples
    --------
    >>> trie_pattern(["Korea Utara", "Korea Selatan", "Korut"])
    'kor(?:ea\\s+(?:selatan|utara)|ut)'
    """
    tree: dict = {}
    for phrase in set(phrases):
        node = tree
        for char in phrase.lower() if fold_case else phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + pattern(child)
            for char, child in sorted(node.items())
            if char != ""
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return pattern(tree)


def phrase_regex(
    phrases: list[str] | tuple[str, ...], *, clitic: bool = False, flags: int = re.IGNORECASE
):
    """One compiled regex of ``phrases`` as whole words, the longest first (a prefix tree).

    With ``clitic``, an Indonesian ``-nya`` may follow and is captured in group ``nya``.

    Examples
    --------
    >>> regex = phrase_regex(["dilansir", "dilansir dari"])
    >>> regex.search("Dilansir dari CNBC Indonesia").group(0)
    'Dilansir dari'
    """
    body = trie_pattern(phrases, fold_case=bool(flags & re.IGNORECASE))
    tail = r"(?P<nya>nya)?" if clitic else ""
    return re.compile(rf"(?<![\w-])(?:{body}){tail}(?![\w-])", flags)


@lru_cache(maxsize=1)
def builtin_sides() -> tuple[Side, ...]:
    """The sides of the built-in source list, in order of precedence.

    Examples
    --------
    >>> all(side.types for side in builtin_sides())
    True
    """
    return tuple(load_sources().sides.values())
