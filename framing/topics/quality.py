"""How good each topic is: coherence of its words, how distinct they are, how stable it is.

- **Coherence (NPMI).** The mean normalised pointwise mutual information of the pairs of a
  topic's top words, with co-occurrence counted over the units the model was fitted on (Bouma
  2009; the measure that agrees best with human judgements of topic quality in Lau, Newman &
  Baldwin 2014 and Röder, Both & Hinneburg 2015). 1: the words always occur together; 0:
  independent; -1: never together.
- **Distinctness.** The share of a topic's top words that are among no other topic's top
  words: topic diversity (Dieng, Ruiz & Blei 2020) per topic, so that a topic repeating the
  corpus' common words shows it.
- **Stability per topic.** For each topic of the reported model, the best Jaccard overlap of
  its units with a topic of each refit with another seed (topics matched across runs, as in
  Greene, O'Callaghan & Cunningham 2014), averaged over the refits: which topics come back,
  rather than one adjusted Rand index for the whole partition.

References
----------
Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
*Proceedings of GSCL*, 31-40.

Dieng, A. B., Ruiz, F. J. R., & Blei, D. M. (2020). Topic modeling in embedding spaces.
*Transactions of the ACL*, 8, 439-453.

Greene, D., O'Callaghan, D., & Cunningham, P. (2014). How many topics? Stability analysis for
topic models. *ECML PKDD 2014*, LNCS 8724, 498-513.

Lau, J. H., Newman, D., & Baldwin, T. (2014). Machine reading tea leaves: automatically
evaluating topic coherence and topic model quality. *Proceedings of EACL*, 530-539.

Röder, M., Both, A., & Hinneburg, A. (2015). Exploring the space of topic coherence measures.
*Proceedings of WSDM*, 399-408.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

import numpy as np
import pandas as pd

#: Top words per topic that the coherence and distinctness read.
QUALITY_WORDS = 10


def npmi_coherence(
    words_by_topic: Mapping[int, Sequence[str]], documents: Sequence[str], vectorizer
) -> dict[int, float]:
    """Mean NPMI over the pairs of each topic's words, co-occurrence counted per document.

    ``vectorizer`` is the fitted c-TF-IDF vectorizer (its vocabulary includes the words); a
    pair never seen together scores -1; a topic with fewer than two known words gets NaN.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import CountVectorizer
    >>> docs = ["a b", "a b", "c d", "c d"]
    >>> vec = CountVectorizer(token_pattern=r"\\w").fit(docs)
    >>> {k: round(v, 3) for k, v in npmi_coherence({0: ["a", "b"], 1: ["a", "c"]}, docs, vec).items()}
    {0: 1.0, 1: -1.0}
    """
    matrix = (vectorizer.transform(list(documents)) > 0).astype(np.float64).tocsc()
    n = matrix.shape[0]
    vocabulary = vectorizer.vocabulary_
    out = {}
    for topic, words in words_by_topic.items():
        columns = [vocabulary[w] for w in list(words)[:QUALITY_WORDS] if w in vocabulary]
        if len(columns) < 2 or n == 0:
            out[topic] = float("nan")
            continue
        block = matrix[:, columns]
        single = np.asarray(block.sum(axis=0)).ravel() / n
        joint = (block.T @ block).toarray() / n
        scores = []
        for i, j in combinations(range(len(columns)), 2):
            p_ij = joint[i, j]
            if p_ij <= 0:
                scores.append(-1.0)
            elif p_ij >= 1:
                scores.append(1.0)
            else:
                scores.append(np.log(p_ij / (single[i] * single[j])) / -np.log(p_ij))
        out[topic] = float(np.mean(scores))
    return out


def distinctness(words_by_topic: Mapping[int, Sequence[str]]) -> dict[int, float]:
    """Share of each topic's top words that no other topic has among its top words.

    Examples
    --------
    >>> distinctness({0: ["a", "b"], 1: ["b", "c"]})
    {0: 0.5, 1: 0.5}
    """
    tops = {t: list(dict.fromkeys(w))[:QUALITY_WORDS] for t, w in words_by_topic.items()}
    out = {}
    for topic, words in tops.items():
        others = set().union(*(set(w) for t, w in tops.items() if t != topic))
        out[topic] = float(np.mean([w not in others for w in words])) if words else float("nan")
    return out


def matched_stability(reference: Sequence[int], refits: Sequence[Sequence[int]]) -> pd.DataFrame:
    """Per topic of ``reference``: its best Jaccard overlap with a topic of each refit.

    Returns
    -------
    DataFrame
        ``topic``, ``stability`` (mean over refits of the best overlap), ``stability_min``;
        outliers (-1) left out. Empty without refits.

    Examples
    --------
    >>> matched_stability([0, 0, 1, 1], [[5, 5, 7, 7], [5, 5, 5, 7]]).round(3).values.tolist()
    [[0.0, 0.833, 0.667], [1.0, 0.75, 0.5]]
    """
    reference = np.asarray(reference)
    topics = sorted(set(reference.tolist()) - {-1})
    if not refits or not topics:
        return pd.DataFrame(columns=["topic", "stability", "stability_min"])
    best = np.zeros((len(topics), len(refits)))
    for k, refit in enumerate(refits):
        other = np.asarray(refit)
        for i, topic in enumerate(topics):
            members = reference == topic
            for candidate in set(other[members].tolist()) - {-1}:
                theirs = other == candidate
                union = np.sum(members | theirs)
                best[i, k] = max(best[i, k], np.sum(members & theirs) / union)
    return pd.DataFrame(
        {"topic": topics, "stability": best.mean(axis=1), "stability_min": best.min(axis=1)}
    )
