"""Date of a document read from its text, for records whose metadata gives none.

Recognised forms (Indonesian and English month and day names, abbreviations included):

==============================  ===========================  ==============================
form                            example                      read as
==============================  ===========================  ==============================
weekday (D/M/YYYY)              ``Selasa (18/6/2024)``       day/month (Indonesian order)
(D/M/YYYY), D/M/YYYY            ``(16/6/2024)``              day/month
weekday (D/M)                   ``Senin (11/9)``             day/month, year from context
[weekday,] D[-D] Month YYYY     ``Senin, 10 Juni 2024``      first day of a range
D[-D] Month                     ``18-19 Juni``               year from context
Month D, YYYY                   ``June 19, 2024``            English order
YYYY-MM-DD                      ``2024-06-19``               ISO 8601
M/D/YYYY + "min read"           ``9/11/20231 min read``      month/day (blog platform stamp)
==============================  ===========================  ==============================

Day and month order: numeric dates are day-first, as Indonesian (and most non-US) news writes
them. The one exception is a date glued to a "N min read" reading-time label: that is the
stamp of US blog platforms (Medium, Wix, Substack), which print month/day/year.

Month precision ("September 2023") is not accepted: such mentions in news text are nearly
always references to past events ("pada September 2023 lalu"), and turning them into a day
would invent precision.

Year from context: a date without a year ("Senin (11/9)", "18-19 Juni") takes the year, among
the context year and the years either side, that puts it closest to the nearest date in the
text with an explicit year; failing that, closest to ``reference``; failing that, it is not
used. The finding then says where its year came from (``year_from``).

Which date is the document's, in this order:

1. a publication stamp: the first date on a short line that says "min read", "Published",
   "Diterbitkan", "Dipublikasikan", "Posted", "Updated", or has a clock time with a time zone
   ("Rabu, 19 Juni 2024 08:15 WIB");
2. the dateline: the first date in the first sentence (at most :data:`DATELINE_CHARS`
   characters) of the first line, among the first :data:`DATELINE_LINES`, that starts like a
   dateline ("MOSKWA, 19 Juni 2024 –", "Jakarta (ANTARA) - ... Rabu (19/6/2024)",
   "Moskwa (Lampost.co)—"), or a date that opens one of those lines;
3. otherwise the latest date in the text written with its year (then the latest with a year
   from context).

Dates before :data:`DATE_FLOOR_YEAR` are history the text mentions ("the treaty of 17 March
1949"), never its date, unless one is the only date of a dateline; nor do they give a year to
a date written without one. A date in a news text is often the date of the event it reports,
not of publication: the finding names the line, the words and the rule it was read by, so a
researcher can check it, and metadata always takes precedence.

The text searched is at most :data:`MAX_SEARCH_CHARS` characters (its start and its end), so
a document of any size is dated in bounded time.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pandas as pd

MONTHS: dict[str, int] = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "pebruari", "february", "feb", "peb"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "ags", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}
#: Day names with their ISO weekday (Monday = 1), Indonesian and English.
WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(["senin", "monday", "mon"], 1),
    **dict.fromkeys(["selasa", "tuesday", "tue", "tues"], 2),
    **dict.fromkeys(["rabu", "wednesday", "wed"], 3),
    **dict.fromkeys(["kamis", "thursday", "thu", "thurs"], 4),
    **dict.fromkeys(["jumat", "jum'at", "jum’at", "friday", "fri"], 5),
    **dict.fromkeys(["sabtu", "saturday", "sat"], 6),
    **dict.fromkeys(["minggu", "ahad", "sunday", "sun"], 7),
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<month>{_alternation(list(MONTHS))})\.?"
_WEEKDAY = rf"(?:\b(?P<weekday>{_alternation(list(WEEKDAYS))})\b\s*,?\s*)"
_NUMERIC_DAY_MONTH = r"(?P<day>\d{1,2})/(?P<mon>\d{1,2})"
#: A publication stamp is a short line; longer lines with "published" are running text.
STAMP_MAX_CHARS = 100
#: Dates before this year are history mentioned in the text, not its date (see above).
DATE_FLOOR_YEAR = 1990
#: The dateline is searched in this many first non-blank lines ...
DATELINE_LINES = 5
#: ... and within this many characters of the line that starts like one.
DATELINE_CHARS = 250
#: Characters of a text searched for dates: the first 90 % and the last 10 % of this budget.
MAX_SEARCH_CHARS = 1_000_000

# The start of a dateline: a place (capitalised, up to five words), optionally ", date" and
# "(AGENCY)", then a dash; or an outlet's name ending in .com/.co.id and a dash.
_DATELINE_RE = re.compile(
    r"\s*(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*(?:,[^\n–—]{0,40}?)?"
    r"\s*(?:\([^()\n]{1,40}\))?\s*(?:-{1,2}|[–—])"
    r"|[\w.-]+\.(?:com|co\.id|id|net|org)\s*[-–—])"
)
_SENTENCE_END_RE = re.compile(r"[.!?](?=\s+[\"“‘'(]?[A-Z0-9])")
_STAMP_RE = re.compile(
    r"min\.?\s+read|published|posted|diterbitkan|dipublikasikan|terbit\b|diperbarui|updated"
    r"|\d{1,2}[:.]\d{2}\s*(?:WIB|WITA|WIT|GMT|UTC)\b",
    re.IGNORECASE,
)

#: (name, regex) of every recognised form; the day/month order is in the group names.
#: Overlapping matches keep the longest; an earlier form wins a tie.
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    (
        "M/D/YYYY min read",
        re.compile(
            r"(?<![\d/])(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\d*\s*min\.?\s+read",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday (D/M/YYYY)",
        re.compile(
            rf"{_WEEKDAY}?\(\s*{_NUMERIC_DAY_MONTH}(?:/(?P<year>\d{{4}}))?\s*\)", re.IGNORECASE
        ),
    ),
    (
        "D/M/YYYY",
        re.compile(rf"(?<![\d/]){_NUMERIC_DAY_MONTH}/(?P<year>\d{{4}})(?![\d/])"),
    ),
    (
        "D Month YYYY",
        re.compile(
            rf"{_WEEKDAY}?(?<![\d/])(?P<day>\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}"
            rf"(?:,?\s+(?P<year>\d{{4}})(?!\d))?(?![^\W\d_])",
            re.IGNORECASE,
        ),
    ),
    (
        "Month D, YYYY",
        re.compile(
            rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "YYYY-MM-DD",
        re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\d-])"),
    ),
]


@dataclass(frozen=True)
class DateFinding:
    """A date read from a document's text, with where it was read.

    Attributes
    ----------
    date : datetime.date
        The date.
    line_no : int
        1-based line of the text it was read from.
    snippet : str
        The words it was read from, as written (``"Selasa (18/6/2024)"``).
    pattern : str
        The form that matched (see the module docstring), with ``"; year from ..."`` when the
        year was not written next to the day.
    year_from : str or None
        Where an inferred year came from (``"line 4 '9/11/20231 min read'"``, ``"reference"``);
        None when the year was written.
    weekday_matches : bool or None
        Whether a written day name agrees with the date (None when there is none). A False
        value flags a text that contradicts itself, e.g. "Selasa (16/6/2024)" (a Sunday).
    rule : str or None
        Why :func:`extract_date` chose it: ``"publication stamp"``, ``"dateline"`` or
        ``"latest date"`` (None from :func:`find_dates`).
    """

    date: datetime.date
    line_no: int
    snippet: str
    pattern: str
    year_from: str | None = None
    weekday_matches: bool | None = None
    rule: str | None = None

    @property
    def source(self) -> str:
        """Provenance for the ``date_source`` column: ``"text line 1: 'Selasa (18/6/2024)'"``."""
        notes = []
        if self.year_from:
            notes.append(f"year from {self.year_from}")
        if self.weekday_matches is False:
            notes.append(f"day name disagrees with {self.date:%A}")
        suffix = f" ({'; '.join(notes)})" if notes else ""
        return f"text line {self.line_no}: {self.snippet!r}{suffix}"


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    form: str
    day: int
    month: int
    year: int | None
    weekday: int | None
    line_no: int
    snippet: str
    stamp: bool


def _searched(text: str) -> str:
    """``text``, or its start and end with the lines between replaced by one blank line each.

    Line numbers stay those of ``text``: only characters inside lines are dropped.
    """
    if len(text) <= MAX_SEARCH_CHARS:
        return text
    head_end = MAX_SEARCH_CHARS * 9 // 10
    tail_start = len(text) - MAX_SEARCH_CHARS // 10
    middle = text[head_end:tail_start]
    return text[:head_end] + "\n" * middle.count("\n") + " " + text[tail_start:]


def _candidates(text: str) -> list[_Candidate]:
    """Every valid date mention, in reading order, overlaps resolved to the longest."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found = []
    for order, (form, regex) in enumerate(_FORMS):
        for m in regex.finditer(text):
            found.append((m.start(), -(m.end() - m.start()), order, form, m))
    found.sort(key=lambda item: item[:3])
    kept: list[_Candidate] = []
    last_end = -1
    for start, _, _, form, m in found:
        if start < last_end:
            continue
        parts = m.groupdict()
        month = MONTHS[parts["month"].lower()] if parts.get("month") else int(parts["mon"])
        year = int(parts["year"]) if parts.get("year") else None
        if form.startswith("weekday") and year is None and not parts.get("weekday"):
            continue  # "(11/9)" alone may be a score or a fraction
        day = int(parts["day"])
        if not _valid(year or 2000, month, day):  # 2000 is a leap year: 29/2 stays possible
            continue
        line_no = bisect_right(line_starts, start)  # 1-based
        line_end = text.find("\n", start)
        line = text[line_starts[line_no - 1] : len(text) if line_end < 0 else line_end]
        weekday = parts.get("weekday")
        kept.append(
            _Candidate(
                start=start,
                end=m.end(),
                form=_label(form, weekday is not None, year is not None),
                day=day,
                month=month,
                year=year,
                weekday=WEEKDAYS[weekday.lower()] if weekday else None,
                line_no=line_no,
                snippet=m.group(0).strip(),
                stamp=len(line) <= STAMP_MAX_CHARS and _STAMP_RE.search(line) is not None,
            )
        )
        last_end = m.end()
    return kept


def _label(form: str, has_weekday: bool, has_year: bool) -> str:
    """The form as written: "weekday (D/M/YYYY)" becomes "(D/M/YYYY)" without a day name."""
    if form == "weekday (D/M/YYYY)":
        form = "(D/M/YYYY)"
    elif form != "D Month YYYY":
        return form
    if not has_year:
        form = form.replace("/YYYY", "").replace(" YYYY", "")
    return f"weekday {form}" if has_weekday else form


def _valid(year: int, month: int, day: int) -> bool:
    if not 1900 <= year <= 2100:
        return False
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _closest_year(month: int, day: int, anchor: datetime.date) -> int | None:
    """The year next to ``anchor``'s that puts ``day``/``month`` closest to ``anchor``."""
    options = [
        (abs((datetime.date(y, month, day) - anchor).days), y)
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if _valid(y, month, day)
    ]
    return min(options)[1] if options else None


def _finding(
    candidate: _Candidate, dated: list[_Candidate], reference: datetime.date | None
) -> DateFinding | None:
    year, year_from = candidate.year, None
    if year is None:
        if dated:
            anchor = min(dated, key=lambda c: abs(c.start - candidate.start))
            year = _closest_year(
                candidate.month, candidate.day, datetime.date(anchor.year, anchor.month, anchor.day)
            )
            year_from = f"line {anchor.line_no} {anchor.snippet!r}"
        elif reference is not None:
            year = _closest_year(candidate.month, candidate.day, reference)
            year_from = f"reference date {reference.isoformat()}"
        if year is None:
            return None
    date = datetime.date(year, candidate.month, candidate.day)
    pattern = candidate.form + (f"; year from {year_from}" if year_from else "")
    return DateFinding(
        date=date,
        line_no=candidate.line_no,
        snippet=candidate.snippet,
        pattern=pattern,
        year_from=year_from,
        weekday_matches=None
        if candidate.weekday is None
        else candidate.weekday == date.isoweekday(),
    )


def _dated_findings(
    text: str, reference: datetime.date | None
) -> list[tuple[DateFinding, _Candidate]]:
    """(finding, its candidate) for every usable date mention, in reading order."""
    candidates = _candidates(text)
    dated = [c for c in candidates if c.year is not None and c.year >= DATE_FLOOR_YEAR]
    pairs = ((_finding(c, dated, reference), c) for c in candidates)
    return [(finding, candidate) for finding, candidate in pairs if finding is not None]


def _dateline_spans(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of the possible datelines of ``text`` (see the module docstring)."""
    position = 0
    for _ in range(DATELINE_LINES):
        while position < len(text) and text[position] in " \t\n":
            position += 1
        if position >= len(text):
            return
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        window = text[position : min(line_end, position + DATELINE_CHARS)]
        marker = _DATELINE_RE.match(window)
        if marker is not None:
            end = _SENTENCE_END_RE.search(window, marker.end())
            yield position, position + (end.end() if end else len(window))
        elif _starts_with_date(window):
            yield position, position + 1
        position = line_end


def _starts_with_date(window: str) -> bool:
    head = window[:40]
    return any(regex.match(head.lstrip()) for _, regex in _FORMS)


def _choose(
    findings: list[tuple[DateFinding, _Candidate]], text: str
) -> tuple[DateFinding, str] | None:
    """The document's date among the findings, and the rule that chose it."""
    for finding, candidate in findings:
        if candidate.stamp:
            return finding, "publication stamp"
    for start, end in _dateline_spans(text):
        inside = [f for f, c in findings if start <= c.start < end]
        recent = [f for f in inside if f.date.year >= DATE_FLOOR_YEAR]
        if recent or len(inside) == 1:
            return (recent or inside)[0], "dateline"
        if inside:
            break
    body = [(f, c) for f, c in findings if f.date.year >= DATE_FLOOR_YEAR]
    written = [f for f, c in body if c.year is not None] or [f for f, _ in body]
    if not written:
        return None
    latest = max(written, key=lambda f: f.date)  # the first of equal dates
    return latest, "latest date"


def find_dates(text: str, *, reference: datetime.date | None = None) -> list[DateFinding]:
    """Every date mention of ``text`` with a day, month and (written or inferred) year.

    Parameters
    ----------
    text : str
        Raw or cleaned document text; line numbers count its lines from 1.
    reference : datetime.date, optional
        Gives the year of dates written without one when the text has no dated mention.

    Returns
    -------
    list of DateFinding
        In reading order; impossible dates (31/2) and yearless dates without context are left
        out.

    Examples
    --------
    >>> [f.date.isoformat() for f in find_dates("Senin (11/9) dan Selasa (12/9/2023).")]
    ['2023-09-11', '2023-09-12']
    """
    return [finding for finding, _ in _dated_findings(_searched(text), reference)]


def extract_date(text: str, *, reference: datetime.date | None = None) -> DateFinding | None:
    """The date of a document, read from its text (the rule is in the module docstring).

    Parameters
    ----------
    text : str
        Raw document text (line numbers then match the input file).
    reference : datetime.date, optional
        Gives the year of a date written without one ("Senin (11/9)") when no date in the
        text has a year; without it such a date is not used.

    Returns
    -------
    DateFinding or None
        The publication stamp, else the dateline's date, else the latest date (see the module
        docstring), with the rule in ``rule``; None if the text has no usable date.

    Examples
    --------
    >>> finding = extract_date("Moskwa - Putin tiba Selasa (18/6/2024). Kunjungan 18-19 Juni.")
    >>> finding.date, finding.line_no, finding.snippet
    (datetime.date(2024, 6, 18), 1, 'Selasa (18/6/2024)')
    >>> finding.weekday_matches
    True
    """
    if not isinstance(text, str):
        return None
    text = _searched(text)
    chosen = _choose(_dated_findings(text, reference), text)
    if chosen is None:
        return None
    finding, rule = chosen
    return replace(finding, rule=rule)


def extract_dates(
    documents: pd.DataFrame,
    *,
    text_column: str = "text",
    reference: datetime.date | None = None,
) -> pd.DataFrame:
    """Date and its provenance for every row of a documents table.

    Parameters
    ----------
    documents : DataFrame
        With a text column.
    text_column : str, default "text"
        The column to read dates from.
    reference : datetime.date, optional
        Passed to :func:`extract_date`.

    Returns
    -------
    DataFrame
        Indexed like ``documents``, with ``date`` (datetime64, NaT when none was found) and
        ``date_source`` (``"text line 1: 'Selasa (18/6/2024)'"`` or ``"none: no date in
        text"``).

    Examples
    --------
    >>> docs = pd.DataFrame({"text": ["Jakarta, Rabu (19/6/2024) - ...", "tanpa tanggal"]})
    >>> extract_dates(docs)["date_source"].tolist()
    ["text line 1: 'Rabu (19/6/2024)'", 'none: no date in text']
    """
    findings = [extract_date(text, reference=reference) for text in documents[text_column]]
    return pd.DataFrame(
        {
            "date": pd.to_datetime([f.date if f else None for f in findings]),
            "date_source": [f.source if f else "none: no date in text" for f in findings],
        },
        index=documents.index,
    )
