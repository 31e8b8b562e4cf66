import math

import pandas as pd
import pytest

from framing.attribution import frame_voice, sourcing_profile, voice_names, voice_shares
from framing.errors import InputError

SENTENCES = pd.DataFrame(
    {"doc_id": ["a"] * 5 + ["b"], "sentence_id": [f"a:s{i}" for i in range(1, 6)] + ["b:s1"]}
)
DOCUMENTS = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "event": ["e", "e"]})


def hits(*rows):
    return pd.DataFrame(
        rows, columns=["sentence_id", "doc_id", "frame", "hedged", "negated", "negation_cue"]
    )


def attributions(*rows):
    return pd.DataFrame(rows, columns=["sentence_id", "doc_id", "source_type", "hedged", "denial"])


def test_precedence_of_voices():
    frame = "sanctions_violation"
    table = frame_voice(
        hits(
            ("a:s1", "a", frame, False, False, None),  # attributed; the denial is two away
            ("a:s2", "a", frame, False, False, None),  # next to a denial (a:s3)
            ("a:s5", "a", frame, True, False, None),  # hedged hit, own voice otherwise
            ("b:s1", "b", frame, False, False, None),  # nothing: own voice
        ),
        attributions(
            ("a:s1", "a", "western_government", False, False),
            ("a:s2", "a", "russian_state", False, False),
            ("a:s3", "a", "dprk_state", False, True),
        ),
        SENTENCES,
        DOCUMENTS,
    )
    voice = dict(zip(table["sentence_id"], table["voice"], strict=True))
    assert voice == {
        "a:s1": "attributed_western",
        "a:s2": "denied",
        "a:s5": "hedged",
        "b:s1": "own_voice",
    }
    row = table.set_index("sentence_id").loc["a:s2"]
    assert row["side"] == "russia_dprk" and row["denial_paired"] and row["attributed"]
    assert table.set_index("sentence_id").loc["b:s1", "outlet"] == "Y"


def test_denial_window_and_denial_verb_on_the_hit():
    base = hits(("a:s1", "a", "western_accusation", False, False, None))
    denial = attributions(("a:s3", "a", "dprk_state", False, True))
    assert frame_voice(base, denial, SENTENCES, DOCUMENTS)["voice"].item() == "own_voice"
    wide = frame_voice(base, denial, SENTENCES, DOCUMENTS, denial_window=2)
    assert wide["voice"].item() == "denied"
    negated = hits(("a:s1", "a", "western_accusation", False, True, "membantah"))
    table = frame_voice(negated, attributions(), SENTENCES, DOCUMENTS)
    assert table["voice"].item() == "denied" and table["negated"].item()


def test_other_sources_and_an_attributed_hedge():
    table = frame_voice(
        hits(
            ("a:s1", "a", "friendship", False, False, None),
            ("a:s4", "a", "friendship", False, False, None),
        ),
        attributions(("a:s1", "a", "wire_agency", False, False), ("a:s4", "a", "un", True, False)),
        SENTENCES,
        DOCUMENTS,
    )
    assert list(table["voice"]) == ["attributed_other", "hedged"]


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson (1927) score interval, written out."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_voice_shares_list_every_voice_with_wilson_intervals():
    voice = pd.DataFrame(
        {
            "outlet": ["X"] * 4,
            "frame": ["f"] * 4,
            "voice": ["own_voice", "own_voice", "denied", "hedged"],
        }
    )
    shares = voice_shares(voice)
    assert list(shares["voice"]) == list(voice_names())
    own = shares.set_index("voice").loc["own_voice"]
    assert (own["n"], own["total"], own["share"]) == (2, 4, 0.5)
    assert (own["ci_low"], own["ci_high"]) == pytest.approx(wilson(2, 4))
    assert shares.set_index("voice").loc["attributed_other", "n"] == 0
    assert shares["share"].sum() == pytest.approx(1.0)


def test_sourcing_profile_counts_every_type_per_outlet():
    attr = attributions(
        ("a:s1", "a", "wire_agency", False, False),
        ("a:s2", "a", "wire_agency", False, False),
        ("a:s3", "a", "russian_state", False, False),
    )
    profile = sourcing_profile(attr, DOCUMENTS).set_index(["outlet", "source_type"])
    assert profile.loc[("X", "wire_agency"), "share"] == pytest.approx(2 / 3)
    assert profile.loc[("X", "wire_agency"), "ci_low"] == pytest.approx(wilson(2, 3)[0])
    assert profile.loc[("Y", "wire_agency"), "total"] == 0
    assert math.isnan(profile.loc[("Y", "wire_agency"), "share"])


def test_seed_corpus_separates_asserted_from_accused(sample_corpus, seed_attributions):
    from framing.frames import load_lexicon, match_frames

    documents, sentences = sample_corpus.documents, sample_corpus.sentences
    frame_hits = match_frames(
        sentences, load_lexicon(), languages=documents.set_index("doc_id")["language"]
    )
    table = frame_voice(frame_hits, seed_attributions, sentences, documents)
    text = sentences.set_index("sentence_id")["text"]
    table["text"] = table["sentence_id"].map(text)

    def voice_of(fragment: str, frame: str) -> str:
        row = table[table["text"].str.contains(fragment, regex=False) & (table["frame"] == frame)]
        assert len(row) == 1, (fragment, frame)
        return row["voice"].item()

    # "Negara-negara Barat, Korea Selatan, dan Kyiv menuduh ... pelanggaran terhadap sanksi PBB"
    assert voice_of("dan Kyiv menuduh", "sanctions_violation") == "attributed_western"
    # the accusation right before "Baik Pyongyang maupun Moskow membantah ..."
    assert voice_of("Mereka menuduh Korea Utara", "sanctions_violation") == "denied"
    assert voice_of("dugaan Barat", "sanctions_violation") == "hedged"


def test_sides_are_data_in_order_of_precedence():
    both = attributions(
        ("a:s1", "a", "ngo", False, False),
        ("a:s1", "a", "army", False, False),
        ("a:s2", "a", "army", False, False),
        ("a:s4", "a", "wire_agency", False, False),
    )
    rows = hits(*[(s, "a", "humanitarian", False, False, None) for s in ("a:s1", "a:s2", "a:s4")])
    sides = {"aid": ["ngo"], "military": ["army"]}
    table = frame_voice(rows, both, SENTENCES, DOCUMENTS, sides=sides)
    assert list(table["voice"]) == ["attributed_aid", "attributed_military", "attributed_other"]
    assert list(table["side"]) == ["aid", "military", "other"]
    reverse = {"military": ["army"], "aid": ["ngo"]}
    first = frame_voice(rows, both, SENTENCES, DOCUMENTS, sides=reverse)["voice"].iloc[0]
    assert first == "attributed_military"  # the first side listed wins a shared sentence
    shares = voice_shares(table, sides=sides)
    assert list(shares["voice"]) == list(voice_names(["aid", "military"]))
    with pytest.raises(InputError, match="attributed_aid"):
        voice_shares(table)  # the built-in sides do not have these voices


def test_side_table_lists_each_side_with_its_voice():
    from framing.attribution import load_sources, side_table

    table = side_table(load_sources().sides)
    assert list(table.columns) == ["side", "label", "voice", "source_types"]
    assert (table["voice"] == "attributed_" + table["side"]).all()
