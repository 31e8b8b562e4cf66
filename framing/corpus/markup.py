"""HTML given where plain text was expected: recognise it and keep only its text.

A scraped corpus often stores the article body with its markup (``<p>...</p>``) in the text
column of a CSV or JSONL file, or saves a page under a ``.txt`` name. :func:`looks_like_html`
recognises such text by its tags and :func:`strip_html` turns it into plain text: comments,
scripts and styles dropped, block tags (``p``, ``div``, ``br``, ``li``, headings ...) made line
breaks, other tags removed, character references (``&amp;``, ``&#8220;``) resolved. Both run in
time linear in the length of the text, whatever the markup (no backtracking regular expression
scans past the next ``<``). Saved web pages are better read with ``--format html``, which finds
the article among the navigation and footers.
"""

from __future__ import annotations

import html
import re

#: Tags that make text HTML; at least :data:`MIN_TAGS` of them must occur.
_TAG_NAMES = (
    "p|div|br|span|a|b|i|u|em|strong|html|head|body|title|meta|link|script|style|h[1-6]|ul|ol"
    "|li|table|thead|tbody|tr|td|th|img|figure|figcaption|article|section|header|footer|nav"
    "|aside|blockquote|iframe|noscript|font|center|hr|sup|sub|small|label|button|form|input"
    "|select|option|svg|picture|source|time|main|pre|code"
)
#: Number of known tags from which a text counts as HTML.
MIN_TAGS = 3
#: Characters searched for tags by :func:`looks_like_html`.
SNIFF_CHARS = 100_000

_KNOWN_TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?=[\s/>])[^<>]*>", re.IGNORECASE)
_DOCUMENT_START = re.compile(r"\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_DROPPED_BLOCK = re.compile(r"<!--|<(script|style|noscript|template|head)(?=[\s>])", re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|article|section|header|footer|blockquote|figure"
    r"|figcaption|pre|hr|title|main|aside|nav|dd|dt|dl)(?=[\s/>])[^<>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[a-zA-Z/!?][^<>]*>")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is HTML markup rather than plain text.

    True when it starts like an HTML document (``<!DOCTYPE html``, ``<html``) or holds at least
    :data:`MIN_TAGS` tags of HTML elements in its first :data:`SNIFF_CHARS` characters; a news
    text quoting one tag (``the <b> element``) is not HTML.

    Examples
    --------
    >>> looks_like_html("<p>Putin tiba.</p><p>Kim menyambut.</p>")
    True
    >>> looks_like_html("Skor 3 < 5 dan 7 > 2.")
    False
    """
    if _DOCUMENT_START.match(text):
        return True
    for found, _ in enumerate(_KNOWN_TAG.finditer(text, 0, SNIFF_CHARS), start=1):
        if found >= MIN_TAGS:
            return True
    return False


def strip_html(text: str) -> tuple[str, int]:
    """The text of HTML markup, with one line per block, and the number of tags removed.

    Parameters
    ----------
    text : str
        HTML markup (a fragment or a whole page).

    Returns
    -------
    text : str
        Plain text: block tags become line breaks (blank lines between blocks), other tags
        disappear, comments, scripts, styles and the ``<head>`` are dropped with their content,
        character references are resolved, runs of spaces become one.
    n_tags : int
        Tags and dropped blocks removed.

    Examples
    --------
    >>> strip_html("<p>Putin <b>tiba</b> &amp; Kim.</p><script>x()</script><p>Dua.</p>")
    ('Putin tiba & Kim.\\n\\nDua.', 7)
    """
    text, n_dropped = _drop_blocks(text)
    text, n_blocks = _BLOCK_TAG.subn("\n\n", text)
    text, n_tags = _ANY_TAG.subn("", text)
    text = html.unescape(text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(lines).strip(), n_dropped + n_blocks + n_tags


def _drop_blocks(text: str) -> tuple[str, int]:
    """Remove comments and script/style/noscript/template/head elements with their content.

    An element that is never closed loses its opening tag only. A string found missing after
    some point is not searched for again after it, so the work stays linear.
    """
    lower = text.lower()
    missing: dict[str, int] = {}  # string -> position after which it does not occur

    def find(needle: str, start: int) -> int:
        if start >= missing.get(needle, len(text) + 1):
            return -1
        found = lower.find(needle, start)
        if found < 0:
            missing[needle] = start
        return found

    pieces: list[str] = []
    position = 0
    dropped = 0
    while (match := _DROPPED_BLOCK.search(text, position)) is not None:
        pieces.append(text[position : match.start()])
        dropped += 1
        close = "-->" if match.group(1) is None else f"</{match.group(1).lower()}"
        end = find(close, match.end())
        if end >= 0 and close == "-->":
            position = end + 3
            continue
        tag_end = find(">", end if end >= 0 else match.end())
        position = len(text) if tag_end < 0 else tag_end + 1
        if end < 0 and tag_end < 0:
            position = match.end()
    pieces.append(text[position:])
    return "".join(pieces), dropped
