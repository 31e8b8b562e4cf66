import pandas as pd
import pytest

from framing.contract import check_columns
from framing.corpus.reuse import declared_origins, find_reuse, reused_copies
from framing.corpus.tokens import tokenize
from framing.errors import InputError


def copied_corpus(sample_corpus):
    """The sample corpus plus an outlet that reprints three paragraphs of 001 a day later."""
    documents, paragraphs = sample_corpus.documents, sample_corpus.paragraphs
    source = paragraphs[paragraphs["doc_id"] == "001"].iloc[3:6]
    copied = source.assign(doc_id="005", paragraph_id=[f"005:p{i}" for i in (1, 2, 3)])
    own = pd.DataFrame(
        {
            "doc_id": ["005"],
            "paragraph_id": ["005:p4"],
            "text": [
                "Redaksi kami menambahkan satu paragraf sendiri tentang cuaca di Kupang hari ini."
            ],
        }
    )
    new_paragraphs = pd.concat([paragraphs, copied, own], ignore_index=True)
    text = "\n\n".join([*copied["text"], *own["text"]])
    copy = documents[documents["doc_id"] == "001"].assign(
        doc_id="005", outlet="Copycat", date=pd.Timestamp("2024-06-20"), text=text
    )
    return pd.concat([documents, copy], ignore_index=True), new_paragraphs, source


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


def shingles(text: str, size: int) -> set[tuple[str, ...]]:
    """Word shingles, computed independently of the module (tokens, then n-grams)."""
    words = tokenize(text)
    return {tuple(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))}


def test_copied_paragraphs_are_found_with_their_similarity(sample_corpus):
    documents, paragraphs, source = copied_corpus(sample_corpus)
    reuse = find_reuse(documents, paragraphs)
    check_columns(reuse, "reuse")
    pairs = reuse[(reuse["kind"] == "paragraph") & (reuse["doc_id"] == "005")]
    assert list(pairs["matched_paragraph_id"]) == list(source["paragraph_id"])
    assert (pairs["similarity"] == 1.0).all()
    whole = reuse[(reuse["kind"] == "document") & (reuse["doc_id"] == "005")].iloc[0]
    assert whole["matched_doc_id"] == "001"
    a = shingles(documents.set_index("doc_id").loc["005", "text"], 4)
    b = shingles(documents.set_index("doc_id").loc["001", "text"], 4)
    # MinHash estimates of 64 values: within a few standard errors of the exact figures
    assert whole["similarity"] == pytest.approx(jaccard(a, b), abs=0.2)
    assert whole["containment"] == pytest.approx(len(a & b) / len(a), abs=0.25)
    # the original is not a near-duplicate of the copy (it is much longer)
    assert not ((reuse["kind"] == "document") & (reuse["doc_id"] == "001")).any()


def test_later_copy_is_counted_once(sample_corpus):
    documents, paragraphs, _ = copied_corpus(sample_corpus)
    reuse = find_reuse(documents, paragraphs)
    copies = reused_copies(reuse, paragraphs)
    assert {"005:p1", "005:p2", "005:p3", "005:p4"} <= copies  # a near-duplicate document
    assert all(not c.startswith("001") for c in copies)  # the original is kept


def test_partly_edited_paragraph_is_found_and_unrelated_ones_are_not():
    base = (
        "Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu dini hari dan disambut "
        "langsung oleh Kim Jong Un di bandara dengan upacara militer yang megah."
    )
    edited = base.replace("dengan upacara militer yang megah", "sebelum menuju istana")
    other = "Harga beras di pasar induk naik tajam menjelang musim hujan tahun ini di Jawa Barat."
    documents = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "text": [base, edited, other], "date": pd.NaT}
    )
    paragraphs = documents.assign(paragraph_id=documents["doc_id"] + ":p1")
    reuse = find_reuse(documents, paragraphs)
    pairs = reuse[reuse["kind"] == "paragraph"]
    assert pairs[["doc_id", "matched_doc_id"]].values.tolist() == [["b", "a"]]  # b is later
    expected = jaccard(shingles(base, 4), shingles(edited, 4))
    assert pairs["similarity"].iloc[0] == pytest.approx(expected, abs=0.2)


def test_a_story_reprinted_by_many_outlets_gives_one_row_per_copy():
    """Linear output: each copy is matched to the earliest printing, not to every other copy."""
    story = (
        "Dewan Keamanan PBB menyebut pengiriman rudal dari Pyongyang ke Moskow melanggar "
        "resolusi sanksi yang berlaku sejak tahun 2006 menurut laporan panel ahli."
    )
    n = 300
    documents = pd.DataFrame(
        {
            "doc_id": [f"d{i:03d}" for i in range(n)],
            "text": [f"Berita {i}.\n\n{story}" for i in range(n)],
            "date": pd.to_datetime("2024-06-01") + pd.to_timedelta(range(n), unit="h"),
        }
    )
    paragraphs = pd.DataFrame(
        {
            "doc_id": documents["doc_id"],
            "paragraph_id": documents["doc_id"] + ":p2",
            "text": story,
        }
    )
    reuse = find_reuse(documents, paragraphs)
    copies = reuse[reuse["kind"] == "paragraph"]
    assert len(copies) == n - 1 and set(copies["matched_doc_id"]) == {"d000"}
    assert "d000" not in set(copies["doc_id"])


def test_declared_origins_of_the_seeds(sample_corpus):
    reuse = find_reuse(sample_corpus.documents, sample_corpus.paragraphs)
    origins = reuse[reuse["kind"] == "declared_origin"].set_index("doc_id")["declared_origin"]
    assert origins["001"] == "trtworld.com"  # the closing "(trtworld.com)"
    assert origins["000"] == "CNBC Indonesia"  # "Dilansir dari CNBC Indonesia"
    assert "Malay Mail" in set(reuse.loc[reuse["doc_id"] == "004", "declared_origin"])
    # the seeds share only the Kremlin's announcement, quoted by 000 and 001 and (later) by 004
    pairs = reuse[reuse["kind"] == "paragraph"]
    found = set(zip(pairs["doc_id"], pairs["matched_doc_id"], strict=True))
    assert found <= {("004", "000"), ("004", "001")}
    assert (pairs["containment"] >= 0.5).all()


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("Seoul (AFP) - North Korea fired a missile.", "AFP"),
        ("Kim visited Moscow. — Reuters", "Reuters"),
        ("Sumber: Antara", "Antara"),
        ("Artikel ini dikutip dari Kompas.com.", "Kompas.com"),
    ],
)
def test_declared_origin_forms(text, origin):
    assert declared_origins(text)[0][0] == origin


def test_bad_threshold_is_a_one_line_error(sample_corpus):
    with pytest.raises(InputError, match="threshold"):
        find_reuse(sample_corpus.documents, sample_corpus.paragraphs, threshold=0)


def reprinted_corpus(n_docs: int = 240, seed: int = 1):
    """Articles whose paragraphs are new, or copies (some edited) of an earlier article's, and
    a few whole reprints; shared dates, undated articles, and articles the documents table
    does not list."""
    import numpy as np

    rng = np.random.default_rng(seed)
    vocabulary = [f"w{i}" for i in range(400)]
    paragraphs, written = [], []
    for d in range(n_docs):
        for p in range(5):
            if d % 30 == 29:  # a whole article reprinted: a near-duplicate
                words = list(written[(d - 7) * 5 + p])
            elif written and rng.random() < 0.4:
                words = list(written[rng.integers(len(written))])
                for _ in range(rng.integers(0, 4)):  # an edit of up to three words
                    words[rng.integers(len(words))] = vocabulary[rng.integers(len(vocabulary))]
            else:
                words = list(rng.choice(vocabulary, 16))
            written.append(words)
            paragraphs.append({"doc_id": f"d{d:03d}", "paragraph_id": f"d{d:03d}:p{p}",
                               "text": " ".join(words)})  # fmt: skip
    days = rng.integers(0, 12, n_docs)  # many articles a day: ties broken by id
    documents = pd.DataFrame(
        {
            "doc_id": [f"d{d:03d}" for d in range(n_docs)],
            "date": [None if d % 17 == 0 else f"2024-06-{1 + day:02d}" for d, day in
                     zip(range(n_docs), days, strict=True)],
        }
    )  # fmt: skip
    listed = documents[documents.index % 23 != 5].reset_index(drop=True)  # a few unlisted
    return listed, pd.DataFrame(paragraphs)


def test_groups_of_bands_give_the_table_of_one_pass_over_every_band():
    from framing.corpus.reuse import (
        band_groups,
        copies_in_bands,
        earliest_copies,
        reuse_from_copies,
        reuse_from_sketch_parts,
        sketch_units,
    )

    documents, paragraphs = reprinted_corpus()
    sketches = sketch_units(paragraphs, seed=0)
    cuts = [0, 100, 450, 451, len(sketches)]  # parts of uneven sizes

    def read(columns):
        return iter([sketches[columns].iloc[a:b] for a, b in zip(cuts, cuts[1:], strict=False)])

    origins = pd.DataFrame(columns=["doc_id", "matched_doc_id", "kind"])
    one_pass = reuse_from_sketch_parts(read, documents, origins)
    assert (one_pass["kind"] == "paragraph").sum() > 100  # a corpus with much reuse
    assert (one_pass["kind"] == "document").any()
    for n in (2, 3, 16):
        found = [copies_in_bands(read, documents, bands) for bands in band_groups(n)]
        assert sum(len(f) for f in found) > len(earliest_copies(found))  # groups overlap
        grouped = reuse_from_copies(read, documents, origins, earliest_copies(found))
        pd.testing.assert_frame_equal(grouped, one_pass)
    assert [len(b) for b in band_groups(2)] == [8, 8] and len(band_groups(99)) == 16


def test_the_earliest_match_over_groups_of_bands_goes_to_the_lower_bands_on_a_tie():
    from framing.corpus.reuse import earliest_copies

    def found(rows):
        return pd.DataFrame(rows, columns=["later", "earlier", "order", "j", "c", "share"])

    lower = found([(5, 1, 300, 0.6, 0.7, 0.7), (9, 2, 100, 0.9, 0.9, 0.9)])
    upper = found([(5, 3, 300, 0.8, 0.8, 0.8), (9, 4, 50, 0.5, 0.6, 0.6), (7, 0, 10, 1, 1, 1)])
    best = earliest_copies([lower, upper])
    assert best["later"].tolist() == [5, 7, 9]
    assert best["earlier"].tolist() == [1, 0, 4]  # a tie in time: the lower bands' match
    assert best["j"].tolist() == [0.6, 1.0, 0.5]
    assert list(best.columns) == ["later", "earlier", "j", "c", "share"]
