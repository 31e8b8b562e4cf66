"""Boilerplate rule files: their format, their validation and how they are loaded.

The rules that :func:`framing.corpus.cleaning.clean_text` applies live in YAML data files, one
per language, in ``framing/corpus/rules/``: ``common.yaml`` (language-independent: copyright
lines, bullet credits, bare URLs, agency credits ...), ``id.yaml`` (Indonesian) and ``en.yaml``
(English). A user adds rules with extra files in the same format.

Format of a rule file::

    language: id                  # the language the file is for ("common" for common.yaml)
    description: ...              # what the file covers
    rules:
      - id: cross_link            # rule id recorded in the removed table (snake_case)
        description: ...          # what the rule removes and why it is not article text
        scope: line               # line | inline | next_line (default line)
        patterns: ['baca juga\\s*:.*']
        keep_as: byline           # optional: metadata field for the removed text
        caption: before           # optional, photo credits: where the photo caption sits
        case_sensitive: false     # default false
        max_chars: 200            # line/next_line: longer lines never match (default 200)
        first_lines: 3            # inline only: apply once, within the first N kept lines
    heuristics:                   # optional: thresholds of the heuristic rules (see Heuristics)
      inserted_headline: {min_words: 4}

Scopes:

``line``
    A pattern must match the whole stripped line (``re.fullmatch``); the line is removed.
``inline``
    A pattern is searched inside the line; only the matched span is removed (a partial
    removal). Anchor it (``$``) when it must sit at the end of a line.
``next_line``
    The whole line is a label (``Photo :``, ``Sumber :``) whose value is the next non-blank
    line; both are removed with this rule and the value is kept as ``keep_as``.

``keep_as`` names a metadata field (:data:`METADATA_FIELDS`); the value is the pattern's named
group ``value`` when it has one, else the removed text. ``caption`` (with ``keep_as:
photo_credit``) says where the photo caption sits relative to the credit: ``before`` (VIVA:
caption, then ``Photo :`` and the credit) or ``after`` (Tribun: ``REUTERS``, then the caption).

Rules are tried in order (``common.yaml``, the language file, then extra files); the first rule
that matches a line gives it its id. A malformed file raises :class:`~framing.errors.InputError`
naming the file and the key.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from framing.errors import InputError

#: Folder of the rule files that ship with the library.
RULES_DIR = Path(__file__).parent / "rules"

#: Metadata fields a rule may keep the removed text as.
METADATA_FIELDS = ("byline", "editor", "dateline", "photo_credit")

#: Rule ids of the heuristics coded in :mod:`framing.corpus.cleaning` (they can be excluded
#: like any file rule).
HEURISTIC_RULES = ("title_line", "title_repeat", "kicker", "photo_caption", "inserted_headline")


def required_characters(pattern: re.Pattern[str]) -> frozenset[str]:
    """Characters that every match of ``pattern`` contains (its literal characters outside
    optional parts, alternatives and lookarounds; under IGNORECASE only those without case).

    Most boilerplate patterns need a character that few lines hold (``"editor: ..."`` needs
    ``":"``), but begin with ``\\s*`` or ``\\b``, so the regular expression engine tries them at
    every position of every line; testing ``ch in line`` first skips those lines. An empty set
    means nothing is known, and the pattern always runs.

    Examples
    --------
    >>> sorted(required_characters(re.compile(r"\\s*\\b(?:penulis|reporter)\\s*:\\s*(?P<v>.+)$")))
    [':', 'e', 'p']
    >>> sorted(required_characters(re.compile(r"(?:a|b)?x+[(]", re.IGNORECASE)))
    ['(']
    """
    try:
        from re import _constants as constants
        from re import _parser as parser
    except ImportError:  # Python before 3.11
        import sre_constants as constants  # type: ignore[no-redef]
        import sre_parse as parser  # type: ignore[no-redef]
    repeats = {constants.MAX_REPEAT, constants.MIN_REPEAT}
    repeats |= {getattr(constants, "POSSESSIVE_REPEAT", constants.MAX_REPEAT)}

    def walk(items, ignorecase: bool) -> set[str]:
        found: set[str] = set()
        for op, av in items:
            if op is constants.LITERAL:
                char = chr(av)
                if not ignorecase or char.lower() == char.upper():
                    found.add(char)
            elif op is constants.SUBPATTERN:
                _, add, remove, sub = av
                inner = (ignorecase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
                found |= walk(sub, inner)
            elif op in repeats and av[0] >= 1:
                found |= walk(av[2], ignorecase)
            elif op is constants.BRANCH:
                sets = [walk(alternative, ignorecase) for alternative in av[1]]
                found |= set.intersection(*sets) if sets else set()
        return found

    try:
        tree = parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a parser of another Python version: nothing is known
        return frozenset()
    return frozenset(walk(tree, bool(pattern.flags & re.IGNORECASE)))


class Rule(BaseModel):
    """One boilerplate rule of a rule file (see the module docstring for the fields)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str = Field(min_length=1)
    scope: Literal["line", "inline", "next_line"] = "line"
    patterns: list[str] = Field(min_length=1)
    keep_as: Literal["byline", "editor", "dateline", "photo_credit"] | None = None
    caption: Literal["before", "after"] | None = None
    case_sensitive: bool = False
    max_chars: int = Field(200, gt=0)
    first_lines: int | None = Field(None, gt=0)

    _compiled: tuple[re.Pattern[str], ...] = PrivateAttr(default=())
    _guarded: tuple[tuple[re.Pattern[str], str], ...] = PrivateAttr(default=())

    @model_validator(mode="after")
    def _check_and_compile(self) -> Rule:
        if self.caption is not None and (self.keep_as != "photo_credit" or self.scope == "inline"):
            raise ValueError("'caption' needs keep_as: photo_credit and scope line or next_line")
        if self.first_lines is not None and self.scope != "inline":
            raise ValueError("'first_lines' applies to scope: inline only")
        flags = 0 if self.case_sensitive else re.IGNORECASE
        compiled = []
        for i, pattern in enumerate(self.patterns):
            try:
                compiled.append(re.compile(pattern, flags))
            except re.error as err:
                raise ValueError(
                    f"patterns[{i}] {pattern!r} is not a valid regex ({err})"
                ) from None
        self._compiled = tuple(compiled)
        self._guarded = tuple((c, "".join(sorted(required_characters(c)))) for c in compiled)
        return self

    @property
    def compiled(self) -> tuple[re.Pattern[str], ...]:
        """The compiled patterns, in file order."""
        return self._compiled

    @property
    def guarded(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """Each compiled pattern with the characters every match of it holds
        (:func:`required_characters`): a line without one of them need not be searched."""
        return self._guarded


class InsertedHeadlineSettings(BaseModel):
    """Thresholds of the ``inserted_headline`` heuristic.

    A kept line is the headline of another story when it has no sentence-final punctuation, has
    ``min_words`` to ``max_words`` words, does not start with a list marker, and sits between
    body paragraphs (the next kept line is a body paragraph and the previous one, if any, too).
    A body paragraph ends with sentence-final punctuation and has at least ``min_body_words``
    words.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    min_words: int = Field(4, gt=0)
    max_words: int = Field(20, gt=0)
    min_body_words: int = Field(8, gt=0)


class PhotoCaptionSettings(BaseModel):
    """Thresholds of the ``photo_caption`` heuristic.

    A caption is one sentence of at most ``max_words`` words on the side of a photo credit the
    credit rule's ``caption`` gives, at most ``max_gap_before`` input lines above the credit's
    label (one blank line allowed) or ``max_gap_after`` lines below the credit (directly under
    it: a credit-then-caption block is one figure, while a paragraph after a blank line is
    body text).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    max_words: int = Field(40, gt=0)
    max_gap_before: int = Field(2, gt=0)
    max_gap_after: int = Field(1, gt=0)


class KickerSettings(BaseModel):
    """Thresholds of the ``kicker`` heuristic: up to ``max_lines`` lines before the title, each
    of at most ``max_words`` words without sentence-final punctuation (a section label).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    max_lines: int = Field(2, ge=0)
    max_words: int = Field(5, gt=0)


class TitleSettings(BaseModel):
    """Thresholds of title detection when no title is given: the first line is taken as the
    title only when the next line repeats it and it has at least ``min_words`` words.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    min_words: int = Field(3, gt=0)


class Heuristics(BaseModel):
    """Thresholds of the heuristic rules, settable in the ``heuristics`` key of a rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    inserted_headline: InsertedHeadlineSettings = InsertedHeadlineSettings()
    photo_caption: PhotoCaptionSettings = PhotoCaptionSettings()
    kicker: KickerSettings = KickerSettings()
    title: TitleSettings = TitleSettings()


class RuleFile(BaseModel):
    """The content of one rule file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    language: str = Field(min_length=1)
    description: str = ""
    rules: list[Rule] = []
    heuristics: Heuristics = Heuristics()


@dataclass(frozen=True)
class RuleSet:
    """The rules and heuristic thresholds one cleaning run applies.

    Attributes
    ----------
    rules : tuple of Rule
        File rules in the order they are tried.
    heuristics : Heuristics
        Thresholds of the coded heuristics.
    excluded : frozenset of str
        Rule ids (file or heuristic) switched off.
    sources : tuple of str
        The rule files read, in order.
    """

    rules: tuple[Rule, ...]
    heuristics: Heuristics
    excluded: frozenset[str]
    sources: tuple[str, ...]

    def enabled(self, rule_id: str) -> bool:
        """Whether rule ``rule_id`` is switched on."""
        return rule_id not in self.excluded


def available_languages() -> list[str]:
    """Language codes that have a rule file shipped with the library.

    Examples
    --------
    >>> available_languages()
    ['en', 'id']
    """
    return sorted(p.stem for p in RULES_DIR.glob("*.yaml") if p.stem != "common")


def read_rule_file(path: str | Path) -> RuleFile:
    """Read and validate one rule file.

    Parameters
    ----------
    path : str or Path
        A YAML file in the format described in this module's docstring.

    Returns
    -------
    RuleFile
        The validated content, patterns compiled.

    Raises
    ------
    InputError
        If the file is missing, is not YAML, or a key is missing or wrong (the message names
        the file and the key).
    """
    path = Path(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise InputError(
            f"{path}: rule file not found; give the path of a YAML rule file"
        ) from None
    return _read_rule_file(str(path), stamp)


@functools.lru_cache(maxsize=64)
def _read_rule_file(path: str, stamp: int) -> RuleFile:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        where = getattr(err, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        problem = getattr(err, "problem", None) or type(err).__name__
        raise InputError(
            f"{path}: not a valid UTF-8 YAML rule file ({problem}{at}); fix the syntax"
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            f"{path}: a rule file must be a mapping with keys language, description, rules; "
            "see framing.corpus.cleaning_rules for the format"
        )
    try:
        return RuleFile.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = f" (and {err.error_count() - 1} more problem(s))" if err.error_count() > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        raise InputError(
            f"{path}: key '{key}': {message}{more}; fix the rule file "
            "(format: see framing.corpus.cleaning_rules)"
        ) from None


def load_rules(
    language: str = "id",
    *,
    extra_files: Iterable[str | Path] = (),
    exclude: Iterable[str] = (),
) -> RuleSet:
    """Assemble the rules for one language.

    Parameters
    ----------
    language : str, default "id"
        Language code; ``common.yaml`` is always read, then ``<language>.yaml`` when the library
        ships one (other codes, e.g. ``"und"``, get the common rules only).
    extra_files : iterable of path, optional
        User rule files, read after the built-in ones (their heuristic thresholds override).
    exclude : iterable of str, optional
        Rule ids to switch off, file rules or heuristics (:data:`HEURISTIC_RULES`).

    Returns
    -------
    RuleSet

    Examples
    --------
    >>> rules = load_rules("en", exclude=["inserted_headline"])
    >>> rules.enabled("inserted_headline")
    False
    """
    files = [RULES_DIR / "common.yaml"]
    own = RULES_DIR / f"{language}.yaml"
    if language != "common" and own.exists():
        files.append(own)
    files.extend(Path(p) for p in extra_files)
    parsed = [read_rule_file(p) for p in files]
    rules = tuple(rule for rf in parsed for rule in rf.rules)
    merged: dict[str, dict] = {}
    for rf in parsed:
        for section, values in rf.heuristics.model_dump(exclude_unset=True).items():
            merged.setdefault(section, {}).update(values)
    return RuleSet(
        rules=rules,
        heuristics=Heuristics.model_validate(merged),
        excluded=frozenset(exclude),
        sources=tuple(str(p) for p in files),
    )


@functools.lru_cache(maxsize=16)
def default_rules(language: str) -> RuleSet:
    """The built-in rules for ``language``, loaded once per process (see :func:`load_rules`)."""
    return load_rules(language)
