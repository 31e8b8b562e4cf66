"""The negation and hedge rules: one file, read once, used by the scalar and vectorised paths."""

from pathlib import Path

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
