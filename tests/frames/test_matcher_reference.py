"""The vectorised matcher against a slow, independent reference with the same rules.

The reference below finds every surface form with its own regex, sentence by sentence, checks the
word boundaries and clitics character by character, resolves exclusions and overlaps with plain
loops and reads negation and hedge cues with ``find_cues`` on the window before each hit. The
``frame_hits`` tables must be equal, dtypes included.
"""

from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.segment import segment
from framing.frames import FrameMatcher, load_lexicon, match_frames
from framing.frames.matching import matcher as matcher_module
from framing.frames.negation import find_cues

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpora" / "putin-kim"
CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
SPACES = ("\n", "\r", "\t", "\xa0", "\u2009", "\u202f")
COLUMNS = (
    "sentence_id",
    "doc_id",
    "frame",
    "term",
    "start",
    "end",
    "negated",
    "negation_cue",
    "hedged",
    "hedge_cue",
    "matched_text",
    "start_in_sentence",
    "end_in_sentence",
    "weight",
    "language",
    "generic",
)
TYPES = {
    "start": "int64",
    "end": "int64",
    "start_in_sentence": "int64",
    "end_in_sentence": "int64",
    "negated": "bool",
    "hedged": "bool",
    "weight": "float64",
    "generic": "bool",
    "negation_cue": "str",  # strings with missing values, whatever a chunk holds
    "hedge_cue": "str",
}


def lower_same_length(text):
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def whole_word_hits(text, low, term, form, order):
    """(start, end, raw stop, order, term) of every whole-word occurrence of one form."""
    key = lower_same_length(form)
    out = []
    starts, start = [], low.find(key)
    while start >= 0:  # every occurrence, overlapping ones too
        starts.append(start)
        start = low.find(key, start + 1)
    for start in starts:
        stop = start + len(key)
        if start > 0 and low[start - 1].isalnum():
            continue
        if (
            start > 0
            and low[start - 1] == "-"
            and low[max(0, start - 1 - len(key)) : start - 1] == key
        ):
            continue  # sanksi-sanksi
        end = stop
        if stop < len(low) and low[stop].isalnum():
            if term.language != "id":
                continue
            for clitic in CLITICS:
                after = stop + len(clitic)
                if low.startswith(clitic, stop) and (after == len(low) or not low[after].isalnum()):
                    end = after
                    break
            else:
                continue
        if term.case_sensitive and text[start:stop] != form:
            continue
        out.append((start, end, stop, order, term))
    return out


def resolve(found):
    kept = []
    for frame in sorted({h[4].frame for h in found}):
        mine = [h for h in found if h[4].frame == frame]
        excluded = [(h[0], h[1]) for h in mine if h[4].exclusion]
        ordered = sorted(
            (h for h in mine if not h[4].exclusion),
            key=lambda h: (h[0], h[0] - h[1], -h[4].weight, h[2], h[3]),
        )
        reach = -1
        for hit in ordered:
            if any(s <= hit[0] and hit[1] <= e for s, e in excluded) or hit[0] < reach:
                continue
            reach = hit[1]
            kept.append(hit)
    return sorted(kept, key=lambda h: (h[0], h[4].frame))


def reference_hits(sentences, lexicon, *, languages=None, window=5):
    entries = [(t, form) for t in lexicon.terms(exclusions=True) for form in t.forms]
    if languages is not None:
        language_of = sentences["doc_id"].map(languages.astype("string"))
    elif "language" in sentences.columns:
        language_of = sentences["language"]
    else:
        language_of = pd.Series([None] * len(sentences), index=sentences.index)
    rows = []
    sentence_ids = sentences["sentence_id"].astype(str).tolist()
    doc_ids = sentences["doc_id"].astype(str).tolist()
    texts = sentences["text"].fillna("").astype(str).tolist()
    for i, (text, offset, language) in enumerate(
        zip(texts, sentences["start"], language_of, strict=True)
    ):
        low = lower_same_length(text)
        for space in SPACES:
            low = low.replace(space, " ")
        found = []
        for order, (term, form) in enumerate(entries):
            # a known language reads only its own terms (none, if the lexicon lacks it);
            # without a language every term is tried
            if isinstance(language, str) and language != "*" and term.language != language:
                continue
            found += whole_word_hits(text, low, term, form, order)
        for start, end, _, _, term in resolve(found):
            window_text = lower_same_length(text[max(0, start - 200) : end + 40])
            cut = min(start, 200)
            neg, hedge = find_cues(window_text[:cut], window_text[cut:], term.language, window)
            rows.append(
                (
                    sentence_ids[i],
                    doc_ids[i],
                    term.frame,
                    term.term,
                    int(offset) + start,
                    int(offset) + end,
                    neg is not None,
                    neg,
                    hedge is not None,
                    hedge,
                    text[start:end],
                    start,
                    end,
                    term.weight,
                    term.language,
                    term.generic,
                )
            )
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(TYPES)


def assert_same(sentences, lexicon, **kwargs):
    expected = reference_hits(sentences, lexicon, **kwargs)
    window = kwargs.pop("window", 5)
    got = match_frames(sentences, lexicon, negation_window=window, **kwargs)
    pd.testing.assert_frame_equal(got, expected)
    return got


def lexicon_from(tmp_path, body):
    path = tmp_path / "lex.yaml"
    path.write_text(body, encoding="utf-8")
    return load_lexicon([path], include_builtin=False)


def table(texts, languages=None):
    frame = pd.DataFrame(
        {
            "doc_id": [f"d{i // 3}" for i in range(len(texts))],
            "sentence_id": [f"d{i // 3}:s{i % 3 + 1}" for i in range(len(texts))],
            "start": [7 * i for i in range(len(texts))],
            "text": texts,
        }
    )
    if languages is not None:
        frame["language"] = languages
    return frame


@pytest.fixture(scope="module")
def seed_sentences():
    documents = pd.DataFrame(
        [
            {"doc_id": path.stem[:3], "text": path.read_text(encoding="utf-8"), "language": "id"}
            for path in sorted(CORPUS.glob("*.txt"))
        ]
    )
    return documents, segment(documents)[1]


@pytest.mark.parametrize("window", [5, 9])
def test_seed_corpus_equals_reference(seed_sentences, lexicon, window):
    documents, sentences = seed_sentences
    languages = documents.set_index("doc_id")["language"]
    hits = assert_same(sentences, lexicon, languages=languages, window=window)
    assert len(hits) > 30 and hits["negated"].any()
    assert_same(sentences, lexicon, window=window)  # no language: every language's terms


def test_seed_corpus_as_object_column_and_in_chunks(seed_sentences, lexicon, monkeypatch):
    _, sentences = seed_sentences
    as_objects = sentences.astype({"text": object, "sentence_id": object})
    assert_same(as_objects, lexicon)
    monkeypatch.setattr(matcher_module, "CHUNK_CHARS", 300)  # many batches of a few sentences
    assert_same(sentences, lexicon)
    assert_same(as_objects, lexicon)


CUSTOM = (
    "frames:\n"
    "  - id: sanctions\n"
    "    label: S\n"
    "    description: d\n"
    "    terms:\n"
    "      id: [sanksi, sanksi ekonomi, kerja sama, melanggar resolusi, resolusi PBB,\n"
    "           {term: AS, case_sensitive: true}, tuduhan, hanya]\n"
    "      en: [sanction, sanctions, weapons, supply weapons, only, x-ray]\n"
    "    exclusions:\n"
    "      id: [kerja sama militer]\n"
    "  - id: denial\n"
    "    label: D\n"
    "    description: d\n"
    "    terms:\n"
    "      id: [membantah, {term: bantah, weight: 2}]\n"
    "      en: [denied, deny, {term: sanctions, weight: 0.5}]\n"
)

TRICKY = [
    # words at the start and end of a sentence, punctuation around them
    "Sanksi dijatuhkan.",
    "Mereka menolak sanksi",
    "(sanksi) “sanksi” 'sanksi' sanksi. Sanksi!",
    # clitics, reduplication, longer words
    "Sanksi-sanksi baru, bersanksi, SANKSInya, sanksipun; sanksilah sanksikah sanksiku.",
    "sanksimu sanksinyapun sanksi-nya tuduhannya membantahnya bantahlah",
    "Weaponsnya weapons-nya sanctionsku",
    # case-sensitive terms
    "AS dan as serta AS-nya; KAS, AS.",
    # overlaps, exclusions, whitespace inside multiword terms
    "Kerja sama militer dan kerja sama ekonomi, serta kerja sama.",
    "Mereka melanggar resolusi PBB lagi, resolusi PBB.",
    "sanksi ekonomi dan sanksi\u00a0ekonomi serta sanksi\nekonomi, sanksi\tekonomi.",
    "They supply weapons and sanctions; x-ray and x-rays.",
    # negation just inside and just outside the window of five words
    "Pemerintah tidak satu dua tiga empat sanksi.",
    "Pemerintah tidak satu dua tiga empat lima sanksi.",
    "Tidak, sanksi itu. Tidak sanksi namun sanksi.",
    "Tidak hanya sanksi. Bukan hanya itu, tetapi sanksi.",
    "Tidak sanksi hanya tak lain sanksi.",
    "It was not only weapons. Not just sanctions, never sanctions.",
    "Diduga sanksi; reportedly supply weapons; might deny sanctions.",
    "They didn't supply weapons. He won’t deny sanctions. Mereka didn't sanksi.",
    "Moscow denied the sanctions. No-sanctions policy, not-weapons.",
    "not_sanctions x_not sanctions no_ weapons _tidak sanksi tidak_ sanksi",
    "Tidak-sanksi non-tidak sanksi tak-tak sanksi",
    # non-ASCII text, letters that lowercase unusually, empty and missing texts
    "“Persahabatan” dan PERSAHABATAN İstanbul ΟΔΟΣ sanksi İ sanksi.",
    "Ǆ sanksi K sanksi — tidak – sanksi…",
    "",
    None,
]


@pytest.mark.parametrize("window", [5, 1, 8])
def test_tricky_sentences_equal_reference(tmp_path, lexicon, window):
    custom = lexicon_from(tmp_path, CUSTOM)
    sentences = table(TRICKY)
    for lex in (custom, lexicon):
        assert_same(sentences, lex, window=window)
        assert_same(sentences.astype({"text": object}), lex, window=window)
    languages = pd.Series({f"d{i}": ["id", "en", "fr"][i % 3] for i in range(len(TRICKY))})
    hits = assert_same(sentences, custom, languages=languages, window=window)
    assert set(hits["language"]) <= {"id", "en"}
    # the French document (no French terms) gets no hit at all
    french = {f"d{i}" for i in range(len(TRICKY)) if i % 3 == 2}
    assert not set(hits["doc_id"]) & french


def test_tricky_sentences_give_the_documented_hits(tmp_path):
    hits = assert_same(table(TRICKY), lexicon_from(tmp_path, CUSTOM))
    found = hits.groupby("sentence_id")["matched_text"].apply(list).to_dict()
    assert found["d1:s1"] == ["Sanksi", "SANKSInya", "sanksipun", "sanksilah", "sanksikah"] + [
        "sanksiku"
    ]
    assert found["d2:s1"] == ["AS", "AS", "AS"]  # "as", "KAS" are not
    negated = hits.set_index(["sentence_id", "start_in_sentence"])["negation_cue"]
    assert negated["d3:s3", len("Pemerintah tidak satu dua tiga empat ")] == "tidak"
    assert pd.isna(negated["d4:s1", len("Pemerintah tidak satu dua tiga empat lima ")])


def test_cue_at_the_200_character_cut(tmp_path):
    custom = lexicon_from(tmp_path, CUSTOM)
    texts = []
    for pad in range(180, 206):
        for filler in ("", "x"):
            texts.append("a " * 20 + filler + "tidak " + "b" * (pad - 8) + " c sanksi.")
            texts.append("kata " * 40 + "y" * (pad - 195) + "tidak diduga sanksi")
    sentences = table(texts)
    for window in (5, 8, 9, 30):
        assert_same(sentences, custom, window=window)


def test_non_ascii_lexicons(tmp_path):
    accents = lexicon_from(
        tmp_path,
        "frames:\n  - {id: u, label: U, description: d, terms: "
        "{fr: ['négociation', 'accord de paix', 'état'], ru: ['кремль'], en: [naïve, 'café’s']},"
        " exclusions: {fr: ['négociation secrète']}}\n",
    )
    many = [chr(0x4E00 + i) + chr(0x4F00 + i) for i in range(80)]  # > 126 non-ASCII letters
    cjk = lexicon_from(
        tmp_path,
        "frames:\n  - {id: c, label: C, description: d, terms: {zh: ["
        + ", ".join(many)
        + "], id: [sanksi]}}\n",
    )
    assert FrameMatcher(accents).alphabet_ is not None and FrameMatcher(cjk).alphabet_ is None
    sentences = table(
        [
            "La négociation, NÉGOCIATION secrète; l'état et L'ÉTAT — accord de paix.",
            "Кремль и КРЕМЛЬ; a naïve CAFÉ’S café’s; not négociation.",
            many[0] + many[1] + " " + many[2] + "、sanksi。" + many[3][0],
        ]
    )
    assert assert_same(sentences, accents)["matched_text"].tolist() == [
        "négociation", "état", "ÉTAT", "accord de paix",  # not "NÉGOCIATION secrète"
        "Кремль", "КРЕМЛЬ", "naïve", "CAFÉ’S", "café’s", "négociation",
    ]  # fmt: skip
    assert assert_same(sentences, cjk)["matched_text"].tolist() == [many[2], "sanksi"]


def test_find_agrees_with_match_frames(tmp_path):
    custom = lexicon_from(tmp_path, CUSTOM)
    matcher = FrameMatcher(custom)
    for text in TRICKY[:-1]:
        hits = match_frames(table([text]), matcher)
        found = [(s, e, f, t) for s, e, f, t, _, _ in matcher.find(text)]
        expected = hits[["start_in_sentence", "end_in_sentence", "frame", "term"]]
        assert found == [tuple(row) for row in expected.itertuples(index=False)]


def test_no_hits_gives_the_empty_table(lexicon):
    empty = match_frames(table(["Tidak ada apa-apa.", ""]), lexicon)
    pd.testing.assert_frame_equal(empty, reference_hits(table(["x"]), lexicon))
    assert empty.empty and empty["start"].dtype == "int64" and empty["frame"].dtype == object
