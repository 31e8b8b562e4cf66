"""The built-in lexicon on the misses and false positives found on real news, and its generic
(not core) terms, which the core-only shares leave out."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.errors import InputError
from framing.frames import load_lexicon
from framing.frames.matching import FrameMatcher
from framing.frames.measure import frame_tables


@pytest.fixture(scope="module")
def matcher():
    return FrameMatcher(load_lexicon())


FOUND = [
    ("North Korea is the most honest friend and ally of Russia, Kim said.", "friendship"),
    ("Putin called Kim the dearest friend of the Korean people.", "friendship"),
    ("The two leaders are comrades-in-arms, Kim said.", "friendship"),
    ("Kim thanked Putin for the warm reception in Vostochny.", "friendship"),
    ("Pyongyang expressed full support and solidarity with Moscow.", "friendship"),
    ("Pyongyang defies United Nations sanctions by shipping shells.", "sanctions_violation"),
    ("The resolutions ban arms exports from North Korea.", "sanctions_violation"),
    ("Kedua negara kini kawan seperjuangan, kata Kim.", "friendship"),
]
NOT_FOUND = [
    ("Seoul will work with our allies and friendly nations to respond.", "friendship"),
    ("Kirby told a press briefing at the White House on Monday.", "western_accusation"),
    ("South Korea expressed regret over cooperation in violation of U.N. resolutions.",
     "friendship"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "frame"), FOUND)
def test_misses_on_real_news_are_found(matcher, text, frame):
    language = "id" if "negara" in text else "en"
    assert frame in {h[2] for h in matcher.find(text, language)}


POSSESSIVE = [
    ("It was the friendship's high point.", "friendship"),
    ("The partnership’s terms were not published.", "friendship"),
    ("The partnerships' terms were not published.", "friendship"),
    ("Pyongyang’s sanctions violations continued.", "sanctions_violation"),
    ("The accusation's source was Washington.", "western_accusation"),
]


@pytest.mark.parametrize(("text", "frame"), POSSESSIVE)
def test_english_possessive_forms_match_with_either_apostrophe(matcher, text, frame):
    assert frame in {h[2] for h in matcher.find(text, "en")}


@pytest.mark.parametrize(("text", "frame"), NOT_FOUND)
def test_false_positives_on_real_news_are_excluded(matcher, text, frame):
    assert frame not in {h[2] for h in matcher.find(text, "en")}


def test_generic_terms_are_marked_and_left_out_of_core_shares():
    text = (
        "Russia and North Korea pledged cooperation in all areas. "
        "They signed the Comprehensive Strategic Partnership treaty. "
        "Kim praised the friendship between the two nations."
    )
    docs = pd.DataFrame(
        {"doc_id": ["a"], "outlet": ["X"], "language": ["en"], "n_tokens": [30], "text": [text]}
    )
    from framing.corpus.segment import segment

    _, sentences = segment(docs)
    out = frame_tables(docs, sentences, load_lexicon())
    hits = out["frame_hits"]
    friendship = hits[hits["frame"] == "friendship"]
    generic = dict(zip(friendship["matched_text"].str.lower(), friendship["generic"], strict=True))
    assert generic["cooperation"] and generic["comprehensive strategic partnership"]
    assert not generic["friendship"] and not generic["in all areas"]
    share = out["frame_shares"].set_index("frame").loc["friendship", "sentences_with_frame"]
    core = out["frame_shares_core"].set_index("frame").loc["friendship", "sentences_with_frame"]
    assert (share, core) == (3, 2)  # the treaty's sentence has only its generic name


def test_generic_must_be_true_or_false(tmp_path):
    path = tmp_path / "lex.yaml"
    path.write_text(
        "frames:\n  - {id: f, label: F, description: d, terms: {en: [{term: x, generic: maybe}]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="generic"):
        load_lexicon([path], include_builtin=False)
