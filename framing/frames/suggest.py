"""Candidate terms for a frame, found in a corpus, for a researcher to accept or reject.

A fixed lexicon finds a fraction of a frame's sentences (the README's "Lexicon quality").
:func:`suggest_terms` proposes words and two-word phrases that the lexicon lacks, in two ways,
following computer-assisted keyword discovery (King, Lam & Roberts, 2017): a reference set
(sentences the lexicon already puts in the frame) is contrasted with the rest of the corpus,

- by **keyness**: the weighted log-odds ratio with an informative Dirichlet prior of each term
  in the frame's sentences against the others (Monroe, Colaresi & Quinn, 2008), so terms that
  co-occur with the frame's terms rank first;
- by **neighbourhood**: the cosine similarity of each term to the centroid of the frame's own
  terms in a TF-IDF → truncated SVD space fitted on the corpus (latent semantic analysis;
  Deerwester et al., 1990), offline, so terms used *like* the frame's terms rank high even
  where they never share a sentence with them.

Each candidate comes with sentences that use it and that the lexicon does **not** put in the
frame: what accepting it would add. Nothing is added automatically.

References
----------
Deerwester, S., Dumais, S. T., Furnas, G. W., Landauer, T. K., & Harshman, R. (1990). Indexing
by latent semantic analysis. *Journal of the American Society for Information Science*, 41(6),
391-407.

King, G., Lam, P., & Roberts, M. E. (2017). Computer-assisted keyword and document set
discovery from unstructured text. *American Journal of Political Science*, 61(4), 971-988.

Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: lexical feature
selection and evaluation for identifying the content of political conflict. *Political
Analysis*, 16(4), 372-403.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from framing.corpus.stopwords import stop_words
from framing.corpus.tokens import TERM_PATTERN
from framing.errors import ConfigError, InputError
from framing.frames.coverage import sentence_languages
from framing.frames.lexicon import Lexicon
from framing.frames.matching import match_frames
from framing.stats.keyness.statistics import log_odds_dirichlet

#: Columns of the suggestions table.
COLUMNS = (
    "frame",
    "language",
    "term",
    "z",
    "log_odds",
    "in_frame",
    "elsewhere",
    "similarity",
    "new_sentences",
    "examples",
)
#: Dimensions of the offline term space (fewer when the vocabulary is smaller).
SVD_COMPONENTS = 100


def suggest_terms(
    sentences: pd.DataFrame,
    lexicon: Lexicon,
    frame: str,
    *,
    documents: pd.DataFrame | None = None,
    top: int = 25,
    min_count: int = 3,
    examples: int = 2,
    random_state: int = 0,
) -> pd.DataFrame:
    """Terms the lexicon lacks that are typical of ``frame``'s sentences, per language.

    Parameters
    ----------
    sentences : DataFrame
        The ``sentences`` table (``doc_id``, ``sentence_id``, ``text``, ``start``; ``language``
        or ``documents`` for each sentence's language).
    lexicon : Lexicon
    frame : str
        The frame to extend.
    documents : DataFrame, optional
        The ``documents`` table, for the language of sentences without their own.
    top : int, default 25
        Candidates per language, by keyness (z) and by neighbourhood each.
    min_count : int, default 3
        Fewest sentences a candidate must occur in.
    examples : int, default 2
        Sentences shown per candidate (ones the lexicon does not put in the frame, if any).
    random_state : int, default 0
        Seed of the SVD.

    Returns
    -------
    DataFrame
        :data:`COLUMNS`: ``z`` and ``log_odds`` (frame's sentences vs the others), ``in_frame``
        and ``elsewhere`` (sentences using the term), ``similarity`` (cosine to the centroid of
        the frame's terms in the TF-IDF/SVD space), ``new_sentences`` (sentences using the term
        that the frame does not have yet) and ``examples`` (`` | ``-joined); sorted by language,
        then z. Languages in which the frame has no term or no hit give no rows.
    """
    if frame not in lexicon.frame_ids:
        raise ConfigError(
            f"frame {frame!r} is not in the lexicon; choose one of {', '.join(lexicon.frame_ids)}"
        )
    if top < 1 or min_count < 1:
        raise InputError("suggest: top and min_count must be at least 1")
    language = sentence_languages(sentences, documents if documents is not None else pd.DataFrame())
    sentences = sentences.assign(language=language.to_numpy()).reset_index(drop=True)
    hits = match_frames(sentences, lexicon)
    framed_ids = set(hits.loc[(hits["frame"] == frame) & ~hits["negated"], "sentence_id"])
    forms = lexicon.to_frame()
    forms = forms[(forms["frame"] == frame) & ~forms["exclusion"]]
    rows = []
    for code in sorted(set(forms["language"]) & set(sentences["language"])):
        here = sentences[sentences["language"] == code]
        known = set(forms.loc[forms["language"] == code, "form"].str.lower())
        rows += _suggest_language(
            here, framed_ids, known, frame, code, top, min_count, examples, random_state
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.sort_values(["language", "z"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )


def _suggest_language(here, framed_ids, known, frame, code, top, min_count, examples, seed):
    texts = here["text"].astype(str).tolist()
    framed = here["sentence_id"].isin(framed_ids).to_numpy()
    if framed.sum() < 2 or (~framed).sum() < 2:
        return []
    vectorizer = CountVectorizer(
        token_pattern=TERM_PATTERN,
        lowercase=True,
        ngram_range=(1, 2),
        stop_words=sorted(stop_words([code])) or None,
        min_df=min_count,
        binary=True,
    )
    try:
        counts = vectorizer.fit_transform(texts).tocsc()
    except ValueError:  # no term occurs in min_count sentences
        return []
    vocabulary = vectorizer.get_feature_names_out()
    in_frame = np.asarray(counts[framed].sum(axis=0)).ravel()
    elsewhere = np.asarray(counts[~framed].sum(axis=0)).ravel()
    total = in_frame + elsewhere
    prior = total / total.sum() * (total.sum() / len(texts))  # alpha0: terms per sentence
    delta, z = log_odds_dirichlet(in_frame, elsewhere, prior)
    similarity = _neighbour_similarity(counts, vocabulary, known, seed)
    # a candidate is new to the lexicon and would add sentences the frame does not have yet
    candidate = np.array(
        [any(c.isalpha() for c in term) and not _covered(term, known) for term in vocabulary]
    ) & (elsewhere > 0)
    by_z = [i for i in np.argsort(-z) if candidate[i] and z[i] > 0][:top]
    by_neighbour = [i for i in np.argsort(-similarity) if candidate[i] and similarity[i] > 0][:top]
    rows = []
    for i in dict.fromkeys([*by_z, *by_neighbour]):
        holders = counts[:, i].nonzero()[0]
        new = [j for j in holders if not framed[j]]
        shown = (new or holders.tolist())[:examples]
        rows.append(
            {
                "frame": frame,
                "language": code,
                "term": str(vocabulary[i]),
                "z": float(z[i]),
                "log_odds": float(delta[i]),
                "in_frame": int(in_frame[i]),
                "elsewhere": int(elsewhere[i]),
                "similarity": float(similarity[i]),
                "new_sentences": len(new),
                "examples": " | ".join(texts[j] for j in shown),
            }
        )
    return rows


def _covered(term: str, known: set[str]) -> bool:
    """Whether the lexicon has the term already (or a form of which it is a part)."""
    return term in known or any(term in form.split() or form in term for form in known)


def _neighbour_similarity(counts, vocabulary, known: set[str], seed: int) -> np.ndarray:
    """Cosine of each term to the centroid of the frame's own terms, in a TF-IDF/SVD space."""
    in_lexicon = [i for i, term in enumerate(vocabulary) if term in known]
    n_components = min(SVD_COMPONENTS, counts.shape[0] - 1, counts.shape[1] - 1)
    if not in_lexicon or n_components < 2:
        return np.zeros(len(vocabulary))
    weighted = TfidfTransformer().fit_transform(counts.tocsr())
    svd = TruncatedSVD(n_components=n_components, random_state=seed).fit(weighted)
    terms = svd.components_.T * svd.singular_values_  # one row per term
    norms = np.linalg.norm(terms, axis=1, keepdims=True)
    terms = np.divide(terms, norms, out=np.zeros_like(terms), where=norms > 0)
    centroid = terms[in_lexicon].mean(axis=0)
    size = np.linalg.norm(centroid)
    return terms @ (centroid / size) if size > 0 else np.zeros(len(vocabulary))
