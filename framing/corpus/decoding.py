"""Turn the bytes of an input file into clean Unicode text.

Two pure functions of one input: :func:`decode_bytes` finds the encoding (or says the bytes
are not text at all) and :func:`normalize_text` makes the characters uniform without touching
the words, the punctuation or the line structure that cleaning relies on.
:func:`decode_input` is :func:`decode_bytes` that also says what it had to repair (a file in two
encodings, UTF-16 without a byte-order mark), and :func:`stream_encoding` picks the codec of a
file read piece by piece from its first bytes. Every step is linear in the size of the input.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from framing.errors import InputError

#: Share of the first bytes that may be control bytes (NUL included; not tab, LF, CR, FF,
#: ESC) before the input is taken to be binary. Random or compressed bytes have about 10 %;
#: text with a few stray NUL or control bytes keeps its text (they are removed).
MAX_CONTROL_BYTE_SHARE = 0.05

#: Share of decoded characters that must be printable (or whitespace) for the text to count
#: as text.
MIN_PRINTABLE_SHARE = 0.95

#: Largest share of non-ASCII letters for which a legacy input is read as Windows-1252.
MAX_NON_ASCII_LETTER_SHARE_CP1252 = 0.3

#: Share of the even (or odd) bytes that are NUL above which text is UTF-16 without a mark.
MIN_UTF16_NUL_SHARE = 0.3

#: Name of the codec error handler that reads bytes that are not UTF-8 as Windows-1252.
CP1252_FALLBACK = "framing-cp1252"

_SNIFF_BYTES = 65536
_CONTROL_BYTES = bytes(
    sorted(set(range(0x00, 0x09)) | set(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F})
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: File signatures of common binary formats, with what they are.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel file"),
    (b"\x7fELF", "a program"),
)
# A valid UTF-8 sequence of two to four bytes (RFC 3629, table 3-7 of the Unicode Standard).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ASCII = bytes(range(0x80))


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # the five bytes cp1252 leaves undefined: read as Latin-1


_CP1252_CHARS = tuple(_cp1252_char(byte) for byte in range(256))


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(_CP1252_CHARS[b] for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)


@dataclass(frozen=True)
class Repair:
    """Something :func:`decode_input` or a reader had to repair in a text.

    Attributes
    ----------
    problem : str
        What was wrong, a short stable phrase (``"mixed encodings"``).
    value : str
        What was found (``"12 bytes"``).
    action : str
        What was done.
    fix : str
        What a user can do about it.
    """

    problem: str
    value: str
    action: str
    fix: str


@dataclass(frozen=True)
class Decoded:
    """The result of :func:`decode_input`.

    Attributes
    ----------
    text : str
        The decoded text (not yet normalised).
    encoding : str
        The codec that was used.
    repairs : tuple of Repair
        What had to be repaired on the way.
    """

    text: str
    encoding: str
    repairs: tuple[Repair, ...] = ()


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
    the mark removed); UTF-16 without a mark (``"utf-16-le"``/``"utf-16-be"``, recognised by
    its NUL bytes); strict UTF-8; UTF-8 with some Windows-1252 bytes (see
    :func:`decode_input`); then a legacy single-byte encoding. For the legacy step,
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
        The data starts with the signature of a binary format (PNG, PDF, ZIP ...), more than
        :data:`MAX_CONTROL_BYTE_SHARE` of its first bytes are NUL or other control bytes, or
        it decodes to mostly unprintable characters (an image, archive or other binary file).
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
    decoded = decode_input(data, encoding=encoding)
    return decoded.text, decoded.encoding


def decode_input(data: bytes, *, encoding: str | None = None) -> Decoded:
    """Decode the bytes of one input, saying what had to be repaired.

    As :func:`decode_bytes`, and besides: data with a file signature of a binary format (PNG,
    JPEG, PDF, ZIP, ...) is not text; UTF-16 without a byte-order mark is recognised by its NUL
    bytes; a few NUL or control bytes in text are kept for :func:`normalize_text` to remove;
    data that is mostly valid UTF-8 with some bytes that are not (a file edited in two
    encodings) is read as UTF-8 with those bytes read as Windows-1252, recorded as a repair.

    Parameters
    ----------
    data : bytes
        The raw content of a file (or of one record).
    encoding : str, optional
        A Python codec name that overrides detection.

    Returns
    -------
    Decoded
        Text, codec and repairs.

    Raises
    ------
    NotTextError, UndecodableError, InputError
        As :func:`decode_bytes`.

    Examples
    --------
    >>> decoded = decode_input("café ".encode() + "naïve".encode("cp1252") + " – ok".encode())
    >>> decoded.text, decoded.encoding, decoded.repairs[0].problem
    ('café naïve – ok', 'utf-8', 'mixed encodings')
    >>> decode_input("Putin tiba".encode("utf-16-le")).encoding
    'utf-16-le'
    """
    if encoding is not None:
        return Decoded(_decode_forced(data, encoding), encoding)
    if data.startswith(_UTF16_BOMS):
        try:
            return Decoded(_checked_text(data.decode("utf-16")), "utf-16")
        except UnicodeDecodeError as exc:
            raise UndecodableError(f"starts with a UTF-16 mark but is not UTF-16 ({exc})") from exc
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(_checked_text(data.decode("utf-8-sig")), "utf-8-sig")
        except UnicodeDecodeError:
            data = data[len(codecs.BOM_UTF8) :]
    _reject_signature(data)
    utf16 = _utf16_without_bom(data[:_SNIFF_BYTES])
    if utf16 is not None:
        try:
            return Decoded(_checked_text(data[: len(data) - len(data) % 2].decode(utf16)), utf16)
        except UnicodeDecodeError:
            pass
    _reject_binary(data)
    try:
        return Decoded(_checked_text(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return mixed
    return _decode_legacy(data)


def stream_encoding(head: bytes, *, encoding: str | None = None) -> str:
    """The codec to read a whole file with, chosen from its first bytes.

    For a file read piece by piece (a large CSV or JSONL file): the choice of
    :func:`decode_input` on ``head``, cut after its last complete line. Open the file with
    ``errors=CP1252_FALLBACK`` so that a later byte that is not valid in it is read as
    Windows-1252 instead of stopping the read.

    Parameters
    ----------
    head : bytes
        The first bytes of the file (64 KiB or more).
    encoding : str, optional
        A forced codec: returned as it is once it is known to exist and decode ``head``.

    Returns
    -------
    str
        A Python codec name.

    Raises
    ------
    NotTextError, UndecodableError, InputError
        As :func:`decode_bytes` on ``head``.

    Examples
    --------
    >>> stream_encoding("id,outlet\\n1,Pos-Kupang\\n".encode("utf-16"))
    'utf-16'
    """
    if not head.startswith(_UTF16_BOMS) and _utf16_without_bom(head) is None:
        cut = head.rfind(b"\n")
        head = head[: cut + 1] if cut > 0 else head
    else:
        head = head[: len(head) - len(head) % 2]
    if encoding is not None:
        _decode_forced(head, encoding)
        return encoding
    return decode_input(head).encoding


def utf16_codec(head: bytes) -> str | None:
    """``"utf-16"`` (with a byte-order mark), ``"utf-16-le"``/``"utf-16-be"`` (without one,
    recognised by NUL bytes), or None for data that is not UTF-16.

    Examples
    --------
    >>> utf16_codec("Putin".encode("utf-16-be")), utf16_codec(b"Putin")
    ('utf-16-be', None)
    """
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    return _utf16_without_bom(head[:_SNIFF_BYTES])


def _reject_signature(data: bytes) -> None:
    for signature, kind in _MAGIC:
        if data.startswith(signature):
            raise NotTextError(f"{kind} (binary data), not text")
    if data[4:8] == b"ftyp":
        raise NotTextError("a video or audio file (binary data), not text")


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when every other byte is mostly NUL, else None."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd >= MIN_UTF16_NUL_SHARE and nul_even < nul_odd / 10:
        return "utf-16-le"
    if nul_even >= MIN_UTF16_NUL_SHARE and nul_odd < nul_even / 10:
        return "utf-16-be"
    return None


def _mixed_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with some Windows-1252 bytes, when the valid UTF-8 outweighs the invalid."""
    n_non_ascii = len(data.translate(None, _ASCII))
    valid = sum(m.end() - m.start() for m in _UTF8_MULTIBYTE.finditer(data))
    invalid = n_non_ascii - valid
    if valid == 0 or valid < invalid:
        return None
    text = _checked_text(data.decode("utf-8", errors=CP1252_FALLBACK))
    repair = Repair(
        "mixed encodings",
        f"{invalid} bytes",
        "bytes that are not UTF-8 read as Windows-1252",
        "save the file as UTF-8",
    )
    return Decoded(text, "utf-8", (repair,))


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
    n_control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and n_control / len(head) > MAX_CONTROL_BYTE_SHARE:
        nul = " (NUL bytes among them)" if b"\x00" in head else ""
        raise NotTextError(
            f"{n_control} of its first {len(head)} bytes are control bytes{nul} (binary data)"
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


def _decode_legacy(data: bytes) -> Decoded:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_ascii_letters(text[: 16 * _SNIFF_BYTES]):
        return Decoded(_checked_text(text), "cp1252")
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError(
            "neither UTF-8 nor a recognisable legacy encoding; pass --encoding NAME"
        )
    return Decoded(_checked_text(str(best)), best.encoding)


def _mostly_ascii_letters(text: str) -> bool:
    n_letters = sum(ch.isalpha() for ch in text)
    if not n_letters:
        return True
    non_ascii = sum(ch.isalpha() and not ch.isascii() for ch in text)
    return non_ascii / n_letters <= MAX_NON_ASCII_LETTER_SHARE_CP1252


# Zero-width and invisible format characters that only break words apart for a matcher:
# ZERO WIDTH SPACE, WORD JOINER, ZERO WIDTH NO-BREAK SPACE (a byte-order mark inside the text)
# and SOFT HYPHEN. ZERO WIDTH NON-JOINER / JOINER (U+200C, U+200D) are kept: they change
# spelling in Persian and Indic scripts and build emoji sequences.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# C0/C1 control characters other than tab and newline (stray bytes from old word processors).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# The same, as found before line breaks are unified (CR, VT, FF and NEL are line breaks), and
# lone surrogates (from a JSON escape such as "\\ud800"), which no file can store.
_REMOVABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\u0085\u2028\u2029]")
_TRAILING_SPACE = re.compile("[ \t]+$", flags=re.MULTILINE)


def _unicode_space_table() -> dict[int, str]:
    spaces = {}
    for code in range(0x80, 0x3001):
        if unicodedata.category(chr(code)) == "Zs":
            spaces[code] = " "
    return spaces


_SPACES = _unicode_space_table()
# The same spaces as one character class: a regular expression replaces them several times
# faster than ``str.translate`` with a table, which looks every character up.
_SPACE_RUN = re.compile("[" + "".join(map(chr, _SPACES)) + "]")
# Invisible and control characters, removed in one pass.
_DROPPED = re.compile(f"{_INVISIBLE.pattern}|{_CONTROLS.pattern}")


def normalize_text(text: str) -> str:
    """Make the characters of a text uniform, keeping its words, punctuation and lines.

    In order: line breaks (CRLF, CR, vertical tab, form feed, U+0085, U+2028, U+2029) become
    LF; the text is put in Unicode normal form NFC (so "e" + combining acute becomes "é");
    every Unicode space character (no-break space U+00A0, narrow no-break space U+202F, figure
    space U+2007, em space, ideographic space ...) becomes a plain space; invisible characters
    that split words (zero-width space U+200B, word joiner U+2060, a byte-order mark U+FEFF
    inside the text, soft hyphen U+00AD) and stray control characters (NUL included) are
    removed; lone surrogates (which no UTF-8 file can hold) become U+FFFD; spaces and tabs at
    the end of a line are removed.

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
    if not text.isascii():  # ASCII has no surrogates, NFC forms or Unicode spaces
        text = _SURROGATES.sub("\ufffd", text)
        text = unicodedata.normalize("NFC", text)
        text = _SPACE_RUN.sub(" ", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _DROPPED.sub("", text)
    return _TRAILING_SPACE.sub("", text)


def count_control_characters(text: str) -> int:
    """Number of characters :func:`normalize_text` removes or replaces as invalid.

    Control characters other than tab and line breaks (NUL included), and lone surrogates.

    Examples
    --------
    >>> count_control_characters("Putin\\x00 tiba\\x07.\\r\\n")
    2
    """
    return sum(1 for _ in _REMOVABLE.finditer(text))
