"""Frame lexicons: the YAML format, its validation, and merging several files into one lexicon.

A lexicon file (see ``framing/frames/lexicons/russia_dprk.yaml`` for a full example)::

    frames:
      - id: western_accusation            # [a-z][a-z0-9_]*, the id in every table
        label: Western accusation          # short name for figures and reports
        description: Facts presented as claims of Washington, Seoul, Kyiv or NATO.
        weight: 1.0                        # optional default weight of its terms
        key: true                          # optional: singled out by the voice analysis, charts
                                           # and exports (default false)
        mode: replace                      # optional: replace (default) or extend an earlier frame
        terms:                             # language code -> list of entries
          id:
            - tuduhan Barat                # a literal word or phrase (case-insensitive)
            - {root: tuduh, affixes: verb} # every affixed form: menuduh, dituduh, tuduhan, ...
            - {term: "{klaim} Washington", affixes: verb}   # affixes on the braced word only
            - {term: AS, case_sensitive: true, weight: 0.5}
          en:
            - {root: accuse, affixes: verb, forms: [accusation, accusations]}
        exclusions:                        # phrases that cancel a hit of this frame inside them
          id: [tuduhan palsu]

A term entry is a string or a mapping with exactly one of ``term``/``root`` and optionally
``affixes`` (a paradigm of :mod:`framing.frames.affixes` or a list of patterns), ``forms``
(extra literal forms), ``weight`` (> 0), ``case_sensitive``, ``generic`` and ``note``. Every
problem is reported as one line naming the file, the line and the key.

A ``generic: true`` entry is a word that often carries the frame but also appears without it
(bare "cooperation", a treaty's name quoted in a condemnation). Its hits count like any other;
the ``frame_shares_core`` table counts only sentences with a hit of a core (not generic) entry,
so a study can report shares without the generic terms as a robustness check.

When several files are loaded, a frame whose id was already defined replaces the earlier
definition (``mode: replace``, the default) or adds its terms to it (``mode: extend``, which
keeps the earlier label, description and ``key``).

The key frames of a study are those the voice analysis, the charts and the exports single out:
the study's ``frames.key`` when set, else the frames marked ``key: true``, else every frame
(:meth:`Lexicon.key_frames`). The frames stage saves them, with each frame's label and
description, as the ``frame_catalog`` table (:meth:`Lexicon.catalog`), from which the report
reads them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from framing.errors import ConfigError, InputError
from framing.frames.affixes import expand_root
from framing.utils.yaml_lines import LineChecker, LinedList, LinedMap, read_lined_yaml

FRAME_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
SLOT_RE = re.compile(r"\{([^{}\s]+)\}")

FILE_KEYS = {"frames", "name", "description", "version", "references"}
FRAME_KEYS = {
    "id",
    "label",
    "description",
    "terms",
    "exclusions",
    "weight",
    "mode",
    "note",
    "key",
}
CATALOG_COLUMNS = ("frame", "label", "description", "key", "n_terms")
TERM_KEYS = {"term", "root", "affixes", "forms", "weight", "case_sensitive", "generic", "note"}


@dataclass(frozen=True)
class Term:
    """One lexicon entry and the surface forms it matches.

    Attributes
    ----------
    frame : str
        Id of the frame the entry belongs to.
    language : str
        Language code of the entry (``"id"``, ``"en"``, ...).
    term : str
        The entry as written (``"tuduhan Barat"``, ``"{tuduh}"``); the ``term`` column of
        ``frame_hits``.
    forms : tuple of str
        Surface forms to match (lowercase unless ``case_sensitive``).
    weight : float
        Weight of each hit (default 1).
    case_sensitive : bool
        Match the forms with their exact case (acronyms such as ``AS``).
    exclusion : bool
        True for an exclusion: a hit of the frame inside an exclusion match is discarded.
    source : str
        ``FILE:LINE`` of the entry.
    generic : bool
        A generic entry (bare "cooperation"): counted, but left out of the core-only shares.
    """

    frame: str
    language: str
    term: str
    forms: tuple[str, ...]
    weight: float = 1.0
    case_sensitive: bool = False
    exclusion: bool = False
    source: str = ""
    generic: bool = False


@dataclass(frozen=True)
class Frame:
    """A frame: id, label, description, its terms and exclusions, and whether it is key."""

    id: str
    label: str
    description: str
    terms: tuple[Term, ...]
    exclusions: tuple[Term, ...] = ()
    source: str = ""
    key: bool = False


@dataclass
class Lexicon:
    """Frames merged from one or more lexicon files.

    Attributes
    ----------
    frames : dict of str to Frame
        Frames by id, in the order they were first defined.
    sources : list of str
        The files read, in order.
    overrides : list of str
        One note per frame replaced or extended by a later file.
    """

    frames: dict[str, Frame] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)

    @property
    def frame_ids(self) -> list[str]:
        """Ids of the frames, in definition order."""
        return list(self.frames)

    def select(self, frame_ids: list[str] | None) -> Lexicon:
        """This lexicon with only the frames ``frame_ids`` (all of them when None or empty).

        Raises
        ------
        ConfigError
            A frame id the lexicon does not define, with the ids it does.
        """
        if not frame_ids:
            return self
        unknown = [f for f in frame_ids if f not in self.frames]
        if unknown:
            raise ConfigError(
                f"frames to use: {', '.join(map(repr, unknown))} not in the lexicon; "
                f"its frames are {', '.join(self.frame_ids)}"
            )
        return Lexicon(
            frames={f: self.frames[f] for f in frame_ids},
            sources=list(self.sources),
            overrides=list(self.overrides),
        )

    def key_frames(self, chosen: list[str] | None = None) -> list[str]:
        """The frames a study singles out: ``chosen``, else those marked key, else all.

        Parameters
        ----------
        chosen : list of str, optional
            The study's ``frames.key``; wins over the lexicon's ``key`` marks.

        Raises
        ------
        ConfigError
            A chosen frame id the lexicon does not define, with the ids it does.

        Examples
        --------
        >>> lexicon = Lexicon({f: Frame(f, f, f, (), key=f == "b") for f in ("a", "b")})
        >>> lexicon.key_frames(), lexicon.key_frames(["a"])
        (['b'], ['a'])
        >>> Lexicon({"c": Frame("c", "C", "No frame is marked.", ())}).key_frames()
        ['c']
        """
        if chosen:
            unknown = [f for f in chosen if f not in self.frames]
            if unknown:
                raise ConfigError(
                    f"key frames (frames.key): {', '.join(map(repr, unknown))} not in the "
                    f"lexicon; its frames are {', '.join(self.frame_ids)}"
                )
            return list(dict.fromkeys(chosen))
        marked = [f for f, frame in self.frames.items() if frame.key]
        return marked or self.frame_ids

    def catalog(self, key_frames: list[str] | None = None) -> pd.DataFrame:
        """The ``frame_catalog`` table: frame, label, description, key, n_terms.

        Parameters
        ----------
        key_frames : list of str, optional
            As for :meth:`key_frames`.

        Examples
        --------
        >>> lexicon = Lexicon({"a": Frame("a", "A", "About a.", (), key=True)})
        >>> lexicon.catalog().to_dict("records")
        [{'frame': 'a', 'label': 'A', 'description': 'About a.', 'key': True, 'n_terms': 0}]
        """
        keys = set(self.key_frames(key_frames))
        rows = [
            (f.id, f.label, f.description, f.id in keys, len(f.terms)) for f in self.frames.values()
        ]
        return pd.DataFrame(rows, columns=list(CATALOG_COLUMNS))

    @property
    def languages(self) -> list[str]:
        """Languages with at least one term, sorted."""
        return sorted({t.language for f in self.frames.values() for t in f.terms})

    def terms(self, *, exclusions: bool = False) -> list[Term]:
        """All terms (and, if ``exclusions``, exclusion entries) of every frame."""
        out: list[Term] = []
        for frame in self.frames.values():
            out.extend(frame.terms)
            if exclusions:
                out.extend(frame.exclusions)
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per (entry, surface form) with its frame, language, weight and source."""
        rows = [
            {
                "frame": t.frame,
                "language": t.language,
                "term": t.term,
                "form": form,
                "weight": t.weight,
                "case_sensitive": t.case_sensitive,
                "exclusion": t.exclusion,
                "generic": t.generic,
                "source": t.source,
            }
            for t in self.terms(exclusions=True)
            for form in t.forms
        ]
        columns = ["frame", "language", "term", "form", "weight"]
        columns += ["case_sensitive", "exclusion", "generic", "source"]
        return pd.DataFrame(rows, columns=columns)


def key_frame_ids(catalog: pd.DataFrame | None, frames: Iterable[str]) -> list[str]:
    """The key frames among ``frames``, by a run's ``frame_catalog`` table, in its order.

    Without a catalog (a run of an older version) every frame of ``frames`` is key.

    Examples
    --------
    >>> catalog = pd.DataFrame({"frame": ["a", "b", "c"], "key": [False, True, True]})
    >>> key_frame_ids(catalog, ["a", "c"]), key_frame_ids(None, ["a", "c"])
    (['c'], ['a', 'c'])
    """
    present = list(dict.fromkeys(map(str, frames)))
    if catalog is None or catalog.empty or "key" not in catalog:
        return present
    marked = catalog["key"].map(lambda v: str(v).strip().lower() in ("true", "1"))
    keys = list(dict.fromkeys(catalog.loc[marked, "frame"].astype(str)))
    return [f for f in keys if f in set(present)]


def _expand_entry(text: str, affixes: object, language: str) -> list[str]:
    """Forms of an entry: each ``{slot}`` replaced by every form of its root."""
    slots = SLOT_RE.findall(text)
    if not slots:
        return [text]
    choices = [expand_root(slot, affixes, language) for slot in slots]
    parts = SLOT_RE.split(text)  # literal, slot, literal, slot, ..., literal
    forms = []
    for combo in itertools.product(*choices):
        pieces = [p if i % 2 == 0 else combo[i // 2] for i, p in enumerate(parts)]
        forms.append(" ".join("".join(pieces).split()))
    return forms


def _parse_term(
    check: LineChecker,
    entry: object,
    line: int,
    key: str,
    *,
    frame: str,
    language: str,
    weight: float,
    exclusion: bool,
) -> Term:
    if isinstance(entry, str):
        entry_map: dict = {"term": entry}
        lines: dict = {}
    else:
        entry_map = check.mapping(entry, line, key, TERM_KEYS)
        lines = entry_map.lines
    has_term, has_root = "term" in entry_map, "root" in entry_map
    if has_term == has_root:
        check.fail(line, key, "give exactly one of 'term' (a word or phrase) or 'root'")
    if has_root:
        root = check.text(entry_map["root"], lines.get("root", line), f"{key}.root")
        if " " in root or SLOT_RE.search(root):
            check.fail(line, f"{key}.root", "a root is one word; use 'term: \"{root} word\"'")
        text = "{" + root.lower() + "}"
    else:
        text = check.text(entry_map["term"], lines.get("term", line), f"{key}.term")
    affixes = entry_map.get("affixes")
    if SLOT_RE.search(text) and affixes is None:
        check.fail(line, f"{key}.affixes", "a root or {slot} needs affixes (e.g. 'verb')")
    if affixes is not None and not SLOT_RE.search(text):
        check.fail(line, f"{key}.affixes", "affixes apply to a root or a {braced} word only")
    if affixes is not None and not (
        isinstance(affixes, str)
        or (isinstance(affixes, list) and all(isinstance(a, str) for a in affixes))
    ):
        check.fail(line, f"{key}.affixes", "expected a paradigm name or a list of patterns")
    case_sensitive = entry_map.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        check.fail(line, f"{key}.case_sensitive", "expected true or false")
    generic = entry_map.get("generic", False)
    if not isinstance(generic, bool):
        check.fail(line, f"{key}.generic", "expected true or false")
    try:
        forms = _expand_entry(text, affixes, language)
    except ValueError as err:
        check.fail(lines.get("affixes", line), f"{key}.affixes", str(err))
    extra = entry_map.get("forms", [])
    if not isinstance(extra, list):
        check.fail(line, f"{key}.forms", "expected a list of words or phrases")
    forms += [check.text(f, line, f"{key}.forms") for f in extra]
    if not case_sensitive:
        forms = [f.lower() for f in forms]
    if "weight" in entry_map:
        weight = check.weight(entry_map["weight"], lines.get("weight", line), f"{key}.weight")
    return Term(
        frame=frame,
        language=language,
        term=text,
        forms=tuple(dict.fromkeys(forms)),
        weight=weight,
        case_sensitive=case_sensitive,
        exclusion=exclusion,
        source=f"{check.where}:{line}",
        generic=generic,
    )


def _parse_entries(
    check: LineChecker, value: object, line: int, key: str, *, frame: str, weight: float, excl: bool
) -> list[Term]:
    if not isinstance(value, LinedMap):
        check.fail(line, key, "expected a mapping of language code to a list of entries")
    terms = []
    for language, entries in value.items():
        lang_line = value.lines[language]
        if not isinstance(language, str) or not LANGUAGE_RE.match(language):
            check.fail(lang_line, f"{key}.{language}", "expected a language code such as id, en")
        if not isinstance(entries, LinedList):
            check.fail(lang_line, f"{key}.{language}", "expected a list of entries")
        for i, entry in enumerate(entries):
            terms.append(
                _parse_term(
                    check,
                    entry,
                    entries.lines[i],
                    f"{key}.{language}[{i}]",
                    frame=frame,
                    language=language,
                    weight=weight,
                    exclusion=excl,
                )
            )
    return terms


def _parse_frame(check: LineChecker, raw: object, line: int, key: str) -> tuple[Frame, str]:
    raw = check.mapping(raw, line, key, FRAME_KEYS)
    for required in ("id", "label", "description", "terms"):
        if required not in raw:
            check.fail(raw.line, f"{key}.{required}", "missing required key")
    frame_id = raw["id"]
    if not isinstance(frame_id, str) or not FRAME_ID_RE.match(frame_id):
        check.fail(raw.lines["id"], f"{key}.id", "expected an id like 'economic_cost'")
    label = check.text(raw["label"], raw.lines["label"], f"{key}.label")
    description = check.text(raw["description"], raw.lines["description"], f"{key}.description")
    weight = 1.0
    if "weight" in raw:
        weight = check.weight(raw["weight"], raw.lines["weight"], f"{key}.weight")
    mode = raw.get("mode", "replace")
    if mode not in ("replace", "extend"):
        check.fail(raw.lines.get("mode", line), f"{key}.mode", "expected 'replace' or 'extend'")
    terms = _parse_entries(
        check, raw["terms"], raw.lines["terms"], f"{key}.terms", frame=frame_id, weight=weight,
        excl=False,
    )  # fmt: skip
    exclusions = []
    if "exclusions" in raw:
        exclusions = _parse_entries(
            check, raw["exclusions"], raw.lines["exclusions"], f"{key}.exclusions",
            frame=frame_id, weight=weight, excl=True,
        )  # fmt: skip
    if not terms and mode == "replace":
        check.fail(raw.lines["terms"], f"{key}.terms", "a frame needs at least one term")
    is_key = raw.get("key", False)
    if not isinstance(is_key, bool):
        check.fail(raw.lines["key"], f"{key}.key", "expected true or false")
    frame = Frame(
        frame_id, label, description, tuple(terms), tuple(exclusions), check.where, is_key
    )
    return frame, mode


def read_lexicon_file(path: str | Path) -> list[tuple[Frame, str]]:
    """Read and validate one lexicon file; return its frames with their merge mode.

    Parameters
    ----------
    path : str or Path
        A YAML lexicon file (format in the module docstring).

    Returns
    -------
    list of (Frame, str)
        Each frame and its ``mode`` ("replace" or "extend").

    Raises
    ------
    InputError
        One line naming the file, the line and the key of the first problem.
    """
    data, check = read_lined_yaml(path, "lexicon file")
    data = check.mapping(data, 1, "(top level)", FILE_KEYS)
    if "frames" not in data or not isinstance(data["frames"], LinedList) or not data["frames"]:
        check.fail(data.lines.get("frames", 1), "frames", "expected a non-empty list of frames")
    frames, seen = [], set()
    for i, raw in enumerate(data["frames"]):
        frame, mode = _parse_frame(check, raw, data["frames"].lines[i], f"frames[{i}]")
        if frame.id in seen:
            check.fail(data["frames"].lines[i], f"frames[{i}].id", f"frame {frame.id!r} repeats")
        seen.add(frame.id)
        frames.append((frame, mode))
    return frames


def builtin_lexicon_paths() -> list[Path]:
    """The lexicon files shipped with the package (``framing/frames/lexicons/*.yaml``)."""
    folder = resources.files("framing.frames") / "lexicons"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))


def load_lexicon(paths: list[str | Path] | None = None, *, include_builtin: bool = True) -> Lexicon:
    """Load and merge lexicon files: the built-in lexicon first, then ``paths`` in order.

    A frame whose id is already defined replaces the earlier definition, or adds its terms to
    it if the later frame says ``mode: extend``; each such merge is noted in
    :attr:`Lexicon.overrides`.

    Parameters
    ----------
    paths : list of str or Path, optional
        User lexicon files.
    include_builtin : bool, default True
        Start from the lexicon shipped with the package (frames ``friendship``,
        ``sanctions_violation``, ``western_accusation``, ``military_cooperation``,
        ``isolation``, ``denial`` in Indonesian and English; the second and third are key).

    Returns
    -------
    Lexicon

    Raises
    ------
    InputError
        If a file is missing or invalid, or no frame is left.

    Examples
    --------
    >>> lexicon = load_lexicon()
    >>> "friendship" in lexicon.frame_ids
    True
    """
    files = (builtin_lexicon_paths() if include_builtin else []) + [Path(p) for p in paths or []]
    lexicon = Lexicon()
    for path in files:
        lexicon.sources.append(str(path))
        for frame, mode in read_lexicon_file(path):
            earlier = lexicon.frames.get(frame.id)
            if earlier is None:
                lexicon.frames[frame.id] = frame
            elif mode == "extend":
                lexicon.frames[frame.id] = Frame(
                    earlier.id,
                    earlier.label,
                    earlier.description,
                    earlier.terms + frame.terms,
                    earlier.exclusions + frame.exclusions,
                    earlier.source,
                    earlier.key,
                )
                lexicon.overrides.append(f"{path}: extends frame {frame.id!r} of {earlier.source}")
            else:
                lexicon.frames[frame.id] = frame
                lexicon.overrides.append(f"{path}: replaces frame {frame.id!r} of {earlier.source}")
    if not lexicon.frames:
        raise InputError("no lexicon: give --lexicon FILE or keep the built-in lexicon")
    return lexicon
