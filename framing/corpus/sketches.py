"""Compact, deterministic sketches of texts for corpus-wide comparisons in linear time.

Reuse detection and event alignment compare every document with every other; done naively
that is quadratic in the corpus and needs every text in memory. Instead, each chunk of
documents is reduced to small fixed-size sketches as it is read, and the corpus-wide steps work
on the sketches alone:

* :func:`token_hashes` and :func:`shingle_hashes` turn a text into 64-bit hashes of its words
  and of its word n-grams (shingles), the same in every process (content hashes, no salt);
* :func:`minhash_signatures` gives each shingle set ``n_hashes`` minimum hash values (MinHash,
  Broder 1997): the share of equal values of two signatures estimates the Jaccard similarity
  of the two sets;
* :func:`lsh_rounds` proposes pairs likely to be similar by banding the signatures
  (locality-sensitive hashing; Leskovec, Rajaraman & Ullman 2014, ch. 3), comparing each item
  only with a bounded number of earlier items of its bucket, so that a paragraph reprinted a
  thousand times costs a thousand comparisons, not a million.

References
----------
Broder, A. Z. (1997). On the resemblance and containment of documents. *Proceedings of
Compression and Complexity of Sequences*, 21-29.

Leskovec, J., Rajaraman, A., & Ullman, J. D. (2014). *Mining of Massive Datasets* (2nd ed.).
Cambridge University Press, ch. 3.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

import numpy as np

from framing.corpus.tokens import TOKEN_RE

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
#: Odd 64-bit multipliers used to mix the words of a shingle.
_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5, 0x94D049BB133111EB],
    dtype=np.uint64,
)  # fmt: skip


def stable_hash(text: str) -> int:
    """A 64-bit hash of ``text`` that is the same in every process (BLAKE2b, 8 bytes).

    Examples
    --------
    >>> stable_hash("putin") == stable_hash("putin") != stable_hash("kim")
    True
    """
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def token_hashes(texts: Sequence[str]) -> list[np.ndarray]:
    """The lower-cased word tokens of each text as 64-bit hashes (one array per text).

    Each distinct token is hashed once per call, so the cost is one dictionary look-up per
    token.
    """
    tokenized = [TOKEN_RE.findall(str(t).lower()) for t in texts]
    vocabulary = {w: None for words in tokenized for w in words}
    table = {w: stable_hash(w) for w in vocabulary}
    return [np.fromiter((table[w] for w in words), np.uint64, len(words)) for words in tokenized]


def shingle_hashes(tokens: np.ndarray, size: int = 4) -> np.ndarray:
    """Hashes of the ``size``-word shingles of one text's token hashes (unique, sorted).

    A text shorter than ``size`` words is one shingle of all its words.

    Examples
    --------
    >>> tokens = token_hashes(["satu dua tiga empat lima"])[0]
    >>> len(shingle_hashes(tokens, 4)), len(shingle_hashes(tokens[:2], 4))
    (2, 1)
    """
    n = len(tokens)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    width = min(size, n)
    count = n - width + 1
    with np.errstate(over="ignore"):
        mixed = np.zeros(count, dtype=np.uint64)
        for offset in range(width):
            part = tokens[offset : offset + count] * _MULTIPLIERS[offset % len(_MULTIPLIERS)]
            mixed ^= part + np.uint64(offset)
    return np.unique(mixed)


def _mix(values: np.ndarray, seed: np.uint64) -> np.ndarray:
    """A 64-bit mixing function (xorshift-multiply, SplitMix64's finaliser) of ``values ^ seed``."""
    with np.errstate(over="ignore"):
        x = values ^ seed
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


def minhash_signatures(sets: Sequence[np.ndarray], n_hashes: int = 64, seed: int = 0) -> np.ndarray:
    """MinHash signatures of many hash sets at once: one row of ``n_hashes`` uint32 per set.

    One-permutation hashing (Li, Owen & Zhang 2012): each item is hashed once; the top bits
    of its hash choose one of ``n_hashes`` bins and the minimum per bin is kept, so the cost is
    one hash per item whatever ``n_hashes`` is. Bins a small set leaves empty are filled from
    the next non-empty bin, shifted by the distance (rotation densification; Shrivastava & Li
    2014), which keeps the share of equal values an estimate of the Jaccard similarity.

    Parameters
    ----------
    sets : sequence of uint64 arrays
        The items of each set (e.g. :func:`shingle_hashes`); an empty set gets all-max values.
    n_hashes : int
        Bins (signature length), a power of two.
    seed : int
        Seed of the hash function.

    Returns
    -------
    ndarray of shape (len(sets), n_hashes), uint32

    References
    ----------
    Li, P., Owen, A. B., & Zhang, C.-H. (2012). One permutation hashing. *Advances in Neural
    Information Processing Systems*, 25.

    Shrivastava, A., & Li, P. (2014). Densifying one permutation hashing via rotation for fast
    near neighbor search. *Proceedings of the 31st International Conference on Machine
    Learning*, 557-565.

    Examples
    --------
    >>> a = shingle_hashes(token_hashes(["the same wire story about the summit today"])[0])
    >>> s = minhash_signatures([a, a])
    >>> bool((s[0] == s[1]).all()), s.shape
    (True, (2, 64))
    """
    if n_hashes & (n_hashes - 1) or n_hashes < 2:
        raise ValueError(f"n_hashes must be a power of two, not {n_hashes}")
    empty = np.iinfo(np.uint32).max
    lengths = np.array([len(s) for s in sets], dtype=np.int64)
    out = np.full((len(sets), n_hashes), empty, dtype=np.uint32)
    if lengths.sum() == 0:
        return out
    items = np.concatenate([np.asarray(s, dtype=np.uint64) for s in sets])
    owner = np.repeat(np.arange(len(sets)), lengths)
    mixed = _mix(items, np.uint64(seed * 1000003 + 0x5DEECE66D))
    bits = n_hashes.bit_length() - 1
    bins = (mixed >> np.uint64(64 - bits)).astype(np.int64)
    values = (mixed & np.uint64(0xFFFFFFFE)).astype(np.uint32)  # never the empty marker
    np.minimum.at(out.ravel(), owner * n_hashes + bins, values)
    return _densify(out, empty)


def _densify(signatures: np.ndarray, empty: int) -> np.ndarray:
    """Fill each empty bin from the next non-empty bin to its right (circularly), shifted."""
    n, k = signatures.shape
    is_empty = signatures == empty
    if not is_empty.any():
        return signatures
    doubled = np.hstack([signatures, signatures])
    filled = ~np.hstack([is_empty, is_empty])
    index = np.where(filled, np.arange(2 * k), 2 * k)
    # next filled position at or after each column: a running minimum from the right
    nearest = np.minimum.accumulate(index[:, ::-1], axis=1)[:, ::-1][:, :k]
    has = nearest < 2 * k
    source = np.where(has, nearest, 0)
    distance = (source - np.arange(k)).astype(np.uint64)
    with np.errstate(over="ignore"):
        shifted = doubled[np.arange(n)[:, None], source].astype(np.uint64)
        shifted = (shifted + distance * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFE)
    out = np.where(is_empty & has, shifted.astype(np.uint32), signatures)
    return out


def band_keys(signatures: np.ndarray, bands: int) -> np.ndarray:
    """One uint32 key per band of ``n_hashes / bands`` signature values (for LSH buckets).

    Two rows with equal values in a band get equal keys; unequal bands collide with
    probability 2**-32.

    Examples
    --------
    >>> s = minhash_signatures([np.arange(30, dtype=np.uint64)] * 2)
    >>> keys = band_keys(s, 16)
    >>> keys.shape, bool((keys[0] == keys[1]).all())
    ((2, 16), True)
    """
    n, width = signatures.shape
    rows = width // bands
    values = signatures.astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        key = np.zeros((n, bands), dtype=np.uint64)
        for r in range(rows):
            key = _mix(key ^ values[:, :, r], np.uint64(r + 1))
    return (key >> np.uint64(32)).astype(np.uint32)


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Share of equal signature values, row by row: the MinHash estimate of Jaccard similarity."""
    return (np.asarray(a) == np.asarray(b)).mean(axis=-1)


def containment_estimate(jaccard, size_a, size_b) -> np.ndarray:
    """``|A ∩ B| / min(|A|, |B|)`` from the Jaccard similarity and the set sizes.

    ``|A ∩ B| = J (|A| + |B|) / (1 + J)``.

    Examples
    --------
    >>> float(containment_estimate(0.5, 10, 20))
    1.0
    """
    j = np.asarray(jaccard, dtype=float)
    a, b = np.asarray(size_a, dtype=float), np.asarray(size_b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        inter = j * (a + b) / (1 + j)
        return np.clip(np.where(np.minimum(a, b) > 0, inter / np.minimum(a, b), 0.0), 0.0, 1.0)


def lsh_rounds(
    signatures: np.ndarray, order: np.ndarray, *, bands: int, max_earlier: int = 20
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Candidate pairs of rows that agree on all values of a band, one round at a time.

    Each band sorts the rows into buckets of equal band values, earliest first; round ``k``
    of a band pairs every row with the ``k``-th earliest row of its bucket, when that one is
    earlier. Every round yields ``(later, earlier)`` row arrays in which a row is ``later``
    at most once, so a caller can check a round's pairs at once and keep, per row, what it
    found; memory is that of one round (at most one pair per row), whatever the corpus size.

    Parameters
    ----------
    signatures : ndarray (n, n_hashes)
        MinHash signatures; ``n_hashes`` must be a multiple of ``bands``.
    order : ndarray (n,)
        Rank of each row in time (earlier first); ties broken by row.
    bands : int
        Bands of ``n_hashes / bands`` rows each.
    max_earlier : int
        Each row is paired with at most this many of the earliest rows of each of its buckets,
        so that the number of pairs is linear in ``n``.
    """
    n, width = signatures.shape
    if n < 2:
        return
    rows = width // bands
    rank = np.lexsort((np.arange(n), order))
    position = np.empty(n, dtype=np.int64)
    position[rank] = np.arange(n)
    for band in range(bands):
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        by_key = np.lexsort((position, keys))  # buckets, each earliest first
        sorted_keys = keys[by_key]
        new = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        bucket = np.cumsum(new) - 1
        starts = np.flatnonzero(new)
        offset = np.arange(n) - starts[bucket]
        for earlier in range(max_earlier):
            mask = offset > earlier
            if not mask.any():
                break
            yield by_key[mask], by_key[starts[bucket[mask]] + earlier]
