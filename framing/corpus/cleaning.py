"""Boilerplate cleaning with provenance: keep the article, record everything removed.

Two steps, as the data flow in DESIGN.md asks:

- :func:`clean_text` is a pure function of one document (it runs unchanged on the partitions
  of a Dask DataFrame). It applies the rules of the rule files (see
  :mod:`framing.corpus.cleaning_rules`) and the heuristics below, and returns the kept text,
  one row per removed line or part of a line, and the metadata found on the way (byline,
  editor, dateline, photo credits).
- :func:`drop_repeated_lines` (from :mod:`framing.corpus.cleaning_repeated`) is corpus-wide: a
  paragraph found in several documents of one outlet is that outlet's boilerplate.

Whitespace-only lines separate paragraphs; they carry no text and are not recorded. Every
other input line is either kept (possibly in part) or recorded in ``removed``.

Heuristics (each with its own rule id; thresholds in
:class:`~framing.corpus.cleaning_rules.Heuristics`, settable in a rule file):

``title_line``
    The first non-blank lines are searched for the given title (equal after whitespace, case
    and edge-punctuation normalisation); the match is removed (the title lives in the ``title``
    column). Without a given title, the first line is taken as the title only when the next
    line repeats it (equal or as a prefix) and it has at least ``title.min_words`` words; it
    is then reported as ``metadata["title_line"]``.
``kicker``
    Lines before the title line (at most ``kicker.max_lines``, each of at most
    ``kicker.max_words`` words without final punctuation): a section label ("Semenanjung
    Korea").
``title_repeat``
    The first body line equal to the title, or starting with it (then only the prefix is
    removed).
``photo_caption``
    The kept line next to a photo credit, on the side the credit rule's ``caption`` gives,
    when it is a single sentence of at most ``photo_caption.max_words`` words and close enough
    (``max_gap_before`` / ``max_gap_after`` input lines: by default a caption under a credit
    must be directly under it, one above a label may have a blank line between).
``inserted_headline``
    The headline of another story inserted between paragraphs: a kept line that does not end
    in ``. ! ? … : ; ,`` (closing quotes aside), does not start with a list marker, has
    ``inserted_headline.min_words`` to ``max_words`` words (default 4 to 20), is followed by a
    body paragraph and is either the first kept line or preceded by a body paragraph. A body
    paragraph ends in ``. ! ?`` or ``…`` and has at least ``min_body_words`` words (default 8).
    An article's own subheadings of one to three words ("Sanksi", "Picu Kekhawatiran") are
    kept; a subheading of four words or more between two paragraphs is removed (and recorded),
    which is the known cost of this rule.
``byline``
    Besides the file rules, a line equal to a byline or editor name already found (a blog
    footer repeating the author's name).

Datelines ("POS-KUPANG.COM - ") are removed from the first body paragraph and kept as
``metadata["dateline"]``: they name the outlet, not the event, and would otherwise count as the
outlet's own words (in keyness, for instance).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from framing.corpus.cleaning_repeated import drop_repeated_lines
from framing.corpus.cleaning_rules import Heuristics, Rule, RuleSet, default_rules

__all__ = ["CleanedText", "clean_text", "drop_repeated_lines"]

#: Line endings that mark prose (a headline ends in none of them).
_PROSE_END = re.compile(r"[.!?…:;,][\"'”“’»«)\]]*$")
#: Line endings of a complete sentence.
_SENTENCE_END = re.compile(r"[.!?…][\"'”“’»«)\]]*$")
#: A sentence boundary inside a line.
_INNER_BREAK = re.compile(r"[.!?…][\"'”’)]*\s+[\"“]?[A-Z]")
_LIST_MARKER = re.compile(r"^(?:[-–•*·▪]|\d{1,2}[.)])\s")
_LEADING_BULLET = re.compile(r"^[•·▪*\-–]\s*")
_EDGE_PUNCTUATION = " \t\"'“”‘’.,:;!?-–—|"


@dataclass
class CleanedText:
    """The result of cleaning one document.

    Attributes
    ----------
    text : str
        Kept lines, stripped, runs of spaces and tabs inside them made one space, one paragraph
        per non-empty line, joined with ``"\\n\\n"``.
    removed : list of dict
        One row per removed line or part of a line: ``line_no`` (1-based line number in the
        input text), ``line`` (the removed text), ``rule`` (rule id) and ``partial`` (True when
        only part of the input line was removed).
    metadata : dict
        ``byline``, ``editor``, ``dateline``, ``kicker`` and ``title_line`` (str, or None when
        not found; several values are joined with ``"; "``) and ``photo_credits`` (list of
        str). ``title_line`` is set only when no title was given and the text itself showed
        its title.
    line_nos : list of int
        The input line number of each paragraph of ``text``.
    """

    text: str
    removed: list[dict] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    line_nos: list[int] = field(default_factory=list)


@dataclass
class _Line:
    no: int
    original: str
    text: str
    removed_by: str | None = None


class _Work:
    """The lines of one document while they are being cleaned, with what was removed."""

    def __init__(self, text: str) -> None:
        # Runs of spaces and tabs inside a line become one space: no rule needs them, and a
        # pattern that starts with \s* would take time quadratic in the length of a run.
        self.lines = [
            _Line(no, collapsed, collapsed)
            for no, line in enumerate(text.splitlines(), start=1)
            if (collapsed := " ".join(line.split()))
        ]
        self.rows: list[dict] = []
        self.found: dict[str, list[str]] = {}

    def kept(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.removed_by is None]

    def neighbour(self, i: int, step: int) -> int | None:
        j = i + step
        while 0 <= j < len(self.lines):
            if self.lines[j].removed_by is None:
                return j
            j += step
        return None

    def record(self, line: _Line, fragment: str, rule: str) -> None:
        fragment = fragment.strip()
        partial = fragment != line.original
        self.rows.append({"line_no": line.no, "line": fragment, "rule": rule, "partial": partial})

    def remove(self, i: int, rule: str) -> None:
        line = self.lines[i]
        self.record(line, line.text, rule)
        line.removed_by, line.text = rule, ""

    def cut(self, i: int, spans: list[tuple[int, int]], rule: str) -> None:
        """Remove character spans of a kept line (a partial removal)."""
        line = self.lines[i]
        pieces, start = [], 0
        for begin, end in sorted(spans):
            self.record(line, line.text[begin:end], rule)
            pieces.append(line.text[start:begin].strip())
            start = end
        pieces.append(line.text[start:].strip())
        rest = " ".join(p for p in pieces if p)
        if re.search(r"\w", rest):
            line.text = rest
            return
        if rest:
            self.record(line, rest, rule)
        line.removed_by, line.text = rule, ""

    def keep(self, name: str, value: str) -> None:
        value = _LEADING_BULLET.sub("", value.strip()).strip()
        if value and value not in self.found.setdefault(name, []):
            self.found[name].append(value)


def _words(text: str) -> int:
    return len(text.split())


def _normalise(text: str) -> str:
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION).casefold()


def _title_prefix_end(text: str, title: str) -> int | None:
    """End of ``title`` repeated at the start of ``text`` (with its separator), or None."""
    words = title.strip(_EDGE_PUNCTUATION).split()
    if not words:
        return None
    # The repeat must end the line, or be followed by a separator or a new capitalised start
    # ("... Anti Barat Sumber Foto: ..."); a lede that merely opens with the title's words and
    # goes on in lower case ("Putin arrives in Pyongyang for rare visit to ...") is body text.
    title_words = r"\s+".join(map(re.escape, words))
    pattern = rf"^\W*(?i:{title_words})(?=$|\s*[:|\-–—]|\s+[\"“‘'(]?[A-Z0-9])[\s:|\-–—]*"
    match = re.match(pattern, text)
    return match.end() if match else None


def _is_body(text: str, settings: Heuristics) -> bool:
    return bool(_SENTENCE_END.search(text)) and (
        _words(text) >= settings.inserted_headline.min_body_words
    )


def _first_line_is_repeated_title(lines: list[_Line], settings: Heuristics) -> bool:
    return (
        len(lines) >= 2
        and _words(lines[0].text) >= settings.title.min_words
        and _title_prefix_end(lines[1].text, lines[0].text) is not None
    )


def _remove_title(work: _Work, title: str | None, rules: RuleSet) -> None:
    lines, settings = work.lines, rules.heuristics
    head = list(range(min(len(lines), 1 + settings.kicker.max_lines)))
    title_at = None
    if title:
        key = _normalise(title)
        title_at = next((i for i in head if _normalise(lines[i].text) == key), None)
    elif _first_line_is_repeated_title(lines, settings):
        title_at, title = 0, lines[0].text
        work.keep("title_line", title)
    if title_at is not None and rules.enabled("title_line"):
        for i in range(title_at):
            text = lines[i].text
            kicker = _words(text) <= settings.kicker.max_words and not _PROSE_END.search(text)
            if kicker and rules.enabled("kicker"):
                work.keep("kicker", text)
                work.remove(i, "kicker")
        work.remove(title_at, "title_line")
    first = work.neighbour(-1 if title_at is None else title_at, 1)
    if title and first is not None and rules.enabled("title_repeat"):
        end = _title_prefix_end(lines[first].text, title)
        if end is not None:
            work.cut(first, [(0, end)], "title_repeat")


def _value(match: re.Match[str]) -> str:
    return (match.groupdict().get("value") or match.group(0)).strip()


def _apply_line_rules(work: _Work, rules: RuleSet) -> list[tuple[int, str]]:
    """Remove whole lines matched by line and next_line rules; return caption anchors."""
    active = [
        (r, r.guarded, r.max_chars)  # read once: a rule's attributes are slow to reach
        for r in rules.rules
        if r.scope != "inline" and rules.enabled(r.id)
    ]
    anchors: list[tuple[int, str]] = []
    for i, line in enumerate(work.lines):
        if line.removed_by is not None:
            continue
        text = line.text
        for rule, patterns, max_chars in active:
            if len(text) > max_chars:
                continue
            match = next(
                (
                    m
                    for p, required in patterns
                    if all(char in text for char in required) and (m := p.fullmatch(text))
                ),
                None,
            )
            if match is None:
                continue
            work.remove(i, rule.id)
            last = i
            if rule.scope == "next_line":
                j = i + 1
                if _is_label_value(work, j, rule):
                    if rule.keep_as:
                        work.keep(rule.keep_as, work.lines[j].text)
                    work.remove(j, rule.id)
                    last = j
            elif rule.keep_as:
                work.keep(rule.keep_as, _value(match))
            if rule.caption:
                anchors.append((i if rule.caption == "before" else last, rule.caption))
            break
    return anchors


def _is_label_value(work: _Work, j: int, rule: Rule) -> bool:
    """Whether line ``j`` can be the value of the ``next_line`` label just before it."""
    return (
        j < len(work.lines)
        and work.lines[j].removed_by is None
        and len(work.lines[j].text) <= rule.max_chars
    )


def _remove_captions(work: _Work, anchors: list[tuple[int, str]], rules: RuleSet) -> None:
    if not rules.enabled("photo_caption"):
        return
    settings = rules.heuristics.photo_caption
    for i, side in anchors:
        j = work.neighbour(i, -1 if side == "before" else 1)
        if j is None:
            continue
        gap = abs(work.lines[j].no - work.lines[i].no)
        max_gap = settings.max_gap_before if side == "before" else settings.max_gap_after
        text = work.lines[j].text
        if gap <= max_gap and _words(text) <= settings.max_words and not _INNER_BREAK.search(text):
            work.remove(j, "photo_caption")


def _apply_inline_rules(work: _Work, rules: RuleSet, *, leading: bool) -> None:
    """Cut inline matches; ``leading`` selects the rules limited to the first kept lines."""
    for rule in rules.rules:
        if rule.scope != "inline" or not rules.enabled(rule.id):
            continue
        if (rule.first_lines is not None) != leading:
            continue
        kept = work.kept()
        patterns = rule.guarded  # read once: a rule's attributes are slow to reach
        for i in kept[: rule.first_lines] if leading else kept:
            matches = _inline_matches(patterns, work.lines[i].text, first_only=leading)
            if not matches:
                continue
            for match in matches:
                if rule.keep_as:
                    work.keep(rule.keep_as, _value(match))
            work.cut(i, _disjoint([match.span() for match in matches]), rule.id)
            if leading:
                break


def _inline_matches(
    patterns: tuple[tuple[re.Pattern[str], str], ...], text: str, *, first_only: bool
) -> list[re.Match[str]]:
    """Non-empty matches of an inline rule's ``patterns`` in ``text`` (only the first when
    ``first_only``); a pattern whose required characters the text lacks is not run."""
    matches = []
    for pattern, required in patterns:
        if required and not all(char in text for char in required):
            continue
        for match in pattern.finditer(text):
            if match.end() > match.start():
                if first_only:
                    return [match]
                matches.append(match)
    return matches


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for begin, end in sorted(spans):
        if out and begin < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((begin, end))
    return out


def _remove_repeated_names(work: _Work, rules: RuleSet) -> None:
    if not rules.enabled("byline"):
        return
    names = {_normalise(v) for key in ("byline", "editor") for v in work.found.get(key, [])}
    for i in work.kept():
        if _normalise(work.lines[i].text) in names:
            work.remove(i, "byline")


def _remove_inserted_headlines(work: _Work, rules: RuleSet) -> None:
    if not rules.enabled("inserted_headline"):
        return
    settings = rules.heuristics
    limits = settings.inserted_headline
    kept = work.kept()
    body = [_is_body(work.lines[i].text, settings) for i in kept]
    for pos, i in enumerate(kept):
        text = work.lines[i].text
        if _PROSE_END.search(text) or _LIST_MARKER.match(text):
            continue
        if not limits.min_words <= _words(text) <= limits.max_words:
            continue
        followed = pos + 1 < len(kept) and body[pos + 1]
        preceded = pos == 0 or body[pos - 1]
        if followed and preceded:
            work.remove(i, "inserted_headline")


def _metadata(found: dict[str, list[str]]) -> dict:
    meta: dict = {
        key: "; ".join(found[key]) if found.get(key) else None
        for key in ("byline", "editor", "dateline", "kicker", "title_line")
    }
    meta["photo_credits"] = list(found.get("photo_credit", []))
    return meta


def clean_text(
    text: str,
    *,
    title: str | None = None,
    language: str = "id",
    rules: RuleSet | None = None,
) -> CleanedText:
    """Remove what is not the article from one document, recording every removal.

    Steps, in order: title, kicker and repeated title; whole-line rules (and the value line of
    ``next_line`` labels); photo captions next to credits; inline rules; lines repeating a
    byline; inserted headlines; datelines in the first body lines. The heuristics are
    described in this module's docstring.

    Parameters
    ----------
    text : str
        The document text, lines separated by newlines (normalised by
        :func:`framing.corpus.decoding.normalize_text`, though raw text works too).
    title : str, optional
        The document's title from its metadata. Its line is removed from the body.
    language : str, default "id"
        Language code selecting the built-in rule file (``"und"`` or a code without a rule
        file: language-independent rules only). Ignored when ``rules`` is given.
    rules : RuleSet, optional
        Rules from :func:`framing.corpus.cleaning_rules.load_rules` (e.g. with extra rule
        files or excluded rule ids).

    Returns
    -------
    CleanedText
        Kept text, removed rows, metadata and the input line number of each kept paragraph.

    Examples
    --------
    >>> doc = "Judul Berita\\n\\nIsi berita pertama.\\n\\nBaca juga: Berita lain\\n\\nBagikan Artikel"
    >>> cleaned = clean_text(doc, title="Judul Berita")
    >>> cleaned.text
    'Isi berita pertama.'
    >>> [(row["line_no"], row["rule"]) for row in cleaned.removed]
    [(1, 'title_line'), (5, 'cross_link'), (7, 'share_prompt')]
    """
    rules = rules if rules is not None else default_rules(language)
    work = _Work(text)
    _remove_title(work, title, rules)
    anchors = _apply_line_rules(work, rules)
    _remove_captions(work, anchors, rules)
    _apply_inline_rules(work, rules, leading=False)
    _remove_repeated_names(work, rules)
    _remove_inserted_headlines(work, rules)
    _apply_inline_rules(work, rules, leading=True)
    kept = [line for line in work.lines if line.removed_by is None]
    return CleanedText(
        text="\n\n".join(line.text for line in kept),
        removed=sorted(work.rows, key=lambda row: row["line_no"]),
        metadata=_metadata(work.found),
        line_nos=[line.no for line in kept],
    )
