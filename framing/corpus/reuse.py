"""Text reuse: wire copy and near-duplicates between documents, and the origins a text declares.

Small outlets republish agency copy, so a count per outlet can be a count of someone else's
text. Two kinds of evidence go into the ``reuse`` table (a corpus-wide step):

- **Shared text**, found by shingling (Broder, 1997): each paragraph with at least
  ``min_words`` words becomes the set of its word ``shingle_size``-grams; MinHash signatures
  and locality-sensitive hashing (``datasketch``) propose pairs of paragraphs of different
  documents, and each proposal is checked on the exact shingle sets. A pair is kept when its
  Jaccard similarity, or the containment of the shorter paragraph in the longer, reaches
  ``threshold`` (``kind = "paragraph"``). A document whose shingles are contained in another
  document's at ``document_threshold`` or more is a near-duplicate (``kind = "document"``,
  ``paragraph_id`` empty).
- **Declared origins**: what the text itself says it relays — a closing line such as
  "(trtworld.com)", relay phrases ("Dilansir dari CNBC Indonesia", "melansir Malay Mail",
  "dikutip dari", "Sumber: …") and agency datelines ("(AFP)", "— Reuters")
  (``kind = "declared_origin"``).

:func:`reused_copies` names the paragraphs that are the later copy in each pair, so that an
outlet comparison can count reused text once.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents. *Proceedings of
Compression and Complexity of Sequences*, 21-29.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from framing.corpus.tokens import tokenize
from framing.errors import InputError

#: Columns of the ``reuse`` table (the contract columns first).
REUSE_COLUMNS = (
    "doc_id",
    "paragraph_id",
    "matched_doc_id",
    "similarity",
    "declared_origin",
    "kind",
    "matched_paragraph_id",
    "containment",
    "evidence",
)

_WORD = r"[A-Z][\w&’'-]*(?:\.[\w-]+)*"
_NAME = rf"({_WORD}(?:[ \t]+{_WORD}){{0,3}}|[\w-]+(?:\.[\w-]+)+)"
#: Patterns of declared origins: relay phrases and a closing bracketed source.
ORIGIN_PATTERNS = (
    re.compile(
        r"(?i:\b(?:dilansir|melansir|dikutip|disadur|diterjemahkan)(?:\s+(?:dari|melalui))?)\s+"
        + _NAME
    ),
    re.compile(r"(?i:\bsumber\s*:)\s*" + _NAME),
    re.compile(r"(?i:\b(?:source|adapted from|originally published by|via))\s*:?\s+" + _NAME),
    re.compile(r"^\s*\(\s*([\w.-]+\.[a-z]{2,}(?:\.[a-z]{2})?|[A-Z][\w ]{1,30})\s*\)\s*$", re.M),
    re.compile(r"\((AFP|Reuters|REUTERS|AP|Antara|ANTARA|Yonhap|Bloomberg|Xinhua)\)"),
    re.compile(r"[—–-]\s*(AFP|Reuters|REUTERS|Antara|ANTARA|Yonhap)\s*$", re.M),
)


def declared_origins(text: str) -> list[tuple[str, str]]:
    """The origins ``text`` declares, as (origin, the words that declare it), in text order.

    Examples
    --------
    >>> declared_origins("Dilansir dari CNBC Indonesia, Putin tiba.\\n\\n(trtworld.com)")
    [('CNBC Indonesia', 'Dilansir dari CNBC Indonesia'), ('trtworld.com', '(trtworld.com)')]
    """
    found = []
    for pattern in ORIGIN_PATTERNS:
        for match in pattern.finditer(text):
            origin = match.group(1).strip().rstrip(".,")
            found.append((match.start(), origin, " ".join(match.group(0).split())))
    seen, out = set(), []
    for _, origin, words in sorted(found):
        if origin.lower() not in seen:
            seen.add(origin.lower())
            out.append((origin, words))
    return out


def shingles(text: str, size: int) -> set[str]:
    """The set of word ``size``-grams of ``text`` (lowercased word tokens).

    Examples
    --------
    >>> sorted(shingles("Putin tiba di Pyongyang", 3))
    ['putin tiba di', 'tiba di pyongyang']
    """
    words = tokenize(text)
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def find_reuse(
    documents: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    threshold: float = 0.5,
    document_threshold: float = 0.8,
    shingle_size: int = 4,
    min_words: int = 8,
    num_perm: int = 128,
    random_state: int = 0,
) -> pd.DataFrame:
    """The ``reuse`` table: shared paragraphs and documents, and declared origins.

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` table (``doc_id``, ``text``).
    paragraphs : DataFrame
        The ``paragraphs`` table (``doc_id``, ``paragraph_id``, ``text``).
    threshold : float, default=0.5
        Smallest Jaccard similarity or containment of a reported pair of paragraphs.
    document_threshold : float, default=0.8
        Smallest containment of a document in another for it to be a near-duplicate.
    shingle_size : int, default=4
        Words per shingle.
    min_words : int, default=8
        Paragraphs shorter than this are not compared (datelines, captions).
    num_perm : int, default=128
        MinHash permutations.
    random_state : int, default=0
        MinHash seed.

    Returns
    -------
    DataFrame
        Columns :data:`REUSE_COLUMNS`; pairs are listed from both sides.
    """
    if not (0 < threshold <= 1 and 0 < document_threshold <= 1) or shingle_size < 1:
        raise InputError(
            "reuse: thresholds must be in (0, 1] and shingle_size >= 1; got "
            f"{threshold}, {document_threshold}, {shingle_size}"
        )
    for name, table in (("documents", documents), ("paragraphs", paragraphs)):
        needed = ("doc_id", "text") if name == "documents" else ("doc_id", "paragraph_id", "text")
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise InputError(
                f"{name}: lacks column(s) {', '.join(missing)}; pass the corpus tables"
            )
    rows = _shared_paragraphs(
        paragraphs, threshold, shingle_size, min_words, num_perm, random_state
    )
    sharing = {tuple(sorted((r["doc_id"], r["matched_doc_id"]))) for r in rows}
    rows += _shared_documents(
        documents, document_threshold, shingle_size, num_perm, random_state, sharing
    )
    for doc_id, text in zip(
        documents["doc_id"].astype(str), documents["text"].fillna(""), strict=True
    ):
        for origin, words in declared_origins(str(text)):
            rows.append(
                {
                    "doc_id": doc_id,
                    "declared_origin": origin,
                    "kind": "declared_origin",
                    "evidence": words,
                }
            )
    table = pd.DataFrame(rows, columns=list(REUSE_COLUMNS))
    order = {"document": 0, "paragraph": 1, "declared_origin": 2}
    table = table.assign(_k=table["kind"].map(order)).sort_values(
        ["doc_id", "_k", "paragraph_id", "matched_doc_id"], na_position="first", kind="stable"
    )
    return table.drop(columns="_k").reset_index(drop=True)


def _minhash_pairs(keys, sets, threshold, num_perm, random_state) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=max(0.05, min(threshold * 0.8, 0.99)), num_perm=num_perm)
    hashes = []
    for i, items in enumerate(sets):
        m = MinHash(num_perm=num_perm, seed=random_state)
        m.update_batch([s.encode("utf-8") for s in items])
        hashes.append(m)
        lsh.insert(i, m)
    pairs = set()
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j != i and keys[i] != keys[j]:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _overlap(a: set, b: set) -> tuple[float, float]:
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def _shared_paragraphs(
    paragraphs, threshold, size, min_words, num_perm, random_state
) -> list[dict]:
    table = paragraphs[["doc_id", "paragraph_id", "text"]].astype(str)
    sets = [shingles(t, size) for t in table["text"]]
    keep = [
        i
        for i, (t, s) in enumerate(zip(table["text"], sets, strict=True))
        if s and len(tokenize(t)) >= min_words
    ]
    docs = table["doc_id"].to_numpy()
    found = _minhash_pairs(docs[keep], [sets[i] for i in keep], threshold, num_perm, random_state)
    rows = []
    for a, b in sorted(found):
        i, j = keep[a], keep[b]
        jaccard, containment = _overlap(sets[i], sets[j])
        if max(jaccard, containment) < threshold:
            continue
        for x, y in ((i, j), (j, i)):
            rows.append(
                {
                    "doc_id": docs[x],
                    "paragraph_id": table["paragraph_id"].iat[x],
                    "matched_doc_id": docs[y],
                    "matched_paragraph_id": table["paragraph_id"].iat[y],
                    "similarity": round(jaccard, 6),
                    "containment": round(containment, 6),
                    "kind": "paragraph",
                }
            )
    return rows


def _shared_documents(documents, threshold, size, num_perm, random_state, sharing) -> list[dict]:
    """Near-duplicate documents: candidates from MinHash on whole texts and from shared
    paragraphs (containment of a short text in a long one has a low Jaccard similarity)."""
    ids = documents["doc_id"].astype(str).to_numpy()
    sets = [shingles(str(t), size) for t in documents["text"].fillna("")]
    keep = [i for i, s in enumerate(sets) if s]
    found = _minhash_pairs(
        np.asarray(keep), [sets[i] for i in keep], threshold, num_perm, random_state
    )
    candidates = {(keep[a], keep[b]) for a, b in found}
    position = {doc: i for i, doc in enumerate(ids)}
    candidates |= {
        tuple(sorted((position[a], position[b])))
        for a, b in sharing
        if a in position and b in position and sets[position[a]] and sets[position[b]]
    }
    rows = []
    for i, j in sorted(candidates):
        jaccard, _ = _overlap(sets[i], sets[j])
        for x, y in ((i, j), (j, i)):
            contained = len(sets[x] & sets[y]) / len(sets[x])
            if contained >= threshold:
                rows.append(
                    {
                        "doc_id": ids[x],
                        "matched_doc_id": ids[y],
                        "similarity": round(jaccard, 6),
                        "containment": round(contained, 6),
                        "kind": "document",
                    }
                )
    return rows


def reused_copies(
    reuse: pd.DataFrame, documents: pd.DataFrame, paragraphs: pd.DataFrame
) -> set[str]:
    """Paragraph ids that are the later copy of shared text, to count reused text once.

    In each shared pair the paragraph of the later document (by ``date``, then ``doc_id``) is
    the copy; a near-duplicate document's paragraphs are all copies. The earlier one is kept.

    Returns
    -------
    set of str
    """
    if reuse.empty:
        return set()
    dates = (
        pd.to_datetime(
            documents.set_index(documents["doc_id"].astype(str))["date"], errors="coerce"
        )
        if "date" in documents
        else pd.Series(dtype="datetime64[ns]")
    )
    far = pd.Timestamp.max

    def later(a: str, b: str) -> bool:
        da, db = dates.get(a, pd.NaT), dates.get(b, pd.NaT)
        key_a = (far if pd.isna(da) else da, a)
        key_b = (far if pd.isna(db) else db, b)
        return key_a > key_b

    copies: set[str] = set()
    pairs = reuse[reuse["kind"] == "paragraph"]
    for row in pairs.itertuples(index=False):
        if later(str(row.doc_id), str(row.matched_doc_id)):
            copies.add(str(row.paragraph_id))
    whole = reuse[reuse["kind"] == "document"]
    copied_docs = {
        str(r.doc_id)
        for r in whole.itertuples(index=False)
        if later(str(r.doc_id), str(r.matched_doc_id))
    }
    if copied_docs:
        mask = paragraphs["doc_id"].astype(str).isin(copied_docs)
        copies |= set(paragraphs.loc[mask, "paragraph_id"].astype(str))
    return copies
