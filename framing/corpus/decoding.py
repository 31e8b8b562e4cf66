"""Turn the bytes of an input file into clean Unicode text.

Two pure functions of one input: :func:`decode_bytes` finds the encoding (or says the bytes
are not text at all) and :func:`normalize_text` makes the characters uniform without touching
the words, the punctuation or the line structure that cleaning relies on.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from framing.errors import InputError

#: Share of the first bytes that may be control bytes (other than tab, LF, CR, FF, ESC)
#: before the input is taken to be binary.
MAX_CONTROL_BYTE_SHARE = 0.01

#: Share of decoded characters that must be printable (or whitespace) for the text to count
#: as text.
MIN_PRINTABLE_SHARE = 0.95

#: Largest share of non-ASCII letters for which a legacy input is read as Windows-1252.
MAX_NON_ASCII_LETTER_SHARE_CP1252 = 0.3

_SNIFF_BYTES = 65536
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x1E}
_CONTROL_BYTES |= {0x1F, 0x7F}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class UndecodableError(InputError):
    """The bytes are not in any text encoding that can be identified.

    Attributes
    ----------
    reason : str
        The manifest reason code a reader records for the skipped input.
    """

    reason = "undecodable"


class NotTextError(UndecodableError):
    """The bytes are binary data (an image, an archive, a PDF ...), not text."""

    reason = "not text"


def decode_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode the bytes of one input file.

    The encoding is chosen in this order: the forced ``encoding`` if given; UTF-16 or UTF-8
    when the data starts with a byte-order mark (reported as ``"utf-16"`` / ``"utf-8-sig"``,
    the mark removed); strict UTF-8; then a legacy single-byte encoding. For the legacy step,
    Windows-1252 is used when it decodes the bytes and the result is mostly ASCII letters
    (Western European and Indonesian text), because charset-normalizer's guess on a short
    Western text is unstable (a one-sentence cp1252 file comes back as cp775 or cp1250);
    otherwise charset-normalizer's best guess is used.

    Parameters
    ----------
    data : bytes
        The raw content of a file (or of one record).
    encoding : str, optional
        A Python codec name (e.g. ``"cp1252"``) that overrides detection.

    Returns
    -------
    text : str
        The decoded text (not yet normalised: see :func:`normalize_text`).
    encoding : str
        The codec that was used.

    Raises
    ------
    NotTextError
        The data contains NUL or other control bytes, or decodes to mostly unprintable
        characters (an image, archive or other binary file).
    UndecodableError
        The forced encoding fails on the data, or no encoding can be found.
    InputError
        ``encoding`` is not a known codec name.

    References
    ----------
    .. [1] Ousret, A. (2019-2024). charset-normalizer: the Real First Universal Charset
       Detector. https://github.com/jawah/charset_normalizer
    .. [2] WHATWG (2024). Encoding Standard, section 5: "windows-1252" as the default legacy
       encoding of Western-language documents. https://encoding.spec.whatwg.org/

    Examples
    --------
    >>> decode_bytes("caf\\u00e9 \\u201cok\\u201d".encode("cp1252"))
    ('café “ok”', 'cp1252')
    >>> decode_bytes(b"\\xef\\xbb\\xbfhalo")
    ('halo', 'utf-8-sig')
    """
    if encoding is not None:
        return _decode_forced(data, encoding), encoding
    if data.startswith(_UTF16_BOMS):
        try:
            return _checked_text(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise UndecodableError(f"starts with a UTF-16 mark but is not UTF-16 ({exc})") from exc
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked_text(data.decode("utf-8-sig")), "utf-8-sig"
        except UnicodeDecodeError:
            data = data[len(codecs.BOM_UTF8) :]
    _reject_binary(data)
    try:
        return _checked_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


def _decode_forced(data: bytes, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise InputError(
            f"--encoding {encoding!r}: unknown encoding; use a Python codec name such as "
            "utf-8, cp1252 or latin-1"
        ) from exc
    try:
        return _checked_text(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise UndecodableError(
            f"not valid {encoding} at byte {exc.start}; drop --encoding to detect it"
        ) from exc


def _reject_binary(data: bytes) -> None:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise NotTextError("contains NUL bytes (binary data, e.g. an image or a PDF)")
    n_control = sum(byte in _CONTROL_BYTES for byte in head)
    if head and n_control / len(head) > MAX_CONTROL_BYTE_SHARE:
        raise NotTextError(
            f"{n_control} of its first {len(head)} bytes are control bytes (binary data)"
        )


def _checked_text(text: str) -> str:
    if not text:
        return text
    sample = text[:_SNIFF_BYTES]
    printable = sum(ch.isprintable() or ch in "\t\n\r\f\v" for ch in sample)
    if printable / len(sample) < MIN_PRINTABLE_SHARE:
        raise NotTextError(
            f"only {printable / len(sample):.0%} of its characters are printable (binary data)"
        )
    return text


def _decode_legacy(data: bytes) -> tuple[str, str]:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_ascii_letters(text):
        return _checked_text(text), "cp1252"
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError(
            "neither UTF-8 nor a recognisable legacy encoding; pass --encoding NAME"
        )
    return _checked_text(str(best)), best.encoding


def _mostly_ascii_letters(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    non_ascii = sum(not ch.isascii() for ch in letters)
    return non_ascii / len(letters) <= MAX_NON_ASCII_LETTER_SHARE_CP1252


# Zero-width and invisible format characters that only break words apart for a matcher:
# ZERO WIDTH SPACE, WORD JOINER, ZERO WIDTH NO-BREAK SPACE (a byte-order mark inside the text)
# and SOFT HYPHEN. ZERO WIDTH NON-JOINER / JOINER (U+200C, U+200D) are kept: they change
# spelling in Persian and Indic scripts and build emoji sequences.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# C0/C1 control characters other than tab and newline (stray bytes from old word processors).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\u0085\u2028\u2029]")
_TRAILING_SPACE = re.compile("[ \t]+$", flags=re.MULTILINE)


def _unicode_space_table() -> dict[int, str]:
    spaces = {}
    for code in range(0x80, 0x3001):
        if unicodedata.category(chr(code)) == "Zs":
            spaces[code] = " "
    return spaces


_SPACES = _unicode_space_table()


def normalize_text(text: str) -> str:
    """Make the characters of a text uniform, keeping its words, punctuation and lines.

    In order: line breaks (CRLF, CR, vertical tab, form feed, U+0085, U+2028, U+2029) become
    LF; the text is put in Unicode normal form NFC (so "e" + combining acute becomes "é");
    every Unicode space character (no-break space U+00A0, narrow no-break space U+202F, figure
    space U+2007, em space, ideographic space ...) becomes a plain space; invisible characters
    that split words (zero-width space U+200B, word joiner U+2060, a byte-order mark U+FEFF
    inside the text, soft hyphen U+00AD) and stray control characters are removed; spaces and
    tabs at the end of a line are removed.

    Kept as they are: curly quotes and apostrophes (“ ” ‘ ’), dashes (– —), blank lines (the
    paragraph structure cleaning and segmentation rely on), zero-width non-joiner and joiner
    (U+200C, U+200D, which carry meaning in Persian, Indic scripts and emoji), case.

    Parameters
    ----------
    text : str
        Decoded text.

    Returns
    -------
    str
        The normalised text.

    References
    ----------
    .. [1] Davis, M. and Whistler, K. (2024). Unicode Standard Annex #15: Unicode
       Normalization Forms. https://www.unicode.org/reports/tr15/

    Examples
    --------
    >>> normalize_text("Kim\\u00a0Jong Un  \\r\\nkata \\u201ccafe\\u0301\\u201d")
    'Kim Jong Un\\nkata “café”'
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_SPACES)
    text = _INVISIBLE.sub("", text)
    text = _CONTROLS.sub("", text)
    return _TRAILING_SPACE.sub("", text)
