import pandas as pd
import pytest

from framing.errors import InputError
from framing.frames import match_frames, validate_codes

#: unit, western_accusation codes of coders A and B (lexicon says 1 for 000:s3, 001:s1, 001:s2,
#: 004:s2), plus friendship codes both coders agree on.
CODES = [
    ("000:s1", 0, 0),
    ("000:s3", 1, 1),
    ("001:s1", 1, 1),
    ("001:s2", 0, 0),  # lexicon 1: false positive (a denial)
    ("004:s1", 0, 0),
    ("004:s2", 1, 1),
    ("004:s3", 1, 1),  # lexicon 0: false negative
    ("004:s4", 0, 1),  # tie: left out
]
FRIENDSHIP = [("000:s1", 1), ("004:s1", 1), ("000:s3", 0)]


def coded_table():
    rows = []
    for unit, a, b in CODES:
        rows += [(unit, "western_accusation", a, "A"), (unit, "western_accusation", b, "B")]
    for unit, code in FRIENDSHIP:
        rows += [(unit, "friendship", code, "A"), (unit, "friendship", code, "B")]
    return pd.DataFrame(rows, columns=["sentence_id", "frame", "code", "coder"])


@pytest.fixture()
def hits_and_sentences(seed_tables, lexicon):
    _, sentences = seed_tables
    return match_frames(sentences, lexicon), sentences


def test_scores_against_hand_computation(hits_and_sentences):
    hits, sentences = hits_and_sentences
    result = validate_codes(coded_table(), hits, sentences)
    scores = result.scores.set_index("frame")
    # by hand: TP 3 (000:s3, 001:s1, 004:s2), FP 1 (001:s2), FN 1 (004:s3), TN 2, 1 tie
    wa = scores.loc["western_accusation"]
    assert (wa.tp, wa.fp, wa.fn, wa.tn, wa.n, wa.ties) == (3, 1, 1, 2, 7, 1)
    assert (wa.precision, wa.recall, wa.f1) == pytest.approx((0.75, 0.75, 0.75))
    fr = scores.loc["friendship"]
    assert (fr.tp, fr.fp, fr.fn, fr.tn) == (2, 0, 0, 1) and fr.f1 == 1.0
    pooled = scores.loc["(all)"]
    assert (pooled.tp, pooled.fp, pooled.fn, pooled.tn) == (5, 1, 1, 3)
    confusion = result.confusion.set_index(["frame", "coded", "lexicon"])["n"]
    assert confusion[("western_accusation", 0, 1)] == 1 and confusion.sum() == 10
    assert "western_accusation" in result.summary()


def test_krippendorff_alpha_against_hand_computation(hits_and_sentences):
    hits, sentences = hits_and_sentences
    alpha = validate_codes(coded_table(), hits, sentences).alpha.set_index("frame")["alpha"]
    # coincidences: o00 = 6, o11 = 8, o01 = o10 = 1; n0 = 7, n1 = 9, n = 16
    # alpha = 1 - (n - 1) * (o01 + o10) / (2 * n0 * n1) = 1 - 15 * 2 / 126 = 16/21
    assert alpha["western_accusation"] == pytest.approx(16 / 21)
    # friendship: coders always agree -> 1; pooled: o00 = 8, o11 = 12, o01 = o10 = 1, n = 22
    assert alpha["friendship"] == pytest.approx(1.0)
    assert alpha["(all)"] == pytest.approx(1 - 21 * 2 / (2 * 9 * 13))


def test_document_level_single_coder(hits_and_sentences):
    hits, sentences = hits_and_sentences
    coded = pd.DataFrame(
        {"doc_id": ["000", "001", "004"], "frame": "denial", "code": [1, 1, 0]}
    )  # lexicon: 001 and 004 have denial hits
    result = validate_codes(coded, hits, sentences)
    row = result.scores.iloc[0]
    assert (row.tp, row.fp, row.fn, row.tn) == (1, 1, 1, 0)
    assert result.level == "document" and result.alpha.empty


def test_undefined_precision_is_noted(hits_and_sentences):
    hits, sentences = hits_and_sentences
    coded = pd.DataFrame({"sentence_id": ["000:s2"], "frame": ["isolation"], "code": [0]})
    row = validate_codes(coded, hits, sentences).scores.iloc[0]
    assert pd.isna(row.precision) and "precision undefined" in row.note


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.assign(code=2), "is not 0 or 1"),
        (lambda c: c.replace({"sentence_id": {"000:s1": "999:s1"}}), "not in the corpus"),
        (lambda c: c.drop(columns="code"), "needs columns"),
        (lambda c: pd.concat([c, c.iloc[[0]]]), "more than once"),
        (lambda c: c.replace({"frame": {"friendship": "frendship"}}), "not in the lexicon"),
    ],
)
def test_bad_codes_are_clear_errors(hits_and_sentences, lexicon, change, message):
    hits, sentences = hits_and_sentences
    with pytest.raises(InputError, match=message):
        validate_codes(change(coded_table()), hits, sentences, frames=lexicon.frame_ids)
