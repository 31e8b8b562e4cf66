"""Charts in the page: each saved SVG as a ``data:`` URI in UTF-8, not base64.

The page's Content-Security-Policy allows images from ``data:`` URIs only, and an ``<img>``
keeps each chart's SVG (its ids, its styles) apart from the page. Base64 makes an SVG a third
larger; percent-encoding only the characters that a URL or the page's single-quoted attribute
cannot hold, and writing its line breaks as spaces, keeps it near its own size.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from markupsafe import Markup

#: Characters escaped in the URI: the URL's own (%, #), whitespace a URL parser drops, and what
#: would end or change the single-quoted HTML attribute that holds it (', &).
_ESCAPED = {c: f"%{ord(c):02X}" for c in "%#'&\n\r\t"}
_TABLE = str.maketrans(_ESCAPED)

#: The SVG's namespace names (``xmlns="http://www.w3.org/2000/svg"``) are not links: written
#: ``http%3A//`` they read the same once decoded, and the page names no URL that a reader or a
#: check for external requests would take for one.
_SCHEME = re.compile(r"(?<=[a-z]):(?=//)")

#: A line break and the indentation after it: one space to XML (attribute values and text are
#: whitespace-normalised), three bytes and more to a URI.
_BREAK = re.compile(r"\s*\n\s*")


#: Geometric attributes, whose numbers matplotlib writes to six decimals: two (a hundredth of
#: a pixel) draw the same chart, and the page is a third smaller at a hundred outlets.
_GEOMETRY = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|points)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\.\d\d)\d+")
_STYLE = re.compile(r' style="([^"]*)"')
_SVG_OPENING = re.compile(r"<svg\b[^>]*>")
#: Line breaks between two tags carry nothing.
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")


def compact_svg(text: str) -> str:
    """``text`` (an SVG) with its geometry to two decimals and no breaks between tags; the
    labels (text content) and every other attribute as they were.

    Examples
    --------
    >>> compact_svg('<g>\\n  <path d="M 1.234567 2.5 L 3.14159 0" style="x: 0.123456"/>\\n'
    ...             '<text x="10.987654">p = 0.0012345</text></g>')
    '<g><path d="M 1.23 2.5 L 3.14 0" style="x: 0.123456"/><text x="10.98">p = 0.0012345</text></g>'
    """
    return _styles_as_classes(_GEOMETRY.sub(_two_decimals, _BETWEEN_TAGS.sub("><", text)))


def _styles_as_classes(text: str) -> str:
    """Each ``style`` that several elements repeat (matplotlib writes one per cell and label)
    as a class of a ``<style>`` element at the top of the SVG."""
    counts = Counter(_STYLE.findall(text))
    repeated = [style for style, n in counts.most_common() if n > 1]
    if not repeated or 'class="' in text:
        return text
    names = {style: f"s{i}" for i, style in enumerate(repeated)}
    text = _STYLE.sub(lambda m: f' class="{names[m.group(1)]}"' if m.group(1) in names
                      else m.group(0), text)  # fmt: skip
    rules = "".join(f".{name}{{{style}}}" for style, name in names.items())
    opening = _SVG_OPENING.search(text)
    if opening is None:
        return text
    return f"{text[: opening.end()]}<style>{rules}</style>{text[opening.end() :]}"


def _two_decimals(match: re.Match) -> str:
    return match.group(1) + _LONG_DECIMAL.sub(r"\1", match.group(2)) + '"'


def svg_data_uri(path: str | Path) -> Markup:
    """The SVG at ``path`` as ``data:image/svg+xml;charset=utf-8,…``, for ``src='…'``.

    The result is safe inside a single-quoted attribute as it is (hence ``Markup``): it holds
    no ``'`` and no ``&``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".svg", delete=False) as f:
    ...     _ = f.write("<svg xmlns='http://www.w3.org/2000/svg' fill='#fff'>&amp; 100%\\n</svg>")
    >>> str(svg_data_uri(f.name))
    'data:image/svg+xml;charset=utf-8,<svg xmlns=%27http%3A//www.w3.org/2000/svg%27 fill=%27%23fff%27>%26amp; 100%25 </svg>'
    """
    text = compact_svg(Path(path).read_text(encoding="utf-8"))
    text = _BREAK.sub(" ", text).translate(_TABLE)
    return Markup("data:image/svg+xml;charset=utf-8," + _SCHEME.sub("%3A", text))
