"""The negation and hedge rules: one file, read once, used by the scalar and vectorised paths."""

from pathlib import Path

import pandas as pd
import pytest

from framing.config import DEFAULTS
from framing.errors import InputError
from framing.frames.matching import scope
from framing.frames.negation import (
    ALL_LANGUAGES,
    ANY_CUE_RE,
    CUE_RULES,
    cue_vocabulary,
    find_cues,
    load_cue_rules,
)

CUES = Path(__file__).resolve().parents[2] / "framing" / "frames" / "cues.yaml"


def test_the_built_in_rules_are_the_documented_ones():
    rules = CUE_RULES
    assert rules.languages == ("id", "en", ALL_LANGUAGES)
    assert {"tidak", "bukan", "belum"} <= rules.negation["id"]
    assert {"not", "no", "denied"} <= rules.negation["en"]  # "no" read as a word, not False
    assert ("tidak", "hanya") in rules.pseudo_negations["id"]
    assert rules.negation[ALL_LANGUAGES] == rules.negation["id"] | rules.negation["en"]
    assert rules.clause_breaks == ',;:()[]"“”' and rules.joiners == "-'’"
    assert (rules.before_chars, rules.after_chars) == (200, 40)
    assert rules.contractions_negate("en") and not rules.contractions_negate("id")


def test_the_vectorised_tables_are_built_from_the_same_rules():
    vocabulary = cue_vocabulary()
    rules = CUE_RULES
    every = rules.negation["*"] | rules.hedge["*"] | rules.terminators["*"]
    assert set(vocabulary.words) == every | set(rules.contractions)
    assert vocabulary.languages == rules.languages
    row = vocabulary.language_index("en")
    for word, negates in zip(vocabulary.words, vocabulary.negation[row], strict=True):
        assert negates == (word in rules.negation["en"])
    assert (rules.before_chars, rules.after_chars) == (scope.BEFORE_CHARS, scope.AFTER_CHARS)
    assert ANY_CUE_RE.search("they didn't") and ANY_CUE_RE.search("tidak ada")


def test_find_cues_reads_the_window_of_the_study_model():
    words = " ".join(["kata"] * (DEFAULTS.frames.negation_window - 1))
    assert find_cues(f"tidak {words} ", "sanksi", "id") == ("tidak", None)
    assert find_cues(f"tidak {words} lagi ", "sanksi", "id") == (None, None)
    assert find_cues("he didn't ", "deny", "en")[0] == "didn't"
    assert find_cues("dia didn't ", "sanksi", "id")[0] is None  # no contractions in Indonesian


def test_a_rules_file_is_read_and_checked(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text(CUES.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_cue_rules(path) == CUE_RULES
    text = CUES.read_text(encoding="utf-8")
    for broken, message in [
        (text.replace('"no", never', "no, never"), "list of words"),
        (text.replace("before_chars: 200", "before_chars: 0"), "before_chars is 0"),
        (text.replace("after_chars: 40\n", ""), "lacks after_chars"),
        (text.replace("      - [not, just]", "      - [not]"), "two-word lists"),
    ]:
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(InputError, match=message):
            load_cue_rules(path)


NEGATION_SCOPE = [
    # (language, sentence, negated): the negation must be the frame's predicate's
    ("en", "Russia does not rule out military-technical cooperation with Pyongyang.", False),
    ("en", "Moscow does not exclude the development of a strategic partnership.", False),
    ("en", "There is no indication that Pyongyang supplied weapons to Moscow.", False),
    ("en", "Not to mention a mutual defence pact with Pyongyang.", False),
    ("en", "It is not only a strategic partnership but an alliance.", False),
    ("en", "Russia did not violate sanctions, the ministry said.", True),
    ("en", "Moscow has not supplied weapons to Pyongyang.", True),
    ("id", "Rusia tidak menutup kemungkinan kerja sama militer dengan Korea Utara.", False),
    ("id", "Moskow tidak mengesampingkan kemitraan strategis dengan Pyongyang.", False),
    ("id", "Ini tidak hanya kemitraan strategis tetapi juga aliansi.", False),
    ("id", "Korea Utara tidak melanggar sanksi PBB.", True),
    ("id", "Rusia membantah memasok senjata ke Korea Utara.", True),
]


@pytest.mark.parametrize(("language", "text", "negated"), NEGATION_SCOPE)
def test_negation_scope_is_the_predicates(language, text, negated):
    from framing.frames import load_lexicon
    from framing.frames.matching import FrameMatcher, match_frames

    matcher = FrameMatcher(load_lexicon())
    sentences = pd.DataFrame(
        {"doc_id": ["d"], "sentence_id": ["d:s1"], "start": [0], "text": [text],
         "language": [language]}
    )  # fmt: skip
    hits = match_frames(sentences, matcher)
    framed = hits[hits["frame"] != "denial"]
    assert len(framed), text
    assert bool(framed["negated"].iloc[-1]) == negated
    # the one-hit path reads the same rules
    found = [h for h in matcher.find(text, language) if h[2] != "denial"]
    assert (found[-1][4] is not None) == negated
